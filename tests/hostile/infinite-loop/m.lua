module { title = "Hostile", minutes = 1, pass_mark = 80 }

while true do end

finish [[Not reached: the line above must fail.]]
