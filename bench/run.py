#!/usr/bin/env python3
"""run.py: Vigil's benchmarks, each beside a reference measured in the same
run on the same machine; prints one table and writes doc/performance.md.

Run through `make bench` in a build tree, which builds the programs it
needs and passes their paths.  Inputs are generated under --work."""
import argparse
import concurrent.futures
import datetime
import os
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request

ROWS = []      # (benchmark, vigil, reference, ratio, goal, met)
ADMIN_ROWS = []  # (page, requests, median, worst, goal, met)
NOTES = {}     # facts for the text of doc/performance.md


def say(msg):
    print("bench: " + msg, file=sys.stderr, flush=True)


def run(cmd, **kw):
    """Runs cmd; returns its standard output.  Fails loudly."""
    r = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, **kw)
    if r.returncode != 0:
        sys.exit("bench: failed (%d): %s" % (r.returncode, " ".join(cmd)))
    return r.stdout


def timed(cmd, repeat=3, **kw):
    """The best wall-clock time of repeat runs of cmd, in seconds."""
    best = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=True, **kw)
        t = time.perf_counter() - t0
        best = t if best is None or t < best else best
    return best


def values(text):
    """The "name value" lines a bench program prints, as a dict."""
    out = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 2:
            out[parts[0]] = parts[1]
    return out


def row(name, vigil, ref, ratio, goal, met):
    r = "%.3g×" % ratio if ratio else "—"
    ROWS.append((name, vigil, ref, r, goal, "yes" if met else "no"))
    say("%s: %s vs %s = %s (goal %s)" % (name, vigil, ref, r, goal))


def bench_pack(a, env):
    pack = os.path.join(a.work, "bench")
    run([sys.executable, os.path.join(a.srcdir, "bench", "gen-pack.py"),
         pack, "50", "100"])
    files = sorted(os.path.join(pack, f) for f in os.listdir(pack)
                   if f.endswith(".lua"))
    t_vigil = timed([a.vigil, "pack", "check", pack], env=env)
    # Parsing (loadfile compiles without running) every file of the pack.
    lua = os.path.join(a.work, "load.lua")
    with open(lua, "w") as f:
        f.write("for _, f in ipairs(arg) do assert(loadfile(f)) end\n")
    t_lua = timed(["lua5.4", lua] + files)
    t_cmark = timed(["cmark", pack + ".texts.md"])
    ref = t_lua + t_cmark
    NOTES["pack"] = (t_vigil, t_lua, t_cmark)
    row("1. pack check, 5,000 steps / 50 modules", "%.0f ms" % (t_vigil * 1e3),
        "%.0f ms" % (ref * 1e3), t_vigil / ref, "≤ 2×", t_vigil <= 2 * ref)


def bench_session(a):
    v = values(run([a.bench, "session", os.path.join(a.srcdir, "packs",
                                                     "online-blackmail"),
                    os.path.join(a.srcdir, "plugins"), str(a.replays)]))
    NOTES["session"] = v
    floor = float(v["floor_us"])
    loaded = float(v["loaded_attempt_us"])
    fresh = float(v["fresh_attempt_us"])
    steps = int(v["steps"]) / int(v["modules"])
    # The goal is for a 20-step module: scale the mean attempt to 20 steps.
    fresh20 = float(v["fresh_step_us"]) * 20
    row("2a. replay from a fresh sandbox, per 20 steps",
        "%.2f ms" % (fresh20 / 1e3), "2 ms (goal)", fresh20 / 2000,
        "≤ 2 ms", fresh20 <= 2000)
    row("2b. replay, pack loaded, per attempt (%.0f steps)" % steps,
        "%.0f µs" % loaded, "%.0f µs (lua_State)" % floor, loaded / floor,
        "≤ 10×", loaded <= 10 * floor)
    NOTES["session_fresh"] = fresh


def bench_store(a):
    n = str(a.answers)
    db = os.path.join(a.work, "store.db")
    raw = os.path.join(a.work, "raw.db")
    s = float(values(run([a.bench, "store", db, n]))["answers_per_s"])
    r = float(values(run([a.bench, "raw", raw, n]))["answers_per_s"])
    row("3. durable answers per second", "%.0f/s" % s, "%.0f/s" % r, s / r,
        "≥ 0.5×", s >= 0.5 * r)


