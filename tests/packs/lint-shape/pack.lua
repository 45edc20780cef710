-- A pack whose modules load, but are the wrong shape: each module holds
-- one kind of mistake that only a look at the whole module can find.
-- EXPECTED lists what `vigil pack check` must say, at which line.
pack {
  id = "lint-shape",
  title = "Lint fixtures",
  version = "1.0.0",
  modules = { "unreachable", "dead-end", "loop", "no-points", "when-ok" },
}
