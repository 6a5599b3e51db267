"""Renderers for meetings, actions and what is owed: rows for the shared
listing formats, and Rich renderables for ``sli meeting show``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from sli_cli.core.text import printable
from sli_cli.plan.model import Plan, Rating
from sli_cli.records.diff import diff_meetings
from sli_cli.records.meeting import Meeting, Outcome
from sli_cli.records.narrative import FIELD_LABELS, TEXT_FIELDS
from sli_cli.render.listing import Column
from sli_cli.views.due import Owed
from sli_cli.views.position import ActionState

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.text import Text

    from sli_cli.records.support_response import SupportResponse

def rating_text(rating: Rating | None) -> Text:
    """``A Amber`` in its colour: the letter and the word, never colour alone."""
    from sli_cli.render.rating import rating_text as styled

    return styled(rating, "both")


def when(stamp: datetime | None) -> str:
    """When a version was recorded, to the minute, in UTC."""
    if stamp is None:
        return "an unknown time"
    if stamp.tzinfo is not None:
        try:
            stamp = stamp.astimezone(UTC)
        except OverflowError:  # checked when read; shown as written if it gets here
            return stamp.isoformat()
    return stamp.strftime("%Y-%m-%d %H:%M UTC")


def ratings_summary(meeting: Meeting) -> str:
    """``KO4 A, KO5 G, KO6 -`` (``-`` = not discussed)."""
    parts = [f"{o.objective} {o.rag.letter}" for o in meeting.outcomes]
    parts += [f"{oid} -" for oid in meeting.not_discussed]
    return ", ".join(parts)


# -- sli meeting list -------------------------------------------------------
MEETING_COLUMNS = [
    Column("quarter", "Quarter", no_wrap=True),
    Column("priority", "Priority", no_wrap=True),
    Column("date", "Date", no_wrap=True),
    Column("ratings", "Ratings"),
    Column("actions", "Actions", justify="right"),
    Column("version", "Version", justify="right"),
]


def meeting_rows(plan: Plan, meetings: Sequence[Meeting]) -> list[dict[str, Any]]:
    return [{
        "quarter": plan.label(m.quarter),
        "priority": m.priority,
        "date": m.date,
        "ratings": ratings_summary(m),
        "actions": len(m.actions),
        "version": m.version,
        "recorded_by": m.recorded_by,
        "recorded_at": m.recorded_at,
        "path": m.path,
    } for m in meetings]


def meeting_json(plan: Plan, m: Meeting) -> dict[str, Any]:
    """A meeting as stable JSON (``sli meeting list --format json``)."""
    return {
        "priority": m.priority,
        "quarter": plan.label(m.quarter),
        "date": m.date,
        "version": m.version,
        "recorded_at": m.recorded_at,
        "recorded_by": m.recorded_by,
        "change_note": m.change_note,
        "attendees": list(m.attendees),
        "apologies": list(m.apologies),
        "not_discussed": list(m.not_discussed),
        "decisions": [{"text": d.text, "objective": d.objective} for d in m.decisions],
        "outcomes": [{
            "objective": o.objective,
            "rag": o.rag.value,
            "progress": o.progress,
            "risks": o.risks,
            "support": o.support,
            "support_to": o.support_to,
            "next_steps": o.next_steps,
            "actions": [{"id": a.id, "text": a.text, "owner": a.owner, "due": a.due}
                        for a in o.actions],
        } for o in m.outcomes],
        "imported": [{"file": s.file, "sheet": s.sheet, "rows": list(s.rows)}
                     for s in m.imported],
        "path": m.path,
    }


# -- the summary before saving, and sli meeting show ------------------------
def meeting_summary(plan: Plan, meeting: Meeting) -> RenderableType:
    """One row per objective: rating, progress, actions."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    priority = plan.priority(meeting.priority)
    title = (f"{meeting.priority} {priority.title if priority else ''}: "
             f"{plan.label(meeting.quarter)}, meeting of {meeting.date.isoformat()}")
    table = Table(title=printable(title), box=box.SIMPLE_HEAD, header_style="bold",
                  title_justify="left")
    table.add_column("Objective", no_wrap=True)
    table.add_column("Rating", no_wrap=True)
    table.add_column("Progress", ratio=1)
    table.add_column("Actions", justify="right")
    for o in meeting.outcomes:
        table.add_row(o.objective, rating_text(o.rag), Text(printable(o.progress)),
                      str(len(o.actions)))
    for oid in meeting.not_discussed:
        table.add_row(oid, Text("not discussed", style="dim"), Text(""), "")
    return table


