"""Turn the HTML of Anki fields into readable Markdown: breaks, lists, code and entities kept; scripts dropped."""

from __future__ import annotations

import re
from collections.abc import Mapping
from html.parser import HTMLParser
from urllib.parse import unquote

_HTML_HINT = re.compile(
    r"<(?:br|div|p|b|i|u|em|strong|ul|ol|li|span|img|code|pre|a|h[1-6]|table|tr|td|sub|sup|font|hr)\b[^<>]*>"
    r"|</(?:div|p|b|i|u|em|strong|ul|ol|li|span|code|pre|a|h[1-6]|table|tr|td|sub|sup|font)>"
    r"|&(?:nbsp|amp|lt|gt|quot|#\d+|#x[0-9a-f]+);",
    re.IGNORECASE,
)
_SPACE = re.compile(r"[ \t\n\r\f]+")
_NBSP = re.compile(r"&nbsp;", re.IGNORECASE)
_SOUND = re.compile(r"\[sound:([^\[\]\n]+)\]")
# A `<` with another `<` (or the end) before its `>` opens no tag: html.parser rescans the rest of
# the text for each such `<` (quadratic), so it is turned into `&lt;` first.
_UNCLOSED = re.compile(r"<(?=[^<>]*(?:<|$))")
_BLANKS = re.compile(r"\n{3,}")
_BLOCKS = {"p", "div", "ul", "ol", "table", "tr", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "dl", "dt", "dd"}
_INLINE = {"b": "**", "strong": "**", "i": "*", "em": "*"}
_DROP = {"script", "style", "head", "title"}
MEDIA_DIR = "media"


def looks_like_html(text: str) -> bool:
    """True if `text` contains a common HTML tag or entity (used when a file does not say)."""
    return _HTML_HINT.search(text) is not None


def media_link(name: str, media: Mapping[str, str]) -> str | None:
    """The card-text path of media file `name` (`media/<stored name>`), or None if the package lacks it."""
    stored = media.get(name) or media.get(unquote(name))
    return f"{MEDIA_DIR}/{stored}" if stored else None


def sound_refs(text: str, media: Mapping[str, str]) -> str:
    """Replace Anki's `[sound:x.mp3]` with a Markdown link to the stored file."""

    def repl(match: re.Match[str]) -> str:
        name = match.group(1)
        link = media_link(name, media)
        return f"[sound: {name}]({link})" if link else match.group(0)

    return _SOUND.sub(repl, text)


def html_to_text(html: str, media: Mapping[str, str] | None = None) -> str:
    """Convert field HTML to Markdown text; `media` maps package media names to stored names."""
    converter = _Converter(media or {})
    converter.feed(_UNCLOSED.sub("&lt;", _NBSP.sub(" ", html)))
    converter.close()
    return converter.result()


class _Converter(HTMLParser):
    """Collects lines of Markdown while HTML is fed in."""

    def __init__(self, media: Mapping[str, str]) -> None:
        super().__init__(convert_charrefs=True)
        self.media = media
        self.lines: list[str] = []
        self.buf: list[str] = []
        self.prefix = ""
        self.drop = 0
        self.pre = 0
        self.lists: list[list[object]] = []
        self.links: list[str | None] = []

    def _flush(self, keep_empty: bool = False) -> None:
        text = "".join(self.buf).strip(" ")
        if text or keep_empty or self.prefix:
            self.lines.append(self.prefix + text)
        self.buf, self.prefix = [], ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROP:
            self.drop += 1
        elif self.drop:
            return
        elif self.pre:
            if tag == "br":
                self.buf.append("\n")
        elif tag == "br":
            self._flush(keep_empty=True)
        elif tag == "pre":
            self._flush()
            self.lines.append("```")
            self.pre += 1
        elif tag in ("ul", "ol"):
            self._flush()
            self.lists.append([tag, 0])
        elif tag == "li":
            self._flush()
            self._start_item()
        elif tag in _BLOCKS:
            self._flush()
            if tag[0] == "h" and tag[1:].isdigit():
                self.prefix = "#### "
        elif tag in _INLINE:
            self.buf.append(_INLINE[tag])
        elif tag == "code":
            self.buf.append("`")
        elif tag == "hr":
            self._flush()
            self.lines.append("---")
        elif tag == "img":
            self._image(dict(attrs))
        elif tag == "a":
            href = dict(attrs).get("href")
            self.links.append(href)
            if href:
                self.buf.append("[")

    def _start_item(self) -> None:
        depth = max(len(self.lists) - 1, 0)
        if self.lists and self.lists[-1][0] == "ol":
            self.lists[-1][1] = int(self.lists[-1][1]) + 1  # type: ignore[call-overload]
            self.prefix = "   " * depth + f"{self.lists[-1][1]}. "
        else:
            self.prefix = "  " * depth + "- "

    def _image(self, attrs: dict[str, str | None]) -> None:
        src = attrs.get("src") or ""
        if not src:
            return
        alt = attrs.get("alt") or src
        self.buf.append(f"![{alt}]({media_link(src, self.media) or src})")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in ("br", "img", "hr"):
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP:
            self.drop = max(0, self.drop - 1)
        elif self.drop:
            return
        elif tag == "pre" and self.pre:
            self.pre -= 1
            raw = "".join(self.buf)
            self.buf = []
            self.lines += raw.removeprefix("\n").removesuffix("\n").split("\n")
            self.lines.append("```")
        elif self.pre:
            return
        elif tag in ("ul", "ol"):
            self._flush()
            if self.lists:
                self.lists.pop()
        elif tag == "li" or tag in _BLOCKS:
            self._flush()
        elif tag in _INLINE:
            self.buf.append(_INLINE[tag])
        elif tag == "code":
            self.buf.append("`")
        elif tag == "a" and self.links:
            href = self.links.pop()
            if href:
                self.buf.append(f"]({href})")

    def handle_data(self, data: str) -> None:
        if self.drop:
            return
        if self.pre:
            self.buf.append(data)
            return
        self.buf.append(sound_refs(_SPACE.sub(" ", data), self.media))

    def result(self) -> str:
        """The Markdown text collected so far, with surrounding blank lines removed."""
        if self.pre:
            self.lines += "".join(self.buf).split("\n")
            self.buf = []
            self.lines.append("```")
        self._flush()
        text = "\n".join(line.rstrip(" ") for line in self.lines)
        return _BLANKS.sub("\n\n", text).strip("\n")
