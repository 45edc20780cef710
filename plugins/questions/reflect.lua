-- reflect.lua: a reflection. The learner writes their own answer in free
-- text; nothing is marked right or wrong, and any answer earns the score.
-- Question-type plugin, API version 2 (see doc/plugins.md).

-- Points the reflection is worth: the author's score (the engine has
-- checked it), else 0, so that by default it does not count towards the result.
local function max(q)
  return math.tointeger(q.score or 0)
end

-- Finds the author's mistakes so that the pack check can point at each one.
local function check(q, report)
  local options, items = q.options or {}, q.items or {}
  if type(q.text) ~= "string" then
    report("a reflection needs its question text, written first inside the braces")
  end
  if #options > 0 then
    report("a reflection is answered in the learner's own words, remove the right/wrong options",
      options[1])
  end
  if #items > 0 then
    report("a reflection takes one question text, found more text after it: " ..
      "join them into one text")
  end
end

-- Nothing to choose from: the learner types their answer.
local function present(q, ctx)
  return {}
end

-- Any answer earns the full score and is neither right nor wrong; the
-- author's feedback (often a model answer) is shown after it.
local function grade(q, shown, answer, ctx)
  return { points = ctx.max, correct = nil, feedback = q.feedback }
end

return {
  api = 2,
  input = "text",
  refuse = { shuffle = "a reflection has no options to shuffle" },
  check = check,
  max = max,
  present = present,
  grade = grade,
}
