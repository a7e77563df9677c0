# tools/testing/selftests/ukl runs as the UKL application on 2 vCPUs: every
# TAP case passes (application data in system calls, -EFAULT, SIGSEGV
# handling, timer signals, sigaltstack, stack growth through double faults,
# an interrupt on a missing stack page, brk/mmap, clone threads with a
# futex, thread stack faults and overflow, fork refusal) and it exits with
# status 0.
set -eu
make -s selftests
