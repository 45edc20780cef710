module { title = "Hostile", minutes = 1, pass_mark = 80 }

local t = {} for i = 1, 1e7 do t[i] = "x" end local s = table.concat(t)

finish [[Not reached: the line above must fail.]]
