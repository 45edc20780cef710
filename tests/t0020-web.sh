#!/bin/bash
# vigil serve at the HTTP level: what SECURITY.md (Web) asks of it, tested
# with curl against the real server and a real database.
. "$SRCDIR/tests/lib.sh"

command -v curl >/dev/null || { echo "1..0 # SKIP curl is not installed"; exit 0; }

mkdir -p "$TMP/packs"
cp -R "$SRCDIR/tests/packs/example" "$TMP/packs/example"
# A pack whose text tries to run script and link to javascript:.
mkdir -p "$TMP/packs/hostile-text"
cat >"$TMP/packs/hostile-text/pack.lua" <<'LUA'
pack { id = "hostile-text", title = "Hostile <script>alert(1)</script> text",
  version = "1.0.0", modules = { "m" } }
LUA
cat >"$TMP/packs/hostile-text/m.lua" <<'LUA'
module { title = "Script <script>alert(2)</script>", minutes = 5, pass_mark = 0 }
page [[
<script>alert(3)</script>

[a link](javascript:alert(4)) and <img src=x onerror=alert(5)>
]]
scene "s" {
  [[Choose.]],
  choice { "<script>alert(6)</script> option" },
}
LUA
export VIGIL_PACKS="$TMP/packs"
trap 'serve_stop; rm -rf "$TMP"' EXIT

port=$(free_port)
base="http://127.0.0.1:$port"
"$VIGIL" learner add X0 --name "Setup" >/dev/null
serve_start "$port"
ok $? "vigil serve starts and answers"
# The server answers as soon as it listens, a moment before it says so.
for i in $(seq 100); do
	grep -q "Serving Vigil at" "$TMP/serve.$port.log" && break
	sleep 0.05
done
like "$(cat "$TMP/serve.$port.log")" "Serving Vigil at http://127.0.0.1:$port/" "and prints its address"

# Headers on every response.
curl -s -D "$TMP/h" -o "$TMP/body" "$base/"
headers=$(tr -d '\r' <"$TMP/h")
like "$headers" "Content-Security-Policy: default-src 'none'" "a strict Content-Security-Policy"
like "$headers" "X-Content-Type-Options: nosniff" "nosniff"
like "$headers" "Referrer-Policy: no-referrer" "no referrer"
like "$headers" "Cache-Control: no-store" "no-store"
like "$headers" "HttpOnly; SameSite=Strict" "cookies are HttpOnly and SameSite=Strict"
unlike "$(cat "$TMP/body")" "http://" "pages load nothing from elsewhere"

# A wrong Host gets 400; a method other than GET and POST gets 405.
is "$(curl -s -o /dev/null -w '%{http_code}' -H 'Host: evil.example' "$base/")" 400 "a wrong Host gets 400"
is "$(curl -s -o /dev/null -w '%{http_code}' -X DELETE "$base/")" 405 "DELETE gets 405"
is "$(curl -s -o /dev/null -w '%{http_code}' -H "Host: localhost:$port" "$base/")" 200 "localhost is this server too"

# A 10 MB POST gets 413 before its body is read.
head -c 10485760 /dev/zero >"$TMP/big"
out=$(curl -s -o /dev/null -w '%{http_code} %{size_upload}' -X POST \
	-H 'Content-Type: application/x-www-form-urlencoded' \
	--data-binary @"$TMP/big" "$base/signin")
is "${out% *}" 413 "a 10 MB POST gets 413"
[ "${out#* }" -lt 1048576 ]
ok $? "without the body being taken (${out#* } bytes sent)"

# A cross-site POST without the token is refused and changes nothing.
is "$(curl -s -o /dev/null -w '%{http_code}' -X POST -d 'name=Mallory&ref=M1' "$base/signin")" 403 \
	"a POST without a CSRF token gets 403"
is "$(curl -s -o /dev/null -w '%{http_code}' -X POST -b 'vigil_csrf=0123456789abcdef0123456789abcdef' \
	-d 'name=Mallory&ref=M1&csrf=ffffffffffffffffffffffffffffffff' "$base/signin")" 403 \
	"a POST whose token does not match gets 403"
is "$(sql "$VIGIL_DB" "SELECT count(*) FROM learners WHERE ref = 'M1'")" 0 "and nobody was added"

