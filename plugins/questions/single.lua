-- single.lua: a single-choice question. The learner picks one option;
-- exactly one option is right. Question-type plugin, API version 2
-- (see doc/plugins.md).

-- Finds the author's mistakes so that the pack check can point at each one.
local function check(q, report)
  local options, items = q.options or {}, q.items or {}
  if type(q.text) ~= "string" then
    report("a single-choice question needs its question text, written first inside the braces")
  end
  if #items > 0 then
    report("a single-choice question marks each option with right or wrong, " ..
      "found plain text after the question: write right \"...\" or wrong \"...\"")
  end
  if #options < 2 then
    report("a single-choice question needs at least two options, found " .. #options)
  end
  local rights, seen = 0, {}
  for _, o in ipairs(options) do
    if o.right then rights = rights + 1 end
    if seen[o.text] then
      report("this option has the same text as an earlier one, make each option different", o)
    end
    seen[o.text] = true
  end
  if #options > 0 and rights ~= 1 then
    report("a single-choice question needs exactly one right option, found " .. rights)
  end
end

-- Lists the options, shuffled unless the author asked not to, keeping
-- what grade needs to know about each.
local function present(q, ctx)
  local shown = {}
  for i, o in ipairs(q.options) do
    shown[i] = { text = o.text, right = o.right, feedback = o.feedback }
  end
  if q.shuffle == false then return shown end
  return ctx.shuffle(shown)
end

-- Marks the chosen option; when it is wrong, says which one was right.
local function grade(q, shown, answer, ctx)
  local chosen = shown[answer]
  local right = chosen.right == true
  -- No verdict here: the engine says right or not, once, beside the points.
  local parts = {}
  if not right then
    for _, s in ipairs(shown) do
      if s.right then parts[#parts + 1] = "The answer was: " .. s.text end
    end
  end
  if chosen.feedback then parts[#parts + 1] = chosen.feedback end
  if q.feedback then parts[#parts + 1] = q.feedback end
  return { points = right and ctx.max or 0, correct = right,
           feedback = #parts > 0 and table.concat(parts, "\n\n") or nil }
end

return {
  api = 2,
  input = "one",
  check = check,
  present = present,
  grade = grade,
}
