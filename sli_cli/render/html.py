"""A document (see ``sli_cli.render.document``) as one self-contained HTML file.

The layout lives in Jinja2 templates (``templates/``) with autoescaping on:
the document model feeds the template, the template only lays it out, and
every string, user text or prose, is escaped on the way out (control
characters are made visible first). No scripts, fonts, images or any other
request, so the file opens offline and prints cleanly. ``email_ready`` copies
every style rule onto the elements it applies to, so a mail program that
drops ``<style>`` still shows the coloured rating labels and table borders.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from sli_cli.core.text import printable
from sli_cli.plan.model import Rating
from sli_cli.render.document import (
    Bullets,
    Document,
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

if TYPE_CHECKING:
    import jinja2

# (background, text) for each label; the word is always inside the label.
# Each pair has a contrast ratio of at least 4.5:1 (WCAG AA).
RAG_COLOURS: dict[Rating | None, tuple[str, str]] = {
    Rating.RED: ("#b3261e", "#ffffff"),
    Rating.AMBER: ("#f2a900", "#1a1a1a"),
    Rating.GREEN: ("#2e7d32", "#ffffff"),
    Rating.BLUE: ("#1f5fa8", "#ffffff"),
    Rating.GREY: ("#5f656d", "#ffffff"),
    None: ("#ffffff", "#444444"),
}

CSS = """
body { font-family: Arial, Helvetica, sans-serif; color: #1a1a1a; background: #ffffff;
       max-width: 54em; margin: 1.5em auto; padding: 0 1.2em; line-height: 1.45;
       font-size: 15px; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
h1 { font-size: 1.55em; color: #1d4f6e; border-bottom: 3px solid #1d4f6e;
     padding-bottom: .25em; margin-bottom: .3em; }
h2 { font-size: 1.22em; color: #1d4f6e; border-bottom: 1px solid #c5ced8;
     margin: 1.6em 0 .5em; padding-bottom: .15em; }
h3 { font-size: 1.05em; margin: 1.1em 0 .3em; }
h4 { font-size: 1em; margin: .9em 0 .3em; }
p { margin: .35em 0 .6em; }
.intro { color: #3d4650; }
.banner { background: #fdf0d5; color: #5c3b00; border: 2px solid #b36b00; padding: .4em .8em;
          font-weight: bold; text-align: center; }
table { border-collapse: collapse; width: 100%; margin: .4em 0 1em; font-size: .95em; }
th, td { border: 1px solid #c8ccd2; padding: 4px 7px; text-align: left;
         vertical-align: top; }
th { background: #eef1f5; }
tr.room td { height: 3.2em; }
td.narrow, th.narrow { white-space: nowrap; width: 1%; }
ul { margin: .3em 0 .8em; padding-left: 1.4em; }
li { margin: .15em 0; }
.rag { display: inline-block; min-width: 4.2em; text-align: center; padding: 1px 6px;
       border: 1px solid #555555; border-radius: 3px; font-weight: bold; font-size: .85em;
       line-height: 1.35; }
.rag-short { min-width: 1.6em; padding: 1px 3px; }
abbr { text-decoration: none; }
nav.site { font-size: .95em; margin-bottom: .8em; }
nav.site a { margin-right: 1.2em; }
footer { border-top: 1px solid #c5ced8; margin-top: 2em; padding-top: .5em; font-size: .88em;
         color: #3d4650; }
.id { color: #4a535c; font-size: .8em; font-weight: normal; }
.empty { color: #555555; font-style: italic; }
.label { font-weight: bold; }
.closing { border-top: 1px solid #c5ced8; margin-top: 2em; padding-top: .6em;
           font-size: .92em; color: #3d4650; }
a { color: #1d4f6e; overflow-wrap: anywhere; }
@media print {
  body { margin: 0; max-width: none; font-size: 10.5pt; }
  h2, h3, h4 { break-after: avoid; }
  tr, li, .sub { break-inside: avoid; }
  a { color: #1a1a1a; }
}
"""


def _finalize(value: object) -> object:
    """Every value printed by a template: control characters made visible
    (markup the template built itself passes through)."""
    from markupsafe import Markup

    if isinstance(value, str) and not isinstance(value, Markup):
        return printable(value)
    return value


def paragraphs(text: str) -> list[list[str]]:
    """User text as paragraphs (split at blank lines) of lines."""
    chunks = [c.strip() for c in text.replace("\r\n", "\n").split("\n\n") if c.strip()]
    return [chunk.split("\n") for chunk in chunks]


def _of(kind: type) -> Any:
    return lambda value: isinstance(value, kind)


@functools.cache
def environment() -> jinja2.Environment:
    """The template environment: package templates, autoescape always on."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("sli_cli.render", "templates"),
        autoescape=True,
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.tests.update(rag=_of(Rag), travel=_of(Travel), strong=_of(Strong), link=_of(Link),
                     small=_of(Small), para=_of(Para), text=_of(Text), bullets=_of(Bullets),
                     table=_of(Table))
    env.globals.update(
        rag_colours=lambda r: RAG_COLOURS[r],
        rag_key=lambda r: r.value if r is not None else "none",
        rating_word=rating_word, travel_word=travel_word, paragraphs=paragraphs, css=CSS,
        rating_letter=lambda r: r.letter if r is not None else "·")
    return env


def render(template: str, **context: object) -> str:
    """Render a package template with ``context``."""
    return environment().get_template(template).render(**context)


def document_html(doc: Document) -> str:
    """The whole document as one HTML file (styles in a ``<style>`` element)."""
    return render("document.html.j2", doc=doc, title=doc.title, banner=doc.banner)


def email_ready(html: str) -> str:
    """``html`` with every style rule also written on the elements it applies
    to (the ``<style>`` element is kept for printing)."""
    import css_inline

    inliner = css_inline.CSSInliner(keep_style_tags=True, load_remote_stylesheets=False)
    return inliner.inline(html)
