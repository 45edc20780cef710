module {
  title = "A short walk",
  minutes = 5,
  pass_mark = 50,
}

page { id = "hello", [[Hello, and tell the {{lead_short}}.]] }

scene "door" {
  [[There is a door.]],
  choice { "Open it", set = { opened = true }, score = 1 },
  choice { "Leave it" },
}

question "pick" {
  type = "single",
  [[Pick the first answer.]],
  right "The “right” one",
  wrong "The wrong one",
  score = 1,
}

finish { [[All done.]] }
