# Helpers for tests of servers in a QEMU guest, reached only through QEMU
# user networking forwarded to 127.0.0.1 (scripts/run-qemu.sh --hostfwd).
# Sourced by tests/cases/*.sh.

# A TCP port on 127.0.0.1 that nothing listens on, from the dynamic range.
free_port() {
	for p in $(shuf -i 20000-60000 -n 20); do
		ss -Htln "sport = :$p" | grep -q . || { echo "$p"; return; }
	done
	echo "no free port" >&2
	return 1
}

# boot_server NAME KERNEL INITRD HOSTPORT:GUESTPORT APPEND: boot in the
# background; run-qemu.sh's timeout bounds the guest, and wait_server
# collects its verdict (the kernel's exit line, no kernel error).
server_pid= server_name=
boot_server() {
	server_name=$1
	scripts/run-qemu.sh --name "$1" --kernel "$2" --initrd "$3" --hostfwd "$4" \
		--append "$5" --smp 2 --timeout 400 --expect 'ukl: application exited' &
	server_pid=$!
	trap kill_server EXIT
}

# A test that fails while the guest runs stops it (run-qemu.sh's timeout
# passes the signal on to QEMU).
kill_server() {
	[ -z "$server_pid" ] || pkill -P "$server_pid" 2>/dev/null || true
}

# wait_server LINE: the guest ended, run-qemu.sh passed, and the serial
# log holds LINE.
wait_server() {
	rc=0
	wait "$server_pid" || rc=$?
	server_pid=
	[ $rc = 0 ] || { echo "$server_name: the guest run failed"; return 1; }
	grep -qF -- "$1" "build/logs/$server_name.log" ||
		{ echo "$server_name: no '$1' in build/logs/$server_name.log"; return 1; }
}
