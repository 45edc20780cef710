#!/bin/bash
# The DSL's dashboard and lists in vigil serve, with curl, on a school built
# for the test (tests/dash-roster.sh says who stands where, worked out by
# hand from SPEC §4): the dashboard's numbers, each number's link leading
# to a list of that many, the staff list's search, filters, order and
# pages of 50, the overdue and due-soon lists, the completion grid, and
# each list's CSV download (the same columns and rows, every page, cells
# that a spreadsheet would run defused).
. "$SRCDIR/tests/lib.sh"
. "$SRCDIR/tests/dash-roster.sh"

command -v curl >/dev/null || { echo "1..0 # SKIP curl is not installed"; exit 0; }

mkdir -p "$TMP/packs"
cp -R "$SRCDIR/tests/packs/example" "$TMP/packs/example"
export VIGIL_PACKS="$TMP/packs"
trap 'serve_stop; rm -rf "$TMP"' EXIT

page() { python3 "$SRCDIR/tests/page.py" "$@"; }

dash_roster
ok $? "the school is made: 65 people, two groups, two assignments, six attempts"
printf 'correct horse battery\n' | "$VIGIL" admin password >/dev/null 2>&1

port=$(free_port)
base="http://127.0.0.1:$port"
serve_start "$port" --signup open
ok $? "vigil serve starts"
curl -s -c "$TMP/d" -b "$TMP/d" -o "$TMP/signin.html" "$base/admin/signin"
curl -s -c "$TMP/d" -b "$TMP/d" -o /dev/null -X POST \
	--data-urlencode "password=correct horse battery" \
	--data-urlencode "csrf=$(csrf_of "$TMP/signin.html")" "$base/admin/signin"

# get PATH: the page at PATH, signed in as the DSL, into $TMP/p.html; prints
# the status.
get() { curl -s -b "$TMP/d" -o "$TMP/p.html" -w '%{http_code}' "$base$1"; }
# shown PATH: how many rows the list at PATH says it holds.
shown() {
	get "$1" >/dev/null
	page text "$TMP/p.html" | sed -n 's/.*Showing [0-9]*–[0-9]* of \([0-9]*\) .*/\1/p;
		s/.*Nothing to show.*/0/p'
}
# csv_rows FILE: the records of a CSV file after its header, one a line,
# fields separated by tabs, read by Python's csv module.
csv_rows() {
	python3 -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
for r in rows[int(sys.argv[2]):]:
    print("\t".join(r))' "$1" "${2:-1}"
}

# ---- the dashboard -------------------------------------------------------

is "$(get /admin)" 200 "the dashboard"
cp "$TMP/p.html" "$TMP/dash.html"
page a11y "$TMP/dash.html" >"$TMP/a11y"
ok $? "is accessible $(cat "$TMP/a11y")"
items=$(page items "$TMP/dash.html")
like "$items" "64 in post" "64 people in post (the leaver is not counted)"
like "$items" "1 up to date with everything (1%)" "1 up to date with everything"
like "$items" "3 with a module due soon" "3 with a module due soon"
like "$items" "4 with a module overdue" "4 with a module overdue"
like "$items" "58 with a module not yet due" "58 with a module not yet due"
rows=$(page rows "$TMP/dash.html" | sed 's/\[num\] //g')
like "$rows" $'Listening to a disclosure (example/basics)\t1\t2\t3\t58\t1%' \
	"basics: 1 up to date, 2 due soon, 3 overdue, 58 not yet due, 1% up to date"
like "$rows" $'Writing it down (example/short)\t1\t1\t2\t0\t25%' \
	"short (Teaching only): 1, 1, 2, 0 and 25%"
like "$rows" $'Everyone\t64\t1\t3\t4\t58\t1%' "everyone: 64 in post, 1, 3, 4, 58"
like "$rows" $'Teaching\t4\t1\t2\t2\t1\t25%' "Teaching: 4 in post, 1, 2, 2, 1, 25%"
like "$rows" $'Support\t5\t0\t1\t2\t2\t0%' "Support: 5 in post, 0, 1, 2, 2, 0%"
like "$(cat "$TMP/dash.html")" '<ul class="stats">' "the totals are cards"
like "$(cat "$TMP/dash.html")" '<td class="num" data-label="Overdue"><a href="/admin/staff?module=example%2Fbasics&amp;state=overdue">3</a></td>' \
	"each number is a link to the list it counts"

