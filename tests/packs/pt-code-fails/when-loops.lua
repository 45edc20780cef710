-- when-loops.lua: the `when` of the page never returns once the long way
-- has been chosen; the instruction limit stops it.
module {
  title = "A condition that never ends",
  minutes = 5,
  pass_mark = 0,
}

scene "choose" {
  [[Which way do you walk to the staff room?]],
  choice { "The short way", go = "arrive" },
  choice { "The long way", go = "arrive", set = { long = true } },
}

page {
  id = "arrive",
  when = function(state)
    local steps = 0
    while state.long do
      steps = steps + 1
    end
    return true
  end,
  [[You arrive at the staff room.]],
}

finish [[Thank you.]]
