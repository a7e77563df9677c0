# CONFIG_UKL_BYPASS (configs/ukl-bypass.config): the nolibc and the glibc
# selftests pass when system calls run directly whenever no entry or exit
# work is due.  The glibc cases that make work due during system calls
# (signals, preemption on one CPU, FPU reload after blocking, restarts,
# a seccomp filter) fail if the bypass misses it.
set -eu
make -s selftests libc-selftests libc-exec kunit UKL_VARIANT=ukl-bypass
