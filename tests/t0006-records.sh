#!/bin/bash
# `vigil records`: the completions table, its filters, and --overdue for
# every case a school meets (never taken, in progress, not passed, passed,
# expired), with the clock set by VIGIL_NOW.
. "$SRCDIR/tests/lib.sh"

mkdir -p "$TMP/packs"
cp -R "$SRCDIR/tests/packs/example" "$TMP/packs/example"
export VIGIL_PACKS="$TMP/packs"

right=("${BASICS_RIGHT[@]}")
short=("${SHORT_RIGHT[@]}")

# take_as REF NAME MODULE ANSWER...: one take through a pipe.
take_as() {
	local ref=$1 name=$2 module=$3
	shift 3
	drive_texts "$TMP/take.$ref.$module" "$@" -- take example "$module" \
		--learner "$ref" --name "$name" >/dev/null 2>&1
}

"$VIGIL" records >"$TMP/out" 2>&1
is $? 1 "records without a database fails"
like "$(cat "$TMP/out")" "there is no records database at '$VIGIL_DB'" "and names the file"
test -e "$VIGIL_DB"
ok $((!$?)) "without creating one"

# A roster with every case, on 2026-03-01 unless said otherwise.
export VIGIL_NOW=2026-03-01
take_as P1 "Pat Passed" basics "${right[@]}"
take_as P1 "Pat Passed" short "${short[@]}"
printf '\n\n' | "$VIGIL" take example basics --learner P2 --name "Ira InProgress" >/dev/null 2>&1
take_as P3 "Nia NotPassed" basics "Ask Jordan why they didn't tell anyone sooner" \
	"Go back and try again" "${right[@]}"
"$VIGIL" learner add P4 --name "Noor Never" >/dev/null 2>&1
VIGIL_NOW=2025-01-10 take_as P5 "Eli Expired" basics "${right[@]}"
VIGIL_NOW=2025-01-10 take_as P5 "Eli Expired" short "${short[@]}"
# Renewed: an expired pass, then a new pass.
VIGIL_NOW=2025-01-10 take_as P6 "Ren Renewed" basics "${right[@]}"
take_as P6 "Ren Renewed" basics "${right[@]}"
take_as P6 "Ren Renewed" short "${short[@]}"
is "$(sql "$VIGIL_DB" "SELECT count(*) FROM learners")" 6 "six learners in the roster"
is "$(VIGIL_DB=$TMP/other.db "$VIGIL" learner add X --name X >/dev/null 2>&1 &&
	VIGIL_DB=$TMP/other.db "$VIGIL" records 2>&1)" "No records yet." "an empty database says so"

"$VIGIL" records --overdue >"$TMP/over" 2>"$TMP/over.err"
is $? 0 "records --overdue exits 0"
like "$(cat "$TMP/over.err")" "the clock is set to 2026-03-01 by VIGIL_NOW (for tests only)" \
	"VIGIL_NOW is announced, never silent"
over=$(cat "$TMP/over")
row() { grep -E "^$1 .* example/$2 " "$TMP/over" | sed 's/  */ /g'; }
is "$(row P1 basics)" "" "a valid pass is not overdue"
is "$(row P1 short)" "" "on every module"
is "$(row P2 basics)" "P2 Ira InProgress example/basics in progress since 2026-03-01" "in progress"
is "$(row P2 short)" "P2 Ira InProgress example/short never taken" "never taken"
is "$(row P3 basics)" "P3 Nia NotPassed example/basics not passed on 2026-03-01" "not passed"
is "$(row P4 short)" "P4 Noor Never example/short never taken" "a learner with no attempts"
is "$(row P5 basics)" "P5 Eli Expired example/basics expired on 2026-01-10" "expired, with the date"
is "$(row P5 short)" "P5 Eli Expired example/short expired on 2026-01-10" "every expired module"
is "$(row P6 basics)" "" "a renewed pass is valid again"
is "$(printf '%s\n' "$over" | tail -n 1)" "8 overdue on 2026-03-01." "the count of overdue pairs"
is "$(head -n 1 "$TMP/over" | sed 's/  */ /g')" "LEARNER NAME MODULE STATUS" "a header row"

