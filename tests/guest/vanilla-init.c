// SPDX-License-Identifier: GPL-2.0
/*
 * /init for the vanilla boot test: checks that the kernel under test runs an
 * ordinary static program correctly, reports TAP on the console, then reboots
 * (QEMU runs with -no-reboot, so that ends the run).
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"

static void test_console_write(void)
{
	static const char msg[] = "# console write from /init\n";

	tap_ok(write(1, msg, sizeof(msg) - 1) == sizeof(msg) - 1,
	       "console write", NULL);
}

static void test_getppid(void)
{
	/* The kernel itself starts init: its parent pid reads as 0. */
	tap_ok(getpid() == 1 && getppid() == 0, "getpid is 1, getppid is 0",
	       NULL);
}

static void test_mmap(void)
{
	size_t len = 16 * 4096;
	unsigned char *p;
	size_t i;
	int good = 1;

	p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		tap_ok(0, "mmap/munmap anonymous memory", strerror(errno));
		return;
	}
	for (i = 0; i < len; i += 4096)
		good &= p[i] == 0;
	for (i = 0; i < len; i += 4096)
		p[i] = (unsigned char)i;
	for (i = 0; i < len; i += 4096)
		good &= p[i] == (unsigned char)i;
	good &= munmap(p, len) == 0;
	tap_ok(good, "mmap/munmap anonymous memory", NULL);
}

static void test_tmpfs_file(void)
{
	static const char data[] = "round trip through tmpfs";
	char buf[64] = { 0 };
	int fd, good;

	mkdir("/tmp", 0755);
	if (mount("tmpfs", "/tmp", "tmpfs", 0, NULL) != 0) {
		tap_ok(0, "file round trip on tmpfs", strerror(errno));
		return;
	}
	fd = open("/tmp/f", O_CREAT | O_RDWR | O_TRUNC, 0600);
	good = fd >= 0 && write(fd, data, sizeof(data)) == sizeof(data) &&
	       lseek(fd, 0, SEEK_SET) == 0 &&
	       read(fd, buf, sizeof(buf)) == sizeof(data) &&
	       memcmp(buf, data, sizeof(data)) == 0 && close(fd) == 0 &&
	       unlink("/tmp/f") == 0;
	tap_ok(good, "file round trip on tmpfs", strerror(errno));
}

static void test_exit_status(void)
{
	int status = 0;
	pid_t pid = fork();

	if (pid == 0)
		_exit(42);
	tap_ok(pid > 0 && waitpid(pid, &status, 0) == pid &&
	       WIFEXITED(status) && WEXITSTATUS(status) == 42,
	       "child exit status reaches waitpid", NULL);
}

int main(void)
{
	tap_plan(5);
	test_console_write();
	test_getppid();
	test_mmap();
	test_tmpfs_file();
	test_exit_status();
	tap_printf("vanilla-init: %d failed\n", tap_failed);
	sync();
	reboot(RB_AUTOBOOT);
	return 1;
}
