-- The pack tests/t0056-preview.sh and t0057 preview and edit.
pack {
  id = "pv",
  title = "Preview fixture",
  version = "1.0.0",
  summary = [[A pack to preview.]],
  modules = { "walk" },
}
