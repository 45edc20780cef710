#!/bin/bash
# vigil serve against an anonymous attacker: many idle connections (more
# file descriptors than select() can wait on) and one per address too
# many; a request dribbled a byte a second, cut by the absolute time a
# request has to arrive in ($VIGIL_REQUEST_SECONDS); bodies limited before
# they are read, by route and by who is signed in; sign-in limits that
# count failures but never refuse a right password or a current link;
# --trust-proxy (X-Forwarded-For and X-Forwarded-Proto from that proxy
# only, Secure __Host- cookies over HTTPS); and a 500 page that quotes an
# incident id and nothing internal, the detail going to the log.
# Raw connections are made by tests/web-conns.py.
. "$SRCDIR/tests/lib.sh"

command -v curl >/dev/null || { echo "1..0 # SKIP curl is not installed"; exit 0; }

mkdir -p "$TMP/packs"
cp -R "$SRCDIR/tests/packs/example" "$TMP/packs/example"
export VIGIL_PACKS="$TMP/packs"
trap 'serve_stop; rm -rf "$TMP"' EXIT

conns() { python3 "$SRCDIR/tests/web-conns.py" "$@"; }
code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
# matches TEXT REGEX DESCRIPTION, and nomatch: like and unlike (lib.sh)
# with an extended regular expression, matched line by line.
matches() {
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then
		ok 0 "$3"
	else
		ok 1 "$3"
		printf '# wanted to match: %s\n# in: %s\n' "$2" "$1" | head -20
	fi
}
nomatch() {
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then
		ok 1 "$3"
		printf '# did not want to match: %s\n' "$2"
	else
		ok 0 "$3"
	fi
}
# below A B: whether the number A is less than B.
below() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 < b + 0) }'; }

"$VIGIL" learner add L1 --name "Lee Link" >/dev/null 2>&1
printf 'correct horse battery\n' | "$VIGIL" admin password >/dev/null 2>&1

port=$(free_port)
base="http://127.0.0.1:$port"
serve_start "$port" --signup open
ok $? "vigil serve starts"

# ---- connections: epoll, and a limit per address -------------------------

# 1,500 idle connections from 10 loopback addresses: past descriptor 1024,
# where select() stops; the server raises its own limit on open files.
if [ "$(ulimit -Hn)" != unlimited ] && [ "$(ulimit -Hn)" -lt 2048 ]; then
	echo "# the hard limit on open files ($(ulimit -Hn)) is too low: not tested"
