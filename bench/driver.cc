// SPDX-License-Identifier: GPL-2.0
//
// bench/driver: boots every variant of bench/variants.tsv with the
// benchmark, parses the guest logs and the plugin's region files, and
// writes the report of one run to build/bench/<run>/.
//
//   driver run   [options]   time and count runs of every variant; writes
//                            results.csv, results.md, plots (gnuplot)
//   driver smoke [options]   few iterations on a few variants, then checks
//                            that every operation has a time and a count
//                            and that the count runs agree; PASS or FAIL
//   driver profile --ops OP  where OP spends its instructions on each
//                            variant: functions, from the plugin's
//                            per-block counts and the kernels' System.map
//
// Each variant is booted by scripts/run-qemu.sh: once for time (no plugin,
// the accelerator the runner picks) and --count-runs times with the TCG
// plugin bench/plugin/ukl-insn.so, under run-qemu.sh --icount (TCG with
// guest time derived from the instruction count, so that timer interrupts
// and the scheduler's decisions fall on the same instructions in every
// boot, and two count runs agree).  The
// kernels come from scripts/build-kernel.sh, which rebuilds only what
// changed.  Progress is one line per step.
#include <CLI/CLI.hpp>
#include <fmt/core.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <utility>
#include <vector>

#include "util.h"

namespace {

// The plugin's expensive-instruction classes, in its output order.
const std::vector<std::string> kClasses = {
	"syscall", "sysret", "iretq", "swapgs", "mov_cr3", "wrmsr", "rdmsr",
	"verw", "lfence", "cli", "sti", "popf",
};
constexpr size_t kCols = 13; // instructions, then the classes

using Counts = std::array<uint64_t, kCols>;

// Kernel arguments of every boot, before the variant's own: no address
// space randomisation, so that buffer and stack addresses (and with them
// the alignment work of copies, and page table boundaries) are the same in
// every boot.
const char *const kCommonArgs = "norandmaps";

struct TimeStat {
	long n = 0;
	double mean = 0, median = 0, kbest = 0, min = 0, max = 0;
	std::string run_medians; // the median of each time boot, "a;b;c"
};

struct CountStat {
	std::vector<Counts> samples; // one per marked iteration
	Counts value{};              // the reported per-operation count
	Counts lo{}, hi{};           // smallest and largest sample
};

// What one boot of the benchmark told.
struct Boot {
	std::map<std::string, std::string> env; // "bench: env k=v"
	std::vector<std::string> ops;           // id order
	std::map<std::string, TimeStat> time;
	std::map<std::string, long> counted;    // "bench: counted op=x n=N"
	std::map<std::string, CountStat> counts;
	std::vector<std::string> errors;
	std::optional<int> failed;              // "bench: done failed=N"
};

struct VariantResult {
	Boot time;
	std::vector<Boot> count; // one per count run
};

struct Options {
	std::string top, variants = "bench/variants.tsv", run, only, ops, lock;
	std::string command, mem = "512M";
	long iters = 1000, citers = 21, timeout = 900;
	int count_runs = 1, time_runs = 3;
	bool build = true;
	bool smoke = false;
	bool profile = false;
	int top_n = 25;
};

// "k=v k=v" tokens after "bench: " or "region ".
std::map<std::string, std::string> fields(const std::string &s)
{
	std::map<std::string, std::string> f;
	std::istringstream in(s);
	std::string tok;

	while (in >> tok) {
		size_t eq = tok.find('=');
		if (eq != std::string::npos)
			f[tok.substr(0, eq)] = tok.substr(eq + 1);
	}
	return f;
}

Boot parse_log(const fs::path &log)
{
	Boot b;
	std::ifstream in(log);
	std::string line;

	while (std::getline(in, line)) {
		size_t at = line.find("bench: ");
		if (at == std::string::npos)
			continue;
		std::string rest = trim(line.substr(at + 7));
		auto f = fields(rest);
		if (rest.rfind("env ", 0) == 0) {
			for (const auto &[k, v] : f)
				b.env[k] = v;
		} else if (rest.rfind("sys ", 0) == 0 && rest.find('=') != std::string::npos) {
			size_t eq = rest.find('=');
			b.env[rest.substr(4, eq - 4)] = rest.substr(eq + 1);
		} else if (f.count("opid") && f.count("name")) {
			size_t id = std::stoul(f["opid"]);
			if (b.ops.size() <= id)
				b.ops.resize(id + 1);
			b.ops[id] = f["name"];
		} else if (f.count("error")) {
			b.errors.push_back(rest);
		} else if (rest.rfind("counted ", 0) == 0) {
			b.counted[f["op"]] = std::stol(f["n"]);
		} else if (f.count("op") && f.count("median_ns")) {
			TimeStat t;
			t.n = std::stol(f["n"]);
			t.mean = std::stod(f["mean_ns"]);
			t.median = std::stod(f["median_ns"]);
			t.kbest = std::stod(f["kbest_ns"]);
			t.min = std::stod(f["min_ns"]);
			t.max = std::stod(f["max_ns"]);
			b.time[f["op"]] = t;
		} else if (rest.rfind("done ", 0) == 0) {
			b.failed = std::stoi(f["failed"]);
		}
	}
	return b;
}

/*
 * Several time boots of one variant: per operation, the boot with the
 * lowest median stands for all, with its mean and kbest.  Other work on
 * the host only ever adds time (the time boots of this machine's runs
 * differ by tens of percent while a build runs beside them), so the
 * quietest boot is the best estimate.  Everything else is the first
 * boot's.
 */
Boot merge_time(const std::vector<Boot> &boots)
{
	Boot m = boots.front();

	for (size_t k = 1; k < boots.size(); k++) {
		m.errors.insert(m.errors.end(), boots[k].errors.begin(), boots[k].errors.end());
		if (!boots[k].failed)
			m.failed.reset();
		else if (m.failed)
			m.failed = std::max(*m.failed, *boots[k].failed);
	}
	for (auto &[op, t] : m.time) {
		std::vector<TimeStat> all;
		for (const auto &b : boots)
			if (b.time.count(op))
				all.push_back(b.time.at(op));
		std::string runs;
		for (const auto &x : all)
			runs += (runs.empty() ? "" : ";") + fmt::format("{:.0f}", x.median);
		std::sort(all.begin(), all.end(),
			  [](const TimeStat &a, const TimeStat &b) { return a.median < b.median; });
		t = all.front();
		t.run_medians = runs;
	}
	return m;
}

/*
 * The per-operation count is the median of the marked iterations, taken
 * for each column on its own.  A timer interrupt or a wakeup of another
 * task lands in a few iterations and adds its instructions to them only;
 * the median skips those few, where a mean would not and a minimum would
 * hide a slow path that every other iteration takes.
 */
void reduce(CountStat &c)
{
	for (size_t col = 0; col < kCols; col++) {
		std::vector<uint64_t> v;
		for (const auto &s : c.samples)
			v.push_back(s[col]);
		std::sort(v.begin(), v.end());
		c.value[col] = v[v.size() / 2];
		c.lo[col] = v.front();
		c.hi[col] = v.back();
	}
}

void parse_regions(const fs::path &file, Boot &b)
{
	std::ifstream in(file);
	std::string line;

	while (std::getline(in, line)) {
		if (line.rfind("region ", 0) != 0)
			continue;
		auto f = fields(line);
		size_t id = std::stoul(f["op"]);
		if (id >= b.ops.size() || b.ops[id].empty()) {
			b.errors.push_back(fmt::format("region for unknown op id {}", id));
			continue;
		}
		Counts c{};
		c[0] = std::stoull(f["insns"]);
		for (size_t k = 0; k < kClasses.size(); k++)
			c[k + 1] = std::stoull(f[kClasses[k]]);
		b.counts[b.ops[id]].samples.push_back(c);
	}
	for (auto &[op, c] : b.counts)
		reduce(c);
}

std::vector<std::string> op_order(const std::map<std::string, VariantResult> &res,
				  const std::vector<Variant> &vs);

class Driver {
public:
	explicit Driver(Options o) : opt(std::move(o))
	{
		top = fs::absolute(opt.top.empty() ? fs::current_path() : fs::path(opt.top));
		bench = top / "build/bench";
		if (opt.run.empty()) {
			char buf[32];
			std::time_t t = std::time(nullptr);
			std::strftime(buf, sizeof(buf), "%Y%m%d-%H%M%S", std::localtime(&t));
			opt.run = buf;
		}
		rundir = bench / opt.run;
		// A run name used again: no guest logs of the last run stay.
		fs::remove_all(rundir / "logs");
		fs::create_directories(rundir / "logs");
		variants = load_variants(top / opt.variants, opt.only);
	}

