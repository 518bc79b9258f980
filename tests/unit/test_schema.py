"""One schema source: every column the raw-SQL read and import paths name exists in the SQLModel tables."""

from __future__ import annotations

import re

from sqlmodel import SQLModel

from flashcards.db import import_writes, reads, tables  # noqa: F401  (tables registers the models)

COLUMNS = {name: {c.name for c in table.columns} for name, table in SQLModel.metadata.tables.items()}


def test_card_columns_exist_in_their_tables() -> None:
    for alias, column in reads.CARD_COLUMNS:
        table = reads.CARD_ALIASES[alias]
        assert column in COLUMNS[table], f"{table}.{column}"


def _statement_columns(sql: str) -> tuple[str, list[str]]:
    """(table, columns) of `INSERT INTO t (a, b)` or `UPDATE t SET a=?, b=?`."""
    if match := re.match(r"\s*INSERT(?: OR \w+)? INTO (\w+) \(([^)]*)\)", sql):
        return match.group(1), [c.strip() for c in match.group(2).split(",")]
    match = re.match(r"\s*UPDATE (\w+) SET (.*?)(?: WHERE |$)", sql, re.S)
    assert match, sql
    return match.group(1), re.findall(r"(\w+)\s*=", match.group(2))


def test_import_write_statements_name_real_columns() -> None:
    statements = import_writes.WRITE_STATEMENTS
    assert statements
    for sql in statements:
        table, columns = _statement_columns(sql)
        assert set(columns) <= COLUMNS[table], (table, set(columns) - COLUMNS[table])
