#!/bin/bash
# The DSL's dashboard and lists in a real browser (tests/browser/dash.mjs):
# headless Chromium driven by playwright-core, axe-core and no sideways
# scroll at 320, 390, 768 and 1280 px on every page, then a dashboard
# number, a search, a sort, the pages and each download, on the school of
# tests/dash-roster.sh.  `./quickstart check` installs what it needs and
# sets VIGIL_BROWSER_MODULES (a node_modules folder) and VIGIL_CHROMIUM;
# without them it is skipped.
. "$SRCDIR/tests/lib.sh"
. "$SRCDIR/tests/dash-roster.sh"

browser_needs

mkdir -p "$TMP/packs"
cp -R "$SRCDIR/tests/packs/example" "$TMP/packs/example"
chmod -R u+w "$TMP/packs"
export VIGIL_PACKS="$TMP/packs"
if ! dash_roster || ! printf 'correct horse battery\n' |
	"$VIGIL" admin password >/dev/null 2>&1; then
	echo "not ok 1 - the school of tests/dash-roster.sh is made"
	echo "1..1"
	exit 1
fi

browser_shots tests/browser-shots-dash

node "$SRCDIR/tests/browser/dash.mjs"
