#!/bin/bash
# pack test: playthroughs, the exploration of every way through, coverage.
. "$SRCDIR/tests/lib.sh"

packs="$SRCDIR/tests/packs"

# line FILE TEXT: the number of the first line of FILE containing TEXT.
line() {
	grep -nF -- "$2" "$1" | head -n 1 | cut -d: -f1
}

# The example pack: its playthroughs pass and reach everything.
ex="$packs/example"
"$VIGIL" pack test "$ex" >"$TMP/exout" 2>&1
is $? 0 "the example pack passes"
out=$(cat "$TMP/exout")
like "$out" 'ok - basics: playthrough "the model answers pass"' "a playthrough is one test, named"
like "$out" 'ok - short: playthrough "opinions do not"' "playthroughs of the second module"
like "$out" "ok - basics: exploration, " "each module's exploration is a test"
like "$out" "basics: playthroughs reach 10/10 steps, 16/16 choices" "full coverage of basics"
like "$out" "short: playthroughs reach 3/3 steps, 4/4 choices" "full coverage of short"
is "$(tail -n 1 "$TMP/exout")" "7 passed, 0 failed" "the last line counts the tests"
unlike "$out" "error" "nothing to report"
"$VIGIL" pack test "$ex" >"$TMP/ex2" 2>&1
cmp -s "$TMP/exout" "$TMP/ex2"; ok $? "the same pack gives the same output"

"$VIGIL" pack test --strict "$ex" >"$TMP/strict" 2>&1
is $? 0 "--strict passes with full coverage"
like "$(cat "$TMP/strict")" "ok - basics: coverage" "--strict makes coverage a test"
is "$(tail -n 1 "$TMP/strict")" "9 passed, 0 failed" "--strict counts it"

# Coverage that is not complete: listed, and a failure only with --strict.
cp -R "$ex" "$TMP/expart"
python3 - "$TMP/expart/tests/basics.lua" <<'PY'
import sys
path = sys.argv[1]
text = open(path).read()
cut = text.index('playthrough "a promise costs')
open(path, "w").write(text[:cut])
PY
bl="$TMP/expart/basics.lua"
"$VIGIL" pack test "$TMP/expart" >"$TMP/part" 2>&1
is $? 0 "incomplete coverage alone does not fail"
out=$(cat "$TMP/part")
like "$out" "basics: playthroughs reach 10/10 steps, 14/16 choices" "the coverage counts what is chosen"
like "$out" "  $bl:$(line "$bl" 'wrong "Wait a week'): \"Wait a week to see whether things get better\" at step 'first-step' is not chosen by any playthrough" \
	"an option no playthrough chooses is listed at its line"
like "$out" "  $bl:$(line "$bl" 'choice { "Promise to keep'): \"Promise to keep it a secret, so that Jordan keeps talking\" at step 'corridor' is not chosen by any playthrough" \
	"a scene choice no playthrough chooses is listed at its line"
"$VIGIL" pack test --strict "$TMP/expart" >"$TMP/part" 2>&1
is $? 1 "--strict fails on incomplete coverage"
like "$(cat "$TMP/part")" "FAILED - basics: coverage" "the module's coverage is the failed test"
is "$(tail -n 1 "$TMP/part")" "7 passed, 1 failed" "and it is counted"

# A module no playthrough plays: its steps are not listed one by one.
rm "$TMP/expart/tests/short.lua"
out=$("$VIGIL" pack test "$TMP/expart" 2>&1)
like "$out" "short: playthroughs reach 0/3 steps, 0/4 choices (no playthrough plays this module)" \
	"a module without playthroughs says so"
unlike "$out" "short.lua:" "without listing each of its steps"

# A dead end hidden behind `when`: the check cannot see it, the test can.
dd="$packs/pt-hidden-dead-end"
"$VIGIL" pack check "$dd" >"$TMP/out" 2>&1
is $? 0 "the hidden dead end passes pack check"
"$VIGIL" pack test "$dd" >"$TMP/out" 2>&1
is $? 1 "pack test fails on it"
out=$(cat "$TMP/out")
like "$out" "$dd/waiting.lua:$(line "$dd/waiting.lua" 'scene "corridor"'): error: dead end at step 'corridor': no answer leads to the end of the module; reached by: \"Say you are busy and will find them tomorrow\"" \
	"the dead end is named at its line, with the answers that lead there"
