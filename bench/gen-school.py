#!/usr/bin/env python3
"""gen-school.py VIGIL DB PACKS SRCDIR [STAFF ATTEMPTS]: a school's records
for the benchmark of the DSL's pages (bench/run.py, step 6).

Makes, in the new database DB, with the packs under the new folder PACKS:
STAFF staff (2,000) in 5 groups, a twentieth of them leavers, imported with
`vigil learner import`; 6 assigned modules; ATTEMPTS attempts (20,000)
over three years, most in the last: passes (some since expired), fails, attempts in
progress and a few abandoned, each with its answers.

The packs are online-blackmail (4 modules, 3 of them used here), the
tests' example pack (2) and a copy of it under another id (2; one
assigned).  Each attempt row is
what store_attempt_begin and store_attempt_finish write: the pack's
title, version, content hash and language, and the module's title, are
copied from an attempt that `vigil take` itself began, so that they are
the real ones.  Certificate codes have the real form but are random: they
do not verify (nothing here needs them to).

Where this build of vigil has no `groups` and `start` columns in its
import, or no `vigil assign`, those are written with SQL into the same
tables."""
import datetime
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import uuid

GROUPS = ["Teaching staff", "Support staff", "Leadership", "Governors",
          "Volunteers"]
# (pack, module, group or None for everyone, within days)
ASSIGN = [
    ("online-blackmail", "spotting-the-signs", None, 30),
    ("online-blackmail", "responding-without-blame", "Teaching staff", 60),
    ("online-blackmail", "reporting", "Leadership", 30),
    ("online-blackmail", "reporting", "Support staff", 90),
    ("example", "basics", None, 30),
    ("example", "short", "Teaching staff", 14),
    ("example-refresher", "basics", "Governors", 90),
    ("example-refresher", "basics", "Volunteers", 60),
]
FIRST = ["Alex", "Sam", "Jo", "Priya", "Tom", "Aisha", "Chris", "Megan",
         "Olu", "Kate", "Dev", "Rosa", "Liam", "Nia", "Ben", "Zara", "Ed",
         "Hana", "Ian", "Lucy"]
LAST = ["Smith", "Jones", "Patel", "Williams", "Brown", "Taylor", "Khan",
        "Davies", "Evans", "Wilson", "Thomas", "Roberts", "Ahmed", "Walker",
        "Wright", "Green", "Hall", "Wood", "Clarke", "Hughes"]
ROLES = {"Teaching staff": "Teacher", "Support staff": "Teaching assistant",
         "Leadership": "Head of year", "Governors": "Governor",
         "Volunteers": "Volunteer"}
CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def run(cmd, env, stdin=None, check=True):
    r = subprocess.run(cmd, input=stdin, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True, env=env)
    if check and r.returncode != 0:
        sys.exit("gen-school: failed (%d): %s\n%s" % (
            r.returncode, " ".join(cmd), r.stderr))
    return r


def make_packs(srcdir, packs):
    """The three packs, the third a copy of example under another id."""
    shutil.rmtree(packs, ignore_errors=True)
    os.makedirs(packs)
    shutil.copytree(os.path.join(srcdir, "packs", "online-blackmail"),
                    os.path.join(packs, "online-blackmail"))
    ex = os.path.join(srcdir, "tests", "packs", "example")
    shutil.copytree(ex, os.path.join(packs, "example"))
    copy = os.path.join(packs, "example-refresher")
    shutil.copytree(ex, copy)
    path = os.path.join(copy, "pack.lua")
    with open(path) as f:
        text = f.read()
    if 'id = "example"' not in text:
        sys.exit("gen-school: the example pack's id is not where expected")
    with open(path, "w") as f:
        f.write(text.replace('id = "example"', 'id = "example-refresher"',
                             1))


def people(n, today, rng):
    """The staff: (ref, name, email, role, groups, start, left)."""
    out = []
    for i in range(1, n + 1):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        r = rng.random()
        group = ("Teaching staff" if r < 0.45 else "Support staff" if r < 0.8
                 else "Volunteers" if r < 0.9 else "Governors")
        groups = [group]
        if group == "Teaching staff" and rng.random() < 0.1:
            groups.append("Leadership")
        # Most started years ago; a few start in the coming weeks.
        days = int(rng.triangular(-30, 3650, 900))
        start = (today - datetime.timedelta(days=days)).isoformat()
        left = None
        if rng.random() < 0.05 and days > 60:
            left = (today - datetime.timedelta(
                days=rng.randint(1, min(days - 1, 700)))).isoformat()
        out.append(("T%04d" % i, "%s %s" % (first, last),
                    "%s.%s%d@school.example" % (first.lower(), last.lower(),
                                                i),
                    ROLES[group], groups, start, left))
    return out


