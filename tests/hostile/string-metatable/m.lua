module { title = "Hostile", minutes = 1, pass_mark = 80 }

getmetatable("").__index = {}

finish [[Not reached: the line above must fail.]]
