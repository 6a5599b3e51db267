"""Answers given as options (``--rag KO5=amber``, ``--action 'KO5=text|owner|due'``...)
put on top of the answers a recording starts from."""

from __future__ import annotations

from dataclasses import dataclass, field

from sli_cli.core.errors import Problem
from sli_cli.recording.answers import ActionAnswer, Answers


@dataclass(frozen=True)
class Given:
    """What was given up front, each as typed; ``None`` or empty: not given."""

    priority: str | None = None
    date: str | None = None
    quarter: str | None = None
    attendees: list[str] = field(default_factory=list)
    notes: str | None = None
    change_note: str | None = None
    rag: list[str] = field(default_factory=list)
    progress: list[str] = field(default_factory=list)
    risks: list[str] = field(default_factory=list)
    support: list[str] = field(default_factory=list)
    next_steps: list[str] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)

    def apply_meeting(self, answers: Answers) -> None:
        """The priority, date and quarter: what finds the meeting to amend."""
        if self.priority is not None:
            answers.priority = self.priority
        if self.date is not None:
            answers.date = self.date
        if self.quarter is not None:
            answers.quarter = self.quarter

    def apply(self, answers: Answers) -> list[Problem]:
        """Everything else; the later of two answers for one objective wins."""
        if self.attendees:
            answers.attendees = list(self.attendees)
        if self.notes is not None:
            answers.notes = self.notes
        if self.change_note is not None:
            answers.change_note = self.change_note
        return apply_options(answers, {"rag": self.rag, "progress": self.progress,
                                       "risks": self.risks, "support": self.support,
                                       "next_steps": self.next_steps}, self.actions)


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
    ``--action 'KO5=text|owner|due'``...) into ``answers``; the later wins.
    Objective ids are matched in any case (``ko5`` is ``KO5``)."""
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
