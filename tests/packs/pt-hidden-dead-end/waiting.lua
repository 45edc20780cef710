-- waiting.lua: putting the pupil off sets `lost`, and then the corridor
-- scenes show and lead only to each other.  Read without running it, each
-- `when` may be false, so the module seems to have a way on from there.
module {
  title = "Someone waiting",
  minutes = 5,
  pass_mark = 50,
}

scene "start" {
  [[At the end of the day a pupil asks whether they can talk to you.]],
  choice { "Sit down and listen", score = 1, go = "think" },
  choice { "Say you are busy and will find them tomorrow", go = "think",
           set = { lost = true } },
}

page { id = "think", [[You think about what the pupil might have said.]] }

scene "corridor" {
  when = function(state) return state.lost end,
  [[The next day the pupil is nowhere to be found. You wait.]],
  choice { "Keep waiting", go = "corridor" },
  choice { "Wait by the office instead", go = "office" },
}

scene "office" {
  when = function(state) return state.lost end,
  [[Nobody comes to the office either.]],
  choice { "Go back to the corridor", go = "corridor" },
}

question "who" {
  type = "single",
  [[Who should you tell about a worrying conversation?]],
  right "The DSL",
  wrong "Nobody",
}

finish [[Thank you.]]
