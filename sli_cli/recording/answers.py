"""What a person gives when recording a meeting, before it becomes a record.

``Answers`` keeps everything as typed (ratings as words or letters, dates
day first) so that a draft saved after a mistake holds exactly what was
typed. The same TOML form (documented in ``docs/meeting-input.md``) is read
by ``--from FILE``, written by ``sli meeting template`` and used for drafts.
``build_meeting`` turns answers into a ``Meeting`` with every problem found.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date

from sli_cli.core.dates import DateError, parse_lenient
from sli_cli.core.errors import Problem, Severity
from sli_cli.core.quarters import Quarter, QuarterError
from sli_cli.core.text import toml_string
from sli_cli.plan.lookup import find_id
from sli_cli.plan.model import Plan, Priority, Rating
from sli_cli.plan.tomlsource import Fields, SourceMap, open_fields, suggest
from sli_cli.records.checks import check_meeting
from sli_cli.records.kinds import Action, Meeting, Outcome
from sli_cli.records.store import Records

SKIP_WORDS = ("s", "skip")
TEXT_FIELDS = ("progress", "risks", "support", "next_steps")
FIELD_LABELS = {
    "progress": "Progress",
    "risks": "Risks and issues",
    "support": "Support needed",
    "next_steps": "Next steps",
}


@dataclass
class ActionAnswer:
    text: str = ""
    owner: str = ""
    due: str = ""
    id: str = ""  # kept when amending, so an action keeps its id


@dataclass
class ObjectiveAnswer:
    objective: str
    rag: str = ""  # as typed; "skip" = not discussed; "" = not answered yet
    progress: str = ""
    risks: str = ""
    support: str = ""
    next_steps: str = ""
    actions: list[ActionAnswer] = field(default_factory=list)
    internal: bool = False

    @property
    def skipped(self) -> bool:
        return self.rag.strip().lower() in SKIP_WORDS


@dataclass
class Answers:
    """A meeting as typed, possibly incomplete."""

    priority: str = ""
    date: str = ""
    quarter: str = ""
    attendees: list[str] = field(default_factory=list)
    objectives: list[ObjectiveAnswer] = field(default_factory=list)
    notes: str = ""
    change_note: str = ""
    amend: bool = False

    def objective(self, objective_id: str) -> ObjectiveAnswer:
        """The answers for an objective, added if not there yet."""
        for answer in self.objectives:
            if answer.objective == objective_id:
                return answer
        answer = ObjectiveAnswer(objective_id)
        self.objectives.append(answer)
        return answer

    def find(self, objective_id: str) -> ObjectiveAnswer | None:
        return next((a for a in self.objectives if a.objective == objective_id), None)

    @property
    def is_empty(self) -> bool:
        return not (self.date or self.quarter or self.attendees or self.notes
                    or self.change_note or any(_answered(o) for o in self.objectives))


def _answered(o: ObjectiveAnswer) -> bool:
    return bool(o.rag or o.actions or any(getattr(o, f) for f in TEXT_FIELDS))


def quarter_under_review(plan: Plan, day: date) -> Quarter:
    """The quarter a meeting held on ``day`` reviews: the previous quarter when
    the meeting is in the first month of a quarter, else its own quarter."""
    return plan.quarter_under_review(day)


def latest_ratings(records: Records, priority: str,
                   before: Quarter | None = None) -> dict[str, tuple[Rating, Quarter]]:
    """Each objective's latest recorded rating (before ``before`` if given)."""
    found: dict[str, tuple[Rating, Quarter]] = {}
    for meeting in records.meetings:
        if meeting.priority != priority or (before is not None and meeting.quarter >= before):
            continue
        for outcome in meeting.outcomes:
            found[outcome.objective] = (outcome.rag, meeting.quarter)
    return found


def default_attendees(plan: Plan, priority: Priority) -> list[str]:
    """The usual three at a quarterly SLI meeting."""
    people = [plan.sli_lead, plan.coordinator, priority.dph_lead]
    return list(dict.fromkeys(p for p in people if p))


