-- pack.lua: a small pack whose tests folder holds a playthrough that
-- passes and one of each mistake `pack test` must report.
pack {
  id = "pt-playthroughs",
  title = "Replying to a worried parent",
  version = "1.0.0",
  modules = { "reply" },
}