# Every number on the dashboard links to a list of that many people, and
# that list's download has as many rows.
page links "$TMP/dash.html" | grep -E '^/admin/staff[^	]*	[0-9]' >"$TMP/numbers"
is "$(wc -l <"$TMP/numbers")" 28 "28 numbers link to the staff list"
bad=""
while IFS=$'\t' read -r href text; do
	n=${text%% *}
	href=$(printf '%s' "$href" | sed 's/&amp;/\&/g')
	got=$(shown "$href")
	curl -s -b "$TMP/d" -o "$TMP/n.csv" "$base${href/\/admin\/staff/\/admin\/staff.csv}"
	csv=$(csv_rows "$TMP/n.csv" | wc -l)
	[ "$got" = "$n" ] && [ "$csv" = "$n" ] || bad="$bad $href=$n (list $got, csv $csv);"
done <"$TMP/numbers"
is "$bad" "" "each number's list, and its CSV, has that many rows"
is "$(shown '/admin/staff?group=Support&state=overdue')" 2 "Support, overdue: 2"
like "$(page rows "$TMP/p.html" | cut -f 1 | tr '\n' ' ')" "A6 A9 " "Fay and Ida"
is "$(shown '/admin/staff?module=example%2Fshort&state=soon')" 1 "short, due soon: 1"
like "$(page rows "$TMP/p.html")" $'A10\tJo Started' "Jo, who started on 20 February"
get '/admin?group=Teaching' >/dev/null
like "$(page rows "$TMP/p.html" | sed 's/\[num\] //g')" $'Listening to a disclosure (example/basics)\t1\t1\t1\t1\t25%' \
	"the modules counted for one group: Teaching's basics"
like "$(cat "$TMP/p.html")" 'href="/admin/staff?module=example%2Fbasics&amp;group=Teaching&amp;state=later"' \
	"linking to that group's list"
is "$(get '/admin?group=Nobody')" 400 "a group that does not exist: 400"

# ---- the staff list: search, filters, order, pages -----------------------

is "$(get /admin/staff)" 200 "the staff list"
page a11y "$TMP/p.html" >"$TMP/a11y"
ok $? "is accessible $(cat "$TMP/a11y")"
like "$(page text "$TMP/p.html")" "Showing 1–50 of 64 people" "the first page shows 1 to 50 of 64"
is "$(page rows "$TMP/p.html" | sed 1d | wc -l)" 50 "50 rows"
is "$(page rows "$TMP/p.html" | head -1 | sed 's/ ▲//')" \
	$'Ref\tName\tEmail\tGroups\tJob role\tStart\tTraining' "its columns"
like "$(page text "$TMP/p.html")" "Page 1 of 2" "page 1 of 2"
like "$(cat "$TMP/p.html")" '<table class="stack">' "rows stack on a phone"
like "$(cat "$TMP/p.html")" '<td data-label="Email">' "each cell under its label"
like "$(page links "$TMP/p.html")" $'/admin/staff?page=2\tNext page' "a link to the next page"
like "$(page links "$TMP/p.html")" $'/admin/staff/A1\tAnn Able' "each name links to the person's page"
like "$(page rows "$TMP/p.html")" $'A2\tBen Behind\tben@school.example\tTeaching\tTeacher\t' \
	"a person's ref, name, email, groups, job role"
like "$(page rows "$TMP/p.html" | grep '^A2')" $'\t2 overdue' "and where they stand"
like "$(page rows "$TMP/p.html" | grep '^A5')" $'\t1 overdue, 1 due soon' "in words, every state"
like "$(page rows "$TMP/p.html" | grep '^A1	')" $'\tup to date' "up to date"
get '/admin/staff?page=2' >/dev/null
like "$(page text "$TMP/p.html")" "Showing 51–64 of 64 people" "page 2 shows 51 to 64"
is "$(page rows "$TMP/p.html" | sed 1d | wc -l)" 14 "14 rows"
like "$(page links "$TMP/p.html")" $'/admin/staff\tPrevious page' "a link back to page 1"
get '/admin/staff?page=9' >/dev/null
like "$(page text "$TMP/p.html")" "Showing 51–64 of 64 people" "a page past the end shows the last"
is "$(get '/admin/staff?page=0')" 400 "page 0: 400"
is "$(get '/admin/staff?page=x')" 400 "a page that is not a number: 400"
is "$(get '/admin/staff?sort=shoe')" 400 "an unknown column to sort by: 400"
is "$(get '/admin/staff?state=asleep')" 400 "an unknown state: 400"
is "$(get '/admin/staff?group=Nobody')" 400 "an unknown group: 400"
is "$(get '/admin/staff?module=example%2Fnone')" 400 "an unknown module: 400"

