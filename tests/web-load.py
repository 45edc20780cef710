#!/usr/bin/env python3
"""web-load.py - simulated learners taking modules through `vigil serve`.

Usage:
  web-load.py run PORT ACKS [--learners N] [--seconds S] [--stop FILE]
                            [--retry] [--finish] [--pack P] [--seed N]
                            [--modules M,M] [--log FILE]
  web-load.py check DB ACKS
  web-load.py check-log DB LOG

run: N learners, each a thread with its own keep-alive connection from its
own loopback address (127.0.1.N, as separate machines would be), sign in
(open sign-up), then take the pack's modules in turn (begin, answer every
step, read the feedback, reach the result) until S seconds have passed
(stopping between two steps) or FILE exists.  With --finish every learner
finishes the module in hand before stopping.  Options are chosen by
their labels in the HTML: a "right" learner picks the example pack's right
answers by their text, a "random" one picks at random (and may go round a
scene's way back).  Every answer the server acknowledged (a 303 to the next
step, its feedback or the result) is written to ACKS as a JSON line, with
the input the server must have stored.  With --log each is also
appended to FILE as a JSON line the moment its response arrives (learner
ref, which of the learner's attempts by the order they were begun, seq,
step, input, time), so that a copy of FILE taken at some moment lists the
answers acknowledged before it; not with --retry, where a begin whose
answer was lost leaves that order unknown.

Without --retry any failure (a refused or dropped connection, an
unexpected status) is an error.  With --retry (the crash test, where the
server is killed) a failed connection is retried every 20 ms and the
learner carries on from whatever the server then shows; only unexpected
statuses are errors.

Prints "# " notes and a line "requests=R completions=C acks=A errors=E
rps=X"; exits 1 if there was any error or a learner could not finish.

check: PRAGMA integrity_check is ok; every acknowledged answer is in the
answers table (the learner's attempt, the same seq, step and input); each
attempt's answers are numbered 0..n-1 with no gap.  Exits 1 otherwise.

check-log: the same for the complete lines of a --log FILE (a backup taken
meanwhile must hold every answer listed before it began).
"""
import html.parser
import http.client
import json
import random
import re
import socket
import sqlite3
import sys
import threading
import time
import urllib.parse

PACK_RIGHT = {
    "Say you can't promise that, but that you will listen and help",
    "Tell the DSL straight away",
    "Stay calm and let them speak in their own words",
    "Tell them they were right to tell you",
    "False",
    "What the pupil said, in their own words",
}
ORDER_RIGHT = [
    "Listen, and let the pupil finish",
    "Explain what will happen next and who you will tell",
    "Tell the DSL straight away",
]
DOWN = (ConnectionError, http.client.HTTPException, socket.timeout, OSError)


