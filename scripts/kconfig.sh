#!/bin/sh
# Compose build/<variant>/.config (or $KCONFIG_OBJDIR/.config): tinyconfig,
# then configs/qemu.config, then configs/<variant>.config, merged with the
# kernel's merge_config.sh.  Fails when a requested option did not survive
# olddefconfig (a missing dependency), so a fragment can never silently
# produce a different kernel.
set -eu
. "$(dirname "$0")/lib.sh"

variant=$1
objdir=${KCONFIG_OBJDIR:-$UKL_TOP/build/$variant}
frags="$UKL_TOP/configs/qemu.config $UKL_TOP/configs/$variant.config"
for f in $frags; do
	[ -f "$f" ] || die "no config fragment $f"
done

mkdir -p "$objdir"
inputs=$( (cat $frags "$UKL_TOP/configs/base-version"; patches_hash) | sha256sum | cut -c1-16)
if [ -f "$objdir/.config" ] && [ "$(cat "$objdir/.config-inputs" 2>/dev/null)" = "$inputs" ]; then
	exit 0
fi

step KCONFIG "${objdir#"$UKL_TOP"/}/.config"
kmake() {
	make -s -C "$LINUX_SRC" O="$objdir" ARCH=x86_64 "$@"
}
kmake tinyconfig >/dev/null
(cd "$objdir" && KCONFIG_CONFIG=.config \
	"$LINUX_SRC/scripts/kconfig/merge_config.sh" -m -O "$objdir" .config $frags) >/dev/null
kmake olddefconfig >/dev/null

# Every option a fragment asks for must be in the final configuration.
bad=0
for f in $frags; do
	sed -n -e 's/^\(CONFIG_[A-Za-z0-9_]*\)=.*/&/p' \
		-e 's/^# \(CONFIG_[A-Za-z0-9_]*\) is not set$/&/p' "$f" |
	while read -r want; do
		grep -qxF "$want" "$objdir/.config" && continue
		case $want in
		"# "*" is not set")
			sym=${want#\# }; sym=${sym%% *}
			grep -q "^$sym=" "$objdir/.config" || continue ;;
		esac
		echo "error: $(basename "$f"): '$want' did not stick (missing dependency?)" >&2
		echo x
	done
done | grep -q x && bad=1
[ $bad = 0 ] || { rm -f "$objdir/.config-inputs"; exit 1; }
echo "$inputs" >"$objdir/.config-inputs"
