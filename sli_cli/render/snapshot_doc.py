"""The monthly snapshot laid out as a newsletter (headings, tables, labels).

Readers know priorities and objectives by their titles: ids (``KO8``, action
``A3F9K``) appear only when the snapshot was built ``with_ids``, and then as
small labels beside the titles.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from sli_cli.plan.model import Objective, Priority
from sli_cli.records.event import Event
from sli_cli.records.update import Update
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
    Small,
    Sub,
    Table,
    Text,
    Travel,
)
from sli_cli.views.position import ActionState
from sli_cli.views.snapshot import Move, Snapshot
from sli_cli.views.snapshot import Section as S

# Beside an item internal to the network, in every snapshot not made with
# --public (which leaves such items out), so that it is not sent on unmarked.
INTERNAL = " (internal)"
INTERNAL_BANNER = ("Internal: not for circulation (the co-ordinator's version, with "
                   "internal items).")
_EMAIL = re.compile(r"[^@\s<>()\"',;]+@[^@\s<>()\"',;]+\.[A-Za-z]{2,}")


def day_label(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def long_day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def plural(n: int, one: str, many: str = "") -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def contact_value(who: str) -> Inline:
    """An email address as a ``mailto:`` link; anything else as written."""
    return Link(f"mailto:{who}") if _EMAIL.fullmatch(who) else who


def contact_line(contacts: list[tuple[str, str]]) -> Line:
    """``Contacts: role: who; ...`` with an email address as a ``mailto:`` link."""
    closing: list[Inline] = ["Contacts: "]
    for i, (role, who) in enumerate(contacts):
        closing += [*(["; "] if i else []), f"{role}: ", contact_value(who)]
    return tuple(closing)


class Names:
    """How a snapshot names things: by title, with ids only when asked."""

    def __init__(self, s: Snapshot) -> None:
        self.s = s

    def objective(self, o: Objective) -> Line:
        return (Small(o.id), " ", o.title) if self.s.with_ids else (o.title,)

    def objective_id(self, objective_id: str) -> Line:
        o = self.s.plan.objective(objective_id)
        return self.objective(o) if o else (objective_id,)

    def priority(self, p: Priority) -> Line:
        return (Small(p.id), " ", p.title) if self.s.with_ids else (p.title,)

    def about(self, priority_id: str, objective_id: str) -> Line:
        """What an event or update is about: its objective, else its priority."""
        if objective_id:
            return self.objective_id(objective_id)
        p = self.s.plan.priority(priority_id) if priority_id else None
        return self.priority(p) if p else ((priority_id,) if priority_id else ())

    def action(self, a: ActionState, *, objective: bool = False) -> Line:
        parts: list[Inline] = []
        if self.s.with_ids:
            parts += [Small(a.action.id), " "]
        parts.append(f"{a.action.text} ({a.action.owner}, due {day_label(a.action.due)}")
        if a.is_overdue(self.s.day):
            parts.append(", overdue")
        parts.append(")")
        if objective:
            parts += [", for ", *self.objective_id(a.objective)]
        return tuple(parts)


def headline(s: Snapshot) -> list[Block]:
    h = s.headline
    rated = [(r, n) for r, n in h.counts if n]
    total = sum(n for _, n in h.counts)
    parts: list[Inline] = [f"Of the plan's {plural(total, 'objective')} at {long_day(s.day)}: "]
    for i, (rating, n) in enumerate(rated):
        parts += [*([", "] if i else []), f"{n} ", Rag(rating)]
    parts.append(".")
    blocks: list[Block] = [Para(tuple(parts))]
    since = h.since.label()
    if h.moved:
        moved = [(len(h.completed), "completed"), (len(h.improved), "improved"),
                 (len(h.started), "started (rated after Grey)"),
                 (len(h.newly_red), "newly red"), (len(h.worsened), "worse"),
                 (len(h.now_grey), "now Grey")]
        said = [f"{n} {word}" for n, word in moved if n]
        total = sum(n for n, _ in moved)
        first = len(h.first_rated)
        newly = (f"{plural(first, 'objective')} {'was' if first == 1 else 'were'} rated for "
                 "the first time")
        if said:
            listed = said[0] if len(said) == 1 else ", ".join(said[:-1]) + " and " + said[-1]
            sentence = (f"Since the end of {since}, {plural(total, 'objective')} changed "
                        f"rating: {listed}" + (f"; {newly}." if first else "."))
        else:
            sentence = f"Since the end of {since}, {newly}."
        blocks.append(Para((sentence,)))
        names = Names(s)
        attention = ([_move(names, "Newly red", m) for m in h.newly_red]
                     + [_move(names, "Worse", m) for m in h.worsened]
                     + [_move(names, "Started", m) for m in h.started]
                     + [_move(names, "Now Grey", m) for m in h.now_grey])
        if attention:
            blocks.append(Bullets(tuple(attention)))
    else:
        blocks.append(Para((f"No rating has changed since the end of {since}.",)))
    if h.retired:
        named = Names(s)
        line: list[Inline] = [f"Retired from the plan since the end of {since}: "]
        for i, o in enumerate(h.retired):
            successor = o.replaced_by or o.merged_into
            line += ["; "] if i else []
            line += named.objective(o)
            if successor:
                line += [", replaced by " if o.replaced_by else ", merged into ",
                         *named.objective_id(successor)]
        blocks.append(Para((*line, ".")))
    quarter = s.plan.label(s.review or s.position.quarter)
    blocks.append(Para((f"Quarterly SLI meetings for {quarter}: {s.meetings_this_quarter} "
                        f"of {len(s.plan.priorities)} priorities have met.",)))
    return blocks


def _move(names: Names, label: str, move: Move) -> Line:
    return (f"{label}: ", *names.objective(move.objective), " (", Rag(move.before), " to ",
            Rag(move.after), ")")


def good_news(s: Snapshot) -> list[Block]:
    names = Names(s)
    blocks: list[Block] = []
    for m in s.good_news:
        said: Line
        if m.after is m.before or m.before is None:
            said = ("Rated ", Rag(m.after), f" in {m.rated_in}.")
        elif m in s.headline.completed:
            said = ("Completed: rated ", Rag(m.after), f" in {m.rated_in}, up from ",
                    Rag(m.before), ".")
        else:
            said = ("Improved from ", Rag(m.before), " to ", Rag(m.after),
                    f" in {m.rated_in}.")
        inner: list[Block] = [Para(said)]
        if m.narrative:
            inner.append(Text("", m.narrative))
        label = INTERNAL if m.internal and m.narrative else ""
        blocks.append(Sub((*names.objective(m.objective), label), tuple(inner)))
    if s.outputs_delivered:
        blocks.append(Sub((f"Outputs delivered in {s.month.label()}",), (Bullets(tuple(
            (o.output.title, " (", *names.objective(o.objective),
             f", {day_label(o.day)})", *([f": {o.note}"] if o.note else []))
            for o in s.outputs_delivered)),)))
    return blocks


def progress(s: Snapshot) -> list[Block]:
    names = Names(s)
    blocks: list[Block] = []
    for p in s.progress:
        leads = f"DPH lead: {p.priority.dph_lead}"
        if p.priority.deputy_lead:
            leads += f"; deputy: {p.priority.deputy_lead}"
        rows = tuple(
            (names.objective(line.objective), (Rag(line.rating),),
             (Travel(line.trend),) if line.rating else ("",),
             (line.rated_in + (" (out of date)" if line.stale and line.rated_in else ""),))
            for line in p.lines)
        blocks.append(Sub(names.priority(p.priority), (
            Para((leads,)),
            Table(("Objective", "Rating", "Direction of travel", "Rated in"), rows, (1, 2, 3)),
        )))
    return blocks


def support(s: Snapshot) -> list[Block]:
    names = Names(s)
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
                          Bullets(tuple(names.action(a) for a in item.actions))]
            if not inner:
                inner.append(Para(("No support asked and no open actions recorded.",)))
        label = INTERNAL if item.internal and not item.withheld else ""
        blocks.append(Sub((*names.objective(item.objective), ": ", Rag(item.rating),
                           f" ({item.rated_in}){label}"), tuple(inner)))
    return blocks


def _update(names: Names, u: Update) -> Sub:
    inner: list[Block] = []
    if u.text:
        inner.append(Text("", u.text))
    extra: list[Line] = []
    if u.objective:
        extra.append(("About: ", *names.objective_id(u.objective)))
    if u.link:
        extra.append((Link(u.link),))
    if extra:
        parts: list[Inline] = []
        for i, e in enumerate(extra):
            parts += [*(["  ·  "] if i else []), *e]
        inner.append(Para(tuple(parts)))
    return Sub((u.title + (INTERNAL if u.internal else ""),), tuple(inner))


def _event_table(names: Names, events: list[Event]) -> Table:
    rows = []
    for e in events:
        what: list[Inline] = [e.title + (INTERNAL if e.internal else "")]
        if e.link:
            what += [" ", Link(e.link)]
        rows.append(((day_label(e.date),), tuple(what), (e.where,),
                     names.about(e.priority, e.objective)))
    return Table(("Date", "Event", "Where", "About"), tuple(rows), (0, 2))


def events(s: Snapshot) -> list[Block]:
    start, end = s.event_window
    return [Para((f"From {long_day(start)} to {long_day(end)}:",)),
            _event_table(Names(s), s.events)]


def due(s: Snapshot) -> list[Block]:
    names = Names(s)
    blocks: list[Block] = []
    if s.outputs_due:
        blocks.append(Sub(("Outputs",), (Bullets(tuple(
            (o.output.title, " (", *names.objective(o.objective),
             f", due {day_label(o.due)})") for o in s.outputs_due)),)))
    if s.actions_due:
        headers: tuple[str, ...] = ("Action", "What", "Objective", "Owner", "Due")
        rows: tuple[tuple[Line, ...], ...] = tuple(
            ((Small(a.action.id),), (a.action.text,), names.objective_id(a.objective),
             (a.action.owner,), (day_label(a.action.due),)) for a in s.actions_due)
        if not s.with_ids:
            headers, rows = headers[1:], tuple(r[1:] for r in rows)
        blocks.append(Sub(("Actions",), (Table(headers, rows, (len(headers) - 1,)),)))
    return blocks


def overdue_note(s: Snapshot) -> Block | None:
    if not s.overdue or not s.public:
        return None  # the co-ordinator's version lists them under what is owed
    many = "actions are" if s.overdue != 1 else "action is"
    return Para((f"{s.overdue} open {many} overdue at {long_day(s.day)}.",))


def owed(s: Snapshot) -> list[Block]:
    names = Names(s)
    blocks: list[Block] = []
    if s.owed:
        quarter = s.plan.label(s.review or s.position.quarter)
        blocks.append(Sub((f"Meetings not yet held for {quarter}",), (Bullets(tuple(
            (*names.priority(p), f" (DPH lead: {p.dph_lead})") for p in s.owed)),)))
    if s.overdue_actions:
        headers: tuple[str, ...] = ("Action", "What", "Objective", "Owner", "Due",
                                    "Days overdue")
        rows: tuple[tuple[Line, ...], ...] = tuple(
            ((Small(a.action.id),), (a.action.text,), names.objective_id(a.objective),
             (a.action.owner,), (day_label(a.action.due),),
             (str((s.day - a.action.due).days),)) for a in s.overdue_actions)
        if not s.with_ids:
            headers, rows = headers[1:], tuple(r[1:] for r in rows)
        blocks.append(Sub((f"Overdue actions ({len(s.overdue_actions)})",),
                          (Table(headers, rows, (len(headers) - 2, len(headers) - 1)),)))
    if s.overdue_outputs:
        headers = ("Output", "What", "Objective", "Due", "Days overdue")
        rows = tuple(((Small(o.output.id),), (o.output.title,),
                      names.objective_id(o.objective.id),
                      (o.output.due_label(s.plan.year_start_month),),
                      (str((s.day - o.due_by).days) if o.due_by else "",))
                     for o in s.overdue_outputs)
        if not s.with_ids:
            headers, rows = headers[1:], tuple(r[1:] for r in rows)
        blocks.append(Sub((f"Overdue outputs ({len(s.overdue_outputs)})",),
                          (Table(headers, rows, (len(headers) - 1,)),)))
    if s.open_asks:
        asks = tuple(((Small(a.id),), (a.text,), (a.to,), (day_label(a.asked_on),),
                      (str(a.age(s.day)),)) for a in s.open_asks)
        blocks.append(Sub((f"Support asked, not answered yet ({len(s.open_asks)})",),
                          (Table(("Ask", "Support asked", "Asked of", "Asked", "Days"),
                                 asks, (0, 3, 4)),)))
    return blocks


def foreword(s: Snapshot) -> list[Block]:
    """The edition's foreword, signed by the SLI lead when the plan names one."""
    blocks: list[Block] = [Text("", s.edition.foreword if s.edition else "")]
    if s.plan.sli_lead:
        blocks.append(Para((f"— {s.plan.sli_lead} (SLI lead)",)))
    return blocks


