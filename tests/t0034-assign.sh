#!/bin/bash
# Running a school from the command line (SPEC §4): `vigil settings` (list,
# print, set, unset; a secret never printed back; unknown keys and bad
# values refused), `vigil assign` / `unassign` / `assign --list` (installed
# modules only, groups by name, days 0-3650), and `vigil records --overdue
# | --due-within DAYS [--group G]` by the due-date rule, on a real
# database with the clock set by VIGIL_NOW.  Every change is checked in
# the audit table.
. "$SRCDIR/tests/lib.sh"

mkdir -p "$TMP/packs" "$TMP/nopacks"
cp -R "$SRCDIR/tests/packs/example" "$TMP/packs/example"
export VIGIL_PACKS="$TMP/packs"
export VIGIL_NOW=2026-03-01

# audit ACTION: the audit rows of that action, as ACTOR|DETAIL, oldest first.
audit() {
	sql "$VIGIL_DB" "SELECT actor, detail FROM audit WHERE action = '$1' ORDER BY id"
}
# run ARG...: runs vigil, its stdout in $out, stderr in $err, status in $rc.
run() {
	"$VIGIL" "$@" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	out=$(cat "$TMP/out")
	err=$(grep -v 'clock is set to' "$TMP/err")
}

# ---- settings ----------------------------------------------------------

run settings
is "$rc" 1 "settings without a database fails"
like "$err" "there is no records database" "and says so"

run settings school_name "  Example Academy  "
is "$rc" 0 "setting a value makes the database"
is "$out" "school_name = Example Academy" "and says what it is now, trimmed"
is "$(sql "$VIGIL_DB" "SELECT value FROM settings WHERE key = 'school_name'")" \
	"Example Academy" "the records hold it"
is "$(audit 'setting changed')" "command line|school_name = Example Academy" \
	"the audit log has it, by the command line"

run settings
is "$rc" 0 "settings lists every setting"
is "$(printf '%s\n' "$out" | cut -d' ' -f1 | tr '\n' ' ')" \
	"school_name base_url lead_title lead_short leads smtp_url smtp_user smtp_password mail_from remind_every_days " \
	"every key of SPEC §4, in order"
like "$out" "school_name = Example Academy"$'\n' "a value set"
like "$out" "lead_short = DSL (default)" "a default, marked"
like "$out" "lead_title = Designated Safeguarding Lead (default)" "the lead's title"
like "$out" "remind_every_days = 7 (default)" "the days between reminders"
like "$out" "base_url = (not set)" "a value with no default"
like "$out" "smtp_password = (not set)" "the password, not set"

run settings lead_short
is "$out" "DSL" "a key prints its value, the default when unset"
run settings school_name
is "$out" "Example Academy" "or the value set"

run settings base_url "https://training.example.sch.uk/"
is "$rc" 0 "base_url is set"
is "$(sql "$VIGIL_DB" "SELECT value FROM settings WHERE key = 'base_url'")" \
	"https://training.example.sch.uk" "without its trailing slash"

run settings base_url "training.example.sch.uk"
is "$rc" 1 "a bad value exits 1"
like "$err" "base_url cannot be set to that: it must start with https:// or http://" \
	"naming the key and the problem"
run settings base_url "https://example.org/?q=1"
like "$err" "no query or fragment" "a query is refused"
is "$(sql "$VIGIL_DB" "SELECT value FROM settings WHERE key = 'base_url'")" \
	"https://training.example.sch.uk" "and the value is left as it was"
run settings smtp_url "smtp://mail.example.org"
is "$rc" 1 "smtp_url needs a port"
run settings smtp_url "smtps://mail.example.org:465"
is "$rc" 0 "smtps://HOST:PORT is taken"
run settings mail_from $'dsl@example.org\r\nBcc: all@example.org'
is "$rc" 1 "mail_from with a line break is refused"
like "$err" "mail_from cannot be set to that: it must be one line" "saying why"
run settings mail_from "DSL <dsl@example.org>"
is "$rc" 1 "so is a name with angle brackets"
run settings mail_from "dsl@example.org"
is "$rc" 0 "a plain address is taken"
run settings remind_every_days 0
is "$rc" 1 "remind_every_days 0 is refused"
like "$err" "from 1 to 365" "saying what it may be"
run settings school_name $'Example\nAcademy'
is "$rc" 1 "a name of two lines is refused"
run settings lead_short "Designated Safeguarding Person"
like "$err" "longer than 20 characters" "lead_short is short"

run settings schol_name "X"
is "$rc" 2 "an unknown key exits 2"
like "$err" "there is no setting 'schol_name' (did you mean 'school_name'?)" \
	"with a suggestion"
