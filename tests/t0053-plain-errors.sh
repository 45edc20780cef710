#!/bin/bash
# The mistakes a new author makes, each reported in plain words at the line
# of the mistake (Lua's own words for anything else); the lints of facts a
# when reads that no choice sets, and of a step written inside another;
# pack test counting a step behind such a when as not covered; pack check
# reading tests/*.lua; and the opening page of a module that shares its
# pack's title.
. "$SRCDIR/tests/lib.sh"
shopt -s lastpipe	# "printf ... | m ...": m counts its test here

c="$TMP/c"
mkdir -p "$c/e"
echo 'pack { id = "e", title = "E", version = "1.0.0", modules = { "m" } }' >"$c/e/pack.lua"
H='module { title = "M", minutes = 5, pass_mark = 0 }'
# m EXPECTED DESCRIPTION: checks the module file m.lua of pack e, from
# standard input, and compares its diagnostics with EXPECTED: a file that
# stops at a mistake has no other warning (steps after it were never read).
m() {
	cat >"$c/e/m.lua"
	(cd "$c" && "$VIGIL" pack check e) >"$TMP/out" 2>&1
	is "$(grep -E ': (error|warning): ' "$TMP/out")" "$1" "$2"
}

# Punctuation.
printf '%s\n' "$H" 'page [[One]]' 'scene "s" {' '  [[Text]]' '  choice { "A" },' '}' |
	m 'e/m.lua:4: error: a comma is missing at the end of this line: the entries inside { } are separated by commas, and the next one starts on line 5' \
	"a missing comma: at the end of the entry before"
printf '%s\n' "$H" 'page {' '  id = "why"' '  [[## Why you never look' '' 'More.' '', 'Even more.]],' '}' |
	m 'e/m.lua:3: error: a comma is missing at the end of this line: the entries inside { } are separated by commas, and the next one starts on line 4' \
	"a missing comma before a long text: said where it is, not where the text ends"
printf '%s\n' "$H" 'scene "s" { [[x]] choice { "A" } }' |
	m 'e/m.lua:2: error: a comma is missing before choice: the entries inside { } are separated by commas' \
	"a missing comma between entries on one line"
printf '%s\n' "$H" 'page { [[x]] [[y]] }' |
	m 'e/m.lua:2: error: a comma is missing before the next entry: the entries inside { } are separated by commas' \
	"a missing comma before a text on the same line"
printf '%s\n' "$H" 'question "q" {' '  type = "single",' '  [[Q]],' '  right "A",' '  wrong "B"' \
	'  feedback = [[x]],' '}' |
	m 'e/m.lua:6: error: a comma is missing at the end of this line: the entries inside { } are separated by commas, and the next one starts on line 7' \
	"a missing comma before a field"
printf '%s\n' "$H" 'page [[x]]' 'local n = 1 2' |
	m "e/m.lua:3: error: unexpected symbol near '2'" \
	"no comma is guessed outside { }: Lua's own words"
printf '%s\n' "$H" 'scene "s" {' '  [[Text]],' '  choice { "A" },' |
	m 'e/m.lua:2: error: the { here is never closed: the file ends first; add } where it should end' \
	"a { never closed: where it opened"
printf '%s\n' "$H" 'scene "s" {' '  [[Text],' '  choice { "A", feedback = [[Yes]], go = "t" },' \
	'  choice { "B", feedback = [[No]] },' '}' 'page "t" [[x]]' |
	m 'e/m.lua:3: error: ] should be ]] to end the text that starts with [[ on line 3: as it is, the text runs on to the ]] on line 4' \
	"] for ]]: said at the ], not at Lua's 'syntax error near ,'"
printf '%s\n' "$H" 'page [[One]' 'page [[Two]],' 'page [[Three]]' |
	m 'e/m.lua:2: error: ] should be ]] to end the text that starts with [[ on line 2: as it is, the text runs on to the ]] on line 3' \
	"] for ]] at the end of a line"
