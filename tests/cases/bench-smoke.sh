# The benchmark harness works end to end on linux and ukl: every operation
# of bench/ukl-bench.c runs a few timed iterations and a few marked ones
# under the instruction-counting QEMU plugin (bench/plugin), each operation
# reports a time and an instruction count, the guests report no errors,
# and two count boots of the same image give identical per-operation
# counts.  No time is asserted.
set -eu
make -s bench-smoke
