#!/bin/bash
# The roster (SPEC §1): learner add, import, list, show and forget, the
# checks that add and import share, and forget leaving no trace in the file.
. "$SRCDIR/tests/lib.sh"

packs="$SRCDIR/tests/packs"

# take_texts OUT REF MODULE ANSWER...: REF takes a module of the example
# pack, choosing options by their text.
take_texts() {
	local out=$1 ref=$2 module=$3
	shift 3
	drive_texts "$out" "$@" -- --packs "$packs" take example "$module" \
		--learner "$ref"
}

# json_get REF EXPR: evaluates the Python expression EXPR on the parsed
# output of `learner show REF` (as d) and prints the result.
json_get() {
	"$VIGIL" learner show "$1" | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(eval(sys.argv[1]))' "$2"
}

# ---- add, and the checks add and import share --------------------------

# An empty file is an empty database: list reads it (a missing one is an
# error, tests/t0030-store.sh).
: >"$VIGIL_DB"
out=$("$VIGIL" learner list 2>&1)
is $? 0 "list on an empty roster: exit 0"
like "$out" "No learners yet" "list on an empty roster says so"

out=$("$VIGIL" learner add E1 --name "Ann Lee" --email ann@school.example \
	--role Teacher 2>&1)
is $? 0 "add: exit 0"
is "$out" "added learner 'E1'" "add says what it added"
out=$("$VIGIL" learner add E1 --name "Someone Else" 2>&1)
is $? 1 "adding a ref again fails"
like "$out" "vigil: there is already a learner 'E1' (Ann Lee)" \
	"and says who has the ref"
is "$(json_get E1 'd["learner"]["name"]')" "Ann Lee" \
	"a failed add changes nothing"

out=$("$VIGIL" learner add E2 2>&1)
is $? 2 "add without --name is a usage error"
like "$out" "vigil: --name is required" "and says so"
out=$("$VIGIL" learner add --name X 2>&1)
is $? 2 "add without a ref is a usage error"
out=$("$VIGIL" learner add E2 --name X --nickname Y 2>&1)
is $? 2 "an unknown option is a usage error"
like "$out" "unknown option '--nickname'" "and names it"
out=$("$VIGIL" learner add E2 --name 2>&1)
is $? 2 "an option without its value is a usage error"
like "$out" "--name needs a value" "and says which"
out=$("$VIGIL" learner frobnicate 2>&1)
is $? 2 "an unknown subcommand is a usage error"
like "$out" "'frobnicate' is not a subcommand of vigil learner" "and names it"
out=$("$VIGIL" learner 2>&1)
is $? 2 "learner alone is a usage error"
like "$out" "vigil learner import FILE.csv" "and lists the subcommands"
out=$("$VIGIL" learner add --help 2>&1)
is $? 0 "learner add --help: exit 0"
like "$out" "learner add REF --name NAME [--email E] [--role R]" \
	"learner add --help shows how to add"
out=$("$VIGIL" learner --help 2>&1)
is $? 0 "learner --help: exit 0"
like "$out" "vigil learner forget REF" "learner --help lists the subcommands"

long=$(printf 'x%.0s' $(seq 201))
# bad_add WANT DESCRIPTION ARG...: add fails with exit 1 and message WANT.
bad_add() {
	local want=$1 what=$2 out st
	shift 2
	out=$("$VIGIL" learner add "$@" 2>&1)
	st=$?
	is "$st:$out" "1:vigil: $want" "$what"
}
bad_add "the ref is empty" "an empty ref" "" --name X
bad_add "the ref '${long:0:60}...' is longer than 200 bytes" \
	"a ref of 201 bytes" "$long" --name X
bad_add "the ref ' E2' starts or ends with a space" "a ref with a leading space" \
	" E2" --name X
bad_add "the ref 'E2 ' starts or ends with a space" \
	"a ref with a trailing space" "E2 " --name X
bad_add "the ref 'E\\n2' has a line break" "a ref with a line break" \
	$'E\n2' --name X
bad_add "the ref 'E\\x092' has a control character" "a ref with a tab" \
	$'E\t2' --name X
bad_add "the name is empty" "an empty name" E2 --name ""
bad_add "the name is empty" "a name of spaces" E2 --name "   "
bad_add "the name '${long:0:60}...' is longer than 200 bytes" \
	"a name of 201 bytes" E2 --name "$long"
