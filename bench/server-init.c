// SPDX-License-Identifier: GPL-2.0
/*
 * /init of the Linux guests of the server benchmarks (bench/servers.cc):
 * runs the server named by its arguments (the kernel command line after
 * "--") as an ordinary process, the way a distribution runs it, and when
 * the server exits prints its status in one line and powers off.
 *
 *   ... -- /bin/redis-server /etc/redis.conf
 */
#include <stdio.h>
#include <sys/reboot.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int status = 0;
	pid_t pid;

	if (argc < 2) {
		fprintf(stderr, "server-init: no server named after '--'\n");
	} else if ((pid = fork()) == 0) {
		execv(argv[1], argv + 1);
		perror("server-init: execv");
		_exit(127);
	} else if (pid < 0 || waitpid(pid, &status, 0) < 0) {
		perror("server-init");
	} else if (WIFEXITED(status)) {
		printf("server-init: %s exited with status %d\n", argv[1], WEXITSTATUS(status));
	} else {
		printf("server-init: %s ended by signal %d\n", argv[1], WTERMSIG(status));
	}
	fflush(stdout);
	sync();
	reboot(RB_POWER_OFF);
	return 1;
}
