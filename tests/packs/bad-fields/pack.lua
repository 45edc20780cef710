-- bad-fields: one mistake in each field and construct of SPEC §2, each on a
-- line of its own marked "mistake".  EXPECTED lists the diagnostic that each
-- should give.  A test fixture for the pack loader, not a real pack.
pack {
  id = "Bad_Fields",                                    -- mistake: not [a-z0-9-]+
  title = true,                                         -- mistake: not a string
  titel = "Bad fields",                                 -- mistake: unknown field
  version = "1.0",                                      -- mistake: not MAJOR.MINOR.PATCH
  language = { "en-GB" },                               -- mistake: not a string
  summary = { "One mistake a line." },                  -- mistake: not a string
  audience = { "All staff" },                           -- mistake: not a string
  renew_after_days = -30,                               -- mistake: negative
  sources = {
    { title = "A source that is right", date = "2024-09-01", url = "https://example.org/guidance" },
    { date = "2024-09-01" },                            -- mistake: no title
    { title = "A source with a bad date", date = "1 September 2024" },  -- mistake: not YYYY-MM-DD
    { title = "A source with a bad address", date = "2024-09-01", url = 42 },  -- mistake: not a string
  },
  modules = {
    "header",
    "steps",
    "file-escape",
    "file-missing",
    "typo",
    "not-there",                                        -- mistake: there is no not-there.lua
  },
}