class Form(html.parser.HTMLParser):
    """The parts of a page a learner reads: forms, inputs, labels."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.actions = []
        self.hidden = {}
        self.choices = []       # (type, value, id)
        self.selects = []       # names
        self.textarea = None
        self.labels = {}        # for -> text
        self._label = None
        self._text = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.actions.append(a.get("action", ""))
        elif tag == "input":
            t = a.get("type", "text")
            if t == "hidden" and a.get("name") not in self.hidden:
                self.hidden[a.get("name")] = a.get("value", "")
            elif t in ("radio", "checkbox"):
                self.choices.append((t, a.get("value"), a.get("id")))
        elif tag == "select":
            self.selects.append(a.get("name"))
        elif tag == "textarea":
            self.textarea = a.get("name")
        elif tag == "label":
            self._label = a.get("for")
            self._text = []

    def handle_endtag(self, tag):
        if tag == "label" and self._label:
            self.labels[self._label] = " ".join("".join(self._text).split())
            self._label = None

    def handle_data(self, data):
        if self._label:
            self._text.append(data)


class Down(Exception):
    """The server could not be reached, or dropped the connection."""


class Halt(Exception):
    """Time is up: stop between two steps."""


class Unexpected(Exception):
    """The server answered something a learner should never see."""


class Learner:
    def __init__(self, n, port, pack, modules, style, retry, rng, log):
        self.n = n
        self.port = port
        self.pack = pack
        self.modules = modules
        self.style = style
        self.retry = retry
        self.rng = rng
        self.log = log          # called with each acknowledged answer
        self.begun = 0          # attempts begun (the one in hand is the last)
        self.ref = "load-%d" % n
        self.addr = "127.0.1.%d" % (n % 250 + 1)
        self.conn = None
        self.cookies = {}
        self.requests = 0
        self.completions = 0
        self.retries = 0
        self.acks = []          # [attempt id or None, seq, step, input]
        self.pending = []       # acks of the attempt in hand
        self.began = False      # the attempt in hand exists
        self.finished = []      # attempt ids seen to the result

    def request(self, method, path, form=None):
        """One request; returns (status, location path, body)."""
        headers = {}
        body = None
        if self.cookies:
            headers["Cookie"] = "; ".join(
                "%s=%s" % kv for kv in self.cookies.items())
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            if self.conn is None:
                self.conn = http.client.HTTPConnection(
                    "127.0.0.1", self.port, timeout=60,
                    source_address=(self.addr, 0))
            self.conn.request(method, path, body, headers)
            r = self.conn.getresponse()
            text = r.read().decode("utf-8", "replace")
        except DOWN as e:
            if self.conn:
                self.conn.close()
            self.conn = None
            raise Down("%s %s: %s" % (method, path, e or type(e).__name__))
        self.requests += 1
        for c in r.headers.get_all("Set-Cookie") or []:
            name, _, rest = c.partition("=")
            value = rest.split(";")[0]
            if value:
                self.cookies[name] = value
            else:
                self.cookies.pop(name, None)
        loc = r.getheader("Location") or ""
        if loc.startswith("http"):
            loc = urllib.parse.urlsplit(loc).path
        return r.status, loc, text

    def expect(self, got, want, what):
        if got[0] not in want:
            raise Unexpected("%s: status %d %s" % (what, got[0], got[1]))
        return got

    def sign_in(self):
        s = self.expect(self.request("GET", "/"), (200,), "GET /")
        f = Form(s[2])
        if "/signin" not in f.actions:
            return
        s = self.request("POST", "/signin", {
            "csrf": f.hidden.get("csrf", ""), "ref": self.ref,
            "name": "Learner %d" % self.n})
        self.expect(s, (303,), "sign-in")

    def choose(self, f):
        """The form fields answering the step in f, and the stored input."""
        rng = self.rng
        fields = []
        choices = [c for c in f.choices]
        if choices:
            labels = [f.labels.get(c[2], "") for c in choices]
            right = [c[1] for c, l in zip(choices, labels) if l in PACK_RIGHT]
            many = choices[0][0] == "checkbox"
            if self.style == "right" and right:
                picked = right if many else right[:1]
            elif many:
                picked = [c[1] for c in choices if rng.random() < 0.5]
                picked = picked or [choices[0][1]]
            else:
                picked = [rng.choice(choices)[1]]
            fields = [("choice", v) for v in picked]
            line = ",".join(sorted(picked, key=int))
        elif f.selects:
            # Item i (pos-i) is given a position; the input is the items
            # in the order of their positions.
            items = [int(s.split("-")[1]) for s in f.selects]
            labels = {i: f.labels.get("pos-%d" % i, "") for i in items}
            if self.style == "right" and set(labels.values()) == set(
                    ORDER_RIGHT):
                order = sorted(items, key=lambda i: ORDER_RIGHT.index(
                    labels[i]))
            else:
                order = items[:]
                rng.shuffle(order)
            fields = [("pos-%d" % i, str(order.index(i) + 1))
                      for i in items]
            line = ",".join(str(i) for i in order)
        elif f.textarea:
            line = "I would listen, not promise secrecy, and tell the " \
                   "DSL (%d)." % rng.randrange(1000)
            fields = [(f.textarea, line)]
        elif "choice" in f.hidden:
            # A scene with one way on: its button sends that choice.
            line = f.hidden["choice"]
            fields = [("choice", line)]
        else:
            line = ""
        return fields, line

    def last_result(self, module):
        """The id of the module's last result, from the catalogue."""
        s = self.expect(self.request("GET", "/"), (200,), "GET /")
        part = s[2].split('id="m-%s.%s"' % (self.pack, module), 1)[-1]
        part = part.split("<h3", 1)[0]
        # A valid pass keeps its own link beside a retake's: the newest
        # attempt has the highest number.
        ids = [int(i) for i in re.findall(r'href="/attempts/(\d+)"', part)]
        if not ids:
            raise Unexpected("%s: no result after an attempt" % module)
        return max(ids)

    def take(self, module, halt):
        """Takes one module to its result; returns the attempt id."""
        base = "/take/%s/%s" % (self.pack, module)
        while True:
            if halt():
                raise Halt()
            s = self.request("GET", base)
            if s[0] == 303 and s[1] == "/":
                self.sign_in()
                continue
            self.expect(s, (200,), "GET " + base)
            f = Form(s[2])
            csrf = f.hidden.get("csrf", "")
            if base + "/begin" in f.actions:
                if self.began:
                    # The attempt in hand was finished but the result
                    # never reached us (the server was killed): the
                    # catalogue's "Last result" names it.
                    return self.last_result(module)
                s = self.request("POST", base + "/begin", {"csrf": csrf})
                self.expect(s, (303,), "begin")
                self.began = True
                self.begun += 1
                continue
            if base + "/restart" in f.actions:
                raise Unexpected("the attempt became stale")
            if "step" not in f.hidden:
                # Every step answered, the result not yet recorded.
                s = self.request("POST", base, {"csrf": csrf})
                self.expect(s, (303,), "result")
                return int(s[1].rsplit("/", 1)[1])
            self.began = True
            step, seq = f.hidden["step"], int(f.hidden["seq"])
            fields, line = self.choose(f)
            form = [("csrf", csrf), ("step", step), ("seq", str(seq))]
            s = self.request("POST", base, form + fields)
            self.expect(s, (303,), "answer to %s" % step)
            if s[1] not in (base, base + "/feedback") and \
                    not s[1].startswith("/attempts/"):
                raise Unexpected("answer to %s: went to %s" % (step, s[1]))
            self.pending.append([None, seq, step, line])
            self.log({"ref": self.ref, "begun": self.begun, "seq": seq,
                      "step": step, "input": line, "t": time.time()})
            if s[1] == base + "/feedback":
                self.expect(self.request("GET", s[1]), (200,), "feedback")
            elif s[1].startswith("/attempts/"):
                self.expect(self.request("GET", s[1]), (200,), "result")
                return int(s[1].rsplit("/", 1)[1])

    def run(self, done, halt, errors):
        i = self.n
        while True:
            module = self.modules[i % len(self.modules)]
            while True:
                try:
                    aid = self.take(module, halt)
                    break
                except Halt:
                    return
                except Down as e:
                    if not self.retry:
                        errors.append("%s: %s" % (self.ref, e))
                        return
                    self.retries += 1
                    time.sleep(0.02)
                except Unexpected as e:
                    errors.append("%s: %s" % (self.ref, e))
                    return
            self.began = False
            self.finished.append(aid)
            for a in self.pending:
                a[0] = aid
            self.acks += self.pending
            self.pending = []
            self.completions += 1
            i += 1
            if done():
                return


