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

P="$TMP/pv"
mkdir -p "$P"
cat >"$P/pack.lua" <<'LUA'
pack {
  id = "pv",
  title = "Preview fixture",
  version = "1.0.0",
  summary = [[A pack to preview.]],
  modules = { "walk" },
}
LUA
cat >"$P/walk.lua" <<'LUA'
module {
  title = "A short walk",
  minutes = 5,
  pass_mark = 50,
}

page { id = "hello", [[Hello, and tell the {{lead_short}}.]] }

scene "door" {
  [[There is a door.]],
  choice { "Open it", set = { opened = true }, score = 1 },
  choice { "Leave it" },
}

question "pick" {
  type = "single",
  [[Pick the first answer.]],
  right "The “right” one",
  wrong "The wrong one",
  score = 1,
}

finish { [[All done.]] }
LUA

browser_shots tests/browser-shots-preview
export VIGIL_PREVIEW_DIR="$P" TMPDIR="$TMP"

node "$SRCDIR/tests/browser/preview.mjs"
