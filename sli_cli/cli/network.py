"""``sli network``: several regions' plans read together for the national
ADPH SLI board: side by side, by theme, and for a year."""


from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sli_cli.cli import completion
from sli_cli.cli.options import format_option
from sli_cli.render.listing import OutputFormat

if TYPE_CHECKING:
    from sli_cli.plan.network import Network

app = typer.Typer(no_args_is_help=True, rich_markup_mode=None,
                  help="Read several regions' plans together: the national roll-up.")


NetworkFormatOption = Annotated[OutputFormat, format_option(
    OutputFormat.TABLE, OutputFormat.MD, OutputFormat.HTML, OutputFormat.CSV, OutputFormat.JSON)]


NetworkOption = Annotated[Path | None, typer.Option(
    "--network", "-n", metavar="FILE", show_default=False,
    help="The network file. Default: $SLI_NETWORK, else network.toml in this folder, "
    "else plans/network.toml.")]
FoldersArgument = Annotated[list[str] | None, typer.Argument(
    metavar="[PLAN_DIR]...", show_default=False,
    help="Plan folders to read together instead of a network file.")]
OutputOption = Annotated[Path | None, typer.Option(
    "--output", "-o", metavar="FILE", show_default=False,
    help="Write to FILE instead of the screen. An existing FILE is kept unless --force.")]
ForceOption = Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")]


def _network(option: Path | None, folders: list[str] | None) -> "Network":
    import os

    from sli_cli.core.errors import PlanProblems, Severity, UsageError
    from sli_cli.plan.network import NETWORK_FILE, network_of_folders, read_network

    if folders:
        if option is not None:
            raise UsageError("give either --network FILE or plan folders, not both")
        if any(not f.strip() for f in folders):
            raise UsageError("a plan folder given is empty; name each region's plan folder")
        return network_of_folders([Path(f) for f in folders])
    path = option
    if path is None and os.environ.get("SLI_NETWORK"):
        path = Path(os.environ["SLI_NETWORK"])
    if path is None:
        for candidate in (Path(NETWORK_FILE), Path("plans") / NETWORK_FILE):
            if candidate.is_file():
                path = candidate
                break
    if path is None:
        raise UsageError(f"no network file: give --network FILE (a {NETWORK_FILE} listing the "
                         "regions' plan folders) or the plan folders themselves; "
                         "`sli network example DIR` makes an example")
    if path.is_dir():
        path = path / NETWORK_FILE
    network, problems = read_network(path)
    if network is None or any(p.severity is Severity.ERROR for p in problems):
        raise PlanProblems(problems)
    return network


def _emit(text: str | bytes, output: Path | None, force: bool, network: "Network") -> None:
    from sli_cli.cli.documents import emit
    from sli_cli.core.errors import UsageError, display_path

    if output is not None:
        target = output.resolve()
        for region in network.regions:
            folder = region.folder.resolve()
            if target == folder or folder in target.parents:
                raise UsageError(f"-o {display_path(output)} is inside the plan folder of "
                                 f"{region.name}; sli never writes there: choose another file")
    base = network.source.parent if network.source is not None else Path.cwd()
    emit(text, output, force, base)


def _finish(broken: int) -> None:
    """Exit 1, with a message, when a region could not be read."""
    from sli_cli.cli.output import err
    from sli_cli.core.errors import ExitCode

    if broken:
        err(f"sli: {broken} region{'s' if broken != 1 else ''} could not be read (the problems "
            "are listed with the roll-up); the other regions are shown")
        raise typer.Exit(int(ExitCode.DATA))


def _no_table_file(format: OutputFormat, output: Path | None) -> None:
    from sli_cli.core.errors import UsageError

    if format is OutputFormat.TABLE and output is not None:
        raise UsageError("--format table prints to the screen; choose md, html, csv or json "
                         "with -o")


