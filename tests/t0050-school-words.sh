#!/bin/bash
# The school's own words in pack text (SPEC §2): {{school}}, {{lead}},
# {{lead_short}} and {{leads}} read as the settings say, in `vigil take`,
# in `pack play` (the defaults unless given --db) and on the web, as plain
# text whatever the value holds; `pack check` reports a word that is not
# one of them at its line; `pack test` matches options as written.
. "$SRCDIR/tests/lib.sh"

mkdir -p "$TMP/packs/words/tests"
W="$TMP/packs/words"
cat >"$W/pack.lua" <<'LUA'
pack {
  id = "words",
  title = "Telling the {{lead_short}}",
  version = "1.0.0",
  summary = [[Who to tell at {{school}}: {{leads}}.]],
  modules = { "tell" },
}
LUA
cat >"$W/tell.lua" <<'LUA'
module { title = "Tell the {{lead_short}}", minutes = 5, pass_mark = 50 }

page [[At **{{school}}** the {{lead}} ({{lead_short}}) is {{leads}}.]]

scene "who" {
  [[A pupil tells you something worrying.  Who do you tell?]],
  choice { "Tell the {{lead_short}} today", score = 1,
           feedback = [[Yes: {{leads}}.]] },
  choice { "Keep it to yourself", feedback = [[No: tell the {{lead}}.]] },
}

question "q" {
  type = "single",
  [[Who decides what happens next at {{school}}?]],
  right "The {{lead_short}}",
  wrong "You alone",
  feedback = [[The {{lead}} decides, with {{leads}}.]],
}

finish {
  passed = [[Well done.  Your {{lead_short}} is {{leads}}.]],
  not_passed = [[Talk to {{leads}} about what you missed.]],
}
LUA
cat >"$W/tests/tell.lua" <<'LUA'
playthrough "the right answers, as written" {
  module = "tell",
  { "Tell the {{lead_short}} today", feedback = "Yes: {{leads}}." },
  "The {{lead_short}}",
  result = "passed",
}
playthrough "the wrong answers" {
  module = "tell",
  "Keep it to yourself",
  "You alone",
  result = "not passed",
}
LUA
export VIGIL_PACKS="$TMP/packs"
right=("Tell the DSL today" "The DSL")

# ---- pack check and pack test -------------------------------------------

"$VIGIL" pack check "$W" >"$TMP/out" 2>&1
is $? 0 "pack check: the four words are clean"
like "$(cat "$TMP/out")" "1 pack checked: 0 errors, 0 warnings" "no message"

mkdir -p "$TMP/bad"
cp -R "$W" "$TMP/bad/words"
sed -i -e 's/right "The {{lead_short}}"/right "The {{lead_shrot}}"/' \
	-e 's/Who do you tell?/Who do you tell, {{ lead }}?/' "$TMP/bad/words/tell.lua"
printf '%s\n' '-- a note on {{anything}} is not text' >>"$TMP/bad/words/tell.lua"
(cd "$TMP/bad" && "$VIGIL" pack check words) >"$TMP/out" 2>&1
is $? 1 "pack check: an unknown word is an error"
like "$(cat "$TMP/out")" "words/tell.lua:15: error: unknown school word {{lead_shrot}} (did you mean {{lead_short}}?): the words are {{school}}, {{lead}}, {{lead_short}} and {{leads}}" \
	"at its line, saying what the words are"
like "$(cat "$TMP/out")" "words/tell.lua:6: error: unknown school word {{ lead }}" \
	"spaces make no word"
unlike "$(cat "$TMP/out")" "{{anything}}" "a Lua comment is not text"
like "$(cat "$TMP/out")" "1 pack checked: 2 errors, 0 warnings" \
	"and nothing else"

"$VIGIL" pack test "$W" >"$TMP/test.plain" 2>&1
is $? 0 "pack test passes, matching options as written"
like "$(cat "$TMP/test.plain")" " 0 failed" "every test"

# ---- the defaults -------------------------------------------------------

drive_texts "$TMP/plain" "${right[@]}" -- take words tell \
	--learner P1 --name "Pat Example"
is $? 0 "take with nothing set passes with the defaults' words"
t=$(cat "$TMP/plain")
like "$t" "== Tell the DSL: 0% done ==" "the title has the word"
like "$t" "At your school the Designated Safeguarding Lead (DSL) is your DSL or a deputy." \
	"a page has every default"
like "$t" "1. Tell the DSL today" "so does a scene's choice"
like "$t" "Yes: your DSL or a deputy." "and its feedback"
like "$t" "Who decides what happens next at your school?" "a question"
like "$t" "The Designated Safeguarding Lead decides, with your DSL or a deputy." \
	"its feedback"
