#!/bin/bash
# Exporting the records through exporter plugins: CSV that is safe in a
# spreadsheet, JSON with the answers, valid xAPI 1.0.3 with stable ids
# (SPEC §3, SECURITY.md "Exports", doc/exports.md).
. "$SRCDIR/tests/lib.sh"

mkdir -p "$TMP/packs"
cp -R "$SRCDIR/tests/packs/example" "$TMP/packs/example"
cp -R "$SRCDIR/tests/packs/example" "$TMP/packs/other-pack"
chmod -R u+w "$TMP/packs"
sed -i 's/id = "example"/id = "other-pack"/; s/title = "Listening when[^"]*"/title = "Another pack"/' \
	"$TMP/packs/other-pack/pack.lua"
P=(--packs "$TMP/packs")
CHECK="$SRCDIR/tests/xapi-check.py"

right=("${BASICS_RIGHT[@]}")
wrong_first=("Ask Jordan why they didn't tell anyone sooner" "Go back and try again"
	"${right[@]}")

# take_at DAY REF MODULE-ARGS... -- ANSWER...: takes a module on DAY.
take_at() {
	local day=$1 ref=$2 pack=$3 module=$4
	shift 4
	VIGIL_NOW=$day drive_texts "$TMP/take.out" "$@" -- "${P[@]}" take \
		"$pack" "$module" --learner "$ref"
}

# The staff, with names that spreadsheets would run as formulas, quotes,
# commas, an accent and a line break, imported from a CSV file as a school
# would.
python3 - "$TMP/staff.csv" <<'PY'
import csv, sys
rows = [
    ("ref", "name", "email", "role"),
    ("T1", '=HYPERLINK("http://x")', "t1@school.example", "+Teacher"),
    ("T2", "@SUM(1)", "", "@Head"),
    ("T3", "-2+3", "", "-"),
    ("T4", "Siân O'Brien-Jones, \"Jo\"", "sian@school.example", "Teaching assistant"),
    ("T5", "First line\nsecond line", "", ""),
    ("T6", "Plain Name", "", ""),
]
with open(sys.argv[1], "w", newline="", encoding="utf-8") as f:
    csv.writer(f).writerows(rows)
PY
"$VIGIL" learner import "$TMP/staff.csv" >"$TMP/out" 2>&1
ok $? "the staff are imported ($(head -c 200 "$TMP/out"))"

take_at 2024-03-01 T1 example basics "${right[@]}"
is $? 0 "T1 passes"
take_at 2024-04-01 T2 example basics "${wrong_first[@]}"
is $? 1 "T2 does not pass"
printf '\n' | VIGIL_NOW=2024-05-01 "$VIGIL" "${P[@]}" take example basics \
	--learner T3 >/dev/null 2>&1
is $? 1 "T3 stops early: an attempt in progress"
take_at 2024-05-02 T4 example basics "${right[@]}"
is $? 0 "T4 passes"
take_at 2024-05-03 T5 other-pack short \
	"What the pupil said, in their own words" "False"
is $? 0 "T5 passes a module of another pack"
take_at 2024-05-04 T6 example basics "${right[@]}"
is $? 0 "T6 passes"

# --- CSV ------------------------------------------------------------------

"$VIGIL" export --format csv >"$TMP/all.csv" 2>"$TMP/err"
is $? 0 "export --format csv: exit 0"
is "$(cat "$TMP/err")" "" "and nothing on stderr"

# Read it back as a spreadsheet program would, independently of vigil.
python3 - "$TMP/all.csv" "$SRCDIR/doc/exports.md" >"$TMP/check" 2>&1 <<'PY'
import csv, io, re, sys
raw = open(sys.argv[1], "rb").read()
doc = open(sys.argv[2], encoding="utf-8").read()
problems = []
def bad(m): problems.append(m)

if not raw.startswith(b"\xef\xbb\xbf"):
    bad("no UTF-8 byte-order mark")
text = raw.decode("utf-8-sig")
# RFC 4180 with every field quoted: the whole file is quoted fields,
# separated by commas, each record ended by CRLF.
field = r'"(?:[^"]|"")*"'
if not re.fullmatch(r"(?:%s(?:,%s)*\r\n)+" % (field, field), text, re.S):
    bad("not every field is quoted, or a record does not end in CRLF")
rows = list(csv.reader(io.StringIO(text, newline="")))

