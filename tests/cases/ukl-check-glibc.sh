# The UKL glibc (built, or taken from the cache) passes ukl-check: no raw
# syscall, no red zone, only kernel-code-model relocations, only sections
# the UKL link places.
set -eu
make -s glibc ukl-check
lib=build/glibc/lib
build/tools/ukl/ukl-check "$lib"/libc.a "$lib"/libm.a "$lib"/libpthread.a \
	"$lib"/librt.a "$lib"/libdl.a "$lib"/crt1.o "$lib"/crti.o "$lib"/crtn.o
echo "ukl-check: UKL glibc is clean"
