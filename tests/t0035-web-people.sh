#!/bin/bash
# The DSL's console on the web (SPEC §4), with curl against the real
# server: the set-up account adds a person and makes them a deputy with a
# password; the deputy signs in with it and changes the roster; a viewer
# sees every admin page and every POST of theirs is refused; a role taken
# away and a leaver are refused at their next request; groups,
# assignments and settings change the records, and every change is in
# the audit log under the name of who made it; bad input is shown again
# with its message by its field, and nothing is lost.
. "$SRCDIR/tests/lib.sh"

command -v curl >/dev/null || { echo "1..0 # SKIP curl is not installed"; exit 0; }

mkdir -p "$TMP/packs"
cp -R "$SRCDIR/tests/packs/example" "$TMP/packs/example"
export VIGIL_PACKS="$TMP/packs"
export VIGIL_NOW=2026-03-01
trap 'serve_stop; rm -rf "$TMP"' EXIT

printf 'correct horse battery\n' | "$VIGIL" admin password >/dev/null 2>&1
ok $? "the set-up account has a password"
port=$(free_port)
base="http://127.0.0.1:$port"
serve_start "$port" --signup roster
ok $? "vigil serve starts"

# get JAR PATH: the status; the page in $TMP/page.html, headers in $TMP/h.
get() {
	curl -s -b "$1" -c "$1" -D "$TMP/h" -o "$TMP/page.html" \
		-w '%{http_code}' "$base$2"
}
# post JAR PATH [NAME=VALUE]...: a form with the session's CSRF token.
post() {
	local jar=$1 path=$2 a
	local -a args=()
	shift 2
	for a in "$@"; do
		args+=(--data-urlencode "$a")
	done
	curl -s -b "$jar" -c "$jar" -D "$TMP/h" -o "$TMP/page.html" \
		-w '%{http_code}' --data-urlencode "csrf=$(cat "$jar.csrf")" \
		"${args[@]+"${args[@]}"}" "$base$path"
}
# signin JAR [WHO] PASSWORD: the admin sign-in form; keeps the session's
# CSRF token in JAR.csrf when it succeeds.
signin() {
	local jar=$1 who=$2 pw=$3 st
	rm -f "$jar"
	curl -s -c "$jar" -b "$jar" -o "$TMP/signin.html" "$base/admin/signin"
	st=$(curl -s -c "$jar" -b "$jar" -D "$TMP/h" -o "$TMP/page.html" \
		-w '%{http_code}' --data-urlencode "who=$who" \
		--data-urlencode "password=$pw" \
		--data-urlencode "csrf=$(csrf_of "$TMP/signin.html")" \
		"$base/admin/signin")
	if [ "$st" = 303 ]; then
		curl -s -b "$jar" -o "$TMP/any.html" "$base/admin/settings"
		csrf_of "$TMP/any.html" >"$jar.csrf"
	fi
	echo "$st"
}
text() { python3 -c '
import html, re, sys
s = open(sys.argv[1], encoding="utf-8").read()
print(" ".join(html.unescape(re.sub(r"<[^>]*>", " ", s)).split()))' "$TMP/page.html"; }
location() { tr -d '\r' <"$TMP/h" | sed -n 's/^Location: //p'; }
audit() { sql "$VIGIL_DB" "SELECT actor || ' | ' || action || ' | ' || detail FROM audit ORDER BY id"; }

# ---- the set-up account adds a person -----------------------------------

is "$(signin "$TMP/dsl" "" 'correct horse battery')" 303 "the set-up account signs in with the password alone"
is "$(location)" /admin "and goes to the records"
like "$(audit)" "set-up account | signed in | as dsl" "its sign-in is in the audit log"
is "$(get "$TMP/dsl" /admin/staff/new)" 200 "the page to add a person"
like "$(cat "$TMP/page.html")" 'name="csrf"' "has the CSRF field"
for f in ref name email job start new_group; do
	like "$(cat "$TMP/page.html")" "<label for=\"$f\">" "and a labelled field $f"
done

learners() { sql "$VIGIL_DB" "SELECT count(*) FROM learners"; }
before=$(learners)
is "$(post "$TMP/dsl" /admin/staff/new ref=T1 name= email=dee@school.example start=2026-01-05)" 422 \
	"a person without a name is refused"
like "$(text)" "Enter their name." "saying so"
like "$(cat "$TMP/page.html")" 'aria-describedby="name-error"' "by the field"
like "$(cat "$TMP/page.html")" 'value="dee@school.example"' "keeping what was typed"
is "$(post "$TMP/dsl" /admin/staff/new ref=T1 'name=Dee Deputy' start=2026-13-05)" 422 "a bad date is refused"
like "$(text)" "Give the first day as a date" "saying so"
like "$(cat "$TMP/page.html")" 'value="2026-13-05"' "keeping the date typed"
is "$(post "$TMP/dsl" /admin/staff/new ref=T1 'name=Dee Deputy' email=dee.school.example)" 422 "a bad email is refused"
like "$(text)" "The email 'dee.school.example' has no @" "saying why"
is "$(learners)" "$before" "and nobody is added"

is "$(post "$TMP/dsl" /admin/staff/new ref=T1 'name=Dee Deputy' email=dee@school.example \
	job=Teacher 'new_group=Teaching staff' start=2026-01-05)" 303 "a person is added"
is "$(location)" "/admin/staff/T1?done=added" "and the page goes to theirs"
is "$(sql "$VIGIL_DB" "SELECT ref, name, email, role, start, left_on IS NULL FROM learners WHERE ref = 'T1'")" \
	"T1|Dee Deputy|dee@school.example|Teacher|2026-01-05|1" "with every field"
is "$(sql "$VIGIL_DB" "SELECT g.name FROM groups g JOIN learner_groups m ON m.group_id = g.id
	JOIN learners l ON l.id = m.learner_id WHERE l.ref = 'T1'")" "Teaching staff" "in a new group"
is "$(post "$TMP/dsl" /admin/staff/new ref=T1 'name=Another')" 422 "a reference already in the roster is refused"
like "$(text)" "already has the reference T1" "saying so"
is "$(sql "$VIGIL_DB" "SELECT name FROM learners WHERE ref = 'T1'")" "Dee Deputy" "and the person there is unchanged"
is "$(get "$TMP/dsl" "/admin/staff/T1?done=added")" 200 "their page, by reference"
like "$(text)" "Added." "with the notice"
like "$(text)" "First day in post" "and their details"
is "$(get "$TMP/dsl" /admin/staff/t1)" 200 "a reference in another case finds them too"
is "$(get "$TMP/dsl" /admin/staff/NOBODY)" 404 "someone not in the roster: 404"

is "$(get "$TMP/dsl" /admin/staff/new)" 200 "the page to add a person, with a group to tick"
like "$(cat "$TMP/page.html")" 'value="Teaching staff">' "offers the groups there are"
for p in P1:Pat\ Person V1:Val\ Viewer L1:Lou\ Leaver; do
	post "$TMP/dsl" /admin/staff/new "ref=${p%%:*}" "name=${p#*:}" start=2026-02-01 >/dev/null
done
is "$(learners)" 4 "three more are added"

# ---- a deputy, with a password ------------------------------------------

is "$(post "$TMP/dsl" /admin/staff/T1/password new_password='a long enough one' new_password2='a long enough one')" 422 \
	"a password before a role is refused"
is "$(post "$TMP/dsl" /admin/staff/T1/role access=deputy)" 303 "the DSL makes them a deputy"
is "$(sql "$VIGIL_DB" "SELECT access FROM learners WHERE ref = 'T1'")" deputy "so the roster says"
is "$(post "$TMP/dsl" /admin/staff/T1/role access=king)" 422 "a role that is not one is refused"
is "$(post "$TMP/dsl" /admin/staff/T1/password new_password=short new_password2=short)" 422 \
	"a short password is refused"
like "$(text)" "it needs at least 12, as short ones are easily guessed" "saying why, as the command line does"
is "$(post "$TMP/dsl" /admin/staff/T1/password new_password='the deputy password' new_password2='the deputy passw0rd')" 422 \
	"two passwords that differ are refused"
like "$(text)" "not the same" "saying so"
is "$(sql "$VIGIL_DB" "SELECT password IS NULL FROM learners WHERE ref = 'T1'")" 1 "and no password is set"
is "$(post "$TMP/dsl" /admin/staff/T1/password new_password='the deputy password' new_password2='the deputy password')" 303 \
	"the DSL sets the deputy's password"
is "$(sql "$VIGIL_DB" "SELECT substr(password, 1, 10) FROM learners WHERE ref = 'T1'")" '$argon2id$' "as an Argon2id hash"

is "$(signin "$TMP/dep" T1 'not the password')" 401 "a wrong password is refused"
like "$(text)" "That reference and password do not match." "without saying which is wrong"
is "$(signin "$TMP/dep" NOBODY 'the deputy password')" 401 "so is someone unknown"
is "$(signin "$TMP/dep" DEE@SCHOOL.EXAMPLE 'the deputy password')" 303 "the deputy signs in with their email in any case"
is "$(signin "$TMP/dep" T1 'the deputy password')" 303 "or with their reference"
like "$(audit)" "T1 (Dee Deputy) | signed in | as deputy" "the audit log names them signing in"
is "$(get "$TMP/dep" /admin)" 200 "the deputy reads the records"
is "$(post "$TMP/dep" /admin/staff/P1 'name=Pat Renamed' email=pat@school.example job=TA start=2026-02-02 \
	'groups=Teaching staff')" 303 "the deputy edits someone"
is "$(sql "$VIGIL_DB" "SELECT name, email, role, start FROM learners WHERE ref = 'P1'")" \
	"Pat Renamed|pat@school.example|TA|2026-02-02" "the change is recorded"
like "$(audit)" "T1 (Dee Deputy) | learner changed | P1" "under the deputy's name"
is "$(post "$TMP/dep" /admin/staff/P1 name= start=2026-02-02)" 422 "an edit that empties the name is refused"
is "$(sql "$VIGIL_DB" "SELECT name FROM learners WHERE ref = 'P1'")" "Pat Renamed" "and loses nothing"
is "$(post "$TMP/dep" /admin/staff/P1 'name=Pat Renamed' start=yesterday)" 422 "so is a bad first day"
is "$(post "$TMP/dep" /admin/staff/V1/role access=viewer)" 303 "the deputy makes someone a viewer"
post "$TMP/dep" /admin/staff/V1/password new_password='the viewer password' new_password2='the viewer password' >/dev/null
is "$(sql "$VIGIL_DB" "SELECT access, password IS NOT NULL FROM learners WHERE ref = 'V1'")" "viewer|1" \
	"with a password"

# A role holder signing in with their personal link reaches both sides.
link=$("$VIGIL" learner link T1 --base "$base/" 2>/dev/null | head -n 1)
rm -f "$TMP/deplink"
get "$TMP/deplink" "${link#"$base"}" >/dev/null
curl -s -b "$TMP/deplink" -c "$TMP/deplink" -o /dev/null --data-urlencode "csrf=$(csrf_of "$TMP/page.html")" \
	"$base${link#"$base"}"
is "$(get "$TMP/deplink" /)" 200 "the deputy signs in with their link"
like "$(cat "$TMP/page.html")" '<a href="/admin">Completion records</a>' "and the header leads to the records"
like "$(cat "$TMP/page.html")" '<a href="/">Your training</a>' "as well as their own training"
is "$(get "$TMP/deplink" /admin/groups)" 200 "and the records open"

# ---- a viewer sees everything and changes nothing -----------------------

is "$(signin "$TMP/view" V1 'the viewer password')" 303 "the viewer signs in"
gets="/admin /admin/overdue /admin/staff/P1 /admin/staff/P1/forget /admin/staff/new /admin/groups
	/admin/groups/remove?group=Teaching%20staff /admin/assignments /admin/settings /admin/import
	/admin/export.csv /admin/audit /admin/audit.csv /admin/groups.csv /admin/assignments.csv
	/admin/reminders"
for p in $gets; do
	is "$(get "$TMP/view" "$p")" 200 "the viewer reads $p"
done
get "$TMP/view" /admin/staff/P1 >/dev/null
unlike "$(cat "$TMP/page.html")" 'method="post" action="/admin/staff' "without the forms that change a person"
for p in /admin/settings /admin/import /admin/staff/P1/forget /admin/staff/new /admin/groups \
	/admin/groups/remove?group=Teaching%20staff /admin/assignments; do
	get "$TMP/view" "$p" >/dev/null
	unlike "$(cat "$TMP/page.html")" 'action="/admin/' "nor a form that would change anything on $p"
done
# Every POST route of the DSL's pages, from the route tables.
posts=$(sed -n 's/.*{ "POST", "\(\/admin\/[^"]*\)".*/\1/p' "$SRCDIR"/src/web-admin*.c |
	grep -v -e '^/admin/signin$' -e '^/admin/signout$' | sed 's/\*/P1/g')
is "$(printf '%s\n' "$posts" | wc -l | tr -d ' ')" 17 "seventeen admin routes change something"
snapshot() { { sql "$VIGIL_DB" "SELECT * FROM learners"; sql "$VIGIL_DB" "SELECT count(*) FROM audit"; } | md5sum; }
snap=$(snapshot)
groups=$(sql "$VIGIL_DB" "SELECT count(*) FROM groups")
for p in $posts; do
	is "$(post "$TMP/view" "$p" name=X confirm=P1 access=dsl group='Teaching staff' \
		module=example/basics within=5 school_name=X)" 403 "the viewer is refused POST $p"
	like "$(text)" "Viewers can see these pages but not change anything." "saying why"
done
is "$(snapshot)" "$snap" "and nothing changed"
is "$(sql "$VIGIL_DB" "SELECT (SELECT count(*) FROM groups) || ' ' || (SELECT count(*) FROM settings) || ' ' ||
	(SELECT count(*) FROM assignments)")" "$groups 0 0" "no group, setting or assignment either"

# ---- a role taken away, and a leaver ------------------------------------

is "$(post "$TMP/dsl" /admin/staff/V1/role access=none)" 303 "the DSL takes the viewer's role away"
is "$(sql "$VIGIL_DB" "SELECT access IS NULL, password IS NULL FROM learners WHERE ref = 'V1'")" "1|1" \
	"with their password"
like "$(audit)" "set-up account | role taken away | V1: no role (was viewer)" "in the audit log"
is "$(get "$TMP/view" /admin)" 403 "their next request is refused"
like "$(text)" "These pages are for the DSL only." "as for anyone without a role"
is "$(signin "$TMP/view" V1 'the viewer password')" 401 "and their password no longer signs in"

link=$("$VIGIL" learner link L1 --base "$base/" 2>/dev/null | head -n 1)
rm -f "$TMP/lou"
get "$TMP/lou" "${link#"$base"}" >/dev/null
curl -s -b "$TMP/lou" -c "$TMP/lou" -o /dev/null --data-urlencode "csrf=$(csrf_of "$TMP/page.html")" \
	"$base${link#"$base"}"
get "$TMP/lou" / >/dev/null
like "$(text)" "Signed in as Lou Leaver" "a member of staff signs in with their link"
is "$(post "$TMP/dsl" /admin/staff/L1/leave left_on=2026-02-30)" 422 "a leaving date that is not one is refused"
like "$(text)" "Give the last day as a date" "saying so"
is "$(sql "$VIGIL_DB" "SELECT left_on IS NULL FROM learners WHERE ref = 'L1'")" 1 "and they are still in post"
is "$(post "$TMP/dsl" /admin/staff/L1/leave left_on=)" 303 "the DSL marks them as a leaver"
is "$(sql "$VIGIL_DB" "SELECT left_on FROM learners WHERE ref = 'L1'")" 2026-03-01 "today, when no day is given"
like "$(audit)" "set-up account | learner left | L1, on 2026-03-01" "in the audit log"
get "$TMP/lou" / >/dev/null
unlike "$(text)" "Signed in as Lou Leaver" "the leaver's session stops working"
is "$(get "$TMP/lou" "${link#"$base"}")" 404 "and so does their link"
get "$TMP/dsl" /admin/staff/L1 >/dev/null
like "$(text)" "They left on" "their page says they left"
like "$(cat "$TMP/page.html")" 'action="/admin/staff/L1/return"' "with the way back"
is "$(post "$TMP/dsl" /admin/staff/L1/role access=dsl)" 422 "a leaver cannot be given a role"
is "$(post "$TMP/dsl" /admin/staff/L1/return)" 303 "the DSL brings them back in post"
is "$(sql "$VIGIL_DB" "SELECT left_on IS NULL FROM learners WHERE ref = 'L1'")" 1 "so the roster says"

# ---- groups --------------------------------------------------------------

is "$(get "$TMP/dep" /admin/groups)" 200 "the groups page"
like "$(text)" "Teaching staff 2 0" "lists each group with how many are in it"
like "$(cat "$TMP/page.html")" '<a href="/admin/staff?group=Teaching%20staff">2</a>' \
	"each count leading to the list of those people"
is "$(post "$TMP/dep" /admin/groups/add 'name=Support staff')" 303 "the deputy adds a group"
is "$(location)" "/admin/groups?done=added" "and comes back to the groups"
is "$(post "$TMP/dep" /admin/groups/add 'name=support STAFF')" 422 "a name in use, in any case, is refused"
like "$(text)" "There is already a group called Support staff." "saying so"
like "$(cat "$TMP/page.html")" 'value="support STAFF"' "keeping what was typed"
is "$(post "$TMP/dep" /admin/groups/add name=)" 422 "so is an empty name"
is "$(post "$TMP/dep" /admin/groups/rename 'from=Support staff' 'to=Teaching staff')" 422 \
	"a rename to a name in use is refused"
is "$(post "$TMP/dep" /admin/groups/rename 'from=Support staff' 'to=Support team')" 303 "a group is renamed"
is "$(sql "$VIGIL_DB" "SELECT name FROM groups ORDER BY name")" "Support team
Teaching staff" "the groups are recorded"
like "$(audit)" "T1 (Dee Deputy) | group added | Support staff" "adding is in the audit log"
like "$(audit)" "T1 (Dee Deputy) | group renamed | Support staff, now Support team" "and renaming"

# ---- assignments ---------------------------------------------------------

is "$(get "$TMP/dep" /admin/assignments)" 200 "the assignments page"
like "$(text)" "With no assignment at all, every installed module is assigned to everyone within 30 days" \
	"says what happens with none"
like "$(cat "$TMP/page.html")" '<option value="example/basics">' "offers the installed modules"
is "$(post "$TMP/dep" /admin/assignments module=example/basics 'group=Support team' within=0)" 422 \
	"within 0 days is refused"
like "$(text)" "whole number from 1 to 3650" "saying what is wanted"
is "$(post "$TMP/dep" /admin/assignments module=example/nothing within=10)" 422 "a module not installed is refused"
is "$(post "$TMP/dep" /admin/assignments module=example/basics group=Nobody within=10)" 422 "so is a group that is not one"
is "$(sql "$VIGIL_DB" "SELECT count(*) FROM assignments")" 0 "and nothing is assigned"
is "$(post "$TMP/dep" /admin/assignments module=example/basics 'group=Support team' within=14)" 303 \
	"a module is assigned to a group"
is "$(post "$TMP/dep" /admin/assignments module=example/short group= within=)" 422 "the days must be given"
is "$(post "$TMP/dep" /admin/assignments module=example/short group= within=60)" 303 "and to everyone"
is "$(sql "$VIGIL_DB" "SELECT a.pack || '/' || a.module, ifnull(g.name, 'everyone'), a.within_days
	FROM assignments a LEFT JOIN groups g ON g.id = a.group_id ORDER BY a.module")" \
	"example/basics|Support team|14
example/short|everyone|60" "both are recorded"
like "$(audit)" "T1 (Dee Deputy) | module assigned | example/basics" "in the audit log"
get "$TMP/dep" /admin/assignments >/dev/null
like "$(text)" "Support team 14 days" "the table shows who and within how long"
like "$(cat "$TMP/page.html")" 'href="/admin/assignments.csv"' "and offers it as CSV"
is "$(get "$TMP/dep" /admin/assignments.csv)" 200 "the assignments download"
like "$(tr -d '\r' <"$TMP/h")" 'filename="vigil-assignments-' "as a dated file"
is "$(sed 's/^\xef\xbb\xbf//' "$TMP/page.html" | tr -d '\r')" '"Module","Who","Within"
"Listening to a disclosure (example/basics)","Support team","14 days"
"Writing it down (example/short)","Everyone","60 days"' "with the page's columns and rows"
is "$(get "$TMP/dep" /admin/groups.csv)" 200 "the groups download"
is "$(sed 's/^\xef\xbb\xbf//' "$TMP/page.html" | tr -d '\r' | head -n 1)" '"Group","People in post","Assignments"' \
	"with the page's columns"
like "$(sed 's/^\xef\xbb\xbf//' "$TMP/page.html" | tr -d '\r')" '"Support team","' "and a row per group"
is "$(( $(sed 's/^\xef\xbb\xbf//' "$TMP/page.html" | wc -l) - 1 ))" "$(sql "$VIGIL_DB" "SELECT count(*) FROM groups")" \
	"every group"
is "$(post "$TMP/dep" /admin/assignments/remove module=example/short group=)" 303 "an assignment is removed"
is "$(sql "$VIGIL_DB" "SELECT count(*) FROM assignments")" 1 "so the records say"
like "$(audit)" "T1 (Dee Deputy) | module unassigned | example/short" "in the audit log"

is "$(get "$TMP/dep" "/admin/groups/remove?group=Support%20team")" 200 "removing a group asks first"
like "$(text)" "1 assignment goes with it" "saying how many assignments go with it"
is "$(sql "$VIGIL_DB" "SELECT count(*) FROM groups")" 2 "asking removes nothing"
is "$(post "$TMP/dep" /admin/groups/remove 'group=Support team')" 303 "the group is removed"
is "$(sql "$VIGIL_DB" "SELECT (SELECT count(*) FROM groups) || ' ' || (SELECT count(*) FROM assignments)")" \
	"1 0" "with its assignment"
like "$(audit)" "T1 (Dee Deputy) | group removed | Support team" "in the audit log"

# ---- settings ------------------------------------------------------------

is "$(get "$TMP/dep" /admin/settings)" 200 "the settings page"
for k in school_name base_url lead_title lead_short leads smtp_url smtp_user smtp_password mail_from remind_every_days; do
	like "$(cat "$TMP/page.html")" "<label for=\"$k\">" "has the setting $k"
done
like "$(cat "$TMP/page.html")" 'type="password" id="smtp_password"' "the mail password is a password field"
is "$(post "$TMP/dep" /admin/settings 'school_name=Hilltop Primary' remind_every_days=0)" 422 \
	"a bad value is refused"
like "$(cat "$TMP/page.html")" 'aria-describedby="remind_every_days-hint remind_every_days-error"' "by its field"
like "$(cat "$TMP/page.html")" 'value="Hilltop Primary"' "keeping what was typed"
is "$(sql "$VIGIL_DB" "SELECT count(*) FROM settings")" 0 "and nothing is saved"
is "$(post "$TMP/dep" /admin/settings 'school_name=Hilltop Primary' lead_short=DSDL \
	smtp_password='mail secret 42' remind_every_days=7)" 303 "the settings are saved"
is "$(sql "$VIGIL_DB" "SELECT key || '=' || value FROM settings ORDER BY key")" \
	"lead_short=DSDL
remind_every_days=7
school_name=Hilltop Primary
smtp_password=mail secret 42" "as typed"
like "$(audit)" "T1 (Dee Deputy) | setting changed | school_name = Hilltop Primary" "in the audit log"
like "$(audit)" "T1 (Dee Deputy) | setting changed | smtp_password: changed" "the password's change without it"
unlike "$(audit)" "mail secret" "never its value"
get "$TMP/dep" /admin/settings >/dev/null
unlike "$(cat "$TMP/page.html")" "mail secret" "the page never shows the mail password"
like "$(cat "$TMP/page.html")" '<a class="name" href="/">Hilltop Primary</a>' "the school's name heads every page"
post "$TMP/dep" /admin/settings 'school_name=Hilltop Primary' lead_short=DSDL smtp_password= remind_every_days=7 >/dev/null
is "$(location)" "/admin/settings?done=same" "saving again with the password left empty changes nothing"
is "$(sql "$VIGIL_DB" "SELECT value FROM settings WHERE key = 'smtp_password'")" "mail secret 42" \
	"and keeps the password"
link=$("$VIGIL" learner link P1 --base "$base/" 2>/dev/null | head -n 1)
rm -f "$TMP/anon"
get "$TMP/anon" "${link#"$base"}" >/dev/null
curl -s -b "$TMP/anon" -c "$TMP/anon" -o /dev/null --data-urlencode "csrf=$(csrf_of "$TMP/page.html")" \
	"$base${link#"$base"}"
is "$(get "$TMP/anon" /admin)" 403 "someone without a role is refused"
like "$(text)" "These pages are for the DSDL only." "in the school's own words"

# ---- the old addresses ---------------------------------------------------

id=$(sql "$VIGIL_DB" "SELECT id FROM learners WHERE ref = 'P1'")
is "$(get "$TMP/dep" "/admin/learners/$id")" 303 "a person's old address by number"
is "$(location)" /admin/staff/P1 "leads to their address by reference"
get "$TMP/dep" /admin/staff/P1 >/dev/null
like "$(cat "$TMP/page.html")" '<a class="button" href="/admin/staff/P1/forget">' \
	"their page still offers forgetting them, by a typed reference"

# ---- the dashboard leads to every page; the audit log --------------------

get "$TMP/dep" /admin >/dev/null
for l in /admin/staff /admin/staff/new /admin/groups /admin/assignments /admin/settings /admin/audit; do
	like "$(cat "$TMP/page.html")" "href=\"$l\"" "the dashboard links to $l"
done
get "$TMP/dep" /admin/staff >/dev/null
like "$(cat "$TMP/page.html")" 'href="/admin/staff/new">Add a member of staff' "the staff list offers to add one"
get "$TMP/view" /admin/staff >/dev/null
unlike "$(cat "$TMP/page.html")" 'Add a member of staff' "but not to a viewer"
# Enough rows for a second page.
for i in $(seq 30); do
	"$VIGIL" settings leads "Leads, version $i" >/dev/null 2>&1
done
is "$(get "$TMP/dep" /admin/audit)" 200 "the audit log page"
rows=$(python3 "$SRCDIR/tests/page.py" rows "$TMP/page.html" | sed 1d)
newest=$(sql "$VIGIL_DB" "SELECT actor || ' ' || action FROM audit ORDER BY id DESC LIMIT 1")
like "$(printf '%s\n' "$rows" | head -n 1 | tr '\t' ' ')" "$newest" "newest first ($newest)"
total=$(sql "$VIGIL_DB" "SELECT count(*) FROM audit")
shown=$(printf '%s\n' "$rows" | wc -l | tr -d ' ')
is "$shown" 50 "50 rows a page ($total in all)"
like "$(cat "$TMP/page.html")" 'href="/admin/audit?page=2"' "with a next page"
is "$(get "$TMP/dep" "/admin/audit?page=2")" 200 "which opens"
is "$(python3 "$SRCDIR/tests/page.py" rows "$TMP/page.html" | sed 1d | wc -l | tr -d ' ')" \
	"$((total - 50))" "with the rest"
is "$(get "$TMP/dep" "/admin/audit?page=x")" 400 "a page that is not a number is refused"
is "$(get "$TMP/dep" /admin/audit.csv)" 200 "the audit log downloads"
like "$(tr -d '\r' <"$TMP/h")" "filename=\"vigil-audit-" "as a dated file"
is "$(sed 's/^\xef\xbb\xbf//' "$TMP/page.html" | head -n 1 | tr -d '\r')" '"time","actor","action","detail"' "with its header"
is "$(($(python3 -c 'import csv,sys; print(sum(1 for _ in csv.reader(open(sys.argv[1], encoding="utf-8-sig"))))' "$TMP/page.html") - 1))" \
	"$(sql "$VIGIL_DB" "SELECT count(*) FROM audit")" "and every row"
rm -f "$TMP/nobody"
is "$(get "$TMP/nobody" /admin/audit)" 303 "nobody signed in is sent to sign in"

# ---- a sign-in link made on the web ---------------------------------------

old=$("$VIGIL" learner link P1 --base "$base/" 2>/dev/null | head -n 1)
get "$TMP/dep" /admin/staff/P1 >/dev/null
like "$(cat "$TMP/page.html")" 'action="/admin/staff/P1/link"' "a person's page offers a sign-in link"
is "$(post "$TMP/dep" /admin/staff/P1/link)" 200 "the deputy makes one"
new=$(sed -n 's/.*id="link" readonly spellcheck="false" value="\([^"]*\)".*/\1/p' "$TMP/page.html")
case "$new" in "$base/signin/"?*) r=0 ;; *) r=1 ;; esac
ok $r "shown once, at the server's address ($new)"
like "$(text)" "The link made before this one no longer works." "saying the old one stops"
like "$(audit)" "sign-in link made | P1" "in the audit log"
rm -f "$TMP/p1"
is "$(get "$TMP/p1" "${new#"$base"}")" 200 "the new link opens"
is "$(get "$TMP/p1" "${old#"$base"}")" 404 "the old one does not"
"$VIGIL" settings base_url https://training.school.example >/dev/null 2>&1
post "$TMP/dep" /admin/staff/P1/link >/dev/null
like "$(cat "$TMP/page.html")" 'value="https://training.school.example/signin/' \
	"with base_url set, links are made from it"
"$VIGIL" learner leave L1 >/dev/null 2>&1
is "$(post "$TMP/dep" /admin/staff/L1/link)" 409 "no link for a leaver"
is "$(post "$TMP/dep" /admin/staff/NOBODY/link)" 404 "nor for nobody"

serve_stop
is "$(sql "$VIGIL_DB" "PRAGMA integrity_check")" ok "the database is intact"
unlike "$(cat "$TMP"/serve.*.log)" "Sanitizer" "the server logged no sanitizer report"
unlike "$(cat "$TMP"/serve.*.log)" "runtime error" "nor undefined behaviour"

done_testing
