-- the-lead.lua: one question, so that a test passes it quickly.
module {
  title = "What the {{lead_short}} does at {{school}}",
  minutes = 5,
  pass_mark = 50,
}

question "tell" {
  type = "truefalse",
  [[You tell the {{lead_short}} about every worry, however small.]],
  answer = true,
  score = 1,
}

finish [[That is the end of the module.]]
