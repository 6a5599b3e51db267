"""Support responses: the answer to support asked at a meeting.

Support needed at a meeting (an outcome's ``support``) that names whom it
is asked of (its ``support_to``: the national board, UKHSA, a council, a
role) is an **ask**, tracked until it is answered; support that names no one
stays part of the meeting's narrative. Its id is derived from the meeting and the
objective, so it is stable across amendments and the same in every copy of
the plan: ``P2-2023-24-Q1-KO4`` (priority, quarter, objective).

    support/P2-2023-24-Q1-KO4.k3f9mq2x.toml   the response (the meeting is left as it was)
    support/P2-2023-24-Q1-KO4.r7tw4hna.toml   a correction of it (``amends`` the first)

Responses are written with schema version 2 only (a uid ends the file name).
Two copies of the plan can each record a response to the same ask: both are
kept and ``sli check`` reports them; until a correction that amends both
settles it, the one recorded last counts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sli_cli.core.errors import Problem
from sli_cli.plan.tomlsource import suggest
from sli_cli.records import meeting
from sli_cli.records.common import (
    Amending,
    checked_id,
    divergence,
    drop_empty,
    grouped,
    open_record,
    read_refs,
    read_uid,
    schema_for,
    standing,
    text,
)
from sli_cli.records.kind import CheckContext, RecordKind, RecordSet
from sli_cli.records.meeting import Meeting, Outcome

FOLDER = "support"


def ask_id(m: Meeting, outcome: Outcome) -> str:
    """The stable id of the support asked at meeting ``m`` for an objective."""
    return f"{m.priority}-{m.quarter.slug()}-{outcome.objective}"


def asks_in(meetings: Iterable[Meeting]) -> list[tuple[str, Meeting, Outcome]]:
    """(ask id, meeting, outcome) for every outcome that asks someone for support."""
    return [(ask_id(m, o), m, o) for m in meetings for o in m.outcomes
            if o.support and o.support_to]


@dataclass(frozen=True, slots=True)
class SupportResponse(Amending):
    """The response to one support ask."""

    ask: str
    date: date
    text: str
    recorded_at: datetime | None = None
    recorded_by: str = ""
    change_note: str = ""  # set on a correction: what was wrong
    uid: str = ""
    amends: tuple[str, ...] = ()  # uids of responses to the same ask this one replaces
    path: str = field(default="", compare=False)



def response_to_toml(response: SupportResponse) -> dict[str, Any]:
    return drop_empty({
        "schema_version": schema_for(response.uid),
        "uid": response.uid,
        "amends": list(response.amends),
        "ask": response.ask,
        "date": response.date,
        "text": response.text,
        "recorded_at": response.recorded_at,
        "recorded_by": response.recorded_by,
        "change_note": response.change_note,
    })


def parse_response(data: bytes, where: str) -> tuple[SupportResponse | None, list[Problem]]:
    f, problems = open_record(data, where)
    if f is None:
        return None, problems
    before = len(problems)
    uid = read_uid(f)
    if not uid and "uid" not in f.table and len(problems) == before:
        f.problem("a support response needs schema_version = 2 and a 'uid'", "schema_version")
    amends = read_refs(f, "amends")
    ask = checked_id(f, "ask")
    day = f.date("date")
    said = f.string("text")
    if not said.strip() and "text" in f.table:
        f.problem("'text' is empty: say what the response was", "text")
    recorded_at = f.datetime("recorded_at", required=False)
    recorded_by = text(f, "recorded_by")
    change_note = text(f, "change_note")
    f.finish()
    if len(problems) != before or day is None:
        return None, problems
    return SupportResponse(ask=ask, date=day, text=said, recorded_at=recorded_at,
                           recorded_by=recorded_by, change_note=change_note, uid=uid,
                           amends=amends, path=where), problems


def heads(found: list[SupportResponse]) -> list[SupportResponse]:
    """The responses no other response amends, the one that counts last."""
    return standing(found)


def current_responses(responses: Iterable[SupportResponse]) -> dict[str, list[SupportResponse]]:
    """By ask: the responses no other amends, the one that counts last."""
    return {ask: standing(found) for ask, found in grouped(responses, lambda r: r.ask).items()}


def check_own(records: RecordSet, context: CheckContext) -> list[Problem]:
    """Every response answers support asked at some meeting (any version);
    two responses that do not know of each other are a divergence."""
    asked = {ask for ask, _, _ in asks_in(records.of(meeting.KIND))}
    problems = [context.problem(r.path, ("ask",), f"support ask {r.ask} is not in any meeting"
                                f"{suggest(r.ask, asked)}")
                for r in records.of(KIND) if r.ask not in asked]
    for ask, current in sorted(current_responses(records.of(KIND)).items()):
        told = f"support ask {ask} was answered {len(current)} times in different places"
        problems += divergence(
            context, current, key=("ask",), item=lambda r: f"{r.date.isoformat()} in ",
            note=f"{told}; counting the one recorded last", lead=told,
            until="Until a correction settles it, the one recorded last counts "
                  f"({current[-1].path})")
    return problems


KIND: RecordKind[SupportResponse] = RecordKind(
    name="support response",
    folder=FOLDER,
    type=SupportResponse,
    parse=parse_response,
    to_toml=response_to_toml,
    path=lambda r: f"{FOLDER}/{r.ask}.{r.uid}.toml",
    describe=lambda r: f"response to support ask {r.ask}",
    check_own=check_own,
    place_key="ask",
)
