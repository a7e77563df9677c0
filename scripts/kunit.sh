#!/bin/sh
# kunit.sh VARIANT IMAGE: run the UKL KUnit suite built into a UKL kernel
# (configs/ukl.config and the configurations that share its objects build
# it in, off at boot) and parse its KTAP output with the tree's kunit.py.
#
# IMAGE is an existing UKL image of VARIANT (the glibc selftest app), so
# KUnit costs no kernel build of its own.  kunit.enable=1 runs the suites
# at boot, before the application starts; the application is started with
# "abort" so that it ends at once, and the boot must end with its exit line.
set -eu
. "$(dirname "$0")/lib.sh"

variant=$1 image=$2
"$UKL_TOP/scripts/run-qemu.sh" --name "$variant-kunit" --timeout 300 \
	--kernel "$image" --append 'kunit.enable=1 ukl.exit=reboot -- abort' \
	--expect 'ukl: application exited with status 134 (signal 6)'

log=$UKL_TOP/build/logs/$variant-kunit.log
parsed=$UKL_TOP/build/logs/$variant-kunit.parsed
step KUNIT "parse build/logs/$variant-kunit.log (result: ${parsed#"$UKL_TOP"/})"
if ! python3 "$LINUX_SRC/tools/testing/kunit/kunit.py" parse "$log" >"$parsed" 2>&1; then
	tail -n 40 "$parsed" >&2
	die "KUnit failed (${parsed#"$UKL_TOP"/}, serial log build/logs/$variant-kunit.log)"
fi
grep -E 'Testing complete|PASSED|FAILED' "$parsed" | tail -n 3
grep -qE 'Testing complete\. Ran [1-9][0-9]* tests' "$parsed" ||
	die "KUnit ran no tests (${parsed#"$UKL_TOP"/})"
