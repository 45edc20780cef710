-- when-fails.lua: the `when` of the page reads a fact that is never set,
-- but only once the new way has been chosen.
module {
  title = "A condition that fails",
  minutes = 5,
  pass_mark = 0,
}

scene "choose" {
  [[Which way do you walk to the staff room?]],
  choice { "The usual way", go = "arrive" },
  choice { "The new way", go = "arrive", set = { new = true } },
}

page {
  id = "arrive",
  when = function(state)
    if state.new then
      return state.route.open
    end
    return true
  end,
  [[You arrive at the staff room.]],
}

finish [[Thank you.]]
