#!/bin/bash
# Feedback that teaches and an order the learner arranges, in a real
# browser (tests/browser/feedback.mjs): the feedback page repeats the
# question and the answer given with one verdict, and says when only a
# first answer counted; an order is arranged by drag and by buttons, never
# sent untouched, and still answered by its selects without JavaScript.
# Pages at 320, 390 and 1280 px, checked by axe-core and for sideways
# scroll.  Needs VIGIL_BROWSER_MODULES and VIGIL_CHROMIUM, as
# tests/t0023-browser.sh does; without them it is skipped.
. "$SRCDIR/tests/lib.sh"

browser_needs

mkdir -p "$TMP/packs"
cp -R "$SRCDIR/tests/feedback" "$TMP/packs/feedback"
chmod -R u+w "$TMP/packs"
export VIGIL_PACKS="$TMP/packs"

browser_shots tests/browser-shots-feedback
node "$SRCDIR/tests/browser/feedback.mjs"
