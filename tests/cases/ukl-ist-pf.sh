# CONFIG_UKL_USE_IST_PF (configs/ukl-ist-pf.config): with every page fault
# on its own IST stack, the nolibc, glibc and C++ selftests pass, among them
# the cases that grow the application's stack page by page, take timer
# interrupts at the edge of a missing stack page (whose lost interrupts the
# #PF handler now resends), overflow a thread stack into its guard page,
# and fault in signal handlers and threads; KUnit checks which faults may
# have lost an interrupt.  A stack double fault would WARN (and fail) here.
set -eu
make -s selftests libc-selftests libc-exec cxx-selftests kunit UKL_VARIANT=ukl-ist-pf
