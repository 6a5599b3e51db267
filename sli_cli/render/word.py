"""A document (see ``sli_cli.render.document``) as a Word file (.docx).

Real Word headings (Heading 1 for the title, 2 for sections, 3 and below
for sub-headings, so the navigation pane and a table of contents work),
tables with a repeated header row whose rating cells are filled with the
rating's colour and carry its word, A4 pages with 2 cm margins. User text
goes into runs as text (python-docx escapes it for XML), with control
characters made visible. The file is the same bytes for the same document:
its dates and the zip entries' times are fixed, so a site built from it can
be committed.
"""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

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
from sli_cli.render.html import RAG_COLOURS

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.table import _Cell
    from docx.text.paragraph import Paragraph

LINK_COLOUR = "1D4F6E"
QUIET = "4A535C"
HEADER_FILL = "EEF1F5"
BANNER_FILL = "FDF0D5"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def _hex(colour: str) -> str:
    return colour.lstrip("#").upper()


def _shade(element: Any, fill: str) -> None:
    """Fill a run (``w:rPr``) or a cell (``w:tcPr``) with ``fill``."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    element.append(shd)


def _hyperlink(paragraph: Paragraph, url: str, shown: str) -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rel = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), LINK_COLOUR)
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    props.append(colour)
    props.append(underline)
    run.append(props)
    text = OxmlElement("w:t")
    text.set(qn("xml:space"), "preserve")
    text.text = shown
    run.append(text)
    link.append(run)
    paragraph._p.append(link)


def _rag_run(paragraph: Paragraph, part: Rag) -> None:
    from docx.shared import RGBColor

    background, colour = RAG_COLOURS[part.rating]
    run = paragraph.add_run(f" {rating_word(part.rating)} ")
    run.bold = True
    run.font.color.rgb = RGBColor.from_string(_hex(colour))
    if part.rating is not None:
        _shade(run._r.get_or_add_rPr(), _hex(background))


def inline(paragraph: Paragraph, part: Inline) -> None:
    from docx.shared import Pt, RGBColor

    if isinstance(part, Rag):
        _rag_run(paragraph, part)
    elif isinstance(part, Travel):
        paragraph.add_run(travel_word(part.trend))
    elif isinstance(part, Strong):
        paragraph.add_run(printable(part.text)).bold = True
    elif isinstance(part, Small):
        run = paragraph.add_run(printable(part.text))
        run.font.size = Pt(8)
        run.font.color.rgb = RGBColor.from_string(QUIET)
    elif isinstance(part, Link):
        _hyperlink(paragraph, part.url, printable(part.shown))
    else:
        paragraph.add_run(printable(part))


def line(paragraph: Paragraph, parts: Line) -> Paragraph:
    for part in parts:
        inline(paragraph, part)
    return paragraph


def _cell(cell: _Cell, parts: Line, *, header: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    if len(parts) == 1 and isinstance(parts[0], Rag):
        # The rating word in a cell filled with its colour.
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import RGBColor

        rating = parts[0].rating
        background, colour = RAG_COLOURS[rating]
        run = paragraph.add_run(rating_word(rating))
        run.bold = True
        run.font.color.rgb = RGBColor.from_string(_hex(colour))
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if rating is not None:
            _shade(cell._tc.get_or_add_tcPr(), _hex(background))
        return
    if header:
        paragraph.add_run(printable("".join(p for p in parts if isinstance(p, str)))).bold = True
        _shade(cell._tc.get_or_add_tcPr(), HEADER_FILL)
        return
    line(paragraph, parts)


def _table(doc: WordDocument, t: Table) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    table = doc.add_table(rows=1, cols=len(t.headers))
    table.style = doc.styles["Table Grid"]
    table.autofit = False
    usable = 17.0  # cm between the margins of A4
    narrow_width = 3.0
    # The first wide column (a title, what is to be done) gets twice the room.
    wide = [i for i in range(len(t.headers)) if i not in t.narrow]
    weights = {i: (2 if i == wide[0] and len(wide) > 1 else 1) for i in wide}
    room = max(usable - narrow_width * (len(t.headers) - len(wide)), 2.5 * len(wide))
    widths = [Cm(narrow_width) if i in t.narrow else
              Cm(room * weights[i] / sum(weights.values())) for i in range(len(t.headers))]
    header = table.rows[0]
    props = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    props.append(repeat)
    for i, h in enumerate(t.headers):
        _cell(header.cells[i], (h,), header=True)
    together = len(t.rows) <= 12  # a short table is kept on one page
    for row in t.rows:
        cells = table.add_row()
        keep = OxmlElement("w:cantSplit")
        keep.set(qn("w:val"), "true")
        cells._tr.get_or_add_trPr().append(keep)
        if t.room:
            from docx.enum.table import WD_ROW_HEIGHT_RULE

            cells.height = Cm(1.4)
            cells.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        for i, parts in enumerate(row):
            _cell(cells.cells[i], parts)
    if together:
        for row_ in table.rows[:-1]:
            for c in row_.cells:
                for paragraph in c.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True
    # Word reads the cells' widths, LibreOffice the grid's: set both.
    for i, column in enumerate(table.columns):
        column.width = widths[i]
    for row_ in table.rows:
        for i, c in enumerate(row_.cells):
            c.width = widths[i]
    doc.add_paragraph()


def _text(doc: WordDocument, label: str, text: str) -> None:
    chunks = [c.strip() for c in text.replace("\r\n", "\n").split("\n\n") if c.strip()]
    for i, chunk in enumerate(chunks):
        paragraph = doc.add_paragraph()
        if i == 0 and label:
            paragraph.add_run(f"{printable(label)}: ").bold = True
        for j, row in enumerate(chunk.split("\n")):
            if j:
                paragraph.add_run().add_break()  # a line break within the paragraph
            paragraph.add_run(printable(row))


def block(doc: WordDocument, b: Block, level: int) -> None:
    if isinstance(b, Para):
        paragraph = line(doc.add_paragraph(), b.parts)
        last = b.parts[-1] if b.parts else ""
        if isinstance(last, str) and last.endswith(":"):
            paragraph.paragraph_format.keep_with_next = True  # with the list it introduces
    elif isinstance(b, Text):
        _text(doc, b.label, b.text)
    elif isinstance(b, Bullets):
        for item in b.items:
            line(doc.add_paragraph(style="List Bullet"), item)
    elif isinstance(b, Table):
        _table(doc, b)
    else:
        line(doc.add_heading(level=min(level, 9)), b.title)
        for child in b.blocks:
            block(doc, child, level + 1)


def _banner(doc: WordDocument, text: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import RGBColor

    table = doc.add_table(rows=1, cols=1)
    table.style = doc.styles["Table Grid"]
    cell = table.rows[0].cells[0]
    _shade(cell._tc.get_or_add_tcPr(), BANNER_FILL)
    paragraph = cell.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(printable(text))
    run.bold = True
    run.font.color.rgb = RGBColor.from_string("5C3B00")
    doc.add_paragraph()


def document_docx(doc: Document, *, day: date | None = None, author: str = "") -> bytes:
    """The whole document as the bytes of a .docx file. ``day`` dates it
    (its created and modified properties); ``author`` names who it is from."""
    import docx
    from docx.shared import Mm, Pt, RGBColor

    word = docx.Document()
    section = word.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(20))
    normal = word.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10.5)
    for name in ("Heading 1", "Heading 2", "Heading 3", "Heading 4"):
        style = word.styles[name]
        style.font.name = "Arial"
        style.font.color.rgb = RGBColor.from_string(LINK_COLOUR if name != "Heading 4"
                                                    else "1A1A1A")
    if doc.banner:
        _banner(word, doc.banner)
    word.add_heading(printable(doc.title), level=1)
    for intro in doc.intro:
        line(word.add_paragraph(), intro)
    for part in doc.sections:
        word.add_heading(printable(part.title), level=2)
        if not part.blocks:
            word.add_paragraph().add_run(printable(part.empty)).italic = True
        for b in (*part.blocks, *part.tail):
            block(word, b, 3)
    if doc.closing:
        line(word.add_paragraph(), doc.closing)
    for note in doc.notes:
        word.add_paragraph().add_run(printable(note)).italic = True

    props = word.core_properties
    props.title = printable(doc.title)
    props.author = printable(author)
    props.last_modified_by = printable(author)
    stamp = datetime.combine(day or date(2000, 1, 1), datetime.min.time(), tzinfo=UTC)
    props.created = props.modified = stamp.replace(tzinfo=None)
    props.revision = 1
    raw = io.BytesIO()
    word.save(raw)
    return _fixed_zip(raw.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """The same zip with every entry dated 1980-01-01: python-docx stamps
    entries with the time of saving."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()
