module { title = "Hostile", minutes = 1, pass_mark = 80 }

local os = require("os")

finish [[Not reached: the line above must fail.]]
