"""Every record flattened for a spreadsheet or another tool.

CSV: one row per objective per rated quarter. JSON: the same rows plus
actions, events, updates, outputs delivered, support asked and answered, QI
projects and the snapshot editions, and the plan they belong to. Each
versioned record as it stands now (the version that counts).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sli_cli.plan.model import Plan, trend
from sli_cli.records import edition, output_done, project
from sli_cli.records.collection import Records
from sli_cli.views.position import ratings_by_objective

RATING_FIELDS = (
    "plan", "quarter", "priority", "objective", "objective_title", "rag", "letter", "trend",
    "meeting_date", "meeting_version", "progress", "risks", "support", "next_steps",
    "internal")


def rating_rows(plan: Plan, records: Records) -> list[dict[str, Any]]:
    """One row per objective per rated quarter, in plan order then quarter order."""
    ratings = ratings_by_objective(records.meetings)
    rows = []
    for objective in plan.objectives:
        previous = None
        for rated in ratings.get(objective.id, []):
            direction = trend(previous, rated.rag)
            rows.append({
                "plan": plan.id,
                "quarter": plan.label(rated.quarter),
                "priority": objective.priority,
                "objective": objective.id,
                "objective_title": objective.title,
                "rag": rated.rag.value,
                "letter": rated.rag.letter,
                "trend": direction.value if direction else "",
                "meeting_date": rated.meeting.date,
                "meeting_version": rated.meeting.version,
                "progress": rated.outcome.progress,
                "risks": rated.outcome.risks,
                "support": rated.outcome.support,
                "next_steps": rated.outcome.next_steps,
                "internal": rated.outcome.internal,
            })
            previous = rated.rag
    return rows


def export_data(plan: Plan, records: Records) -> dict[str, Any]:
    """Everything, for ``--format json``."""
    actions = []
    for meeting in records.meetings:
        for objective_id, action in meeting.actions:
            done = records.done.get(action.id)
            actions.append({
                "id": action.id, "objective": objective_id, "priority": meeting.priority,
                "quarter": plan.label(meeting.quarter), "raised": meeting.date,
                "text": action.text, "owner": action.owner, "due": action.due,
                "done": done.date if done else None, "done_note": done.note if done else "",
            })
    return {
        "plan": {"id": plan.id, "title": plan.title, "network": plan.network,
                 "start": plan.label(plan.start), "end": plan.label(plan.end)},
        "ratings": rating_rows(plan, records),
        "actions": actions,
        "events": [{"id": e.id, "date": e.date, "title": e.title, "where": e.where,
                    "link": e.link, "priority": e.priority, "objective": e.objective,
                    "internal": e.internal} for e in records.events],
        "updates": [{"id": u.id, "month": u.month, "kind": u.kind.value, "title": u.title,
                     "text": u.text, "link": u.link, "objective": u.objective,
                     "internal": u.internal} for u in records.updates],
        "outputs_delivered": _deliveries(plan, records),
        "support": _support(plan, records),
        "projects": [{"id": p.id, "title": p.title, "status": p.status.value,
                      "badged": p.badged, "council": p.council, "objective": p.objective,
                      "contact": p.contact, "outcome": p.outcome, "internal": p.internal}
                     for p in project.current_projects(records.of(project.KIND))],
        "editions": _editions(records),
    }


def _deliveries(plan: Plan, records: Records) -> list[dict[str, Any]]:
    """Each output delivered, as the version that counts says (an output a
    correction said was not delivered is left out)."""
    objective_of = {o.id: objective.id for objective in (*plan.objectives, *plan.retired)
                    for o in objective.outputs}
    found = output_done.delivered(records.of(output_done.KIND))
    return [{"output": output, "objective": objective_of.get(output, ""), "date": done.date,
             "note": done.note} for output, done in sorted(found.items(),
                                                           key=lambda i: (i[1].date, i[0]))]


def _support(plan: Plan, records: Records) -> list[dict[str, Any]]:
    """Support asked of someone at a meeting (its current version), with the
    response that counts, if any; oldest first."""
    from sli_cli.views.position import Cutoff
    from sli_cli.views.support import support_asks

    return [{"id": a.id, "priority": a.priority, "quarter": plan.label(a.quarter),
             "objective": a.objective, "asked_on": a.asked_on, "to": a.to, "text": a.text,
             "internal": a.internal,
             "response_date": a.response.date if a.response else None,
             "response": a.response.text if a.response else ""}
            for a in support_asks(records, Cutoff(plan.end.next(), date.max))]


def _editions(records: Records) -> list[dict[str, Any]]:
    """Each month's edition as it stands: foreword, highlights, when it was
    sent and to which roles or lists (personal addresses are not exported)."""
    rows = []
    for month, found in sorted(edition.by_month(records.of(edition.KIND)).items()):
        current = edition.heads(found)[-1]
        rows.append({"month": month, "version": current.version, "foreword": current.foreword,
                     "highlights": list(current.highlights), "sent": current.sent,
                     "circulation": list(current.circulation)})
    return rows