def run(args):
    port, acks_path = int(args[0]), args[1]
    opts = {"--learners": "8", "--seconds": "0", "--stop": "",
            "--pack": "example", "--seed": "1", "--modules": "basics,short"}
    retry = finish = False
    rest = args[2:]
    while rest:
        if rest[0] in ("--retry", "--finish"):
            retry |= rest[0] == "--retry"
            finish |= rest[0] == "--finish"
            rest = rest[1:]
        else:
            opts[rest[0]] = rest[1]
            rest = rest[2:]
    n = int(opts["--learners"])
    seconds = float(opts["--seconds"])
    stop = opts["--stop"]
    start = time.monotonic()

    def done():
        if seconds and time.monotonic() - start >= seconds:
            return True
        if stop:
            try:
                open(stop).close()
                return True
            except OSError:
                return False
        return not seconds

    def halt():
        return not finish and seconds and \
            time.monotonic() - start >= seconds

    rng = random.Random(int(opts["--seed"]))
    modules = opts["--modules"].split(",")
    log_file = open(opts["--log"], "a") if opts.get("--log") else None
    log_lock = threading.Lock()

    def log(entry):
        # One write per line, flushed before the learner goes on.
        if log_file:
            with log_lock:
                log_file.write(json.dumps(entry) + "\n")
                log_file.flush()

    learners = [Learner(i + 1, port, opts["--pack"], modules,
                        "right" if i % 2 else "random", retry,
                        random.Random(rng.random()), log)
                for i in range(n)]
    errors = []
    threads = [threading.Thread(target=l.run, args=(done, halt, errors))
               for l in learners]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - start
    if log_file:
        log_file.close()
    with open(acks_path, "w") as out:
        for l in learners:
            for aid in l.finished:
                out.write(json.dumps({"ref": l.ref, "finished": aid}) + "\n")
            for a in l.acks + l.pending:
                out.write(json.dumps({"ref": l.ref, "attempt": a[0],
                                      "seq": a[1], "step": a[2],
                                      "input": a[3]}) + "\n")
    reqs = sum(l.requests for l in learners)
    comps = sum(l.completions for l in learners)
    acks = sum(len(l.acks) + len(l.pending) for l in learners)
    unfinished = [l.ref for l in learners if finish and l.pending]
    for e in errors[:10]:
        print("# error: %s" % e)
    if unfinished:
        print("# learners who could not finish: %s" % " ".join(unfinished))
    print("# %d learners, %.1f s; %d retries after a dropped connection"
          % (n, elapsed, sum(l.retries for l in learners)))
    print("requests=%d completions=%d acks=%d errors=%d rps=%.0f"
          % (reqs, comps, acks, len(errors), reqs / elapsed))
    return 1 if errors or unfinished else 0


