#!/bin/bash
# Plugin API 2 (doc/plugins.md): the engine checks the fields every
# question has, with the messages API 1 plugins gave; a plugin lists only
# its own fields, may leave out check and max, and an exporter finds its
# helpers in the table `vigil`.  API 1 plugins (tests/plugins) still check,
# play and export.
. "$SRCDIR/tests/lib.sh"

API1="$SRCDIR/tests/plugins"

# diags DIR [ARGS]: the diagnostics of pack check on DIR, path stripped.
diags() {
	local dir=$1
	shift
	"$VIGIL" "$@" pack check "$dir" 2>&1 | grep ': error: ' | sed "s|^$dir/||"
}

# A pack whose questions make every mistake the engine checks for.
mkpack() {
	local dir=$1 type=$2
	mkdir -p "$dir"
	printf 'pack { id = "p", title = "P", version = "1.0.0", modules = { "m" } }\n' \
		>"$dir/pack.lua"
	cat >"$dir/m.lua" <<LUA
module { title = "M", minutes = 1 }
question "a" { type = "$type", [[Tell the DSL.]], answer = true,
  score = -1,
  zeta = 1, anwser = false,
}
question "b" { type = "$type", [[Write it down.]], answer = true,
  score = 1.5,
  shuffle = true,
}
question "c" { type = "$type", [[Sign it.]], answer = "yes", score = "2" }
question "d" { type = "$type", [[Date it.]], answer = false, score = 2.0 }
finish [[Done.]]
LUA
}

# The same mistakes give the same messages, at the same lines, from the
# API 2 truefalse (checked by the engine) as from its API 1 copy.
mkpack "$TMP/two" truefalse
mkpack "$TMP/one" truefalse-api1
diags "$TMP/two" >"$TMP/two.out"
diags "$TMP/one" --plugins "$API1" | sed 's/truefalse-api1/truefalse/' >"$TMP/one.out"
is "$(cat "$TMP/two.out")" "$(cat "$TMP/one.out")" \
	"API 2: the same messages as the API 1 plugin, in the same order"
like "$(cat "$TMP/two.out")" "m.lua:3: error: score must be a whole number, 0 or more, found -1" \
	"a negative score, at its line"
like "$(cat "$TMP/two.out")" "m.lua:4: error: unknown field 'anwser' in a truefalse question" \
	"an unknown field, at its line"
like "$(cat "$TMP/two.out")" "m.lua:8: error: a true/false question always shows True then False, remove shuffle" \
	"a field the type refuses, with its reason"
like "$(cat "$TMP/two.out")" "found a string" "a score that is text"
is "$(grep -c ': error: ' "$TMP/two.out")" 7 "every mistake once, the own field answer accepted"
is "$(grep -o "field '[a-z]*'" "$TMP/two.out" | tr '\n' ' ')" "field 'anwser' field 'zeta' " \
	"unknown fields on one line in name order"

# shuffle that is not a boolean, on a type that takes it.
mkdir -p "$TMP/sh"
printf 'pack { id = "sh", title = "S", version = "1.0.0", modules = { "m" } }\n' >"$TMP/sh/pack.lua"
printf 'module { title = "M", minutes = 1 }\nquestion "q" { type = "single", [[Who?]], right "The DSL", wrong "Nobody", shuffle = "no" }\nfinish [[Done.]]\n' \
	>"$TMP/sh/m.lua"
is "$(diags "$TMP/sh")" "m.lua:2: error: shuffle must be true or false, found a string" \
	"shuffle must be a boolean"

# An API 2 type with no check and no max: its own field is accepted, the
# score is its max, and grade is given ctx.max.
mkdir -p "$TMP/plug/questions" "$TMP/plug/exporters" "$TMP/yn"
cat >"$TMP/plug/questions/agree.lua" <<'LUA'
return {
  api = 2,
  input = "one",
  fields = { agree = true },
  present = function(q, ctx) return { { text = "Agree", value = true }, { text = "Disagree", value = false } } end,
  grade = function(q, shown, answer, ctx)
    local right = shown[answer].value == q.agree
    return { points = right and ctx.max or 0, correct = right, feedback = "max " .. ctx.max }
  end,
}
LUA
printf 'pack { id = "yn", title = "Y", version = "1.0.0", modules = { "m" } }\n' >"$TMP/yn/pack.lua"
printf 'module { title = "Y", minutes = 1 }\nquestion "q" { type = "agree", [[Tell the DSL.]], agree = true, score = 3 }\nquestion "r" { type = "agree", [[Keep it secret.]], agree = false }\nfinish [[Done.]]\n' \
	>"$TMP/yn/m.lua"
