"""The annual report to the national ADPH SLI board laid out as a document."""

from __future__ import annotations

from sli_cli.plan.model import Trend, trend
from sli_cli.render.document import (
    Block,
    Bullets,
    Document,
    Inline,
    Line,
    Para,
    Rag,
    Section,
    Strong,
    Sub,
    Table,
    Text,
)
from sli_cli.render.snapshot_doc import INTERNAL, day_label, long_day
from sli_cli.views.position import ActionState
from sli_cli.views.report import Report
from sli_cli.views.snapshot import contacts


def governance(r: Report) -> list[Block]:
    people: list[Line] = [(Strong("SLI lead"), f": {r.plan.sli_lead}"),
                          (Strong("SLI co-ordinator"), f": {r.plan.coordinator}")]
    if r.plan.contact:
        people.append((Strong("Contact"), f": {r.plan.contact}"))
    rows = tuple(((f"{p.id} {p.title}",), (p.dph_lead,), (p.deputy_lead or "",))
                 for p in r.priorities)
    return [Bullets(tuple(people)),
            Para((f"{len(r.priorities)} priorities, each reviewed at a quarterly SLI meeting "
                  "of the SLI lead, the SLI co-ordinator and the priority's DPH lead:",)),
            Table(("Priority", "DPH lead", "Deputy lead"), rows)]


def grid(r: Report) -> list[Block]:
    headers = ("Objective", *(r.plan.label(q) for q in r.quarters))
    rows: list[tuple[Line, ...]] = []
    # In a provisional report, quarters whose meetings are still to come are left blank.
    reviewed = r.plan.quarter_under_review(r.position_day)
    for o, ratings in r.grid:
        cells: list[Line] = [(f"{o.id} {o.title}",)]
        cells += [(Rag(x),) if x is not None or q <= reviewed else ("",)
                  for q, x in zip(r.quarters, ratings, strict=True)]
        rows.append(tuple(cells))
    return [Table(headers, tuple(rows), tuple(range(1, len(headers))))]


def achievements(r: Report) -> list[Block]:
    blocks: list[Block] = []
    for a in r.achievements:
        when = r.plan.label(a.rated.quarter)
        said: Line
        if a.completed:
            said = (f"Completed (rated Blue in {when}).",)
        elif trend(a.before, a.rated.rag) is Trend.NEW:
            said = ("Rated ", Rag(a.rated.rag), f" by {when}: {Trend.NEW.words}.")
        else:
            said = ("Improved from ", Rag(a.before), " to ", Rag(a.rated.rag), f" by {when}.")
        inner: list[Block] = [Para(said)]
        if a.narrative:
            inner.append(Text("", a.narrative))
        label = INTERNAL if a.internal and a.narrative else ""
        blocks.append(Sub((f"{a.objective.id} {a.objective.title}{label}",), tuple(inner)))
    return blocks


def barriers(r: Report) -> list[Block]:
    blocks: list[Block] = []
    for b in r.barriers:
        inner: list[Block] = []
        if b.support:
            inner.append(Text("Support asked", b.support))
        if b.risks:
            inner.append(Text("Risks and issues", b.risks))
        if not inner:
            inner.append(Para(("No risks or support recorded.",)))
        label = INTERNAL if b.internal and (b.support or b.risks) else ""
        blocks.append(Sub((f"{b.objective.id} {b.objective.title}: ", Rag(b.rated.rag),
                           f" ({r.plan.label(b.rated.quarter)}){label}"), tuple(inner)))
    return blocks


def _action_rows(actions: list[ActionState], done: bool, r: Report) -> Table:
    if done:
        return Table(("Action", "What", "Objective", "Done"), tuple(
            ((Strong(a.action.id),), (a.action.text,), (a.objective,),
             (day_label(a.done.date) if a.done else "",)) for a in actions), (0, 2, 3))
    rows = []
    for a in actions:
        due: list[Inline] = [day_label(a.action.due)]
        if a.is_overdue(r.position_day):
            due.append(" (overdue)")
        rows.append(((Strong(a.action.id),), (a.action.text,), (a.objective,),
                     (a.action.owner,), tuple(due)))
    return Table(("Action", "What", "Objective", "Owner", "Due"), tuple(rows), (0, 2, 4))


