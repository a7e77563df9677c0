# The hardened UKL kernel (configs/ukl-hardened.config: CPU mitigations
# but PTI, DEBUG_ENTRY with objtool's noinstr validation, ORC, VMAP_STACK,
# the strong stack protector, and the entry options CONFIG_UKL_USE_RET and
# CONFIG_UKL_BYPASS) builds without a compiler, linker or objtool warning,
# and the nolibc, glibc and C++ selftests, KUnit and the sidecar case (a
# user task that executes the application, job control on it) pass on it,
# booted with the default mitigations.
set -eu
make -s selftests libc-selftests libc-exec cxx-selftests kunit UKL_VARIANT=ukl-hardened
UKL_VARIANT=ukl-hardened sh tests/cases/ukl-sidecar.sh
