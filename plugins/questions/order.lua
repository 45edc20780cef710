-- order.lua: an ordering question. The author lists the items in the right
-- order; the learner sees them shuffled and puts them back in order.
-- Question-type plugin, API version 2 (see doc/plugins.md).

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
local function grade(q, shown, answer, ctx)
  local right = true
  for k, i in ipairs(answer) do
    if shown[i].place ~= k then right = false end
  end
  -- No verdict here: the engine says right or not, once, beside the points.
  local parts = {}
  if not right then
    local list = {}
    for i, text in ipairs(q.items) do list[i] = i .. ". " .. text end
    parts[#parts + 1] = "The right order is:\n\n" .. table.concat(list, "\n")
  end
  if q.feedback then parts[#parts + 1] = q.feedback end
  return { points = right and ctx.max or 0, correct = right,
           feedback = #parts > 0 and table.concat(parts, "\n\n") or nil }
end

return {
  api = 2,
  input = "order",
  refuse = { shuffle = "an order question always shuffles its items" },
  check = check,
  present = present,
  grade = grade,
}