printf '%s\n' "$H" 'scene "s" {' '  [[Text]],' '  choice { "A", feedback = [[Well done },' '}' \
	'page [[Two]]' 'page [[Three]]' |
	m 'e/m.lua:4: error: the text that starts with [[ here has no ]] of its own: it runs on over the [[ on line 6 to the ]] on line 6; add ]] where the text should end' \
	"a feedback missing its ]]: said where it began"
printf '%s\n' "$H" 'page [[One' |
	m 'e/m.lua:2: error: the text that starts with [[ here has no ]] to end it; add ]] where the text should end' \
	"a [[ with no ]] anywhere after it"
printf '%s\n' "$H" 'page "One' |
	m "e/m.lua:2: error: unfinished string near '\"One'" "an unfinished string keeps Lua's words"
printf '%s\n' "$H" 'scene "s" { [[x]], choice { '"'Don't send it'"' } }' |
	m "e/m.lua:2: error: the apostrophe in 'Don't ends the text there: put a text with an apostrophe in double quotes \"...\" or in [[...]]" \
	"an apostrophe that ends a single-quoted text"
printf '%s\n' "$H" 'scene "s" { [[x]], choice { '"'Tell them it is not their fault, that they were right to say, and that you can't keep it secret'"' } }' |
	m "e/m.lua:2: error: the apostrophe in ...their fault, that they were right to say, and that you can't ends the text there: put a text with an apostrophe in double quotes \"...\" or in [[...]]" \
	"a long text is quoted by its end"
printf '%s\n' "$H" 'scene "s" { [[x]], choice { '"'It's"' } }' |
	m "e/m.lua:2: error: the apostrophe in 'It's ends the text there: put a text with an apostrophe in double quotes \"...\" or in [[...]]" \
	"an apostrophe with the text's closing quote right after"
printf '%s\n' "$H" "scene \"s\" { [[x]], choice { 'You can't } }" |
	m "e/m.lua:2: error: the apostrophe in 'You can't ends the text there: put a text with an apostrophe in double quotes \"...\" or in [[...]]" \
	"or its closing quote forgotten"
printf '%s\n' "$H" 'scene "s" { [[x]], choice { "A"go = "s" } }' |
	m 'e/m.lua:2: error: a comma is missing before go: the entries inside { } are separated by commas' \
	"a text then a name at once is a missing comma when code follows"
printf '%s\n' "$H" 'scene "s" { [[x]], choice { "He said "no" to it" } }' |
	m 'e/m.lua:2: error: the " in "He said "no ends the text there: put a text with quotation marks in [[...]], or use curly quotes “ ” inside it' \
	"a double quote that ends a double-quoted text"

# Conditions.
printf '%s\n' "$H" 'page [[x]]' 'page { when = function(state) return state.x = true end, [[x]] }' |
	m 'e/m.lua:3: error: = sets a value; to compare in a condition, write == (or ~= for "is not")' \
	"= for == in a when"
printf '%s\n' "$H" 'page [[x]]' 'page {' '  when = function(state)' '    if state.tries = 2 then return true end' \
	'  end,' '  [[x]],' '}' |
	m 'e/m.lua:5: error: = sets a value; to compare in a condition, write == (or ~= for "is not")' \
	"= for == after if"
printf '%s\n' "$H" 'page [[x]]' 'page { when = function(state) state.viewed end, [[x]] }' |
	m "e/m.lua:3: error: return is missing: a when's function gives its answer with return, e.g. when = function(state) return state.x end" \
	"a when without return"
printf '%s\n' "$H" 'page [[x]]' 'page { when = function(state) state.a == 2 and state.b end, [[x]] }' |
	m "e/m.lua:3: error: return is missing: a when's function gives its answer with return, e.g. when = function(state) return state.x end" \
	"a comparison without return"
