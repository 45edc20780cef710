#!/bin/bash
# Titles in the school's own words (SPEC §2): a pack and a module whose
# titles say {{lead_short}} and {{school}} (tests/words-titles) read as the
# settings say wherever a person sees them: vigil packs, take, assign
# --list, certificate (the page and the PDF), verify, remind and its email,
# the exports, the DSL's pages (dashboard, lists, grid, a person,
# assignments, reminders, a certificate, downloads), the learner's
# certificate and the public check.  First in a Welsh school's words, then
# with nothing set.  Attempts keep the titles as written, so a certificate
# of the first round reads the second round's words.
. "$SRCDIR/tests/lib.sh"

command -v curl >/dev/null || { echo "1..0 # SKIP curl is not installed"; exit 0; }
poppler=1
if ! command -v pdfinfo >/dev/null || ! command -v pdftotext >/dev/null; then
	poppler=0
	echo "# SKIP the PDF's checks: pdfinfo and pdftotext (poppler-utils) are not installed"
fi
mail=1
if ! /usr/bin/python3 -c 'import aiosmtpd' >/dev/null 2>&1; then
	mail=0
	echo "# SKIP the email's checks: python3-aiosmtpd is not installed for /usr/bin/python3"
fi

mkdir -p "$TMP/packs"
cp -R "$SRCDIR/tests/words-titles" "$TMP/packs/words-titles"
export VIGIL_PACKS="$TMP/packs"
trap 'serve_stop; rm -rf "$TMP"' EXIT
MOD=words-titles/the-lead
PORT=$(free_port)
BASE="http://127.0.0.1:$PORT"
PAGE="$TMP/page"

# titled WHAT TEXT DESCRIPTION: TEXT reads the module's title $M (and,
# unless WHAT is "module", the pack's $P), and no word left in braces.
titled() {
	like "$2" "$M" "$3: the module's title in the school's words"
	[ "$1" = module ] || like "$2" "$P" "$3: the pack's title too"
	unlike "$2" "{{" "$3: no word left in braces"
}
# admin PATH / learner PATH: the page at PATH, as the DSL or as the
# learner who passed, in $PAGE; prints the status.
admin() { JAR="$TMP/admin.jar" jar_get "$1"; }
learner() { JAR="$TMP/learner.jar" jar_get "$1"; }
# pdf_text FILE: the PDF's text on one line.
pdf_text() { pdftotext -layout "$1" - | tr -s ' \n' '  '; }
# csv_col FILE COLUMN: that column of each record, read by Python's csv.
csv_col() {
	python3 -c '
import csv, sys
for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig", newline="")):
    print(r[sys.argv[2]])' "$1" "$2"
}
# take OUT ARG...: passes the module in the terminal as the ARGs say.
take() {
	local out=$1
	shift
	drive_texts "$out" "True" -- take words-titles the-lead "$@"
}

# ---- the school --------------------------------------------------------------

"$VIGIL" learner add t1 --name "Siân Evans" >/dev/null &&
	"$VIGIL" learner add t2 --name "Huw Behind" --email t2@school.example \
		--start 2020-01-06 >/dev/null &&
	"$VIGIL" assign "$MOD" --everyone --within 30 >/dev/null
ok $? "two people, the module assigned to everyone"
printf 'correct horse battery\n' | "$VIGIL" admin password >/dev/null 2>&1
"$VIGIL" settings base_url "$BASE" >/dev/null
if [ "$mail" = 1 ]; then
	smtp_start "$TMP/mail"
	ok $? "the SMTP server listens"
	"$VIGIL" settings smtp_url "smtp://127.0.0.1:$SMTP_PORT" >/dev/null &&
		"$VIGIL" settings mail_from training@school.example >/dev/null
	ok $? "the mail settings are set"
fi
"$VIGIL" settings school_name "Ysgol y Garn" >/dev/null &&
	"$VIGIL" settings lead_title "Designated Safeguarding Person" >/dev/null &&
	"$VIGIL" settings lead_short DSP >/dev/null
