#!/bin/sh
# Boot a kernel in QEMU with a hard timeout and judge the run from its serial log.
#
#   run-qemu.sh --name NAME --kernel BZIMAGE [--initrd CPIO] [--append ARGS]
#               [--smp N] [--mem SIZE] [--timeout SECONDS] [--expect LINE] [--tap]
#               [--icount] [--qemu-arg ARG]... [--app-output]
#               [--hostfwd HOSTPORT:GUESTPORT]...
#
# The serial log is saved as build/logs/NAME.log.
#
# The run passes when QEMU ends before the timeout, the log holds the line
# given by --expect (the guest's fixed verdict line), no line reports a kernel
# WARNING/BUG/Oops/panic and, with --tap, the TAP plan is complete with no
# 'not ok'.  On failure the last 40 log lines are printed.  --app-output
# also prints what the UKL application wrote, without the kernel's lines.
#
# KVM is used only when a quick probe shows it really runs guests at speed;
# otherwise TCG.  UKL_ACCEL=kvm|tcg overrides the probe.
#
# --icount runs TCG with -icount (single-threaded, guest time derived from
# the instruction count, no probe): two boots of the same image then
# execute the same instructions, which instruction counting needs.  Each
# --qemu-arg ARG is passed to QEMU as one more argument, after the usual
# ones (e.g. --qemu-arg -plugin --qemu-arg lib.so,out=FILE).
#
# --hostfwd gives the guest a virtio-net card on QEMU user networking with
# restrict=on (the guest reaches nothing outside) and forwards TCP
# 127.0.0.1:HOSTPORT on the host to GUESTPORT in the guest; the kernel
# configures the card itself (ip=, 10.0.2.15 on QEMU's 10.0.2.0/24).
set -eu
. "$(dirname "$0")/lib.sh"

name=qemu kernel= initrd= append= smp=2 timeout=120 expect= tap=0 mem=512M
extra= icount=0 app_output=0 fwd=
# One shell word, quoted for eval, whatever the argument holds.
quote() {
	printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"
}
while [ $# -gt 0 ]; do
	case $1 in
	--kernel) kernel=$2; shift ;;
	--initrd) initrd=$2; shift ;;
	--append) append=$2; shift ;;
	--smp) smp=$2; shift ;;
	--mem) mem=$2; shift ;;
	--timeout) timeout=$2; shift ;;
	--name) name=$2; shift ;;
	--expect) expect=$2; shift ;;
	--tap) tap=1 ;;
	--icount) icount=1 ;;
	--app-output) app_output=1 ;;
	--qemu-arg) extra="$extra $(quote "$2")"; shift ;;
	--hostfwd)
		case $2 in
		[0-9]*:[0-9]*) fwd="$fwd,hostfwd=tcp:127.0.0.1:${2%%:*}-:${2#*:}" ;;
		*) die "run-qemu.sh: --hostfwd takes HOSTPORT:GUESTPORT, not '$2'" ;;
		esac
		shift ;;
	*) die "run-qemu.sh: unknown argument '$1'" ;;
	esac
	shift
done
[ -f "$kernel" ] || die "run-qemu.sh: no kernel image '$kernel'"
[ -z "$initrd" ] || [ -f "$initrd" ] || die "run-qemu.sh: no initramfs '$initrd'"
log=$UKL_TOP/build/logs/$name.log
mkdir -p "$(dirname "$log")"

# The probe: a 15-byte real-mode "BIOS" that counts down 50 million times and
# then writes to isa-debug-exit.  TCG finishes it in well under a second; a
# KVM that traps or emulates everything does not finish within the limit.
probe_kvm() {
	[ -r /dev/kvm ] && [ -w /dev/kvm ] || return 1
	blob=$(mktemp)
	head -c 65520 /dev/zero >"$blob"
	printf '\260\001\146\271\200\360\372\002\146\111\165\374\346\364\364\000' >>"$blob"
	rc=0
	timeout -k 1 3 qemu-system-x86_64 -accel kvm -cpu max -display none \
		-no-user-config -nodefaults -bios "$blob" \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 >/dev/null 2>&1 || rc=$?
	rm -f "$blob"
	[ $rc = 3 ]
}

