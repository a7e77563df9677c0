# Without ukl.exit=, the end of the application powers the machine off
# (ACPI S5) and QEMU exits, after the exit line.
set -eu
make -s ukl-hello
scripts/run-qemu.sh --name ukl-exit-poweroff --append '' \
	--expect 'ukl: application exited with status 0' \
	--kernel build/images/ukl/hello
grep 'reboot: Power down' build/logs/ukl-exit-poweroff.log