ok $? "the school's words are Welsh"

M="What the DSP does at Ysgol y Garn"
P="Safeguarding at Ysgol y Garn: the DSP"
take "$TMP/take" --learner t1
is $? 0 "vigil take: t1 passes"
titled module "$(cat "$TMP/take")" "vigil take"
id=$(sed -n 's/^Attempt \([0-9][0-9]*\) .*/\1/p' "$TMP/take" | head -n 1)
code=$(sed -n 's/^Certificate: \([0-9A-Z-]*\)$/\1/p' "$TMP/take" | tail -n 1)
like "$code" "-" "with a certificate code"
is "$(sql "$VIGIL_DB" "SELECT pack_title || ' / ' || module_title FROM attempts WHERE id = $id")" \
	"Safeguarding at {{school}}: the {{lead_short}} / What the {{lead_short}} does at {{school}}" \
	"the attempt keeps the titles as written"

serve_start "$PORT" --signup open
ok $? "vigil serve starts"
JAR="$TMP/admin.jar" jar_get /admin/signin >/dev/null
JAR="$TMP/admin.jar" jar_post /admin/signin "password=correct horse battery" >/dev/null
JAR="$TMP/learner.jar" jar_get / >/dev/null
JAR="$TMP/learner.jar" jar_post /signin "name=Siân Evans" "ref=t1" >/dev/null

# surfaces: every place outside the learner's own pages shows $M and $P.
surfaces() {
	local out

	titled both "$("$VIGIL" packs)" "vigil packs"
	titled module "$("$VIGIL" assign --list)" "vigil assign --list"

	out=$("$VIGIL" verify "$code")
	like "$out" "Module:      $M (the-lead)" "vigil verify: the module in the school's words"
	like "$out" "Pack:        $P (words-titles 1.0.0)" "vigil verify: the pack too"
	unlike "$out" "{{" "vigil verify: no word left in braces"

	"$VIGIL" certificate "$id" --out "$TMP/cert.html"
	out=$(cat "$TMP/cert.html")
	titled both "$out" "vigil certificate"
	like "$out" "<title>Certificate of completion: Siân Evans, $M</title>" \
		"vigil certificate: the page's title too"
	if [ "$poppler" = 1 ]; then
		"$VIGIL" certificate "$id" --pdf --out "$TMP/cert.pdf"
		titled both "$(pdf_text "$TMP/cert.pdf")" "vigil certificate --pdf"
		like "$(pdfinfo "$TMP/cert.pdf" | tr -s ' ')" "Title: $M" \
			"vigil certificate --pdf: the PDF's title too"
	fi

	out=$("$VIGIL" remind --dry-run 2>&1)
	like "$out" "    $P: $M (overdue, due " "vigil remind --dry-run: each module in the school's words"
	unlike "$out" "{{" "vigil remind --dry-run: no word left in braces"

	"$VIGIL" export --format csv --out "$TMP/x.csv"
	is "$(csv_col "$TMP/x.csv" module_title | sort -u)" "$M" "the CSV export: module_title in the school's words"
	"$VIGIL" export --format json --out "$TMP/x.json"
	is "$(python3 -c 'import json, sys
print("\n".join(sorted({a["pack"]["title"] + " / " + a["module"]["title"] for a in json.load(open(sys.argv[1]))})))' "$TMP/x.json")" \
		"$P / $M" "the JSON export: both titles in the school's words"
	"$VIGIL" export --format xapi --out "$TMP/x.xapi"
	titled both "$(cat "$TMP/x.xapi")" "the xAPI export"

	is "$(admin /admin)" 200 "the dashboard answers"
	titled module "$(cat "$PAGE")" "the dashboard"
	admin /admin/overdue >/dev/null
	titled module "$(cat "$PAGE")" "the overdue list"
	admin /admin/overdue.csv >/dev/null
	titled module "$(cat "$PAGE")" "the overdue list's CSV"
	admin /admin/grid >/dev/null
	titled module "$(cat "$PAGE")" "the completion grid"
	admin /admin/staff/t1 >/dev/null
	is "$(grep -o "$M" "$PAGE" | wc -l)" 2 "a person's page: where they stand and their attempt, both in the school's words"
	unlike "$(cat "$PAGE")" "{{" "a person's page: no word left in braces"
	admin /admin/assignments >/dev/null
	is "$(grep -o "$M" "$PAGE" | wc -l)" 2 "the assignments: the list and the form, both in the school's words"
	unlike "$(cat "$PAGE")" "{{" "the assignments: no word left in braces"
	admin /admin/assignments.csv >/dev/null
	titled module "$(cat "$PAGE")" "the assignments' CSV"
	admin /admin/reminders >/dev/null
	like "$(cat "$PAGE")" "$P: $M" "the reminders page: each module in the school's words"
	unlike "$(cat "$PAGE")" "{{" "the reminders page: no word left in braces"
	admin "/admin/attempts/$id/certificate" >/dev/null
	titled both "$(cat "$PAGE")" "the DSL's certificate page"
	admin /admin/export.csv >/dev/null
	titled module "$(cat "$PAGE")" "the DSL's CSV download"
	admin /admin/export.json >/dev/null
	titled both "$(cat "$PAGE")" "the DSL's JSON download"

	is "$(learner "/attempts/$id/certificate")" 200 "the learner's certificate answers"
	titled both "$(cat "$PAGE")" "the learner's certificate page"
	if [ "$poppler" = 1 ]; then
		learner "/attempts/$id/certificate.pdf" >/dev/null
		titled both "$(pdf_text "$PAGE")" "the learner's PDF"
	fi
	is "$(learner "/verify?code=$code")" 200 "the check answers"
	titled both "$(cat "$PAGE")" "the public check"
}

