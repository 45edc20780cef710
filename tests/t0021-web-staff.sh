#!/bin/bash
# The staff pages of `vigil serve`, driven with curl: signing in, the
# catalogue, taking a module one step per page with the right answers,
# feedback, the result, the certificate and the public check of its code;
# carrying on after the server restarts; one learner's cookie cannot read
# another's attempt; a changed pack starts a new attempt; roster sign-in.
. "$SRCDIR/tests/lib.sh"

if ! command -v curl >/dev/null; then
	echo "1..0 # SKIP curl is not installed"
	exit 0
fi

mkdir -p "$TMP/packs"
cp -R "$SRCDIR/tests/packs/example" "$TMP/packs/example"
chmod -R u+w "$TMP/packs"
export VIGIL_PACKS="$TMP/packs"
trap 'serve_stop; rm -rf "$TMP"' EXIT

PORT=$(free_port)
BASE="http://127.0.0.1:$PORT"
PAGE="$TMP/page"
M=/take/example/basics

# get JAR PATH: fetches PATH into $PAGE; prints "STATUS LOCATION" (the
# location without $BASE).
get() {
	curl -s -o "$PAGE" -w '%{http_code} %{redirect_url}' -b "$1" -c "$1" \
		"$BASE$2" | sed "s|$BASE||"
}

# post JAR PATH [NAME=VALUE]...: posts a form carrying the CSRF token of
# the page in $PAGE; the response replaces it.
post() {
	local jar=$1 path=$2 a csrf
	local -a args=()
	shift 2
	csrf=$(csrf_of "$PAGE")
	for a in "$@"; do
		args+=(--data-urlencode "$a")
	done
	curl -s -o "$PAGE" -w '%{http_code} %{redirect_url}' -b "$jar" \
		-c "$jar" --data-urlencode "csrf=$csrf" "${args[@]}" \
		"$BASE$path" | sed "s|$BASE||"
}

# field NAME: the value of the hidden input NAME in $PAGE.
field() {
	sed -n "s/.*name=\"$1\" value=\"\([^\"]*\)\".*/\1/p" "$PAGE" | head -n 1
}

# choice TEXT: the number of the option whose label holds TEXT.
choice() {
	grep -F -- "$1" "$PAGE" |
		sed -n 's/.*id="choice-[0-9]*" value="\([0-9]*\)".*/\1/p' |
		head -n 1
}

# pos TEXT: the number of the item to order whose label holds TEXT.
pos() {
	grep -F -- "$1" "$PAGE" |
		sed -n 's/.*<label for="pos-\([0-9]*\)">.*/\1/p' | head -n 1
}

# answer JAR [NAME=VALUE]...: answers the step shown in $PAGE.
answer() {
	local jar=$1
	shift
	post "$jar" "$M" "step=$(field step)" "seq=$(field seq)" "$@"
}

# signin JAR NAME REF: signs in through the open sign-in form.
signin() {
	get "$1" / >/dev/null
	post "$1" /signin "name=$2" "ref=$3"
}

page() { cat "$PAGE"; }

serve_start "$PORT" --signup open
ok $? "vigil serve starts and answers"

# Signing in.
A="$TMP/alex.jar"
is "$(get "$A" /)" "200 " "the front page answers before sign-in"
like "$(page)" '<label for="name">Your name</label>' "with a labelled name"
like "$(page)" '<label for="ref">Staff reference or email</label>' \
	"and a labelled staff reference"
is "$(post "$A" /signin "name=Alex Example" "ref=")" "422 " \
	"a sign-in without a reference is refused"
like "$(page)" '<a href="#ref">Enter your staff reference or email.</a>' \
	"with the message linked to the field"
like "$(page)" 'value="Alex Example"' "keeping what was typed"
is "$(post "$A" /signin "name=Alex Example" "ref=alex@example.org")" "303 /" \
	"signing in redirects to the catalogue"
is "$(sql "$VIGIL_DB" "SELECT ref, name FROM learners")" \
	"alex@example.org|Alex Example" "and adds the learner to the roster"

get "$A" / >/dev/null
like "$(page)" "<h1>Your training</h1>" "the catalogue is shown"
like "$(page)" "Listening when a pupil tells you something worrying" \
	"with the pack's title"
like "$(page)" "<strong>Designated Safeguarding Lead</strong>" \
	"its summary rendered"
like "$(page)" ">Listening to a disclosure</h3>" "each module"
like "$(page)" "20 minutes. <span class=\"s-never\">Not started</span>" \
	"its minutes and standing"
