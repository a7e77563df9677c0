#!/bin/sh
# Build an initramfs (newc cpio).  Output is reproducible (sorted, fixed
# times, owned by root); the kernel's built-in initramfs already supplies
# /dev/console.  Every image has /bin, /proc, /sys, /dev and a writable /tmp.
#
#   mkinitramfs.sh OUT.cpio INIT [FILE...]
#       /init is INIT, any further files go to /bin (the vanilla boot tests).
#   mkinitramfs.sh --dir DIR [--busybox] OUT.cpio
#       the files of DIR (the input files of a UKL application; a UKL kernel
#       starts its application, not /init), and with --busybox Debian's
#       static busybox as /bin/busybox with /bin/sh and its other applets,
#       for applications that run programs (system(), popen()).
set -eu
. "$(dirname "$0")/lib.sh"

dir= busybox=0
while [ $# -gt 0 ]; do
	case $1 in
	--dir) dir=$2; shift 2 ;;
	--busybox) busybox=1; shift ;;
	*) break ;;
	esac
done
[ $# -ge 1 ] || die "usage: mkinitramfs.sh OUT.cpio INIT [FILE...] | --dir DIR [--busybox] OUT.cpio"
out=$1
shift
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/bin" "$stage/proc" "$stage/sys" "$stage/tmp" "$stage/dev"
chmod 1777 "$stage/tmp"
if [ -n "$dir" ]; then
	[ -d "$dir" ] || die "mkinitramfs.sh: no directory '$dir'"
	cp -a "$dir/." "$stage/"
else
	[ $# -ge 1 ] || die "mkinitramfs.sh: no INIT given"
	install -m 0755 "$1" "$stage/init"
	shift
	for f in "$@"; do
		install -m 0755 "$f" "$stage/bin/"
	done
fi
if [ $busybox = 1 ]; then
	bb=/bin/busybox
	[ -x "$bb" ] || die "$bb missing: run 'make deps' (installs busybox-static)"
	install -m 0755 "$bb" "$stage/bin/busybox"
	for applet in $("$bb" --list); do
		[ -e "$stage/bin/$applet" ] || ln -s busybox "$stage/bin/$applet"
	done
fi
find "$stage" -exec touch -h -d @0 {} +
step CPIO "${out#$UKL_TOP/}"
mkdir -p "$(dirname "$out")"
(cd "$stage" && find . | LC_ALL=C sort | cpio --quiet -o -H newc --reproducible -R 0:0) >"$out"