EXPORT_SQL = """SELECT a.id, l.ref, l.name, l.email, l.role, a.pack,
a.pack_version, a.pack_hash, a.module, a.module_title, a.status, a.started,
a.ended, a.score, a.max, a.percent, a.pass_mark, a.minutes, a.expires, c.code
FROM attempts a JOIN learners l ON l.id = a.learner_id
LEFT JOIN certificates c ON c.attempt_id = a.id ORDER BY a.started, a.id"""


def bench_export(a, env):
    pack = os.path.join(a.srcdir, "packs", "online-blackmail")
    plugins = os.path.join(a.srcdir, "plugins")
    db = os.path.join(a.work, "export.db")
    run([a.bench, "fill", db, pack, plugins, str(a.attempts)])
    out = os.path.join(a.work, "out")
    t_csv = timed([a.vigil, "--db", db, "export", "--format", "csv",
                   "--out", out], repeat=1, env=env)
    t_sql = timed(["sqlite3", "-csv", "-header", db, EXPORT_SQL], repeat=1)
    row("4a. export %s attempts to CSV" % format(a.attempts, ","),
        "%.1f s" % t_csv, "%.1f s (sqlite3 -csv)" % t_sql, t_csv / t_sql,
        "≤ 1.5×", t_csv <= 1.5 * t_sql)
    db2 = os.path.join(a.work, "export-xapi.db")
    run([a.bench, "fill", db2, pack, plugins, str(a.xapi_attempts)])
    t_x = timed([a.vigil, "--db", db2, "export", "--format", "xapi",
                 "--out", out], repeat=1, env=env)
    t_xs = timed(["sqlite3", "-json", db2, EXPORT_SQL], repeat=1)
    row("4b. export %s attempts to xAPI" % format(a.xapi_attempts, ","),
        "%.1f s" % t_x, "%.1f s (sqlite3 -json)" % t_xs, t_x / t_xs,
        "(reported)", True)
    NOTES["export"] = (t_csv, t_sql, t_x, t_xs)
    os.unlink(out)
    for f in os.listdir(a.work):
        if f.startswith("export"):
            os.unlink(os.path.join(a.work, f))


GET_LUA = """
local tokens, i = {}, 0
function setup(thread)
  thread:set("tid", _G.ntid or 0); _G.ntid = (_G.ntid or 0) + 1
end
function init(args)
  for line in io.lines(args[1]) do tokens[#tokens + 1] = line:match("^(%S+)") end
  i = (tid or 0) * math.floor(#tokens / 2)
end
function request()
  i = i % #tokens + 1
  return wrk.format("GET", args_path, { Cookie = "vigil_session=" .. tokens[i] })
end
"""

POST_LUA = """
local learners, forms, seqs, i = {}, {}, {}, 0
local nthreads = 2
function setup(thread)
  thread:set("tid", _G.ntid or 0); _G.ntid = (_G.ntid or 0) + 1
end
function init(args)
  local n = 0
  for line in io.lines(args[1]) do
    if n % nthreads == tid then
      local t, c = line:match("^(%S+) (%S+)")
      learners[#learners + 1] = { t, c }
      seqs[#learners] = 1
    end
    n = n + 1
  end
  for line in io.lines(args[1] .. ".answers") do forms[#forms + 1] = line end
end
function request()
  for _ = 1, #learners do
    i = i % #learners + 1
    local s = seqs[i]
    if s <= #forms then
      seqs[i] = s + 1
      return wrk.format("POST", args_path, {
        Cookie = "vigil_session=" .. learners[i][1],
        ["Content-Type"] = "application/x-www-form-urlencoded" },
        "csrf=" .. learners[i][2] .. "&" .. forms[s])
    end
  end
  return wrk.format("GET", "/")
end
"""


# Learners in the "school" GET run (5a'): a large school's staff.
SCHOOL = 200


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wait_port(port):
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    sys.exit("bench: nothing listens on port %d" % port)


