"""``sli pack``: the DPH lead's pre-meeting pack for one priority."""


from typing import Annotated

import typer

from sli_cli.cli import completion
from sli_cli.cli.documents import DocFormatOption, ForceOption, OutputOption
from sli_cli.cli.options import PlanOption
from sli_cli.render.listing import OutputFormat


def pack(
    priority: Annotated[str, typer.Option(
        "--priority", "-p", metavar="PRIORITY", show_default=False,
        autocompletion=completion.priority,
        help="The priority whose meeting the pack is for, e.g. P2.")],
    quarter: Annotated[str | None, typer.Option(
        "--quarter", "-q", metavar="QUARTER", show_default=False,
        autocompletion=completion.quarters,
        help="The meeting's quarter, e.g. '2023/24 Q2'. Default: the quarter under review.")
    ] = None,
    format: DocFormatOption = OutputFormat.MD,
    output: OutputOption = None,
    force: ForceOption = False,
    plan: PlanOption = None,
) -> None:
    """Draw up the pre-meeting pack for a priority's DPH lead.

    Each objective's last ratings and what was said at the last meeting,
    outputs due this quarter and next, the open and overdue actions with
    their owners, the plan's rating definitions, and space to note this
    quarter's answers.
    """
    from sli_cli.cli.documents import emit, needs_file, render_document
    from sli_cli.core import clock
    from sli_cli.plan import lookup
    from sli_cli.records.workspace import open_workspace
    from sli_cli.render.pack_doc import pack_document
    from sli_cli.views.pack import build_pack, pack_day

    needs_file(format, output)
    ws = open_workspace(plan)
    today = clock.today()
    chosen = lookup.priority(ws.plan, priority)
    if quarter is not None:
        wanted = lookup.quarter(ws.plan, quarter)
    else:
        wanted = ws.plan.clamp(ws.plan.quarter_under_review(today))
    built = build_pack(ws.plan, ws.records, chosen, wanted, pack_day(ws.plan, wanted, today))
    emit(render_document(pack_document(built), format, day=built.day,
                         author=ws.plan.coordinator), output, force, ws.folder)
