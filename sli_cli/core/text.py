"""Making user text safe to show: in a terminal, Markdown, HTML and CSV."""

from __future__ import annotations

import re
from collections.abc import Iterable

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


def printable_line(text: str) -> str:
    """``printable``, with line breaks and tabs shown as ``\\n`` and ``\\t``
    too: a message that quotes a file keeps to its one line."""
    return printable(text.replace("\t", "\\t").replace("\r\n", "\\r\\n")
                     .replace("\n", "\\n"))


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
    import html  # only the HTML documents need it

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


# RFC 3986: what may appear in a URL, percent-escapes apart.
_URL_CHARS = re.compile(r"[A-Za-z0-9\-._~:/?#@!$&'()*+,;=%]*\Z")
_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_HOST_LABEL = re.compile(r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)\Z")
# Characters of a URL that mean something in Markdown; each is replaced by its
# percent-escape, which a browser reads as the same address.
_MD_URL_SPECIAL = re.compile(r"[*_()\[\]`\\|<>]")
MAX_URL = 2000


def is_web_address(text: str) -> bool:
    """A well-formed ``http``/``https`` URL: a host name (or IPv4 address),
    an optional port, and a path, query and fragment made only of the
    characters RFC 3986 allows (so no spaces, quotes, ``|``, ``<``, ``>``,
    brackets or control characters), with well-formed percent-escapes."""
    from urllib.parse import urlsplit

    if len(text) > MAX_URL or not _URL_CHARS.match(text) or _PERCENT.search(text):
        return False
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        return False
    if parts.scheme.lower() not in ("http", "https") or not text.lower().startswith(
            parts.scheme.lower() + "://"):
        return False
    if parts.username is not None or parts.password is not None:
        return False  # "https://bank.example@evil.example" reads as the wrong site
    host = parts.hostname or ""
    if port is not None and not 0 < port < 65536:
        return False
    labels = host.rstrip(".").split(".")
    return bool(host) and all(_HOST_LABEL.match(label) for label in labels)


def md_url(url: str) -> str:
    """A URL as a Markdown autolink, its Markdown characters percent-escaped."""
    return "<" + _MD_URL_SPECIAL.sub(lambda m: f"%{ord(m.group()):02X}", printable(url)) + ">"


def nearest(word: str, choices: Iterable[str]) -> str | None:
    """The choice closest to ``word`` (a mistyped id or key), or None when
    nothing is close."""
    import difflib  # only when something is wrong

    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None


def toml_string(value: str, *, multiline: bool = False) -> str:
    """``value`` as a TOML string: a basic string, or with ``multiline`` a
    multi-line one when it has line breaks and can be written plainly, which
    reads and edits better."""
    if multiline and "\n" in value and '"""' not in value and "\\" not in value \
            and not value.endswith('"') \
            and not any((ord(c) < 32 and c not in "\n\t") or c == "\x7f" for c in value):
        return '"""\n' + value + '"""'
    import json

    # JSON's escapes are TOML's, except that TOML also forbids a raw DEL.
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


# An email address within a phrase: something@somewhere.tld.
_EMAIL_IN = re.compile(r"[^@\s<>()\"',;:\[\]]+@[^@\s<>()\"',;:\[\]]+\.[A-Za-z]{2,}")


def email_in(text: str) -> str | None:
    """The first email address written in ``text``, if any."""
    found = _EMAIL_IN.search(text)
    return found.group(0) if found else None


def is_email_address(text: str) -> bool:
    """``text`` is one email address and nothing else."""
    return _EMAIL_IN.fullmatch(text.strip()) is not None