def meeting_detail(plan: Plan, meeting: Meeting,
                   responses: Mapping[str, SupportResponse] | None = None) -> RenderableType:
    """The whole record of a meeting, for ``sli meeting show``; with
    ``responses`` (by ask id), each support ask says whether it was answered."""
    from rich.console import Group
    from rich.padding import Padding
    from rich.text import Text

    from sli_cli.core.dates import describe

    priority = plan.priority(meeting.priority)
    parts: list[RenderableType] = []
    head = Text(printable(f"{meeting.priority} {priority.title if priority else ''}"),
                style="bold")
    head.append(f" - {plan.label(meeting.quarter)}")
    parts.append(head)
    parts.append(Text(f"Meeting held on {describe(meeting.date)}"))
    if meeting.attendees:
        parts.append(Text(printable("Attendees: " + "; ".join(meeting.attendees))))
    if meeting.apologies:
        parts.append(Text(printable("Apologies: " + "; ".join(meeting.apologies))))
    recorded = f"Version {meeting.version}"
    if meeting.recorded_by or meeting.recorded_at:
        recorded += (f", recorded by {meeting.recorded_by or 'someone unknown'} on "
                     f"{when(meeting.recorded_at)}")
    parts.append(Text(printable(recorded)))
    if meeting.change_note:
        parts.append(Text(printable(f"Change note: {meeting.change_note}")))
    if meeting.notes:
        parts.append(Text(printable(f"Notes: {meeting.notes}")))
    if meeting.decisions:
        from rich.table import Table

        parts.append(Text("Decisions:"))
        # A bullet list: a long decision wraps under its own text, not the dash.
        bullets = Table.grid(padding=(0, 1))
        bullets.add_column(no_wrap=True)
        bullets.add_column()
        for d in meeting.decisions:
            bullets.add_row("-", Text(printable(f"{d.objective + ': ' if d.objective else ''}"
                                                f"{d.text}")))
        parts.append(Padding(bullets, (0, 0, 0, 2)))
    for source in meeting.imported:
        sheet = f", sheet {source.sheet}" if source.sheet else ""
        rows = ", ".join(str(r) for r in source.rows)
        parts.append(Text(printable(f"Imported from {source.file}{sheet}, "
                                    f"row{'s' if len(source.rows) != 1 else ''} {rows}")))
    for o in meeting.outcomes:
        objective = plan.objective(o.objective)
        parts.append(Text(printable(f"\n{o.objective} {objective.title if objective else ''}"),
                          style="bold"))
        rating = Text("Rating: ")
        rating.append_text(rating_text(o.rag))
        if o.internal:
            rating.append(" (internal: kept out of the snapshot)")
        parts.append(Padding(rating, (0, 0, 0, 2)))
        for key in TEXT_FIELDS:
            value = getattr(o, key)
            if key == "support" and value and o.support_to:
                value += f" (asked of {o.support_to})"
            if value:
                parts.append(Padding(Text(printable(f"{FIELD_LABELS[key]}: {value}")),
                                     (0, 0, 0, 2)))
            if key == "support" and value and o.support_to and responses is not None:
                parts.append(Padding(Text(printable(_answer(meeting, o, responses))),
                                     (0, 0, 0, 2)))
        for a in o.actions:
            council = f"; {a.council}" if a.council else ""
            parts.append(Padding(Text(printable(f"Action {a.id}: {a.text} ({a.owner}, due "
                                                f"{a.due.isoformat()}{council})")),
                                 (0, 0, 0, 2)))
    for oid in meeting.not_discussed:
        objective = plan.objective(oid)
        parts.append(Text(printable(f"\n{oid} {objective.title if objective else ''}: "
                                    "not discussed")))
    return Group(*parts)


