module { title = "Hostile", minutes = 1, pass_mark = 80 }

local n = ("x"):len()
local leaked = SHARED

finish [[Not reached: reading SHARED must fail.]]
