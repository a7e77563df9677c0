# tools/testing/selftests/ukl/libc, an ordinary C program built with
# ukl-gcc against the UKL glibc, runs as the UKL application on 2 vCPUs:
# stdio with floats, malloc, TLS, pthreads, thread stacks that fault in
# on demand, setjmp, qsort, getenv, clocks, files on tmpfs, TCP on
# loopback, epoll, signals, and exit() running atexit handlers and
# flushing stdio.  Every TAP case passes; status 0.
set -eu
make -s libc-selftests