def actions(r: Report) -> list[Block]:
    blocks: list[Block] = []
    if r.completed:
        blocks.append(Sub((f"Completed during {r.year} ({len(r.completed)})",),
                          (_action_rows(r.completed, True, r),)))
    else:
        blocks.append(Sub((f"Completed during {r.year}",),
                          (Para(("No action was completed during the year"
                                 + (" so far." if r.provisional else "."),)),)))
    end = long_day(r.position_day)
    if r.outstanding:
        blocks.append(Sub((f"Outstanding at {end} ({len(r.outstanding)})",),
                          (_action_rows(r.outstanding, False, r),)))
    else:
        blocks.append(Sub((f"Outstanding at {end}",),
                          (Para(("No action was outstanding.",)),)))
    return blocks


def carrying_over(r: Report) -> list[Block]:
    where = "the next plan" if r.to_next_plan else "the next year"
    rows: list[tuple[Line, ...]] = []
    for c in r.carrying_over:
        rating: Line = (Rag(c.rating),)
        if c.rated_before is not None:
            rating = (Rag(c.rating), f" (rated in {r.plan.label(c.rated_before)})")
        rows.append(((f"{c.objective.id} {c.objective.title}",), rating,
                     (c.next_steps + (INTERNAL if c.internal and c.next_steps else ""),)))
    if r.provisional:
        said = (f"Objectives not complete at {long_day(r.position_day)} (the year ends on "
                f"{long_day(r.last_day)}):")
    else:
        said = f"Objectives not complete at {long_day(r.last_day)}, carrying over to {where}:"
    return [Para((said,)), Table(("Objective", "Rating", "Next steps"), tuple(rows), (1,))]


def _no_meetings(r: Report) -> str:
    by = f" by {long_day(r.position_day)}" if r.provisional else ""
    return f"No meetings were recorded for {r.year}{by}, so the year has no ratings."


def report_document(r: Report) -> Document:
    """The report as a document."""
    sections = [
        Section("governance", "Governance", tuple(governance(r))),
        Section("ratings", "Ratings by quarter", tuple(grid(r)),
                "The plan has no objectives."),
        Section("achievements", "Achievements", tuple(achievements(r)),
                _no_meetings(r) if not r.meetings_in_year else
                "No objective was completed or improved during the year."),
        Section("barriers", "Barriers and risks", tuple(barriers(r)),
                _no_meetings(r) if not r.meetings_in_year else
                f"No objective was rated red or amber at {long_day(r.position_day)}."
                if r.provisional else
                "No objective was rated red or amber at the end of the year."),
        Section("actions", "Actions", tuple(actions(r))),
        Section("carrying-over", "Objectives carrying over", tuple(
            carrying_over(r) if r.carrying_over else ()),
            "Every objective is complete."),
    ]
    period = (f"{r.plan.label(r.quarters[0])} to {r.plan.label(r.quarters[-1])}, "
              f"{long_day(r.first_day)} to {long_day(r.last_day)}")
    intro: tuple[Line, ...] = ((f"{r.plan.title}: the progress return for {r.year} "
                                f"({period}).",),)
    if r.provisional:
        intro += ((Strong("Provisional"), f": the position at {long_day(r.position_day)}; "
                   f"the year ends on {long_day(r.last_day)}.",),)
    if not r.meetings_in_year:
        intro += ((_no_meetings(r),),)
    closing: list[Inline] = ["Prepared for the ADPH SLI board. Contacts: "]
    for i, (role, who) in enumerate(contacts(r.plan)):
        closing += [*(["; "] if i else []), f"{role}: {who}"]
    return Document(f"{r.plan.network} SLI annual report {r.year}", intro, tuple(sections),
                    tuple(closing))
