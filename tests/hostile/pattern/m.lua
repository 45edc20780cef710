module { title = "Hostile", minutes = 1, pass_mark = 80 }

string.match(("a"):rep(5000), ("a*"):rep(20) .. "b")

finish [[Not reached: the line above must fail.]]
