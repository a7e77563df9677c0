#!/bin/sh
# Run the tree's scripts/checkpatch.pl --strict on every patch of the series
# (cover letter excluded).  Any error, warning or check fails.
set -eu
. "$(dirname "$0")/lib.sh"

status=0 n=0
for p in $(series_patches); do
	n=$((n + 1))
	# Debian's python3 (with python3-ply, python3-git) runs spdxcheck.py, whatever else is on PATH.
	if out=$(cd "$LINUX_SRC" && PATH=/usr/bin:$PATH perl scripts/checkpatch.pl --strict --quiet \
		--no-summary --show-types "$p" 2>&1) && [ -z "$out" ]; then
		step OK "$(basename "$p")"
	else
		step FAIL "$(basename "$p")"
		printf '%s\n' "$out" | sed 's/^/    /'
		status=1
	fi
done
[ $n -gt 0 ] || step OK "no patches in the series yet"
exit $status