# names_of PATH: the names on one page of the staff list, one a line.
names_of() { get "$1" >/dev/null; page rows "$TMP/p.html" | sed 1d | cut -f 2; }
# Everyone in post by name, sorted by hand: letters whatever their case.
sql "$VIGIL_DB" "SELECT name FROM learners WHERE left_on IS NULL" |
	python3 -c 'import sys; print("\n".join(sorted(sys.stdin.read().split("\n")[:-1], key=str.lower)))' \
	>"$TMP/by-name"
is "$( (names_of /admin/staff; names_of '/admin/staff?page=2') | tr '\n' '|')" \
	"$(tr '\n' '|' <"$TMP/by-name")" "sorted by name, page after page"
is "$( (names_of '/admin/staff?sort=name&dir=desc'; names_of '/admin/staff?sort=name&dir=desc&page=2') | tr '\n' '|')" \
	"$(tac "$TMP/by-name" | tr '\n' '|')" "and the other way"
like "$(cat "$TMP/p.html")" '<th scope="col" aria-sort="descending"><a href="/admin/staff?sort=name">Name' \
	"the sorted column says so, and its link sorts the other way"
get '/admin/staff?sort=ref' >/dev/null
is "$(page rows "$TMP/p.html" | sed 1d | cut -f 1 | head -12 | tr '\n' ' ')" \
	"A1 A2 A3 A4 A5 A6 A7 A9 A10 F01 F02 F03 " "by reference, A2 before A10"
get '/admin/staff?sort=state&dir=desc' >/dev/null
is "$(page rows "$TMP/p.html" | sed 1d | cut -f 1 | head -4 | tr '\n' ' ')" "A2 A5 A6 A9 " \
	"by training, the furthest behind first"
get '/admin/staff?sort=start' >/dev/null
is "$(page rows "$TMP/p.html" | sed 1d | cut -f 1 | head -4 | tr '\n' ' ')" "A6 A1 A2 A5 " \
	"by start, the earliest first"
like "$(page links "$TMP/p.html")" $'/admin/staff?sort=start&page=2\tNext page' \
	"the pages keep the order"

is "$(shown '/admin/staff?q=ann')" 1 "search by name, any case"
is "$(shown '/admin/staff?q=BEN%40SCHOOL')" 1 "by email"
is "$(shown '/admin/staff?q=a1')" 2 "by reference (A1 and A10)"
is "$(shown '/admin/staff?q=filler')" 55 "55 fillers"
is "$(shown '/admin/staff?q=filler&page=2')" 55 "on two pages"
is "$(shown '/admin/staff?q=zzz')" 0 "a search that finds nobody says so"
like "$(cat "$TMP/p.html")" 'value="zzz"' "and keeps what was typed in the box"
is "$(shown '/admin/staff?q=e&group=Teaching&state=overdue')" 2 "search and filters together (Ben, Eve)"
is "$(shown '/admin/staff?state=left')" 1 "the leavers"
like "$(page rows "$TMP/p.html")" $'A8\tHal Leaver' "Hal"
like "$(page rows "$TMP/p.html")" "left on" "who left"
is "$(shown '/admin/staff?state=all')" 65 "everyone, leavers too"
is "$(shown '/admin/staff?module=example%2Fshort')" 4 "who must do a module"

# ---- the overdue and due-soon lists --------------------------------------

