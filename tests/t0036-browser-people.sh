#!/bin/bash
# The DSL's console in a real browser (tests/browser/people.mjs): every
# page of people, roles, groups, assignments and settings at 320, 390, 768
# and 1280 px, checked by axe-core and for sideways scroll, while the DSL
# adds a deputy, a viewer, a group, an assignment and a leaver, and the
# viewer is refused a change.  Needs VIGIL_BROWSER_MODULES (a node_modules
# folder with playwright-core and axe-core) and VIGIL_CHROMIUM, as
# tests/t0023-browser.sh does; without them it is skipped.
. "$SRCDIR/tests/lib.sh"

modules=${VIGIL_BROWSER_MODULES:-}
chromium=${VIGIL_CHROMIUM:-}
if [ -z "$modules" ] || [ ! -d "$modules/playwright-core" ] ||
	[ ! -d "$modules/axe-core" ] || [ -z "$chromium" ] ||
	[ ! -x "$chromium" ] || ! command -v node >/dev/null; then
	echo "1..0 # SKIP browser tests need ./quickstart check (playwright-core, axe-core, chromium)"
	exit 0
fi

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

VIGIL_SHOTS="$PWD/tests/browser-shots-people"
rm -rf "$VIGIL_SHOTS"
mkdir -p "$VIGIL_SHOTS"
echo "# screenshots: $VIGIL_SHOTS"
export VIGIL_SHOTS VIGIL_ADMIN_PASSWORD VIGIL_BROWSER_MODULES="$modules" \
	VIGIL_CHROMIUM="$chromium"
export HOME="$TMP" XDG_CONFIG_HOME="$TMP/.config" XDG_CACHE_HOME="$TMP/.cache"

node "$SRCDIR/tests/browser/people.mjs"