def import_roster(vigil, env, work, staff):
    """Imports the staff; with the groups and start columns when this
    build's import takes them.  Returns whether it did."""
    full = os.path.join(work, "roster.csv")
    with open(full, "w") as f:
        f.write("ref,name,email,role,groups,start\n")
        for ref, name, email, role, groups, start, _ in staff:
            f.write("%s,%s,%s,%s,%s,%s\n" % (ref, name, email, role,
                                              ";".join(groups), start))
    if run([vigil, "learner", "import", full], env, check=False).returncode \
            == 0:
        return True
    short = os.path.join(work, "roster-short.csv")
    with open(short, "w") as f:
        f.write("ref,name,email,role\n")
        for ref, name, email, role, _, _, _ in staff:
            f.write("%s,%s,%s,%s\n" % (ref, name, email, role))
    run([vigil, "learner", "import", short], env)
    return False


def templates(vigil, env, con, modules):
    """The attempt row store_attempt_begin wrote for each module, from a
    take that stops at once: {(pack, module): row}."""
    out = {}
    for pack, module in modules:
        run([vigil, "take", pack, module, "--learner", "T0001"], env,
            stdin="", check=False)
        row = con.execute(
            "SELECT pack_title, pack_version, pack_hash, pack_language, "
            "module_title FROM attempts WHERE pack = ? AND module = ? "
            "ORDER BY id DESC LIMIT 1", (pack, module)).fetchone()
        if not row:
            sys.exit("gen-school: vigil take %s %s began no attempt"
                     % (pack, module))
        out[(pack, module)] = row
    con.execute("DELETE FROM answers")
    con.execute("DELETE FROM attempts")
    con.commit()
    return out


def stamp(day, rng):
    return "%sT%02d:%02d:%02dZ" % (day.isoformat(), rng.randint(7, 17),
                                   rng.randint(0, 59), rng.randint(0, 59))


