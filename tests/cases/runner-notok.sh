# The QEMU runner fails a run whose guest reports 'not ok'.
set -eu
make -s kernel-vanilla guests
if scripts/run-qemu.sh --name runner-notok --tap --expect 'vanilla-init: 0 failed' \
	--kernel build/vanilla/arch/x86/boot/bzImage \
	--initrd build/guest/notok-init.cpio >build/logs/runner-notok.out 2>&1; then
	echo "FAIL: a guest reporting 'not ok' passed"; exit 1
fi
cat build/logs/runner-notok.out
grep -q 'not ok' build/logs/runner-notok.out
