-- xapi.lua: one xAPI 1.0.3 statement per finished attempt, as a JSON array
-- that can be sent to a Learning Record Store (doc/exports.md). Exporter
-- plugin, API version 2 (see doc/plugins.md).
--
-- Section numbers below are those of the specification's part two,
-- "Experience API (xAPI) Data".  Attempts still in progress or abandoned
-- have no outcome to state and are left out.

local VERBS = "http://adlnet.gov/expapi/verbs/"
local ACTIVITIES = "http://adlnet.gov/expapi/activities/"

-- Bytes that may stand for themselves in a path segment of an IRI; every
-- other byte is percent-encoded (pack and module ids are [a-z0-9-] anyway).
local SAFE = {}
for _, range in ipairs({ { "a", "z" }, { "A", "Z" }, { "0", "9" } }) do
  for b = range[1]:byte(), range[2]:byte() do SAFE[b] = true end
end
for _, c in ipairs({ "-", ".", "_", "~" }) do SAFE[c:byte()] = true end

-- s as one path segment of an IRI.
local function segment(s)
  local out = {}
  for i = 1, #s do
    local b = s:byte(i)
    if SAFE[b] then out[i] = string.char(b) else out[i] = string.format("%%%02X", b) end
  end
  return table.concat(out)
end

-- Whole seconds as an ISO 8601 duration, "PT1H2M3S" (4.6); attempts
-- resumed on another day say so with days, "P1DT2H3M4S".
local function duration(s)
  local days = s // 86400
  local text = string.format("T%dH%dM%dS", s % 86400 // 3600, s % 3600 // 60, s % 60)
  if days > 0 then return string.format("P%dD", days) .. text end
  return "P" .. text
end

-- Whether s looks like an RFC 5646 language tag ("en-GB", "cy"): subtags
-- of 1 to 8 letters or digits joined by hyphens, the first 2 to 8 letters.
-- A pack's language that is not is ignored rather than make the statement
-- invalid (4.2).
local function is_language_tag(s)
  if type(s) ~= "string" or #s == 0 or #s > 35 then return false end
  local first, len = true, 0
  for i = 1, #s + 1 do
    local b = s:byte(i)
    if b == nil or b == 45 then
      if len < 1 or len > 8 or (first and len < 2) then return false end
      first, len = false, 0
    elseif (b >= 65 and b <= 90) or (b >= 97 and b <= 122) then
      len = len + 1
    elseif b >= 48 and b <= 57 and not first then
      len = len + 1
    else
      return false
    end
  end
  return true
end

-- An Activity (2.4.4.1): its IRI, and a definition with a name in the
-- language map (4.2) when there is a title.
local function activity(iri, title, type_iri, language)
  local definition = { type = type_iri }
  if title and title ~= "" then definition.name = { [language] = title } end
  return { objectType = "Activity", id = iri, definition = definition }
end

-- The statement for a finished attempt (2.4).
local function statement(a, options)
  -- Titles are in the pack's language (RFC 5646 tags, as 4.2 asks).
  local base, language = options.base, options.language
  if is_language_tag(a.pack.language) then language = a.pack.language end
  local passed = a.status == "passed"
  local verb = passed and "passed" or "failed"
  local pack_iri = base .. "packs/" .. segment(a.pack.id)
  local module_iri = pack_iri .. "/modules/" .. segment(a.module.id)

  -- 2.4.2.1: an Agent with exactly one identifier, the learner's account
  -- on this Vigil (2.4.2.4), whose home page is the school's address.
  local actor = { objectType = "Agent", account = { homePage = base, name = a.learner.ref } }
  if a.learner.name and a.learner.name ~= "" then actor.name = a.learner.name end

  -- 2.4.5: success and completion; the score only when there were points
  -- to score, since min must be less than max (2.4.5.1).
  local result = { success = passed, completion = true }
  if a.max and a.max > 0 then
    result.score = { scaled = a.score / a.max, raw = a.score, min = 0, max = a.max }
  end
  if a.duration then result.duration = duration(a.duration) end

  -- 2.4.6: the attempt is the registration; the pack is the module's
  -- parent (2.4.6.2); its version and content hash are extensions (4.1)
  -- keyed by IRIs under the school's address.
  local extensions, any = {}, false
  if a.pack.version then extensions[base .. "xapi/pack-version"] = a.pack.version; any = true end
  if a.pack.hash then extensions[base .. "xapi/pack-hash"] = a.pack.hash; any = true end
  local context = {
    registration = a.uuid,
    contextActivities = {
      parent = { activity(pack_iri, a.pack.title, ACTIVITIES .. "course", language) },
    },
    platform = "Vigil",
    language = language,
  }
  -- 2.2: no property whose value is an empty object.
  if any then context.extensions = extensions end

  return {
    -- 2.4.1: the id stored with the attempt, so every export of it gives
    -- the same statement and an LRS never records it twice.
    id = a.statement_id,
    actor = actor,
    verb = { id = VERBS .. verb, display = { [language] = verb } },
    object = activity(module_iri, a.module.title, ACTIVITIES .. "module", language),
    result = result,
    context = context,
    -- 2.4.7 and 4.5: when it ended, in UTC.  No "version": a provider
    -- should not set it (2.4.10).
    timestamp = a.ended,
  }
end

-- Statements are separated by ",\n"; this says whether one came before.
local count = 0

local function begin(write)
  count = 0
  write("[")
end

local function attempt(a, write, options)
  if a.status ~= "passed" and a.status ~= "not passed" then return end
  if count > 0 then write(",\n") else write("\n") end
  count = count + 1
  write(vigil.json_encode(statement(a, options)))
end

local function finish(write)
  if count > 0 then write("\n") end
  write("]\n")
end

return {
  api = 2,
  media_type = "application/json",
  extension = "json",
  begin = begin,
  attempt = attempt,
  finish = finish,
}
