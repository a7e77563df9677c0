#!/bin/sh
# Build every prefix of the series, with CONFIG_UKL=n (vanilla) and =y
# (ukl, linking the given application), in a separate git worktree and
# separate output directories (build/bisect/), so that build/linux and the
# test kernels are left alone.  Slow: up to two kernel builds per patch;
# patches that touch widely included headers rebuild most of the kernel.
# Stops at the first prefix that does not build and names its patch.
# BISECT_FROM=N starts at patch N (the earlier prefixes built before).
set -eu
. "$(dirname "$0")/lib.sh"

app=$1
kbuild_env
work=$UKL_TOP/build/bisect
git_linux worktree prune
if [ ! -d "$work/linux" ]; then
	mkdir -p "$work"
	git_linux worktree add -q --detach "$work/linux" "$BASE_TAG"
fi

total=$(git_linux rev-list --count "$BASE_TAG..HEAD")
n=0
start=$(date +%s)
for commit in $(git_linux rev-list --reverse "$BASE_TAG..HEAD"); do
	n=$((n + 1))
	[ "$n" -ge "${BISECT_FROM:-1}" ] || continue
	subject=$(git_linux log -1 --format=%s "$commit")
	git -C "$work/linux" checkout -q --detach "$commit"
	for variant in vanilla ukl; do
		objdir=$work/$variant
		step BISECT "$n/$total $variant: $subject"
		# Kconfig may change from one prefix to the next: compose anew.
		rm -f "$objdir/.config-inputs"
		LINUX_SRC=$work/linux KCONFIG_OBJDIR=$objdir \
			"$UKL_TOP/scripts/kconfig.sh" "$variant" >/dev/null
		if ! make -C "$work/linux" O="$objdir" ARCH=x86_64 \
			CC="ccache gcc" -j"${JOBS:-$(nproc)}" UKL_APP="$app" \
			bzImage >"$work/build.log" 2>&1; then
			tail -n 30 "$work/build.log" >&2
			die "patch $n ($subject) does not build with configs/$variant.config (log: build/bisect/build.log)"
		fi
		if grep -E '(^|: )warning:' "$work/build.log" >"$work/warnings.log"; then
			cat "$work/warnings.log" >&2
			die "patch $n ($subject) builds with warnings with configs/$variant.config"
		fi
	done
done
step OK "prefixes ${BISECT_FROM:-1} to $n build with CONFIG_UKL=n and =y, no warnings, in $(($(date +%s) - start)) s"