def normalise_ids(plan: Plan, answers: Answers) -> None:
    """Ids typed in another case (``p2``, ``ko5``) become the plan's own."""
    priorities = [p.id for p in plan.priorities]
    answers.priority = find_id(answers.priority, priorities) or answers.priority.strip()
    objectives = [o.id for o in plan.objectives]
    for o in answers.objectives:
        o.objective = find_id(o.objective, objectives) or o.objective.strip()


# -- from command-line options ----------------------------------------------
def split_pair(option: str, value: str) -> tuple[str, str] | Problem:
    """``KO5=text`` into (``KO5``, ``text``)."""
    objective, sep, rest = value.partition("=")
    if not sep or not objective.strip():
        return Problem("", None, f"{option} {value!r}: write it as {option} "
                       "OBJECTIVE=VALUE, like KO5=amber")
    return objective.strip(), rest.strip()


def apply_options(answers: Answers, options: dict[str, list[str]],
                  actions: list[str]) -> list[Problem]:
    """Put repeated options (``--rag KO5=amber``, ``--progress KO5=TEXT``,
    ``--action 'KO5=text|owner|due'``...) into ``answers``; the later wins."""
    problems: list[Problem] = []
    for key, values in options.items():
        option = "--next" if key == "next_steps" else f"--{key}"
        for value in values:
            pair = split_pair(option, value)
            if isinstance(pair, Problem):
                problems.append(pair)
                continue
            setattr(answers.objective(pair[0]), key, pair[1])
    for value in actions:
        pair = split_pair("--action", value)
        if isinstance(pair, Problem):
            problems.append(pair)
            continue
        parts = [p.strip() for p in pair[1].split("|")]
        if len(parts) != 3 or not all(parts):
            problems.append(Problem("", None, f"--action {value!r}: write it as "
                                    "--action 'KO5=what is to be done|owner|due date'"))
            continue
        answers.objective(pair[0]).actions.append(ActionAnswer(*parts))
    return problems


def answers_from_meeting(meeting: Meeting) -> Answers:
    """A recorded meeting as answers, the starting point of an amendment."""
    objectives = [
        ObjectiveAnswer(o.objective, o.rag.value, o.progress, o.risks, o.support, o.next_steps,
                        [ActionAnswer(a.text, a.owner, a.due.isoformat(), a.id)
                         for a in o.actions], o.internal)
        for o in meeting.outcomes
    ]
    objectives += [ObjectiveAnswer(oid, "skip") for oid in meeting.not_discussed]
    return Answers(meeting.priority, meeting.date.isoformat(), meeting.quarter.label(),
                   list(meeting.attendees), objectives, meeting.notes)


# -- building the record ----------------------------------------------------
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


def build_meeting(plan: Plan, answers: Answers, *, today: date, where: str = "",
                  require_all: bool = True, strict: bool = False) -> Built:
    """Answers to a meeting record, with every problem found at once.

    ``require_all``: every objective of the priority must have a rating or be
    skipped (no objective is left out by accident). ``where`` names the file
    the answers came from ("" for the command line, whose options the messages
    then suggest).
    """
    def missing_rating(oid: str) -> str:
        if where:
            return (f"objective {oid}: no rating given (rag = \"...\", or rag = \"skip\" "
                    "when it was not discussed)")
        return (f"objective {oid}: no rating given (--rag {oid}=RATING, or "
                f"--rag {oid}=skip when it was not discussed)")

    return _build(plan, answers, today, where, require_all, strict, missing_rating)