def wrk(a, port, script, path, conns, secs, tokens):
    lua = os.path.join(a.work, "wrk.lua")
    with open(lua, "w") as f:
        f.write('args_path = "%s"\n' % path + script)
    out = run(["wrk", "-t2", "-c%d" % conns, "-d%ds" % secs, "--timeout",
               "30s", "-s", lua, "http://127.0.0.1:%d%s" % (port, path),
               "--", tokens])
    rps = float(re.search(r"Requests/sec:\s*([\d.]+)", out).group(1))
    reqs = int(re.search(r"(\d+) requests in", out).group(1))
    errs = 0
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), "
                  r"timeout (\d+)", out)
    if m:
        errs += sum(int(x) for x in m.groups())
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if m:
        errs += int(m.group(1))
    return rps, reqs, errs


def rss(pid):
    with open("/proc/%d/status" % pid) as f:
        st = f.read()
    return tuple(int(re.search(r"%s:\s*(\d+) kB" % k, st).group(1)) // 1024
                 for k in ("VmRSS", "VmHWM"))


def count_answers(db):
    import sqlite3
    con = sqlite3.connect(db)
    n = con.execute("SELECT count(*) FROM answers").fetchone()[0]
    con.close()
    return n


def get(port, path, token):
    req = urllib.request.Request(
        "http://127.0.0.1:%d%s" % (port, path),
        headers={"Cookie": "vigil_session=" + token})
    with urllib.request.urlopen(req) as r:
        r.read()
        return r.status


# Idle connections held while a new client is timed (5f): from 100
# loopback addresses, 100 each (the server takes 256 from one address).
IDLE, IDLE_ADDRS = 10000, 100


def idle_probe(a, port):
    """Holds IDLE idle connections to port and times a new client's GET
    (tests/web-conns.py): (answer status, seconds, connections opened,
    still open), or None when this machine allows too few open files."""
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    if hard != resource.RLIM_INFINITY and hard < IDLE + 512:
        return None
    out = run([sys.executable, os.path.join(a.srcdir, "tests", "web-conns.py"),
               "idle", str(port), str(IDLE), str(IDLE_ADDRS)])
    got = dict(line.split(" ", 1) for line in out.splitlines())
    status, secs = got["answer"].split()
    return status, float(secs), int(got["opened"]), int(got["still-open"])


