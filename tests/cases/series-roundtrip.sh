# build/linux applies patches/ and exports back to byte-identical files.
set -eu
make -s tree
make -s export-check
