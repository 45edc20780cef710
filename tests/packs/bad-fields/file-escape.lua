-- file-escape: file may only read files inside the pack.  The mistake is a
-- runtime error that stops this file, so it has a module of its own.
module { title = "Reading outside the pack", minutes = 5, pass_mark = 80 }

page [[The next page reads a file outside the pack.]]

page { file "../../etc/passwd" }   -- mistake: outside the pack

finish [[Not reached: the mistake above stops this file.]]
