"""The network's website: static pages built from the plan folder.

``site_files`` returns every file of the site (path relative to the site's
folder, and its bytes): an index with the plan, its leads and the current
position; a page per priority and per objective (its story quarter by
quarter); the ratings by quarter as a heat map; and the snapshot archive,
newest first, each snapshot as a page with its HTML, Word and Markdown
downloads. Links are relative, there is no script and no request outside
the folder, and the same plan gives the same bytes.
"""

from __future__ import annotations

from sli_cli.core.quarters import Quarter
from sli_cli.plan.model import Objective, Plan, Priority
from sli_cli.render.document import (
    Block,
    Bullets,
    Document,
    Inline,
    Line,
    Link,
    Para,
    Rag,
    Section,
    Sub,
    Table,
    Text,
    Travel,
)
from sli_cli.render.html import document_html, email_ready, render
from sli_cli.render.markdown import document_markdown
from sli_cli.render.snapshot_doc import (
    contact_line,
    day_label,
    long_day,
    snapshot_document,
)
from sli_cli.render.word import document_docx
from sli_cli.views.history import objective_story, rating_grid
from sli_cli.views.position import ObjectivePosition
from sli_cli.views.site import Site
from sli_cli.views.snapshot import Snapshot, contacts

SITE_BANNER = "Internal: not for circulation (this site includes items internal to the network)."


def _priority_href(p: Priority, root: str = "") -> str:
    return f"{root}priorities/{p.id}.html"


def _objective_href(o: Objective, root: str = "") -> str:
    return f"{root}objectives/{o.id}.html"


def _snapshot_name(s: Snapshot) -> str:
    return f"sli-snapshot-{s.month.key()}"


def _position_table(site: Site, lines: list[ObjectivePosition], root: str) -> Table:
    rows = tuple(
        ((Link(_objective_href(o.objective, root), o.objective.title),), (Rag(o.rag),),
         (Travel(o.trend),) if o.rag else ("",),
         (site.plan.label(o.current.quarter) if o.current else "",))
        for o in lines)
    return Table(("Objective", "Rating", "Direction of travel", "Rated in"), rows, (1, 2, 3))


def short_quarter(plan: Plan, quarter: Quarter) -> str:
    """``22/23 Q1``: a quarter heading narrow enough for eight across a page."""
    year, number = plan.label(quarter).split(" ")
    if "/" in year:
        first, second = year.split("/")
        year = f"{first[2:]}/{second[-2:]}"
    return f"{year} {number}"


def _leads(p: Priority) -> str:
    return f"DPH lead: {p.dph_lead}" + (f"; deputy: {p.deputy_lead}" if p.deputy_lead else "")


def index_page(site: Site) -> Document:
    plan = site.plan
    people: list[Line] = [(f"{role}: ", who) for role, who in
                          [("SLI lead", plan.sli_lead), ("SLI co-ordinator", plan.coordinator)]
                          if who]
    about: list[Block] = [
        Para((f"{plan.title} runs from {plan.period_label()}. Each priority is led by a "
              "Director of Public Health and reviewed at a quarterly SLI meeting of the SLI "
              "lead, the SLI co-ordinator and the priority's DPH lead.",)),
        Bullets(tuple(people)),
        Table(("Priority", "DPH lead", "Deputy lead"), tuple(
            ((Link(_priority_href(p), p.title),), (p.dph_lead,), (p.deputy_lead or "",))
            for p in plan.priorities)),
    ]
    position: list[Block] = []
    for p in plan.priorities:
        lines = [o for o in site.position.objectives if o.priority.id == p.id]
        position.append(Sub((Link(_priority_href(p), p.title),),
                            (_position_table(site, lines, ""),)))
    latest: list[Block] = []
    if site.snapshots:
        newest = site.snapshots[0]
        latest.append(Para(("The newest snapshot: ",
                            Link(f"snapshots/{newest.month.key()}.html", newest.month.label()),
                            ". All snapshots: ", Link("snapshots/index.html", "the archive"),
                            ".")))
    sections = [
        Section("about", "The plan", tuple(about)),
        Section("snapshots", "Monthly snapshots", tuple(latest),
                "No snapshot yet: the first follows the first quarterly meeting."),
        Section("position", f"Where the plan stands at {long_day(site.day)}",
                tuple(position), "The plan has no objectives."),
    ]
    return Document(f"{plan.network} SLI action plan", ((plan.title,),), tuple(sections),
                    contact_line(contacts(plan)))


