#!/bin/sh
# Build build/<variant>/arch/x86/boot/bzImage out of tree from build/linux.
# Extra arguments go to the kernel's make (e.g. UKL_APP=...).
#
# ccache keeps compiled objects in $UKL_CACHE/ccache, outside the repository,
# so fresh clones and other variants reuse them.  The full kbuild output goes
# to build/<variant>/build.log; on failure its tail is printed.  A warning
# from the compiler, the linker, objtool or modpost fails the build too: the
# series must build cleanly in every configuration of the matrix.
set -eu
. "$(dirname "$0")/lib.sh"

variant=$1
shift
objdir=$UKL_TOP/build/$variant

"$UKL_TOP/scripts/kconfig.sh" "$variant"

kbuild_env

step KERNEL "build/$variant/arch/x86/boot/bzImage (log: build/$variant/build.log)"
start=$(date +%s)
if ! make -C "$LINUX_SRC" O="$objdir" ARCH=x86_64 CC="ccache gcc" \
	-j"${JOBS:-$(nproc)}" "$@" bzImage >"$objdir/build.log" 2>&1; then
	tail -n 40 "$objdir/build.log" >&2
	die "kernel build of '$variant' failed (full log: build/$variant/build.log)"
fi
if grep -nE '(^|: )(warning|WARNING): ' "$objdir/build.log" >"$objdir/warnings.log"; then
	head -n 20 "$objdir/warnings.log" >&2
	die "kernel build of '$variant' has warnings (all: build/$variant/warnings.log)"
fi
step DONE "build/$variant in $(($(date +%s) - start)) s"
