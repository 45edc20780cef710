#!/usr/bin/env python3
"""take-kill.py - kill `vigil take` with SIGKILL at random moments, resume it,
and check that nothing acknowledged was lost.

Usage: take-kill.py VIGIL PACKS DB RUNS SEED

For each run a new learner takes the example pack's `basics` module with one
of three answer scripts (right, wrong, going back after a blaming choice).
The take is killed one to three times, each time either at once after a line
is sent (mid-write) or just after the answer was acknowledged (the next
prompt appeared), and then resumed until it ends.  After every kill the
database is checked with Python's own sqlite3 module: integrity_check is ok,
every acknowledged answer is stored, nothing unsent is.  At the end the
result must equal an uninterrupted take of the same script.

Prints TAP-style "# " notes and one line "kills=N failures=M"; exits 1 on any
failure.  The driver reads the player's plain-text protocol (SPEC §1).
"""
import os
import random
import re
import select
import signal
import sqlite3
import subprocess
import sys
import time

SCRIPTS = {
    "right": [
        "Say you can't promise that, but that you will listen and help",
        "Tell the DSL straight away",
        "Stay calm and let them speak in their own words | Tell them they were right to tell you",
        "False",
        "Listen, and let the pupil finish | Explain what will happen next and who you will tell | Tell the DSL straight away",
        "I can't keep this a secret, but I will listen and I will help.",
    ],
    "wrong": [
        "Ask Jordan why they didn't tell anyone sooner",
        "Go back and try again",
        "Say you can't promise that, but that you will listen and help",
        "Ask Jordan's friends whether it is true",
        "Promise to keep it between the two of you",
        "True",
        "Tell the DSL straight away | Listen, and let the pupil finish | Explain what will happen next and who you will tell",
        "Something",
    ],
}
SCRIPTS["back"] = SCRIPTS["wrong"][:2] + SCRIPTS["right"]

PAGE = "[Press Enter to continue, or q to stop]"
FEEDBACK = "[Press Enter to continue]"
HEADER = re.compile(r"^== .*: (\d+)% done ==$")
OPTION = re.compile(r"^(\d+)\. (.*)$")


class Take:
    """One running `vigil take`, read line by line without blocking."""

    def __init__(self, vigil, packs, db, ref, name):
        env = dict(os.environ, VIGIL_DB=db)
        self.p = subprocess.Popen(
            [vigil, "--packs", packs, "take", "example", "basics",
             "--learner", ref, "--name", name],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, env=env)
        self.buf = b""
        self.lines = []

    def next_line(self, timeout=20.0):
        """The next line of output, or None at its end."""
        deadline = time.monotonic() + timeout
        while b"\n" not in self.buf:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no output from vigil take")
            r, _, _ = select.select([self.p.stdout], [], [], left)
            if not r:
                continue
            chunk = os.read(self.p.stdout.fileno(), 65536)
            if not chunk:
                if self.buf:
                    line, self.buf = self.buf, b""
                    return line.decode()
                return None
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        text = line.decode()
        self.lines.append(text)
        return text

    def send(self, line):
        self.p.stdin.write((line + "\n").encode())
        self.p.stdin.flush()

    def kill(self):
        self.p.send_signal(signal.SIGKILL)
        self.p.wait()
        self.close()

    def close(self):
        for f in (self.p.stdin, self.p.stdout, self.p.stderr):
            try:
                f.close()
            except OSError:
                pass


def answer_for(options, wanted):
    """The input line choosing option texts `wanted` ('a | b') by number."""
    texts = [t.strip() for t in wanted.split("|")]
    nums = []
    for t in texts:
        for n, label in options:
            if label == t:
                nums.append(n)
                break
        else:
            raise ValueError("no option %r among %r" % (t, options))
    return " ".join(nums)


def stored(db, ref):
    """(attempt id, status, [(seq, step, input)]) of the learner's newest
    attempt, read with sqlite3 itself; checks integrity on the way."""
    con = sqlite3.connect(db)
    try:
        ok = con.execute("PRAGMA integrity_check").fetchone()[0]
        row = con.execute(
            "SELECT a.id, a.status, a.score, a.max FROM attempts a "
            "JOIN learners l ON l.id = a.learner_id WHERE l.ref = ? "
            "ORDER BY a.id DESC LIMIT 1", (ref,)).fetchone()
        answers = []
        if row:
            answers = con.execute(
                "SELECT seq, step, input FROM answers WHERE attempt_id = ? "
                "ORDER BY seq", (row[0],)).fetchall()
        return ok, row, answers
    finally:
        con.close()