def check(args):
    db, acks_path = args
    con = sqlite3.connect(db)
    bad = 0
    ic = con.execute("PRAGMA integrity_check").fetchall()
    if ic != [("ok",)]:
        print("# integrity_check: %r" % ic[:5])
        bad += 1
    acks = [json.loads(l) for l in open(acks_path)]
    finished = [a for a in acks if "finished" in a]
    acks = [a for a in acks if "finished" not in a]
    for f in finished:
        row = con.execute(
            "SELECT a.status FROM attempts a JOIN learners l ON "
            "l.id = a.learner_id WHERE l.ref = ? AND a.id = ?",
            (f["ref"], f["finished"])).fetchone()
        if not row or row[0] not in ("passed", "not passed"):
            if bad < 10:
                print("# attempt %d of %s not finished: %r"
                      % (f["finished"], f["ref"], row))
            bad += 1
    for a in acks:
        if a["attempt"] is None:
            row = con.execute(
                "SELECT a.id FROM attempts a JOIN learners l ON "
                "l.id = a.learner_id WHERE l.ref = ? AND a.status = "
                "'in progress'", (a["ref"],)).fetchone()
            a["attempt"] = row[0] if row else -1
        row = con.execute(
            "SELECT s.step, s.input FROM answers s JOIN attempts a ON "
            "a.id = s.attempt_id JOIN learners l ON l.id = a.learner_id "
            "WHERE l.ref = ? AND a.id = ? AND s.seq = ?",
            (a["ref"], a["attempt"], a["seq"])).fetchone()
        if row != (a["step"], a["input"]):
            if bad < 10:
                print("# lost: %r, stored %r" % (a, row))
            bad += 1
    gaps = con.execute(
        "SELECT attempt_id, count(*), min(seq), max(seq) FROM answers "
        "GROUP BY attempt_id HAVING min(seq) != 0 OR "
        "max(seq) != count(*) - 1").fetchall()
    for g in gaps[:5]:
        print("# answers not numbered 0..n-1: attempt %d %r" % (g[0], g[1:]))
    bad += len(gaps)
    n = con.execute("SELECT count(*) FROM answers").fetchone()[0]
    print("# %d acknowledged answers checked against %d stored, %d results; "
          "integrity %s" % (len(acks), n, len(finished), ic[0][0]))
    print("lost=%d" % bad)
    return 1 if bad else 0


def check_log(args):
    db, log_path = args
    con = sqlite3.connect("file:%s?mode=ro" % urllib.parse.quote(db),
                          uri=True)
    bad = 0
    ic = con.execute("PRAGMA integrity_check").fetchall()
    if ic != [("ok",)]:
        print("# integrity_check: %r" % ic[:5])
        bad += 1
    with open(log_path) as f:
        text = f.read()
    # A line still being written when the copy was taken is not one yet.
    lines = text.split("\n")[:-1]
    for a in (json.loads(l) for l in lines):
        row = con.execute(
            "SELECT s.step, s.input FROM answers s WHERE s.seq = ? AND "
            "s.attempt_id = (SELECT a.id FROM attempts a JOIN learners l ON "
            "l.id = a.learner_id WHERE l.ref = ? ORDER BY a.id "
            "LIMIT 1 OFFSET ?)", (a["seq"], a["ref"], a["begun"] - 1)
        ).fetchone()
        if row != (a["step"], a["input"]):
            if bad < 10:
                print("# missing: %r, stored %r" % (a, row))
            bad += 1
    n = con.execute("SELECT count(*) FROM answers").fetchone()[0]
    print("# %d answers acknowledged before, checked against %d stored; "
          "integrity %s" % (len(lines), n, ic[0][0]))
    print("missing=%d" % bad)
    return 1 if bad or not lines else 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "run":
        sys.exit(run(sys.argv[2:]))
    if len(sys.argv) == 4 and sys.argv[1] == "check-log":
        sys.exit(check_log(sys.argv[2:]))
    if len(sys.argv) == 4 and sys.argv[1] == "check":
        sys.exit(check(sys.argv[2:]))
    sys.stderr.write(__doc__)
    sys.exit(2)
