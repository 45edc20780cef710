-- typo: a misspelt step is an unknown global, a runtime error that stops
-- this file, so it has a module of its own.
module { title = "A misspelt step", minutes = 5, pass_mark = 80 }

page [[The next step's name is misspelt.]]

qeustion "spelling" { type = "truefalse", [[Spelling counts.]], answer = true }   -- mistake: unknown global

finish [[Not reached: the mistake above stops this file.]]
