"""The DPH lead's pre-meeting pack laid out as a document."""

from __future__ import annotations

from datetime import date

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
from sli_cli.render.snapshot_doc import day_label, long_day
from sli_cli.views.pack import Brief, OutputDue, Pack

QUESTIONS = ("Rating", "Progress", "Risks and issues", "Support needed",
             "Actions (what, owner, due)", "Next steps")


def _brief(p: Pack, b: Brief) -> Sub:
    plan = p.plan
    # A quarter before the objective was added says so, rather than "Not rated".
    inner: list[Block] = [Table(
        tuple(plan.label(q) for q, _ in b.recent),
        (tuple(("Not yet added",) if r is None and b.objective.added_after(q) else (Rag(r),)
               for q, r in b.recent),), tuple(range(len(b.recent))))]
    if b.latest is None:
        inner.append(Para(("Not rated yet.",)))
    else:
        said = b.latest.outcome
        inner.append(Para((f"Last rated {plan.label(b.latest.quarter)}, at the meeting of "
                           f"{long_day(b.latest.meeting.date)}:",)))
        for label, text in [("Progress", said.progress), ("Risks and issues", said.risks),
                            ("Support asked", said.support), ("Next steps", said.next_steps)]:
            if text:
                inner.append(Text(label, text))
    if b.outputs:
        inner += [Para(("Outputs due this quarter or next, and any overdue:",)),
                  Bullets(tuple((o.output.title, f" (due {o.due}", *_output_state(o), ")")
                                for o in b.outputs))]
    return Sub((b.objective.title,), tuple(inner))


def _output_state(o: OutputDue) -> tuple[Inline, ...]:
    if o.delivered is not None:
        return (f"; delivered {day_label(o.delivered)}",)
    if o.overdue:
        return ("; ", Strong("overdue"))
    return ()


def _last_meeting(p: Pack) -> list[Block]:
    m = p.last_meeting
    if m is None or not (m.decisions or m.apologies):
        return []
    blocks: list[Block] = [Para((f"At the meeting of {long_day(m.date)} "
                                 f"({p.plan.label(m.quarter)}):",))]
    if m.decisions:
        blocks.append(Bullets(tuple(
            ((d.objective + ": " if d.objective else "") + d.text,) for d in m.decisions)))
    if m.apologies:
        blocks.append(Para(("Apologies: " + "; ".join(m.apologies),)))
    return blocks


def _status(p: Pack, due: date) -> str:
    late = (p.day - due).days
    return f"overdue {late} day{'s' if late != 1 else ''}" if late > 0 else "open"


def pack_document(p: Pack) -> Document:
    """The pack as a document: one priority, for its DPH lead."""
    plan, priority = p.plan, p.priority
    titles = {b.objective.id: b.objective.title for b in p.briefs}
    actions = tuple(((a.action.text,), (titles.get(a.objective, a.objective),),
                     (a.action.owner,), (day_label(a.action.due),),
                     (_status(p, a.action.due),)) for a in p.actions)
    definitions = tuple(((Rag(r),), (text,)) for r, text in p.definitions)
    answers: list[Block] = [Para(("Space to note this quarter's answers before the meeting.",))]
    for b in p.briefs:
        answers.append(Sub((b.objective.title,), (
            Table(("Question", "Answer"), tuple(((q,), ("",)) for q in QUESTIONS), (0,),
                  room=True),)))
    leads: list[Inline] = [f"DPH lead: {priority.dph_lead}"]
    if priority.deputy_lead:
        leads.append(f"; deputy: {priority.deputy_lead}")
    intro: tuple[Line, ...] = (
        tuple(leads),
        (f"For the quarterly SLI meeting for {plan.label(p.quarter)} with the SLI lead "
         f"({plan.sli_lead}) and the SLI co-ordinator. Drawn up on {long_day(p.day)}.",),
    )
    return Document(
        f"Pre-meeting pack: {priority.title}, {plan.label(p.quarter)}", intro, (
            Section("objectives", "Where each objective stands",
                    tuple(_brief(p, b) for b in p.briefs), "The priority has no objectives."),
            # Shown only when the last meeting recorded any (older records have none).
            *([Section("last-meeting", "Decisions and apologies at the last meeting",
                       tuple(last))] if (last := _last_meeting(p)) else []),
            Section("actions", "Open actions",
                    (Table(("What", "Objective", "Owner", "Due", "Status"), actions, (3, 4)),)
                    if actions else (), "No open actions."),
            Section("definitions", "Rating definitions",
                    (Table(("Rating", "Definition"), definitions, (0,)),)),
            Section("answers", "This quarter's answers", tuple(answers)),
        ))
