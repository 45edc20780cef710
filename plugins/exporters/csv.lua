-- csv.lua: one row per attempt, for spreadsheets (doc/exports.md).
-- Exporter plugin, API version 2 (see doc/plugins.md).
--
-- RFC 4180 with every field quoted and CRLF line ends, in UTF-8 with a
-- byte-order mark so that Excel reads it as UTF-8.  A field that starts
-- with = + - @, a tab, CR, LF or NUL gets a ' in front, so that no
-- spreadsheet runs it as a formula (SECURITY.md, "Exports"); vigil.csv_row does
-- all of that, in C, since it runs for every cell of a large export.

-- The columns, in order; doc/exports.md documents each and they never
-- change meaning.
local HEADER = {
  "attempt", "learner_ref", "learner_name", "learner_email", "learner_role",
  "pack", "pack_version", "pack_hash", "module", "module_title",
  "status", "started", "ended", "score", "max",
  "percent", "pass_mark", "cpd_minutes", "expires", "certificate",
}

-- vigil.csv_row (doc/plugins.md) writes one record: every field quoted, quotes
-- doubled, nil as an empty field, and a field that starts with = + - @, a
-- tab, CR, LF or NUL given a ' in front.

-- The byte-order mark and the header row.
local function begin(write)
  write("\239\187\191", vigil.csv_row(HEADER))
end

-- One row for the attempt: its values in the order of HEADER, written
-- out rather than looked up column by column, which was a quarter of the
-- time of a large export.
local function attempt(a, write)
  local l, p, m = a.learner, a.pack, a.module
  write(vigil.csv_row({
    a.id, l.ref, l.name, l.email, l.role,
    p.id, p.version, p.hash, m.id, m.title,
    a.status, a.started, a.ended, a.score, a.max,
    a.percent, a.pass_mark, a.minutes, a.expires, a.certificate,
  }, #HEADER))
end

return {
  api = 2,
  media_type = "text/csv",
  extension = "csv",
  begin = begin,
  attempt = attempt,
}
