# ukl-gcc fails a link that would crash in ring 0, and says where: an
# inline syscall instruction, and code compiled with the red zone.  It
# refuses -shared, accepts and ignores -rdynamic (Redis links with it), and
# answers compiler queries (as configure scripts ask them) without trying
# to link.  ukl-g++ refuses to run without gcc's run-time libraries built
# for UKL, or with ones built from another gcc version.
set -eu
make -s ukl-gcc
tmp=build/tests/ukl-gcc-rejects
rm -rf "$tmp"
mkdir -p "$tmp"

cat >"$tmp/raw.c" <<'C'
int main(void)
{
	long ret;

	asm volatile("syscall" : "=a"(ret) : "0"(39L) : "rcx", "r11", "memory");
	return ret < 0;
}
C
if build/bin/ukl-gcc -O2 -o "$tmp/raw.a" "$tmp/raw.c" 2>"$tmp/raw.err"; then
	echo "ukl-gcc linked an object with a raw syscall"
	exit 1
fi
grep 'main+0x[0-9a-f]*: raw syscall instruction' "$tmp/raw.err"
[ ! -e "$tmp/raw.a" ] || { echo "ukl-gcc left $tmp/raw.a behind"; exit 1; }

# A leaf function with locals at -O0, compiled for user space (red zone).
cat >"$tmp/leaf.c" <<'C'
int leaf(int x)
{
	int a = x + 1, b = a * 2;

	return a + b;
}
C
gcc -O0 -mcmodel=kernel -fno-pie -c -o "$tmp/leaf.o" "$tmp/leaf.c"
printf 'int leaf(int);\nint main(void) { return leaf(1) != 6; }\n' >"$tmp/main.c"
if build/bin/ukl-gcc -o "$tmp/leaf.a" "$tmp/main.c" "$tmp/leaf.o" \
	2>"$tmp/leaf.err"; then
	echo "ukl-gcc linked an object that uses the red zone"
	exit 1
fi
grep 'leaf+0x[0-9a-f]*: red zone' "$tmp/leaf.err"

if build/bin/ukl-gcc -shared -o "$tmp/lib.so" "$tmp/main.c" 2>"$tmp/shared.err"; then
	echo "ukl-gcc accepted -shared"
	exit 1
fi
grep 'a UKL application is one static program' "$tmp/shared.err"
build/bin/ukl-gcc -rdynamic -o "$tmp/rdynamic.a" "$tmp/main.c" "$tmp/leaf.c"

build/bin/ukl-gcc --version | grep -q '^gcc'
[ "$(build/bin/ukl-gcc -dumpmachine)" = "$(gcc -dumpmachine)" ]
echo "ukl-gcc: compiler queries answered"

# gcc's run-time libraries must be there and come from the running gcc.
gxx=build/tools/ukl/ukl-g++
export UKL_GLIBC="$PWD/build/glibc"
if env UKL_GCC_LIBS= "$gxx" -c -o "$tmp/x.o" "$tmp/main.c" 2>"$tmp/nolibs.err"; then
	echo "ukl-g++ ran without UKL_GCC_LIBS"
	exit 1
fi
grep 'UKL_GCC_LIBS is not set' "$tmp/nolibs.err"
mkdir -p "$tmp/other-gcc/lib"
cp build/gcc-libs/lib/libgcc.a "$tmp/other-gcc/lib/"
echo 11.9.0 >"$tmp/other-gcc/VERSION"
if env UKL_GCC_LIBS="$PWD/$tmp/other-gcc" "$gxx" -c -o "$tmp/x.o" "$tmp/main.c" \
	2>"$tmp/version.err"; then
	echo "ukl-g++ took the run-time libraries of gcc 11.9.0"
	exit 1
fi
grep 'is not built from gcc' "$tmp/version.err"
