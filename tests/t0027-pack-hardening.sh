#!/bin/bash
# Hostile packs and records: control characters in any pack text are a
# `pack check` error at their line, and nothing from a pack or the database
# reaches a terminal unfiltered; module files and pack.lua that lead outside
# the pack are refused; `pack check` reports every mistake in one run.
. "$SRCDIR/tests/lib.sh"

ESC=$'\033'

# no_raw OUTPUT WHAT: no ESC, BEL, DEL or C1 byte pair in OUTPUT.
no_raw() {
	local bad
	bad=$(printf '%s' "$1" | LC_ALL=C grep -c $'\033\|\007\|\177\|\302[\200-\237]')
	is "$bad" 0 "$2"
}

# ---- control characters are a pack check error at their line -------------
c="$TMP/packs/ctl"
mkdir -p "$c"
# The pack's title writes the clipboard (OSC 52); the module's title holds
# C1 CSI as UTF-8; a page holds DEL; an option C1 written as an escape; a
# Markdown file ESC; a choice BEL; a source's title a raw 0x9b byte.
printf 'pack {
  id = "ctl",
  title = "Clipboard \033]52;c;ZXZpbA==\007 grab",
  version = "1.0.0",
  sources = {
    { title = "Bad \233 byte", date = "2024-09-01" },
  },
  modules = { "m" },
}
' >"$c/pack.lua"
printf 'module {
  title = "Clear \302\233 2J",
  minutes = 5,
  pass_mark = 0,
}

page [[
Line one
Line two \177 here
]]

page { file "notes.md" }

question "q" {
  type = "single",
  [[Pick one.]],
  right "Yes \\u{9b}31m",
  wrong "No",
}

scene "s" {
  [[Where now?]],
  choice { "On \\a", go = "end" },
}

finish { id = "end", [[The end.]] }
' >"$c/m.lua"
printf '# Notes\n\nA fine line.\nA bad \033[2J line.\n' >"$c/notes.md"

"$VIGIL" pack check "$c" >"$TMP/out" 2>&1
is $? 1 "control characters fail pack check"
out=$(cat "$TMP/out")
like "$out" "$c/pack.lua:3: error: control character U+001B (ESC) in the pack's title; remove it" \
	"ESC (OSC 52) in the pack's title, at its line"
like "$out" "$c/pack.lua:6: error: byte 0x9B, which is not UTF-8, in a source's title; save the file as UTF-8" \
	"a lone 0x9b byte in a source's title, at its line"
like "$out" "$c/m.lua:2: error: control character U+009B (CSI) in the module's title; remove it" \
	"C1 CSI in the module's title, at its line"
like "$out" "$c/m.lua:9: error: control character U+007F (DEL) in the text of a page; remove it" \
	"DEL on the third line of a page, at that line"
like "$out" "$c/m.lua:17: error: control character U+009B (CSI) in the text of an option; remove it" \
	"C1 written as an escape in an option, at the option's line"
like "$out" "$c/m.lua:23: error: control character U+0007 (BEL) in the text of a choice; remove it" \
	"BEL in a choice, at its line"
like "$out" "$c/notes.md:4: error: control character U+001B (ESC); remove it" \
	"ESC in a Markdown file, at its line in that file"
is "$(grep -c ': error: ' "$TMP/out")" 7 "each reported once"
no_raw "$out" "pack check's messages hold no raw control character"

# Tabs, newlines and CRLF line ends are text, not controls.
mkdir -p "$TMP/crlf"
printf 'pack { id = "crlf", title = "T\\tab", version = "1.0.0", modules = { "m" } }\r\n' >"$TMP/crlf/pack.lua"
printf 'module { title = "M", minutes = 1, pass_mark = 0 }\r\npage { file "a.md" }\r\n' >"$TMP/crlf/m.lua"
printf '# A\r\n\r\nText.\r\n' >"$TMP/crlf/a.md"
"$VIGIL" pack check "$TMP/crlf" >"$TMP/out" 2>&1
is $? 0 "tabs and CRLF line ends pass"

