// SPDX-License-Identifier: GPL-2.0
/*
 * ukl-insn: a QEMU TCG plugin that counts the guest instructions executed
 * between the marker instructions of bench/ukl-bench.c, and among them the
 * expensive ones (system call entry and return, privileged and
 * serialising instructions).
 *
 *   qemu-system-x86_64 ... -plugin ukl-insn.so,out=PATH[,profile=on][,snapshot=FIFO]
 *
 * A marker is "nopl DISP32(%rax)" (0f 1f 80 + disp32) whose displacement
 * holds 0x554b in its top 16 bits, the kind (0x1000 begin, 0x2000 end) and
 * the operation id (low 12 bits).  It is a no-op at CPL3 and CPL0, so the
 * same marker works in a Linux process and in a UKL application.
 *
 * For every END that closes a BEGIN of the same id, one line goes to PATH:
 *
 *   region op=ID insns=N syscall=N sysret=N iretq=N swapgs=N ...
 *
 * The counts cover every instruction the (single) vCPU executed in between,
 * in the application and in the kernel: the system call path, interrupts,
 * other threads the scheduler ran.  Markers themselves are not counted.
 * An instruction that faults is counted each time it is attempted (the
 * faulting try and the retry after the fault handler).
 *
 * Counting is inline (a counter add per instruction, no helper call), so
 * the plugin costs little, and exact as long as only one vCPU runs: the
 * bench boots with -smp 1.
 *
 * With profile=on, the plugin also says where each region spent its
 * instructions: after its "region" line, one line per translation block
 * run inside it, "tb vaddr=0x... insns=N", for bench/driver's "profile"
 * command, which maps the addresses to symbols.  A block is attributed
 * whole when it starts inside a region; this is approximate at the edges
 * of regions and where a fault cuts a block short, which the exact counts
 * above are not.
 *
 * With snapshot=FIFO, a thread of the plugin reads lines from the named
 * pipe FIFO (bench/servers writes one before and one after a measured
 * stretch of load on an unmodified server, which has no markers), and for
 * each line LABEL writes the running totals:
 *
 *   snapshot label=LABEL insns=N syscall=N ...
 *
 * The difference of two snapshots is what the whole guest executed in
 * between.  The totals are read while the vCPU runs, so a snapshot is
 * exact to within the translation block being executed.
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

#define MARK_MAGIC 0x554b0000u
#define MARK_BEGIN 0x1000u
#define MARK_END 0x2000u
#define MARK_ID_MASK 0x0fffu

/* The expensive instruction classes, in the order of the output line. */
enum insn_class {
	C_SYSCALL, C_SYSRET, C_IRETQ, C_SWAPGS, C_MOV_CR3, C_WRMSR, C_RDMSR,
	C_VERW, C_LFENCE, C_CLI, C_STI, C_POPF, N_CLASSES
};

static const char *const class_names[N_CLASSES] = {
	"syscall", "sysret", "iretq", "swapgs", "mov_cr3", "wrmsr", "rdmsr",
	"verw", "lfence", "cli", "sti", "popf",
};

/* Running totals, bumped by inline ops in the translated code. */
static uint64_t insns;
static uint64_t classes[N_CLASSES];

/* The open region: its id and the totals at its BEGIN. */
static int open_id = -1;
static uint64_t begin_insns, begin_classes[N_CLASSES];

/* out is shared by the vCPU thread and the snapshot thread. */
static FILE *out;
static pthread_mutex_t out_lock = PTHREAD_MUTEX_INITIALIZER;
static uint64_t regions, unmatched;
static char *snapshot_path;

/* profile=on: one of these per translated block, kept until exit. */
struct tb_prof {
	uint64_t vaddr;
	uint64_t insns;		/* instructions of the block */
	uint64_t in_region;	/* instructions run inside the open region */
};
static bool profile;
/* The blocks that ran in the open region, each once. */
static struct tb_prof **touched;
static size_t n_touched, max_touched;

static int is_legacy_prefix(uint8_t b)
{
	switch (b) {
	case 0x26: case 0x2e: case 0x36: case 0x3e: case 0x64: case 0x65:
	case 0x66: case 0x67: case 0xf0: case 0xf2: case 0xf3:
		return 1;
	default:
		return 0;
	}
}

