#!/bin/bash
# vigil pack map: a module's steps and every way between them as SVG,
# read back with an XML parser: one box per step, arrows of each kind,
# steps never shown and dead ends marked in words, texts escaped and shown
# as written; online-blackmail's modules and a long generated one; errors.
. "$SRCDIR/tests/lib.sh"

# svg_facts FILE: what the map shows, one fact a line; exits 1 when the
# file is not well-formed XML.
svg_facts() {
	python3 - "$1" <<'PY'
import sys
import xml.etree.ElementTree as ET

NS = "{http://www.w3.org/2000/svg}"
try:
    root = ET.parse(sys.argv[1]).getroot()
except ET.ParseError as e:
    print("not well-formed:", e)
    sys.exit(1)
print("root", root.tag == NS + "svg", root.get("width"),
      root.get("viewBox") is not None)
print("viewbox-width", root.get("viewBox").split()[2])
print("title", root.find(NS + "title").text)
print("desc", root.find(NS + "desc").text)
steps = [g for g in root.iter(NS + "g")
         if "step" in (g.get("class") or "").split()]
print("steps", " ".join(g.get("data-step") for g in steps))
for g in steps:
    words = " ".join("".join(t.itertext()) for t in g.iter(NS + "text"))
    classes = sorted(set(g.get("class").split()) - {"step"})
    dashed = any(r.get("stroke-dasharray") for r in g.iter(NS + "rect"))
    print("step", g.get("data-step"), ",".join(classes) or "-",
          "dashed" if dashed else "solid", "|", words)
ways = {}
back = 0
for p in root.iter(NS + "path"):
    cls = (p.get("class") or "").split()
    if "way" in cls:
        kind = [c for c in cls if c != "way"][0]
        ways[kind] = ways.get(kind, 0) + 1
        back += "backward" in p.get("marker-end")
print("ways", " ".join("%s=%d" % (k, ways.get(k, 0))
                       for k in ("next", "go", "skip")), "backward=%d" % back)
PY
}

mkdir -p "$TMP/fx"
cat >"$TMP/fx/pack.lua" <<'LUA'
pack {
  id = "fx",
  title = "Map fixture",
  version = "1.0.0",
  summary = [[A pack to draw.]],
  modules = { "ways" },
}
LUA
cat >"$TMP/fx/ways.lua" <<'LUA'
module {
  title = [[Fish & chips <now> "quoted" for {{lead_short}}]],
  minutes = 5,
  pass_mark = 0,
}

page [[
## Start here
Read this first.
]]

scene "fork" {
  [[Which way now?]],
  choice { "Ahead", go = "later" },
  choice { "Stay here" },
  choice { "Into the trap", go = "trap" },
}

page {
  id = "again",
  when = function(state) return state.looped end,
  [[Shown only after going round once.]],
}

scene "loop" {
  [[Once more, or on?]],
  choice { "Round again", go = "fork", set = { looped = true } },
  choice { "On" },
}

scene "later" {
  [[Nearly there.]],
  choice { "To the end", go = "done" },
}

scene "trap" {
  [[Stuck.]],
  choice { "Round and round", go = "trap" },
}

page { id = "orphan", [[Nobody reads this.]] }

page { id = "done", [[Tell {{lead_short}} what you saw.]] }

page { id = "hidden", when = function() return false end, [[Never true.]] }

finish [[The end.]]
LUA

"$VIGIL" pack map "$TMP/fx" ways >"$TMP/ways.svg" 2>"$TMP/err"
is "$?" 0 "pack map exits 0 for a pack that loads, dead end and all"
is "$(cat "$TMP/err")" "" "and says nothing on standard error"
like "$(head -c 60 "$TMP/ways.svg")" '<?xml version="1.0" encoding="UTF-8"?>' \
	"the map is an SVG document on standard output"
svg_facts "$TMP/ways.svg" >"$TMP/facts"
is "$?" 0 "it is well-formed XML"
facts=$(cat "$TMP/facts")
like "$facts" "root True 100% True" "an svg element with a viewBox that scales to its width"
is "$(grep '^steps ' "$TMP/facts")" \
	"steps step-1 fork again loop later trap orphan done hidden step-10" \
	"one box per step, in file order"
for id in fork again loop later trap orphan done hidden; do
	grep -q "^step $id .*| [0-9]* [a-z]* $id line " "$TMP/facts"
	ok "$?" "step '$id' is labelled with its number, kind and id, as text"
done
like "$facts" "step step-1 - solid | 1 page line 7 Start here" \
	"an unnamed step shows its kind and the first words of its text"
like "$facts" "• Ahead → later (5) • Stay here → the next step • Into the trap → trap (6)" \
	"a scene lists its choices and where each leads"
is "$(grep '^ways ' "$TMP/facts")" "ways next=8 go=5 skip=2 backward=2" \
	"8 ways on to the next step, 5 gos (2 back), 2 past a when"
like "$facts" "step trap dead-end solid | 6 scene trap line 36 DEAD END: no answer leads on from here to the end" \
	"the dead end is marked in words"
like "$facts" "step orphan never-shown solid | 7 page orphan line 41 NEVER SHOWN: no way through" \
	"the step no way leads to is marked in words"
like "$facts" "step hidden never-shown,when dashed | 9 page hidden line 45 NEVER SHOWN" \
	"so is a step whose when the exploration never finds true"
like "$facts" "step again when dashed | 3 page again line 19 only when its condition holds" \
	"a step with a when has a dashed box and says so"
is "$(grep -c -e 'dead-end' -e 'never-shown' "$TMP/facts")" 3 \
	"no other step is marked"