bad_add "the name 'Ann\\xe9' is not UTF-8 text" "a name that is not UTF-8" \
	E2 --name $'Ann\xe9'
bad_add "the name 'A\\x1b[31mnn' has a control character" \
	"a name with an escape sequence, shown escaped" E2 --name $'A\e[31mnn'
bad_add "the name 'A\\u009bnn' has a control character" \
	"a name with a C1 control" E2 --name $'A\xc2\x9bnn'
bad_add "the name $(printf "'A\xe2\x80\xaennA'") has a control character" \
	"a name with a right-to-left override" E2 --name $'A\xe2\x80\xaennA'
bad_add "the email 'ann.school.example' has no @" "an email without @" \
	E2 --name X --email ann.school.example
bad_add "the email 'a@b@c' has more than one @" "an email with two @" \
	E2 --name X --email a@b@c
bad_add "the email '@b' has nothing before the @" "an email with nothing before @" \
	E2 --name X --email @b
bad_add "the email 'a@' has nothing after the @" "an email with nothing after @" \
	E2 --name X --email a@
bad_add "the email 'a b@c' has a space" "an email with a space" \
	E2 --name X --email "a b@c"
bad_add "the email '$(printf 'e%.0s' $(seq 60))...' is longer than 254 bytes" \
	"an email of 255 bytes" E2 --name X \
	--email "$(printf 'e%.0s' $(seq 245))@x.example"
bad_add "the role 'Head\\nTeacher' has a line break" "a role with a line break" \
	E2 --name X --role $'Head\nTeacher'
bad_add "the role '${long:0:60}...' is longer than 100 bytes" \
	"a role of 101 bytes" E2 --name X --role "${long:0:101}"
out=$("$VIGIL" learner add E3 --name $'Two\nLines' --email "" 2>&1)
is "$?:$out" "0:added learner 'E3'" "a name may hold a line break; an empty email is none"
is "$(json_get E3 'd["learner"]["name"] + "|" + str(d["learner"]["email"])')" \
	$'Two\nLines|None' "the line break is kept, the email is null"
out=$("$VIGIL" learner add 'x@school.example' --name 'Émile Zola' 2>&1)
is $? 0 "an email as the ref, and a name beyond ASCII"
"$VIGIL" learner forget E3 >/dev/null
"$VIGIL" learner forget x@school.example >/dev/null

# ---- import --------------------------------------------------------------

# A spreadsheet's export: byte order mark, CRLF, the header in another order
# and case, a quoted name over two lines, a blank line and a blank row.
printf '\xef\xbb\xbfName, REF ,Role,email\r\n' >"$TMP/good.csv"
printf '"=HYPERLINK(""http://x"")",T1,Teacher,t1@school.example\r\n' >>"$TMP/good.csv"
printf '@SUM(1),T2,,\r\n' >>"$TMP/good.csv"
printf -- '-2+3,T3,Cook,\r\n' >>"$TMP/good.csv"
printf '"Si\xc3\xa2n O'"'"'Brien-Jones, ""Jo""",T4,Teaching assistant,jo@school.example\r\n' >>"$TMP/good.csv"
printf '"Line one\r\nLine two",T5,,t5@school.example\r\n' >>"$TMP/good.csv"
printf '+44 Plus,T6,,\r\n' >>"$TMP/good.csv"
printf 'Ann Lee,E1,Teacher,ann@school.example\r\n\r\n,,,\r\n' >>"$TMP/good.csv"
out=$("$VIGIL" learner import "$TMP/good.csv" 2>&1)
is $? 0 "import of a good file: exit 0"
is "$out" "imported 7 learners: 6 added, 0 updated, 1 unchanged" \
	"import counts what it added, updated and left alone"

names=(
	'=HYPERLINK("http://x")'
	'@SUM(1)'
	'-2+3'
	"Siân O'Brien-Jones, \"Jo\""
	$'Line one\nLine two'
	'+44 Plus'
)
for i in 1 2 3 4 5 6; do
	is "$(json_get T$i 'd["learner"]["name"]')" "${names[$((i - 1))]}" \
		"name T$i is stored exactly as written"
done
is "$(json_get T4 'd["learner"]["role"] + "|" + d["learner"]["email"]')" \
	"Teaching assistant|jo@school.example" "role and email are stored"
is "$(json_get T2 'str(d["learner"]["role"]) + "|" + str(d["learner"]["email"])')" \
	"None|None" "empty role and email cells are none"