else
	conns idle "$port" 1500 10 >"$TMP/idle"
	is "$(sed -n 's/^opened //p' "$TMP/idle")" 1500 "1,500 idle connections are opened"
	answer=$(sed -n 's/^answer //p' "$TMP/idle")
	is "${answer% *}" 200 "while they are held, a new client is answered"
	secs=${answer#* }
	[ "${answer% *}" = 200 ] || secs=never
	below "$secs" 3 && [ "$secs" != never ]
	ok $? "at once ($secs s)"
	is "$(sed -n 's/^still-open //p' "$TMP/idle")" 1500 "and the idle ones are all still held"
fi
conns idle "$port" 300 1 >"$TMP/one"
is "$(sed -n 's/^still-open //p' "$TMP/one")" 256 "one address holds at most 256 connections"
is "$(sed -n 's/^answer //p' "$TMP/one" | cut -d' ' -f1)" 200 "and another is still answered"

# ---- the absolute time a request has to arrive in -------------------------

serve_stop
VIGIL_REQUEST_SECONDS=3 serve_start "$port" --signup open
ok $? "the server starts with a 3 s request time"
out=$(conns dribble "$port" 12)
matches "$out" "^cut " "a request dribbled a byte a second is cut"
secs=${out#cut }
[ "$out" != open ] || secs=never
below "$secs" 8 && [ "$secs" != never ]
ok $? "by the request time, not the idle timeout (after $secs s)"
is "$(code "$base/")" 200 "a request that arrives in time is answered"

# ---- bodies: limited by route and by who is signed in, before reading ----

head -c 2097152 /dev/zero >"$TMP/2m"
out=$(curl -s -o /dev/null -w '%{http_code} %{size_upload}' -X POST \
	-H 'Content-Type: application/x-www-form-urlencoded' \
	--data-binary @"$TMP/2m" "$base/admin/import-anything")
is "${out% *}" 413 "an anonymous 2 MiB POST to /admin/import-anything gets 413"
is "${out#* }" 0 "before its body is sent"
out=$(curl -s -o /dev/null -w '%{http_code} %{size_upload}' -X POST \
	-H 'Content-Type: application/x-www-form-urlencoded' \
	--data-binary @"$TMP/2m" "$base/admin/import")
is "${out% *}" 413 "and to /admin/import itself, before sign-in"
head -c 6000 /dev/zero | tr '\0' a >"$TMP/6k"
is "$(code -X POST --data-urlencode "name@$TMP/6k" "$base/signin")" 413 \
	"a 6 KB sign-in form gets 413: a few KiB before sign-in"
out=$(code -X POST -H 'Transfer-Encoding: chunked' --data-urlencode "name@$TMP/6k" "$base/signin")
matches "$out" "^(413|000)$" "a chunked one without a length is cut at the same limit ($out)"

conns bigpost "$port" "$SERVE_PID" 100 /admin/import-anything >"$TMP/big"
before=$(sed -n 's/^rss-before //p' "$TMP/big")
after=$(sed -n 's/^rss-after //p' "$TMP/big")
below $((after - before)) 40000
ok $? "100 unfinished 2 MiB POSTs leave the server small (VmRSS $before kB, then $after kB)"
is "$(grep -c -E '^status (413|none)$' "$TMP/big")" 100 "each is refused"

curl -s -c "$TMP/l" -b "$TMP/l" -o "$TMP/form" "$base/"
curl -s -c "$TMP/l" -b "$TMP/l" -o /dev/null -X POST --data-urlencode "name=Lou Learner" \
	--data-urlencode "ref=LL1" --data-urlencode "csrf=$(csrf_of "$TMP/form")" "$base/signin"
curl -s -b "$TMP/l" -o "$TMP/cat" "$base/"
lcsrf=$(csrf_of "$TMP/cat")
{
	printf 'Ref,Name\r\n'
	for i in $(seq 3000); do printf 'B%04d,Bulk Person %04d\r\n' "$i" "$i"; done
} >"$TMP/big.csv"
is "$(code -b "$TMP/l" -F "csrf=$lcsrf" -F "file=@$TMP/big.csv" "$base/admin/import")" 413 \
	"a signed-in learner's 80 KB upload gets 413"

admin_signin() { # JAR PASSWORD [CURL ARG...]: the status of the sign-in
	local jar=$1 pw=$2
	shift 2
	curl -s -c "$jar" -b "$jar" -o "$TMP/signin.html" "$@" "$base/admin/signin"
	curl -s -c "$jar" -b "$jar" -D "$TMP/signin.h" -o /dev/null -w '%{http_code}' \
		-X POST --data-urlencode "password=$pw" \
		--data-urlencode "csrf=$(csrf_of "$TMP/signin.html")" "$@" "$base/admin/signin"
}
is "$(admin_signin "$TMP/d" 'correct horse battery')" 303 "the DSL signs in"
curl -s -b "$TMP/d" -o "$TMP/imp" "$base/admin/import"
dcsrf=$(csrf_of "$TMP/imp")
curl -s -b "$TMP/d" -o "$TMP/imported" -w '%{http_code}' -F "csrf=$dcsrf" \
	-F "file=@$TMP/big.csv" "$base/admin/import" >"$TMP/st"
is "$(cat "$TMP/st")" 200 "and imports an 80 KB staff list"
like "$(cat "$TMP/imported")" "Imported 3000 people: 3000 added" "all of it"

# ---- sign-in limits: failures counted, a right credential never refused --

codes=""
for i in $(seq 12); do
	codes="$codes $(admin_signin "$TMP/w" 'not the password')"
done
like "$codes" "401" "wrong passwords get 401"
matches "$codes" "429 429$" "then, past the limit, 429"
matches "$(tr -d '\r' <"$TMP/signin.h")" "^Retry-After: [0-9]+$" "with Retry-After"
is "$(admin_signin "$TMP/w" 'correct horse battery')" 303 \
	"the right password from the same address still signs in"
like "$(cat "$TMP/w")" "vigil_session" "with a session"
is "$(admin_signin "$TMP/w2" 'not the password')" 401 "and the count starts again"

link=$("$VIGIL" learner link L1 --base "$base/" 2>/dev/null | head -n 1)
path=${link#"$base"}
codes=""
for i in $(seq 12); do
	codes="$codes $(code "$base/signin/not-a-real-link-$i")"
done
matches "$codes" "404 .*429$" "links that are not known get 404, then 429"
is "$(curl -s -c "$TMP/k" -b "$TMP/k" -o "$TMP/linkpage" -w '%{http_code}' "$base$path")" 200 \
	"a current personal link from the same address still works"
is "$(code -c "$TMP/k" -b "$TMP/k" -X POST --data-urlencode "csrf=$(csrf_of "$TMP/linkpage")" \
	"$base$path")" 303 "and signs in"
is "$(code "$base/signin/not-a-real-link-again")" 404 "and the count starts again"

# ---- one error policy -------------------------------------------------------

mv "$VIGIL_DB" "$TMP/away.db"
curl -s -o "$TMP/500.html" -w '%{http_code}' "$base/" >"$TMP/st"
curl -s -o /dev/null "$base/x%1b%5b2J%0aforged"
css=$(curl -s -o /dev/null -w '%{http_code}' "$base/style.css")
mv "$TMP/away.db" "$VIGIL_DB"
is "$css" 200 "the stylesheet needs no records, so that page is styled"
is "$(cat "$TMP/st")" 500 "a database gone away gives 500"
id=$(sed -n 's/.*quote incident \([0-9a-f]\{8\}\).*/\1/p' "$TMP/500.html")
matches "$id" "^[0-9a-f]{8}$" "the page quotes an incident id"
nomatch "$(cat "$TMP/500.html")" "$TMP|vigil\\.db|database" "and nothing internal"
matches "$(grep "incident $id" "$TMP/serve.$port.log")" "GET /: .*vigil\\.db" \
	"the log has the detail under the same id"
matches "$(grep -a 'GET /x' "$TMP/serve.$port.log")" 'GET /x\?\[2J\?forged: ' \
	"a request's control characters reach the log as '?'"
is "$(code "$base/")" 200 "and the server answers again once it is back"

# ---- --trust-proxy ---------------------------------------------------------

serve_stop
serve_start "$port" --signup open --trust-proxy 127.0.0.1
ok $? "the server starts behind a trusted proxy at 127.0.0.1"
conns idle "$port" 300 1 >"$TMP/proxy"
is "$(sed -n 's/^still-open //p' "$TMP/proxy")" 300 \
	"the proxy, through which every client comes, has no limit per address"
codes=""
for i in $(seq 12); do
	codes="$codes $(code -H "X-Forwarded-For: 10.9.9.$i, 198.51.100.7" \
		"$base/signin/not-a-real-link-$i")"
done
matches "$codes" "429$" "the proxy's client (the rightmost X-Forwarded-For) is limited"
is "$(code -H "X-Forwarded-For: 198.51.100.8" "$base/signin/not-a-real-link")" 404 \
	"and another client behind the same proxy is not"
codes=""
for i in $(seq 12); do
	codes="$codes $(code --interface 127.0.0.2 -H "X-Forwarded-For: 198.51.100.$((20 + i))" \
		"$base/signin/not-a-real-link-$i")"
done
matches "$codes" "429$" "from another peer, X-Forwarded-For is ignored"

curl -s -D "$TMP/hs" -o "$TMP/https.html" -H 'X-Forwarded-Proto: https' "$base/"
hs=$(tr -d '\r' <"$TMP/hs")
matches "$hs" "^Set-Cookie: __Host-vigil_csrf=[0-9a-f]{32}; Path=/; Secure; HttpOnly; SameSite=Strict" \
	"over HTTPS through the proxy, cookies are Secure with the __Host- prefix"
unlike "$hs" "Domain=" "and no Domain"
pre=$(sed -n 's/^Set-Cookie: __Host-vigil_csrf=\([0-9a-f]*\);.*/\1/p' <<<"$hs")
curl -s -D "$TMP/hs2" -o /dev/null -H 'X-Forwarded-Proto: https' \
	-H "Cookie: __Host-vigil_csrf=$pre" -X POST --data-urlencode "name=Sam Secure" \
	--data-urlencode "ref=S1" --data-urlencode "csrf=$pre" "$base/signin"
hs2=$(tr -d '\r' <"$TMP/hs2")
matches "$hs2" "^HTTP/1.1 303" "signing in over HTTPS reads the __Host- cookie"
matches "$hs2" "^Set-Cookie: __Host-vigil_session=[^;]+; Path=/; Secure; HttpOnly" \
	"and sets a Secure __Host- session cookie"
sess=$(sed -n 's/^Set-Cookie: __Host-vigil_session=\([^;]*\);.*/\1/p' <<<"$hs2")
like "$(curl -s -H 'X-Forwarded-Proto: https' -H "Cookie: __Host-vigil_session=$sess" "$base/")" \
	"Sam Secure" "which signs the learner in"
unlike "$(curl -s -H 'X-Forwarded-Proto: https' -H "Cookie: vigil_session=$sess" "$base/")" \
	"Sam Secure" "while over HTTPS a cookie without the prefix counts for nothing"
hp=$(curl -s -D - -o /dev/null --interface 127.0.0.2 -H 'X-Forwarded-Proto: https' "$base/" | tr -d '\r')
matches "$hp" "^Set-Cookie: vigil_csrf=" "from another peer, X-Forwarded-Proto is ignored"
unlike "$hp" "Secure" "and no cookie is Secure"

serve_stop
like "$(cat "$TMP/serve.$port.log")" "Stopped." "the server stops cleanly"
nomatch "$(cat "$TMP"/serve.*.log)" "AddressSanitizer|LeakSanitizer" "no sanitizer report"
unlike "$(cat "$TMP"/serve.*.log)" "runtime error" "nor undefined behaviour"

done_testing
