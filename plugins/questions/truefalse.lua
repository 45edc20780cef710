-- truefalse.lua: a true/false question. The learner says whether the
-- statement is true; the author gives the truth as answer = true or false.
-- Question-type plugin, API version 2 (see doc/plugins.md).

-- Says what a wrong value is in a message: the number itself, else its type.
local function describe(v)
  if type(v) == "number" then return tostring(v) end
  return "a " .. type(v)
end

-- Finds the author's mistakes so that the pack check can point at each one.
local function check(q, report)
  local options, items = q.options or {}, q.items or {}
  if type(q.text) ~= "string" then
    report("a true/false question needs its statement, written first inside the braces")
  end
  if q.answer == nil then
    report("a true/false question needs answer = true or answer = false")
  elseif type(q.answer) ~= "boolean" then
    report("answer must be true or false (without quotes), found " .. describe(q.answer), "answer")
  end
  if #options > 0 then
    report("a true/false question takes answer = true or false, not right/wrong options", options[1])
  end
  if #items > 0 then
    report("a true/false question takes one statement, found more text after it")
  end
end

-- Always the same two choices in the same order, so learners are not tripped
-- up by a swapped True and False.
local function present(q, ctx)
  return { { text = "True", value = true }, { text = "False", value = false } }
end

-- Right when the chosen value is the author's answer.
local function grade(q, shown, answer, ctx)
  local right = shown[answer].value == q.answer
  -- No verdict here: the engine says right or not, once, beside the points.
  local parts = {}
  if not right then
    parts[#parts + 1] = "The answer was: " .. (q.answer and "True" or "False")
  end
  if q.feedback then parts[#parts + 1] = q.feedback end
  return { points = right and ctx.max or 0, correct = right,
           feedback = #parts > 0 and table.concat(parts, "\n\n") or nil }
end

return {
  api = 2,
  input = "one",
  fields = { answer = true },  -- its own field; the engine checks the others
  refuse = { shuffle = "a true/false question always shows True then False" },
  check = check,
  present = present,
  grade = grade,
}
