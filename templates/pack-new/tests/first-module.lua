-- tests/first-module.lua: playthroughs of first-module.lua, which
-- `vigil pack test` runs. Each one names the module, gives a learner's
-- answers in order, each by the exact text of the option chosen (pages
-- need no answer), and says what result to expect. An option that
-- names the role is written as in the module, with {{lead_short}}.
--
-- Together they choose every choice and option of the module at least
-- once, so `vigil pack test` shows that they reach all of it. When you
-- change the module, change these to match.

playthrough "the model answers pass" {
  module = "first-module",
  "Say you can't promise that, but that you will listen and help",
  "Tell the {{lead_short}} straight away",
  -- several options chosen at once: in braces
  { "Stay calm and let them talk in their own words",
    "Tell them they were right to tell you" },
  "True",
  -- an order: every item, in the order the learner puts them
  { "Listen, and let the pupil finish",
    "Explain that you will need to tell the {{lead_short}}, and why",
    "Tell the {{lead_short}} straight away" },
  -- a reflection: the words the learner writes
  "I can't keep this a secret, but I will listen and I will help.",
  result = "passed",
  score = 7,
  percent = 100,
}

-- Promising first, then going back: only the first answer to a step
-- counts, so the scene's points are lost. In braces, feedback checks
-- that the feedback shown contains this text, and step checks which
-- step the answer is given at.
playthrough "promising first loses the scene's points" {
  module = "first-module",
  { "Promise not to tell anyone, so that Sam keeps talking",
    feedback = "You cannot keep that promise" },
  { "Go back and try again", step = "broken-promise" },
  "Say you can't promise that, but that you will listen and help",
  { "Wait a few days to see whether things get better",
    feedback = "Pass it on the same day" },
  { "Stay calm and let them talk in their own words",
    "Ask leading questions that suggest what happened" },
  "False",
  { "Tell the {{lead_short}} straight away",
    "Listen, and let the pupil finish",
    "Explain that you will need to tell the {{lead_short}}, and why" },
  "I would tell them that I have to pass it on.",
  result = "not passed",
  score = 0,
  percent = 0,
}

-- One wrong answer can still pass: 6 of the 7 points is 85%, and the
-- pass mark is 80%.
playthrough "one wrong answer still passes" {
  module = "first-module",
  "Say you can't promise that, but that you will listen and help",
  "Ask Sam's friends whether it is true",
  { "Stay calm and let them talk in their own words",
    "Tell them they were right to tell you" },
  "True",
  { "Listen, and let the pupil finish",
    "Explain that you will need to tell the {{lead_short}}, and why",
    "Tell the {{lead_short}} straight away" },
  "I can't promise to keep it a secret, but I will help.",
  result = "passed",
  score = 6,
  percent = 85,
}
