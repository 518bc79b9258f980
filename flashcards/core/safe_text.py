"""Render-safe user text: C0/C1 control characters made visible, and long text cut, before it reaches a terminal.

Card, deck and file text is data. A terminal acts on control characters: `ESC ]2;...`
sets its title, `ESC [2J` clears the screen, `ESC ]52;c;...` writes the clipboard, a
carriage return moves back over text already written. Every path that shows user text
(the TUI's widgets and notifications, the CLI's output) passes it through `visible`,
which replaces each C0 control (except newline and tab), DEL and each C1 control with a
visible stand-in. Stored text is never changed: only what is shown.
"""

from __future__ import annotations

import re

# C0 controls (except \t and \n), DEL and C1 controls; a CR LF pair counts as one line break.
_CONTROL = re.compile("\r\n|[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_C1_OR_DEL = re.compile("[\x7f-\x9f]")


def _stand_in(char: str) -> str:
    """The visible form of one control character: a Unicode control picture, or `<9B>` for C1."""
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟, e.g. ␛ for ESC
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"<{code:02X}>"


def _replace(match: re.Match[str]) -> str:
    text = match.group(0)
    return "\n" if text == "\r\n" else _stand_in(text)


def visible(text: str) -> str:
    """`text` with every control character but newline and tab made visible (`ESC` -> `␛`, `0x9B` -> `<9B>`).

    A CR LF pair becomes a newline. Text without control characters comes back unchanged
    (the same object), so the common case costs one regex scan.
    """
    if _CONTROL.search(text) is None:
        return text
    return _CONTROL.sub(_replace, text)


def cut(text: str, limit: int) -> str:
    """`text` made visible and cut to about `limit` characters for display, saying how much was left out.

    The cut is made before the control characters are replaced, so the work is bounded by
    `limit` however long `text` is. The stored text is unchanged; this is only what is shown.
    """
    if len(text) <= limit:
        return visible(text)
    rest = len(text) - limit
    return visible(text[:limit]) + f"\n… [{rest:,} more characters not shown; the whole text is stored]"


def json_visible(text: str) -> str:
    """JSON text with DEL and C1 controls written as `\\u` escapes (json.dumps with ensure_ascii=False
    leaves them raw; C0 controls it escapes already). The data is unchanged for any JSON reader."""
    return _C1_OR_DEL.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)