# list: one line per learner, a line break shown as ⏎.
out=$("$VIGIL" learner list)
is "$(printf '%s\n' "$out" | wc -l)" 8 "list: a header and one line per learner"
like "$(printf '%s\n' "$out" | head -n 1)" "REF  NAME" "list starts with a header"
like "$out" "T5   Line one⏎Line two         t5@school.example   -" \
	"list shows a line break as ⏎ and a missing role as -"
like "$out" "T4   Siân O'Brien-Jones, \"Jo\"  jo@school.example   Teaching assistant" \
	"columns line up, counting characters rather than bytes"

# Several bad rows: each is reported with its line, and nothing is imported.
before=$("$VIGIL" learner list)
{
	printf 'ref,name,email\n'
	printf 'B1,Bea,bea@x.example\n'
	printf 'B2,Bob,bob-at-x\n'
	printf 'B3,"Multi\nline",b3@x.example\n'
	printf 'B4,Too,many,fields\n'
	printf 'B5,Stray "quote",\n'
	printf 'B1,Bea again,\n'
	printf ',No ref,\n'
	printf 'T1,New name for T1,\n'
	printf 'B7,"Bad\033name",\n'
	printf 'B8,"never closed\nmore\n'
} >"$TMP/bad.csv"
out=$(cd "$TMP" && "$VIGIL" learner import bad.csv 2>&1)
is $? 1 "import of a file with bad rows: exit 1"
is "$out" "bad.csv:3: error: the email 'bob-at-x' has no @
bad.csv:6: error: this row has 4 fields but the first line names 3 columns
bad.csv:7: error: a quote in column 10 inside a field that does not start with one; put the whole field in quotes and write each quote twice
bad.csv:8: error: the ref 'B1' is also on line 2
bad.csv:9: error: the ref is empty
bad.csv:11: error: the name 'Bad\\x1bname' has a control character
bad.csv:12: error: the quoted field that starts in column 4 is never closed
vigil: nothing was imported: 7 errors in 'bad.csv'" \
	"every bad row is reported at its line, in order, then nothing is imported"
is "$("$VIGIL" learner list)" "$before" "after a failed import the roster is unchanged"

# bad_import WANT DESCRIPTION: import of $TMP/x.csv fails with WANT.
bad_import() {
	local out st
	out=$(cd "$TMP" && "$VIGIL" learner import x.csv 2>&1)
	st=$?
	like "$out" "$1" "$2"
	like "$st:$out" "1:" "$2: exit 1"
}
printf 'ref,name,nickname,Name\n' >"$TMP/x.csv"
bad_import "x.csv:1: error: unknown column 'nickname'; the columns are ref, name, email, role, groups and start" \
	"an unknown column is an error on line 1"
bad_import "x.csv:1: error: the column 'name' is named twice" \
	"a repeated column is an error on line 1"
printf 'name,email\nAnn,a@b\n' >"$TMP/x.csv"
bad_import "x.csv:1: error: there is no 'ref' column" "the ref column is required"
printf 'ref,email\n' >"$TMP/x.csv"
bad_import "x.csv:1: error: there is no 'name' column" "the name column is required"
printf 'ref,name,\n' >"$TMP/x.csv"
bad_import "x.csv:1: error: column 3 has no name" "a column without a name"
: >"$TMP/x.csv"
bad_import "x.csv: error: the file is empty" "an empty file"
printf 'ref,name\nL1,Si\xe2n\n' >"$TMP/x.csv"
bad_import "x.csv:2: error: text that is not UTF-8 in column 6; save the file as \"CSV UTF-8\"" \
	"a file that is not UTF-8 (Latin-1)"
printf 'ref,name\nL1,A\0B\n' >"$TMP/x.csv"
bad_import "x.csv:2: error: a NUL byte in column 5" "a NUL byte"
printf 'ref,name\n"L1"x,Ann\n' >"$TMP/x.csv"
bad_import "x.csv:2: error: text after the closing quote of a field in column 5" \
	"text after a closing quote"
out=$("$VIGIL" learner import "$TMP/missing.csv" 2>&1)
is "$?" 1 "a missing file: exit 1"
like "$out" "vigil: cannot read '$TMP/missing.csv': No such file or directory" \
	"a missing file is named"
