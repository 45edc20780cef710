-- model-path.lua: prints the answers of a pack's first playthrough that
-- expects a pass, one answer per line, for a test to play with drive_texts.
--
--     lua5.4 model-path.lua TESTS-FILE
--
-- The first line is the module; each line after it is one answer as
-- drive_texts (tests/lib.sh) takes it: several texts, for a question with
-- several answers or an order, joined by " | ".  The file is run with
-- only `playthrough` defined, as pack test runs it.
local path = assert(arg[1], "usage: model-path.lua TESTS-FILE")
local found

local function texts(entry)
  if type(entry) == "string" then return { entry } end
  local out = {}
  for _, v in ipairs(entry) do
    if type(v) == "table" then
      for _, w in ipairs(v) do out[#out + 1] = w end
    else
      out[#out + 1] = v
    end
  end
  return out
end

local env = {
  playthrough = function(_)
    return function(t)
      if found or t.result ~= "passed" then return end
      found = { t.module }
      for _, entry in ipairs(t) do
        found[#found + 1] = table.concat(texts(entry), " | ")
      end
    end
  end,
}
local chunk = assert(loadfile(path, "t", env))
chunk()
if not found then
  io.stderr:write(path, ": no playthrough expects a pass\n")
  os.exit(1)
end
for _, line in ipairs(found) do
  assert(not line:find("\n"), path .. ": an answer spans lines")
  print(line)
end