like "$err" "the settings are: school_name, base_url, lead_title" "and the list"
run settings nothing_like_it
is "$rc" 2 "an unknown key to print exits 2 too"
run settings school_name a b
is "$rc" 2 "a key takes one value"
run settings --nonsense
is "$rc" 2 "an unknown option is a usage error"

run settings lead_short "DSP"
run settings lead_short
is "$out" "DSP" "lead_short changed"
run settings lead_short "DSP"
like "$out" "already so" "the same value again changes nothing"
run settings lead_short ""
is "$rc" 0 "an empty value unsets"
like "$out" "lead_short unset (now the default: DSL)" "and says so"
run settings lead_short
is "$out" "DSL" "back to the default"
is "$(audit 'setting changed' | grep lead_short)" \
	"command line|lead_short = DSP
command line|lead_short: unset" "each change is in the audit log once"

printf 'pass word 1\n' | "$VIGIL" settings smtp_password - >"$TMP/out" 2>"$TMP/err"
is $? 0 "smtp_password is read from standard input with -"
is "$(cat "$TMP/out")" "smtp_password set" "without printing it"
is "$(sql "$VIGIL_DB" "SELECT value FROM settings WHERE key = 'smtp_password'")" \
	"pass word 1" "the records hold the line, without its line break"
run settings smtp_password
is "$rc" 1 "printing the password is refused"
like "$err" "smtp_password is never printed back; it is set" "and says so"
unlike "$out$err" "pass word" "without showing it"
run settings
like "$out" "smtp_password = (set)" "the list says it is set"
unlike "$out" "pass word" "and no more"
like "$(audit 'setting changed')" "command line|smtp_password: changed" \
	"the audit log says it changed"
unlike "$(sql "$VIGIL_DB" "SELECT detail FROM audit")" "pass word" "but not to what"
# At a terminal, the password is asked for and not echoed.
python3 - "$VIGIL" >"$TMP/tty" 2>&1 <<'PY'
import os, pty, select, sys, time

def read_until(fd, want, seconds):
    got, end = b"", time.monotonic() + seconds
    while want not in got and time.monotonic() < end:
        r, _, _ = select.select([fd], [], [], 0.2)
        if r:
            try:
                chunk = os.read(fd, 1024)
            except OSError:
                break
            if not chunk:
                break
            got += chunk
    return got

pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], [sys.argv[1], "settings", "smtp_password", "-"])
out = read_until(fd, b"not shown as it is typed", 20)
os.write(fd, b"tty secret 2\n")
out += read_until(fd, b"smtp_password set", 20)
_, status = os.waitpid(pid, 0)
sys.stdout.write(out.decode("utf-8", "replace"))
print("\nexit %d" % os.waitstatus_to_exitcode(status))
PY
like "$(cat "$TMP/tty")" "smtp_password (not shown as it is typed): " "at a terminal it is asked for"
like "$(cat "$TMP/tty")" "exit 0" "and set"
unlike "$(cat "$TMP/tty")" "tty secret" "without being shown"
is "$(sql "$VIGIL_DB" "SELECT value FROM settings WHERE key = 'smtp_password'")" \
	"tty secret 2" "the records hold what was typed"
printf '\n' | "$VIGIL" settings smtp_password - >/dev/null 2>"$TMP/err"
is $? 1 "an empty line is refused"
like "$(cat "$TMP/err")" "to unset it, give \"\" as the value" "rather than unsetting it"
printf 'Example High\n' | "$VIGIL" settings school_name - >/dev/null 2>&1
is "$("$VIGIL" settings school_name 2>/dev/null)" "Example High" "any setting may be read from standard input"
"$VIGIL" settings school_name "Example Academy" >/dev/null 2>&1
"$VIGIL" settings smtp_password - </dev/null >/dev/null 2>"$TMP/err"
is $? 1 "no line on standard input is an error"
like "$(cat "$TMP/err")" "no value for smtp_password on standard input" "that says so"

# ---- assign, unassign, assign --list ------------------------------------

# The roster, each added on their first day (learner add starts a person
# today).  Groups and a leaver are made in the database directly: the
# commands that make them are tested with the roster's.
VIGIL_NOW=2026-02-01 "$VIGIL" learner add T1 --name "Tess Teacher" >/dev/null 2>&1
VIGIL_NOW=2026-02-25 "$VIGIL" learner add T2 --name "Tom Teacher" >/dev/null 2>&1
VIGIL_NOW=2026-01-01 "$VIGIL" learner add S1 --name "Sam Support" >/dev/null 2>&1
VIGIL_NOW=2025-01-01 "$VIGIL" learner add L1 --name "Lee Leaver" >/dev/null 2>&1
sql "$VIGIL_DB" "INSERT INTO groups (name, created) VALUES
	('Teaching', '2026-01-01T00:00:00Z'), ('Support staff', '2026-01-01T00:00:00Z')"
