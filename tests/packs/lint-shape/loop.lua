module { title = "Two scenes that only lead to each other", minutes = 5 }

scene "hall" {
  [[A hall.]],
  choice { "Go to the stairs", go = "stairs", score = 1 },
}

scene "stairs" {
  [[Stairs.]],
  choice { "Back to the hall", go = "hall" },
}

finish [[Nobody gets here.]]
