#!/bin/bash
# The certificate as a school hands it out (SPEC §4): the school's name and
# the web address of the check on the page and in a one-page A4 PDF
# (`vigil certificate ATTEMPT --pdf --out FILE`, and the learner's own at
# /attempts/ID/certificate.pdf), read back with poppler-utils; Welsh
# letters print; /verify?code=CODE checks a code straight away.
. "$SRCDIR/tests/lib.sh"

if ! command -v curl >/dev/null; then
	echo "1..0 # SKIP curl is not installed"
	exit 0
fi
poppler=1
if ! command -v pdfinfo >/dev/null || ! command -v pdftotext >/dev/null; then
	poppler=0
	echo "# SKIP the PDF's checks: pdfinfo and pdftotext (poppler-utils) are not installed"
fi

packs="$SRCDIR/tests/packs"
export VIGIL_PACKS="$packs"
trap 'serve_stop; rm -rf "$TMP"' EXIT
school="Ysgol Gynradd Llanfair Pwllgwyngyll"
name="Siân Ŵyn ap Gwilym"

# take_as OUT REF NAME ANSWER...: takes the example pack's basics module.
take_as() {
	local out=$1 ref=$2 nm=$3
	shift 3
	drive_texts "$out" "$@" -- take example basics --learner "$ref" \
		--name "$nm"
}

"$VIGIL" settings school_name "$school" >/dev/null
ok $? "the school's name is set"
"$VIGIL" settings base_url "https://training.ysgol.example/vigil/" >/dev/null
ok $? "and its web address"

take_as "$TMP/pass" siwan "$name" "${BASICS_RIGHT[@]}"
is $? 0 "the learner passes"
id=$(sed -n 's/^Attempt \([0-9][0-9]*\) .*/\1/p' "$TMP/pass" | head -n 1)
code=$(sed -n 's/^Certificate: \([0-9A-Z-]*\)$/\1/p' "$TMP/pass" | tail -n 1)
like "$code" "-" "with a certificate code"
check="https://training.ysgol.example/vigil/verify?code=$code"

# --- The page --------------------------------------------------------------

"$VIGIL" certificate "$id" --out "$TMP/cert.html"
is $? 0 "certificate --out writes the page"
html=$(cat "$TMP/cert.html")
like "$html" "<p class=\"school\">$school</p>" "the page names the school"
like "$html" "$name" "and the learner, Welsh letters and all"
like "$html" "Listening to a disclosure" "the module"
like "$html" "version 1.2.0" "the pack's version"
like "$html" "20 minutes" "the CPD minutes"
like "$html" "<span>${code:0:4}</span>-<wbr><span>${code:5:4}</span>-<wbr><span>${code:10:4}</span>" \
	"the code, which breaks only after its dashes"
like "$html" "<a class=\"url\" href=\"$check\">$check</a>" \
	"the address of the check, with the code"
like "$html" "vigil verify $code" "and the command line's check as well"
unlike "$html" "<script" "the file has no script"
unlike "$html" 'href="/' "nor a link that needs the server"
unlike "$html" "Print this certificate" "nor a print button"

# --- The PDF ---------------------------------------------------------------

"$VIGIL" certificate "$id" --pdf --out "$TMP/cert.pdf" >"$TMP/out" 2>&1
is $? 0 "certificate --pdf --out exits 0"
is "$(cat "$TMP/out")" "" "and prints nothing"
is "$(head -c 5 "$TMP/cert.pdf")" "%PDF-" "the file is a PDF"
"$VIGIL" certificate "$id" --pdf | cmp -s - "$TMP/cert.pdf"
ok $? "--pdf to a pipe writes the same bytes"
# To a terminal (util-linux's script gives one), a PDF is refused.
if command -v script >/dev/null; then
	out=$(script -qec "'$VIGIL' certificate $id --pdf" /dev/null </dev/null)
	is $? 2 "--pdf to a terminal is a usage error"
	like "$out" "a PDF is not for a terminal: give --out FILE" "which says what to do"
	unlike "$out" "%PDF" "and writes no PDF there"
