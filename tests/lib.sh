# lib.sh - TAP helpers for the shell tests, which run the real vigil binary.
#
# Each test script sources this, calls ok/is/like for each check, and ends
# with done_testing.  Set by the harness (Makefile.am): VIGIL, the built
# binary; SRCDIR, the source tree; VIGIL_PLUGINS, the source plugins.

set -u
: "${VIGIL:?VIGIL must name the vigil binary}"
: "${SRCDIR:?SRCDIR must name the source tree}"
TESTS_RUN=0
TESTS_FAILED=0
TMP=$(mktemp -d "${TMPDIR:-/tmp}/vigil-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export VIGIL_DB="$TMP/vigil.db"

# ok STATUS DESCRIPTION: passes when STATUS is 0.
ok() {
	TESTS_RUN=$((TESTS_RUN + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $TESTS_RUN - $2"
	else
		TESTS_FAILED=$((TESTS_FAILED + 1))
		echo "not ok $TESTS_RUN - $2"
	fi
}

# is GOT WANT DESCRIPTION
is() {
	if [ "$1" = "$2" ]; then
		ok 0 "$3"
	else
		ok 1 "$3"
		printf '# got:  %s\n# want: %s\n' "$1" "$2" | head -20
	fi
}

# like TEXT SUBSTRING DESCRIPTION
like() {
	case "$1" in
	*"$2"*) ok 0 "$3" ;;
	*)
		ok 1 "$3"
		printf '# wanted to find: %s\n# in: %s\n' "$2" "$1" | head -20
		;;
	esac
}

# like_limit TEXT BEFORE AFTER DESCRIPTION: TEXT holds BEFORE, then
# "instruction limit exceeded" or "time limit exceeded", then AFTER.  A
# loop that never ends trips whichever limit it reaches first: on a slow
# or busy machine (a sanitizer build on a loaded runner) that can be the
# clock, and either way the message must name the place.
like_limit() {
	case "$1" in
	*"$2instruction limit exceeded$3"* | *"$2time limit exceeded$3"*)
		ok 0 "$4" ;;
	*)
		ok 1 "$4"
		printf '# wanted to find: %s(instruction or time) limit exceeded%s\n# in: %s\n' \
			"$2" "$3" "$1" | head -20
		;;
	esac
}

# unlike TEXT SUBSTRING DESCRIPTION
unlike() {
	case "$1" in
	*"$2"*)
		ok 1 "$3"
		printf '# did not want: %s\n' "$2"
		;;
	*) ok 0 "$3" ;;
	esac
}

done_testing() {
	echo "1..$TESTS_RUN"
	[ "$TESTS_FAILED" -eq 0 ]
}

# The example pack's basics module answered right (9/9), and its short one.
BASICS_RIGHT=(
	"Say you can't promise that, but that you will listen and help"
	"Tell the DSL straight away"
	"Stay calm and let them speak in their own words | Tell them they were right to tell you"
	"False"
	"Listen, and let the pupil finish | Explain what will happen next and who you will tell | Tell the DSL straight away"
	"I can't keep this a secret, but I will listen and I will help."
)
SHORT_RIGHT=("What the pupil said, in their own words" "False")

# now_ms: a monotonic-enough clock in milliseconds.
now_ms() {
	echo $(($(date +%s%N) / 1000000))
}

# drive_texts OUT ANSWER... -- ARG...: runs "$VIGIL" ARG... (pack play or
# take) through a pipe, choosing options by their text, as an author's
# playthrough would.  Each ANSWER is one option's text, several texts joined
# by " | " (for a multiple choice, or an order), or for a free-text step the
# text itself.  Pages and feedback get an empty line.  The whole transcript
# (stdout and stderr) goes to OUT; returns vigil's exit status.
drive_texts() {
	local out=$1 line spec nums t n o win rout pid
	local -a opts=() answers=()
	local fifo="$TMP/play.$$.$RANDOM"
	shift
	while [ $# -gt 0 ] && [ "$1" != "--" ]; do
		answers+=("$1")
		shift
	done
	shift
	set -- "${answers[@]}" -- "$@"
	: >"$out"
	# Named pipes rather than coproc: bash closes a coproc's descriptors
	# when it reaps the process, which can lose the last lines unread.
	mkfifo "$fifo.in" "$fifo.out"
	"$VIGIL" "${@:$((${#answers[@]} + 2))}" \
		<"$fifo.in" >"$fifo.out" 2>&1 &
	pid=$!
	set -- "${answers[@]}"
	exec {win}>"$fifo.in" {rout}<"$fifo.out"
	while IFS= read -r line <&"$rout"; do
		printf '%s\n' "$line" >>"$out"
		case "$line" in
		[0-9]". "* | [0-9][0-9]". "*) opts+=("$line") ;;
		"[Press Enter"*) echo >&"$win"; opts=() ;;
		"[Type your answer"*)
			spec=${1-}; shift || true
			printf '%s\n' "$spec" >&"$win"; opts=() ;;
		"[Type the number"*)
			spec=${1-}; shift || true
			nums=""
			while [ -n "$spec" ]; do
				t=${spec%% | *}
				if [ "$t" = "$spec" ]; then spec=""; else spec=${spec#* | }; fi
				for o in "${opts[@]}"; do
					n=${o%%. *}
					if [ "${o#*. }" = "$t" ]; then
						nums="$nums${nums:+,}$n"
					fi
				done
			done
			printf '%s\n' "$nums" >&"$win"; opts=() ;;
		esac
	done
	exec {win}>&- {rout}<&-
	rm -f "$fifo.in" "$fifo.out"
	wait "$pid"
}

