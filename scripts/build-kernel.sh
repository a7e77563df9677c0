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

# A variant built for the first time starts as a copy of the built variant
# whose configuration is nearest.  kbuild records which CONFIG_ symbols each
# object uses (fixdep), so it then recompiles only the objects that use a
# symbol that differs: a UKL sub-option costs seconds.  ccache alone would
# run the preprocessor on every file again, because autoconf.h changed
# (about 4 minutes on 2 cores).  Nothing is trusted from the copy that kbuild
# would not check in an incremental build of the same directory.
seed_from_nearest() {
	best= best_n=
	for dir in "$UKL_TOP"/build/*/; do
		dir=${dir%/}
		[ "$dir" != "$objdir" ] && [ -f "$dir/vmlinux" ] && [ -f "$dir/.config" ] &&
			[ "$(readlink "$dir/source")" = "$LINUX_SRC" ] || continue
		n=$(diff "$dir/.config" "$objdir/.config" | grep -c '^[<>] CONFIG_') || true
		if [ -z "$best_n" ] || [ "$n" -lt "$best_n" ]; then
			best=$dir best_n=$n
		fi
	done
	[ -n "$best" ] || return 0
	step SEED "build/$variant from build/${best##*/} ($best_n options differ)"
	keep=$(mktemp -d)
	mv "$objdir/.config" "$objdir/.config-inputs" "$keep/"
	rm -rf "$objdir"
	cp -a "$best" "$objdir"
	rm -f "$objdir/vmlinux" "$objdir/build.log" "$objdir/warnings.log"
	# objtool's own build records absolute output paths; left alone they
	# would rebuild objtool, and with it every object.
	grep -rlIF "$best/" "$objdir/tools" | xargs -r sed -i "s|$best/|$objdir/|g"
	mv "$keep/.config" "$keep/.config-inputs" "$objdir/"
	rmdir "$keep"
}

fresh=0
[ -f "$objdir/vmlinux" ] || fresh=1
"$UKL_TOP/scripts/kconfig.sh" "$variant"
[ $fresh = 0 ] || seed_from_nearest

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
