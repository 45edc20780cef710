#!/bin/bash
# What the sandbox's limits cover beyond one call (SECURITY.md): one run
# budget covers all pack code a command or request runs, so many whens each
# under the per-call limit cannot add up; a when that fills memory inside
# pcall and keeps it fails at its own line, and nothing aborts; a syntax
# error is reported at its line even when its message says "binary"; and
# the library functions rewritten to charge their work behave as Lua's.
. "$SRCDIR/tests/lib.sh"

pack() { # DIR: a pack of one module, m.lua
	mkdir -p "$1"
	printf 'pack { id = "%s", title = "Limits", version = "1.0.0", modules = { "m" } }\n' \
		"$(basename "$1")" >"$1/pack.lua"
}

# Forty whens, each well under the per-call limit (about 16 million
# instructions) and each hiding its step, so that one answer runs them all:
# together far over what one unit of work may run.
pack "$TMP/whens"
{
	echo 'module { title = "Whens", minutes = 1, pass_mark = 0 }'
	echo 'page [[First.]]'
	for i in $(seq 40); do
		echo "page { when = function() local x = 0 for i = 1, 8e6 do x = x + i end return x < 0 end, [[Step $i.]] }"
	done
	echo 'finish [[End.]]'
} >"$TMP/whens/m.lua"

start=$(now_ms)
out=$(timeout -s KILL 60 "$VIGIL" pack test "$TMP/whens" 2>&1)
status=$?
took=$(($(now_ms) - start))
is "$status" 1 "pack test: many whens that add up fail"
[[ "$out" =~ $TMP/whens/m.lua:[0-9]+:\ error:\ (instruction|time)\ limit\ exceeded ]]
ok $? "at a when's line, as a limit"
[ "$took" -lt 2000 ]; ok $? "within 2 s (${took} ms)"

start=$(now_ms)
out=$(printf '\n\n\n' | timeout -s KILL 60 "$VIGIL" pack play "$TMP/whens" --seed 1 2>&1)
status=$?
took=$(($(now_ms) - start))
is "$status" 1 "pack play: the same fails"
[[ "$out" =~ $TMP/whens/m.lua:[0-9]+:\ error:\ (instruction|time)\ limit\ exceeded ]]
ok $? "at a when's line"
[ "$took" -lt 2000 ]; ok $? "within 2 s (${took} ms)"

# A when that fills memory inside pcall and keeps it in state, then a
# question whose plugin would need memory.
pack "$TMP/keep"
cat >"$TMP/keep/m.lua" <<'LUA'
module { title = "Keep", minutes = 1, pass_mark = 0 }
page [[First.]]
page { when = function(state) state.keep = {} pcall(function() local s, t = ("x"):rep(2^20), state.keep for i = 1, 1e9 do t[i] = s .. i end end) return true end, [[Second.]] }
question "q" { type = "single", [[Which?]], right "A", wrong "B", score = 1 }
finish [[End.]]
LUA
out=$(timeout -s KILL 60 "$VIGIL" pack test "$TMP/keep" 2>&1)
is "$?" 1 "pack test: memory kept after a caught refusal fails, without an abort"
like "$out" "$TMP/keep/m.lua:3: error: memory limit of 32 MiB exceeded" \
	"at the when's line"
unlike "$out" "plugins/questions" "not blamed on a plugin"
out=$(printf '\n\n\n' | timeout -s KILL 60 "$VIGIL" pack play "$TMP/keep" --seed 1 2>&1)
is "$?" 1 "pack play: the same, without an abort"
like "$out" "$TMP/keep/m.lua:3: error: memory limit of 32 MiB exceeded" \
	"at the when's line"

# The same with strings, where Lua raises the refusal at once (a buffer of
# the string library) rather than after a collection.
pack "$TMP/keep-rep"
sed 's/t\[i\] = s \.\. i/t[i] = ("0123456789abcdef"):rep(2^16)/' "$TMP/keep/m.lua" \
	>"$TMP/keep-rep/m.lua"
out=$(timeout -s KILL 60 "$VIGIL" pack test "$TMP/keep-rep" 2>&1)
is "$?" 1 "pack test: strings kept after a caught refusal fail too"
like "$out" "$TMP/keep-rep/m.lua:3: error: memory limit of 32 MiB exceeded" \
	"at the when's line"

# The same at the top of a module file, for pack check.
pack "$TMP/keep-top"
cat >"$TMP/keep-top/m.lua" <<'LUA'
module { title = "Keep", minutes = 1, pass_mark = 0 }
local keep = {}
pcall(function() local s = ("x"):rep(2^20) for i = 1, 1e9 do keep[i] = s .. i end end)
page [[Never shown.]]
LUA
out=$(timeout -s KILL 60 "$VIGIL" pack check "$TMP/keep-top" 2>&1)
is "$?" 1 "pack check: memory kept at the top of a file fails"
like "$out" "$TMP/keep-top/m.lua:3: error: memory limit of 32 MiB exceeded" \
	"at the line that filled it"

# An unfinished string whose text says "binary" is a syntax error at its
# line, not a precompiled chunk at line 1.
pack "$TMP/syntax"
cat >"$TMP/syntax/m.lua" <<'LUA'
module { title = "Syntax", minutes = 1, pass_mark = 0 }
question "q" {
  type = "single",
  [[Which of these is right?]],
  right "Supporting non-binary pupils,
  wrong "Ignoring them",
  score = 1,
}
LUA
out=$("$VIGIL" pack check "$TMP/syntax" 2>&1)
is "$?" 1 "a syntax error fails pack check"
like "$out" "$TMP/syntax/m.lua:5: error: " "at its line"
like "$out" "unfinished string" "saying what is wrong"
unlike "$out" "precompiled" "not taken for a binary chunk"

