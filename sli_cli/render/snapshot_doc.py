"""The monthly snapshot laid out as a document (headings, tables, labels)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sli_cli.plan.model import Plan
from sli_cli.records.update import Update, UpdateKind
from sli_cli.render.document import (
    Block,
    Bullets,
    Document,
    Inline,
    Line,
    Link,
    Para,
    Rag,
    Section,
    Strong,
    Sub,
    Table,
    Text,
    Travel,
)
from sli_cli.views.position import ActionState
from sli_cli.views.snapshot import Move, Snapshot
from sli_cli.views.snapshot import Section as S


def day_label(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def long_day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def objective_name(plan: Plan, objective_id: str) -> str:
    o = plan.objective(objective_id)
    return f"{objective_id} {o.title}" if o else objective_id


def _move(label: str, move: Move) -> Line:
    return (Strong(label), ": ", f"{move.objective.id} {move.objective.title} (",
            Rag(move.before), " to ", Rag(move.after), ")")


def headline(s: Snapshot) -> list[Block]:
    h = s.headline
    counts: list[Line] = []
    for rating, n in h.counts:
        if rating is None and n == 0:
            continue
        counts.append((Rag(rating), f" {n}"))
    parts: list[Inline] = [f"Ratings at {long_day(s.month.last_day())}: "]
    for i, c in enumerate(counts):
        parts += [*([", "] if i else []), *c]
    blocks: list[Block] = [Para(tuple(parts))]
    since = h.since.label()
    if h.moved:
        items = ([_move("Completed", m) for m in h.completed]
                 + [_move("Newly red", m) for m in h.newly_red]
                 + [_move("Improved", m) for m in h.improved]
                 + [_move("Worsened", m) for m in h.worsened])
        blocks += [Para((f"Since the end of {since}:",)), Bullets(tuple(items))]
    else:
        blocks.append(Para((f"No rating has changed since the end of {since}.",)))
    total = len(s.plan.priorities)
    quarter = s.plan.label(s.position.quarter)
    blocks.append(Para((f"Quarterly meetings for {quarter}: held for {s.meetings_this_quarter} "
                        f"of {total} priorities.",)))
    return blocks


def progress(s: Snapshot) -> list[Block]:
    blocks: list[Block] = []
    for p in s.progress:
        leads = f"Lead: {p.priority.dph_lead}"
        if p.priority.deputy_lead:
            leads += f"; deputy: {p.priority.deputy_lead}"
        rows = tuple(
            ((f"{line.objective.id} {line.objective.title}",), (Rag(line.rating),),
             (Travel(line.trend),) if line.rating else ("",),
             (line.rated_in + (" (out of date)" if line.stale and line.rated_in else ""),))
            for line in p.lines)
        blocks.append(Sub((f"{p.priority.id} {p.priority.title}",), (
            Para((leads,)),
            Table(("Objective", "Rating", "Direction of travel", "Rated in"), rows, (1, 2, 3)),
        )))
    return blocks


# Beside an item internal to the network, in every snapshot not made with
# --public (which leaves such items out), so that it is not sent on unmarked.
INTERNAL = " (internal)"


def action_line(plan: Plan, a: ActionState, as_of: date, *, objective: bool = False) -> Line:
    parts: list[Inline] = [Strong(a.action.id), f": {a.action.text} ({a.action.owner}, due "
                   f"{day_label(a.action.due)}"]
    if a.is_overdue(as_of):
        parts.append(", overdue")
    parts.append(")")
    if objective:
        parts.append(f" for {objective_name(plan, a.objective)}")
    return tuple(parts)


def support(s: Snapshot) -> list[Block]:
    end = s.month.last_day()
    blocks: list[Block] = []
    for item in s.support:
        inner: list[Block] = []
        if item.withheld:
            inner.append(Para(("The details are internal to the network.",)))
        else:
            if item.support:
                inner.append(Text("Support asked", item.support))
            if item.risks:
                inner.append(Text("Risks and issues", item.risks))
            if item.actions:
                inner += [Para(("Corrective actions:",)),
                          Bullets(tuple(action_line(s.plan, a, end) for a in item.actions))]
            if not inner:
                inner.append(Para(("No support asked and no open actions recorded.",)))
        label = INTERNAL if item.internal and not item.withheld else ""
        blocks.append(Sub((f"{item.objective.id} {item.objective.title}: ", Rag(item.rating),
                           f" ({item.rated_in}){label}"), tuple(inner)))
    return blocks


def _update(plan: Plan, u: Update, kind: bool) -> Sub:
    inner: list[Block] = []
    if u.text:
        inner.append(Text("", u.text))
    extra: list[Inline] = []
    if kind:
        extra.append("ADPH and national" if u.kind is UpdateKind.NATIONAL else "Regional news")
    if u.objective:
        extra.append(f"Objective {objective_name(plan, u.objective)}")
    if u.link:
        extra.append(Link(u.link))
    if extra:
        parts: list[Inline] = []
        for i, e in enumerate(extra):
            parts += [*(["  ·  "] if i else []), e]
        inner.append(Para(tuple(parts)))
    return Sub((u.title + (INTERNAL if u.internal else ""),), tuple(inner))


def events(s: Snapshot) -> list[Block]:
    start, end = s.event_window
    rows = []
    for e in s.events:
        what: list[Inline] = [e.title + (INTERNAL if e.internal else "")]
        if e.link:
            what += [" ", Link(e.link)]
        about = " ".join(x for x in (e.priority, e.objective) if x)
        rows.append(((day_label(e.date),), tuple(what), (e.where,), (about,)))
    return [Para((f"From {long_day(start)} to {long_day(end)}:",)),
            Table(("Date", "Event", "Where", "Priority"), tuple(rows), (0, 3))]


def actions_due(s: Snapshot) -> list[Block]:
    rows = tuple(((Strong(a.action.id),), (a.action.text,), (a.objective,), (a.action.owner,),
                  (day_label(a.action.due),)) for a in s.actions_due)
    return [Table(("Action", "What", "Objective", "Owner", "Due"), rows, (0, 2, 4))]


def overdue_note(s: Snapshot) -> Block | None:
    if not s.overdue:
        return None
    many = "actions are" if s.overdue != 1 else "action is"
    return Para((f"{s.overdue} open {many} overdue at the end of {s.month.label()}.",))


def snapshot_document(s: Snapshot) -> Document:
    """The snapshot as a document, sections in the order of ``snapshot.Section``."""
    builders: dict[S, Callable[[Snapshot], list[Block]]] = {
        S.HEADLINE: headline,
        S.PROGRESS: progress,
        S.SUPPORT: support,
        S.SPOTLIGHTS: lambda s: [_update(s.plan, u, False) for u in s.spotlights],
        S.EVENTS: events,
        S.UPDATES: lambda s: [_update(s.plan, u, True) for u in s.updates],
        S.ACTIONS: actions_due,
    }
    sections = []
    for section in S:
        blocks = [] if s.is_empty(section) else builders[section](s)
        title = section.title
        tail: list[Block] = []
        if section is S.ACTIONS:
            title = f"Actions due in {s.month.next().label()}"
            note = overdue_note(s)
            if note is not None:
                tail.append(note)
        empty = section.empty
        if section is S.EVENTS:
            start, end = s.event_window
            empty = (f"No events between {long_day(start)} and {long_day(end)}.")
        sections.append(Section(section.key, title, tuple(blocks), empty, tuple(tail)))
    closing: list[Inline] = ["Contacts: "]
    for i, (role, who) in enumerate(s.contacts):
        closing += [*(["; "] if i else []), f"{role}: {who}"]
    intro = (f"{s.plan.title}: the position at {long_day(s.month.last_day())} "
             f"({s.plan.label(s.position.quarter)}).",)
    return Document(f"{s.plan.network} SLI snapshot: {s.month.label()}", (intro,),
                    tuple(sections), tuple(closing) if s.contacts else ())
