#!/bin/sh
# Print the directory that holds qemu-plugin.h for the installed QEMU.
#
#   qemu-plugin-header.sh
#
# Debian ships no qemu-plugin.h in a binary package, so the header comes
# from the source package of exactly the installed qemu-system-x86:
# $UKL_CACHE/qemu-src/<source version>/qemu-plugin.h.  A cache hit costs
# nothing and needs no network.  On a miss, the source is downloaded with a
# private apt configuration (its own deb-src list derived from the
# system's deb822 sources, its own lists and cache directories), so the
# system's apt setup is never touched, and only include/qemu/qemu-plugin.h
# is taken out of the tarball, with any Debian patch to it applied.
set -eu
. "$(dirname "$0")/lib.sh"

pkg=qemu-system-x86
srcver=$(dpkg-query -W -f '${source:Version}' "$pkg" 2>/dev/null) ||
	die "$pkg is not installed (run 'make deps')"
srcpkg=$(dpkg-query -W -f '${source:Package}' "$pkg")
dir=$UKL_CACHE/qemu-src/${srcver#*:}
if [ -f "$dir/qemu-plugin.h" ]; then
	echo "$dir"
	exit 0
fi

step APTSRC "$srcpkg $srcver -> ${dir#"$UKL_CACHE"/}/qemu-plugin.h" >&2
work=$UKL_CACHE/qemu-src/apt
mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/dl"
# deb-src entries for the same archives and suites as the system's own,
# from its deb822 files and its one-line sources.list alike.
rm -rf "$work/sources.list.d"
mkdir -p "$work/sources.list.d"
sed -n 's/^deb[[:space:]]/deb-src /p' /etc/apt/sources.list \
	/etc/apt/sources.list.d/*.list 2>/dev/null >"$work/sources.list" || true
for f in /etc/apt/sources.list.d/*.sources; do
	[ -f "$f" ] || continue
	sed -e 's/^Types:.*/Types: deb-src/' "$f" >>"$work/sources.list.d/ukl-src.sources"
	printf '\n' >>"$work/sources.list.d/ukl-src.sources"
done
[ -s "$work/sources.list" ] || [ -s "$work/sources.list.d/ukl-src.sources" ] ||
	die "no apt sources found in /etc/apt"
set -- -o Dir::State::Lists="$work/lists" -o Dir::Cache="$work/cache" \
	-o Dir::Etc::SourceList="$work/sources.list" \
	-o Dir::Etc::SourceParts="$work/sources.list.d" \
	-o Debug::NoLocking=true -o APT::Sandbox::User=root -q
apt-get "$@" update >"$work/update.log" 2>&1 ||
	{ tail -n 5 "$work/update.log" >&2; die "apt-get update (deb-src) failed"; }
(cd "$work/dl" && apt-get "$@" source --download-only "$srcpkg=$srcver") \
	>"$work/source.log" 2>&1 ||
	{ tail -n 5 "$work/source.log" >&2; die "apt-get source $srcpkg=$srcver failed"; }

# The upstream tarball holds the header; Debian's patches might change it.
orig=$(ls "$work/dl/${srcpkg}_"*.orig.tar.* | head -n 1)
deb=$(ls "$work/dl/${srcpkg}_${srcver#*:}".debian.tar.* | head -n 1)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tar -xf "$orig" -C "$tmp" --wildcards '*/include/qemu/qemu-plugin.h'
hdr=$(find "$tmp" -path '*/include/qemu/qemu-plugin.h' | head -n 1)
[ -n "$hdr" ] || die "no include/qemu/qemu-plugin.h in $orig"
tar -xf "$deb" -C "$tmp" debian/patches
top=${hdr%/include/qemu/qemu-plugin.h}
# The part of a patch that changes the header (the other files are not
# unpacked): hunks are followed by their line counts, so a removed line
# that starts with "--- " is not taken for a file header.
only_header() {
	awk '
	left {
		if (keep) print
		c = substr($0, 1, 1)
		if (c == " ") { o--; n-- } else if (c == "-") o--; else if (c == "+") n--
		left = o > 0 || n > 0
		next
	}
	/^--- / { prev = $0; next }
	/^\+\+\+ / {
		keep = $2 ~ /\/include\/qemu\/qemu-plugin\.h$/
		if (keep) { print prev; print }
		next
	}
	/^@@ / {
		split($2, a, ","); split($3, b, ",")
		o = (2 in a) ? a[2] : 1; n = (2 in b) ? b[2] : 1
		left = o > 0 || n > 0
		if (keep) print
	}' "$1"
}
if [ -f "$tmp/debian/patches/series" ]; then
	sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$tmp/debian/patches/series" |
	while read -r p _; do
		grep -q '^+++ [^/]*/include/qemu/qemu-plugin.h' "$tmp/debian/patches/$p" ||
			continue
		step PATCH "qemu-plugin.h: $p" >&2
		only_header "$tmp/debian/patches/$p" | patch -s -p1 -d "$top"
	done
fi
mkdir -p "$dir"
cp "$hdr" "$dir/qemu-plugin.h.tmp"
mv "$dir/qemu-plugin.h.tmp" "$dir/qemu-plugin.h"
# Only the header is kept: the lists and the tarballs go.
rm -rf "$work"
echo "$dir"