def drive(take, script, consumed, stop_after=None, wait_ack=True):
    """Answers prompts from script[consumed:] until the end, or until
    stop_after lines were sent (then waits for the acknowledgement if
    wait_ack).  Returns (result line or None, answers sent, answers
    acknowledged, script entries used)."""
    options = []
    sent = acked = 0
    pending = False       # an answer was sent and not yet acknowledged
    lines_sent = 0
    while True:
        line = take.next_line()
        if line is None:
            return None, sent, acked, consumed
        if line.startswith("Result: "):
            if pending:
                acked += 1
            return line, sent, acked, consumed
        m = HEADER.match(line)
        if m:
            options = []
            continue
        m = OPTION.match(line)
        if m:
            options.append((m.group(1), m.group(2)))
            continue
        if not (line.startswith("[") and line.endswith("]")):
            continue
        # A prompt: whatever was sent before it has been acknowledged.
        if pending:
            acked += 1
            pending = False
        if stop_after is not None and lines_sent >= stop_after:
            return None, sent, acked, consumed
        if line == FEEDBACK:
            reply, is_answer = "", False
        elif line == PAGE:
            reply, is_answer = "", True
        elif line.startswith("[Type your answer"):
            reply, is_answer = script[consumed], True
            consumed += 1
        else:
            reply, is_answer = answer_for(options, script[consumed]), True
            consumed += 1
        take.send(reply)
        lines_sent += 1
        if is_answer:
            sent += 1
            pending = True
        if stop_after is not None and lines_sent >= stop_after and \
                not wait_ack:
            return None, sent, acked, consumed


def main():
    vigil, packs, db, runs, seed = sys.argv[1:6]
    rng = random.Random(int(seed))
    failures = kills = 0

    def fail(msg):
        nonlocal failures
        failures += 1
        print("# FAIL: " + msg)

    expected = {}
    for name, script in SCRIPTS.items():
        t = Take(vigil, packs, db, "whole-" + name, "Whole " + name)
        result, _, _, _ = drive(t, script, 0)
        t.p.wait()
        t.close()
        ok, row, _ = stored(db, "whole-" + name)
        expected[name] = (result, row[1:])
        print("# uninterrupted %s: %s" % (name, result))

    for run in range(int(runs)):
        name = rng.choice(sorted(SCRIPTS))
        script = SCRIPTS[name]
        ref = "kill-%d" % run
        nkills = rng.randint(1, 3)
        result = None
        while result is None:
            ok, row, answers = stored(db, ref)
            base = len(answers)
            consumed = sum(1 for a in answers if a[2] != "")
            t = Take(vigil, packs, db, ref, "Kill %d" % run)
            if nkills > 0:
                nkills -= 1
                stop = rng.randint(1, 8)
                wait = rng.random() < 0.5
                result, sent, acked, _ = drive(t, script, consumed, stop,
                                               wait)
                if result is not None:
                    t.p.wait()
                    t.close()
                    break
                if not wait:
                    time.sleep(rng.random() * 0.003)
                t.kill()
                kills += 1
                ok, row, answers = stored(db, ref)
                if ok != "ok":
                    fail("run %d: integrity_check says %r" % (run, ok))
                n = len(answers)
                if n < base + acked:
                    fail("run %d: %d answers acknowledged, %d stored" %
                         (run, base + acked, n))
                if n > base + sent:
                    fail("run %d: %d answers stored, only %d sent" %
                         (run, n, base + sent))
                if [a[0] for a in answers] != list(range(n)):
                    fail("run %d: answer numbers are not 0..%d" % (run, n - 1))
                if row and row[1] != "in progress":
                    # Killed after the result was committed, before it
                    # was shown: the attempt is finished all the same.
                    result = expected[name][0]
                    break
            else:
                result, _, _, _ = drive(t, script, consumed)
                t.p.wait()
                t.close()
                if result is None:
                    fail("run %d: take ended without a result: %r" %
                         (run, t.lines[-5:]))
                    break
        ok, row, answers = stored(db, ref)
        if result != expected[name][0]:
            fail("run %d (%s): got %r, uninterrupted %r" %
                 (run, name, result, expected[name][0]))
        if not row or row[1:] != expected[name][1]:
            fail("run %d (%s): recorded %r, uninterrupted %r" %
                 (run, name, row and row[1:], expected[name][1]))
        if ok != "ok":
            fail("run %d: integrity_check at the end says %r" % (run, ok))
        if not row or row[1] not in ("passed", "not passed"):
            fail("run %d: the attempt is not finished: %r" % (run, row))
    print("kills=%d failures=%d" % (kills, failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
