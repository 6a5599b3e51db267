"""Support asks as a listing: on screen, in Markdown, CSV and JSON."""

from __future__ import annotations

from datetime import date
from typing import Any

from sli_cli.plan.model import Plan
from sli_cli.render.listing import Column
from sli_cli.views.support import SupportAsk

SUPPORT_COLUMNS = [
    Column("id", "Id", no_wrap=True),
    Column("asked_on", "Asked", no_wrap=True),
    Column("age_days", "Age", justify="right"),
    Column("status", "Status", no_wrap=True),
    Column("to", "Asked of"),
    Column("support", "Support asked"),
    Column("objective", "Objective"),
    Column("priority", "Priority"),
    Column("quarter", "Quarter"),
    Column("answered_on", "Answered"),
    Column("response", "Response"),
]
# On screen: what was asked, then the response under it.
SUPPORT_TABLE_COLUMNS = [
    Column("id", "Id", no_wrap=True),
    Column("age_days", "Age", justify="right"),
    Column("status", "Status", no_wrap=True),
    Column("to", "Asked of", ratio=1),
    Column("shown", "Support asked", ratio=3),
]


def support_rows(plan: Plan, asks: list[SupportAsk], today: date) -> list[dict[str, Any]]:
    """One row per ask; ``shown`` is the on-screen cell."""
    rows = []
    for a in asks:
        r = a.response
        shown = a.text + (f"\nAnswered {r.date.isoformat()}: {r.text}" if r else "")
        rows.append({
            "id": a.id,
            "asked_on": a.asked_on,
            "age_days": a.age(today),
            "status": "answered" if r else "open",
            "to": a.to,
            "support": a.text,
            "objective": a.objective,
            "priority": a.priority,
            "quarter": plan.label(a.quarter),
            "answered_on": r.date if r else None,
            "response": r.text if r else "",
            "shown": shown,
        })
    return rows
