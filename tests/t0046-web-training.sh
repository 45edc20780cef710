#!/bin/bash
# Where a learner stands, with curl against the real server and with
# `vigil take`: a pass, then a retake that fails, never hides the pass
# (SPEC §4): the catalogue's card keeps it, its valid-until date and its
# certificate, and shows the failure beside it; the page before a retake
# and `vigil take` say first that the pass stays valid; the due dates of
# assignments and the share done of an attempt in progress are on the
# cards; "My training" lists the modules, the certificates (valid ones
# first) and the CPD minutes of this year and in all; a signed-out visitor
# and a leaver are sent to the sign-in.
. "$SRCDIR/tests/lib.sh"

command -v curl >/dev/null || { echo "1..0 # SKIP curl is not installed"; exit 0; }

mkdir -p "$TMP/packs"
cp -R "$SRCDIR/tests/packs/example" "$TMP/packs/example"
chmod -R u+w "$TMP/packs"
export VIGIL_PACKS="$TMP/packs"
trap 'serve_stop; rm -rf "$TMP"' EXIT

PORT=$(free_port)
BASE="http://127.0.0.1:$PORT"
PAGE="$TMP/page"
JAR="$TMP/sian.jar"
M=/take/example/basics

# take_at TIME OUT ANSWER...: takes the basics module as T1 at TIME.
take_at() {
	local when=$1 out=$2
	shift 2
	VIGIL_NOW=$when drive_texts "$out" "$@" -- take example basics \
		--learner T1
}
page() { cat "$PAGE"; }

# The school: one person, both modules assigned within 30 days.
"$VIGIL" learner add T1 --name "Siân Evans" --start 2026-12-08 >/dev/null &&
	"$VIGIL" assign example/basics --everyone --within 30 >/dev/null &&
	"$VIGIL" assign example/short --everyone --within 30 >/dev/null
ok $? "the school is set up"

# A pass in 2025 (long expired), a pass on 7 December 2026, a retake that
# fails on 20 December.
take_at 2025-06-10T10:00:00Z "$TMP/t1" "${BASICS_RIGHT[@]}"
is $? 0 "a pass in 2025"
take_at 2026-12-07T10:00:00Z "$TMP/t2" "${BASICS_RIGHT[@]}"
is $? 0 "a pass on 7 December 2026"
unlike "$(cat "$TMP/t2")" "valid pass" \
	"no note before it: the pass of 2025 has expired"
take_at 2026-12-20T10:00:00Z "$TMP/t3" \
	"Ask Jordan why they didn't tell anyone sooner" \
	"Go back and try again" "${BASICS_RIGHT[@]}"
is $? 1 "a retake that fails on 20 December"
is "$(grep -v '^vigil: warning' "$TMP/t3" | sed -n 1p)" \
	"You hold a valid pass of this module until 2027-12-07 (attempt 2).  A new attempt will not take it away: whatever" \
	"vigil take says first that a valid pass is held"
like "$(cat "$TMP/t3")" "A new attempt will not take it away" \
	"and that the new attempt will not take it away"
like "$(cat "$TMP/t3")" "Its certificate: vigil certificate 2" \
	"and where its certificate is"
is "$(tail -n 1 "$TMP/t3" | cut -c 1-18)" "Result: NOT PASSED" \
	"the result is still the last line"
is "$(sql "$VIGIL_DB" "SELECT group_concat(status, ',') FROM
	(SELECT status FROM attempts ORDER BY id)")" \
	"passed,passed,not passed" "the records hold the three attempts"

# The records side: the pass still counts.
VIGIL_NOW=2026-12-21 "$VIGIL" records --due-within 30 >"$TMP/rec" 2>&1
like "$(cat "$TMP/rec")" "example/short" "vigil records lists the module due"
unlike "$(cat "$TMP/rec")" "basics" \
	"but not the one whose pass a failed retake left valid"

export VIGIL_NOW=2026-12-21T09:00:00Z
serve_start "$PORT" --signup open
ok $? "vigil serve starts"
curl -s -o "$PAGE" -b "$JAR" -c "$JAR" "$BASE/"
curl -s -o "$PAGE" -b "$JAR" -c "$JAR" --data-urlencode "name=Siân Evans" \
	--data-urlencode "ref=T1" --data-urlencode "csrf=$(csrf_of "$PAGE")" \
	"$BASE/signin"
is "$(jar_get /)" 200 "the catalogue answers"

# The catalogue: a card per module, the pass kept beside the failure.
like "$(page)" '<article class="card">' "each module is a card"
like "$(page)" '<h3 id="m-example.basics">Listening to a disclosure</h3>' \
	"with its heading"
like "$(page)" '20 minutes. <span class="s-valid">Passed on <time datetime="2026-12-07">7 December 2026</time>, valid until <time datetime="2027-12-07">7 December 2027</time></span>' \
	"the card shows the valid pass and its valid-until date"
like "$(page)" 'Retaken on <time datetime="2026-12-20">20 December 2026</time>, not passed; your pass still stands.' \
	"and the failed retake beside it"
like "$(page)" '<a href="/attempts/2/certificate" aria-describedby="m-example.basics">Certificate</a>' \
	"with a link to the pass's certificate"
like "$(page)" '<a href="/attempts/2" aria-describedby="m-example.basics">Result of your pass</a>' \
	"and to the pass's result"