# model_answers TESTS-FILE: the answers of the file's first playthrough
# that expects a pass, one per line as drive_texts takes them, with the
# school's words as a school that set nothing reads them (model-path.lua).
model_answers() {
	lua5.4 "$SRCDIR/tests/model-path.lua" "$1" | tail -n +2 |
		sed 's/{{lead_short}}/DSL/g'
}

# play_texts OUT PACKDIR MODULE SEED ANSWER...: previews a module with
# drive_texts.
play_texts() {
	local out=$1 dir=$2 module=$3 seed=$4
	shift 4
	drive_texts "$out" "$@" -- pack play "$dir" "$module" --seed "$seed"
}

# sql DB QUERY: prints the rows of QUERY, columns separated by "|", read
# with Python's own sqlite3 module, independently of vigil.
sql() {
	python3 - "$1" "$2" <<'PY'
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
for row in con.execute(sys.argv[2]).fetchall():
    print("|".join("" if v is None else str(v) for v in row))
con.commit()
PY
}

# free_port: a TCP port on 127.0.0.1 that nothing listens on now.
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# serve_start PORT [ARG...]: starts `vigil serve` on 127.0.0.1:PORT in the
# background (SERVE_PID), output in $TMP/serve.PORT.log, and waits until it
# answers.  serve_stop stops it with SIGTERM and waits for it.  Another
# command that serves may be given in SERVE_COMMAND ("pack preview DIR",
# words split as they are written).
serve_start() {
	local port=$1 i
	shift
	# shellcheck disable=SC2086
	"$VIGIL" ${SERVE_COMMAND:-serve} --listen "127.0.0.1:$port" "$@" \
		>>"$TMP/serve.$port.log" 2>&1 &
	SERVE_PID=$!
	for i in $(seq 200); do
		curl -s -o /dev/null "http://127.0.0.1:$port/style.css" && return 0
		kill -0 "$SERVE_PID" 2>/dev/null || return 1
		sleep 0.05
	done
	return 1
}
serve_stop() {
	[ -n "${SERVE_PID:-}" ] || return 0
	kill -TERM "$SERVE_PID" 2>/dev/null
	wait "$SERVE_PID" 2>/dev/null
	SERVE_PID=
}

# serve_kill: stops the server of serve_start like serve_stop, but kills it
# when it has not stopped within 5 s (a server stuck in pack code may not).
serve_kill() {
	local i
	[ -n "${SERVE_PID:-}" ] || return 0
	kill -TERM "$SERVE_PID" 2>/dev/null
	for i in $(seq 50); do
		kill -0 "$SERVE_PID" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$SERVE_PID" 2>/dev/null
	wait "$SERVE_PID" 2>/dev/null
	SERVE_PID=
}

# jar_get PATH: fetches $BASE$PATH into $PAGE with the cookies in $JAR and
# prints the status; curl gives up after ${WEB_TIMEOUT:-20} seconds.
jar_get() {
	curl -s -m "${WEB_TIMEOUT:-20}" -o "$PAGE" -w '%{http_code}' \
		-b "$JAR" -c "$JAR" "$BASE$1"
}

# jar_post PATH [NAME=VALUE]...: posts a form carrying the CSRF token of the
# page in $PAGE, as jar_get; the response replaces the page.
jar_post() {
	local path=$1 a csrf
	local -a args=()
	shift
	csrf=$(csrf_of "$PAGE")
	for a in "$@"; do
		args+=(--data-urlencode "$a")
	done
	curl -s -m "${WEB_TIMEOUT:-20}" -o "$PAGE" -w '%{http_code}' \
		-b "$JAR" -c "$JAR" --data-urlencode "csrf=$csrf" \
		"${args[@]}" "$BASE$path"
}

# page_field NAME: the value of the hidden input NAME in $PAGE.
page_field() {
	sed -n "s/.*name=\"$1\" value=\"\([^\"]*\)\".*/\1/p" "$PAGE" |
		head -n 1
}

# csrf_of FILE: the CSRF token in the first form of an HTML page.
csrf_of() {
	sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$1" | head -n 1
}

