"""The next plan's ``plan.toml``, drafted from the plan before it: its
structure and today's leads as a starting point, and with ``carry`` only the
objectives not completed, each with a link back and, in comments, its last
rating, open actions and outputs. The person edits it by hand afterwards."""

from __future__ import annotations

from sli_cli.core.quarters import Quarter
from sli_cli.core.text import printable_line, toml_string
from sli_cli.plan.model import Objective, Priority
from sli_cli.views.carry import Carried, Handover


def _comment(text: str) -> str:
    """One comment line: nothing in ``text`` can end the comment early."""
    return "# " + printable_line(" ".join(text.split()))


def _priority(p: Priority) -> list[str]:
    lines = ["[[priorities]]", f"id = {toml_string(p.id)}", f"title = {toml_string(p.title)}",
             f"dph_lead = {toml_string(p.dph_lead)}"]
    if p.deputy_lead:
        lines.append(f"deputy_lead = {toml_string(p.deputy_lead)}")
    if p.tags:
        lines.append("tags = [" + ", ".join(toml_string(t) for t in p.tags) + "]")
    return lines


def _objective(o: Objective, old_id: str, item: Carried | None, h: Handover) -> list[str]:
    lines = ["[[objectives]]", f"id = {toml_string(o.id)}", f"priority = {toml_string(o.priority)}",
             f"title = {toml_string(o.title)}", f"lead = {toml_string(o.lead)}"]
    if o.tags:
        lines.append("tags = [" + ", ".join(toml_string(t) for t in o.tags) + "]")
    if item is None:
        return lines
    lines.append(f"carried_from = {toml_string(f'{old_id}/{o.id}')}")
    if item.last is not None:
        lines.append(_comment(f"Last rated {item.last.rag.word} in "
                              f"{h.plan.label(item.last.quarter)} in {old_id}."))
        if item.last.outcome.next_steps and not item.last.outcome.internal:
            lines.append(_comment(f"Next steps then: {item.last.outcome.next_steps}"))
    else:
        lines.append(_comment(f"Never rated in {old_id}."))
    for a in item.open_actions:
        lines.append(_comment(f"Open action {a.action.id} ({a.action.owner}, due "
                              f"{a.action.due.isoformat()}): {a.action.text}"))
    for out in item.outputs:
        lines.append(_comment(f"Output of {old_id} not delivered, due "
                              f"{out.due_label(h.plan.year_start_month)}: {out.title}"))
    return lines


def successor_toml(h: Handover, *, plan_id: str, title: str, network: str, start: Quarter,
                   end: Quarter, previous_plan: str, carry: bool, linked: bool = True) -> str:
    """The new plan's ``plan.toml``. With ``linked`` false, the plan before is
    out of ``previous_plan``'s reach and is named in a comment instead."""
    old = h.plan
    carried = {c.objective.id: c for c in h.carried}
    objectives = [c.objective for c in h.carried] if carry else [
        o for o in old.objectives if o.carries_on(old.end)]
    priorities = [p for p in old.priorities
                  if not carry or any(o.priority == p.id for o in objectives)]
    rag = "\n".join(f"{r.value} = {toml_string(d)}" for r, d in old.scheme.definitions.items())
    out = [
        _comment(f"The SLI action plan after {old.title} ({old.id}), drafted by "
                 f"`sli init --from{' --carry' if carry else ''}`."),
        "# This file is yours: edit it by hand, then run sli check. The format: "
        "sli help plan-format",
        "schema_version = 2",
        "",
        f"id = {toml_string(plan_id)}",
        f"title = {toml_string(title)}",
        f"network = {toml_string(network)}",
        f"start = {toml_string(start.label(old.year_start_month))}",
        f"end = {toml_string(end.label(old.year_start_month))}",
    ]
    if old.year_start_month != 4:
        out.append(f"year_start_month = {old.year_start_month}")
    out += [
        *(["# The plan before this one, for the history of carried objectives.",
           f"previous_plan = {toml_string(previous_plan)}"] if linked else [
            _comment(f"The plan before this one is in {previous_plan}, not beside this "
                     "folder: previous_plan (the history of carried objectives) reads only "
                     "a folder beside it, e.g. previous_plan = \"../sw-2022-24\".")]),
        "",
        f"sli_lead = {toml_string(old.sli_lead)}",
        f"coordinator = {toml_string(old.coordinator)}",
    ]
    if old.contact:
        out.append(f"contact = {toml_string(old.contact)}")
    out += ["", "[rag]", rag, ""]
    for p in priorities:
        out += [*_priority(p), ""]
    if carry:
        out.append(_comment(f"{len(h.carried)} objective(s) not completed in {old.id} carry "
                            f"over; {len(h.completed)} completed and {len(h.retired)} retired "
                            "do not."))
    for o in objectives:
        out += [*_objective(o, old.id, carried.get(o.id) if carry else None, h), ""]
    if not objectives:
        out.append("# No objective carries over: add this plan's objectives here.")
    if old.councils:
        out += ["", "# The network's councils, as the plan before listed them."]
    for council in old.councils:
        out += ["[[councils]]", f"name = {toml_string(council.name)}"]
        if council.dph:
            out.append(f"dph = {toml_string(council.dph)}")
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"