accel=${UKL_ACCEL:-}
[ $icount = 0 ] || accel=tcg-icount
if [ -z "$accel" ]; then
	cache=$UKL_TOP/build/accel
	accel=$(cat "$cache" 2>/dev/null || true)
	if [ -z "$accel" ]; then
		if probe_kvm; then accel=kvm; else accel=tcg; fi
		mkdir -p "$UKL_TOP/build" && echo "$accel" >"$cache"
	fi
fi
case $accel in
kvm) accel_args="-accel kvm -cpu host" ;;
tcg) accel_args="-accel tcg,thread=multi -cpu max" ;;
tcg-icount) accel_args="-accel tcg -icount shift=0,sleep=off -cpu max" ;;
*) die "UKL_ACCEL must be kvm or tcg, not '$accel'" ;;
esac

# The kernel brings the card up itself (CONFIG_IP_PNP).
[ -z "$fwd" ] || append="ip=10.0.2.15::10.0.2.2:255.255.255.0::eth0:off $append"
step QEMU "$(basename "$log" .log) ($accel, ${smp} CPUs, timeout ${timeout}s, log: ${log#$UKL_TOP/})"
set -- $accel_args -smp "$smp" -m "$mem" -display none -no-user-config \
	-nodefaults -no-reboot -serial "file:$log" \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
	-kernel "$kernel" -append "console=ttyS0 panic=-1 $append"
[ -z "$initrd" ] || set -- "$@" -initrd "$initrd"
[ -z "$fwd" ] || set -- "$@" -netdev "user,id=net0,restrict=on$fwd" \
	-device virtio-net-pci,netdev=net0
eval "set -- \"\$@\" $extra"

start=$(date +%s)
rc=0
timeout -k 5 "$timeout" qemu-system-x86_64 "$@" </dev/null >"$log.qemu" 2>&1 || rc=$?
elapsed=$(($(date +%s) - start))

fail() {
	printf 'FAIL: %s: %s\n' "$(basename "$log" .log)" "$*"
	printf -- '--- last 40 lines of %s ---\n' "${log#$UKL_TOP/}"
	tail -n 40 "$log"
	[ ! -s "$log.qemu" ] || { echo '--- qemu ---'; tail -n 10 "$log.qemu"; }
	exit 1
}

[ $rc != 124 ] && [ $rc != 137 ] || fail "timeout: guest did not finish within ${timeout}s"
# isa-debug-exit statuses are odd ((v << 1) | 1); 0 is an ordinary exit.
[ $rc = 0 ] || [ $((rc % 2)) = 1 ] || fail "qemu exited with status $rc"
# "traps: NAME[PID] general protection fault ..." reports a signal that a
# program got (show_signal()), not a kernel fault.
if grep -nE '(^|[] ])(WARNING:|BUG:|Oops|Kernel panic|general protection fault)' "$log" |
	grep -v '\] traps: ' >"$log.bad"; then
	fail "kernel reported: $(head -n 1 "$log.bad" | cut -c1-120)"
fi
if [ -n "$expect" ] && ! grep -qF -- "$expect" "$log"; then
	fail "verdict line '$expect' missing"
fi
if [ $tap = 1 ]; then
	# Strip a kernel timestamp or console prefix before the TAP text.
	sed -e 's/\r$//' "$log" >"$log.tap"
	plan=$(sed -n 's/^.*\b1\.\.\([0-9][0-9]*\)$/\1/p' "$log.tap" | head -n 1)
	[ -n "$plan" ] || fail "no TAP plan line"
	notok=$(grep -cE '^not ok [0-9]+' "$log.tap" || true)
	ok=$(grep -cE '^ok [0-9]+' "$log.tap" || true)
	[ "$notok" = 0 ] || fail "$notok TAP case(s) not ok: $(grep -E '^not ok' "$log.tap" | head -n 3 | tr '\n' ';')"
	[ "$ok" = "$plan" ] || fail "TAP plan 1..$plan but $ok case(s) reported ok"
fi
printf '  %-8s %s in %s s\n' PASS "$(basename "$log" .log)" "$elapsed"
if [ $app_output = 1 ]; then
	# Kernel lines carry a printk timestamp (CONFIG_PRINTK_TIME); the
	# application's lines do not.  Keep the kernel's exit line.
	printf -- '--- the application (full log: %s) ---\n' "${log#$UKL_TOP/}"
	sed -e 's/\r$//' -e '/^\[ *[0-9]*\.[0-9]*\] ukl: application exited/{s/^[^]]*\] //;p;d;}' \
		-e '/^\[ *[0-9]*\.[0-9]*\] /d' "$log"
fi
