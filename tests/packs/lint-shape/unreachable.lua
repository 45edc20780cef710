module { title = "Steps nobody can reach", minutes = 5 }

scene "start" {
  [[Where next?]],
  choice { "To the question", go = "ask", score = 1 },
}

page { id = "lost", [[No step or choice leads here.]] }
page [[Nor here.]]

question "ask" {
  type = "truefalse",
  [[Is this reachable?]],
  answer = true,
}

finish [[The end.]]

page { id = "after-the-end", [[A finish ends the module, so this never shows.]] }
