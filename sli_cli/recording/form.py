"""The TOML form of answers (documented in ``docs/meeting-input.md``): read
by ``--from FILE``, opened in the editor, written by ``sli meeting template``
and used for drafts. Reading is strict, each problem with its line."""

from __future__ import annotations

from datetime import date

from sli_cli.core.errors import Problem
from sli_cli.core.text import printable, toml_string
from sli_cli.plan.tomlsource import Fields, SourceMap, open_fields
from sli_cli.recording.answers import ActionAnswer, Answers, DecisionAnswer, ObjectiveAnswer
from sli_cli.records.narrative import TEXT_FIELDS


def toml_comment(text: str) -> str:
    """Text from the plan as the body of a ``#`` comment: on one line, its
    control characters made visible, so it can neither end the comment and
    add keys nor reach the terminal as an escape sequence."""
    return printable(" ".join(text.split("\n")))


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
        if answers.based_on:
            lines.append(f"based_on = {answers.based_on}")
        lines.append(f"change_note = {toml_string(answers.change_note, multiline=True)}")
    if answers.apologies:
        lines.append("apologies = ["
                     + ", ".join(toml_string(a, multiline=True) for a in answers.apologies)
                     + "]")
    if answers.notes:
        lines.append(f"notes = {toml_string(answers.notes, multiline=True)}")
    if answers.unfinished:
        lines.append(f"unfinished = {toml_string(answers.unfinished, multiline=True)}")
    for d in answers.decisions:
        lines.append("")
        lines.append("[[decisions]]")
        lines.append(f"text = {toml_string(d.text, multiline=True)}")
        if d.objective:
            lines.append(f"objective = {toml_string(d.objective, multiline=True)}")
    for o in answers.objectives:
        lines.append("")
        lines += [f"# {toml_comment(c)}" if c else "#" for c in comments.get(o.objective, [])]
        lines.append("[[objectives]]")
        lines.append(f"objective = {toml_string(o.objective, multiline=True)}")
        lines.append(f"rag = {toml_string(o.rag, multiline=True)}")
        for key in TEXT_FIELDS:
            lines.append(f"{key} = {toml_string(getattr(o, key), multiline=True)}")
        if o.support_to:
            lines.append(f"support_to = {toml_string(o.support_to, multiline=True)}")
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
            if a.council:
                lines.append(f"council = {toml_string(a.council, multiline=True)}")
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
        based_on=f.integer("based_on", required=False),
        unfinished=f.string("unfinished", required=False),
        apologies=f.strings("apologies"),
    )
    for index, table in enumerate(f.tables("decisions")):
        d = f.child("decisions", index, table, f"decision {index + 1}")
        answers.decisions.append(DecisionAnswer(d.string("text", required=False),
                                                d.string("objective", required=False)))
        d.finish()
    for index, table in enumerate(f.tables("objectives")):
        label = str(table.get("objective", f"#{index + 1}"))
        o = f.child("objectives", index, table, f"objective {label}")
        answer = ObjectiveAnswer(o.string("objective"), o.string("rag", required=False))
        for key in TEXT_FIELDS:
            setattr(answer, key, o.string(key, required=False))
        answer.internal = o.boolean("internal")
        answer.support_to = o.string("support_to", required=False)
        for a_index, a_table in enumerate(o.tables("actions")):
            a = o.child("actions", a_index, a_table, f"objective {label}: action {a_index + 1}")
            answer.actions.append(ActionAnswer(
                text=a.string("text", required=False), owner=a.string("owner", required=False),
                due=_date_text(a, "due"), id=a.string("id", required=False),
                council=a.string("council", required=False)))
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
            lines.setdefault(f"objective {table['objective'].strip()}".casefold(),
                             smap.line(("objectives", index)))
    for key in ("priority", "date", "quarter", "change_note"):
        lines.setdefault(key, smap.line((key,)))
    located = []
    for p in problems:
        message = p.message.casefold()
        line = next((n for label, n in lines.items()
                     if f"{label}:" in message or f"{label} " in message), None)
        located.append(Problem(where, line, p.message, p.severity))
    return located