like "$(page)" "<a href=\"$M\" aria-describedby=\"m-example.basics\">Begin</a>" \
	"and a link to take it"
like "$(page)" '<progress max="2" value="0" aria-hidden="true"></progress> 0 of 2 modules done' \
	"the pack says how far along the learner is"

# The page before an attempt, then Begin.
is "$(get "$A" "$M")" "200 " "the module's page answers"
like "$(page)" '<dt>Pass mark</dt><dd>80%</dd>' "with its pass mark"
like "$(page)" "action=\"$M/begin\"" "and a Begin form"
is "$(get "$A" "$M/begin")" "405 " "GET cannot begin an attempt"
is "$(sql "$VIGIL_DB" "SELECT count(*) FROM attempts")" 0 \
	"GET pages change nothing"
is "$(post "$A" "$M/begin")" "303 $M" "Begin starts an attempt"
is "$(sql "$VIGIL_DB" "SELECT count(*), status FROM attempts")" \
	"1|in progress" "one attempt is in progress"
get "$A" "$M" >/dev/null
post "$A" "$M/begin" >/dev/null
is "$(sql "$VIGIL_DB" "SELECT count(*) FROM attempts")" 1 \
	"a second Begin starts nothing more"
is "$(get "$A" /attempts/1)" "200 " "an attempt in progress has a page"
like "$(page)" "<a class=\"button\" href=\"$M\">Carry on</a>" \
	"that leads back to it"

# The two pages.
get "$A" "$M" >/dev/null
like "$(page)" '<p id="progress-label">0% done</p>' "progress is shown, as the share done"
like "$(page)" '<progress max="100" value="0" aria-labelledby="progress-label">' \
	"with a progress bar labelled by it"
like "$(page)" "<h2>Before you start</h2>" "the step's Markdown is rendered"
like "$(page)" '<a href="/">Save and finish later</a>' \
	"and one can save and finish later"
is "$(answer "$A")" "303 $M" "a page continues to the next step"
get "$A" "$M" >/dev/null
like "$(page)" "10% done" "which is shown next"
answer "$A" >/dev/null

# The scene: radio buttons in a fieldset with a legend.
get "$A" "$M" >/dev/null
is "$(field step)" corridor "then the scene"
like "$(page)" '<legend>Choose one answer</legend>' "in a fieldset with a legend"
like "$(page)" 'type="radio" required="required" name="choice" id="choice-1" value="1"><label for="choice-1">' \
	"each choice a labelled radio button"
is "$(answer "$A")" "422 " "no choice is refused"
like "$(page)" '<a href="#choice-1">Choose one answer.</a>' \
	"with a message linked to the first choice"
like "$(page)" '<p class="error" id="answer-error">' \
	"and shown beside the choices"
get "$A" "$M" >/dev/null
c=$(choice "but that you will listen and help")
stale_step=$(field step) stale_seq=$(field seq)
is "$(answer "$A" "choice=$c")" "303 $M/feedback" \
	"a choice with feedback leads to the feedback"
is "$(get "$A" "$M/feedback")" "200 " "which is shown"
like "$(page)" "Being honest from the start keeps" "the choice's feedback"
like "$(page)" "<h2>2 of 2 points</h2>" "and its points"
like "$(page)" "<a class=\"button\" href=\"$M\">Continue</a>" \
	"and a way on"
get "$A" "$M/feedback" >/dev/null
like "$(page)" "Being honest from the start keeps" \
	"the feedback is the same when shown again"

# A second click on the scene's form: redirected, nothing stored.
n=$(sql "$VIGIL_DB" "SELECT count(*) FROM answers")
is "$(post "$A" "$M" "step=$stale_step" "seq=$stale_seq" "choice=1")" \
	"303 $M" "a stale form is redirected to the current step"
is "$(sql "$VIGIL_DB" "SELECT count(*) FROM answers")" "$n" \
	"and stores nothing"

# The server restarts: the learner carries on at the same step.
get "$A" "$M" >/dev/null
step=$(field step)
is "$step" first-step "the next step is the single choice"
serve_stop
serve_start "$PORT" --signup open
ok $? "the server starts again"
get "$A" "$M" >/dev/null
is "$(field step)" "$step" "after a restart the same step is shown"
is "$(field seq)" 3 "with the answers so far"

