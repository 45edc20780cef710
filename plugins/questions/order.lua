-- order.lua: an ordering question. The author lists the items in the right
-- order; the learner sees them shuffled and puts them back in order.
-- Question-type plugin, API version 1 (see doc/plugins.md).

-- The fields an order question may have: the engine's own ones.
-- (shuffle is the engine's, but the items are always shuffled: see check.)
local KNOWN = { id = true, type = true, text = true, options = true, items = true,
  score = true, feedback = true, line = true, when = true, shuffle = true }

-- Says what a wrong value is in a message: the number itself, else its type.
local function describe(v)
  if type(v) == "number" then return tostring(v) end
  return "a " .. type(v)
end

-- Points the question is worth: the author's score, else 1.
local function max(q)
  if type(q.score) == "number" then return math.tointeger(q.score) or 1 end
  return 1
end

-- Finds the author's mistakes so that the pack check can point at each one.
local function check(q, report)
  local options, items = q.options or {}, q.items or {}
  if type(q.text) ~= "string" then
    report("an order question needs its question text, written first inside the braces")
  end
  if #options > 0 then
    report("an order question lists its items as plain text in the right order, " ..
      "without right or wrong", options[1])
  end
  if #items < 2 then
    report("an order question needs at least two items after the question, " ..
      "listed in the right order, found " .. #items)
  end
  local seen = {}
  for i, text in ipairs(items) do
    if seen[text] then
      report("item " .. i .. " has the same text as item " .. seen[text] ..
        ", make each item different")
    else
      seen[text] = i
    end
  end
  local s = q.score
  if s ~= nil and not (type(s) == "number" and math.tointeger(s) and s >= 0) then
    report("score must be a whole number, 0 or more, found " .. describe(s), "score")
  end
  if q.shuffle ~= nil then
    report("an order question always shuffles its items, remove shuffle", "shuffle")
  end
  local unknown = {}
  for k in pairs(q) do
    if not KNOWN[k] then unknown[#unknown + 1] = tostring(k) end
  end
  table.sort(unknown)   -- pairs has no fixed order; keep the messages stable
  for _, k in ipairs(unknown) do
    report("unknown field '" .. k .. "' in an " .. tostring(q.type) .. " question", k)
  end
end

-- Shuffles the items, each remembering its right place. A shuffle that
-- happens to give the right order is turned by one, so there is always
-- something to do.
local function present(q, ctx)
  local list = {}
  for i, text in ipairs(q.items) do list[i] = { text = text, place = i } end
  local shown = ctx.shuffle(list)
  local inorder = true
  for i, s in ipairs(shown) do
    if s.place ~= i then inorder = false end
  end
  if inorder then table.insert(shown, table.remove(shown, 1)) end
  return shown
end

-- Right only for the exact order; otherwise shows the right order.
local function grade(q, shown, answer)
  local right = true
  for k, i in ipairs(answer) do
    if shown[i].place ~= k then right = false end
  end
  local parts = { right and "**Right.**" or "**Not quite.**" }
  if not right then
    local list = {}
    for i, text in ipairs(q.items) do list[i] = i .. ". " .. text end
    parts[#parts + 1] = "The right order is:\n\n" .. table.concat(list, "\n")
  end
  if q.feedback then parts[#parts + 1] = q.feedback end
  return { points = right and max(q) or 0, correct = right,
           feedback = table.concat(parts, "\n\n") }
end

return {
  api = 1,
  input = "order",
  check = check,
  max = max,
  present = present,
  grade = grade,
}
