# The kernel with the series applied and CONFIG_UKL off boots a static /init
# whose TAP cases (console, getppid, mmap, tmpfs, exit status) all pass.
set -eu
make -s run-vanilla
