-- pack.lua: the example pack used by Vigil's own tests.  It uses every field
-- of SPEC §2 once; its modules use every construct.  The school, the pupil
-- and the situation are made up.
pack {
  id = "example",
  title = "Listening when a pupil tells you something worrying",
  version = "1.2.0",
  language = "en-GB",
  summary = [[
What to do, and what not to do, when a pupil tells you something that
worries you: listen, don't promise to keep secrets, and tell the
**Designated Safeguarding Lead** (DSL) straight away.
]],
  audience = "All staff",
  renew_after_days = 365,
  sources = {
    { title = "Keeping children safe in education 2024", date = "2024-09-01",
      url = "https://www.gov.uk/government/publications/keeping-children-safe-in-education--2" },
    { title = "Example school child protection policy", date = "2024-09-01" },
  },
  modules = { "basics", "short" },
}
