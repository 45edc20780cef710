module { title = "Nothing to score", minutes = 5, pass_mark = 70 }

page [[Read this.]]

scene "choose" {
  [[Either is fine.]],
  choice { "This" },
  choice { "That" },
}
