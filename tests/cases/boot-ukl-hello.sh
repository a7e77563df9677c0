# CONFIG_UKL=y with samples/ukl/hello linked in: the application runs as
# PID 1 in kernel mode, prints from its read-only data, and its exit status
# reaches the host through the kernel's fixed exit line.
set -eu
make -s run-ukl-hello
grep -q 'Hello from a UKL application: pid 1, running in kernel mode' build/logs/ukl-hello.log
grep -q 'argv\[0\] = /ukl-app' build/logs/ukl-hello.log