truncate -s 17M "$TMP/big.csv"
out=$("$VIGIL" learner import "$TMP/big.csv" 2>&1)
is "$?:$out" "1:vigil: '$TMP/big.csv' is larger than 16 MiB; is it the staff list?" \
	"a file over 16 MiB is refused"
out=$("$VIGIL" learner import 2>&1)
is $? 2 "import without a file is a usage error"
is "$("$VIGIL" learner list)" "$before" "after all that the roster is unchanged"

# Re-import updates by ref; a column left out keeps what is recorded, an
# empty cell clears it.
printf 'ref,name\nT6,Plus Six\nT1,"=HYPERLINK(""http://x"")"\n' >"$TMP/re.csv"
out=$("$VIGIL" learner import "$TMP/re.csv" 2>&1)
is "$out" "imported 2 learners: 0 added, 1 updated, 1 unchanged" \
	"re-import updates a changed learner and leaves the same alone"
is "$(json_get T6 'd["learner"]["name"]')" "Plus Six" "the new name is stored"
is "$(json_get T1 'd["learner"]["email"] + "|" + d["learner"]["role"]')" \
	"t1@school.example|Teacher" "columns left out keep what is recorded"
printf 'ref,name,email,role\nT1,"=HYPERLINK(""http://x"")",,\n' >"$TMP/re.csv"
out=$("$VIGIL" learner import "$TMP/re.csv" 2>&1)
is "$out" "imported 1 learner: 0 added, 1 updated, 0 unchanged" \
	"one learner is one learner"
is "$(json_get T1 'str(d["learner"]["email"]) + "|" + str(d["learner"]["role"])')" \
	"None|None" "empty cells clear email and role"
printf 'ref,name\nT6,+44 Plus\n' >"$TMP/re.csv"
"$VIGIL" learner import "$TMP/re.csv" >/dev/null

# ---- show ----------------------------------------------------------------

out=$("$VIGIL" learner show NOPE 2>&1)
is "$?:$out" "1:vigil: no learner 'NOPE'" "show of an unknown ref fails and says so"
out=$("$VIGIL" learner show 2>&1)
is $? 2 "show without a ref is a usage error"

# Attempts: each tricky name takes the short module; T4 also takes the
# main one, typing a reflection.
short=("${SHORT_RIGHT[@]}")
for i in 1 2 3 4 5 6; do
	take_texts "$TMP/take$i" "T$i" short "${short[@]}"
	ok $? "T$i passes the short module"
done
reflection="Forget-me reflection words 7781"
right=("${BASICS_RIGHT[@]}")
take_texts "$TMP/take4b" T4 basics "${right[@]:0:5}" "$reflection"
ok $? "T4 passes the main module"
take_texts "$TMP/take1b" T1 basics "${right[@]:0:5}" "Keep-me reflection words 5512"
ok $? "T1 passes the main module too"

"$VIGIL" learner show T4 >"$TMP/show.json"
is $? 0 "show: exit 0"
python3 - "$TMP/show.json" "$reflection" <<'PY' >"$TMP/show.check"
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
l = d["learner"]
assert l["ref"] == "T4" and l["name"] == "Siân O'Brien-Jones, \"Jo\"", l
assert l["email"] == "jo@school.example" and l["added"], l
a = d["attempts"]
assert [x["module"] for x in a] == ["short", "basics"], a
for x in a:
    for k in ("id", "uuid", "statement_id", "pack", "pack_title",
              "pack_version", "pack_hash", "module", "module_title", "seed",
              "status", "started", "ended", "score", "max", "percent",
              "pass_mark", "minutes", "expires", "certificate", "answers"):
        assert k in x, k
    assert x["status"] == "passed" and x["certificate"], x
    assert int(x["seed"]) >= 0
short, basics = a
assert [s["step"] for s in short["answers"]][-2:] == ["record", "opinion"], short
assert sum(s["points"] for s in basics["answers"]) == basics["score"] == 9
assert basics["answers"][-1]["input"] == sys.argv[2], basics["answers"][-1]
assert all(s["at"] >= x["started"] for x in a for s in x["answers"]), a
print("ok")
PY
is "$(cat "$TMP/show.check")" "ok" \
	"show prints the learner, every attempt with every field, and every answer"
like "$(cat "$TMP/show.json")" "Siân" "show writes UTF-8, not \\u escapes"

# ---- export round trip -----------------------------------------------------