sql "$VIGIL_DB" "INSERT INTO learner_groups (learner_id, group_id, since)
	SELECT l.id, g.id, '2026-01-01' FROM learners l, groups g WHERE
	(l.ref IN ('T1', 'T2', 'L1') AND g.name = 'Teaching') OR
	(l.ref = 'S1' AND g.name = 'Support staff')"
sql "$VIGIL_DB" "UPDATE learners SET left_on = '2026-02-15' WHERE ref = 'L1'"
is "$(sql "$VIGIL_DB" "SELECT count(*) FROM learner_groups")" 4 "four in groups"

run assign --list
is "$rc" 0 "assign --list with nothing assigned"
like "$out" "Nothing is assigned, so every installed module is assigned to everyone, within 30 days" \
	"says that everything is assigned to everyone within 30 days"

run assign example/basics --group Teaching --within 10
is "$rc" 0 "assign a module to a group"
is "$out" "assigned example/basics to the group 'Teaching', within 10 days of their first day" \
	"and says so"
is "$(audit 'module assigned')" "command line|example/basics for Teaching, within 10 days" \
	"the audit log has it"
run assign example/basics --group teaching --within 10
is "$rc" 0 "the group's name in any case"
like "$out" "already assigned to the group 'Teaching', within 10 days" "the same again changes nothing"
is "$(audit 'module assigned' | wc -l)" 1 "and adds no audit row"
run assign example/short --everyone
is "$rc" 0 "assign a module to everyone"
like "$out" "within 30 days" "within 30 days unless said"
run assign example/short --everyone --within 45
like "$out" "example/short for everyone: now within 45 days (was 30)" "assigning again changes the days"
is "$(audit 'assignment changed')" "command line|example/short for everyone, within 45 days" \
	"in the audit log too"
run assign example/short --everyone --within 30
run assign example/basics --group "Support staff" --within 0
is "$rc" 0 "0 days: due on the first day"

run assign --list
is "$rc" 0 "assign --list"
is "$(printf '%s\n' "$out" | sed 's/  */ /g')" "MODULE TITLE WHO WITHIN
example/basics Listening to a disclosure Support staff 0 days
example/basics Listening to a disclosure Teaching 10 days
example/short Writing it down everyone 30 days" \
	"one line per assignment: module, title, who, within"
VIGIL_PACKS="$TMP/nopacks" "$VIGIL" assign --list >"$TMP/out" 2>/dev/null
like "$(sed 's/  */ /g' "$TMP/out")" "example/short (pack 'example' is not installed) everyone 30 days" \
	"a module whose pack is not installed is noted"

# Errors: what is wrong, and what was perhaps meant.
run assign example/basic --everyone
is "$rc" 1 "an unknown module exits 1"
like "$err" "pack 'example' has no module 'basic' (did you mean 'basics'?)" "with a suggestion"
run assign exampel/basics --everyone
is "$rc" 1 "an unknown pack exits 1"
like "$err" "no pack 'exampel' is installed (did you mean 'example'?)" "with a suggestion"
run assign example/basics --group Teachng
is "$rc" 1 "an unknown group exits 1"
like "$err" "there is no group 'Teachng' (did you mean 'Teaching'?); the groups are 'Support staff', 'Teaching'" \
	"with a suggestion and the groups"
run assign example/basics
is "$rc" 2 "neither --group nor --everyone is a usage error"
like "$err" "say who with --group G or --everyone" "that says so"
run assign example/basics --group Teaching --everyone
is "$rc" 2 "both is a usage error"
for days in 3651 -1 ten 1.5 ""; do
	run assign example/basics --everyone --within "$days"
	is "$rc" 2 "--within '$days' is a usage error"
done
like "$err" "--within needs a whole number of days from 0 to 3650" "saying what it takes"
run assign example/basics --everyone --within
is "$rc" 2 "--within without its value"
run assign examplebasics --everyone
is "$rc" 2 "a module without its pack is a usage error"
like "$err" "'examplebasics' is not PACK/MODULE" "naming it"
run assign example/basics example/short --everyone
is "$rc" 2 "one module at a time"
run assign --list example/basics
is "$rc" 2 "--list takes nothing else"
run assign --nonsense
is "$rc" 2 "an unknown option"
is "$(sql "$VIGIL_DB" "SELECT count(*) FROM assignments")" 3 "none of these changed anything"

# ---- records --overdue / --due-within / --group ------------------------

