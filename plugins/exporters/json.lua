-- json.lua: every attempt with its answers, as one JSON array
-- (doc/exports.md lists the fields). Exporter plugin, API version 2
-- (see doc/plugins.md).
--
-- Each attempt is one object on a line of its own.  Every field is always
-- present; what is unknown or not yet set is null.

-- v, or null when v is nil.
local function or_null(v)
  if v == nil then return vigil.json_null end
  return v
end

-- The attempt as the documented object.
local function object(a)
  local answers = {}
  for i, ans in ipairs(a.answers) do
    answers[i] = {
      step = ans.step,
      input = ans.input,
      points = ans.points,
      at = or_null(ans.at),
    }
  end
  return {
    attempt = a.id,
    uuid = or_null(a.uuid),
    statement_id = or_null(a.statement_id),
    learner = {
      ref = a.learner.ref,
      name = or_null(a.learner.name),
      email = or_null(a.learner.email),
      role = or_null(a.learner.role),
    },
    pack = {
      id = a.pack.id,
      title = or_null(a.pack.title),
      version = or_null(a.pack.version),
      hash = or_null(a.pack.hash),
    },
    module = { id = a.module.id, title = or_null(a.module.title) },
    seed = a.seed,
    status = a.status,
    started = or_null(a.started),
    ended = or_null(a.ended),
    duration = or_null(a.duration),
    score = or_null(a.score),
    max = or_null(a.max),
    percent = or_null(a.percent),
    pass_mark = or_null(a.pass_mark),
    cpd_minutes = or_null(a.minutes),
    expires = or_null(a.expires),
    certificate = or_null(a.certificate),
    answers = answers,
  }
end

-- Attempts are separated by ",\n"; this says whether one came before.
local count = 0

local function begin(write)
  count = 0
  write("[")
end

local function attempt(a, write)
  if count > 0 then write(",\n") else write("\n") end
  count = count + 1
  write(vigil.json_encode(object(a)))
end

local function finish(write)
  if count > 0 then write("\n") end
  write("]\n")
end

return {
  api = 2,
  media_type = "application/json",
  extension = "json",
  answers = true,
  begin = begin,
  attempt = attempt,
  finish = finish,
}
