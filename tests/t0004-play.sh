#!/bin/bash
# Playing a module through a pipe (SPEC §1): results, determinism, input.
. "$SRCDIR/tests/lib.sh"

ex="$SRCDIR/tests/packs/example"
right=("${BASICS_RIGHT[@]}")
play_texts "$TMP/right" "$ex" basics 42 "${right[@]}"
is $? 0 "right answers: exit 0"
is "$(tail -n 1 "$TMP/right")" "Result: PASSED 9/9 (100%)" "right answers pass"
like "$(cat "$TMP/right")" "== Listening to a disclosure: 0% done ==" "progress is shown, as the share done"
like "$(cat "$TMP/right")" "Right — 1 of 1 point." "feedback marks a right answer"
unlike "$(cat "$TMP/right")" "About \"why\" questions" "the when-page is skipped without the blaming choice"

wrong=(
	"Ask Jordan why they didn't tell anyone sooner"
	"Go back and try again"
	"Say you can't promise that, but that you will listen and help"
	"Ask Jordan's friends whether it is true"
	"Promise to keep it between the two of you"
	"True"
	"Tell the DSL straight away | Listen, and let the pupil finish | Explain what will happen next and who you will tell"
	"Something"
)
play_texts "$TMP/wrong" "$ex" basics 42 "${wrong[@]}"
is $? 1 "wrong answers: exit 1"
is "$(tail -n 1 "$TMP/wrong")" "Result: NOT PASSED 0/9 (0%), pass mark 80%" "wrong answers do not pass"
like "$(cat "$TMP/wrong")" "About \"why\" questions" "the blaming choice shows the when-page"
like "$(cat "$TMP/wrong")" "Questions that start with \"why\" can sound like blame" "choice feedback is shown"
like "$(cat "$TMP/wrong")" "Not right this time — 0 of 1 point." "feedback marks a wrong answer"

# Going back after blaming: the first answer is the one that counts.
back=(
	"Ask Jordan why they didn't tell anyone sooner"
	"Go back and try again"
	"${right[@]}"
)
play_texts "$TMP/back" "$ex" basics 42 "${back[@]}"
is "$(tail -n 1 "$TMP/back")" "Result: NOT PASSED 7/9 (77%), pass mark 80%" "a blaming first choice costs its points"

# The same answers with the same seed give the same output, byte for byte.
play_texts "$TMP/right2" "$ex" basics 42 "${right[@]}"
cmp -s "$TMP/right" "$TMP/right2"; ok $? "same seed, same answers: same output"
# Numbers through a pipe, as a script would send them.
printf '\n\n3\n\n' | "$VIGIL" pack play "$ex" basics --seed 7 >"$TMP/a" 2>&1
printf '\n\n3\n\n' | "$VIGIL" pack play "$ex" basics --seed 7 >"$TMP/b" 2>&1
is $? 1 "end of input before the end exits 1"
cmp -s "$TMP/a" "$TMP/b"; ok $? "piped numbers with one seed give one output"

# Invalid lines are answered with one line and asked again.
out=$(printf '\n\n9\nabc\n3\n' | "$VIGIL" pack play "$ex" basics --seed 7 2>&1)
like "$out" "Please answer with one number from 1 to 3.
Please answer with one number from 1 to 3." "an invalid line is refused and asked again"
like "$out" "Being honest from the start" "then a valid line is taken"

# q stops, exit 0.
out=$(printf '\nq\n' | "$VIGIL" pack play "$ex" basics --seed 7 2>&1)
is $? 0 "q stops with exit 0"
unlike "$out" "Result:" "q stops before the result"

# The module argument chooses the module; options shown one a line.
out=$(printf '\n1\n\n1\n' | "$VIGIL" pack play "$ex" short --seed 3 2>&1)
like "$out" "Writing it down: 0% done" "the named module is played"
like "$out" "
1. True
2. False
" "options are shown as N. text, one a line"

