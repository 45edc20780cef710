#!/bin/bash
# vigil pack preview, driven with curl: loopback only, nothing recorded in
# the school's records, the same pages as vigil serve, a saved change seen
# at once (at the same step), errors in place with their line of source,
# warnings above the page, the side panel, the map, and "Save as a test"
# writing a playthrough that pack test passes unedited.
. "$SRCDIR/tests/lib.sh"

if ! command -v curl >/dev/null; then
	echo "1..0 # SKIP curl is not installed"
	exit 0
fi

trap 'serve_stop; rm -rf "$TMP"' EXIT

# The pack to preview, which the test edits: a page, a scene that sets a
# fact, a question and the finish.
P="$TMP/work/pv"
mkdir -p "$TMP/work"
cp -R "$SRCDIR/tests/preview/pv" "$P"
chmod -R u+w "$P"
cp "$P/walk.lua" "$TMP/walk.good"

# The school's records: a setting the preview shows, and nothing else.
"$VIGIL" settings lead_short DSP >/dev/null
before=$(sha256sum <"$VIGIL_DB")

PORT=$(free_port)
BASE="http://127.0.0.1:$PORT"
PAGE="$TMP/page"
J="$TMP/jar"

# A preview anyone on the network could reach is refused.
out=$(cd "$TMP/work" && "$VIGIL" pack preview pv --listen "0.0.0.0:$PORT" \
	2>&1)
is "$?" 2 "a non-loopback --listen is refused (exit 2)"
like "$out" "the preview listens on this machine only (127.0.0.1, or ::1), not on '0.0.0.0'" \
	"and says why"

out=$("$VIGIL" pack preview --help 2>&1)
ok $? "pack preview --help exits 0"
like "$out" "usage: vigil pack preview DIR [--listen ADDR:PORT] [--db FILE]" \
	"and shows the usage"
like "$("$VIGIL" pack --help 2>&1)" "preview" "vigil pack --help lists it"

# The preview, run from the folder that holds the pack, as an author does.
cd "$TMP/work" || exit 1

# ::1 is this machine too, where it has IPv6.
if python3 -c 'import socket; socket.socket(socket.AF_INET6).bind(("::1", 0))' \
	2>/dev/null; then
	P6=$(free_port)
	TMPDIR="$TMP" "$VIGIL" pack preview pv --listen "[::1]:$P6" \
		>"$TMP/pv6.log" 2>&1 &
	pid6=$!
	for i in $(seq 100); do
		curl -s -o /dev/null "http://[::1]:$P6/style.css" && break
		sleep 0.05
	done
	is "$(curl -s -o /dev/null -w '%{http_code}' "http://[::1]:$P6/preview")" \
		200 "the preview listens on ::1"
	kill -TERM "$pid6"
	wait "$pid6"
else
	ok 0 "# SKIP this machine has no IPv6 loopback"
fi
SERVE_COMMAND="pack preview pv" TMPDIR="$TMP" serve_start "$PORT" --db "$VIGIL_DB"
ok $? "vigil pack preview starts and answers"

JAR=$J
# get PATH, post PATH [NAME=VALUE]...: the status (lib.sh's jar_get and
# jar_post), the page in $PAGE.
get() { jar_get "$1"; }
post() { jar_post "$@"; }
field() { page_field "$1"; }
choice() {
	grep -F -- "$1" "$PAGE" |
		sed -n 's/.*id="choice-[0-9]*" value="\([0-9]*\)".*/\1/p' |
		head -n 1
}
answer() {
	post /take/pv/walk "step=$(field step)" "seq=$(field seq)" "$@"
}
page() { cat "$PAGE"; }
# wait_change: past the half second in which the server may not look.
wait_change() { sleep 0.6; }

like "$(cat "$TMP/serve.$PORT.log")" "Previewing pv at http://127.0.0.1:$PORT/preview" \
	"it says where to look"

