// SPDX-License-Identifier: GPL-2.0
/*
 * ukl-bench: system call, fault and scheduling microbenchmarks in the
 * spirit of LEBench, for the same program on Linux and on UKL.
 *
 * One source, two builds (the bench rules of the top Makefile):
 *   gcc -static              runs as /init on a Linux kernel; it ends the
 *                            machine with reboot() (QEMU has -no-reboot);
 *   ukl-gcc -DUKL_BENCH_UKL  is linked into a UKL kernel and runs as PID 1
 *                            in ring 0; returning from main() ends the
 *                            machine (the kernel prints the exit line).
 *
 * Arguments come from the kernel command line after "--":
 *   mode=time|count   time: timed loops, one result line per operation;
 *                     count: a few iterations per operation, each single
 *                     operation between two marker instructions that the
 *                     QEMU plugin in bench/plugin counts between;
 *   iters=N           base iteration count of the time mode (default 1000;
 *                     heavy operations run N/div of it, at least 5);
 *   citers=N          iterations per operation in count mode (default 21);
 *   ops=a,b,c         run only these operations (default: all).
 *
 * Output, one line each, all starting with "bench: " (bench/driver parses
 * them): the environment ("env" lines of key=value words, "sys" lines of
 * one key whose value, from /sys, runs to the end of the line), the
 * operation id table, one result line per operation, and
 * "bench: done failed=N" last.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#ifdef UKL_BENCH_UKL
#define KERNEL_FLAVOUR "ukl"
#else
#define KERNEL_FLAVOUR "linux"
#endif

#define PAGE 4096L
#define TMPFS_MAGIC_NR 0x01021994
#define BENCH_FILE "/tmp/ukl-bench.data"
#define MAPPED_FILE "/tmp/ukl-bench.map"
#define MAX_SOCKS 1000
#define WARMUP 2

/*
 * The marker: "nopl DISP32(%rax)" (0f 1f 80 + 4 bytes).  It does nothing
 * at any privilege level, so the same binary marks regions at CPL3 (Linux)
 * and CPL0 (UKL).  The displacement is 0x554b (ASCII "UK") in the top half,
 * the kind (1 begin, 2 end) and the operation id below; bench/plugin
 * decodes it at translation time.  The id must be a constant in the
 * instruction, so every operation gets its own count function (OP_LIST).
 */
#define MARK_MAGIC 0x554b0000u
#define MARK_BEGIN 0x1000u
#define MARK_END 0x2000u
#define MARK(word) asm volatile("nopl %c0(%%rax)" : : "i"(word) : "memory")

/* Every operation: identifier, function, argument, iteration divisor. */
#define OP_LIST(X)                                       \
	X(ref, run_ref, 0, 1)                            \
	X(getppid, run_getppid, 0, 1)                    \
	X(clock_gettime, run_clock_gettime, 0, 1)        \
	X(write_null_1, run_write_null, 1, 1)            \
	X(write_null_4k, run_write_null, 4096, 1)        \
	X(write_null_64k, run_write_null, 65536, 4)      \
	X(read_zero_1, run_read_zero, 1, 1)              \
	X(read_zero_4k, run_read_zero, 4096, 1)          \
	X(read_zero_64k, run_read_zero, 65536, 4)        \
	X(write_tmpfs_1, run_write_tmpfs, 1, 1)          \
	X(write_tmpfs_4k, run_write_tmpfs, 4096, 1)      \
	X(write_tmpfs_64k, run_write_tmpfs, 65536, 4)    \
	X(read_tmpfs_1, run_read_tmpfs, 1, 1)            \
	X(read_tmpfs_4k, run_read_tmpfs, 4096, 1)        \
	X(read_tmpfs_64k, run_read_tmpfs, 65536, 4)      \
	X(mmap_1, run_mmap, 1, 1)                        \
	X(mmap_256, run_mmap, 256, 4)                    \
	X(fault_anon, run_fault_anon, 0, 1)              \
	X(fault_file, run_fault_file, 0, 1)              \
	X(fault_stack, run_fault_stack, 0, 1)            \
	X(thread_create, run_thread_create, 0, 10)       \
	X(pipe_pingpong, run_pipe_pingpong, 0, 2)        \
	X(futex_pingpong, run_futex_pingpong, 0, 2)      \
	X(unix_send_1, run_unix_send, 1, 1)              \
	X(unix_recv_1, run_unix_recv, 1, 1)              \
	X(unix_send_96000, run_unix_send, 96000, 10)     \
	X(unix_recv_96000, run_unix_recv, 96000, 10)     \
	X(select_10, run_select, 10, 1)                  \
	X(select_1000, run_select, 1000, 10)             \
	X(poll_10, run_poll, 10, 1)                      \
	X(poll_1000, run_poll, 1000, 10)                 \
	X(epoll_10, run_epoll, 10, 1)                    \
	X(epoll_1000, run_epoll, 1000, 1)                \
	X(sched_yield, run_sched_yield, 0, 1)