like "$out" "(from there every answer leads round steps 'corridor' and 'office')" "and the steps it goes round"
is "$(grep -c 'dead end' "$TMP/out")" 1 "reported once, not once per state or step"
like "$out" 'ok - waiting: playthrough "listening"' "its playthrough still passes"
like "$out" "FAILED - waiting: exploration" "the exploration is the failed test"
is "$(tail -n 1 "$TMP/out")" "1 passed, 1 failed" "the summary counts both"

# Each way a playthrough can be wrong.
pp="$packs/pt-playthroughs"
mt="$pp/tests/mistakes.lua"
"$VIGIL" pack test "$pp" >"$TMP/out" 2>&1
is $? 1 "failing playthroughs fail the run"
out=$(cat "$TMP/out")
at() { echo "$mt:$(line "$mt" "playthrough \"$1\""): error: playthrough \"$1\": "; }
rl="$pp/reply.lua"
email="step 'email' ($rl:$(line "$rl" 'scene "email"'))"
how="step 'how' ($rl:$(line "$rl" 'question "how"'))"
like "$out" 'ok - reply: playthrough "replying the same day"' "a right playthrough passes"
like "$out" 'FAILED - reply: playthrough "wrong text"' "a wrong one fails"
like "$out" "$(at "wrong text")answer 1: \"Reply that you will pass it to the DSL\" is not an option at $email (did you mean \"Reply that you will pass it to the DSL today\"?); the options are: \"Reply that you will pass it to the DSL today\", \"Leave it until the parent calls\"" \
	"a text that is not an option: where, a suggestion, the options"
like "$out" "$(at "runs out")the answers ran out at $how, which asks for one of: \"In person, or through the school's recording system\", \"By a message to the pupil\"" \
	"answers that run out"
like "$out" "$(at "left over")the module ended with 1 answer left over, from answer 3: \"Thank the parent\"" \
	"answers left over"
like "$out" "$(at "feedback")answer 1 expects feedback containing \"Well done\", but the feedback at $email reads: \"Passing it on the same day is right.\"" \
	"feedback that does not match"
like "$out" "$(at "step")answer 1 is for step 'how', but the module is at $email" \
	"an answer at the wrong step"
like "$out" "$(at "result")expects result = \"passed\", but the module ended not passed with 0/2 (0%), pass mark 50%" \
	"a wrong result"
like "$out" "$(at "result")expects score = 1, but the score is 0 (of 2)" "a wrong score"
like "$out" "$(at "result")expects percent = 50, but the percent is 0 (0/2)" "a wrong percent"
like "$out" "$(at "unknown field")unknown field 'reslt' (did you mean 'result'?)" "an unknown field, with a suggestion"
unlike "$out" "needs result" "the misspelt field is not also reported missing"
like "$out" "$(at "unknown module")pack 'pt-playthroughs' has no module 'replay' (did you mean 'reply'?); its modules are: reply" \
	"an unknown module"
like "$out" 'FAILED - playthrough "unknown module"' "named without a module"
like "$out" "$(at "no module")needs module = \"module-id\", the module it plays" "a missing module"
like "$out" "$(at "no module")result must be \"passed\" or \"not passed\", not \"failed\"" "a result that is neither"
like "$out" "$(at "no module")answer 2 must be an option's text in quotes or a table of texts, not number" \
	"an answer that is not text"
like "$out" "$(at "no module")answer 3 has an unknown field 'feedbak' (did you mean 'feedback'?)" \
	"an answer's unknown field"
like "$out" "ok - reply: exploration" "the exploration of a sound module passes"
is "$(tail -n 1 "$TMP/out")" "3 passed, 9 failed" "every playthrough is counted"
sorted=$(grep ': error: ' "$TMP/out" | sort -t: -k1,1 -k2,2n -s)
is "$(grep ': error: ' "$TMP/out")" "$sorted" "diagnostics come in line order"

# Pack code that fails on one way through only, and a loop in a `when`.
cf="$packs/pt-code-fails"
"$VIGIL" pack test "$cf" >"$TMP/out" 2>&1
is $? 1 "code that fails on one path fails the test"
out=$(cat "$TMP/out")
like "$out" "$cf/tests: warning: no tests folder" "no tests folder is a warning"
like "$out" "$cf/when-fails.lua:$(line "$cf/when-fails.lua" 'state.route.open'): error: attempt to index a nil value (field 'route'); reached by: \"The new way\"" \
	"a failing when is reported at its line with the path"
like "$out" "$cf/when-loops.lua:" "the endless loop is reported in its file"
like_limit "$out" "" " (a loop that never ends?); reached by: \"The long way\"" \
	"the endless loop is stopped by a limit, with the path"
