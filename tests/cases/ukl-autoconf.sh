# A real autoconf project, GNU hello from Debian's source package, builds
# unmodified as a UKL application with the README's recipe: configure in
# cross-compile mode (--host=x86_64-ukl-linux-gnu, so configure runs no
# program it built), CC=ukl-gcc for the program and CC_FOR_BUILD=gcc for
# any tool the build runs; then 'make app' links and boots it.
set -eu
make -s ukl-gcc
top=$PWD
src=$(scripts/apt-source.sh hello)
b=$top/build/apps/gnu-hello
rm -rf "$b" && mkdir -p "$b"
(
	cd "$b"
	"$src/configure" --host=x86_64-ukl-linux-gnu CC="$top/build/bin/ukl-gcc" \
		CC_FOR_BUILD=gcc >configure.log 2>&1 ||
		{ tail -n 30 configure.log; exit 1; }
	grep -q 'checking whether we are cross compiling... yes' configure.log
	make -j2 >make.log 2>&1 || { tail -n 30 make.log; exit 1; }
)
make -s app UKL_APP="$b/hello" NAME=gnu-hello APPEND='-- --greeting=ukl-autoconf-ok'
grep -q '^ukl-autoconf-ok' build/logs/ukl-gnu-hello.log
grep -qE 'ukl: application exited with status 0[[:space:]]*$' build/logs/ukl-gnu-hello.log
