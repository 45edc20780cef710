#!/bin/bash
# Every library function a pack can call does bounded work or is charged
# for it (SECURITY.md): a pack calling each one with the worst arguments the
# 32 MiB cap allows ends in FILE:LINE: error within 2 s and under 64 MiB, in
# `pack check`, in `pack test` and through `vigil serve`, and the server
# answers other requests meanwhile.  So do instructions that work in
# proportion to a string (comparing, reading it as a number).
. "$SRCDIR/tests/lib.sh"

# NAME|the hostile code, one line of Lua.  Big inputs are built inside Lua
# within the cap; the loops go on until a limit stops them.
cat >"$TMP/snippets" <<'EOF'
find|local s = ("a"):rep(2^20) s = s..s s = s..s s = s..s local p = ("a"):rep(2^20) p = p..p:sub(2).."b" for i = 1, 1e9 do local x = s:find(p, 1, true) end
sort|local s = ("x"):rep(2^20) local t = {} for i = 1, 20000 do t[i] = s end table.sort(t)
sort-function|local s = ("x"):rep(2^20) local t = {} for i = 1, 20000 do t[i] = s end table.sort(t, function(a, b) return a < b end)
concat|local t = {} for i = 1, 1e6 do t[i] = "" end for i = 1, 1e9 do local x = table.concat(t) end
concat-chain|local b = {} for i = 1, 2^16 do b[i] = "" end local t = b for i = 1, 1998 do t = setmetatable({}, { __index = t }) end t = setmetatable({}, { __index = t, __len = function() return 2^16 end }) for i = 1, 1e9 do local x = table.concat(t) end
rep|for i = 1, 1e9 do local x = ("x"):rep(2^20) end
format|local z = ("\0"):rep(2^20) z = z..z for i = 1, 1e9 do local x = string.format("%q", z) end
utf8-len|local s = ("\u{10FFFF}"):rep(2^18) s = s..s s = s..s s = s..s for i = 1, 1e9 do local x = utf8.len(s) end
utf8-offset|local s = ("\u{10FFFF}"):rep(2^18) s = s..s s = s..s s = s..s for i = 1, 1e9 do local x = utf8.offset(s, 2^21) end
utf8-codepoint|local s = ("a"):rep(2^19) for i = 1, 1e9 do local x = select("#", utf8.codepoint(s, 1, -1)) end
utf8-char|local t = {} for i = 1, 2^18 do t[i] = 0x10FFFF end for i = 1, 1e9 do local x = utf8.char(table.unpack(t)) end
insert|local t = {} for i = 1, 2^19 do t[i] = i end for i = 1, 1e9 do table.insert(t, 1, i) table.remove(t) end
insert-len|local t = setmetatable({}, { __len = function() return 2^40 end }) table.insert(t, 1, "x")
remove|local t = {} for i = 1, 2^19 do t[i] = i end for i = 1, 1e9 do table.remove(t, 1) t[#t + 1] = i end
remove-len|local t = setmetatable({}, { __len = function() return 2^40 end }) table.remove(t, 1)
unpack|local t = {} for i = 1, 2^19 do t[i] = i end for i = 1, 1e9 do local x = select("#", table.unpack(t)) end
unpack-chain|local t = {} for i = 1, 1999 do t = setmetatable({}, { __index = t }) end for i = 1, 1e9 do local x = select("#", table.unpack(t, 1, 2^19)) end
table-pack|local t = {} for i = 1, 2^18 do t[i] = i end for i = 1, 1e9 do local x = table.pack(table.unpack(t)) end
tonumber|local d = ("1"):rep(2^20) d = d..d d = d..d d = d..d d = d..d for i = 1, 1e9 do local x = tonumber(d) end
arithmetic|local d = ("1"):rep(2^20) d = d..d d = d..d d = d..d d = d..d for i = 1, 1e9 do local x = d + 0 end
math|local d = ("1"):rep(2^20) d = d..d d = d..d d = d..d d = d..d for i = 1, 1e9 do local x = math.abs(d) end
upper|local s = ("a"):rep(2^20) s = s..s s = s..s s = s..s for i = 1, 1e9 do local x = s:upper() end
lower|local s = ("A"):rep(2^20) s = s..s s = s..s s = s..s for i = 1, 1e9 do local x = s:lower() end
reverse|local s = ("a"):rep(2^20) s = s..s s = s..s s = s..s for i = 1, 1e9 do local x = s:reverse() end
byte|local s = ("a"):rep(2^19) for i = 1, 1e9 do local x = select("#", s:byte(1, -1)) end
char|local t = {} for i = 1, 2^19 do t[i] = 65 end for i = 1, 1e9 do local x = string.char(table.unpack(t)) end
sub|local s = ("a"):rep(2^20) s = s..s s = s..s s = s..s for i = 1, 1e9 do local x = s:sub(2) end
select|local t = {} for i = 1, 2^18 do t[i] = i end local function f(...) for i = 1, 1e9 do local x = select(2, ...) end end f(table.unpack(t))
compare|local z = ("\0"):rep(2^20) z = z..z z = z..z z = z..z z = z..z for i = 1, 1e9 do local x = z < z end
for-number|local d = ("1"):rep(2^20) d = d..d d = d..d d = d..d d = d..d for i = 1, 1e9 do for j = d, 0 do end end
error|local d = ("1"):rep(2^20) d = d..d d = d..d d = d..d d = d..d for i = 1, 1e9 do pcall(error, "x", d) end
EOF

# peak memory is only meaningful without the sanitizers' shadow memory
measure_mem=0
if [ -x /usr/bin/time ] && ! nm "$VIGIL" 2>/dev/null | grep -q __asan_init; then
	measure_mem=1
fi

# run_hostile OUT ARG...: runs vigil ARG... into OUT, killed after 20 s
# if it has not ended; sets status, took (ms) and kb (peak memory, or 0
# when not measured).
run_hostile() {
	local out=$1 start
	shift
	start=$(now_ms)
	if [ $measure_mem = 1 ]; then
		/usr/bin/time -f '%M' -o "$TMP/mem" \
			timeout -s KILL 20 "$VIGIL" "$@" >"$out" 2>&1
		status=$?
		kb=$(tail -n 1 "$TMP/mem")
	else
		timeout -s KILL 20 "$VIGIL" "$@" >"$out" 2>&1
		status=$?
		kb=0
	fi
	took=$(($(now_ms) - start))
}

# check_hostile NAME WHERE: the checks every hostile run must pass.
check_hostile() {
	like "$(cat "$TMP/out")" "$2: error: " "$1: error at $2"
	[ "$took" -lt 2000 ]; ok $? "$1: ends within 2 s (${took} ms)"
	[ "$kb" -lt 65536 ]; ok $? "$1: peak memory under 64 MiB (${kb} KiB)"
}

header='module { title = "Hostile", minutes = 1, pass_mark = 0 }'
mkdir -p "$TMP/top" "$TMP/when" "$TMP/packs/work"
modules=
while IFS='|' read -r name code; do
	# at the top of the module file, where pack check runs it
	mkdir -p "$TMP/top/$name"
	printf 'pack { id = "h", title = "Hostile", version = "1.0.0", modules = { "m" } }\n' \
		>"$TMP/top/$name/pack.lua"
	printf '%s\n\n%s\n\nfinish [[Not reached.]]\n' "$header" "$code" \
		>"$TMP/top/$name/m.lua"
	# in a when, where a session (pack test, serve) runs it
	mkdir -p "$TMP/when/$name"
	cp "$TMP/top/$name/pack.lua" "$TMP/when/$name/"
	printf '%s\npage [[First.]]\npage { when = function(state) %s return true end, [[Second.]] }\nfinish [[End.]]\n' \
		"$header" "$code" >"$TMP/when/$name/m.lua"
	cp "$TMP/when/$name/m.lua" "$TMP/packs/work/$name.lua"
	modules="$modules\"$name\", "
done <"$TMP/snippets"
printf 'pack { id = "work", title = "Hostile", version = "1.0.0", modules = { %s } }\n' \
	"$modules" >"$TMP/packs/work/pack.lua"

while IFS='|' read -r name code; do
	run_hostile "$TMP/out" pack check "$TMP/top/$name"
	is "$status" 1 "pack check $name: exits 1"
	check_hostile "pack check $name" "$TMP/top/$name/m.lua:3"
	run_hostile "$TMP/out" pack test "$TMP/when/$name"
	is "$status" 1 "pack test $name: exits 1"
	check_hostile "pack test $name" "$TMP/when/$name/m.lua:3"
done <"$TMP/snippets"

# The same through the web server: each module's second step fails at the
# when's line (in the log; the learner sees a plain error page) within 2 s.
if ! command -v curl >/dev/null; then
	done_testing
	exit
fi
export VIGIL_PACKS="$TMP/packs"
trap 'serve_kill; rm -rf "$TMP"' EXIT
PORT=$(free_port)
BASE="http://127.0.0.1:$PORT"
PAGE="$TMP/page"
JAR="$TMP/jar"

WEB_TIMEOUT=20

serve_start "$PORT" --signup open
ok $? "vigil serve starts"
jar_get / >/dev/null
is "$(jar_post /signin "name=Hostile Tester" "ref=H1")" 303 "a learner signs in"
log="$TMP/serve.$PORT.log"
while IFS='|' read -r name code; do
	m=/take/work/$name
	jar_get "$m" >/dev/null
	jar_post "$m/begin" >/dev/null
	jar_get "$m" >/dev/null
	step=$(page_field step)
	seq=$(page_field seq)
	# a request for the style sheet while the hostile one runs
	(sleep 0.2; s=$(now_ms); curl -s -m 20 -o /dev/null "$BASE/style.css"
	 echo $(($(now_ms) - s)) >"$TMP/css") &
	css=$!
	start=$(now_ms)
	code=$(jar_post "$m" "step=$step" "seq=$seq")
	took=$(($(now_ms) - start))
	wait "$css"
	is "$code" 500 "serve $name: the step fails with a plain error page"
	like "$(cat "$log")" "$TMP/packs/work/$name.lua:3: " \
		"serve $name: the log names the when's line"
	unlike "$(cat "$PAGE")" "$name.lua" "serve $name: the page does not"
	[ "$took" -lt 2000 ]; ok $? "serve $name: within 2 s (${took} ms)"
	[ "$(cat "$TMP/css")" -lt 1000 ]
	ok $? "serve $name: the style sheet meanwhile in $(cat "$TMP/css") ms"
done <"$TMP/snippets"
kill -0 "$SERVE_PID"; ok $? "the server is still running"
if [ $measure_mem = 1 ]; then
	kb=$(awk '/VmHWM/ {print $2}' "/proc/$SERVE_PID/status")
	[ "$kb" -lt 262144 ]
	ok $? "and its peak memory stayed bounded (${kb} KiB)"
fi
is "$(curl -s -m 20 -o /dev/null -w '%{http_code}' "$BASE/style.css")" 200 \
	"and answers"
serve_kill
done_testing