	int main();

private:
	Options opt;
	fs::path top, bench, rundir;
	std::vector<Variant> variants;
	std::map<std::string, VariantResult> results;
	std::map<std::string, fs::path> kernels;
	std::string accel_time;
	// The plots: file name stem and title.
	std::vector<std::pair<std::string, std::string>> plots;

	// A UKL kernel with the benchmark linked in is kept as
	// build/images/<config>/ukl-bench, beside the other applications'
	// kernels of that configuration; the image depends on nothing else.
	// "ukl" links the benchmark into the kernel; "exec" links
	// bench/exec-init.c, which execs the Linux benchmark as /init.
	static bool linked(const Variant &v) { return v.app != "linux"; }
	static std::string image(const Variant &v)
	{
		return v.app == "exec" ? "ukl-exec-init" : "ukl-bench";
	}

	fs::path kernel_of(const Variant &v) const
	{
		if (linked(v))
			return top / "build/images" / v.config / image(v);
		return top / "build" / v.config / "arch/x86/boot/bzImage";
	}

	// The symbols of the kernel (and of a UKL application in it).
	fs::path map_of(const Variant &v) const
	{
		if (linked(v))
			return top / "build/images" / v.config / (image(v) + ".map");
		return top / "build" / v.config / "System.map";
	}

	fs::path initrd_of(const Variant &v) const
	{
		return bench / (v.app == "ukl" ? "ukl.cpio" : "linux.cpio");
	}

