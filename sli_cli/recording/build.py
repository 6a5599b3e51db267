"""Answers to a meeting record, with every problem found at once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from sli_cli.core.dates import DateError, parse_lenient
from sli_cli.core.errors import Problem, Severity
from sli_cli.core.quarters import Quarter, QuarterError
from sli_cli.plan.lookup import find_id
from sli_cli.plan.model import Plan, Rating
from sli_cli.plan.tomlsource import suggest
from sli_cli.recording.answers import Answers
from sli_cli.records.meeting import Action, Decision, Meeting, Outcome, check_meeting
from sli_cli.records.narrative import TEXT_FIELDS


@dataclass
class Built:
    meeting: Meeting | None
    errors: list[Problem]
    warnings: list[Problem]


def parse_rating(plan: Plan, text: str) -> Rating:
    """A rating as typed; raises ValueError with the plan's choices."""
    try:
        return Rating.parse(text)
    except ValueError:
        raise ValueError(f"rating {text!r} is not one of this plan's ratings: "
                         f"{plan.scheme.describe_choices()}") from None


Advise = Callable[[str, str], str]


def form_advice(field: str, objective: str) -> str:
    """How to give what is missing in the TOML form."""
    return {
        "priority": ' (priority = "P2")',
        "date": ' (date = "12/07/2023")',
        "rating": ' (rag = "...", or rag = "skip" when it was not discussed)',
        "change note": ' (change_note = "...")',
    }.get(field, "")


def no_advice(field: str, objective: str) -> str:
    return ""


def build_meeting(plan: Plan, answers: Answers, *, today: date, where: str = "",
                  require_all: bool = True, strict: bool = False,
                  advise: Advise | None = None) -> Built:
    """Answers to a meeting record, with every problem found at once.

    ``require_all``: every objective of the priority must have a rating or be
    skipped (no objective is left out by accident). ``where`` names the file
    the answers came from. ``advise(field, objective)`` says how to give a
    missing ``priority``, ``date``, ``rating`` or ``change note`` where the
    answers came from (default: in the TOML form for a file, else nothing).
    """
    if advise is None:
        advise = form_advice if where else no_advice
    return _build(plan, answers, today, where, require_all, strict, advise)


