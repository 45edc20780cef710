#!/bin/bash
# vigil remind and vigil learner link --email (SPEC §4, Reminders): what a
# real SMTP server on a loopback port (tests/smtp-sink.py) receives, read
# back with Python's own email package (tests/mail-read.py).  One message
# per person due and none for anyone else, the right modules and dates, a
# link that signs that person in once, nothing twice within
# remind_every_days, nothing from --dry-run, a refused send tried again,
# and names with line breaks or Welsh letters that neither break nor add a
# header.
. "$SRCDIR/tests/lib.sh"

smtp_needs
trap 'serve_stop; rm -rf "$TMP"' EXIT

# Only the example pack, so that the modules due are known.
mkdir -p "$TMP/packs" && cp -R "$SRCDIR/tests/packs/example" "$TMP/packs/"
export VIGIL_PACKS="$TMP/packs" VIGIL_NOW=2026-12-07
MAIL="$TMP/mail"
smtp_start "$MAIL"
ok $? "the SMTP server listens on 127.0.0.1:$SMTP_PORT"
port=$(free_port)
BASE="http://127.0.0.1:$port" PAGE="$TMP/page"

# remind ARG...: runs vigil remind; stdout in $TMP/out, stderr (without
# the VIGIL_NOW warning) in $TMP/err, the exit status in rc.
remind() {
	"$VIGIL" remind "$@" >"$TMP/out" 2>"$TMP/err.all"
	rc=$?
	grep -v 'by VIGIL_NOW (for tests only)' "$TMP/err.all" >"$TMP/err"
}

