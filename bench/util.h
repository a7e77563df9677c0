// SPDX-License-Identifier: GPL-2.0
//
// Helpers shared by the benchmark drivers (bench/driver.cc for the system
// call benchmark, bench/servers.cc for the servers): progress lines,
// running programs, small file and string helpers, and the variant table
// bench/variants.tsv.
#ifndef UKL_BENCH_UTIL_H
#define UKL_BENCH_UTIL_H

#include <fmt/core.h>
#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <utility>
#include <vector>

namespace fs = std::filesystem;

// One line of bench/variants.tsv: name, kernel configuration, what runs
// (linux: a program as /init; ukl: the application linked into the
// kernel; exec: a UKL application that execs /init), kernel arguments.
struct Variant {
	std::string name, config, app, args;
};

[[noreturn]] inline void die(const std::string &msg)
{
	fmt::print(stderr, "error: {}\n", msg);
	std::exit(1);
}

inline void step(const std::string &what, const std::string &detail)
{
	fmt::print("  {:<8} {}\n", what, detail);
	std::fflush(stdout);
}

inline std::vector<std::string> split(const std::string &s, char sep)
{
	std::vector<std::string> out;
	std::string cur;
	std::istringstream in(s);

	while (std::getline(in, cur, sep))
		if (!cur.empty())
			out.push_back(cur);
	return out;
}

inline std::string slurp(const fs::path &p)
{
	std::ifstream in(p);
	std::stringstream ss;

	ss << in.rdbuf();
	return ss.str();
}

inline std::string trim(std::string s)
{
	while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' '))
		s.pop_back();
	size_t k = s.find_first_not_of(' ');
	return k == std::string::npos ? "" : s.substr(k);
}

// Run a program with its output in a file; returns its exit status.
inline int spawn(const std::vector<std::string> &argv, const fs::path &outfile,
	  const std::vector<std::pair<std::string, std::string>> &env = {})
{
	pid_t pid = fork();

	if (pid < 0)
		die(fmt::format("fork: {}", std::strerror(errno)));
	if (pid == 0) {
		int fd = open(outfile.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
		int null = open("/dev/null", O_RDONLY);
		std::vector<char *> args;

		if (fd < 0 || null < 0)
			_exit(127);
		dup2(null, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		for (const auto &[k, v] : env)
			setenv(k.c_str(), v.c_str(), 1);
		for (const auto &a : argv)
			args.push_back(const_cast<char *>(a.c_str()));
		args.push_back(nullptr);
		execvp(args[0], args.data());
		_exit(127);
	}
	int status = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// The first line of a command's output ("" if it fails).
inline std::string capture_line(const std::string &cmd)
{
	std::string line;
	FILE *p = popen(cmd.c_str(), "r");
	char buf[512];

	if (!p)
		return line;
	if (fgets(buf, sizeof(buf), p))
		line = trim(buf);
	pclose(p);
	return line;
}

// All of a command's output.
inline std::string capture_all(const std::string &cmd)
{
	std::string all;
	FILE *p = popen(cmd.c_str(), "r");
	char buf[4096];
	size_t n;

	if (!p)
		return all;
	while ((n = fread(buf, 1, sizeof(buf), p)) > 0)
		all.append(buf, n);
	pclose(p);
	return all;
}

inline void show_tail(const fs::path &file, int lines)
{
	std::vector<std::string> all = split(slurp(file), '\n');
	size_t from = all.size() > (size_t)lines ? all.size() - lines : 0;

	fmt::print(stderr, "--- last lines of {} ---\n", file.string());
	for (size_t k = from; k < all.size(); k++)
		fmt::print(stderr, "{}\n", all[k]);
}

inline std::vector<Variant> load_variants(const fs::path &path, const std::string &only)
{
	std::ifstream in(path);
	std::vector<Variant> out;
	std::string line;
	std::set<std::string> want;

	if (!in)
		die(fmt::format("cannot read {}", path.string()));
	for (const auto &n : split(only, ','))
		want.insert(n);
	while (std::getline(in, line)) {
		std::istringstream ls(line);
		Variant v;

		if (line.empty() || line[0] == '#')
			continue;
		if (!(ls >> v.name >> v.config >> v.app))
			die(fmt::format("{}: bad line '{}'", path.string(), line));
		std::getline(ls, v.args);
		v.args = trim(v.args);
		if (v.args == "-")
			v.args.clear();
		if (v.app != "linux" && v.app != "ukl" && v.app != "exec")
			die(fmt::format("{}: variant {}: app must be linux, ukl or exec", path.string(), v.name));
		if (want.empty() || want.count(v.name))
			out.push_back(v);
	}
	for (const auto &n : want)
		if (std::none_of(out.begin(), out.end(), [&](const Variant &v) { return v.name == n; }))
			die(fmt::format("no variant '{}' in {}", n, path.string()));
	return out;
}

#endif
