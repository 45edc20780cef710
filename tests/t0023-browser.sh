#!/bin/bash
# vigil serve in a real browser: headless Chromium driven by playwright-core
# (tests/browser/run.mjs), with axe-core on every kind of page.  Staff take
# the example pack's module, pass, fail and retry, stop and resume across a
# restart of the server; the DSL reads and downloads the records.
# `./quickstart check` installs what it needs and sets VIGIL_BROWSER_MODULES
# (a node_modules folder) and VIGIL_CHROMIUM; without them it is skipped.
. "$SRCDIR/tests/lib.sh"

browser_needs

# Two packs, so that the DSL's table has six modules, wider than a laptop's
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

browser_shots tests/browser-shots

node "$SRCDIR/tests/browser/run.mjs"
