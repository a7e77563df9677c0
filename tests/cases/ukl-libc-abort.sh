# abort() in a glibc UKL application kills it with SIGABRT, and the kernel
# reports that on its exit line.
set -eu
make -s libc-abort
