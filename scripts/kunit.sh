#!/bin/sh
# kunit.sh APP.a: run the KUnit suites of configs/ukl-kunit.config (the
# UKL suite and the list suite) in a UKL kernel with APP.a linked in.
#
# The kernel is a variant like the others (build/ukl-kunit: tinyconfig,
# configs/qemu.config, configs/ukl-kunit.config), so it shares ccache
# with build/ukl instead of being a kernel of its own configuration as
# kunit.py's would be.  The suites run at boot, before the application
# starts; APP.a (the glibc selftest app) is started with "abort" so that
# it ends at once, and the boot must end with its exit line.  The tree's
# kunit.py then parses the KTAP output of the serial log.
set -eu
. "$(dirname "$0")/lib.sh"

app=$1
"$UKL_TOP/scripts/build-kernel.sh" ukl-kunit UKL_APP="$app"
"$UKL_TOP/scripts/run-qemu.sh" --name ukl-kunit --timeout 300 \
	--kernel "$UKL_TOP/build/ukl-kunit/arch/x86/boot/bzImage" \
	--append 'ukl.exit=reboot -- abort' \
	--expect 'ukl: application exited with status 134 (signal 6)'

log=$UKL_TOP/build/logs/ukl-kunit.log
parsed=$UKL_TOP/build/logs/kunit.log
step KUNIT "parse build/logs/ukl-kunit.log (result: build/logs/kunit.log)"
if ! python3 "$LINUX_SRC/tools/testing/kunit/kunit.py" parse "$log" >"$parsed" 2>&1; then
	tail -n 40 "$parsed" >&2
	die "KUnit failed (build/logs/kunit.log, serial log build/logs/ukl-kunit.log)"
fi
grep -E 'Testing complete|PASSED|FAILED' "$parsed" | tail -n 3
grep -qE 'Testing complete\. Ran [1-9][0-9]* tests' "$parsed" ||
	die "KUnit ran no tests (build/logs/kunit.log)"
