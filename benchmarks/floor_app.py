"""The floor under ``sli status``: a minimal Typer command that prints a Rich
table of the example plan's size (20 rows, 8 columns, grouped as sli's is).

The benchmark runs it beside sli (``python benchmarks/floor_app.py status``):
what Python, Typer and Rich cost before sli reads a single file. It reads
nothing and computes nothing.
"""

from __future__ import annotations

import typer

app = typer.Typer(rich_markup_mode=None, pretty_exceptions_enable=False)


@app.callback()
def root() -> None:
    """A command group, as sli is."""


@app.command()
def status(width: int = 80) -> None:
    """Print a table like sli's status table."""
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(box=box.SIMPLE_HEAD, show_edge=False, padding=(0, 1, 0, 0),
                  header_style="bold", expand=False)
    for title in ("ID", "Objective / lead", "Rating", "Trend", "Rated in", "Open", "Overdue",
                  "Stale"):
        table.add_column(title, no_wrap=title != "Objective / lead")
    for p in range(1, 6):
        table.add_row(Text(f"P{p}", style="bold"), Text(f"Priority area {p}\nDPH lead: DPH, "
                                                        f"Council {p}", style="bold"),
                      *[""] * 6)
        for k in range(1, 4):
            title = Text(f"Key objective {p}.{k}, with a title of a realistic length that "
                         "wraps in the column")
            title.append(f"\nDPH, Council {p}", style="dim")
            table.add_row(f"KO{p}{k}", title, Text("Green", style="bold green"),
                          Text("→", style="dim"), "2023/24 Q4", "1", "0", "",
                          end_section=k == 3)
    Console(width=width, highlight=False).print(table)


if __name__ == "__main__":
    app()
