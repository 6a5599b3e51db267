"""sli project: the register of QI projects badged under SLI, and where the
snapshot and the report show them."""

from __future__ import annotations

import json
import textwrap
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from sli_cli.core.months import Month
from sli_cli.recording.projects import add_project, new_project, update_project
from sli_cli.records import project as project_kind
from sli_cli.records.project import ProjectStatus, current_projects, parse_project
from sli_cli.records.update import Update, UpdateKind
from sli_cli.views.projects import month_spotlights, year_projects
from tests.conftest import SliRunner
from tests.helpers import load_plan, load_records, tree, write_plan


@pytest.fixture
def plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SLI_TODAY", "2023-11-10")
    return write_plan(tmp_path / "p")


def _add(sli: SliRunner, plan: Path, *args: str) -> str:
    result = sli("project", "add", "--plan", str(plan), *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout.strip()


def test_add_writes_a_record_and_list_shows_it(sli: SliRunner, plan: Path) -> None:
    project_id = _add(sli, plan, "--title", " Bereavement  referrals ", "--council", "Torbay",
                      "--objective", "ko2", "--contact", "Consultant in Public Health",
                      "--date", "12/09/2023", "--status", "Proposed")
    assert project_id.startswith("Q") and len(project_id) == 5
    [path] = (plan / "projects").iterdir()
    assert path.name.startswith(project_id + ".") and path.name.endswith(".toml")
    text = path.read_text(encoding="utf-8")
    assert "schema_version = 2\n" in text and 'status = "proposed"' in text
    [p] = load_records(plan).of(project_kind.KIND)
    assert (p.title, p.council, p.objective, p.contact, p.status, p.badged, p.recorded_by) == (
        "Bereavement referrals", "Torbay", "KO2", "Consultant in Public Health",
        ProjectStatus.PROPOSED, date(2023, 9, 12), "tester")
    listed = sli("project", "list", "--plan", str(plan), "--format", "json")
    assert json.loads(listed.stdout) == [{
        "id": project_id, "badged": "2023-09-12", "status": "proposed",
        "title": "Bereavement referrals", "council": "Torbay", "objective": "KO2",
        "contact": "Consultant in Public Health", "outcome": "", "internal": False}]
    assert sli("check", "--plan", str(plan)).exit_code == 0


def test_list_filters_by_status_in_every_format(sli: SliRunner, plan: Path) -> None:
    first = _add(sli, plan, "--title", "Vaping in schools", "--date", "2023-10-01")
    _add(sli, plan, "--title", "Old work", "--date", "2023-04-01", "--status", "complete")
    md = sli("project", "list", "--plan", str(plan), "--status", "ACTIVE", "-f", "md").stdout
    assert md.splitlines()[2].startswith(f"| {first} | 2023-10-01 | active | Vaping in schools")
    assert len(md.splitlines()) == 3
    csv = sli("project", "list", "--plan", str(plan), "-f", "csv").stdout
    assert csv.splitlines()[0] == ("id,badged,status,title,council,objective,contact,outcome,"
                                   "internal")
    assert [line.split(",")[3] for line in csv.splitlines()[1:]] == ["Old work",
                                                                    "Vaping in schools"]
    table = sli("project", "list", "--plan", str(plan))
    assert table.exit_code == 0 and all(len(line) <= 80 for line in table.stdout.splitlines())
    none = sli("project", "list", "--plan", str(plan), "--status", "stopped")
    assert (none.exit_code, none.stdout, none.stderr) == (0, "", "No stopped projects.\n")


def test_update_writes_a_new_version_and_keeps_the_first(sli: SliRunner, plan: Path) -> None:
    project_id = _add(sli, plan, "--title", "Smoking in pregnancy", "--date", "2023-06-01")
    [first] = (plan / "projects").iterdir()
    before = first.read_bytes()
    result = sli("project", "update", project_id.lower(), "--plan", str(plan),
                 "--status", "complete", "--outcome", "Fewer smokers at delivery.",
                 "--change-note", "Finished in October")
    assert result.exit_code == 0, result.stderr
    assert first.read_bytes() == before
    versions = load_records(plan).of(project_kind.KIND)
    assert len(versions) == 2
    [now] = current_projects(versions)
    original = next(v for v in versions if v is not now)
    assert now.amends == (original.uid,)
    assert (now.status, now.outcome, now.change_note, now.title) == (
        ProjectStatus.COMPLETE, "Fewer smokers at delivery.", "Finished in October",
        "Smoking in pregnancy")
    listed = json.loads(sli("project", "list", "--plan", str(plan), "-f", "json").stdout)
    assert [(p["status"], p["outcome"]) for p in listed] == [
        ("complete", "Fewer smokers at delivery.")]
    assert sli("check", "--plan", str(plan)).exit_code == 0


@pytest.mark.parametrize(("args", "code", "message"), [
    (["add", "--title", "  ", "--date", "2023-10-01"], 2,
     "sli: --title is empty; give a short title\n"),
    (["add", "--title", "x", "--date", "2023-10-01", "--objective", "KO4"], 2,
     "sli: no objective 'KO4' in this plan (did you mean 'KO3'?); see: sli objective list\n"),
    (["add", "--title", "x", "--date", "2019-10-01"], 2,
     "sli: --date 2019-10-01 is outside the plan period (2022-04-01 to 2024-03-31, or up to "
     "2024-06-30: the quarter after the plan, when its last quarter's meetings are held)\n"),
    (["add", "--title", "x", "--date", "2023-10-01", "--status", "done"], 2,
     "sli: --status 'done' is not a project status (proposed, active, complete, stopped)\n"),
    (["add", "--title", "x", "--date", "2023-10-01", "--outcome", "y", "--edit"], 2,
     "sli: give the outcome with --outcome or write it with --edit, not both\n"),
    (["update", "Q2222", "--status", "complete", "--change-note", "done"], 2,
     "sli: no project 'Q2222' in this plan; see: sli project list\n"),
    (["update", "{id}", "--status", "finished", "--change-note", "done"], 2,
     "sli: --status 'finished' is not a project status (proposed, active, complete, "
     "stopped)\n"),
    (["update", "{id}", "--status", "complete", "--change-note", "  "], 2,
     "sli: --change-note: a new version of a project needs a change note saying what "
     "changed and why\n"),
    (["update", "{id}", "--objective", "KO9", "--change-note", "moved"], 2,
     "sli: no objective 'KO9' in this plan (did you mean 'KO3'?); see: sli objective list\n"),
    (["update", "{id}", "--status", "active", "--change-note", "again"], 1,
     "sli: project {id} already reads like that; nothing was recorded\n"),
])
def test_bad_input_leaves_the_folder_as_it_was(sli: SliRunner, plan: Path, args: list[str],
                                               code: int, message: str) -> None:
    project_id = _add(sli, plan, "--title", "Existing", "--date", "2023-05-01")
    before = tree(plan)
    args = [a.replace("{id}", project_id) for a in args]
    result = sli("project", *args, "--plan", str(plan))
    assert (result.exit_code, result.stdout, result.stderr) == (
        code, "", message.replace("{id}", project_id))
    assert tree(plan) == before


def test_an_unknown_project_id_names_the_nearest(sli: SliRunner, plan: Path) -> None:
    project_id = _add(sli, plan, "--title", "Existing", "--date", "2023-05-01")
    wrong = project_id[:-1] + ("2" if project_id[-1] != "2" else "3")
    result = sli("project", "update", wrong, "--status", "stopped", "--change-note", "x",
                 "--plan", str(plan))
    assert result.exit_code == 2
    assert f"(did you mean '{project_id}'?)" in result.stderr


def test_a_record_with_a_bad_status_is_reported_at_its_line() -> None:
    data = (b'schema_version = 2\nuid = "k3f9mq2x"\nid = "Q7KQ2"\ntitle = "x"\n'
            b'status = "finished"\nbadged = 2023-01-02\n')
    project, problems = parse_project(data, "projects/Q7KQ2.k3f9mq2x.toml")
    assert project is None
    assert [(p.line, "proposed, active, complete, stopped" in p.message) for p in problems] == [
        (5, True)]


def _register(plan: Path, title: str, badged: date, *, status: str = "active",
              stamp: datetime | None = None) -> str:
    p = new_project(load_plan(plan), title=title, status=status, badged=badged,
                    council="Devon", objective="KO1", contact="DPH, Devon")
    return add_project(plan, p, stamp=stamp or datetime(2023, 11, 1, tzinfo=UTC), by="a").id


def _older_update(plan: Path, title: str, month: str) -> None:
    from sli_cli.recording.write import add_update

    add_update(plan, Update(id="", kind=UpdateKind.PROJECT, month=month, title=title,
                            text="From before the register."))


def test_spotlight_shows_registered_projects_and_older_updates_once(plan: Path) -> None:
    _register(plan, "Real-time surveillance QI", date(2023, 11, 3))
    _register(plan, "Badged in October", date(2023, 10, 3))
    _older_update(plan, "Real-time  surveillance qi", "2023-11")  # the same project
    _older_update(plan, "Vaping survey", "2023-11")
    records = load_records(plan)
    shown = month_spotlights(records, Month(2023, 11), date(2023, 11, 30))
    assert [u.title for u in shown] == ["Real-time surveillance QI", "Vaping survey"]
    assert shown[0].text == "Devon; Active; badged 3 November 2023; contact: DPH, Devon."
    assert shown[0].objective == "KO1"


def test_spotlight_shows_a_project_in_the_month_it_changed(plan: Path) -> None:
    project_id = _register(plan, "Suicide audit", date(2023, 6, 3))
    assert month_spotlights(load_records(plan), Month(2023, 11), date(2023, 11, 30)) == []
    update_project(plan, load_plan(plan), project_id, status="complete",
                   outcome="Audit shared with all councils.", change_note="done",
                   stamp=datetime(2023, 11, 20, tzinfo=UTC), by="b")
    [shown] = month_spotlights(load_records(plan), Month(2023, 11), date(2023, 11, 30))
    assert shown.text.endswith("\n\nAudit shared with all councils.")
    assert "Complete" in shown.text


def test_report_year_lists_projects_of_the_year(plan: Path) -> None:
    _register(plan, "This year", date(2023, 5, 1))
    _register(plan, "Open from last year", date(2022, 5, 1))
    _register(plan, "Closed last year", date(2022, 6, 1), status="complete",
              stamp=datetime(2022, 7, 1, tzinfo=UTC))
    _older_update(plan, "This year", "2023-06")
    _older_update(plan, "Earlier update", "2023-04")
    shown = year_projects(load_records(plan), date(2023, 4, 1), date(2024, 3, 31))
    assert [(u.month, u.title) for u in shown] == [
        ("2022-05", "Open from last year"), ("2023-04", "Earlier update"),
        ("2023-05", "This year")]


def test_snapshot_and_report_documents_show_registered_projects(sli: SliRunner,
                                                                plan: Path) -> None:
    _add(sli, plan, "--title", "Peer-led vaping QI", "--date", "2023-11-02", "--council",
         "Somerset", "--objective", "KO3")
    _add(sli, plan, "--title", "Internal QI", "--date", "2023-11-03", "--internal")
    snap = sli("snapshot", "--plan", str(plan), "--month", "2023-11", "-f", "md")
    assert snap.exit_code == 0, snap.stderr
    section = snap.stdout.split("Quality improvement projects", 1)[1]
    assert "Peer-led vaping QI" in section and "Somerset; Active" in section
    assert "Internal QI" in section
    public = sli("snapshot", "--plan", str(plan), "--month", "2023-11", "-f", "md", "--public")
    assert "Peer-led vaping QI" in public.stdout and "Internal QI" not in public.stdout
    report = sli("report", "--plan", str(plan), "--year", "2023/24", "-f", "md")
    assert report.exit_code == 0, report.stderr
    assert "### Peer-led vaping QI (2023-11)" in report.stdout


def test_the_readme_examples_run(sli: SliRunner, tmp_path: Path,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import re
    import shlex
    import shutil

    from tests.helpers import EXAMPLE, REPO

    monkeypatch.setenv("SLI_TODAY", "2023-11-10")
    folder = tmp_path / "sw"
    folder.mkdir()
    shutil.copy(EXAMPLE / "plan.toml", folder / "plan.toml")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    found = re.search(r"Quality improvement work badged under SLI.*?```sh\n(.*?)```", readme,
                      re.S)
    assert found is not None
    commands = [shlex.split(c) for c in found.group(1).replace("\\\n", " ").splitlines()]
    assert [c[:3] for c in commands] == [["sli", "project", "add"], ["sli", "project", "list"],
                                        ["sli", "project", "update"]]
    added = sli(*commands[0][1:], "--plan", str(folder))
    assert added.exit_code == 0, added.stderr
    listed = sli(*commands[1][1:], "--plan", str(folder))
    assert listed.exit_code == 0 and "Smoking in pregnancy QI" in listed.stdout
    update = [added.stdout.strip() if a == "Q7KQ2" else a for a in commands[2][1:]]
    updated = sli(*update, "--plan", str(folder))
    assert updated.exit_code == 0, updated.stderr
    assert "complete" in sli("project", "list", "--plan", str(folder)).stdout


def test_add_with_edit_writes_the_outcome_in_the_editor(sli: SliRunner, plan: Path,
                                                         tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.test_meeting_from import editor

    folder = editor(tmp_path, monkeypatch, "Referral times halved.\n# left out\n", "# none\n")
    project_id = _add(sli, plan, "--title", "Referrals QI", "--date", "2023-10-01", "--edit")
    assert "# Referrals QI" in (folder / "seen-0.toml").read_text()
    [p] = load_records(plan).of(project_kind.KIND)
    assert (p.id, p.outcome) == (project_id, "Referral times halved.")
    before = tree(plan)
    empty = sli("project", "add", "--plan", str(plan), "--title", "x", "--date", "2023-10-01",
                "--edit")
    assert (empty.exit_code, empty.stderr) == (
        2, "sli: no outcome was written; nothing was recorded\n")
    assert tree(plan) == before


def test_check_reports_a_hand_edited_project_at_its_line(sli: SliRunner, plan: Path) -> None:
    _add(sli, plan, "--title", "Existing", "--date", "2023-05-01", "--objective", "KO1")
    [path] = (plan / "projects").iterdir()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('objective = "KO1"', 'objective = "KO4"')
                    .replace("badged = 2023-05-01", "badged = 2019-05-01"), encoding="utf-8")
    result = sli("check", "--plan", str(plan))
    assert result.exit_code == 1
    lines = {line.split(": ", 1)[0]: line for line in result.output.splitlines()
             if "project " in line}
    badged = text.splitlines().index("badged = 2023-05-01") + 1
    objective = text.splitlines().index('objective = "KO1"') + 1
    assert any(k.endswith(f":{objective}") and "objective KO4 is not defined (did you mean"
               in v for k, v in lines.items())
    assert any(k.endswith(f":{badged}") and "badged 2019-05-01 is outside the plan period"
               in v for k, v in lines.items())


def test_a_council_must_be_one_the_plan_lists(sli: SliRunner, tmp_path: Path) -> None:
    from tests.helpers import SMALL_PLAN

    folder = write_plan(tmp_path / "c", SMALL_PLAN + textwrap.dedent("""
        [[councils]]
        name = "Torbay"
        dph = "DPH, Torbay"

        [[councils]]
        name = "Devon"
        dph = "DPH, Devon"
        """))
    project_id = _add(sli, folder, "--title", "x", "--date", "2023-10-01", "--council", "torbay")
    [p] = load_records(folder).of(project_kind.KIND)
    assert (p.id, p.council) == (project_id, "Torbay")
    before = tree(folder)
    result = sli("project", "add", "--plan", str(folder), "--title", "y", "--date",
                 "2023-10-01", "--council", "Torbey")
    assert result.exit_code == 2
    assert "no council 'Torbey' in this plan (did you mean 'Torbay'?)" in result.stderr
    assert tree(folder) == before


def test_a_project_is_badged_under_an_objective_running_that_day(
        sli: SliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On the example: KO16 runs from 2023/24 Q2 and KO9 retired then. A
    project badged before KO16 began, or after KO9 retired, is refused with
    why; a later version may still move a project on to KO16."""
    import shutil

    from tests.helpers import EXAMPLE

    monkeypatch.setenv("SLI_TODAY", "2024-03-31")
    folder = tmp_path / "sw"
    shutil.copytree(EXAMPLE, folder)
    before = tree(folder)
    for objective, day, message in (
            ("KO16", "1/5/2023", "sli: --objective: KO16 was added in 2023/24 Q2, after "
                                 "2023-05-01, the day the project was badged\n"),
            ("KO9", "1/3/2024", "sli: --objective: KO9 retired in 2023/24 Q2 (now KO16), "
                                "before 2024-03-01, the day the project was badged; link it "
                                "to the objective that carries the work on\n")):
        result = sli("project", "add", "--title", "x", "--objective", objective, "--date", day,
                     "--plan", str(folder))
        assert (result.exit_code, result.stderr) == (2, message)
    assert tree(folder) == before
    project_id = _add(sli, folder, "--title", "y", "--objective", "KO9", "--date", "1/5/2023")
    moved = sli("project", "update", project_id, "--objective", "KO16", "--change-note",
                "KO9 retired; the work goes on under KO16", "--plan", str(folder))
    assert moved.exit_code == 0, moved.stderr
