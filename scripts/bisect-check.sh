#!/bin/sh
# Build every prefix of the series, with CONFIG_UKL=n (vanilla) and =y
# (ukl, linking build/apps/hello.a), in a separate git worktree so that
# build/linux is left alone.  Slow: one or two kernel builds per patch.
# Stops at the first prefix that does not build and names its patch.
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

n=0
for commit in $(git_linux rev-list --reverse "$BASE_TAG..HEAD"); do
	n=$((n + 1))
	subject=$(git_linux log -1 --format=%s "$commit")
	git -C "$work/linux" checkout -q --detach "$commit"
	for variant in vanilla ukl; do
		step BISECT "$n/$variant: $subject"
		LINUX_SRC=$work/linux "$UKL_TOP/scripts/kconfig.sh" "$variant" >/dev/null
		if ! make -C "$work/linux" O="$UKL_TOP/build/$variant" ARCH=x86_64 \
			CC="ccache gcc" -j"$(nproc)" UKL_APP="$app" bzImage \
			>"$work/build.log" 2>&1; then
			tail -n 30 "$work/build.log" >&2
			die "patch $n ($subject) does not build with configs/$variant.config"
		fi
	done
done
step OK "all $n prefixes build with CONFIG_UKL=n and =y"