like "$out" "FAILED - when-loops: exploration" "each module is its own test"
is "$(tail -n 1 "$TMP/out")" "0 passed, 2 failed" "both explorations fail"

# A plugin that fails on one answer only, and a pass mark nobody reaches.
mkdir -p "$TMP/plug/questions" "$TMP/pm/tests"
cat >"$TMP/plug/questions/fragile.lua" <<'LUA'
-- fragile: grading the second option fails.
return {
  api = 1, input = "one",
  check = function(q, report) end,
  max = function(q) return 1 end,
  present = function(q, ctx) return { { text = "Yes" }, { text = "No" } } end,
  grade = function(q, shown, answer)
    if answer == 2 then error("cannot grade No") end
    return { points = 1 }
  end,
}
LUA
cat >"$TMP/plug/questions/stingy.lua" <<'LUA'
-- stingy: says it is worth 2 points but never gives more than 1.
return {
  api = 1, input = "one",
  check = function(q, report) end,
  max = function(q) return 2 end,
  present = function(q, ctx) return { { text = "Yes" }, { text = "No" } } end,
  grade = function(q, shown, answer) return { points = 1 } end,
}
LUA
cat >"$TMP/pm/pack.lua" <<'LUA'
pack { id = "pm", title = "Plugins", version = "1.0.0", modules = { "fragile", "stingy" } }
LUA
cat >"$TMP/pm/fragile.lua" <<'LUA'
module { title = "Fragile", minutes = 1, pass_mark = 0 }
scene "start" {
  [[Begin]],
  choice { "Ask", go = "q" },
}
question "q" { type = "fragile", [[Well?]] }
LUA
cat >"$TMP/pm/stingy.lua" <<'LUA'
module { title = "Stingy", minutes = 1,
  pass_mark = 80 }
question "q" { type = "stingy", [[Well?]] }
LUA
cat >"$TMP/pm/tests/t.lua" <<'LUA'
playthrough "yes" { module = "fragile", "Ask", "Yes", result = "passed" }
LUA
"$VIGIL" --plugins "$TMP/plug" pack test "$TMP/pm" >"$TMP/out" 2>&1
is $? 1 "a plugin failing on one answer fails the test"
out=$(cat "$TMP/out")
like "$out" "$TMP/plug/questions/fragile.lua:8: error: cannot grade No; reached by: \"Ask\" > \"No\"" \
	"every option of a question is tried; the failing one is named"
like "$out" 'ok - fragile: playthrough "yes"' "the playthrough that avoids it passes"
like "$out" "$TMP/pm/stingy.lua:2: error: no way through the module reaches its pass mark of 80%: the best any way scores is 50%" \
	"a pass mark that no way through reaches"

# The same facts set in another order are the same state, so two ways
# that meet are explored once from there: first, apples, pears, join, end.
mkdir -p "$TMP/facts"
cat >"$TMP/facts/pack.lua" <<'LUA'
pack { id = "facts", title = "Facts", version = "1.0.0", modules = { "m" } }
LUA
cat >"$TMP/facts/m.lua" <<'LUA'
module { title = "M", minutes = 1, pass_mark = 0 }
scene "first" {
  [[Which first?]],
  choice { "Apples first", go = "apples", set = { apples = true } },
  choice { "Pears first", go = "pears", set = { pears = true, kind = "conference" } },
}
scene "apples" { [[Now pears]], choice { "Pears", go = "join", set = { pears = true, kind = "conference" } } }
scene "pears" { [[Now apples]], choice { "Apples", go = "join", set = { apples = true } } }
page { id = "join", [[Both]] }
LUA
out=$("$VIGIL" pack test "$TMP/facts" 2>&1)
like "$out" "ok - m: exploration, 5 states" "facts set in another order make the same state"

# Pack code that keeps changing the state: the ways through never meet
# again, and the exploration stops at its depth limit, saying so.
mkdir -p "$TMP/count"
cat >"$TMP/count/pack.lua" <<'LUA'
pack { id = "count", title = "Count", version = "1.0.0", modules = { "m" } }
LUA
cat >"$TMP/count/m.lua" <<'LUA'
module { title = "M", minutes = 1, pass_mark = 0 }
page { id = "count", when = function(state)
  state.n = (state.n or 0) + 1
  return true
end, [[Again]] }
scene "a" { [[A]], choice { "Again", go = "count" }, choice { "Stop", go = "done" } }
finish { id = "done", [[Done]] }
LUA
"$VIGIL" pack test "$TMP/count" >"$TMP/out" 2>&1
is $? 0 "a state that keeps changing is not a failure"
like "$(cat "$TMP/out")" "$TMP/count/m.lua: warning: ways through longer than 1000 answers are not followed further" \
	"the depth limit is reported"