# A refused pack is said to have errors, and nothing it holds is printed raw.
"$VIGIL" --packs "$TMP/packs" packs >"$TMP/out" 2>&1
is $? 1 "vigil packs: a pack with control characters has errors"
like "$(cat "$TMP/out")" "$c: has errors" "and says so"
no_raw "$(cat "$TMP/out")" "vigil packs prints no raw control character"
out=$(printf '\n\n\n' | "$VIGIL" pack play "$c" 2>&1)
no_raw "$out" "pack play of it prints no raw control character"
like "$out" "m.lua:2: error: control character U+009B (CSI)" "pack play refuses it at its line"
out=$(printf 'q\n' | "$VIGIL" --packs "$TMP/packs" take ctl m --learner r --name R 2>&1)
no_raw "$out" "take of it prints no raw control character"
like "$out" "pack 'ctl' has errors" "take refuses it"
"$VIGIL" pack test "$c" >"$TMP/out" 2>&1
no_raw "$(cat "$TMP/out")" "pack test of it prints no raw control character"

# Messages that quote what the author wrote are filtered too.
mkdir -p "$TMP/quote"
printf 'pack { id = "quote", title = "Q", version = "1.0.0", modules = { "m" },\n  ["ti\\27[2Jtle"] = "x" }\n' >"$TMP/quote/pack.lua"
printf 'module { title = "M", minutes = 1, pass_mark = 0 }\npage [[Hi.]]\n' >"$TMP/quote/m.lua"
"$VIGIL" pack check "$TMP/quote" >"$TMP/out" 2>&1
like "$(cat "$TMP/out")" "unknown field 'ti" "an unknown field with ESC in its name is reported"
no_raw "$(cat "$TMP/out")" "and its name is not printed raw"

# Text that pack code makes as it runs cannot be checked beforehand: an
# error a `when` raises is printed filtered.
mkdir -p "$TMP/runtime"
printf 'pack { id = "runtime", title = "R", version = "1.0.0", modules = { "m" } }\n' >"$TMP/runtime/pack.lua"
printf 'module { title = "M", minutes = 1, pass_mark = 0 }\npage [[Hi.]]\npage { when = function(state) error("boom" .. string.char(27) .. "]52;c;ZXZpbA==" .. string.char(7)) end, [[x]] }\nfinish [[End.]]\n' >"$TMP/runtime/m.lua"
"$VIGIL" pack check "$TMP/runtime" >/dev/null 2>&1
is $? 0 "a when whose error holds ESC passes pack check"
out=$(printf '\n\n\n' | "$VIGIL" pack play "$TMP/runtime" 2>&1)
like "$out" "m.lua:3: error: boom" "pack play reports the error at its line"
no_raw "$out" "and prints no raw control character"

