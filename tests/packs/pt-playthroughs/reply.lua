-- reply.lua: a page, a scene and a question.
module {
  title = "Replying to a worried parent",
  minutes = 5,
  pass_mark = 50,
}

page [[A parent emails you at the end of the day.]]

scene "email" {
  [[The parent writes that their child is being bullied online.]],
  choice { "Reply that you will pass it to the DSL today", score = 1, go = "how",
           feedback = [[Passing it on the same day is right.]] },
  choice { "Leave it until the parent calls",
           feedback = [[Silence tells the parent
nobody is listening.]] },
}

question "how" {
  type = "single",
  [[How do you pass it on?]],
  right "In person, or through the school's recording system",
  wrong "By a message to the pupil",
  score = 1,
}

finish [[Thank you.]]