enum op_id {
#define X(name, fn, arg, div) OP_##name,
	OP_LIST(X)
#undef X
	OP_COUNT
};

/* State one operation shares between its setup, its loop and teardown. */
struct ctx {
	long arg;	/* the operation's argument: size, pages, fds */
	long n;		/* iterations, warm-up included */
	int fd, fd2;	/* files or socket ends */
	char *buf;	/* a buffer of at least 96000 bytes */
	char *map;	/* a mapping the fault operations touch */
	int err;	/* errno of the first failure, 0 if none */
	const char *what; /* the call that failed */
};

typedef void run_fn(struct ctx *c, long i);

static char iobuf[128 * 1024] __attribute__((aligned(4096)));
static int failed;

/* Console output goes straight out with write(2): no stdio buffer to lose
 * when the machine ends. */
static void out(const char *fmt, ...)
{
	char line[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(line) - 1)
		n = sizeof(line) - 1;
	if (n > 0 && write(1, line, n) < 0)
		failed++;
}

static void fail(struct ctx *c, const char *what)
{
	if (!c->err) {
		c->err = errno ? errno : EIO;
		c->what = what;
	}
}

static inline uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* ---- the operations: each run_* is one timed (or marked) operation ---- */

static void run_ref(struct ctx *c, long i)
{
	(void)c, (void)i;
}

static void run_getppid(struct ctx *c, long i)
{
	(void)c, (void)i;
	getppid();
}

static void run_clock_gettime(struct ctx *c, long i)
{
	struct timespec ts;

	(void)i;
	if (clock_gettime(CLOCK_MONOTONIC, &ts))
		fail(c, "clock_gettime");
}

static void run_write_null(struct ctx *c, long i)
{
	(void)i;
	if (write(c->fd, c->buf, c->arg) != c->arg)
		fail(c, "write /dev/null");
}

static void run_read_zero(struct ctx *c, long i)
{
	(void)i;
	if (read(c->fd, c->buf, c->arg) != c->arg)
		fail(c, "read /dev/zero");
}

/* The tmpfs file operations rewind before each iteration (untimed, see
 * prep()), so every read and write hits the same, existing pages. */
static void run_write_tmpfs(struct ctx *c, long i)
{
	(void)i;
	if (write(c->fd, c->buf, c->arg) != c->arg)
		fail(c, "write tmpfs");
}

static void run_read_tmpfs(struct ctx *c, long i)
{
	(void)i;
	if (read(c->fd, c->buf, c->arg) != c->arg)
		fail(c, "read tmpfs");
}

