"""Support asked at meetings and the responses to it: each ask with its
age and whether (and how) it was answered."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sli_cli.core.quarters import Quarter
from sli_cli.records import support_response
from sli_cli.records.collection import Records
from sli_cli.records.support_response import SupportResponse, asks_in, current_responses
from sli_cli.views.position import Cutoff, counted_meetings


@dataclass(frozen=True)
class SupportAsk:
    """Support asked at one meeting for one objective, and its response
    (None while it is open)."""

    id: str
    priority: str
    quarter: Quarter
    objective: str
    asked_on: date
    to: str  # "" when asked of no one in particular
    text: str
    internal: bool
    response: SupportResponse | None

    @property
    def answered(self) -> bool:
        return self.response is not None

    def age(self, today: date) -> int:
        """Days the ask was open: until its response, or until ``today``."""
        end = self.response.date if self.response is not None else today
        return max((end - self.asked_on).days, 0)


def support_asks(records: Records, cutoff: Cutoff) -> list[SupportAsk]:
    """Every ask at the meetings that count at ``cutoff``, with the response
    given by ``cutoff.as_of``; oldest first."""
    answered = {ask: found[-1] for ask, found
                in current_responses(records.of(support_response.KIND)).items()}
    found = []
    for ask, m, o in asks_in(counted_meetings(records, cutoff)):
        response = answered.get(ask)
        if response is not None and response.date > cutoff.as_of:
            response = None
        found.append(SupportAsk(ask, m.priority, m.quarter, o.objective, m.date, o.support_to,
                                o.support, o.internal, response))
    found.sort(key=lambda a: (a.asked_on, a.id))
    return found


def open_asks(records: Records, cutoff: Cutoff) -> list[SupportAsk]:
    """The asks not answered by ``cutoff.as_of``."""
    return [a for a in support_asks(records, cutoff) if not a.answered]
