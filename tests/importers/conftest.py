"""Import and export tests use the root fixtures `study`, `importer` and `empty_services` (an empty collection)."""