static void run_mmap(struct ctx *c, long i)
{
	void *p = mmap(NULL, c->arg * PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	(void)i;
	if (p == MAP_FAILED || munmap(p, c->arg * PAGE))
		fail(c, "mmap/munmap");
}

/* Iteration i touches page i of a mapping nobody has touched before. */
static void run_fault_anon(struct ctx *c, long i)
{
	*(volatile char *)(c->map + i * PAGE) = 1;
}

static void run_fault_file(struct ctx *c, long i)
{
	*(volatile char *)(c->map + i * PAGE) = 1;
}

/*
 * A stack page fault: point %rsp into a page that is not present yet and
 * store through it, as a deep call does.  On UKL the CPU then pushes the
 * page fault's frame onto that same missing page (CPL0, no stack switch),
 * so this takes the double fault path that the kernel turns back into a
 * page fault; on Linux it is an ordinary user page fault.  A fresh page
 * per iteration (from the top down, as a stack grows) keeps every
 * iteration identical without madvise(), which tinyconfig leaves out.
 */
static void run_fault_stack(struct ctx *c, long i)
{
	char *top = c->map + (c->n - i) * PAGE - 64;

	asm volatile("mov %%rsp, %%rbx\n\t"
		     "mov %0, %%rsp\n\t"
		     "movq $0, (%%rsp)\n\t"
		     "mov %%rbx, %%rsp"
		     : : "r"(top) : "rbx", "memory");
}

static void *thread_nop(void *arg)
{
	return arg;
}

static void run_thread_create(struct ctx *c, long i)
{
	pthread_t t;

	(void)i;
	if (pthread_create(&t, NULL, thread_nop, NULL) ||
	    pthread_join(t, NULL))
		fail(c, "pthread_create/join");
}

/* Ping-pong partner threads, started by setup and stopped by teardown. */
static pthread_t partner;
static int pipes[4];
static _Atomic int futex_word, futex_stop;

static void *pipe_partner(void *arg)
{
	char b;

	(void)arg;
	while (read(pipes[0], &b, 1) == 1 && b != 'q')
		if (write(pipes[3], &b, 1) != 1)
			break;
	return NULL;
}

static void run_pipe_pingpong(struct ctx *c, long i)
{
	char b = 'x';

	(void)i;
	if (write(pipes[1], &b, 1) != 1 || read(pipes[2], &b, 1) != 1)
		fail(c, "pipe ping-pong");
}

static long futex(_Atomic int *uaddr, int op, int val)
{
	return syscall(SYS_futex, uaddr, op | FUTEX_PRIVATE_FLAG, val, NULL,
		       NULL, 0);
}

/* The word is 1 while the partner's turn, 0 while the main thread's. */
static void *futex_partner(void *arg)
{
	(void)arg;
	for (;;) {
		while (atomic_load(&futex_word) == 0)
			futex(&futex_word, FUTEX_WAIT, 0);
		if (atomic_load(&futex_stop))
			return NULL;
		atomic_store(&futex_word, 0);
		futex(&futex_word, FUTEX_WAKE, 1);
	}
}

static void run_futex_pingpong(struct ctx *c, long i)
{
	(void)c, (void)i;
	atomic_store(&futex_word, 1);
	futex(&futex_word, FUTEX_WAKE, 1);
	while (atomic_load(&futex_word) == 1)
		futex(&futex_word, FUTEX_WAIT, 1);
}

static int recv_all(int fd, char *buf, long len)
{
	long got = 0;

	while (got < len) {
		ssize_t r = recv(fd, buf + got, len - got, 0);

		if (r <= 0)
			return -1;
		got += r;
	}
	return 0;
}

static void run_unix_send(struct ctx *c, long i)
{
	(void)i;
	if (send(c->fd, c->buf, c->arg, 0) != c->arg)
		fail(c, "send");
}

static void run_unix_recv(struct ctx *c, long i)
{
	(void)i;
	if (recv_all(c->fd2, c->buf, c->arg))
		fail(c, "recv");
}

/* The poll family watches arg sockets for input; none has any. */
static int socks[MAX_SOCKS];
static struct pollfd pfds[MAX_SOCKS];
static fd_set watch;
static int maxfd;

static void run_select(struct ctx *c, long i)
{
	struct timeval tv = { 0, 0 };
	fd_set r = watch;

	(void)i;
	if (select(maxfd + 1, &r, NULL, NULL, &tv) != 0)
		fail(c, "select");
}

static void run_poll(struct ctx *c, long i)
{
	(void)i;
	if (poll(pfds, c->arg, 0) != 0)
		fail(c, "poll");
}

static void run_epoll(struct ctx *c, long i)
{
	struct epoll_event ev[16];

	(void)i;
	if (epoll_wait(c->fd, ev, 16, 0) != 0)
		fail(c, "epoll_wait");
}

static void run_sched_yield(struct ctx *c, long i)
{
	(void)i;
	if (sched_yield())
		fail(c, "sched_yield");
}

/* ---- the table ---- */

struct op {
	const char *name;
	run_fn *run;
	run_fn *count;	/* run between the op's own markers */
	long arg;
	long div;
};

#define X(name, fn, arg, div)                                           \
	static void count_##name(struct ctx *c, long i)                 \
	{                                                               \
		MARK(MARK_MAGIC | MARK_BEGIN | OP_##name);              \
		fn(c, i);                                               \
		MARK(MARK_MAGIC | MARK_END | OP_##name);                \
	}
OP_LIST(X)
#undef X

static const struct op ops[OP_COUNT] = {
#define X(name, fn, arg, div) { #name, fn, count_##name, arg, div },
	OP_LIST(X)
#undef X
};

/* ---- setup and teardown per operation (never timed) ---- */

static int open_sockets(long n)
{
	long k;

	FD_ZERO(&watch);
	maxfd = 0;
	for (k = 0; k < n; k += 2) {
		if (socketpair(AF_UNIX, SOCK_STREAM, 0, socks + k))
			return -1;
	}
	for (k = 0; k < n; k++) {
		pfds[k].fd = socks[k];
		pfds[k].events = POLLIN;
		if (socks[k] >= FD_SETSIZE)
			return errno = EMFILE, -1;
		FD_SET(socks[k], &watch);
		if (socks[k] > maxfd)
			maxfd = socks[k];
	}
	return 0;
}

static void close_sockets(long n)
{
	long k;

	for (k = 0; k < n; k++)
		close(socks[k]);
}

static char *map_pages(long pages, int flags, int fd)
{
	void *p = mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE, flags, fd, 0);

	return p == MAP_FAILED ? NULL : p;
}

static int setup(enum op_id id, struct ctx *c)
{
	long k;

	c->fd = c->fd2 = -1;
	c->buf = iobuf;
	switch (id) {
	case OP_write_null_1: case OP_write_null_4k: case OP_write_null_64k:
		c->fd = open("/dev/null", O_WRONLY);
		return c->fd < 0 ? -1 : 0;
	case OP_read_zero_1: case OP_read_zero_4k: case OP_read_zero_64k:
		c->fd = open("/dev/zero", O_RDONLY);
		return c->fd < 0 ? -1 : 0;
	case OP_write_tmpfs_1: case OP_write_tmpfs_4k: case OP_write_tmpfs_64k:
	case OP_read_tmpfs_1: case OP_read_tmpfs_4k: case OP_read_tmpfs_64k:
		/* Present pages: the file is written in full first. */
		c->fd = open(BENCH_FILE, O_RDWR | O_CREAT | O_TRUNC, 0600);
		if (c->fd < 0 || write(c->fd, iobuf, 65536) != 65536)
			return -1;
		return 0;
	case OP_fault_anon:
		c->map = map_pages(c->n, MAP_PRIVATE | MAP_ANONYMOUS, -1);
		return c->map ? 0 : -1;
	case OP_fault_stack:
		c->map = map_pages(c->n, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1);
		return c->map ? 0 : -1;
	case OP_fault_file:
		/* The file's pages are in the page cache; the faults map them. */
		c->fd = open(MAPPED_FILE, O_RDWR | O_CREAT | O_TRUNC, 0600);
		if (c->fd < 0)
			return -1;
		for (k = 0; k < c->n; k++)
			if (write(c->fd, iobuf, PAGE) != PAGE)
				return -1;
		c->map = map_pages(c->n, MAP_SHARED, c->fd);
		return c->map ? 0 : -1;
	case OP_pipe_pingpong:
		if (pipe(pipes) || pipe(pipes + 2))
			return -1;
		return (errno = pthread_create(&partner, NULL, pipe_partner, NULL)) ? -1 : 0;
	case OP_futex_pingpong:
		atomic_store(&futex_word, 0);
		atomic_store(&futex_stop, 0);
		return (errno = pthread_create(&partner, NULL, futex_partner, NULL)) ? -1 : 0;
	case OP_unix_send_1: case OP_unix_recv_1:
	case OP_unix_send_96000: case OP_unix_recv_96000: {
		int sv[2];

		if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv))
			return -1;
		c->fd = sv[0];
		c->fd2 = sv[1];
		return 0;
	}
	case OP_select_10: case OP_select_1000:
	case OP_poll_10: case OP_poll_1000:
		return open_sockets(c->arg);
	case OP_epoll_10: case OP_epoll_1000:
		if (open_sockets(c->arg))
			return -1;
		c->fd = epoll_create1(0);
		if (c->fd < 0)
			return -1;
		for (k = 0; k < c->arg; k++) {
			struct epoll_event ev = { .events = EPOLLIN };

			ev.data.fd = socks[k];
			if (epoll_ctl(c->fd, EPOLL_CTL_ADD, socks[k], &ev))
				return -1;
		}
		return 0;
	default:
		return 0;
	}
}