# The start page: signed in as Preview without a sign-in page.
is "$(get /preview)" 200 "the start page is served"
like "$(page)" "Signed in as Preview" "signed in without a sign-in page"
like "$(page)" '<a href="/take/pv/walk">Preview</a> <a href="/preview/map/walk">Map</a>' \
	"it lists the module with Preview and Map"
like "$(page)" 'action="/preview/restart/walk"' "and Start again"

# The catalogue and a step, with the markup vigil serve gives staff.
is "$(get /)" 200 "the catalogue is served"
like "$(page)" '<link rel="stylesheet" href="/style.css">' \
	"with vigil serve's stylesheet"
like "$(page)" "A short walk" "listing the module"
like "$(page)" '<script src="/preview.js" integrity="sha256-' \
	"the reloading script is on the page, by its hash"
csp=$(curl -s -D - -o /dev/null -b "$J" "$BASE/" |
	sed -n 's/^Content-Security-Policy: //ip' | tr -d '\r')
like "$csp" "connect-src 'self'; script-src 'sha256-" \
	"the policy allows it and its requests alone"
hash=$(curl -s "$BASE/preview.js" -b "$J" | openssl dgst -sha256 -binary |
	base64)
like "$csp" "'sha256-$hash'" "by the script's own hash"
gen=$(curl -s -b "$J" "$BASE/preview/changed")
like "$(page)" "data-gen=\"$gen\"" "the page says the change count it was made at"

is "$(get /take/pv/walk)" 200 "the module's first page"
like "$(page)" 'action="/take/pv/walk/begin"' "with Begin, as in vigil serve"
is "$(post /take/pv/walk/begin)" 303 "Begin"
get /take/pv/walk >/dev/null
like "$(page)" '<div id="step-text">' "the step, as vigil serve shows it"
like "$(page)" "Hello, and tell the DSP." "in the school's words from --db"
like "$(page)" '<aside class="preview" aria-labelledby="preview-h">' \
	"the side panel"
like "$(page)" '<code class="step-id">hello</code> (page), <code>pv/walk.lua:7</code>' \
	"with the step's id, kind, file and line"
like "$(page)" '<dt>Score so far</dt><dd>0 of 0 points</dd>' "the score so far"
like "$(page)" "Save as a test: available at the end of a module" \
	"save as a test explains it waits for the end"

answer >/dev/null
get /take/pv/walk >/dev/null
answer "choice=$(choice 'Open it')" >/dev/null
get /take/pv/walk >/dev/null
like "$(page)" '<code class="step-id">pick</code> (question)' \
	"after a choice, the next step"
like "$(page)" '<code class="state">{ opened = true }</code>' \
	"state shows the fact the choice set"
like "$(page)" '<dd>1 of 1 point</dd>' "and the score so far"

# A saved change is seen on the next request, at the same step.
wait_change
sed -i 's/Pick the first answer\./Pick the very first answer./' "$P/walk.lua"
get /take/pv/walk >/dev/null
like "$(page)" "Pick the very first answer." "a change to the module is seen"
like "$(page)" '<code class="step-id">pick</code>' \
	"at the same step, the answers given still fitting"
gen2=$(curl -s -b "$J" "$BASE/preview/changed")
ok $((gen2 > gen ? 0 : 1)) "the change count went up ($gen to $gen2)"

# An error in place of every page: file, line and the line of source.
wait_change
sed -i 's/  minutes = 5,/  minutes = 5/' "$P/walk.lua"
is "$(get /)" 200 "a page while the pack has an error"
like "$(page)" "<h1>The pack has errors</h1>" "shows the errors instead"
like "$(page)" '<code class="place">pv/walk.lua:3' "with the file and the line of the mistake"
like "$(page)" "a comma is missing at the end of this line" "in plain words"
like "$(page)" "<pre tabindex=\"0\"><code>3 |   minutes = 5</code></pre>" \
	"and the line of source, with its number"
