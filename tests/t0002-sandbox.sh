#!/bin/bash
# Every hostile pack of SECURITY.md ends in a FILE:LINE error, exit 1, within
# a second, without a crash and with bounded memory.
. "$SRCDIR/tests/lib.sh"

sh "$SRCDIR/tests/gen-hostile.sh" "$TMP/h" >/dev/null
# peak memory is only meaningful without the sanitizers' shadow memory
measure_mem=0
if [ -x /usr/bin/time ] && ! nm "$VIGIL" 2>/dev/null | grep -q __asan_init; then
	measure_mem=1
fi

for dir in "$TMP"/h/*/; do
	name=$(basename "$dir")
	[ -f "$dir/EXPECTED" ] || continue
	where=$(sed -n 1p "$dir/EXPECTED")
	want=$(sed -n 2p "$dir/EXPECTED")
	start=$(now_ms)
	if [ $measure_mem = 1 ]; then
		/usr/bin/time -f '%M' -o "$TMP/mem" "$VIGIL" pack check "$dir" \
			>"$TMP/out" 2>&1
	else
		"$VIGIL" pack check "$dir" >"$TMP/out" 2>&1
	fi
	status=$?
	took=$(($(now_ms) - start))
	out=$(cat "$TMP/out")
	is "$status" 1 "$name: exits 1 (no crash)"
	like "$out" "${dir}$where: error: " "$name: error at $where"
	like "$out" "$want" "$name: message says '$want'"
	[ "$took" -lt 1000 ]; ok $? "$name: ends within a second (${took} ms)"
	if [ $measure_mem = 1 ]; then
		kb=$(tail -n 1 "$TMP/mem")
		[ "$kb" -lt 65536 ]; ok $? "$name: peak memory under 64 MiB (${kb} KiB)"
	fi
done

# One pack's changes to globals and libraries are not seen by another.
out=$("$VIGIL" pack check "$TMP/h/globals-a" "$TMP/h/globals-b" 2>&1)
unlike "$out" "globals-a/m.lua" "globals-a itself loads cleanly"
like "$out" "globals-b/m.lua:4: error: unknown global 'SHARED'" \
	"globals-b does not see globals-a's global"
unlike "$out" "globals-b/m.lua:3" "globals-b's string.len still works"

# What the sandbox leaves: the allowed libraries work.
mkdir -p "$TMP/ok"
cat >"$TMP/ok/pack.lua" <<'LUA'
pack { id = "ok", title = "Allowed", version = "1.0.0", modules = { "m" } }
LUA
cat >"$TMP/ok/m.lua" <<'LUA'
module { title = "Allowed", minutes = 1 }
assert(string.format("%d-%s", 3, ("ab"):upper()) == "3-AB")
assert(("a.b"):find(".", 1) == 2)                 -- plain find
assert(table.concat({ "x", "y" }, ",") == "x,y")
assert(math.floor(2.5) == 2 and utf8.len("Siân") == 4)
assert(pcall(error, "caught") == false)           -- pcall still works
assert(getmetatable("") == nil)                   -- string metatable hidden
local t = setmetatable({}, { __index = function() return 1 end })
assert(t.anything == 1)
assert(math.random == nil and string.dump == nil)
assert(not pcall(function() return os end))
page [[Fine.]]
LUA
out=$("$VIGIL" pack check "$TMP/ok" 2>&1); ok $? "allowed library functions work ($out)"

# A limit tripped inside a when() during a session stops the session cleanly.
cat >"$TMP/ok/m.lua" <<'LUA'
module { title = "Loop later", minutes = 1 }
page [[First.]]
page { when = function() while true do end end, [[Never.]] }
LUA
out=$(printf '\n\n' | "$VIGIL" pack play "$TMP/ok" --seed 1 2>&1)
is $? 1 "a loop in when() during play exits 1"
like_limit "$out" "$TMP/ok/m.lua:3: error: " "" "and names the when's line as a diagnostic"

# Lua shortens long file names; a failing session still names the whole file.
long="$TMP/a-folder-with-a-long-name-that-lua-would-shorten-in-its-messages"
mkdir -p "$long"
cp -R "$TMP/ok" "$long/"
out=$(printf '\n\n' | "$VIGIL" pack play "$long/ok" --seed 1 2>&1)
like_limit "$out" "$long/ok/m.lua:3: error: " "" "a long file name is given whole during play"
printf 'module { title = "M", minutes = 1 }\npage [[x]]\npage {\n' >"$long/ok/m.lua"
out=$("$VIGIL" pack check "$long/ok" 2>&1)
like "$out" "$long/ok/m.lua:3: error: the { here is never closed" "and in a syntax error"
done_testing
