#!/bin/bash
# The web front end's setup from the command line: admin password (only an
# Argon2id hash kept; read without echo from a terminal) and learner link
# (only the token's hash kept; a new link revokes the old; forget removes it).
. "$SRCDIR/tests/lib.sh"

db=$VIGIL_DB

# in_file TEXT: 0 when TEXT's bytes are anywhere in the database file or
# its write-ahead log.
in_file() {
	python3 - "$1" "$db" "$db-wal" <<'PY'
import os, sys
needle = sys.argv[1].encode()
found = any(os.path.exists(p) and needle in open(p, "rb").read()
            for p in sys.argv[2:])
sys.exit(0 if found else 1)
PY
}

# ---- admin password ----------------------------------------------------

out=$("$VIGIL" admin 2>&1)
is $? 2 "admin alone is a usage error"
like "$out" "vigil admin password" "and lists the subcommands"
out=$("$VIGIL" admin --help 2>&1)
is $? 0 "admin --help: exit 0"
like "$out" "set the password for the DSL's admin web pages" \
	"admin --help says what password does"
out=$("$VIGIL" admin password --help 2>&1)
is $? 0 "admin password --help: exit 0"
like "$out" "usage: vigil admin password" "admin password --help shows its usage"
like "$out" "at least 12 characters" "and the rules"
out=$("$VIGIL" admin frobnicate 2>&1)
is $? 2 "an unknown admin subcommand is a usage error"
like "$out" "'frobnicate' is not a" "and names it"
out=$(echo "correct horse battery" | "$VIGIL" admin password extra 2>&1)
is $? 2 "admin password takes no arguments"
like "$out" "the password is read from standard input" "and says where it comes from"
out=$(echo "correct horse battery" | "$VIGIL" admin password --force 2>&1)
is $? 2 "an unknown option is a usage error"
like "$out" "unknown option '--force'" "and names it"

pw="correct horse battery staple"
out=$(printf '%s\n' "$pw" | "$VIGIL" admin password 2>&1)
is "$?:$out" "0:The admin password is set." "a password from a pipe is set"
hash=$(sql "$db" "SELECT value FROM meta WHERE key = 'admin_password'")
like "$hash" '$argon2id$' "it is kept as an Argon2id hash"
# verify HASH PASSWORD: 0 when libsodium itself (through Python's ctypes)
# says HASH is PASSWORD's.
verify() {
	python3 - "$1" "$2" <<'PY'
import ctypes, ctypes.util, sys
lib = ctypes.CDLL(ctypes.util.find_library("sodium") or "libsodium.so")
assert lib.sodium_init() >= 0
pw = sys.argv[2].encode()
sys.exit(lib.crypto_pwhash_str_verify(sys.argv[1].encode(), pw,
                                      ctypes.c_ulonglong(len(pw))) != 0)
PY
}
verify "$hash" "$pw"
ok $? "libsodium verifies the password against the hash"
verify "$hash" "correct horse battery stapler"
ok $((!$?)) "and not another"
in_file "$pw"
ok $((!$?)) "the password itself is nowhere in the database file"
in_file "horse battery"
ok $((!$?)) "nor any part of it"

# bad_password WANT DESCRIPTION INPUT: refused, exit 1, hash unchanged.
bad_password() {
	local out st
	out=$(printf '%s' "$3" | "$VIGIL" admin password 2>&1)
	st=$?
	is "$st:$out" "1:vigil: $1" "$2"
	is "$(sql "$db" "SELECT value FROM meta WHERE key = 'admin_password'")" \
		"$hash" "$2: the password is unchanged"
}
bad_password "the password has 11 characters; it needs at least 12, as short ones are easily guessed (three or four ordinary words make a good one)" \
	"a password of 11 characters is refused" $'short words\n'
bad_password "the password has 11 characters; it needs at least 12, as short ones are easily guessed (three or four ordinary words make a good one)" \
	"characters are counted, not bytes" $'\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\n'
bad_password "the password is empty" "an empty line is refused" $'\nsecond line here\n'
bad_password "no password on standard input; give it as one line" \
	"no input at all is refused" ""
long=$(printf 'x%.0s' $(seq 1001))
bad_password "the password is longer than 1000 bytes" \
	"a password of 1001 bytes is refused" "$long"$'\n'
bad_password "the password is not UTF-8 text, so it could not be typed in the browser" \
	"a password that is not UTF-8 is refused" $'caf\xe9 au lait noir\n'
bad_password "the password has a control character, which cannot be typed in the browser" \
	"a password with a tab is refused" $'correct\thorse battery\n'
out=$(head -c 3000000 /dev/zero | tr '\0' x | "$VIGIL" admin password 2>&1)
is "$?:$out" "1:vigil: the password is longer than 1000 bytes" \
	"endless input without a line break is refused"

