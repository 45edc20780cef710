-- short.lua: the example pack's second module, a short one.
module {
  title = "Writing it down",
  minutes = 10,
  pass_mark = 50,
}

page [[
## Write it down the same day

Record what the pupil said in their own words, what you saw, the date and
time, and who you told. Stick to facts; leave out your opinions.
]]

question "record" {
  type = "single",
  [[Which of these belongs in your record?]],
  right "What the pupil said, in their own words",
  wrong "Your guess about who is to blame",
  feedback = [[Facts, and the pupil's own words, are what the DSL needs.]],
  score = 1,
}

question "opinion" {
  type = "truefalse",
  [[Your record should include your own opinion of the family.]],
  answer = false,
  score = 1,
}

finish [[Thank you. Give your record to the DSL.]]
