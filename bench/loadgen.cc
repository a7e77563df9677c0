// SPDX-License-Identifier: GPL-2.0
/*
 * loadgen: a load generator for key-value servers (Redis's RESP and
 * Memcached's text protocol), for the UKL server benchmarks.
 *
 *   loadgen --proto redis --port 6379 --conns 8 --threads 2 --pipeline 4 \
 *           --requests 200000 --duration 30
 *
 * Closed loop (the default): every connection keeps --pipeline requests
 * outstanding and sends the next one when a reply arrives.  Open loop
 * (--rate R): requests are due at fixed intervals, R per second in all,
 * and each one's latency counts from when it was due, not from when it
 * could be sent, so a server that falls behind shows in the latency
 * instead of slowing the load down (no coordinated omission).
 *
 * Requests are GET and SET (--set-ratio of them) of keys key:0 ..
 * key:K-1, with values of --value-size bytes; --preload SETs every key
 * first.  Every run is bounded by --requests and --duration.  Only
 * loopback addresses are accepted: the benchmarks reach their guests
 * through QEMU user networking forwarded to 127.0.0.1.
 *
 * --verify checks instead of measuring: each connection, in a thread of
 * its own, SETs its share of the key space with values that name their
 * key, GETs each back and compares, DELETEs it and checks that a GET then
 * misses.  Tests use it to show that a server answers correctly under
 * concurrent clients.
 *
 * --wait S first waits up to S seconds for the server to answer a PING
 * (Redis) or "version" (Memcached): a guest's port forwarded by QEMU
 * accepts connections before the server in it listens.
 *
 * --shutdown, after everything else, asks the server to end (Redis:
 * SHUTDOWN NOSAVE; Memcached: shutdown, which needs memcached -A) and
 * waits for it to close the connection.
 *
 * Output: one summary line (and, with --csv, one CSV row, the header
 * written when the file is new), and with --hist the latency histogram.
 * The exit status is 1 if any request failed or got an error reply.
 */
#include <CLI/CLI.hpp>
#include <fmt/core.h>
#include <fmt/format.h>

#include <arpa/inet.h>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <deque>
#include <fcntl.h>
#include <fstream>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <random>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

int64_t now_ns()
{
	return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch()).count();
}

/*
 * Latency histogram with about 1.6 % resolution: values below 64 ns are
 * exact, above that each power of two is split into 64 buckets.
 */
class Histogram {
public:
	static constexpr int sub = 64;
	Histogram() : counts(64 * sub, 0) {}

	void add(int64_t ns)
	{
		counts[index(ns < 0 ? 0 : (uint64_t)ns)]++;
		n++;
		if (ns > maxv)
			maxv = ns;
	}

	void merge(const Histogram &o)
	{
		for (size_t i = 0; i < counts.size(); i++)
			counts[i] += o.counts[i];
		n += o.n;
		maxv = std::max(maxv, o.maxv);
	}

	// The value below which a fraction q of the samples lie (bucket top).
	int64_t quantile(double q) const
	{
		if (!n)
			return 0;
		uint64_t want = (uint64_t)std::ceil(q * (double)n), seen = 0;
		for (size_t i = 0; i < counts.size(); i++) {
			seen += counts[i];
			if (seen >= want && counts[i])
				return std::min<int64_t>(upper(i), maxv);
		}
		return maxv;
	}

	void write(std::ostream &out) const
	{
		uint64_t seen = 0;
		out << "upper_us,count,cumulative\n";
		for (size_t i = 0; i < counts.size(); i++) {
			if (!counts[i])
				continue;
			seen += counts[i];
			out << fmt::format("{:.3f},{},{:.6f}\n", upper(i) / 1e3, counts[i], (double)seen / (double)n);
		}
	}