out=$(printf '%s' "${long:0:1000}" | "$VIGIL" admin password 2>&1)
is "$?:$out" "0:The admin password is set." \
	"1000 bytes, without a final line break, are accepted"
out=$(printf '%s\r\n' "${long:0:1000}" | "$VIGIL" admin password 2>&1)
is "$?:$out" "0:The admin password is set." \
	"1000 bytes and a Windows line ending are accepted"
hash=$(sql "$db" "SELECT value FROM meta WHERE key = 'admin_password'")
bad_password "the password is longer than 1000 bytes" \
	"1001 bytes and a Windows line ending are refused" "$long"$'\r\n'
out=$(printf 'twelve chars\r\n' | "$VIGIL" admin password 2>&1)
is "$?:$out" "0:The admin password is set." \
	"12 characters, with a Windows line ending, are accepted"
verify "$(sql "$db" "SELECT value FROM meta WHERE key = 'admin_password'")" \
	"twelve chars"
ok $? "the line ending is not part of the password"
pw2="a second password, replacing the first"
out=$(printf '%s\nignored\n' "$pw2" | "$VIGIL" admin password 2>&1)
is "$?:$out" "0:The admin password is set." "setting it again succeeds"
hash2=$(sql "$db" "SELECT value FROM meta WHERE key = 'admin_password'")
is "$(sql "$db" "SELECT count(*) FROM meta WHERE key = 'admin_password'")" 1 \
	"there is still one admin password"
ok $([ "$hash2" != "$hash" ] && [ "${hash2#\$argon2id\$}" != "$hash2" ]; echo $?) \
	"it is replaced by a new Argon2id hash"
in_file "$pw2"
ok $((!$?)) "the new password is nowhere in the database file"

out=$(printf '%s\n' "$pw" | "$VIGIL" --db "$TMP/sub/new.db" admin password 2>&1)
is "$?:$out" "0:The admin password is set." "the database is created if need be"

# At a terminal: asked twice without echo, and the terminal is left as it
# was whatever happens.  tty_run INPUT...: runs admin password on a new
# pseudo-terminal, writing each INPUT after the next prompt ("^C" sends
# Ctrl-C); prints the exit status, whether echo is back on, and then what
# the terminal showed.
tty_run() {
	python3 - "$VIGIL" "$@" <<'PY'
import fcntl, os, select, subprocess, sys, termios, time
master, slave = os.openpty()
def own_terminal():
    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)
p = subprocess.Popen([sys.argv[1], "admin", "password"], stdin=slave,
                     stdout=slave, stderr=slave, preexec_fn=own_terminal)
seen = b""
def read_until(want, timeout=20):
    global seen
    end = time.time() + timeout
    while want not in seen and time.time() < end:
        r, _, _ = select.select([master], [], [], 0.1)
        if r:
            try:
                seen += os.read(master, 4096)
            except OSError:
                break
        elif p.poll() is not None:
            break
prompts = [b"New admin password: ", b"The same again: "]
for i, text in enumerate(sys.argv[2:]):
    read_until(prompts[i])
    time.sleep(0.2)
    os.write(master, b"\x03" if text == "^C" else text.encode() + b"\n")
status = p.wait(timeout=60)
read_until(b"\0", timeout=0.5)
lflag = termios.tcgetattr(slave)[3]
print(status)
print("echo on" if lflag & termios.ECHO else "echo off")
print(seen.decode(errors="replace").replace("\r", ""))
PY
}

pw3="typed at the terminal"
out=$(tty_run "$pw3" "$pw3")
like "$out" $'0\necho on\n' "at a terminal: set, and echo is back on"
like "$out" "New admin password: " "it asks for the password"
like "$out" "The same again: " "and asks again"
like "$out" "The admin password is set." "and says it is set"
unlike "$out" "$pw3" "what is typed is not shown"
hash3=$(sql "$db" "SELECT value FROM meta WHERE key = 'admin_password'")
verify "$hash3" "$pw3"
ok $? "the password typed is the one set"

out=$(tty_run "$pw3 one" "$pw3 two")
like "$out" $'1\necho on\n' "two different passwords: exit 1, echo back on"
like "$out" "vigil: the two passwords differ; nothing was changed" "and says so"
out=$(tty_run "too short")
like "$out" $'1\necho on\n' "a short password at the terminal: exit 1, echo back on"
like "$out" "vigil: the password has 9 characters" "and says why"
unlike "$out" "The same again" "without asking again"
out=$(tty_run "^C")
like "$out" $'1\necho on\n' "Ctrl-C at the first prompt: exit 1, echo back on"
like "$out" "vigil: cancelled; the admin password was not changed" "and says so"
out=$(tty_run "$pw3" "^C")
like "$out" $'1\necho on\n' "Ctrl-C at the second prompt: exit 1, echo back on"
is "$(sql "$db" "SELECT value FROM meta WHERE key = 'admin_password'")" \
	"$hash3" "nothing was changed by the refusals and Ctrl-C"

