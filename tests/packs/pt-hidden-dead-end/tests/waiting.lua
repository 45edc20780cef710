-- waiting.lua: the way through that works.
playthrough "listening" {
  module = "waiting",
  "Sit down and listen",
  "The DSL",
  result = "passed",
}
