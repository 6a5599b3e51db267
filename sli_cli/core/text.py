"""Making user text safe to show: in a terminal, Markdown, HTML and CSV."""

from __future__ import annotations

import html
import re

# C0 and C1 control characters (ESC starts every terminal escape sequence;
# 0x9b is a one-byte CSI) and the bidirectional overrides and isolates, which
# reorder how the text around them is displayed.
_BIDI = r"\u202a-\u202e\u2066-\u2069"
_CONTROL = re.compile(rf"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]")
# JSON escapes C0 itself; these it would leave raw.
_JSON_RAW = re.compile(rf"[\x7f-\x9f{_BIDI}]")
# Markdown's own characters; '&' only where it would start an entity
# reference ("&lt;" typed by a person must not turn into "<").
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|<>#]|&(?=#?[0-9A-Za-z]+;))")


def printable(text: str) -> str:
    """Control characters (escape sequences included) and bidirectional
    overrides made visible, e.g. ``\\x1b``, ``\\u202e``."""
    return _CONTROL.sub(_visible, text)


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def json_safe(text: str) -> str:
    """JSON text with DEL, C1 controls and bidirectional overrides escaped as
    ``\\uXXXX`` too: the same data, safe to print on a terminal."""
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def md_inline(text: str) -> str:
    """User text as one line of Markdown that cannot change the layout around it."""
    one_line = " ".join(printable(text).split())
    return _MD_SPECIAL.sub(r"\\\1", one_line)


def md_block(text: str) -> str:
    """User text as Markdown paragraphs: its lines kept, its markup shown as text."""
    paragraphs = [" ".join(p.split()) for p in printable(text).split("\n\n")]
    return "\n\n".join(_MD_SPECIAL.sub(r"\\\1", p) for p in paragraphs if p)


def html_text(text: str) -> str:
    """User text escaped for HTML."""
    return html.escape(printable(text), quote=True)


def csv_cell(value: object) -> str:
    """A CSV cell a spreadsheet will not run as a formula, its control
    characters made visible (line breaks kept)."""
    text = "" if value is None else str(value)
    if isinstance(value, bool):
        text = "true" if value else "false"
    text = printable(text.replace("\r\n", "\n"))
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text