unlike "$(page)" "A short walk" "and not the pack"
wait_change
cp "$TMP/walk.good" "$P/walk.lua"
sed -i 's/Pick the first answer\./Pick the very first answer./' "$P/walk.lua"
get /take/pv/walk >/dev/null
like "$(page)" "Pick the very first answer." "fixed, the page comes back"

# Warnings go above the page, shorter.
wait_change
printf 'module { title = "Stray", minutes = 1, pass_mark = 0 }\nfinish { [[x]] }\n' \
	>"$P/stray.lua"
get /take/pv/walk >/dev/null
like "$(page)" '<div class="notice preview-warnings">' "a warning is shown"
like "$(page)" '<code class="place">pv/stray.lua' "naming its file"
like "$(page)" "Pick the very first answer." "above the page itself"
rm "$P/stray.lua"

# The end, and save as a test.
is "$(answer "choice=$(choice 'The “right” one')")" 303 \
	"the last answer ends the module"
get / >/dev/null
result=$(grep -o 'href="/attempts/[0-9]*"' "$PAGE" | head -n 1 |
	sed 's/href="\(.*\)"/\1/')
like "$result" "/attempts/" "the catalogue links to the result"
get "$result" >/dev/null
like "$(page)" '<form method="post" action="/preview/save">' \
	"the result page offers Save as a test"
id=$(field attempt)
is "$(curl -s -o /dev/null -w '%{http_code}' -b "$J" -c "$J" \
	--data "attempt=$id&name=walk" "$BASE/preview/save")" 403 \
	"save without the CSRF token is refused"
cp "$PAGE" "$TMP/result"
is "$(post /preview/save "attempt=$id" "name=../../evil")" 422 \
	"a name that is not a slug is refused"
ok $([ ! -e "$TMP/evil.lua" ] && [ ! -e "$P/tests/../../evil.lua" ]; echo $?) \
	"and nothing is written outside the pack"
cp "$TMP/result" "$PAGE"
is "$(post /preview/save "attempt=$id" "name=walk")" 303 "save as a test"
ok $([ -f "$P/tests/walk.lua" ]; echo $?) "tests/walk.lua is written"
like "$(cat "$P/tests/walk.lua")" '"The “right” one", step = "pick"' \
	"with the option as written"
like "$(cat "$P/tests/walk.lua")" "score = 2," "and the score reached"
get "/preview/saved?file=walk" >/dev/null
like "$(page)" " passed, 0 failed." "the page runs pack test, which passes"
like "$(page)" "passed 2/2, played on" "naming the playthrough saved"
out=$("$VIGIL" pack test "$P" 2>&1)
ok $? "vigil pack test passes the saved playthrough unedited"
is "$(get '/preview/saved?file=..%2F..%2Fetc')" 404 \
	"a file outside the pack cannot be named"

# The map.
is "$(get /preview/map/walk)" 200 "the map page"
like "$(page)" '<div class="map" role="region" aria-label="Map" tabindex="0">' \
	"in a box of its own"
like "$(page)" "<svg" "holding the map inline"
is "$(get /preview/map/nope)" 404 "an unknown module has no map"

# Start again.
get /preview >/dev/null
post /preview/restart/walk >/dev/null
is "$(get /take/pv/walk)" 200 "after Start again"
like "$(page)" 'action="/take/pv/walk/begin"' "the module starts from Begin"

serve_stop
is "$(sha256sum <"$VIGIL_DB")" "$before" \
	"the school's records are untouched"
is "$(ls "$TMP" | grep -c '^vigil-preview-')" 0 \
	"the preview's own records are removed when it stops"
# Under --enable-sanitizers, the server reports to its log.
unlike "$(cat "$TMP/serve.$PORT.log")" "Sanitizer" \
	"the preview's log has no sanitizer report"
unlike "$(cat "$TMP/serve.$PORT.log")" "runtime error" \
	"nor undefined behaviour"

done_testing