"$VIGIL" --plugins "$TMP/plug" pack check "$TMP/yn" >"$TMP/out" 2>&1
ok $? "a type without check or max checks ($(head -c 300 "$TMP/out"))"
out=$(printf '1\n\n2\n\n\n' | "$VIGIL" --plugins "$TMP/plug" pack play "$TMP/yn" --seed 1 2>&1)
like "$out" "Result: PASSED 4/4 (100%)" "max is the score, else 1"
like "$out" "max 3" "grade is given ctx.max"
printf 'module { title = "Y", minutes = 1 }\nquestion "q" { type = "agree", [[Tell the DSL.]], agree = true, agrees = 1 }\nfinish [[Done.]]\n' \
	>"$TMP/yn/m.lua"
is "$(diags "$TMP/yn" --plugins "$TMP/plug")" "m.lua:2: error: unknown field 'agrees' in an agree question" \
	"a field the type does not list is unknown (an, before a vowel)"

# The scale example in doc/plugins.md works as documented: checks, plays,
# and the engine reports a misspelt field and a shuffle it refuses.
python3 - "$SRCDIR/doc/plugins.md" "$TMP/plug/questions/scale.lua" <<'PY'
import sys
doc = open(sys.argv[1], encoding="utf-8").read()
part = doc.split("## A complete example: a rating scale", 1)[1]
open(sys.argv[2], "w").write(part.split("```lua\n", 2)[2].split("```", 1)[0])
PY
printf 'module { title = "Y", minutes = 1 }\nquestion "c" { type = "scale", [[How confident?]], low = "Not at all", high = "Very", score = 2 }\nfinish [[Done.]]\n' \
	>"$TMP/yn/m.lua"
out=$(printf '5\n\n\n' | "$VIGIL" --plugins "$TMP/plug" pack play "$TMP/yn" --seed 1 2>&1)
like "$out" "5. 5 (Very)" "the documented scale shows its labelled points"
like "$out" "Result: PASSED 2/2 (100%)" "and any rating earns the score"
printf 'module { title = "Y", minutes = 1 }\nquestion "c" { type = "scale", [[How confident?]],\n  lo = "Not at all",\n  shuffle = false,\n}\nfinish [[Done.]]\n' \
	>"$TMP/yn/m.lua"
is "$(diags "$TMP/yn" --plugins "$TMP/plug")" "m.lua:3: error: unknown field 'lo' in a scale question
m.lua:4: error: a scale is always shown in order, remove shuffle" \
	"the documented scale: the engine checks the fields it does not list"

# A plugin's declarations are checked when it loads.
bad_plugin() {
	sed "s/^  fields = { agree = true },/$1/" "$TMP/plug/questions/agree.lua" \
		>"$TMP/plug/questions/agree2.lua"
	printf 'module { title = "Y", minutes = 1 }\nquestion "q" { type = "agree2", [[Tell the DSL.]], agree = true }\nfinish [[Done.]]\n' \
		>"$TMP/yn/m.lua"
	diags "$TMP/yn" --plugins "$TMP/plug"
}
like "$(bad_plugin '  fields = { score = true },')" \
	"agree2.lua: the plugin's 'fields' names 'score', a field every question has" \
	"a plugin may not list the engine's fields as its own"
like "$(bad_plugin '  fields = { "agree" },')" \
	"agree2.lua: the plugin's 'fields' must be a table like { answer = true }" \
	"fields must map names to true"
like "$(bad_plugin '  fields = { agree = false },')" \
	"agree2.lua: the plugin's 'fields' must be a table like { answer = true }" \
	"not to false"
