#!/bin/sh
# Make build/gcc-libs: gcc's run-time libraries (libgcc, libgcc_eh,
# libsupc++, libstdc++, crtbeginT.o, crtend.o) built for UKL applications by
# tools/ukl/gcc-libs/build.sh in the series, from Debian's gcc-12-source.
# Like the UKL glibc it is kept in $UKL_CACHE/gcc-libs/<key>, where <key>
# hashes every input: the tarball, the build script, the compiler and the
# C library headers it compiles against.  build/gcc-libs links to the entry
# for the current inputs; a cache hit costs nothing.
set -eu
. "$(dirname "$0")/lib.sh"

version=$(gcc -dumpversion)
tarball=${GCC_TARBALL:-$(echo /usr/src/gcc-"$version"/gcc-*.tar.xz)}
build_sh=$LINUX_SRC/tools/ukl/gcc-libs/build.sh

[ -f "$tarball" ] || die "no gcc source tarball $tarball (apt-get install gcc-$version-source, or run 'make deps')"
[ -x "$build_sh" ] || die "no $build_sh: run 'make tree'"

key=$({
	sha256sum "$tarball" | cut -d' ' -f1
	cat "$build_sh"
	gcc --version | head -n 1
	g++ --version | head -n 1
	dpkg-query -W -f='${Version}\n' libc6-dev linux-libc-dev
} | sha256sum | cut -c1-16)
cached_build gcc-libs "$key" lib/libstdc++.a "$build_sh" "$tarball"
