#!/bin/bash
# Certificates (SPEC §1): `vigil certificate ATTEMPT [--out FILE]` writes a
# standalone, escaped, one-page HTML certificate for a passed attempt, and
# `vigil verify CODE` says what a code certifies.
. "$SRCDIR/tests/lib.sh"

packs="$SRCDIR/tests/packs"
right=("${BASICS_RIGHT[@]}")
wrong=(
	"Ask Jordan why they didn't tell anyone sooner"
	"Go back and try again"
	"Say you can't promise that, but that you will listen and help"
	"Ask Jordan's friends whether it is true"
	"Promise to keep it between the two of you"
	"True"
	"Tell the DSL straight away | Listen, and let the pupil finish | Explain what will happen next and who you will tell"
	"Something"
)

# take_texts OUT PACKS REF NAME ANSWER...: takes the example pack's basics
# module as learner REF (added as NAME), choosing options by their text;
# the transcript goes to OUT; returns take's exit status.
take_texts() {
	local out=$1 dir=$2 ref=$3 name=$4
	shift 4
	drive_texts "$out" "$@" -- --packs "$dir" take example basics \
		--learner "$ref" --name "$name"
}

# attempt_of FILE: the attempt number a take transcript names.
attempt_of() {
	sed -n 's/^Attempt \([0-9][0-9]*\) .*/\1/p' "$1" | head -n 1
}

# code_of FILE: the certificate code a take transcript prints.
code_of() {
	sed -n 's/^Certificate: \([0-9A-Z-]*\)$/\1/p' "$1" | tail -n 1
}

# --- A passed attempt and its certificate ------------------------------

day0=$(date -u +%Y-%m-%d)
take_texts "$TMP/pass" "$packs" T100 "Alex Example" "${right[@]}"
is $? 0 "take with the right answers passes"
is "$(tail -n 1 "$TMP/pass")" "Result: PASSED 9/9 (100%)" "take prints the result last"
id=$(attempt_of "$TMP/pass")
code=$(code_of "$TMP/pass")
day1=$(date -u +%Y-%m-%d)
expires=$(sed -n 's/^Valid until: \([0-9-]*\)$/\1/p' "$TMP/pass")
like "$id" "1" "take names the attempt"
like "$code" "-" "take prints a certificate code"
is "$(printf '%s' "$code" | wc -c)" 14 "the code is XXXX-XXXX-XXXX"
like "$expires" "-" "take prints the expiry date"

"$VIGIL" certificate "$id" --out "$TMP/cert.html" >"$TMP/out" 2>"$TMP/err"
is $? 0 "certificate --out exits 0"
is "$(cat "$TMP/out" "$TMP/err")" "" "certificate --out prints nothing"
page=$(cat "$TMP/cert.html")
like "$page" "<!DOCTYPE html>" "the page is HTML5"
like "$page" '<html lang="en-GB">' "the page says its language"
like "$page" '<meta charset="utf-8">' "the page says it is UTF-8"
like "$page" "Certificate of completion" "the page has its title"
like "$page" "Alex Example" "the page names the learner"
like "$page" "Listening to a disclosure" "the page names the module"
like "$page" "Listening when a pupil tells you something worrying" "the page names the pack"
like "$page" "version 1.2.0" "the page gives the pack version"
like "$page" "20 minutes" "the page gives the CPD minutes"
like "$page" "$code" "the page gives the certificate code"
like "$page" "vigil verify $code" "the page says how to check the code"
like "$page" "9 out of 9 points (100%)" "the page gives the score"
like "$page" "($expires)" "the page gives the expiry date"
like "$page" "@page { size: A4" "the page prints on A4"
like "$page" "Content-Security-Policy" "the page forbids fetching anything"
# The dates as people read them, worked out independently.
ended=$(sed -n 's/.*<dt>Completed<\/dt><dd>.*(\([0-9-]*\)).*/\1/p' "$TMP/cert.html")
case $ended in "$day0" | "$day1") ok 0 "the completion date is today's" ;;
*) ok 1 "the completion date is today's"; echo "# got: $ended" ;;
esac
human=$(python3 -c 'import sys, datetime
for d in sys.argv[1:]:
    t = datetime.date.fromisoformat(d)
    print("%d %s %d" % (t.day, t.strftime("%B"), t.year))' "$ended" "$expires")
like "$page" "$(echo "$human" | sed -n 1p) <span class=\"iso\">($ended)" "the completion date is written for people"
like "$page" "$(echo "$human" | sed -n 2p) <span class=\"iso\">($expires)" "the expiry date is written for people"

# Well-formed: every element closed in order, one html/head/body, nothing
# fetched from anywhere, no script, no event handler.
cat >"$TMP/check.py" <<'PY'
import re, sys
from html.parser import HTMLParser
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
        "meta", "source", "track", "wbr"}
