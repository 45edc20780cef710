-- pack.lua: a pack whose titles write the school's own words (SPEC §2),
-- for t0052: every place a title is shown must read them as the school
-- has set them.
pack {
  id = "words-titles",
  title = "Safeguarding at {{school}}: the {{lead_short}}",
  version = "1.0.0",
  summary = [[Who the {{lead}} is at {{school}}.]],
  renew_after_days = 365,
  modules = { "the-lead" },
}
