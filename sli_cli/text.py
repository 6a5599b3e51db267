"""Making user text safe to show: in a terminal, Markdown, HTML and CSV."""

from __future__ import annotations

import html
import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|<>#])")


def printable(text: str) -> str:
    """Control characters (escape sequences included) made visible, e.g. ``\\x1b``."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


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
    """A CSV cell a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    if isinstance(value, bool):
        text = "true" if value else "false"
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text
