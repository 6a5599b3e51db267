"""The answers given up front (on the command line, by a script or a test),
put on top of the answers a recording starts from."""

from __future__ import annotations

from dataclasses import dataclass, field

from sli_cli.recording.answers import ActionAnswer, Answers, DecisionAnswer

# The answers about one objective that can be given up front, by name.
OBJECTIVE_FIELDS = ("rag", "progress", "risks", "support", "support_to", "next_steps")


@dataclass(frozen=True)
class Given:
    """What was given up front, each as typed; ``None`` or empty: not given.

    ``answers`` are (objective, field, text) in the order given, ``field``
    one of ``OBJECTIVE_FIELDS``; for one objective and field the later wins.
    """

    priority: str | None = None
    date: str | None = None
    quarter: str | None = None
    attendees: list[str] = field(default_factory=list)
    notes: str | None = None
    change_note: str | None = None
    answers: list[tuple[str, str, str]] = field(default_factory=list)
    actions: list[tuple[str, ActionAnswer]] = field(default_factory=list)
    apologies: list[str] = field(default_factory=list)
    decisions: list[DecisionAnswer] = field(default_factory=list)

    def apply_meeting(self, answers: Answers) -> None:
        """The priority, date and quarter: what finds the meeting to amend."""
        if self.priority is not None:
            answers.priority = self.priority
        if self.date is not None:
            answers.date = self.date
        if self.quarter is not None:
            answers.quarter = self.quarter

    def apply(self, answers: Answers) -> None:
        """Everything else. Objective ids are matched in any case."""
        if self.attendees:
            answers.attendees = list(self.attendees)
        if self.notes is not None:
            answers.notes = self.notes
        if self.apologies:
            answers.apologies = list(self.apologies)
        answers.decisions += [DecisionAnswer(d.text, d.objective) for d in self.decisions]
        if self.change_note is not None:
            answers.change_note = self.change_note
        for objective, key, text in self.answers:
            if key not in OBJECTIVE_FIELDS:
                raise ValueError(f"{key!r} is not one of {', '.join(OBJECTIVE_FIELDS)}")
            setattr(answers.objective(objective), key, text)
        for objective, action in self.actions:
            answers.objective(objective).actions.append(action)
