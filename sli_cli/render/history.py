"""Terminal views of history: the heat map of the plan (``sli history``) and
one objective's story (``sli objective show``)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sli_cli.core.quarters import Quarter
from sli_cli.core.text import printable
from sli_cli.plan.model import Objective, Plan, Priority, Rating, Trend
from sli_cli.views.earlier import NOTHING, CarriedHistory, Earlier
from sli_cli.views.history import QuarterStory, objective_story, rating_grid
from sli_cli.views.position import ActionState, ObjectivePosition, OutputState, Position

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.table import Table
    from rich.text import Text

CELL = 5  # width of one quarter in the heat map and the timeline


def quarter_heading(plan: Plan, quarter: Quarter) -> str:
    """``22/23`` over ``Q1``: a quarter in five columns."""
    year = plan.label(quarter).split(" ")[0]
    if "/" in year:
        first, second = year.split("/")
        year = f"{first[2:]}/{second}"
    return f"{year}\nQ{quarter.number}"


def history_grid(position: Position, priorities: list[Priority],
                 width: int = 80, earlier: Earlier | None = None) -> RenderableType:
    """Objectives down, quarters across; each cell the rating's letter on its
    colour. With ``earlier``, the carried objectives' ratings in the plan before
    follow, in a grid of their own."""
    from rich import box
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from sli_cli.render.rating import legend, rating_cell

    plan = position.plan
    grid = rating_grid(position)
    quarters = plan.quarters()
    ids = [o.id for p in priorities for o in plan.objectives_ever_of(p.id)] + [p.id for p in
                                                                         priorities]
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, padding=(0, 0), header_style="bold",
                  expand=False)
    id_width = max(map(len, ids), default=2) + 1
    # The quarters keep their width; the title gets what is left (within reason).
    # When not every quarter fits, the quarters still to come go first, then
    # the earliest ones; the note says which.
    fits = max(1, (width - id_width - 12 - 1) // (CELL + 1))
    future = [q for q in quarters if q > position.quarter]
    to_come = future[max(0, len(future) - (len(quarters) - fits)):] \
        if len(quarters) > fits else []
    quarters = quarters[:len(quarters) - len(to_come)]
    hidden = quarters[:-fits] if len(quarters) > fits else []
    quarters = quarters[len(hidden):]
    title_width = max(12, min(60, width - id_width - len(quarters) * (CELL + 1) - 1))
    table.add_column("ID", no_wrap=True, width=id_width)
    table.add_column("Objective", no_wrap=True, overflow="ellipsis", width=title_width)
    for quarter in quarters:
        table.add_column(quarter_heading(plan, quarter), justify="center", no_wrap=True,
                         width=CELL)
    for index, priority in enumerate(priorities):
        table.add_row(Text(priority.id, style="bold"),
                      Text(printable(priority.title), style="bold"), *[""] * len(quarters))
        # Retired objectives keep their row: their ratings until they retired;
        # an objective added during the plan is blank before it was added.
        objectives = plan.objectives_ever_of(priority.id)
        for number, objective in enumerate(objectives):
            ratings = grid.get(objective.id, {})
            cells = [rating_cell(ratings.get(q), CELL, blank=q > position.quarter
                                 or objective.retired_by(q) or objective.added_after(q))
                     for q in quarters]
            table.add_row(Text(objective.id), Text(printable(objective.title)), *cells,
                          end_section=number == len(objectives) - 1
                          and index < len(priorities) - 1)
    title = Text(printable(plan.title), style="bold")
    title.append(f"\nRatings by quarter, {plan.period_label()}", style="")
    foot = legend(plan.scheme.ratings)
    if hidden or to_come:
        left_out = [f"{len(hidden)} earlier quarter{'' if len(hidden) == 1 else 's'}"] \
            if hidden else []
        if to_come:
            left_out.append(f"{len(to_come)} quarter{'' if len(to_come) == 1 else 's'} "
                            "still to come")
        foot.append(f"\nShowing {plan.label(quarters[0])} to {plan.label(quarters[-1])}: "
                    f"{' and '.join(left_out)} "
                    f"{'does' if len(hidden) + len(to_come) == 1 else 'do'} not fit {width} "
                    "columns.")
    if position.quarter < plan.end:
        foot.append(f"\nQuarters after {plan.label(position.quarter)} are still to come.")
    changes = _plan_changes(plan, [o for p in priorities for o in plan.objectives_ever_of(p.id)])
    if changes:
        foot.append(f"\nBlank where an objective did not run: {changes}.")
    before = earlier_grid(earlier, priorities, plan, width) if earlier is not None else None
    if before is None:
        return Group(title, Text(""), table, Text(""), foot)
    return Group(title, Text(""), table, Text(""), foot, Text(""), before)


def _plan_changes(plan: Plan, objectives: list[Objective]) -> str:
    """``KO9 retired in 2023/24 Q2 (now KO16); KO16 added in 2023/24 Q2``."""
    said = []
    for o in objectives:
        if o.added_in is not None:
            said.append(f"{o.id} added in {plan.label(o.added_in)}")
        if o.retired_in is not None and o.retired_in <= plan.end:
            now = f" (now {o.successor})" if o.successor else ""
            said.append(f"{o.id} retired in {plan.label(o.retired_in)}{now}")
    return "; ".join(said)


def earlier_grid(earlier: Earlier, priorities: list[Priority], plan: Plan,
                 width: int = 80) -> RenderableType | None:
    """The carried objectives of ``priorities`` with their ratings in the plan
    before (its quarters before this plan's start), or None when there are none."""
    from rich import box
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from sli_cli.render.rating import rating_cell

    old = earlier.plan
    rows = [h for p in priorities for o in plan.objectives_ever_of(p.id)
            if (h := earlier.of(o.id)) is not None]
    if old is None or not rows:
        return None
    id_width = max(len(h.objective.id) for h in rows) + 1
    fits = max(1, (width - id_width - 12 - 1) // (CELL + 1))
    quarters = list(earlier.quarters)
    hidden = quarters[:-fits] if len(quarters) > fits else []
    quarters = quarters[len(hidden):]
    title_width = max(12, min(60, width - id_width - len(quarters) * (CELL + 1) - 1))
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, padding=(0, 0), header_style="bold",
                  expand=False)
    table.add_column("ID", no_wrap=True, width=id_width)
    table.add_column(f"Objective in {printable(old.id)}", no_wrap=True, overflow="ellipsis",
                     width=title_width)
    for quarter in quarters:
        table.add_column(quarter_heading(old, quarter), justify="center", no_wrap=True,
                         width=CELL)
    for h in rows:
        ratings = {r.quarter: r.rag for r in h.ratings}
        # Blank where the objective did not run in the plan before.
        table.add_row(Text(h.objective.id),
                      Text(f"{printable(h.earlier.id)} {printable(h.earlier.title)}"),
                      *[rating_cell(ratings.get(q), CELL, blank=h.earlier.retired_by(q)
                                    or h.earlier.added_after(q)) for q in quarters])
    title = Text(f"Carried from the plan before: {printable(old.id)}", style="bold")
    title.append(f"\n{printable(old.title)}, ratings to {old.label(earlier.quarters[-1])}",
                 style="")
    parts: list[RenderableType] = [title, Text(""), table]
    if hidden:
        parts += [Text(""), Text(
            f"Showing {old.label(quarters[0])} to {old.label(quarters[-1])}: {len(hidden)} "
            f"earlier quarter{'' if len(hidden) == 1 else 's'} of {printable(old.id)} "
            f"{'does' if len(hidden) == 1 else 'do'} not fit {width} columns.")]
    return Group(*parts)


def carried_line(objective: Objective, history: CarriedHistory | None, earlier: Earlier) -> str:
    """``from sw-2022-24/KO9: last rated Amber in 2023/24 Q4`` (the value of
    the "Carried" line of ``sli objective show``)."""
    text = f"from {printable(objective.carried_from)}"
    old = earlier.plan
    if history is None or old is None:
        return text + " (its history there is not available)"
    if history.last is None:
        return text + ": never rated there"
    return text + f": last rated {history.last.rag.word} in {old.label(history.last.quarter)}"


def _strip(plan: Plan, quarters: list[Quarter], ratings: dict[Quarter, Rating],
           to_come: Quarter | None = None, objective: Objective | None = None) -> Table:
    """One cell per quarter: the rating's letter on its colour, blank after
    ``to_come`` and in the quarters ``objective`` did not run (retired, or not
    yet added)."""
    from rich.table import Table

    from sli_cli.render.rating import rating_cell

    table = Table.grid(padding=(0, 1, 0, 0))
    for _ in quarters:
        table.add_column(justify="center", width=CELL, no_wrap=True)
    for line in (0, 1):
        table.add_row(*[quarter_heading(plan, q).split("\n")[line] for q in quarters])
    table.add_row(*[rating_cell(ratings.get(q), CELL,
                                blank=(to_come is not None and q > to_come)
                                or (objective is not None and (objective.retired_by(q)
                                                               or objective.added_after(q))))
                    for q in quarters])
    return table


def timeline(position: Position, objective: Objective) -> Table:
    """One cell per quarter of the plan: the rating's letter on its colour."""
    plan = position.plan
    return _strip(plan, plan.quarters(), rating_grid(position).get(objective.id, {}),
                  position.quarter, objective)


def objective_view(position: Position, objective: Objective, earlier: Earlier | None = None,
                   width: int = 80) -> RenderableType:
    """The objective, its outputs, its timeline (and, for an objective carried
    from the plan before, its ratings there), then its story quarter by quarter."""
    from rich.console import Group
    from rich.text import Text

    from sli_cli.render.rating import legend

    plan = position.plan
    # A retired objective (or one not yet added) has no place in the position.
    where = next((o for o in position.objectives if o.objective.id == objective.id), None)
    priority = where.priority if where is not None else plan.priority(objective.priority)
    assert priority is not None  # the plan's checks hold every objective to a priority
    history = earlier.of(objective.id) if earlier is not None else None
    parts: list[RenderableType] = []
    head = Text(f"{objective.id}  ", style="bold")
    head.append(printable(objective.title), style="bold")
    parts.append(head)
    about = _pairs([
        ("Priority", f"{priority.id} {printable(priority.title)} "
                     f"(DPH lead: {printable(priority.dph_lead)})"),
        ("Lead", printable(objective.lead)),
        *([("Carried", carried_line(objective, history, earlier or NOTHING))]
          if objective.carried_from else []),
    ])
    parts.append(about)
    if objective.description:
        parts.append(Text("\n" + printable(objective.description)))
    if objective.outputs:
        states = {s.output.id: s for s in (*position.outputs, *position.retired_outputs)}
        parts.append(Text("\nOutputs", style="bold"))
        parts.append(_pairs([(output.id, printable(output.title) + _output_state(
            output.due_label(plan.year_start_month), states.get(output.id), position.as_of))
            for output in objective.outputs], bold=False))
    if history is not None and earlier is not None and earlier.plan is not None:
        old = earlier.plan
        quarters = list(earlier.quarters)[-max(1, (width + 1) // (CELL + 1)):]
        parts.append(Text(f"\nRatings in {printable(old.id)} as "
                          f"{printable(history.earlier.id)}, {old.label(quarters[0])} to "
                          f"{old.label(quarters[-1])}", style="bold"))
        parts.append(_strip(old, quarters, {r.quarter: r.rag for r in history.ratings},
                            objective=history.earlier))
        if history.last is not None:
            # Where the work was left: what the next meeting picks up from.
            said = history.last.outcome
            then = f" ({old.label(history.last.quarter)})"
            rows = [(label, printable(value) + then) for label, value in (
                ("Progress", said.progress), ("Next steps", said.next_steps)) if value]
            if said.internal:
                rows.append(("Internal", "not for the snapshot"))
            if rows:
                parts.append(_pairs(rows))
    parts.append(Text(f"\nRatings, {plan.period_label()}", style="bold"))
    parts.append(timeline(position, objective))
    parts.append(legend(plan.scheme.ratings))
    parts.append(_now(position, where) if where is not None else _not_running(position, objective))
    for story in objective_story(position, objective):
        if story.empty:
            continue
        parts.append(Text(""))
        parts.append(_quarter_heading(plan, story, objective))
        parts.append(_quarter_body(story, position.as_of))
    return Group(*parts)


def _now(position: Position, o: ObjectivePosition) -> Text:
    from rich.text import Text

    from sli_cli.render.rating import rating_text, trend_name

    plan = position.plan
    text = Text(f"At {plan.label(position.quarter)}: ")
    if o.current is None:
        text.append("not rated yet")
    else:
        text.append_text(rating_text(o.rag))
        text.append(f" (rated in {plan.label(o.current.quarter)})")
        if o.trend is Trend.NEW:
            text.append(f", {trend_name(o.trend)}")
        elif o.trend is Trend.GREY and o.previous is not None:
            text.append(f", no direction (was {o.previous.rag.word})")
        elif o.trend is not None and o.previous is not None:
            text.append(f", {trend_name(o.trend)} on {o.previous.rag.word}")
    text.append(f"; {o.open_actions} open action{'' if o.open_actions == 1 else 's'}")
    if o.overdue_actions:
        text.append(f", {o.overdue_actions} overdue", style="bold red3")
    if o.stale:
        text.append("; stale (no rating this quarter or last)")
    return text


def _not_running(position: Position, objective: Objective) -> Text:
    """Where an objective not running at the position stands: retired (and
    its last rating), or not yet added."""
    from rich.text import Text

    from sli_cli.render.rating import rating_text

    plan = position.plan
    if objective.retired_in is None or not objective.retired_by(position.quarter):
        added = plan.label(objective.added_in) if objective.added_in else "later"
        return Text(f"At {plan.label(position.quarter)}: not yet added (added in {added})")
    text = Text(f"Retired in {plan.label(objective.retired_in)}")
    if objective.replaced_by:
        text.append(f", replaced by {objective.replaced_by}")
    elif objective.merged_into:
        text.append(f", merged into {objective.merged_into}")
    rated = position.ratings.get(objective.id, [])
    if rated:
        text.append("; last rated ")
        text.append_text(rating_text(rated[-1].rag))
        text.append(f" in {plan.label(rated[-1].quarter)}")
    return text


def _quarter_heading(plan: Plan, story: QuarterStory, objective: Objective) -> Text:
    from rich.text import Text

    from sli_cli.render.rating import rating_text as rt

    text = Text(plan.label(story.quarter), style="bold")
    if story.rated is not None:
        text.append("  ")
        text.append_text(rt(story.rated.rag))
    if story.meeting is not None:
        text.append(f"  meeting of {story.meeting.priority} on "
                    f"{story.meeting.date.day} {story.meeting.date:%B %Y}")
        if story.meeting.version > 1:
            text.append(f" (version {story.meeting.version})")
    if story.not_discussed:
        text.append("  not discussed", style="italic")
    elif not story.running:
        text.append("  retired" if objective.retired_by(story.quarter) else "  not yet added",
                    style="italic")
    elif story.meeting is None:
        text.append("  no meeting recorded", style="italic")
    return text


def _quarter_body(story: QuarterStory, as_of: date) -> Table:
    rows: list[tuple[str, str]] = []
    outcome = story.rated.outcome if story.rated else None
    if outcome is not None:
        for label, value in (("Progress", outcome.progress), ("Risks", outcome.risks),
                             ("Support", outcome.support), ("Next steps", outcome.next_steps)):
            if value:
                rows.append((label, printable(value)))
        if outcome.internal:
            rows.append(("Internal", "not for the snapshot"))
    # An action raised and closed in the same quarter is listed once, as raised.
    closed = [a for a in story.closed if a not in story.raised]
    for label, actions in (("Raised", story.raised), ("Closed", closed)):
        for action in actions:
            rows.append((label, _action(action, story.quarter, as_of)))
            label = ""
    return _pairs(rows)


def _action(state: ActionState, quarter: Quarter, as_of: date) -> str:
    a = state.action
    text = f"{a.id} {printable(a.text)} ({printable(a.owner)}, due {a.due.isoformat()})"
    if state.quarter != quarter:
        text += f", raised {state.quarter.label()}"
    if state.done is not None:
        late = " (late)" if state.done.date > a.due else ""
        return f"{text}: done {state.done.date.isoformat()}{late}"
    return f"{text}: open, overdue" if state.is_overdue(as_of) else f"{text}: open"


def _pairs(rows: list[tuple[str, str]], *, bold: bool = True) -> Table:
    """Label and value side by side, the value wrapping under itself."""
    from rich.table import Table
    from rich.text import Text

    table = Table.grid(padding=(0, 2, 0, 0))
    table.add_column(style="bold" if bold else "", no_wrap=True)
    table.add_column(ratio=1)
    for label, value in rows:
        table.add_row(Text(label), Text(value))
    return table


def _output_state(due: str, state: OutputState | None, as_of: date) -> str:
    """`` (due 2023/24 Q3; delivered 2023-12-15)`` or ``...; OVERDUE)``."""
    said = [f"due {due}" if due else "no due date"]
    if state is not None and state.delivered is not None:
        said.append(f"delivered {state.delivered.date.isoformat()}")
    elif state is not None and state.is_overdue(as_of):
        said.append("OVERDUE")
    return f" ({'; '.join(said)})"
