#!/bin/bash
# The online-blackmail pack: clean under --strict, its playthroughs pass and
# reach every step and choice, the exploration finds no error or dead end,
# the facts it teaches are its sources', the role is written in the school's
# words, and a new version keeps old passes and starts attempts anew.
. "$SRCDIR/tests/lib.sh"

pack="$SRCDIR/packs/online-blackmail"

out=$("$VIGIL" pack check --strict "$pack" 2>&1)
is $? 0 "pack check --strict passes"
is "$out" "1 pack checked: 0 errors, 0 warnings" "and reports nothing"

"$VIGIL" pack test --strict "$pack" >"$TMP/test" 2>&1
is $? 0 "pack test --strict passes"
is "$(tail -n 1 "$TMP/test")" "26 passed, 0 failed" "18 playthroughs, 4 explorations, 4 coverage tests"
modules="spotting-the-signs responding-without-blame handling-images reporting"
for m in $modules; do
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
like "$(cat "$TMP/test")" 'ok - handling-images: playthrough "offering to forward it is rejected and taught, and fails the module"' \
	"offering to forward the image is rejected, and fails the module"
like "$(cat "$TMP/test")" 'ok - handling-images: playthrough "looking, or asking for the image, is rejected at every turn"' \
	"and so are looking at it and asking for it"
like "$(cat "$pack/pack.lua")" \
	'modules = { "spotting-the-signs", "responding-without-blame", "handling-images", "reporting" }' \
	"handling images comes after responding without blame, before reporting"

# Every blaming or panicking first answer goes to the scene whose only way
# on is back (so none can reach a pass without going back).
blaming=$(grep -c 'go = "withdraws"' "$pack/responding-without-blame.lua")
is "$blaming" 3 "three blaming or panicking answers lead to Sam withdrawing"
is "$(awk '/^scene "withdraws"/,/^}/' "$pack/responding-without-blame.lua" | grep -c 'choice {')" 1 \
	"where there is one choice"
like "$(awk '/^scene "withdraws"/,/^}/' "$pack/responding-without-blame.lua")" \
	'choice { "Go back and try again", go = "after-lesson" }' "and it goes back"

# No text a learner sees names the role itself: pages, scenes, options,
# feedback, finishes, the summary and the sources say {{lead}},
# {{lead_short}} or {{leads}}, which each school's settings fill in (in
# Wales, the DSP).  Only comments (whole lines, in these files) may.
named=$(cd "$pack" && grep -H -n -e DSL -e 'Designated Safeguarding Lead' \
	pack.lua $(printf '%s.lua ' $modules) | grep -v -E '^[^:]+:[0-9]+:[[:space:]]*--')
is "$named" "" "no learner-visible text says DSL or Designated Safeguarding Lead"
for m in $modules; do
	like "$(cat "$pack/$m.lua")" "{{lead_short}}" "$m names the role as {{lead_short}}"
done
like "$(awk '/^reflect "your-school"/,/^}/' "$pack/reporting.lua")" \
	"Who is your {{lead_short}}, and who are the deputies? At {{school}}:
{{leads}}." "the reflection on who to tell shows who they are, {{leads}}"

