# The KUnit suites built into the ukl kernel (configs/ukl.config, off at
# boot) pass when it boots with kunit.enable=1, as kunit.py parses them.
set -eu
make -s kunit