def bench_web(a, env):
    pack = os.path.join(a.srcdir, "packs", "online-blackmail")
    plugins = os.path.join(a.srcdir, "plugins")
    module = "spotting-the-signs"
    path = "/take/online-blackmail/" + module
    # Made on a memory file system (tens of thousands of commits), then
    # moved next to the other inputs so that the server's commits are
    # durable on the real disk.
    shm = "/dev/shm" if os.path.isdir("/dev/shm") else a.work
    prep = os.path.join(shm, "vigil-bench-%d.db" % os.getpid())
    db = os.path.join(a.work, "web.db")
    tokens = os.path.join(a.work, "tokens")
    run([a.bench, "webprep", prep, pack, plugins, module, str(a.learners),
         tokens])
    for sfx in ("", "-wal", "-shm"):
        if os.path.exists(prep + sfx):
            shutil.move(prep + sfx, db + sfx)

    hport = free_port()
    hello = subprocess.Popen([a.hello, str(hport)])
    wait_port(hport)
    h_get = wrk(a, hport, GET_LUA, path, 50, a.secs, tokens)
    h_post = wrk(a, hport, POST_LUA, path, 50, a.secs, tokens)
    h_idle = idle_probe(a, hport)
    hello.send_signal(signal.SIGTERM)
    hello.wait()

    port = free_port()
    srv = subprocess.Popen([a.vigil, "--db", db, "--packs",
                            os.path.dirname(pack), "--plugins", plugins,
                            "serve", "--listen", "127.0.0.1:%d" % port,
                            "--signup", "open", "--trust-proxy",
                            "127.0.0.1"], env=env)
    try:
        wait_port(port)
        # Every learner's step page once: the server's memory with all of
        # them mid-module (it keeps a bounded number of sessions).
        t0 = time.perf_counter()
        with open(tokens) as f:
            toks = [line.split()[0] for line in f]
        with concurrent.futures.ThreadPoolExecutor(8) as ex:
            codes = list(ex.map(lambda t: get(port, path, t), toks))
        if any(c != 200 for c in codes):
            sys.exit("bench: a learner's step page failed")
        t_all = time.perf_counter() - t0
        mem = rss(srv.pid)
        v_get = wrk(a, port, GET_LUA, path, 50, a.secs, tokens)
        # A school's whole staff at once: few enough learners that the
        # server keeps each one's session between requests.
        school = os.path.join(a.work, "tokens-school")
        with open(school, "w") as f:
            f.write("".join(t + "\n" for t in toks[:SCHOOL]))
        v_school = wrk(a, port, GET_LUA, path, 50, a.secs, school)
        before = count_answers(db)
        v_post = wrk(a, port, POST_LUA, path, 50, a.secs, tokens)
        after = count_answers(db)
        # Long enough for each of the 1,000 connections to be answered.
        many = wrk(a, port, GET_LUA, path, 1000, max(a.secs, 15), tokens)
        mem_end = rss(srv.pid)
        v_idle = idle_probe(a, port)
    finally:
        srv.send_signal(signal.SIGTERM)
        srv.wait()
    row("5a. step page GET, %s learners, requests/s"
        % format(a.learners, ","), "%.0f/s" % v_get[0],
        "%.0f/s (hello)" % h_get[0], v_get[0] / h_get[0], "≥ 0.5×",
        v_get[0] >= 0.5 * h_get[0] and v_get[2] == 0)
    row("5a'. step page GET, %d learners, requests/s" % SCHOOL,
        "%.0f/s" % v_school[0], "%.0f/s (hello)" % h_get[0],
        v_school[0] / h_get[0], "≥ 0.5×",
        v_school[0] >= 0.5 * h_get[0] and v_school[2] == 0)
    # Every answer acknowledged is in the database (those in flight when
    # wrk stopped may be there too, unacknowledged).
    kept = after - before
    row("5b. answer POST, requests/s", "%.0f/s" % v_post[0],
        "%.0f/s (hello)" % h_post[0], v_post[0] / h_post[0],
        "(reported)", True)
    row("5c. answers acknowledged / in the database",
        "%d / %d" % (v_post[1], kept), "", 0.0, "none lost, 0 errors",
        kept >= v_post[1] and v_post[2] == 0)
    row("5d. 1,000 connections: errors",
        "%d in %d requests" % (many[2], many[1]), "", 0.0, "0 errors",
        many[2] == 0)
    row("5e. server RSS, %s learners mid-module" % format(a.learners, ","),
        "%d MiB (peak %d)" % mem_end, "", 0.0, "(reported)", True)
    name = ("5f. a new client's GET while %s idle connections from %d "
            "addresses are held" % (format(IDLE, ","), IDLE_ADDRS))
    if v_idle is None or h_idle is None:
        row(name, "not measured: too few open files allowed", "", 0.0,
            "< 1 s", False)
    else:
        held = v_idle[3] == IDLE
        row(name, "%s in %.3f s (%d held)" % (v_idle[0], v_idle[1],
                                             v_idle[3]),
            "%s in %.3f s (hello)" % (h_idle[0], h_idle[1]), 0.0,
            "answered < 1 s, all held",
            v_idle[0] == "200" and v_idle[1] < 1 and held)
    NOTES["web"] = dict(get=v_get, school=v_school, post=v_post, many=many, mem=mem,
                        mem_end=mem_end, t_all=t_all, hello_get=h_get,
                        hello_post=h_post, answers=after - before,
                        posted=v_post[1], idle=v_idle)