# CPD minutes are within a third of the reading time: the words a learner
# reads along the model answers (model-path.lua reads them from the
# playthroughs), at 200 words a minute.  Counted: pages, scenes and
# questions with their options, the feedback, the review and the finish;
# not counted: the prompts in brackets and the echo of the learner's own
# answer ("You were asked:" and the question again, "Your answer: ...").
for m in $modules; do
	mapfile -t path < <(model_answers "$pack/tests/$m.lua")
	play_texts "$TMP/read-$m" "$pack" "$m" 1 "${path[@]}"
	like "$(tail -n 1 "$TMP/read-$m")" "Result: PASSED" "$m: the model answers, played, pass"
	words=$(awk '/^(You were asked:|Your answer|Your order|You chose|You wrote)/ { echo = 1; next }
		echo && (/^  / || /^$/) { next }
		{ echo = 0 }
		/^\[.*\]$/ || /^Previewing / { next }
		{ n += NF } END { print n }' "$TMP/read-$m")
	minutes=$(sed -n 's/^ *minutes = \([0-9]*\),$/\1/p' "$pack/$m.lua")
	# |minutes - words/200| <= words/200/3, in whole numbers: times 600.
	diff=$((minutes * 600 - words * 3))
	[ "${diff#-}" -le "$words" ]
	ok $? "$m: $minutes CPD minutes for $words words, about $(((words + 100) / 200)) minutes' reading"
done

# Installed, listed, and taken for real with vigil take, from a copy that
# is later changed.
mkdir -p "$TMP/packs"
cp -R "$pack" "$TMP/packs/online-blackmail"
chmod -R u+w "$TMP/packs"
export VIGIL_PACKS="$TMP/packs"
"$VIGIL" packs >"$TMP/packs.out"
like "$(cat "$TMP/packs.out")" "online-blackmail 1.1.0  Online blackmail (sextortion)" "vigil packs lists it"
for m in $modules; do
	like "$(cat "$TMP/packs.out")" "$m" "with the module $m"
done
# The model answers, from the pack's own playthrough.
mapfile -t signs < <(model_answers "$pack/tests/spotting-the-signs.lua")
drive_texts "$TMP/take" "${signs[@]}" \
	-- take online-blackmail spotting-the-signs --learner S1 --name "Sam Staff"
is $? 0 "vigil take of spotting-the-signs with the model answers: exit 0"
is "$(tail -n 1 "$TMP/take")" "Result: PASSED 10/10 (100%)" "passes"
like "$(cat "$TMP/take")" "CPD minutes: 7" "crediting its 7 CPD minutes"
like "$(cat "$TMP/take")" "Valid until: $(date -u -d '+365 days' +%Y-%m-%d)" "for a year"
code=$(sed -n 's/^Certificate: //p' "$TMP/take")
[[ $code =~ ^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$ ]]
ok $? "and a certificate code ($code)"

# An attempt at handling-images left part way: past the first page and
# the first scene's choice (the third, the model answer), then input ends.
printf '\n3\n' | "$VIGIL" take online-blackmail handling-images --learner S1 \
	>"$TMP/part" 2>&1
like "$(cat "$TMP/part")" "your answers are saved" "an attempt at handling-images is left part way"

# The next version: the pass of spotting-the-signs stands, and the attempt
# in progress cannot carry on, as its steps may no longer match.
sed -i 's/version = "1.1.0"/version = "1.1.1"/' "$TMP/packs/online-blackmail/pack.lua"
"$VIGIL" packs >"$TMP/packs.out"
like "$(cat "$TMP/packs.out")" "online-blackmail 1.1.1" "the copy is now 1.1.1"
out=$("$VIGIL" verify "$code" 2>&1)
is $? 0 "vigil verify of the 1.1.0 pass: exit 0"
like "$out" "Certificate $code is genuine." "the pass is still genuine"
like "$out" "(online-blackmail 1.1.0)" "of the version it was taken with"
unlike "$out" "expired" "and still valid"
out=$("$VIGIL" records --due-within 60 --learner S1 2>&1)
unlike "$out" "spotting-the-signs" "the pass still counts: spotting-the-signs is not due"
like "$out" "handling-images" "while handling-images, not passed, is"
printf 'q\n' | "$VIGIL" take online-blackmail handling-images --learner S1 \
	>"$TMP/changed" 2>&1
like "$(cat "$TMP/changed")" "The pack has changed since attempt" "taking handling-images again notices the change"
like "$(cat "$TMP/changed")" "0% done" "and starts a new attempt at the beginning"
is "$(sql "$VIGIL_DB" "SELECT group_concat(status, ',') FROM (SELECT status
	FROM attempts t JOIN learners l ON l.id = t.learner_id WHERE
	l.ref = 'S1' AND t.module = 'handling-images' ORDER BY t.id)")" \
	"abandoned,in progress" "the old attempt is kept, marked abandoned"
is "$(sql "$VIGIL_DB" "SELECT status || ' ' || pack_version FROM attempts t
	JOIN learners l ON l.id = t.learner_id WHERE l.ref = 'S1' AND
	t.module = 'spotting-the-signs'")" "passed 1.1.0" "the pass is kept as it was"

# The facts are the sources', and each is taught: the alert's, then the
# guidance on handling images (UKCIS and the police, the NSPCC, and the
# Welsh Government's).
all=$(cat "$pack"/*.lua)
for fact in "10,731" "26,718" "boys aged 14 to 18" "91% were male" "in under an hour" \
	"real" "AI" "organised crime groups based overseas" "**999**" "**101**" \
	"CEOP Safety Centre" "Report Remove" "Take It Down" "don't pay anything more" \
	"29 April 2024" "not to blame" \
	"overseas" "predominantly in some West African countries" \
	"some are also known to be in South East Asia" \
	"Never view, copy, print, share, store or save" \
	"never ask a child to share it or download it" "Doing so is illegal" \
	"exceptional circumstances" "child protection policy" "**child sexual abuse**" \
	"the police **urgently**" "**not always sexual" "have not done anything wrong" \
	"Childline can support them" "The Welsh Government's guidance"; do
	like "$all" "$fact" "the pack teaches: $fact"
done
sources=$(awk '/^  sources = {/,/^  },/' "$pack/pack.lua")
for source in "National Crime Agency (CEOP Education)" \
	"Sharing nudes and semi-nudes: how to respond to an incident (overview)" \
	'date = "2024-03-11"' 'NSPCC Learning: \"Report Remove\"' "Welsh Government (Hwb)" \
	"Sharing nudes and semi-nudes: responding to incidents and safeguarding children and young people"; do
	like "$sources" "$source" "the sources list: $source"
done
like "$(cat "$pack/pack.lua")" "renew_after_days = 365" "a pass lasts a year"

done_testing
