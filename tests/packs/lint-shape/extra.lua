module { title = "A module file that pack.lua does not list", minutes = 5 }

page [[Nobody can take this.]]