fi
if [ "$poppler" = 1 ]; then
	info=$(pdfinfo "$TMP/cert.pdf" | tr -s " ")
	like "$info" "Pages: 1" "pdfinfo reads one page"
	like "$info" "Page size: 595.276 x 841.89 pts (A4)" "of A4"
	like "$info" "Title: Listening to a disclosure" "titled with the module"
	like "$info" "Creator: Vigil" "made by Vigil"
	text=$(pdftotext -layout "$TMP/cert.pdf" - | tr -s ' \n' '  ')
	like "$text" "$name" "the PDF names the learner, Welsh letters and all"
	like "$text" "$school" "and the school"
	like "$text" "Certificate of completion" "its title"
	like "$text" "Listening to a disclosure" "the module"
	like "$text" "version 1.2.0" "the pack's version"
	like "$text" "20 minutes" "the CPD minutes"
	like "$text" "$code" "the code"
	like "$text" "$check" "and the address of the check"
	like "$text" "Valid until" "how long it is valid"

	# A name far too long for a line wraps and shrinks; the page stays one.
	long="Gwenllian Ŷr Ŵyneb Âdaf $(printf 'Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch%.0s ' 1 2) ferch Llywelyn ap Gruffudd"
	take_as "$TMP/long" longname "$long" "${BASICS_RIGHT[@]}" >/dev/null
	lid=$(sed -n 's/^Attempt \([0-9][0-9]*\) .*/\1/p' "$TMP/long" | head -n 1)
	"$VIGIL" certificate "$lid" --pdf --out "$TMP/long.pdf"
	is $? 0 "a very long name still makes a PDF"
	like "$(pdfinfo "$TMP/long.pdf" | tr -s " ")" "Pages: 1" "of one page"
	like "$(pdftotext "$TMP/long.pdf" - | tr -d '\n ')" \
		"GwenllianŶrŴynebÂdafLlanfairpwll" "which holds the name's start"
	like "$(pdftotext "$TMP/long.pdf" - | tr -d '\n ')" \
		"ogogochferchLlywelynapGruffudd" "and its end: the whole name prints"
	like "$(pdftotext "$TMP/long.pdf" - | tr -s ' \n' '  ')" \
		"Attempt $lid in the training records" \
		"and, below the name, the rest of the page"
	bbox=$(pdftotext -bbox "$TMP/long.pdf" - |
		sed -n 's/.*xMin="\([0-9.]*\)" yMin="\([0-9.]*\)" xMax="\([0-9.]*\)" yMax="\([0-9.]*\)".*/\1 \2 \3 \4/p' |
		awk 'BEGIN { bad = 0 } $1 < 40 || $2 < 40 || $3 > 555.3 || $4 > 801.9 { bad++ } END { print bad }')
	is "$bbox" 0 "no word of it lies outside the frame"
fi

# --- Errors leave no file --------------------------------------------------

printf '\n' | "$VIGIL" take example basics --learner started \
	--name "Sam Started" >"$TMP/started" 2>&1
sid=$(sed -n 's/^Attempt \([0-9][0-9]*\) .*/\1/p' "$TMP/started" | head -n 1)
out=$("$VIGIL" certificate "$sid" --pdf --out "$TMP/none.pdf" 2>&1)
is $? 1 "--pdf for an attempt in progress exits 1"
like "$out" "attempt $sid is still in progress; only a passed attempt has a certificate" \
	"and says why"
test ! -e "$TMP/none.pdf"; ok $? "and writes no file"
wrong=(
	"Ask Jordan why they didn't tell anyone sooner"
	"Go back and try again"
	"Say you can't promise that, but that you will listen and help"
	"Ask Jordan's friends whether it is true"
	"Promise to keep it between the two of you"
	"True"
	"Tell the DSL straight away | Listen, and let the pupil finish | Explain what will happen next and who you will tell"
	"Something"
)
take_as "$TMP/fail" failer "Nat Notyet" "${wrong[@]}" >/dev/null
fid=$(sed -n 's/^Attempt \([0-9][0-9]*\) .*/\1/p' "$TMP/fail" | head -n 1)
out=$("$VIGIL" certificate "$fid" --pdf --out "$TMP/none.pdf" 2>&1)
is $? 1 "--pdf for an attempt that did not pass exits 1"
like "$out" "attempt $fid did not pass" "and says why"
test ! -e "$TMP/none.pdf"; ok $? "and writes no file"
mkdir "$TMP/ro"
chmod 500 "$TMP/ro"
out=$("$VIGIL" certificate "$id" --pdf --out "$TMP/ro/cert.pdf" 2>&1)
rc=$?
if [ "$(id -u)" -ne 0 ]; then
	is "$rc" 1 "--out in a folder that cannot be written exits 1"
	like "$out" "cannot write '$TMP/ro/cert.pdf'" "and says why"
fi
out=$("$VIGIL" certificate "$id" --pdf --out "$TMP/missing/cert.pdf" 2>&1)
is $? 1 "--out in a missing folder exits 1"
like "$out" "cannot write '$TMP/missing/cert.pdf'" "and says why"
test ! -e "$TMP/missing"; ok $? "and leaves nothing"

