"""Layering: core imports no UI or ORM, the TUI never reaches the db layer, imports stay cheap."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "flashcards"


def _loaded_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print(' '.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return set(out.split())


def test_core_imports_neither_textual_nor_sqlmodel() -> None:
    loaded = _loaded_after(
        "import flashcards.core.sm2, flashcards.core.deck_format, flashcards.core.clock, flashcards.core.models"
    )
    assert not {"textual", "sqlmodel", "sqlalchemy"} & loaded


def test_service_and_cli_import_without_sqlalchemy() -> None:
    loaded = _loaded_after("import flashcards.cli, flashcards.services")
    assert not {"sqlmodel", "sqlalchemy", "textual"} & loaded


def _imports(folder: Path) -> list[tuple[Path, str]]:
    found = []
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                found += [(path, alias.name) for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                found.append((path, node.module))
    return found


def test_core_uses_stdlib_only() -> None:
    for path, module in _imports(PACKAGE / "core"):
        top = module.split(".")[0]
        assert top in sys.stdlib_module_names or module.startswith("flashcards.core") or top == "__future__", (path, module)


def test_tui_never_imports_the_db_layer() -> None:
    forbidden = ("flashcards.db", "sqlmodel", "sqlalchemy", "sqlite3")
    for path, module in _imports(PACKAGE / "tui"):
        assert not module.startswith(forbidden), (path, module)


def test_only_db_imports_sqlmodel() -> None:
    for path, module in _imports(PACKAGE):
        if module.startswith(("sqlmodel", "sqlalchemy")):
            assert "db" in path.relative_to(PACKAGE).parts, (path, module)


def test_importers_never_import_the_db_layer() -> None:
    """Importers parse and validate files into core types; only services hand those to db."""
    forbidden = ("flashcards.db", "flashcards.services", "flashcards.tui", "sqlmodel", "sqlalchemy")
    for path, module in _imports(PACKAGE / "importers"):
        assert not module.startswith(forbidden), (path, module)


SQL_WORDS = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE|PRAGMA|CREATE)\b.*\b(FROM|INTO|SET|TABLE|WHERE|user_version)\b")


def test_services_hold_no_sql() -> None:
    """SQL lives in flashcards/db; a service only calls db functions."""
    for path in (PACKAGE / "services").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                assert not SQL_WORDS.search(node.value), (path, node.lineno, node.value[:60])


def test_screens_reach_the_app_through_the_typed_host() -> None:
    """No `self.app.<service>` with a type: ignore in the TUI; screens use `self.host` (tui/host.py)."""
    for path in (PACKAGE / "tui").rglob("*.py"):
        assert "type: ignore" not in path.read_text(), path