printf '%s\n' "$H" 'page [[x]]' 'page { when = function(state) not state.a end, [[x]] }' |
	m "e/m.lua:3: error: return is missing: a when's function gives its answer with return, e.g. when = function(state) return state.x end" \
	"not without return: no comma guessed inside a function"
printf '%s\n' "$H" 'page [[x]]' 'page { when = state.viewed, [[x]] }' |
	m 'e/m.lua:3: error: when needs a function that reads state: write when = function(state) return state.viewed end' \
	"when = state.viewed: the function to write"
printf '%s\n' "$H" 'page [[x]]' 'page { [[x]], when = not state.a and state.b }' |
	m 'e/m.lua:3: error: when needs a function that reads state: write when = function(state) return not state.a and state.b end' \
	"the whole condition goes in the function"
printf '%s\n' "$H" 'page [[x]]' 'local seen = state.x' |
	m "e/m.lua:3: error: state can be read only inside a when's function: when = function(state) return state.x end" \
	"state outside a when"

# Look-alike characters.
printf '%s\n' "$H" 'scene "s" {' '  [[Text]],' '  choice { "A", go = “s” },' '}' |
	m 'e/m.lua:4: error: curly quote “ in the code: use straight quotes " in Lua; curly quotes belong inside the text' \
	"a curly double quote"
printf '%s\n' "$H" 'scene "s" {' '  [[Text]],' '  choice { ‘A’, go = "s" },' '}' |
	m "e/m.lua:4: error: curly quote ‘ in the code: use straight quotes ' or \" in Lua; curly quotes belong inside the text" \
	"a curly single quote"
printf '%s\n' "$H" 'scene "s" {' '  [[“Quoted” text]],' '  choice { "He said “no”" },' '}' |
	m '' "curly quotes inside texts are fine"
printf '%s\n' "$H" 'page [[One]]' 'page – [[Two]]' |
	m 'e/m.lua:3: error: dash – in the code: Lua needs a plain hyphen - (and two, --, to start a note)' \
	"a dash"
printf "$H\npage [[One]]\npage\302\240[[Two]]\n" |
	m 'e/m.lua:3: error: an unusual space (U+00A0) in the code: replace it with an ordinary space' \
	"a no-break space"
printf "$H\npage [[One]]\npage [[Two]]\342\200\213\n" |
	m 'e/m.lua:3: error: an invisible character (U+200B) in the code: delete it (it may be next to a space or at the end of the line)' \
	"a zero-width space"
printf "\357\273\277$H\npage [[One]]\n" |
	m 'e/m.lua:1: error: the file starts with an invisible byte order mark (U+FEFF): save it as UTF-8 without a BOM' \
	"a byte order mark"
printf "$H\nscene \"s\" { [[x]]\357\274\214 choice { \"A\" } }\n" |
	m 'e/m.lua:2: error: the character ， (U+FF0C) cannot be in the code, only inside a text; retype it with plain keys' \
	"any other character"

# Question types.
printf '%s\n' "$H" 'question "q" { type = "true/false", [[x]], answer = true }' |
	m "e/m.lua:2: error: no plugin provides the question type 'true/false' (did you mean 'truefalse'?); the types installed are: multiple, order, reflect, single, truefalse" \
	"an unknown type lists the types installed"
mkdir -p "$TMP/noplugins"
out=$(cd "$c" && VIGIL_PLUGINS="$TMP/noplugins" "$VIGIL" --plugins "$TMP/noplugins" pack check e 2>&1)
case "$out" in
*"the types installed are"*)	# an installed vigil's own plugins
	ok 0 "and says when there are none # SKIP plugins are installed" ;;
*)	like "$out" "no plugin provides the question type 'true/false'; no question types are installed (see --plugins)" \
		"and says when there are none" ;;
esac