like "$(page)" '<a href="/attempts/3" aria-describedby="m-example.basics">Result of the retake</a>' \
	"and to the retake's"
like "$(page)" "<a href=\"$M\" aria-describedby=\"m-example.basics\">Take it again</a>" \
	"and the way to take it again"
like "$(page)" 'Up to date; due again by <time datetime="2027-12-07">' \
	"the pass puts its due date at its expiry"
like "$(page)" '<span class="due">Due by <time datetime="2027-01-07">7 January 2027</time></span>' \
	"an assigned module not done is due 30 days from the first day in post"
like "$(page)" '<progress max="2" value="1" aria-hidden="true"></progress> 1 of 2 modules done' \
	"the pack still counts the module done"
like "$(page)" '<a href="/training">My training</a>:' \
	"the catalogue links to My training"
like "$(sed -n '/<nav aria-label="Site">/,/<\/nav>/p' "$PAGE")" \
	'<a href="/training">My training</a>' \
	"and so does the header's navigation"

is "$(jar_get /attempts/3)" 200 "the failed retake's result answers"
like "$(page)" 'Your pass of <time datetime="2026-12-07">7 December 2026</time> still stands, valid until <time datetime="2027-12-07">7 December 2027</time>: this result does not take it away.' \
	"and says the pass still stands"
like "$(page)" '<a href="/attempts/2/certificate">Your certificate</a>' \
	"with the way to its certificate"

# The page before a retake warns; the one of a module not passed does not.
is "$(jar_get "$M")" 200 "the page before a retake answers"
like "$(page)" 'You already hold a valid pass of this module, from <time datetime="2026-12-07">7 December 2026</time>, until <time datetime="2027-12-07">7 December 2027</time>' \
	"it says a valid pass is held, and until when"
like "$(page)" "A new attempt will not take it away" \
	"and that a new attempt will not take it away"
like "$(page)" '<a href="/attempts/2/certificate">Your certificate</a>' \
	"and where the certificate is"
like "$(page)" "action=\"$M/begin\"" "before the Begin form"
jar_get /take/example/short >/dev/null
unlike "$(page)" "valid pass" "a module without a pass has no such note"

# An attempt in progress shows its share done.
printf '\nq\n' | VIGIL_NOW=2026-12-21T08:00:00Z "$VIGIL" take example short \
	--learner T1 >/dev/null 2>&1
jar_get / >/dev/null
like "$(page)" '<span class="s-progress">In progress since <time datetime="2026-12-21">' \
	"a module begun is in progress"
pct=$(sed -n 's/.*<progress max="100" value="\([0-9]*\)" aria-hidden="true"><\/progress> \([0-9]*\)% done.*/\1 \2/p' "$PAGE")
[[ $pct =~ ^[1-9][0-9]*\ [0-9]+$ ]]
ok $? "its card shows the share done as a bar and in words ($pct)"
set -- $pct
is "${1:-x}" "${2:-y}" "the bar and the words agree"

# My training.
is "$(jar_get /training)" 200 "My training answers"
like "$(page)" '<h1>My training</h1>' "with its heading"
like "$(page)" '<a href="/take/example/basics">Listening to a disclosure</a>' \
	"it lists the module passed"
like "$(page)" 'Passed, expires on 7 December 2027; retaken on <time datetime="2026-12-20">20 December 2026</time>, not passed; your pass still stands' \
	"with its state, the failed retake beside the pass"
like "$(page)" '<a href="/take/example/short">Writing it down</a>' \
	"and the module assigned, not yet done"
like "$(page)" 'Due by <time datetime="2027-01-07">7 January 2027</time>' \
	"with its due date"
like "$(page)" '<h3 id="c-2">Listening to a disclosure</h3>' \
	"the valid certificate is listed"
like "$(page)" '<a href="/attempts/2/certificate.pdf" aria-describedby="c-2">PDF</a>' \
	"with a link to its PDF"
like "$(page)" '<a href="/attempts/2/certificate" aria-describedby="c-2">Certificate</a>' \
	"and to its page"
like "$(page)" '<strong>Expired</strong> on <time datetime="2026-06-10">' \
	"the pass of 2025 is marked expired"
first=$(grep -o 'id="c-[0-9]*"' "$PAGE" | head -n 1)
is "$first" 'id="c-2"' "valid certificates come first"
unlike "$(page)" 'id="c-3"' "a failed attempt is no certificate"
like "$(page)" '<span class="n">20</span> minutes in 2026' \
	"CPD minutes this year (the pass of 2026)"
like "$(page)" '<span class="n">40</span> minutes in total' \
	"and in all (both passes)"

# Starting a retake in the terminal with the attempt in progress: none
# begins, so no note; a new one after it is finished gets one.
printf 'q\n' | VIGIL_NOW=2026-12-21T10:00:00Z "$VIGIL" take example short \
	--learner T1 >"$TMP/t5" 2>&1
unlike "$(cat "$TMP/t5")" "valid pass" "carrying on an attempt gives no note"

# Signed out, or a leaver: sent to the sign-in.
C="$TMP/nobody.jar"
is "$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' -b "$C" \
	"$BASE/training")" "303 $BASE/" "without a sign-in, /training redirects"
"$VIGIL" learner leave T1 >/dev/null 2>&1
is "$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' -b "$JAR" \
	"$BASE/training")" "303 $BASE/" "a leaver is redirected too"

serve_stop
done_testing
