// SPDX-License-Identifier: GPL-2.0
//
// bench/servers: the server benchmarks.  Boots Redis and Memcached on every
// variant of bench/variants.tsv, in the same QEMU setup, and loads them
// with bench/loadgen through QEMU user networking forwarded to 127.0.0.1:
//
//   servers --top DIR --run NAME [--only VARIANTS] [--servers redis,...]
//
// On a "linux" variant the server is the same source built natively
// (apps/build.sh --native), run as a process by bench/server-init.c; on a
// "ukl" variant it is the UKL application (apps/build.sh), linked into the
// kernel of that configuration.  "exec" variants are skipped (they measure
// a Linux program on a UKL kernel, which the system call benchmark does).
//
// Per server and variant: a preload and warm-up, a closed-loop run at
// saturation (--conns connections, --pipeline deep), then open-loop runs
// at fixed offered loads, the same for every variant: fractions of the
// first variant's saturation throughput.  With --soak S, the first UKL
// variant serves Redis at half of that load for S seconds, without an
// error.  Every run is bounded by its request count and duration; each
// server ends by its own shutdown command, and run-qemu.sh judges the boot
// (exit line, no kernel error).
//
// Then, unless --count-requests is 0, a second boot with the TCG plugin
// (bench/plugin/ukl-insn.so, snapshot=FIFO) counts the guest instructions
// of a closed-loop run of that many requests on one connection: the whole
// guest (server, kernel, network driver, timer ticks) divided by the
// requests.  The plugin slows the guest, so this boot measures no time.
//
// Output in build/bench/RUN/: servers.csv (one loadgen row per run),
// servers-insns.csv (instructions per request), servers.md (tables, ratios
// to the first variant), and gnuplot plots of p99 latency against offered
// load.  Progress is one line per step.
#include <CLI/CLI.hpp>

#include <arpa/inet.h>
#include <csignal>
#include <map>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <thread>

#include "util.h"

namespace {

struct Server {
	std::string name, proto;
	int port;
	std::string args;	// the server's arguments
	std::string binary;	// its path in the Linux guests
};

// Files the servers read come with them: apps/<name>/rootfs.
const std::vector<Server> kServers = {
	{ "redis", "redis", 6379, "/etc/redis.conf", "/bin/redis-server" },
	{ "memcached", "memcache", 11211, "-u root -A -t 1", "/bin/memcached" },
};

struct Options {
	std::string top = ".", variants = "bench/variants.tsv", run, only, servers = "redis,memcached";
	std::string command, mem = "512M", fractions = "0.25,0.5,0.75,0.9";
	int conns = 4, pipeline = 1, keys = 10000, value_size = 32;
	long requests = 40000, count_requests = 5000;
	double duration = 30, rate_seconds = 5, soak = 0;
	long timeout = 1800;
	bool build = true;
};

// The plugin's expensive-instruction classes, in its output order.
const std::vector<std::string> kClasses = {
	"syscall", "sysret", "iretq", "swapgs", "mov_cr3", "wrmsr", "rdmsr",
	"verw", "lfence", "cli", "sti", "popf",
};

// Guest instructions per request, and of each expensive class.
struct Count {
	double insns = 0;
	std::map<std::string, double> classes;
};

// A booted guest serving on 127.0.0.1:port.
struct Guest {
	pid_t pid;
	int port;
	std::string name;
	fs::path out;
};

// One row of loadgen's CSV.
struct Row {
	std::string server, variant, kind;
	double rate = 0, throughput = 0, p50 = 0, p90 = 0, p99 = 0, p999 = 0;
	long requests = 0, errors = 0;
};

class Bench {
public:
	explicit Bench(const Options &o) : opt(o), top(fs::absolute(o.top))
	{
		bench = top / "build/bench";
		rundir = bench / opt.run;
		variants = load_variants(top / opt.variants, opt.only);
		for (const auto &n : split(opt.servers, ',')) {
			auto it = std::find_if(kServers.begin(), kServers.end(),
					       [&](const Server &s) { return s.name == n; });
			if (it == kServers.end())
				die(fmt::format("no server '{}' (redis, memcached)", n));
			servers.push_back(*it);
		}
		for (const auto &f : split(opt.fractions, ','))
			fractions.push_back(std::stod(f));
	}

