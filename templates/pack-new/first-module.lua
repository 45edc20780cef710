-- first-module.lua: an EXAMPLE module made by `vigil pack new`.
--
-- It shows each kind of step a module can have, with a note above each.
-- The situation is made up and the advice is general: replace it with
-- your own, in line with your school's child protection policy.
-- Learners see the steps in the order they are written here, except
-- where a choice says where to go next (go) or a step is shown only to
-- some learners (when).
--
-- Your school's own words: {{lead}}, {{lead_short}}, {{leads}} and
-- {{school}} in any text are replaced when learners see it, by what the
-- school has set with `vigil settings` (lead_title, lead_short, leads and
-- school_name). Staff in England read "Designated Safeguarding Lead" and
-- "DSL" if nothing is set; a school in Wales sets "Designated
-- Safeguarding Person" and "DSP", and {{leads}} can name who they are.

-- First the module itself: its title, the CPD minutes credited to those
-- who pass, and the pass mark, a percentage of the points available.
-- Give the minutes it takes to read on the way to a pass, at about 200
-- words a minute: this example has about 660 words, so 3 minutes.
module {
  title = "Example: when a pupil tells you something worrying",
  minutes = 3,
  pass_mark = 80,
}

-- A page: text to read before going on. This one is read from the file
-- intro.md, which is beside this one.
page { file "intro.md" }

-- A page written here, between [[ and ]]. The text is Markdown: ## at
-- the start of a line makes a heading, **two stars** make bold, and
-- lines starting with - make a list.
page [[
## What this module covers

- listening when a pupil tells you something worrying
- what you can and cannot promise
- passing it on to the **{{lead}}** ({{lead_short}})
]]

-- A scene: a situation, and the choices a learner can make. Its name,
-- "asked-to-promise", lets a choice come back to it. In a choice:
--   score     the points it earns
--   feedback  what the learner reads after choosing it
--   go        the step to go to next (without it: the next step below)
--   set       a fact to remember, for a `when` further down
scene "asked-to-promise" {
  [[
At the end of a lesson, Sam, a pupil in your class, waits until the
others have gone and says: "Can I tell you something? But you have to
promise not to tell anyone."
]],
  choice { "Promise not to tell anyone, so that Sam keeps talking",
    set = { promised = true }, go = "broken-promise",
    feedback = [[You cannot keep that promise: if Sam is at risk, you
will have to pass on what you are told.]] },
  choice { "Say you can't promise that, but that you will listen and help",
    score = 2, go = "what-next",
    feedback = [[Being honest from the start keeps Sam's trust when you
do pass it on.]] },
}

-- A scene with a way back: its only choice returns to the scene above.
-- Only a learner's first answer to a step counts towards the result, so
-- trying again does not earn the points.
scene "broken-promise" {
  [[
Sam tells you that things are bad at home, then says: "Remember, you
promised." You know that you must tell the {{lead_short}}, and that Sam
may feel let down.
]],
  choice { "Go back and try again", go = "asked-to-promise" },
}

-- A question with one right answer: type = "single". Mark each option
-- right or wrong; learners see the options in a shuffled order. The
-- feedback of an option is shown to those who choose it; the question's
-- own feedback is shown to everyone once they have answered.
question "what-next" {
  type = "single",
  [[Sam has finished talking. What do you do next?]],
  right "Tell the {{lead_short}} straight away",
  wrong "Ask Sam's friends whether it is true",
  wrong { "Wait a few days to see whether things get better",
    feedback = [[Waiting can leave Sam at risk. Pass it on the same day.]] },
  feedback = [[It is not your job to find out whether it is true: pass
it on, and the {{lead_short}} will decide what happens next.]],
  score = 1,
}

-- A question with several right answers: type = "multiple". Learners
-- choose every option that applies, and earn the points only if they
-- choose exactly the right ones.
question "while-listening" {
  type = "multiple",
  [[Which of these should you do while a pupil is telling you something
worrying? Choose every one that applies.]],
  right "Stay calm and let them talk in their own words",
  right "Tell them they were right to tell you",
  wrong { "Ask leading questions that suggest what happened",
    feedback = [[Questions like this can put words in a pupil's mouth.
Open prompts such as "Tell me more" are better.]] },
  feedback = [[Listen, reassure, and leave any investigating to the
{{lead_short}}.]],
  score = 2,
}

-- True or false: type = "truefalse". Write a statement and say whether
-- it is true: answer = true or answer = false, without quotes. Without
-- a score, a question is worth 1 point.
question "write-it-down" {
  type = "truefalse",
  [[You should write down what the pupil said, in their own words, as
soon as you can.]],
  answer = true,
  feedback = [[Write down what was said and what you saw, with the date
and time, in the way your school records concerns.]],
}

-- Putting things in order: type = "order". List the items in the right
-- order; learners see them shuffled and put them back in order.
question "in-order" {
  type = "order",
  [[Put these in the order you would do them.]],
  "Listen, and let the pupil finish",
  "Explain that you will need to tell the {{lead_short}}, and why",
  "Tell the {{lead_short}} straight away",
  score = 1,
}

-- when: a step shown only to some learners. This page is shown only to
-- those who promised Sam to keep the secret (set = { promised = true }
-- in the first scene), even if they went back and chose again.
page {
  when = function(state) return state.promised end,
  [[
## About promises

Earlier you promised to keep Sam's secret. Pupils often ask for this.
It is kinder to be honest from the start: say that you cannot keep it a
secret, that you will listen, and that you will tell only the people
who need to know, so that they can help.
]],
}

-- A reflection: learners write their own answer. It is not marked, and
-- earns no points unless you give it a score. Its feedback can offer a
-- model answer.
reflect "own-words" {
  [[Write the words you would use to tell a pupil that you cannot keep
what they tell you a secret.]],
  feedback = [[One way to say it: "I can't keep this a secret, but I will
listen, and I will only tell the people who need to know, so that we can
help."]],
}

-- The finish: the last thing learners see, with their result.
finish [[
## Thank you

Make sure you know who to go to: {{leads}}. Find out, too, where
{{school}} keeps its child protection policy.
]]
