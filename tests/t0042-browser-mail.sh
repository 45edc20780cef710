#!/bin/bash
# Sign-in by email and the DSL's reminders page in a real browser
# (tests/browser/mail.mjs), against a real SMTP server: a person asks for
# a link, the test reads it from the server, opens it and lands signed in;
# an unknown address shows the same page; the DSL sends reminders.  Every
# page at 320, 390, 768 and 1280 px, checked by axe-core and for sideways
# scroll.  Needs VIGIL_BROWSER_MODULES and VIGIL_CHROMIUM, as
# tests/t0023-browser.sh does, and python3-aiosmtpd; without them it is
# skipped.
. "$SRCDIR/tests/lib.sh"

browser_needs
smtp_needs

mkdir -p "$TMP/packs"
cp -R "$SRCDIR/tests/packs/example" "$TMP/packs/example"
chmod -R u+w "$TMP/packs"
export VIGIL_PACKS="$TMP/packs"
export VIGIL_NOW=2026-03-01T09:00:00Z
VIGIL_SINK="$TMP/sink"
if ! smtp_start "$VIGIL_SINK"; then
	echo "not ok 1 - the SMTP server starts"
	echo "1..1"
	exit 1
fi

VIGIL_ADMIN_PASSWORD='correct horse battery'
add() { "$VIGIL" learner add "$@" >/dev/null; }
if ! { printf '%s\n' "$VIGIL_ADMIN_PASSWORD" | "$VIGIL" admin password >/dev/null &&
	add S1 --name "Siân Evans" --email sian@school.example --start 2026-01-01 &&
	add F2 --name "Ffion ap Gwilym" --email ffion@school.example --start 2026-02-05 &&
	add C3 --name "Cai Jones" --start 2026-01-01 &&
	"$VIGIL" settings smtp_url "smtp://127.0.0.1:$SMTP_PORT" >/dev/null &&
	"$VIGIL" settings mail_from vigil@school.example >/dev/null; }; then
	echo "not ok 1 - the school is set up"
	echo "1..1"
	exit 1
fi

browser_shots tests/browser-shots-mail
export VIGIL_ADMIN_PASSWORD VIGIL_SINK
export VIGIL_MAIL_READ="$SRCDIR/tests/mail-read.py"

node "$SRCDIR/tests/browser/mail.mjs"
