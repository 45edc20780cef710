module { title = "Hostile", minutes = 1, pass_mark = 0 }

string.len = nil
SHARED = 1

finish [[This module loads; globals-b checks that nothing it did leaked.]]