def _answer(meeting: Meeting, outcome: Outcome,
            responses: Mapping[str, SupportResponse]) -> str:
    """``Support ask P3-2023-24-Q1-KO9: answered on 2023-09-14: ...`` or not yet."""
    from sli_cli.records.support_response import ask_id

    ask = ask_id(meeting, outcome)
    response = responses.get(ask)
    if response is None:
        return f"Support ask {ask}: not answered yet"
    return f"Support ask {ask}: answered on {response.date.isoformat()}: {response.text}"


def history(plan: Plan, versions: Sequence[Meeting]) -> RenderableType:
    """Every version of a meeting: who, when, the change note and what changed."""
    from rich.console import Group
    from rich.padding import Padding
    from rich.text import Text

    parts: list[RenderableType] = [Text("\nHistory", style="bold")]
    for index, version in enumerate(versions):
        # What it changed is shown against the version it amends, which is not
        # the one listed before it when two copies of the plan diverged.
        # Of several (a settled divergence), the one that counted until then.
        amended = [v for v in versions if v.ref in version.bases]
        base = amended[-1] if amended else versions[index - 1] if index else None
        line = (f"Version {version.version}: {when(version.recorded_at)} by "
                f"{version.recorded_by or 'someone unknown'}")
        if index == 0:
            line += " (first recorded)"
        elif len(version.bases) > 1:
            line += " (settles the divergence)"
        elif base is not None and base is not versions[index - 1]:
            line += f" (amends version {base.version} by {base.recorded_by or 'someone unknown'})"
        parts.append(Text(printable(line)))
        if version.change_note:
            parts.append(Padding(Text(printable(f"Change note: {version.change_note}")),
                                 (0, 0, 0, 2)))
        if base is not None:
            changes = diff_meetings(base, version) or ["no field changed"]
            parts += [Padding(Text(printable(c)), (0, 0, 0, 2)) for c in changes]
    return Group(*parts)


# -- sli actions -----------------------------------------------------------
ACTION_COLUMNS = [
    Column("id", "Id", no_wrap=True),
    Column("due", "Due", no_wrap=True),
    Column("status", "Status", no_wrap=True),
    Column("age_days", "Age", justify="right"),
    Column("owner", "Owner"),
    Column("text", "Action"),
    Column("objective", "Objective"),
    Column("priority", "Priority"),
    Column("quarter", "Quarter"),
    Column("meeting_date", "Meeting date"),
    Column("done_date", "Done"),
    Column("council", "Council"),
]
# On screen the owner goes under the action, and the meeting in one cell.
ACTION_TABLE_COLUMNS = [
    Column("id", "Id", no_wrap=True),
    Column("due", "Due", no_wrap=True),
    Column("age_days", "Age", justify="right"),
    Column("status", "Status", no_wrap=True),
    Column("text", "Action (owner)", ratio=1),
    Column("source", "From", no_wrap=True),
]


def action_status(state: ActionState, as_of: date) -> str:
    if not state.is_open(as_of):
        return "done"
    return "OVERDUE" if state.is_overdue(as_of) else "open"


def action_rows(plan: Plan, states: Sequence[ActionState], as_of: date) -> list[dict[str, Any]]:
    return [{
        "id": s.action.id,
        "due": s.action.due,
        "status": action_status(s, as_of),
        "overdue": s.is_overdue(as_of),
        "age_days": s.age_days(as_of),
        "owner": s.action.owner,
        "text": s.action.text,
        "objective": s.objective,
        "priority": s.priority,
        "quarter": plan.label(s.quarter),
        "meeting_date": s.meeting_date,
        "done_date": s.done.date if s.done and not s.is_open(as_of) else None,
        "done_note": s.done.note if s.done and not s.is_open(as_of) else "",
        "council": s.action.council,
        "source": f"{s.priority} {s.objective}\n{plan.label(s.quarter)}",
    } for s in states]


def action_cell(key: str, row: dict[str, Any]) -> RenderableType | None:
    """Overdue actions stand out: the word OVERDUE, in bold red, and a red due date."""
    from rich.text import Text

    if key == "text":
        cell = Text(printable(row["text"]))
        council = f"; {row['council']}" if row["council"] else ""
        cell.append(printable(f"\n({row['owner']}{council})"), style="dim")
        return cell
    if row["overdue"] and key in ("status", "due", "id"):
        value = row[key].isoformat() if isinstance(row[key], date) else str(row[key])
        return Text(value, style="bold red")
    return None


