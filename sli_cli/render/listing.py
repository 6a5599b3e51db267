"""One implementation of ``--format table|md|csv|json`` for every listing command."""

from __future__ import annotations

import enum
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sli_cli.core.text import csv_cell, json_safe, md_inline, printable

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.table import Table


class OutputFormat(enum.StrEnum):
    """Every format sli writes. Each command offers the ones it can write
    (``sli_cli.cli.options.format_option``): listings ``LISTING``, documents
    md, html, docx and text, ``sli check`` text and json, ``sli export`` csv,
    json and xlsx."""

    TABLE = "table"
    TEXT = "text"
    MD = "md"
    HTML = "html"
    CSV = "csv"
    JSON = "json"
    XLSX = "xlsx"
    DOCX = "docx"


# What every listing command offers (``render`` below writes each of them).
LISTING = (OutputFormat.TABLE, OutputFormat.MD, OutputFormat.CSV, OutputFormat.JSON)


@dataclass(frozen=True)
class Column:
    """One column of a listing: ``key`` in the row dicts, ``header`` on screen."""

    key: str
    header: str
    no_wrap: bool = False
    justify: str = "left"
    min_width: int | None = None
    ratio: int | None = None


def plain(value: Any) -> str:
    """How a value reads in Markdown and the terminal when it has no style."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def _json_default(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    raise TypeError(type(value).__name__)


def to_json(data: Any) -> str:
    import json  # here, not at the top: the other formats have no use for it

    return json_safe(json.dumps(data, indent=2, ensure_ascii=False,
                                default=_json_default)) + "\n"


def to_csv(columns: Sequence[Column], rows: Sequence[dict[str, Any]]) -> str:
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([c.key for c in columns])
    for row in rows:
        writer.writerow([csv_cell(_csv_value(row.get(c.key))) for c in columns])
    return buffer.getvalue()


def _csv_value(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def to_markdown(columns: Sequence[Column], rows: Sequence[dict[str, Any]],
                md_cell: Callable[[str, dict[str, Any]], str] | None = None) -> str:
    lines = [
        "| " + " | ".join(md_inline(c.header) for c in columns) + " |",
        "|" + "|".join(("---:" if c.justify == "right" else "---") for c in columns) + "|",
    ]
    for row in rows:
        cells = []
        for c in columns:
            cells.append(md_cell(c.key, row) if md_cell else md_inline(plain(row.get(c.key))))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def to_table(
    columns: Sequence[Column],
    rows: Sequence[dict[str, Any]],
    *,
    title: str | None = None,
    cell: Callable[[str, dict[str, Any]], RenderableType | None] | None = None,
    caption: str | None = None,
) -> Table:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, caption=caption, box=box.SIMPLE_HEAD, header_style="bold",
                  title_justify="left", caption_justify="left", expand=False)
    for c in columns:
        table.add_column(c.header, no_wrap=c.no_wrap, justify=c.justify,  # type: ignore[arg-type]
                         min_width=c.min_width, ratio=c.ratio)
    for row in rows:
        rendered: list[RenderableType] = []
        for c in columns:
            custom = cell(c.key, row) if cell else None
            if custom is None:
                custom = Text(printable(plain(row.get(c.key))))
            rendered.append(custom)
        table.add_row(*rendered)
    return table


def render(
    fmt: OutputFormat,
    columns: Sequence[Column],
    rows: Sequence[dict[str, Any]],
    *,
    json_data: Any = None,
    title: str | None = None,
    cell: Callable[[str, dict[str, Any]], RenderableType | None] | None = None,
    md_cell: Callable[[str, dict[str, Any]], str] | None = None,
) -> Table | str:
    """A Rich table for ``table``; text for the other formats.

    ``json_data`` replaces the rows in JSON output when a command's JSON
    contract is richer than its rows (an object with a summary, say).
    """
    if fmt is OutputFormat.JSON:
        return to_json(json_data if json_data is not None else list(rows))
    if fmt is OutputFormat.CSV:
        return to_csv(columns, rows)
    if fmt is OutputFormat.MD:
        return to_markdown(columns, rows, md_cell)
    return to_table(columns, rows, title=title, cell=cell)
