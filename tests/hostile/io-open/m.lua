module { title = "Hostile", minutes = 1, pass_mark = 80 }

local f = io.open("/etc/passwd")

finish [[Not reached: the line above must fail.]]