	uint64_t n = 0;
	int64_t maxv = 0;

private:
	static size_t index(uint64_t v)
	{
		if (v < sub)
			return v;
		int msb = 63 - __builtin_clzll(v);	// >= 6
		int shift = msb - 6;
		return (size_t)(msb - 5) * sub + ((v >> shift) & (sub - 1));
	}

	static int64_t upper(size_t i)
	{
		if (i < (size_t)sub)
			return (int64_t)i;
		int msb = (int)(i / sub) + 5, shift = msb - 6;
		uint64_t base = (uint64_t)1 << msb;
		return (int64_t)(base + (((uint64_t)(i % sub) + 1) << shift) - 1);
	}

	std::vector<uint64_t> counts;
};

struct Options {
	std::string proto = "redis";
	std::string host = "127.0.0.1";
	int port = 0;
	int conns = 4;
	int threads = 1;
	int pipeline = 1;
	double rate = 0;
	long requests = 100000;
	double duration = 30;
	long keys = 1000;
	int value_size = 32;
	double set_ratio = 0.1;
	bool preload = false;
	bool verify = false;
	double wait = 0;
	bool shutdown = false;
	std::string csv, hist, label;
	unsigned seed = 1;
};

[[noreturn]] void die(const std::string &msg)
{
	fmt::print(stderr, "loadgen: {}\n", msg);
	exit(2);
}

// The requests of one protocol, and the parser of its replies.
struct Protocol {
	bool redis;

	std::string get(const std::string &key) const
	{
		if (redis)
			return fmt::format("*2\r\n$3\r\nGET\r\n${}\r\n{}\r\n", key.size(), key);
		return fmt::format("get {}\r\n", key);
	}

	std::string set(const std::string &key, const std::string &value) const
	{
		if (redis)
			return fmt::format("*3\r\n$3\r\nSET\r\n${}\r\n{}\r\n${}\r\n{}\r\n", key.size(), key,
					   value.size(), value);
		return fmt::format("set {} 0 0 {}\r\n{}\r\n", key, value.size(), value);
	}

	std::string del(const std::string &key) const
	{
		if (redis)
			return fmt::format("*2\r\n$3\r\nDEL\r\n${}\r\n{}\r\n", key.size(), key);
		return fmt::format("delete {}\r\n", key);
	}

	// The value in a complete GET reply @reply, or false for a miss.
	static bool value_of(const std::string &reply, std::string &value)
	{
		size_t eol = reply.find("\r\n");
		if (reply[0] == '$' && reply[1] != '-') {
			value = reply.substr(eol + 2, reply.size() - eol - 4);
			return true;
		}
		if (reply.rfind("VALUE ", 0) == 0) {
			value = reply.substr(eol + 2, reply.size() - eol - 9);	// CRLF END CRLF
			return true;
		}
		return false;
	}

	/*
	 * Parse one reply at the start of @buf.  Returns its length, or 0 if
	 * it is not complete yet; sets @error for an error reply.  Returns -1
	 * for a reply that cannot be parsed.
	 */
	long parse(const std::string &buf, bool &error) const
	{
		size_t eol = buf.find("\r\n");
		if (eol == std::string::npos)
			return 0;
		std::string line = buf.substr(0, eol);
		error = false;
		if (redis) {
			switch (line.empty() ? '?' : line[0]) {
			case '+':
			case ':':
				return (long)eol + 2;
			case '-':
				error = true;
				return (long)eol + 2;
			case '$': {
				long len = strtol(line.c_str() + 1, nullptr, 10);
				if (len < 0)
					return (long)eol + 2;
				size_t total = eol + 2 + (size_t)len + 2;
				return buf.size() >= total ? (long)total : 0;
			}
			default:
				return -1;
			}
		}
		if (line == "STORED" || line == "END" || line == "DELETED" || line == "NOT_FOUND")
			return (long)eol + 2;
		if (line.rfind("VALUE ", 0) == 0) {
			size_t sp = line.rfind(' ');
			long len = strtol(line.c_str() + sp + 1, nullptr, 10);
			size_t total = eol + 2 + (size_t)len + 2 + 5;	// data, CRLF, "END\r\n"
			if (buf.size() < total)
				return 0;
			return buf.compare(total - 5, 5, "END\r\n") == 0 ? (long)total : -1;
		}
		if (line == "ERROR" || line.rfind("CLIENT_ERROR", 0) == 0 || line.rfind("SERVER_ERROR", 0) == 0) {
			error = true;
			return (long)eol + 2;
		}
		return -1;
	}
};

