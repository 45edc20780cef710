#!/usr/bin/python3
"""smtp-sink.py - a real SMTP server on a loopback port for the tests, which
keeps every message it accepts, byte for byte, for the test to read.

    /usr/bin/python3 tests/smtp-sink.py --dir DIR --port-file FILE

Listens on 127.0.0.1 on a free port and writes the port number to FILE once
it listens (the whole number at once: FILE appears only complete).  Each
accepted message is DIR/NNNN.eml, the raw bytes of DATA, and DIR/NNNN.rcpt,
its envelope recipients one a line; NNNN counts 0001, 0002, ... in arrival
order.  Both are in place before the server answers 250, so a sender that
has been told "accepted" can be checked at once.

If DIR/refuse holds a number N > 0, the next N DATA commands are answered
"451 4.3.0 try again later" instead (the file counts down, and goes at 0):
a server refusing for a while, as a real one does.  Runs until SIGTERM or
SIGINT, or until the process that started it has gone (so that a test that
dies without stopping it leaves nothing listening).

With --starttls CERT KEY it offers STARTTLS with that certificate (and
notes each STARTTLS command in DIR/starttls); with --tls CERT KEY it speaks
TLS from the first byte, as an smtps:// server does.

Run with Debian's python3-aiosmtpd (/usr/bin/python3), which is what the
tests' smtp_needs checks for.
"""

import argparse
import asyncio
import os
import signal
import ssl
import sys

from aiosmtpd.smtp import SMTP


def write_whole(path, data):
    """Writes data to path through a hidden temporary file and a rename, so
    that a reader never sees part of it."""
    d, base = os.path.split(path)
    tmp = os.path.join(d, "." + base + ".tmp")
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


class Sink:
    def __init__(self, folder):
        self.dir = folder
        # Carries on after messages already there, so that a sink started
        # again on the same folder does not overwrite them.
        self.n = sum(1 for f in os.listdir(folder) if f.endswith(".eml"))

    def refuse_one(self):
        """True when this DATA is to be refused (DIR/refuse counts down)."""
        path = os.path.join(self.dir, "refuse")
        try:
            with open(path, "rb") as f:
                text = f.read().decode("ascii", "replace").strip()
        except FileNotFoundError:
            return False
        try:
            left = int(text)
        except ValueError:
            left = 0
        if left <= 0:
            os.unlink(path)
            return False
        left -= 1
        if left == 0:
            os.unlink(path)
        else:
            write_whole(path, b"%d\n" % left)
        return True

    async def handle_DATA(self, server, session, envelope):
        if self.refuse_one():
            return "451 4.3.0 try again later"
        self.n += 1
        stem = os.path.join(self.dir, "%04d" % self.n)
        rcpt = "".join(r + "\n" for r in envelope.rcpt_tos)
        # .rcpt first: a test that sees the .eml may read both.
        write_whole(stem + ".rcpt", rcpt.encode("utf-8", "surrogateescape"))
        raw = envelope.original_content
        if isinstance(raw, str):
            raw = raw.encode("utf-8", "surrogateescape")
        write_whole(stem + ".eml", raw)
        return "250 2.0.0 OK stored as %04d" % self.n


class NotingSMTP(SMTP):
    """Notes each STARTTLS command in DIR/starttls before answering it."""

    def __init__(self, sink, **kw):
        self.sink_dir = sink.dir
        super().__init__(sink, **kw)

    async def smtp_STARTTLS(self, arg):
        with open(os.path.join(self.sink_dir, "starttls"), "a") as f:
            f.write("STARTTLS\n")
        return await super().smtp_STARTTLS(arg)


def tls_context(pair):
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(pair[0], pair[1])
    return ctx


async def serve(args, parent):
    loop = asyncio.get_running_loop()
    sink = Sink(args.dir)
    starttls = tls_context(args.starttls) if args.starttls else None
    implicit = tls_context(args.tls) if args.tls else None
    server = await loop.create_server(
        lambda: NotingSMTP(sink, hostname="sink.test", enable_SMTPUTF8=True,
                           tls_context=starttls),
        host="127.0.0.1", port=0, ssl=implicit)
    port = server.sockets[0].getsockname()[1]
    write_whole(args.port_file, b"%d\n" % port)
    stop = loop.create_future()

    def on_signal():
        if not stop.done():
            stop.set_result(None)

    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, on_signal)
    while not stop.done():
        await asyncio.wait([stop], timeout=0.5)
        if os.getppid() != parent:
            break
    server.close()
    await server.wait_closed()


def main():
    ap = argparse.ArgumentParser(description="an SMTP sink for the tests")
    ap.add_argument("--dir", required=True,
                    help="folder for the messages (NNNN.eml, NNNN.rcpt)")
    ap.add_argument("--port-file", required=True,
                    help="file the listening port is written to")
    ap.add_argument("--starttls", nargs=2, metavar=("CERT", "KEY"),
                    help="offer STARTTLS with this certificate and key")
    ap.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"),
                    help="speak TLS from the start (smtps)")
    args = ap.parse_args()
    parent = os.getppid()
    if not os.path.isdir(args.dir):
        print("smtp-sink: %s is not a folder" % args.dir, file=sys.stderr)
        return 2
    asyncio.run(serve(args, parent))
    return 0


if __name__ == "__main__":
    sys.exit(main())
