"""A document (see ``sli_cli.render.document``) as Markdown.

User text is escaped with ``sli_cli.core.text`` so that it cannot change the
layout: a ``|`` in a table cell, a leading ``#`` or ``<script>`` all show as
typed.
"""

from __future__ import annotations

from sli_cli.core.text import md_block, md_inline, md_url
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


def inline(part: Inline) -> str:
    if isinstance(part, Rag):
        if part.short:
            return f"**{part.rating.letter if part.rating else '·'}**"
        return f"**{rating_word(part.rating)}**"
    if isinstance(part, Travel):
        return travel_word(part.trend)
    if isinstance(part, Strong):
        return f"**{md_inline(part.text)}**"
    if isinstance(part, Link):
        if part.label:
            return f"[{md_inline(part.label)}]({md_url(part.url)})"
        return md_url(part.url.removeprefix("mailto:"))
    if isinstance(part, Small):
        return md_inline(part.text)
    return spaced(part, md_inline(part))


def spaced(raw: str, escaped: str) -> str:
    """``escaped`` with the single spaces ``raw`` had at either end (escaping
    collapses whitespace, but the parts of a line are joined without any)."""
    if not escaped:
        return " " if raw and raw.isspace() else ""
    return (" " if raw[:1].isspace() else "") + escaped + (" " if raw[-1:].isspace() else "")


def line(parts: Line) -> str:
    return "".join(inline(p) for p in parts)


def block(b: Block, level: int) -> list[str]:
    if isinstance(b, Para):
        return [line(b.parts)]
    if isinstance(b, Text):
        body = md_block(b.text)
        if not b.label:
            return [body] if body else []
        return [f"{md_inline(b.label)}: {body}" if body else f"{md_inline(b.label)}:"]
    if isinstance(b, Bullets):
        return ["\n".join(f"- {line(item)}" for item in b.items)]
    if isinstance(b, Table):
        rows = ["| " + " | ".join(md_inline(h) for h in b.headers) + " |",
                "|" + "|".join("---" for _ in b.headers) + "|"]
        rows += ["| " + " | ".join(line(cell) for cell in row) + " |" for row in b.rows]
        return ["\n".join(rows)]
    out = [f"{'#' * level} {line(b.title)}"]
    for child in b.blocks:
        out += block(child, level + 1)
    return out


def document_markdown(doc: Document) -> str:
    """The whole document as Markdown, ending with one newline."""
    chunks = [f"> **{md_inline(doc.banner)}**"] if doc.banner else []
    chunks.append(f"# {md_inline(doc.title)}")
    chunks += [line(i) for i in doc.intro]
    for section in doc.sections:
        chunks.append(f"## {md_inline(section.title)}")
        if not section.blocks:
            chunks.append(f"_{md_inline(section.empty)}_")
        for b in (*section.blocks, *section.tail):
            chunks += block(b, 3)
    if doc.closing:
        chunks += ["---", line(doc.closing)]
    chunks += [f"_{md_inline(n)}_" for n in doc.notes]
    return "\n\n".join(chunks) + "\n"
