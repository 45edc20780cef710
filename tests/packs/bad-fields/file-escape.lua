-- file-escape: file may only read files inside the pack.  It is reported
-- and loading goes on, the page empty; no step scores, so pass_mark is 0.
module { title = "Reading outside the pack", minutes = 5, pass_mark = 0 }

page [[The next page reads a file outside the pack.]]

page { file "../../etc/passwd" }   -- mistake: outside the pack

finish [[The end.]]
