pack {
  id = "feedback",
  title = "Feedback that teaches",
  version = "1.0.0",
  summary = [[A small pack for the tests of feedback: emphasis in every
text, a scene with a way back, and an order to arrange.]],
  modules = { "m" },
}
