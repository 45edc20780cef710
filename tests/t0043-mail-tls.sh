#!/bin/bash
# Mail and TLS (SPEC §4, Settings: smtp_url): on smtp:// Vigil upgrades
# with STARTTLS when the server offers it, and then checks the server's
# certificate like any TLS client; on smtps:// it speaks TLS from the
# start; with a user and password it will not send them, or any mail, over
# a connection that stayed plain.  The servers here have a certificate made
# for the test, which no system trusts: each send must fail, and nothing
# may arrive in the clear.
. "$SRCDIR/tests/lib.sh"

smtp_needs
command -v openssl >/dev/null 2>&1 || {
	echo "1..0 # SKIP openssl is needed to make the test's certificate"
	exit 0
}
trap 'rm -rf "$TMP"' EXIT

mkdir -p "$TMP/packs" && cp -R "$SRCDIR/tests/packs/example" "$TMP/packs/"
export VIGIL_PACKS="$TMP/packs"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" \
	-keyout "$TMP/key.pem" -out "$TMP/cert.pem" >/dev/null 2>&1
ok $? "a self-signed certificate is made"

"$VIGIL" learner add T1 --name "Tess One" --email t1@school.example \
	>/dev/null 2>&1
"$VIGIL" settings mail_from safeguarding@school.example >/dev/null
"$VIGIL" settings base_url https://training.school.example >/dev/null

# link ARG...: vigil learner link T1 --email, stderr in $TMP/err.
link() {
	"$VIGIL" learner link T1 --email >"$TMP/out" 2>"$TMP/err"
}

# STARTTLS offered on smtp://: used, and the unknown certificate refused.
smtp_start "$TMP/starttls" --starttls "$TMP/cert.pem" "$TMP/key.pem"
"$VIGIL" settings smtp_url "smtp://127.0.0.1:$SMTP_PORT" >/dev/null
link
is $? 1 "smtp:// with STARTTLS offered: the send fails on the certificate"
is "$(cat "$TMP/starttls/starttls" 2>/dev/null)" "STARTTLS" \
	"after Vigil asked for STARTTLS"
like "$(cat "$TMP/err")" "certificate" "and the error says it was the certificate"
is "$(smtp_count "$TMP/starttls")" 0 "nothing was sent in the clear"

# smtps://: TLS from the start, the certificate checked.
smtp_start "$TMP/tls" --tls "$TMP/cert.pem" "$TMP/key.pem"
"$VIGIL" settings smtp_url "smtps://127.0.0.1:$SMTP_PORT" >/dev/null
link
is $? 1 "smtps://: the send fails on the certificate"
like "$(cat "$TMP/err")" "certificate" "saying so"
is "$(smtp_count "$TMP/tls")" 0 "and nothing arrived"

# smtp:// without STARTTLS: plain mail goes, but never a password.
smtp_start "$TMP/plain"
"$VIGIL" settings smtp_url "smtp://127.0.0.1:$SMTP_PORT" >/dev/null
link
is $? 0 "smtp:// without STARTTLS and no password: the link is sent"
is "$(smtp_count "$TMP/plain")" 1 "and arrives"
"$VIGIL" settings smtp_user vigil >/dev/null
printf 'not-to-be-seen\n' | "$VIGIL" settings smtp_password - >/dev/null
link
is $? 1 "with a user and password and no STARTTLS, nothing is sent"
like "$(cat "$TMP/err")" "does not offer STARTTLS" "saying that TLS was needed"
is "$(smtp_count "$TMP/plain")" 1 "nothing more arrived"
unlike "$(cat "$TMP/plain.log" 2>/dev/null)" "not-to-be-seen" \
	"and the password is nowhere in the server's log"

done_testing
