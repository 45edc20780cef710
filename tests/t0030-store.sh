#!/bin/bash
# The records database: learner and attempt ids are never used twice, even
# after `learner forget` (a printed certificate names its attempt), on a new
# database and on one made before (schema 2, migrated in place with every
# row kept); and a command that only reads never creates a database.
. "$SRCDIR/tests/lib.sh"

export VIGIL_PACKS="$SRCDIR/tests/packs"

# take_right OUT MODULE REF NAME: takes a module of the example pack with
# the right answers, the transcript in OUT.
take_right() {
	local out=$1 module=$2 ref=$3 name=$4 answers
	if [ "$module" = basics ]; then
		answers=("${BASICS_RIGHT[@]}")
	else
		answers=("${SHORT_RIGHT[@]}")
	fi
	drive_texts "$out" "${answers[@]}" -- take example "$module" \
		--learner "$ref" --name "$name"
}

# attempt_of FILE: the attempt number a take transcript names.
attempt_of() {
	sed -n 's/^Attempt \([0-9][0-9]*\) .*/\1/p' "$1" | head -n 1
}

# code_of FILE: the certificate code a take transcript prints.
code_of() {
	sed -n 's/^Certificate: \([0-9A-Z-]*\)$/\1/p' "$1" | tail -n 1
}

# rows DB: every row of the records, in a fixed order, to compare.
rows() {
	sql "$1" "SELECT 'l', id, ref, name, email, role, added FROM learners ORDER BY id" &&
	sql "$1" "SELECT 'a', * FROM attempts ORDER BY id" &&
	sql "$1" "SELECT 'n', attempt_id, seq, step, input, points, at FROM answers ORDER BY attempt_id, seq" &&
	sql "$1" "SELECT 'c', * FROM certificates ORDER BY code" &&
	sql "$1" "SELECT 's', * FROM signin_tokens ORDER BY token_hash" &&
	sql "$1" "SELECT 'w', * FROM web_sessions ORDER BY token_hash" &&
	sql "$1" "SELECT 'm', key, hex(value) FROM meta ORDER BY key"
}

# ---- a new database --------------------------------------------------------

take_right "$TMP/a1" basics T1 "Ann One"
take_right "$TMP/a2" short T2 "Bob Two"
a2=$(attempt_of "$TMP/a2")
code2=$(code_of "$TMP/a2")
l2=$(sql "$VIGIL_DB" "SELECT id FROM learners WHERE ref = 'T2'")
is "$(attempt_of "$TMP/a1"):$a2" "1:2" "two attempts, numbered 1 and 2"
"$VIGIL" learner forget T2 >/dev/null
ok $? "the learner of the newest attempt is forgotten"
take_right "$TMP/a3" short T3 "Cat Three"
a3=$(attempt_of "$TMP/a3")
is "$a3" 3 "the next attempt takes a new number, not the erased one's ($a2)"
l3=$(sql "$VIGIL_DB" "SELECT id FROM learners WHERE ref = 'T3'")
[ "$l3" -gt "$l2" ]
ok $? "and the next learner a new id ($l3 after $l2)"
out=$("$VIGIL" verify "$code2" 2>&1)
is $? 1 "the erased attempt's certificate no longer verifies"
unlike "$out" "Cat Three" "and never names the learner who came after"
"$VIGIL" certificate "$a2" --out "$TMP/c.html" >/dev/null 2>&1
is $? 1 "its attempt number names nothing now"
# Erasing every learner keeps the numbers going.
"$VIGIL" learner forget T1 >/dev/null && "$VIGIL" learner forget T3 >/dev/null
take_right "$TMP/a4" short T4 "Dee Four"
is "$(attempt_of "$TMP/a4")" 4 "with every learner erased, the next attempt is 4"
is "$(sql "$VIGIL_DB" "PRAGMA integrity_check")" ok "the database is sound"

# ---- a database of schema 2 ------------------------------------------------

# Made by vigil before this change (its .dump): learners 1, 2, 4, 5,
# attempts 1, 3 (passed, certified) and 4 (in progress); 2 was erased.
old="$TMP/old.db"
python3 - "$old" "$SRCDIR/tests/records-schema2.sql" <<'PY'
import sqlite3, sys
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.executescript(open(sys.argv[2]).read())
con.close()
PY
is "$(sql "$old" "PRAGMA user_version")" 2 "a schema 2 database"
rows "$old" >"$TMP/rows.before"
out=$("$VIGIL" --db "$old" records 2>&1)
is $? 0 "is read by vigil records"
like "$out" "Cat Three" "showing its records"
is "$(sql "$old" "PRAGMA user_version")" 6 "and migrated to schema 6"
rows "$old" >"$TMP/rows.after"
cmp -s "$TMP/rows.before" "$TMP/rows.after"
ok $? "keeping every row and id of every table ($(wc -l <"$TMP/rows.after") rows)"
diff "$TMP/rows.before" "$TMP/rows.after" | head -5 | sed 's/^/# /'
is "$(sql "$old" "PRAGMA integrity_check")" ok "integrity_check is ok"
is "$(sql "$old" "PRAGMA foreign_key_check")" "" "no row refers to one that is gone"
is "$(sql "$old" "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('learners', 'attempts') AND sql LIKE '%AUTOINCREMENT%'")" 2 \
	"learners and attempts are AUTOINCREMENT"
