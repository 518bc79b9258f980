"""Card identities for imported cards: our ids, Anki GUIDs and question hashes."""

from __future__ import annotations

import hashlib
import re

from flashcards.core.deck_format import normalise_question

# A GUID made only of these characters is used as it is; '.' is kept out so `.N` card suffixes stay unambiguous.
_PLAIN_GUID = re.compile(r"^[A-Za-z0-9_-]{1,100}$")
ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")


def question_key(deck: str, question: str) -> str:
    """The key of a card without an id: a hash of deck and normalised question."""
    digest = hashlib.sha1(f"{deck}\n{normalise_question(question)}".encode()).hexdigest()
    return f"q-{digest[:20]}"


def guid_key(guid: str, ordinal: int = 0) -> str:
    """The key of card `ordinal` (0-based) of the note with Anki GUID `guid`; always a valid deck-file id.

    `anki-<guid>` when the GUID is plain letters, digits, '_' and '-'; otherwise its UTF-8 bytes in hex
    (`ankix-...`) or, if that is too long, a SHA-1 (`ankih-...`). Cards after the first get `.2`, `.3`...
    """
    if _PLAIN_GUID.match(guid):
        base = f"anki-{guid}"
    elif len(guid.encode()) <= 50:
        base = f"ankix-{guid.encode().hex()}"
    else:
        base = f"ankih-{hashlib.sha1(guid.encode()).hexdigest()}"
    return base if ordinal == 0 else f"{base}.{ordinal + 1}"


def is_valid_id(value: str) -> bool:
    """True if `value` can be written as a deck-file `id:`."""
    return bool(ID_RE.match(value))
