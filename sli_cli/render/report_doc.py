"""The annual report to the national ADPH SLI board laid out as a document."""

from __future__ import annotations

from sli_cli.core.quarters import Quarter
from sli_cli.plan.model import Objective, Rating, Term, Trend, holder, trend
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
from sli_cli.render.snapshot_doc import (
    INTERNAL,
    contact_line,
    contact_value,
    day_label,
    long_day,
)
from sli_cli.views.report import Report
from sli_cli.views.snapshot import contacts


def governance(r: Report) -> list[Block]:
    people: list[Line] = [(Strong("SLI lead"), f": {r.plan.sli_lead}"),
                          (Strong("SLI co-ordinator"), f": {r.plan.coordinator}")]
    if r.plan.contact:
        people.append((Strong("Contact"), ": ", contact_value(r.plan.contact)))
    rows = tuple(((f"{p.id} {p.title}",), (_held(r, p.dph_leads, p.dph_lead) + (
        f"; deputy: {_held(r, p.deputy_leads, p.deputy_lead)}" if p.deputy_lead else ""),))
        for p in r.priorities)
    blocks: list[Block] = [
        Bullets(tuple(people)),
        Para((f"{len(r.priorities)} priorities, each reviewed at a quarterly SLI meeting "
              "of the SLI lead, the SLI co-ordinator and the priority's DPH lead:",)),
        Table(("Priority", "DPH lead"), rows)]
    if r.minutes:
        blocks.append(Para(("Apologies and decisions recorded at the year's meetings:",)))
    for m in r.minutes:
        lines: list[Line] = []
        if m.apologies:
            lines.append((Strong("Apologies"), ": " + "; ".join(m.apologies)))
        lines += [(Strong("Decision" + (f" on {d.objective}" if d.objective else "")),
                   f": {d.text}") for d in m.decisions]
        if lines:
            blocks.append(Sub((f"{m.priority}, {r.plan.label(m.quarter)} (meeting of "
                               f"{long_day(m.date)})",), (Bullets(tuple(lines)),)))
    return blocks


def _held(r: Report, terms: tuple[Term, ...], now: str) -> str:
    """Who held a role during the year: one role, or each in turn with the
    quarter the next one took over (``DPH, A to 2023/24 Q2, then DPH, B``)."""
    spans: list[tuple[str, Quarter]] = []
    for q in r.quarters:
        who = holder(terms, q) or now
        if not spans or spans[-1][0] != who:
            spans.append((who, q))
    if len(spans) < 2:
        return now
    return ", then ".join(
        who + (f" to {r.plan.label(spans[i + 1][1].previous())}" if i + 1 < len(spans) else "")
        for i, (who, _) in enumerate(spans))


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def glance(r: Report) -> list[Block]:
    """The year in a few lines: ratings, meetings, outputs, projects, events, actions."""
    total = sum(n for _, n in r.year_end)
    counts: list[Inline] = [f"Ratings of the {total} objectives at "
                            f"{long_day(r.position_day)}: "]
    for i, (rating, n) in enumerate((x, n) for x, n in r.year_end if n):
        counts += [*([", "] if i else []), f"{n} ", Rag(rating)]
    counts.append(".")
    lines: list[Line] = [tuple(counts)]
    meetings = f"Quarterly SLI meetings held: {r.meetings_in_year} of {r.meetings_due}"
    if r.missed:
        by_priority: dict[str, list[str]] = {}
        for p, q in r.missed:
            by_priority.setdefault(p.title, []).append(r.plan.label(q))
        meetings += "; " + "; ".join(f"{title} did not meet in {_join(qs)}"
                                     for title, qs in by_priority.items())
    lines.append((meetings + ".",))
    if r.outputs:
        delivered = sum(o.delivered for o in r.outputs)
        lines.append((f"Outputs due in the year: {len(r.outputs)}, of which {delivered} "
                      "delivered.",))
    lines.append((f"Quality improvement projects badged under SLI: {len(r.projects)}; "
                  f"events and peer challenges held: {len(r.events)}.",))
    overdue = sum(a.is_overdue(r.position_day) for a in r.outstanding)
    lines.append((f"Actions: {len(r.completed)} completed during the year; "
                  f"{len(r.outstanding)} outstanding at {long_day(r.position_day)}, "
                  f"{overdue} of them overdue.",))
    return [Bullets(tuple(lines))]


def _grid_cell(r: Report, o: Objective, q: Quarter, rating: Rating | None,
               reviewed: Quarter) -> Line:
    """A rating; or, rather than "Not rated", why there is none: the quarter's
    meetings are still to come, the objective had retired or was not yet added."""
    if rating is None and o.retired_by(q):
        return ("Retired",)
    if rating is None and o.added_after(q):
        return ("Not yet added",)
    if rating is None and q > reviewed and r.provisional:
        return ("to come",)
    return (Rag(rating),)


