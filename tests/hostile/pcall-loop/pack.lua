-- A hostile pack for the sandbox tests (SECURITY.md): an endless loop inside pcall.
-- Loading it must end in a clear FILE:LINE error, quickly, with the process
-- alive and memory bounded; EXPECTED says which.
pack {
  id = "pcall-loop",
  title = "Hostile: an endless loop inside pcall",
  version = "1.0.0",
  language = "en-GB",
  summary = [[A hostile pack for Vigil's sandbox tests. Not for learners.]],
  audience = "Nobody: a test fixture",
  sources = { { title = "Vigil SECURITY.md", date = "2025-01-01" } },
  modules = { "m" },
}
