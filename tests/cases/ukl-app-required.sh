# CONFIG_UKL=y without UKL_APP is a build error that names UKL_APP.
set -eu
make -s ukl-hello
out=build/logs/ukl-app-required.out
if make -s -C build/linux O="$PWD/build/ukl" CC="ccache gcc" vmlinux >"$out" 2>&1; then
	echo "FAIL: the build succeeded without UKL_APP"; exit 1
fi
cat "$out"
grep -q 'CONFIG_UKL=y needs the application: make UKL_APP=' "$out"
