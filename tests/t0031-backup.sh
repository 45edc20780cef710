#!/bin/bash
# `vigil backup FILE` (SPEC §4): a consistent copy of the records, one
# standalone database that vigil reads as it reads the original, written
# under FILE's name only once whole; never over the database itself.  The
# copy taken while the server takes answers is checked in t0025.
. "$SRCDIR/tests/lib.sh"

export VIGIL_PACKS="$SRCDIR/tests/packs"

# rows DB: every row of the records, in a fixed order, to compare.
rows() {
	sql "$1" "SELECT 'l', * FROM learners ORDER BY id" &&
	sql "$1" "SELECT 'a', * FROM attempts ORDER BY id" &&
	sql "$1" "SELECT 'n', * FROM answers ORDER BY attempt_id, seq" &&
	sql "$1" "SELECT 'c', * FROM certificates ORDER BY code" &&
	sql "$1" "SELECT 'm', key, hex(value) FROM meta ORDER BY key"
}

out=$("$VIGIL" --db "$TMP/none.db" backup "$TMP/b0.db" 2>&1)
is $? 1 "backing up a database that is not there fails"
like "$out" "no records database at '$TMP/none.db'" "naming it"
[ ! -e "$TMP/b0.db" ] && [ ! -e "$TMP/none.db" ]
ok $? "creating neither file"

drive_texts "$TMP/t1" "${BASICS_RIGHT[@]}" -- take example basics \
	--learner T1 --name "Ann One" >/dev/null
drive_texts "$TMP/t2" "${SHORT_RIGHT[@]}" -- take example short \
	--learner T2 --name "Bob Two" >/dev/null
printf '1\nq\n' | "$VIGIL" take example basics --learner T3 --name "Cat Three" \
	>/dev/null 2>&1
"$VIGIL" learner add T4 --name "Dee Four" >/dev/null
answers=$(sql "$VIGIL_DB" "SELECT count(*) FROM answers")

mkdir "$TMP/keep"
out=$("$VIGIL" backup "$TMP/keep/b1.db" 2>&1)
is $? 0 "vigil backup FILE succeeds"
is "$out" "backed up 3 attempts of 4 learners ($answers answers) to $TMP/keep/b1.db" \
	"saying what it wrote"
is "$(ls "$TMP/keep")" "b1.db" "one file, nothing beside it (no log, no temporary file)"
is "$(stat -c %a "$TMP/keep/b1.db")" 600 "readable by its owner only"
is "$([ -s "$TMP/keep/b1.db" ] && sql "$TMP/keep/b1.db" "PRAGMA journal_mode")" delete \
	"a standalone file, not in WAL mode"
is "$([ -s "$TMP/keep/b1.db" ] && sql "$TMP/keep/b1.db" "PRAGMA integrity_check")" ok \
	"integrity_check is ok"
rows "$VIGIL_DB" >"$TMP/rows.db"
rows "$TMP/keep/b1.db" >"$TMP/rows.b1"
cmp -s "$TMP/rows.db" "$TMP/rows.b1"
ok $? "holding every row of the records ($(wc -l <"$TMP/rows.b1"))"
"$VIGIL" records >"$TMP/rec.db" 2>&1
"$VIGIL" --db "$TMP/keep/b1.db" records >"$TMP/rec.b1" 2>&1
ok $? "vigil --db FILE records reads the backup"
cmp -s "$TMP/rec.db" "$TMP/rec.b1"
ok $? "and shows the same records"
code=$(sed -n 's/^Certificate: \([0-9A-Z-]*\)$/\1/p' "$TMP/t1")
"$VIGIL" --db "$TMP/keep/b1.db" verify "$code" >/dev/null
ok $? "its certificates verify (the secret is copied)"

# A backup of the backup, and replacing an older backup.
"$VIGIL" --db "$TMP/keep/b1.db" backup "$TMP/keep/b2.db" >/dev/null
ok $? "a backup can itself be backed up"
"$VIGIL" learner add T5 --name "Eve Five" >/dev/null
"$VIGIL" backup "$TMP/keep/b2.db" >"$TMP/out" 2>&1
like "$(cat "$TMP/out")" "of 5 learners" "a backup replaces an older one of the same name"
is "$(sql "$TMP/keep/b2.db" "SELECT name FROM learners WHERE ref = 'T5'")" \
	"Eve Five" "with the newer records"

