"""Checks that span the plan and its records: references, periods, ratings.

Each check is a plain function returning a list of problems, so ``sli check``
can show them all at once.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from sli_cli.core import clock
from sli_cli.core.errors import Problem, Severity
from sli_cli.plan.model import Plan, Rating
from sli_cli.plan.tomlsource import suggest
from sli_cli.records.kinds import Meeting
from sli_cli.records.store import Records


def check_meeting(plan: Plan, meeting: Meeting, today: date | None = None, *,
                  stored: bool = False) -> list[Problem]:
    """Problems with one meeting record against the plan.

    A meeting dated in the future is refused when it is recorded; in a stored
    record (``stored``) it is only a warning, so that a wrong clock or an
    earlier ``SLI_TODAY`` does not lock the whole plan.
    """
    where = meeting.path
    problems: list[Problem] = []

    def label() -> str:  # built only when there is a problem: most meetings have none
        return f"meeting of {meeting.priority} for {plan.label(meeting.quarter)}"

    def add(message: str, severity: Severity = Severity.ERROR) -> None:
        problems.append(Problem(where, None, f"{label()}: {message}", severity))

    if plan.priority(meeting.priority) is None:
        known = [p.id for p in plan.priorities]
        add(f"priority {meeting.priority} is not defined{suggest(meeting.priority, known)}")
    if not plan.in_period(meeting.quarter):
        add(f"quarter {plan.label(meeting.quarter)} is outside the plan period "
            f"({plan.period_label()})")
    if not plan.first_day() <= meeting.date <= plan.last_day() or today is None \
            or meeting.date > today:
        problems.extend(check_meeting_date(plan, meeting.date, where, label, today,
                                           stored=stored))
    held_in = plan.quarter_of(meeting.date)
    if meeting.quarter > held_in:
        add(f"a meeting held on {meeting.date.isoformat()} ({plan.label(held_in)}) cannot "
            f"review {plan.label(meeting.quarter)}: that quarter had not started")
    seen: set[str] = set()
    for outcome in meeting.outcomes:
        retired = plan.objective(outcome.objective)
        if retired is not None and retired.retired_in is not None \
                and retired.retired_by(meeting.quarter):
            problems.append(Problem(where, None, f"{label()}: objective {outcome.objective} was "
                                    f"retired in {plan.label(retired.retired_in)}, before this "
                                    "meeting's quarter", Severity.WARNING))
        problems.extend(_check_objective_ref(plan, meeting.priority, outcome.objective,
                                             where, label))
        if outcome.objective in seen:
            add(f"objective {outcome.objective} is recorded twice")
        seen.add(outcome.objective)
        if not plan.scheme.allows(outcome.rag):
            add(f"objective {outcome.objective}: rating '{outcome.rag.value}' is not in this "
                f"plan's scheme ({plan.scheme.describe_choices()})")
        if outcome.rag is Rating.RED and not outcome.actions:
            add(f"objective {outcome.objective} is rated red with no action; "
                "record a corrective action with an owner and a due date", Severity.WARNING)
    for objective_id in meeting.not_discussed:
        problems.extend(_check_objective_ref(plan, meeting.priority, objective_id, where,
                                             label))
        if objective_id in seen:
            add(f"objective {objective_id} is both rated and listed as not discussed")
    return problems


def check_meeting_date(plan: Plan, day: date, where: str, label: str | Callable[[], str],
                       today: date | None = None, *, stored: bool = False) -> list[Problem]:
    """A meeting happens within the plan period (or in the quarter after it, to
    review the last quarter) and not in the future."""
    problems = []
    if callable(label):
        label = label()
    latest = plan.last_meeting_day()
    if not plan.first_day() <= day <= latest:
        problems.append(Problem(where, None, f"{label}: date {day.isoformat()} is outside the "
                                f"plan period ({plan.first_day().isoformat()} to "
                                f"{plan.last_day().isoformat()}, or up to {latest.isoformat()}: "
                                "the quarter after the plan, when its last quarter's "
                                "meetings are held)"))
    if day > (today or clock.today()):
        problems.append(Problem(where, None, f"{label}: date {day.isoformat()} is in the future",
                                Severity.WARNING if stored else Severity.ERROR))
    return problems


def _check_objective_ref(plan: Plan, priority: str, objective_id: str, where: str,
                         label: Callable[[], str]) -> list[Problem]:
    objective = plan.objective(objective_id)
    if objective is not None and objective.priority == priority:
        return []
    if objective is None:
        known = [o.id for o in plan.objectives]
        # A stored record was valid when written: the objective has most
        # likely been deleted from plan.toml instead of being retired.
        hint = (f"{suggest(objective_id, known)}; if it was retired, keep it in plan.toml "
                "with status = \"retired\" and retired_in = the first quarter it no longer "
                "ran in: its records stay valid")
        return [Problem(where, None, f"{label()}: objective {objective_id} is not defined"
                        f"{hint}")]
    if objective.priority != priority and plan.priority(priority) is not None:
        return [Problem(where, None, f"{label()}: objective {objective_id} belongs to priority "
                        f"{objective.priority}, not {priority}")]
    return []


def check_records(plan: Plan, records: Records, today: date | None = None) -> list[Problem]:
    """Every cross-reference problem in the records."""
    problems: list[Problem] = []
    today = today or clock.today()
    action_owner: dict[str, tuple[str, int]] = {}
    for (_, _), versions in sorted(records.meeting_versions.items()):
        for meeting in versions:
            if meeting is versions[-1]:
                problems.extend(check_meeting(plan, meeting, today, stored=True))
            key = f"{meeting.priority} {meeting.quarter.slug()}"
            for _, action in meeting.actions:
                first = action_owner.setdefault(action.id, (key, meeting.version))
                if first[0] != key:
                    problems.append(Problem(meeting.path, None,
                                            f"action id {action.id} is also used by the "
                                            f"meeting of {first[0]}"))
    for action_id, completions in sorted(records.done_versions.items()):
        if action_id not in action_owner:
            problems.append(Problem(completions[0].path, None,
                                    f"action {action_id} is not in any meeting"
                                    f"{suggest(action_id, list(action_owner))}"))
    items = {i.id for i in (*records.events, *records.updates, *records.withdrawn)}
    for withdrawal in records.withdrawals:
        if withdrawal.item not in items:
            problems.append(Problem(withdrawal.path, None,
                                    f"withdrawal of {withdrawal.item}: there is no event or "
                                    f"update {withdrawal.item}{suggest(withdrawal.item, items)}"))
    for event in records.events:
        if Path(event.path).stem != event.id:
            problems.append(Problem(event.path, None, f"event {event.id} belongs in "
                                    f"events/{event.id}.toml"))
        if event.priority and plan.priority(event.priority) is None:
            problems.append(Problem(event.path, None, f"event {event.id}: priority "
                                    f"{event.priority} is not defined"))
        if event.objective and plan.objective(event.objective) is None:
            problems.append(Problem(event.path, None, f"event {event.id}: objective "
                                    f"{event.objective} is not defined"))
    for update in records.updates:
        if Path(update.path).stem != update.id:
            problems.append(Problem(update.path, None, f"update {update.id} belongs in "
                                    f"updates/{update.id}.toml"))
        if update.objective and plan.objective(update.objective) is None:
            problems.append(Problem(update.path, None, f"update {update.id}: objective "
                                    f"{update.objective} is not defined"))
    return problems