struct Conn {
	int fd = -1;
	std::string out, in;
	std::deque<int64_t> sent;	// when each outstanding request was due
};

struct Result {
	Histogram hist;
	uint64_t done = 0, errors = 0;
	std::string failure;
};


// Connect to a loopback address; the benchmarks never target anything else.
int try_connect_loopback(const Options &o, std::string &err)
{
	sockaddr_in sa{};
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)o.port);
	if (inet_pton(AF_INET, o.host.c_str(), &sa.sin_addr) != 1 ||
	    (ntohl(sa.sin_addr.s_addr) >> 24) != 127)
		die(fmt::format("--host {}: only 127.0.0.0/8 addresses are allowed", o.host));
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		die(fmt::format("socket: {}", strerror(errno)));
	if (connect(fd, (sockaddr *)&sa, sizeof(sa)) < 0) {
		err = fmt::format("connect {}:{}: {}", o.host, o.port, strerror(errno));
		close(fd);
		return -1;
	}
	int one = 1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	return fd;
}

int connect_loopback(const Options &o)
{
	std::string err;
	int fd = try_connect_loopback(o, err);
	if (fd < 0)
		die(err);
	return fd;
}

// Wait until @fd is ready for @events; false once @deadline has passed.
bool poll_fd(int fd, short events, int64_t deadline)
{
	for (;;) {
		int64_t left_ms = (deadline - now_ns()) / 1000000;
		if (left_ms <= 0)
			return false;
		pollfd p{ fd, events, 0 };
		int n = poll(&p, 1, (int)std::min<int64_t>(left_ms, 1000));
		if (n > 0)
			return true;
		if (n < 0 && errno != EINTR)
			return false;
	}
}

/*
 * --wait: until the server answers one PING (or "version"), at most
 * @seconds.  Each try is a new connection given a second to answer.
 */
bool wait_ready(const Options &o, double seconds)
{
	bool redis = o.proto == "redis";
	const std::string ping = redis ? "PING\r\n" : "version\r\n";
	const std::string want = redis ? "+PONG\r\n" : "VERSION ";
	int64_t end = now_ns() + (int64_t)(seconds * 1e9);

	while (now_ns() < end) {
		std::string err, in;
		int64_t try_end = std::min(end, now_ns() + 1000000000);
		int fd = try_connect_loopback(o, err);
		if (fd >= 0 && send(fd, ping.data(), ping.size(), MSG_NOSIGNAL) == (ssize_t)ping.size()) {
			while (in.size() < want.size() && poll_fd(fd, POLLIN, try_end)) {
				char buf[256];
				ssize_t r = recv(fd, buf, sizeof(buf), 0);
				if (r <= 0)
					break;
				in.append(buf, (size_t)r);
			}
		}
		if (fd >= 0)
			close(fd);
		if (in.compare(0, want.size(), want) == 0)
			return true;
		// Refused or reset at once: try again after a moment, not in a spin.
		int64_t left = try_end - now_ns();
		if (left > 0)
			poll(nullptr, 0, (int)std::min<int64_t>(left / 1000000, 200));
	}
	return false;
}

