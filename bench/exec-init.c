// SPDX-License-Identifier: GPL-2.0
/*
 * The UKL application of the "linux-on-ukl" benchmark variant: it replaces
 * itself with /init of the initramfs (the benchmark built for Linux), which
 * then runs as an ordinary CPL3 process on a CONFIG_UKL=y kernel.  Compared
 * with "linux", that measures what CONFIG_UKL costs processes that are not
 * the application (uaccess, entry and fault paths).
 */
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	(void)argc;
	argv[0] = "/init";
	execv("/init", argv);
	perror("exec-init: execv /init");
	return 127;
}
