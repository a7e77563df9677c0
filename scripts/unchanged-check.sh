#!/bin/sh
# CONFIG_UKL=n must leave the kernel unchanged: build the unpatched base
# (ukl-base) with the vanilla configuration and compare its vmlinux with
# build/vanilla/vmlinux, section by section.  The base tree is a git
# worktree at build/cmp/linux, so that source paths compiled into the
# image ("../linux/...") are the same in both builds.
set -eu
. "$(dirname "$0")/lib.sh"

cmp_dir=$UKL_TOP/build/cmp
# A worktree left from an earlier build/linux (re-unpacked since) is stale.
git -C "$cmp_dir/linux" rev-parse -q --verify "$BASE_TAG" >/dev/null 2>&1 ||
	rm -rf "$cmp_dir/linux"
git_linux worktree prune
[ -d "$cmp_dir/linux" ] ||
	git_linux worktree add -q --detach "$cmp_dir/linux" "$BASE_TAG"
git -C "$cmp_dir/linux" checkout -q --detach "$BASE_TAG"

kbuild_env
mkdir -p "$cmp_dir/vanilla"
cp "$UKL_TOP/build/vanilla/.config" "$cmp_dir/vanilla/.config"
step KERNEL "build/cmp/vanilla: ukl-base, configs/vanilla.config (log: build/cmp/build.log)"
if ! make -C "$cmp_dir/linux" O="$cmp_dir/vanilla" ARCH=x86_64 CC="ccache gcc" \
	-j"${JOBS:-$(nproc)}" olddefconfig vmlinux >"$cmp_dir/build.log" 2>&1; then
	tail -n 40 "$cmp_dir/build.log" >&2
	die "build of the unpatched base failed"
fi

status=0
for section in .text .rodata .data .init.text .init.data .bss; do
	base=$(objcopy -O binary --only-section="$section" "$cmp_dir/vanilla/vmlinux" /dev/stdout | sha256sum)
	ours=$(objcopy -O binary --only-section="$section" "$UKL_TOP/build/vanilla/vmlinux" /dev/stdout | sha256sum)
	if [ "$base" = "$ours" ]; then
		step SAME "$section"
	else
		step DIFFERS "$section"
		status=1
	fi
done
[ $status = 0 ] || die "CONFIG_UKL=n changes vmlinux (compare build/cmp/vanilla/vmlinux with build/vanilla/vmlinux)"
