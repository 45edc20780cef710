-- basics.lua: playthroughs of the basics module.  Together they choose
-- every choice and every option at least once, so `vigil pack test` shows
-- full coverage; each answer is the option's text, exactly as written in
-- basics.lua.

playthrough "the model answers pass" {
  module = "basics",
  { "Say you can't promise that, but that you will listen and help",
    feedback = "Being honest from the start" },
  "Tell the DSL straight away",
  { "Stay calm and let them speak in their own words",
    "Tell them they were right to tell you" },
  "False",
  { "Listen, and let the pupil finish",
    "Explain what will happen next and who you will tell",
    "Tell the DSL straight away" },
  "I can't keep this a secret, but I will listen and I will help.",
  result = "passed",
  score = 9,
  percent = 100,
}

playthrough "asking why leads back, and to the page about why" {
  module = "basics",
  { "Ask Jordan why they didn't tell anyone sooner",
    feedback = "can sound like blame" },
  { "Go back and try again", step = "closed" },
  "Say you can't promise that, but that you will listen and help",
  { "Ask Jordan's friends whether it is true",
    feedback = "The answer was: Tell the DSL straight away" },
  { "Promise to keep it between the two of you",
    "Ask questions that suggest an answer, such as \"Did he hurt you?\"",
    feedback = "put words in a pupil's mouth" },
  "True",
  { "Tell the DSL straight away",
    "Listen, and let the pupil finish",
    "Explain what will happen next and who you will tell",
    feedback = "The right order is" },
  { "I would listen first.", step = "own-words" },
  result = "not passed",
  score = 0,
}

playthrough "a promise costs the scene's points" {
  module = "basics",
  { "Promise to keep it a secret, so that Jordan keeps talking",
    feedback = "You can't keep this promise" },
  "Go back and try again",
  "Say you can't promise that, but that you will listen and help",
  "Wait a week to see whether things get better",
  { "Stay calm and let them speak in their own words" },
  "False",
  { "Listen, and let the pupil finish",
    "Explain what will happen next and who you will tell",
    "Tell the DSL straight away" },
  "I would tell them I have to pass it on.",
  result = "not passed",
  score = 3,
  percent = 33,
}