# ---- nothing from the database reaches a terminal raw ---------------------
mkdir -p "$TMP/ok"
cp -R "$SRCDIR/tests/packs/example" "$TMP/ok/example"
chmod -R u+w "$TMP/ok"
"$VIGIL" learner add r1 --name "Ann" >/dev/null 2>&1
"$VIGIL" learner add "a${ESC}b" --name "Bob" >/dev/null 2>"$TMP/err"
like "$(cat "$TMP/err")" "control character" "learner add refuses ESC in a ref"
no_raw "$(cat "$TMP/err")" "and does not print it raw"
# The records may come from elsewhere (an older version, a hand edit).
out=$(printf 'q\n' | "$VIGIL" --packs "$TMP/ok" take example basics --learner r1 2>&1)
like "$out" "Saved." "an attempt is begun"
sql "$VIGIL_DB" "UPDATE learners SET name = 'Ann' || char(27) || ']52;c;ZXZpbA==' || char(7) || ' X', ref = 'r1' || char(27) || '[2J' WHERE ref = 'r1'" >/dev/null
sql "$VIGIL_DB" "UPDATE attempts SET module_title = 'Title' || char(27) || '[2J' || char(194, 155) || 'x'" >/dev/null
ref="r1${ESC}[2J"
out=$("$VIGIL" learner list 2>&1)
like "$out" "Ann" "learner list shows the learner"
no_raw "$out" "learner list: no raw control character from the database"
out=$("$VIGIL" records 2>&1)
like "$out" "basics" "records shows the attempt"
no_raw "$out" "records: no raw control character from the database"
out=$("$VIGIL" --packs "$TMP/ok" records --overdue 2>&1)
no_raw "$out" "records --overdue: no raw control character from the database"
out=$("$VIGIL" learner link "$ref" 2>&1)
like "$out" "This link signs in as" "learner link names the learner"
no_raw "$out" "learner link: no raw control character from the database"
out=$("$VIGIL" learner add "$ref" --name Ann 2>&1)
no_raw "$out" "an error naming the learner: no raw control character"
out=$(printf 'q\n' | "$VIGIL" --packs "$TMP/ok" take example basics --learner "$ref" 2>&1)
like "$out" "Carrying on attempt" "take carries on the attempt"
like "$out" "== Title" "under the module's title as recorded"
no_raw "$out" "take: no raw control character from the database"

# ---- module files and pack.lua that lead outside the pack -----------------
l="$TMP/links/lnk"
mkdir -p "$l" "$TMP/elsewhere"
printf 'pack { id = "lnk", title = "L", version = "1.0.0", modules = { "m", "in" } }\n' >"$l/pack.lua"
printf 'module { title = "Outside", minutes = 1, pass_mark = 0 }\npage [[Read from outside the pack.]]\n' >"$TMP/elsewhere/m.lua"
ln -s "$TMP/elsewhere/m.lua" "$l/m.lua"
mkdir -p "$l/sub"
printf 'module { title = "Inside", minutes = 1, pass_mark = 0 }\npage [[A link inside the pack.]]\n' >"$l/sub/real.lua"
ln -s sub/real.lua "$l/in.lua"
"$VIGIL" pack check "$l" >"$TMP/out" 2>&1
is $? 1 "a module file linked from outside the pack fails pack check"
like "$(cat "$TMP/out")" "$l/m.lua: error: the file leads outside the pack" "with its file named"
unlike "$(cat "$TMP/out")" "in.lua" "a link that stays inside the pack is allowed, like file's"
"$VIGIL" --packs "$TMP/links" packs >"$TMP/out" 2>&1
like "$(cat "$TMP/out")" "$l: has errors" "vigil packs does not list it"
unlike "$(cat "$TMP/out")" "Outside" "nor the linked module's title"
out=$(printf '\n\n' | "$VIGIL" --packs "$TMP/links" take lnk m --learner r2 --name R2 2>&1)
like "$out" "leads outside the pack" "take refuses it"
unlike "$out" "Read from outside" "and shows nothing of the file"
p="$TMP/links2/plnk"
mkdir -p "$p"
printf 'pack { id = "plnk", title = "P", version = "1.0.0", modules = { "m" } }\n' >"$TMP/elsewhere/pack.lua"
ln -s "$TMP/elsewhere/pack.lua" "$p/pack.lua"
printf 'module { title = "M", minutes = 1, pass_mark = 0 }\npage [[Hi.]]\n' >"$p/m.lua"
"$VIGIL" pack check "$p" >"$TMP/out" 2>&1
is $? 1 "a pack.lua linked from outside the pack fails pack check"
like "$(cat "$TMP/out")" "$p/pack.lua: error: the file leads outside the pack" "with its file named"
ln -s /etc/passwd "$p/m.lua.tmp" && mv "$p/m.lua.tmp" "$p/m.lua"
rm "$p/pack.lua"
printf 'pack { id = "plnk", title = "P", version = "1.0.0", modules = { "m" } }\n' >"$p/pack.lua"
"$VIGIL" pack check "$p" >"$TMP/out" 2>&1
like "$(cat "$TMP/out")" "$p/m.lua: error: the file leads outside the pack" "m.lua -> /etc/passwd is refused"
unlike "$(cat "$TMP/out")" "root" "and nothing of it is shown"

