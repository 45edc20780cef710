#!/bin/sh
# gen-hostile.sh - copies the hostile packs (tests/hostile/NAME) into OUTDIR
# and makes the module files that are not kept in git:
#
#   nested-parens/m.lua  a module header, then a line of DEPTH "(", "1" and
#                        DEPTH ")" (default 200000, about 400 KB: under the
#                        sandbox's 1 MiB source cap, so it reaches the parser)
#   bytecode/m.lua       a precompiled chunk (luac5.4 when it is installed,
#                        else a hand-made Lua 5.4 chunk header, which is all
#                        the loader needs to see to refuse it)
#
# usage: tests/gen-hostile.sh OUTDIR [DEPTH]
# Each OUTDIR/NAME is then a pack, and OUTDIR/NAME/EXPECTED (where present)
# holds the file and line of the hostile code ("m.lua:3", or just "m.lua" when
# no line can be named) and a substring of the error message.

set -eu

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
	echo "usage: $0 OUTDIR [DEPTH]" >&2
	exit 2
fi
out=$1
depth=${2:-200000}
here=$(cd "$(dirname "$0")" && pwd)
header='module { title = "Hostile", minutes = 1, pass_mark = 80 }'

mkdir -p "$out"
cp -R "$here"/hostile/. "$out"/

# nested-parens: the hostile code is on line 3, as in the other packs.
{
	printf '%s\n\nlocal x = ' "$header"
	head -c "$depth" /dev/zero | tr '\0' '('
	printf '1'
	head -c "$depth" /dev/zero | tr '\0' ')'
	printf '\n\nfinish [[Not reached: the line above must fail.]]\n'
} >"$out/nested-parens/m.lua"

# bytecode: a module that would be valid as source, precompiled.
src=$(mktemp)
trap 'rm -f "$src"' EXIT
cat >"$src" <<EOF
$header

finish [[Not reached: a precompiled chunk must be refused.]]
EOF
luac=
for c in luac5.4 luac; do
	if command -v "$c" >/dev/null 2>&1 &&
	   "$c" -v 2>&1 | grep -q '^Lua 5\.4'; then
		luac=$c
		break
	fi
done
if [ -n "$luac" ]; then
	"$luac" -s -o "$out/bytecode/m.lua" "$src"
else
	# ESC "Lua", version 0x54, format 0, LUAC_DATA, sizes of Instruction,
	# lua_Integer and lua_Number, then a truncated body.
	printf '\033Lua\124\000\031\223\r\n\032\n\004\010\010' >"$out/bytecode/m.lua"
fi
