-- m.lua: one of each answer the feedback repeats, and a way back.
module { title = "Feedback", minutes = 5, pass_mark = 50 }

scene "start" {
  [[Jordan says: **please don't tell anyone**. What do you say?]],
  choice { "Ask *why* they waited", go = "back",
           feedback = [[Questions that start with *why* can sound like **blame**.]] },
  choice { "Say you will listen and help", score = 2, go = "whom",
           feedback = [[Being **honest** keeps Jordan's trust.]] },
}

scene "back" {
  [[Jordan looks away and leaves.]],
  choice { "Go back and try again", go = "start" },
}

question "whom" {
  type = "single",
  [[Whom do you **tell**?]],
  right "The DSL",
  wrong "Nobody",
  shuffle = false,
  score = 1,
}

question "steps" {
  type = "order",
  [[Put these in the order you would do them.]],
  "Listen to the pupil",
  "Tell the DSL",
  "Write it down",
  score = 2,
}

reflect "words" {
  [[What would you say?]],
  feedback = [[One way to say it: *"I can't keep this secret, but I will help."*]],
}
