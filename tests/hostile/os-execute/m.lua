module { title = "Hostile", minutes = 1, pass_mark = 80 }

os.execute("echo hostile")

finish [[Not reached: the line above must fail.]]
