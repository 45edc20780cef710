#!/bin/bash
# The DSL's pages of vigil serve, with curl against the real server: the
# password sign-in (401 when wrong, 429 when wrong too often, the right one
# never refused), the completion grid and the overdue list (the
# dashboard and the lists are tests/t0037-web-dash.sh's), a learner's history and
# certificate, the downloads (the same bytes as `vigil export`), importing
# a staff list (every bad row by line, as `vigil learner import`),
# forgetting a person after a typed confirmation, and every admin page
# refusing everyone else.
. "$SRCDIR/tests/lib.sh"

command -v curl >/dev/null || { echo "1..0 # SKIP curl is not installed"; exit 0; }

mkdir -p "$TMP/packs"
cp -R "$SRCDIR/tests/packs/example" "$TMP/packs/example"
export VIGIL_PACKS="$TMP/packs"
export VIGIL_NOW=2026-03-01
trap 'serve_stop; rm -rf "$TMP"' EXIT

page() { python3 "$SRCDIR/tests/page.py" "$@"; }

# take_as REF NAME MODULE ANSWER...: one take through a pipe.
take_as() {
	local ref=$1 name=$2 module=$3
	shift 3
	drive_texts "$TMP/take.$ref.$module" "$@" -- take example "$module" \
		--learner "$ref" --name "$name" >/dev/null 2>&1
}

# A roster with every case, on 2026-03-01.
right=("${BASICS_RIGHT[@]}")
short=("${SHORT_RIGHT[@]}")
take_as P1 "Pat Passed" basics "${right[@]}"
take_as P1 "Pat Passed" short "${short[@]}"
printf '\n\n' | "$VIGIL" take example basics --learner P2 --name "Ira InProgress" >/dev/null 2>&1
take_as P3 "Nia NotPassed" basics "Ask Jordan why they didn't tell anyone sooner" \
	"Go back and try again" "${right[@]}"
"$VIGIL" learner add P4 --name "Noor Never" >/dev/null 2>&1
VIGIL_NOW=2025-01-10 take_as P5 "Eli Expired" basics "${right[@]}"
VIGIL_NOW=2025-01-10 take_as P5 "Eli Expired" short "${short[@]}"
"$VIGIL" learner add H1 --name '<b>Hugo</b> & "Hal"' >/dev/null 2>&1
is "$(sql "$VIGIL_DB" "SELECT count(*) FROM learners")" 6 "six learners in the roster"

port=$(free_port)
base="http://127.0.0.1:$port"
serve_start "$port" --signup open
ok $? "vigil serve starts"

# code [CURL ARG...]: the status of a request.
code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
# admin_signin JAR PASSWORD: fetches the form (for its token), then posts.
admin_signin() {
	curl -s -c "$1" -b "$1" -o "$TMP/signin.html" "$base/admin/signin"
	curl -s -c "$1" -b "$1" -D "$TMP/signin.h" -o "$TMP/signin.out" \
		-w '%{http_code}' -X POST --data-urlencode "password=$2" \
		--data-urlencode "csrf=$(csrf_of "$TMP/signin.html")" \
		"$base/admin/signin"
}

# ---- signing in --------------------------------------------------------

is "$(code "$base/admin")" 303 "the records need signing in"
curl -s -D "$TMP/h" -o /dev/null "$base/admin"
like "$(tr -d '\r' <"$TMP/h")" "Location: /admin/signin" "and send you to the sign-in page"
curl -s -o "$TMP/nopw.html" "$base/admin/signin"
like "$(page text "$TMP/nopw.html")" "On the server, run: vigil admin password" \
	"before a password is set, the sign-in page says how to set one"
is "$(admin_signin "$TMP/d" 'correct horse battery')" 403 "and signing in is refused"

printf 'correct horse battery\n' | "$VIGIL" admin password >/dev/null 2>&1
is $? 0 "vigil admin password sets the password"
curl -s -c "$TMP/d" -b "$TMP/d" -o "$TMP/form.html" "$base/admin/signin"
like "$(cat "$TMP/form.html")" '<label for="password">' "the sign-in form has a label"
like "$(cat "$TMP/form.html")" 'type="password" id="password"' "for a password field"
page a11y "$TMP/form.html"
ok $? "the sign-in page is accessible"