class Check(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.problems, self.seen, self.text = [], [], {}, {}
        self.cls = None
    def handle_starttag(self, tag, attrs):
        self.seen[tag] = self.seen.get(tag, 0) + 1
        for k, v in attrs:
            if k.startswith("on"):
                self.problems.append("event handler %s" % k)
            if k in ("src", "href", "action", "srcset", "poster", "data"):
                self.problems.append("resource attribute %s=%s" % (k, v))
        if tag in ("script", "img", "link", "iframe", "object", "embed",
                   "base", "form", "svg", "video", "audio"):
            self.problems.append("element <%s>" % tag)
        if tag not in VOID:
            self.stack.append(tag)
            self.cls = dict(attrs).get("class")
    def handle_startendtag(self, tag, attrs):
        self.problems.append("self-closing <%s/>" % tag)
    def handle_endtag(self, tag):
        if tag in VOID:
            self.problems.append("end tag for void <%s>" % tag)
        elif not self.stack or self.stack[-1] != tag:
            self.problems.append("</%s> closes <%s>" % (tag, self.stack[-1] if self.stack else "nothing"))
        else:
            self.stack.pop()
    def handle_data(self, data):
        if self.cls:
            self.text[self.cls] = self.text.get(self.cls, "") + data
page = open(sys.argv[1], encoding="utf-8").read()
c = Check()
c.feed(page)
c.close()
if c.stack:
    c.problems.append("never closed: %s" % c.stack)
for tag in ("html", "head", "body", "title", "style", "main", "h1"):
    if c.seen.get(tag) != 1:
        c.problems.append("%d <%s>" % (c.seen.get(tag, 0), tag))
if not page.startswith("<!DOCTYPE html>\n"):
    c.problems.append("no doctype first")
for bad in ("http:", "https:", "//", "@import", "url(", "@font-face"):
    if bad in page:
        c.problems.append("found %r" % bad)
for p in c.problems:
    print(p)
if len(sys.argv) > 2:
    print("NAME=" + c.text.get("name", c.text.get("name long", "")))
PY
is "$(python3 "$TMP/check.py" "$TMP/cert.html")" "" "the page is well formed and fetches nothing"

# Standard output gets the same page.
"$VIGIL" certificate "$id" >"$TMP/stdout.html"
is $? 0 "certificate without --out exits 0"
cmp -s "$TMP/stdout.html" "$TMP/cert.html"; ok $? "without --out the page goes to standard output"

# --out replaces a file whole; a failure leaves nothing behind.
head -c 100000 /dev/zero | tr '\0' x >"$TMP/old.html"
"$VIGIL" certificate "$id" --out "$TMP/old.html"
cmp -s "$TMP/old.html" "$TMP/cert.html"; ok $? "--out replaces a longer file whole"
mkdir "$TMP/outdir" "$TMP/adir"
out=$("$VIGIL" certificate "$id" --out "$TMP/adir" 2>&1)
is $? 1 "--out naming a folder exits 1"
like "$out" "vigil: cannot write '$TMP/adir'" "--out naming a folder says why"
out=$("$VIGIL" certificate "$id" --out "$TMP/outdir/missing/cert.html" 2>&1)
is $? 1 "--out in a missing folder exits 1"
like "$out" "cannot write '$TMP/outdir/missing/cert.html'" "--out in a missing folder says why"
is "$(ls -A "$TMP/outdir")" "" "a failed --out leaves no file behind"
is "$(cd "$TMP" && ls -A | grep -c '^adir\.')" 0 "a failed rename leaves no temporary file"

# --- Escaping ---------------------------------------------------------

evil='<script>alert(1)</script> "Jo" O'"'"'Brien & <b>Co</b>'
take_texts "$TMP/evil" "$packs" T200 "$evil" "${right[@]}"
is $? 0 "a learner with markup in their name passes"
eid=$(attempt_of "$TMP/evil")
ecode=$(code_of "$TMP/evil")
"$VIGIL" certificate "$eid" --out "$TMP/evil.html"
is $? 0 "certificate for the learner with markup exits 0"
unlike "$(cat "$TMP/evil.html")" "<script>" "no script element comes out"
unlike "$(cat "$TMP/evil.html")" "<b>" "no markup from the name comes out"
like "$(cat "$TMP/evil.html")" '&lt;script&gt;alert(1)&lt;/script&gt; &quot;Jo&quot; O&#39;Brien &amp; &lt;b&gt;Co&lt;/b&gt;' "the name is escaped"
is "$(python3 "$TMP/check.py" "$TMP/evil.html" name)" "NAME=$evil" \
	"the escaped name reads back as typed, and the page stays well formed"

# --- Attempts without a certificate, and bad arguments ----------------

printf '\n' | "$VIGIL" --packs "$packs" take example basics --learner T300 \
	--name "Sam Started" >"$TMP/started" 2>&1
is $? 1 "input ending early leaves the attempt in progress"
sid=$(attempt_of "$TMP/started")
out=$("$VIGIL" certificate "$sid" --out "$TMP/none.html" 2>&1)
is $? 1 "certificate for an attempt in progress exits 1"
is "$out" "vigil: attempt $sid is still in progress; only a passed attempt has a certificate" \
	"certificate for an attempt in progress says so"
test ! -e "$TMP/none.html"; ok $? "no page is written for an attempt in progress"

take_texts "$TMP/fail" "$packs" T400 "Nat Notyet" "${wrong[@]}"
is $? 1 "take with the wrong answers does not pass"
fid=$(attempt_of "$TMP/fail")
out=$("$VIGIL" certificate "$fid" 2>&1)
is $? 1 "certificate for an attempt that did not pass exits 1"
is "$out" "vigil: attempt $fid did not pass (0%, pass mark 80%); only a passed attempt has a certificate" \
	"certificate for an attempt that did not pass says so"

# An attempt abandoned because its pack changed before it was finished.
mkdir "$TMP/packs"
cp -R "$packs/example" "$TMP/packs/example"
printf '\n' | "$VIGIL" --packs "$TMP/packs" take example basics --learner T500 \
	--name "Ari Abandoned" >"$TMP/begun" 2>&1
aid=$(attempt_of "$TMP/begun")
echo "-- changed" >>"$TMP/packs/example/basics.lua"
printf '\n' | "$VIGIL" --packs "$TMP/packs" take example basics --learner T500 \
	>"$TMP/again" 2>&1
like "$(cat "$TMP/again")" "attempt $aid is kept, marked abandoned" "a changed pack abandons the attempt"
out=$("$VIGIL" certificate "$aid" 2>&1)
is $? 1 "certificate for an abandoned attempt exits 1"
like "$out" "vigil: attempt $aid was abandoned" "certificate for an abandoned attempt says so"

out=$("$VIGIL" certificate 9999 2>&1)
is $? 1 "certificate for an unknown number exits 1"
is "$out" "vigil: there is no attempt 9999 in '$VIGIL_DB'" "certificate for an unknown number says so"
out=$("$VIGIL" certificate 0 2>&1)
is $? 1 "certificate 0 exits 1"
for arg in abc 12x 1.5 " 1" "" 99999999999999999999; do
	out=$("$VIGIL" certificate "$arg" 2>&1)
	is $? 2 "certificate '$arg' is a usage error"
	like "$out" "vigil: an attempt is a number" "certificate '$arg' says what it wants"
done
"$VIGIL" certificate -5 >/dev/null 2>&1
is $? 2 "a negative number is a usage error"
"$VIGIL" certificate >/dev/null 2>&1
is $? 2 "certificate without an attempt is a usage error"
"$VIGIL" certificate "$id" "$id" >/dev/null 2>&1
is $? 2 "certificate with two attempts is a usage error"
out=$("$VIGIL" certificate "$id" --out 2>&1)
is $? 2 "--out without a file is a usage error"
like "$out" "vigil: --out needs a file name" "--out without a file says so"
"$VIGIL" certificate "$id" --bogus >/dev/null 2>&1
is $? 2 "an unknown option is a usage error"
out=$("$VIGIL" certificate --help)
is $? 0 "certificate --help exits 0"
like "$out" "usage: vigil certificate ATTEMPT [--pdf] [--out FILE]" "certificate --help shows the usage"

# A pack whose completions never expire.
sed -i '/renew_after_days/d' "$TMP/packs/example/pack.lua"
take_texts "$TMP/forever" "$TMP/packs" T600 "Eve Forever" "${right[@]}"
is $? 0 "a pack without renewal passes"
vid=$(attempt_of "$TMP/forever")
vcode=$(code_of "$TMP/forever")
like "$("$VIGIL" certificate "$vid")" "<dt>Valid until</dt><dd>does not expire</dd>" \
	"a certificate that never expires says so"
out=$("$VIGIL" verify "$vcode")
is $? 0 "verify of a code that never expires exits 0"
like "$out" "Valid until: does not expire" "verify says it does not expire"

# --- verify -----------------------------------------------------------

out=$("$VIGIL" verify "$code" 2>&1)
is $? 0 "verify of a printed code exits 0"
like "$out" "Certificate $code is genuine." "verify says the code is genuine"
like "$out" "Alex Example (T100)" "verify names the learner"
like "$out" "Listening to a disclosure (basics)" "verify names the module"
like "$out" "(example 1.2.0)" "verify gives the pack and version"
like "$out" "Passed:      $ended" "verify gives the date"
like "$out" "Score:       9/9 (100%), pass mark 80%" "verify gives the score"
like "$out" "CPD minutes: 20" "verify gives the minutes"
like "$out" "Valid until: $expires" "verify gives the expiry"
like "$out" "Attempt:     $id" "verify gives the attempt"

lower=$(printf '%s' "$code" | tr -d - | tr 'A-Z' 'a-z')
out=$("$VIGIL" verify "$lower" 2>&1)
is $? 0 "verify of a lower-case code without dashes exits 0"
like "$out" "Alex Example" "a lower-case code finds the same certificate"
spaced=$(printf '%s' "$code" | tr - ' ')
"$VIGIL" verify "$spaced" >/dev/null 2>&1
is $? 0 "verify of a code with spaces exits 0"
"$VIGIL" verify $spaced >/dev/null 2>&1
is $? 0 "verify of a code given as three words exits 0"

# One character changed, to another that a code may hold.
first=${code:0:1}
if [ "$first" = Z ]; then other=Y; else other=Z; fi
changed="$other${code:1}"
out=$("$VIGIL" verify "$changed" 2>&1)
is $? 1 "verify of a changed code exits 1"
is "$out" "vigil: certificate code '$changed' is not known in this database" \
	"verify of a changed code says it is not known"
for junk in hello "" "!!!!-????-%%%%" "$code$code" "${code:0:13}" \
	"$(head -c 5000 /dev/zero | tr '\0' A)" "$(printf 'ab\033[31mc')"; do
	"$VIGIL" verify "$junk" >"$TMP/out" 2>"$TMP/err"
	is $? 1 "verify of garbage (${#junk} bytes) exits 1"
	like "$(cat "$TMP/err")" "is not known in this database" "verify of garbage says it is not known"
done
unlike "$(cat "$TMP/err")" "$(printf '\033')" "verify does not echo control characters"
"$VIGIL" verify >/dev/null 2>&1
is $? 2 "verify without a code is a usage error"
"$VIGIL" verify --bogus >/dev/null 2>&1
is $? 2 "verify with an unknown option is a usage error"

# The learner with markup: their name is printed as text, on one line.
out=$("$VIGIL" verify "$ecode" 2>&1)
is $? 0 "verify of the learner with markup exits 0"
like "$out" "  Learner:     $evil (T200)" "verify prints the name as typed"

# A name with a line end and a terminal escape cannot forge a line of the
# answer or drive the terminal.  Vigil refuses the escape in a name, so it
# is put in by hand, as in a database edited outside Vigil.
forged=$(printf 'Jo Forger\n  Valid until: 2099-01-01')
take_texts "$TMP/forged" "$packs" T700 "$forged" "${right[@]}"
sql "$VIGIL_DB" "UPDATE learners SET name = name || char(27) || '[2J'
	WHERE ref = 'T700'"
out=$("$VIGIL" verify "$(code_of "$TMP/forged")" 2>&1)
is $? 0 "verify of the learner with a line end in their name exits 0"
like "$out" "  Learner:     Jo Forger   Valid until: 2099-01-01[2J (T700)" \
	"the name is printed on one line"
is "$(printf '%s\n' "$out" | grep -c '^  Valid until:')" 1 "the name adds no line"
unlike "$out" "$(printf '\033')" "the name's escape is not printed"
like "$("$VIGIL" certificate "$(attempt_of "$TMP/forged")")" \
	"Jo Forger
  Valid until: 2099-01-01$(printf '\357\277\275')[2J" "the page shows the escape as U+FFFD"

# Expiry, with the clock moved (VIGIL_NOW is for tests only).
out=$(VIGIL_NOW=$(python3 -c 'import sys, datetime
print(datetime.date.fromisoformat(sys.argv[1]) - datetime.timedelta(days=1))' "$expires") \
	"$VIGIL" verify "$code" 2>&1)
is $? 0 "verify the day before expiry exits 0"
unlike "$out" "expired" "the day before expiry it has not expired"
like "$out" "Valid until: $expires" "the day before expiry it is valid until then"
out=$(VIGIL_NOW=$expires "$VIGIL" verify "$code" 2>&1)
is $? 0 "verify on the expiry date exits 0"
like "$out" "Certificate $code is genuine, but it expired on $expires." "on the expiry date it has expired"
later=$(python3 -c 'import sys, datetime
print(datetime.date.fromisoformat(sys.argv[1]) + datetime.timedelta(days=40))' "$expires")
out=$(VIGIL_NOW=$later "$VIGIL" verify "$code" 2>"$TMP/err")
is $? 0 "verify of an expired code exits 0: it still certifies the completion"
like "$out" "Certificate $code is genuine, but it expired on $expires." "verify says the code has expired"
like "$out" "Valid until: expired on $expires" "verify gives the date it expired"
like "$out" "Alex Example (T100)" "an expired code still names the learner"
like "$(cat "$TMP/err")" "VIGIL_NOW" "verify says the clock was moved"

# A code from another database is not known here; no database, no answer.
out=$("$VIGIL" --db "$TMP/none.db" verify "$code" 2>&1)
is $? 1 "verify without a database fails"
like "$out" "there is no records database at '$TMP/none.db'" "and says which file is missing"
"$VIGIL" --db "$TMP/other.db" learner add X --name X >/dev/null 2>&1
out=$("$VIGIL" --db "$TMP/other.db" verify "$code" 2>&1)
is $? 1 "a code from another database is not known"
like "$out" "is not known in this database" "a code from another database says so"

done_testing