	int main();

private:
	Options opt;
	fs::path top, bench, rundir;
	std::vector<Variant> variants;
	std::vector<Server> servers;
	std::vector<double> fractions;
	std::vector<Row> rows;	// servers.csv, read after each run
	bool soaked = false;
	std::map<std::string, Count> counts;	// by "server:variant"

	fs::path kernel_of(const Variant &v, const Server &s) const
	{
		if (v.app == "ukl")
			return top / "build/images" / v.config / s.name;
		return top / "build" / v.config / "arch/x86/boot/bzImage";
	}

	fs::path initrd_of(const Variant &v, const Server &s) const
	{
		if (v.app == "ukl")
			return top / "build/guest" / (s.name + ".cpio");
		return bench / "servers-linux.cpio";
	}

	void build(const Variant &v, const Server &s);
	Guest boot(const Variant &v, const Server &s, const std::string &kind,
		   const std::vector<std::string> &qemu_args);
	[[noreturn]] void fail(const Guest &g, const std::string &what);
	void shut_down(const Guest &g, const Server &s, const std::string &label);
	void measure(const Variant &v, const Server &s, std::map<std::string, double> &saturation);
	void count(const Variant &v, const Server &s);
	int loadgen(const Server &s, int port, const std::string &label, const std::vector<std::string> &args);
	void read_rows();
	const Row *find(const std::string &server, const std::string &variant, const std::string &kind) const;
	void write_report();
	void write_counts(const Server &s, std::string &md);
	void write_plot(const Server &s);
};

// A TCP port on 127.0.0.1 that is free now (the kernel picks it).
int free_port()
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	sockaddr_in sa{};
	socklen_t len = sizeof(sa);

	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || bind(fd, (sockaddr *)&sa, sizeof(sa)) < 0 ||
	    getsockname(fd, (sockaddr *)&sa, &len) < 0)
		die(fmt::format("no free port: {}", std::strerror(errno)));
	close(fd);
	return ntohs(sa.sin_port);
}

