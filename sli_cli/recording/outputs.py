"""Recording that an output was delivered, and correcting it: each a new
file under ``outputs/`` (``plan.toml`` is never edited)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from sli_cli.core.errors import InputError, SliError
from sli_cli.plan import lookup
from sli_cli.plan.model import Plan
from sli_cli.recording.write import now, who
from sli_cli.records import output_done
from sli_cli.records.common import new_uid
from sli_cli.records.load import read_records
from sli_cli.records.output_done import OutputDone, current_deliveries
from sli_cli.records.store import locked, write_record


def _within(plan: Plan, day: date) -> None:
    if not plan.first_day() <= day <= plan.last_meeting_day():
        raise InputError("date", day.isoformat(), f"{day.isoformat()} is outside the plan "
                         f"period ({plan.period_label()})", follows_name=True)


def record_output_done(folder: Path, plan: Plan, output_id: str, day: date, note: str = "",
                       *, stamp: datetime | None = None, by: str | None = None) -> Path:
    """Record that an output was delivered on ``day`` (not after its
    objective retired: its outputs are no longer tracked from then)."""
    output = lookup.output(plan, output_id)
    _within(plan, day)
    objective = next(o for o in (*plan.objectives, *plan.retired) if output in o.outputs)
    if objective.retired_in is not None and plan.quarter_of(day) >= objective.retired_in:
        successor = objective.replaced_by or objective.merged_into
        raise InputError("output", output.id, f"output {output.id} belongs to {objective.id}, "
                         f"which retired in {plan.label(objective.retired_in)}"
                         + (f" (now {successor})" if successor else "")
                         + f": its outputs are not tracked after then, and {day.isoformat()} "
                         "is; record the work under the objective that carries it on")
    by = who(folder) if by is None else by
    with locked(folder):
        records, _ = read_records(folder)
        heads = current_deliveries(records.of(output_done.KIND)).get(output.id, [])
        if len(heads) == 1 and heads[0].done:
            raise SliError(f"output {output.id} was already recorded as delivered on "
                           f"{heads[0].date.isoformat()} ({heads[0].path}); to change it use "
                           f"sli output correct {output.id}")
        return write_record(folder, OutputDone(
            output.id, day, note, stamp or now(), recorded_by=by, uid=new_uid(),
            amends=tuple(sorted(d.ref for d in heads))))


def record_output_correction(folder: Path, plan: Plan, output_id: str, *, change_note: str,
                             day: date | None = None, note: str | None = None,
                             not_done: bool = False, stamp: datetime | None = None,
                             by: str | None = None) -> Path:
    """A new version of an output's delivery that amends every current one:
    another day or note, or, ``not_done``, not delivered after all."""
    output = lookup.output(plan, output_id)
    if not change_note.strip():
        raise InputError("change note", "", "a correction needs a change note saying what was "
                         "wrong", defaulted=True)
    if day is not None:
        _within(plan, day)
    by = who(folder) if by is None else by
    with locked(folder):
        records, _ = read_records(folder)
        heads = current_deliveries(records.of(output_done.KIND)).get(output.id, [])
        if not heads or (not heads[-1].done and not not_done and day is None):
            raise SliError(f"output {output.id} is not recorded as delivered; there is nothing "
                           f"to correct (record it with sli output done {output.id})")
        if not_done and not heads[-1].done and len(heads) == 1:
            raise SliError(f"output {output.id} is already recorded as not delivered")
        latest = heads[-1]
        return write_record(folder, OutputDone(
            output.id, day or latest.date,
            latest.note if note is None else note, stamp or now(), recorded_by=by,
            change_note=change_note.strip(), done=not not_done, uid=new_uid(),
            amends=tuple(sorted(d.ref for d in heads))))