def grid(r: Report) -> list[Block]:
    headers = ("Objective", *(r.plan.label(q) for q in r.quarters))
    reviewed = r.plan.quarter_under_review(r.position_day)
    blocks: list[Block] = []
    for p in r.priorities:
        rows: list[tuple[Line, ...]] = []
        for o, ratings in r.grid:
            if o.priority != p.id:
                continue
            cells: list[Line] = [(f"{o.id} {o.title}",)]
            cells += [_grid_cell(r, o, q, x, reviewed)
                      for q, x in zip(r.quarters, ratings, strict=True)]
            rows.append(tuple(cells))
        if rows:
            blocks.append(Sub((f"{p.id} {p.title}",),
                              (Table(headers, tuple(rows), tuple(range(1, len(headers)))),)))
    return blocks


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
        if b.objective.retired_in is not None and b.objective.retired_by(r.quarters[-1]):
            successor = (f", replaced by {b.objective.replaced_by}" if b.objective.replaced_by
                         else f", merged into {b.objective.merged_into}"
                         if b.objective.merged_into else "")
            inner.append(Para((f"Retired in {r.plan.label(b.objective.retired_in)}"
                               f"{successor}.",)))
        label = INTERNAL if b.internal and (b.support or b.risks) else ""
        blocks.append(Sub((f"{b.objective.id} {b.objective.title}: ", Rag(b.rated.rag),
                           f" ({r.plan.label(b.rated.quarter)}){label}"), tuple(inner)))
    return blocks


MOST_OVERDUE = 5


def actions(r: Report) -> list[Block]:
    """Counts, and the most overdue actions by name: not a table of every action."""
    end = long_day(r.position_day)
    done = (f"{len(r.completed)} completed during {r.year}" if r.completed else
            "None completed during the year" + (" so far" if r.provisional else ""))
    late = sorted((a for a in r.outstanding if a.is_overdue(r.position_day)),
                  key=lambda a: (a.action.due, a.action.id))
    blocks: list[Block] = [Para((f"{done}; {len(r.outstanding)} outstanding at {end}, "
                                 f"{len(late)} of them overdue.",))]
    if late:
        shown = late[:MOST_OVERDUE]
        blocks += [Para(("The most overdue:" if len(late) > len(shown) else "Overdue:",)),
                   Bullets(tuple(
                       (a.action.text, f" ({a.action.owner}; due {day_label(a.action.due)}, "
                        f"{(r.position_day - a.action.due).days} days overdue; {a.objective})")
                       for a in shown))]
    return blocks


def support_asked(r: Report) -> list[Block]:
    rows = tuple(((r.plan.label(s.quarter),), (f"{s.objective.id} {s.objective.title}",),
                  (s.text + (f" (asked of {s.to})" if s.to else "")
                   + (INTERNAL if s.internal else ""),)) for s in r.support)
    if not any(s.to for s in r.support):
        return [Table(("Quarter", "Objective", "Support asked"), rows, (0,))]
    # Support asked of someone is tracked until answered: its response beside it.
    answers = tuple(((f"{day_label(s.answered_on)}: {s.response}",) if s.answered_on
                     else ("Not answered yet",) if s.to else ("",)) for s in r.support)
    return [Table(("Quarter", "Objective", "Support asked", "Response"),
                  tuple((*row, answer) for row, answer in zip(rows, answers, strict=True)),
                  (0,))]


def outputs(r: Report) -> list[Block]:
    rows = tuple(((o.output.title,), (f"{o.objective.id}",), (o.due,),
                  ("Delivered" if o.delivered else
                   "Not delivered",)) for o in r.outputs)
    return [Table(("Output", "Objective", "Due", "Status"), rows, (1, 2))]


def projects(r: Report) -> list[Block]:
    blocks: list[Block] = []
    for u in r.projects:
        inner: list[Block] = [Text("", u.text)] if u.text else []
        blocks.append(Sub((u.title + (INTERNAL if u.internal and not r.public else ""),
                           f" ({u.month})"), tuple(inner)))
    return blocks


def events(r: Report) -> list[Block]:
    rows = tuple(((day_label(e.date),), (e.title + (INTERNAL if e.internal else ""),),
                  (e.where,)) for e in r.events)
    return [Table(("Date", "Event", "Where"), rows, (0,))]


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
        Section("glance", "The year at a glance", tuple(glance(r))),
        Section("ratings", "Ratings by quarter, by priority", tuple(grid(r)),
                "The plan has no objectives."),
        Section("achievements", "Achievements", tuple(achievements(r)),
                _no_meetings(r) if not r.meetings_in_year else
                "No objective was completed or improved during the year."),
        Section("barriers", "Barriers and risks", tuple(barriers(r)),
                _no_meetings(r) if not r.meetings_in_year else
                f"No objective was rated red or amber at {long_day(r.position_day)}."
                if r.provisional else
                "No objective was rated red or amber at the end of the year."),
        Section("support", "Support asked of the network and the national board",
                tuple(support_asked(r) if r.support else ()),
                "No support was asked during the year."),
        Section("outputs", "Outputs due in the year", tuple(outputs(r) if r.outputs else ()),
                "No output of the plan fell due during the year."),
        Section("projects", "Quality improvement projects badged under SLI",
                tuple(projects(r)), "No QI project was recorded during the year."),
        Section("events", "Events and peer challenges held",
                tuple(events(r) if r.events else ()), "No event was recorded during the year."),
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
    closing: list[Inline] = ["Prepared for the ADPH SLI board. ",
                             *contact_line(contacts(r.plan))]
    return Document(f"{r.plan.network} SLI annual report {r.year}", intro, tuple(sections),
                    tuple(closing))