# ---- every mistake in one run -----------------------------------------------
m="$TMP/multi"
mkdir -p "$m"
cat >"$m/pack.lua" <<'LUA'
pack {
  id = "multi",
  title = "Several mistakes",
  version = "1.0",
  modules = { "one", "two", "three" },
}
LUA
cat >"$m/one.lua" <<'LUA'
module { title = "One", minutes = 5, pass_mark = 50 }

scene "start" {
  [[Where now?]],
  choice { "Hall", go = "hal" },
  choice { "Room", go = "room", score = 1 },
}

question "q" { type = "essay", [[Write.]] }

scene "room" {
  [[A room with no way out.]],
  choice { "Stay", go = "room" },
}

finish [[The end.]]
LUA
cat >"$m/two.lua" <<'LUA'
module { title = "Two", minutes = 5, pass_mark = 50 }

page { when = "yes", [[Maybe.]] }

question "t" { type = "truefalse", [[True?]], answer = true, score = 1 }

scene "loop" {
  [[Round and round.]],
  choice { "Again", go = "loop" },
}

finish [[Done.]]

page [[After the end.]]
LUA
cat >"$m/three.lua" <<'LUA'
module { title = "Three", minutes = 5, pass_mark = 50 }

scene "start" {
  [[Pick.]],
  choice { "On", go = "later" },
  choice { "Stuck", go = "stuck" },
}

scene "stuck" { [[Stuck.]], choice { "Again", go = "stuck" } }

scene "empty" { [[Nobody.]] }

page { file "missing.md" }

qeustion "later" { type = "truefalse", [[T?]], answer = true }

finish [[End.]]
LUA
"$VIGIL" pack check "$m" >"$TMP/out" 2>&1
is $? 1 "several mistakes: the check fails"
grep ': \(error\|warning\): ' "$TMP/out" | sed "s|^$m/||; s/: \(error\|warning\): .*/: \1/" >"$TMP/got"
cat >"$TMP/want" <<'EOF'
one.lua:5: error
one.lua:9: error
one.lua:9: error
one.lua:11: error
pack.lua:4: error
three.lua:9: error
three.lua:11: error
three.lua:13: error
three.lua:15: error
two.lua:3: error
two.lua:3: error
two.lua:5: error
two.lua:12: warning
EOF
diff -u "$TMP/want" "$TMP/got" >"$TMP/diff"
ok $? "every mistake of pack.lua and three modules, at its line, in one run"
sed 's/^/# /' "$TMP/diff" | head -30
out=$(cat "$TMP/out")
like "$out" "$m/one.lua:5: error: go = \"hal\": there is no step with that id" "a dangling go"
like "$out" "$m/one.lua:9: error: no plugin provides the question type 'essay'" "an unknown question type"
like "$out" "$m/one.lua:11: error: dead end: from the scene 'room'" "and, in the same module, a dead end"
like "$out" "$m/two.lua:3: error: dead end: from this page" "a dead end behind a broken when"
like "$out" "$m/two.lua:12: warning: this finish and the step after it can never be shown" "steps that can never be shown"
like "$out" "$m/three.lua:13: error: cannot read file 'missing.md'" "a missing file does not stop the module"
like "$out" "$m/three.lua:15: error: unknown global 'qeustion'" "a runtime error stops the module"
like "$out" "$m/three.lua:9: error: dead end: from the scene 'stuck'" "but what loaded before it is linted"
unlike "$out" "later" "a go to a step the stopped code never reached is not reported"
unlike "$out" "three.lua:11: error: dead end" "nor is a scene without choices a dead end too"
unlike "$(grep "^$m/one.lua" "$TMP/out")" "warning" "nor a step that a dangling go may lead to"
like "$(tail -n 1 "$TMP/out")" "1 pack checked: 12 errors, 1 warning" "the summary counts them all"

done_testing