like "$facts" \
	"title Map of the module Fish & chips <now> \"quoted\" for {{lead_short}}" \
	"the title reads as written, school words included"
like "$(cat "$TMP/ways.svg")" \
	'>Fish &amp; chips &lt;now&gt; &quot;quoted&quot; for {{lead_short}}</text>' \
	"and is escaped in the document"
like "$facts" "8 page done line 43 Tell {{lead_short}} what you saw." \
	"a step's text shows the school's words as written"
like "$facts" "desc The 10 steps of module ways of pack fx" "the map has a description"
like "$facts" "2 never shown; 1 dead end." "which counts the marks"

"$VIGIL" pack map "$TMP/fx" ways --out "$TMP/out.svg" >"$TMP/stdout" 2>&1
is "$?" 0 "--out FILE exits 0"
is "$(cat "$TMP/stdout")" "" "and writes nothing on standard output"
cmp -s "$TMP/out.svg" "$TMP/ways.svg"
ok "$?" "but the same map to the file"

# the pack's own modules: every step named in a file is on its map, and
# no step is marked
ex="$SRCDIR/packs/online-blackmail"
for m in spotting-the-signs responding-without-blame handling-images reporting; do
	"$VIGIL" pack map "$ex" "$m" >"$TMP/$m.svg" 2>"$TMP/err"
	is "$?" 0 "$m: pack map exits 0"
	svg_facts "$TMP/$m.svg" >"$TMP/facts"
	is "$?" 0 "$m: well-formed"
	want=$(grep -oE '^(scene|question|reflect) "[^"]+"|id = "[^"]+"' "$ex/$m.lua" |
		sed 's/.*"\(.*\)"/\1/' | sort)
	got=$(grep '^steps ' "$TMP/facts" | tr ' ' '\n' | sed 1d |
		grep -v '^step-' | sort)
	is "$got" "$want" "$m: every step id is on the map"
	is "$(grep -c -e 'dead-end' -e 'never-shown' "$TMP/facts")" 0 \
		"$m: no step marked never shown or a dead end"
done

# a long module stays narrow: lanes for gos are reused where they do not
# overlap
mkdir -p "$TMP/long"
python3 - "$TMP/long" <<'PY'
import sys
d = sys.argv[1]
open(d + "/pack.lua", "w").write(
    'pack { id = "long", title = "Long", version = "1.0.0",\n'
    '  summary = [[A long module.]], modules = { "long" } }\n')
out = ['module { title = "A long module", minutes = 30, pass_mark = 0 }']
for i in range(59):
    if i % 5 == 1 and i > 3:
        out.append('scene "s%d" {\n  [[A situation.]],\n'
                   '  choice { "Back", go = "s%d" },\n'
                   '  choice { "On" },\n'
                   '  choice { "Ahead", go = "s%d", set = { x = true } },\n'
                   '}' % (i, i - 4, min(i + 7, 58)))
    elif i % 5 == 3:
        out.append('page { id = "s%d", when = function(state) '
                   'return state.x end, [[Sometimes.]] }' % i)
    else:
        out.append('page { id = "s%d", [[## Step %d\nWords.]] }' % (i, i))
out.append("finish [[The end.]]")
open(d + "/long.lua", "w").write("\n".join(out) + "\n")
PY
"$VIGIL" pack map "$TMP/long" long >"$TMP/long.svg" 2>"$TMP/err"
is "$?" 0 "a module of 60 steps maps"
svg_facts "$TMP/long.svg" >"$TMP/facts"
is "$?" 0 "well-formed"
is "$(grep '^steps ' "$TMP/facts" | wc -w)" 61 "with 60 boxes"
like "$(grep '^ways ' "$TMP/facts")" "go=22 skip=12" "22 gos and 12 ways past a when"
w=$(sed -n 's/^viewbox-width //p' "$TMP/facts")
ok "$([ "$w" -le 700 ] && echo 0 || echo 1)" "no wider than 700 units (is $w)"

# errors
"$VIGIL" pack map "$TMP/fx" nosuch >"$TMP/stdout" 2>"$TMP/err"
is "$?" 1 "an unknown module exits 1"
is "$(cat "$TMP/err")" \
	"vigil: pack 'fx' has no module 'nosuch'; its modules are ways" \
	"and names the modules there are"
is "$(cat "$TMP/stdout")" "" "with nothing on standard output"
cp -r "$TMP/fx" "$TMP/bad"
printf 'page [[Unclosed\n' >>"$TMP/bad/ways.lua"
"$VIGIL" pack map "$TMP/bad" ways >"$TMP/stdout" 2>"$TMP/err"
is "$?" 1 "a pack with errors exits 1"
like "$(cat "$TMP/err")" "$TMP/bad/ways.lua:48: error: the text that starts with [[ here has no ]]" \
	"and reports the error at the line where the text starts"
is "$(cat "$TMP/stdout")" "" "with no map"
"$VIGIL" pack map "$TMP/fx" >"$TMP/stdout" 2>"$TMP/err"
is "$?" 2 "a missing module is a usage error"
"$VIGIL" pack map "$TMP/fx" ways --out >"$TMP/stdout" 2>"$TMP/err"
is "$?" 2 "--out without its file is a usage error"
like "$(cat "$TMP/err")" "--out needs a value" "and says so"
"$VIGIL" pack map --help >"$TMP/stdout" 2>&1
is "$?" 0 "pack map --help exits 0"
like "$(cat "$TMP/stdout")" "usage: vigil pack map DIR MODULE [--out FILE]" \
	"and shows the usage"
like "$("$VIGIL" pack --help 2>&1)" "vigil pack map DIR MODULE" \
	"vigil pack --help lists it"

done_testing