# single, multiple, true/false.
c=$(choice "Tell the DSL straight away")
is "$(answer "$A" "choice=$c")" "303 $M/feedback" \
	"the single choice is answered"
get "$A" "$M/feedback" >/dev/null
like "$(page)" '<h2 class="right">Right — 1 of 1 point</h2>' "and said to be right"
get "$A" "$M" >/dev/null
is "$(field step)" while-listening "then the multiple choice"
like "$(page)" '<legend>Choose every answer that applies</legend>' \
	"with its legend"
like "$(page)" 'type="checkbox" name="choice"' "as checkboxes"
is "$(answer "$A" "choice=$(choice "Stay calm")" \
	"choice=$(choice "right to tell you")")" "303 $M/feedback" \
	"two checkboxes are one answer"
is "$(sql "$VIGIL_DB" "SELECT step, points FROM answers ORDER BY seq DESC LIMIT 1")" \
	"while-listening|3" "recorded with its points"
get "$A" "$M" >/dev/null
is "$(field step)" secret "then true or false"
answer "$A" "choice=$(choice ">False<")" >/dev/null

# The order: a labelled select of positions for each item.
get "$A" "$M" >/dev/null
is "$(field step)" after "then the order"
like "$(page)" '<select id="pos-1" name="pos-1" required>' "with a select per item"
like "$(page)" '<label for="pos-3">' "each labelled"
is "$(grep -o '<option value="" selected>Choose</option>' "$PAGE" | wc -l | tr -d ' ')" 3 \
	"every position starting at Choose, not at the order shown"
is "$(answer "$A")" "422 " "so Continue without arranging them is refused"
like "$(page)" "Give each item a different position, from 1 to 3." "asking to arrange them"
p1=$(pos "Listen, and let the pupil finish")
p2=$(pos "Explain what will happen next")
p3=$(pos "Tell the DSL straight away")
is "$(answer "$A" "pos-$p1=1" "pos-$p2=1" "pos-$p3=2")" "422 " \
	"two items in one place are refused"
like "$(page)" '<a href="#pos-1">Give each item a different position, from 1 to 3.</a>' \
	"with a message linked to the field"
like "$(page)" "<select id=\"pos-$p2\" name=\"pos-$p2\" required><option value=\"1\" selected>" \
	"keeping what was chosen"
is "$(answer "$A" "pos-$p1=1" "pos-$p2=2" "pos-$p3=3")" "303 $M/feedback" \
	"the right order is an answer"
is "$(sql "$VIGIL_DB" "SELECT input, points FROM answers WHERE step = 'after'")" \
	"$p1,$p2,$p3|2" "stored as the numbers in the order chosen"

# The reflection: a labelled text box; the end of the module.
get "$A" "$M" >/dev/null
is "$(field step)" own-words "then the reflection"
like "$(page)" '<label for="answer"><strong>Your answer</strong></label>' \
	"with a labelled text box"
