# KUnit suites from kunit/.kunitconfig pass under kunit.py (x86_64, QEMU).
set -eu
make -s kunit
