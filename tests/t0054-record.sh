#!/bin/bash
# vigil pack play --record: the way just played, written as a playthrough
# that pack test passes unedited, with every option's text as the module
# writes it; added to the end of a file that exists; nothing for a play
# stopped early; clear errors before anything is played.
. "$SRCDIR/tests/lib.sh"

export VIGIL_NOW=2026-12-07
day="played on 7 December 2026"
ob="$TMP/ob"
cp -R "$SRCDIR/packs/online-blackmail" "$ob"
rec="$ob/tests/recorded.lua"

# record OUT DIR MODULE SEED FILE ANSWER...: plays MODULE as drive_texts
# does, recording the playthrough in FILE.
record() {
	local out=$1 dir=$2 module=$3 seed=$4 file=$5
	shift 5
	drive_texts "$out" "$@" -- pack play "$dir" "$module" --seed "$seed" \
		--record "$file"
}

# ---- the online-blackmail pack, as shown in the default words ----------

mapfile -t signs < <(model_answers "$ob/tests/spotting-the-signs.lua")
record "$TMP/signs" "$ob" spotting-the-signs 11 "$rec" "${signs[@]}"
is $? 0 "a model pass of spotting-the-signs exits 0"
like "$(cat "$TMP/signs")" "Recorded the playthrough \"passed 10/10, $day\" in $rec." \
	"and says which playthrough it recorded, and where"
test -f "$rec"; ok $? "the file is created"

helps="Thanking them for telling you | Telling them clearly that they are not to blame | Telling them that help and support are available"
record "$TMP/blame" "$ob" responding-without-blame 12 "$rec" \
	"“Thank you for telling me. This is not your fault, and we're going to help you.”" \
	"“I can't keep this to myself, because I need to get you help. I'm going to tell our DSL now, and I'll stay with you.”" \
	"$helps" \
	"“You are not to blame. The person doing this to you is.”" \
	"It's not your fault, and I'm glad you told me."
like "$(cat "$TMP/blame")" "Recorded the playthrough \"passed 10/10, $day (2)\"" \
	"a second 10/10 the same day gets a name of its own"
record "$TMP/back" "$ob" responding-without-blame 13 "$rec" \
	"“Why would you send a photo to someone you'd never met?”" \
	"Go back and try again" \
	"“Thank you for telling me. This is not your fault, and we're going to help you.”" \
	"“I can't keep this to myself, because I need to get you help. I'm going to tell our DSL now, and I'll stay with you.”" \
	"$helps" \
	"“You are not to blame. The person doing this to you is.”" \
	"Thank you for telling me."
like "$(cat "$TMP/back")" "Recorded the playthrough \"passed 8/10, $day\"" \
	"going back is recorded, with the first answer's points lost"

never="Look at it, even briefly | Forward it, even to the DSL | Save it, or take a screenshot of it | Ask the pupil to send it to you"
images() {
	record "$TMP/images.$1" "$ob" handling-images "$1" "$rec" "$2" \
		"“I don't need to see it. Thank you for telling me: you've done nothing wrong. We're going to the DSL together, now.”" \
		"False" \
		"“No, please don't show me, and don't send it to anyone. Thank you for telling me. I'm taking this to the DSL now.”" \
		"False" \
		"Child sexual abuse, which goes to the police urgently" \
		"$never" \
		"“There's a tool called Report Remove, from Childline and the IWF, for under-18s. Childline can help you use it.”" \
		"I won't look, and we are going to get help now."
}
images 14 "“Please don't ask him for it or send it anywhere. Let's tell the DSL now what Jordan told you.”"
is $? 0 "a model pass of handling-images exits 0"
images 15 "“Good idea. The DSL will need to see it.”"
is $? 1 "a failing run exits 1, as without --record"
like "$(cat "$TMP/images.15")" "Recorded the playthrough \"not passed 15/19, $day\"" \
	"a failing run is recorded as not passed"

