"""Turn SQLite and file-system failures inside service methods into clear FlashcardsError messages."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

from flashcards.core.errors import FlashcardsError
from flashcards.db import connect

T = TypeVar("T")


def storage_errors(method: Callable[..., T]) -> Callable[..., T]:
    """Report SQLite failures as DatabaseError and file-system failures as FlashcardsError, naming the
    file (a clear message, never a traceback). For methods of objects with a `db_path`."""

    @functools.wraps(method)
    def wrapper(self: object, *args: object, **kwargs: object) -> T:
        try:
            return method(self, *args, **kwargs)
        except FlashcardsError:
            raise
        except OSError as err:
            where = err.filename if err.filename is not None else self.db_path  # type: ignore[attr-defined]
            raise FlashcardsError(f"{where}: {err.strerror or err}") from err
        except Exception as err:
            translated = connect.storage_error(self.db_path, err)  # type: ignore[attr-defined]
            if translated is None:
                raise
            raise translated from err

    return wrapper
