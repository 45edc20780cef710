module { title = "Hostile", minutes = 1, pass_mark = 80 }

page { file "../../etc/passwd" }

finish [[Not reached: the line above must fail.]]
