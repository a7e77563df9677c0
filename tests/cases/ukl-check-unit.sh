# tools/ukl/ukl-check's own tests: crafted objects with a raw syscall,
# sysenter, int $0x80, red-zone accesses, R_X86_64_32 relocations and an
# unknown section are each caught with file, function and offset; clean
# objects and archives pass; Debian's stock libc.a is rejected.
set -eu
make -s ukl-check
make -s --no-print-directory -C build/linux/tools/ukl \
	OUTPUT="$PWD/build/tools/ukl/" check
