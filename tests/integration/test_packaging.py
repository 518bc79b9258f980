"""Packaging: the wheel ships the bundled decks, and the path helper finds them there or in the repo."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from flashcards import paths
from flashcards.db.collection import local_zone_name

ROOT = Path(__file__).resolve().parents[2]


def test_editable_install_uses_the_repository_decks() -> None:
    assert paths.bundled_decks_dir() == ROOT / "decks"


@pytest.mark.skipif(shutil.which("uv") is None, reason="needs uv to build the wheel")
def test_wheel_contains_decks_and_finds_them(tmp_path: Path) -> None:
    subprocess.run(
        ["uv", "build", "--wheel", "--out-dir", str(tmp_path / "dist"), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = (tmp_path / "dist").glob("*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        zf.extractall(tmp_path / "site")
    shipped = {Path(n).name for n in names if n.startswith("flashcards/_bundled_decks/")}
    assert shipped == {p.name for p in (ROOT / "decks").glob("*.md")}
    found = subprocess.run(
        [sys.executable, "-c", "from flashcards.paths import bundled_decks_dir; print(bundled_decks_dir())"],
        cwd=tmp_path,
        env={"PYTHONPATH": str(tmp_path / "site"), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert found == str(tmp_path / "site" / "flashcards" / "_bundled_decks")


def test_flashcards_home_and_db_override(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("FLASHCARDS_HOME", str(tmp_path / "h"))
    assert paths.db_path() == tmp_path / "h" / "collection.sqlite3"
    assert paths.db_path(str(tmp_path / "x.db")) == tmp_path / "x.db"
    monkeypatch.delenv("FLASHCARDS_HOME")
    assert paths.data_dir().name == "flashcards"


@pytest.mark.parametrize(
    ("tz", "zone"),
    [
        ("Europe/Berlin", "Europe/Berlin"),
        (":Europe/Berlin", "Europe/Berlin"),
        ("EST5EDT", "EST5EDT"),
        (":/usr/share/zoneinfo/Asia/Tokyo", "Asia/Tokyo"),
    ],
)
def test_local_zone_name_from_tz(monkeypatch: pytest.MonkeyPatch, tz: str, zone: str) -> None:
    """$TZ as a zone name, with the POSIX leading colon, or as a path into the zone database (via tzlocal)."""
    if tz.startswith(":/") and not Path(tz[1:]).exists():
        pytest.skip("no system zone database here")
    monkeypatch.setenv("TZ", tz)
    assert local_zone_name() == zone