# On 2026-03-01: basics is due 10 days after a teacher's first day, on the
# first day for support staff; short 30 days after anyone's.
#   T1 (from 2026-02-01): basics 2026-02-11 (overdue), short 2026-03-03
#   T2 (from 2026-02-25): basics 2026-03-07, short 2026-03-27
#   S1 (from 2026-01-01): basics 2026-01-01 (overdue), short 2026-01-31
#     (overdue)
#   L1 has left: never due.
run records --overdue
is "$rc" 0 "records --overdue"
is "$(printf '%s\n' "$out" | sed 's/  */ /g')" "REF NAME MODULE DUE WHY
S1 Sam Support example/basics 2026-01-01 never taken
S1 Sam Support example/short 2026-01-31 never taken
T1 Tess Teacher example/basics 2026-02-11 never taken
3 overdue on 2026-03-01." "lists who is overdue, due date and why"
run records --due-within 7
# cols: REF, MODULE and DUE of each row.
cols() {
	printf '%s\n' "$out" | sed '1d;$d;s/  \+/\t/g' | cut -f1,3,4 | tr '\t' ' '
}
is "$(cols)" "S1 example/basics 2026-01-01
S1 example/short 2026-01-31
T1 example/basics 2026-02-11
T1 example/short 2026-03-03
T2 example/basics 2026-03-07" "--due-within 7: due by a week today, overdue included"
is "$(tail -n 1 "$TMP/out")" "5 due by 2026-03-08 (3 overdue)." "counted, with the overdue among them"
run records --due-within 7 --group teaching
is "$(cols)" "T1 example/basics 2026-02-11
T1 example/short 2026-03-03
T2 example/basics 2026-03-07" "--group: only the group's members"
is "$(tail -n 1 "$TMP/out")" "3 due by 2026-03-08 (1 overdue)." "counted"
run records --overdue --group "Support staff"
is "$(tail -n 1 "$TMP/out")" "2 overdue on 2026-03-01." "--overdue --group"
run records --due-within 3650
unlike "$out" "L1" "a leaver is never listed"
is "$(tail -n 1 "$TMP/out")" "6 due by 2036-02-27 (3 overdue)." "everyone else is"
run records --due-within 30 --learner T2 --pack example
is "$(tail -n 1 "$TMP/out")" "2 due by 2026-03-31 (0 overdue)." "--learner and --pack still filter"
run records --overdue --learner T2
is "$out" "Nobody is overdue on 2026-03-01." "and say when nobody is"
run records --due-within 0 --group Teaching --learner T2
is "$out" "Nobody is due by 2026-03-01." "or nobody is due"

run records --overdue --group Teachng
is "$rc" 1 "an unknown group exits 1"
like "$err" "there is no group 'Teachng' (did you mean 'Teaching'?)" "with a suggestion"
run records --overdue --due-within 5
is "$rc" 2 "--overdue and --due-within together are a usage error"
for days in 3651 -1 soon ""; do
	run records --due-within "$days"
	is "$rc" 2 "--due-within '$days' is a usage error"
done
run records --group Teaching
is "$rc" 2 "--group alone is a usage error"
like "$err" "--group goes with --overdue or --due-within" "that says so"
run records --due-within 5 --since 2026-01-01
is "$rc" 2 "--since does not go with --due-within"

# ---- unassign ------------------------------------------------------------

run unassign example/basics --group teaching
is "$rc" 0 "unassign from a group"
is "$out" "unassigned example/basics from the group 'Teaching'" "says so"
is "$(audit 'module unassigned')" "command line|example/basics for Teaching" "in the audit log"
run unassign example/basics --group Teaching
is "$rc" 1 "an assignment that is not there exits 1"
like "$err" "example/basics is not assigned to the group 'Teaching'; vigil assign --list shows what is" \
	"and says so"
run unassign example/basics --group Teachng
is "$rc" 1 "an unknown group exits 1"
like "$err" "did you mean 'Teaching'?" "with a suggestion"
run unassign example/basics
is "$rc" 2 "unassign needs --group or --everyone"
run unassign example/basics --everyone --within 3
is "$rc" 2 "and takes no --within"
VIGIL_PACKS="$TMP/nopacks" "$VIGIL" unassign example/short --everyone >"$TMP/out" 2>/dev/null
is $? 0 "a module whose pack is not installed can be unassigned"
run unassign example/basics --group "support staff"
is "$rc" 0 "the last assignment"
like "$out" "Nothing is assigned now, so every installed module is assigned to everyone" \
	"says that everything is assigned to everyone again"
is "$(audit 'module unassigned' | wc -l)" 3 "every removal is in the audit log"
run records --overdue
is "$(tail -n 1 "$TMP/out")" "2 overdue on 2026-03-01." \
	"then everything is due 30 days from the first day: only S1 is overdue"

done_testing
