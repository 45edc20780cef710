#!/bin/bash
# Mail from the web server (SPEC §4), with curl and a real SMTP server on a
# loopback port: the DSL's reminders page lists who would get a reminder
# and why; its button (dsl and deputy only) has the server's mail worker
# send them, and the log shows each, accepted or refused; and in roster
# mode a person asks for a sign-in link by email: a known address gets one
# link that signs them in once, within an hour, and an unknown one gets
# nothing, behind the same page; requests are limited per address and per
# client.
. "$SRCDIR/tests/lib.sh"

command -v curl >/dev/null || { echo "1..0 # SKIP curl is not installed"; exit 0; }
smtp_needs

mkdir -p "$TMP/packs"
cp -R "$SRCDIR/tests/packs/example" "$TMP/packs/example"
export VIGIL_PACKS="$TMP/packs"
export VIGIL_NOW=2026-03-01T09:00:00Z
trap 'serve_stop; rm -rf "$TMP"' EXIT
SINK="$TMP/sink"
smtp_start "$SINK"
ok $? "the SMTP server listens (port $SMTP_PORT)"

# ---- the school ----------------------------------------------------------

# Overdue (every module due 30 days from the start), due soon, without an
# email, a leaver, and staff with roles who are up to date for now.
add() { "$VIGIL" learner add "$@" >/dev/null 2>&1; }
add S1 --name "Siân Evans" --email sian@school.example --start 2026-01-01
add F2 --name "Ffion ap Gwilym" --email Ffion@School.Example --start 2026-02-05
add C3 --name "Cai Jones" --start 2026-01-01
add L4 --name "Lee Leaver" --email lee@school.example --start 2026-01-01
"$VIGIL" learner leave L4 >/dev/null 2>&1
add D5 --name "Dana Deputy" --email dana@school.example --start 2026-02-28
add V6 --name "Vic Viewer" --email vic@school.example --start 2026-02-28
"$VIGIL" learner grant D5 deputy >/dev/null 2>&1
"$VIGIL" learner grant V6 viewer >/dev/null 2>&1
printf 'deputy pass phrase\n' | "$VIGIL" learner password D5 >/dev/null 2>&1
printf 'viewer pass phrase\n' | "$VIGIL" learner password V6 >/dev/null 2>&1
printf 'correct horse battery\n' | "$VIGIL" admin password >/dev/null 2>&1
ok $? "the school has staff, a deputy, a viewer and a set-up password"

port=$(free_port)
base="http://127.0.0.1:$port"
serve_start "$port" --signup roster
ok $? "vigil serve starts in roster mode"