@app.command("status")
def status(
    folders: FoldersArgument = None,
    network: NetworkOption = None,
    format: NetworkFormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Show every region's position side by side: objectives per rating at the
    quarter under review, meetings owed, and red objectives with the support
    they ask for. A region whose plan cannot be read is shown with its
    problems and the others still run (exit 1 so that scripts notice)."""
    from sli_cli.cli.output import out
    from sli_cli.core import clock
    from sli_cli.render import network as render
    from sli_cli.render.listing import Column, to_csv, to_json
    from sli_cli.views.network import network_status

    net = _network(network, folders)
    result = network_status(net, clock.today())
    if format is OutputFormat.TABLE:
        if output is not None:
            from sli_cli.core.errors import UsageError

            raise UsageError("--format table prints to the screen; choose md, html, csv or json "
                             "with -o")
        out(render.status_table(result))
    else:
        if format is OutputFormat.JSON:
            text = to_json(render.status_json(result))
        elif format is OutputFormat.CSV:
            rows = render.status_csv_rows(result)
            text = to_csv([Column(k, k) for k in rows[0]] if rows else [], rows)
        else:
            from sli_cli.render.network_doc import status_document

            text = _document(status_document(result), format)
        _emit(text, output, force, net)
    _finish(len(result.broken))


@app.command("themes")
def themes(
    folders: FoldersArgument = None,
    network: NetworkOption = None,
    format: NetworkFormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Group every region's objectives by theme (the tags of priorities and
    objectives, named in the network file's [themes]), with their ratings."""
    from sli_cli.cli.output import out
    from sli_cli.core import clock
    from sli_cli.render import network as render
    from sli_cli.render.listing import Column, to_csv, to_json
    from sli_cli.views.network import network_status
    from sli_cli.views.network import network_themes as build

    net = _network(network, folders)
    status = network_status(net, clock.today())
    result = build(status)
    _no_table_file(format, output)
    if format is OutputFormat.TABLE:
        out(render.themes_table(result))
    else:
        rows = render.themes_rows(result)
        if format is OutputFormat.JSON:
            text = to_json({"network": net.name, "today": status.today.isoformat(),
                            "themes": rows,
                            "problems": {r.region.name: [p.as_dict() for p in r.loaded.problems]
                                         for r in result.broken}})
        elif format is OutputFormat.CSV:
            keys = ("theme", "theme_name", "region", "objective", "title", "priority", "rag",
                    "rated_quarter")
            text = to_csv([Column(k, k) for k in keys], rows)
        else:
            from sli_cli.render.network_doc import themes_document

            text = _document(themes_document(result), format)
        _emit(text, output, force, net)
    _finish(len(result.broken))


@app.command("report")
def report(
    year: Annotated[str, typer.Option("--year", "-y", metavar="YEAR",
                                      autocompletion=completion.any_years,
                                      help="The financial year, like 2023/24.")],
    folders: FoldersArgument = None,
    network: NetworkOption = None,
    format: Annotated[OutputFormat, format_option(
        OutputFormat.MD, OutputFormat.HTML, OutputFormat.DOCX, OutputFormat.TEXT,
        help="md (Markdown), html (one self-contained file, styles inline), docx (Word, A4; "
        "needs -o FILE) or text.")] = OutputFormat.MD,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Draft the national board's annual summary: per region (meetings held,
    ratings at the year's end, objectives completed, support asked), per
    theme, and the red objectives still asking for support."""
    from sli_cli.cli.documents import needs_file, render_document
    from sli_cli.core import clock
    from sli_cli.plan import lookup
    from sli_cli.render.network_doc import report_document
    from sli_cli.views.network import network_report

    needs_file(format, output)
    first_year = lookup.financial_year(year).year
    net = _network(network, folders)
    today = clock.today()
    result = network_report(net, first_year, today)
    _emit(render_document(report_document(result), format, day=today), output, force,
          net)
    _finish(len(result.broken))


@app.command("example")
def example(
    target: Annotated[Path, typer.Argument(metavar="DIR", show_default=False,
                                           help="A new folder for the example network.")],
) -> None:
    """Copy the bundled example network (the South West example plan and two
    fictional example regions, with network.toml) into DIR, a new folder."""
    from sli_cli.cli.output import err
    from sli_cli.core.errors import display_path
    from sli_cli.records.scaffold import copy_example_network

    network_file = copy_example_network(target)
    err(f"Created {display_path(target)}; try: sli network status --network "
        f"{display_path(network_file)}")


def _document(doc: object, format: OutputFormat) -> str:
    from sli_cli.cli.documents import render_document

    text = render_document(doc, format)
    assert isinstance(text, str)  # only Word is bytes, and the network has no Word format
    return text
