# samples/ukl/kv, a multi-threaded C++17 key-value server with a plain
# Makefile, builds and passes its self-test on the host with "make", then
# builds unchanged with "make CXX=ukl-g++" and runs as the UKL application
# behind QEMU user networking forwarded to 127.0.0.1: the load generator
# sets, gets and verifies 1000 keys from 4 connections, redis-cli talks to
# it, and SHUTDOWN ends the machine with the exit line.  Its CMakeLists.txt
# with CMAKE_CXX_COMPILER=ukl-g++ makes the same kind of UKL archive.
set -eu
. tests/lib/guest-server.sh
host=build/tests/kv-host
rm -rf "$host" && mkdir -p "$host"
make -s --no-print-directory -C "$host" -f "$PWD/build/linux/samples/ukl/kv/Makefile"
timeout 120 "$host/kv-server" --self-test

# CMake: compiler checks, then the link through ukl-g++ (and ukl-check).
make -s ukl-gcc
cm=build/tests/kv-cmake
rm -rf "$cm"
cmake -S build/linux/samples/ukl/kv -B "$cm" -DCMAKE_CXX_COMPILER="$PWD/build/bin/ukl-g++" \
	>"$cm.log" 2>&1 || { tail -n 30 "$cm.log"; exit 1; }
cmake --build "$cm" >>"$cm.log" 2>&1 || { tail -n 30 "$cm.log"; exit 1; }
[ "$(ar t "$cm/kv-server")" = kv-server.ukl.o ] || { echo "CMake did not make a UKL archive"; exit 1; }
build/tools/ukl/ukl-check -q "$cm/kv-server"
echo "ukl-kv-sample: CMake with ukl-g++ made a UKL archive"

make -s ukl-kv loadgen "$PWD/build/guest/busybox.cpio"
port=$(free_port)
boot_server ukl-kv build/images/ukl/kv build/guest/busybox.cpio "$port:6379" 'ukl.exit=reboot'
build/bench/loadgen --proto redis --port "$port" --wait 200 --verify \
	--keys 1000 --conns 4 --duration 60
rcli() {
	timeout 30 redis-cli -p "$port" "$@"
}
[ "$(rcli SET sample value)" = OK ]
[ "$(rcli GET sample)" = value ]
[ "$(rcli PING)" = PONG ]
rcli SHUTDOWN >/dev/null 2>&1 || true
wait_server 'ukl: application exited with status 0'
grep -q 'kv-server: shut down' build/logs/ukl-kv.log
echo "ukl-kv-sample: ok"
