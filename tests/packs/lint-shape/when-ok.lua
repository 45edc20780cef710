module { title = "A when that may skip a step is not a dead end", minutes = 5 }

scene "start" {
  [[Choose.]],
  choice { "Remember this", set = { seen = true }, score = 1 },
  choice { "Forget it", score = 1 },
}

page { when = function(state) return state.seen end, [[Shown only if remembered.]] }

finish [[The end.]]