def _build(plan: Plan, answers: Answers, today: date, where: str, require_all: bool,
           strict: bool, advise: Advise) -> Built:
    errors: list[Problem] = []

    def add(message: str) -> None:
        errors.append(Problem(where, None, message))

    priority = plan.priority(answers.priority) if answers.priority else None
    if not answers.priority:
        add("no priority given" + advise("priority", ""))
    elif priority is None:
        add(f"priority {answers.priority} is not defined"
            f"{suggest(answers.priority, [p.id for p in plan.priorities])}; this plan has "
            f"{', '.join(p.id for p in plan.priorities)}")
    day: date | None = None
    if not answers.date.strip():
        add("no meeting date given" + advise("date", ""))
    else:
        try:
            day = parse_lenient(answers.date, today=today)
        except DateError as exc:
            add(f"meeting date: {exc}")
    quarter: Quarter | None = None
    if answers.quarter.strip():
        try:
            quarter = Quarter.parse(answers.quarter, plan.year_start_month)
        except QuarterError as exc:
            add(f"quarter: {exc}")
    elif day is not None:
        quarter = plan.quarter_under_review(day)
    outcomes: list[Outcome] = []
    not_discussed: list[str] = []
    for answer in answers.objectives:
        oid = answer.objective
        objective = plan.objective(oid)
        if objective is None:
            add(f"objective {oid} is not defined"
                f"{suggest(oid, [o.id for o in plan.objectives])}")
            continue
        if priority is not None and objective.priority != priority.id:
            owner = plan.priority(objective.priority)
            add(f"objective {oid} belongs to priority {objective.priority}"
                f"{f' ({owner.title})' if owner else ''}, not {priority.id}; record it "
                f"at the meeting of {objective.priority}")
            continue
        if answer.support_to.strip() and not answer.support.strip():
            add(f"objective {oid}: support is asked of {answer.support_to.strip()} but no "
                "support is described; say what support is needed")
        if answer.skipped:
            if answer.actions or answer.support_to or any(getattr(answer, f) for f in TEXT_FIELDS):
                add(f"objective {oid} is marked not discussed (skip) but has answers; "
                    "give it a rating or remove them")
            not_discussed.append(oid)
            continue
        if not answer.rag.strip():
            if require_all or answer.answered:
                add(f"objective {oid}: no rating given" + advise("rating", oid))
            continue
        try:
            rag = parse_rating(plan, answer.rag)
        except ValueError as exc:
            add(f"objective {oid}: {exc}")
            continue
        actions = []
        for index, a in enumerate(answer.actions, start=1):
            label = f"objective {oid}: action {index} ({a.text or 'no text'})"
            if not a.text.strip():
                add(f"{label}: no text")
            if not a.owner.strip():
                add(f"{label}: no owner")
            try:
                due = parse_lenient(a.due, today=today)
            except DateError as exc:
                add(f"{label}: due date: {exc}")
                continue
            council = plan.council(a.council) if a.council.strip() else None
            actions.append(Action(a.id, a.text.strip(), a.owner.strip(), due,
                                  council.name if council else a.council.strip()))
        outcomes.append(Outcome(oid, rag, answer.progress.strip(), answer.risks.strip(),
                                answer.support.strip(), answer.next_steps.strip(),
                                tuple(actions), answer.internal,
                                _addressee(plan, answer.support_to)))
    if priority is not None and require_all:
        given = {a.objective for a in answers.objectives}
        # Objectives retired by the quarter under review are not asked for.
        running = plan.at(quarter) if quarter is not None else plan
        for objective in running.objectives_of(priority.id):
            if objective.id not in given:
                add(f"objective {objective.id}: no rating given"
                    + advise("rating", objective.id))
    decisions = []
    for index, d in enumerate(answers.decisions, start=1):
        if not d.text.strip():
            if d.objective.strip():
                add(f"decision {index} (about {d.objective.strip()}): no text")
            continue  # an empty decision left in the form is not one
        about = ""
        if d.objective.strip():
            ids = [o.id for o in plan.objectives]
            found = find_id(d.objective, ids)
            if found is None:
                add(f"decision {index}: objective {d.objective.strip()} is not defined"
                    f"{suggest(d.objective.strip().upper(), ids)}")
                continue
            about = found
        decisions.append(Decision(" ".join(d.text.split()) if "\n" not in d.text
                                  else d.text.strip(), about))
    if answers.amend and not answers.change_note.strip():
        add("an amendment needs a change note saying what changed and why"
            + advise("change note", ""))
    if day is None or quarter is None:
        return Built(None, errors, [])
    meeting = Meeting(
        priority=answers.priority,
        quarter=quarter,
        date=day,
        attendees=tuple(a.strip() for a in answers.attendees if a.strip()),
        outcomes=tuple(outcomes),
        not_discussed=tuple(not_discussed),
        change_note=answers.change_note.strip(),
        notes=answers.notes.strip(),
        apologies=tuple(dict.fromkeys(a.strip() for a in answers.apologies if a.strip())),
        decisions=tuple(decisions),
        path=where,
    )
    warnings = []
    for problem in check_meeting(plan, meeting, today):
        if priority is None and "priority" in problem.message:
            continue  # already said, with the priorities there are
        if problem.severity is Severity.ERROR or strict:
            errors.append(replace(problem, severity=Severity.ERROR))
        else:
            warnings.append(problem)
    if not meeting.outcomes and not errors:
        add("no objective was rated; rate at least one objective of the priority")
    return Built(None if errors else meeting, errors, warnings)


def _addressee(plan: Plan, to: str) -> str:
    """Whom support is asked of, a council spelt as the plan spells it."""
    council = plan.council(to) if to.strip() else None
    return council.name if council else to.strip()


def problems_message(problems: list[Problem]) -> str:
    """One problem on its line, several under a heading, each on its own line."""
    lines = [format_problem(p) for p in problems]
    if len(lines) == 1:
        return lines[0]
    return "this meeting cannot be recorded:\n" + "\n".join(f"  {line}" for line in lines)


def format_problem(problem: Problem) -> str:
    """A problem as a line: ``file:line: message``, or just the message when it
    came from the command line or a prompt."""
    if problem.path:
        return problem.format()
    prefix = "warning: " if problem.severity is Severity.WARNING else ""
    return prefix + problem.message