# The DSL's pages (6): each page's address, and what it shows.  A page
# another part of Vigil has not made yet (404) is "not measured".
ADMIN_PAGES = [
    ("/admin", "dashboard"),
    ("/admin?group=Teaching%20staff", "dashboard, one group's modules"),
    ("/admin/staff", "staff, page 1"),
    ("/admin/staff?page=20", "staff, page 20"),
    ("/admin/staff?sort=state&dir=desc", "staff, furthest behind first"),
    ("/admin/staff?state=overdue&group=Support%20staff&sort=start",
     "staff, overdue in a group, by start"),
    ("/admin/staff?q=smith", "staff, search"),
    ("/admin/staff?state=all&sort=email&dir=desc&page=3",
     "staff, leavers too, by email"),
    ("/admin/overdue", "overdue"),
    ("/admin/overdue?state=soon&sort=name", "due soon, by name"),
    ("/admin/grid", "completion grid"),
    ("/admin/grid?page=10", "completion grid, page 10"),
    ("/admin/staff.csv", "staff CSV (all pages)"),
    ("/admin/overdue.csv", "overdue CSV"),
    ("/admin/grid.csv", "grid CSV"),
    ("/admin/staff/T0042", "a person's page"),
    ("/admin/groups", "groups"),
    ("/admin/assignments", "assignments"),
    ("/admin/settings", "settings"),
    ("/admin/import", "import"),
    ("/admin/reminders", "reminders: who would be sent one now, and why"),
    ("/admin/audit", "audit log, page 1"),
    ("/admin/audit?page=20", "audit log, page 20"),
    ("/admin/audit.csv", "audit log CSV (all of it)"),
]
ADMIN_GOAL_MS = 100


def admin_signin(port, password):
    """Signs in as the DSL (the school's set-up account): the session
    cookie's value."""
    import http.client
    import http.cookies
    import urllib.parse
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    c.request("GET", "/admin/signin")
    r = c.getresponse()
    body = r.read().decode()
    jar = http.cookies.SimpleCookie()
    for v in r.msg.get_all("Set-Cookie") or []:
        jar.load(v)
    m = re.search(r'name="csrf" value="([^"]*)"', body)
    if not m:
        sys.exit("bench: the sign-in page has no form")
    cookie = "; ".join("%s=%s" % (k, v.value) for k, v in jar.items())
    c.request("POST", "/admin/signin", urllib.parse.urlencode(
        {"password": password, "csrf": m.group(1)}),
        {"Content-Type": "application/x-www-form-urlencoded",
         "Cookie": cookie})
    r = c.getresponse()
    r.read()
    for v in r.msg.get_all("Set-Cookie") or []:
        jar.load(v)
    c.close()
    if r.status != 303 or "vigil_session" not in jar:
        sys.exit("bench: signing in as the DSL failed (%d)" % r.status)
    return jar["vigil_session"].value


def admin_time(port, path, token, n):
    """GETs path n times on one kept-alive connection after one to warm
    up: (status, [seconds each], bytes)."""
    import http.client
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    head = {"Cookie": "vigil_session=" + token}
    c.request("GET", path, headers=head)
    r = c.getresponse()
    size = len(r.read())
    if r.status != 200:
        c.close()
        return r.status, [], size
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        c.request("GET", path, headers=head)
        r = c.getresponse()
        r.read()
        times.append(time.perf_counter() - t0)
        if r.status != 200:
            sys.exit("bench: %s answered %d" % (path, r.status))
    c.close()
    return 200, times, size


