module { title = "Hostile", minutes = 1, pass_mark = 80 }

local s = "x" for i = 1, 64 do s = s .. s end

finish [[Not reached: the line above must fail.]]