is "$(sql "$old" "SELECT name, seq FROM sqlite_sequence ORDER BY name")" \
	"$(printf 'attempts|4\nlearners|5')" "their sequences start at the highest id kept"
is "$(sql "$old" "SELECT group_concat(name) FROM (SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'attempts_by_%' ORDER BY name)")" \
	"attempts_by_learner,attempts_by_start" "the attempts' indexes are there"
is "$(sql "$old" "SELECT count(*) FROM sqlite_master WHERE name LIKE 'new_%'")" 0 \
	"and nothing of the rebuild is left"
out=$("$VIGIL" --db "$old" verify TEE3-PAKF-Y2YF 2>&1)
is $? 0 "a certificate issued before still verifies"
like "$out" "Ann One" "naming its learner"
# The learner of the newest attempt (4) is erased; the next is 5.
"$VIGIL" --db "$old" learner forget T4 >/dev/null
VIGIL_DB="$old" take_right "$TMP/o1" short T9 "Eve Nine"
is "$(attempt_of "$TMP/o1")" 5 "after forget, a new attempt gets a number never used (5)"
is "$(sql "$old" "SELECT id FROM learners WHERE ref = 'T9'")" 6 \
	"and a new learner an id never used (6)"
out=$("$VIGIL" --db "$old" learner show T1 2>&1)
is $? 0 "the migrated records read as before"
is "$(sql "$old" "PRAGMA integrity_check")" ok "integrity_check is still ok"
# A migration that fails leaves the database as it was.
python3 - "$TMP/bad.db" "$SRCDIR/tests/records-schema2.sql" <<'PY'
import sqlite3, sys
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.executescript(open(sys.argv[2]).read())
# An answer whose attempt is gone: the rebuild's foreign key check fails.
con.execute("INSERT INTO answers VALUES (77, 0, 'x', '', 0, '2026-01-01T00:00:00Z')")
con.close()
PY
rows "$TMP/bad.db" >"$TMP/bad.before"
out=$("$VIGIL" --db "$TMP/bad.db" records 2>&1)
is $? 1 "a database whose rows do not hold together is refused"
like "$out" "refers to a missing row" "saying why"
rows "$TMP/bad.db" >"$TMP/bad.after"
cmp -s "$TMP/bad.before" "$TMP/bad.after" &&
	[ "$(sql "$TMP/bad.db" "PRAGMA user_version")" = 2 ]
ok $? "and left at schema 2, every row as it was"

# ---- commands that only read never create a database ----------------------

missing="$TMP/no/such/folder/vigil.db"
check_missing() {
	local what=$1 out status
	shift
	rm -rf "$TMP/no"
	out=$("$@" 2>&1)
	status=$?
	is "$status" 1 "$what: a missing database is an error"
	like "$out" "no records database at '$missing'" "$what: naming the path"
	[ ! -e "$missing" ] && [ ! -e "$TMP/no" ]
	ok $? "$what: creates no file or folder"
}
check_missing "records" "$VIGIL" --db "$missing" records
check_missing "records --overdue" "$VIGIL" --db "$missing" records --overdue
check_missing "export csv" "$VIGIL" --db "$missing" export --format csv
check_missing "export json --out" "$VIGIL" --db "$missing" export --format json \
	--out "$TMP/e.json"
[ ! -e "$TMP/e.json" ]
ok $? "export --out writes no file"
check_missing "export xapi" "$VIGIL" --db "$missing" export --format xapi
check_missing "learner list" "$VIGIL" --db "$missing" learner list
check_missing "learner show" "$VIGIL" --db "$missing" learner show T1
check_missing "learner forget" "$VIGIL" --db "$missing" learner forget T1
check_missing "learner link" "$VIGIL" --db "$missing" learner link T1
check_missing "certificate" "$VIGIL" --db "$missing" certificate 1
check_missing "verify" "$VIGIL" --db "$missing" verify TEE3-PAKF-Y2YF
check_missing "\$VIGIL_DB" env VIGIL_DB="$missing" "$VIGIL" learner list

# Commands that write still create the database and its folder (SPEC §1).
"$VIGIL" --db "$TMP/new1/a/v.db" learner add N1 --name "New One" >/dev/null
ok $? "learner add on a new path succeeds"
[ -f "$TMP/new1/a/v.db" ]
ok $? "creating the database and its folder"
printf 'ref,name\nN2,New Two\n' >"$TMP/r.csv"
"$VIGIL" --db "$TMP/new2/v.db" learner import "$TMP/r.csv" >/dev/null &&
	[ -f "$TMP/new2/v.db" ]
ok $? "so does learner import"
printf 'a long enough password\n' |
	"$VIGIL" --db "$TMP/new3/v.db" admin password >/dev/null &&
	[ -f "$TMP/new3/v.db" ]
ok $? "and admin password"

done_testing
