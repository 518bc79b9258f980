"""Storage: the only package that talks SQL; SQLModel for the schema and writes, sqlite3 for hot reads."""
