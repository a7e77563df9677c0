# Debian's Redis, built unmodified with ukl-gcc (apps/build.sh), runs as the
# UKL application behind QEMU user networking forwarded to 127.0.0.1: it
# answers SET/GET/DEL of 1000 keys from 4 concurrent clients and INFO,
# refuses BGSAVE (it would fork) with an error reply and keeps serving, and
# SHUTDOWN NOSAVE ends the machine with the exit line.
set -eu
. tests/lib/guest-server.sh
make -s ukl-redis "$PWD/build/guest/redis.cpio" loadgen
tmp=build/tests/ukl-redis
rm -rf "$tmp" && mkdir -p "$tmp"
port=$(free_port)
boot_server ukl-redis build/images/ukl/redis build/guest/redis.cpio "$port:6379" \
	'ukl.exit=reboot -- /etc/redis.conf'

build/bench/loadgen --proto redis --port "$port" --wait 200 --verify \
	--keys 1000 --conns 4 --duration 120
rcli() {
	timeout 30 redis-cli -p "$port" "$@"
}
rcli INFO server >"$tmp/info"
grep -q '^redis_version:7\.0\.' "$tmp/info"
grep -q '^process_id:1' "$tmp/info"
rcli SET kept value >/dev/null
rcli BGSAVE >"$tmp/bgsave" 2>&1 || true
cat "$tmp/bgsave"
grep -q '^ERR' "$tmp/bgsave"
[ "$(rcli GET kept)" = value ]
[ "$(rcli DBSIZE)" = 1 ]
rcli SHUTDOWN NOSAVE >/dev/null 2>&1 || true
wait_server 'ukl: application exited with status 0'
grep -q 'fork' build/logs/ukl-redis.log
echo "ukl-redis: ok"