# A question type from a plugin folder on the search path (--plugins).
mkdir -p "$TMP/plug/questions" "$TMP/yn"
cat >"$TMP/plug/questions/yesno.lua" <<'LUA'
-- yesno: a statement the learner agrees or disagrees with.
return {
  api = 1,
  input = "one",
  check = function(q, report)
    if type(q.agree) ~= "boolean" then report("a yesno question needs agree = true or false", "agree") end
  end,
  max = function(q) return 1 end,
  present = function(q, ctx) return { { text = "Agree", value = true }, { text = "Disagree", value = false } } end,
  grade = function(q, shown, answer)
    local right = shown[answer].value == q.agree
    return { points = right and 1 or 0, correct = right }
  end,
}
LUA
printf 'pack { id = "yn", title = "Y", version = "1.0.0", modules = { "m" } }
' >"$TMP/yn/pack.lua"
printf 'module { title = "Y", minutes = 1 }
question "q" { type = "yesno", [[Tell the DSL.]], agree = true }
' >"$TMP/yn/m.lua"
out=$(printf '1

' | "$VIGIL" --plugins "$TMP/plug" pack play "$TMP/yn" --seed 1 2>&1)
like "$out" "Result: PASSED 1/1 (100%)" "a question type from --plugins is used"
out=$(printf '1

' | "$VIGIL" pack play "$TMP/yn" --seed 1 2>&1)
like "$out" "m.lua:2: error: no plugin provides the question type 'yesno'" "without it, the type is unknown at its line"
printf 'return { api = 3 }
' >"$TMP/plug/questions/yesno.lua"
out=$("$VIGIL" --plugins "$TMP/plug" pack check "$TMP/yn" 2>&1)
like "$out" "plugin API version 3 is not supported (this vigil supports 1 to 2)" "a plugin of another API version is refused"

# Control characters in pack text never reach the terminal.
mkdir -p "$TMP/esc"
printf 'pack { id = "esc", title = "E", version = "1.0.0", modules = { "m" } }\n' >"$TMP/esc/pack.lua"
printf 'module { title = "E", minutes = 1 }\npage [[Hello \033[31mred\007 text]]\nscene "s" { [[Pick]], choice { "A \033]0;title\007", score = 1 } }\n' >"$TMP/esc/m.lua"
out=$(printf '\n1\n' | "$VIGIL" pack play "$TMP/esc" --seed 1 2>&1)
is "$(printf '%s' "$out" | tr -d '\n' | grep -c $'\033')" 0 "no ESC reaches the output"
# They are a pack check error (SECURITY.md), so the module does not play.
like "$out" "$TMP/esc/m.lua:2: error: control character U+001B (ESC) in the text of a page; remove it" \
	"the loader refuses them at their line"
# finish { passed = ..., not_passed = ... }: the text for the outcome
# (SPEC §2); a learner who did not pass is never told "well done".
mkdir -p "$TMP/fin"
printf 'pack { id = "fin", title = "F", version = "1.0.0", modules = { "m" } }\n' >"$TMP/fin/pack.lua"
cat >"$TMP/fin/m.lua" <<'LUA'
module { title = "F", minutes = 1, pass_mark = 100 }
question "q" { type = "truefalse", [[Tell the DSL.]], answer = true, score = 1 }
finish {
  passed = [[Well done: you know whom to tell.]],
  not_passed = [[Not this time. Read the policy and try again.]],
}
LUA
out=$(printf '1\n\n' | "$VIGIL" pack play "$TMP/fin" --seed 1 2>&1)
like "$out" "Result: PASSED" "a pass"
like "$out" "Well done: you know whom to tell." "gets the passed text"
unlike "$out" "Not this time" "and not the other"
out=$(printf '2\n\n' | "$VIGIL" pack play "$TMP/fin" --seed 1 2>&1)
like "$out" "Result: NOT PASSED" "a result below the pass mark"
like "$out" "Not this time. Read the policy and try again." "gets the not_passed text"
unlike "$out" "Well done" "and is not told well done"
printf 'module { title = "F", minutes = 1 }\nfinish { passed = [[Yes.]] }\n' >"$TMP/fin/m.lua"
out=$("$VIGIL" pack check "$TMP/fin" 2>&1)
like "$out" "m.lua:2: error: the finish needs not_passed = " \
	"a finish with one outcome's text is an error at its line"
printf 'module { title = "F", minutes = 1 }\nfinish { passed = [[Yes.]], not_passed = [[No.]], [[Both.]] }\n' >"$TMP/fin/m.lua"
out=$("$VIGIL" pack check "$TMP/fin" 2>&1)
like "$out" "m.lua:2: error: the finish has a text for each outcome" "as is a third text beside them"

# One verdict after an answer: the engine's, with the points; the
# question types' feedback adds what was right, not a second verdict.
mkdir -p "$TMP/verd"
printf 'pack { id = "verd", title = "V", version = "1.0.0", modules = { "m" } }\n' >"$TMP/verd/pack.lua"
printf 'module { title = "V", minutes = 1 }\nquestion "q" { type = "single", [[Who?]], right "The DSL", wrong "Nobody" }\n' \
	>"$TMP/verd/m.lua"
out=$(printf '2\n\n' | "$VIGIL" pack play "$TMP/verd" --seed 1 2>&1)
pick=$(printf '%s\n' "$out" | sed -n 's/^\([0-9]\)\. Nobody$/\1/p')
out=$(printf '%s\n\n' "$pick" | "$VIGIL" pack play "$TMP/verd" --seed 1 2>&1)
is "$(printf '%s\n' "$out" | sed '/^Question by question/,$d' | grep -c -i -e 'not right' -e 'not quite')" 1 \
	"a wrong answer gets one verdict"
like "$out" "The answer was: The DSL" "and what the right answer was"

# At the end, what was right and wrong, question by question: each
# question's opening words, the verdict of its first answer and its points.
like "$out" "Question by question (0 of 1 right):
- Not right (0 of 1 point): Who?" "the end lists each question's verdict"
out=$(printf '%s\n\n' "$((3 - pick))" | "$VIGIL" pack play "$TMP/verd" --seed 1 2>&1)
like "$out" "Question by question (1 of 1 right):
- Right (1 of 1 point): Who?" "and a right one as right"

done_testing
