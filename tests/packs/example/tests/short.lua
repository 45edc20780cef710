-- short.lua: playthroughs of the short module, one right and one wrong.

playthrough "facts and the pupil's words pass" {
  module = "short",
  "What the pupil said, in their own words",
  "False",
  result = "passed",
  score = 2,
}

playthrough "opinions do not" {
  module = "short",
  { "Your guess about who is to blame", feedback = "The answer was" },
  "True",
  result = "not passed",
  percent = 0,
}