/* Untimed work before iteration i. */
static void prep(enum op_id id, struct ctx *c, long i)
{
	(void)i;
	switch (id) {
	case OP_write_tmpfs_1: case OP_write_tmpfs_4k: case OP_write_tmpfs_64k:
	case OP_read_tmpfs_1: case OP_read_tmpfs_4k: case OP_read_tmpfs_64k:
		if (lseek(c->fd, 0, SEEK_SET))
			fail(c, "lseek");
		break;
	case OP_unix_recv_1: case OP_unix_recv_96000:
		if (send(c->fd, c->buf, c->arg, 0) != c->arg)
			fail(c, "send (recv prep)");
		break;
	default:
		break;
	}
}

/* Untimed work after iteration i. */
static void post(enum op_id id, struct ctx *c, long i)
{
	(void)i;
	if ((id == OP_unix_send_1 || id == OP_unix_send_96000) &&
	    recv_all(c->fd2, c->buf, c->arg))
		fail(c, "recv (send post)");
}

static void teardown(enum op_id id, struct ctx *c)
{
	char q = 'q';

	switch (id) {
	case OP_pipe_pingpong:
		if (write(pipes[1], &q, 1) != 1 || pthread_join(partner, NULL))
			fail(c, "pipe partner stop");
		for (int k = 0; k < 4; k++)
			close(pipes[k]);
		break;
	case OP_futex_pingpong:
		atomic_store(&futex_stop, 1);
		atomic_store(&futex_word, 1);
		futex(&futex_word, FUTEX_WAKE, 1);
		if (pthread_join(partner, NULL))
			fail(c, "futex partner stop");
		break;
	case OP_select_10: case OP_select_1000: case OP_poll_10:
	case OP_poll_1000: case OP_epoll_10: case OP_epoll_1000:
		close_sockets(c->arg);
		break;
	case OP_fault_anon: case OP_fault_file: case OP_fault_stack:
		if (c->map)
			munmap(c->map, c->n * PAGE);
		break;
	default:
		break;
	}
	if (c->fd >= 0)
		close(c->fd);
	if (c->fd2 >= 0)
		close(c->fd2);
	unlink(BENCH_FILE);
	unlink(MAPPED_FILE);
}

