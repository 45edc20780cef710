-- multiple.lua: a multiple-choice question. The learner picks any number of
-- options; the answer counts only when the chosen options are exactly the
-- right ones. Question-type plugin, API version 2 (see doc/plugins.md).

-- Finds the author's mistakes so that the pack check can point at each one.
local function check(q, report)
  local options, items = q.options or {}, q.items or {}
  if type(q.text) ~= "string" then
    report("a multiple-choice question needs its question text, written first inside the braces")
  end
  if #items > 0 then
    report("a multiple-choice question marks each option with right or wrong, " ..
      "found plain text after the question: write right \"...\" or wrong \"...\"")
  end
  if #options < 2 then
    report("a multiple-choice question needs at least two options, found " .. #options)
  end
  local rights, seen = 0, {}
  for _, o in ipairs(options) do
    if o.right then rights = rights + 1 end
    if seen[o.text] then
      report("this option has the same text as an earlier one, make each option different", o)
    end
    seen[o.text] = true
  end
  if #options > 0 and rights == 0 then
    report("a multiple-choice question needs at least one right option, found none")
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

-- All or nothing: right only when the chosen set is the right set. The
-- feedback explains each choice made and names each right option missed.
local function grade(q, shown, answer, ctx)
  local picked = {}
  for _, i in ipairs(answer) do picked[i] = true end
  local right = true
  for i, s in ipairs(shown) do
    if (picked[i] == true) ~= (s.right == true) then right = false end
  end
  -- No verdict here: the engine says right or not, once, beside the points.
  local parts = {}
  for _, i in ipairs(answer) do
    if shown[i].feedback then parts[#parts + 1] = shown[i].feedback end
  end
  for i, s in ipairs(shown) do
    if s.right and not picked[i] then parts[#parts + 1] = "You missed: " .. s.text end
  end
  if q.feedback then parts[#parts + 1] = q.feedback end
  return { points = right and ctx.max or 0, correct = right,
           feedback = #parts > 0 and table.concat(parts, "\n\n") or nil }
end

return {
  api = 2,
  input = "many",
  check = check,
  present = present,
  grade = grade,
}