def main():
    if len(sys.argv) not in (5, 7):
        sys.exit("usage: gen-school.py VIGIL DB PACKS SRCDIR [STAFF ATTEMPTS]")
    vigil, db, packs, srcdir = sys.argv[1:5]
    nstaff = int(sys.argv[5]) if len(sys.argv) == 7 else 2000
    nattempts = int(sys.argv[6]) if len(sys.argv) == 7 else 20000
    rng = random.Random(14)
    today = datetime.date.today()
    work = os.path.dirname(os.path.abspath(db))
    for sfx in ("", "-wal", "-shm"):
        if os.path.exists(db + sfx):
            os.unlink(db + sfx)
    make_packs(srcdir, packs)
    env = dict(os.environ, VIGIL_DB=db, VIGIL_PACKS=packs,
               VIGIL_PLUGINS=os.path.join(srcdir, "plugins"))
    env.pop("VIGIL_NOW", None)
    staff = people(nstaff, today, rng)
    full = import_roster(vigil, env, work, staff)
    con = sqlite3.connect(db)
    con.execute("PRAGMA foreign_keys = ON")
    ids = dict(con.execute("SELECT ref, id FROM learners"))
    if not full:
        for g in GROUPS:
            con.execute("INSERT OR IGNORE INTO groups (name, created) "
                        "VALUES (?, ?)", (g, today.isoformat() +
                                          "T00:00:00Z"))
        gid = dict(con.execute("SELECT name, id FROM groups"))
        for ref, _, _, _, groups, start, _ in staff:
            con.execute("UPDATE learners SET start = ? WHERE id = ?",
                        (start, ids[ref]))
            for g in groups:
                con.execute("INSERT INTO learner_groups (learner_id, "
                            "group_id, since) VALUES (?, ?, ?)",
                            (ids[ref], gid[g], start))
    for ref, _, _, _, _, _, left in staff:
        if left:
            con.execute("UPDATE learners SET left_on = ? WHERE id = ?",
                        (left, ids[ref]))
    con.commit()
    for pack, module, group, within in ASSIGN:
        cmd = [vigil, "assign", "%s/%s" % (pack, module), "--within",
               str(within)] + (["--group", group] if group else
                               ["--everyone"])
        if run(cmd, env, check=False).returncode != 0:
            con.execute(
                "INSERT INTO assignments (pack, module, group_id, "
                "within_days, created) VALUES (?, ?, (SELECT id FROM "
                "groups WHERE name = ?), ?, ?)",
                (pack, module, group, within,
                 (today - datetime.timedelta(days=400)).isoformat() +
                 "T09:00:00Z"))
    con.commit()
    modules = [("online-blackmail", "spotting-the-signs"),
               ("online-blackmail", "responding-without-blame"),
               ("online-blackmail", "reporting"),
               ("example", "basics"), ("example", "short"),
               ("example-refresher", "basics"),
               ("example-refresher", "short")]
    tmpl = templates(vigil, env, con, modules)
    # The attempts: each person's modules over three years, passed most
    # often, some passes since expired (a year's validity), some failed,
    # some still in progress, a few abandoned.  Written in the order they
    # began, as a school's are numbered.
    refs = [s[0] for s in staff]
    planned = []
    for n in range(nattempts):
        ref = rng.choice(refs)
        pack, module = rng.choice(modules[:6] if rng.random() < 0.95 else
                                  modules)
        # Most within the last year (a pass lasts one), the rest older.
        day = today - datetime.timedelta(days=rng.randrange(0, 365) if
                                         rng.random() < 0.7 else
                                         rng.randrange(365, 1095))
        planned.append((stamp(day, rng), day, ref, pack, module))
    planned.sort()
    attempts = answers = 0
    for started, day, ref, pack, module in planned:
        title, version, phash, lang, mtitle = tmpl[(pack, module)]
        r = rng.random()
        status = ("passed" if r < 0.72 else "not passed" if r < 0.84 else
                  "in progress" if r < 0.97 else "abandoned")
        ended = expires = None
        score, mx, pct, mark, mins = 0, 0, 0, 0, 0
        if status in ("passed", "not passed"):
            ended = started[:11] + "%02d:59:59Z" % min(
                23, int(started[11:13]) + 1)
            mx, mark, mins = 10, 80, 20
            score = rng.randint(8, 10) if status == "passed" else \
                rng.randint(3, 7)
            pct = score * 10
            if status == "passed":
                expires = (day + datetime.timedelta(days=365)).isoformat()
        cur = con.execute(
            "INSERT INTO attempts (uuid, statement_id, learner_id, pack, "
            "pack_title, pack_version, pack_hash, pack_language, module, "
            "module_title, seed, status, started, ended, score, max, "
            "percent, pass_mark, minutes, expires) VALUES (?, ?, ?, ?, ?, "
            "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (str(uuid.UUID(int=rng.getrandbits(128), version=4)),
             str(uuid.UUID(int=rng.getrandbits(128), version=4)),
             ids[ref], pack, title, version, phash, lang, module, mtitle,
             rng.getrandbits(63), status, started, ended, score, mx, pct,
             mark, mins, expires))
        aid = cur.lastrowid
        steps = 9 if ended else rng.randint(1, 5)
        con.executemany(
            "INSERT INTO answers (attempt_id, seq, step, input, points, at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(aid, s, "step-%d" % (s + 1), "" if s % 3 == 0 else
              str(rng.randint(1, 3)), rng.randint(0, 2), started)
             for s in range(steps)])
        answers += steps
        if status == "passed":
            code = "".join(rng.choice(CROCKFORD) for _ in range(12))
            con.execute("INSERT INTO certificates (code, attempt_id, issued) "
                        "VALUES (?, ?, ?)", ("%s-%s-%s" % (
                            code[:4], code[4:8], code[8:]), aid, ended))
        attempts += 1
    con.commit()
    con.close()
    print("staff %d\nleavers %d\ngroups %d\nassigned %d\nattempts %d\n"
          "answers %d\nroster_import %s" % (
              len(staff), sum(1 for s in staff if s[6]), len(GROUPS),
              len({(p, m) for p, m, _, _ in ASSIGN}), attempts, answers,
              "full" if full else "ref,name,email,role"))


if __name__ == "__main__":
    main()
