-- basics.lua: the example pack's main module.  It uses every construct of
-- SPEC §2: both forms of page, a scene with a way back, every question
-- type, a step shown only with `when`, `file`, plain Lua and finish.
module {
  title = "Listening to a disclosure",
  minutes = 20,
  pass_mark = 80,
}

page { file "intro.md" }

page [[
## Why the first few minutes matter

Pupils often test the water before they say everything. How the first
adult reacts can decide whether they go on, or stay silent for a long
time. You do not need to find out what happened: your job is to listen,
to reassure, and to pass it on.
]]

scene "corridor" {
  [[
It is the end of the day. Jordan, in Year 8, hangs back after your lesson
and says quietly: "Can I tell you something? You have to promise not to
tell anyone."
]],
  choice { "Ask Jordan why they didn't tell anyone sooner", go = "closed",
           set = { blamed = true },
           feedback = [[Questions that start with "why" can sound like blame,
even when you don't mean them that way.]] },
  choice { "Promise to keep it a secret, so that Jordan keeps talking", go = "closed",
           set = { promised = true },
           feedback = [[You can't keep this promise: if Jordan tells you that
they are at risk, you will have to pass it on.]] },
  choice { "Say you can't promise that, but that you will listen and help", score = 2,
           go = "first-step",
           feedback = [[Being honest from the start keeps Jordan's trust when
you do pass it on.]] },
}

scene "closed" {
  [[Jordan looks at the floor, says "it doesn't matter", and leaves.]],
  choice { "Go back and try again", go = "corridor" },
}

-- Plain Lua between steps: every answer below ends with the same reminder,
-- written once here.
local function remember(point)
  return point .. "\n\nIf in doubt, tell the DSL (or a deputy) the same day."
end

question "first-step" {
  type = "single",
  [[Jordan has finished talking. What do you do next?]],
  right "Tell the DSL straight away",
  wrong "Ask Jordan's friends whether it is true",
  wrong "Wait a week to see whether things get better",
  feedback = remember [[It is not your job to find out whether it is true.]],
  score = 1,
}

question "while-listening" {
  type = "multiple",
  [[Which of these should you do while a pupil is telling you something worrying?]],
  right "Stay calm and let them speak in their own words",
  right { "Tell them they were right to tell you",
          feedback = [[Telling someone takes courage; saying so helps.]] },
  wrong "Promise to keep it between the two of you",
  wrong { "Ask questions that suggest an answer, such as \"Did he hurt you?\"",
          feedback = [[Questions like this can put words in a pupil's mouth.
Use open prompts such as "Tell me more".]] },
  feedback = remember [[Listen, reassure, and don't investigate.]],
  score = 3,
}

question "secret" {
  type = "truefalse",
  [[If a pupil asks you to keep a secret, you should agree so that they keep talking.]],
  answer = false,
  feedback = remember [[Explain kindly who you will need to tell, and why.]],
  score = 1,
}

question "after" {
  type = "order",
  [[Put these in the order you would do them.]],
  "Listen, and let the pupil finish",
  "Explain what will happen next and who you will tell",
  "Tell the DSL straight away",
  score = 2,
}

page {
  when = function(state) return state.blamed end,
  [[
## About "why" questions

Earlier you asked Jordan why they hadn't said anything sooner. Pupils
often wait because they are frightened, ashamed or unsure they will be
believed. "Thank you for telling me" works better than "why".
]],
}

reflect "own-words" {
  [[Write the words you would use to tell a pupil that you can't keep a
secret, in a way that keeps them talking.]],
}

finish {
  passed = [[
## Well done

Keep your school's safeguarding policy to hand, and know who your DSL and
deputies are.
]],
  not_passed = [[
## Not passed this time

Look again at the feedback, then take the module again. Keep your school's
safeguarding policy to hand, and know who your DSL and deputies are.
]],
}