like "$t" "Your answer: The DSL" "the answer given"
like "$t" "Well done.  Your DSL is your DSL or a deputy." "the finish"
like "$t" "): Who decides what happens next at your school?" \
	"the review of each question"
unlike "$t" "{{" "no word is left as written"

drive_texts "$TMP/play" "${right[@]}" -- pack play "$W" --seed 1
is $? 0 "pack play passes"
like "$(cat "$TMP/play")" "Previewing \"Tell the DSL\"" \
	"pack play uses the defaults"

# ---- a school in Wales ---------------------------------------------------

"$VIGIL" settings lead_title "Designated Safeguarding Person" >/dev/null &&
	"$VIGIL" settings lead_short DSP >/dev/null &&
	"$VIGIL" settings school_name "Ysgol Gynradd Llanfair" >/dev/null &&
	"$VIGIL" settings leads "Siân Evans (room 4) or Rhys ap Gwilym" >/dev/null
ok $? "the school's words are set"
welsh=("Tell the DSP today" "The DSP")
drive_texts "$TMP/welsh" "${welsh[@]}" -- take words tell \
	--learner P2 --name "Sam Example"
is $? 0 "take passes with the school's words"
t=$(cat "$TMP/welsh")
like "$t" "At Ysgol Gynradd Llanfair the Designated Safeguarding Person (DSP) is Siân Evans
(room 4) or Rhys ap Gwilym." "a page has every word"
like "$t" "1. Tell the DSP today" "a choice"
like "$t" "Yes: Siân Evans (room 4) or Rhys ap Gwilym." "its feedback"
like "$t" "The Designated Safeguarding Person decides" "a question's feedback"
like "$t" "Your DSP is Siân Evans (room 4) or Rhys ap Gwilym." "the finish"
unlike "$t" "DSL" "no DSL anywhere"
unlike "$t" "Designated Safeguarding Lead" "no Designated Safeguarding Lead"
unlike "$t" "{{" "no word as written"

drive_texts "$TMP/wrong" "Keep it to yourself" "You alone" -- take words \
	tell --learner P3 --name "Jo Example"
is $? 1 "a wrong take does not pass"
like "$(cat "$TMP/wrong")" "Talk to Siân Evans (room 4) or Rhys ap Gwilym about what you missed." \
	"the finish for not passing has the words"
like "$(cat "$TMP/wrong")" "No: tell the Designated Safeguarding Person." \
	"and so does the feedback of the other choice"

# pack play: the defaults unless --db names a database ($VIGIL_DB is set
# throughout this test, and is not enough).
drive_texts "$TMP/play" "${right[@]}" -- pack play "$W" --seed 1
is $? 0 "pack play with \$VIGIL_DB set still uses the defaults"
like "$(cat "$TMP/play")" "1. Tell the DSL today" "as every school sees them"
drive_texts "$TMP/play" "${welsh[@]}" -- --db "$VIGIL_DB" pack play "$W" \
	--seed 1
is $? 0 "vigil --db FILE pack play passes"
like "$(cat "$TMP/play")" "At Ysgol Gynradd Llanfair the Designated Safeguarding Person (DSP)" \
	"with that database's words"
drive_texts "$TMP/play" "${welsh[@]}" -- pack play "$W" --seed 1 \
	--db "$VIGIL_DB"
is $? 0 "pack play --db FILE passes"
like "$(cat "$TMP/play")" "1. Tell the DSP today" "with the words too"
unlike "$(cat "$TMP/play")" "DSL" "and no DSL"
"$VIGIL" pack play "$W" --db "$TMP/none.db" </dev/null >/dev/null \
	2>"$TMP/err"
is $? 1 "pack play --db with no database there fails"
ok "$([ ! -e "$TMP/none.db" ]; echo $?)" "and makes none"

"$VIGIL" --db "$VIGIL_DB" pack test "$W" >"$TMP/test.db" 2>&1
is $? 0 "pack test passes with a database's words given"
is "$(cat "$TMP/test.db")" "$(cat "$TMP/test.plain")" "exactly as without"

"$VIGIL" packs >"$TMP/out" 2>&1
like "$(cat "$TMP/out")" "words 1.0.0  Telling the DSP" \
	"vigil packs: a pack's title with the school's words"
like "$(cat "$TMP/out")" "5 min  Tell the DSP" "and a module's"

# ---- a value with Markdown and HTML in it --------------------------------

