module { title = "Hostile", minutes = 1, pass_mark = 80 }

local s = ("x"):rep(2^40)

finish [[Not reached: the line above must fail.]]
