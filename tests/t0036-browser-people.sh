#!/bin/bash
# The DSL's console in a real browser (tests/browser/people.mjs): every
# page of people, roles, groups, assignments and settings at 320, 390, 768
# and 1280 px, checked by axe-core and for sideways scroll, while the DSL
# adds a deputy, a viewer, a group, an assignment and a leaver, and the
# viewer is refused a change.  Needs VIGIL_BROWSER_MODULES (a node_modules
# folder with playwright-core and axe-core) and VIGIL_CHROMIUM, as
# tests/t0023-browser.sh does; without them it is skipped.
. "$SRCDIR/tests/lib.sh"

browser_needs

mkdir -p "$TMP/packs"
cp -R "$SRCDIR/tests/packs/example" "$TMP/packs/example"
chmod -R u+w "$TMP/packs"
export VIGIL_PACKS="$TMP/packs"
VIGIL_ADMIN_PASSWORD='correct horse battery'
if ! printf '%s\n' "$VIGIL_ADMIN_PASSWORD" | "$VIGIL" admin password >/dev/null; then
	echo "not ok 1 - vigil admin password sets the password"
	echo "1..1"
	exit 1
fi

browser_shots tests/browser-shots-people
export VIGIL_ADMIN_PASSWORD

node "$SRCDIR/tests/browser/people.mjs"
