-- A hostile pack for the sandbox tests (SECURITY.md): setting globals for another pack to see.
-- It loads without error (so it has no EXPECTED); globals-b, loaded after it
-- in the same run, must see none of what it changed.
pack {
  id = "globals-a",
  title = "Hostile: setting globals for another pack to see",
  version = "1.0.0",
  language = "en-GB",
  summary = [[A hostile pack for Vigil's sandbox tests. Not for learners.]],
  audience = "Nobody: a test fixture",
  sources = { { title = "Vigil SECURITY.md", date = "2025-01-01" } },
  modules = { "m" },
}
