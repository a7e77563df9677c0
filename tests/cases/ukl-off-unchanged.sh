# CONFIG_UKL=n leaves the kernel unchanged: the vanilla kernel built from
# the patched tree has the same .text, .rodata, .data, init sections and
# .bss as the unpatched base built with the same configuration.
set -eu
make -s unchanged-check
