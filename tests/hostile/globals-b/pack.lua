-- A hostile pack for the sandbox tests (SECURITY.md): reading globals another pack set.
-- Load it after globals-a in the same run: ("x"):len() must still work and
-- SHARED must be an unknown global, as EXPECTED says.
pack {
  id = "globals-b",
  title = "Hostile: reading globals another pack set",
  version = "1.0.0",
  language = "en-GB",
  summary = [[A hostile pack for Vigil's sandbox tests. Not for learners.]],
  audience = "Nobody: a test fixture",
  sources = { { title = "Vigil SECURITY.md", date = "2025-01-01" } },
  modules = { "m" },
}
