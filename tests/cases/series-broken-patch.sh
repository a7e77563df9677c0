# A patch that does not apply makes 'make tree' fail and name the patch;
# commits that were never exported are not thrown away.
set -eu
. scripts/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export LINUX_SRC=$tmp/linux UKL_PATCHES=$tmp/patches
mkdir -p "$LINUX_SRC" "$UKL_PATCHES"
printf 'one\ntwo\n' >"$LINUX_SRC/file"
git -C "$LINUX_SRC" init -q -b ukl
git -C "$LINUX_SRC" add file
git -C "$LINUX_SRC" commit -q -m base
git -C "$LINUX_SRC" tag ukl-base
cat >"$UKL_PATCHES/0001-broken.patch" <<'PATCH'
From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001
From: UKL Developers <ukl-devel@example.org>
Date: Sat, 1 Jan 2000 00:00:00 +0000
Subject: [PATCH] broken on purpose

---
 file | 2 +-
 1 file changed, 1 insertion(+), 1 deletion(-)

diff --git a/file b/file
--- a/file
+++ b/file
@@ -1,2 +1,2 @@
 one
-three
+four
PATCH
if scripts/tree.sh >"$tmp/out" 2>&1; then
	echo "FAIL: tree.sh accepted a patch that does not apply"; exit 1
fi
cat "$tmp/out"
grep -q 'patch 0001-broken.patch does not apply' "$tmp/out"

# An unexported commit makes tree.sh refuse instead of discarding it.
rm "$UKL_PATCHES/0001-broken.patch"
scripts/tree.sh
echo three >>"$LINUX_SRC/file"
git -C "$LINUX_SRC" commit -q -am 'local work'
printf 'changed\n' >"$UKL_PATCHES/0001-other.patch"
if scripts/tree.sh >"$tmp/out" 2>&1; then
	echo "FAIL: tree.sh discarded an unexported commit"; exit 1
fi
cat "$tmp/out"
grep -q 'never exported' "$tmp/out"
git -C "$LINUX_SRC" log --oneline | grep -q 'local work'
echo PASS
