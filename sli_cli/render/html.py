"""A document (see ``sli_cli.render.document``) as one self-contained HTML file.

Inline CSS only: no scripts, fonts, images or any other request, so the file
opens offline, prints cleanly and survives being pasted into an email (the
rating labels carry their colours in ``style`` attributes as well, because
mail programs drop ``<style>``). Every piece of user text goes through
``text.html_text``.
"""

from __future__ import annotations

from sli_cli.core.text import html_text
from sli_cli.plan.model import Rating
from sli_cli.render.document import (
    Block,
    Bullets,
    Document,
    Inline,
    Line,
    Link,
    Para,
    Rag,
    Strong,
    Table,
    Text,
    Travel,
    rating_word,
    travel_word,
)

# (background, text) for each label; the word is always inside the label.
RAG_COLOURS: dict[Rating | None, tuple[str, str]] = {
    Rating.RED: ("#b3261e", "#ffffff"),
    Rating.AMBER: ("#f2a900", "#1a1a1a"),
    Rating.GREEN: ("#2e7d32", "#ffffff"),
    Rating.BLUE: ("#1f5fa8", "#ffffff"),
    Rating.GREY: ("#8a8f96", "#ffffff"),
    None: ("#ffffff", "#444444"),
}

CSS = """
body { font-family: Arial, Helvetica, sans-serif; color: #1a1a1a; background: #ffffff;
       max-width: 54em; margin: 1.5em auto; padding: 0 1.2em; line-height: 1.45;
       font-size: 15px; }
h1 { font-size: 1.55em; color: #1d4f6e; border-bottom: 3px solid #1d4f6e;
     padding-bottom: .25em; margin-bottom: .3em; }
h2 { font-size: 1.22em; color: #1d4f6e; border-bottom: 1px solid #c5ced8;
     margin: 1.6em 0 .5em; padding-bottom: .15em; }
h3 { font-size: 1.05em; margin: 1.1em 0 .3em; }
h4 { font-size: 1em; margin: .9em 0 .3em; }
p { margin: .35em 0 .6em; }
.intro { color: #3d4650; }
table { border-collapse: collapse; width: 100%; margin: .4em 0 1em; font-size: .95em; }
th, td { border: 1px solid #c8ccd2; padding: 4px 7px; text-align: left;
         vertical-align: top; }
th { background: #eef1f5; }
td.narrow, th.narrow { white-space: nowrap; width: 1%; }
ul { margin: .3em 0 .8em; padding-left: 1.4em; }
li { margin: .15em 0; }
.rag { display: inline-block; min-width: 4.2em; text-align: center; padding: 1px 6px;
       border: 1px solid #555555; border-radius: 3px; font-weight: bold; font-size: .85em;
       line-height: 1.35; }
.empty { color: #555555; font-style: italic; }
.label { font-weight: bold; }
.closing { border-top: 1px solid #c5ced8; margin-top: 2em; padding-top: .6em;
           font-size: .92em; color: #3d4650; }
a { color: #1d4f6e; word-break: break-all; }
* { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
@media print {
  body { margin: 0; max-width: none; font-size: 10.5pt; }
  h2, h3, h4 { break-after: avoid; }
  tr, li, .sub { break-inside: avoid; }
  a { color: #1a1a1a; }
}
"""


def rag(rating: Rating | None) -> str:
    background, colour = RAG_COLOURS[rating]
    key = rating.value if rating is not None else "none"
    return (f'<span class="rag rag-{key}" style="background:{background};color:{colour};'
            f'border:1px solid #555555;border-radius:3px;padding:1px 6px;font-weight:bold">'
            f"{rating_word(rating)}</span>")


def inline(part: Inline) -> str:
    if isinstance(part, Rag):
        return rag(part.rating)
    if isinstance(part, Travel):
        return f'<span class="travel">{html_text(travel_word(part.trend))}</span>'
    if isinstance(part, Strong):
        return f"<strong>{html_text(part.text)}</strong>"
    if isinstance(part, Link):
        url = html_text(part.url)
        return f'<a href="{url}">{url}</a>'
    return html_text(part)


def line(parts: Line) -> str:
    return "".join(inline(p) for p in parts)


def paragraphs(text: str, label: str = "") -> list[str]:
    chunks = [c.strip() for c in text.replace("\r\n", "\n").split("\n\n") if c.strip()]
    out = []
    for i, chunk in enumerate(chunks):
        body = "<br>".join(html_text(x) for x in chunk.split("\n"))
        if i == 0 and label:
            body = f'<span class="label">{html_text(label)}:</span> {body}'
        out.append(f"<p>{body}</p>")
    return out


def block(b: Block, level: int) -> list[str]:
    if isinstance(b, Para):
        return [f"<p>{line(b.parts)}</p>"]
    if isinstance(b, Text):
        return paragraphs(b.text, b.label)
    if isinstance(b, Bullets):
        return ["<ul>", *(f"<li>{line(item)}</li>" for item in b.items), "</ul>"]
    if isinstance(b, Table):
        rows = ["<table>", "<thead><tr>"
                + "".join(f'<th class="narrow">{html_text(h)}</th>' if i in b.narrow
                          else f"<th>{html_text(h)}</th>" for i, h in enumerate(b.headers))
                + "</tr></thead>",
                "<tbody>"]
        for row in b.rows:
            cells = "".join(
                f'<td class="narrow">{line(c)}</td>' if i in b.narrow else f"<td>{line(c)}</td>"
                for i, c in enumerate(row))
            rows.append(f"<tr>{cells}</tr>")
        return [*rows, "</tbody>", "</table>"]
    tag = f"h{min(level, 6)}"
    out = ['<div class="sub">', f"<{tag}>{line(b.title)}</{tag}>"]
    for child in b.blocks:
        out += block(child, level + 1)
    return [*out, "</div>"]


def document_html(doc: Document) -> str:
    """The whole document as one HTML file."""
    body = [f"<h1>{html_text(doc.title)}</h1>"]
    body += [f'<p class="intro">{line(i)}</p>' for i in doc.intro]
    for section in doc.sections:
        body.append(f'<section id="{html_text(section.key)}">')
        body.append(f"<h2>{html_text(section.title)}</h2>")
        if not section.blocks:
            body.append(f'<p class="empty">{html_text(section.empty)}</p>')
        for b in (*section.blocks, *section.tail):
            body += block(b, 3)
        body.append("</section>")
    if doc.closing:
        body.append(f'<p class="closing">{line(doc.closing)}</p>')
    body += [f'<p class="empty">{html_text(n)}</p>' for n in doc.notes]
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en-GB">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html_text(doc.title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        *body,
        "</body>",
        "</html>",
        "",
    ])
