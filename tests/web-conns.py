#!/usr/bin/env python3
"""Raw connections to `vigil serve`, for tests/t0028-web-hardening.sh and
the bench (bench/run.py): what curl cannot do.

  idle PORT COUNT ADDRS
      opens COUNT connections that send nothing, spread over the source
      addresses 127.0.0.1 ... 127.0.0.ADDRS (all loopback), then times a
      new client's GET / from 127.0.0.(ADDRS + 1); prints
      "opened N", "answer STATUS SECONDS" and "still-open N".
  dribble PORT SECONDS
      sends one byte of a request header every second, for at most
      SECONDS; prints "cut AFTER" when the server closes the connection,
      or "open" when it never did.
  bigpost PORT PID COUNT PATH
      sends COUNT POSTs to PATH that each declare a 2 MiB body (one form
      field) and send most of it, holding every connection open; prints "rss-before KB",
      "rss-after KB" (the server's VmRSS) and "status S" for each answer
      read back.
"""
import resource
import socket
import sys
import time


def raise_fd_limit():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return hard


def connect(port, source, timeout=5):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(timeout)
    s.bind((source, 0))
    s.connect(("127.0.0.1", port))
    return s


def status_of(data):
    line = data.split(b"\r\n", 1)[0].split()
    return line[1].decode() if len(line) > 1 else "none"


def is_open(s):
    """True while the server has neither closed nor reset s."""
    s.setblocking(False)
    try:
        return s.recv(1, socket.MSG_PEEK) != b""
    except BlockingIOError:
        return True
    except OSError:
        return False


def idle(port, count, addrs):
    raise_fd_limit()
    held = []
    for i in range(count):
        try:
            held.append(connect(port, "127.0.0.%d" % (1 + i % addrs)))
        except OSError:
            break
    print("opened %d" % len(held))
    time.sleep(0.5)  # the server accepts them all before the new client
    start = time.monotonic()
    status = "none"
    try:
        s = connect(port, "127.0.0.%d" % (addrs + 1), timeout=10)
        s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
                  b"Connection: close\r\n\r\n" % port)
        status = status_of(s.recv(4096))
        s.close()
    except OSError:
        pass
    print("answer %s %.3f" % (status, time.monotonic() - start))
    print("still-open %d" % sum(is_open(s) for s in held))
    for s in held:
        s.close()


def dribble(port, seconds):
    s = connect(port, "127.0.0.1")
    request = (b"GET / HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n" % port
               + b"X-Slow: " + b"a" * 4096)
    start = time.monotonic()
    for i in range(seconds):
        try:
            s.sendall(request[i:i + 1])
        except OSError:
            break
        time.sleep(1)
        if not is_open(s):
            break
        s.setblocking(True)
    if is_open(s):
        print("open")
    else:
        print("cut %.1f" % (time.monotonic() - start))
    s.close()


def rss(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def bigpost(port, pid, count, path):
    raise_fd_limit()
    size = 2 * 1024 * 1024
    print("rss-before %d" % rss(pid))
    held = []
    chunk = b"x" * 65536
    for i in range(count):
        try:
            s = connect(port, "127.0.0.1")
            s.sendall(b"POST %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
                      b"Content-Type: application/x-www-form-urlencoded\r\n"
                      b"Content-Length: %d\r\n\r\nfile="
                      % (path.encode(), port, size))
            s.settimeout(0.5)
            sent = 0
            while sent < size - len(chunk):
                sent += s.send(chunk)
        except OSError:
            pass  # refused or cut: what a server should do
        held.append(s)
    time.sleep(1)
    print("rss-after %d" % rss(pid))
    deadline = time.monotonic() + 3
    for s in held:
        try:
            s.settimeout(max(0.01, deadline - time.monotonic()))
            print("status %s" % status_of(s.recv(4096)))
        except OSError:
            print("status none")
        s.close()


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "idle":
        idle(int(args[0]), int(args[1]), int(args[2]))
    elif cmd == "dribble":
        dribble(int(args[0]), int(args[1]))
    elif cmd == "bigpost":
        bigpost(int(args[0]), int(args[1]), int(args[2]), args[3])
    else:
        sys.exit("web-conns.py: unknown command '%s'" % cmd)


if __name__ == "__main__":
    main()
