-- pack.lua: a pack whose module has a dead end that only running it can
-- find: `pack check` passes, `pack test` reports it.
pack {
  id = "pt-hidden-dead-end",
  title = "Someone waiting",
  version = "1.0.0",
  modules = { "waiting" },
}
