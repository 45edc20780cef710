-- the-lead.lua: the module passed and not passed.

playthrough "telling passes" {
  module = "the-lead",
  "True",
  result = "passed",
}

playthrough "keeping it to yourself does not" {
  module = "the-lead",
  "False",
  result = "not passed",
}
