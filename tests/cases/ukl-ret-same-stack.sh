# CONFIG_UKL_USE_RET with CONFIG_UKL_SAME_STACK
# (configs/ukl-ret-same-stack.config): a system call that runs on the
# alias of the application's stack returns without IRETQ.  The same
# suites as ukl-same-stack, and the C++ selftests.
set -eu
make -s selftests libc-selftests libc-exec cxx-selftests kunit UKL_VARIANT=ukl-ret-same-stack