# The columns are those documented, in the documented order.
section = doc.split("## CSV", 1)[1].split("\n## ", 1)[0]
documented = re.findall(r"^\| `([a-z_]+)` \|", section, re.M)
if rows[0] != documented:
    bad("header %r is not the documented %r" % (rows[0], documented))
if len(documented) != 20:
    bad("expected 20 documented columns, found %d" % len(documented))
h = {name: i for i, name in enumerate(rows[0])}
by_ref = {r[h["learner_ref"]]: r for r in rows[1:]}
if any(len(r) != len(rows[0]) for r in rows):
    bad("a row has the wrong number of fields")

# Literal text: dangerous first characters defused with ', the rest exact.
want = {
    "T1": ("'=HYPERLINK(\"http://x\")", "t1@school.example", "'+Teacher"),
    "T2": ("'@SUM(1)", "", "'@Head"),
    "T3": ("'-2+3", "", "'-"),
    "T4": ("Siân O'Brien-Jones, \"Jo\"", "sian@school.example",
           "Teaching assistant"),
    "T5": ("First line\nsecond line", "", ""),
    "T6": ("Plain Name", "", ""),
}
for ref, (name, email, role) in want.items():
    r = by_ref.get(ref)
    if not r:
        bad("no row for " + ref)
        continue
    got = (r[h["learner_name"]], r[h["learner_email"]], r[h["learner_role"]])
    if got != (name, email, role):
        bad("%s: %r, wanted %r" % (ref, got, (name, email, role)))
    for i, v in enumerate(r):
        if v[:1] in ("=", "+", "-", "@", "\t", "\r", "\n", "\0"):
            bad("%s: field %s starts with %r" % (ref, rows[0][i], v[:1]))

def cols(ref, *names):
    return tuple(by_ref[ref][h[n]] for n in names)
checks = [
    (cols("T1", "status", "score", "max", "percent", "pass_mark", "expires",
          "pack", "module", "started", "cpd_minutes"),
     ("passed", "9", "9", "100", "80", "2025-03-01", "example", "basics",
      "2024-03-01T00:00:00Z", "20")),
    (cols("T2", "status", "score", "percent", "certificate", "expires",
          "cpd_minutes"),
     ("not passed", "7", "77", "", "", "0")),
    (cols("T3", "status", "ended", "score", "max", "percent", "pass_mark",
          "cpd_minutes", "expires", "certificate"),
     ("in progress", "", "", "", "", "", "", "", "")),
    (cols("T5", "pack", "pack_version", "module", "module_title", "status"),
     ("other-pack", "1.2.0", "short", "Writing it down", "passed")),
]
for got, wanted in checks:
    if got != wanted:
        bad("%r, wanted %r" % (got, wanted))
if not re.fullmatch(r"[0-9a-f]{64}", by_ref["T1"][h["pack_hash"]]):
    bad("pack_hash is not 64 hex digits")
if not re.fullmatch(r"\w{4}-\w{4}-\w{4}", by_ref["T1"][h["certificate"]]):
    bad("no certificate code for a pass")
if [r[h["learner_ref"]] for r in rows[1:]] != ["T1", "T2", "T3", "T4", "T5", "T6"]:
    bad("not oldest first")
print("\n".join(problems) or "csv ok")
PY
is "$(cat "$TMP/check")" "csv ok" "CSV: BOM, CRLF, all quoted, documented columns, literal text"

# --- JSON -----------------------------------------------------------------

"$VIGIL" export --format json >"$TMP/all.json" 2>"$TMP/err"
is $? 0 "export --format json: exit 0"
python3 - "$TMP/all.json" "$SRCDIR/doc/exports.md" >"$TMP/check" 2>&1 <<'PY'
import json, re, sys
data = json.load(open(sys.argv[1], encoding="utf-8"))
doc = open(sys.argv[2], encoding="utf-8").read()
problems = []
def bad(m): problems.append(m)
section = doc.split("## JSON", 1)[1].split("\n## ", 1)[0]
documented = set(re.findall(r"^\| `([a-z_.\[\]]+)` \|", section, re.M))
def flat(o, prefix=""):
    keys = set()
    for k, v in o.items():
        if isinstance(v, dict):
            keys |= flat(v, prefix + k + ".")
            continue
        keys.add(prefix + k)
        if isinstance(v, list):
            for x in v:
                keys |= flat(x, prefix + k + "[].")
    return keys