def bench_admin(a, env):
    db = os.path.join(a.work, "school.db")
    packs = os.path.join(a.work, "school-packs")
    v = values(run([sys.executable, os.path.join(a.srcdir, "bench",
                                                 "gen-school.py"),
                    a.vigil, db, packs, a.srcdir, str(a.staff),
                    str(a.school_attempts)]))
    NOTES["school"] = v
    NOTES["admin_load"] = "%.1f" % os.getloadavg()[0]
    NOTES["admin_date"] = datetime.datetime.now(
        datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    password = "correct horse battery staple"
    e = dict(env, VIGIL_DB=db)
    e.pop("VIGIL_NOW", None)
    run([a.vigil, "admin", "password"], env=e, input=password + "\n")
    port = free_port()
    srv = subprocess.Popen([a.vigil, "--db", db, "--packs", packs,
                            "--plugins", os.path.join(a.srcdir, "plugins"),
                            "serve", "--listen", "127.0.0.1:%d" % port],
                           env=e)
    try:
        wait_port(port)
        token = admin_signin(port, password)
        for path, what in ADMIN_PAGES:
            status, times, size = admin_time(port, path, token, a.admin_n)
            if status == 404:
                ADMIN_ROWS.append((path, what, "not measured (404: not "
                                   "made yet)", "", "", "—"))
                say("%s: not measured (404)" % path)
                continue
            if status != 200:
                sys.exit("bench: %s answered %d" % (path, status))
            times.sort()
            med = times[len(times) // 2] * 1e3
            worst = times[-1] * 1e3
            ADMIN_ROWS.append((path, what, "%.1f ms" % med,
                               "%.1f ms" % worst, "%.0f KiB" % (size / 1024),
                               "yes" if worst < ADMIN_GOAL_MS else "no"))
            say("%s: median %.1f ms, worst %.1f ms" % (path, med, worst))
        if srv.poll() is not None:
            sys.exit("bench: vigil serve stopped")
    finally:
        srv.send_signal(signal.SIGTERM)
        srv.wait()


def admin_table():
    if not ADMIN_ROWS:
        return "(not run)"
    head = ("page", "what", "median", "worst", "size", "worst < %d ms?"
            % ADMIN_GOAL_MS)
    rows = [head] + [tuple(str(c) for c in r) for r in ADMIN_ROWS]
    w = [max(len(r[i]) for r in rows) for i in range(len(head))]
    fmt = lambda r: "| " + " | ".join(c.ljust(w[i]) for i, c in
                                     enumerate(r)) + " |"
    return "\n".join([fmt(head), "|" + "|".join("-" * (x + 2) for x in w) +
                      "|"] + [fmt(r) for r in rows[1:]])


def meaning():
    """What the numbers mean for a school, from this run's numbers."""
    out = []
    w = NOTES.get("web")
    if w:
        get, post = w["get"][0], w["post"][0]
        # A learner reads a step page and answers it about every 30 s.
        pairs = 1 / (1 / get + 1 / post)
        out.append(
            "- **Web.** One step is a page (GET) and an answer (POST). "
            "Even when every page is of a different learner among %s "
            "(5a), at %.0f pages/s and %.0f answers/s this machine "
            "completes about %.0f steps a second, so about **%s staff "
            "could be working through modules at the same moment** if "
            "each spends 30 s on a step. A whole school on an INSET "
            "morning is well inside that: with %d staff at once (5a'), "
            "whose sessions the server keeps between their requests, it "
            "serves %.0f pages/s. %s learners mid-module left the server "
            "at %d MiB (peak %d MiB): it keeps at most %d sessions and one "
            "copy of each pack, so memory does not grow with staff "
            "numbers. 1,000 connections at once were served with %d "
            "errors."
            % (format(NOTES["learners"], ","), get, post, pairs,
               format(int(pairs * 30), ","), SCHOOL, w["school"][0],
               format(NOTES["learners"], ","), w["mem_end"][0],
               w["mem_end"][1], NOTES["kept"], w["many"][2]))
    v = NOTES.get("session")
    if v:
        out.append(
            "- **A learner's place is rebuilt from the records** when the "
            "server does not have their session at hand (after a restart, "
            "or among more learners than it keeps): %.1f ms per attempt "
            "from nothing, %.2f ms with the pack already loaded. That is "
            "the price of a server that loses nothing on a restart."
            % (NOTES["session_fresh"] / 1e3,
               float(v["loaded_attempt_us"]) / 1e3))
    e = NOTES.get("export")
    if e:
        out.append(
            "- **Exports.** %s attempts (far more than a school makes in a "
            "decade: 150 staff × 10 modules a year is 1,500) export to CSV "
            "in %.0f s."
            % (format(NOTES["attempts"], ","), e[0]))
    return "\n".join(out)


def school_words():
    v = NOTES.get("school")
    if not v:
        return "(not run)"
    return ("%s staff (%s of them leavers) in %s groups, %s assigned "
            "modules, %s attempts with %s answers" % (
                format(int(v["staff"]), ","), v["leavers"], v["groups"],
                v["assigned"], format(int(v["attempts"]), ","),
                format(int(v["answers"]), ",")))


def need_tools():
    """Installs the reference tools from Debian when missing (as root)."""
    tools = {"lua5.4": "lua5.4", "cmark": "cmark", "wrk": "wrk",
             "sqlite3": "sqlite3"}
    missing = [pkg for cmd, pkg in tools.items() if not shutil.which(cmd)]
    if not missing:
        return
    if os.geteuid() != 0:
        sys.exit("bench: missing %s: apt-get install %s"
                 % (", ".join(missing), " ".join(missing)))
    say("installing " + " ".join(missing))
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], env=env, check=True)
    subprocess.run(["apt-get", "install", "-y", "-qq",
                    "--no-install-recommends"] + missing, env=env,
                   check=True, stdout=subprocess.DEVNULL)


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


