module { title = "Hostile", minutes = 1, pass_mark = 80 }

coroutine.wrap(function() while true do end end)()

finish [[Not reached: the line above must fail.]]
