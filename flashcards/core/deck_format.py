"""Parse and write flashcards' Markdown deck format; every error names file and line.

A deck file looks like this (see docs/deck-format.md for the full reference)::

    ---
    deck: ML Engineer
    role: mle
    topic: model-serving
    topic_title: Model serving and APIs
    ---

    ## How would you design a REST API that serves a model?
    id: model-serving-001
    level: mid
    tags: rest, api-design
    sources: FastAPI documentation

    ### Notes
    **Answer:** ...

    ### Key points
    - first point
    - second point
    - third point

The parser is pure: it takes text and a source name and returns validated values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from flashcards.core.errors import DeckFormatError

LEVELS = ("basic", "mid", "senior")
_LEVEL_ALIASES = {"b": "basic", "m": "mid", "s": "senior", **{lvl: lvl for lvl in LEVELS}}
FRONT_MATTER_KEYS = ("deck", "role", "topic", "topic_title", "description")
CARD_KEYS = ("id", "level", "tags", "sources", "last_reviewed")
MAX_KEY_POINTS = 6
MIN_KEY_POINTS_STRICT = 3
_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")
_SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_FIELD_RE = re.compile(r"^([A-Za-z_]+):\s*(.*)$")
_FENCE_RE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")


@dataclass(frozen=True)
class CardSpec:
    """One card as written in a deck file, before it has any review state."""

    question: str
    notes: str
    key_points: tuple[str, ...] = ()
    card_id: str | None = None
    level: str | None = None
    tags: tuple[str, ...] = ()
    sources: str = ""
    last_reviewed: str | None = None
    line: int = 0


@dataclass(frozen=True)
class DeckFile:
    """A parsed deck file: its front matter and its cards in file order."""

    source: str
    deck: str
    role: str | None = None
    topic: str | None = None
    topic_title: str | None = None
    description: str | None = None
    cards: tuple[CardSpec, ...] = field(default_factory=tuple)


@dataclass
class _Draft:
    """Mutable accumulator for one card while its lines are read."""

    question: str
    line: int
    meta: dict[str, str] = field(default_factory=dict)
    meta_lines: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    key_points: list[str] = field(default_factory=list)
    key_point_lines: list[int] = field(default_factory=list)
    section: str = "meta"
    saw_notes: bool = False
    broken: bool = False


# Past this many problems in one file the rest are not listed (a wrong file would list every line).
MAX_ERRORS = 50


def parse_deck(text: str, source: str, *, strict: bool = False) -> DeckFile:
    """Parse deck text into a DeckFile.

    `source` names the file in error messages. `strict` (used for the bundled decks)
    also requires an id, a level and 3-6 key points on every card.
    Raises DeckFormatError naming `source:line` and what is wrong, one line per problem
    (every problem in the file, each at its own line, up to MAX_ERRORS).
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = [ln[:-1] if ln.endswith("\r") else ln for ln in text.split("\n")]
    problems: list[DeckFormatError] = []
    front, body_start = _parse_front_matter(lines, source, problems)
    cards = _parse_cards(lines, body_start, source, strict, problems)
    _check_unique(cards, source, problems)
    if problems:
        problems.sort(key=lambda err: err.line or 0)
        raise DeckFormatError.of(problems[:MAX_ERRORS])
    return DeckFile(
        source=source,
        deck=front["deck"],
        role=front.get("role") or None,
        topic=front.get("topic") or None,
        topic_title=front.get("topic_title") or None,
        description=front.get("description") or None,
        cards=tuple(cards),
    )


def _parse_front_matter(
    lines: list[str], source: str, problems: list[DeckFormatError]
) -> tuple[dict[str, str], int]:
    """Read the `---` block at the top; return its fields and the first body line index.

    Problems with single fields are added to `problems`; a file without a readable block raises.
    """
    first = next((i for i, ln in enumerate(lines) if ln.strip()), None)
    if first is None:
        raise DeckFormatError(source, None, "the file is empty")
    if lines[first].strip() != "---":
        raise DeckFormatError(source, first + 1, "expected front matter starting with '---'")
    front: dict[str, str] = {}
    for i in range(first + 1, len(lines)):
        raw = lines[i]
        if raw.strip() == "---":
            break
        if not raw.strip():
            continue
        match = _FIELD_RE.match(raw.strip())
        if not match:
            problems.append(DeckFormatError(source, i + 1, f"front matter line is not 'key: value': {raw!r}"))
            continue
        key, value = match.group(1).lower(), match.group(2).strip()
        if key not in FRONT_MATTER_KEYS:
            allowed = ", ".join(FRONT_MATTER_KEYS)
            problems.append(DeckFormatError(source, i + 1, f"unknown front matter key {key!r} (allowed: {allowed})"))
        elif key in front:
            problems.append(DeckFormatError(source, i + 1, f"front matter key {key!r} given twice"))
        elif key == "topic" and value and not _SLUG_RE.match(value):
            problems.append(
                DeckFormatError(source, i + 1, f"topic {value!r} must be a lowercase slug like 'model-serving'")
            )
        else:
            front[key] = value
    else:
        raise DeckFormatError(source, first + 1, "front matter is not closed with '---'")
    if not front.get("deck"):
        problems.append(DeckFormatError(source, first + 1, "front matter needs a 'deck: NAME' line"))
        front["deck"] = ""
    return front, i + 1