def _build(plan: Plan, answers: Answers, today: date, where: str, require_all: bool,
           strict: bool, missing_rating: Callable[[str], str]) -> Built:
    errors: list[Problem] = []

    def add(message: str) -> None:
        errors.append(Problem(where, None, message))

    priority = plan.priority(answers.priority) if answers.priority else None
    if not answers.priority:
        add("no priority given (--priority P2)")
    elif priority is None:
        add(f"priority {answers.priority} is not defined"
            f"{suggest(answers.priority, [p.id for p in plan.priorities])}; this plan has "
            f"{', '.join(p.id for p in plan.priorities)}")
    day: date | None = None
    if not answers.date.strip():
        add("no meeting date given (--date 12/07/2023)")
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
        quarter = quarter_under_review(plan, day)
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
        if answer.skipped:
            if answer.actions or any(getattr(answer, f) for f in TEXT_FIELDS):
                add(f"objective {oid} is marked not discussed (skip) but has answers; "
                    "give it a rating or remove them")
            not_discussed.append(oid)
            continue
        if not answer.rag.strip():
            if require_all or _answered(answer):
                add(missing_rating(oid))
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
            actions.append(Action(a.id, a.text.strip(), a.owner.strip(), due))
        outcomes.append(Outcome(oid, rag, answer.progress.strip(), answer.risks.strip(),
                                answer.support.strip(), answer.next_steps.strip(),
                                tuple(actions), answer.internal))
    if priority is not None and require_all:
        given = {a.objective for a in answers.objectives}
        for objective in plan.objectives_of(priority.id):
            if objective.id not in given:
                add(missing_rating(objective.id))
    if answers.amend and not answers.change_note.strip():
        add("an amendment needs a change note saying what changed and why "
            + ("(change_note = \"...\")" if where else "(--change-note)"))
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


# -- the TOML form ----------------------------------------------------------
def answers_to_toml(answers: Answers, *, header: str = "",
                    comments: dict[str, list[str]] | None = None) -> str:
    """Answers as the documented TOML form. ``comments`` go above each
    objective's table (titles, current ratings)."""
    comments = comments or {}
    lines = [header.rstrip("\n")] if header else []
    lines += [
        f"priority = {toml_string(answers.priority, multiline=True)}",
        f"date = {toml_string(answers.date, multiline=True)}",
        f"quarter = {toml_string(answers.quarter, multiline=True)}",
        "attendees = ["
        + ", ".join(toml_string(a, multiline=True) for a in answers.attendees) + "]",
    ]
    if answers.amend:
        lines.append("amend = true")
        lines.append(f"change_note = {toml_string(answers.change_note, multiline=True)}")
    if answers.notes:
        lines.append(f"notes = {toml_string(answers.notes, multiline=True)}")
    for o in answers.objectives:
        lines.append("")
        lines += [f"# {c}" if c else "#" for c in comments.get(o.objective, [])]
        lines.append("[[objectives]]")
        lines.append(f"objective = {toml_string(o.objective, multiline=True)}")
        lines.append(f"rag = {toml_string(o.rag, multiline=True)}")
        for key in TEXT_FIELDS:
            lines.append(f"{key} = {toml_string(getattr(o, key), multiline=True)}")
        if o.internal:
            lines.append("internal = true")
        for a in o.actions:
            lines.append("")
            lines.append("[[objectives.actions]]")
            if a.id:
                lines.append(f"id = {toml_string(a.id, multiline=True)}")
            lines.append(f"text = {toml_string(a.text, multiline=True)}")
            lines.append(f"owner = {toml_string(a.owner, multiline=True)}")
            lines.append(f"due = {toml_string(a.due, multiline=True)}")
    return "\n".join(lines) + "\n"


def _date_text(f: Fields, key: str) -> str:
    """A date key written as a TOML date or as text (read leniently later)."""
    f.seen.add(key)
    value = f.table.get(key)
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return value
    f.problem(f"'{key}' must be a date like 2023-07-12 or \"12/07/2023\"", key)
    return ""


