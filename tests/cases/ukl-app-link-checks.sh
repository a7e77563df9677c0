# scripts/link-ukl-app.sh (in the series) rejects applications that could
# bind to kernel symbols or have no entry point, and leaves exactly one
# global symbol in what it accepts.
set -eu
make -s tree
link=build/linux/scripts/link-ukl-app.sh
lds=build/linux/kernel/ukl/ukl-app.lds
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cflags="-c -mcmodel=kernel -mno-red-zone -fno-pie -ffreestanding -fno-asynchronous-unwind-tables"

printf 'int printk(const char *, ...);\nvoid _start(void) { printk("x"); }\n' >"$tmp/bad.c"
gcc $cflags -o "$tmp/bad.o" "$tmp/bad.c"
if sh "$link" ld nm objcopy "$lds" "$tmp/bad.o" "$tmp/out.o" 2>"$tmp/err"; then
	echo "FAIL: an application calling printk was accepted"; exit 1
fi
cat "$tmp/err"; grep -q "undefined symbol 'printk'" "$tmp/err"

printf 'int main(void) { return 0; }\n' >"$tmp/nostart.c"
gcc $cflags -o "$tmp/nostart.o" "$tmp/nostart.c"
if sh "$link" ld nm objcopy "$lds" "$tmp/nostart.o" "$tmp/out.o" 2>"$tmp/err"; then
	echo "FAIL: an application without _start was accepted"; exit 1
fi
cat "$tmp/err"; grep -q 'no _start entry point' "$tmp/err"

printf 'int memcpy;\nint helper(void) { return memcpy; }\nvoid _start(void) { helper(); }\n' >"$tmp/good.c"
gcc $cflags -o "$tmp/good.o" "$tmp/good.c"
sh "$link" ld nm objcopy "$lds" "$tmp/good.o" "$tmp/out.o"
globals=$(nm -g --defined-only "$tmp/out.o" | awk '{ print $3 }')
echo "globals: $globals"
[ "$globals" = ukl_app_start ]
objdump -h "$tmp/out.o" | awk '$2 ~ /^\./ { print $2 }' | grep -v '^\.ukl\.' && { echo "FAIL: section outside .ukl.*"; exit 1; }
echo PASS