get() {
	curl -s -b "$1" -c "$1" -D "$TMP/h" -o "$TMP/page.html" \
		-w '%{http_code}' "$base$2"
}
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
t = " ".join(html.unescape(re.sub(r"<[^>]*>", " ", s)).split())
print(re.sub(r" ([,.:;)])", r"\1", t))' "${1:-$TMP/page.html}"; }
location() { tr -d '\r' <"$TMP/h" | sed -n 's/^Location: //p'; }
# wait_mail N: waits (at most 20 s) until the sink holds N messages.
wait_mail() {
	local i
	for i in $(seq 200); do
		[ "$(smtp_count "$SINK")" -ge "$1" ] && return 0
		sleep 0.1
	done
	return 1
}
# settle: a moment for mail that should not come, then the count.
settle() { sleep "${1:-1}"; smtp_count "$SINK"; }
mail_log() { sql "$VIGIL_DB" "SELECT kind || '|' || email || '|' || coalesce(error, '') FROM mail_log ORDER BY id"; }
read_mail() { /usr/bin/python3 "$SRCDIR/tests/mail-read.py" "$1"; }
# The row of the reminders table that names a person.
row_of() { python3 -c '
import html, re, sys
s = open(sys.argv[1], encoding="utf-8").read()
for tr in re.findall(r"<tr>.*?</tr>", s, re.S):
    t = " ".join(html.unescape(re.sub(r"<[^>]*>", " ", tr)).split())
    if sys.argv[2] in t:
        print(re.sub(r" ([,.:;)])", r"\1", t))
        break' "$TMP/page.html" "$1"; }

# ---- the reminders page, before the mail server is set ------------------

is "$(signin "$TMP/dsl" "" 'correct horse battery')" 303 "the set-up account signs in"
is "$(get "$TMP/dsl" /admin)" 200 "the dashboard"
like "$(cat "$TMP/page.html")" 'href="/admin/reminders"' "links to the reminders page"
is "$(get "$TMP/dsl" /admin/reminders)" 200 "the reminders page"
like "$(text)" "Reminders cannot be sent until the mail server is set" \
	"warns that the mail server is not set"
like "$(cat "$TMP/page.html")" 'href="/admin/settings"' "linking to the settings"
unlike "$(cat "$TMP/page.html")" 'action="/admin/reminders"' "and has no button"
is "$(post "$TMP/dsl" /admin/reminders)" 409 "a POST then is refused"
is "$(settle 0.5)" 0 "and sends nothing"

"$VIGIL" settings smtp_url "smtp://127.0.0.1:$SMTP_PORT" >/dev/null 2>&1 &&
	"$VIGIL" settings mail_from vigil@school.example >/dev/null 2>&1 &&
	"$VIGIL" settings school_name "Ysgol Test" >/dev/null 2>&1
ok $? "the mail settings are set (base_url is not)"

# ---- who would get a reminder now, and why -------------------------------

is "$(get "$TMP/dsl" /admin/reminders)" 200 "the reminders page again"
page=$(text)
unlike "$page" "cannot be sent until" "no warning now"
like "$(cat "$TMP/page.html")" '<form method="post" action="/admin/reminders">' \
	"a form to send them"
like "$page" "Send reminders to the 2 people marked" "for two people"
like "$(row_of "Siân Evans")" "sian@school.example" "Siân is listed with her address"
like "$(row_of "Siân Evans")" "overdue, due on 31 January 2026" "her modules overdue, with the date in words"
like "$(row_of "Siân Evans")" "Sent now" "and she is sent one now"
like "$(cat "$TMP/page.html")" 'href="/admin/staff/S1"' "her name links to her page"
like "$(row_of "Ffion ap Gwilym")" "due on 7 March 2026" "Ffion is due soon"
like "$(row_of "Ffion ap Gwilym")" "Sent now" "and is sent one now"
like "$(row_of "Cai Jones")" "no email address" "Cai has no email address"
unlike "$page" "Lee Leaver" "a leaver is not listed"
unlike "$page" "Dana Deputy" "nor someone who is not yet due"
like "$page" "No email has been sent yet" "the log is empty"

# ---- a viewer sees it, and cannot send -----------------------------------

is "$(signin "$TMP/viewer" V6 'viewer pass phrase')" 303 "the viewer signs in"
is "$(get "$TMP/viewer" /admin/reminders)" 200 "the viewer sees the page"
like "$(row_of "Siân Evans")" "Sent now" "with the same list"
unlike "$(cat "$TMP/page.html")" 'action="/admin/reminders"' "but no button"
csrf_of "$TMP/page.html" >"$TMP/viewer.csrf"
is "$(post "$TMP/viewer" /admin/reminders)" 403 "a viewer's POST is refused"
is "$(settle 1)" 0 "and nothing is sent"

# ---- the deputy sends; one is refused -------------------------------------

echo 1 >"$SINK/refuse"
is "$(signin "$TMP/deputy" D5 'deputy pass phrase')" 303 "the deputy signs in"
get "$TMP/deputy" /admin/reminders >/dev/null
csrf_of "$TMP/page.html" >"$TMP/deputy.csrf"
is "$(post "$TMP/deputy" /admin/reminders)" 303 "the deputy presses Send reminders"
is "$(location)" "/admin/reminders?done=started" "and goes back to the page"
get "$TMP/deputy" "/admin/reminders?done=started" >/dev/null
like "$(text)" "Sending has started" "which says that sending has started"
wait_mail 1
ok $? "a reminder arrives"
for i in $(seq 100); do
	[ "$(sql "$VIGIL_DB" "SELECT count(*) FROM mail_log")" -ge 2 ] && break
	sleep 0.1
done
is "$(settle 0.5)" 1 "one was accepted (the server refused the other)"
is "$(sql "$VIGIL_DB" "SELECT count(*) FROM mail_log WHERE error IS NULL")|$(sql "$VIGIL_DB" "SELECT count(*) FROM mail_log WHERE error IS NOT NULL")" \
	"1|1" "the mail log has one accepted and one refused"
is "$(sql "$VIGIL_DB" "SELECT actor || '|' || action FROM audit WHERE action LIKE 'reminders%' ORDER BY id DESC LIMIT 1")" \
	"D5 (Dana Deputy)|reminders sent" "the audit log names the deputy as who sent them"
got=$(cat "$SINK/0001.rcpt")
case "$got" in sian@school.example | Ffion@School.Example) r=0 ;; *) r=1 ;; esac
ok $r "the reminder went to one of the two ($got)"
read_mail "$SINK/0001.eml" >"$TMP/m1"
like "$(cat "$TMP/m1")" "Link: $base/signin/" \
	"its link is the address the DSL's page came to, as base_url is not set"
