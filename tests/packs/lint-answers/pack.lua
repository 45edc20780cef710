-- Mistakes an author makes in questions and jumps, one per line marked
-- "mistake"; EXPECTED lists what `vigil pack check` must say about each.
pack {
  id = "lint-answers",
  title = "Lint fixtures: answers and jumps",
  version = "1.0.0",
  modules = { "answers" },
}
