-- pack.lua: what this pack is. Vigil reads this file first.
--
-- This pack was made by `vigil pack new` as an EXAMPLE to start from:
-- replace its text with your own, in line with your school's child
-- protection policy. Lines that start with -- are notes for you;
-- learners never see them. The authoring guide explains every field.
pack {
  -- The pack's id: a-z, 0-9 and - only. Once the pack is installed,
  -- its folder must have the same name. Records refer to the id, so
  -- do not change it once staff have taken the pack.
  id = "@ID@",
  title = "Example: when a pupil tells you something worrying",
  -- Raise the version whenever you change the pack: 1.0.1 for a small
  -- correction, 1.1.0 for new content.
  version = "0.1.0",
  language = "en-GB",
  -- Shown in the list of packs. Text between [[ and ]] is Markdown.
  summary = [[
An example pack, to replace with your own: listening to a pupil, not
promising to keep secrets, and passing concerns to the {{lead}}
({{lead_short}}).
]],
  audience = "All staff",
  -- A pass runs out after this many days; staff then take the module
  -- again. Leave this line out if a pass never runs out.
  renew_after_days = 365,
  -- Where the content comes from: a title each, and if there is one a
  -- date written YYYY-MM-DD and a web address (url).
  sources = {
    { title = "Our school's child protection policy" },
  },
  -- The modules, in the order staff should take them. Each one is a
  -- file beside this one, named after it: first-module.lua.
  modules = { "first-module" },
}
