#!/bin/sh
# deps.sh PACKAGE...: install the Debian packages that are missing.
# Runs 'apt-get update' only when something has to be installed.
set -eu
. "$(dirname "$0")/lib.sh"

missing=
for p in "$@"; do
	dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
[ -n "$missing" ] || exit 0
[ "$(id -u)" = 0 ] || die "missing packages:$missing (run 'make deps' as root)"
step APT "install$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null || die "apt-get update failed"
apt-get install -y -q --no-install-recommends $missing >/dev/null ||
	die "apt-get install failed for:$missing"
