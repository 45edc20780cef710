#!/bin/sh
# embed.sh NAME FILE...: prints each FILE as a C array of its bytes and a
# NUL, named after the NAME given before it, so that files of the source
# tree are built into the binary.  POSIX od and sed only (no xxd).
#
#   sh embed.sh pack_lua pack.lua module_lua first-module.lua >files.h
set -e
echo "/* Made by templates/embed.sh from the files named below; edit those. */"
while [ $# -ge 2 ]; do
	name=$1
	file=$2
	shift 2
	[ -r "$file" ] || { echo "embed.sh: cannot read '$file'" >&2; exit 1; }
	printf '\n/* %s */\nstatic const char %s[] = {\n' "templates/${file##*templates/}" "$name"
	od -An -v -tx1 "$file" |
		sed -e 's/ \([0-9a-f][0-9a-f]\)/ 0x\1,/g' -e 's/^ */	/' \
		    -e 's/ *$//' -e '/^	$/d'
	printf '\t0\n};\n'
done
if [ $# -ne 0 ]; then
	echo "embed.sh: usage: embed.sh NAME FILE [NAME FILE]..." >&2
	exit 2
fi
