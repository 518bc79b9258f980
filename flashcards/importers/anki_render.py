"""Render an Anki card's question and answer HTML from its note type's templates, cloze deletions included."""

from __future__ import annotations

import re
from collections.abc import Mapping

from flashcards.importers.anki_collection import Note, Notetype

_TOKEN = re.compile(r"\{\{([#^/]?)\s*([^{}]*?)\s*\}\}")
# A cloze whose text holds no other cloze opening, so nested clozes are resolved innermost first.
CLOZE = re.compile(r"\{\{c(\d+)::((?:(?!\{\{c\d+::).)*?)(?:::((?:(?!\{\{c\d+::).)*?))?\}\}", re.DOTALL)
_ANSWER_RULE = re.compile(r"<hr[^>]*\bid\s*=\s*[\"']?answer[\"']?[^>]*>", re.IGNORECASE)
_TAGS = re.compile(r"<[^>]*>")
_FRONT = "\x00front-side\x00"
_DROPPED_FILTERS = {"type", "tts"}


def render_card(notetype: Notetype, note: Note, ordinal: int, deck: str) -> tuple[str, str]:
    """The (question, answer) HTML of card `ordinal` of `note`; the answer without the repeated question.

    Returns empty strings where Anki would show an empty side.
    """
    values = dict(zip(notetype.fields, note.fields, strict=False))
    values.update(Tags=" ".join(note.tags), Deck=deck, Subdeck=deck.rsplit("::", 1)[-1], Type=notetype.name)
    if notetype.cloze:
        template = notetype.templates[0] if notetype.templates else ("Cloze", "", "")
    elif ordinal < len(notetype.templates):
        template = notetype.templates[ordinal]
    else:
        return "", ""
    values["Card"] = template[0]
    cloze = ordinal + 1 if notetype.cloze else None
    question = render(template[1], values, cloze, answer=False)
    if notetype.cloze and not has_cloze(values, cloze):
        return "", ""
    answer = render(template[2], {**values, "FrontSide": _FRONT}, cloze, answer=True)
    parts = _ANSWER_RULE.split(answer, maxsplit=1)
    answer = parts[1] if len(parts) == 2 else answer.replace(_FRONT, "")
    return question, answer.replace(_FRONT, "")


def has_cloze(values: Mapping[str, str], number: int | None) -> bool:
    """True if any field holds cloze `number`."""
    return any(int(m.group(1)) == number for text in values.values() for m in CLOZE.finditer(text or ""))


def render(template: str, values: Mapping[str, str], cloze: int | None, answer: bool) -> str:
    """Fill a card template: `{{Field}}`, `{{filter:Field}}`, `{{#Field}}...{{/Field}}` and `{{^Field}}...{{/Field}}`."""
    out: list[str] = []
    stack: list[bool] = []
    pos = 0
    for match in _TOKEN.finditer(template):
        if all(stack):
            out.append(template[pos : match.start()])
        pos = match.end()
        sigil, name = match.group(1), match.group(2)
        if sigil in ("#", "^"):
            present = _non_empty(values.get(name, ""))
            stack.append(present if sigil == "#" else not present)
        elif sigil == "/":
            if stack:
                stack.pop()
        elif all(stack):
            out.append(_replace(name, values, cloze, answer))
    if all(stack):
        out.append(template[pos:])
    return "".join(out)


def _non_empty(html: str) -> bool:
    return bool(_TAGS.sub("", html).replace("&nbsp;", " ").strip())


def _replace(spec: str, values: Mapping[str, str], cloze: int | None, answer: bool) -> str:
    *filters, name = spec.split(":")
    text = values.get(name, "")
    for flt in reversed(filters):
        flt = flt.strip()
        if flt in _DROPPED_FILTERS:
            return ""
        if flt == "cloze":
            text = render_cloze(text, cloze, answer)
        elif flt == "text":
            text = _TAGS.sub("", text)
    return text


def render_cloze(text: str, number: int | None, answer: bool, bold: str = "<b>") -> str:
    """Show cloze `number` as `[...]` (or `[hint]`) on the question, in `bold` (`<b>` or `**`) on the answer."""
    close = "</b>" if bold == "<b>" else bold

    def repl(match: re.Match[str]) -> str:
        body, hint = match.group(2), match.group(3)
        if number is None or int(match.group(1)) != number:
            return body
        if answer:
            return f"{bold}{body}{close}"
        return f"[{hint}]" if hint else "[...]"

    previous = None
    while previous != text:
        previous, text = text, CLOZE.sub(repl, text)
    return text
