"""The network's documents (status, themes, the year's report) in the
document model, for Markdown, HTML, Word and text; the terminal tables are
in ``render.network``."""

from __future__ import annotations

from sli_cli.core.errors import Problem
from sli_cli.plan.model import NOT_RATED, Rating
from sli_cli.render.document import (
    Block,
    Bullets,
    Document,
    Line,
    Para,
    Rag,
    Section,
    Strong,
    Sub,
    Table,
)
from sli_cli.render.network import counts_label, errors_of, problem_text, theme_summary
from sli_cli.views.network import NetworkReport, NetworkStatus, NetworkThemes, RegionYear


def status_document(status: NetworkStatus) -> Document:
    headers = ("Region", "Quarter", *(r.word for r in status.ratings), "Not rated",
               "Meetings owed")
    rows: list[tuple[Line, ...]] = []
    for r in status.regions:
        if r.position is None:
            rows.append(((r.region.name,), ("could not be read",),
                         *[("",) for _ in status.ratings], ("",), ("",)))
            continue
        rows.append(((r.region.name,), (r.position.plan.label(r.position.quarter),),
                     *[(str(r.counts.get(x.value, 0)),) for x in status.ratings],
                     (str(r.counts.get(NOT_RATED, 0)),),
                     (", ".join(f"{p.id} {p.title}" for p in r.owed) or "none",)))
    narrow = tuple(range(1, len(headers) - 1))
    sections = [Section("regions", "Regions", (Table(headers, tuple(rows), narrow),))]
    red_blocks: list[Block] = []
    for r in status.regions:
        if not r.red:
            continue
        items: list[Line] = []
        for x in r.red:
            line: Line = (Rag(Rating.RED), f" {x.objective.id} {x.objective.title}")
            if x.support:
                line = (*line, " (support needed: ", x.support, ")")
            items.append(line)
        red_blocks.append(Sub((r.region.name,), (Bullets(tuple(items)),)))
    sections.append(Section("red", "Red objectives", tuple(red_blocks),
                            empty="No region has a red objective."))
    sections.append(_problems_section([(r.region.name, r.loaded.problems)
                                       for r in status.broken]))
    intro: tuple[Line, ...] = ((f"Position of each region at its quarter under review, as of "
                                f"{status.today:%-d %B %Y}.",),)
    return Document(status.network.name, intro, tuple(s for s in sections if s is not None))


def _problems_section(broken: list[tuple[str, list[Problem]]]) -> Section:
    blocks: list[Block] = []
    for name, problems in broken:
        blocks.append(Sub((name,), (Bullets(tuple((problem_text(p),)
                                                  for p in errors_of(problems))),)))
    return Section("problems", "Regions that could not be read", tuple(blocks),
                   empty="Every region's plan was read.")


# -- themes ------------------------------------------------------------------
def themes_blocks(themes: NetworkThemes) -> tuple[Block, ...]:
    blocks: list[Block] = []
    for t in themes.themes:
        rows = tuple(((f"{e.objective.id} {e.objective.title}",), (e.region.name,),
                      (Rag(e.rag),)) for e in t.entries)
        blocks.append(Sub((f"{t.name}",), (Para((theme_summary(t) + ".",)),
                                           Table(("Objective", "Region", "Rating"), rows,
                                                 (1, 2)))))
    return tuple(blocks)


def themes_document(themes: NetworkThemes) -> Document:
    sections = [Section("themes", "Themes", themes_blocks(themes),
                        empty="No objective carries a theme tag."),
                _problems_section([(r.region.name, r.loaded.problems)
                                   for r in themes.broken])]
    intro: tuple[Line, ...] = ((f"Every region's objectives grouped by theme, as of "
                                f"{themes.today:%-d %B %Y}.",),)
    return Document(f"{themes.network.name}: themes", intro, tuple(sections))


# -- the board's annual summary ----------------------------------------------
def _region_year_blocks(r: RegionYear) -> tuple[Block, ...]:
    if r.report is None:
        return (Para((r.note or "could not be read; see below.",)),)
    rep = r.report
    plan = rep.plan
    blocks: list[Block] = []
    missed = ", ".join(f"{p.id} in {plan.label(q)[-2:]}" for p, q in r.missed)
    held = (f"Meetings held: {r.held} of {r.expected_meetings}"
            + (f" ({missed} did not meet)." if missed else "."))
    ratings = [x for x in Rating if plan.scheme.allows(x)]
    blocks.append(Bullets((
        (Strong("Plan"), f": {plan.title} ({plan.period_label()})"),
        (held,),
        (f"Ratings at the year's end: {counts_label(r.counts, ratings)}.",),
    )))
    completed = [a for a in rep.achievements if a.completed]
    if completed:
        blocks.append(Para((Strong("Completed in the year"),)))
        blocks.append(Bullets(tuple((f"{a.objective.id} {a.objective.title}",)
                                    for a in completed)))
    asks = [b for b in rep.barriers if b.support]
    if asks:
        blocks.append(Para((Strong("Support asked"),)))
        blocks.append(Bullets(tuple((Rag(b.rated.rag), f" {b.objective.id} "
                                     f"{b.objective.title}: ", b.support) for b in asks)))
    return tuple(blocks)


def report_document(report: NetworkReport) -> Document:
    regions = tuple(Sub((r.region.name,), _region_year_blocks(r)) for r in report.regions)
    asks: list[Line] = []
    for r in report.regions:
        if r.report is None:
            continue
        for b in r.report.barriers:
            if b.support and b.rated.rag is Rating.RED:
                asks.append((f"{r.region.name}: ", Rag(b.rated.rag),
                             f" {b.objective.id} {b.objective.title}: ", b.support))
    sections = [
        Section("regions", "Regions", regions),
        Section("themes", "Themes at the year's end", themes_blocks(report.themes),
                empty="No objective carries a theme tag."),
        Section("asks", "Red objectives with support still asked at the year's end",
                (Bullets(tuple(asks)),) if asks else (),
                empty="No red objective asks for support."),
        _problems_section([(r.region.name, r.loaded.problems) for r in report.broken]),
    ]
    intro: tuple[Line, ...] = ((f"The national ADPH SLI board's summary of {report.year}, "
                                f"drafted on {report.today:%-d %B %Y}.",),)
    return Document(f"{report.network.name}: {report.year}", intro, tuple(sections))