def priority_page(site: Site, p: Priority) -> Document:
    lines = [o for o in site.position.objectives if o.priority.id == p.id]
    objectives: list[Block] = [_position_table(site, lines, "../")]
    for o in lines:
        inner: list[Block] = []
        if o.objective.description:
            inner.append(Text("", o.objective.description))
        inner.append(Para((f"Lead: {o.objective.lead}",)))
        if o.current is not None and o.current.outcome.progress and not (
                site.public and o.current.outcome.internal):
            inner.append(Text(f"Latest progress ({site.plan.label(o.current.quarter)})",
                              o.current.outcome.progress))
        objectives.append(Sub((Link(_objective_href(o.objective, "../"), o.objective.title),),
                              tuple(inner)))
    return Document(p.title, ((_leads(p),),), (
        Section("objectives", "Key objectives", tuple(objectives), "No objectives."),))


def objective_page(site: Site, o: ObjectivePosition) -> Document:
    plan, objective = site.plan, o.objective
    priority = o.priority
    intro: list[Line] = [("Part of ", Link(_priority_href(priority, "../"), priority.title),
                          f". Lead: {objective.lead}.",)]
    if objective.description:
        intro.append((objective.description,))
    outputs = tuple((out.title, *([f" (due {out.due_label(plan.year_start_month)})"]
                                  if out.due_label(plan.year_start_month) else []))
                    for out in objective.outputs)
    story: list[Block] = []
    for q in reversed(objective_story(site.position, objective)):
        if q.empty:
            continue
        inner: list[Block] = []
        title: list[Inline] = [plan.label(q.quarter)]
        if q.rated is not None:
            title += [": ", Rag(q.rated.rag)]
            outcome = q.rated.outcome
            if site.public and outcome.internal:
                inner.append(Para(("The details are internal to the network.",)))
            else:
                for label, text in [("Progress", outcome.progress),
                                    ("Risks and issues", outcome.risks),
                                    ("Support asked", outcome.support),
                                    ("Next steps", outcome.next_steps)]:
                    if text:
                        inner.append(Text(label, text))
        elif q.not_discussed:
            inner.append(Para(("Not discussed at the quarter's meeting.",)))
        elif q.meeting is None and not q.raised and not q.closed:
            continue
        hidden = site.public and q.rated is not None and q.rated.outcome.internal
        if q.raised and not hidden:
            inner += [Para(("Actions agreed:",)), Bullets(tuple(
                (a.action.text, f" ({a.action.owner}, due {day_label(a.action.due)})")
                for a in q.raised))]
        if q.closed:
            inner += [Para(("Actions completed:",)), Bullets(tuple(
                (a.action.text, f" (done {day_label(a.done.date)})" if a.done else "")
                for a in q.closed))]
        story.append(Sub(tuple(title), tuple(inner)))
    ratings = rating_grid(site.position).get(objective.id, {})
    quarters = plan.quarters()
    strip = Table(tuple(short_quarter(plan, q) for q in quarters), (tuple(
        (Rag(ratings[q], short=True),) if q in ratings else
        (("to come",) if q > site.position.quarter else ("·",)) for q in quarters),),
        tuple(range(len(quarters))))
    now: Line = ("Rating at ", long_day(site.day), ": ", Rag(o.rag))
    if o.rag is not None:
        now += (", ", Travel(o.trend))
    return Document(objective.title, tuple(intro), (
        Section("now", "Where it stands", (Para(now), strip)),
        Section("outputs", "Outputs", (Bullets(outputs),) if outputs else (),
                "No outputs are listed for this objective."),
        Section("story", "Quarter by quarter", tuple(story), "Not yet rated."),
    ))