def answers_from_toml(data: bytes, where: str) -> tuple[Answers | None, list[Problem]]:
    """Read the TOML form strictly: each problem with its line."""
    f, problems = open_fields(data, where)
    if f is None:
        return None, problems
    answers = Answers(
        priority=f.string("priority", required=False),
        date=_date_text(f, "date"),
        quarter=f.string("quarter", required=False),
        attendees=f.strings("attendees"),
        notes=f.string("notes", required=False),
        change_note=f.string("change_note", required=False),
        amend=f.boolean("amend"),
    )
    for index, table in enumerate(f.tables("objectives")):
        label = str(table.get("objective", f"#{index + 1}"))
        o = f.child("objectives", index, table, f"objective {label}")
        answer = ObjectiveAnswer(o.string("objective"), o.string("rag", required=False))
        for key in TEXT_FIELDS:
            setattr(answer, key, o.string(key, required=False))
        answer.internal = o.boolean("internal")
        for a_index, a_table in enumerate(o.tables("actions")):
            a = o.child("actions", a_index, a_table, f"objective {label}: action {a_index + 1}")
            answer.actions.append(ActionAnswer(
                text=a.string("text", required=False), owner=a.string("owner", required=False),
                due=_date_text(a, "due"), id=a.string("id", required=False)))
            a.finish()
        o.finish()
        answers.objectives.append(answer)
    f.finish()
    return (answers if not problems else None), problems


def locate(problems: list[Problem], text: str, where: str) -> list[Problem]:
    """Problems about answers read from ``text``, each given the line of the
    objective (or top-level key) it is about."""
    import tomllib

    smap = SourceMap.scan(text)
    try:
        doc = tomllib.loads(text)
    except (ValueError, RecursionError):
        doc = {}
    lines: dict[str, int | None] = {}
    for index, table in enumerate(doc.get("objectives", [])):
        if isinstance(table, dict) and isinstance(table.get("objective"), str):
            lines[f"objective {table['objective']}"] = smap.line(("objectives", index))
    for key in ("priority", "date", "quarter", "change_note"):
        lines.setdefault(key, smap.line((key,)))
    located = []
    for p in problems:
        line = next((n for label, n in lines.items()
                     if f"{label}:" in p.message or f"{label} " in p.message), None)
        located.append(Problem(where, line, p.message, p.severity))
    return located


TEMPLATE_HELP = """\
# A quarterly SLI meeting, to record with: sli meeting record --from FILE
# (format: sli help meeting-input). Lines starting with # are ignored.
#
# date: the day of the meeting, day first ("12/07/2023") or ISO (2023-07-12).
# quarter: the quarter under review; leave "" to take the quarter before the
#   meeting's when it is held in the first month of a quarter, else its own.
# rag: a rating word or letter, or "skip" when the objective was not discussed.
# Actions: add one [[objectives.actions]] table per action, under its objective:
#   [[objectives.actions]]
#   text = "Circulate the draft framework"
#   owner = "{coordinator}"
#   due = "30/09/2023"
#"""


def template_text(plan: Plan, records: Records, answers: Answers) -> str:
    """The TOML form of ``answers`` with every objective of the priority, the
    plan's rating definitions and each objective's current rating as comments."""
    priority = plan.priority(answers.priority)
    header = TEMPLATE_HELP.replace("{coordinator}", plan.coordinator or "SLI co-ordinator") + (
        "\n# Ratings:\n") + "\n".join(
        f"#   {r.value} ({r.letter}): {plan.scheme.definitions[r]}" for r in plan.scheme.ratings)
    comments: dict[str, list[str]] = {}
    if priority is not None:
        header += f"\n#\n# {priority.id} {priority.title} (DPH lead: {priority.dph_lead})"
        if not answers.attendees:
            answers.attendees = default_attendees(plan, priority)
        quarter = None
        if answers.quarter:
            try:
                quarter = Quarter.parse(answers.quarter, plan.year_start_month)
            except QuarterError:
                quarter = None
        current = latest_ratings(records, priority.id, before=quarter)
        for objective in plan.objectives_of(priority.id):
            answer = answers.objective(objective.id)
            rated = current.get(objective.id)
            if not answer.rag and rated:
                answer.rag = rated[0].value
            now = (f"{rated[0].value} in {plan.label(rated[1])}" if rated else "not rated yet")
            comments[objective.id] = [f"{objective.id} {objective.title}",
                                      f"lead: {objective.lead}; current rating: {now}"]
    return answers_to_toml(answers, header=header, comments=comments)
