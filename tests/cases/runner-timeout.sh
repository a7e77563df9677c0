# The QEMU runner reports a guest that never finishes as a timeout failure,
# within its limit.
set -eu
make -s kernel-vanilla guests
limit=15
start=$(date +%s)
if scripts/run-qemu.sh --name runner-timeout --timeout $limit --tap \
	--kernel build/vanilla/arch/x86/boot/bzImage \
	--initrd build/guest/hang-init.cpio >build/logs/runner-timeout.out 2>&1; then
	echo "FAIL: a hanging guest passed"; exit 1
fi
elapsed=$(($(date +%s) - start))
cat build/logs/runner-timeout.out
grep -q 'timeout: guest did not finish within' build/logs/runner-timeout.out
grep -q 'hanging on purpose' build/logs/runner-timeout.out
[ $elapsed -le $((limit + 10)) ] || { echo "FAIL: took ${elapsed}s"; exit 1; }