def history_page(site: Site) -> Document:
    plan = site.plan
    grid = rating_grid(site.position)
    quarters = plan.quarters()
    blocks: list[Block] = []
    for p in plan.priorities:
        rows = []
        for o in plan.objectives_of(p.id):
            ratings = grid.get(o.id, {})
            cells: list[Line] = [(Link(_objective_href(o), o.title),)]
            cells += [(Rag(ratings[q], short=True),) if q in ratings else
                      ("" if q > site.position.quarter else "·",) for q in quarters]
            rows.append(tuple(cells))
        heads = ("Objective", *(short_quarter(plan, q) for q in quarters))
        blocks.append(Sub((Link(_priority_href(p), p.title),),
                          (Table(heads, tuple(rows), tuple(range(1, len(heads)))),)))
    key: list[Inline] = ["Key: "]
    for i, r in enumerate(plan.scheme.ratings):
        key += [*(["; "] if i else []), Rag(r, short=True), f" {r.word}"]
    key += ["; · not rated; an empty cell is a quarter still to come."]
    return Document("Ratings by quarter", ((plan.title, f": {plan.period_label()}."),),
                    (Section("grid", "Every objective, every quarter",
                             (Para(tuple(key)), *blocks)),))


def archive_page(site: Site) -> Document:
    rows = []
    for s in site.snapshots:
        name = _snapshot_name(s)
        rows.append(((Link(f"{s.month.key()}.html", s.month.label()),),
                     (Link(f"{name}.html", "HTML"), " · ", Link(f"{name}.docx", "Word"), " · ",
                      Link(f"{name}.md", "Markdown"))))
    return Document("Monthly SLI snapshots", ((
        "Progress against the plan, projects, upcoming events and ADPH updates, "
        "month by month, newest first.",),), (
        Section("archive", "The archive", (Table(("Month", "Download"), tuple(rows)),)
                if rows else (), "No snapshot yet."),))


def page(doc: Document, site: Site, root: str) -> bytes:
    footer = (f"{site.plan.title}. Built by sli from the plan folder; the position at "
              f"{long_day(site.day)}.")
    html = render("site.html.j2", doc=doc, title=f"{doc.title} | {site.plan.network} SLI",
                  banner="" if site.public else SITE_BANNER, root=root,
                  home=f"{site.plan.network} SLI", footer=footer)
    return html.encode("utf-8")


def site_files(site: Site) -> dict[str, bytes]:
    """Every file of the site: relative path to bytes."""
    files: dict[str, bytes] = {"index.html": page(index_page(site), site, ""),
                               "history.html": page(history_page(site), site, "")}
    for p in site.plan.priorities:
        files[f"priorities/{p.id}.html"] = page(priority_page(site, p), site, "../")
    for o in site.position.objectives:
        files[f"objectives/{o.objective.id}.html"] = page(objective_page(site, o), site,
                                                          "../")
    files["snapshots/index.html"] = page(archive_page(site), site, "../")
    for s in site.snapshots:
        doc = snapshot_document(s)
        name = _snapshot_name(s)
        files[f"snapshots/{s.month.key()}.html"] = page(
            Document(doc.title, doc.intro, doc.sections, doc.closing, doc.notes,
                     banner=""), site, "../")
        files[f"snapshots/{name}.html"] = email_ready(document_html(doc)).encode("utf-8")
        files[f"snapshots/{name}.docx"] = document_docx(doc, day=s.day,
                                                        author=site.plan.coordinator)
        files[f"snapshots/{name}.md"] = document_markdown(doc).encode("utf-8")
    return dict(sorted(files.items()))
