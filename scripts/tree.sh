#!/bin/sh
# Prepare build/linux: Debian's linux-source-6.12 as a git repository whose
# base commit is tagged ukl-base, with the series in patches/ applied on top.
#
# Idempotent: does nothing while patches/ is unchanged since the last apply
# or export.  When patches/ changed, re-applies it, but refuses to discard
# commits or edits in build/linux that were never exported (FORCE=1
# overrides).  Names the patch that fails to apply.
set -eu
. "$(dirname "$0")/lib.sh"

expected_version=$(cat "$UKL_TOP/configs/base-version")

check_base_package() {
	[ -f "$BASE_TARBALL" ] ||
		die "$BASE_TARBALL missing: run 'make deps' (installs $BASE_PACKAGE)"
	have=$(dpkg-query -W -f '${Version}' "$BASE_PACKAGE" 2>/dev/null || echo unknown)
	if [ "$have" != "$expected_version" ]; then
		printf 'warning: %s is %s; the series was made against %s\n' \
			"$BASE_PACKAGE" "$have" "$expected_version" >&2
	fi
}

unpack_base() {
	step UNPACK "$BASE_TARBALL"
	rm -rf "$LINUX_SRC.tmp"
	mkdir -p "$LINUX_SRC.tmp"
	tar -xJf "$BASE_TARBALL" -C "$LINUX_SRC.tmp" --strip-components=1
	step GIT "base commit $BASE_TAG"
	git -C "$LINUX_SRC.tmp" init -q -b ukl
	git -C "$LINUX_SRC.tmp" config core.autocrlf false
	git -C "$LINUX_SRC.tmp" config gc.auto 0
	# Debian's .gitignore ignores everything at the top level (its
	# packaging repository holds only debian/); without that rule, git
	# sees the files a patch adds.  This is the only change to the tarball.
	sed -i -e '/^\/\*$/d' -e '/^!\/debian\/$/d' "$LINUX_SRC.tmp/.gitignore"
	git -C "$LINUX_SRC.tmp" add -A -f .
	GIT_AUTHOR_DATE="2000-01-01T00:00:00Z" GIT_COMMITTER_DATE="2000-01-01T00:00:00Z" \
		git -C "$LINUX_SRC.tmp" commit -q --no-verify \
		-m "Debian $BASE_PACKAGE $(dpkg-query -W -f '${Version}' "$BASE_PACKAGE")"
	git -C "$LINUX_SRC.tmp" tag "$BASE_TAG"
	rm -rf "$LINUX_SRC"
	mv "$LINUX_SRC.tmp" "$LINUX_SRC"
}

tree_is_clean() {
	[ -z "$(git_linux status --porcelain --untracked-files=no)" ]
}

apply_series() {
	git_linux checkout -q -f -B ukl "$BASE_TAG"
	n=0
	for p in $(series_patches); do
		step AM "$(basename "$p")"
		if ! git_linux am -q --keep-cr --committer-date-is-author-date "$p" \
			>"$(git_linux rev-parse --absolute-git-dir)/am.log" 2>&1; then
			grep -E "^(error|Patch failed)" "$(git_linux rev-parse --absolute-git-dir)/am.log" >&2 || true
			git_linux am --abort >/dev/null 2>&1 || true
			git_linux checkout -q -f -B ukl "$BASE_TAG"
			# Nothing to lose on the bare base: the next run re-applies.
			printf '%s failed\n' "$(git_linux rev-parse HEAD)" >"$(tree_stamp)"
			die "patch $(basename "$p") does not apply to $BASE_PACKAGE $(cat "$UKL_TOP/configs/base-version")"
		fi
		n=$((n + 1))
	done
	printf '%s %s\n' "$(git_linux rev-parse HEAD)" "$(patches_hash)" >"$(tree_stamp)"
	step TREE "build/linux: $(cat "$UKL_TOP/configs/base-version") + $n patches"
}

check_base_package
if ! git_linux rev-parse -q --verify "refs/tags/$BASE_TAG" >/dev/null 2>&1; then
	unpack_base
	apply_series
	exit 0
fi

want=$(patches_hash)
head=$(git_linux rev-parse HEAD)
stamp_head=$(cut -d' ' -f1 "$(tree_stamp)" 2>/dev/null || true)
stamp_hash=$(cut -d' ' -f2 "$(tree_stamp)" 2>/dev/null || true)
# No stamp yet on the bare base: nothing there can be lost.
[ -n "$stamp_head" ] || stamp_head=$(git_linux rev-parse "$BASE_TAG^{commit}")

# patches/ unchanged since the last apply or export: nothing to do, whether
# or not someone is working in build/linux.
[ "$want" != "$stamp_hash" ] || exit 0
if [ "${FORCE:-0}" != 1 ]; then
	if ! tree_is_clean; then
		git_linux status --short --untracked-files=no | head -n 20 >&2
		die "build/linux has uncommitted changes; commit and 'make export', or 'make tree FORCE=1' to discard them"
	fi
	if [ "$head" != "$stamp_head" ]; then
		git_linux log --oneline "${stamp_head:-$BASE_TAG}..HEAD" 2>/dev/null | head -n 20 >&2
		die "build/linux has commits that were never exported to patches/; run 'make export', or 'make tree FORCE=1' to discard them"
	fi
fi
apply_series