# ---- learner link ------------------------------------------------------

"$VIGIL" learner add T1 --name "Ann Lee" >/dev/null
"$VIGIL" learner add T2 --name "Bob Roe" >/dev/null
"$VIGIL" learner link T1 >"$TMP/link1" 2>"$TMP/err1"
is $? 0 "learner link: exit 0"
link1=$(cat "$TMP/link1")
is "$(grep -c . "$TMP/link1")" 1 "it prints one line on stdout"
[[ $link1 =~ ^http://127\.0\.0\.1:8080/signin/[A-Za-z0-9_-]{43}$ ]]
ok $? "a link to the default address with a 43-character base64url token"
like "$(cat "$TMP/err1")" "This link signs in as Ann Lee (T1) until a new one is printed; send it only to them." \
	"stderr says whose it is and to keep it to them"
is "$(grep -c . "$TMP/err1")" 1 "in one line"
token1=${link1##*/}
is "$(sql "$db" "SELECT count(*) FROM signin_tokens t JOIN learners l ON l.id = t.learner_id WHERE l.ref = 'T1'")" \
	1 "the database has one sign-in token for T1"
h1=$(python3 -c 'import hashlib, sys
print(hashlib.blake2b(sys.argv[1].encode(), digest_size=32).hexdigest())' "$token1")
is "$(sql "$db" "SELECT token_hash FROM signin_tokens")" "$h1" \
	"and keeps only the token's hash"
in_file "$token1"
ok $((!$?)) "the token itself is nowhere in the database file"

link2=$("$VIGIL" learner link T1 2>/dev/null)
token2=${link2##*/}
ok $([ -n "$token2" ] && [ "$token2" != "$token1" ]; echo $?) \
	"a second link has a new token"
is "$(sql "$db" "SELECT count(*) FROM signin_tokens")" 1 \
	"it replaces the first"
is "$(sql "$db" "SELECT count(*) FROM signin_tokens WHERE token_hash = '$h1'")" 0 \
	"the first link's hash is gone"
"$VIGIL" learner link T2 >/dev/null 2>&1
is "$(sql "$db" "SELECT count(*) FROM signin_tokens")" 2 \
	"each learner has a link of their own"

out=$("$VIGIL" learner link T2 --base https://training.school.example 2>/dev/null)
[[ $out =~ ^https://training\.school\.example/signin/[A-Za-z0-9_-]{43}$ ]]
ok $? "--base is used, with a slash added"
out=$("$VIGIL" learner link --base http://10.0.0.5:8080/vigil/ T2 2>/dev/null)
[[ $out =~ ^http://10\.0\.0\.5:8080/vigil/signin/[A-Za-z0-9_-]{43}$ ]]
ok $? "--base may come first, and keeps its path"
for bad in ftp://x.example/ "training.school.example" "https://" \
	"https://a b.example/" "https://x.example/?q=1"; do
	out=$("$VIGIL" learner link T2 --base "$bad" 2>&1)
	is "$?" 2 "--base '$bad' is a usage error"
	like "$out" "--base needs the http or https address the server is reached at" \
		"--base '$bad' is refused with a reason"
done
out=$("$VIGIL" learner link T2 --base 2>&1)
is "$?" 2 "--base without a value is a usage error"
like "$out" "--base needs a value" "and says so"
out=$("$VIGIL" learner link 2>&1)
is "$?" 2 "link without a ref is a usage error"
out=$("$VIGIL" learner link T1 T2 2>&1)
is "$?" 2 "link with two refs is a usage error"
before=$(sql "$db" "SELECT count(*) FROM signin_tokens")
out=$("$VIGIL" learner link NOBODY 2>&1)
is "$?:$out" "1:vigil: no learner 'NOBODY'" "an unknown ref: exit 1, and says so"
is "$(sql "$db" "SELECT count(*) FROM signin_tokens")" "$before" \
	"and makes no link"
out=$("$VIGIL" learner link --help 2>&1)
is $? 0 "learner link --help: exit 0"
like "$out" "usage: vigil learner link REF [--base URL]" "it shows the usage"
like "$out" "revokes" "it says a new link revokes the old"
like "$("$VIGIL" learner --help)" "vigil learner link REF [--base URL]" \
	"learner --help lists link"

out=$("$VIGIL" learner forget T1 2>&1)
is $? 0 "forget a learner with a link"
is "$(sql "$db" "SELECT count(*) FROM signin_tokens t JOIN learners l ON l.id = t.learner_id WHERE l.ref = 'T1'"):$(sql "$db" "SELECT count(*) FROM signin_tokens")" \
	"0:1" "forget removes their link, and only theirs"
h2=$(python3 -c 'import hashlib, sys
print(hashlib.blake2b(sys.argv[1].encode(), digest_size=32).hexdigest())' "$token2")
in_file "$h2"
ok $((!$?)) "the forgotten link's hash is left nowhere in the file"

done_testing