"$VIGIL" export --format csv --out "$TMP/export.csv" 2>"$TMP/export.err"
is $? 0 "export --format csv: exit 0"
python3 - "$TMP/export.csv" "${names[@]}" <<'PY' >"$TMP/export.check"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
got = {r["learner_ref"]: r["learner_name"] for r in rows}
for i, name in enumerate(sys.argv[2:], 1):
    want = "'" + name if name[0] in "=+-@\t\r\n" else name
    print("T%d %s" % (i, "ok" if got.get("T%d" % i) == want
                      else "got %r want %r" % (got.get("T%d" % i), want)))
PY
for i in 1 2 3 4 5 6; do
	is "$(sed -n "${i}p" "$TMP/export.check")" "T$i ok" \
		"name T$i reads back from the CSV export as literal text"
done

# ---- forget --------------------------------------------------------------

out=$("$VIGIL" learner forget NOPE 2>&1)
is "$?:$out" "1:vigil: no learner 'NOPE'" "forget of an unknown ref fails and says so"
out=$("$VIGIL" learner forget 2>&1)
is $? 2 "forget without a ref is a usage error"
cert=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["attempts"][1]["certificate"])' "$TMP/show.json")
out=$("$VIGIL" verify "$cert" 2>&1)
is $? 0 "before forget, T4's certificate verifies"

"$VIGIL" learner add FORGET-ME-4471 --name "Zebedee Quux-Forgettable" \
	--email zebedee.quux@forget.example --role "Forgettable role" >/dev/null
take_texts "$TMP/take-f" FORGET-ME-4471 basics "${right[@]:0:5}" "$reflection"
ok $? "the learner to forget takes a module"
# counts REF: "A attempts, N answers, C certificates" as learner show has them.
counts() {
	"$VIGIL" learner show "$1" | python3 -c '
import json, sys
a = json.load(sys.stdin)["attempts"]
n = sum(len(x["answers"]) for x in a)
c = sum(1 for x in a if x["certificate"])
print("%d attempt%s, %d answer%s, %d certificate%s" % (len(a),
      "" if len(a) == 1 else "s", n, "" if n == 1 else "s", c,
      "" if c == 1 else "s"))'
}
# found S: how many times S is in the database files, byte for byte.
found() {
	local n=0 f
	for f in "$VIGIL_DB" "$VIGIL_DB-wal" "$VIGIL_DB-journal"; do
		[ -e "$f" ] || continue
		n=$((n + $(LC_ALL=C grep -c -a -F -- "$1" "$f")))
	done
	echo "$n"
}
[ "$(found "$reflection")" -gt 0 ] && [ "$(found "Zebedee")" -gt 0 ]
ok $? "before forget, the search finds their name and reflection in the files"
want=$(counts FORGET-ME-4471)
like "$want" "1 attempt, " "the learner to forget has one attempt"
out=$("$VIGIL" learner forget FORGET-ME-4471 2>&1)
is "$?:$out" "0:forgot learner 'FORGET-ME-4471': $want" \
	"forget says what it removed"
want=$(counts T4)
like "$want" "2 attempts, " "T4 has two attempts"
out=$("$VIGIL" learner forget T4 2>&1)
is "$?:$out" "0:forgot learner 'T4': $want" \
	"forget counts every attempt, answer and certificate"
out=$("$VIGIL" learner show T4 2>&1)
is $? 1 "a forgotten learner is gone"
out=$("$VIGIL" verify "$cert" 2>&1)
is $? 1 "a forgotten learner's certificate no longer verifies"
out=$("$VIGIL" learner list)
unlike "$out" "T4" "list no longer shows them"
like "$out" "T1" "the others are still listed"

# No trace in the database file or beside it (the write-ahead log), byte by
# byte: not the name, ref, email, role, nor the reflection they typed.
for s in "O'Brien-Jones" "jo@school.example" "Teaching assistant" \
	"$reflection" "FORGET-ME-4471" "Zebedee" "zebedee.quux@forget.example" \
	"Forgettable role" "$cert"; do
	is "$(found "$s")" 0 "no trace of '$s' in the database files"
done
for s in "Keep-me reflection words 5512" "ann@school.example" "@SUM(1)"; do
	[ "$(found "$s")" -gt 0 ]
	ok $? "another learner's '$s' is still in the database"
done
is "$(sqlite3 "$VIGIL_DB" 'PRAGMA integrity_check' 2>&1)" "ok" \
	"the database passes integrity_check after forget"
done_testing