get "$TMP/deputy" /admin/reminders >/dev/null
page=$(text)
like "$page" "accepted" "the log shows the accepted one"
like "$page" "not sent: " "and the refused one, with the server's answer"
like "$page" "451 4.3.0 try again later" "in its words"
like "$page" "1 March 2026" "the log says when"
if [ "$got" = sian@school.example ]; then refused="Ffion ap Gwilym"; else refused="Siân Evans"; fi
sent_to=$([ "$refused" = "Siân Evans" ] && echo "Ffion ap Gwilym" || echo "Siân Evans")
like "$(row_of "$sent_to")" "Not now: reminded on 1 March 2026, next on 8 March 2026" \
	"the one reminded is not sent another, and the page says when next"
like "$(row_of "$refused")" "Sent now" "the refused one is still to be sent"
like "$page" "Send reminders to the 1 person marked" "one person now"

# Pressing again sends the one refused, and nobody twice.
is "$(post "$TMP/dsl" /admin/reminders)" 303 "the set-up account presses it again"
wait_mail 2
ok $? "the refused reminder is sent"
is "$(settle 1)" 2 "and nothing more"

# ---- sign-in by email ------------------------------------------------------

# The sign-in page of roster mode has the form.
J="$TMP/anon"
is "$(get "$J" /)" 200 "the sign-in page"
like "$(cat "$TMP/page.html")" '<form method="post" action="/signin/email">' \
	"has the form to email a link"
like "$(cat "$TMP/page.html")" 'autocomplete="email"' "whose field is an email field"
like "$(cat "$TMP/page.html")" '<label for="email">' "with a label"
csrf_of "$TMP/page.html" >"$J.csrf"
is "$(get "$J" /signin/email)" 200 "GET /signin/email is the same form"
like "$(cat "$TMP/page.html")" '<form method="post" action="/signin/email">' "with the form"

# ask ADDRESS [JAR]: asks for a link as a client not signed in.
ask() {
	local jar=${2:-$J}
	rm -f "$jar"
	curl -s -c "$jar" -b "$jar" -o "$TMP/form.html" "$base/" &&
		csrf_of "$TMP/form.html" >"$jar.csrf"
	post "$jar" /signin/email "email=$1"
}
n=$(smtp_count "$SINK")
is "$(ask "  SIAN@school.example ")" 200 "a known address, in another case and with spaces"
cp "$TMP/page.html" "$TMP/known.html"
like "$(text)" "Check your email" "is told to check their email"
wait_mail $((n + 1))
ok $? "a sign-in link arrives"
f=$(printf '%s/%04d.eml' "$SINK" $((n + 1)))
is "$(cat "${f%.eml}.rcpt")" "sian@school.example" "at the address the school has for her"
read_mail "$f" >"$TMP/m2"
link=$(sed -n 's/^Link: //p' "$TMP/m2" | grep /signin/ | head -n 1)
case "$link" in "$base"/signin/?*) r=0 ;; *) r=1 ;; esac
ok $r "holding a sign-in link ($link)"
is "$(settle 1)" $((n + 1)) "exactly one message"

n=$(smtp_count "$SINK")
is "$(ask "nobody@school.example" "$TMP/anon2")" 200 "an unknown address gets the same status"
cp "$TMP/page.html" "$TMP/unknown.html"
mask() { sed 's/name="csrf" value="[^"]*"/name="csrf" value=""/' "$1"; }
is "$(mask "$TMP/unknown.html" | md5sum)" "$(mask "$TMP/known.html" | md5sum)" \
	"and the same page, but for its CSRF token"
is "$(settle 1.5)" "$n" "and nothing is sent"
is "$(ask "lee@school.example" "$TMP/anon3")" 200 "a leaver's address gets the page"
is "$(settle 1.5)" "$n" "and nothing is sent"