def _parse_cards(
    lines: list[str], start: int, source: str, strict: bool, problems: list[DeckFormatError]
) -> list[CardSpec]:
    """Split the body into cards at `## ` headings outside code fences; problems go to `problems`."""
    cards: list[CardSpec] = []
    draft: _Draft | None = None
    fence: str | None = None
    fence_line = 0

    def finish(done: _Draft | None) -> None:
        card = _finish(done, source, strict, problems) if done is not None else None
        if card is not None:
            cards.append(card)

    for i in range(start, len(lines)):
        raw, lineno = lines[i], i + 1
        try:
            fence_match = _FENCE_RE.match(raw)
            if fence is not None:
                if fence_match and fence_match.group(1)[0] == fence[0] and len(fence_match.group(1)) >= len(fence):
                    fence = None
                if draft is not None and draft.section == "notes":
                    _add_body_line(draft, raw, lineno, source)
                continue
            if fence_match:
                fence, fence_line = fence_match.group(1), lineno
                if draft is None or draft.section != "notes":
                    raise DeckFormatError(source, lineno, "code blocks are only allowed inside '### Notes'")
                _add_body_line(draft, raw, lineno, source)
                continue
            if raw.startswith("## "):
                finish(draft)
                question = raw[3:].strip()
                draft = _Draft(question=question, line=lineno, broken=not question)
                if not question:
                    raise DeckFormatError(source, lineno, "card heading '## ' has no question")
                continue
            if raw.startswith("### "):
                if draft is None:
                    raise DeckFormatError(source, lineno, "section heading before the first '## question'")
                _switch_section(draft, raw[4:].strip(), lineno, source)
                continue
            if draft is None:
                if raw.strip() and not raw.startswith("# "):
                    raise DeckFormatError(
                        source, lineno, "text before the first card; a card starts with '## question'"
                    )
                continue
            _add_body_line(draft, raw, lineno, source)
        except DeckFormatError as err:
            problems.append(err)
            if draft is not None:
                draft.broken = True
    if fence is not None:
        problems.append(DeckFormatError(source, fence_line, f"code block opened with {fence!r} is never closed"))
    finish(draft)
    return cards


def _switch_section(draft: _Draft, title: str, lineno: int, source: str) -> None:
    """Move the draft to the section named by a `### ` heading."""
    name = title.lower().rstrip(":")
    if name in ("notes", "answer"):
        if draft.saw_notes:
            raise DeckFormatError(source, lineno, "'### Notes' given twice in one card")
        draft.section, draft.saw_notes = "notes", True
    elif name in ("key points", "keypoints"):
        if draft.section == "keypoints" or draft.key_points:
            raise DeckFormatError(source, lineno, "'### Key points' given twice in one card")
        draft.section = "keypoints"
    else:
        draft.section = "unknown"  # its lines are neither notes nor key points
        raise DeckFormatError(
            source, lineno, f"unknown section '### {title}' (expected '### Notes' or '### Key points'; use '####' inside notes)"
        )


def _add_body_line(draft: _Draft | None, raw: str, lineno: int, source: str) -> None:
    """Route one line to the draft's metadata, notes or key points."""
    assert draft is not None
    if draft.section == "meta":
        if not raw.strip():
            return
        match = _FIELD_RE.match(raw.strip())
        if not match:
            raise DeckFormatError(source, lineno, "expected 'key: value' metadata or '### Notes' after the question")
        key, value = match.group(1).lower(), match.group(2).strip()
        if key not in CARD_KEYS:
            raise DeckFormatError(source, lineno, f"unknown card field {key!r} (allowed: {', '.join(CARD_KEYS)})")
        if key in draft.meta:
            raise DeckFormatError(source, lineno, f"card field {key!r} given twice")
        draft.meta[key] = value
        draft.meta_lines[key] = lineno
    elif draft.section == "notes":
        draft.notes.append(raw)
    elif draft.section == "keypoints":
        stripped = raw.strip()
        if not stripped:
            return
        if raw.startswith(("- ", "* ")):
            draft.key_points.append(raw[2:].strip())
            draft.key_point_lines.append(lineno)
        elif raw.startswith((" ", "\t")) and draft.key_points:
            draft.key_points[-1] += " " + stripped
        else:
            raise DeckFormatError(source, lineno, "key points must be '- ' bullet lines")


