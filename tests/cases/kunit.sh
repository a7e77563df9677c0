# The KUnit suites of configs/ukl-kunit.config pass at boot of a UKL kernel
# (build/ukl-kunit, sharing ccache with build/ukl), as kunit.py parses them.
set -eu
make -s kunit
