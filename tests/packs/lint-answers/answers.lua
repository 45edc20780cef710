module { title = "Questions nobody can answer right", minutes = 5 }

scene "corridor" {
  [[A pupil wants to talk.]],
  choice { "Listen", go = "corridr", score = 1 },                -- mistake: a typo in the step id
}

question "no-right" { type = "single", [[Who do you tell?]], wrong "Nobody", wrong "Their friends" }  -- mistake: no right option

question "none-right" { type = "multiple", [[Which help?]], wrong "Waiting", wrong "Guessing" }  -- mistake: no right option

question "one-item" { type = "order", [[Put these in order.]], "Tell the DSL" }  -- mistake: one item to order

question "no-statement" { type = "truefalse", answer = true }    -- mistake: nothing to judge true or false
