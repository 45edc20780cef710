#!/bin/bash
# The pack loader reports one FILE:LINE error per mistake, at the author's line.
. "$SRCDIR/tests/lib.sh"

dir="$SRCDIR/tests/packs/bad-fields"
"$VIGIL" pack check "$dir" >"$TMP/out" 2>&1
is $? 1 "a pack with mistakes fails the check"
errors=$(grep -c ': error: ' "$TMP/out")
expected=$(grep -c . "$dir/EXPECTED")
is "$errors" "$expected" "one error per mistake ($expected)"
while IFS= read -r want; do
	[ -n "$want" ] || continue
	where=${want%%: error: *}
	text=${want#*: error: }
	line=$(grep -F "$dir/$where: error: " "$TMP/out")
	like "$line" "$text" "$where: reports '$text'"
done <"$dir/EXPECTED"
like "$(tail -n 1 "$TMP/out")" "1 pack checked: $expected errors" "ends with a summary"
sorted=$(grep ': error: ' "$TMP/out" | sort -t: -k1,1 -k2,2n)
is "$(grep ': error: ' "$TMP/out")" "$sorted" "diagnostics are sorted by file and line"

out=$("$VIGIL" pack check "$SRCDIR/tests/packs/example" 2>&1)
ok $? "the example pack checks clean"
like "$out" "1 pack checked: 0 errors, 0 warnings" "with nothing to report"

# Suggestions for near misses.
mkdir -p "$TMP/p"
cat >"$TMP/p/pack.lua" <<'LUA'
pack { id = "p", title = "P", version = "1.0.0", modules = { "m" },
  sumary = [[typo]] }
LUA
cat >"$TMP/p/m.lua" <<'LUA'
module { title = "M", minutes = 5 }
scene "start" {
  [[Text]],
  choice { "A", go = "ned" },
}
page "end" -- a page given only a string is its text
LUA
out=$("$VIGIL" pack check "$TMP/p" 2>&1)
like "$out" "$TMP/p/pack.lua:2: error: unknown field 'sumary' in the pack (did you mean 'summary'?)" "suggests a near field name"
like "$out" "$TMP/p/m.lua:4: error: go = \"ned\": there is no step with that id" "names a missing go target at its line"

# Syntax errors point at the author's line.
printf 'module { title = "M", minutes = 5 }\npage [[x]]\npage {\n' >"$TMP/p/m.lua"
out=$("$VIGIL" pack check "$TMP/p" 2>&1)
like "$out" "$TMP/p/m.lua:3: error: the { here is never closed: the file ends first; add } where it should end" \
	"a syntax error names the file and the line of the mistake"

# file "x.md" reads a file of the pack; a link out of it is refused.
printf 'module { title = "M", minutes = 5 }\npage { file "t.md" }\n' >"$TMP/p/m.lua"
printf '# From a file\n' >"$TMP/p/t.md"
sed -i 's/sumary/summary/' "$TMP/p/pack.lua"
"$VIGIL" pack check "$TMP/p" >/dev/null 2>&1; ok $? "file reads a Markdown file of the pack"
ln -sf /etc/passwd "$TMP/p/t.md"
out=$("$VIGIL" pack check "$TMP/p" 2>&1)
like "$out" "$TMP/p/m.lua:2: error: file 't.md' leads outside the pack" "a symlink out of the pack is refused"

# Texts over the cap are refused with their line.
{ printf 'module { title = "M", minutes = 5 }\npage [[\n'; head -c 40000 /dev/zero | tr '\0' 'x'; printf '\n]]\n'; } >"$TMP/p/m.lua"
out=$("$VIGIL" pack check "$TMP/p" 2>&1)
like "$out" "$TMP/p/m.lua:2: error: a page is 40001 bytes" "a text over 32 KiB is refused at its line"
# A source's date must be a day of the calendar, not only look like one.
mkdir -p "$TMP/dates"
printf 'module { title = "M", minutes = 5 }\npage [[x]]\n' >"$TMP/dates/m.lua"
for day in 2024-02-31 2023-02-29 2024-04-31 2024-00-10; do
	cat >"$TMP/dates/pack.lua" <<LUA
pack { id = "dates", title = "D", version = "1.0.0", modules = { "m" },
  sources = {
    { title = "Guidance", date = "$day" },
  } }
LUA
	out=$("$VIGIL" pack check "$TMP/dates" 2>&1)
	like "$out" "$TMP/dates/pack.lua:3: error: a source's date must be YYYY-MM-DD, not '$day'" "the date $day is refused at its line"
done
sed -i 's/2024-00-10/2024-02-29/' "$TMP/dates/pack.lua"
"$VIGIL" pack check "$TMP/dates" >/dev/null 2>&1; ok $? "a leap day in a leap year is a date"

# Lua shortens long file names in its messages; the author still gets the
# whole name.
long="$TMP/a-folder-with-a-long-name-that-lua-would-shorten-in-its-messages"
mkdir -p "$long"
cp -R "$dir" "$long/"
out=$("$VIGIL" pack check "$long/bad-fields" 2>&1)
like "$out" "$long/bad-fields/typo.lua:7: error: unknown global 'qeustion'" "a long file name is given whole"
done_testing
