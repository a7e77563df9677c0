#!/bin/sh
# Fetch and unpack a Debian source package, cached by its version:
#
#   apt-source.sh PACKAGE      prints the unpacked source directory,
#                              $UKL_CACHE/src/PACKAGE_VERSION
#
# Debian's archive is our only package source, so the deb-src entries are
# the system's own apt sources with their type changed.  They, the package
# lists and the downloads live in a private apt configuration under
# $UKL_CACHE/apt: the system's apt configuration is never changed.  A cache
# hit needs no network.
set -eu
. "$(dirname "$0")/lib.sh"

[ $# = 1 ] || die "usage: apt-source.sh PACKAGE"
pkg=$1
apt=$UKL_CACHE/apt
mkdir -p "$apt/sources.list.d" "$apt/lists/partial" "$apt/cache/archives/partial" \
	"$UKL_CACHE/src"

# The system's deb lines and deb822 stanzas, as deb-src.
: >"$apt/sources.list"
if [ -f /etc/apt/sources.list ]; then
	sed -n 's/^[[:space:]]*deb[[:space:]]/deb-src /p' /etc/apt/sources.list \
		>"$apt/sources.list"
fi
rm -f "$apt/sources.list.d"/*
for f in /etc/apt/sources.list.d/*.sources; do
	[ -f "$f" ] || continue
	sed 's/^Types:.*/Types: deb-src/' "$f" >"$apt/sources.list.d/$(basename "$f")"
done

apt_private() {
	"$@" -o Dir::Etc::SourceList="$apt/sources.list" \
		-o Dir::Etc::SourceParts="$apt/sources.list.d" \
		-o Dir::State::Lists="$apt/lists" -o Dir::Cache="$apt/cache" \
		-o Debug::NoLocking=true -o APT::Sandbox::User=root
}
newest() {
	apt_private apt-cache showsrc "$pkg" 2>/dev/null |
		sed -n "/^Package: $pkg\$/,/^\$/s/^Version: //p" | sort -V | tail -n 1
}

version=$(newest)
if [ -z "$version" ]; then
	step APT "update (deb-src lists in ${apt})" >&2
	apt_private apt-get -qq update >&2 || die "apt-get update of the deb-src lists failed"
	version=$(newest)
	[ -n "$version" ] || die "no Debian source package '$pkg'"
fi
dir=$UKL_CACHE/src/${pkg}_$version
if [ ! -d "$dir" ]; then
	step SOURCE "$pkg $version" >&2
	tmp=$(mktemp -d "$UKL_CACHE/src/.tmp.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	# apt checked the files against the signed index; dpkg-source need
	# not look for a key of its own.
	(cd "$tmp" && apt_private apt-get -qq --download-only source "$pkg=$version" >&2 &&
		dpkg-source --no-check -x ./*.dsc src >&2) ||
		die "cannot fetch or unpack the source of $pkg $version"
	mv "$tmp/src" "$dir"
fi
echo "$dir"