# The reporting module's model answers go at the end of its own file,
# which the author wrote by hand: nothing in it changes.
cp "$ob/tests/reporting.lua" "$TMP/reporting.before"
report=(
	"“Please don't pay. Stop replying, block them, and keep every message. I'm putting you through to our DSL now.”"
	"Don't pay, stop contact and block them | Keep the messages, images, phone numbers and bank details | Report it: 999 if there is immediate risk of harm, otherwise 101 or the CEOP Safety Centre"
	"Don't pay, stop contact and block | Keep the evidence: delete nothing | Report to the police or the CEOP Safety Centre | Get the images removed"
	"False"
	"999"
	"Childline and the IWF's Report Remove tool"
	"Find the DSL, or a deputy, now, even if it means interrupting the meeting"
	"The office finds one for me."
)
record "$TMP/report" "$ob" reporting 16 "$ob/tests/reporting.lua" "${report[@]}"
is $? 0 "a model pass of reporting exits 0"
size=$(wc -c <"$TMP/reporting.before")
cmp -s -n "$size" "$TMP/reporting.before" "$ob/tests/reporting.lua"
ok $? "an existing tests file keeps everything it held"
cat >"$TMP/report.want" <<'EOF'

playthrough "passed 12/12, played on 7 December 2026" {
  module = "reporting",
  { "“Please don't pay. Stop replying, block them, and keep every message. I'm putting you through to our {{lead_short}} now.”",
    step = "phone-call" },
  { "Don't pay, stop contact and block them",
    "Keep the messages, images, phone numbers and bank details",
    "Report it: 999 if there is immediate risk of harm, otherwise 101 or the CEOP Safety Centre",
    step = "what-to-advise" },
  { "Don't pay, stop contact and block",
    "Keep the evidence: delete nothing",
    "Report to the police or the CEOP Safety Centre",
    "Get the images removed",
    step = "in-order" },
  { "False", step = "paid-once" },
  { "999", step = "immediate-risk" },
  { "Childline and the IWF's Report Remove tool", step = "removal" },
  { "Find the {{lead_short}}, or a deputy, now, even if it means interrupting the meeting",
    step = "end-of-day" },
  { "The office finds one for me.", step = "your-school" },
  result = "passed",
  score = 12,
  percent = 100,
}
EOF
tail -c +$((size + 1)) "$ob/tests/reporting.lua" >"$TMP/report.got"
is "$(cat "$TMP/report.got")" "$(cat "$TMP/report.want")" \
	"it is added at the end: each option's text as written, its step, the result, score and percent"

# Recording changes nothing the player shows.
drive_texts "$TMP/report.plain" "${report[@]}" -- pack play "$ob" reporting --seed 16
grep -v -e '^Recorded the playthrough' -e '^vigil: warning: the clock' \
	"$TMP/report" >"$TMP/report.shown"
grep -v -e '^vigil: warning: the clock' "$TMP/report.plain" >"$TMP/report.plain.shown"
cmp -s "$TMP/report.shown" "$TMP/report.plain.shown"
ok $? "pack play shows the same with --record as without"

# In a Welsh school's words, the same playthrough is recorded: the module's
# {{lead_short}}, not the DSP the learner saw.
"$VIGIL" settings lead_short DSP >/dev/null
drive_texts "$TMP/welsh" "${report[@]//DSL/DSP}" -- pack play "$ob" reporting \
	--seed 17 --db "$VIGIL_DB" --record "$ob/tests/welsh.lua"
is $? 0 "played with --db in a Welsh school's words"
like "$(cat "$TMP/welsh")" "through to our DSP now" "which the player shows"
w=$(cat "$ob/tests/welsh.lua")
like "$w" "through to our {{lead_short}} now" "the recording has the module's words"
unlike "$w" "DSP" "not the school's"

r=$(cat "$rec")
like "$r" "{{lead_short}}" "school words are recorded as the module writes them"
unlike "$r" "DSL" "and never as a school's settings read"
is "$(grep -c '^playthrough "' "$rec")" 5 "five playthroughs in one file"
is "$(grep -c 'vigil pack play --record' "$rec")" 1 "under one heading comment"

"$VIGIL" pack test "$ob" >"$TMP/test" 2>&1
is $? 0 "pack test passes the recorded playthroughs unedited"
t=$(cat "$TMP/test")
like "$t" "ok - spotting-the-signs: playthrough \"passed 10/10, $day\"" "the model pass of spotting-the-signs"
like "$t" "ok - responding-without-blame: playthrough \"passed 10/10, $day (2)\"" "of responding-without-blame"
like "$t" "ok - responding-without-blame: playthrough \"passed 8/10, $day\"" "going back"
like "$t" "ok - handling-images: playthrough \"passed 19/19, $day\"" "the model pass of handling-images"
like "$t" "ok - handling-images: playthrough \"not passed 15/19, $day\"" "the failing run"
like "$t" "ok - reporting: playthrough \"passed 12/12, $day\"" "the one added to reporting.lua"
is "$(grep -c "^ok - reporting: playthrough \"passed 12/12, $day\"" "$TMP/test")" 2 \
	"and the one recorded in a Welsh school's words"
