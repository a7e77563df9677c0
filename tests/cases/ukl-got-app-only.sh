# The vmlinux link may make GOT entries, IFUNC stubs and IFUNC relocations
# for the UKL application only (vmlinux.lds.S checks them against what
# scripts/link-ukl-app.sh measured).  Relinking the glibc test kernel's
# vmlinux.o with its linker script succeeds; adding one kernel object that
# needs a GOT slot fails with the kernel's own "Unexpected GOT entries"
# assertion, as it does without UKL.
set -eu
make -s ukl-ukl_libc_test
o=build/ukl
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat >"$tmp/got.S" <<'ASM'
	.text
	.globl	ukl_test_got_user
ukl_test_got_user:
	leaq	jiffies@GOTPCREL(%rip), %rax
	ret
	.section .note.GNU-stack,"",@progbits
ASM
gcc -c -o "$tmp/got.o" "$tmp/got.S"
relink() {
	ld -m elf_x86_64 -z max-page-size=0x200000 --no-warn-rwx-segments \
		-T "$o/arch/x86/kernel/vmlinux.lds" -o "$tmp/vmlinux" \
		"$o/vmlinux.o" "$@"
}
relink
# glibc's IFUNCs (memcpy, strlen, ...) do get stubs and relocations.
nm "$tmp/vmlinux" | grep -E ' __ukl_app_(got|iplt|rela_iplt)_bytes$'
nm "$tmp/vmlinux" | grep -qE '^0*[1-9a-f][0-9a-f]* A __ukl_app_iplt_bytes$'
if relink "$tmp/got.o" 2>"$tmp/err"; then
	echo "FAIL: a kernel object's GOT entry was accepted"; exit 1
fi
cat "$tmp/err"
grep -q 'Unexpected GOT entries detected' "$tmp/err"
echo PASS
