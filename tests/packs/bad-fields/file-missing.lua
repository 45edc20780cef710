-- file-missing: file names a file the pack does not have.  It is reported
-- and loading goes on, the page empty; no step scores, so pass_mark is 0.
module { title = "Reading a missing file", minutes = 5, pass_mark = 0 }

page [[The next page reads a file the pack does not have.]]

page { file "missing.md" }   -- mistake: no such file

finish [[The end.]]