# A step inside another.
printf '%s\n' "$H" 'scene "s" {' '  [[x]],' '  choice { "A" },' '  page [[Oops]],' '}' |
	m 'e/m.lua:5: error: this page is inside the scene that starts on line 2: end the scene with } before it' \
	"a page as the last entry of a scene is an error at its line"
printf '%s\n' "$H" 'scene "s" { [[x]], page [[Oops]], choice { "A" } }' |
	m 'e/m.lua:2: error: this page is inside the scene that starts on line 2: end the scene with } before it' \
	"as a middle entry, with no other error"
printf '%s\n' "$H" 'question "q" { type = "truefalse", [[x]], answer = true,' '  scene "t" { [[y]], choice { "B" } } }' |
	m 'e/m.lua:3: error: this scene is inside the question that starts on line 2: end the question with } before it' \
	"a scene inside a question"
printf '%s\n' "$H" 'scene "s" { [[x]],' '  choice { "A", feedback = page [[y]] } }' |
	m 'e/m.lua:3: error: this page is inside the choice that starts on line 3: end the choice with } before it' \
	"a page inside a choice"

# Facts.
facts() {
	printf '%s\n' "$H" 'scene "s" {' '  [[x]],' '  choice { "A", set = { viewed = true } },' \
		'  choice { "B", set = { role = "office" } },' '}' \
		'page {' "  when = function(state) return $1 end," '  [[y]],' '}' 'finish [[z]]'
}
facts 'state.veiwed or state.role == "office"' |
	m "e/m.lua:4: warning: set gives the fact 'viewed', which no when reads (did you mean 'veiwed'?)
e/m.lua:8: warning: when reads state.veiwed, a fact no choice sets (did you mean 'viewed'?)" \
	"a misspelt fact: both sides, with did you mean"
facts 'state.role == "office" and state.viewed' | m '' "a fact read only once another is set is seen"
good='state.viewed or state.role == "office"'
facts "$good" | m '' "facts set and read: nothing said"
facts 'state.viewed' | m '' "a fact set that nothing reads, named unlike any read: nothing said"
(cd "$c" && "$VIGIL" pack check --strict e) >/dev/null 2>&1
is $? 0 "and check --strict passes"

# pack test counts the step behind the misspelt fact.
mkdir -p "$c/e/tests"
cat >"$c/e/tests/m.lua" <<'LUA'
playthrough "office" {
  module = "m",
  "B",
  result = "passed",
}
playthrough "viewed" {
  module = "m",
  "A",
  result = "passed",
}
LUA
facts "$good" >"$c/e/m.lua"
(cd "$c" && "$VIGIL" pack test --strict e) >"$TMP/t" 2>&1
is $? 0 "pack test --strict passes when every step is reached"
facts 'state.veiwed' >"$c/e/m.lua"
(cd "$c" && "$VIGIL" pack test --strict e) >"$TMP/t" 2>&1
is $? 1 "a step behind a fact no choice sets fails pack test --strict"
like "$(cat "$TMP/t")" "m: playthroughs reach 1/2 steps, 2/2 choices" \
	"it is counted, not dropped"
like "$(cat "$TMP/t")" "  e/m.lua:8: step 'step-2' is not covered: its when reads state.veiwed, a fact no choice sets" \
	"and named, at the line of its when"
like "$(cat "$TMP/t")" "FAILED - m: coverage" "coverage fails"

facts 'state.veiwed or state.role == "office"' >"$c/e/m.lua"
(cd "$c" && "$VIGIL" pack test e) >"$TMP/t" 2>&1
like "$(cat "$TMP/t")" "m: playthroughs reach 1/2 steps, 2/2 choices" \
	"also when a playthrough reaches the step by the other fact"