# Never over the records themselves, by any name.
cp "$VIGIL_DB" "$TMP/db.before"
for target in "$VIGIL_DB" "$TMP/./vigil.db" "$TMP/keep/../vigil.db" \
	"$VIGIL_DB-wal" "$VIGIL_DB-shm" "$VIGIL_DB-journal"; do
	out=$("$VIGIL" backup "$target" 2>&1)
	is "$?" 1 "backup to '${target#"$TMP"/}' is refused"
	like "$out" "is the records database itself" "saying why"
done
ln -s "$VIGIL_DB" "$TMP/link.db"
"$VIGIL" backup "$TMP/link.db" >/dev/null 2>&1
is $? 1 "and through a symbolic link"
cmp -s "$VIGIL_DB" "$TMP/db.before"
ok $? "the database is left as it was"
is "$(sql "$VIGIL_DB" "PRAGMA integrity_check")" ok "and sound"

# Failures: nothing under FILE's name, nothing left behind.
: >"$TMP/afile"
out=$("$VIGIL" backup "$TMP/afile/b.db" 2>&1)
is $? 1 "a backup into a folder that cannot hold it fails"
like "$out" "$TMP/afile/b.db" "naming the file"
mkdir "$TMP/adir"
out=$("$VIGIL" backup "$TMP/adir" 2>&1)
is $? 1 "a backup over a folder fails"
is "$(ls -A "$TMP/adir"):$(ls "$TMP" | grep -c 'tmp-')" ":0" \
	"leaving the folder empty and no temporary file"
# A disk that fills part way (a file size limit of 64 KiB; the records are
# larger): the copy is given up, and nothing is left under any name.
mkdir "$TMP/full"
cp "$TMP/keep/b1.db" "$TMP/full/old.db"
out=$(trap '' XFSZ; ulimit -f 64; "$VIGIL" backup "$TMP/full/old.db" 2>&1)
is $? 1 "a backup cut short by a full disk fails"
like "$out" "cannot back up '$VIGIL_DB' to '$TMP/full/old.db'" "saying what and where"
cmp -s "$TMP/keep/b1.db" "$TMP/full/old.db" && [ "$(ls -A "$TMP/full")" = old.db ]
ok $? "the older backup of that name is left as it was, and nothing beside it"
out=$("$VIGIL" backup 2>&1)
is $? 2 "backup without FILE is a usage error"
"$VIGIL" backup "$TMP/x.db" "$TMP/y.db" >/dev/null 2>&1
is $? 2 "and so is backup with two"

# While another process holds a write transaction open: the backup does
# not wait for it, and holds what was committed, not what was not.
python3 - "$VIGIL_DB" "$TMP/writing" "$TMP/go" <<'PY' &
import os, sqlite3, sys, time
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("BEGIN IMMEDIATE")
con.execute("INSERT INTO learners (ref, name, added) VALUES "
            "('UNCOMMITTED', 'Not Yet', '2026-01-01T00:00:00Z')")
open(sys.argv[2], "w").close()
for _ in range(600):
    if os.path.exists(sys.argv[3]):
        break
    time.sleep(0.05)
con.execute("COMMIT")
PY
writer=$!
for i in $(seq 200); do [ -e "$TMP/writing" ] && break; sleep 0.05; done
t0=$(now_ms)
out=$("$VIGIL" backup "$TMP/keep/b3.db" 2>&1)
status=$?
t1=$(now_ms)
: >"$TMP/go"
wait "$writer"
is "$status" 0 "a backup while a write is under way succeeds"
[ $((t1 - t0)) -lt 4000 ]
ok $? "without waiting for the writer ($((t1 - t0)) ms)"
is "$(sql "$TMP/keep/b3.db" "SELECT count(*) FROM learners WHERE ref = 'UNCOMMITTED'"):$(sql "$TMP/keep/b3.db" "SELECT count(*) FROM learners")" \
	"0:5" "holding the committed records, not the uncommitted one"
is "$(sql "$VIGIL_DB" "SELECT count(*) FROM learners WHERE ref = 'UNCOMMITTED'")" 1 \
	"which the writer then committed"

# Restoring, as doc/records.md says: the server stopped, the backup copied
# over the database, its old -wal and -shm removed.
cp "$TMP/keep/b1.db" "$VIGIL_DB"
rm -f "$VIGIL_DB-wal" "$VIGIL_DB-shm"
"$VIGIL" records >"$TMP/rec.restored" 2>&1
cmp -s "$TMP/rec.b1" "$TMP/rec.restored"
ok $? "a restored backup reads as the records did"
is "$(sql "$VIGIL_DB" "SELECT count(*) FROM learners")" 4 "as they were when it was taken"

done_testing
