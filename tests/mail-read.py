#!/usr/bin/python3
"""mail-read.py - prints a message the SMTP sink (tests/smtp-sink.py) kept,
decoded by Python's own email package, independently of vigil:

    From: ...                (unfolded, RFC 2047 decoded)
    To: ...
    Subject: ...
    Header-Count: N          (header fields counted in the raw bytes)
    Header-Names: Date, From, ...   (in the order they came)
    Defects: N               (what the parser found wrong, 0 for none)
    Link: URL                (each http(s) URL in the body)

then a blank line and the decoded body text.

    /usr/bin/python3 tests/mail-read.py FILE.eml

Header-Count is counted from the raw bytes, not the parsed message: each
header line that does not start with a space or tab begins a field, so a
line break smuggled into a name shows as one more field even where a parser
would fold it away.  Exits 1 when the header has a line ending that is not
CRLF, or a line that is no field and no continuation.
"""

import email
import email.header
import email.policy
import re
import sys


def raw_fields(raw):
    """The header fields' names from the raw bytes, and problems found."""
    problems = []
    end = raw.find(b"\r\n\r\n")
    if end < 0:
        problems.append("no blank line after the header")
        end = len(raw)
    head = raw[:end]
    names = []
    for line in head.split(b"\r\n"):
        if b"\r" in line or b"\n" in line:
            problems.append("a bare CR or LF in the header: %r" % line[:60])
        if len(line) > 998:
            problems.append("a header line of %d bytes" % len(line))
        if line[:1] in (b" ", b"\t"):
            if not names:
                problems.append("the header starts with a continuation")
            continue
        m = re.match(rb"([!-9;-~]+):", line)
        if not m:
            problems.append("a header line that is no field: %r" % line[:60])
            names.append(line[:20].decode("ascii", "replace"))
            continue
        names.append(m.group(1).decode("ascii"))
    return names, problems


def decoded(value):
    """A header's value unfolded and RFC 2047 decoded.  The header module's
    decoder is used, not policy.default's parser, because RFC 2047 (6.2)
    says the space between two encoded words is not text, and the newer
    parser keeps it inside a display name ("Llŷr  Niño" for a name split
    into two words after "Llŷr ")."""
    if value is None:
        return ""
    value = re.sub(r"\r?\n(?=[ \t])", "", str(value))
    return str(email.header.make_header(email.header.decode_header(value)))


def main():
    if len(sys.argv) != 2:
        print("usage: mail-read.py FILE.eml", file=sys.stderr)
        return 2
    with open(sys.argv[1], "rb") as f:
        raw = f.read()
    names, problems = raw_fields(raw)
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    old = email.message_from_bytes(raw, policy=email.policy.compat32)
    out = []
    for h in ("From", "To", "Subject"):
        out.append("%s: %s" % (h, decoded(old.get(h))))
    out.append("Header-Count: %d" % len(names))
    out.append("Header-Names: %s" % ", ".join(names))
    defects = list(msg.defects)
    for h in msg.keys():
        for v in msg.get_all(h, []):
            defects.extend(getattr(v, "defects", []))
    out.append("Defects: %d" % len(defects))
    part = msg.get_body(preferencelist=("plain",))
    body = "" if part is None else part.get_content()
    for url in re.findall(r"https?://[^\s<>\"']+", body):
        out.append("Link: %s" % url.rstrip(".,;)"))
    out.append("")
    out.append(body.rstrip("\n"))
    sys.stdout.write("\n".join(out) + "\n")
    for p in problems:
        print("mail-read: %s" % p, file=sys.stderr)
    for d in defects:
        print("mail-read: defect: %s" % d, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
