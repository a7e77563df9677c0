#!/bin/sh
# Run test cases (tests/cases/NAME.sh) and report TAP, then one summary line
# "N passed, N failed".  Each case's output goes to build/logs/test-NAME.log;
# a failing case's last lines are shown.  Exit status 1 when any case fails.
#
#   run-tests.sh [NAME...]     (default: every case in tests/cases)
set -u
. "$(dirname "$0")/../scripts/lib.sh"

cd "$UKL_TOP"
[ $# -gt 0 ] || set -- $(ls tests/cases/*.sh | sed 's|.*/||; s|\.sh$||')
mkdir -p build/logs
printf 'TAP version 13\n1..%d\n' $#
n=0 passed=0 failed=0
for t in "$@"; do
	n=$((n + 1))
	log=build/logs/test-$t.log
	[ -f "tests/cases/$t.sh" ] || { echo "no test case '$t'" >"$log"; false; }
	start=$(date +%s)
	if [ -f "tests/cases/$t.sh" ] && sh "tests/cases/$t.sh" >"$log" 2>&1 </dev/null; then
		passed=$((passed + 1))
		printf 'ok %d %s # %ss\n' $n "$t" $(($(date +%s) - start))
	else
		failed=$((failed + 1))
		printf 'not ok %d %s # %ss, log: %s\n' $n "$t" $(($(date +%s) - start)) "$log"
		tail -n 25 "$log" | sed 's/^/#   /'
	fi
done
printf '%d passed, %d failed\n' $passed $failed
[ $failed = 0 ]