# remind_mail REF: sends the reminders now; REF's is in $MSG.
remind_mail() {
	"$VIGIL" remind >"$TMP/out" 2>&1
	like "$(cat "$TMP/out")" "sent $1 $1@school.example" "vigil remind sends $1 a reminder"
	MSG=$(/usr/bin/python3 "$SRCDIR/tests/mail-read.py" \
		"$(grep -l "^$1@" "$TMP"/mail/*.rcpt | tail -n 1 | sed 's/rcpt$/eml/')")
}

surfaces
if [ "$mail" = 1 ]; then
	remind_mail t2
	like "$MSG" "- $P: $M: overdue, it was due on" "the reminder names the module in the school's words"
	like "$MSG" "This is a reminder from Ysgol y Garn:" "from the school"
	like "$MSG" "ask the Designated Safeguarding Person (DSP)." "asking its lead"
	unlike "$MSG" "{{" "with no word left in braces"
fi

# ---- nothing set ----------------------------------------------------------------

"$VIGIL" settings school_name "" >/dev/null &&
	"$VIGIL" settings lead_title "" >/dev/null &&
	"$VIGIL" settings lead_short "" >/dev/null
ok $? "the school's words are unset"
M="What the DSL does at your school"
P="Safeguarding at your school: the DSL"
take "$TMP/take" --learner t3 --name "Tom Three"
is $? 0 "vigil take: t3 passes"
titled module "$(cat "$TMP/take")" "vigil take, the defaults"
# Someone behind who has had no reminder yet, for remind to list.
"$VIGIL" learner add t4 --name "Non Behind" --email t4@school.example \
	--start 2020-01-06 >/dev/null
surfaces
if [ "$mail" = 1 ]; then
	remind_mail t4
	like "$MSG" "- $P: $M: overdue, it was due on" "the reminder names the module in the defaults"
	like "$MSG" "This is a reminder from your school:" "from your school"
	like "$MSG" "ask the Designated Safeguarding Lead (DSL)." "asking the DSL"
	unlike "$MSG" "{{" "with no word left in braces"
fi

serve_stop
unlike "$(cat "$TMP/serve.$PORT.log")" "Sanitizer" "the server's log has no sanitizer report"
done_testing
