#!/bin/bash
# The command line: help, version, usage errors and exit statuses (SPEC §1).
. "$SRCDIR/tests/lib.sh"

out=$("$VIGIL" --version); ok $? "--version exits 0"
like "$out" "vigil " "--version names the program"

out=$("$VIGIL" --help); ok $? "--help exits 0"
for c in packs "pack play" "pack check"; do
	like "$out" "  $c " "--help lists '$c'"
done

for c in packs "pack" "pack play" "pack check"; do
	out=$("$VIGIL" $c --help); ok $? "vigil $c --help exits 0"
	like "$out" "usage: vigil $c" "vigil $c --help shows its usage"
	out=$("$VIGIL" $c -h); ok $? "vigil $c -h exits 0"
done

"$VIGIL" >/dev/null 2>&1; is $? 2 "no command is a usage error (2)"
out=$("$VIGIL" frobnicate 2>&1); is $? 2 "an unknown command exits 2"
like "$out" "vigil: 'frobnicate' is not a vigil command" "and says so"
"$VIGIL" --bogus packs >/dev/null 2>&1; is $? 2 "an unknown global option exits 2"
"$VIGIL" --db >/dev/null 2>&1; is $? 2 "--db without a value exits 2"
"$VIGIL" pack frob >/dev/null 2>&1; is $? 2 "an unknown pack subcommand exits 2"
"$VIGIL" pack play >/dev/null 2>&1; is $? 2 "pack play without a folder exits 2"
out=$("$VIGIL" pack play "$SRCDIR/tests/packs/example" --seed x 2>&1)
is $? 2 "a seed that is not a number exits 2"
like "$out" "--seed needs a whole number" "and says why"
"$VIGIL" pack check >/dev/null 2>&1; is $? 2 "pack check without a folder exits 2"
"$VIGIL" pack check --strange x >/dev/null 2>&1; is $? 2 "pack check with an unknown option exits 2"
# A usage error quotes what was typed as every error does: made safe for
# the terminal, so an option cannot carry escape sequences to it.
err=$("$VIGIL" pack check "--x$(printf '\033')]52;c;aGk=$(printf '\007')" x 2>&1 >/dev/null)
like "$err" "unknown option '--x" "a usage error names the option"
unlike "$err" "$(printf '\033')" "with no escape character in it"
out=$("$VIGIL" pack play "$SRCDIR/tests/packs/example" nosuch </dev/null 2>&1)
is $? 1 "playing a module the pack lacks exits 1"
like "$out" "has no module 'nosuch'" "and names it"
out=$("$VIGIL" pack check "$TMP/none" 2>&1)
is $? 1 "checking a folder with no pack exits 1"
like "$out" "$TMP/none/pack.lua: error: cannot read the file" "and names the file"

# vigil packs: the search path is --packs, then $VIGIL_PACKS.
mkdir -p "$TMP/packs"
cp -R "$SRCDIR/tests/packs/example" "$TMP/packs/"
out=$("$VIGIL" --packs "$TMP/packs" packs); ok $? "packs exits 0"
like "$out" "example 1.2.0" "packs lists the pack with its version"
like "$out" "basics" "packs lists its modules"
like "$out" " 20 min  Listening to a disclosure" "with minutes and title"
out=$(VIGIL_PACKS="$TMP/packs" "$VIGIL" packs); like "$out" "example 1.2.0" "packs reads \$VIGIL_PACKS"
out=$(VIGIL_PACKS="$TMP/empty" "$VIGIL" packs); like "$out" "No packs found" "packs says when there are none"
done_testing
