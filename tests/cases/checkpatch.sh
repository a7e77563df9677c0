# Every patch of the series is clean under checkpatch.pl --strict.
set -eu
make -s checkpatch