# Signing in (open mode), with the double-submit token.
signin() { # JAR NAME REF
	curl -s -c "$1" -b "$1" -o "$TMP/form" "$base/"
	curl -s -c "$1" -b "$1" -o /dev/null -w '%{http_code}' -X POST \
		--data-urlencode "name=$2" --data-urlencode "ref=$3" \
		--data-urlencode "csrf=$(csrf_of "$TMP/form")" "$base/signin"
}
is "$(signin "$TMP/a" "Alex Able" A1)" 303 "a member of staff signs in"
session_a=$(awk '$6 == "vigil_session" {print $7}' "$TMP/a")
[ ${#session_a} -ge 43 ]
ok $? "with a random session id of at least 256 bits"
# -e: a token may begin with "-", which grep would take for an option.
cat "$VIGIL_DB"* | grep -c -F -e "$session_a" >"$TMP/n"
is "$(cat "$TMP/n")" 0 "the database file holds only a hash of it"
curl -s -b "$TMP/a" -o "$TMP/cat" "$base/"
like "$(cat "$TMP/cat")" "Alex Able" "the catalogue greets them"
# Signing in again rotates the id.
cp "$TMP/a" "$TMP/a0"
signin "$TMP/a" "Alex Able" A1 >/dev/null
[ "$(awk '$6 == "vigil_session" {print $7}' "$TMP/a")" != "$session_a" ]
ok $? "signing in again gives a new session id"
is "$(curl -s -o /dev/null -w '%{http_code}' -b "$TMP/a0" "$base/attempts/1")" 404 "the old id no longer works"

# No state change on GET.
is "$(curl -s -o /dev/null -w '%{http_code}' -b "$TMP/a" "$base/signout")" 405 "GET /signout is refused"

# Pack text with script and javascript: links is inert.
curl -s -b "$TMP/a" -o "$TMP/intro" "$base/take/hostile-text/m"
csrf=$(csrf_of "$TMP/intro")
curl -s -b "$TMP/a" -o /dev/null -X POST --data-urlencode "csrf=$csrf" "$base/take/hostile-text/m/begin"
curl -s -b "$TMP/a" -o "$TMP/step" "$base/take/hostile-text/m"
unlike "$(cat "$TMP/step" "$TMP/intro" "$TMP/cat")" "<script" "no <script> from pack text reaches a page"
unlike "$(cat "$TMP/step")" "javascript:" "no javascript: link"
unlike "$(cat "$TMP/step")" "onerror=" "no event handler attribute"
like "$(cat "$TMP/step")" "&lt;script&gt;" "the text shows as text"

# One learner's session cannot read another's attempt; admin pages refuse.
curl -s -b "$TMP/a" -o "$TMP/cat" "$base/"
csrf=$(csrf_of "$TMP/cat")
curl -s -b "$TMP/a" -o /dev/null -X POST --data-urlencode "csrf=$csrf" "$base/take/example/basics/begin"
id=$(sql "$VIGIL_DB" "SELECT a.id FROM attempts a JOIN learners l ON l.id = a.learner_id
	WHERE l.ref = 'A1' AND a.module = 'basics'")
is "$(curl -s -o /dev/null -w '%{http_code}' -b "$TMP/a" "$base/attempts/$id")" 200 "a learner sees their own attempt"
signin "$TMP/b" "Bo Baker" B1 >/dev/null
is "$(curl -s -o /dev/null -w '%{http_code}' -b "$TMP/b" "$base/attempts/$id")" 404 \
	"another learner's cookie cannot read it"
is "$(curl -s -o /dev/null -w '%{http_code}' -b "$TMP/b" "$base/attempts/$id/certificate")" 404 \
	"nor its certificate"
is "$(curl -s -o /dev/null -w '%{http_code}' -b "$TMP/b" "$base/admin")" 403 "admin pages refuse a learner"
is "$(curl -s -o /dev/null -w '%{http_code}' "$base/admin")" 303 "and send others to the admin sign-in"

# Failed sign-ins are rate-limited; successful ones never are (a staff
# room signs in from one school address).
codes=""
for i in $(seq 12); do
	codes="$codes $(signin "$TMP/c$i" "Cy $i" "C$i")"
done
unlike "$codes" "429" "many staff signing in from one address are all let in"
codes=""
for i in $(seq 12); do
	codes="$codes $(curl -s -o /dev/null -w '%{http_code}' "$base/signin/not-a-real-link-$i")"
done
like "$codes" "404" "a sign-in link that is not known gets 404"
like "$codes" "429" "and after repeated failures from one address, 429"

# --host adds a name the server answers to (behind a reverse proxy).
serve_stop
serve_start "$port" --host training.school.example
is "$(curl -s -o /dev/null -w '%{http_code}' -H 'Host: training.school.example' "$base/")" 200 \
	"--host adds a name the server answers to"
is "$(curl -s -o /dev/null -w '%{http_code}' -H 'Host: other.school.example' "$base/")" 400 \
	"and only that one"

# Stopping on SIGTERM is clean, and nothing is lost.
serve_stop
like "$(cat "$TMP/serve.$port.log")" "Stopped." "SIGTERM stops the server cleanly"
is "$(sql "$VIGIL_DB" "PRAGMA integrity_check")" ok "and the database is intact"

done_testing
