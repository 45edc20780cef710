#!/bin/bash
# vigil pack preview in a real browser (tests/browser/preview.mjs): an
# edit of the module file shows in the open page by itself, an error shows
# in place with its line and goes when fixed, the side panel follows a
# choice, "Save as a test" writes a playthrough pack test passes, and the
# map; every page at 320, 390 and 1280 px, checked by axe-core and for
# sideways scroll.  Needs VIGIL_BROWSER_MODULES and VIGIL_CHROMIUM, as
# tests/t0023-browser.sh does; without them it is skipped.
. "$SRCDIR/tests/lib.sh"

browser_needs

# The pack to preview, which the browser test edits.
P="$TMP/pv"
cp -R "$SRCDIR/tests/preview/pv" "$P"
chmod -R u+w "$P"

browser_shots tests/browser-shots-preview
export VIGIL_PREVIEW_DIR="$P" TMPDIR="$TMP"

node "$SRCDIR/tests/browser/preview.mjs"
