#!/bin/bash
# The server killed with SIGKILL at random moments while learners answer:
# it starts again each time, the learners carry on from where it says they
# are, and nothing it acknowledged is lost (tests/web-load.py).
. "$SRCDIR/tests/lib.sh"

if ! command -v curl >/dev/null; then
	echo "1..0 # SKIP curl is not installed"
	exit 0
fi

# VIGIL_CRASH_KILLS: how many times the server is killed (200 by default;
# make distcheck, which only checks the packaging, asks for fewer).
KILLS=${VIGIL_CRASH_KILLS:-200}
LEARNERS=6
LIMIT=150	# seconds: a guard; 200 kills take about 30 s
export VIGIL_PACKS="$SRCDIR/tests/packs"
trap 'serve_stop; rm -rf "$TMP"' EXIT

# restart: starts the server again (SERVE_PID) and waits until it accepts
# connections, polling every 10 ms (serve_start's pace, 50 ms, would make
# 200 restarts take most of the test).
restart() {
	"$VIGIL" serve --listen "127.0.0.1:$PORT" --signup open \
		>>"$TMP/serve.$PORT.log" 2>&1 &
	SERVE_PID=$!
	for _ in $(seq 500); do
		(: <"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && return 0
		kill -0 "$SERVE_PID" 2>/dev/null || return 1
		sleep 0.01
	done
	return 1
}

PORT=$(free_port)
serve_start "$PORT" --signup open
ok $? "vigil serve starts"

python3 "$SRCDIR/tests/web-load.py" run "$PORT" "$TMP/acks" \
	--learners "$LEARNERS" --retry --finish --stop "$TMP/stop" --seed "$$" \
	>"$TMP/learners.out" 2>&1 &
learners=$!

start=$(now_ms)
kills=0 restarts=0
while [ "$kills" -lt "$KILLS" ] &&
	[ $(($(now_ms) - start)) -lt $((LIMIT * 1000)) ]; do
	# A random moment: 0 to 200 ms after the server answers again.
	sleep "0.$(printf '%03d' $((RANDOM % 200)))"
	kill -KILL "$SERVE_PID"
	wait "$SERVE_PID" 2>/dev/null
	kills=$((kills + 1))
	restart && restarts=$((restarts + 1))
done
elapsed=$(($(now_ms) - start))
touch "$TMP/stop"
wait "$learners"
status=$?
sed -n 's/^# /# learners: /p' "$TMP/learners.out"
result=$(grep '^requests=' "$TMP/learners.out")
echo "# kills=$kills restarts=$restarts in ${elapsed} ms; $result"
is "$kills" "$KILLS" "the server was killed $KILLS times"
is "$restarts" "$kills" "and started again every time"
is "$status" 0 "every learner carried on and finished its module"
serve_stop

completions=${result#*completions=}
completions=${completions%% *}
[ "$completions" -ge "$LEARNERS" ]
ok $? "the learners completed modules ($completions)"
is "$(sql "$VIGIL_DB" "SELECT count(*) FROM attempts WHERE status = 'in progress'")" 0 \
	"no attempt is left in progress"
web_run_checks "$VIGIL_DB" "$TMP/acks" "$TMP/serve.$PORT.log" "$completions"

done_testing
