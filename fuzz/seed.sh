#!/bin/sh
# seed.sh SRCDIR OUT - writes the fuzz targets' seed corpora under
# OUT/TARGET/ from the repository's own packs, documents and test fixtures,
# so that no input is kept twice.
set -eu

src=$1
out=$2
rm -rf "$out"
mkdir -p "$out/pack" "$out/markdown" "$out/roster" "$out/form"
seed() { # seed TARGET: the seed on stdin, named by its checksum
	cat >"$out/$1/new"
	sum=$(cksum <"$out/$1/new" | tr ' ' -)
	mv "$out/$1/new" "$out/$1/seed-$sum"
}

# pack: each pack's pack.lua listing the one module "m", then each of its
# modules (fuzz/fuzz-pack.c); the hostile sandbox scripts as modules too.
sep='--8<-- m.lua'
one_module() { perl -0pe 's/modules\s*=\s*\{[^}]*\}/modules = { "m" }/s' "$1"; }
for dir in "$src"/packs/*/ "$src"/tests/packs/*/; do
	[ -f "$dir/pack.lua" ] || continue
	for m in "$dir"*.lua; do
		[ "$(basename "$m")" = pack.lua ] && continue
		{ one_module "$dir/pack.lua"; printf '\n%s\n' "$sep"; cat "$m"; } |
			seed pack
	done
done
for h in "$src"/tests/hostile/*; do
	[ -f "$h" ] || continue
	{ one_module "$src/tests/packs/example/pack.lua"; printf '\n%s\n' "$sep"
	  cat "$h"; } | seed pack
done

# and the example module with an author's everyday mistakes, each made
# once (src/explain.c): a comma left out, ]] written ], a curly quote, an
# apostrophe in a single-quoted text, = in a condition.
for edit in 's/\]\],\n/],\n/' 's/",\n/"\n/' 's/= "/= \xe2\x80\x9c/' \
    "s/\"Tell/'Don't tell/" 's/return state\.(\w+)/return state.$1 = true/'; do
	{ one_module "$src/tests/packs/example/pack.lua"; printf '\n%s\n' "$sep"
	  perl -0pe "$edit" "$src/tests/packs/example/basics.lua"; } | seed pack
done

# markdown: a width byte ('H' is 72 columns), then a text: the Markdown
# documents and every long string ([[...]]) of the packs.
for f in "$src"/README.md "$src"/doc/*.md "$src"/packs/README.md \
    "$src"/tests/packs/*/*.md; do
	[ -f "$f" ] || continue
	{ printf H; cat "$f"; } | seed markdown
done
for f in "$src"/packs/*/*.lua "$src"/tests/packs/*/*.lua; do
	OUT="$out/markdown" perl -0ne 'while (/\[\[(.*?)\]\]/sg) {
		open(my $o, ">", "$ENV{OUT}/long-" . ++$main::n . "-$$")
			or die; print $o "H$1\n"; close($o) }' "$f"
done

# roster: staff lists with the columns in each order and case, quoting,
# a byte order mark, CRLF, blank lines and cells a spreadsheet would run.
printf 'ref,name,email,role\nT1,Ann Lee,ann@school.example,Teacher\n' |
	seed roster
printf '\357\273\277Name, REF ,Role,email\r\n"Lee, Ann",T1,Teacher,a@b.example\r\n"=HYPERLINK(""http://x"")",T2,,\r\n' |
	seed roster
printf 'name,ref\n"Line one\nLine two",T5\n\n,,\n-2+3,T3\n@SUM(1),T4\nAnn,T1\nAnn,T1\n' |
	seed roster
printf 'ref;name\nT1;Ann\n' | seed roster

# form: a path made from each route pattern, a CSRF cookie, the kind of
# step and its number of options (fuzz/fuzz-form.c), then a form body.
csrf=0123456789abcdef0123456789abcdef
sed -n 's/^	{ "\(GET\|POST\)", "\([^"]*\)".*/\2/p' \
    "$src"/src/web-signin.c "$src"/src/web-take.c \
    "$src"/src/web-verify.c "$src"/src/web-admin*.c | sort -u |
while read -r pattern; do
	path=$(printf '%s' "$pattern" | sed 's/\*/online-blackmail/; s/\*/reporting/; s/\*/42/')
	printf '%s\n%s\001\004csrf=%s&step=start&seq=0&choice=2\n' \
		"$path" "$csrf" "$csrf" | seed form
done
printf '/take/p/m\n%s\002\004csrf=%s&choice=1&choice=3&choice=4\n' \
	"$csrf" "$csrf" | seed form
printf '/take/p/m\n%s\003\003pos-1=2&pos-2=3&pos-3=1&csrf=%s\n' \
	"$csrf" "$csrf" | seed form
printf '/take/p/m\n%s\004\000text=I+would+tell+the+DSL%%0D%%0Atoday&csrf=x\n' \
	"$csrf" | seed form
