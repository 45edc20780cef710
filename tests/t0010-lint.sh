#!/bin/bash
# `vigil pack check` lint: every lint the author tools promise, each at its
# exact FILE:LINE, plus --strict and --format json.
. "$SRCDIR/tests/lib.sh"

# expect_exactly DIR: the diagnostics for DIR are exactly DIR/EXPECTED.
expect_exactly() {
	local dir=$1 name
	name=$(basename "$dir")
	"$VIGIL" pack check "$dir" >"$TMP/out" 2>&1
	is $? 1 "$name: the check fails"
	grep ': \(error\|warning\): ' "$TMP/out" | sed "s|^$dir/||" >"$TMP/got"
	diff -u "$dir/EXPECTED" "$TMP/got" >"$TMP/diff"
	ok $? "$name: exactly the diagnostics in EXPECTED, at their lines"
	sed 's/^/# /' "$TMP/diff" | head -20
}

shape="$SRCDIR/tests/packs/lint-shape"
answers="$SRCDIR/tests/packs/lint-answers"
bad="$SRCDIR/tests/packs/bad-fields"
expect_exactly "$shape"
expect_exactly "$answers"
like "$(tail -n 1 "$TMP/out")" "1 pack checked: 5 errors, 0 warnings" "the summary counts them"

# Each lint of the author tools, with the fixture and line that shows it.
# (WHERE is FILE:LINE inside tests/packs; WHAT is part of the message.)
lints=(
	"go to a step that does not exist, with a suggestion|lint-answers/answers.lua:5: error: |(did you mean 'corridor'?)"
	"duplicate step ids|bad-fields/steps.lua:25: error: |twice"
	"steps no path can reach|lint-shape/unreachable.lua:8: warning: |can never be shown"
	"a step after the finish|lint-shape/unreachable.lua:19: warning: |can never be shown"
	"a dead end|lint-shape/dead-end.lua:9: error: |dead end"
	"a loop with no way out|lint-shape/loop.lua:3: error: |it only leads to 'stairs'"
	"a question type no plugin provides|bad-fields/steps.lua:29: error: |no plugin provides the question type 'essay'"
	"no right option (single)|lint-answers/answers.lua:8: error: |exactly one right option, found 0"
	"no right option (multiple)|lint-answers/answers.lua:10: error: |at least one right option, found none"
	"two right options (single)|bad-fields/steps.lua:31: error: |right"
	"an order with one item|lint-answers/answers.lua:12: error: |at least two items"
	"pass_mark out of range|bad-fields/header.lua:5: error: |pass_mark"
	"a pass_mark that means nothing|lint-shape/no-points.lua:1: warning: |no step gives points"
	"a missing file|bad-fields/file-missing.lua:7: error: |missing.md"
	"an unsafe file|bad-fields/file-escape.lua:7: error: |.."
	"a module listed but missing|bad-fields/pack.lua:25: error: |not-there"
	"a module file not listed|lint-shape/extra.lua:1: warning: |is not listed in pack.lua"
	"a version that is not semantic|bad-fields/pack.lua:8: error: |version"
)
"$VIGIL" pack check "$shape" "$answers" "$bad" >"$TMP/all" 2>&1
for l in "${lints[@]}"; do
	what=${l%%|*}
	rest=${l#*|}
	where=${rest%%|*}
	text=${rest#*|}
	line=$(grep -F "$SRCDIR/tests/packs/$where" "$TMP/all")
	like "$line" "$text" "$what: at ${where%%: *}"
done
like "$(tail -n 1 "$TMP/all")" "3 packs checked:" "several packs in one run"
sorted=$(grep ': \(error\|warning\): ' "$TMP/all" | sort -t: -s -k1,1 -k2,2n)
is "$(grep ': \(error\|warning\): ' "$TMP/all")" "$sorted" "sorted by file and line"

# A text over the size cap, at its line.
mkdir -p "$TMP/big"
printf 'pack { id = "big", title = "B", version = "1.0.0", modules = { "m" } }\n' >"$TMP/big/pack.lua"
{ printf 'module { title = "M", minutes = 5 }\n\npage [[\n'; head -c 40000 /dev/zero | tr '\0' x; printf '\n]]\n'; } >"$TMP/big/m.lua"
like "$("$VIGIL" pack check "$TMP/big" 2>&1)" "$TMP/big/m.lua:3: error: " "a text over the size cap, at its line"

# A pack whose folder is not named after its id cannot be taken by id.
mkdir -p "$TMP/old-name"
printf 'pack {
  title = "T",
  id = "new-name",
  version = "1.0.0",
  modules = { "m" },
}
' >"$TMP/old-name/pack.lua"
printf 'module { title = "M", minutes = 5, pass_mark = 0 }
page [[Hello.]]
' >"$TMP/old-name/m.lua"
like "$("$VIGIL" pack check "$TMP/old-name" 2>&1)" \
	"$TMP/old-name/pack.lua:3: warning: the pack's id is 'new-name' but its folder is named 'old-name'" \
	"a folder not named after the id, at the id's line"

# No cascades: a module with errors is linted on what did load, and its
# mistakes add no follow-on errors or warnings.
"$VIGIL" pack check "$bad" >"$TMP/out" 2>&1
like "$(tail -n 1 "$TMP/out")" "29 errors, 0 warnings" "a broken module gives its own errors and nothing more"

# A `when` may skip a step: that is not a dead end.
"$VIGIL" pack check "$shape" 2>&1 | grep -q when-ok.lua
ok $((!$?)) "a step behind a when is neither unreachable nor a dead end"

# --strict: warnings fail too.
mkdir -p "$TMP/warn"
printf 'pack { id = "warn", title = "W", version = "1.0.0", modules = { "m" } }\n' >"$TMP/warn/pack.lua"
printf 'module { title = "M", minutes = 5 }\nquestion "q" { type = "truefalse", [[True?]], answer = true }\nfinish [[End.]]\npage [[Never shown.]]\n' >"$TMP/warn/m.lua"
"$VIGIL" pack check "$TMP/warn" >"$TMP/out" 2>&1
is $? 0 "warnings alone pass the check"
like "$(cat "$TMP/out")" "$TMP/warn/m.lua:4: warning: this page can never be shown" "and are shown"
"$VIGIL" pack check --strict "$TMP/warn" >"$TMP/out" 2>&1
is $? 1 "--strict: warnings fail"
like "$(tail -n 1 "$TMP/out")" "0 errors, 1 warning (--strict: warnings fail)" "and the summary says why"
"$VIGIL" pack check --strict "$SRCDIR/tests/packs/example" >/dev/null 2>&1
is $? 0 "the example pack passes --strict"

# --format json, for editors and CI.
"$VIGIL" pack check --format json "$shape" >"$TMP/json" 2>"$TMP/err"
is $? 1 "--format json: the same exit status"
is "$(cat "$TMP/err")" "" "--format json: nothing on stderr"
python3 - "$TMP/json" "$shape" <<'PY' >"$TMP/json.check"
import json, sys
d = json.load(open(sys.argv[1]))
want = [l.rstrip("\n") for l in open(sys.argv[2] + "/EXPECTED")]
got = ["%s:%d: %s: %s" % (x["file"][len(sys.argv[2]) + 1:], x["line"],
                           x["severity"], x["message"]) for x in d["diagnostics"]]
assert got == want, (got, want)
assert set(d) == {"diagnostics", "packs", "errors", "warnings", "passed"}, d
assert (d["packs"], d["errors"], d["warnings"], d["passed"]) == (1, 2, 5, False), d
print("ok")
PY
is "$(cat "$TMP/json.check")" ok "--format json: every diagnostic with file, line, severity, message"
"$VIGIL" pack check --format json --strict "$TMP/warn" >"$TMP/json" 2>/dev/null
is $? 1 "--format json --strict fails on a warning"
is "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["passed"])' "$TMP/json")" False \
	"and says it did not pass"
"$VIGIL" pack check --format xml "$shape" >/dev/null 2>"$TMP/err"
is $? 2 "an unknown --format is a usage error"
like "$(cat "$TMP/err")" "--format is text or json, not 'xml'" "that names the choices"

# A plain finish that congratulates is read by learners who did not pass
# too (SPEC §2): a warning, which finish { passed, not_passed } answers.
mkdir -p "$TMP/praise"
printf 'pack { id = "praise", title = "P", version = "1.0.0", modules = { "m" } }\n' \
	>"$TMP/praise/pack.lua"
printf 'module { title = "P", minutes = 1 }\nquestion "q" { type = "truefalse", [[T]], answer = true }\nfinish [[\n## Well Done!\n]]\n' \
	>"$TMP/praise/m.lua"
out=$("$VIGIL" pack check "$TMP/praise" 2>&1)
like "$out" "m.lua:3: warning: this finish says \"well done\" to everyone, also to a learner who did not pass" \
	"a plain finish that says well done is a warning at its line"
printf 'module { title = "P", minutes = 1 }\nquestion "q" { type = "truefalse", [[T]], answer = true }\nfinish { passed = [[Well done!]], not_passed = [[Try again.]] }\n' \
	>"$TMP/praise/m.lua"
"$VIGIL" pack check --strict "$TMP/praise" >/dev/null 2>&1
is $? 0 "a finish with a text for each outcome is not"

done_testing