// --shutdown: true once the server has closed the connection.
bool shutdown_server(const Options &o)
{
	const std::string req = o.proto == "redis" ? "SHUTDOWN NOSAVE\r\n" : "shutdown\r\n";
	int fd = connect_loopback(o);
	int64_t deadline = now_ns() + (int64_t)(o.duration * 1e9);
	bool closed = false;

	if (send(fd, req.data(), req.size(), MSG_NOSIGNAL) == (ssize_t)req.size())
		while (!closed && poll_fd(fd, POLLIN, deadline)) {
			char buf[256];
			ssize_t r = recv(fd, buf, sizeof(buf), 0);
			closed = r == 0 || (r < 0 && errno == ECONNRESET);
		}
	close(fd);
	return closed;
}

class Worker {
public:
	Worker(const Options &o, int nconns, long budget, double rate, unsigned seed)
		: o(o), proto{ o.proto == "redis" }, budget(budget), rate(rate), rng(seed),
		  value(o.value_size, 'v')
	{
		for (int i = 0; i < nconns; i++) {
			Conn c;
			c.fd = connect_loopback(o);
			conns.push_back(std::move(c));
		}
	}

	~Worker()
	{
		for (auto &c : conns)
			close(c.fd);
	}

	// SET keys [first, first + count): one at a time, to seed the server.
	void preload(long first, long count)
	{
		Conn &c = conns[0];
		for (long k = first; k < first + count; k++) {
			c.out += proto.set(key(k), value);
			c.sent.push_back(now_ns());
			if (!exchange(c))
				return;
		}
	}

	void run(int64_t deadline)
	{
		int64_t start = now_ns();
		long issued = 0;
		double interval = rate > 0 ? 1e9 / rate : 0;

		while (res.done < (uint64_t)budget && res.failure.empty()) {
			int64_t t = now_ns();
			if (t > deadline)
				break;
			if (rate > 0) {
				// Open loop: issue every request that is due by now.
				while (issued < budget && start + (int64_t)(issued * interval) <= t) {
					Conn &c = conns[issued % conns.size()];
					queue(c, start + (int64_t)(issued * interval));
					issued++;
				}
			} else {
				for (auto &c : conns)
					while (issued < budget && (long)c.sent.size() < o.pipeline) {
						queue(c, now_ns());
						issued++;
					}
			}
			int timeout_ms = 100;
			if (rate > 0 && issued < budget) {
				int64_t next = start + (int64_t)(issued * interval);
				timeout_ms = (int)std::max<int64_t>(0, (next - now_ns()) / 1000000);
			}
			if (!poll_once(std::min(timeout_ms, 100)))
				break;
		}
		if (res.failure.empty() && res.done < (uint64_t)budget && now_ns() > deadline)
			timed_out = true;
	}

	Result res;
	bool timed_out = false;

private:
	std::string key(long k) const { return fmt::format("key:{}", k); }

	void queue(Conn &c, int64_t due)
	{
		long k = std::uniform_int_distribution<long>(0, o.keys - 1)(rng);
		bool is_set = std::uniform_real_distribution<double>(0, 1)(rng) < o.set_ratio;
		c.out += is_set ? proto.set(key(k), value) : proto.get(key(k));
		c.sent.push_back(due);
	}

	// Send and receive until @c has no outstanding request (preload).
	bool exchange(Conn &c)
	{
		while (!c.sent.empty() && res.failure.empty())
			if (!poll_once(1000))
				return false;
		return res.failure.empty();
	}

	bool poll_once(int timeout_ms)
	{
		std::vector<pollfd> fds;
		for (auto &c : conns)
			fds.push_back({ c.fd, (short)(POLLIN | (c.out.empty() ? 0 : POLLOUT)), 0 });
		int n = poll(fds.data(), fds.size(), timeout_ms);
		if (n < 0 && errno != EINTR) {
			res.failure = fmt::format("poll: {}", strerror(errno));
			return false;
		}
		for (size_t i = 0; i < conns.size() && n > 0; i++) {
			Conn &c = conns[i];
			if (fds[i].revents & (POLLERR | POLLHUP | POLLNVAL) && !(fds[i].revents & POLLIN)) {
				res.failure = "connection closed by the server";
				return false;
			}
			if (fds[i].revents & POLLOUT && !send_some(c))
				return false;
			if (fds[i].revents & POLLIN && !receive(c))
				return false;
		}
		return true;
	}