# The link: opening it changes nothing; the sign-in uses it up.
path=${link#"$base"}
L="$TMP/learner"
is "$(get "$L" "$path")" 200 "the link opens a page"
like "$(text)" "Sign in as Siân Evans" "naming the person"
is "$(get "$L" "$path")" 200 "opening it again still works (a preview uses nothing up)"
csrf_of "$TMP/page.html" >"$L.csrf"
is "$(post "$L" "$path")" 303 "Sign in signs her in"
is "$(get "$L" /)" 200 "her home page"
like "$(text)" "Siân Evans" "names her"
L2="$TMP/learner2"
get "$L2" / >/dev/null
csrf_of "$TMP/page.html" >"$L2.csrf"
is "$(post "$L2" "$path")" 404 "the link does not sign in a second time"
like "$(text)" "This sign-in link does not work" "saying the link does not work"
like "$(text)" "used already" "that it may have been used"
like "$(cat "$TMP/page.html")" 'action="/signin/email"' "and offering a new one by email"

# Bad forms get the form again, 422, saying what is wrong.
rm -f "$J"; get "$J" / >/dev/null; csrf_of "$TMP/page.html" >"$J.csrf"
is "$(post "$J" /signin/email "email=")" 422 "an empty address is 422"
like "$(text)" "Enter your email address." "saying what to do"
like "$(cat "$TMP/page.html")" 'aria-invalid="true"' "marking the field"
is "$(post "$J" /signin/email "email=no-at-sign")" 422 "an address without @ is 422"
like "$(cat "$TMP/page.html")" 'value="no-at-sign"' "keeping what was typed"
is "$(post "$J" /signin/email "email=$(printf 'a%.0s' $(seq 300))@x.example")" 422 "an overlong one is 422"
is "$(curl -s -o /dev/null -w '%{http_code}' -b "$J" -c "$J" \
	--data-urlencode "email=sian@school.example" "$base/signin/email")" 403 \
	"a form without its CSRF token is refused"

# Limits: three an hour per address, whatever the case; ten per client in
# ten minutes (this client has asked three times so far).  Over them, the
# same 429 whether the address is known.
for i in 1 2; do ask "Ffion@school.example" "$TMP/f$i" >/dev/null; done
is "$(ask "ffion@SCHOOL.example" "$TMP/f3")" 200 "a third request for one address is answered"
is "$(ask "ffion@school.example" "$TMP/f4")" 429 "a fourth within the hour is 429"
cp "$TMP/page.html" "$TMP/429known.html"
tr -d '\r' <"$TMP/h" | grep -q '^Retry-After: [0-9]'
ok $? "with Retry-After"
like "$(text)" "Too many requests" "saying so"
wait_mail $((n + 3))
ok $? "the three for Ffion arrive"
is "$(settle 1)" $((n + 3)) "and no more"
is "$(sql "$VIGIL_DB" "SELECT count(*) FROM mail_log WHERE kind = 'sign-in link' AND email = 'Ffion@School.Example'")" 3 \
	"to her address as the school has it"
ffion=$(sed -n 's/^Link: //p' <(read_mail "$(printf '%s/%04d.eml' "$SINK" $((n + 3)))") | grep /signin/ | head -n 1)
is "$(get "$TMP/ffion" "${ffion#"$base"}")" 200 "her newest link works now"
serve_stop

# The limits are kept in memory: a new server starts them afresh.
serve_start "$port" --signup roster
for i in 1 2 3; do ask "ghost@school.example" "$TMP/g$i" >/dev/null; done
is "$(ask "ghost@school.example" "$TMP/g4")" 429 "an unknown address is limited the same"
is "$(mask "$TMP/page.html" | md5sum)" "$(mask "$TMP/429known.html" | md5sum)" \
	"with the same page"
for i in 5 6 7 8 9 10; do
	st=$(ask "someone$i@school.example" "$TMP/s$i")
done
is "$st" 200 "the tenth request from one client in ten minutes is answered"
is "$(ask "someone11@school.example" "$TMP/s11")" 429 "the eleventh is 429"
is "$(settle 1)" $((n + 3)) "none of these sent anything"
serve_stop

# ---- an hour and more later, the link has expired --------------------------

VIGIL_NOW=2026-03-01T11:05:00Z serve_start "$port" --signup roster
ok $? "the server starts again two hours later"
is "$(get "$TMP/ffion" "${ffion#"$base"}")" 404 "Ffion's link from two hours ago does not work"
like "$(text)" "This sign-in link does not work" "saying so"
is "$(get "$TMP/ffion" /)" 200 "the sign-in page"
unlike "$(text)" "Sign out" "and nobody is signed in"
serve_stop

# ---- open mode has no sign-in by email ---------------------------------------

serve_start "$port" --signup open
O="$TMP/open"
get "$O" / >/dev/null
unlike "$(cat "$TMP/page.html")" 'action="/signin/email"' "open mode offers no email form"
csrf_of "$TMP/page.html" >"$O.csrf"
is "$(post "$O" /signin/email "email=sian@school.example")" 404 "and POST /signin/email is 404"
is "$(get "$O" /signin/email)" 404 "as is GET /signin/email"
is "$(settle 1)" $((n + 3)) "nothing is sent"
serve_stop

# ---- a school with more people behind than a page holds ----------------------

# 60 more, all overdue: the list is paged 50 at a time, the counts whole.
{
	echo "ref,name,email,start"
	for i in $(seq -w 1 60); do
		echo "P$i,Person $i,p$i@school.example,2025-09-01"
	done
	echo "P61,Nomail Person,,2025-09-01"
} >"$TMP/many.csv"
"$VIGIL" learner import "$TMP/many.csv" >/dev/null 2>&1
ok $? "60 more staff join, all behind"
# A school in Wales: staff pages name the lead as it does.
"$VIGIL" settings lead_short DSP >/dev/null
serve_start "$port" --signup roster
is "$(get "$TMP/wales" /)" 200 "the sign-in page"
like "$(text)" "the personal sign-in link your DSP gave you" "names the lead as the school does"
unlike "$(text)" "DSL" "and nowhere as the DSL"
signin "$TMP/dsl" "" 'correct horse battery' >/dev/null
is "$(get "$TMP/dsl" /admin/reminders)" 200 "the reminders page"
total=$("$VIGIL" remind --dry-run 2>/dev/null | grep -c '^would send')
rows=$(grep -c '<tr><th scope="row"' "$TMP/page.html")
is "$rows" 50 "shows 50 people on its first page"
like "$(text)" "would be sent a reminder now" "with the counts of the whole list"
like "$(text)" "$total people would be sent a reminder now" \
	"the same number as vigil remind --dry-run ($total)"
like "$(text)" "Page 1 of 2" "and a second page"
is "$(get "$TMP/dsl" "/admin/reminders?people=2")" 200 "which opens"
rest=$(grep -c '<tr><th scope="row"' "$TMP/page.html")
like "$(text)" "Page 2 of 2" "as page 2 of 2"
behind=$(text | sed -n 's/.*[^0-9]\([0-9][0-9]*\) people in post have a module overdue.*/\1/p')
is "$((rows + rest))" "$behind" "the two pages together list everyone behind ($behind)"
ok "$([ "$behind" -gt 60 ]; echo $?)" "which is more than the 60 who joined"
is "$(get "$TMP/dsl" "/admin/reminders?people=0")" 400 "page 0 is 400"

# ---- the DSL emails one person a new personal link --------------------------

get "$TMP/dsl" /admin/staff/P01 >/dev/null
like "$(cat "$TMP/page.html")" 'action="/admin/staff/P01/link/email"' \
	"a person's page offers to email them a new sign-in link"
made=$(sql "$VIGIL_DB" "SELECT count(*) FROM audit WHERE action = 'sign-in link made'")
n=$(smtp_count "$SINK")
is "$(post "$TMP/dsl" /admin/staff/P01/link/email)" 303 "the DSL asks for it"
like "$(location)" "/admin/staff/P01?done=emailed" "and is back on their page"
get "$TMP/dsl" "$(location)" >/dev/null
like "$(text)" "A new sign-in link is on its way" "which says it is on its way"
wait_mail $((n + 1))
ok $? "the link arrives"
is "$(cat "$(printf '%s/%04d.rcpt' "$SINK" $((n + 1)))")" "p01@school.example" "sent to them alone"
first=$(sed -n 's/^Link: //p' <(read_mail "$(printf '%s/%04d.eml' "$SINK" $((n + 1)))") | grep /signin/ | head -n 1)
is "$(get "$TMP/p01" "${first#"$base"}")" 200 "its link opens their sign-in page"
like "$(text)" "Sign in as Person 01" "as Person 01"
is "$(sql "$VIGIL_DB" "SELECT count(*) FROM audit WHERE action = 'sign-in link made'")" $((made + 1)) \
	"the audit log says a link was made"
post "$TMP/dsl" /admin/staff/P01/link/email >/dev/null
wait_mail $((n + 2))
ok $? "a second one arrives when asked for"
is "$(get "$TMP/p01" "${first#"$base"}")" 404 "and the first stops working, as a new personal link does"
get "$TMP/dsl" /admin/staff/P61 >/dev/null
unlike "$(cat "$TMP/page.html")" 'link/email' "a person with no email address is offered no button"
is "$(post "$TMP/dsl" /admin/staff/P61/link/email)" 409 "and a POST for them is 409"
like "$(text)" "no email address" "saying why"
is "$(post "$TMP/dsl" /admin/staff/NOBODY/link/email)" 404 "an unknown person is 404"
is "$(settle 1)" $((n + 2)) "and neither sent anything"
serve_stop

log=$(cat "$TMP/serve.$port.log")
like "$log" "reminder to F2 not sent: " "the server's log names the refused reminder"
unlike "$log" "Sanitizer" "the server's log has no sanitizer report"
unlike "$log" "runtime error" "nor undefined behaviour"

done_testing
