-- csv.lua: one row per attempt, for spreadsheets (doc/exports.md).
-- Exporter plugin, API version 1 (see doc/plugins.md).
--
-- RFC 4180 with every field quoted and CRLF line ends, in UTF-8 with a
-- byte-order mark so that Excel reads it as UTF-8.  A field that starts
-- with = + - @, a tab, CR, LF or NUL gets a ' in front, so that no
-- spreadsheet runs it as a formula (SECURITY.md, "Exports").

-- The columns, in order; doc/exports.md documents each and they never
-- change meaning.  Each entry: the header, then how to get the value.
local COLUMNS = {
  { "attempt", function(a) return a.id end },
  { "learner_ref", function(a) return a.learner.ref end },
  { "learner_name", function(a) return a.learner.name end },
  { "learner_email", function(a) return a.learner.email end },
  { "learner_role", function(a) return a.learner.role end },
  { "pack", function(a) return a.pack.id end },
  { "pack_version", function(a) return a.pack.version end },
  { "pack_hash", function(a) return a.pack.hash end },
  { "module", function(a) return a.module.id end },
  { "module_title", function(a) return a.module.title end },
  { "status", function(a) return a.status end },
  { "started", function(a) return a.started end },
  { "ended", function(a) return a.ended end },
  { "score", function(a) return a.score end },
  { "max", function(a) return a.max end },
  { "percent", function(a) return a.percent end },
  { "pass_mark", function(a) return a.pass_mark end },
  { "cpd_minutes", function(a) return a.minutes end },
  { "expires", function(a) return a.expires end },
  { "certificate", function(a) return a.certificate end },
}

-- First bytes that make a spreadsheet treat a cell as a formula.
local RISKY = { ["="] = true, ["+"] = true, ["-"] = true, ["@"] = true,
  ["\t"] = true, ["\r"] = true, ["\n"] = true, ["\0"] = true }

-- One field, quoted, quotes doubled, defused if it could be a formula;
-- nil (unknown or not yet set) is an empty field.
local function field(v)
  if v == nil then return '""' end
  local s = tostring(v)
  if RISKY[s:sub(1, 1)] then s = "'" .. s end
  local parts, from = {}, 1
  while true do
    local at = s:find('"', from, true)
    if not at then break end
    parts[#parts + 1] = s:sub(from, at)
    parts[#parts + 1] = '"'
    from = at + 1
  end
  parts[#parts + 1] = s:sub(from)
  return '"' .. table.concat(parts) .. '"'
end

-- The byte-order mark and the header row.
local function begin(write)
  local names = {}
  for i, c in ipairs(COLUMNS) do names[i] = field(c[1]) end
  write("\239\187\191", table.concat(names, ","), "\r\n")
end

-- One row for the attempt.
local function attempt(a, write)
  local cells = {}
  for i, c in ipairs(COLUMNS) do cells[i] = field(c[2](a)) end
  write(table.concat(cells, ","), "\r\n")
end

return {
  api = 1,
  media_type = "text/csv",
  extension = "csv",
  begin = begin,
  attempt = attempt,
}