	bool send_some(Conn &c)
	{
		ssize_t w = send(c.fd, c.out.data(), c.out.size(), MSG_NOSIGNAL);
		if (w < 0) {
			if (errno == EAGAIN || errno == EINTR)
				return true;
			res.failure = fmt::format("send: {}", strerror(errno));
			return false;
		}
		c.out.erase(0, (size_t)w);
		return true;
	}

	bool receive(Conn &c)
	{
		char buf[65536];
		ssize_t r = recv(c.fd, buf, sizeof(buf), 0);
		if (r == 0) {
			res.failure = "connection closed by the server";
			return false;
		}
		if (r < 0)
			return errno == EAGAIN || errno == EINTR ||
			       (res.failure = fmt::format("recv: {}", strerror(errno)), false);
		c.in.append(buf, (size_t)r);
		for (;;) {
			bool error = false;
			long len = proto.parse(c.in, error);
			if (len == 0)
				return true;
			if (len < 0 || c.sent.empty()) {
				res.failure = fmt::format("unexpected reply: {:.40}", c.in);
				return false;
			}
			res.hist.add(now_ns() - c.sent.front());
			c.sent.pop_front();
			c.in.erase(0, (size_t)len);
			res.done++;
			if (error)
				res.errors++;
		}
	}

	const Options &o;
	Protocol proto;
	long budget;
	double rate;
	std::mt19937_64 rng;
	std::string value;
	std::vector<Conn> conns;
};

/*
 * --verify: one connection's round over keys [first, first + count), each
 * request answered before the next is sent.  Returns what went wrong, or
 * "" if every reply was the expected one.
 */
std::string verify_round(const Options &o, long first, long count, int64_t deadline)
{
	Protocol proto{ o.proto == "redis" };
	int fd = connect_loopback(o);
	std::string in;

	// Send @req and return its reply; "" with @err set on failure.
	auto call = [&](const std::string &req, std::string &err) -> std::string {
		for (size_t off = 0; off < req.size();) {
			ssize_t w = send(fd, req.data() + off, req.size() - off, MSG_NOSIGNAL);
			if (w < 0 && errno != EAGAIN && errno != EINTR) {
				err = fmt::format("send: {}", strerror(errno));
				return "";
			}
			if (w > 0)
				off += (size_t)w;
			else
				poll_fd(fd, POLLOUT, deadline);
		}
		for (;;) {
			bool error = false;
			long len = proto.parse(in, error);
			if (len < 0) {
				err = fmt::format("unexpected reply: {:.40}", in);
				return "";
			}
			if (len > 0) {
				std::string reply = in.substr(0, (size_t)len);
				in.erase(0, (size_t)len);
				if (error)
					err = fmt::format("error reply: {:.60}", reply);
				return reply;
			}
			if (!poll_fd(fd, POLLIN, deadline)) {
				err = "no reply before --duration ran out";
				return "";
			}
			char buf[65536];
			ssize_t r = recv(fd, buf, sizeof(buf), 0);
			if (r == 0) {
				err = "connection closed by the server";
				return "";
			}
			if (r > 0)
				in.append(buf, (size_t)r);
		}
	};

	std::string err;
	for (long k = first; k < first + count && err.empty(); k++) {
		std::string key = fmt::format("key:{}", k), want = fmt::format("value-of-{}-", key), got;
		want.resize(std::max<size_t>(want.size(), (size_t)o.value_size), 'v');
		call(proto.set(key, want), err);
		std::string reply = err.empty() ? call(proto.get(key), err) : "";
		if (err.empty() && (!Protocol::value_of(reply, got) || got != want))
			err = fmt::format("GET {} after SET: {:.60}", key, reply);
		if (err.empty())
			call(proto.del(key), err);
		reply = err.empty() ? call(proto.get(key), err) : "";
		if (err.empty() && Protocol::value_of(reply, got))
			err = fmt::format("GET {} after DELETE found {:.40}", key, got);
	}
	close(fd);
	return err;
}

} // namespace