is "$(get /admin/overdue)" 200 "the overdue list"
page a11y "$TMP/p.html" >"$TMP/a11y"
ok $? "is accessible $(cat "$TMP/a11y")"
is "$(page rows "$TMP/p.html" | head -1 | sed 's/ ▲//')" $'Ref\tName\tModule\tDue date\tWhy' "its columns"
is "$(page rows "$TMP/p.html" | sed 1d | cut -f 1,3,5)" \
"A2	Writing it down (example/short)	[s-never] never taken
A5	Writing it down (example/short)	[s-never] never taken
A2	Listening to a disclosure (example/basics)	[s-never] never taken
A6	Listening to a disclosure (example/basics)	[s-expired] expired on 10 January 2026
A9	Listening to a disclosure (example/basics)	[s-failed] not passed on 1 March 2026" \
	"each module overdue, the longest overdue first, and why"
like "$(cat "$TMP/p.html")" '<time datetime="2025-09-11">' "with the day it was due"
is "$(shown '/admin/overdue?state=soon')" 3 "due soon: 3"
is "$(page rows "$TMP/p.html" | sed 1d | cut -f 1,5)" \
"A10	[s-never] never taken
A3	[s-never] never taken
A5	[s-valid] passed, expires on 10 March 2026" "the soonest first"
is "$(shown '/admin/overdue?group=Support')" 2 "overdue in Support"
is "$(shown '/admin/overdue?module=example%2Fshort')" 2 "overdue with short"
is "$(shown '/admin/overdue?q=ben')" 2 "Ben's"
get '/admin/overdue?sort=name&dir=desc' >/dev/null
is "$(page rows "$TMP/p.html" | sed 1d | cut -f 2 | tr '\n' '|')" \
	"Ida Trying|Fay Expired|Eve Expiring|Ben Behind|Ben Behind|" "sorted by name, the other way"
is "$(get '/admin/overdue?state=done')" 400 "the overdue list has no 'up to date'"

# ---- the completion grid --------------------------------------------------

is "$(get /admin/grid)" 200 "the completion grid"
page a11y "$TMP/p.html" >"$TMP/a11y"
ok $? "is accessible $(cat "$TMP/a11y")"
like "$(page rows "$TMP/p.html" | grep '^A1	')" \
	$'A1\tAnn Able\t[s-valid] passed, expires on 1 March 2027\t[s-valid] passed, expires on 1 March 2027' \
	"a row per person, a column per module"
like "$(page text "$TMP/p.html")" "Showing 1–50 of 64 people" "in pages of 50"

# ---- the downloads ---------------------------------------------------------

# csv_of PATH: downloads PATH into $TMP/c.csv (headers in $TMP/c.h).
csv_of() { curl -s -b "$TMP/d" -D "$TMP/c.h" -o "$TMP/c.csv" -w '%{http_code}' "$base$1"; }

is "$(csv_of '/admin/staff.csv')" 200 "the staff list as CSV"
like "$(tr -d '\r' <"$TMP/c.h")" "Content-Type: text/csv; charset=utf-8" "is text/csv"
like "$(tr -d '\r' <"$TMP/c.h")" 'Content-Disposition: attachment; filename="vigil-staff-2026-03-01.csv"' \
	"saved as a file named by the date"
is "$(head -c 3 "$TMP/c.csv" | od -An -tx1 | tr -d ' ')" efbbbf "with a byte-order mark, as the export has"
is "$(head -1 "$TMP/c.csv" | tr -d '\r' | sed 's/^\xef\xbb\xbf//')" \
	'"Ref","Name","Email","Groups","Job role","Start","Training"' "the columns the page shows"
is "$(csv_rows "$TMP/c.csv" | wc -l)" 64 "every page: 64 rows"
is "$(csv_rows "$TMP/c.csv" | cut -f 2 | sed "s/^'=/=/")" "$(cat "$TMP/by-name")" "in the page's order"
like "$(csv_rows "$TMP/c.csv")" $'A2\tBen Behind\tben@school.example\tTeaching\tTeacher\t2025-09-01\t2 overdue' \
	"each row as the page has it, the date as ISO 8601"
grep -q $'^"A7","\'=Gil Formula","gil@school.example","Support","Office","2026-02-20","2 not yet due"\r$' "$TMP/c.csv" ||
	grep -q $'^"A7","\'=Gil Formula"' "$TMP/c.csv"
