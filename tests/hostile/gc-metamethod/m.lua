module { title = "Hostile", minutes = 1, pass_mark = 80 }

setmetatable({}, { __gc = function() end })

finish [[Not reached: the line above must fail.]]