by_ref = {a["learner"]["ref"]: a for a in data}
if len(data) != 6:
    bad("%d attempts, wanted 6" % len(data))
for a in data:
    if flat(a) - documented or (documented - flat(a) and a["answers"]):
        bad("fields %r are not those documented %r" % (sorted(flat(a)),
                                                        sorted(documented)))
t1, t3 = by_ref["T1"], by_ref["T3"]
if t1["learner"]["name"] != '=HYPERLINK("http://x")':
    bad("JSON changed a name: %r" % t1["learner"]["name"])
if by_ref["T5"]["learner"]["name"] != "First line\nsecond line":
    bad("the line break was lost")
if len(t1["answers"]) != 8 or t1["answers"][-1]["input"] != \
        "I can't keep this a secret, but I will listen and I will help.":
    bad("T1's answers: %r" % t1["answers"])
if sum(x["points"] for x in t1["answers"]) != t1["score"]:
    bad("the answers' points do not add up to the score")
if t3["ended"] is not None or t3["score"] is not None or t3["status"] != "in progress":
    bad("T3 should be in progress with null ended and score: %r" % t3)
if by_ref["T2"]["learner"]["email"] is not None:
    bad("an unknown email is not null")
if not re.fullmatch(r"[0-9]+", t1["seed"]):
    bad("the seed is not a string of digits")
print("\n".join(problems) or "json ok")
PY
is "$(cat "$TMP/check")" "json ok" "JSON: documented fields, literal names, answers, nulls"

# --- xAPI -----------------------------------------------------------------

"$VIGIL" export --format xapi >"$TMP/x1.json" 2>"$TMP/err"
is $? 0 "export --format xapi: exit 0"
out=$(python3 "$CHECK" "$TMP/x1.json")
is "$out" "ok: 5 statements" "the statements are valid xAPI 1.0.3, one per finished attempt"
"$VIGIL" export --format xapi >"$TMP/x2.json"
cmp -s "$TMP/x1.json" "$TMP/x2.json"
ok $? "exporting twice gives the same statements, byte for byte"

python3 - "$TMP/x1.json" "$TMP/all.json" >"$TMP/check" 2>&1 <<'PY'
import json, sys
st = json.load(open(sys.argv[1]))
att = {a["learner"]["ref"]: a for a in json.load(open(sys.argv[2]))}
problems = []
def bad(m): problems.append(m)
by_reg = {s["context"]["registration"]: s for s in st}
for ref, a in att.items():
    s = by_reg.get(a["uuid"])
    if a["status"] == "in progress":
        if s or any(x["id"] == a["statement_id"] for x in st):
            bad("an attempt in progress has a statement")
        continue
    if not s:
        bad("no statement for " + ref)
        continue
    if s["id"] != a["statement_id"]:
        bad("the statement id is not the stored one")
    if s["actor"]["account"]["name"] != ref or s["actor"]["name"] != a["learner"]["name"]:
        bad("actor %r" % s["actor"])
    verb = "passed" if a["status"] == "passed" else "failed"
    if s["verb"]["id"] != "http://adlnet.gov/expapi/verbs/" + verb:
        bad("verb %r for %s" % (s["verb"], a["status"]))
    if s["result"]["success"] != (a["status"] == "passed"):
        bad("success")
    sc = s["result"]["score"]
    if (sc["raw"], sc["max"], sc["min"]) != (a["score"], a["max"], 0) or \
            abs(sc["scaled"] - a["score"] / a["max"]) > 1e-12:
        bad("score %r" % sc)
    want = "https://vigil.invalid/packs/%s/modules/%s" % (a["pack"]["id"], a["module"]["id"])
    if s["object"]["id"] != want:
        bad("object id %r" % s["object"]["id"])
    if s["object"]["definition"]["name"]["en-GB"] != a["module"]["title"]:
        bad("module title")
    parent = s["context"]["contextActivities"]["parent"][0]
    if parent["id"] != "https://vigil.invalid/packs/" + a["pack"]["id"]:
        bad("parent %r" % parent)
    ext = s["context"]["extensions"]
    if ext.get("https://vigil.invalid/xapi/pack-hash") != a["pack"]["hash"] or \
            ext.get("https://vigil.invalid/xapi/pack-version") != a["pack"]["version"]:
        bad("extensions %r" % ext)
    if s["timestamp"] != a["ended"]:
        bad("timestamp")
    if "version" in s:
        bad("a provider should not set version")
