"""Output deliveries: the record that an output (a deliverable of an
objective, ``KO5.2``) was delivered. ``plan.toml`` is left as it was.

    outputs/KO5.2.k3f9mq2x.toml   output KO5.2 delivered
    outputs/KO5.2.r7tw4hna.toml   a correction of it (``amends`` the first); both kept

A correction is a later version: another date or note, or ``done = false``
when the output was recorded as delivered by mistake. Deliveries recorded in
two copies of the plan are both kept and ``sli check`` reports them; the one
recorded last counts until a correction that amends both settles it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sli_cli.core.errors import Problem
from sli_cli.plan.model import output_id_problem
from sli_cli.plan.tomlsource import suggest
from sli_cli.records.common import (
    Amending,
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

if TYPE_CHECKING:
    from sli_cli.plan.model import Plan

FOLDER = "outputs"


@dataclass(frozen=True, slots=True)
class OutputDone(Amending):
    """The record that an output was delivered (or, ``done`` False, a
    correction saying it was not)."""

    output: str
    date: date
    note: str = ""
    recorded_at: datetime | None = None
    recorded_by: str = ""
    change_note: str = ""
    done: bool = True
    uid: str = ""
    amends: tuple[str, ...] = ()
    path: str = field(default="", compare=False)



def output_done_to_toml(done: OutputDone) -> dict[str, Any]:
    doc = drop_empty({
        "schema_version": schema_for(done.uid),
        "uid": done.uid,
        "amends": list(done.amends),
        "output": done.output,
        "date": done.date,
        "note": done.note,
        "recorded_at": done.recorded_at,
        "recorded_by": done.recorded_by,
        "change_note": done.change_note,
    })
    if not done.done:
        doc["done"] = False
    return doc


def parse_output_done(data: bytes, where: str) -> tuple[OutputDone | None, list[Problem]]:
    f, problems = open_record(data, where)
    if f is None:
        return None, problems
    before = len(problems)
    uid = read_uid(f)
    if not uid and f.table.get("schema_version") == 1:
        f.problem("an output delivery needs schema_version 2 and a 'uid'", "schema_version")
    amends = read_refs(f, "amends")
    output = f.string("output")
    if output and (why := output_id_problem(output)):
        f.problem(why, "output")
    day = f.date("date")
    note = text(f, "note")
    recorded_at = f.datetime("recorded_at", required=False)
    recorded_by = text(f, "recorded_by")
    change_note = text(f, "change_note")
    done = f.boolean("done", default=True)
    f.finish()
    if len(problems) != before or day is None:
        return None, problems
    return OutputDone(output=output, date=day, note=note, recorded_at=recorded_at,
                      recorded_by=recorded_by, change_note=change_note, done=done, uid=uid,
                      amends=amends, path=where), problems


def current_deliveries(deliveries: list[OutputDone]) -> dict[str, list[OutputDone]]:
    """By output: the versions no other version amends, the one that counts
    (recorded last) last."""
    return {output: standing(found)
            for output, found in grouped(deliveries, lambda d: d.output).items()}


def delivered(deliveries: list[OutputDone], as_of: date | None = None) -> dict[str, OutputDone]:
    """The outputs delivered (by ``as_of``, when given), by id."""
    if as_of is not None:
        deliveries = [d for d in deliveries if d.recorded_at is None or d.date <= as_of]
    return {output: heads[-1] for output, heads in current_deliveries(deliveries).items()
            if heads[-1].done and (as_of is None or heads[-1].date <= as_of)}


def check(plan: Plan, records: RecordSet, context: CheckContext) -> list[Problem]:
    """Every delivery names an output of the plan, on a day within its period."""
    known = {o.id: o for objective in (*plan.objectives, *plan.retired)
             for o in objective.outputs}
    problems = []
    for done in records.of(KIND):
        if done.output not in known:
            problems.append(context.problem(done.path, ("output",),
                                            f"output {done.output} is not in plan.toml"
                                            f"{suggest(done.output, list(known))}"))
        if not plan.first_day() <= done.date <= plan.last_meeting_day():
            problems.append(context.problem(
                done.path, ("date",), f"delivery of output {done.output}: date "
                f"{done.date.isoformat()} is outside the plan period ({plan.period_label()})"))
    return problems


def check_own(records: RecordSet, context: CheckContext) -> list[Problem]:
    problems = []
    for output, heads in sorted(current_deliveries(records.of(KIND)).items()):
        told = (f"output {output} was recorded as delivered {len(heads)} times in different "
                "places")
        problems += divergence(
            context, heads, key=("output",), item=lambda d: f"{d.date.isoformat()} in ",
            note=f"{told}; counting the one recorded last", lead=told,
            until="Until a correction settles it (sli output correct), the one recorded last "
                  "counts")
    return problems


KIND: RecordKind[OutputDone] = RecordKind(
    name="output delivery",
    folder=FOLDER,
    type=OutputDone,
    parse=parse_output_done,
    to_toml=output_done_to_toml,
    path=lambda done: f"{FOLDER}/{done.output}.{done.uid}.toml",
    describe=lambda done: f"delivery of output {done.output}",
    check=check,
    check_own=check_own,
    place_key="output",
)