/* ---- statistics ---- */

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * LEBench's "k-best": in the sorted samples, the first of 5 consecutive
 * ones that lie within 5 % of each other.  It skips the few samples that
 * are fast for a reason that does not repeat, and settles where the
 * samples cluster.  0 when no such run exists.
 */
static uint64_t kbest(const uint64_t *s, long n)
{
	for (long k = 0; k + 4 < n; k++)
		if (s[k + 4] * 100 <= s[k] * 105)
			return s[k];
	return 0;
}

/* ---- the two modes ---- */

static long iters_for(enum op_id id, long base)
{
	long n = base / ops[id].div;

	return n < 5 ? 5 : n;
}

static void report_error(enum op_id id, struct ctx *c, const char *when)
{
	failed++;
	out("bench: op=%s error=%s when=%s what=%s\n", ops[id].name,
	    strerror(c->err ? c->err : errno), when, c->what ? c->what : "-");
}

static void time_op(enum op_id id, long base, uint64_t *samples)
{
	struct ctx c = { .arg = ops[id].arg };
	long n = iters_for(id, base), i;
	double sum = 0;
	uint64_t med;

	c.n = n + WARMUP;
	if (setup(id, &c)) {
		fail(&c, "setup");
		report_error(id, &c, "setup");
		teardown(id, &c);
		return;
	}
	for (i = 0; i < c.n && !c.err; i++) {
		uint64_t t0, t1;

		prep(id, &c, i);
		t0 = now_ns();
		ops[id].run(&c, i);
		t1 = now_ns();
		post(id, &c, i);
		if (i >= WARMUP)
			samples[i - WARMUP] = t1 - t0;
	}
	teardown(id, &c);
	if (c.err) {
		report_error(id, &c, "run");
		return;
	}
	for (i = 0; i < n; i++)
		sum += (double)samples[i];
	qsort(samples, n, sizeof(*samples), cmp_u64);
	med = n % 2 ? samples[n / 2] : (samples[n / 2 - 1] + samples[n / 2]) / 2;
	out("bench: op=%s n=%ld mean_ns=%.1f median_ns=%llu kbest_ns=%llu "
	    "min_ns=%llu max_ns=%llu\n", ops[id].name, n, sum / n,
	    (unsigned long long)med, (unsigned long long)kbest(samples, n),
	    (unsigned long long)samples[0], (unsigned long long)samples[n - 1]);
}

