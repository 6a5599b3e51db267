"""The questions of ``sli meeting record`` on a terminal.

Knows nothing of the terminal itself: it asks through ``ask(prompt, default)``
and tells through ``say(text)``, so tests can drive it with plain functions.
Every answer goes into ``Answers`` as soon as it is given, so that when the
person presses Ctrl-C the caller can keep what was typed as a draft.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sli_cli.core.dates import DateError, describe, parse_lenient
from sli_cli.core.quarters import Quarter, QuarterError
from sli_cli.plan.lookup import find_id
from sli_cli.plan.model import Plan, Priority, Rating
from sli_cli.plan.tomlsource import suggest
from sli_cli.recording.answers import (
    SKIP_WORDS,
    ActionAnswer,
    Answers,
    DecisionAnswer,
    default_attendees,
    latest_ratings,
)
from sli_cli.recording.build import parse_rating
from sli_cli.records.collection import Records
from sli_cli.records.meeting import check_meeting_date
from sli_cli.records.narrative import FIELD_LABELS, TEXT_FIELDS

SUPPORT_TO_QUESTION = ("Support asked of (the national board, ADPH, UKHSA, LGA, a council "
                       "or role; Enter for no one in particular)")

Ask = Callable[[str, str], str]
Say = Callable[[str], None]


class Interview:
    """Asks for whatever ``answers`` does not hold yet."""

    def __init__(self, plan: Plan, records: Records, answers: Answers, *, ask: Ask, say: Say,
                 today: date, revisit: bool = False) -> None:
        self.plan = plan
        self.records = records
        self.answers = answers
        self.ask = ask
        self.say = say
        self.today = today
        self.revisit = revisit  # ask again about answered objectives (amending)

    def run(self) -> None:
        priority = self._priority()
        self.say(f"{priority.id} {priority.title} (DPH lead: {priority.dph_lead})")
        date_given = bool(self.answers.date)
        day = self._date()
        if date_given and not self.answers.quarter:
            # Given on the command line: take the rule's quarter (shown below).
            self.answers.quarter = self.plan.label(self.plan.quarter_under_review(day))
        quarter = self._quarter(day)
        self.say(f"Quarter under review: {self.plan.label(quarter)}")
        if not self.answers.attendees:
            typed = self.ask("Attendees, separated by ';'",
                             "; ".join(default_attendees(self.plan, priority)))
            self.answers.attendees = [a.strip() for a in typed.split(";") if a.strip()]
            typed = self.ask("Apologies from, separated by ';' (Enter for none)",
                             "; ".join(self.answers.apologies))
            self.answers.apologies = [a.strip() for a in typed.split(";") if a.strip()]
        current = latest_ratings(self.records, priority.id, before=quarter)
        self._overview(priority, current, quarter)
        # Objectives retired by the quarter under review are not asked about.
        asked = False
        for objective in self.plan.at(quarter).objectives_of(priority.id):
            answer = self.answers.find(objective.id)
            if answer is not None and answer.rag and not self.revisit \
                    and answer.objective != self.answers.unfinished:
                continue
            self._objective(objective.id, current.get(objective.id))
            asked = True
        # Decisions are asked for with the objectives (not when every rating
        # was given up front, nor when decisions were).
        if asked and (not self.answers.decisions or self.revisit):
            self._decisions()
        if self.answers.amend and not self.answers.change_note.strip():
            while not self.answers.change_note.strip():
                self.answers.change_note = self.ask("What changed, and why", "")

    # -- the meeting ----------------------------------------------------------
    def _priority(self) -> Priority:
        while True:
            if self.answers.priority:
                found = self.plan.priority(self.answers.priority)
                if found is not None:
                    return found
                self.say(f"There is no priority {self.answers.priority}.")
            for p in self.plan.priorities:
                self.say(f"  {p.id}  {p.title} (DPH lead: {p.dph_lead})")
            self.answers.priority = self.ask("Priority", "").strip().upper()

    def _date(self) -> date:
        while True:
            if not self.answers.date:
                self.answers.date = self.ask("Meeting date (day first)",
                                             self.today.strftime("%d/%m/%Y"))
            try:
                day = parse_lenient(self.answers.date, today=self.today)
            except DateError as exc:
                self.say(str(exc))
                self.answers.date = ""
                continue
            problems = check_meeting_date(self.plan, day, "", "meeting", self.today)
            if problems:
                for problem in problems:
                    self.say(problem.message)
                self.answers.date = ""
                continue
            self.say(f"Meeting held on {describe(day)}")
            return day

    def _quarter(self, day: date) -> Quarter:
        while True:
            if not self.answers.quarter:
                default = self.plan.quarter_under_review(day)
                self.answers.quarter = self.ask("Quarter under review",
                                                self.plan.label(default))
            try:
                quarter = Quarter.parse(self.answers.quarter, self.plan.year_start_month)
            except QuarterError as exc:
                self.say(str(exc))
                self.answers.quarter = ""
                continue
            if not self.plan.in_period(quarter):
                self.say(f"{self.plan.label(quarter)} is outside the plan period "
                         f"({self.plan.period_label()})")
                self.answers.quarter = ""
                continue
            self.answers.quarter = self.plan.label(quarter)
            return quarter

    def _overview(self, priority: Priority, current: dict[str, tuple[Rating, Quarter]],
                  quarter: Quarter) -> None:
        self.say("Objectives:")
        for objective in self.plan.at(quarter).objectives_of(priority.id):
            rated = current.get(objective.id)
            now = (f"{rated[0].word} ({rated[0].letter}) in {self.plan.label(rated[1])}"
                   if rated else "not rated yet")
            self.say(f"  {objective.id}  {objective.title}: {now}")
        self.say("Ratings:")
        for rating in self.plan.scheme.ratings:
            self.say(f"  {rating.letter} {rating.word}: {self.plan.scheme.definitions[rating]}")

    # -- one objective --------------------------------------------------------
    def _objective(self, objective_id: str, current: tuple[Rating, Quarter] | None) -> None:
        objective = self.plan.objective(objective_id)
        assert objective is not None
        answer = self.answers.objective(objective_id)
        self.say("")
        self.say(f"{objective.id} {objective.title} (lead: {objective.lead})")
        # A rating typed before (a draft, an amendment) is offered over the
        # previous quarter's.
        previous = answer.rag or (current[0].value if current else "")
        letters = "/".join(r.letter.lower() for r in self.plan.scheme.ratings)
        while True:
            typed = self.ask(f"Rating ({letters}, or s to skip)", previous).strip()
            if typed.lower() in SKIP_WORDS:
                answer.rag = "skip"
                self.say(f"{objective.id}: not discussed")
                return
            try:
                rating = parse_rating(self.plan, typed)
            except ValueError as exc:
                self.say(str(exc))
                continue
            if not self.plan.scheme.allows(rating):
                self.say(f"{rating.word} is not one of this plan's ratings: "
                         f"{self.plan.scheme.describe_choices()}")
                continue
            break
        # Every answer is kept as soon as it is given (Ctrl-C keeps it); the
        # objective is marked unfinished until its last question is answered,
        # so that resuming asks its questions again, with these as defaults.
        answer.rag = rating.value
        self.answers.unfinished = objective.id
        self.say(f"{objective.id}: {rating.word} ({rating.letter})")
        for key in TEXT_FIELDS:
            setattr(answer, key, self.ask(FIELD_LABELS[key], getattr(answer, key)).strip())
            if key == "support" and answer.support:
                answer.support_to = self.ask(SUPPORT_TO_QUESTION, answer.support_to).strip()
        self._actions(answer.actions, objective.lead)
        if rating is Rating.RED and not answer.actions:
            self.say("Note: a red rating should carry a corrective action with an owner "
                     "and a due date.")
            self._actions(answer.actions, objective.lead)
        self.answers.unfinished = ""

    def _decisions(self) -> None:
        """Decisions of the meeting, each about one objective or none."""
        for index, d in enumerate(self.answers.decisions, start=1):
            self.say(f"Decision {index}: {d.objective + ': ' if d.objective else ''}{d.text}")
        ids = [o.id for o in self.plan.objectives]
        while True:
            text = self.ask("Decision (Enter when there are no more)", "").strip()
            if not text:
                return
            while True:
                about = self.ask("  About objective (Enter for the whole priority)", "").strip()
                found = find_id(about, ids) if about else ""
                if found is None:
                    self.say(f"  There is no objective {about}{suggest(about.upper(), ids)}.")
                    continue
                break
            self.answers.decisions.append(DecisionAnswer(text, found))

    def _actions(self, actions: list[ActionAnswer], lead: str) -> None:
        for index, action in enumerate(actions, start=1):
            self.say(f"  action {index}: {action.text} ({action.owner}, due {action.due})")
        while True:
            text = self.ask("Action (Enter when there are no more)", "").strip()
            if not text:
                return
            action = ActionAnswer(text=text)
            action.owner = self.ask("  Owner", lead).strip()
            while True:
                typed = self.ask("  Due date (day first)", "").strip()
                try:
                    due = parse_lenient(typed, today=self.today)
                except DateError as exc:
                    self.say(f"  {exc}")
                    continue
                action.due = due.isoformat()
                self.say(f"  Due {describe(due)}")
                break
            while self.plan.councils:
                action.council = self.ask("  Council (Enter for none)", "").strip()
                if not action.council or self.plan.council(action.council) is not None:
                    break
                self.say(f"  {self.plan.council_problem(action.council)}")
            actions.append(action)
