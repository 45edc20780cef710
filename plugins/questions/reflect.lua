-- reflect.lua: a reflection. The learner writes their own answer in free
-- text; nothing is marked right or wrong, and any answer earns the score.
-- Question-type plugin, API version 1 (see doc/plugins.md).

-- The fields a reflection may have: the engine's own ones.
-- (shuffle is the engine's, but a reflection has nothing to shuffle: see check.)
local KNOWN = { id = true, type = true, text = true, options = true, items = true,
  score = true, feedback = true, line = true, when = true, shuffle = true }

-- Says what a wrong value is in a message: the number itself, else its type.
local function describe(v)
  if type(v) == "number" then return tostring(v) end
  return "a " .. type(v)
end

-- Points the reflection is worth: the author's score, else 0, so that by
-- default it does not count towards the result.
local function max(q)
  if type(q.score) == "number" then return math.tointeger(q.score) or 0 end
  return 0
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
  local s = q.score
  if s ~= nil and not (type(s) == "number" and math.tointeger(s) and s >= 0) then
    report("score must be a whole number, 0 or more, found " .. describe(s), "score")
  end
  if q.shuffle ~= nil then
    report("a reflection has no options to shuffle, remove shuffle", "shuffle")
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

-- Nothing to choose from: the learner types their answer.
local function present(q, ctx)
  return {}
end

-- Any answer earns the full score and is neither right nor wrong; the
-- author's feedback (often a model answer) is shown after it.
local function grade(q, shown, answer)
  return { points = max(q), correct = nil, feedback = q.feedback }
end

return {
  api = 1,
  input = "text",
  check = check,
  max = max,
  present = present,
  grade = grade,
}
