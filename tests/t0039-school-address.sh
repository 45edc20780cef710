#!/bin/bash
# The school's address (vigil settings base_url, SPEC §4): personal
# sign-in links, xAPI identifiers and the verify address on certificates
# are made from it, and --base still wins where a command takes one.  And
# in open mode, a leaver's reference is refused at sign-in with a reason.
. "$SRCDIR/tests/lib.sh"

export VIGIL_PACKS="$SRCDIR/tests/packs"

drive_texts "$TMP/take" "${SHORT_RIGHT[@]}" -- take example short \
	--learner T1 --name "Tess One" >/dev/null 2>&1
attempt=$(sed -n 's/^Attempt \([0-9][0-9]*\) .*/\1/p' "$TMP/take" | head -n 1)
ok "$([ -n "$attempt" ] && echo 0 || echo 1)" "a module passed (attempt $attempt)"

# ---- before the address is set ------------------------------------------
link=$("$VIGIL" learner link T1 2>/dev/null)
case "$link" in http://127.0.0.1:8080/signin/?*) r=0 ;; *) r=1 ;; esac
ok $r "a link without base_url is the server's default address ($link)"
"$VIGIL" export --format xapi --out "$TMP/x0.json" 2>/dev/null
like "$(cat "$TMP/x0.json")" "https://vigil.invalid/packs/example" "xAPI ids are under the placeholder"
"$VIGIL" certificate "$attempt" --out "$TMP/c0.html" 2>/dev/null
unlike "$(cat "$TMP/c0.html")" "://" "the certificate names no web address"
like "$(cat "$TMP/c0.html")" "training site (/verify)" "but the verify page in words"

# ---- with the address set -----------------------------------------------
"$VIGIL" settings base_url https://training.school.example/vigil/ >/dev/null 2>&1
is $? 0 "base_url is set"
link=$("$VIGIL" learner link T1 2>/dev/null)
case "$link" in https://training.school.example/vigil/signin/?*) r=0 ;; *) r=1 ;; esac
ok $r "a link is made from base_url, with one slash ($link)"
link=$("$VIGIL" learner link T1 --base http://other.example 2>/dev/null)
case "$link" in http://other.example/signin/?*) r=0 ;; *) r=1 ;; esac
ok $r "--base still wins ($link)"
"$VIGIL" export --format xapi --out "$TMP/x1.json" 2>/dev/null
is $? 0 "the xAPI export runs"
out=$(python3 - "$TMP/x1.json" <<'PY'
import json, sys
stmts = json.load(open(sys.argv[1]))
print(stmts[0]["object"]["id"])
PY
)
is "$out" "https://training.school.example/vigil/packs/example/modules/short" \
	"xAPI activity ids are under the school's address"
"$VIGIL" export --format xapi --base https://lrs.example/ --out "$TMP/x2.json" 2>/dev/null
like "$(cat "$TMP/x2.json")" "https://lrs.example/packs/example" "export --base still wins"
unlike "$(cat "$TMP/x2.json")" "training.school.example" "and the setting is not used then"
"$VIGIL" certificate "$attempt" --out "$TMP/c1.html" 2>/dev/null
like "$(cat "$TMP/c1.html")" "go to <a class=\"url\" href=\"https://training.school.example/vigil/verify?code=" \
	"the certificate names the school's verify page, with the code"

# ---- through the server: the learner's certificate, and a leaver -------
port=$(free_port)
serve_start "$port" --signup open
BASE="http://127.0.0.1:$port" JAR="$TMP/jar" PAGE="$TMP/page"
jar_get / >/dev/null
is "$(jar_post /signin "name=Tess One" "ref=T1")" 303 "T1 signs in (open mode)"
is "$(jar_get "/attempts/$attempt/certificate")" 200 "and opens their certificate"
like "$(cat "$PAGE")" "https://training.school.example/vigil/verify" \
	"which names the school's verify page"

# Someone new signing up in open mode is named so in the audit log.
JAR="$TMP/jar3"
jar_get / >/dev/null
is "$(jar_post /signin "name=Nia New" "ref=N1")" 303 "someone new signs up (open mode)"
is "$(sql "$VIGIL_DB" "SELECT actor || '|' || detail FROM audit WHERE action = 'learner added' ORDER BY id DESC LIMIT 1")" \
	"sign-up|N1" "and the audit log names the sign-up as who added them"

# A leaver cannot sign in, and is told why rather than sent round again.
"$VIGIL" learner add L1 --name "Lee Leaver" >/dev/null 2>&1
"$VIGIL" learner leave L1 >/dev/null 2>&1
JAR="$TMP/jar2"
jar_get / >/dev/null
is "$(jar_post /signin "name=Lee Leaver" "ref=L1")" 403 \
	"a leaver's reference is refused in open mode"
like "$(cat "$PAGE")" "belongs to someone who has left" "saying why"
jar_get / >/dev/null
unlike "$(cat "$PAGE")" "Sign out" "and no session was made"
serve_stop

done_testing
