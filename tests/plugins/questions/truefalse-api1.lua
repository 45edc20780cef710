-- truefalse-api1.lua: the built-in truefalse type as written for plugin
-- API 1, kept so that tests/t0040-plugin-api.sh shows API 1 still runs.
--
-- A true/false question. The learner says whether the
-- statement is true; the author gives the truth as answer = true or false.
-- Question-type plugin, API version 1 (see doc/plugins.md).

-- The fields a true/false question may have: the engine's own ones, and answer.
-- (shuffle is the engine's, but True always comes before False: see check.)
local KNOWN = { id = true, type = true, text = true, options = true, items = true,
  score = true, feedback = true, line = true, when = true, shuffle = true, answer = true }

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
  local s = q.score
  if s ~= nil and not (type(s) == "number" and math.tointeger(s) and s >= 0) then
    report("score must be a whole number, 0 or more, found " .. describe(s), "score")
  end
  if q.shuffle ~= nil then
    report("a true/false question always shows True then False, remove shuffle", "shuffle")
  end
  local unknown = {}
  for k in pairs(q) do
    if not KNOWN[k] then unknown[#unknown + 1] = tostring(k) end
  end
  table.sort(unknown)   -- pairs has no fixed order; keep the messages stable
  for _, k in ipairs(unknown) do
    report("unknown field '" .. k .. "' in a " .. tostring(q.type) .. " question", k)
  end
end

-- Always the same two choices in the same order, so learners are not tripped
-- up by a swapped True and False.
local function present(q, ctx)
  return { { text = "True", value = true }, { text = "False", value = false } }
end

-- Right when the chosen value is the author's answer.
local function grade(q, shown, answer)
  local right = shown[answer].value == q.answer
  local parts = { right and "**Right.**" or "**Not quite.**" }
  if not right then
    parts[#parts + 1] = "The answer was: " .. (q.answer and "True" or "False")
  end
  if q.feedback then parts[#parts + 1] = q.feedback end
  return { points = right and max(q) or 0, correct = right,
           feedback = table.concat(parts, "\n\n") }
end

return {
  api = 1,
  input = "one",
  check = check,
  max = max,
  present = present,
  grade = grade,
}
