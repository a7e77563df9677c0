# scripts/link-ukl-app.sh (in the series) rejects applications that could
# bind to kernel symbols or have no entry point, and leaves exactly one
# global symbol in what it accepts, besides the absolute sizes of the GOT,
# IFUNC stubs and IFUNC relocations that the application needs (measured by
# linking it alone; vmlinux.lds.S allows the vmlinux link exactly these).
# A weak reference the application leaves unresolved becomes 0, even when
# the kernel has a symbol of that name.
set -eu
make -s tree
link=build/linux/scripts/link-ukl-app.sh
lds="build/linux/kernel/ukl/ukl-app.lds build/linux/kernel/ukl/ukl-app-got.lds"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cflags="-c -mcmodel=kernel -mno-red-zone -fno-pie -ffreestanding -fno-asynchronous-unwind-tables"

printf 'int printk(const char *, ...);\nvoid _start(void) { printk("x"); }\n' >"$tmp/bad.c"
gcc $cflags -o "$tmp/bad.o" "$tmp/bad.c"
if sh "$link" ld nm objcopy $lds "$tmp/bad.o" "$tmp/out.o" 2>"$tmp/err"; then
	echo "FAIL: an application calling printk was accepted"; exit 1
fi
cat "$tmp/err"; grep -q "undefined symbol 'printk'" "$tmp/err"

printf 'int main(void) { return 0; }\n' >"$tmp/nostart.c"
gcc $cflags -o "$tmp/nostart.o" "$tmp/nostart.c"
if sh "$link" ld nm objcopy $lds "$tmp/nostart.o" "$tmp/out.o" 2>"$tmp/err"; then
	echo "FAIL: an application without _start was accepted"; exit 1
fi
cat "$tmp/err"; grep -q 'no _start entry point' "$tmp/err"

printf 'int memcpy;\nint helper(void) { return memcpy; }\nvoid _start(void) { helper(); }\n' >"$tmp/good.c"
gcc $cflags -o "$tmp/good.o" "$tmp/good.c"
sh "$link" ld nm objcopy $lds "$tmp/good.o" "$tmp/out.o"
globals=$(nm -g --defined-only "$tmp/out.o" | awk '$2 != "A" { print $3 }')
echo "globals: $globals"
[ "$globals" = ukl_app_start ]
# One IFUNC called and one GOT load that cannot be relaxed: one stub, one
# relocation, and the GOT slots of both.
cat >"$tmp/ifunc.S" <<'ASM'
	.text
impl:	ret
resolve:
	leaq	impl(%rip), %rax
	ret
	.type	ifn, %gnu_indirect_function
	.set	ifn, resolve
	.globl	_start
_start:	call	ifn
	leaq	data@GOTPCREL(%rip), %rax
	ret
	.data
data:	.quad	0
	.section .note.GNU-stack,"",@progbits
ASM
gcc -c -o "$tmp/ifunc.o" "$tmp/ifunc.S"
sh "$link" ld nm objcopy $lds "$tmp/ifunc.o" "$tmp/out.o"
nm "$tmp/out.o" | grep ' A '
sizes=$(nm "$tmp/out.o" | while read -r value type name; do
	if [ "$type" = A ]; then printf '%s=%d ' "$name" $((0x$value)); fi
done)
[ "$sizes" = "__ukl_app_got_bytes=16 __ukl_app_iplt_bytes=8 __ukl_app_rela_iplt_bytes=24 " ] ||
	{ echo "FAIL: sizes $sizes"; exit 1; }
objdump -h "$tmp/out.o" | awk '$2 ~ /^\./ { print $2 }' | grep -v '^\.ukl\.' && { echo "FAIL: section outside .ukl.*"; exit 1; }

printf 'extern int printk(const char *, ...) __attribute__((weak));\nvoid _start(void) { if (printk) printk("x"); }\n' >"$tmp/weak.c"
gcc $cflags -o "$tmp/weak.o" "$tmp/weak.c"
sh "$link" ld nm objcopy $lds "$tmp/weak.o" "$tmp/out.o"
nm "$tmp/out.o" | grep -E ' printk$'
nm "$tmp/out.o" | grep -qE '^0+ a printk$' || { echo "FAIL: weak printk is not a local 0"; exit 1; }
echo PASS