is "$(admin_signin "$TMP/d" 'Correct horse battery')" 401 "a wrong password gets 401"
like "$(page text "$TMP/signin.out")" "That password is not right." "and says so"
unlike "$(cat "$TMP/d")" "vigil_session" "without a session"
is "$(admin_signin "$TMP/d" 'correct horse battery')" 303 "the right password signs the DSL in"
like "$(tr -d '\r' <"$TMP/signin.h")" "Location: /admin" "and goes to the records"
like "$(cat "$TMP/d")" "vigil_session" "with a session cookie"
is "$(code -b "$TMP/d" "$base/admin/signin")" 303 "signed in, the sign-in page goes to the records"

# ---- the completion grid -----------------------------------------------

curl -s -b "$TMP/d" -o "$TMP/matrix.html" -w '%{http_code}' "$base/admin/grid" >"$TMP/st"
is "$(cat "$TMP/st")" 200 "the completion grid"
page a11y "$TMP/matrix.html" >"$TMP/a11y"
ok $? "is accessible $(cat "$TMP/a11y")"
matrix=$(page rows "$TMP/matrix.html")
cell() { # REF MODULE-COLUMN (1 basics, 2 short)
	printf '%s\n' "$matrix" | grep "^$1"$'\t' | cut -f $(($2 + 2))
}
like "$(printf '%s\n' "$matrix" | head -1)" \
	$'\tListening to a disclosure (example/basics)\tWriting it down (example/short)' \
	"one column per module, by title and id"
is "$(cell P1 1)" "[s-valid] passed, expires on 1 March 2027" "a pass, in words and colour, with its expiry"
is "$(cell P1 2)" "[s-valid] passed, expires on 1 March 2027" "on every module"
is "$(cell P2 1)" "[s-progress] in progress since 1 March 2026" "in progress"
is "$(cell P2 2)" "[s-never] never taken" "never taken"
is "$(cell P3 1)" "[s-failed] not passed on 1 March 2026" "not passed"
is "$(cell P4 1)" "[s-never] never taken" "a learner with no attempts"
is "$(cell P5 1)" "[s-expired] expired on 10 January 2026" "expired, with the date"
is "$(printf '%s\n' "$matrix" | grep -c $'\t')" 7 "a row per learner, under the header"
like "$(cat "$TMP/matrix.html")" '<div class="table" role="region" tabindex="0"' "the table scrolls inside a wrapper on a phone"
like "$(cat "$TMP/matrix.html")" '<th scope="row">' "learners are row headers"
like "$(cat "$TMP/matrix.html")" '&lt;b&gt;Hugo&lt;/b&gt; &amp; &quot;Hal&quot;' "names are escaped"
like "$(page links "$TMP/matrix.html")" "/admin/staff/P1"$'\t'"Pat Passed" "each person links to their page"
curl -s -b "$TMP/d" -o "$TMP/dash.html" "$base/admin"
links=$(page links "$TMP/dash.html")
for l in /admin/grid /admin/overdue /admin/import /admin/export.csv /admin/export.json /admin/export.xapi.json; do
	like "$links" "$l"$'\t' "the dashboard links to $l"
done
# The addresses by number of before lead to the person's by reference.
for ref in P1 P5; do
	curl -s -b "$TMP/d" -D "$TMP/h" -o /dev/null -w '%{http_code}' \
		"$base/admin/learners/$(sql "$VIGIL_DB" "SELECT id FROM learners WHERE ref = '$ref'")" >"$TMP/st"
	is "$(cat "$TMP/st")" 303 "a learner's address by number is sent on"
	like "$(tr -d '\r' <"$TMP/h")" "Location: /admin/staff/$ref"$'\n' "to their address by reference"
done
p1=/admin/staff/P1
p5=/admin/staff/P5

# ---- who is overdue ------------------------------------------------------

# With no assignment, every module is due within 30 days of a person's
# first day (SPEC §4): only P5's expired passes are overdue.
curl -s -b "$TMP/d" -o "$TMP/overdue.html" "$base/admin/overdue"
page a11y "$TMP/overdue.html" >"$TMP/a11y"
ok $? "the overdue page is accessible $(cat "$TMP/a11y")"
# The same as the terminal, by the due-date rule of SPEC §4: with nothing
# assigned, everyone who started today has 30 days; only P5's expired
# passes are overdue.
is "$("$VIGIL" records --overdue 2>/dev/null | tail -n 1)" "2 overdue on 2026-03-01." \
	"the terminal counts two overdue"