# pack check reads tests/*.lua.
facts "$good" >"$c/e/m.lua"
(cd "$c" && "$VIGIL" pack check --strict e) >"$TMP/out" 2>&1
is $? 0 "check --strict passes with good playthroughs"
printf '%s\n' 'playthrough "office" {' '  module = "m"' '  "B",' '  result = "passed",' '}' >"$c/e/tests/bad.lua"
(cd "$c" && "$VIGIL" pack check --strict e) >"$TMP/out" 2>&1
is $? 1 "a syntax error in a playthrough fails check --strict"
is "$(grep -E ': (error|warning): ' "$TMP/out")" \
	'e/tests/bad.lua:2: error: a comma is missing at the end of this line: the entries inside { } are separated by commas, and the next one starts on line 3' \
	"with its file and line, in plain words"
printf '%s\n' 'playthrough "office" {' '  module = "m",' '  “B”,' '}' >"$c/e/tests/bad.lua"
(cd "$c" && "$VIGIL" pack check e) >"$TMP/out" 2>&1
is "$(grep -E ': (error|warning): ' "$TMP/out")" \
	'e/tests/bad.lua:3: error: curly quote “ in the code: use straight quotes " in Lua; curly quotes belong inside the text' \
	"curly quotes in a playthrough"
printf '%s\n' 'playthrough "office" { module = "m", reslt = "passed" }' >"$c/e/tests/bad.lua"
(cd "$c" && "$VIGIL" pack check e) >"$TMP/out" 2>&1
is "$(grep -E ': (error|warning): ' "$TMP/out")" \
	"e/tests/bad.lua:1: error: playthrough \"office\": unknown field 'reslt' (did you mean 'result'?)" \
	"a playthrough's misspelt field"
rm "$c/e/tests/bad.lua"

# The opening page of a module: not "A module of" its own title.
command -v curl >/dev/null || { done_testing; exit; }
mkdir -p "$TMP/packs/images" "$TMP/packs/two"
echo 'pack { id = "images", title = "Handling images", version = "1.0.0", modules = { "images" } }' \
	>"$TMP/packs/images/pack.lua"
printf '%s\n' 'module { title = "Handling images", minutes = 5 }' 'page [[x]]' >"$TMP/packs/images/images.lua"
echo 'pack { id = "two", title = "Online safety", version = "1.0.0", modules = { "a", "b" } }' \
	>"$TMP/packs/two/pack.lua"
printf '%s\n' 'module { title = "Online safety", minutes = 5 }' 'page [[x]]' >"$TMP/packs/two/a.lua"
printf '%s\n' 'module { title = "Reporting", minutes = 5 }' 'page [[x]]' >"$TMP/packs/two/b.lua"
export VIGIL_PACKS="$TMP/packs"
"$VIGIL" learner add T1 --name "Siân Evans" >/dev/null
trap 'serve_stop; rm -rf "$TMP"' EXIT
PORT=$(free_port)
BASE="http://127.0.0.1:$PORT"
PAGE="$TMP/page"
JAR="$TMP/jar"
serve_start "$PORT"
ok $? "vigil serve starts"
curl -s -o "$PAGE" -b "$JAR" -c "$JAR" "$BASE/"
curl -s -o "$PAGE" -b "$JAR" -c "$JAR" --data-urlencode "name=Siân Evans" \
	--data-urlencode "ref=T1" --data-urlencode "csrf=$(csrf_of "$PAGE")" \
	"$BASE/signin"
is "$(jar_get /take/images/images)" 200 "the opening page of a one-module pack"
unlike "$(cat "$PAGE")" "A module of" "does not call it a module of its own title"
like "$(cat "$PAGE")" "<dt>Time</dt>" "and still says how long it takes"
is "$(jar_get /take/two/a)" 200 "a module titled as its pack of two"
like "$(cat "$PAGE")" "<p>Module 1 of 2 of this training.</p>" "says which of the two it is"
is "$(jar_get /take/two/b)" 200 "a module with a title of its own"
like "$(cat "$PAGE")" "<p>A module of &ldquo;Online safety&rdquo;.</p>" "names its pack as before"
serve_stop
done_testing
