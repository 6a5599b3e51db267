"""The drafts kept in a plan folder, as a listing."""

from __future__ import annotations

from typing import Any

from sli_cli.core.errors import display_path
from sli_cli.recording.drafts import DraftSummary
from sli_cli.render.listing import Column

DRAFT_COLUMNS = [
    Column("name", "Draft", no_wrap=True),
    Column("priority", "Priority", no_wrap=True),
    Column("meeting", "Meeting"),
    Column("answered", "Answered", justify="right"),
    Column("saved", "Saved (UTC)", no_wrap=True),
]  # JSON has the draft's file too


def draft_rows(drafts: list[DraftSummary]) -> list[dict[str, Any]]:
    rows = []
    for d in drafts:
        a = d.answers
        meeting = "cannot be read: " + d.problem if a is None else " ".join(
            part for part in ("amendment of" if a.amend else "", a.quarter or a.date) if part)
        rows.append({
            "name": d.name,
            "priority": a.priority if a is not None else "",
            "meeting": meeting,
            "answered": sum(o.answered for o in a.objectives) if a is not None else 0,
            "saved": d.saved.strftime("%Y-%m-%d %H:%M"),
            "file": display_path(d.path),
        })
    return rows
