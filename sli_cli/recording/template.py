"""The meeting form to fill in: every objective of the priority, its current
rating as the default, the plan's rating definitions as comments."""

from __future__ import annotations

from sli_cli.core.quarters import Quarter, QuarterError
from sli_cli.plan.model import Plan
from sli_cli.recording.answers import Answers, default_attendees, latest_ratings
from sli_cli.recording.form import answers_to_toml, toml_comment
from sli_cli.records.collection import Records

TEMPLATE_HELP = """\
# A quarterly SLI meeting, to record with: sli meeting record --from FILE
# (format: sli help meeting-input). Lines starting with # are ignored.
#
# date: the day of the meeting, day first ("12/07/2023") or ISO (2023-07-12).
# quarter: the quarter under review; leave "" to take the quarter before the
#   meeting's when it is held in the first month of a quarter, else its own.
# rag: a rating word or letter, or "skip" when the objective was not discussed.
# apologies: the roles who sent apologies, e.g. apologies = ["DPH, Torbay"].
# Decisions: add one [[decisions]] table per decision (objective is optional),
#   above the first [[objectives]]:
#   [[decisions]]
#   text = "Adopt the shared framework"
#   objective = "KO1"
# support_to: whom the support is asked of (national board, ADPH, UKHSA, LGA, a
#   council or a role), added under support; tracked by: sli support list.
# Actions: add one [[objectives.actions]] table per action, under its objective:
#   [[objectives.actions]]
#   text = "Circulate the draft framework"
#   owner = "{coordinator}"
#   due = "30/09/2023"
#   council = "..."    (optional: the council it concerns, one of the plan's)
#"""


def template_text(plan: Plan, records: Records, answers: Answers) -> str:
    """The TOML form of ``answers`` with every objective of the priority, the
    plan's rating definitions and each objective's current rating as comments.

    Text from the plan (titles, leads, definitions) only ever appears inside
    comments, escaped by ``toml_comment``, so it cannot add lines to the form.
    """
    priority = plan.priority(answers.priority)
    coordinator = toml_comment(plan.coordinator or "SLI co-ordinator")
    header = TEMPLATE_HELP.replace("{coordinator}", coordinator) + "\n# Ratings:\n" + "\n".join(
        f"#   {r.value} ({r.letter}): {toml_comment(plan.scheme.definitions[r])}"
        for r in plan.scheme.ratings)
    comments: dict[str, list[str]] = {}
    if priority is not None:
        header += "\n#\n# " + toml_comment(
            f"{priority.id} {priority.title} (DPH lead: {priority.dph_lead})")
        if not answers.attendees:
            answers.attendees = default_attendees(plan, priority)
        quarter = None
        if answers.quarter:
            try:
                quarter = Quarter.parse(answers.quarter, plan.year_start_month)
            except QuarterError:
                quarter = None
        current = latest_ratings(records, priority.id, before=quarter)
        running = plan.at(quarter) if quarter is not None else plan
        for objective in running.objectives_of(priority.id):
            answer = answers.objective(objective.id)
            rated = current.get(objective.id)
            if not answer.rag and rated:
                answer.rag = rated[0].value
            now = (f"{rated[0].value} in {plan.label(rated[1])}" if rated else "not rated yet")
            comments[objective.id] = [f"{objective.id} {objective.title}",
                                      f"lead: {objective.lead}; current rating: {now}"]
    return answers_to_toml(answers, header=header, comments=comments)
