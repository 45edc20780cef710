#!/bin/bash
# Feedback that teaches: after an answer the learner sees the question
# again, the answer they gave, one verdict with its points and the
# feedback, and after going back a note that only a first answer counts;
# in the terminal (piped: plain words; a terminal: bold and italic, unless
# NO_COLOR) and on the web (the feedback page and the result page); and
# an order question's page names its script, which only it may run.
. "$SRCDIR/tests/lib.sh"

pack="$SRCDIR/tests/feedback"
note="Only your first answer to this question counts: its points were counted the
first time."

# ---- the terminal, through a pipe ----
answers=(
	"Ask why they waited"
	"Go back and try again"
	"Say you will listen and help"
	"Nobody"
	"Tell the DSL | Listen to the pupil | Write it down"
	"I will listen, and I will help."
)
play_texts "$TMP/play" "$pack" m 5 "${answers[@]}"
out=$(cat "$TMP/play")
like "$out" "You were asked:
  Jordan says: please don't tell anyone. What do you say?

Your answer: Ask why they waited

0 of 2 points." "the question again, the choice made and its points"
like "$out" "Questions that start with why can sound like blame." \
	"the choice's feedback as plain words"
unlike "$out" "*" "no emphasis markers through a pipe, in texts or options"
is "$(printf '%s' "$out" | tr -d '\n' | grep -c $'\033')" 0 "and no escapes"
like "$out" "Your answer: Say you will listen and help

No points this time.

Being honest keeps Jordan's trust.

$note" "after going back: no points, and why"
is "$(grep -c '^Only your first answer' "$TMP/play")" 1 \
	"the note only where the step was answered before"
like "$out" "You were asked:
  Whom do you tell?

Your answer: Nobody

Not right this time — 0 of 1 point.

The answer was: The DSL" "a wrong answer: question, answer, one verdict, the right one"
is "$(grep -c -i -e 'right this time' -e '^right' "$TMP/play")" 2 \
	"one verdict for each marked answer"
like "$out" "Your answer, in your order:
  1. Tell the DSL
  2. Listen to the pupil
  3. Write it down

Not right this time — 0 of 2 points." "an order answer in the learner's order"
like "$out" "The right order is:" "with the right order"
right=("Say you will listen and help" "The DSL" "${answers[@]:4}")
play_texts "$TMP/right" "$pack" m 5 "${right[@]}"
like "$(cat "$TMP/right")" "Right — 1 of 1 point." "a right answer: one point, not points"
unlike "$(cat "$TMP/right")" "Only your first answer" "no note without going back"

# ---- the terminal, on a terminal ----
# tty_play [ENV=VALUE]...: plays the module on a pseudo-terminal, answering
# the first scene and stopping, and prints what the terminal showed.
tty_play() {
	env "$@" python3 - "$VIGIL" "$pack" <<'PY'
import os, pty, sys, time
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], [sys.argv[1], "pack", "play", sys.argv[2], "m",
                           "--seed", "5"])
out = b""
def read_until(what, limit=5.0):
    global out
    end = time.time() + limit
    while what not in out and time.time() < end:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
read_until(b"[Type the number")
line = [l for l in out.split(b"\n") if b". Ask " in l][0].split(b".")[0]
os.write(fd, line.strip() + b"\n")
read_until(b"[Press Enter to continue]")
os.write(fd, b"q\n")
read_until(b"\0", 2.0)
os.waitpid(pid, 0)
sys.stdout.write(out.decode("utf-8", "replace"))
PY
}
out=$(tty_play TERM=xterm NO_COLOR=)
like "$out" $'Jordan says: \033[1mplease don\'t tell anyone\033[22m.' \
	"on a terminal, strong emphasis is bold"
like "$out" $'start with \033[3mwhy\033[23m can sound like \033[1mblame\033[22m.' \
	"and emphasis italic, in the feedback too"
like "$out" $'\033[1m0 of 2 points.\033[22m' "the verdict bold"
like "$out" $'. Ask \033[3mwhy\033[23m they waited' "options styled as every text"
unlike "$out" "**" "with no markers"
out=$(tty_play TERM=xterm NO_COLOR=1)
like "$out" "Jordan says: please don't tell anyone." "NO_COLOR: the plain words"
is "$(printf '%s' "$out" | grep -c $'\033')" 0 "and no escapes"
out=$(tty_play TERM=dumb)
is "$(printf '%s' "$out" | grep -c $'\033')" 0 "TERM=dumb: no escapes either"
# Output to a terminal but input from a pipe: plain text (SPEC §1).
if command -v script >/dev/null; then
	out=$(TERM=xterm script -qec "printf '1\n\nq\n' | '$VIGIL' pack play '$pack' m --seed 5" /dev/null)
	like "$out" "Jordan says: please don't tell anyone." "input from a pipe: the plain words"
	is "$(printf '%s' "$out" | grep -c $'\033')" 0 "and no escapes, even to a terminal"
fi

# ---- the web ----
if ! command -v curl >/dev/null; then
	done_testing
	exit 0
