"""A document (see ``sli_cli.render.document``) as plain text: the body of
an email for readers whose mail shows no formatting.

Headings are underlined, tables become one bullet per row, ratings are their
words, links their addresses; lines are wrapped at 72 columns. User text has
its control characters made visible (``sli_cli.core.text.printable``).
"""

from __future__ import annotations

import textwrap

from sli_cli.core.text import printable
from sli_cli.render.document import (
    Block,
    Bullets,
    Document,
    Inline,
    Line,
    Link,
    Para,
    Rag,
    Small,
    Strong,
    Table,
    Text,
    Travel,
    rating_word,
    travel_word,
)

WIDTH = 72


def inline(part: Inline) -> str:
    if isinstance(part, Rag):
        return rating_word(part.rating)
    if isinstance(part, Travel):
        return travel_word(part.trend)
    if isinstance(part, Strong | Small):
        return printable(part.text)
    if isinstance(part, Link):
        shown = printable(part.shown)
        address = printable(part.url.removeprefix("mailto:"))
        return f"<{address}>" if shown == address else f"{shown} <{address}>"
    return printable(part)


def line(parts: Line) -> str:
    return " ".join("".join(inline(p) for p in parts).split(" ")).strip()


def wrap(text: str, first: str = "", rest: str = "") -> list[str]:
    return textwrap.wrap(" ".join(text.split()), WIDTH, initial_indent=first,
                         subsequent_indent=rest, break_long_words=False,
                         break_on_hyphens=False) or ([first.rstrip()] if first.strip() else [])


def heading(text: str, rule: str) -> list[str]:
    text = " ".join(text.split())
    return [text, rule * min(len(text), WIDTH)]


def row_text(headers: tuple[str, ...], row: tuple[Line, ...]) -> str:
    """One table row as sentences: the first cell, then each other cell
    after its header (``Where: Exeter.``)."""
    cells = [line(c) for c in row]
    said = [stop(cells[0])] if cells and cells[0] else []
    said += [stop(f"{h}: {c}") for h, c in zip(headers[1:], cells[1:], strict=False) if c]
    return " ".join(said)


def stop(text: str) -> str:
    return text if text[-1:] in ".?!" else text + "."


def block(b: Block, level: int) -> list[str]:
    if isinstance(b, Para):
        return [*wrap(line(b.parts)), ""]
    if isinstance(b, Text):
        out: list[str] = []
        chunks = [c for c in printable(b.text).replace("\r\n", "\n").split("\n\n") if c.strip()]
        for i, chunk in enumerate(chunks):
            lead = f"{printable(b.label)}: " if i == 0 and b.label else ""
            out += [*wrap(lead + chunk), ""]
        return out
    if isinstance(b, Bullets):
        out = []
        for item in b.items:
            out += wrap(line(item), "- ", "  ")
        return [*out, ""]
    if isinstance(b, Table):
        out = []
        for row in b.rows:
            out += wrap(row_text(b.headers, row), "- ", "  ")
        return [*out, ""]
    lines = wrap(line(b.title))
    rule = ("~" if level <= 3 else ".") * max((len(x) for x in lines), default=0)
    out = [*lines, rule, ""]
    for child in b.blocks:
        out += block(child, level + 1)
    return out


def document_text(doc: Document) -> str:
    """The whole document as plain text, ending with one newline."""
    out: list[str] = []
    if doc.banner:
        out += [*wrap(f"[{printable(doc.banner)}]"), ""]
    out += [*heading(printable(doc.title), "="), ""]
    for i in doc.intro:
        out += [*wrap(line(i)), ""]
    for section in doc.sections:
        out += [*heading(printable(section.title), "-"), ""]
        if not section.blocks:
            out += [*wrap(printable(section.empty)), ""]
        for b in (*section.blocks, *section.tail):
            out += block(b, 3)
    if doc.closing:
        out += ["-- ", *wrap(line(doc.closing)), ""]
    for n in doc.notes:
        out += [*wrap(printable(n)), ""]
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"
