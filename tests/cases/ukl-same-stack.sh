# CONFIG_UKL_SAME_STACK (configs/ukl-same-stack.config): system calls run
# on the kernel's alias of the top of the application thread's stack.
# Both selftest suites check that a system call's kernel frames land in
# the application's stack memory, on the main thread and on a new thread,
# and that one 80 KiB down the stack (outside the window) leaves it alone.
# The rest of both suites runs on it too: signals delivered on the way
# out of a system call (their frames go into the room kept above the
# kernel's), restarts, a timer signal ending a loop of getppid(), threads
# that exit while their system calls run there, vfork(), posix_spawn()
# and exec (on the thread stack).  The C++ selftests unwind through
# signal frames and 2000 frames of an exception there.  KUnit checks which
# calls run there.
set -eu
make -s selftests libc-selftests libc-exec cxx-selftests kunit UKL_VARIANT=ukl-same-stack