	void build(const Variant &v);
	bool boot(const Variant &v, const std::string &kind, int k, Boot &out);
	void write_report();
	void write_csv();
	void write_markdown();
	void write_plots();
	int check_smoke();
	int profile_main();
	void print_summary();
	std::string header_table();
};

void Driver::build(const Variant &v)
{
	fs::path out = rundir / fmt::format("build-{}.out", v.name);
	std::vector<std::string> argv;

	if (!opt.lock.empty())
		argv = { "flock", opt.lock };
	argv.push_back((top / "scripts/build-kernel.sh").string());
	argv.push_back(v.config);
	if (linked(v))
		argv.push_back("UKL_APP=" + (bench / (v.app == "exec" ? "exec-init.a" : "ukl-bench.a")).string());
	step("BENCH", fmt::format("kernel {} (configs/{}.config, {} app)", v.name, v.config, v.app));
	fs::remove(out);
	if (spawn(argv, out) != 0) {
		show_tail(out, 40);
		die(fmt::format("kernel build for variant {} failed", v.name));
	}
	// build/<config> is shared (tests relink build/ukl with other apps):
	// keep this variant's image right away.
	if (linked(v)) {
		fs::create_directories(kernel_of(v).parent_path());
		fs::copy_file(top / "build" / v.config / "arch/x86/boot/bzImage",
			      kernel_of(v), fs::copy_options::overwrite_existing);
		fs::copy_file(top / "build" / v.config / "System.map", map_of(v),
			      fs::copy_options::overwrite_existing);
	}
}

// One boot: kind "time" or "count" (k = the count run, from 1).
bool Driver::boot(const Variant &v, const std::string &kind, int k, Boot &out)
{
	std::string name = fmt::format("bench-{}-{}", v.name,
				       kind == "time" ? fmt::format("time{}", k)
				       : opt.profile ? std::string("profile") : fmt::format("count{}", k));
	fs::path qout = rundir / (name + ".out");
	fs::path regions = rundir / (name + ".regions");
	fs::path log = top / "build/logs" / (name + ".log");
	std::string guest = kind == "time" ? fmt::format("mode=time iters={}", opt.iters)
					   : fmt::format("mode=count citers={}", opt.citers);
	std::vector<std::string> argv = {
		(top / "scripts/run-qemu.sh").string(), "--name", name, "--smp", "1",
		"--mem", opt.mem, "--timeout", std::to_string(opt.timeout),
		"--kernel", kernel_of(v).string(), "--initrd", initrd_of(v).string(),
	};

	if (!opt.ops.empty())
		guest += " ops=" + opt.ops;
	argv.push_back("--append");
	argv.push_back(trim(fmt::format("{} {} -- {}", kCommonArgs, v.args, guest)));
	// The verdict: the guest got to its last line; errors are judged here.
	argv.push_back("--expect");
	argv.push_back(v.app == "ukl" ? "ukl: application exited with status" : "bench: done");
	if (kind == "count") {
		argv.push_back("--icount");
		argv.push_back("--qemu-arg");
		argv.push_back("-plugin");
		argv.push_back("--qemu-arg");
		argv.push_back(fmt::format("{},out={}{}", (bench / "ukl-insn.so").string(), regions.string(),
					   opt.profile ? ",profile=on" : ""));
		fs::remove(regions);
	}
	// What run-qemu.sh will use: the override, else its cached probe.
	std::string accel = kind == "count" ? "tcg-icount"
			    : std::getenv("UKL_ACCEL") ? std::getenv("UKL_ACCEL")
			    : fs::exists(top / "build/accel") ? trim(slurp(top / "build/accel")) : "probe";
	step("BENCH", fmt::format("boot {} {} {} ({}, log: build/logs/{}.log)", v.name, kind, k, accel, name));
	fs::remove(qout);
	int rc = spawn(argv, qout);
	if (fs::exists(log))
		fs::copy_file(log, rundir / "logs" / log.filename(), fs::copy_options::overwrite_existing);
	if (rc != 0) {
		show_tail(qout, 50);
		return false;
	}
	out = parse_log(log);
	if (kind == "count")
		parse_regions(regions, out);
	if (!out.failed)
		out.errors.push_back("no 'bench: done' line");
	return true;
}

int Driver::main()
{
	step("BENCH", fmt::format("run {} -> {}", opt.run, fs::relative(rundir, top).string()));
	if (opt.build) {
		std::set<std::string> built;
		for (const auto &v : variants) {
			// Variants that differ only in kernel arguments share a kernel.
			if (!built.insert(v.app + " " + v.config).second)
				continue;
			build(v);
		}
	}
	for (const auto &v : variants)
		if (!fs::exists(kernel_of(v)))
			die(fmt::format("no kernel {} for variant {}", kernel_of(v).string(), v.name));

	if (opt.profile)
		return profile_main();
	bool ok = true;
	// Time boots go round the variants, so that a spell of load on the
	// host falls on every variant alike rather than on one.
	std::map<std::string, std::vector<Boot>> times;
	for (int k = 1; k <= opt.time_runs; k++) {
		for (const auto &v : variants) {
			Boot b;
			ok &= boot(v, "time", k, b);
			times[v.name].push_back(b);
			if (accel_time.empty()) {
				const char *a = std::getenv("UKL_ACCEL");
				accel_time = a ? a : trim(slurp(top / "build/accel"));
			}
		}
	}
	for (const auto &v : variants) {
		VariantResult r;
		r.time = merge_time(times[v.name]);
		for (int k = 1; k <= opt.count_runs; k++) {
			Boot b;
			ok &= boot(v, "count", k, b);
			r.count.push_back(b);
		}
		results[v.name] = r;
	}
	if (!ok) {
		fmt::print(stderr, "FAIL: bench: a boot failed (see above)\n");
		return 1;
	}
	write_report();
	if (opt.smoke)
		return check_smoke();
	print_summary();
	step("BENCH", fmt::format("done: {}", fs::relative(rundir / "results.md", top).string()));
	return 0;
}

// The end of a run on the terminal: instructions and median time of every
// operation on every variant, and where the report and plots are.
void Driver::print_summary()
{
	auto ops = op_order(results, variants);
	std::string head = fmt::format("{:<16}", "op");

	for (const auto &v : variants)
		head += fmt::format(" {:>24}", v.name + " insns/ns");
	fmt::print("\n{}\n", head);
	for (const auto &op : ops) {
		std::string line = fmt::format("{:<16}", op);
		for (const auto &v : variants) {
			const auto &r = results.at(v.name);
			std::string insns = "-", ns = "-";
			if (!r.count.empty() && r.count[0].counts.count(op))
				insns = std::to_string(r.count[0].counts.at(op).value[0]);
			if (r.time.time.count(op))
				ns = fmt::format("{:.0f}", r.time.time.at(op).median);
			line += fmt::format(" {:>24}", insns + " / " + ns);
		}
		fmt::print("{}\n", line);
	}
	fmt::print("\nreport: {}\nplots: ", fs::relative(rundir / "results.md", top).string());
	for (const auto &p : plots)
		fmt::print("{}.png ", fs::relative(rundir / p.first, top).string());
	fmt::print("\n\n");
}

// The operations in the guest's order, from the first variant that ran.
std::vector<std::string> op_order(const std::map<std::string, VariantResult> &res,
				  const std::vector<Variant> &vs)
{
	std::vector<std::string> ops;
	for (const auto &v : vs) {
		const Boot &b = res.at(v.name).time;
		for (const auto &o : b.ops)
			if (b.time.count(o) || (!res.at(v.name).count.empty() &&
						res.at(v.name).count[0].counts.count(o)))
				ops.push_back(o);
		if (!ops.empty())
			break;
	}
	return ops;
}

void Driver::write_report()
{
	step("BENCH", fmt::format("report {}", fs::relative(rundir, top).string()));
	write_csv();
	write_plots();
	write_markdown();
}

void Driver::write_csv()
{
	std::ofstream csv(rundir / "results.csv");

	csv << "variant,op,n,mean_ns,median_ns,kbest_ns,min_ns,max_ns,time_run_medians_ns,count_n,insns,insns_min,insns_max";
	for (const auto &c : kClasses)
		csv << "," << c;
	csv << "\n";
	for (const auto &v : variants) {
		const VariantResult &r = results.at(v.name);
		for (const auto &op : op_order(results, variants)) {
			std::string line = v.name + "," + op;
			auto t = r.time.time.find(op);
			if (t != r.time.time.end())
				line += fmt::format(",{},{:.1f},{:.0f},{:.0f},{:.0f},{:.0f},{}", t->second.n,
						    t->second.mean, t->second.median, t->second.kbest,
						    t->second.min, t->second.max, t->second.run_medians);
			else
				line += ",,,,,,,";
			const CountStat *c = nullptr;
			if (!r.count.empty() && r.count[0].counts.count(op))
				c = &r.count[0].counts.at(op);
			if (c) {
				line += fmt::format(",{},{},{},{}", c->samples.size(), c->value[0], c->lo[0], c->hi[0]);
				for (size_t k = 1; k < kCols; k++)
					line += fmt::format(",{}", c->value[k]);
			} else {
				line += std::string(4 + kClasses.size(), ',');
			}
			csv << line << "\n";
		}
	}
}

std::string Driver::header_table()
{
	std::string cpu, h;
	std::ifstream ci("/proc/cpuinfo");
	std::string line;

	while (std::getline(ci, line))
		if (line.rfind("model name", 0) == 0) {
			cpu = trim(line.substr(line.find(':') + 1));
			break;
		}
	std::string commit = capture_line(fmt::format("git -C '{}' rev-parse --short HEAD 2>/dev/null", top.string()));
	if (!capture_line(fmt::format("git -C '{}' status --porcelain --untracked-files=no 2>/dev/null", top.string())).empty())
		commit += " (with uncommitted changes)";
	std::string qemu = capture_line("qemu-system-x86_64 --version");
	char date[64];
	std::time_t t = std::time(nullptr);
	std::strftime(date, sizeof(date), "%Y-%m-%d %H:%M:%S %Z", std::localtime(&t));

	h += "| | |\n|---|---|\n";
	h += fmt::format("| run | `{}` ({}) |\n", opt.run, date);
	h += fmt::format("| host CPU | {}, {} cores |\n", cpu, std::thread::hardware_concurrency());
	// Time runs share the host: its load says how quiet it was.
	h += fmt::format("| host load average (1, 5, 15 min) at the end | {} |\n",
			 trim(slurp("/proc/loadavg")).substr(0, 14));
	h += fmt::format("| QEMU | {} |\n", qemu);
	h += fmt::format("| accelerator | time runs: {}; count runs: TCG with -icount shift=0,sleep=off and bench/plugin/ukl-insn.so |\n", accel_time);
	h += fmt::format("| guest | 1 vCPU, {} memory (`-cpu max` under TCG, `-cpu host` under KVM), kernel arguments `{}` before each variant's own |\n", opt.mem, kCommonArgs);
	h += fmt::format("| commit | {} |\n", commit);
	h += fmt::format("| kernel tree | build/linux at `{}` |\n",
			 capture_line(fmt::format("git -C '{}/build/linux' log -1 --format='%h %s' 2>/dev/null", top.string())));
	h += fmt::format("| command | `{}` |\n", opt.command);
	h += fmt::format("| iterations | time: {} boot(s) per variant, taken in turn, iters={} each (heavy operations fewer, "
			 "see n); count: {} per operation, {} boot(s) |\n",
			 opt.time_runs, opt.iters, opt.citers, opt.count_runs);
	return h;
}

std::string fmt_ratio(double a, double b)
{
	if (b <= 0 || a < 0)
		return "-";
	return fmt::format("{:.2f}", a / b);
}

void Driver::write_markdown()
{
	std::ofstream md(rundir / "results.md");
	auto ops = op_order(results, variants);
	auto has = [&](const std::string &n) { return results.count(n) > 0; };
	std::vector<std::pair<std::string, std::string>> ratios; // (variant, base)

	for (const auto &base : { std::string("linux"), std::string("linux-mitigations") }) {
		if (!has(base))
			continue;
		for (const auto &v : variants)
			if (v.name != base && !(base == "linux-mitigations" && v.name == "linux"))
				ratios.emplace_back(v.name, base);
	}

	md << fmt::format("# UKL benchmark results: {}\n\n", opt.run);
	md << header_table() << "\n";
	md << "Variants (bench/variants.tsv):\n\n| variant | config | app | kernel arguments | guest kernel | clock_gettime | clocksource |\n|---|---|---|---|---|---|---|\n";
	for (const auto &v : variants) {
		const auto &env = results.at(v.name).time.env;
		auto get = [&](const char *k) { auto i = env.find(k); return i == env.end() ? std::string("?") : i->second; };
		md << fmt::format("| {} | configs/{}.config | {} | `{}` | {} | {} | {} |\n", v.name, v.config,
				  v.app == "ukl" ? "ukl-gcc, linked in"
				  : v.app == "exec" ? "gcc -static, /init exec'd by the UKL app bench/exec-init.c"
				  : "gcc -static, /init",
				  v.args.empty() ? "-" : v.args, get("kernel"),
				  get("vdso") == "yes" ? "vDSO" : "system call", get("clocksource"));
	}
	md << "\nCPU vulnerabilities as each guest reports them (/sys/devices/system/cpu/vulnerabilities):\n\n| |";
	std::set<std::string> vulns;
	for (const auto &v : variants) {
		md << " " << v.name << " |";
		for (const auto &[k, val] : results.at(v.name).time.env)
			if (k.rfind("vuln_", 0) == 0)
				vulns.insert(k);
	}
	md << "\n|---|";
	for (size_t k = 0; k < variants.size(); k++)
		md << "---|";
	md << "\n";
	for (const auto &vk : vulns) {
		md << "| " << vk.substr(5) << " |";
		for (const auto &v : variants) {
			const auto &env = results.at(v.name).time.env;
			auto it = env.find(vk);
			md << " " << (it == env.end() ? std::string("?") : it->second) << " |";
		}
		md << "\n";
	}
	md << "\n## Time per operation (ns)\n\n";
	md << "Each cell: median (mean, kbest) of n timed iterations, from the time boot with the lowest median "
	      "(host load only adds time; all boots' medians are in results.csv); kbest is LEBench's: the first of 5 consecutive "
	      "sorted samples within 5 % of each other (- if there is none). Ratios compare medians. Under TCG, wall-clock "
	      "ratios are not bare-metal ratios (see bench/README.md).\n\n| op |";
	for (const auto &v : variants)
		md << " " << v.name << " |";
	for (const auto &[a, b] : ratios)
		md << fmt::format(" {} / {} |", a, b);
	md << "\n|---|";
	for (size_t k = 0; k < variants.size() + ratios.size(); k++)
		md << "---:|";
	md << "\n";
	for (const auto &op : ops) {
		md << "| " << op << " |";
		for (const auto &v : variants) {
			auto &tm = results.at(v.name).time.time;
			auto t = tm.find(op);
			md << (t == tm.end() ? std::string(" - |")
					     : fmt::format(" {:.0f} ({:.0f}, {}) |", t->second.median, t->second.mean,
							   t->second.kbest > 0 ? fmt::format("{:.0f}", t->second.kbest) : "-"));
		}
		for (const auto &[a, b] : ratios) {
			auto &ta = results.at(a).time.time, &tb = results.at(b).time.time;
			md << " " << (ta.count(op) && tb.count(op) ? fmt_ratio(ta.at(op).median, tb.at(op).median) : "-") << " |";
		}
		md << "\n";
	}

	auto count_of = [&](const std::string &var, const std::string &op) -> const CountStat * {
		const auto &r = results.at(var);
		if (r.count.empty() || !r.count[0].counts.count(op))
			return nullptr;
		return &r.count[0].counts.at(op);
	};
	md << "\n## Guest instructions per operation\n\n";
	md << "Counted by the TCG plugin between the markers around one operation, application and kernel "
	      "together; the median of the marked iterations (range in results.csv). Exact and independent of "
	      "the host.\n\n| op |";
	for (const auto &v : variants)
		md << " " << v.name << " |";
	for (const auto &[a, b] : ratios)
		md << fmt::format(" {} / {} |", a, b);
	md << "\n|---|";
	for (size_t k = 0; k < variants.size() + ratios.size(); k++)
		md << "---:|";
	md << "\n";
	for (const auto &op : ops) {
		md << "| " << op << " |";
		for (const auto &v : variants) {
			const CountStat *c = count_of(v.name, op);
			md << (c ? fmt::format(" {} |", c->value[0]) : std::string(" - |"));
		}
		for (const auto &[a, b] : ratios) {
			const CountStat *ca = count_of(a, op), *cb = count_of(b, op);
			md << " " << (ca && cb ? fmt_ratio((double)ca->value[0], (double)cb->value[0]) : "-") << " |";
		}
		md << "\n";
	}

	md << "\n## Expensive instructions per operation\n\n";
	md << "Per class, the median count of the marked iterations; classes with 0 are left out.\n\n| op |";
	for (const auto &v : variants)
		md << " " << v.name << " |";
	md << "\n|---|";
	for (size_t k = 0; k < variants.size(); k++)
		md << "---|";
	md << "\n";
	for (const auto &op : ops) {
		md << "| " << op << " |";
		for (const auto &v : variants) {
			const CountStat *c = count_of(v.name, op);
			std::vector<std::string> parts;
			if (c)
				for (size_t k = 1; k < kCols; k++)
					if (c->value[k])
						parts.push_back(fmt::format("{} {}", kClasses[k - 1], c->value[k]));
			md << " " << (c ? (parts.empty() ? std::string("none") : fmt::format("{}", fmt::join(parts, ", "))) : "-") << " |";
		}
		md << "\n";
	}

	md << "\n## Plots\n\n";
	for (const auto &p : plots)
		md << fmt::format("![{}]({}.svg)\n\n", p.second, p.first);

	std::vector<std::string> errs;
	for (const auto &v : variants) {
		const auto &r = results.at(v.name);
		for (const auto &e : r.time.errors)
			errs.push_back(v.name + " time: " + e);
		for (const auto &b : r.count)
			for (const auto &e : b.errors)
				errs.push_back(v.name + " count: " + e);
	}
	if (!errs.empty()) {
		md << "\n## Errors\n\n";
		for (const auto &e : errs)
			md << "- " << e << "\n";
	}
}

/*
 * One clustered bar chart: a bar per operation and data column.  The data
 * file has a header line (op, then one column name each); gnuplot makes a
 * PNG and an SVG of it.
 */
bool plot(const fs::path &dir, const std::string &stem, const std::string &title,
	  const std::string &ylabel, const std::vector<std::string> &cols,
	  const std::vector<std::pair<std::string, std::vector<double>>> &rows, bool logscale,
	  bool unity_line)
{
	std::ofstream dat(dir / (stem + ".dat"));
	dat << "op";
	for (const auto &c : cols)
		dat << " " << c;
	dat << "\n";
	for (const auto &[op, vals] : rows) {
		dat << op;
		for (double v : vals)
			dat << " " << (v > 0 || (!logscale && v == 0) ? fmt::format("{:g}", v) : std::string("NaN"));
		dat << "\n";
	}
	dat.close();

	std::ofstream gp(dir / (stem + ".gp"));
	gp << "# " << title << " (bench/driver)\n";
	gp << "set datafile missing 'NaN'\n";
	gp << "set style data histograms\nset style histogram clustered gap 1\n";
	gp << "set style fill solid 0.85 border -1\nset boxwidth 0.9\n";
	gp << "set key top left\nset grid ytics\nset xtics rotate by -50 scale 0 font ',9'\n";
	gp << fmt::format("set title '{}'\nset ylabel '{}'\n", title, ylabel);
	gp << (logscale ? "set logscale y\nset yrange [*:*]\n" : "set yrange [0:*]\n");
	if (unity_line)
		gp << "set arrow from graph 0, first 1 to graph 1, first 1 nohead dashtype 2 lw 1.5\n";
	std::string plotcmd = fmt::format("plot for [i=2:{}] '{}.dat' using i:xtic(1) title columnheader(i)\n",
					  cols.size() + 1, stem);
	gp << fmt::format("set terminal pngcairo noenhanced size 1600,700 font ',10'\nset output '{}.png'\n", stem);
	gp << plotcmd;
	gp << fmt::format("set terminal svg noenhanced size 1600,700 dynamic font 'sans,10'\nset output '{}.svg'\n", stem);
	gp << plotcmd;
	gp.close();

	std::vector<std::string> argv = { "sh", "-c", fmt::format("cd '{}' && gnuplot '{}.gp'", dir.string(), stem) };
	fs::path err = dir / (stem + ".gnuplot.out");
	fs::remove(err);
	if (spawn(argv, err) != 0) {
		show_tail(err, 10);
		return false;
	}
	fs::remove(err);
	return true;
}

void Driver::write_plots()
{
	auto ops = op_order(results, variants);

	plots.clear();
	for (const auto &base : { std::string("linux"), std::string("linux-mitigations") }) {
		if (!results.count(base))
			continue;
		std::vector<std::string> cols;
		for (const auto &v : variants)
			if (v.name != base && !(base == "linux-mitigations" && v.name == "linux"))
				cols.push_back(v.name);
		if (cols.empty())
			continue;
		std::vector<std::pair<std::string, std::vector<double>>> trows, irows;
		for (const auto &op : ops) {
			std::vector<double> tv, iv;
			for (const auto &c : cols) {
				const auto &a = results.at(c), &b = results.at(base);
				double t = -1, i = -1;
				if (a.time.time.count(op) && b.time.time.count(op) && b.time.time.at(op).median > 0)
					t = a.time.time.at(op).median / b.time.time.at(op).median;
				if (!a.count.empty() && !b.count.empty() && a.count[0].counts.count(op) &&
				    b.count[0].counts.count(op) && b.count[0].counts.at(op).value[0] > 0)
					i = (double)a.count[0].counts.at(op).value[0] /
					    (double)b.count[0].counts.at(op).value[0];
				tv.push_back(t);
				iv.push_back(i);
			}
			trows.emplace_back(op, tv);
			irows.emplace_back(op, iv);
		}
		std::string st = "time-ratio-" + base, si = "insns-ratio-" + base;
		std::string tt = fmt::format("Time per operation relative to {} (median ns; below 1 is faster)", base);
		std::string ti = fmt::format("Guest instructions per operation relative to {} (below 1 is fewer)", base);
		if (plot(rundir, st, tt, fmt::format("time / time on {}", base), cols, trows, true, true))
			plots.emplace_back(st, tt);
		if (plot(rundir, si, ti, fmt::format("instructions / instructions on {}", base), cols, irows, true, true))
			plots.emplace_back(si, ti);
	}

	std::vector<std::string> cols;
	std::vector<std::pair<std::string, std::vector<double>>> rows;
	for (const auto &v : variants)
		cols.push_back(v.name);
	for (const auto &op : ops) {
		std::vector<double> vals;
		for (const auto &v : variants) {
			const auto &r = results.at(v.name);
			vals.push_back(!r.count.empty() && r.count[0].counts.count(op)
					       ? (double)r.count[0].counts.at(op).value[0] : -1);
		}
		rows.emplace_back(op, vals);
	}
	std::string ti = "Guest instructions per operation (application and kernel)";
	if (plot(rundir, "insns", ti, "instructions (log scale)", cols, rows, true, false))
		plots.emplace_back("insns", ti);

	/*
	 * The cost of a page fault, as the UKL paper's Figure 4 shows it: a
	 * fault on a missing stack page (on UKL, a double fault turned back
	 * into a page fault) next to an anonymous first-touch fault, per
	 * variant, in nanoseconds and in guest instructions.
	 */
	static const std::vector<std::string> fault_ops = { "fault_stack", "fault_anon" };
	std::vector<std::pair<std::string, std::vector<double>>> fns, fis;
	for (const auto &op : fault_ops) {
		std::vector<double> tv, iv;
		for (const auto &v : variants) {
			const auto &r = results.at(v.name);
			tv.push_back(r.time.time.count(op) ? r.time.time.at(op).median : -1);
			iv.push_back(!r.count.empty() && r.count[0].counts.count(op)
					     ? (double)r.count[0].counts.at(op).value[0] : -1);
		}
		fns.emplace_back(op, tv);
		fis.emplace_back(op, iv);
	}
	std::string tf = "Page fault cost: median ns per fault (stack page, anonymous first touch)";
	if (plot(rundir, "faults-time", tf, "ns per fault", cols, fns, false, false))
		plots.emplace_back("faults-time", tf);
	std::string tfi = "Page fault cost: guest instructions per fault (stack page, anonymous first touch)";
	if (plot(rundir, "faults-insns", tfi, "instructions per fault", cols, fis, false, false))
		plots.emplace_back("faults-insns", tfi);
}

// Text symbols from System.map or nm output ("ADDR TYPE NAME"), sorted.
void load_symbols(std::istream &in, std::vector<std::pair<uint64_t, std::string>> &syms)
{
	std::string line;

	while (std::getline(in, line)) {
		std::istringstream ls(line);
		std::string addr, type, name;
		if (!(ls >> addr >> type >> name) || (type != "T" && type != "t" && type != "W" && type != "w"))
			continue;
		syms.emplace_back(std::stoull(addr, nullptr, 16), name);
	}
}

std::string symbolize(const std::vector<std::pair<uint64_t, std::string>> &syms, uint64_t a)
{
	auto it = std::upper_bound(syms.begin(), syms.end(), std::make_pair(a, std::string("\xff")));
	if (it == syms.begin())
		return fmt::format("0x{:x}", a);
	return std::prev(it)->second;
}

/*
 * One count boot per variant with only the chosen operation and the
 * plugin's per-block profile, then instructions per operation by function.
 * Blocks are attributed whole (see the plugin), so the sums can differ a
 * little from the exact counts.
 */
int Driver::profile_main()
{
	auto ops = split(opt.ops, ',');
	if (ops.size() != 1)
		die("profile needs exactly one operation: --ops NAME");
	std::map<std::string, std::map<std::string, double>> by_fn; // fn -> variant -> insns/op
	std::map<std::string, double> totals;
	std::map<std::string, uint64_t> exact;

	for (const auto &v : variants) {
		Boot b;
		if (!boot(v, "count", 1, b))
			die(fmt::format("profile boot of {} failed", v.name));
		std::vector<std::pair<uint64_t, std::string>> syms;
		std::ifstream map(map_of(v));
		if (!map)
			die(fmt::format("no symbols: {}", map_of(v).string()));
		load_symbols(map, syms);
		if (v.app == "linux") {
			// The benchmark itself runs at CPL3 on Linux: its own symbols.
			std::string nm = capture_all(fmt::format("nm -n '{}'", (bench / "ukl-bench").string()));
			std::istringstream in(nm);
			load_symbols(in, syms);
		}
		std::sort(syms.begin(), syms.end());
		if (!b.counts.count(ops[0]))
			die(fmt::format("{}: no marked regions of {}", v.name, ops[0]));
		// Profile the iterations whose exact count is the reported
		// median: an interrupt's work in the others is not the op's.
		uint64_t median = b.counts.at(ops[0]).value[0];
		std::ifstream in(rundir / fmt::format("bench-{}-profile.regions", v.name));
		std::string line;
		bool take = false;
		long taken = 0;
		std::map<std::string, double> sum;
		while (std::getline(in, line)) {
			auto f = fields(line);
			if (line.rfind("region ", 0) == 0) {
				take = std::stoull(f["insns"]) == median;
				taken += take;
			} else if (take && line.rfind("tb ", 0) == 0) {
				sum[symbolize(syms, std::stoull(f["vaddr"], nullptr, 16))] +=
					(double)std::stoull(f["insns"]);
			}
		}
		for (const auto &[fn, n] : sum) {
			by_fn[fn][v.name] = n / (double)taken;
			totals[v.name] += n / (double)taken;
		}
		exact[v.name] = median;
	}

	std::vector<std::pair<double, std::string>> order;
	for (const auto &[fn, per] : by_fn) {
		double hi = 0;
		for (const auto &[vn, n] : per)
			hi = std::max(hi, n);
		order.emplace_back(-hi, fn);
	}
	std::sort(order.begin(), order.end());

	std::string md = fmt::format("# Where {} spends its instructions\n\n", ops[0]);
	md += "Guest instructions of one operation by function, in the marked iterations whose exact count is the "
	      "median (translation blocks are attributed whole, so the sums are close to, not equal to, the exact "
	      "count).\n\n| function |";
	for (const auto &v : variants)
		md += " " + v.name + " |";
	md += "\n|---|";
	for (size_t k = 0; k < variants.size(); k++)
		md += "---:|";
	md += "\n| **exact count** |";
	for (const auto &v : variants)
		md += fmt::format(" **{}** |", exact[v.name]);
	md += "\n| sum of the blocks |";
	for (const auto &v : variants)
		md += fmt::format(" {:.0f} |", totals[v.name]);
	md += "\n";
	int shown = 0;
	for (const auto &[neg, fn] : order) {
		if (shown++ == opt.top_n)
			break;
		md += "| " + fn + " |";
		for (const auto &v : variants) {
			auto it = by_fn[fn].find(v.name);
			md += it == by_fn[fn].end() ? " - |" : fmt::format(" {:.0f} |", it->second);
		}
		md += "\n";
	}
	fs::path out = rundir / fmt::format("profile-{}.md", ops[0]);
	std::ofstream(out) << md;
	fmt::print("{}", md);
	step("BENCH", fmt::format("profile: {}", fs::relative(out, top).string()));
	return 0;
}

// bench-smoke's verdict: every operation timed and counted on every
// variant, no guest errors, and the count runs agree exactly.
int Driver::check_smoke()
{
	std::vector<std::string> bad;
	std::vector<std::string> only = split(opt.ops, ',');
	size_t nops = 0;

	for (const auto &v : variants) {
		const VariantResult &r = results.at(v.name);
		const auto &ops = r.time.ops;
		nops = std::max(nops, ops.size());
		if (ops.empty())
			bad.push_back(fmt::format("{}: no operation table in the time run", v.name));
		for (const auto &e : r.time.errors)
			bad.push_back(fmt::format("{} time: {}", v.name, e));
		if (r.time.failed.value_or(1) != 0)
			bad.push_back(fmt::format("{} time: guest reported failures", v.name));
		for (const auto &op : ops) {
			if (!only.empty() && std::find(only.begin(), only.end(), op) == only.end())
				continue;
			if (!r.time.time.count(op))
				bad.push_back(fmt::format("{}: {}: no time", v.name, op));
			for (size_t k = 0; k < r.count.size(); k++) {
				const Boot &b = r.count[k];
				auto c = b.counts.find(op);
				if (c == b.counts.end() || !b.counted.count(op) ||
				    (long)c->second.samples.size() != b.counted.at(op))
					bad.push_back(fmt::format("{} count {}: {}: {} regions for {} iterations", v.name, k + 1, op,
								  c == b.counts.end() ? 0 : c->second.samples.size(),
								  b.counted.count(op) ? b.counted.at(op) : 0));
				else if (k > 0 && r.count[0].counts.count(op) &&
					 c->second.value != r.count[0].counts.at(op).value)
					bad.push_back(fmt::format("{}: {}: count run {} gave {} instructions, run 1 gave {}{}",
								  v.name, op, k + 1, c->second.value[0],
								  r.count[0].counts.at(op).value[0],
								  c->second.value[0] == r.count[0].counts.at(op).value[0]
									  ? " (a class count differs)" : ""));
			}
		}
		for (const auto &b : r.count) {
			for (const auto &e : b.errors)
				bad.push_back(fmt::format("{} count: {}", v.name, e));
			if (b.failed.value_or(1) != 0)
				bad.push_back(fmt::format("{} count: guest reported failures", v.name));
		}
	}
	if (!bad.empty()) {
		for (const auto &b : bad)
			fmt::print("FAIL: bench-smoke: {}\n", b);
		return 1;
	}
	fmt::print("PASS: bench-smoke: {} operations on {} variant(s) timed and counted; {} count runs agree\n",
		   nops, variants.size(), opt.count_runs);
	return 0;
}

}  // namespace

