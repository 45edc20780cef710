module { title = "Hostile", minutes = 1, pass_mark = 80 }

while true do pcall(function() while true do end end) end

finish [[Not reached: the line above must fail.]]
