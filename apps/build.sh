#!/bin/sh
# Build a server from Debian's source package, unmodified, as a UKL
# application (README.md, "Servers"):
#
#   apps/build.sh redis        build/apps/redis.a       (Debian's redis 7.0)
#   apps/build.sh memcached    build/apps/memcached.a   (memcached 1.6, with
#                              libevent 2.1 built the same way)
#   apps/build.sh --native NAME    build/apps/native/NAME: the same program
#                              built with gcc -static for Linux, which the
#                              server benchmarks run as a process
#
# Each recipe is what a user would type to build the program for another
# target: ukl-gcc as the compiler, and only the build variables the
# project documents.  A program that needs a change of its sources to run
# is a bug of ukl-gcc or of the kernel series, never a patch here.
#
# Sources come from scripts/apt-source.sh (cached by version).  A build is
# redone only when its inputs change: the source versions, the UKL glibc
# and ukl-gcc (the stamp next to the output).
set -eu
. "$(dirname "$0")/../scripts/lib.sh"

native=
[ "${1:-}" != --native ] || { native=yes; shift; }
[ $# = 1 ] || die "usage: apps/build.sh [--native] redis|memcached"
app=$1
B=$UKL_TOP/build
if [ -n "$native" ]; then
	# Native: the host's gcc and glibc, linked statically so that the
	# initramfs needs no shared libraries.
	cc=gcc host= ldflags=-static
	out=$B/apps/native/$app
	work=$B/apps/native/$app-build
else
	cc=$B/bin/ukl-gcc host=--host=x86_64-ukl-linux-gnu ldflags=
	[ -x "$cc" ] || die "apps/build.sh: no $cc (make ukl-gcc)"
	out=$B/apps/$app.a
	work=$B/apps/$app
fi
# The work trees are inside this repository's build/: keep the programs'
# build scripts (Redis's mkreleasehdr.sh) from reading our git state.
export GIT_CEILING_DIRECTORIES=$B/apps
log=$work.log

# Unpack a fresh copy of a cached source tree into DIR (builds write in it).
fresh_copy() {
	rm -rf "$2"
	mkdir -p "$(dirname "$2")"
	cp -a "$1" "$2"
}

# Run a build step quietly; on failure show the end of its log.
quiet() {
	"$@" >>"$log" 2>&1 || {
		tail -n 30 "$log"
		die "apps/build.sh $app: '$*' failed (log: ${log#$UKL_TOP/})"
	}
}

case $app in
redis)
	srcs=$("$UKL_TOP/scripts/apt-source.sh" redis)
	;;
memcached)
	srcs="$("$UKL_TOP/scripts/apt-source.sh" libevent) $("$UKL_TOP/scripts/apt-source.sh" memcached)"
	;;
*)
	die "apps/build.sh: no recipe for '$app' (redis, memcached)"
	;;
esac

stamp=$(
	echo "$srcs $native"
	if [ -n "$native" ]; then
		gcc --version
	else
		readlink -f "$B/glibc" "$B/gcc-libs"
		cat "$B/tools/ukl/ukl-gcc" "$B/tools/ukl/ukl-check"
	fi
	cat "$0"
) 2>/dev/null
stamp=$(printf '%s' "$stamp" | sha256sum | cut -c1-16)
if [ -f "$out" ] && [ "$(cat "$out.stamp" 2>/dev/null)" = "$stamp" ]; then
	step APP "${out#$UKL_TOP/} (up to date)"
	exit 0
fi
rm -f "$out" "$out.stamp" "$log"
mkdir -p "$(dirname "$out")"

case $app in
redis)
	# MALLOC=libc: the bundled jemalloc's configure runs the programs it
	# builds, which a cross build cannot.  USE_SYSTEMD=no: the host's
	# libsystemd is not built for UKL.  -rdynamic (for backtraces) is
	# accepted by ukl-gcc and means nothing in a static program.
	step BUILD "redis-server ($(basename "$srcs"))"
	fresh_copy "$srcs" "$work"
	quiet make -C "$work" -j"$(nproc)" CC="$cc" MALLOC=libc USE_SYSTEMD=no \
		${ldflags:+LDFLAGS=$ldflags} redis-server
	cp "$work/src/redis-server" "$out"
	;;
memcached)
	set -- $srcs
	# libevent: regenerate the build system (Debian's patches change
	# Makefile.am, and Debian's own build runs autoreconf too), then a
	# static cross build installed into the work tree.
	step BUILD "libevent ($(basename "$1"))"
	fresh_copy "$1" "$work/libevent-src"
	(cd "$work/libevent-src" && quiet autoreconf -fi)
	mkdir -p "$work/libevent"
	(cd "$work/libevent" && quiet "$work/libevent-src/configure" \
		$host CC="$cc" CC_FOR_BUILD=gcc \
		--disable-shared --disable-openssl --disable-samples \
		--disable-libevent-regress --prefix="$work/libevent-install")
	quiet make -C "$work/libevent" -j"$(nproc)" install
	step BUILD "memcached ($(basename "$2"))"
	mkdir -p "$work/memcached"
	(cd "$work/memcached" && quiet "$2/configure" \
		$host CC="$cc" CC_FOR_BUILD=gcc ${ldflags:+LDFLAGS=$ldflags} \
		--with-libevent="$work/libevent-install")
	quiet make -C "$work/memcached" -j"$(nproc)" memcached
	cp "$work/memcached/memcached" "$out"
	;;
esac
echo "$stamp" >"$out.stamp"
step APP "${out#$UKL_TOP/}"
