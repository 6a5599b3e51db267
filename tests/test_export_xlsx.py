"""``sli export --format xlsx`` and ``--excel`` CSV; the round trip through
``sli import``."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import SliRunner
from tests.helpers import EXAMPLE, tree, write_plan


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLI_TODAY", "2024-03-31")


@pytest.fixture
def example(tmp_path: Path) -> Path:
    folder = tmp_path / "sw"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns(".sli", "*.py"))
    return folder


def test_workbook_sheets_and_layout(sli: SliRunner, example: Path, tmp_path: Path) -> None:
    result = sli("export", "--plan", str(example), "--format", "xlsx", "-o", "sw.xlsx")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == "Wrote sw.xlsx\n"
    book = openpyxl.load_workbook(tmp_path / "sw.xlsx")
    assert book.sheetnames == ["Status", "History", "Actions", "Events", "Updates", "Key"]
    for ws in book.worksheets:
        assert ws["A1"].value == "South West ADPH SLI Action Plan 2022-2024"
        assert ws.freeze_panes is not None and ws.freeze_panes.endswith("4")
        assert ws.auto_filter.ref is not None and ws.auto_filter.ref.startswith("A3:")
        assert ws.column_dimensions["A"].width >= 4
        assert ws.page_setup.orientation == "landscape"
        assert ws.page_setup.fitToWidth == 1
        assert ws.print_title_rows == "$3:$3"
    status = book["Status"]
    assert status["A2"].value == "Position at 2023/24 Q4, as of 31/03/2024"
    assert [c.value for c in status[3]] == [
        "ID", "Objective", "Lead", "Rating", "Direction of travel", "Previous rating",
        "Rated in", "Open actions", "Overdue actions", "Stale"]
    assert status["A4"].value == "P1"  # a priority heading row, then its objectives
    assert status["A5"].value == "KO1"
    rating = status["D5"]
    assert rating.value in ("Red", "Amber", "Green", "Blue", "Grey")
    fills = {"Red": "FFC7CE", "Amber": "FFEB9C", "Green": "C6EFCE", "Blue": "BDD7EE",
             "Grey": "D9D9D9"}
    assert rating.fill.fgColor.rgb[-6:] == fills[rating.value]
    history = book["History"]
    assert history.freeze_panes == "H4"
    assert history["H3"].value == "2022/23 Q1 RAG"
    assert history["O3"].value == "2023/24 Q4 RAG"
    assert history["H4"].fill.fgColor.rgb[-6:] == fills[history["H4"].value]
    actions = book["Actions"]
    assert isinstance(actions["E4"].value, type(actions["E4"].value))
    raised = actions["E4"].value
    assert raised is not None and raised.date() >= date(2022, 4, 1)
    assert actions["E4"].number_format == "dd/mm/yyyy"
    key = book["Key"]
    assert [key.cell(r, 1).value for r in range(4, 9)] == ["Red", "Amber", "Green", "Blue",
                                                           "Grey"]


def test_text_is_never_a_formula(sli: SliRunner, tmp_path: Path) -> None:
    folder = write_plan(tmp_path / "p")
    plan = (folder / "plan.toml").read_text(encoding="utf-8")
    plan = plan.replace('title = "Youth vaping"', 'title = "=HYPERLINK(\\"http://x\\",\\"y\\")"')
    plan = plan.replace('title = "Tobacco control"', 'title = "+44 tobacco"')
    (folder / "plan.toml").write_text(plan, encoding="utf-8")
    result = sli("export", "--plan", str(folder), "--format", "xlsx", "-o", "p.xlsx")
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(tmp_path / "p.xlsx")
    history = book["History"]
    cells = {history.cell(r, 6).value: history.cell(r, 6) for r in range(4, 7)}
    title = '=HYPERLINK("http://x","y")'
    assert cells[title].data_type == "s"
    assert history.cell(6, 2).value == "+44 tobacco"
    assert history.cell(6, 2).data_type == "s"
    # Nowhere in the file is there a formula.
    import zipfile

    with zipfile.ZipFile(tmp_path / "p.xlsx") as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(name)


def test_workbook_needs_a_file(sli: SliRunner, example: Path) -> None:
    before = tree(example)
    result = sli("export", "--plan", str(example), "--format", "xlsx")
    assert result.exit_code == 2
    assert result.stderr == "sli: a workbook cannot be shown on the screen: give -o FILE.xlsx\n"
    assert tree(example) == before


def test_csv_for_excel_has_a_byte_order_mark(sli: SliRunner, tmp_path: Path) -> None:
    folder = write_plan(tmp_path / "p")
    result = sli("meeting", "record", "--plan", str(folder), "--priority", "P2",
                 "--date", "12/07/2023", "--yes", "--rag", "KO3=amber",
                 "--progress", "KO3=Costs £45k, agreed")
    assert result.exit_code == 0, result.output
    assert sli("export", "--plan", str(folder), "--format", "csv", "--excel",
               "-o", "r.csv").exit_code == 0
    data = (tmp_path / "r.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbfplan,quarter,")
    assert "Costs £45k, agreed".encode() in data
    assert sli("export", "--plan", str(folder), "--format", "csv",
               "-o", "plain.csv").exit_code == 0
    assert (tmp_path / "plain.csv").read_bytes() == data[3:]


def test_excel_only_with_csv(sli: SliRunner, example: Path) -> None:
    result = sli("export", "--plan", str(example), "--format", "json", "--excel")
    assert result.exit_code == 2
    assert result.stderr == ("sli: --excel goes with --format csv (a workbook is always read "
                             "right)\n")


# -- the round trip ----------------------------------------------------------
NAME = st.from_regex(r"[=+@A-Za-z£é'\"][A-Za-z0-9£é=+@'\"(), -]{0,18}[A-Za-z0-9£é)]",
                     fullmatch=True).filter(lambda t: "  " not in t)
RATINGS = st.sampled_from([None, "red", "amber", "green", "blue", "grey"])


@st.composite
def small_plans(draw: st.DrawFn) -> tuple[str, int, dict[str, list[list[str | None]]]]:
    """plan.toml text, its number of quarters, and objective id -> ratings by quarter."""
    years = draw(st.integers(1, 2))
    first = draw(st.integers(2020, 2022))
    quarters = years * 4
    lines = ['schema_version = 1', 'id = "gen"', f'title = {q(draw(NAME))}',
             'network = "Test"', f'start = "{first}/{(first + 1) % 100:02d} Q1"',
             f'end = "{first + years - 1}/{(first + years) % 100:02d} Q4"',
             'sli_lead = "Lead"', 'coordinator = "Co-ordinator"']
    ratings: dict[str, list[str | None]] = {}
    number = 0
    for p in range(1, draw(st.integers(1, 3)) + 1):
        lines += ["[[priorities]]", f'id = "P{p}"', f"title = {q(draw(NAME))}",
                  f"dph_lead = {q(draw(NAME))}"]
        if draw(st.booleans()):
            lines.append(f"deputy_lead = {q(draw(NAME))}")
        for _ in range(draw(st.integers(1, 3))):
            number += 1
            lines += ["[[objectives]]", f'id = "KO{number}"', f'priority = "P{p}"',
                      f"title = {q(draw(NAME))}", f"lead = {q(draw(NAME))}"]
            ratings[f"KO{number}"] = draw(st.lists(RATINGS, min_size=quarters,
                                                   max_size=quarters))
    return "\n".join(lines) + "\n", quarters, ratings


def q(text: str) -> str:
    from sli_cli.core.text import toml_string

    return toml_string(text)


def positions(folder: Path) -> list[list[tuple[object, ...]]]:
    """For every quarter of the plan, each objective's position."""
    from sli_cli.records.workspace import open_workspace
    from sli_cli.views.position import compute_position, default_cutoff

    ws = open_workspace(folder)
    found = []
    for quarter in ws.plan.quarters():
        cutoff, _ = default_cutoff(ws.plan, quarter=quarter)
        position = compute_position(ws.plan, ws.records, cutoff)
        found.append([(o.objective.id, o.objective.title, o.objective.lead, o.priority.id,
                       o.priority.title, o.priority.dph_lead, o.priority.deputy_lead,
                       o.current.rag if o.current else None,
                       o.current.quarter if o.current else None,
                       o.trend, o.stale) for o in position.objectives])
    return found


