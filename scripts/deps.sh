#!/bin/sh
# deps.sh PACKAGE[=VERSION]...: install the Debian packages that are missing.
# A package given with =VERSION must be installed at exactly that version
# (installed, upgraded or downgraded to it): the kernel series is made
# against one linux-source-6.12, and Debian's archive keeps older versions.
# Runs 'apt-get update' only when something has to be installed.
set -eu
. "$(dirname "$0")/lib.sh"

missing=
for p in "$@"; do
	name=${p%%=*}
	if dpkg-query -W -f '${Status}' "$name" 2>/dev/null | grep -q 'ok installed'; then
		case $p in
		*=*) [ "$(dpkg-query -W -f '${Version}' "$name")" = "${p#*=}" ] && continue ;;
		*) continue ;;
		esac
	fi
	missing="$missing $p"
done
[ -n "$missing" ] || exit 0
[ "$(id -u)" = 0 ] || die "missing packages:$missing (run 'make deps' as root)"
step APT "install$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null || die "apt-get update failed"
apt-get install -y -q --no-install-recommends --allow-downgrades $missing >/dev/null ||
	die "apt-get install failed for:$missing"