/* Count mode: the plugin reports each marked iteration; the guest only
 * says which operations ran, so the driver can tell a missing count. */
static void count_op(enum op_id id, long n)
{
	struct ctx c = { .arg = ops[id].arg };
	long i;

	c.n = n + WARMUP;
	if (setup(id, &c)) {
		fail(&c, "setup");
		report_error(id, &c, "setup");
		teardown(id, &c);
		return;
	}
	for (i = 0; i < c.n && !c.err; i++) {
		prep(id, &c, i);
		if (i < WARMUP)
			ops[id].run(&c, i);
		else
			ops[id].count(&c, i);
		post(id, &c, i);
	}
	teardown(id, &c);
	if (c.err)
		report_error(id, &c, "run");
	else
		out("bench: counted op=%s n=%ld\n", ops[id].name, n);
}

/* ---- environment ---- */

/* /tmp must be a tmpfs (the tmpfs operations), /dev must hold null and
 * zero, /sys tells the clock source and the mitigations.  Each mount is
 * skipped when already there, so a second run in the same boot works. */
static void prepare_fs(void)
{
	struct statfs sf;
	struct stat st;

	mkdir("/tmp", 01777);
	if (statfs("/tmp", &sf) || sf.f_type != TMPFS_MAGIC_NR)
		if (mount("tmpfs", "/tmp", "tmpfs", 0, "mode=1777"))
			out("bench: note=mount-tmp-failed errno=%d\n", errno);
	mkdir("/dev", 0755);
	if (stat("/dev/null", &st) || stat("/dev/zero", &st)) {
		if (mount("devtmpfs", "/dev", "devtmpfs", 0, NULL)) {
			mknod("/dev/null", S_IFCHR | 0666, makedev(1, 3));
			mknod("/dev/zero", S_IFCHR | 0666, makedev(1, 5));
		}
	}
	mkdir("/sys", 0755);
	if (stat("/sys/kernel", &st))
		mount("sysfs", "/sys", "sysfs", 0, NULL);
}

static void print_file(const char *key, const char *path)
{
	char v[256];
	int fd = open(path, O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, v, sizeof(v) - 1);

	if (fd >= 0)
		close(fd);
	if (n <= 0)
		return;
	while (n > 0 && (v[n - 1] == '\n' || v[n - 1] == ' '))
		n--;
	v[n] = 0;
	/* "sys" lines hold one key; its value is the rest of the line. */
	out("bench: sys %s=%s\n", key, v);
}