@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(small_plans())
def test_export_then_import_gives_the_same_position(
        tmp_path_factory: pytest.TempPathFactory,
        generated: tuple[str, int, dict[str, list[str | None]]]) -> None:
    from sli_cli.cli.main import run
    from sli_cli.plan.model import Rating
    from sli_cli.recording.write import record_meetings
    from sli_cli.records.meeting import Meeting, Outcome
    from tests.helpers import load_plan

    text, quarters, ratings = generated
    base = tmp_path_factory.mktemp("rt")
    source = base / "source"
    source.mkdir()
    (source / "plan.toml").write_text(text, encoding="utf-8")
    plan = load_plan(source)
    meetings = []
    for index, quarter in enumerate(plan.quarters()):
        for priority in plan.priorities:
            outcomes = tuple(Outcome(o.id, Rating(r)) for o in plan.objectives_of(priority.id)
                             if (r := ratings[o.id][index]) is not None)
            if outcomes:
                meetings.append(Meeting(priority.id, quarter, quarter.last_day(), (),
                                        outcomes))
    record_meetings(source, plan, meetings, today=date(2024, 3, 31))
    workbook = base / "export.xlsx"
    assert run(["export", "--plan", str(source), "--format", "xlsx", "-o",
                str(workbook)]) == 0
    assert run(["import", str(workbook), "--plan", str(base / "copy")]) == 0
    assert positions(base / "copy") == positions(source)
    assert quarters == len(plan.quarters())


def test_exported_workbook_imported_into_its_own_folder_adds_nothing(
        sli: SliRunner, example: Path, tmp_path: Path) -> None:
    """The History sheet holds ratings only: the narratives and meeting dates
    it does not show are no conflict with the records that have them."""
    assert sli("export", "--plan", str(example), "--format", "xlsx", "-o",
               "sw.xlsx").exit_code == 0
    before = tree(example)
    result = sli("import", "sw.xlsx", "--plan", str(example))
    assert result.exit_code == 0, result.output
    assert result.stderr.endswith("Nothing to import: every rating in sw.xlsx is already "
                                  "recorded (40 meetings); nothing was written.\n")
    assert tree(example) == before