/* The class of an instruction from its bytes, or -1 for all others. */
static int classify(const uint8_t *b, size_t n)
{
	size_t k = 0;
	int rex_w = 0;
	uint8_t op, modrm, reg;

	while (k < n && is_legacy_prefix(b[k]))
		k++;
	if (k < n && (b[k] & 0xf0) == 0x40) {
		rex_w = b[k] & 0x08;
		k++;
	}
	if (k >= n)
		return -1;
	switch (b[k]) {
	case 0xfa:
		return C_CLI;
	case 0xfb:
		return C_STI;
	case 0x9d:
		return C_POPF;
	case 0xcf:
		/* Without REX.W this would be a 32-bit iret. */
		return rex_w ? C_IRETQ : -1;
	case 0x0f:
		break;
	default:
		return -1;
	}
	if (k + 1 >= n)
		return -1;
	op = b[k + 1];
	switch (op) {
	case 0x05:
		return C_SYSCALL;
	case 0x07:
		return C_SYSRET;
	case 0x30:
		return C_WRMSR;
	case 0x32:
		return C_RDMSR;
	}
	if (k + 2 >= n)
		return -1;
	modrm = b[k + 2];
	reg = (modrm >> 3) & 7;
	switch (op) {
	case 0x00: /* group 6: /5 is verw */
		return reg == 5 ? C_VERW : -1;
	case 0x01: /* group 7: f8 is swapgs */
		return modrm == 0xf8 ? C_SWAPGS : -1;
	case 0x22: /* mov to a control register; reg is the register */
		return reg == 3 ? C_MOV_CR3 : -1;
	case 0xae: /* group 15: register forms e8..ef are lfence */
		return modrm >= 0xe8 && modrm <= 0xef ? C_LFENCE : -1;
	default:
		return -1;
	}
}

/* The marker word of a "nopl disp32(%rax)" with our magic, or 0. */
static uint32_t marker_word(const uint8_t *b, size_t n)
{
	uint32_t disp;

	if (n != 7 || b[0] != 0x0f || b[1] != 0x1f || b[2] != 0x80)
		return 0;
	memcpy(&disp, b + 3, 4); /* x86 is little-endian, like the host */
	if ((disp & 0xffff0000u) != MARK_MAGIC || !(disp & (MARK_BEGIN | MARK_END)))
		return 0;
	return disp;
}

static void on_marker(unsigned int vcpu, void *udata)
{
	uint32_t word = (uint32_t)(uintptr_t)udata;
	int id = word & MARK_ID_MASK;

	(void)vcpu;
	if (word & MARK_BEGIN) {
		for (size_t k = 0; k < n_touched; k++)
			touched[k]->in_region = 0;
		n_touched = 0;
		open_id = id;
		begin_insns = insns;
		memcpy(begin_classes, classes, sizeof(classes));
		return;
	}
	if (open_id != id) {
		unmatched++;
		return;
	}
	open_id = -1;
	regions++;
	pthread_mutex_lock(&out_lock);
	fprintf(out, "region op=%d insns=%" PRIu64, id, insns - begin_insns);
	for (int c = 0; c < N_CLASSES; c++)
		fprintf(out, " %s=%" PRIu64, class_names[c],
			classes[c] - begin_classes[c]);
	fputc('\n', out);
	for (size_t k = 0; k < n_touched; k++) {
		fprintf(out, "tb vaddr=0x%" PRIx64 " insns=%" PRIu64 "\n",
			touched[k]->vaddr, touched[k]->in_region);
		touched[k]->in_region = 0;
	}
	pthread_mutex_unlock(&out_lock);
	n_touched = 0;
}

/*
 * snapshot=FIFO: one line of totals per line read.  The counters are
 * bumped by the vCPU thread's translated code without a lock; a relaxed
 * 64-bit load sees a value at most one block old.
 */
static void *snapshot_thread(void *arg)
{
	char line[128];
	FILE *fifo = fopen(snapshot_path, "r");	/* waits for the writer */

	(void)arg;
	if (!fifo) {
		perror(snapshot_path);
		return NULL;
	}
	while (fgets(line, sizeof(line), fifo)) {
		line[strcspn(line, " \t\r\n")] = '\0';
		pthread_mutex_lock(&out_lock);
		if (out) {
			fprintf(out, "snapshot label=%s insns=%" PRIu64, line,
				__atomic_load_n(&insns, __ATOMIC_RELAXED));
			for (int c = 0; c < N_CLASSES; c++)
				fprintf(out, " %s=%" PRIu64, class_names[c],
					__atomic_load_n(&classes[c], __ATOMIC_RELAXED));
			fputc('\n', out);
			fflush(out);
		}
		pthread_mutex_unlock(&out_lock);
	}
	fclose(fifo);
	return NULL;
}