static void print_env(const char *mode, long iters, long citers)
{
	static const char *const vulns[] = {
		"meltdown", "spectre_v1", "spectre_v2", "spec_store_bypass",
		"mds", "tsx_async_abort", "mmio_stale_data", "l1tf", "retbleed",
		"spec_rstack_overflow", "gather_data_sampling",
		"reg_file_data_sampling",
	};
	struct utsname u;
	char key[64], path[128];

	uname(&u);
	out("bench: env kernel=%s flavour=%s mode=%s iters=%ld citers=%ld\n",
	    u.release, KERNEL_FLAVOUR, mode, iters, citers);
	/* Whether clock_gettime can take the vDSO: only with its address. */
	out("bench: env vdso=%s pid=%d\n", getauxval(AT_SYSINFO_EHDR) ? "yes" : "no",
	    (int)getpid());
	print_file("clocksource",
		   "/sys/devices/system/clocksource/clocksource0/current_clocksource");
	for (size_t k = 0; k < sizeof(vulns) / sizeof(vulns[0]); k++) {
		snprintf(key, sizeof(key), "vuln_%s", vulns[k]);
		snprintf(path, sizeof(path),
			 "/sys/devices/system/cpu/vulnerabilities/%s", vulns[k]);
		print_file(key, path);
	}
	for (int k = 0; k < OP_COUNT; k++)
		out("bench: opid=%d name=%s\n", k, ops[k].name);
}

/* ops=a,b,c: the selected operations; all when absent. */
static int select_ops(const char *list, unsigned char *want)
{
	char buf[1024], *save = NULL, *tok;

	if (!list) {
		memset(want, 1, OP_COUNT);
		return 0;
	}
	memset(want, 0, OP_COUNT);
	snprintf(buf, sizeof(buf), "%s", list);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		int k;

		for (k = 0; k < OP_COUNT && strcmp(ops[k].name, tok); k++)
			;
		if (k == OP_COUNT) {
			out("bench: error=unknown-op op=%s\n", tok);
			return -1;
		}
		want[k] = 1;
	}
	return 0;
}

static int finish(void)
{
	out("bench: done failed=%d\n", failed);
#ifndef UKL_BENCH_UKL
	/* As /init, returning would panic the kernel; reboot ends QEMU.
	 * Only as PID 1: run by hand on a host it must not reboot it. */
	if (getpid() == 1) {
		sync();
		reboot(RB_AUTOBOOT);
	}
#endif
	return failed ? 1 : 0;
}

int main(int argc, char **argv)
{
	const char *mode = "time", *list = NULL;
	long iters = 1000, citers = 21;
	unsigned char want[OP_COUNT];
	static uint64_t samples[1 << 16];
	struct rlimit rl;

	for (int k = 1; k < argc; k++) {
		if (!strncmp(argv[k], "mode=", 5))
			mode = argv[k] + 5;
		else if (!strncmp(argv[k], "iters=", 6))
			iters = atol(argv[k] + 6);
		else if (!strncmp(argv[k], "citers=", 7))
			citers = atol(argv[k] + 7);
		else if (!strncmp(argv[k], "ops=", 4))
			list = argv[k] + 4;
	}
	if (iters < 5 || iters > (long)(sizeof(samples) / sizeof(samples[0])))
		iters = 1000;
	if (citers < 1 || citers > 10000)
		citers = 21;
	if (strcmp(mode, "time") && strcmp(mode, "count")) {
		out("bench: error=unknown-mode mode=%s\n", mode);
		failed++;
		return finish();
	}

	/* 1000 sockets plus the console: more than the default 1024 fds. */
	if (!getrlimit(RLIMIT_NOFILE, &rl)) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	prepare_fs();
	print_env(mode, iters, citers);
	if (select_ops(list, want)) {
		failed++;
		return finish();
	}
	for (int k = 0; k < OP_COUNT; k++) {
		if (!want[k])
			continue;
		if (!strcmp(mode, "time"))
			time_op(k, iters, samples);
		else
			count_op(k, citers);
	}
	return finish();
}
