-- file-missing: file names a file the pack does not have.  The mistake is a
-- runtime error that stops this file, so it has a module of its own.
module { title = "Reading a missing file", minutes = 5, pass_mark = 80 }

page [[The next page reads a file the pack does not have.]]

page { file "missing.md" }   -- mistake: no such file

finish [[Not reached: the mistake above stops this file.]]
