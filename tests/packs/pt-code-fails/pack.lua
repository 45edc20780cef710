-- pack.lua: modules whose code fails on one way through only, and no
-- tests folder: `pack test` still explores them and finds the failures.
pack {
  id = "pt-code-fails",
  title = "Conditions that fail",
  version = "1.0.0",
  modules = { "when-fails", "when-loops" },
}