like "$(bad_plugin '  refuse = { agree = "no" },')" \
	"agree2.lua: the plugin's 'refuse' may name only 'score' and 'shuffle'" \
	"a plugin refuses only the engine's fields"
like "$(bad_plugin '  check = 3,')" "agree2.lua: the plugin's 'check' must be a function" \
	"an optional function that is not one"
printf 'return { api = 2, input = "one", present = function() end }\n' \
	>"$TMP/plug/questions/agree2.lua"
like "$(diags "$TMP/yn" --plugins "$TMP/plug")" "agree2.lua: the plugin has no function 'grade'" \
	"grade is still needed"
printf 'return { api = 1, input = "one", present = function() end, grade = function() end }\n' \
	>"$TMP/plug/questions/agree2.lua"
like "$(diags "$TMP/yn" --plugins "$TMP/plug")" "agree2.lua: the plugin has no function 'check'" \
	"an API 1 plugin still needs all four functions"

# API 1 plugins check, play, are taken and exported as before.
EX="$TMP/packs/example"
mkdir -p "$TMP/packs"
cp -R "$SRCDIR/tests/packs/example" "$EX"
chmod -R u+w "$EX"
sed -i 's/type = "truefalse"/type = "truefalse-api1"/' "$EX"/*.lua
grep -q 'truefalse-api1' "$EX"/*.lua
ok $? "the example pack uses the API 1 true/false"
"$VIGIL" --plugins "$API1" pack check "$EX" >"$TMP/out" 2>&1
ok $? "a pack with an API 1 question type checks ($(head -c 300 "$TMP/out"))"
export VIGIL_PLUGINS="$API1${VIGIL_PLUGINS:+:$VIGIL_PLUGINS}"
play_texts "$TMP/play.out" "$EX" short 1 "${SHORT_RIGHT[@]}"
like "$(cat "$TMP/play.out")" "Result: PASSED" "and plays"
"$VIGIL" learner add T1 --name "Sam Example" >/dev/null 2>&1
drive_texts "$TMP/take.out" "${SHORT_RIGHT[@]}" -- --packs "$TMP/packs" take example short --learner T1
is $? 0 "and is taken"
"$VIGIL" --plugins "$API1" export --format csv-api1 >"$TMP/one.csv" 2>"$TMP/err"
is $? 0 "an API 1 exporter runs ($(cat "$TMP/err"))"
"$VIGIL" export --format csv >"$TMP/two.csv"
cmp -s "$TMP/one.csv" "$TMP/two.csv"
ok $? "and writes what the API 2 csv exporter writes"
like "$(cat "$TMP/two.csv")" '"Sam Example"' "with the attempt"

# An API 1 exporter has the globals and the table; an API 2 one only the
# table, once its file has run (its own global of the same name stays).
cat >"$TMP/plug/exporters/globals.lua" <<'LUA'
local function attempt(a, write)
  write(type(csv_row), " ", type(vigil.csv_row), " ", tostring(json_null == vigil.json_null), "\n")
end
return { api = 1, media_type = "text/plain", extension = "txt", attempt = attempt }
LUA
sed 's/api = 1/api = 2/' "$TMP/plug/exporters/globals.lua" >"$TMP/plug/exporters/globals2.lua"
is "$("$VIGIL" --plugins "$TMP/plug" export --format globals 2>&1)" "function function true" \
	"API 1: the helpers are globals, and in vigil"
like "$("$VIGIL" --plugins "$TMP/plug" export --format globals2 2>&1)" "csv_row" \
	"API 2: the helpers are no globals"
cat >"$TMP/plug/exporters/table2.lua" <<'LUA'
function json_null() return "mine" end
local function attempt(a, write)
  write(vigil.csv_row({ a.learner.name }), vigil.json_encode(vigil.json_object()), json_null(), "\n")
end
return { api = 2, media_type = "text/plain", extension = "txt", attempt = attempt }
LUA
is "$("$VIGIL" --plugins "$TMP/plug" export --format table2 2>&1 | tr -d '\r')" '"Sam Example"
{}mine' "API 2: the helpers in vigil, and the exporter's own global kept"

done_testing
