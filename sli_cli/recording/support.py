"""Recording the response to support asked at a meeting: a new record (the
meeting is left as it was); a second response to the same ask only as a
correction of the first."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from sli_cli.core.errors import InputError, OutOfPeriod, SliError
from sli_cli.plan import lookup
from sli_cli.plan.model import Plan
from sli_cli.records import support_response
from sli_cli.records.common import new_uid
from sli_cli.records.load import read_records
from sli_cli.records.store import locked, write_record
from sli_cli.records.support_response import SupportResponse, asks_in, current_responses


class AlreadyAnswered(SliError):
    """The ask has a response; another one would be a correction of it."""

    def __init__(self, ask: str, response: SupportResponse) -> None:
        super().__init__(f"support ask {ask} was already answered on "
                         f"{response.date.isoformat()} ({response.path})")
        self.ask = ask
        self.response = response


class NothingToCorrect(SliError):
    """A correction of a response that was never recorded."""

    def __init__(self, ask: str) -> None:
        super().__init__(f"support ask {ask} has no response yet; there is nothing to correct")
        self.ask = ask


def record_support_response(folder: Path, plan: Plan, ask_text: str, text: str, day: date, *,
                            today: date, change_note: str | None = None,
                            stamp: datetime | None = None,
                            by: str | None = None) -> tuple[SupportResponse, Path]:
    """Record the response to the support ask ``ask_text`` (its id, any case),
    given on ``day``. With ``change_note`` it corrects the response already
    recorded (every current one, so it settles a divergence too)."""
    from sli_cli.recording.write import now, who

    if not text.strip():
        raise InputError("text", text, "the response is empty: say what the response was",
                         defaulted=True)
    if change_note is not None and not change_note.strip():
        raise InputError("change note", change_note, "a correction needs a change note saying "
                         "what was wrong")
    if day > today:
        raise InputError("date", day.isoformat(), f"{day.isoformat()} is in the future",
                         follows_name=False)
    # No end: an answer may come after the plan has ended (it answers an ask
    # made during it); it cannot come before the plan, nor before the ask.
    if day < plan.first_day():
        raise OutOfPeriod("date", day.isoformat(), f"{plan.first_day().isoformat()} to "
                          f"{plan.last_meeting_day().isoformat()}")
    by = who(folder) if by is None else by
    with locked(folder):
        records, _ = read_records(folder)
        asks = {ask: m for ask, m, _ in asks_in(records.meetings)}
        match = lookup.resolve_id("support ask", ask_text, asks)
        asked = asks[match]
        if day < asked.date:
            raise InputError("date", day.isoformat(), f"{day.isoformat()} is before the support "
                             f"was asked (at the meeting of {asked.priority} on "
                             f"{asked.date.isoformat()})")
        current = current_responses(records.of(support_response.KIND)).get(match, [])
        if change_note is None and len(current) == 1:
            raise AlreadyAnswered(match, current[0])
        if change_note is not None and not current:
            raise NothingToCorrect(match)
        response = SupportResponse(match, day, text.strip(), stamp or now(), by,
                                   (change_note or "").strip(), new_uid(),
                                   tuple(sorted(r.uid for r in current)))
        return response, write_record(folder, response)
