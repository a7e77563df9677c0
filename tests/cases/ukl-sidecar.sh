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
sed -n 's/\r$//; /sidecar: /s/^.*sidecar: /sidecar: /p' "$log"
grep -q 'sidecar mode: init starts the application' "$log"
grep -q 'sidecar: init is pid 1$' "$log"
grep -qE 'sidecar: ps: +[0-9]+ +1 ukl-app' "$log"
grep -qE 'sidecar: status: State: [SR]' "$log"
grep -q 'sidecar: status: PPid: 1' "$log"
grep -qE 'sidecar: maps: [1-9][0-9]* lines' "$log"
grep -qE 'sidecar: fds: [3-9]' "$log"
grep -q 'sidecar: after SIGSTOP: State: T' "$log"
grep -q 'sidecar: PING after SIGCONT: +PONG' "$log"
grep -q 'sidecar: a second start failed: .*busy' "$log"
grep -q 'the application is already running' "$log"
grep -q 'Received SIGTERM scheduling shutdown' "$log"
! grep -q 'the machine did not end' "$log"
echo "$variant-sidecar: ok"
