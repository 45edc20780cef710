-- steps: one mistake in each kind of step, each on a line of its own.  Steps
-- with a mistake are written on one line, so the step's line and the
-- field's line are the same.
module {
  title = "Steps with mistakes",
  minutes = 10,
  pass_mark = 80,
}

page [[Each step below has one mistake, on the line marked "mistake".]]

scene "corridor" {
  [[A pupil stops you in the corridor and says they need to talk.]],
  choice { "Listen", go = "told", score = 1 },
  choice { "Walk on", go = "nowhere" },                          -- mistake: no step is called nowhere
  choice { "Note it down", set = "noted" },                      -- mistake: set is not a table
  choice { "Shrug", score = -1 },                                -- mistake: negative score
  choice { "Ask a colleague", feedbak = [[Ask the DSL.]] },      -- mistake: unknown field
}

question "told" { type = "truefalse", [[You should tell the DSL.]], answer = true, score = 1 }

question "twice" { type = "truefalse", [[You should write it down.]], answer = true, score = 1 }

question "twice" { type = "truefalse", [[You should sign your record.]], answer = true, score = 1 }  -- mistake: id used already

scene "empty" { [[Nobody is there.]] }                           -- mistake: no choices

question "kind" { type = "essay", [[Describe what you would do.]] }   -- mistake: no such type

question "two-right" { type = "single", [[Who do you tell?]], right "The DSL", right "A deputy DSL", wrong "Nobody" }  -- mistake: two right

question "no-answer" { type = "truefalse", [[You can promise to keep a secret.]] }  -- mistake: no answer

question "one-item" { type = "order", [[Put these in order.]], "Tell the DSL" }  -- mistake: one item

page { when = "noted", [[You noted it down.]] }                  -- mistake: when is not a function

finish [[The end.]]
