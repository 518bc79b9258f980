"""Every filesystem location the app uses: data dir, database, bundled decks."""

from __future__ import annotations

import os
from pathlib import Path

# platformdirs is imported only when no --db or FLASHCARDS_HOME is given (deferred: the common case skips it).

APP_NAME = "flashcards"
DB_FILENAME = "collection.sqlite3"


def data_dir() -> Path:
    """The app's data folder: $FLASHCARDS_HOME if set, else the platform's user data dir."""
    home = os.environ.get("FLASHCARDS_HOME")
    if home:
        return Path(home).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def db_path(override: str | os.PathLike[str] | None = None) -> Path:
    """The collection file: `override` (from --db) if given, else collection.sqlite3 in data_dir()."""
    if override:
        return Path(override).expanduser()
    return data_dir() / DB_FILENAME


def bundled_decks_dir() -> Path:
    """The bundled decks: inside the installed wheel, or the repository's decks/ for editable installs."""
    package = Path(__file__).resolve().parent
    wheel_copy = package / "_bundled_decks"
    if wheel_copy.is_dir():
        return wheel_copy
    return package.parent / "decks"