static void on_tb_exec(unsigned int vcpu, void *udata)
{
	struct tb_prof *p = udata;

	(void)vcpu;
	if (open_id < 0)
		return;
	if (!p->in_region) {
		if (n_touched == max_touched) {
			size_t n = max_touched ? 2 * max_touched : 1024;
			struct tb_prof **t = realloc(touched, n * sizeof(*t));

			if (!t)
				return;
			touched = t;
			max_touched = n;
		}
		touched[n_touched++] = p;
	}
	p->in_region += p->insns;
}

static void on_tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	size_t n = qemu_plugin_tb_n_insns(tb);

	(void)id;
	if (profile) {
		/* A block translated again gets a second entry; the driver
		 * adds them up by address.  Never freed: QEMU may run an
		 * old translation as long as the plugin lives. */
		struct tb_prof *p = calloc(1, sizeof(*p));

		if (p) {
			p->vaddr = qemu_plugin_tb_vaddr(tb);
			p->insns = n;
			qemu_plugin_register_vcpu_tb_exec_cb(tb, on_tb_exec,
				QEMU_PLUGIN_CB_NO_REGS, p);
		}
	}
	for (size_t i = 0; i < n; i++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
		const uint8_t *b = qemu_plugin_insn_data(insn);
		size_t len = qemu_plugin_insn_size(insn);
		uint32_t word = marker_word(b, len);
		int c;

		if (word) {
			qemu_plugin_register_vcpu_insn_exec_cb(insn, on_marker,
				QEMU_PLUGIN_CB_NO_REGS, (void *)(uintptr_t)word);
			continue;
		}
		qemu_plugin_register_vcpu_insn_exec_inline(insn,
			QEMU_PLUGIN_INLINE_ADD_U64, &insns, 1);
		c = classify(b, len);
		if (c >= 0)
			qemu_plugin_register_vcpu_insn_exec_inline(insn,
				QEMU_PLUGIN_INLINE_ADD_U64, &classes[c], 1);
	}
}

static void on_qemu_exit(qemu_plugin_id_t id, void *udata)
{
	(void)id, (void)udata;
	pthread_mutex_lock(&out_lock);
	fprintf(out, "# regions=%" PRIu64 " unmatched=%" PRIu64
		" total_insns=%" PRIu64 "\n", regions, unmatched, insns);
	fclose(out);
	out = NULL;
	pthread_mutex_unlock(&out_lock);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
					   const qemu_info_t *info,
					   int argc, char **argv)
{
	const char *path = NULL;

	for (int i = 0; i < argc; i++) {
		if (!strncmp(argv[i], "out=", 4)) {
			path = argv[i] + 4;
		} else if (!strncmp(argv[i], "snapshot=", 9)) {
			snapshot_path = strdup(argv[i] + 9);
		} else if (!strncmp(argv[i], "profile=", 8)) {
			if (!qemu_plugin_bool_parse("profile", argv[i] + 8, &profile)) {
				fprintf(stderr, "ukl-insn: bad '%s'\n", argv[i]);
				return -1;
			}
		} else {
			fprintf(stderr, "ukl-insn: unknown argument '%s'\n", argv[i]);
			return -1;
		}
	}
	if (!path) {
		fprintf(stderr, "ukl-insn: out=PATH is required\n");
		return -1;
	}
	/* Inline counters are per plugin, not per vCPU: one vCPU only. */
	if (info->system_emulation && info->system.smp_vcpus != 1) {
		fprintf(stderr, "ukl-insn: needs exactly 1 vCPU (-smp 1)\n");
		return -1;
	}
	out = fopen(path, "w");
	if (!out) {
		perror(path);
		return -1;
	}
	qemu_plugin_register_vcpu_tb_trans_cb(id, on_tb_trans);
	qemu_plugin_register_atexit_cb(id, on_qemu_exit, NULL);
	if (snapshot_path) {
		pthread_t t;

		if (pthread_create(&t, NULL, snapshot_thread, NULL)) {
			fprintf(stderr, "ukl-insn: cannot start the snapshot thread\n");
			return -1;
		}
		pthread_detach(t);
	}
	return 0;
}