ok $? "a name that starts with = is quoted and defused with a '"
grep -q $'"=Gil' "$TMP/c.csv"
ok $((!$?)) "and never written bare"
# The page and the download agree, row for row, but the dates' words.
get '/admin/staff?group=Teaching&sort=state&dir=desc' >/dev/null
page rows "$TMP/p.html" | sed 1d | cut -f 1-5,7 >"$TMP/page.rows"
csv_of '/admin/staff.csv?group=Teaching&sort=state&dir=desc' >/dev/null
is "$(csv_rows "$TMP/c.csv" | cut -f 1-5,7)" "$(cat "$TMP/page.rows")" \
	"the download has the page's filters, order and rows"
like "$(page links "$TMP/p.html")" \
	$'/admin/staff.csv?group=Teaching&sort=state&dir=desc\tDownload as CSV (spreadsheet)' \
	"the page links to its download, filters and all"

is "$(csv_of '/admin/overdue.csv')" 200 "the overdue list as CSV"
like "$(tr -d '\r' <"$TMP/c.h")" 'filename="vigil-overdue-2026-03-01.csv"' "named by the date"
is "$(csv_rows "$TMP/c.csv" 0)" "Ref	Name	Module	Due date	Why
A2	Ben Behind	Writing it down (example/short)	2025-09-11	never taken
A5	Eve Expiring	Writing it down (example/short)	2025-09-11	never taken
A2	Ben Behind	Listening to a disclosure (example/basics)	2025-10-01	never taken
A6	Fay Expired	Listening to a disclosure (example/basics)	2026-01-10	expired on 2026-01-10
A9	Ida Trying	Listening to a disclosure (example/basics)	2026-02-14	not passed on 2026-03-01" \
	"its columns and rows, the due dates as ISO 8601"
csv_of '/admin/overdue.csv?state=soon' >/dev/null
is "$(csv_rows "$TMP/c.csv" | cut -f 1,4)" "A10	2026-03-02
A3	2026-03-07
A5	2026-03-10" "and who is due soon, with when"

is "$(csv_of '/admin/grid.csv')" 200 "the grid as CSV"
like "$(tr -d '\r' <"$TMP/c.h")" 'filename="vigil-grid-2026-03-01.csv"' "named by the date"
is "$(csv_rows "$TMP/c.csv" 0 | head -1)" \
	"Ref	Name	Listening to a disclosure (example/basics)	Writing it down (example/short)" \
	"a column per module"
is "$(csv_rows "$TMP/c.csv" | wc -l)" 64 "a row per person in post, every page"
like "$(csv_rows "$TMP/c.csv")" $'A6\tFay Expired\texpired on 2026-01-10\tnever taken' \
	"each cell: the state and its date"
like "$(csv_rows "$TMP/c.csv")" $'A5\tEve Expiring\tpassed, expires on 2026-03-10\tnever taken' \
	"a pass and when it expires"
for p in /admin/staff /admin/overdue /admin/grid; do
	get "$p" >/dev/null
	like "$(page links "$TMP/p.html")" "$p.csv"$'\tDownload as CSV (spreadsheet)' "$p links to its download"
done

# ---- everyone else is refused ----------------------------------------------

curl -s -c "$TMP/l" -b "$TMP/l" -o "$TMP/l.html" "$base/"
curl -s -c "$TMP/l" -b "$TMP/l" -o /dev/null -X POST --data-urlencode "name=Lee Learner" \
	--data-urlencode "ref=L1" --data-urlencode "csrf=$(csrf_of "$TMP/l.html")" "$base/signin"
for p in /admin /admin/staff /admin/staff.csv /admin/overdue /admin/overdue.csv /admin/grid /admin/grid.csv; do
	is "$(curl -s -o /dev/null -w '%{http_code}' -b "$TMP/l" "$base$p")" 403 "a learner is refused $p"
	is "$(curl -s -o /dev/null -w '%{http_code}' "$base$p")" 303 "and someone not signed in is sent to sign in"
done

serve_stop
unlike "$(cat "$TMP/serve.$port.log")" "incident" "the server logged no failure"
unlike "$(cat "$TMP/serve.$port.log")" "runtime error" "nor undefined behaviour"
unlike "$(cat "$TMP/serve.$port.log")" "Sanitizer" "nor a sanitizer report"

done_testing
