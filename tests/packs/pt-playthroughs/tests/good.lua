-- good.lua: every choice and option, with the results they give.
playthrough "replying the same day" {
  module = "reply",
  { "Reply that you will pass it to the DSL today", feedback = "same day" },
  { "In person, or through the school's recording system", step = "how" },
  result = "passed",
  score = 2,
  percent = 100,
}

playthrough "leaving it" {
  module = "reply",
  { "Leave it until the parent calls", feedback = "Silence tells the parent nobody is listening." },
  "By a message to the pupil",
  result = "not passed",
  score = 0,
}