int main(int argc, char **argv)
{
	CLI::App app{ "UKL benchmark driver: boots the variants of bench/variants.tsv and reports" };
	Options opt;
	std::string cmdline;

	for (int k = 0; k < argc; k++)
		cmdline += (k ? " " : "") + std::string(argv[k]);
	app.require_subcommand(1);
	auto add_common = [&](CLI::App *sub) {
		sub->add_option("--top", opt.top, "repository root (default: the current directory)");
		sub->add_option("--variants", opt.variants, "the variant table, relative to --top")->capture_default_str();
		sub->add_option("--run", opt.run, "run name: results in build/bench/RUN (default: date and time)");
		sub->add_option("--only", opt.only, "comma-separated variant names (default: all)");
		sub->add_option("--ops", opt.ops, "comma-separated operations (default: all)");
		sub->add_option("--iters", opt.iters, "base iteration count of the time runs")->capture_default_str();
		sub->add_option("--citers", opt.citers, "marked iterations per operation in count runs")->capture_default_str();
		sub->add_option("--count-runs", opt.count_runs, "count boots per variant")->capture_default_str();
		sub->add_option("--time-runs", opt.time_runs, "time boots per variant, taken in turn")->capture_default_str();
		sub->add_option("--timeout", opt.timeout, "seconds per boot")->capture_default_str();
		sub->add_option("--mem", opt.mem, "guest memory, the same for every variant")->capture_default_str();
		sub->add_option("--lock", opt.lock, "run kernel builds under flock on this file");
		sub->add_option("--command", opt.command, "the command to name in the report (default: this one)");
		sub->add_flag("!--no-build", opt.build, "use the kernels as they are");
	};
	auto *run = app.add_subcommand("run", "time and count every variant, write the report");
	auto *smoke = app.add_subcommand("smoke", "few iterations, then check that every operation has numbers");
	auto *profile = app.add_subcommand("profile", "instructions of one operation (--ops) by function");
	add_common(run);
	add_common(smoke);
	add_common(profile);
	profile->add_option("--top-n", opt.top_n, "functions to list")->capture_default_str();
	smoke->callback([&] { opt.smoke = true; });
	profile->callback([&] { opt.profile = true; });
	CLI11_PARSE(app, argc, argv);
	opt.command = trim(opt.command.empty() ? cmdline : opt.command);
	// The smoke test compares count runs: it needs two at least.
	if (opt.smoke && opt.count_runs < 2)
		opt.count_runs = 2;
	if (opt.iters < 5 || opt.citers < 1 || opt.count_runs < 1 || opt.time_runs < 1)
		die("--iters must be >= 5, --citers, --count-runs and --time-runs >= 1");
	return Driver(opt).main();
}
