#!/bin/bash
# A load test: simulated learners completing modules through HTTP at once
# for a while (tests/web-load.py), with no error and no answer lost; and a
# backup taken half way holding every answer acknowledged before it began.
. "$SRCDIR/tests/lib.sh"

if ! command -v curl >/dev/null; then
	echo "1..0 # SKIP curl is not installed"
	exit 0
fi

# VIGIL_LOAD_SECONDS: how long the learners keep at it (60 by default);
# then each stops between two steps, its attempt left in progress.  Under
# AddressSanitizer a request costs about five times the CPU, so that build
# runs 20 seconds with 100 learners (still 25 per server thread): the same
# checks, without a 2-core machine spending minutes on them.
if grep -q __asan_init "$VIGIL" 2>/dev/null; then
	SECONDS_DEFAULT=20 LEARNERS=100
else
	SECONDS_DEFAULT=60 LEARNERS=200
fi
DURATION=${VIGIL_LOAD_SECONDS:-$SECONDS_DEFAULT}
export VIGIL_PACKS="$SRCDIR/tests/packs"
trap 'serve_stop; rm -rf "$TMP"' EXIT

PORT=$(free_port)
serve_start "$PORT" --signup open
ok $? "vigil serve starts"

: >"$TMP/acked"
python3 "$SRCDIR/tests/web-load.py" run "$PORT" "$TMP/acks" \
	--learners "$LEARNERS" --seconds "$DURATION" --seed "$$" \
	--log "$TMP/acked" >"$TMP/learners.out" 2>&1 &
load=$!

# Half way through, a backup (SPEC §4).  What the log holds when it is
# copied was acknowledged (the response received) before vigil backup is
# started: the backup must hold all of it.
sleep $((DURATION / 2))
for i in $(seq 300); do [ -s "$TMP/acked" ] && break; sleep 0.1; done
cp "$TMP/acked" "$TMP/acked.before"
t0=$(now_ms)
"$VIGIL" backup "$TMP/backup.db" >"$TMP/backup.out" 2>&1
backup_status=$?
t1=$(now_ms)
kill -0 "$load" 2>/dev/null
during=$?
wait "$load"
status=$?
grep '^# ' "$TMP/learners.out"
result=$(grep '^requests=' "$TMP/learners.out")
echo "# $result"
is "$status" 0 "$LEARNERS learners for $DURATION s: every response as expected"
like "$result" "errors=0" "with no error and no failed connection"
completions=${result#*completions=}
completions=${completions%% *}
[ "$completions" -gt 0 ]
ok $? "modules were completed ($completions)"
serve_stop

web_run_checks "$VIGIL_DB" "$TMP/acks" "$TMP/serve.$PORT.log" "$completions"

is "$backup_status" 0 "vigil backup during the load succeeds ($((t1 - t0)) ms)"
sed 's/^/# /' "$TMP/backup.out"
is "$during" 0 "while the learners were still answering"
out=$(python3 "$SRCDIR/tests/web-load.py" check-log "$TMP/backup.db" \
	"$TMP/acked.before")
ok $? "the backup passes integrity_check and holds every answer acknowledged before it began"
printf '%s\n' "$out" | grep '^# '
is "$([ -s "$TMP/backup.db" ] && sql "$TMP/backup.db" "PRAGMA integrity_check")" ok \
	"integrity_check, read again"
before=$(sql "$TMP/backup.db" "SELECT count(*) FROM answers")
after=$(sql "$VIGIL_DB" "SELECT count(*) FROM answers")
[ "$before" -lt "$after" ]
ok $? "answers came after it, in the database only ($before, then $after)"

done_testing