// Start a program in its own process group, output to a file.
pid_t start(const std::vector<std::string> &argv, const fs::path &outfile)
{
	pid_t pid = fork();

	if (pid < 0)
		die(fmt::format("fork: {}", std::strerror(errno)));
	if (pid == 0) {
		int fd = open(outfile.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int null = open("/dev/null", O_RDONLY);
		std::vector<char *> args;

		setpgid(0, 0);
		if (fd < 0 || null < 0)
			_exit(127);
		dup2(null, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		for (const auto &a : argv)
			args.push_back(const_cast<char *>(a.c_str()));
		args.push_back(nullptr);
		execvp(args[0], args.data());
		_exit(127);
	}
	setpgid(pid, pid);
	return pid;
}

int wait_for(pid_t pid)
{
	int status = 0;

	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void Bench::build(const Variant &v, const Server &s)
{
	fs::path out = rundir / fmt::format("build-{}-{}.out", v.name, s.name);
	std::vector<std::string> argv = { (top / "scripts/build-kernel.sh").string(), v.config };

	if (v.app == "ukl")
		argv.push_back("UKL_APP=" + (top / "build/apps" / (s.name + ".a")).string());
	step("SERVERS", fmt::format("kernel {} (configs/{}.config{})", v.name, v.config,
				    v.app == "ukl" ? ", " + s.name + " linked in" : ""));
	fs::remove(out);
	if (spawn(argv, out) != 0) {
		show_tail(out, 40);
		die(fmt::format("kernel build for {} failed", v.name));
	}
	// build/<config> is relinked with other applications: keep the image.
	if (v.app == "ukl") {
		fs::create_directories(kernel_of(v, s).parent_path());
		fs::copy_file(top / "build" / v.config / "arch/x86/boot/bzImage", kernel_of(v, s),
			      fs::copy_options::overwrite_existing);
	}
}

// One loadgen run against the guest; its row is appended to servers.csv.
int Bench::loadgen(const Server &s, int port, const std::string &label,
		   const std::vector<std::string> &args)
{
	std::vector<std::string> argv = {
		(bench / "loadgen").string(), "--proto", s.proto, "--port", std::to_string(port),
		"--label", label, "--csv", (rundir / "servers.csv").string(),
		"--keys", std::to_string(opt.keys), "--value-size", std::to_string(opt.value_size),
	};
	fs::path out = rundir / "loadgen.out";

	argv.insert(argv.end(), args.begin(), args.end());
	fs::remove(out);
	int rc = spawn(argv, out);
	read_rows();
	std::string last = trim(slurp(out));
	last = last.substr(last.rfind('\n') == std::string::npos ? 0 : last.rfind('\n') + 1);
	step("LOAD", last);
	return rc;
}

// Boot server s on variant v, forwarded from a free port on 127.0.0.1.
Guest Bench::boot(const Variant &v, const Server &s, const std::string &kind,
		  const std::vector<std::string> &qemu_args)
{
	Guest g;
	std::string args = v.app == "ukl" ? s.args : s.binary + " " + s.args;
	std::string expect = v.app == "ukl" ? "ukl: application exited with status 0"
					    : fmt::format("server-init: {} exited with status 0", s.binary);

	g.port = free_port();
	g.name = fmt::format("servers-{}-{}-{}{}", opt.run, s.name, v.name, kind);
	g.out = rundir / (g.name + ".out");
	std::vector<std::string> qemu = {
		(top / "scripts/run-qemu.sh").string(), "--name", g.name, "--smp", "1", "--mem", opt.mem,
		"--timeout", std::to_string(opt.timeout), "--kernel", kernel_of(v, s).string(),
		"--initrd", initrd_of(v, s).string(), "--hostfwd", fmt::format("{}:{}", g.port, s.port),
		"--append", trim(fmt::format("norandmaps {} -- {}", v.args, args)), "--expect", expect,
	};
	qemu.insert(qemu.end(), qemu_args.begin(), qemu_args.end());
	step("SERVERS", fmt::format("boot {} on {}{} (127.0.0.1:{}, log: build/logs/{}.log)", s.name, v.name,
				    kind, g.port, g.name));
	g.pid = start(qemu, g.out);
	if (loadgen(s, g.port, s.name + ":" + v.name + ":warmup" + kind,
		    { "--wait", "300", "--preload", "--requests", "2000", "--duration", "120" }))
		fail(g, "the warm-up failed");
	return g;
}

void Bench::fail(const Guest &g, const std::string &what)
{
	kill(-g.pid, SIGTERM);
	wait_for(g.pid);
	show_tail(g.out, 40);
	die(fmt::format("{}: {}", g.name, what));
}

// The server's own shutdown command ends the machine; run-qemu.sh judges
// the boot (exit line, no kernel error), and its log joins the results.
void Bench::shut_down(const Guest &g, const Server &s, const std::string &label)
{
	if (loadgen(s, g.port, label, { "--requests", "1", "--shutdown", "--duration", "60" }))
		fail(g, "the server did not shut down");
	if (wait_for(g.pid) != 0) {
		show_tail(g.out, 40);
		die(fmt::format("{}: the boot failed", g.name));
	}
	fs::path log = top / "build/logs" / (g.name + ".log");
	fs::create_directories(rundir / "logs");
	fs::copy_file(log, rundir / "logs" / log.filename(), fs::copy_options::overwrite_existing);
}

void Bench::measure(const Variant &v, const Server &s, std::map<std::string, double> &saturation)
{
	Guest g = boot(v, s, "", {});
	int port = g.port;
	std::string label = s.name + ":" + v.name + ":";

	if (loadgen(s, port, label + "saturation",
		    { "--conns", std::to_string(opt.conns), "--pipeline", std::to_string(opt.pipeline),
		      "--requests", std::to_string(opt.requests), "--duration", fmt::format("{:g}", opt.duration) }))
		fail(g, "the saturation run failed");
	// The offered loads are fractions of the first variant's saturation.
	if (!saturation.count(s.name))
		saturation[s.name] = find(s.name, v.name, "saturation")->throughput;
	double base = saturation[s.name];
	for (double f : fractions) {
		double rate = std::max(10.0, f * base);
		long n = std::max(10L, (long)(rate * opt.rate_seconds));
		if (loadgen(s, port, label + fmt::format("load{:g}", f),
			    { "--conns", std::to_string(opt.conns), "--rate", fmt::format("{:.0f}", rate),
			      "--requests", std::to_string(n), "--duration", fmt::format("{:g}", 4 * opt.rate_seconds) }))
			fail(g, fmt::format("the run at {:.0f} requests/s failed", rate));
	}
	if (opt.soak > 0 && s.name == "redis" && v.app == "ukl" && !soaked) {
		double rate = base / 2;
		step("SERVERS", fmt::format("soak: {} s at {:.0f} requests/s", opt.soak, rate));
		if (loadgen(s, port, label + "soak",
			    { "--conns", std::to_string(opt.conns), "--rate", fmt::format("{:.0f}", rate),
			      "--requests", std::to_string((long)(rate * opt.soak)),
			      "--duration", fmt::format("{:g}", opt.soak * 1.5) }))
			fail(g, "the soak run failed");
		soaked = true;
	}
	shut_down(g, s, label + "shutdown");
}

// Parse "snapshot label=L insns=N syscall=N ..." lines of the plugin.
std::map<std::string, std::map<std::string, double>> read_snapshots(const fs::path &file)
{
	std::map<std::string, std::map<std::string, double>> snaps;

	for (const auto &line : split(slurp(file), '\n')) {
		std::vector<std::string> f = split(line, ' ');
		if (f.size() < 3 || f[0] != "snapshot" || f[1].rfind("label=", 0) != 0)
			continue;
		auto &m = snaps[f[1].substr(6)];
		for (size_t k = 2; k < f.size(); k++) {
			size_t eq = f[k].find('=');
			if (eq != std::string::npos)
				m[f[k].substr(0, eq)] = std::stod(f[k].substr(eq + 1));
		}
	}
	return snaps;
}

// Guest instructions per request: a boot with the plugin, a snapshot of
// its totals before and after a closed-loop run on one connection.
void Bench::count(const Variant &v, const Server &s)
{
	fs::path fifo = rundir / "snapshot.fifo", insns = rundir / fmt::format("count-{}-{}.insn", s.name, v.name);
	std::string label = s.name + ":" + v.name + ":count";

	fs::remove(fifo);
	if (mkfifo(fifo.c_str(), 0600) != 0)
		die(fmt::format("mkfifo {}: {}", fifo.string(), std::strerror(errno)));
	Guest g = boot(v, s, "-count",
		       { "--qemu-arg", "-plugin", "--qemu-arg",
			 fmt::format("{},out={},snapshot={}", (bench / "ukl-insn.so").string(), insns.string(),
				     fifo.string()) });
	// The plugin opened the FIFO for reading before the guest booted.
	int fd = open(fifo.c_str(), O_WRONLY | O_NONBLOCK);
	if (fd < 0)
		fail(g, fmt::format("the plugin does not read {}: {}", fifo.string(), std::strerror(errno)));
	fcntl(fd, F_SETFL, 0);
	auto mark = [&](const std::string &what) {
		std::string line = what + "\n";
		if (write(fd, line.data(), line.size()) != (ssize_t)line.size())
			fail(g, fmt::format("write {}: {}", fifo.string(), std::strerror(errno)));
	};
	mark("begin");
	if (loadgen(s, g.port, label, { "--conns", "1", "--requests", std::to_string(opt.count_requests),
					 "--duration", "300" }))
		fail(g, "the counted run failed");
	mark("end");
	close(fd);
	shut_down(g, s, label + "-shutdown");
	fs::remove(fifo);

	auto snaps = read_snapshots(insns);
	const Row *r = find(s.name, v.name, "count");
	if (!snaps.count("begin") || !snaps.count("end") || r->requests <= 0)
		die(fmt::format("{}: no instruction counts in {}", g.name, insns.string()));
	Count &c = counts[s.name + ":" + v.name];
	c.insns = (snaps["end"]["insns"] - snaps["begin"]["insns"]) / r->requests;
	for (const auto &k : kClasses)
		c.classes[k] = (snaps["end"][k] - snaps["begin"][k]) / r->requests;
	step("COUNT", fmt::format("{} on {}: {:.0f} guest instructions per request", s.name, v.name, c.insns));
}

void Bench::read_rows()
{
	rows.clear();
	for (const auto &line : split(slurp(rundir / "servers.csv"), '\n')) {
		std::vector<std::string> f = split(line, ',');
		std::vector<std::string> label = split(f.empty() ? "" : f[0], ':');

		if (f.size() < 15 || label.size() != 3 || f[0] == "label")
			continue;
		Row r;
		r.server = label[0];
		r.variant = label[1];
		r.kind = label[2];
		r.rate = std::stod(f[2]);
		r.requests = std::stol(f[6]);
		r.throughput = std::stod(f[8]);
		r.p50 = std::stod(f[9]);
		r.p90 = std::stod(f[10]);
		r.p99 = std::stod(f[11]);
		r.p999 = std::stod(f[12]);
		r.errors = std::stol(f[14]);
		rows.push_back(r);
	}
}

const Row *Bench::find(const std::string &server, const std::string &variant, const std::string &kind) const
{
	for (const auto &r : rows)
		if (r.server == server && r.variant == variant && r.kind == kind)
			return &r;
	die(fmt::format("no {} row for {} on {}", kind, server, variant));
}

// "a/b" as a ratio, or a dash.
std::string ratio(double a, double b)
{
	return b > 0 ? fmt::format("{:.2f}", a / b) : "-";
}

void Bench::write_report()
{
	std::string commit = capture_line(fmt::format("git -C '{}' rev-parse --short HEAD 2>/dev/null", top.string()));
	std::string md = "# Server benchmarks\n\n";

	md += fmt::format("| | |\n|---|---|\n| command | `{}` |\n| commit | {} |\n| host CPU | {} ({} cores) |\n"
			  "| QEMU | {} (accelerator: {}) |\n| guest | 1 vCPU, {} memory, QEMU user networking "
			  "(virtio-net) forwarded to 127.0.0.1 |\n| load | bench/loadgen on the host, {} connections, "
			  "pipeline {}, {} keys, {}-byte values, 10 % SET |\n\n",
			  opt.command, commit, capture_line("sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1"),
			  std::thread::hardware_concurrency(), capture_line("qemu-system-x86_64 --version"),
			  fs::exists(top / "build/accel") ? trim(slurp(top / "build/accel")) : "probe", opt.mem, opt.conns,
			  opt.pipeline, opt.keys, opt.value_size);
	md += "Wall-clock numbers under TCG are the emulator's, not bare metal's: privileged instructions, "
	      "page-table switches and the emulated network card cost what QEMU's helpers cost. Ratios "
	      "between variants measured in this one run are the result; the host runs the load on the same "
	      "two cores as the guest.\n\n";
	const std::string &base = variants.front().name;
	for (const auto &s : servers) {
		md += fmt::format("## {}\n\nAt saturation (closed loop):\n\n"
				  "| variant | requests/s | p50 µs | p99 µs | throughput / {} | p99 / {} |\n"
				  "|---|---:|---:|---:|---:|---:|\n", s.name, base, base);
		const Row *b = find(s.name, base, "saturation");
		for (const auto &v : variants) {
			if (v.app == "exec")
				continue;
			const Row *r = find(s.name, v.name, "saturation");
			md += fmt::format("| {} | {:.0f} | {:.1f} | {:.1f} | {} | {} |\n", v.name, r->throughput, r->p50,
					  r->p99, ratio(r->throughput, b->throughput), ratio(r->p99, b->p99));
		}
		md += fmt::format("\np99 latency (µs) at fixed offered loads (open loop; fractions of {}'s "
				  "saturation throughput):\n\n| variant |", base);
		for (double f : fractions)
			md += fmt::format(" {:.0f} req/s |", find(s.name, base, fmt::format("load{:g}", f))->rate);
		md += "\n|---|";
		for (size_t k = 0; k < fractions.size(); k++)
			md += "---:|";
		md += "\n";
		for (const auto &v : variants) {
			if (v.app == "exec")
				continue;
			md += "| " + v.name + " |";
			for (double f : fractions)
				md += fmt::format(" {:.1f} |", find(s.name, v.name, fmt::format("load{:g}", f))->p99);
			md += "\n";
		}
		md += fmt::format("\n![p99 against offered load](servers-{}-p99.png)\n\n", s.name);
		write_plot(s);
		write_counts(s, md);
	}
	for (const auto &r : rows)
		if (r.kind == "soak")
			md += fmt::format("Soak: Redis on {} served {} requests at {:g} requests/s offered, "
					  "p99 {:.1f} µs, {} errors.\n\n", r.variant, r.requests, r.rate, r.p99, r.errors);
	std::ofstream(rundir / "servers.md") << md;
	step("SERVERS", fmt::format("report {}", fs::relative(rundir / "servers.md", top).string()));
}

// The instruction counts: a table in the report and servers-insns.csv.
void Bench::write_counts(const Server &s, std::string &md)
{
	const std::string &base = variants.front().name;
	if (!counts.count(s.name + ":" + base))
		return;
	const Count &b = counts[s.name + ":" + base];
	std::ofstream csv(rundir / "servers-insns.csv", std::ios::app);

	md += fmt::format("Guest instructions per request (TCG plugin, a boot of its own; {} requests, closed loop "
			  "on one connection; the whole guest: server, kernel, network card driver, timer ticks), "
			  "and the expensive ones among them:\n\n| variant | instructions | / {} |",
			  opt.count_requests, base);
	for (const auto &k : kClasses)
		md += " " + k + " |";
	md += "\n|---|---:|---:|";
	for (size_t k = 0; k < kClasses.size(); k++)
		md += "---:|";
	md += "\n";
	for (const auto &v : variants) {
		auto it = counts.find(s.name + ":" + v.name);
		if (it == counts.end())
			continue;
		const Count &c = it->second;
		md += fmt::format("| {} | {:.0f} | {} |", v.name, c.insns, ratio(c.insns, b.insns));
		csv << fmt::format("{},{},{:.1f}", s.name, v.name, c.insns);
		for (const auto &k : kClasses) {
			md += fmt::format(" {:.1f} |", c.classes.at(k));
			csv << fmt::format(",{:.2f}", c.classes.at(k));
		}
		csv << "\n";
		md += "\n";
	}
	md += "\n";
}

// gnuplot: p99 against offered load, one line per variant.
void Bench::write_plot(const Server &s)
{
	fs::path data = rundir / fmt::format("servers-{}-p99.dat", s.name);
	std::ofstream dat(data);
	std::string plots;
	int index = 0;

	for (const auto &v : variants) {
		if (v.app == "exec")
			continue;
		dat << "# " << v.name << "\n";
		for (double f : fractions) {
			const Row *r = find(s.name, v.name, fmt::format("load{:g}", f));
			dat << fmt::format("{:.0f} {:.1f}\n", r->rate, r->p99);
		}
		dat << "\n\n";
		plots += fmt::format("{}'{}' index {} using 1:2 with linespoints title '{}'", plots.empty() ? "" : ", ",
				     data.string(), index++, v.name);
	}
	dat.close();
	for (const std::string term : { "png", "svg" }) {
		fs::path out = rundir / fmt::format("servers-{}-p99.{}", s.name, term);
		std::string script = fmt::format(
			"set terminal {} size 800,500\nset output '{}'\nset title '{}: p99 latency against offered "
			"load'\nset xlabel 'offered load (requests/s)'\nset ylabel 'p99 latency (us)'\nset key top "
			"left\nset grid\nplot {}\n",
			term == "png" ? "pngcairo" : "svg", out.string(), s.name, plots);
		fs::path gp = rundir / fmt::format("servers-{}-p99.gp", s.name);
		std::ofstream(gp) << script;
		if (spawn({ "gnuplot", gp.string() }, rundir / "gnuplot.out") != 0)
			show_tail(rundir / "gnuplot.out", 10);
	}
}

int Bench::main()
{
	step("SERVERS", fmt::format("run {} -> {}", opt.run, fs::relative(rundir, top).string()));
	fs::create_directories(rundir);
	fs::remove(rundir / "servers.csv");
	{
		std::ofstream csv(rundir / "servers-insns.csv");
		csv << "server,variant,insns_per_request";
		for (const auto &k : kClasses)
			csv << "," << k;
		csv << "\n";
	}
	std::map<std::string, double> saturation;
	for (const auto &s : servers)
		for (const auto &v : variants) {
			if (v.app == "exec")
				continue;
			if (opt.build)
				build(v, s);
			measure(v, s, saturation);
			if (opt.count_requests > 0)
				count(v, s);
		}
	write_report();
	return 0;
}

}  // namespace

int main(int argc, char **argv)
{
	CLI::App app{ "UKL server benchmarks: Redis and Memcached on every variant, loaded from the host" };
	Options opt;
	std::string cmdline;

	for (int k = 0; k < argc; k++)
		cmdline += (k ? " " : "") + std::string(argv[k]);
	app.add_option("--top", opt.top, "repository root")->capture_default_str();
	app.add_option("--variants", opt.variants, "the variant table, relative to --top")->capture_default_str();
	app.add_option("--run", opt.run, "run name: results in build/bench/RUN")->required();
	app.add_option("--only", opt.only, "comma-separated variant names (default: all); the first is the baseline");
	app.add_option("--servers", opt.servers, "comma-separated servers")->capture_default_str();
	app.add_option("--conns", opt.conns, "connections")->capture_default_str()->check(CLI::Range(1, 256));
	app.add_option("--pipeline", opt.pipeline, "pipeline depth at saturation")->capture_default_str();
	app.add_option("--requests", opt.requests, "requests of the saturation run")->capture_default_str();
	app.add_option("--duration", opt.duration, "seconds at most of the saturation run")->capture_default_str();
	app.add_option("--count-requests", opt.count_requests,
		       "requests of the instruction-counting boot (0: no such boot)")->capture_default_str();
	app.add_option("--fractions", opt.fractions, "offered loads, as fractions of the baseline's saturation")
		->capture_default_str();
	app.add_option("--rate-seconds", opt.rate_seconds, "seconds of load at each offered load")->capture_default_str();
	app.add_option("--soak", opt.soak, "seconds of Redis soak on the first UKL variant (0: none)")
		->capture_default_str();
	app.add_option("--timeout", opt.timeout, "seconds per boot")->capture_default_str();
	app.add_option("--mem", opt.mem, "guest memory")->capture_default_str();
	app.add_option("--command", opt.command, "the command to name in the report (default: this one)");
	app.add_flag("!--no-build", opt.build, "use the kernels as they are");
	CLI11_PARSE(app, argc, argv);
	opt.command = trim(opt.command.empty() ? cmdline : opt.command);
	return Bench(opt).main();
}