like "$(tail -n 1 "$TMP/test")" " passed, 0 failed" "and nothing fails"

# ---- every kind of step, with texts that need escaping -------------------

fx="$TMP/fx"
mkdir -p "$fx/tests"
cat >"$fx/pack.lua" <<'EOF'
pack {
  id = "fx",
  title = "Every kind of answer",
  version = "1.0.0",
  language = "en-GB",
  summary = [[Every kind of step, with texts that need escaping.]],
  audience = "All staff",
  sources = { { title = "None" } },
  modules = { "every-kind" },
}
EOF
cat >"$fx/every-kind.lua" <<'EOF'
module { title = "Every kind", minutes = 1, pass_mark = 50 }

page [[Welcome.]]

scene "start" {
  [[Where next?]],
  choice { "“Curly” words for the {{lead_short}}", go = "loop",
    set = { looped = true } },
  choice { 'Say "plain" quotes, a back\\slash and [[brackets]]', score = 1,
    go = "pick" },
}

scene "loop" {
  [[A loop.]],
  choice { "Go back to the start", go = "start" },
}

question "pick" {
  type = "single",
  [[Pick one.]],
  right "Tell the {{lead_short}}, who says ‘now’",
  wrong "A first line\nand a second",
  wrong "Ask ]] and ]=] and \\n",
}

question "several" {
  type = "multiple",
  [[Choose all.]],
  right "Tab\there",
  right "It's {{lead_short}}'s “call”",
  wrong "Nobody",
}

question "sequence" {
  type = "order",
  [[In order.]],
  "First, “listen”",
  "Second, tell the {{lead_short}}",
  "Third \\ last",
}

question {
  type = "truefalse",
  [[True?]],
  answer = true,
}

page { when = function(state) return state.looped end, [[You looped.]] }

reflect "words" { [[Your words?]] }

finish [[Done.]]
EOF
kinds="$fx/tests/kinds.lua"
record "$TMP/fx1" "$fx" every-kind 1 "$kinds" \
	"“Curly” words for the DSL" \
	"Go back to the start" \
	'Say "plain" quotes, a back\slash and [[brackets]]' \
	"Tell the DSL, who says ‘now’" \
	"Tab here | It's DSL's “call”" \
	"First, “listen” | Second, tell the DSL | Third \\ last" \
	"True" \
	'She said "no" \ ‘fine’ [[ ]]'
is $? 0 "every kind of step: a pass exits 0"
cat >"$TMP/kinds.want" <<'EOF'
-- Playthroughs recorded with `vigil pack play --record`, which `vigil pack test`
-- runs. Each gives a learner's answers in order, by the exact text of
-- the option chosen (pages need no answer), and the result, score and
-- percent to expect. Rename them, or edit them as you would one you wrote.

playthrough "passed 4/5, played on 7 December 2026" {
  module = "every-kind",
  { "“Curly” words for the {{lead_short}}", step = "start" },
  { "Go back to the start", step = "loop" },
  { "Say \"plain\" quotes, a back\\slash and [[brackets]]", step = "start" },
  { "Tell the {{lead_short}}, who says ‘now’", step = "pick" },
  { "Tab\009here",
    "It's {{lead_short}}'s “call”",
    step = "several" },
  { "First, “listen”",
    "Second, tell the {{lead_short}}",
    "Third \\ last",
    step = "sequence" },
  "True",
  { "She said \"no\" \\ ‘fine’ [[ ]]", step = "words" },
  result = "passed",
  score = 4,
  percent = 80,
}
EOF
is "$(cat "$kinds")" "$(cat "$TMP/kinds.want")" \
	"a scene's loop, every question type and every escape, as written; no step for an id made from the position"

