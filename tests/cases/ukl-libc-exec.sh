# The glibc UKL application, as PID 1, replaces itself with busybox's
# /bin/sh through execve(): the shell runs at CPL3, prints, and its exit
# status 3 ends the machine on the kernel's exit line (the application's
# thread group ended), with no double fault or "Attempted to kill init".
set -eu
make -s libc-exec
