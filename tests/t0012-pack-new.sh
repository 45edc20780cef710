#!/bin/bash
# vigil pack new: a pack that passes check --strict and test as created, the
# refusals, nothing ever overwritten; and the authoring guide's worked
# example and every message it quotes are what vigil really does.
. "$SRCDIR/tests/lib.sh"

guide="$SRCDIR/doc/authoring.md"

# The promise, exactly as an author would type it.
"$VIGIL" pack new "$TMP/x" >"$TMP/new.out" 2>"$TMP/new.err" &&
	"$VIGIL" pack check --strict "$TMP/x" >"$TMP/check.out" 2>&1 &&
	"$VIGIL" pack test "$TMP/x" >"$TMP/test.out" 2>&1
ok $? "pack new DIR && pack check --strict DIR && pack test DIR passes"
cat "$TMP/new.err" "$TMP/check.out" "$TMP/test.out" | sed 's/^/# /'
out=$(cat "$TMP/new.out")
like "$out" "Created the pack 'x' in $TMP/x:" "says what it created"
for f in pack.lua first-module.lua intro.md tests/first-module.lua; do
	[ -f "$TMP/x/$f" ]; ok $? "it creates $f"
	like "$out" "  $f " "and lists $f"
done
for c in "check --strict" test play; do
	like "$out" "vigil pack $c $TMP/x" "it says to run vigil pack $c"
done
is "$(cat "$TMP/new.err")" "" "nothing on stderr"
like "$(cat "$TMP/check.out")" "0 errors, 0 warnings" "no warnings either"
like "$(tail -n 1 "$TMP/test.out")" "4 passed, 0 failed" "three playthroughs and the exploration pass"
like "$(cat "$TMP/test.out")" "first-module: playthroughs reach 10/10 steps, 14/14 choices" \
	"the playthroughs reach every step and choice"
"$VIGIL" pack test --strict "$TMP/x" >/dev/null 2>&1
ok $? "pack test --strict passes too"
grep -q 'id = "x",' "$TMP/x/pack.lua"; ok $? "the pack id is the folder's name"

# The example module shows every construct, each with a note above it.
m=$(cat "$TMP/x/first-module.lua")
for word in 'module {' 'page { file "intro.md" }' 'page [[' 'scene "' 'choice {' \
	'go = "' 'set = {' 'score = ' 'feedback = ' 'when = function(state)' \
	'type = "single"' 'type = "multiple"' 'type = "truefalse"' 'type = "order"' \
	'right "' 'wrong "' 'wrong {' 'reflect "' 'finish [['; do
	like "$m" "$word" "the example module uses $word"