fi
mkdir -p "$TMP/packs"
cp -R "$pack" "$TMP/packs/feedback"
export VIGIL_PACKS="$TMP/packs"
trap 'serve_stop; rm -rf "$TMP"' EXIT
PORT=$(free_port)
BASE="http://127.0.0.1:$PORT"
PAGE="$TMP/page"
JAR="$TMP/jar"
M=/take/feedback/m
serve_start "$PORT" --signup open
ok $? "vigil serve starts"

field() { page_field "$1"; }
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
# answer [NAME=VALUE]...: answers the step shown in $PAGE.
answer() {
	jar_post "$M" "step=$(field step)" "seq=$(field seq)" "$@"
}
page() { cat "$PAGE"; }

jar_get / >/dev/null
jar_post /signin "name=Siân Evans" "ref=S1" >/dev/null
jar_get "$M" >/dev/null
jar_post "$M/begin" >/dev/null
jar_get "$M" >/dev/null
is "$(answer "choice=$(choice "waited")")" 303 "the scene is answered"
is "$(jar_get "$M/feedback")" 200 "its feedback page"
like "$(page)" "<h2>Your answer</h2>
<p>You were asked:</p>
<blockquote class=\"asked\">
<p>Jordan says: <strong>please don't tell anyone</strong>. What do you say?</p>
</blockquote>
<p>You chose: <strong>Ask <em>why</em> they waited</strong></p>
<div role=\"status\">
<h2>0 of 2 points</h2>" "holds the question, the choice made, then the points"
like "$(page)" "can sound like <strong>blame</strong>" "and the feedback rendered"
jar_get "$M" >/dev/null
answer "choice=1" >/dev/null
jar_get "$M" >/dev/null
is "$(field step)" start "going back shows the scene again"
is "$(answer "choice=$(choice "listen and help")")" 303 "answered again"
jar_get "$M/feedback" >/dev/null
like "$(page)" "<h2>No points this time</h2>" "no points the second time"
like "$(page)" "<p class=\"counted\">Only your first answer to this question counts: its points were counted the first time.</p>" \
	"and the note that says why"
jar_get "$M" >/dev/null
is "$(answer "choice=$(choice "Nobody")")" 303 "the single choice is answered wrongly"
jar_get "$M/feedback" >/dev/null
like "$(page)" "<p>Whom do you <strong>tell</strong>?</p>" "the question again"
like "$(page)" "<p>You chose: <strong>Nobody</strong></p>" "the answer given"
like "$(page)" "<h2 class=\"wrong\">Not right this time — 0 of 1 point</h2>" "one verdict"
is "$(grep -c -i -e 'not right' -e 'not quite' -e '>right' "$PAGE")" 1 "and only one"
like "$(page)" "The answer was: The DSL" "and the right answer"
unlike "$(page)" "class=\"counted\"" "no note for a first answer"

# The order question's page: the script, allowed on it alone.
jar_get "$M" >/dev/null
like "$(page)" '<fieldset class="order"' "the order's fieldset is marked for the script"
is "$(curl -s -o "$TMP/js" -w '%{http_code} %{content_type}' "$BASE/order.js")" \
	"200 text/javascript; charset=utf-8" "/order.js is served"
like "$(cat "$TMP/js")" "This order is right" "and is the order script"
hash=$(python3 -c 'import base64, hashlib, sys
print(base64.b64encode(hashlib.sha256(open(sys.argv[1], "rb").read()).digest()).decode())' "$TMP/js")
like "$(page)" "<script src=\"/order.js\" integrity=\"sha256-$hash\" defer></script>" \
	"which the page names with its hash"
csp=$(curl -s -D - -o /dev/null -b "$JAR" "$BASE$M" | tr -d '\r' | grep -i '^content-security-policy:')
is "$(printf '%s' "$csp" | sed -n 's/.*script-src \([^;]*\);.*/\1/p')" "'sha256-$hash'" \
	"and its policy allows that script alone, by its hash"
csp=$(curl -s -D - -o /dev/null -b "$JAR" "$BASE/" | tr -d '\r' | grep -i '^content-security-policy:')
unlike "$csp" "script-src" "other pages allow no script"
jar_get "$M" >/dev/null
is "$(answer "pos-$(pos "Write it down")=1" "pos-$(pos "Listen to")=2" "pos-$(pos "Tell the DSL")=3")" 303 \
	"the order is answered"
jar_get "$M/feedback" >/dev/null
like "$(page)" "<p>Your order:</p>
<ol class=\"given\">
<li>Write it down</li>
<li>Listen to the pupil</li>
<li>Tell the DSL</li>
</ol>" "the order given, in the learner's order"
like "$(page)" "Not right this time — 0 of 2 points" "its verdict"

# The last answer on the result page.
jar_get "$M" >/dev/null
answer "text=I will <listen>, and help." >/dev/null
id=$(sql "$VIGIL_DB" "SELECT max(id) FROM attempts")
jar_get "/attempts/$id" >/dev/null
like "$(page)" "<h2>Your last answer</h2>
<p>You were asked:</p>" "the result page repeats the last question"
like "$(page)" "<p>You wrote:</p>
<blockquote class=\"given\"><p>I will &lt;listen&gt;, and help.</p></blockquote>" \
	"and what was written, escaped"

done_testing
