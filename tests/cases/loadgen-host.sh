# bench/loadgen, the C++17 load generator of the server benchmarks, against
# Debian's redis-server and memcached on loopback, started and stopped
# here: closed loop with pipelining and open loop, both protocols, with a
# preload; every request is answered without an error; --wait finds the
# servers ready and --verify checks SET/GET/DELETE from 4 clients.  It refuses an
# address outside 127.0.0.0/8 and reports a refused connection clearly.
# No time or throughput is asserted.
set -eu
make -s loadgen
lg=build/bench/loadgen
tmp=build/tests/loadgen-host
rm -rf "$tmp"
mkdir -p "$tmp"

pids=
cleanup() {
	[ -z "$pids" ] || kill $pids 2>/dev/null || true
}
trap cleanup EXIT

# A port nothing listens on yet, from the dynamic range.
free_port() {
	for p in $(shuf -i 20000-60000 -n 20); do
		ss -Htln "sport = :$p" | grep -q . || { echo "$p"; return; }
	done
	echo "no free port" >&2
	exit 1
}

rport=$(free_port)
redis-server --port "$rport" --bind 127.0.0.1 --save '' --appendonly no \
	--dir "$tmp" >"$tmp/redis.log" 2>&1 &
pids="$pids $!"
mport=$(free_port)
memcached -l 127.0.0.1 -p "$mport" -U 0 -u root >"$tmp/memcached.log" 2>&1 &
pids="$pids $!"

$lg --proto redis --port "$rport" --wait 20 --verify --conns 4 --keys 1000
$lg --proto memcache --port "$mport" --wait 20 --verify --conns 4 --keys 1000

$lg --proto redis --port "$rport" --conns 4 --threads 2 --pipeline 8 \
	--requests 20000 --keys 1000 --preload --duration 60 --label redis-closed \
	--csv "$tmp/runs.csv" | tee "$tmp/out"
grep -q ': 20000 requests in .*errors 0$' "$tmp/out"
[ "$(redis-cli -p "$rport" dbsize)" = 1000 ]
$lg --proto redis --port "$rport" --conns 2 --rate 2000 --requests 2000 \
	--duration 60 --label redis-open --csv "$tmp/runs.csv" --hist "$tmp/hist.csv" | tee "$tmp/out"
grep -q ': 2000 requests in .*errors 0$' "$tmp/out"
tail -n 1 "$tmp/hist.csv" | grep -q ',1.000000$'

$lg --proto memcache --port "$mport" --conns 4 --threads 2 --pipeline 4 \
	--requests 20000 --keys 1000 --preload --duration 60 --label memcached-closed \
	--csv "$tmp/runs.csv" | tee "$tmp/out"
grep -q ': 20000 requests in .*errors 0$' "$tmp/out"
[ "$(wc -l <"$tmp/runs.csv")" = 4 ]

if $lg --proto redis --host 10.0.2.2 --port "$rport" --requests 1 2>"$tmp/err"; then
	echo "loadgen accepted a non-loopback address"
	exit 1
fi
grep -q 'only 127.0.0.0/8' "$tmp/err"
kill $pids
wait 2>/dev/null || true
pids=
if $lg --proto redis --port "$rport" --requests 1 2>"$tmp/err"; then
	echo "loadgen succeeded without a server"
	exit 1
fi
grep -q "connect 127.0.0.1:$rport: Connection refused" "$tmp/err"
echo "loadgen-host: ok"