# mail_to EMAIL: the newest message whose only envelope recipient is EMAIL.
mail_to() {
	local f last=
	for f in "$MAIL"/*.rcpt; do
		[ -e "$f" ] && [ "$(cat "$f")" = "$1" ] && last=${f%.rcpt}.eml
	done
	echo "$last"
}

# read_mail FILE: the message decoded (tests/mail-read.py) in MSG, and
# mail_rc its exit status, 1 when the header has a broken line.
read_mail() {
	MSG=$(/usr/bin/python3 "$SRCDIR/tests/mail-read.py" "$1" 2>"$TMP/read.err")
	mail_rc=$?
}

# head_field DECODED NAME: a field of read_mail's header part.
head_field() {
	printf '%s\n' "$1" | sed -n "1,/^\$/s/^$2: //p" | head -n 1
}

# link_signin LINK: opens a sign-in link as a browser does, with the
# cookies in $JAR: a GET, then a POST with that page's CSRF token.  Prints
# the POST's status, or "GET STATUS" when the page did not open.
link_signin() {
	local path=${1#"$BASE"} got
	got=$(jar_get "$path")
	if [ "$got" != 200 ]; then
		echo "GET $got"
		return
	fi
	jar_post "$path"
}

# ---- the roster -----------------------------------------------------------
add() {
	"$VIGIL" learner add "$@" >/dev/null 2>&1
}
add T1 --name "Tess One" --email t1@school.example --start 2026-10-01
add T2 --name $'Si\xc3\xa2n Evans\nBcc: x@evil.example' \
	--email t2@school.example --start 2026-11-20
add T3 --name "Nye Nomail" --start 2026-10-01
add T4 --name "Una Todate" --email t4@school.example --start 2026-10-01
add T5 --name "Newt Starter" --email t5@school.example --start 2026-12-07
add T6 --name "Lee Ver" --email t6@school.example --start 2026-10-01
"$VIGIL" learner leave T6 --on 2026-11-30 >/dev/null 2>&1
long=$'Gruffydd ap Iorwerth \xc3\x93 S\xc3\xbailleabh\xc3\xa1in Ll\xc5\xb7r Ni\xc3\xb1o-Dom\xc3\xadnguez'
add T7 --name "$long" --email t7@school.example --start 2026-10-01
add T8 --name "Carys Jones" --email t8@school.example --start 2026-10-01
is "$(sql "$VIGIL_DB" "SELECT count(*) FROM learners")" 8 "eight people are in the roster"

# A carriage return cannot come in by the roster, but a name written to
# the records by other means may hold one: the mail must still be safe.
add T9 --name $'Cara Return\r\nBcc: y@evil.example' --email t9@school.example
is $? 1 "learner add refuses a name with a carriage return"
sql "$VIGIL_DB" "UPDATE learners SET name = 'Carys Jones' || char(13, 10) || 'Bcc: y@evil.example' WHERE ref = 'T8'"
is "$(sql "$VIGIL_DB" "SELECT instr(name, char(13)) > 0 FROM learners WHERE ref = 'T8'")" 1 \
	"T8's name holds a CR LF in the records"

# T4 is up to date: both modules passed.
drive_texts "$TMP/take" "${BASICS_RIGHT[@]}" -- take example basics --learner T4 >/dev/null 2>&1
drive_texts "$TMP/take" "${SHORT_RIGHT[@]}" -- take example short --learner T4 >/dev/null 2>&1
is "$(sql "$VIGIL_DB" "SELECT count(*) FROM attempts a JOIN learners l ON l.id = a.learner_id WHERE l.ref = 'T4' AND status = 'passed'")" 2 \
	"T4 has passed both modules"

# ---- the settings a send needs --------------------------------------------
remind
is "$rc" 1 "without a mail server, remind fails"
like "$(cat "$TMP/err")" "vigil settings smtp_url" "and says how to set smtp_url"
"$VIGIL" settings smtp_url "smtp://127.0.0.1:$SMTP_PORT" >/dev/null 2>&1
remind
is "$rc" 1 "without mail_from, remind fails"
like "$(cat "$TMP/err")" "vigil settings mail_from" "and says how to set mail_from"
"$VIGIL" settings mail_from training@school.example >/dev/null 2>&1
remind
is "$rc" 1 "without base_url, remind fails"
like "$(cat "$TMP/err")" "vigil settings base_url" "and says how to set base_url"
"$VIGIL" learner link T1 --email >"$TMP/out" 2>"$TMP/err"
is $? 1 "learner link --email without base_url fails too"
like "$(cat "$TMP/err")" "vigil settings base_url" "saying how to set it"
is "$(smtp_count "$MAIL")" 0 "nothing was sent while settings were missing"
is "$(sql "$VIGIL_DB" "SELECT count(*) FROM mail_log")" 0 "and nothing is in the mail log"
"$VIGIL" settings base_url "$BASE/" >/dev/null 2>&1
"$VIGIL" settings school_name $'Ysgol G\xc5\xb5yr' >/dev/null 2>&1

# ---- a dry run --------------------------------------------------------------
remind --dry-run
is "$rc" 0 "remind --dry-run succeeds"
is "$(grep '^would send' "$TMP/out")" "would send T1 t1@school.example
would send T2 t2@school.example
would send T7 t7@school.example
would send T8 t8@school.example" "it lists who would be sent one: due, in post, with an email"
like "$(cat "$TMP/out")" "Listening to a disclosure (overdue, due 2026-10-31)" \
	"with each module and its due day"
like "$(cat "$TMP/out")" "4 would be sent" "and a count"
like "$(cat "$TMP/err")" "T3 (Nye Nomail) is behind but has no email address" \
	"someone behind with no email is named on stderr"
unlike "$(cat "$TMP/out" "$TMP/err")" "T4" "someone up to date is not mentioned"
unlike "$(cat "$TMP/out" "$TMP/err")" "T5" "nor a new starter not yet due"
unlike "$(cat "$TMP/out" "$TMP/err")" "T6" "nor a leaver"
is "$(smtp_count "$MAIL")" 0 "a dry run sends nothing"
is "$(sql "$VIGIL_DB" "SELECT count(*) FROM mail_log")" 0 "records nothing in the mail log"
is "$(sql "$VIGIL_DB" "SELECT count(*) FROM mail_links")" 0 "makes no sign-in link"
is "$(sql "$VIGIL_DB" "SELECT count(*) FROM audit WHERE action = 'reminders sent'")" 0 \
	"and leaves no audit row"

# ---- the first run ------------------------------------------------------------
remind
is "$rc" 0 "remind succeeds"
is "$(cat "$TMP/out")" "sent T1 t1@school.example
sent T2 t2@school.example
sent T7 t7@school.example
sent T8 t8@school.example
4 sent, 0 failed" "it names each person sent a reminder, then the count"
is "$(smtp_count "$MAIL")" 4 "the server received four messages"
is "$(cat "$MAIL"/*.rcpt | sort | tr '\n' ' ')" \
	"t1@school.example t2@school.example t7@school.example t8@school.example " \
	"one to each person due, to their address alone"
is "$(sql "$VIGIL_DB" "SELECT count(*) FROM mail_log WHERE kind = 'reminder' AND error IS NULL")" 4 \
	"each is in the mail log as accepted"
like "$(sql "$VIGIL_DB" "SELECT detail FROM audit WHERE action = 'reminders sent'")" "4 sent, 0 failed" \
	"the run is in the audit log"

read_mail "$(mail_to t1@school.example)"
m1=$MSG
is "$mail_rc" 0 "T1's message has a well-formed header"
is "$(head_field "$m1" To)" "Tess One <t1@school.example>" "it is to T1"
is "$(head_field "$m1" From)" $'Ysgol G\xc5\xb5yr <training@school.example>' \
	"from the school's name (a Welsh letter intact) and mail_from"
is "$(head_field "$m1" Subject)" "Safeguarding training: overdue" "its subject says overdue"
is "$(head_field "$m1" Defects)" 0 "Python's parser finds nothing wrong with it"
like "$m1" "Dear Tess One," "the body greets them"
like "$m1" "Listening to a disclosure: overdue, it was due on 31 October 2026" \
	"names the first module, overdue, with its date"
like "$m1" "Writing it down: overdue, it was due on 31 October 2026" "and the second"
plain_count=$(head_field "$m1" Header-Count)
link1=$(head_field "$m1" Link)
case "$link1" in "$BASE/signin/"?*) r=0 ;; *) r=1 ;; esac
ok $r "it holds a sign-in link under base_url ($link1)"
like "$(sed -n 's/^Link: //p' <<<"$m1" | sort -u | wc -l)" 1 "one link, given once or more"

read_mail "$(mail_to t2@school.example)"
m2=$MSG
is "$mail_rc" 0 "T2's message (a name with a line break) has a well-formed header"
is "$(head_field "$m2" Header-Count)" "$plain_count" "and as many header fields as T1's ($plain_count)"
unlike "$(head_field "$m2" Header-Names)" "Bcc" "none of them a Bcc"
like "$(head_field "$m2" To)" $'Si\xc3\xa2n Evans Bcc: x@evil.example' \
	"the name arrives whole, Siân intact, the line break a space"
like "$(head_field "$m2" To)" "<t2@school.example>" "to T2's address"
is "$(cat "${MAIL}/$(basename "$(mail_to t2@school.example)" .eml).rcpt")" "t2@school.example" \
	"and to nobody else"
is "$(head_field "$m2" Subject)" "Safeguarding training: due soon" "its subject says due soon"
like "$m2" "Writing it down: due on 20 December 2026" "the body gives the due date"
unlike "$m2" "overdue" "and says nothing is overdue"
grep -q $'^To: =?UTF-8?' "$(mail_to t2@school.example)"
ok $? "the name goes in the header as an encoded word"
unlike "$(tr -d '\r' <"$(mail_to t2@school.example)" | sed '/^$/q')" $'\nBcc:' \
	"no raw header line starts with Bcc"

read_mail "$(mail_to t7@school.example)"
m7=$MSG
is "$mail_rc" 0 "T7's message (a long name of accented letters) has a well-formed header"
is "$(head_field "$m7" To)" "$long <t7@school.example>" "the long name arrives intact"
is "$(head_field "$m7" Header-Count)" "$plain_count" "with as many header fields"

read_mail "$(mail_to t8@school.example)"
m8=$MSG
is "$mail_rc" 0 "T8's message (CR LF in the name) has a well-formed header"
is "$(head_field "$m8" Header-Count)" "$plain_count" "and as many header fields"
unlike "$(head_field "$m8" Header-Names)" "Bcc" "none of them a Bcc"
like "$(head_field "$m8" To)" "Carys Jones Bcc: y@evil.example" "the name is on one line"
is "$(cat "${MAIL}/$(basename "$(mail_to t8@school.example)" .eml).rcpt")" "t8@school.example" \
	"and nobody else is sent it"

# Every line of every message ends CRLF; the body's lines are at most 76
# characters (quoted-printable), the header's at most 78 (RFC 5322's SHOULD).
bad_lines=$(/usr/bin/python3 - "$MAIL"/*.eml <<'PY'
import sys
bad = 0
for name in sys.argv[1:]:
    raw = open(name, "rb").read()
    head, _, body = raw.partition(b"\r\n\r\n")
    for part, most in ((head + b"\r\n", 78), (body, 76)):
        lines = part.split(b"\r\n")
        bad += 1 if lines[-1] else 0
        for l in lines[:-1]:
            if b"\n" in l or b"\r" in l or len(l) > most:
                print("# %s: %r" % (name, l[:80]), file=sys.stderr)
                bad += 1
print(bad)
PY
)
is "$bad_lines" 0 "every line of every message ends CRLF and is short enough"

# ---- the link signs that person in, once ------------------------------------------
serve_start "$port" --signup roster
ok $? "vigil serve runs in roster mode"
# A second browser opens the same link first, and keeps the page.
JAR="$TMP/jar2"
is "$(jar_get "${link1#"$BASE"}")" 200 "another browser opens T1's link too"
cp "$PAGE" "$TMP/page2"
JAR="$TMP/jar1"
is "$(jar_get "${link1#"$BASE"}")" 200 "T1's link opens a page"
like "$(cat "$PAGE")" "Sign in as Tess One" "that asks to sign in as T1"
is "$(jar_post "${link1#"$BASE"}")" 303 "signing in with it succeeds"
is "$(jar_get /)" 200 "the home page opens"
like "$(cat "$PAGE")" "Signed in as Tess One" "signed in as T1"
like "$(cat "$JAR")" "$(printf '127.0.0.1\t')" "with a session cookie"
JAR="$TMP/jar2"
cp "$TMP/page2" "$PAGE"
is "$(jar_post "${link1#"$BASE"}")" 404 "the other browser's sign-in with the used link is refused"
jar_get / >/dev/null
unlike "$(cat "$PAGE")" "Signed in as" "and it is not signed in"
is "$(jar_get "${link1#"$BASE"}")" 404 "the used link does not even open now"
link2=$(head_field "$m2" Link)
JAR="$TMP/jar3"
is "$(link_signin "$link2")" 303 "T2's link signs in"
jar_get / >/dev/null
like "$(cat "$PAGE")" $'Signed in as Si\xc3\xa2n Evans' "as T2"
serve_stop

# ---- a second run the same day --------------------------------------------------
remind
is "$rc" 0 "a second run the same day succeeds"
is "$(cat "$TMP/out")" "0 sent, 0 failed" "and sends nothing"
is "$(smtp_count "$MAIL")" 4 "the server received nothing more"
like "$(cat "$TMP/err")" "T1 (Tess One) had a reminder on 2026-12-07; the next may go on 2026-12-14" \
	"it says who was reminded lately and when the next may go"
remind --dry-run
is "$(grep -c '^would send' "$TMP/out")" 0 "a dry run now lists nobody"

# ---- a refused send is tried again -----------------------------------------------
add T10 --name "Ten Refused" --email t10@school.example --start 2026-10-01
add T11 --name "Eleven Fine" --email t11@school.example --start 2026-10-01
echo 1 >"$MAIL/refuse"
remind
is "$rc" 1 "a run where the server refuses one exits 1"
is "$(cat "$TMP/out")" "sent T11 t11@school.example
1 sent, 1 failed" "the one after the refusal is still sent"
like "$(cat "$TMP/err")" "not sent to T10 t10@school.example (Ten Refused)" \
	"the failure names the person"
like "$(cat "$TMP/err")" "451 4.3.0 try again later" "and what the server said"
is "$(smtp_count "$MAIL")" 5 "the server kept only the one it accepted"
is "$(sql "$VIGIL_DB" "SELECT count(*) FROM mail_log WHERE email = 't10@school.example' AND error LIKE '%451%'")" 1 \
	"the refusal is in the mail log"
like "$(sql "$VIGIL_DB" "SELECT detail FROM audit WHERE action = 'reminders sent' ORDER BY id DESC LIMIT 1")" \
	"1 sent, 1 failed" "and the run in the audit log"
remind
is "$rc" 0 "the next run succeeds"
is "$(cat "$TMP/out")" "sent T10 t10@school.example
1 sent, 0 failed" "and sends to the refused person only"
is "$(smtp_count "$MAIL")" 6 "one more message arrived"
is "$(cat "$(mail_to t10@school.example | sed 's/eml$/rcpt/')")" "t10@school.example" "to T10"
remind
is "$(cat "$TMP/out")" "0 sent, 0 failed" "and a third run sends nothing"

# A server that cannot be reached: every send fails, and is tried again.
"$VIGIL" settings smtp_url "smtp://127.0.0.1:$(free_port)" >/dev/null 2>&1
add T12 --name "Twelve Later" --email t12@school.example --start 2026-10-01
remind
is "$rc" 1 "a run with no server to reach exits 1"
like "$(cat "$TMP/out")" "0 sent, 1 failed" "counting the send as failed"
like "$(cat "$TMP/err")" "T12" "naming the person"
"$VIGIL" settings smtp_url "smtp://127.0.0.1:$SMTP_PORT" >/dev/null 2>&1
remind
is "$(cat "$TMP/out")" "sent T12 t12@school.example
1 sent, 0 failed" "once it can be reached, the next run sends it"

# ---- remind_every_days --------------------------------------------------------------
"$VIGIL" settings remind_every_days 14 >/dev/null 2>&1
VIGIL_NOW=2026-12-14 remind --dry-run
is "$(grep -c '^would send' "$TMP/out")" 0 "with remind_every_days 14, nobody is due again a week later"
VIGIL_NOW=2026-12-14 remind
is "$(cat "$TMP/out")" "0 sent, 0 failed" "and nobody is sent one"
"$VIGIL" settings remind_every_days 7 >/dev/null 2>&1
VIGIL_NOW=2026-12-13 remind
is "$(cat "$TMP/out")" "0 sent, 0 failed" "with 7, nobody is reminded again six days later"
VIGIL_NOW=2026-12-14 remind
is "$rc" 0 "a week later, remind succeeds"
is "$(grep '^sent' "$TMP/out" | cut -d' ' -f2 | tr '\n' ' ')" "T1 T10 T11 T12 T2 T7 T8 " \
	"and reminds everyone still behind again"
is "$(smtp_count "$MAIL")" 14 "seven more messages arrived"

# ---- learner link --email ------------------------------------------------------------
"$VIGIL" learner link T1 --email >"$TMP/out" 2>"$TMP/err"
is $? 0 "learner link --email succeeds"
is "$(cat "$TMP/out")" "sent a sign-in link to t1@school.example" "and says where it went"
is "$(smtp_count "$MAIL")" 15 "the server received it"
ml=$(/usr/bin/python3 "$SRCDIR/tests/mail-read.py" "$MAIL/0015.eml")
is "$(cat "$MAIL/0015.rcpt")" "t1@school.example" "sent to T1 alone"
is "$(head_field "$ml" To)" "Tess One <t1@school.example>" "addressed to T1"
linkp=$(head_field "$ml" Link)
case "$linkp" in "$BASE/signin/"?*) r=0 ;; *) r=1 ;; esac
ok $r "it holds a sign-in link under base_url"
is "$(sql "$VIGIL_DB" "SELECT count(*) FROM mail_log WHERE kind = 'sign-in link' AND error IS NULL")" 1 \
	"it is in the mail log"
serve_start "$port" --signup roster
JAR="$TMP/jar4"
is "$(link_signin "$linkp")" 303 "the emailed personal link signs in"
jar_get / >/dev/null
like "$(cat "$PAGE")" "Signed in as Tess One" "as T1"
JAR="$TMP/jar5"
is "$(link_signin "$linkp")" 303 "and, being the personal link, works again"
"$VIGIL" learner link T1 --email --base http://other.example >/dev/null 2>&1
is $? 0 "--base still works with --email"
like "$(/usr/bin/python3 "$SRCDIR/tests/mail-read.py" "$MAIL/0016.eml")" \
	"Link: http://other.example/signin/" "the link is made from it, with one slash"
JAR="$TMP/jar6"
is "$(link_signin "$linkp")" "GET 404" "and the link sent before it no longer works"
serve_stop
"$VIGIL" learner link T1 >"$TMP/out" 2>/dev/null
case "$(cat "$TMP/out")" in "$BASE/signin/"?*) r=0 ;; *) r=1 ;; esac
ok $r "without --email the link is printed, as before"
is "$(smtp_count "$MAIL")" 16 "and nothing is sent"
"$VIGIL" learner link T3 --email >"$TMP/out" 2>"$TMP/err"
is $? 1 "learner link --email for someone with no address fails"
like "$(cat "$TMP/err")" "T3 has no email address" "saying so"
"$VIGIL" learner link T6 --email >"$TMP/out" 2>"$TMP/err"
is $? 1 "learner link --email for a leaver fails"
like "$(cat "$TMP/err")" "left" "saying they left"
echo 1 >"$MAIL/refuse"
"$VIGIL" learner link T2 --email >"$TMP/out" 2>"$TMP/err"
is $? 1 "learner link --email fails when the server refuses"
like "$(cat "$TMP/err")" "451" "saying what the server said"
is "$(smtp_count "$MAIL")" 16 "nothing more arrived"

unlike "$(cat "$TMP/serve.$port.log")" "Sanitizer" "the server's log has no sanitizer report"
unlike "$(cat "$TMP/serve.$port.log")" "runtime error" "nor undefined behaviour"

# ---- an address the roster took but no mail server should ----------------------
# learner add refuses it now; a database from before kept it.
"$VIGIL" learner add T20 --name "Comma Address" --email 'x,y@school.example' \
	>/dev/null 2>"$TMP/err"
is $? 1 "learner add refuses an address with a comma"
like "$(cat "$TMP/err")" "cannot have" "saying why"
add T20 --name "Comma Address" --email 't20@school.example' --start 2026-10-01
sql "$VIGIL_DB" "UPDATE learners SET email = 'x,y@school.example' WHERE ref = 'T20'"
n=$(smtp_count "$MAIL")
VIGIL_NOW=2026-12-14 remind --dry-run
like "$(cat "$TMP/err")" "T20's address x,y@school.example is not one a mail server takes" \
	"a dry run warns of an address that would be refused"
VIGIL_NOW=2026-12-14 remind
like "$(cat "$TMP/err")" "T20" "a person whose address cannot be used is named on stderr"
is "$(smtp_count "$MAIL")" "$n" "and nothing is sent for them"
like "$(cat "$TMP/err")" "x,y@school.example" "with the address"
like "$(cat "$TMP/err")" "vigil learner edit T20 --email ADDRESS" "and how to correct it"
unlike "$(cat "$TMP/out")" "T1 " "and nobody reminded this week is sent another"

# ---- usage --------------------------------------------------------------------------
"$VIGIL" remind --now >/dev/null 2>&1
is $? 2 "an unknown option is a usage error"
"$VIGIL" remind extra >/dev/null 2>&1
is $? 2 "so is an argument"
like "$("$VIGIL" remind --help)" "--dry-run" "remind --help describes --dry-run"
like "$("$VIGIL" learner link --help)" "--email" "learner link --help describes --email"

done_testing