wrong=(
	'Say "plain" quotes, a back\slash and [[brackets]]'
	"A first line and a second"
	"Nobody | Tab here"
	"Third \\ last | First, “listen” | Second, tell the DSL"
	"False"
	$'No \xe2\x80\xaeright-to-left.'
)
record "$TMP/fx2" "$fx" every-kind 2 "$kinds" "${wrong[@]}"
is $? 1 "a failing run exits 1"
wrong[1]="Ask ]] and ]=] and \\n"
record "$TMP/fx3" "$fx" every-kind 3 "$kinds" "${wrong[@]}"
like "$(cat "$TMP/fx3")" "Recorded the playthrough \"not passed 1/5, $day (2)\"" \
	"a second recording with the same result is numbered"
k=$(cat "$kinds")
like "$k" '{ "A first line\nand a second", step = "pick" },' "a new line is written \\n"
like "$k" '{ "Ask ]] and ]=] and \\n", step = "pick" },' "closing brackets and a backslash before n as they are"
like "$k" ' \u{202E}right-to-left.", step = "words" },' \
	"a right-to-left override in a reflection is written as an escape"
is "$(grep -c '^playthrough "' "$kinds")" 3 "three playthroughs in the file"
head -n "$(wc -l <"$TMP/kinds.want")" "$kinds" | cmp -s - "$TMP/kinds.want"
ok $? "the first is kept as it was"
"$VIGIL" pack test --strict "$fx" >"$TMP/fxtest" 2>&1
is $? 0 "pack test --strict passes them unedited"
like "$(cat "$TMP/fxtest")" "ok - every-kind: playthrough \"not passed 1/5, $day\"" "the failing run"
like "$(cat "$TMP/fxtest")" "every-kind: playthroughs reach 9/9 steps, 14/14 choices" \
	"and together they reach every step and choice"

# ---- stopped early, and errors ---------------------------------------------

sum=$(cksum <"$kinds")
out=$(printf '\nq\n' | "$VIGIL" pack play "$fx" --record "$kinds" 2>&1)
is $? 0 "stopped with q: exit 0, as without --record"
like "$out" "vigil: nothing recorded in $kinds: the module was not played to the end" \
	"and says that nothing was recorded"
is "$(cksum <"$kinds")" "$sum" "the file is unchanged"
out=$(printf '\n' | "$VIGIL" pack play "$fx" --record "$TMP/fx/tests/new.lua" 2>&1)
is $? 1 "input ending early: exit 1"
like "$out" "nothing recorded in $TMP/fx/tests/new.lua" "nothing recorded"
test ! -e "$fx/tests/new.lua"; ok $? "and no file is created"

out=$("$VIGIL" pack play "$fx" --record "$fx/test/x.lua" </dev/null 2>&1)
is $? 1 "a missing folder: exit 1"
is "$out" "vigil: cannot record to '$fx/test/x.lua': there is no folder '$fx/test' (a pack's playthroughs go in its tests folder)" \
	"before anything is played, saying which folder is missing"
out=$("$VIGIL" pack play "$fx" --record "$fx/tests/x.txt" </dev/null 2>&1)
is "$out" "vigil: cannot record to '$fx/tests/x.txt': a tests file's name ends in .lua, as tests/NAME.lua" \
	"a name not ending in .lua, which pack test would not run"
mkdir "$fx/tests/folder.lua"
out=$("$VIGIL" pack play "$fx" --record "$fx/tests/folder.lua" </dev/null 2>&1)
is "$out" "vigil: cannot record to '$fx/tests/folder.lua': it is not a file" "a folder"
rmdir "$fx/tests/folder.lua"
if [ "$(id -u)" -ne 0 ]; then
	chmod 444 "$kinds"
	out=$("$VIGIL" pack play "$fx" --record "$kinds" </dev/null 2>&1)
	is $? 1 "a file that cannot be written: exit 1"
	is "$out" "vigil: cannot record to '$kinds': Permission denied" "saying why"
	chmod 644 "$kinds"
fi

record "$TMP/fx4" "$fx" every-kind 4 "$TMP/elsewhere.lua" "${wrong[@]}"
like "$(cat "$TMP/fx4")" "vigil: warning: '$TMP/elsewhere.lua' is not in $fx/tests, whose files vigil pack test runs" \
	"a file outside the pack's tests folder is recorded, with a warning"
like "$(cat "$TMP/elsewhere.lua")" 'playthrough "not passed 1/5' "and written"

done_testing