def table():
    head = ("benchmark", "Vigil", "reference", "ratio", "goal", "met?")
    rows = [head] + [tuple(str(c) for c in r) for r in ROWS]
    w = [max(len(r[i]) for r in rows) for i in range(len(head))]
    fmt = lambda r: "| " + " | ".join(c.ljust(w[i]) for i, c in
                                     enumerate(r)) + " |"
    return "\n".join([fmt(head), "|" + "|".join("-" * (x + 2) for x in w) +
                      "|"] + [fmt(r) for r in rows[1:]])


def main():
    p = argparse.ArgumentParser()
    for opt in ("srcdir", "vigil", "bench", "hello", "work", "out"):
        p.add_argument("--" + opt, required=True)
    p.add_argument("--replays", type=int, default=10000)
    p.add_argument("--answers", type=int, default=2000)
    p.add_argument("--attempts", type=int, default=1000000)
    p.add_argument("--xapi-attempts", type=int, default=200000)
    p.add_argument("--learners", type=int, default=10000)
    p.add_argument("--secs", type=int, default=10)
    p.add_argument("--staff", type=int, default=2000)
    p.add_argument("--school-attempts", type=int, default=20000)
    p.add_argument("--admin-n", type=int, default=30)
    p.add_argument("--only", default="123456")
    a = p.parse_args()
    need_tools()
    for k in ("vigil", "bench", "hello"):
        setattr(a, k, os.path.abspath(getattr(a, k)))
    a.srcdir = os.path.abspath(a.srcdir)
    shutil.rmtree(a.work, ignore_errors=True)
    os.makedirs(a.work)
    a.work = os.path.abspath(a.work)
    env = dict(os.environ, VIGIL_PLUGINS=os.path.join(a.srcdir, "plugins"))
    NOTES["learners"], NOTES["attempts"] = a.learners, a.attempts
    with open(os.path.join(a.srcdir, "src", "sessioncache.h")) as f:
        NOTES["kept"] = int(re.search(r"#define SESSION_CACHE_MAX\s+(\d+)",
                                      f.read()).group(1))
    started = time.perf_counter()
    steps = [("1", "pack loading", lambda: bench_pack(a, env)),
             ("2", "session replays", lambda: bench_session(a)),
             ("3", "recording", lambda: bench_store(a)),
             ("4", "export", lambda: bench_export(a, env)),
             ("5", "web", lambda: bench_web(a, env)),
             ("6", "the DSL's pages", lambda: bench_admin(a, env))]
    for key, name, fn in steps:
        if key in a.only:
            say(name)
            fn()
    took = time.perf_counter() - started
    t = table()
    print(t)
    t6 = admin_table()
    print(t6)
    with open(os.path.join(a.srcdir, "bench", "performance.md.in")) as f:
        doc = f.read()
    facts = {
        "TABLE": t,
        "ADMIN_TABLE": t6,
        "ADMIN_N": str(a.admin_n),
        "ADMIN_LOAD": NOTES.get("admin_load", "(not run)"),
        "ADMIN_DATE": NOTES.get("admin_date", "(not run)"),
        "SCHOOL": school_words(),
        "DATE": datetime.datetime.now(datetime.timezone.utc).strftime(
            "%Y-%m-%d %H:%M UTC"),
        "CPU": cpu_model(),
        "NPROC": str(os.cpu_count()),
        "TOOK": "%.0f" % took,
        "MEANING": meaning(),
    }
    for k, v in facts.items():
        doc = doc.replace("@%s@" % k, v)
    with open(a.out, "w") as f:
        f.write(doc)
    say("wrote %s in %.0f s" % (a.out, took))


if __name__ == "__main__":
    main()