print("\n".join(problems) or "xapi ok")
PY
is "$(cat "$TMP/check")" "xapi ok" "each statement says what the attempt says"

# The validator is not a rubber stamp: broken copies are rejected.
python3 - "$TMP/x1.json" "$TMP/broken" <<'PY'
import copy, json, sys
base = json.load(open(sys.argv[1]))
def put(path, value):
    def f(s):
        *parents, last = path
        for p in parents:
            s = s[p]
        if value is KeyError:
            del s[last]
        else:
            s[last] = value
    return f
muts = {
    "uuid-variant": put(["id"], "2d79fd42-cf56-41ea-cabd-da6f78a14d18"),
    "two-ifis": put(["actor", "mbox"], "mailto:someone@school.example"),
    "no-ifi": put(["actor", "account"], KeyError),
    "unknown-property": put(["result", "grade"], "A"),
    "scaled-above-1": put(["result", "score", "scaled"], 1.5),
    "min-not-below-max": put(["result", "score", "min"], 9),
    "raw-above-max": put(["result", "score", "raw"], 10),
    "string-boolean": put(["result", "success"], "true"),
    "duration": put(["result", "duration"], "12 minutes"),
    "timestamp": put(["timestamp"], "01/03/2024"),
    "language-tag": put(["verb", "display", "en_GB"], "passed"),
    "relative-iri": put(["object", "id"], "packs/example/modules/basics"),
    "extension-key": put(["context", "extensions", "pack-hash"], "x"),
    "registration": put(["context", "registration"], "attempt-1"),
    "context-activity-key": put(["context", "contextActivities", "parents"], []),
    "null": put(["actor", "name"], None),
    "version": put(["version"], "1.0.3"),
    "homepage": put(["actor", "account", "homePage"], "vigil"),
    "no-verb": put(["verb"], KeyError),
}
for name, f in muts.items():
    b = copy.deepcopy(base)
    f(b[0])
    json.dump(b, open("%s-%s.json" % (sys.argv[2], name), "w"))
