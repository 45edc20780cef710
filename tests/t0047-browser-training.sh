#!/bin/bash
# Where a learner stands, in a real browser (tests/browser/training.mjs):
# after a pass and a retake that failed, the catalogue's cards, the page
# before another retake and "My training" at 320, 390 and 1280 px, checked
# by axe-core and for sideways scroll.  Needs VIGIL_BROWSER_MODULES and
# VIGIL_CHROMIUM, as tests/t0023-browser.sh does; without them it is
# skipped.
. "$SRCDIR/tests/lib.sh"

browser_needs

mkdir -p "$TMP/packs"
cp -R "$SRCDIR/tests/packs/example" "$TMP/packs/example"
chmod -R u+w "$TMP/packs"
export VIGIL_PACKS="$TMP/packs"

# take_at TIME ANSWER...: takes the basics module as T1 at TIME.
take_at() {
	local when=$1
	shift
	VIGIL_NOW=$when drive_texts "$TMP/take.out" "$@" -- take example \
		basics --learner T1
}

# A pass in 2025, a pass on 7 December 2026, a retake that fails on 20
# December, and the short module begun.
if ! { "$VIGIL" learner add T1 --name "Siân Evans" --start 2026-12-08 &&
	"$VIGIL" assign example/basics --everyone &&
	"$VIGIL" assign example/short --everyone &&
	take_at 2025-06-10T10:00:00Z "${BASICS_RIGHT[@]}" &&
	take_at 2026-12-07T10:00:00Z "${BASICS_RIGHT[@]}" &&
	! take_at 2026-12-20T10:00:00Z \
		"Ask Jordan why they didn't tell anyone sooner" \
		"Go back and try again" "${BASICS_RIGHT[@]}" &&
	printf '\nq\n' | VIGIL_NOW=2026-12-21T08:00:00Z "$VIGIL" take \
		example short --learner T1; } >"$TMP/setup.out" 2>&1; then
	echo "not ok 1 - the attempts are recorded"
	sed 's/^/# /' "$TMP/setup.out"
	echo "1..1"
	exit 1
fi

browser_shots tests/browser-shots-training
export VIGIL_NOW=2026-12-21T09:00:00Z

node "$SRCDIR/tests/browser/training.mjs"
