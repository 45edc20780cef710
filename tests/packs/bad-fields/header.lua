-- header: each field of module { } has one mistake; the steps are right.
module {
  title = { "Module header" },   -- mistake: not a string
  minutes = 7.5,                 -- mistake: not a whole number
  pass_mark = 150,               -- mistake: more than 100
}

page [[The steps of this module are right; only its header is wrong.]]

question "percent" { type = "truefalse", [[A pass mark is a percentage.]], answer = true, score = 1 }

finish [[The end.]]
