"""The national roll-up laid out: a terminal table, rows for JSON and CSV,
and documents (Markdown, HTML) for the board."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sli_cli.core.errors import Problem, Severity
from sli_cli.plan.model import NOT_RATED, Rating
from sli_cli.views.network import (
    NetworkStatus,
    NetworkThemes,
)

if TYPE_CHECKING:
    from rich.console import RenderableType


def counts_label(counts: dict[str, int], ratings: list[Rating]) -> str:
    parts = [f"{counts.get(r.value, 0)} {r.word}" for r in ratings if counts.get(r.value)]
    if counts.get(NOT_RATED):
        parts.append(f"{counts[NOT_RATED]} not rated")
    return ", ".join(parts) or "no objectives"


def problem_text(p: Problem) -> str:
    return p.format()


def errors_of(problems: list[Problem]) -> list[Problem]:
    errors = [p for p in problems if p.severity is Severity.ERROR]
    return errors or problems


# -- status ------------------------------------------------------------------
def status_rows(status: NetworkStatus) -> list[dict[str, Any]]:
    """One row per region: the JSON and CSV contract of ``sli network status``."""
    rows = []
    for r in status.regions:
        row: dict[str, Any] = {"region": r.region.name, "folder": str(r.region.folder)}
        if r.position is None:
            row.update({"plan": None, "quarter": None, "ok": False,
                        "problems": [problem_text(p) for p in errors_of(r.loaded.problems)]})
        else:
            plan = r.position.plan
            row.update({
                "plan": plan.title, "quarter": plan.label(r.position.quarter), "ok": True,
                "counts": dict(r.counts),
                "meetings_owed": [p.id for p in r.owed],
                "red": [{"id": x.objective.id, "title": x.objective.title,
                         "priority": x.priority.id, "support": x.support} for x in r.red],
                "unknown_tags": r.unknown_tags,
                "problems": [],
            })
        rows.append(row)
    return rows


def status_json(status: NetworkStatus) -> dict[str, Any]:
    return {"network": status.network.name, "today": status.today.isoformat(),
            "ratings": [r.value for r in status.ratings], "regions": status_rows(status)}


def status_csv_rows(status: NetworkStatus) -> list[dict[str, Any]]:
    """Flat rows for CSV: the counts as columns, lists joined with '; '."""
    flat = []
    for row in status_rows(status):
        counts = row.get("counts", {})
        flat.append({
            "region": row["region"], "plan": row["plan"] or "", "quarter": row["quarter"] or "",
            **{k: counts.get(k, "") for k in (*(r.value for r in Rating), NOT_RATED)},
            "meetings_owed": "; ".join(row.get("meetings_owed", [])),
            "red_objectives": "; ".join(x["id"] for x in row.get("red", [])),
            "problems": "; ".join(row["problems"]),
        })
    return flat


def status_table(status: NetworkStatus) -> RenderableType:
    """Regions down, counts per rating across: fits 80 columns for up to
    five ratings; red objectives and problems follow the table."""
    from rich.console import Group
    from rich.table import Table as RichTable
    from rich.text import Text

    from sli_cli.render.rating import rating_text

    table = RichTable(box=None, header_style="bold", pad_edge=False, expand=False)
    table.add_column("Region", ratio=3, overflow="fold")
    table.add_column("Quarter", no_wrap=True)
    for rating in status.ratings:
        table.add_column(rating_text(rating, "letter"), justify="right", no_wrap=True)
    table.add_column("Not\nrated", justify="right", no_wrap=True)
    table.add_column("Meetings\nowed", ratio=2, overflow="fold")
    for r in status.regions:
        if r.position is None:
            cells = ["" for _ in status.ratings]
            table.add_row(r.region.name, Text("problems", style="bold"), *cells, "",
                          "see below")
            continue
        counts = [str(r.counts.get(x.value, 0)) for x in status.ratings]
        owed = ", ".join(p.id for p in r.owed) or "none"
        table.add_row(r.region.name, r.position.plan.label(r.position.quarter), *counts,
                      str(r.counts.get(NOT_RATED, 0)), owed)
    parts: list[Any] = [Text(status.network.name, style="bold"),
                        Text(f"Position of each region at its quarter under review, as of "
                             f"{status.today:%a %-d %B %Y}"), Text(""), table]
    reds = [(r, x) for r in status.regions for x in r.red]
    parts.append(Text(""))
    if reds:
        parts.append(Text("Red objectives and the support they ask for", style="bold"))
        grid = RichTable(box=None, show_header=False, pad_edge=False)
        grid.add_column("Region", ratio=2, overflow="fold")
        grid.add_column("Objective", ratio=5, overflow="fold")
        for r, x in reds:
            grid.add_row(r.region.name, f"{x.objective.id} {x.objective.title}")
            if x.support:
                grid.add_row("", f"Support needed: {x.support}")
        parts.append(grid)
    else:
        parts.append(Text("No region has a red objective."))
    for r in status.regions:
        if r.unknown_tags:
            parts.append(Text(f"{r.region.name}: tags not in the network's themes: "
                              f"{', '.join(r.unknown_tags)}"))
    for r in status.broken:
        parts.append(Text(""))
        parts.append(Text(f"{r.region.name} ({r.region.folder}) could not be read:",
                          style="bold"))
        for p in errors_of(r.loaded.problems):
            parts.append(Text(f"  {problem_text(p)}"))
    return Group(*parts)


def themes_rows(themes: NetworkThemes) -> list[dict[str, Any]]:
    """One row per objective per theme: the JSON and CSV contract of ``sli network themes``."""
    rows = []
    for t in themes.themes:
        for e in t.entries:
            rows.append({"theme": t.tag, "theme_name": t.name, "region": e.region.name,
                         "objective": e.objective.id, "title": e.objective.title,
                         "priority": e.priority.id,
                         "rag": e.rag.value if e.rag else None,
                         "rated_quarter": e.plan.label(e.quarter) if e.quarter else None})
    return rows


def theme_summary(t: Any) -> str:
    regions = t.regions
    counts = [f"{t.count(r)} {r.word}" for r in Rating if t.count(r)]
    unrated = sum(1 for e in t.entries if e.rag is None)
    if unrated:
        counts.append(f"{unrated} not rated")
    return (f"{len(regions)} region{'s' if len(regions) != 1 else ''}, "
            f"{len(t.entries)} objective{'s' if len(t.entries) != 1 else ''}: "
            f"{', '.join(counts)}")


def themes_table(themes: NetworkThemes) -> RenderableType:
    from rich.console import Group
    from rich.table import Table as RichTable
    from rich.text import Text

    from sli_cli.render.rating import rating_text

    parts: list[Any] = [Text(themes.network.name, style="bold"),
                        Text(f"Objectives by theme, as of {themes.today:%a %-d %B %Y}")]
    if not themes.themes:
        parts.append(Text("No objective carries a theme tag (tags = [...] in plan.toml)."))
    for t in themes.themes:
        parts.append(Text(""))
        parts.append(Text(f"{t.name} ({t.tag})", style="bold"))
        parts.append(Text(theme_summary(t)))
        table = RichTable(box=None, show_header=False, pad_edge=False, padding=(0, 1, 0, 2))
        table.add_column("Region", ratio=2, overflow="fold")
        table.add_column("Objective", ratio=5, overflow="fold")
        table.add_column("Rating", no_wrap=True)
        shown = ""
        for e in t.entries:
            region = "" if e.region.name == shown else e.region.name
            shown = e.region.name
            table.add_row(region, f"{e.objective.id} {e.objective.title}", rating_text(e.rag))
        parts.append(table)
    untagged = {k: v for k, v in themes.untagged.items() if v}
    if untagged:
        parts.append(Text(""))
        parts.append(Text("Objectives without a theme: " + ", ".join(
            f"{k} {v}" for k, v in untagged.items())))
    for r in themes.broken:
        parts.append(Text(""))
        parts.append(Text(f"{r.region.name} could not be read:", style="bold"))
        for p in errors_of(r.loaded.problems):
            parts.append(Text(f"  {problem_text(p)}"))
    return Group(*parts)
