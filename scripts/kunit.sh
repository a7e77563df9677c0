#!/bin/sh
# kunit.sh APP.a: run the KUnit suites selected by kunit/.kunitconfig with
# the tree's kunit.py on x86_64 under QEMU (TCG).  The KUnit kernel has
# CONFIG_UKL=y, so it links APP.a; the suites run before any application
# starts.  The build directory is build/kunit and objects come from ccache,
# so warm runs are quick.
set -eu
. "$(dirname "$0")/lib.sh"

kbuild_env
mkdir -p "$UKL_TOP/build/kunit" "$UKL_TOP/build/logs"

log=$UKL_TOP/build/logs/kunit.log
step KUNIT "kunit/.kunitconfig (log: build/logs/kunit.log)"
cd "$LINUX_SRC"
# kunit.py's own QEMU command uses no accelerator option, i.e. TCG.
if ! python3 tools/testing/kunit/kunit.py run --arch=x86_64 \
	--build_dir="$UKL_TOP/build/kunit" \
	--kunitconfig="$UKL_TOP/kunit/.kunitconfig" \
	--jobs="${JOBS:-$(nproc)}" --timeout=300 \
	--make_options "CC=ccache gcc" --make_options "UKL_APP=$1" \
	>"$log" 2>&1; then
	tail -n 40 "$log" >&2
	die "KUnit run failed (full log: build/logs/kunit.log)"
fi
# kunit.py exits non-zero on any failure; also insist that tests ran.
grep -E 'Testing complete|PASSED|FAILED' "$log" | tail -n 3
grep -qE 'Testing complete\. Ran [1-9][0-9]* tests' "$log" ||
	die "KUnit ran no tests (build/logs/kunit.log)"