def _finish(draft: _Draft, source: str, strict: bool, problems: list[DeckFormatError]) -> CardSpec | None:
    """Validate a complete draft and freeze it into a CardSpec; None (problems added) if it is invalid.

    Each problem is reported at the line it is on: a field at its own line, a seventh key point
    at that bullet, a missing part at the card's heading.
    """
    found: list[DeckFormatError] = []

    def bad(line: int, message: str) -> None:
        found.append(DeckFormatError(source, line, message))

    where = draft.line
    at = draft.meta_lines
    notes = "\n".join(draft.notes).strip("\n")
    if not notes.strip() and not draft.broken:
        bad(where, f"card {draft.question[:60]!r} has no '### Notes' text")
    card_id = draft.meta.get("id") or None
    if card_id is not None and not _ID_RE.match(card_id):
        bad(at["id"], f"card id {card_id!r} may use only letters, digits, '.', '_' and '-'")
    level = draft.meta.get("level") or None
    if level is not None:
        if level.lower() not in _LEVEL_ALIASES:
            bad(at["level"], f"level {level!r} must be one of basic, mid, senior")
        level = _LEVEL_ALIASES.get(level.lower())
    last_reviewed = draft.meta.get("last_reviewed") or None
    if last_reviewed is not None and not _DATE_RE.match(last_reviewed):
        bad(at["last_reviewed"], f"last_reviewed {last_reviewed!r} must be a date YYYY-MM-DD")
    for point, line in zip(draft.key_points, draft.key_point_lines, strict=True):
        if not point:
            bad(line, "a key point is empty")
    if len(draft.key_points) > MAX_KEY_POINTS:
        bad(draft.key_point_lines[MAX_KEY_POINTS], f"{len(draft.key_points)} key points; at most {MAX_KEY_POINTS}")
    if strict:
        if card_id is None:
            bad(where, "card has no 'id:' field")
        if level is None and "level" not in draft.meta:
            bad(where, "card has no 'level:' field")
        if len(draft.key_points) < MIN_KEY_POINTS_STRICT:
            bad(where, f"{len(draft.key_points)} key points; needs 3-6")
    problems.extend(found)
    if found or draft.broken:
        return None
    tags = tuple(t.strip() for t in draft.meta.get("tags", "").split(",") if t.strip())
    return CardSpec(
        question=draft.question,
        notes=notes,
        key_points=tuple(draft.key_points),
        card_id=card_id,
        level=level,
        tags=tags,
        sources=draft.meta.get("sources", ""),
        last_reviewed=last_reviewed,
        line=where,
    )


def _check_unique(cards: list[CardSpec], source: str, problems: list[DeckFormatError]) -> None:
    """Report two cards with the same id or the same question in one file."""
    seen_ids: dict[str, int] = {}
    seen_questions: dict[str, int] = {}
    for card in cards:
        if card.card_id is not None:
            if card.card_id in seen_ids:
                message = f"card id {card.card_id!r} is already used at line {seen_ids[card.card_id]}"
                problems.append(DeckFormatError(source, card.line, message))
            else:
                seen_ids[card.card_id] = card.line
        norm = normalise_question(card.question)
        if norm in seen_questions:
            problems.append(DeckFormatError(source, card.line, f"duplicate question; same as line {seen_questions[norm]}"))
        else:
            seen_questions[norm] = card.line


def normalise_question(question: str) -> str:
    """Return a comparison key for a question: case and spacing folded, trailing punctuation dropped."""
    return " ".join(question.casefold().split()).rstrip("?.! ")


def word_count(markdown: str) -> int:
    """Count the words of Markdown text outside fenced code blocks."""
    words, fence = 0, None
    for raw in markdown.split("\n"):
        match = _FENCE_RE.match(raw)
        if fence is not None:
            if match and match.group(1)[0] == fence[0]:
                fence = None
            continue
        if match:
            fence = match.group(1)
            continue
        words += len(raw.split())
    return words


def render_deck(deck: DeckFile) -> str:
    """Write a DeckFile back as deck-format text that parse_deck reads to the same values."""
    out = ["---", f"deck: {deck.deck}"]
    for key in ("role", "topic", "topic_title", "description"):
        value = getattr(deck, key)
        if value:
            out.append(f"{key}: {value}")
    out += ["---", ""]
    for card in deck.cards:
        out.append(f"## {card.question}")
        if card.card_id:
            out.append(f"id: {card.card_id}")
        if card.level:
            out.append(f"level: {card.level}")
        if card.tags:
            out.append(f"tags: {', '.join(card.tags)}")
        if card.sources:
            out.append(f"sources: {card.sources}")
        if card.last_reviewed:
            out.append(f"last_reviewed: {card.last_reviewed}")
        out += ["", "### Notes", card.notes, ""]
        if card.key_points:
            out.append("### Key points")
            out += [f"- {point}" for point in card.key_points]
            out.append("")
    return "\n".join(out)