is "$(answer "$A" "text=   ")" "422 " "an empty reflection is refused"
like "$(page)" "Please write a few words." "saying why"
r=$(answer "$A" "text=I can't keep this a secret,
but I will listen <b>and</b> help.")
like "$r" "303 /attempts/" "the last answer leads to the result"
ID=${r##*/}
is "$(sql "$VIGIL_DB" "SELECT input FROM answers WHERE step = 'own-words'")" \
	"I can't keep this a secret, but I will listen <b>and</b> help." \
	"a reflection is stored on one line"
is "$(sql "$VIGIL_DB" "SELECT status, score, max, minutes FROM attempts WHERE id = $ID")" \
	"passed|9|9|20" "the attempt is recorded as passed"

# The result, the certificate and the check of its code.
is "$(get "$A" "/attempts/$ID")" "200 " "the result page answers"
like "$(page)" '<h2 class="right">Passed</h2>' "saying passed"
like "$(page)" "9 of 9 points (100%); the pass mark is 80%" "with the score"
like "$(page)" "<dt>CPD minutes</dt><dd>20</dd>" "and the CPD minutes"
like "$(page)" "<h2>Well done</h2>" "after the finish text"
like "$(page)" "<h2>Question by question</h2>" "what was right and wrong"
like "$(page)" "5 of 5 right the first time." "counted"
like "$(page)" '<li><span class="right">Right (1 of 1 point)</span>: ' \
	"with each question's verdict"
like "$(page)" '>Next: Writing it down</a>' "and the way on to the next module"
code=$(sql "$VIGIL_DB" "SELECT code FROM certificates WHERE attempt_id = $ID")
like "$(page)" "<code>$code</code>" "with the certificate code"
like "$(page)" "href=\"/attempts/$ID/certificate\"" \
	"and a link to the certificate"
expires=$(sql "$VIGIL_DB" "SELECT expires FROM attempts WHERE id = $ID")
like "$(page)" "<dt>Valid until</dt><dd><time datetime=\"$expires\">" \
	"and its expiry"
get "$A" / >/dev/null
like "$(page)" "1 of 2 modules done" "the catalogue counts the module passed"
is "$(get "$A" "/attempts/$ID/certificate")" "200 " "the certificate answers"
like "$(page)" "<h1>Certificate of completion</h1>" "as the printable page"
like "$(page)" "Alex Example" "naming the learner"
"$VIGIL" certificate "$ID" >"$TMP/cert.html"
# The served page adds its print button and links, and links the check.
is "$(sed -n '/<main/,/<\/main>/p' "$TMP/cert.html" | grep -v 'To check')" \
	"$(sed -n '/<main/,/<\/main>/p' "$PAGE" | grep -v 'To check')" \
	"the same certificate as vigil certificate writes"

is "$(get "$A" "/verify?code=$code")" "200 " "the check of a code answers"
like "$(page)" "This certificate is genuine" "and says it is genuine"
like "$(page)" "<dt>Name</dt><dd>Alex Example</dd>" "whose it is"
unlike "$(page)" "alex@example.org" "but not their reference"
get "$A" "/verify?code=$(echo "$code" | tr 'A-Z' 'a-z' | tr -d -)" >/dev/null
like "$(page)" "This certificate is genuine" "in any case, without dashes"
get "$A" "/verify?code=%3Cb%3EAAAA" >/dev/null
like "$(page)" "Not known" "an unknown code is not known"
like "$(page)" "&ldquo;&lt;b&gt;AAAA&rdquo;" "and is shown escaped"
C="$TMP/nobody.jar"
is "$(get "$C" "/verify?code=$code")" "200 " "the check needs no sign-in"
serve_stop
VIGIL_NOW=$expires serve_start "$PORT" --signup open
get "$C" "/verify?code=$code" >/dev/null
like "$(page)" "It has expired" "an expired code is still genuine"
like "$(page)" "expired on <time datetime=\"$expires\">" \
	"and says when it expired"
is "$(signin "$A" "Someone Else" "alex@example.org")" "303 /" \
	"a known reference signs in again (its session had expired)"
is "$(sql "$VIGIL_DB" "SELECT count(*) FROM learners")" 1 \
	"as the same learner"
get "$A" / >/dev/null
like "$(page)" "Signed in as Alex Example" "under the name in the roster"
like "$(page)" "<span class=\"s-expired\">Expired on" \
	"the catalogue says it has expired"
serve_stop
serve_start "$PORT" --signup open

get "$A" / >/dev/null
like "$(page)" "<span class=\"s-valid\">Passed on <time" \
	"the catalogue says when it was passed"
like "$(page)" ", valid until <time datetime=\"$expires\">" \
	"and until when"
like "$(page)" ">Last result</a>" "with a link to the result"

# Another learner cannot read the first one's attempt.
B="$TMP/bo.jar"
signin "$B" "Bo <script>alert(1)</script>" "bo-1" >/dev/null
get "$B" / >/dev/null
like "$(page)" "Signed in as Bo &lt;script&gt;alert(1)&lt;/script&gt;" \
	"a name is shown escaped"
unlike "$(page)" "<script>" "never as markup"
is "$(get "$B" "/attempts/$ID")" "404 " \
	"another learner's cookie gets 404 for the attempt"
unlike "$(page)" "Alex" "and sees nothing of it"
is "$(get "$B" "/attempts/$ID/certificate")" "404 " "nor its certificate"
is "$(get "$B" "/attempts/999999")" "404 " "the same as an unknown attempt"
is "$(get "$B" "/attempts/x")" "404 " "or a number that is not one"
is "$(get "$C" "/attempts/$ID")" "404 " "without a sign-in, the attempt is not found"
is "$(get "$C" "/attempts/$ID/certificate")" "404 " "nor its certificate"
is "$(get "$C" "$M")" "303 /" "a module redirects to the sign-in"
is "$(get "$B" /take/example/nosuch)" "404 " "an unknown module is not found"
is "$(get "$B" /take/nosuch/basics)" "404 " "nor an unknown pack"

# A pack that changes under an attempt: a new attempt starts.
get "$B" "$M" >/dev/null
post "$B" "$M/begin" >/dev/null
get "$B" "$M" >/dev/null
answer "$B" >/dev/null
# The server keeps loaded packs while nothing in their folders changes
# (src/packcache.c); a change it is told of is checked against the hash.
get "$B" "$M" >/dev/null
like "$(page)" "10% done" "the attempt is at its second step"
touch "$TMP/packs/example/basics.lua"
get "$B" "$M" >/dev/null
like "$(page)" "10% done" "a file touched but not changed changes nothing"
# A pack installed as a link to a release folder, then switched to
# another release: nothing happens in the old folder, yet it is seen.
mv "$TMP/packs/example" "$TMP/release-1"
ln -s "$TMP/release-1" "$TMP/packs/example"
get "$B" "$M" >/dev/null
like "$(page)" "10% done" "nor the same pack moved behind a link"
cp -R "$TMP/release-1" "$TMP/release-2"
echo "-- changed" >>"$TMP/release-2/basics.lua"
ln -sfn "$TMP/release-2" "$TMP/packs/example"
get "$B" "$M" >/dev/null
like "$(page)" "This module has changed since you began it" \
	"a changed pack is explained"
like "$(page)" "action=\"$M/restart\"" "with a button to start again"
is "$(sql "$VIGIL_DB" "SELECT status FROM attempts WHERE learner_id = (SELECT id FROM learners WHERE ref = 'bo-1')")" \
	"in progress" "and GET changes nothing"
is "$(post "$B" "$M/restart")" "303 $M" "starting again redirects"
is "$(sql "$VIGIL_DB" "SELECT group_concat(status, ',') FROM attempts WHERE learner_id = (SELECT id FROM learners WHERE ref = 'bo-1')")" \
	"abandoned,in progress" "the old attempt is kept, abandoned"
get "$B" "$M" >/dev/null
like "$(page)" "0% done" "and the new one starts at the first step"
echo "-- changed again" >>"$TMP/packs/example/basics.lua"
get "$B" "$M" >/dev/null
like "$(page)" "This module has changed since you began it" \
	"a change made in the folder in place is seen as well"
post "$B" "$M/restart" >/dev/null
get "$B" "$M" >/dev/null
like "$(page)" "0% done" "(a new attempt again)"
echo "-- changed below" >>"$TMP/packs/example/tests/short.lua"
get "$B" "$M" >/dev/null
like "$(page)" "This module has changed since you began it" \
	"and one in a folder inside the pack"

# Signing out.
get "$A" / >/dev/null
is "$(post "$A" /signout)" "303 /" "signing out redirects"
get "$A" / >/dev/null
like "$(page)" "<h1>Sign in</h1>" "and the sign-in form is back"
is "$(get "$A" "/attempts/$ID")" "404 " "the old cookie reads nothing"

# Forms without the CSRF token are refused.
is "$(curl -s -o /dev/null -w '%{http_code}' -b "$B" -c "$B" \
	--data "step=x" "$BASE$M/begin")" 403 "a form without its token is refused"
serve_stop

# Roster mode: only personal links.
serve_start "$PORT" --signup roster
D="$TMP/dana.jar"
get "$D" / >/dev/null
like "$(page)" "personal sign-in link" "the front page points to the personal link"
unlike "$(page)" "<form method=\"post\" action=\"/signin\">" "with no sign-in form"
token=$(awk '$6 == "vigil_csrf" { print $7 }' "$D")
is "$(curl -s -o /dev/null -w '%{http_code}' -b "$D" -c "$D" \
	--data "csrf=$token&name=Dana&ref=dana" "$BASE/signin")" 404 \
	"open sign-in is not found"
"$VIGIL" learner add dana --name "Dana Smith" >/dev/null
link=$("$VIGIL" learner link dana --base "$BASE/" 2>/dev/null | head -n 1)
path=${link#"$BASE"}
is "$(get "$D" "$path")" "200 " "the personal link answers"
like "$(page)" "<h1>Sign in as Dana Smith</h1>" "and asks to sign in"
get "$D" / >/dev/null
like "$(page)" "<h1>Sign in</h1>" "opening the link signs no one in"
get "$D" "$path" >/dev/null
is "$(post "$D" "$path")" "303 /" "its button signs in"
get "$D" / >/dev/null
like "$(page)" "Signed in as Dana Smith" "as the link's learner"
is "$(get "$D" /signin/not-a-token)" "404 " "an unknown link is not found"

# finish { passed = ..., not_passed = ... }: the result page shows the
# text for the outcome (SPEC §2), never "well done" to a learner who did
# not pass.
mkdir -p "$TMP/packs/fin"
printf 'pack { id = "fin", title = "F", version = "1.0.0", modules = { "m" } }\n' \
	>"$TMP/packs/fin/pack.lua"
cat >"$TMP/packs/fin/m.lua" <<'LUA'
module { title = "F", minutes = 1, pass_mark = 100 }
question "q" { type = "truefalse", [[Tell the DSL the same day.]], answer = true, score = 1 }
finish {
  passed = [[## Well done, you know whom to tell.]],
  not_passed = [[## Not passed this time: read the policy, then try again.]],
}
LUA
# take_fin LABEL: answers the question with the option LABEL and prints
# the result page's address.
take_fin() {
	local r loc
	get "$D" /take/fin/m >/dev/null
	if grep -q 'action="/take/fin/m/begin"' "$PAGE"; then
		post "$D" /take/fin/m/begin >/dev/null
		get "$D" /take/fin/m >/dev/null
	fi
	r=$(post "$D" /take/fin/m "step=$(field step)" "seq=$(field seq)" \
		"choice=$(choice "$1")")
	loc=${r#* }
	while [ -n "$loc" ] && [ "${loc#/attempts/}" = "$loc" ]; do
		r=$(get "$D" "$loc")
		loc=${r#* }
		if [ -z "$loc" ] && grep -q 'class="button" href="/take/fin/m"' "$PAGE"; then
			r=$(get "$D" /take/fin/m)
			loc=${r#* }
		fi
	done
	echo "$loc"
}
get "$D" /take/fin/m >/dev/null
like "$(page)" "About 1 minute, credited" "a module of one minute says minute"
res=$(take_fin False)
like "$res" "/attempts/" "a wrong answer leads to the result"
get "$D" "$res" >/dev/null
like "$(page)" '<h2 class="wrong">Not passed</h2>' "which says not passed"
like "$(page)" "Not passed this time: read the policy, then try again." \
	"with the finish's not_passed text"
unlike "$(page)" "Well done" "and no well done"
like "$(page)" '<li><span class="wrong">Not right (0 of 1 point)</span>: ' \
	"the question answered wrongly is named as not right"
unlike "$(page)" '>Next: ' "and no way on past a module not passed"
# A scene with one choice is that one button (the example's way back).
get "$D" "$M" >/dev/null
if grep -q "action=\"$M/begin\"" "$PAGE"; then
	post "$D" "$M/begin" >/dev/null
	get "$D" "$M" >/dev/null
fi
for i in 1 2 3 4 5; do
	grep -q "Ask Jordan why" "$PAGE" && break
	post "$D" "$M" "step=$(field step)" "seq=$(field seq)" >/dev/null
	get "$D" "$M" >/dev/null
done
r=$(post "$D" "$M" "step=$(field step)" "seq=$(field seq)" \
	"choice=$(choice "Ask Jordan why")")
[ "${r#* }" != "$M" ] && get "$D" "${r#* }" >/dev/null && get "$D" "$M" >/dev/null
is "$(field step)" closed "a closing question leads to the scene with one way back"
like "$(page)" '<button type="submit">Go back and try again</button>' "shown as that one button"
unlike "$(page)" 'type="radio"' "with no radio to tick first"
unlike "$(page)" ">Continue</button>" "and no Continue"
r=$(post "$D" "$M" "step=$(field step)" "seq=$(field seq)" "choice=1")
[ "${r#* }" != "$M" ] && get "$D" "${r#* }" >/dev/null
get "$D" "$M" >/dev/null
is "$(field step)" corridor "pressing it goes back"

res=$(take_fin True)
get "$D" "$res" >/dev/null
like "$(page)" '<h2 class="right">Passed</h2>' "a retake with the right answer passes"
like "$(page)" "Well done, you know whom to tell." "with the passed text"
unlike "$(page)" "Not passed this time" "and not the other"
serve_stop

# Under --enable-sanitizers, the server reports to its log.
unlike "$(cat "$TMP/serve.$PORT.log")" "Sanitizer" \
	"the server's log has no sanitizer report"
unlike "$(cat "$TMP/serve.$PORT.log")" "runtime error" \
	"nor undefined behaviour"

done_testing