# The functions rewritten to charge their work do what Lua's do.
pack "$TMP/same"
cat >"$TMP/same/m.lua" <<'LUA'
module { title = "Same", minutes = 1, pass_mark = 0 }
local t = { 5, 2, 8, 1, 9, 3 }
table.sort(t) assert(table.concat(t, ",") == "1,2,3,5,8,9")
table.sort(t, function(a, b) return a > b end) assert(table.concat(t, ",") == "9,8,5,3,2,1")
local w = { "pear", "apple", "fig", "apple" } table.sort(w) assert(table.concat(w, " ") == "apple apple fig pear")
assert(not pcall(table.sort, { 1, "x" }))
table.insert(t, 1, 0) assert(t[1] == 0 and t[2] == 9 and #t == 7)
table.insert(t, 10) assert(t[8] == 10 and #t == 8)
assert(not pcall(table.insert, t, 20, 1))
assert(table.remove(t, 1) == 0 and #t == 7 and t[1] == 9)
assert(table.remove(t) == 10 and #t == 6)
assert(table.remove({}) == nil)
assert(select("#", table.unpack({ 1, 2, 3 })) == 3 and select(2, table.unpack({ 1, 2, 3 }, 2)) == 3)
assert(select("#", table.unpack({}, 1, 2)) == 2)
assert(table.concat({ 1, "a", 2.5 }, "-", 2, 3) == "a-2.5" and table.concat({}, ",") == "")
assert(not pcall(table.concat, { {} }))
assert(table.pack(1, nil, 3).n == 3)
assert(("hello world"):find("o w", 1, true) == 5)
local a, b = ("hello"):find("l", -2) assert(a == 4 and b == 4)
assert(("abc"):find("", 10) == nil and ("abc"):find("", 4) == 4)
assert(("a.b"):find(".") == 2 and ("a.b"):find("x") == nil)
assert(("x"):rep(3, ",") == "x,x,x" and ("x"):rep(0) == "" and (""):rep(5, "-") == "----")
assert(("abc"):rep(2) == "abcabc" and #("xy"):rep(1000, "z") == 2999 and ("ab"):rep(1, ",") == "ab")
assert(("Ab"):upper() == "AB" and ("Ab"):lower() == "ab" and ("ab"):reverse() == "ba")
assert(("abc"):byte(-1) == 99 and string.char(104, 105) == "hi" and ("abc"):sub(2) == "bc")
assert(string.format("%d-%s-%q", 3, "x", "y") == '3-x-"y"')
assert(utf8.len("Siân") == 4 and utf8.char(72, 105) == "Hi" and utf8.codepoint("é") == 233 and utf8.offset("aé", 2) == 2)
assert(math.max(1, 5, 3) == 5 and math.floor("2.5") == 2 and tonumber("0x10") == 16 and "10" + 1 == 11)
assert(select(2, "a", "b") == "b" and not pcall(error, "x", "2"))
page [[Fine.]]
LUA
out=$("$VIGIL" pack check "$TMP/same" 2>&1)
ok $? "the rewritten library functions behave as Lua's ($out)"

# Through the web server: one request's budget covers all the whens it
# runs, and memory kept by a when fails that step, not the process.
if ! command -v curl >/dev/null; then
	done_testing
	exit
fi
mkdir -p "$TMP/packs/a-loops"
cp -R "$TMP/whens" "$TMP/keep" "$TMP/packs/"
# A pack listed first whose four modules each loop to the per-call limit:
# loading it uses up a whole unit, yet the packs loaded after it in the
# same request are judged on their own and work.
printf 'pack { id = "a-loops", title = "Loops", version = "1.0.0", modules = { "m1", "m2", "m3", "m4" } }\n' \
	>"$TMP/packs/a-loops/pack.lua"
for i in 1 2 3 4; do
	printf 'module { title = "Loop", minutes = 1, pass_mark = 0 }\nwhile true do end\n' \
		>"$TMP/packs/a-loops/m$i.lua"
done
export VIGIL_PACKS="$TMP/packs"
trap 'serve_kill; rm -rf "$TMP"' EXIT
PORT=$(free_port)
BASE="http://127.0.0.1:$PORT"
PAGE="$TMP/page"
JAR="$TMP/jar"
WEB_TIMEOUT=60

serve_start "$PORT" --signup open
ok $? "vigil serve starts"
jar_get / >/dev/null
jar_post /signin "name=Limit Tester" "ref=L1" >/dev/null
jar_get / >/dev/null
like "$(cat "$PAGE")" "/take/whens/m" "the catalogue offers a pack loaded after a hostile one"
log="$TMP/serve.$PORT.log"
for name in whens keep; do
	m=/take/$name/m
	jar_get "$m" >/dev/null
	jar_post "$m/begin" >/dev/null
	jar_get "$m" >/dev/null
	step=$(page_field step)
	seq=$(page_field seq)
	start=$(now_ms)
	code=$(jar_post "$m" "step=$step" "seq=$seq")
	took=$(($(now_ms) - start))
	is "$code" 500 "serve $name: the step fails with a plain error page"
	[ "$took" -lt 2000 ]; ok $? "serve $name: within 2 s (${took} ms)"
done
[[ "$(cat "$log")" =~ $TMP/packs/whens/m.lua:[0-9]+:\ (instruction|time)\ limit\ exceeded ]]
ok $? "serve whens: the log names a when's line"
like "$(cat "$log")" "$TMP/packs/keep/m.lua:3: memory limit of 32 MiB exceeded" \
	"serve keep: the log names the when's line"
kill -0 "$SERVE_PID"; ok $? "the server is still running"
is "$(curl -s -m 20 -o /dev/null -w '%{http_code}' "$BASE/style.css")" 200 \
	"and answers"
serve_kill
done_testing
