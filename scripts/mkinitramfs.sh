#!/bin/sh
# mkinitramfs.sh OUT.cpio INIT [FILE...]: an initramfs whose /init is INIT,
# with any further files in /bin.  The kernel's built-in initramfs already
# supplies /dev/console.  Output is reproducible (sorted, fixed times).
set -eu
. "$(dirname "$0")/lib.sh"

out=$1 init=$2
shift 2
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/bin" "$stage/proc" "$stage/sys" "$stage/tmp" "$stage/dev"
install -m 0755 "$init" "$stage/init"
for f in "$@"; do
	install -m 0755 "$f" "$stage/bin/"
done
find "$stage" -exec touch -h -d @0 {} +
step CPIO "${out#$UKL_TOP/}"
mkdir -p "$(dirname "$out")"
(cd "$stage" && find . | LC_ALL=C sort | cpio --quiet -o -H newc --reproducible -R 0:0) >"$out"