def snapshot_document(s: Snapshot) -> Document:
    """The snapshot as a document, sections in the order of ``snapshot.Section``."""
    names = Names(s)
    builders: dict[S, Callable[[Snapshot], list[Block]]] = {
        S.FOREWORD: foreword,
        S.HIGHLIGHTS: lambda s: [Bullets(tuple((h,) for h in (s.edition.highlights
                                                              if s.edition else ())))],
        S.HEADLINE: headline,
        S.GOOD_NEWS: good_news,
        S.PROGRESS: progress,
        S.SUPPORT: support,
        S.SPOTLIGHTS: lambda s: [_update(names, u) for u in s.spotlights],
        S.THIS_MONTH: lambda s: [_event_table(names, s.earlier)],
        S.EVENTS: events,
        S.NEWS: lambda s: [_update(names, u) for u in s.news],
        S.NATIONAL: lambda s: [_update(names, u) for u in s.national],
        S.DUE: due,
        S.OWED: owed,
    }
    sections = []
    for section in S:
        if not s.shows(section):
            continue
        blocks = [] if s.is_empty(section) else builders[section](s)
        title = section.title
        tail: list[Block] = []
        empty = section.empty
        if section is S.DUE:
            title = f"Due in {s.month.next().label()}"
            note = overdue_note(s)
            if note is not None:
                tail.append(note)
        elif section is S.EVENTS:
            start, end = s.event_window
            empty = f"No events between {long_day(start)} and {long_day(end)}."
        elif section is S.THIS_MONTH:
            title = f"Events in {s.month.label()}"
            empty = f"No events from {long_day(s.month.first_day())} to {long_day(s.day)}."
        sections.append(Section(section.key, title, tuple(blocks), empty, tuple(tail)))
    intro: list[Line] = [(f"{s.plan.title}: the position at {long_day(s.day)} "
                          f"({s.plan.label(s.position.quarter)}).",)]
    if not s.public and s.edition is not None and s.edition.sent is not None:
        # Who it went to is the co-ordinator's business, not the readers'.
        intro.append((f"Sent on {long_day(s.edition.sent)} to "
                      f"{'; '.join(s.edition.recipients)}.",))
    return Document(f"{s.plan.network} SLI snapshot: {s.month.label()}", tuple(intro),
                    tuple(sections), contact_line(s.contacts) if s.contacts else (),
                    banner="" if s.public else INTERNAL_BANNER)