b = copy.deepcopy(base)
b[1]["id"] = b[0]["id"]
json.dump(b, open("%s-duplicate-id.json" % sys.argv[2], "w"))
PY
for f in "$TMP"/broken-*.json; do
	name=${f#"$TMP/broken-"}
	python3 "$CHECK" "$f" >"$TMP/check" 2>&1
	is $? 1 "the validator rejects a statement with a bad ${name%.json} ($(head -n 1 "$TMP/check"))"
done

# --base names the school's own address.
"$VIGIL" export --format xapi --base https://training.school.example/vigil >"$TMP/xb.json"
is $? 0 "--base: exit 0"
is "$(python3 "$CHECK" "$TMP/xb.json")" "ok: 5 statements" "still valid with another base"
python3 - "$TMP/xb.json" "$TMP/x1.json" >"$TMP/check" <<'PY'
import json, sys
b, d = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
base = "https://training.school.example/vigil/"
ok = all(s["object"]["id"].startswith(base + "packs/") and
         s["actor"]["account"]["homePage"] == base and
         s["context"]["contextActivities"]["parent"][0]["id"].startswith(base)
         for s in b)
ok = ok and [s["id"] for s in b] == [s["id"] for s in d]
print("base ok" if ok else "base wrong")
PY
is "$(cat "$TMP/check")" "base ok" "--base changes every IRI (with a / added) but not the ids"
"$VIGIL" export --format xapi --base 'vigil.school' >/dev/null 2>"$TMP/err"
is $? 2 "a --base that is not an http(s) address is a usage error"
like "$(cat "$TMP/err")" "--base needs an http or https address" "and says why"

# --- filters --------------------------------------------------------------

refs() { python3 -c '
import csv, io, sys
rows = list(csv.reader(io.StringIO(open(sys.argv[1], encoding="utf-8-sig").read(), newline="")))
print(" ".join(r[1] for r in rows[1:]))' "$1"; }
"$VIGIL" export --format csv --pack other-pack >"$TMP/p.csv"
is "$(refs "$TMP/p.csv")" "T5" "--pack keeps that pack's attempts only"
"$VIGIL" export --format csv --since 2024-05-01 >"$TMP/s.csv"
is "$(refs "$TMP/s.csv")" "T3 T4 T5 T6" "--since keeps attempts with activity on or after the date"
"$VIGIL" export --format csv --since 2024-05-02 --pack example >"$TMP/s.csv"
is "$(refs "$TMP/s.csv")" "T4 T6" "--since and --pack together"
"$VIGIL" export --format xapi --pack nothing-here >"$TMP/e.json"
is "$(python3 "$CHECK" "$TMP/e.json")" "ok: 0 statements" "no attempts: an empty array"
is "$(cat "$TMP/e.json")" "[]" "written as []"
"$VIGIL" export --format csv --since 2024-13-01 >/dev/null 2>"$TMP/err"
is $? 2 "a --since that is not a date is a usage error"
like "$(cat "$TMP/err")" "--since needs a date (YYYY-MM-DD), not '2024-13-01'" "and says so"

# --- the command line -----------------------------------------------------

"$VIGIL" export >/dev/null 2>"$TMP/err"
is $? 2 "export without --format is a usage error"
"$VIGIL" export --format pdf >/dev/null 2>"$TMP/err"
is $? 2 "an unknown format is a usage error"
like "$(cat "$TMP/err")" "no exporter for the format 'pdf' (found: csv, json, xapi)" "and lists the formats there are"
"$VIGIL" export --format csv extra >/dev/null 2>"$TMP/err"
is $? 2 "an extra argument is a usage error"
"$VIGIL" export --format >/dev/null 2>"$TMP/err"
is $? 2 "--format without a value is a usage error"
like "$(cat "$TMP/err")" "--format needs a value" "and says so"
"$VIGIL" export --help | grep -q "replacing it only when the export is complete"
ok $? "export --help explains --out"

# --- --out ----------------------------------------------------------------

mkdir "$TMP/o"
"$VIGIL" export --format csv --out "$TMP/o/records.csv"
is $? 0 "--out: exit 0"
cmp -s "$TMP/o/records.csv" "$TMP/all.csv"
ok $? "--out writes what standard output gets"
is "$(stat -c %a "$TMP/o/records.csv")" 600 "the file is readable by its owner only"
is "$(ls "$TMP/o")" "records.csv" "no temporary file is left"

# A failing exporter leaves the previous file alone and no temporary file.
mkdir -p "$TMP/plug/exporters"
cat >"$TMP/plug/exporters/broken.lua" <<'LUA'
-- broken.lua: fails on the second attempt, after writing.
local n = 0
return {
  api = 1, media_type = "text/plain", extension = "txt",
  attempt = function(a, write)
    write("row\n")
    n = n + 1
    if n == 2 then error("cannot cope with " .. a.learner.ref) end
  end,
}
LUA
echo "old export" >"$TMP/o/records.csv"
"$VIGIL" --plugins "$TMP/plug" export --format broken --out "$TMP/o/records.csv" 2>"$TMP/err"
is $? 1 "a failing exporter: exit 1"
is "$(cat "$TMP/err")" "vigil: $TMP/plug/exporters/broken.lua:8: cannot cope with T2" \
	"the error names the exporter's file and line"
is "$(cat "$TMP/o/records.csv")" "old export" "the old file is untouched"
is "$(ls "$TMP/o")" "records.csv" "and no half-written file is left"
"$VIGIL" --plugins "$TMP/plug" export --format broken --out "$TMP/o/new.csv" 2>/dev/null
test ! -e "$TMP/o/new.csv"
ok $? "no file at all when there was none before"
"$VIGIL" export --format csv --out "$TMP/nowhere/x.csv" 2>"$TMP/err"
is $? 1 "--out in a missing folder: exit 1"
like "$(cat "$TMP/err")" "cannot write '$TMP/nowhere/x.csv': No such file or directory" "and says so"

# Output that cannot be written stops the export, even if the plugin
# catches the error.
"$VIGIL" export --format csv >/dev/full 2>"$TMP/err"
is $? 1 "a full disk: exit 1"
like "$(cat "$TMP/err")" "No space left on device" "and says why"
cat >"$TMP/plug/exporters/stubborn.lua" <<'LUA'
local big = ("x"):rep(1 << 20)
return {
  api = 1, media_type = "text/plain", extension = "txt",
  attempt = function(a, write)
    for i = 1, 20 do pcall(write, big) end
  end,
}
LUA
"$VIGIL" --plugins "$TMP/plug" export --format stubborn >/dev/full 2>"$TMP/err"
is $? 1 "a write error caught by the plugin still stops the export"
like "$(cat "$TMP/err")" "cannot write 'standard output': No space left on device" "and says so"

# --- hostile and faulty exporters -------------------------------------------

# exporter NAME BODY: writes exporters/NAME.lua returning an exporter
# whose attempt function is BODY.
exporter() {
	printf 'return { api = 1, media_type = "text/plain", extension = "txt",\n  attempt = function(a, write)\n%s\n  end }\n' \
		"$2" >"$TMP/plug/exporters/$1.lua"
}
# run_exporter NAME: exports with it; stderr in $TMP/err, time in $ms.
run_exporter() {
	local t0
	t0=$(now_ms)
	"$VIGIL" --plugins "$TMP/plug" export --format "$1" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	ms=$(($(now_ms) - t0))
}
F="$TMP/plug/exporters"

exporter io 'local f = io.open("/etc/passwd")'
run_exporter io
is "$rc" 1 "io.open: exit 1"
is "$(cat "$TMP/err")" "vigil: $F/io.lua:3: unknown global 'io'" "io is not there"

exporter os 'os.execute("touch '"$TMP"'/pwned")'
run_exporter os
like "$(cat "$TMP/err")" "$F/os.lua:3: unknown global 'os'" "os is not there"
test ! -e "$TMP/pwned"
ok $? "and nothing ran"

exporter loop 'while true do end'
run_exporter loop
is "$rc" 1 "an endless loop: exit 1"
like "$(cat "$TMP/err")" "$F/loop.lua:3: " "stopped at its file and line"
like "$(cat "$TMP/err")" "exceeded" "by a limit"
[ "$ms" -lt 5000 ]
ok $? "quickly (${ms} ms)"

exporter pcallloop 'while true do pcall(function() while true do end end) end'
run_exporter pcallloop
is "$rc" 1 "an endless loop inside pcall is stopped too"
like "$(cat "$TMP/err")" "$F/pcallloop.lua:3: " "at its file and line"

exporter hog 'local t = {} for i = 1, 1e9 do t[i] = ("x"):rep(1000000) .. i end'
run_exporter hog
is "$rc" 1 "filling memory: exit 1"
like "$(cat "$TMP/err")" "$F/hog.lua:3: memory limit" "stopped by the memory cap, at its line"

exporter notstring 'write(a.id)'
run_exporter notstring
is "$(cat "$TMP/err")" "vigil: $F/notstring.lua:3: write takes strings, not number (argument 1)" \
	"write refuses anything but strings"

exporter cycle 'local t = {} t.me = t write(json_encode(t))'
run_exporter cycle
is "$(cat "$TMP/err")" "vigil: $F/cycle.lua:3: json_encode: a table contains itself" \
	"json_encode refuses a cycle"

exporter nan 'write(json_encode({ 0/0 }))'
run_exporter nan
like "$(cat "$TMP/err")" "nan.lua:3: json_encode: cannot encode NaN or infinity" "json_encode refuses NaN"

exporter badutf 'write(json_encode({ name = "\xff" }))'
run_exporter badutf
like "$(cat "$TMP/err")" "badutf.lua:3: json_encode: a string is not valid UTF-8" "json_encode refuses bytes that are not UTF-8"

exporter func 'write(json_encode({ f = tostring }))'
run_exporter func
like "$(cat "$TMP/err")" "func.lua:3: json_encode: cannot encode a function" "json_encode refuses a function"

exporter holes 'write(json_encode({ 1, nil, 3 }))'
run_exporter holes
like "$(cat "$TMP/err")" "holes.lua:3: json_encode: an array has holes" "json_encode refuses an array with holes"

exporter deep 'local t = {} for i = 1, 40 do t = { t } end write(json_encode(t))'
run_exporter deep
like "$(cat "$TMP/err")" "deep.lua:3: json_encode: tables nested more than 32 deep" "json_encode refuses deep nesting"

exporter mixed 'write(json_encode({ 1, x = 2 }))'
run_exporter mixed
like "$(cat "$TMP/err")" "mixed.lua:3: json_encode: a table has both string keys" "json_encode refuses mixed tables"

# What json_encode makes of each kind of value.
cat >"$F/probe.lua" <<'LUA'
return {
  api = 1, media_type = "text/plain", extension = "txt",
  begin = function(write)
    local values = {
      {}, json_object(), json_object({ b = 1 }), { a = json_null, b = false },
      0.9, 1 / 3, 7, -2.5, 1e300, "é\"\n\0<", { z = 1, a = { 1, "2", true } },
    }
    for _, v in ipairs(values) do write(json_encode(v), "\n") end
  end,
  attempt = function() end,
}
LUA
run_exporter probe
is "$(cat "$TMP/out")" '[]
{}
{"b":1}
{"a":null,"b":false}
0.9
0.3333333333333333
7
-2.5
1e300
"é\"\n\u0000<"
{"a":[1,"2",true],"z":1}' "json_encode: arrays, objects, null, shortest numbers, escapes, sorted keys"

# What csv_row makes of each kind of value, and what it refuses.
cat >"$F/csvprobe.lua" <<'LUA'
return {
  api = 1, media_type = "text/plain", extension = "txt",
  begin = function(write)
    write(csv_row({ "plain", 'say "hi"', 7, -2, 0.5, true, false }))
    write(csv_row({ "=1+1", "+1", "@SUM(1)", "\tx", "\rx", "\nx", "\0x", "a=b" }))
    write(csv_row({ "a", nil, "c", nil }, 4))
    write(csv_row({}))
    write(csv_row({ "line one\nline two", "" }))
  end,
  attempt = function() end,
}
LUA
run_exporter csvprobe
is "$rc" 0 "csv_row: an exporter using it runs"
python3 - "$TMP/out" >"$TMP/want" <<'PY'
import sys
want = ('"plain","say ""hi""","7","\'-2","0.5","true","false"\r\n'
        '"\'=1+1","\'+1","\'@SUM(1)","\'\tx","\'\rx","\'\nx","\'\0x","a=b"\r\n'
        '"a","","c",""\r\n'
        '\r\n'
        '"line one\nline two",""\r\n')
got = open(sys.argv[1], newline="", encoding="utf-8").read()
print("same" if got == want else "got %r" % got)
PY
is "$(cat "$TMP/want")" "same" \
	"csv_row: quoted, quotes doubled, formulas defused, nil empty, CRLF"
exporter csvtable 'write(csv_row({ a.id, {} }))'
run_exporter csvtable
is "$(cat "$TMP/err")" "vigil: $F/csvtable.lua:3: csv_row: field 2 is a table, not text or a number" \
	"csv_row refuses a table as a field, at its line"
exporter csvcount 'write(csv_row({}, -1))'
run_exporter csvcount
like "$(cat "$TMP/err")" "csvcount.lua:3: csv_row: -1 fields is not a count" \
	"csv_row refuses a count that is not one"

printf 'return { api = 3, attempt = function() end }\n' >"$F/future.lua"
run_exporter future
is "$rc" 1 "an exporter of another API version: exit 1"
like "$(cat "$TMP/err")" "future.lua: plugin API version 3 is not supported" "and says so"
printf 'return { api = 1, media_type = "text/plain", extension = "txt" }\n' >"$F/noattempt.lua"
run_exporter noattempt
is "$(cat "$TMP/err")" "vigil: $F/noattempt.lua: the exporter has no function 'attempt'" \
	"an exporter without attempt is refused"
printf 'return { api = 1, extension = "txt", attempt = function() end }\n' >"$F/notype.lua"
run_exporter notype
like "$(cat "$TMP/err")" "notype.lua: the exporter's 'media_type' must be a media type" \
	"an exporter without a media type is refused"
printf 'return { api = 1, media_type = "text/plain", extension = "txt",\n  attempt = function() end,\n  finish = function() error("late") end }\n' >"$F/late.lua"
run_exporter late
is "$(cat "$TMP/err")" "vigil: $F/late.lua:3: late" "an error in finish is reported at its line"

# The example in doc/plugins.md works as documented.
python3 - "$SRCDIR/doc/plugins.md" "$F/certificates.lua" <<'PY'
import sys
doc = open(sys.argv[1], encoding="utf-8").read()
part = doc.split("### A complete example: one line per certificate", 1)[1]
open(sys.argv[2], "w").write(part.split("```lua\n", 1)[1].split("```", 1)[0])
PY
run_exporter certificates
is "$rc" 0 "the documented certificates exporter runs"
is "$(cut -f2 "$TMP/out" | tr '\n' '|')" \
	'=HYPERLINK("http://x")|Siân O'"'"'Brien-Jones, "Jo"|First line second line|Plain Name|' \
	"one line per certificate, line breaks made spaces"

done_testing
