#!/bin/bash
# A load test: simulated learners completing modules through HTTP at once
# for a while (tests/web-load.py), with no error and no answer lost.
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

python3 "$SRCDIR/tests/web-load.py" run "$PORT" "$TMP/acks" \
	--learners "$LEARNERS" --seconds "$DURATION" --seed "$$" \
	>"$TMP/learners.out" 2>&1
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

done_testing
