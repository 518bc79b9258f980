"""Render an Anki card's question and answer HTML from its note type's templates, cloze deletions included."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from flashcards.importers.anki_collection import Note, Notetype
from flashcards.importers.limits import MAX_CARD_CHARS

# A cloze whose text holds no other cloze opening, so nested clozes are resolved innermost first.
# The text stops at the first `::` (the hint follows it), so a run of colons cannot make it backtrack.
CLOZE = re.compile(r"\{\{c(\d+)::((?:(?!\{\{c\d+::|::).)*?)(?:::((?:(?!\{\{c\d+::).)*?))?\}\}", re.DOTALL)
# Tags never span a `<`, so text of many unclosed `<` is scanned once, not once per `<`.
_HR = re.compile(r"<hr\b[^<>]*>", re.IGNORECASE)
_ANSWER_ID = re.compile(r"\bid\s*=\s*[\"']?answer\b", re.IGNORECASE)
_TAGS = re.compile(r"<[^<>]*>")
MAX_CLOZE_DEPTH = 8  # clozes nested deeper than this stay as they are (each level is one more pass)
_FRONT = "\x00front-side\x00"
_DROPPED_FILTERS = {"type", "tts"}


class RenderTooBig(Exception):
    """A side of a card renders to more than MAX_CARD_CHARS (a template repeating a field thousands of times)."""


class UnclosedTag(Exception):
    """A template has a `{{` that no `}}` closes (Anki refuses to render such a card too)."""


def render_card(notetype: Notetype, note: Note, ordinal: int, deck: str) -> tuple[str, str]:
    """The (question, answer) HTML of card `ordinal` of `note`; the answer without the repeated question.

    Returns empty strings where Anki would show an empty side. Raises RenderTooBig for a side
    over MAX_CARD_CHARS (rendering stops there), UnclosedTag for a template with an unclosed `{{`.
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
    rule = next((m for m in _HR.finditer(answer) if _ANSWER_ID.search(m.group())), None)
    answer = answer[rule.end() :] if rule else answer.replace(_FRONT, "")
    return question, answer.replace(_FRONT, "")


def has_cloze(values: Mapping[str, str], number: int | None) -> bool:
    """True if any field holds cloze `number`."""
    return any(int(m.group(1)) == number for text in values.values() for m in CLOZE.finditer(text or ""))


def tokens(template: str) -> Iterator[tuple[int, int, str, str]]:
    """Each `{{...}}` tag of `template` as (start, end, sigil, name), in one pass (linear time).

    A tag is `{{`, text without braces, `}}`; the sigil is `#`, `^`, `/` or empty and the name
    is stripped of surrounding whitespace. Raises UnclosedTag for a `{{` after the last `}}`.
    Each tag is found from its `}}`: it starts at the last brace before it, which must be the
    second of a `{{`. (A regex with `\\s*` around a lazy name backtracks in cubic time on `{{`
    followed by thousands of spaces and no `}}`.)
    """
    pos = 0
    while (close := template.find("}}", pos)) >= 0:
        brace = max(template.rfind("{", pos, close), template.rfind("}", pos, close))
        if brace > pos and template[brace] == "{" and template[brace - 1] == "{":
            inner = template[brace + 1 : close]
            sigil = inner[0] if inner[:1] in ("#", "^", "/") else ""
            yield brace - 1, close + 2, sigil, inner[len(sigil) :].strip()
            pos = close + 2
        else:
            pos = close + 1
    if template.find("{{", pos) >= 0:
        raise UnclosedTag(template.find("{{", pos))


def render(template: str, values: Mapping[str, str], cloze: int | None, answer: bool) -> str:
    """Fill a card template: `{{Field}}`, `{{filter:Field}}`, `{{#Field}}...{{/Field}}` and `{{^Field}}...{{/Field}}`.

    Raises RenderTooBig as soon as the output passes MAX_CARD_CHARS.
    """
    out: list[str] = []
    stack: list[bool] = []
    pos = 0
    length = 0
    for start, end, sigil, name in tokens(template):
        if all(stack):
            out.append(template[pos:start])
            length += start - pos
        pos = end
        if length > MAX_CARD_CHARS:
            raise RenderTooBig(length)
        if sigil in ("#", "^"):
            present = _non_empty(values.get(name, ""))
            stack.append(present if sigil == "#" else not present)
        elif sigil == "/":
            if stack:
                stack.pop()
        elif all(stack):
            out.append(_replace(name, values, cloze, answer))
            length += len(out[-1])
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
    for _ in range(MAX_CLOZE_DEPTH):
        if previous == text:
            break
        previous, text = text, CLOZE.sub(repl, text)
    return text