unlike "$(cat "$TMP/out")" "dead end" "what is cut off is not taken for a dead end"

# A test file that does not run, a playthrough without its table, and
# answers of the wrong shape for several choices, an order, a text.
cp -R "$ex" "$TMP/shapes"
cat >"$TMP/shapes/tests/broken.lua" <<'LUA'
playthrough "fine so far" { module = "short", "What the pupil said, in their own words", "False", result = "passed" }
playthrough "cut short" { module = short,
  result = "passed" }
LUA
cat >"$TMP/shapes/tests/shapes.lua" <<'LUA'
playthrough "no table"
playthrough "order" {
  module = "basics",
  "Say you can't promise that, but that you will listen and help",
  "Tell the DSL straight away",
  { "Stay calm and let them speak in their own words" },
  "False",
  { "Listen, and let the pupil finish", "Tell the DSL straight away" },
  result = "passed",
}
playthrough "several" {
  module = "basics",
  "Say you can't promise that, but that you will listen and help",
  "Tell the DSL straight away",
  { "Stay calm and let them speak in their own words", "Stay calm" },
  result = "passed",
}
playthrough "text" {
  module = "basics",
  "Say you can't promise that, but that you will listen and help",
  "Tell the DSL straight away",
  { "Stay calm and let them speak in their own words" },
  "False",
  { "Listen, and let the pupil finish", "Explain what will happen next and who you will tell", "Tell the DSL straight away" },
  { "One", "Two" },
  result = "passed",
}
LUA
"$VIGIL" pack test "$TMP/shapes" >"$TMP/out" 2>&1
is $? 1 "broken test files fail"
out=$(cat "$TMP/out")
sh="$TMP/shapes/tests/shapes.lua"
like "$out" "FAILED - $TMP/shapes/tests/broken.lua" "a test file that does not run is a failed test"
like "$out" "$TMP/shapes/tests/broken.lua:2: error: unknown global 'short'" "its error is at its line"
like "$out" 'ok - short: playthrough "fine so far"' "the playthroughs it defined still run"
unlike "$out" 'cut short' "the one the error cut short is not reported again"
like "$out" "$sh:1: error: playthrough \"no table\": has no table" "a playthrough without its table"
like "$out" "$sh:2: error: playthrough \"order\": answer 5 gives 2 of the 3 items of step 'after'" "an order needs every item"
like "$out" "$sh:11: error: playthrough \"several\": answer 3: \"Stay calm\" is not an option at step 'while-listening'" \
	"each of several texts must be an option"
like "$out" "(did you mean \"Stay calm and let them speak in their own words\"?)" "with a suggestion"
like "$out" "$sh:18: error: playthrough \"text\": answer 6 gives 2 texts, but step 'own-words'" "a reflection takes one text"

# Packs that do not load still end with the summary; several packs add up.
"$VIGIL" pack test "$packs/bad-fields" "$ex" >"$TMP/out" 2>&1
is $? 1 "a pack that does not load fails"
out=$(cat "$TMP/out")
like "$out" "$packs/bad-fields/pack.lua:" "its loader errors are printed"
like "$out" "FAILED - $packs/bad-fields: the pack does not load" "and counted as a failed test"
is "$(tail -n 1 "$TMP/out")" "7 passed, 1 failed" "the other pack's tests still run and add up"
"$VIGIL" pack test "$TMP/nosuch" >"$TMP/out" 2>&1
is $? 1 "a folder that is not a pack fails"
is "$(tail -n 1 "$TMP/out")" "0 passed, 1 failed" "with the summary line"

# Usage errors.
"$VIGIL" pack test >"$TMP/out" 2>&1
is $? 2 "no folder is a usage error"
like "$(cat "$TMP/out")" "usage: vigil pack test" "with the usage"
"$VIGIL" pack test --bogus "$ex" >"$TMP/out" 2>&1
is $? 2 "an unknown option is a usage error"
like "$(cat "$TMP/out")" "unknown option '--bogus'" "naming it"
"$VIGIL" pack test --help >"$TMP/out" 2>&1
is $? 0 "--help"
like "$(cat "$TMP/out")" "--strict" "describes --strict"

done_testing