done
bare=$(awk '/^(module|page|scene|question|reflect|finish)[ {"[]/ && prev !~ /^--/ { print NR": "$0 }
	{ prev = $0 }' "$TMP/x/first-module.lua")
is "$bare" "" "every step has a note above it"
like "$m" "EXAMPLE" "it says it is an example"

# Played through the real player, the model answers pass.
play_texts "$TMP/play" "$TMP/x" first-module 1 \
	"Say you can't promise that, but that you will listen and help" \
	"Tell the DSL straight away" \
	"Stay calm and let them talk in their own words | Tell them they were right to tell you" \
	"True" \
	"Listen, and let the pupil finish | Explain that you will need to tell the DSL, and why | Tell the DSL straight away" \
	"I will listen, and I will help."
is "$(tail -n 1 "$TMP/play")" "Result: PASSED 7/7 (100%)" "pack play: the model answers pass"

# The run the guide shows is the run it gets.
mkdir "$TMP/g0"
(cd "$TMP/g0" && "$VIGIL" pack new my-pack >/dev/null && "$VIGIL" pack test my-pack) \
	>"$TMP/g0.out" 2>&1
python3 - "$guide" >"$TMP/g0.want" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
print(re.search(r"the whole run reads:\n\n```\n(.*?)```", text, re.S).group(1), end="")
PY
is "$(cat "$TMP/g0.out")" "$(cat "$TMP/g0.want")" "the guide shows pack test's output on a new pack"

# A second run clobbers nothing.
echo "-- my own line" >>"$TMP/x/pack.lua"
cp "$TMP/x/pack.lua" "$TMP/pack.lua.mine"
ls -R "$TMP/x" >"$TMP/before"
out=$("$VIGIL" pack new "$TMP/x" 2>&1)
is $? 1 "a second run into the same folder exits 1"
like "$out" "vigil: '$TMP/x' already exists and is not empty" "and says why"
cmp -s "$TMP/x/pack.lua" "$TMP/pack.lua.mine"; ok $? "the author's pack.lua is untouched"
ls -R "$TMP/x" >"$TMP/after"
cmp -s "$TMP/before" "$TMP/after"; ok $? "no file is added or removed"
touch "$TMP/afile"
out=$("$VIGIL" pack new "$TMP/afile" 2>&1)
is $? 1 "a file in the way exits 1"
like "$out" "'$TMP/afile' already exists and is not a folder" "and says so"

# An empty folder is fine, also as "."; the id comes from its real name.
mkdir "$TMP/empty" "$TMP/Safeguarding Basics 2"
out=$(cd "$TMP/empty" && "$VIGIL" pack new . 2>&1)
ok $? "pack new . in an empty folder works"
grep -q 'id = "empty",' "$TMP/empty/pack.lua"; ok $? "with the folder's own name as the id"
out=$("$VIGIL" pack new "$TMP/Safeguarding Basics 2/" 2>&1)
is $? 1 "a folder name that is not an id is refused"
like "$out" "'Safeguarding Basics 2' is not one: try the folder name 'safeguarding-basics-2'" \
	"with the id to use instead"
is "$(ls -A "$TMP/Safeguarding Basics 2")" "" "and nothing is created in it"
mkdir "$TMP/my packs"
"$VIGIL" pack new "$TMP/my packs/safeguarding-basics-2/" >"$TMP/sb.out" 2>&1
ok $? "the suggested name works"
like "$(cat "$TMP/sb.out")" "vigil pack check --strict '$TMP/my packs/safeguarding-basics-2/'" \
	"the commands it prints can be pasted"
"$VIGIL" pack check --strict "$TMP/my packs/safeguarding-basics-2" >/dev/null 2>&1
ok $? "that pack passes the check too"

# Refusals.
out=$("$VIGIL" pack new "$TMP/_-_" 2>&1)
is $? 1 "a name with no letter or digit exits 1"
like "$out" "cannot make a pack id from the folder name '_-_'" "and says why"
like "$out" "try: vigil pack new my-pack" "suggesting a name"
[ ! -e "$TMP/_-_" ]; ok $? "creating nothing"
out=$("$VIGIL" pack new "$TMP/no/such" 2>&1)
is $? 1 "a missing parent folder exits 1"
like "$out" "the folder '$TMP/no' does not exist" "names it"
[ ! -e "$TMP/no" ]; ok $? "and is not created, as with mkdir"
out=$("$VIGIL" pack new 2>&1)
is $? 2 "no folder is a usage error"
like "$out" "usage: vigil pack new DIR" "with the usage"
"$VIGIL" pack new "$TMP/a" "$TMP/b" >/dev/null 2>&1; is $? 2 "two folders: usage error"
"$VIGIL" pack new --force "$TMP/a" >/dev/null 2>&1; is $? 2 "an unknown option: usage error"
[ ! -e "$TMP/a" ]; ok $? "nothing created by a usage error"
out=$("$VIGIL" pack new --help); ok $? "pack new --help exits 0"
like "$out" "mkdir" "and explains why the parent must exist"

# A failure part way removes what was made: files are limited to 3 KiB,
# so pack.lua is written and the module is not.
out=$( (trap '' XFSZ; ulimit -f 3; "$VIGIL" pack new "$TMP/half") 2>&1)
is $? 1 "a write that fails part way exits 1"
like "$out" "cannot write '$TMP/half/first-module.lua'" "names the file"
like "$out" "the files made so far are removed" "says it cleaned up"
[ ! -e "$TMP/half" ]; ok $? "nothing is left, not even the folder"
mkdir "$TMP/half"
(trap '' XFSZ; ulimit -f 3; "$VIGIL" pack new "$TMP/half") >/dev/null 2>&1
is "$(ls -A "$TMP/half")" "" "a folder that was there stays, empty"

# The guide's complete example: every block marked "example: FILE", as a
# pack that must pass the strict check and the tests with full coverage.
python3 - "$guide" "$TMP/guide/noticing-worries" <<'PY' >"$TMP/extracted"
import os, re, sys
text = open(sys.argv[1], encoding="utf-8").read()
for name, body in re.findall(r"<!-- example: (\S+) -->\n```\w*\n(.*?)```\n",
                             text, re.S):
    path = os.path.join(sys.argv[2], name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "x", encoding="utf-8") as f:
        f.write(body)
    print(name)
PY
is "$(sort "$TMP/extracted" | tr '\n' ' ')" \
	"pack.lua recording-a-concern.lua tests/recording-a-concern.lua welcome.md " \
	"the guide's example has four files"
(cd "$TMP/guide" && "$VIGIL" pack check --strict noticing-worries) >"$TMP/g.check" 2>&1
ok $? "the guide's example passes pack check --strict"
(cd "$TMP/guide" && "$VIGIL" pack test --strict noticing-worries) >"$TMP/g.test" 2>&1
ok $? "the guide's example passes pack test --strict"
like "$(cat "$TMP/g.test")" "recording-a-concern: playthroughs reach 9/9 steps, 16/16 choices" \
	"its playthroughs reach everything"
sed 's/^/# /' "$TMP/g.check" "$TMP/g.test" | grep -v '^# ok' | head -20

# Every message the guide quotes as "FILE:LINE: error: ..." is one that
# vigil prints.  Each case below makes one; their output is the corpus.
corpus="$TMP/corpus"
: >"$corpus"
c="$TMP/c"
mkdir -p "$c/e"
echo 'pack { id = "e", title = "E", version = "1.0.0", modules = { "m" } }' >"$c/e/pack.lua"
check() { (cd "$c" && "$VIGIL" pack check "$@") >>"$corpus" 2>&1; }
test_pack() { (cd "$c" && "$VIGIL" pack test "$@") >>"$corpus" 2>&1; }
# module m.lua of pack e, from standard input
mod() { cat >"$c/e/m.lua"; check e; }
H='module { title = "M", minutes = 5 }'
printf '%s\n' "$H" 'page [[One]]' 'scene "s" {' '  [[Text]]' '  choice { "A" },' '}' | mod
printf '%s\n' "$H" 'question "q" {' '  type = "single",' '  [[Q]],' '  right "A",' \
	'  wrong "B"' '  feedback = [[x]],' '}' | mod
printf '%s\n' "$H" 'scene "s" {' '  [[Text]],' '  choice { "A" },' | mod
printf '%s\n' "$H" 'scene "s" { [[Text]], choice { "A" } }}' | mod
printf '%s\n' "$H" 'page [[One' | mod
printf '%s\n' "$H" 'page "One' | mod
printf '%s\n' "$H" 'Page [[x]]' | mod
printf '%s\n' 'page [[x]]' | mod
printf '%s\n' 'module { title = "M" }' 'page [[x]]' | mod
printf '%s\n' "$H" 'page [[Tell {{lead_shrot}}.]]' | mod
printf '%s\n' 'module { title = "M", minutes = 5, pass_mark = "80%" }' 'page [[x]]' | mod
printf '%s\n' "$H" | mod
printf '%s\n' "$H" 'scene "my scene" { [[x]], choice { "A" } }' | mod
printf '%s\n' "$H" 'scene "s" { choice { "A" } }' | mod
printf '%s\n' "$H" 'scene "s" { [[x]], "A" }' | mod
printf '%s\n' "$H" 'scene "s" { [[x]], choice { "A", set = { "x" } } }' | mod
printf '%s\n' "$H" 'page [[x]]' 'page { [[y]], [[z]] }' | mod
printf '%s\n' "$H" 'page { [[x]], name = "a" }' | mod
printf '%s\n' "$H" 'question "q" { [[x]], right "A", wrong "B" }' | mod
printf '%s\n' "$H" 'question "q" { type = "single", right "A", wrong "B" }' | mod
printf '%s\n' "$H" 'question "q" { type = "single", [[x]], right "A" }' | mod
printf '%s\n' "$H" 'question "q" { type = "single", [[x]], "A", "B" }' | mod
printf '%s\n' "$H" 'question "q" { type = "multiple", [[x]], wrong "A", wrong "B" }' | mod
printf '%s\n' "$H" 'question "q" { type = "single", [[x]], right "A", wrong "A" }' | mod
printf '%s\n' "$H" 'question "q" { type = "truefalse", [[x]], answer = "false" }' | mod
printf '%s\n' "$H" 'question "q" { type = "truefalse", [[x]], answer = false, right "A" }' | mod
printf '%s\n' "$H" 'question "q" { type = "truefalse", [[x]], anwser = false }' | mod
printf '%s\n' "$H" 'question "q" { type = "order", [[x]], right "A", "B", "C" }' | mod
printf '%s\n' "$H" 'question "q" { type = "order", [[x]], "A", "A" }' | mod
printf '%s\n' "$H" 'question "q" { type = "order", [[x]], "A", "B", shuffle = false }' | mod
printf '%s\n' "$H" 'reflect "r" { [[x]], right "A" }' | mod
printf '%s\n' "$H" 'question "q" { type = "single", [[x]], right "A", wrong "B", score = -1 }' | mod
printf '%s\n' "$H" 'question "q" { type = "single", [[x]], right "A", wrong "B", shuffle = "no" }' | mod
printf '%s\n' "$H" 'question "q" { type = "single", [[x]], right { "A", feedbak = "x" }, wrong "B" }' | mod
printf '%s\n' "$H" 'page { file "t.md" }' | { ln -s /etc/passwd "$c/e/t.md"; mod; }
rm -f "$c/e/t.md"
printf '%s\n' "$H" 'page { file "t.md" }' | { printf 'A \033[2J' >"$c/e/t.md"; mod; }
rm -f "$c/e/t.md"
printf 'module { title = "M \302\233", minutes = 5 }\npage [[x \177]]\n' | mod
printf '%s\n' "$H" 'page [[x]]' >"$c/m-elsewhere.lua"
rm -f "$c/e/m.lua"
ln -s "$c/m-elsewhere.lua" "$c/e/m.lua"
check e
rm -f "$c/e/m.lua"
{ printf '%s\npage [[\n' "$H"; head -c 40000 /dev/zero | tr '\0' x; printf '\n]]\n'; } | mod
printf '%s\n' "$H" 'finish [[x]]' 'finish [[y]]' | mod
printf '%s\n' "$H" 'question "q" { type = "truefalse", [[x]], answer = true }' \
	'finish [[Well done!]]' | mod
printf '%s\n' "$H" 'finish { passed = [[Yes.]] }' | mod
printf '%s\n' "$H" 'scene "start" { [[S]], choice { "On", go = "q", score = 1 },' \
	'  choice { "Trap", go = "trap" } }' 'scene "trap" { [[T]], choice { "Again", go = "trap" } }' \
	'question "q" { type = "truefalse", [[x]], answer = true }' | mod
printf '%s\n' "$H" 'page [[x]]' 'local f = io.open' | mod
printf '%s\n' "$H" 'page [[x]]' 'while true do end' | mod
printf '%s\n' "$H" 'page [[x]]' 'local t = { "x" }' 'while true do t[#t + 1] = t[#t] .. t[#t] end' | mod
printf '%s\n' "$H" 'page { when = function(state) return state.x.y end, [[x]] }' \
	'question "q" { type = "truefalse", [[x]], answer = true }' >"$c/e/m.lua"
test_pack e
printf '%s\n' "$H" 'page [[x]]' >"$c/e/m.lua"
touch "$c/e/other.lua"
check e
rm "$c/e/other.lua"
# Lua's messages in plain words, and the lints of facts and nesting
printf '%s\n' "$H" 'scene "s" { [[x]] choice { "A" } }' | mod
printf '%s\n' "$H" 'page { [[x]] [[y]] }' | mod
printf '%s\n' "$H" 'page [[x]]' 'local seen = state.x' | mod
printf '%s\n' "$H" 'scene "s" {' '  [[Text],' '  choice { "A", feedback = [[Yes]], go = "t" },' \
	'  choice { "B", feedback = [[No]] },' '}' 'page "t" [[x]]' | mod
printf '%s\n' "$H" 'scene "s" {' '  [[Text]],' '  choice { "A", feedback = [[Well done },' '}' \
	'page [[Two]]' 'page [[Three]]' | mod
printf '%s\n' "$H" 'scene "s" { [[x]], choice { '"'Don't send it'"' } }' | mod
printf '%s\n' "$H" 'scene "s" { [[x]], choice { "He said "no" to it" } }' | mod
printf '%s\n' "$H" 'page { when = function(state) return state.x = true end, [[x]] }' | mod
printf '%s\n' "$H" 'page { when = state.viewed, [[x]] }' | mod
printf '%s\n' "$H" 'page { when = function(state) state.viewed end, [[x]] }' | mod
printf '%s\n' "$H" 'scene "s" {' '  [[Text]],' '  choice { "A", go = “s” },' '}' | mod
printf '%s\n' "$H" 'scene "s" {' '  [[Text]],' '  choice { ‘A’, go = "s" },' '}' | mod
printf '%s\n' "$H" 'page [[One]]' 'page – [[Two]]' | mod
printf "$H\npage [[One]]\npage\302\240[[Two]]\n" | mod
printf "$H\npage [[One]]\npage [[Two]]\342\200\213\n" | mod
printf "\357\273\277$H\npage [[One]]\n" | mod
printf "$H\nscene \"s\" { [[x]]\357\274\214 choice { \"A\" } }\n" | mod
printf '%s\n' "$H" 'scene "s" {' '  [[x]],' '  choice { "A" },' '  page [[Oops]],' '}' | mod
printf '%s\n' "$H" 'scene "s" { [[x]], choice { "A", set = { viewed = true } } }' \
	'page { when = function(state) return state.veiwed end, [[y]] }' | mod
printf '%s\n' "$H" 'question "q" { type = "true/false", [[x]], answer = true }' | mod
# pack.lua
mkdir -p "$c/my-pack" "$c/nothing"
cp "$c/e/m.lua" "$c/my-pack/m.lua"
pk() { cat >"$c/my-pack/pack.lua"; check my-pack; }
echo 'pack { id = "p", title = "E", version = "1.0.0", modules = { "m", "not-there" } }' | pk
echo 'pack { id = "p", title = "E", version = "1.0.0", modules = { "m", "m" } }' | pk
echo 'pack { id = "p", title = "E", version = "1.0.0" }' | pk
printf 'pack { id = "p", title = "E \033[2J", version = "1.0.0", modules = { "m" },\n  sources = { { title = "S \233" } } }\n' | pk
echo '-- nothing yet' | pk
check nothing
check "$SRCDIR/tests/packs/bad-fields"
# The guide's example, with a misspelt go, a trap behind a when, a when
# that fails on one path, a misspelt fact, and playthroughs that fail.
g="$c/noticing-worries"
variant() {
	rm -rf "$g"
	cp -R "$TMP/guide/noticing-worries" "$g"
	python3 -c 'import sys
p, old, new = sys.argv[1:]
s = open(p).read()
assert old in s, old
open(p, "w").write(s.replace(old, new, 1))' "$g/recording-a-concern.lua" "$1" "$2"
}
variant 'go = "what-to-write",' 'go = "what-to-rite",'
check noticing-worries
variant '  choice { "Ask Alex who did that to them", set = { leading = true },
           go = "what-to-write",' '  choice { "Ask Alex who did that to them", set = { leading = true },
           go = "trap",'
cat >>"$g/recording-a-concern.lua" <<'LUA'
scene "trap" {
  when = function(state) return state.leading end,
  [[You keep asking.]],
  choice { "Ask again", go = "trap" },
}
LUA
test_pack noticing-worries
variant 'question "who-to-tell" {' 'page { when = function(state) return state.leading.really end, [[x]] }
question "who-to-tell" {'
test_pack noticing-worries
variant 'return state.leading end' 'return state.leadng end'
test_pack noticing-worries
variant 'module {' 'module {'
rm -r "$g/tests"
test_pack noticing-worries
variant 'module {' 'module {'
cat >"$g/tests/mistakes.lua" <<'LUA'
playthrough "a misspelt option" {
  module = "recording-a-concern",
  "Make a note of what you saw and tell the DSL today",
  result = "passed",
}

playthrough "too few answers" {
  module = "recording-a-concern",
  "Make a note of what you saw, and tell the DSL today",
  result = "passed",
}

playthrough "wrong feedback" {
  module = "recording-a-concern",
  { "Ask Alex who did that to them", feedback = "well done" },
  result = "passed",
}

playthrough "wrong step" {
  module = "recording-a-concern",
  { "Ask Alex who did that to them", step = "waiting" },
  result = "passed",
}

playthrough "wrong result" {
  module = "recording-a-concern",
  "Make a note of what you saw, and tell the DSL today",
  { "What you saw: where the bruise was, its size and colour",
    "Anything Alex said, in Alex's own words",
    "The date and the time" },
  "The DSL, or a deputy DSL if the DSL is away",
  "False",
  { "Write down what you saw and heard",
    "Add the date, the time and your name",
    "Give the note to the DSL" },
  "Office.",
  "One more",
  result = "not passed",
  score = 6,
  percent = 90,
}

playthrough "unknown module" {
  module = "recording",
  result = "passed",
}

playthrough "fields" {
  module = "recording-a-concern",
  reslt = "passed",
}
LUA
test_pack noticing-worries

python3 - "$guide" >"$TMP/quoted" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
for m in re.finditer(r"`[^`\n]*?: (?:error|warning): ([^`\n]*)`", text):
    if m.group(1) != "message":
        print(m.group(1))
PY
n=$(grep -c . "$TMP/quoted")
ok $((n < 60)) "the guide quotes messages ($n)"
while IFS= read -r msg; do
	case "${VIGIL_UNDER_VALGRIND:-}:$msg" in
	?*:"instruction limit"*)
		# make valgrind-check: so slowed, the time limit trips first
		ok 0 "the guide quotes a real message: $msg # SKIP valgrind"
		continue
		;;
	esac
	if grep -qF -- "$msg" "$corpus"; then
		ok 0 "the guide quotes a real message: $msg"
	else
		# "..." in the guide stands for a list it leaves out
		grep -qF -- "${msg%%...*}" "$corpus"
		ok $? "the guide quotes a real message: $msg"
	fi
done <"$TMP/quoted"
done_testing
