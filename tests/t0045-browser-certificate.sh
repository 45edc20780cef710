#!/bin/bash
# The certificate in a real browser (tests/browser/certificate.mjs): the
# learner's page and the public check of its code at 320, 390 and 1280 px,
# checked by axe-core and for sideways scroll; the title and the code do
# not wrap badly on a phone; the print button prints and does not print
# itself; the way back and the PDF.  Needs VIGIL_BROWSER_MODULES and
# VIGIL_CHROMIUM, as tests/t0023-browser.sh does; without them it is
# skipped.
. "$SRCDIR/tests/lib.sh"

browser_needs

export VIGIL_PACKS="$SRCDIR/tests/packs"
VIGIL_NAME="Siân Ŵyn ap Gwilym"
if ! { "$VIGIL" settings school_name "Ysgol Gynradd Llanfair Pwllgwyngyll" >/dev/null &&
	"$VIGIL" settings base_url "https://training.ysgol.example" >/dev/null &&
	drive_texts "$TMP/pass" "${BASICS_RIGHT[@]}" -- take example basics \
		--learner siwan --name "$VIGIL_NAME"; }; then
	echo "not ok 1 - the learner passes a module"
	echo "1..1"
	exit 1
fi
VIGIL_ATTEMPT=$(sed -n 's/^Attempt \([0-9][0-9]*\) .*/\1/p' "$TMP/pass" | head -n 1)
VIGIL_CODE=$(sed -n 's/^Certificate: \([0-9A-Z-]*\)$/\1/p' "$TMP/pass" | tail -n 1)
export VIGIL_NAME VIGIL_ATTEMPT VIGIL_CODE

browser_shots tests/browser-shots-certificate
node "$SRCDIR/tests/browser/certificate.mjs"
