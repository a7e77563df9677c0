# CONFIG_UKL_USE_RET (configs/ukl-ret.config): the nolibc and the glibc
# selftests pass when system calls return without IRETQ; the cases that
# leave through IRETQ instead (signals during system calls, restarts,
# sigreturn to a bad RIP or RSP, exec, clone) run in both suites.
set -eu
make -s selftests libc-selftests libc-exec kunit UKL_VARIANT=ukl-ret
