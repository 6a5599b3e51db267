"""Every record flattened for a spreadsheet or another tool.

CSV: one row per objective per rated quarter. JSON: the same rows plus
actions, events and updates, and the plan they belong to.
"""

from __future__ import annotations

from typing import Any

from sli_cli.plan.model import Plan, trend
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
    }
