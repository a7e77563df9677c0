# Sidecar mode (ukl.sidecar=1): busybox's shell runs as /init and starts
# Redis, the UKL application, by executing /ukl-app.  From the shell the
# application is an ordinary process: ps lists it as the shell's child,
# /proc/PID/{status,maps,fd} describe it, SIGSTOP stops it and after
# SIGCONT it answers a PING, a second start fails with EBUSY,
# and SIGTERM ends it cleanly, which ends the machine with the exit line.
# UKL_VARIANT picks the kernel (default: ukl).
set -eu
variant=${UKL_VARIANT:-ukl}
make -s ukl-redis UKL_VARIANT="$variant"
tmp=build/tests/$variant-sidecar
rm -rf "$tmp" && mkdir -p "$tmp/root"
cp -a apps/redis/rootfs/. "$tmp/root/"
install -m 0755 tests/guest/sidecar-init "$tmp/root/init"
scripts/mkinitramfs.sh --dir "$tmp/root" --busybox "$tmp/sidecar.cpio"
scripts/run-qemu.sh --name "$variant-sidecar" --kernel "build/images/$variant/redis" \
	--initrd "$tmp/sidecar.cpio" --append 'ukl.sidecar=1 ukl.exit=reboot' \
	--timeout 300 --expect 'ukl: application exited with status 0'
log=build/logs/$variant-sidecar.log
# The guest's lines, without the serial console's CRs.
seen=$tmp/seen
sed -n 's/\r$//; /sidecar: /s/^.*sidecar: /sidecar: /p' "$log" | tee "$seen"
grep -q 'sidecar mode: init starts the application' "$log"
grep -q 'sidecar: init is pid 1$' "$seen"
grep -qE 'sidecar: ps: +[0-9]+ +1 ukl-app' "$seen"
grep -qE 'sidecar: status: State: [SR]' "$seen"
grep -q 'sidecar: status: PPid: 1' "$seen"
grep -qE 'sidecar: maps: [1-9][0-9]* lines' "$seen"
grep -qE 'sidecar: fds: [3-9]' "$seen"
grep -q 'sidecar: after SIGSTOP: State: T' "$seen"
grep -q 'sidecar: PING after SIGCONT: +PONG' "$seen"
grep -q 'sidecar: a second start failed: .*busy' "$seen"
grep -q 'the application is already running' "$log"
grep -q 'Received SIGTERM scheduling shutdown' "$log"
# (set -e ignores a negated command, so test it with if.)
if grep -q 'the machine did not end' "$log"; then
	echo "ukl-sidecar: the application's end did not end the machine"
	exit 1
fi
echo "$variant-sidecar: ok"