# --- The web ---------------------------------------------------------------

PORT=$(free_port)
BASE="http://127.0.0.1:$PORT"
PAGE="$TMP/page"
JAR="$TMP/siwan.jar"
serve_start "$PORT" --signup open
ok $? "vigil serve starts"
jar_get / >/dev/null
jar_post /signin "name=$name" "ref=siwan" >/dev/null
is "$(jar_get "/attempts/$id/certificate")" 200 "the learner's certificate page answers"
page=$(cat "$PAGE")
like "$page" "<p class=\"school\">$school</p>" "naming the school"
like "$page" "$name" "and the learner"
like "$page" "$check" "with the address of the check"
like "$page" '<a href="/">Back to your training</a>' "a way back"
like "$page" "<a href=\"/attempts/$id/certificate.pdf\">" "a link to the PDF"
like "$page" '<button type="button" id="print" hidden>' \
	"and a print button, hidden until its script shows it"
hash=$(curl -s "$BASE/certificate.js" | openssl dgst -sha256 -binary | base64)
like "$page" "<script src=\"/certificate.js\" integrity=\"sha256-$hash\" defer>" \
	"whose script is the one served, by its hash"
csp=$(curl -s -D - -o /dev/null -b "$JAR" "$BASE/attempts/$id/certificate" |
	tr -d '\r' | sed -n 's/^Content-Security-Policy: //Ip')
like "$csp" "script-src 'sha256-$hash';" "and which its policy allows, alone"
like "$csp" "default-src 'none';" "with nothing else"

curl -s -D "$TMP/head" -o "$TMP/web.pdf" -b "$JAR" \
	"$BASE/attempts/$id/certificate.pdf"
head=$(tr -d '\r' <"$TMP/head")
like "$head" "HTTP/1.1 200" "the PDF answers"
like "$head" "Content-Type: application/pdf" "as a PDF"
like "$head" "Content-Disposition: attachment; filename=\"certificate-$code.pdf\"" \
	"to save, named by its code"
cmp -s "$TMP/web.pdf" "$TMP/cert.pdf"; ok $? "the same PDF as vigil certificate --pdf writes"
if [ "$poppler" = 1 ]; then
	like "$(pdfinfo "$TMP/web.pdf" | tr -s " ")" "Pages: 1" "pdfinfo reads it"
fi
is "$(jar_get "/attempts/$fid/certificate.pdf")" 404 "another learner's attempt has no PDF"
is "$(jar_get "/attempts/$sid/certificate.pdf")" 404 "nor one in progress"
is "$(jar_get "/attempts/99999/certificate.pdf")" 404 "nor an unknown number"
JAR="$TMP/nobody.jar"
is "$(jar_get "/attempts/$id/certificate.pdf")" 404 "nor anyone not signed in"
is "$(jar_get "/attempts/$id/certificate")" 404 "nor its page"

is "$(jar_get "/verify?code=$code")" 200 "the check answers the address on the certificate"
like "$(cat "$PAGE")" "This certificate is genuine" "and says the code is valid"
like "$(cat "$PAGE")" "<dt>Name</dt><dd>$name</dd>" "whose it is"
is "$(jar_get "/verify?code=ABCD-EFGH-JKMN")" 200 "a bad code answers too"
like "$(cat "$PAGE")" "Not known" "but is not known"
like "$(cat "$PAGE")" "does not show a valid certificate" "and not valid"
unlike "$(cat "$PAGE")" "genuine" "and nothing says it is genuine"

# Without base_url the certificate says where to check, in words.
"$VIGIL" settings base_url "" >/dev/null
JAR="$TMP/siwan.jar"
jar_get "/attempts/$id/certificate" >/dev/null
like "$(cat "$PAGE")" "<a href=\"/verify?code=$code\">/verify</a>" \
	"without base_url the page links to the check on this server"
serve_stop
"$VIGIL" certificate "$id" --out "$TMP/plain.html"
like "$(cat "$TMP/plain.html")" "Check a certificate&rdquo; page of the school&rsquo;s training site (/verify)" \
	"and the file names the page in words"
if [ "$poppler" = 1 ]; then
	"$VIGIL" certificate "$id" --pdf --out "$TMP/plain.pdf"
	like "$(pdftotext "$TMP/plain.pdf" - | tr -s ' \n' '  ')" \
		"Check a certificate” page of the school’s training site (/verify)" \
		"as does the PDF"
fi

done_testing