"$VIGIL" settings school_name "St *Mary*'s <b>& [Co]" >/dev/null
ok $? "a school name with Markdown and HTML characters is accepted"
drive_texts "$TMP/odd" "${welsh[@]}" -- take words tell --learner P4 \
	--name "Lee Example"
like "$(cat "$TMP/odd")" "At St *Mary*'s <b>& [Co] the" \
	"the terminal shows it as written"
like "$(cat "$TMP/odd")" "at St *Mary*'s <b>& [Co]?" "in a question too"

if ! command -v curl >/dev/null; then
	done_testing
	exit 0
fi
trap 'serve_stop; rm -rf "$TMP"' EXIT
PORT=$(free_port)
BASE="http://127.0.0.1:$PORT"
PAGE="$TMP/page"
JAR="$TMP/jar"
M=/take/words/tell
serve_start "$PORT" --signup open
ok $? "vigil serve starts"
jar_get / >/dev/null
is "$(jar_post /signin "name=Web Example" "ref=W1")" 303 "signing in"
jar_get / >/dev/null
p=$(cat "$PAGE")
like "$p" "<h2>Telling the DSP</h2>" "the catalogue: the pack's title"
like "$p" "<p>Who to tell at St *Mary*'s &lt;b&gt;&amp; [Co]: Siân Evans (room 4) or Rhys ap Gwilym.</p>" \
	"its summary, the name escaped and never markup"
like "$p" ">Tell the DSP</h3>" "the module's title"
jar_get "$M" >/dev/null
jar_post "$M/begin" >/dev/null
is "$(jar_get "$M")" 200 "the first step answers"
p=$(cat "$PAGE")
like "$p" "<title>Tell the DSP - " "the page's title has the word"
like "$p" "<p>At <strong>St *Mary*'s &lt;b&gt;&amp; [Co]</strong> the Designated Safeguarding Person (DSP) is Siân Evans (room 4) or Rhys ap Gwilym.</p>" \
	"the step shows the name as written, escaped"
unlike "$p" "<b>&" "no markup from the setting"
unlike "$p" "{{" "no word as written"

# The settings are read for each page: a change shows at once.
"$VIGIL" settings lead_short "DPS" >/dev/null
jar_get "$M" >/dev/null
like "$(cat "$PAGE")" "Designated Safeguarding Person (DPS)" \
	"a changed setting shows on the next page"
"$VIGIL" settings lead_short "DSP" >/dev/null

jar_post "$M" "step=$(page_field step)" "seq=$(page_field seq)" >/dev/null
jar_get "$M" >/dev/null
p=$(cat "$PAGE")
like "$p" "Tell the DSP today</label>" "a scene's choice"
n=$(grep -F "Tell the DSP today" "$PAGE" |
	sed -n 's/.*id="choice-[0-9]*" value="\([0-9]*\)".*/\1/p' | head -n 1)
is "$(jar_post "$M" "step=$(page_field step)" "seq=$(page_field seq)" \
	"choice=$n")" 303 "choosing it"
jar_get "$M/feedback" >/dev/null
p=$(cat "$PAGE")
like "$p" "<p>Yes: Siân Evans (room 4) or Rhys ap Gwilym.</p>" \
	"the feedback page"
like "$p" "You chose: <strong>Tell the DSP today</strong>" \
	"and the answer given"
jar_get "$M" >/dev/null
p=$(cat "$PAGE")
like "$p" "Who decides what happens next at St *Mary*'s &lt;b&gt;&amp; [Co]?" \
	"a question's text"
like "$p" ">The DSP</label>" "its option"
n=$(grep -F ">The DSP</label>" "$PAGE" |
	sed -n 's/.*id="choice-[0-9]*" value="\([0-9]*\)".*/\1/p' | head -n 1)
jar_post "$M" "step=$(page_field step)" "seq=$(page_field seq)" \
	"choice=$n" >/dev/null
jar_get "/attempts/$(sql "$VIGIL_DB" "SELECT max(id) FROM attempts")" \
	>/dev/null
p=$(cat "$PAGE")
like "$p" "The Designated Safeguarding Person decides, with Siân Evans (room 4) or Rhys ap Gwilym." \
	"the result page: the last feedback"
like "$p" "Your DSP is Siân Evans (room 4) or Rhys ap Gwilym." \
	"the finish text"
like "$p" "Who decides what happens next at St *Mary*&#39;s &lt;b&gt;&amp; [Co]?</li>" \
	"the review of each question"
unlike "$p" "DSL" "no DSL on the result page"
unlike "$p" "{{" "and no word as written"
jar_get /training >/dev/null
like "$(cat "$PAGE")" ">Tell the DSP</a>" "My training: the module's title"
done_testing