# -- sli due -----------------------------------------------------------------
DUE_COLUMNS = [
    Column("dph_lead", "DPH lead"),
    Column("kind", "Owed", no_wrap=True),
    Column("item", "What", ratio=3),
    Column("detail", "Detail", ratio=2),
]


def due_rows(plan: Plan, owed: Owed) -> list[dict[str, Any]]:
    """One row per thing owed, in lead order."""
    rows: list[dict[str, Any]] = []
    for lead in owed.leads:
        for p in lead.meetings:
            rows.append({"dph_lead": lead.dph_lead, "kind": "meeting",
                         "item": f"{p.id} {p.title}",
                         "detail": f"no meeting for {plan.label(owed.quarter)}"})
        for objective, rated in lead.stale:
            last = (f"last rated {rated.rag.word} in {plan.label(rated.quarter)}"
                    if rated else "never rated")
            rows.append({"dph_lead": lead.dph_lead, "kind": "unrated",
                         "item": f"{objective.id} {objective.title}", "detail": last})
        for a in lead.overdue:
            rows.append({"dph_lead": lead.dph_lead, "kind": "overdue action",
                         "item": f"{a.action.id} {a.action.text}",
                         "detail": f"{a.action.owner}, due {a.action.due.isoformat()}"})
        for s in lead.outputs:
            rows.append({"dph_lead": lead.dph_lead, "kind": "overdue output",
                         "item": f"{s.output.id} {s.output.title}",
                         "detail": f"due {s.output.due_label(plan.year_start_month)}"})
    # Support is owed by whom it was asked of, not by a DPH lead.
    for ask in owed.asks:
        rows.append({"dph_lead": "", "kind": "support asked", "item": f"{ask.id} {ask.text}",
                     "detail": f"asked of {ask.to} on {ask.asked_on.isoformat()}, open "
                               f"{ask.age(owed.as_of)} days"})
    return rows


def due_tables(plan: Plan, owed: Owed) -> RenderableType:
    """A small table per DPH lead who owes something."""
    from rich.console import Group
    from rich.text import Text

    from sli_cli.render.listing import to_table

    parts: list[RenderableType] = [
        Text(f"Owed for {plan.label(owed.quarter)} (as of {owed.as_of.isoformat()})",
             style="bold")]
    rows = due_rows(plan, owed)
    for lead in owed.leads:
        mine = [r for r in rows if r["dph_lead"] == lead.dph_lead]
        if mine:
            parts.append(to_table(DUE_COLUMNS[1:], mine, title=printable(lead.dph_lead)))
    asks = [r for r in rows if r["kind"] == "support asked"]
    if asks:
        parts.append(to_table(DUE_COLUMNS[2:], asks, title="Support asked, not answered yet"))
    return Group(*parts)


def due_json(plan: Plan, owed: Owed) -> dict[str, Any]:
    return {
        "quarter": plan.label(owed.quarter),
        "as_of": owed.as_of,
        "owed": owed.anything,
        "leads": [{
            "dph_lead": lead.dph_lead,
            "meetings_owed": [{"priority": p.id, "title": p.title} for p in lead.meetings],
            "unrated_objectives": [{
                "objective": o.id,
                "title": o.title,
                "priority": o.priority,
                "last_rated_quarter": plan.label(r.quarter) if r else None,
                "last_rag": r.rag.value if r else None,
            } for o, r in lead.stale],
            "overdue_actions": [{
                "id": a.action.id,
                "text": a.action.text,
                "owner": a.action.owner,
                "due": a.action.due,
                "objective": a.objective,
                "priority": a.priority,
                "quarter": plan.label(a.quarter),
            } for a in lead.overdue],
            "overdue_outputs": [{
                "id": s.output.id,
                "title": s.output.title,
                "objective": s.objective.id,
                "due": s.output.due_label(plan.year_start_month),
            } for s in lead.outputs],
        } for lead in owed.leads if lead.anything],
        "open_support_asks": [{
            "id": a.id,
            "to": a.to,
            "support": a.text,
            "asked_on": a.asked_on,
            "age_days": a.age(owed.as_of),
            "objective": a.objective,
            "priority": a.priority,
            "quarter": plan.label(a.quarter),
        } for a in owed.asks],
    }
