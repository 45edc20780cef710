#!/bin/bash
# The online-blackmail pack: clean under --strict, its playthroughs pass and
# reach every step and choice, the exploration finds no error or dead end,
# and the facts it teaches are the alert's.
. "$SRCDIR/tests/lib.sh"

pack="$SRCDIR/packs/online-blackmail"

out=$("$VIGIL" pack check --strict "$pack" 2>&1)
is $? 0 "pack check --strict passes"
is "$out" "1 pack checked: 0 errors, 0 warnings" "and reports nothing"

"$VIGIL" pack test --strict "$pack" >"$TMP/test" 2>&1
is $? 0 "pack test --strict passes"
is "$(tail -n 1 "$TMP/test")" "18 passed, 0 failed" "12 playthroughs, 3 explorations, 3 coverage tests"
for m in spotting-the-signs responding-without-blame reporting; do
	like "$(cat "$TMP/test")" "ok - $m: exploration" "$m: the exploration finds no error or dead end"
	line=$(grep "^$m: playthroughs reach" "$TMP/test")
	[[ $line =~ reach\ ([0-9]+)/([0-9]+)\ steps,\ ([0-9]+)/([0-9]+)\ choices ]] &&
		[ "${BASH_REMATCH[1]}" = "${BASH_REMATCH[2]}" ] &&
		[ "${BASH_REMATCH[3]}" = "${BASH_REMATCH[4]}" ]
	ok $? "$m: the playthroughs reach every step and choice ($line)"
done
like "$(cat "$TMP/test")" 'ok - responding-without-blame: playthrough "a blaming question: Sam withdraws, and the only way on is back"' \
	"a blaming choice leads to Sam withdrawing, and back"
like "$(cat "$TMP/test")" 'ok - reporting: playthrough "advising to delete the messages is rejected"' \
	"the advice question rejects deleting the messages"
like "$(cat "$TMP/test")" 'ok - reporting: playthrough "advising to pay is rejected"' \
	"and paying"

# Every blaming or panicking first answer goes to the scene whose only way
# on is back (so none can reach a pass without going back).
blaming=$(grep -c 'go = "withdraws"' "$pack/responding-without-blame.lua")
is "$blaming" 3 "three blaming or panicking answers lead to Sam withdrawing"
is "$(awk '/^scene "withdraws"/,/^}/' "$pack/responding-without-blame.lua" | grep -c 'choice {')" 1 \
	"where there is one choice"
like "$(awk '/^scene "withdraws"/,/^}/' "$pack/responding-without-blame.lua")" \
	'choice { "Go back and try again", go = "after-lesson" }' "and it goes back"

# Installed, listed, and taken for real with vigil take.
export VIGIL_PACKS="$SRCDIR/packs"
"$VIGIL" packs >"$TMP/packs"
like "$(cat "$TMP/packs")" "online-blackmail 1.0.1  Online blackmail (sextortion)" "vigil packs lists it"
for m in spotting-the-signs responding-without-blame reporting; do
	like "$(cat "$TMP/packs")" "$m" "with the module $m"
done
drive_texts "$TMP/take" \
	"They more than doubled, from 10,731 to 26,718" "False" \
	"Contact from an unknown account that seems to be a young person" \
	"Being quickly drawn into sexually explicit messages" \
	"Being pressured into taking nude or semi-nude photos" \
	"Being told they have been hacked" \
	"Being blackmailed for money or a gift card" \
	"“That could be sextortion. Please tell the DSL today, and I'll come with you.”" \
	-- take online-blackmail spotting-the-signs --learner S1 --name "Sam Staff"
is $? 0 "vigil take of spotting-the-signs with the model answers: exit 0"
is "$(tail -n 1 "$TMP/take")" "Result: PASSED 9/9 (100%)" "passes"
like "$(cat "$TMP/take")" "CPD minutes: 15" "crediting its 15 CPD minutes"
like "$(cat "$TMP/take")" "Valid until: $(date -u -d '+365 days' +%Y-%m-%d)" "for a year"

# The facts are the alert's, and each is taught.
all=$(cat "$pack"/*.lua)
for fact in "10,731" "26,718" "boys aged 14 to 18" "91% were male" "in under an hour" \
	"real" "AI" "organised crime groups based overseas" "**999**" "**101**" \
	"CEOP Safety Centre" "Report Remove" "Take It Down" "don't pay anything more" \
	"Designated Safeguarding Lead" "29 April 2024" "not to blame"; do
	like "$all" "$fact" "the pack teaches: $fact"
done
like "$(cat "$pack/pack.lua")" "renew_after_days = 365" "a pass lasts a year"

done_testing