is "$(page rows "$TMP/overdue.html" | cut -f 1,3,5 | sed 1d)" \
	"P5	Listening to a disclosure (example/basics)	[s-expired] expired on 10 January 2026
P5	Writing it down (example/short)	[s-expired] expired on 10 January 2026" \
	"the overdue list has each module overdue, and why"
like "$(page text "$TMP/overdue.html")" "Showing 1–2 of 2 modules to do" "and counts them"

# ---- a learner's history and a certificate ------------------------------

curl -s -b "$TMP/d" -o "$TMP/p1.html" "$base$p1"
page a11y "$TMP/p1.html" >"$TMP/a11y"
ok $? "a learner's history is accessible $(cat "$TMP/a11y")"
hist=$(page rows "$TMP/p1.html")
like "$hist" "passed 9/9 (100%)" "it lists each attempt with its result"
is "$(printf '%s\n' "$hist" | grep -c 'passed .*/.* (100%)')" 2 "both of them"
code1=$(sql "$VIGIL_DB" "SELECT c.code FROM certificates c JOIN attempts a ON a.id = c.attempt_id
	JOIN learners l ON l.id = a.learner_id WHERE l.ref = 'P1' AND a.module = 'basics'")
att1=$(sql "$VIGIL_DB" "SELECT a.id FROM attempts a JOIN learners l ON l.id = a.learner_id
	WHERE l.ref = 'P1' AND a.module = 'basics'")
like "$(page links "$TMP/p1.html")" "/admin/attempts/$att1/certificate"$'\t'"$code1" \
	"with a link to its certificate"
like "$(page links "$TMP/p1.html")" "$p1/forget"$'\t'"Forget this person" "and a way to forget them"
# Times as people write them, on London's clock; the machine-readable
# datetime stays the stored UTC time.
curl -s -b "$TMP/d" -o "$TMP/p5.html" "$base$p5"
p5row=$(page rows "$TMP/p5.html" | grep -m1 $'^[0-9][0-9]*\t')
like "$p5row" $'\t10 January 2025, 00:00\t' "a history gives the times in words"
like "$p5row" $'\t10 January 2026\t' "and the expiry date"
like "$(cat "$TMP/p5.html")" '<time datetime="2025-01-10T00:00:00Z">10 January 2025, 00:00</time>' \
	"in a <time> element holding the UTC time"
curl -s -b "$TMP/d" -o "$TMP/cert.html" -w '%{http_code}' "$base/admin/attempts/$att1/certificate" >"$TMP/st"
is "$(cat "$TMP/st")" 200 "the certificate page"
like "$(cat "$TMP/cert.html")" "$code1" "shows the certificate code"
p2att=$(sql "$VIGIL_DB" "SELECT a.id FROM attempts a JOIN learners l ON l.id = a.learner_id WHERE l.ref = 'P2'")
is "$(code -b "$TMP/d" "$base/admin/attempts/$p2att/certificate")" 404 "an attempt not passed has no certificate"
is "$(code -b "$TMP/d" "$base/admin/attempts/99999/certificate")" 404 "nor one that does not exist"
is "$(code -b "$TMP/d" "$base/admin/learners/99999")" 404 "a learner who does not exist: 404"
is "$(code -b "$TMP/d" "$base/admin/learners/x1")" 404 "nor does a learner number that is not one"

# ---- downloads: the same bytes as vigil export --------------------------

for f in csv json xapi; do
	ext=$f
	[ "$f" = xapi ] && ext=xapi.json
	curl -s -b "$TMP/d" -D "$TMP/$f.h" -o "$TMP/web.$f" -w '%{http_code}' \
		"$base/admin/export.$ext" >"$TMP/st"
	is "$(cat "$TMP/st")" 200 "the $f download"
	"$VIGIL" export --format "$f" >"$TMP/cli.$f" 2>/dev/null
	cmp -s "$TMP/web.$f" "$TMP/cli.$f"
	ok $? "is what vigil export --format $f writes"
	like "$(tr -d '\r' <"$TMP/$f.h")" \
		"Content-Disposition: attachment; filename=\"vigil-records-2026-03-01.$ext\"" \
		"and is saved as a file named by the date"
done
like "$(tr -d '\r' <"$TMP/csv.h")" "Content-Type: text/csv; charset=utf-8" "CSV is text/csv"
like "$(tr -d '\r' <"$TMP/json.h")" "Content-Type: application/json" "JSON is application/json"
python3 - "$TMP/web.csv" <<'PY' >"$TMP/csv.rows"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
print(len(rows) - 1)
PY
is "$(cat "$TMP/csv.rows")" "$(sql "$VIGIL_DB" "SELECT count(*) FROM attempts")" \
	"the CSV has a row per attempt"
python3 "$SRCDIR/tests/xapi-check.py" "$TMP/web.xapi" >/dev/null
ok $? "the xAPI download passes the xAPI checks"

# ---- importing the staff list -------------------------------------------

curl -s -b "$TMP/d" -o "$TMP/import.html" "$base/admin/import"
like "$(cat "$TMP/import.html")" 'enctype="multipart/form-data"' "the import form uploads a file"
like "$(cat "$TMP/import.html")" '<label for="file">' "with a label"
page a11y "$TMP/import.html" >"$TMP/a11y"
ok $? "the import page is accessible $(cat "$TMP/a11y")"
csrf=$(csrf_of "$TMP/import.html")
printf 'ref,name,email,role\nN1,New One,n1@school.example,Teacher\nN2,,n2@school.example,TA\nN3,New Three,not-an-email,TA\nN1,New Again,,\nN4,Four,"unclosed\n' >"$TMP/bad.csv"
before=$(sql "$VIGIL_DB" "SELECT count(*) FROM learners")
curl -s -b "$TMP/d" -o "$TMP/bad.html" -w '%{http_code}' -F "csrf=$csrf" \
	-F "file=@$TMP/bad.csv;type=text/csv" "$base/admin/import" >"$TMP/st"
is "$(cat "$TMP/st")" 400 "a file with bad rows is refused"
is "$(sql "$VIGIL_DB" "SELECT count(*) FROM learners")" "$before" "and nothing is imported"
page a11y "$TMP/bad.html" >"$TMP/a11y"
ok $? "the page of problems is accessible $(cat "$TMP/a11y")"
items=$(page items "$TMP/bad.html")
"$VIGIL" learner import "$TMP/bad.csv" 2>&1 >/dev/null | grep ': error: ' >"$TMP/bad.cli"
is "$(wc -l <"$TMP/bad.cli")" 4 "vigil learner import finds four bad rows"
while IFS= read -r line; do
	n=${line#"$TMP/bad.csv:"}
	n=${n%%:*}
	like "$items" "Line $n: ${line#*: error: }" "the page reports line $n as the command does"
done <"$TMP/bad.cli"
like "$(page text "$TMP/bad.html")" "Nothing was imported: the file has 4 problems." "and says nothing was imported"

printf 'Ref,Name\r\nN1,New One\r\nP4,Noor Renamed\r\n' >"$TMP/good.csv"
curl -s -b "$TMP/d" -o "$TMP/good.html" -w '%{http_code}' -F "csrf=$csrf" \
	-F "file=@$TMP/good.csv" "$base/admin/import" >"$TMP/st"
is "$(cat "$TMP/st")" 200 "a good file is imported"
like "$(page text "$TMP/good.html")" "Imported 2 people: 1 added, 1 updated, 0 unchanged." "with the counts"
is "$(sql "$VIGIL_DB" "SELECT name FROM learners WHERE ref IN ('N1', 'P4') ORDER BY ref")" \
	"New One
Noor Renamed" "into the roster"
is "$(code -b "$TMP/d" -X POST -F "csrf=$csrf" "$base/admin/import")" 400 "an import without a file: 400"

# ---- forgetting a person ------------------------------------------------

p5ref_attempts=$(sql "$VIGIL_DB" "SELECT count(*) FROM attempts a JOIN learners l ON l.id = a.learner_id WHERE l.ref = 'P5'")
p5ref_answers=$(sql "$VIGIL_DB" "SELECT count(*) FROM answers n JOIN attempts a ON a.id = n.attempt_id
	JOIN learners l ON l.id = a.learner_id WHERE l.ref = 'P5'")
curl -s -b "$TMP/d" -o "$TMP/forget.html" "$base$p5/forget"
is "$(sql "$VIGIL_DB" "SELECT count(*) FROM learners WHERE ref = 'P5'")" 1 "the confirmation page erases nothing"
page a11y "$TMP/forget.html" >"$TMP/a11y"
ok $? "and is accessible $(cat "$TMP/a11y")"
items=$(page items "$TMP/forget.html")
like "$items" "$p5ref_attempts attempts" "it says how many attempts will be erased"
like "$items" "$p5ref_answers answers" "how many answers"
like "$items" "2 certificates" "and how many certificates"
like "$(cat "$TMP/forget.html")" '<label for="confirm">' "the confirmation field has a label"
is "$(code -b "$TMP/d" -X POST --data-urlencode "csrf=$csrf" --data-urlencode "confirm=P4" \
	"$base$p5/forget")" 400 "the wrong ref typed is refused"
is "$(code -b "$TMP/d" -X POST --data-urlencode "csrf=$csrf" "$base$p5/forget")" 400 "so is none"
is "$(sql "$VIGIL_DB" "SELECT count(*) FROM learners WHERE ref = 'P5'")" 1 "and nothing is erased"
curl -s -b "$TMP/d" -o "$TMP/forgot.html" -w '%{http_code}' -X POST --data-urlencode "csrf=$csrf" \
	--data-urlencode "confirm=P5" "$base$p5/forget" >"$TMP/st"
is "$(cat "$TMP/st")" 200 "the right ref typed again erases them"
like "$(page text "$TMP/forgot.html")" \
	"Erased Eli Expired (P5): their roster entry, $p5ref_attempts attempts, $p5ref_answers answers and 2 certificates." \
	"and says what was removed"
is "$(sql "$VIGIL_DB" "SELECT count(*) FROM learners WHERE ref = 'P5'")" 0 "they are gone from the roster"
is "$(sql "$VIGIL_DB" "SELECT count(*) FROM attempts WHERE learner_id NOT IN (SELECT id FROM learners)")" 0 \
	"with their attempts"
is "$(code -b "$TMP/d" "$base$p5")" 404 "their page is gone"
unlike "$(curl -s -b "$TMP/d" "$base/admin/grid")" "Eli Expired" "and so is their row"

# ---- everyone else is refused -------------------------------------------

curl -s -c "$TMP/l" -b "$TMP/l" -o "$TMP/l.html" "$base/"
curl -s -c "$TMP/l" -b "$TMP/l" -o /dev/null -X POST --data-urlencode "name=Lee Learner" \
	--data-urlencode "ref=L1" --data-urlencode "csrf=$(csrf_of "$TMP/l.html")" "$base/signin"
like "$(cat "$TMP/l")" "vigil_session" "a member of staff signs in (open sign-in)"
curl -s -b "$TMP/l" -o "$TMP/l.html" "$base/"
lcsrf=$(csrf_of "$TMP/l.html")
gets="/admin /admin/overdue $p1 $p1/forget /admin/import /admin/export.csv /admin/export.json
	/admin/export.xapi.json /admin/attempts/$att1/certificate"
for p in $gets; do
	is "$(code -b "$TMP/l" "$base$p")" 403 "a learner is refused $p"
	is "$(code "$base$p")" 303 "and so is someone not signed in"
done
is "$(code -b "$TMP/l" -X POST --data-urlencode "csrf=$lcsrf" --data-urlencode "confirm=P1" \
	"$base$p1/forget")" 403 "a learner cannot forget anyone"
is "$(code -b "$TMP/l" -X POST -F "csrf=$lcsrf" -F "file=@$TMP/good.csv" "$base/admin/import")" 403 \
	"nor import a staff list"
is "$(sql "$VIGIL_DB" "SELECT count(*) FROM learners WHERE ref = 'P1'")" 1 "and nothing changed"
is "$(code -b "$TMP/d" "$base/admin/signout")" 405 "signing out needs a POST"

# ---- signing out, and too many tries ------------------------------------

is "$(code -b "$TMP/d" -c "$TMP/d" -X POST --data-urlencode "csrf=$csrf" "$base/admin/signout")" 303 \
	"the DSL signs out"
is "$(code -b "$TMP/d" "$base/admin")" 303 "and the records need signing in again"
codes=""
for i in $(seq 25); do
	c=$(admin_signin "$TMP/r" 'not the password')
	codes="$codes $c"
	[ "$c" = 429 ] && break
done
like "$codes" "401" "wrong passwords get 401"
like "$codes" "429" "until too many wrong tries from one address get 429"
is "$(admin_signin "$TMP/r" 'correct horse battery')" 303 "but the right password still signs in"
like "$(cat "$TMP/r")" "vigil_session" "with a session"

serve_stop
is "$(sql "$VIGIL_DB" "PRAGMA integrity_check")" ok "the database is intact"

done_testing
