module { title = "Hostile", minutes = 1, pass_mark = 80 }

local s = string.dump(function() end)

finish [[Not reached: the line above must fail.]]
