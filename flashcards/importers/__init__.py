"""Parsers for foreign deck formats (our Markdown, CSV/TSV text, Anki packages) that return core types."""
