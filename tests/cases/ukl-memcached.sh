# Debian's Memcached (with Debian's libevent), built unmodified with
# ukl-gcc (apps/build.sh), runs as the UKL application behind QEMU user
# networking forwarded to 127.0.0.1: four concurrent clients each set, get
# and delete their share of 1000 keys, then "shutdown" (enabled by -A)
# ends the machine with the exit line.
set -eu
. tests/lib/guest-server.sh
make -s ukl-memcached "$PWD/build/guest/memcached.cpio" loadgen
port=$(free_port)
boot_server ukl-memcached build/images/ukl/memcached build/guest/memcached.cpio \
	"$port:11211" 'ukl.exit=reboot -- -u root -A -t 2'

build/bench/loadgen --proto memcache --port "$port" --wait 200 --verify \
	--keys 1000 --conns 4 --value-size 100 --duration 120 --shutdown
wait_server 'ukl: application exited with status 0'
echo "ukl-memcached: ok"
