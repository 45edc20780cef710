#!/bin/bash
# vigil serve in a real browser: headless Chromium driven by playwright-core
# (tests/browser/run.mjs), with axe-core on every kind of page.  Staff take
# the example pack's module, pass, fail and retry, stop and resume across a
# restart of the server; the DSL reads and downloads the records.
# `./quickstart check` installs what it needs and sets VIGIL_BROWSER_MODULES
# (a node_modules folder) and VIGIL_CHROMIUM; without them it is skipped.
. "$SRCDIR/tests/lib.sh"

modules=${VIGIL_BROWSER_MODULES:-}
chromium=${VIGIL_CHROMIUM:-}
if [ -z "$modules" ] || [ ! -d "$modules/playwright-core" ] ||
	[ ! -d "$modules/axe-core" ] || [ -z "$chromium" ] ||
	[ ! -x "$chromium" ] || ! command -v node >/dev/null; then
	echo "1..0 # SKIP browser tests need ./quickstart check (playwright-core, axe-core, chromium)"
	exit 0
fi

# Two packs, so that the DSL's table has five modules, wider than a laptop's
# column.
mkdir -p "$TMP/packs"
cp -R "$SRCDIR/tests/packs/example" "$TMP/packs/example"
cp -R "$SRCDIR/packs/online-blackmail" "$TMP/packs/online-blackmail"
chmod -R u+w "$TMP/packs"
export VIGIL_PACKS="$TMP/packs"
# The DSL's password, set as the DSL would; this also makes the database.
# Staff A is in the roster already, with an email address longer than a
# phone is wide.
if ! printf 'correct horse battery\n' | "$VIGIL" admin password >/dev/null ||
	! "$VIGIL" learner add A1 --name 'Alex Able' --email \
	'alexandra.ablefeatherstonehaugh@stbartholomewsprimaryschool.example.org.uk' \
	>/dev/null; then
	echo "not ok 1 - vigil admin password and learner add set up the records"
	echo "1..1"
	exit 1
fi

# The screenshots stay after the test, under the build directory.
VIGIL_SHOTS="$PWD/tests/browser-shots"
rm -rf "$VIGIL_SHOTS"
mkdir -p "$VIGIL_SHOTS"
echo "# screenshots: $VIGIL_SHOTS"
export VIGIL_SHOTS VIGIL_BROWSER_MODULES="$modules" VIGIL_CHROMIUM="$chromium"
# Chromium's own files (its profile is playwright's, made afresh) stay in
# the test's temporary folder.
export HOME="$TMP" XDG_CONFIG_HOME="$TMP/.config" XDG_CACHE_HOME="$TMP/.cache"

node "$SRCDIR/tests/browser/run.mjs"
