# CONFIG_UKL_USE_RET (configs/ukl-ret.config): the nolibc, glibc and C++
# selftests pass when system calls return without IRETQ; the cases that
# leave through IRETQ instead (signals during system calls, restarts,
# sigreturn to a bad RIP or RSP, exec, clone) run in the nolibc and glibc suites; the C++ one unwinds
# through signal frames (pthread_cancel).
set -eu
make -s selftests libc-selftests libc-exec cxx-selftests kunit UKL_VARIANT=ukl-ret
