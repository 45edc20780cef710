module { title = "A room with no way out", minutes = 5 }

scene "door" {
  [[You can go in, or finish.]],
  choice { "Go in", go = "room", score = 1 },
  choice { "Finish", go = "done" },
}

scene "room" {
  [[The door closes behind you.]],
  choice { "Look around", go = "room" },
}

finish { id = "done", [[Done.]] }
