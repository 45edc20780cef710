#!/bin/bash
# The man page renders without warnings and documents every command, every
# option and every environment variable that vigil itself lists.
. "$SRCDIR/tests/lib.sh"

page="$SRCDIR/doc/vigil.1"
for tool in groff man; do
	command -v "$tool" >/dev/null 2>&1
	ok $? "$tool is installed (Debian: groff-base, man-db)"
done

LC_ALL=C.UTF-8 groff -man -Tutf8 -ww -z "$page" 2>"$TMP/groff.err"
is $? 0 "groff renders the page"
is "$(cat "$TMP/groff.err")" "" "groff -ww gives no warnings"
LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$page" >"$TMP/man.txt" 2>"$TMP/man.err"
is $? 0 "man -l renders the page"
is "$(cat "$TMP/man.err")" "" "man --warnings gives no warnings"
like "$(head -n 1 "$TMP/man.txt")" "VIGIL(1)" "it is section 1"
for section in NAME SYNOPSIS DESCRIPTION "GLOBAL OPTIONS" COMMANDS ENVIRONMENT \
	FILES "EXIT STATUS" EXAMPLES; do
	grep -q "^$section\$" "$TMP/man.txt"
	ok $? "it has a $section section"
done

# The rendered text on one line, so that an entry wrapped over two lines
# is still found.
flat=$(tr -s ' \n' '  ' <"$TMP/man.txt")

# Every command and subcommand in the Commands section of vigil --help.
"$VIGIL" --help >"$TMP/help.txt"
python3 - "$TMP/help.txt" >"$TMP/commands" <<'PY'
import sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
start = lines.index("Commands:") + 1
for line in lines[start:]:
    if not line.startswith("  "):
        break
    # "  %-16s %s": the name is the first 16 columns, or up to two spaces
    name = line[2:18].rstrip() if len(line) > 18 and line[18] == " " \
        else line[2:].split("  ")[0]
    print(name.strip())
PY
n=$(grep -c . "$TMP/commands")
ok $((n < 15)) "vigil --help lists the commands ($n)"
grep -qx "pack check" "$TMP/commands"; ok $? "the list has subcommands (pack check)"
while IFS= read -r c; do
	like "$flat" "vigil $c " "the page documents 'vigil $c'"
done <"$TMP/commands"

# Every option in each command's usage line, and the global options.
while IFS= read -r c; do
	# shellcheck disable=SC2086
	"$VIGIL" $c --help 2>/dev/null | head -n 1 | grep -o -- '--[a-z-]*' |
	while IFS= read -r o; do
		echo "$c $o"
	done
done <"$TMP/commands" | sort -u >"$TMP/options"
ok $(($(grep -c . "$TMP/options") < 8)) "the usage lines name options"
while read -r c1 c2 rest; do
	o=${rest:-$c2}
	like "$flat" "$o" "the page documents $o (vigil $c1${rest:+ $c2})"
done <"$TMP/options"
for o in --db --packs --plugins --help --version; do
	like "$(cat "$TMP/help.txt")" "$o" "vigil --help lists $o"
	like "$flat" "$o" "the page documents the global option $o"
done

for v in VIGIL_DB VIGIL_PACKS VIGIL_PLUGINS XDG_DATA_HOME VIGIL_NOW; do
	grep -q "^       $v\$" "$TMP/man.txt"
	ok $? "ENVIRONMENT describes $v"
done
like "$flat" "~/.local/share/vigil/vigil.db" "FILES names the default database"
for s in 0 1 2; do
	grep -q "^       $s  " "$TMP/man.txt"
	ok $? "EXIT STATUS explains $s"
done
done_testing