int main(int argc, char **argv)
{
	Options o;
	CLI::App app{ "loadgen: closed- and open-loop load for Redis (RESP) and Memcached (text) servers" };
	app.add_option("--proto", o.proto, "redis or memcache")->check(CLI::IsMember({ "redis", "memcache" }));
	app.add_option("--host", o.host, "server address (127.0.0.0/8 only)");
	app.add_option("--port", o.port, "server port")->required()->check(CLI::Range(1, 65535));
	app.add_option("--conns", o.conns, "connections in all")->check(CLI::Range(1, 4096));
	app.add_option("--threads", o.threads, "threads, each with its share of the connections")
		->check(CLI::Range(1, 256));
	app.add_option("--pipeline", o.pipeline, "outstanding requests per connection (closed loop)")
		->check(CLI::Range(1, 1024));
	app.add_option("--rate", o.rate, "open loop: requests per second in all (0: closed loop)")
		->check(CLI::NonNegativeNumber);
	app.add_option("--requests", o.requests, "requests in all (bound)")->check(CLI::Range(1L, 1000000000L));
	app.add_option("--duration", o.duration, "seconds at most (bound)")->check(CLI::Range(0.1, 86400.0));
	app.add_option("--keys", o.keys, "key space: key:0 .. key:N-1")->check(CLI::Range(1L, 100000000L));
	app.add_option("--value-size", o.value_size, "bytes per value")->check(CLI::Range(1, 1 << 20));
	app.add_option("--set-ratio", o.set_ratio, "fraction of requests that are SETs")->check(CLI::Range(0.0, 1.0));
	app.add_flag("--preload", o.preload, "SET every key before the measured run");
	app.add_option("--wait", o.wait, "first wait up to S seconds for the server to answer")
		->check(CLI::Range(0.0, 3600.0));
	app.add_flag("--shutdown", o.shutdown, "at the end, ask the server to end and wait for it");
	app.add_flag("--verify", o.verify,
		     "check SET/GET/DELETE of every key, the key space shared out among --conns");
	app.add_option("--csv", o.csv, "append a CSV row (header when the file is new)");
	app.add_option("--hist", o.hist, "write the latency histogram (CSV)");
	app.add_option("--label", o.label, "a name for this run in the summary and CSV");
	app.add_option("--seed", o.seed, "random seed");
	CLI11_PARSE(app, argc, argv);

	if (o.threads > o.conns)
		die("--threads must not exceed --conns");

	if (o.wait > 0 && !wait_ready(o, o.wait))
		die(fmt::format("no answer from {}:{} within --wait {:g} s", o.host, o.port, o.wait));

	if (o.verify) {
		std::vector<std::string> errs(o.conns);
		std::vector<std::thread> threads;
		int64_t t0 = now_ns(), deadline = t0 + (int64_t)(o.duration * 1e9);
		for (int c = 0; c < o.conns; c++) {
			long first = o.keys * c / o.conns, end = o.keys * (c + 1) / o.conns;
			threads.emplace_back([&, c, first, end] {
				errs[c] = verify_round(o, first, end - first, deadline);
			});
		}
		for (auto &t : threads)
			t.join();
		int bad = 0;
		for (int c = 0; c < o.conns; c++)
			if (!errs[c].empty()) {
				fmt::print(stderr, "loadgen: connection {}: {}\n", c, errs[c]);
				bad++;
			}
		fmt::print("loadgen{}: {} verify: {} keys over {} connections in {:.2f} s: {}\n",
			   o.label.empty() ? "" : " " + o.label, o.proto, o.keys, o.conns,
			   (double)(now_ns() - t0) / 1e9, bad ? "FAILED" : "ok");
		if (!bad && o.shutdown && !shutdown_server(o))
			die("--shutdown: the server did not close the connection");
		return bad ? 1 : 0;
	}

	if (o.preload) {
		Worker w(o, 1, o.keys, 0, o.seed);
		w.preload(0, o.keys);
		if (!w.res.failure.empty())
			die("preload: " + w.res.failure);
	}

	std::vector<std::unique_ptr<Worker>> workers;
	for (int t = 0; t < o.threads; t++) {
		int nconns = o.conns / o.threads + (t < o.conns % o.threads);
		long budget = o.requests / o.threads + (t < o.requests % o.threads);
		workers.push_back(std::make_unique<Worker>(o, nconns, budget, o.rate / o.threads,
							   o.seed * 1000 + (unsigned)t));
	}
	int64_t t0 = now_ns(), deadline = t0 + (int64_t)(o.duration * 1e9);
	std::vector<std::thread> threads;
	for (auto &w : workers)
		threads.emplace_back([&w, deadline] { w->run(deadline); });
	for (auto &t : threads)
		t.join();
	double secs = (double)(now_ns() - t0) / 1e9;

	Result all;
	bool timed_out = false;
	for (auto &w : workers) {
		all.hist.merge(w->res.hist);
		all.done += w->res.done;
		all.errors += w->res.errors;
		if (all.failure.empty())
			all.failure = w->res.failure;
		timed_out |= w->timed_out;
	}

	auto us = [](int64_t ns) { return (double)ns / 1e3; };
	std::string mode = o.rate > 0 ? fmt::format("open {:g}/s", o.rate) : "closed";
	fmt::print("loadgen{}: {} {}, conns {}, threads {}, pipeline {}: {} requests in {:.2f} s, "
		   "{:.0f} req/s, p50 {:.1f} us, p90 {:.1f} us, p99 {:.1f} us, p99.9 {:.1f} us, max {:.1f} us, "
		   "errors {}{}\n",
		   o.label.empty() ? "" : " " + o.label, o.proto, mode, o.conns,
		   o.threads, o.pipeline, all.done, secs, (double)all.done / secs, us(all.hist.quantile(0.5)),
		   us(all.hist.quantile(0.9)), us(all.hist.quantile(0.99)), us(all.hist.quantile(0.999)),
		   us(all.hist.maxv), all.errors, timed_out ? " (stopped at --duration)" : "");

	if (!o.csv.empty()) {
		bool fresh = access(o.csv.c_str(), F_OK) != 0;
		std::ofstream csv(o.csv, std::ios::app);
		if (fresh)
			csv << "label,proto,mode_rate,conns,threads,pipeline,requests,seconds,throughput,"
			       "p50_us,p90_us,p99_us,p999_us,max_us,errors\n";
		csv << fmt::format("{},{},{:g},{},{},{},{},{:.3f},{:.1f},{:.1f},{:.1f},{:.1f},{:.1f},{:.1f},{}\n",
				   o.label, o.proto, o.rate, o.conns, o.threads, o.pipeline, all.done, secs,
				   (double)all.done / secs, us(all.hist.quantile(0.5)), us(all.hist.quantile(0.9)),
				   us(all.hist.quantile(0.99)), us(all.hist.quantile(0.999)), us(all.hist.maxv),
				   all.errors);
	}
	if (!o.hist.empty()) {
		std::ofstream h(o.hist);
		all.hist.write(h);
	}
	if (!all.failure.empty()) {
		fmt::print(stderr, "loadgen: {}\n", all.failure);
		return 1;
	}
	if (all.errors)
		return 1;
	if (o.shutdown && !shutdown_server(o))
		die("--shutdown: the server did not close the connection");
	return 0;
}