# web_run_checks DB ACKS LOG COMPLETIONS: after simulated learners
# (tests/web-load.py), checks that every completion they saw is recorded as
# a result, that nothing they saw acknowledged is lost, and that the
# server's log has no sanitizer report.
web_run_checks() {
	local out
	is "$(sql "$1" "SELECT count(*) FROM attempts WHERE status IN ('passed', 'not passed')")" \
		"$4" "every completion is recorded as a result"
	out=$(python3 "$SRCDIR/tests/web-load.py" check "$1" "$2")
	ok $? "integrity_check is ok and every acknowledged answer is stored"
	printf '%s\n' "$out" | grep '^# '
	unlike "$(cat "$3")" "Sanitizer" "the server's log has no sanitizer report"
	unlike "$(cat "$3")" "runtime error" "nor undefined behaviour"
}

# browser_needs: exits the test as skipped unless `./quickstart check` has
# set VIGIL_BROWSER_MODULES (a node_modules folder with playwright-core
# and axe-core) and VIGIL_CHROMIUM, and node is there; exports them, and
# keeps Chromium's own files in the test's temporary folder.
browser_needs() {
	local modules=${VIGIL_BROWSER_MODULES:-} chromium=${VIGIL_CHROMIUM:-}
	if [ -z "$modules" ] || [ ! -d "$modules/playwright-core" ] ||
		[ ! -d "$modules/axe-core" ] || [ -z "$chromium" ] ||
		[ ! -x "$chromium" ] || ! command -v node >/dev/null; then
		echo "1..0 # SKIP browser tests need ./quickstart check (playwright-core, axe-core, chromium)"
		exit 0
	fi
	export VIGIL_BROWSER_MODULES="$modules" VIGIL_CHROMIUM="$chromium"
	export HOME="$TMP" XDG_CONFIG_HOME="$TMP/.config" XDG_CACHE_HOME="$TMP/.cache"
}

# browser_shots DIR: an empty folder for the screenshots, which stay
# after the test under the build directory, exported as VIGIL_SHOTS.
browser_shots() {
	VIGIL_SHOTS="$PWD/$1"
	rm -rf "$VIGIL_SHOTS"
	mkdir -p "$VIGIL_SHOTS"
	echo "# screenshots: $VIGIL_SHOTS"
	export VIGIL_SHOTS
}

# smtp_needs: exits the test as skipped unless Debian's python3-aiosmtpd is
# there for /usr/bin/python3 (the SMTP sink runs with that Python, not with
# whichever python3 is first on PATH).
smtp_needs() {
	if ! /usr/bin/python3 -c 'import aiosmtpd' >/dev/null 2>&1; then
		echo "1..0 # SKIP the mail tests need python3-aiosmtpd for /usr/bin/python3"
		exit 0
	fi
}

# smtp_start DIR [OPTION...]: starts a real SMTP server
# (tests/smtp-sink.py, given the OPTIONs) on a free port of 127.0.0.1,
# keeping each message it accepts as DIR/NNNN.eml and its envelope
# recipients as DIR/NNNN.rcpt; DIR/refuse holding N makes it refuse the
# next N.  Sets SMTP_PORT and SMTP_PID, and stops the server when the test
# ends, whatever EXIT trap the test has set before this.
smtp_start() {
	local dir=$1 i prev
	shift
	mkdir -p "$dir" || return 1
	rm -f "$dir.port"
	/usr/bin/python3 "$SRCDIR/tests/smtp-sink.py" --dir "$dir" \
		--port-file "$dir.port" "$@" >>"$dir.log" 2>&1 &
	SMTP_PID=$!
	SMTP_PIDS="${SMTP_PIDS:-} $SMTP_PID"
	# The EXIT trap the test set (trap -p prints the parent's traps even in
	# a command substitution) runs after the sinks are stopped.
	prev=$(trap -p EXIT)
	case $prev in
	*smtp_stop_all*) ;;
	"") trap 'smtp_stop_all' EXIT ;;
	*)
		eval "set -- $prev"
		trap "smtp_stop_all; $3" EXIT
		;;
	esac
	SMTP_PORT=
	for i in $(seq 200); do
		if [ -s "$dir.port" ]; then
			SMTP_PORT=$(cat "$dir.port")
			return 0
		fi
		kill -0 "$SMTP_PID" 2>/dev/null || break
		sleep 0.05
	done
	echo "# the SMTP sink did not start:" >&2
	sed 's/^/# /' "$dir.log" >&2
	return 1
}

# smtp_stop_all: stops every SMTP sink smtp_start started, and waits for it.
smtp_stop_all() {
	local pid
	for pid in ${SMTP_PIDS:-}; do
		kill -TERM "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
	SMTP_PIDS=
}

# smtp_count DIR: how many messages the sink in DIR has accepted.
smtp_count() {
	local f n=0
	for f in "$1"/*.eml; do
		[ -e "$f" ] && n=$((n + 1))
	done
	echo "$n"
}
