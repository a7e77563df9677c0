#!/bin/sh
# Make build/glibc: the UKL variant of glibc (tools/ukl/glibc/ in the series),
# built from Debian's glibc-source tarball.  A build takes minutes, so it is
# kept in $UKL_CACHE/glibc/<key>, outside the repository, where <key> hashes
# every input: the tarball, the glibc patch and build script, the compiler
# and the kernel UAPI headers.  build/glibc links to the entry for the
# current inputs; a cache hit costs nothing.
set -eu
. "$(dirname "$0")/lib.sh"

tarball=${GLIBC_TARBALL:-/usr/src/glibc/glibc-2.36.tar.xz}
glibc_dir=$LINUX_SRC/tools/ukl/glibc

[ -f "$tarball" ] || die "no $tarball (apt-get install glibc-source, or run 'make deps')"
[ -x "$glibc_dir/build.sh" ] || die "no $glibc_dir/build.sh: run 'make tree'"

key=$({
	sha256sum "$tarball" | cut -d' ' -f1
	cat "$glibc_dir/build.sh" "$glibc_dir/glibc-2.36-ukl.patch"
	gcc --version | head -n 1
	dpkg-query -W -f='${Version}\n' linux-libc-dev
} | sha256sum | cut -c1-16)
cached_build glibc "$key" lib/libc.a "$glibc_dir/build.sh" "$tarball"
