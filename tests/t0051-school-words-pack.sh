#!/bin/bash
# The online-blackmail pack in a school's own words (SPEC §2, issue of a
# school in Wales): every module taken, on many ways through, with
# lead_title and lead_short set to "Designated Safeguarding Person" and
# "DSP", never shows "DSL" or "Designated Safeguarding Lead"; with nothing
# set, the same takes show the defaults, and no "{{" is ever left.
. "$SRCDIR/tests/lib.sh"

export VIGIL_PACKS="$SRCDIR/packs"
modules=(spotting-the-signs responding-without-blame handling-images reporting)
RUNS=${VIGIL_WORDS_RUNS:-6}

# takes DB OUT: every module, RUNS times each with random answers through
# vigil take (recorded, so each run after a pass is a retake), all into OUT.
takes() {
	local db=$1 out=$2 m i
	: >"$out"
	for m in "${modules[@]}"; do
		for i in $(seq "$RUNS"); do
			python3 "$SRCDIR/tests/take-random.py" "$i" 60 \
				"$VIGIL" --db "$db" take online-blackmail "$m" \
				--learner "T$i" --name "Staff $i" >>"$out" 2>&1 ||
				echo "FAILED: $m run $i" >>"$out"
		done
	done
}

# A school in Wales.
"$VIGIL" --db "$TMP/wales.db" settings lead_title "Designated Safeguarding Person" >/dev/null &&
	"$VIGIL" --db "$TMP/wales.db" settings lead_short DSP >/dev/null &&
	"$VIGIL" --db "$TMP/wales.db" settings school_name "Ysgol Gynradd Llanfair" >/dev/null &&
	"$VIGIL" --db "$TMP/wales.db" settings leads "Siân Evans (room 4) or Rhys ap Gwilym" >/dev/null
ok $? "a school in Wales sets its words"
takes "$TMP/wales.db" "$TMP/wales"
unlike "$(cat "$TMP/wales")" "FAILED" "every take runs"
for m in "${modules[@]}"; do
	is "$(sql "$TMP/wales.db" "SELECT count(*) FROM attempts WHERE module = '$m' AND status != 'in progress'")" \
		"$RUNS" "$m: each of the $RUNS takes reached its result"
done
is "$(grep -c -e 'DSL' -e 'Designated Safeguarding Lead' "$TMP/wales")" 0 \
	"no DSL and no Designated Safeguarding Lead in $(wc -l <"$TMP/wales") lines of takes"
grep -n -e 'DSL' -e 'Designated Safeguarding Lead' "$TMP/wales" | head -n 3 | sed 's/^/# /'
like "$(cat "$TMP/wales")" "DSP" "the DSP, by the school's word"
like "$(cat "$TMP/wales")" "Designated Safeguarding Person" "and by its full title"
like "$(tr '\n' ' ' <"$TMP/wales")" "At Ysgol Gynradd Llanfair: Siân Evans (room 4) or Rhys ap Gwilym." \
	"the reflection on who to tell names who they are (lines joined: text is wrapped)"
unlike "$(cat "$TMP/wales")" "{{" "no word is left unreplaced"

# A school that has set nothing: the defaults.
"$VIGIL" --db "$TMP/none.db" settings >/dev/null
takes "$TMP/none.db" "$TMP/none"
unlike "$(cat "$TMP/none")" "FAILED" "with nothing set, every take runs"
like "$(cat "$TMP/none")" "DSL" "with nothing set, the DSL"
like "$(cat "$TMP/none")" "Designated Safeguarding Lead" "and its full title"
like "$(cat "$TMP/none")" "your DSL or a deputy" "and who they are, in general words"
unlike "$(cat "$TMP/none")" "DSP" "and no DSP"
unlike "$(cat "$TMP/none")" "{{" "and no word left unreplaced"

done_testing