# Expiry is a date: valid the day before, expired on the day.
out=$(VIGIL_NOW=2026-01-09 "$VIGIL" records --overdue --learner P5 2>/dev/null)
is "$out" "Nobody is overdue on 2026-01-09." "a pass is valid the day before it expires"
out=$(VIGIL_NOW=2026-01-10 "$VIGIL" records --overdue --learner P5 2>/dev/null)
like "$out" "expired on 2026-01-10" "and expired on the day"
out=$(VIGIL_NOW=2025-06-01 "$VIGIL" records --overdue --learner P3 --pack example 2>/dev/null)
like "$out" "never taken" "earlier, before the attempts, it was never taken"

# The completions table and its filters.
"$VIGIL" records >"$TMP/all" 2>/dev/null
is "$(head -n 1 "$TMP/all" | sed 's/  */ /g')" "ATTEMPT LEARNER NAME MODULE RESULT DATE EXPIRES" "records has a header"
like "$(sed 's/  */ /g' "$TMP/all")" "P1 Pat Passed example/basics passed 9/9 (100%) 2026-03-01 2027-03-01" \
	"a pass with score, date and expiry"
like "$(sed 's/  */ /g' "$TMP/all")" "P3 Nia NotPassed example/basics not passed 7/9 (77%) 2026-03-01 -" \
	"a fail with its score"
like "$(sed 's/  */ /g' "$TMP/all")" "P2 Ira InProgress example/basics in progress 2026-03-01 -" \
	"an attempt in progress"
is "$(grep -c "example/" "$TMP/all")" 9 "one row per attempt"
is "$(sed -n 2p "$TMP/all" | awk '{print $2}')" P5 "oldest first"
is "$("$VIGIL" records --learner P6 2>/dev/null | grep -c P6)" 3 "--learner filters"
is "$("$VIGIL" records --since 2026-01-01 2>/dev/null | grep -c example/)" 6 "--since filters by date"
is "$("$VIGIL" records --pack other 2>/dev/null)" "No records match." "--pack filters"
"$VIGIL" records --learner nobody >/dev/null 2>"$TMP/err"
is $? 1 "an unknown learner is an error"
like "$(cat "$TMP/err")" "no learner 'nobody' in the roster" "that says so"
"$VIGIL" records --since yesterday >/dev/null 2>"$TMP/err"
is $? 2 "a bad --since is a usage error"
like "$(cat "$TMP/err")" "--since needs a date (YYYY-MM-DD), not 'yesterday'" "naming the value"
"$VIGIL" records --since 2026-02-30 >/dev/null 2>&1
is $? 2 "an impossible date is refused"
"$VIGIL" records --overdue --since 2026-01-01 >/dev/null 2>&1
is $? 2 "--since does not go with --overdue"
"$VIGIL" records --overdue --pack nosuch >/dev/null 2>"$TMP/err"
is $? 1 "--overdue for a pack that is not installed fails"
VIGIL_NOW=tomorrow "$VIGIL" records --overdue >/dev/null 2>"$TMP/err"
like "$(cat "$TMP/err")" "VIGIL_NOW='tomorrow' is not a date" "a bad VIGIL_NOW is reported"

# A broken pack is not counted against anyone.
mkdir -p "$TMP/packs/broken"
printf 'pack { id = "broken", title = "B", version = "x" }\n' >"$TMP/packs/broken/pack.lua"
"$VIGIL" records --overdue >"$TMP/over2" 2>"$TMP/err"
unlike "$(cat "$TMP/over2")" "broken/" "a pack with errors is not counted"
like "$(cat "$TMP/err")" "pack 'broken' has errors, so its modules are not counted" "and says so"

done_testing
