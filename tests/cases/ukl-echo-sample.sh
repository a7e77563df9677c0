# samples/ukl/echo, a multi-file threaded TCP echo server with a plain
# Makefile, builds and passes its self-test on the host with "make", then
# builds unchanged with "make CC=ukl-gcc" and passes it as the UKL
# application.
set -eu
host=build/tests/echo-host
rm -rf "$host"
mkdir -p "$host"
make -s --no-print-directory -C "$host" -f "$PWD/build/linux/samples/ukl/echo/Makefile"
"$host/echo-server" --self-test
make -s run-echo-selftest
