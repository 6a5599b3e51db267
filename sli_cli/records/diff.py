"""What changed between two versions of a meeting record, field by field."""

from __future__ import annotations

from sli_cli.records.meeting import Action, Meeting, Outcome
from sli_cli.records.narrative import FIELD_LABELS, TEXT_FIELDS


def _short(text: str, width: int = 60) -> str:
    one_line = " ".join(text.split())
    if not one_line:
        return "(empty)"
    return one_line if len(one_line) <= width else one_line[: width - 1] + "…"


def _action(a: Action) -> str:
    return f"{a.id} {_short(a.text, 40)} ({a.owner}, due {a.due.isoformat()})"


def diff_meetings(old: Meeting, new: Meeting) -> list[str]:
    """One line per changed field, in the order a reader meets them."""
    changes: list[str] = []
    if old.date != new.date:
        changes.append(f"date: {old.date.isoformat()} -> {new.date.isoformat()}")
    if old.attendees != new.attendees:
        added = [a for a in new.attendees if a not in old.attendees]
        removed = [a for a in old.attendees if a not in new.attendees]
        parts = [f"+ {a}" for a in added] + [f"- {a}" for a in removed]
        changes.append("attendees: " + ("; ".join(parts) or "reordered"))
    if old.notes != new.notes:
        changes.append(f"notes: {_short(old.notes)} -> {_short(new.notes)}")
    ids = list(dict.fromkeys([o.objective for o in old.outcomes]
                             + [o.objective for o in new.outcomes]
                             + list(old.not_discussed) + list(new.not_discussed)))
    for oid in ids:
        changes += _diff_outcome(oid, old.outcome(oid), new.outcome(oid))
    return changes


def _diff_outcome(oid: str, old: Outcome | None, new: Outcome | None) -> list[str]:
    if old is None and new is None:
        return []
    if old is None:
        assert new is not None
        return [f"{oid}: rated {new.rag.value} (was not discussed)"]
    if new is None:
        return [f"{oid}: now not discussed (was {old.rag.value})"]
    changes = []
    if old.rag is not new.rag:
        changes.append(f"{oid} rating: {old.rag.value} -> {new.rag.value}")
    for key in TEXT_FIELDS:
        before, after = getattr(old, key), getattr(new, key)
        if before != after:
            changes.append(f"{oid} {FIELD_LABELS[key].lower()}: {_short(before)} -> "
                           f"{_short(after)}")
    if old.support_to != new.support_to:
        changes.append(f"{oid} support asked of: {_short(old.support_to)} -> "
                       f"{_short(new.support_to)}")
    old_actions = {a.id: a for a in old.actions}
    new_actions = {a.id: a for a in new.actions}
    for action_id, action in new_actions.items():
        if action_id not in old_actions:
            changes.append(f"{oid} action added: {_action(action)}")
        elif old_actions[action_id] != action:
            changes.append(f"{oid} action changed: {_action(old_actions[action_id])} -> "
                           f"{_action(action)}")
    for action_id, action in old_actions.items():
        if action_id not in new_actions:
            changes.append(f"{oid} action removed: {_action(action)}")
    if old.internal != new.internal:
        changes.append(f"{oid}: {'now internal' if new.internal else 'no longer internal'}")
    return changes
