#!/bin/bash
# `vigil records`: the completions table, its filters, and --overdue and
# --due-within by the due-date rule of SPEC §4 for every case a school
# meets (never taken, in progress, not passed, passed, expired), with the
# clock set by VIGIL_NOW.
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

# Who is overdue follows the due-date rule of SPEC §4.  Nothing is
# assigned here, so every module is assigned to everyone within 30 days of
# their first day (P1-P4 started on 2026-03-01, when they were added; P5
# and P6 on 2025-01-10).  A module without a valid pass is due on the day
# the last pass expired, else 30 days after the first day, and overdue
# once that day has passed.  So on 2026-03-01 only P5's expired passes are
# overdue; P2, P3 and P4 have until 2026-03-31.
"$VIGIL" records --overdue >"$TMP/over" 2>"$TMP/over.err"
is $? 0 "records --overdue exits 0"
like "$(cat "$TMP/over.err")" "the clock is set to 2026-03-01 by VIGIL_NOW (for tests only)" \
	"VIGIL_NOW is announced, never silent"
row() { grep -E "^$1 .* example/$2 " "$TMP/over" | sed 's/  */ /g'; }
is "$(head -n 1 "$TMP/over" | sed 's/  */ /g')" "REF NAME MODULE DUE WHY" "a header row"
is "$(row P5 basics)" "P5 Eli Expired example/basics 2026-01-10 expired on 2026-01-10" \
	"an expired pass is overdue from its expiry, with why"
is "$(row P5 short)" "P5 Eli Expired example/short 2026-01-10 expired on 2026-01-10" \
	"every expired module"
is "$(row P2 short)" "" "a new starter with 30 days to go is not overdue"
is "$(row P4 basics)" "" "nor is one who has never taken anything"
is "$(tail -n 1 "$TMP/over")" "2 overdue on 2026-03-01." "the count of overdue pairs"

# A month on, the new starters' 30 days have passed: every case of why.
VIGIL_NOW=2026-04-01 "$VIGIL" records --overdue >"$TMP/over" 2>/dev/null
is "$(row P1 basics)" "" "a valid pass is not overdue"
is "$(row P1 short)" "" "on every module"
is "$(row P2 basics)" "P2 Ira InProgress example/basics 2026-03-31 in progress since 2026-03-01" "in progress"
is "$(row P2 short)" "P2 Ira InProgress example/short 2026-03-31 never taken" "never taken"
is "$(row P3 basics)" "P3 Nia NotPassed example/basics 2026-03-31 not passed on 2026-03-01" "not passed"
is "$(row P4 short)" "P4 Noor Never example/short 2026-03-31 never taken" "a learner with no attempts"
is "$(row P5 basics)" "P5 Eli Expired example/basics 2026-01-10 expired on 2026-01-10" "expired, with the date"
is "$(row P6 basics)" "" "a renewed pass is valid again"
is "$(tail -n 1 "$TMP/over")" "8 overdue on 2026-04-01." "eight overdue"

# --due-within DAYS: due by DAYS from today, overdue included.
"$VIGIL" records --due-within 30 >"$TMP/over" 2>/dev/null
is "$(grep -c example/ "$TMP/over")" 8 "--due-within 30 lists what is due by 2026-03-31"
is "$(tail -n 1 "$TMP/over")" "8 due by 2026-03-31 (2 overdue)." "and counts the overdue among them"
is "$("$VIGIL" records --due-within 29 2>/dev/null | tail -n 1)" "2 due by 2026-03-30 (2 overdue)." \
	"a day less leaves out those due on 2026-03-31"

# Expiry is a date: valid the day before, expired on the day, and due on
# that day, so overdue from the day after.
out=$(VIGIL_NOW=2026-01-09 "$VIGIL" records --overdue --learner P5 2>/dev/null)
is "$out" "Nobody is overdue on 2026-01-09." "a pass is valid the day before it expires"
out=$(VIGIL_NOW=2026-01-10 "$VIGIL" records --overdue --learner P5 2>/dev/null)
is "$out" "Nobody is overdue on 2026-01-10." "on its expiry it is due, not yet overdue"
out=$(VIGIL_NOW=2026-01-10 "$VIGIL" records --due-within 0 --learner P5 2>/dev/null)
like "$out" "2026-01-10  expired on 2026-01-10" "but due today, and expired on the day"
out=$(VIGIL_NOW=2026-01-11 "$VIGIL" records --overdue --learner P5 2>/dev/null)
like "$out" "expired on 2026-01-10" "and overdue the day after"
out=$(VIGIL_NOW=2025-06-01 "$VIGIL" records --due-within 365 --learner P3 --pack example 2>/dev/null)
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
