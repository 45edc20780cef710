module { title = "Hostile", minutes = 1, pass_mark = 80 }

local function f() return 1 + f() end f()

finish [[Not reached: the line above must fail.]]
