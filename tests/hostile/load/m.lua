module { title = "Hostile", minutes = 1, pass_mark = 80 }

local f = load("return 1")

finish [[Not reached: the line above must fail.]]
