-- mistakes.lua: each playthrough here is wrong in one way.
playthrough "wrong text" {
  module = "reply",
  "Reply that you will pass it to the DSL",
  "In person, or through the school's recording system",
  result = "passed",
}

playthrough "runs out" {
  module = "reply",
  "Reply that you will pass it to the DSL today",
  result = "passed",
}

playthrough "left over" {
  module = "reply",
  "Reply that you will pass it to the DSL today",
  "In person, or through the school's recording system",
  "Thank the parent",
  result = "passed",
}

playthrough "feedback" {
  module = "reply",
  { "Reply that you will pass it to the DSL today", feedback = "Well done" },
  "In person, or through the school's recording system",
  result = "passed",
}

playthrough "step" {
  module = "reply",
  { "Reply that you will pass it to the DSL today", step = "how" },
  "In person, or through the school's recording system",
  result = "passed",
}

playthrough "result" {
  module = "reply",
  "Leave it until the parent calls",
  "By a message to the pupil",
  result = "passed",
  score = 1,
  percent = 50,
}

playthrough "unknown field" {
  module = "reply",
  "Reply that you will pass it to the DSL today",
  "In person, or through the school's recording system",
  reslt = "passed",
}

playthrough "unknown module" {
  module = "replay",
  result = "passed",
}

playthrough "no module" {
  "Reply that you will pass it to the DSL today",
  42,
  { "In person, or through the school's recording system", feedbak = "x" },
  result = "failed",
}
