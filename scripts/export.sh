#!/bin/sh
# Regenerate patches/ from the commits in build/linux on top of ukl-base.
#
#   export.sh          write patches/ (the cover letter is kept as it is)
#   export.sh --check  write nothing; fail and show the difference when
#                      build/linux holds work that patches/ lacks
#
# Output is deterministic: the same commits give byte-identical files (no
# commit ids, no git version trailer, fixed abbreviation and diff settings).
set -eu
. "$(dirname "$0")/lib.sh"

mode=${1:-write}
git_linux rev-parse -q --verify "refs/tags/$BASE_TAG" >/dev/null 2>&1 ||
	die "build/linux is not prepared: run 'make tree' first"

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

git_linux -c core.abbrev=12 -c diff.algorithm=myers -c diff.renames=false \
	-c diff.noprefix=false -c diff.mnemonicPrefix=false \
	-c format.signOff=false -c format.numbered=auto \
	format-patch -q --zero-commit --no-signature --no-cover-letter \
	--full-index --no-renames --subject-prefix=PATCH \
	-o "$out" "$BASE_TAG..HEAD" >/dev/null

if [ "$mode" = --check ]; then
	status=0
	if [ -n "$(git_linux status --porcelain --untracked-files=no)" ]; then
		echo "build/linux has uncommitted changes that are not in patches/:"
		git_linux status --short --untracked-files=no | head -n 20
		status=1
	fi
	for p in $(series_patches); do
		[ -f "$out/$(basename "$p")" ] || {
			echo "patches/$(basename "$p") is not in build/linux"
			status=1
		}
	done
	for p in "$out"/*.patch; do
		[ -f "$p" ] || continue
		if ! cmp -s "$p" "$UKL_PATCHES/$(basename "$p")"; then
			echo "patches/$(basename "$p") differs from build/linux (run 'make export'):"
			diff -u "$UKL_PATCHES/$(basename "$p")" "$p" 2>/dev/null | head -n 20 || true
			status=1
		fi
	done
	exit $status
fi

for p in $(series_patches); do
	rm -f "$p"
done
for p in "$out"/*.patch; do
	[ -f "$p" ] || continue
	cp "$p" "$UKL_PATCHES/"
	step EXPORT "patches/$(basename "$p")"
done
printf '%s %s\n' "$(git_linux rev-parse HEAD)" "$(patches_hash)" >"$(tree_stamp)"
