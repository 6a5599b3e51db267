"""``sli import``: three differently shaped trackers imported with a mapping,
the positions they give, importing twice, conflicts."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from tests import tracker_data as data
from tests.conftest import SliRunner
from tests.helpers import tree, write_plan


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLI_TODAY", "2024-03-31")


def positions(sli: SliRunner, folder: Path, quarter: str) -> dict[str, tuple[str | None, str]]:
    """Objective id -> (rating, quarter rated) from ``sli status --format json``."""
    result = sli("status", "--plan", str(folder), "--format", "json", "--quarter", quarter)
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    return {o["id"]: (o["rag"], o["rated_quarter"] or "") for o in doc["objectives"]}


def meeting_text(folder: Path, quarter: str, priority: str) -> str:
    """The one meeting record of ``priority`` for ``quarter`` (its folder name)."""
    found = sorted((folder / "meetings" / quarter).glob(f"{priority}*.toml"))
    assert len(found) == 1, found
    return found[0].read_text(encoding="utf-8")


def do_import(sli: SliRunner, tracker: Path, mapping_text: str, folder: Path,
              *extra: str) -> tuple[int, str, str]:
    mapping = tracker.with_suffix(".map.toml")
    mapping.write_text(mapping_text, encoding="utf-8")
    result = sli("import", str(tracker), "--plan", str(folder), "--mapping", str(mapping),
                 *extra)
    return result.exit_code, result.stdout, result.stderr


def test_merged_cells_header_on_row_4(sli: SliRunner, tmp_path: Path) -> None:
    tracker = data.merged_tracker(tmp_path / "tracker.xlsx")
    code, stdout, stderr = do_import(sli, tracker, data.MERGED_MAPPING, tmp_path / "ne")
    assert code == 0, stderr
    assert "A new plan.toml: 2 priorities, 5 objectives, 2023/24 Q1 to 2023/24 Q4." in stdout
    assert "4 meetings with 9 ratings from tracker.xlsx:" in stdout
    assert positions(sli, tmp_path / "ne", "2023/24 Q1") == {
        "KO1": ("amber", "2023/24 Q1"), "KO2": ("red", "2023/24 Q1"),
        "KO3": ("green", "2023/24 Q1"), "KO4": ("green", "2023/24 Q1"),
        "KO5": ("amber", "2023/24 Q1")}
    assert positions(sli, tmp_path / "ne", "2023/24 Q2") == {
        "KO1": ("green", "2023/24 Q2"), "KO2": ("amber", "2023/24 Q2"),
        "KO3": ("green", "2023/24 Q1"), "KO4": ("blue", "2023/24 Q2"),
        "KO5": ("red", "2023/24 Q2")}
    plan = (tmp_path / "ne" / "plan.toml").read_text(encoding="utf-8")
    # The lead and deputy written once, in merged cells, belong to the priority.
    assert 'title = "Tobacco and vaping"\ndph_lead = "DPH, Durham"\n' \
           'deputy_lead = "DPH, Gateshead"' in plan
    assert 'id = "KO3"\npriority = "P1"\ntitle = "Stop smoking service uptake"\n' \
           'lead = "DPH, Durham"' in plan
    assert 'network = "North East"' in plan
    # Definitions from the Key sheet where it gives them; sli's own elsewhere.
    assert 'red = "Off track: escalate to the SLI lead"\namber = "Issues or risks ' \
           'identified: may slip without action."\ngreen = "On track for the year\'s outputs"' \
           in plan
    # The meeting date came from serial numbers; both Q2 narrative columns kept.
    q1 = meeting_text(tmp_path / "ne", "2023-24-Q1", "P1")
    assert "date = 2023-07-18" in q1
    assert '[[imported]]\nfile = "tracker.xlsx"\nsheet = "2023-24"\nrows = [\n    5,\n' \
           '    6,\n    7,\n]' in q1
    q2 = meeting_text(tmp_path / "ne", "2023-24-Q2", "P1")
    assert 'progress = """\nFour trusts live\n\nFunding agreed"""' in q2
    assert "date = 2023-09-30" in q2  # no date column: the quarter's last day
    check = sli("check", "--plan", str(tmp_path / "ne"))
    assert check.exit_code == 0, check.output


def test_colour_only_one_sheet_per_year(sli: SliRunner, tmp_path: Path) -> None:
    tracker = data.colour_tracker(tmp_path / "yh.xlsx")
    code, stdout, stderr = do_import(sli, tracker, data.COLOUR_MAPPING, tmp_path / "yh")
    assert code == 0, stderr
    assert "11 meetings with 17 ratings from yh.xlsx:" in stdout
    folder = tmp_path / "yh"
    assert positions(sli, folder, "2022/23 Q1") == {
        "KO1": ("red", "2022/23 Q1"), "KO2": ("grey", "2022/23 Q1"),
        "KO3": ("green", "2022/23 Q1")}
    assert positions(sli, folder, "2022/23 Q3") == {
        "KO1": ("amber", "2022/23 Q3"), "KO2": ("amber", "2022/23 Q3"),
        "KO3": ("green", "2022/23 Q2")}
    assert positions(sli, folder, "2023/24 Q3") == {
        "KO1": ("blue", "2023/24 Q2"), "KO2": ("amber", "2023/24 Q3"),
        "KO3": ("blue", "2023/24 Q1")}
    q1 = meeting_text(folder, "2022-23-Q1", "P1")
    assert "date = 2022-06-20" in q1  # a real date in the sheet


def test_csv_tracker(sli: SliRunner, tmp_path: Path) -> None:
    tracker = data.csv_tracker(tmp_path / "em.csv")
    code, _, stderr = do_import(sli, tracker, data.CSV_MAPPING, tmp_path / "em")
    assert code == 0, stderr
    folder = tmp_path / "em"
    assert positions(sli, folder, "2022/23 Q4") == {
        "KO1": ("red", "2022/23 Q4"), "KO2": ("green", "2022/23 Q4"),
        "KO3": ("amber", "2022/23 Q4")}
    assert positions(sli, folder, "2023/24 Q1") == {
        "KO1": ("amber", "2023/24 Q1"), "KO2": ("green", "2023/24 Q1"),
        "KO3": ("green", "2023/24 Q1")}
    p1 = meeting_text(folder, "2023-24-Q1", "P1")
    assert "date = 2023-07-12" in p1  # day-first text
    assert "Recall letters sent\nin all areas" in p1
    p2 = meeting_text(folder, "2023-24-Q1", "P2")
    assert "Costs £45k, agreed" in p2
    assert "date = 2023-06-30" in p2  # no date on its row: the quarter's last day


def test_importing_twice_writes_nothing(sli: SliRunner, tmp_path: Path) -> None:
    tracker = data.csv_tracker(tmp_path / "em.csv")
    assert do_import(sli, tracker, data.CSV_MAPPING, tmp_path / "em")[0] == 0
    before = tree(tmp_path / "em")
    code, stdout, stderr = do_import(sli, tracker, data.CSV_MAPPING, tmp_path / "em")
    assert code == 0
    assert stdout == ""
    assert stderr == ("Nothing to import: every rating in em.csv is already recorded "
                      "(4 meetings); nothing was written.\n")
    assert tree(tmp_path / "em") == before


def test_new_quarter_in_the_tracker_adds_only_that(sli: SliRunner, tmp_path: Path) -> None:
    tracker = data.merged_tracker(tmp_path / "ne.xlsx")
    first = data.MERGED_MAPPING.split('"2023/24 Q2 RAG"')[0]
    assert do_import(sli, tracker, first, tmp_path / "ne")[0] == 0
    code, stdout, stderr = do_import(sli, tracker, data.MERGED_MAPPING, tmp_path / "ne")
    assert code == 0, stderr
    assert "2 meetings with 4 ratings from ne.xlsx (2 already recorded):" in stdout


def test_conflicts_with_recorded_meetings_are_listed(sli: SliRunner, tmp_path: Path) -> None:
    tracker = data.csv_tracker(tmp_path / "em.csv")
    assert do_import(sli, tracker, data.CSV_MAPPING, tmp_path / "em")[0] == 0
    before = tree(tmp_path / "em")
    tracker.write_text(data.CSV_TRACKER.replace(",R,Uptake 86%", ",A,Uptake 86%")
                       .replace(",A,,Green", ",A,,Red"), encoding="utf-8")
    code, stdout, stderr = do_import(sli, tracker, data.CSV_MAPPING, tmp_path / "em")
    assert code == 1
    assert stdout == ""
    lines = stderr.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("em.csv: row 4: the meeting of P1 2022/23 Q4 is already recorded (")
    assert lines[0].endswith("differently: KO1 amber here, red recorded")
    assert "meetings/2022-23-Q4/P1" in lines[0]
    assert lines[1].endswith("differently: KO3 red here, green recorded")
    assert tree(tmp_path / "em") == before


def test_into_an_existing_plan_by_title(sli: SliRunner, tmp_path: Path) -> None:
    folder = write_plan(tmp_path / "tiny")
    tracker = tmp_path / "tiny.csv"
    tracker.write_text("Objective,Q3 2022/23 RAG,Q3 2022/23 update\n"
                       "Real-time surveillance,Amber,Agreement slipping\n"
                       "youth  VAPING,G,\n", encoding="utf-8")
    mapping = ('[columns]\n"Objective" = "objective"\n"Q3 2022/23 RAG" = "2022/23 Q3 rag"\n'
               '"Q3 2022/23 update" = "2022/23 Q3 progress"\n')
    before = (folder / "plan.toml").read_bytes()
    code, stdout, stderr = do_import(sli, tracker, mapping, folder)
    assert code == 0, stderr
    assert "A new plan.toml" not in stdout
    assert (folder / "plan.toml").read_bytes() == before
    assert positions(sli, folder, "2022/23 Q3") == {
        "KO1": ("amber", "2022/23 Q3"), "KO2": (None, ""), "KO3": ("green", "2022/23 Q3")}


def test_unknown_objective_in_an_existing_plan(sli: SliRunner, tmp_path: Path) -> None:
    folder = write_plan(tmp_path / "tiny")
    tracker = tmp_path / "tiny.csv"
    tracker.write_text("Objective,Q3 2022/23 RAG\nReal-time surveilance,Amber\n",
                       encoding="utf-8")
    before = tree(folder)
    code, _, stderr = do_import(sli, tracker, '[columns]\n"Objective" = "objective"\n'
                                '"Q3 2022/23 RAG" = "2022/23 Q3 rag"\n', folder)
    assert code == 1
    assert stderr == ("tiny.csv: A2: objective 'Real-time surveilance' is not in the plan "
                      "(did you mean 'Real-time surveillance'?); give the tracker an id "
                      "column, or make the titles the same\n")
    assert tree(folder) == before


def test_dry_run_writes_nothing(sli: SliRunner, tmp_path: Path) -> None:
    tracker = data.merged_tracker(tmp_path / "tracker.xlsx")
    code, stdout, stderr = do_import(sli, tracker, data.MERGED_MAPPING, tmp_path / "ne",
                                     "--dry-run")
    assert code == 0
    assert not (tmp_path / "ne").exists()
    assert stdout == (
        "A new plan.toml: 2 priorities, 5 objectives, 2023/24 Q1 to 2023/24 Q4.\n"
        "  P1   Tobacco and vaping (DPH, Durham): 3 objectives\n"
        "  P2   Hypertension and CVD (DPH, Sunderland): 2 objectives\n"
        "4 meetings with 9 ratings from tracker.xlsx:\n"
        "  2023/24 Q1: 2 meetings, 5 ratings\n"
        "  2023/24 Q2: 2 meetings, 4 ratings\n"
        "First rows:\n"
        "  2023/24 Q1  P1   KO1   Amber  2023-07-18  Two trusts live\n"
        "  2023/24 Q1  P1   KO2   Red    2023-07-18  Test purchases paused\n"
        "  2023/24 Q1  P1   KO3   Green  2023-07-18\n"
        "  2023/24 Q1  P2   KO4   Green  2023-07-20  On track\n"
        "  2023/24 Q1  P2   KO5   Amber  2023-07-20  Invites behind\n")
    assert stderr == "Dry run: nothing was written.\n"


def docs_mapping() -> str:
    import re

    from tests.helpers import REPO

    text = (REPO / "docs" / "import.md").read_text(encoding="utf-8")
    match = re.search(r"<!-- import-mapping-example -->\n```toml\n(.*?)```", text, re.S)
    assert match, "the mapping example is missing from docs/import.md"
    return match.group(1)


def test_the_documented_mapping_imports_a_tracker(sli: SliRunner, tmp_path: Path) -> None:
    tracker = data.merged_tracker(tmp_path / "tracker.xlsx")
    code, _, stderr = do_import(sli, tracker, docs_mapping(), tmp_path / "ne")
    assert code == 0, stderr
    plan = (tmp_path / "ne" / "plan.toml").read_text(encoding="utf-8")
    assert 'id = "ne-2023-25"\ntitle = "North East SLI Action Plan 2023-2025"\n' in plan
    assert 'start = "2023/24 Q1"\nend = "2024/25 Q4"\n' in plan
    assert 'coordinator = "NE SLI co-ordinator"' in plan
    assert positions(sli, tmp_path / "ne", "2023/24 Q2")["KO2"] == ("amber", "2023/24 Q2")


def test_the_documented_mapping_reads_without_problems() -> None:
    from sli_cli.recording.importing.mapping import Rating, parse_mapping

    mapping, problems = parse_mapping(docs_mapping().encode(), "docs/import.md")
    assert problems == []
    assert mapping is not None
    assert mapping.colours["FFC000"] is Rating.AMBER
    assert mapping.ratings["not started"] is Rating.GREY
    assert [s.name for s in mapping.sheets] == ["2023-24"]


def test_imported_meetings_count_by_their_dates_as_of(sli: SliRunner, tmp_path: Path) -> None:
    """Back-filled records are recorded today but held on the tracker's dates:
    the position as of a past day counts the meetings held by then."""
    tracker = data.csv_tracker(tmp_path / "em.csv")
    assert do_import(sli, tracker, data.CSV_MAPPING, tmp_path / "em")[0] == 0
    result = sli("status", "--plan", "em", "--format", "json", "--as-of", "2023-07-01")
    assert result.exit_code == 0, result.output
    rated = {o["id"]: (o["rag"], o["rated_quarter"]) for o in json.loads(result.stdout)[
        "objectives"]}
    # P1's 2023/24 Q1 meeting was held on 12 July: not yet on 1 July.
    assert rated["KO1"] == ("red", "2022/23 Q4")
    # P2's had no date: the quarter's last day, 30 June.
    assert rated["KO3"] == ("green", "2023/24 Q1")


def test_one_sheet_per_priority(sli: SliRunner, tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    first = wb.active
    first.title = "Suicide prevention"
    first.append(["Key objective", "Lead", "Q1 2023/24 RAG", "Q2 2023/24 RAG"])
    first.append(["Surveillance", "DPH, Devon", "A", "G"])
    first.append(["Bereavement support", "DPH, Torbay", "R", None])
    second = wb.create_sheet("Vaping")
    second.append(["Notes: refreshed monthly"])
    second.append(["Key objective", "Lead", "Q1 2023/24 RAG", "Q2 2023/24 RAG"])
    second.append(["Retail enforcement", "DPH, Somerset", "green", "blue"])
    wb.save(tmp_path / "by-priority.xlsx")
    mapping = textwrap.dedent("""\
        [[sheets]]
        name = "Suicide prevention"

        [[sheets]]
        name = "Vaping"

        [columns]
        "Key objective" = "objective"
        "Lead" = "objective_lead"
        "Q1 2023/24 RAG" = "2023/24 Q1 rag"
        "Q2 2023/24 RAG" = "2023/24 Q2 rag"
        """)
    folder = write_plan(tmp_path / "tiny", textwrap.dedent("""\
        schema_version = 1
        id = "tiny"
        title = "Tiny"
        network = "South West"
        start = "2023/24 Q1"
        end = "2023/24 Q4"
        sli_lead = "DPH, Wiltshire"
        coordinator = "SW SLI co-ordinator"
        [[priorities]]
        id = "SP"
        title = "Suicide prevention"
        dph_lead = "DPH, Devon"
        [[priorities]]
        id = "TV"
        title = "Tobacco and vaping"
        dph_lead = "DPH, Somerset"
        [[objectives]]
        id = "S1"
        priority = "SP"
        title = "Surveillance"
        lead = "DPH, Devon"
        [[objectives]]
        id = "S2"
        priority = "SP"
        title = "Bereavement support"
        lead = "DPH, Torbay"
        [[objectives]]
        id = "T1"
        priority = "TV"
        title = "Retail enforcement"
        lead = "DPH, Somerset"
        """))
    code, _, stderr = do_import(sli, tmp_path / "by-priority.xlsx", mapping, folder)
    assert code == 0, stderr
    assert positions(sli, folder, "2023/24 Q2") == {
        "S1": ("green", "2023/24 Q2"), "S2": ("red", "2023/24 Q1"),
        "T1": ("blue", "2023/24 Q2")}
    p1 = meeting_text(folder, "2023-24-Q1", "SP")
    assert 'sheet = "Suicide prevention"\nrows = [\n    2,\n    3,\n]' in p1


def test_a_folder_with_other_things_is_not_a_new_plan(sli: SliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    before = tree(folder)
    tracker = data.csv_tracker(tmp_path / "em.csv")
    code, stdout, stderr = do_import(sli, tracker, data.CSV_MAPPING, folder)
    assert code == 2
    assert stdout == ""
    assert stderr == ("sli: documents has no plan.toml and is not empty: import into a new "
                      "or empty folder, or into a plan folder\n")
    assert tree(folder) == before


@pytest.mark.parametrize("encoding, delimiter", [("cp1252", ";"), ("utf-8-sig", "\t")])
def test_csv_as_excel_saves_it(sli: SliRunner, tmp_path: Path, encoding: str,
                               delimiter: str) -> None:
    """Excel's "CSV" in a European locale uses semicolons; on Windows it is
    in the machine's code page; "Unicode text" is tab-separated."""
    tracker = tmp_path / "t.csv"
    tracker.write_bytes(delimiter.join(["Priority", "Objective", "Q1 2023/24 RAG",
                                        "Q1 2023/24 update"]).encode(encoding) + b"\r\n"
                        + delimiter.join(["Vaping", "Retail", "Amber", "Costs £45k"])
                        .encode(encoding) + b"\r\n")
    code, _, stderr = do_import(sli, tracker, '[columns]\n"Priority" = "priority"\n'
                                '"Objective" = "objective"\n"Q1 2023/24 RAG" = '
                                '"2023/24 Q1 rag"\n"Q1 2023/24 update" = '
                                '"2023/24 Q1 progress"\n', tmp_path / "p")
    assert code == 0, stderr
    p1 = meeting_text(tmp_path / "p", "2023-24-Q1", "P1")
    assert 'progress = "Costs £45k"' in p1


def test_dry_run_shows_control_characters_harmlessly(sli: SliRunner, tmp_path: Path) -> None:
    tracker = tmp_path / "t.csv"
    tracker.write_text("Priority,Objective,Q1 2023/24 RAG,Q1 2023/24 update\n"
                       "Vaping,Retail,Amber,\x1b[31mred text\x1b[0m\n", encoding="utf-8")
    code, stdout, _ = do_import(sli, tracker, '[columns]\n"Priority" = "priority"\n'
                                '"Objective" = "objective"\n"Q1 2023/24 RAG" = "2023/24 Q1 rag"\n'
                                '"Q1 2023/24 update" = "2023/24 Q1 progress"\n', tmp_path / "p",
                                "--dry-run")
    assert code == 0
    assert "\x1b" not in stdout
    assert "\\x1b[31mred text\\x1b[0m" in stdout


def test_meeting_show_says_where_it_was_imported_from(sli: SliRunner, tmp_path: Path) -> None:
    tracker = data.merged_tracker(tmp_path / "tracker.xlsx")
    assert do_import(sli, tracker, data.MERGED_MAPPING, tmp_path / "ne")[0] == 0
    shown = sli("meeting", "show", "P1", "2023/24 Q1", "--plan", "ne")
    assert shown.exit_code == 0, shown.output
    assert "Imported from tracker.xlsx, sheet 2023-24, rows 5, 6, 7" in shown.stdout
    listed = sli("meeting", "list", "--plan", "ne", "--format", "json")
    assert json.loads(listed.stdout)[0]["imported"] == [
        {"file": "tracker.xlsx", "sheet": "2023-24", "rows": [5, 6, 7]}]


def two_row_tracker(path: Path) -> Path:
    """Quarters as headings merged over their columns' own headers."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Tracker"
    ws["A1"] = "London SLI tracker"
    for column, text in enumerate(["Priority", "Key objective", "DPH lead", "Q1 2023/24",
                                   None, "Q2 2023/24", None], start=1):
        ws.cell(3, column, text)
    for column, text in enumerate(["RAG", "Update", "RAG", "Update"], start=4):
        ws.cell(4, column, text)
    ws.merge_cells("D3:E3")
    ws.merge_cells("F3:G3")
    ws.append(["Healthy weight", "Whole-system approach", "DPH, Camden", "Amber", "Started",
               "Green", "Going well"])
    ws.append([None, "Healthy start uptake", None, "Red", "Low uptake", "Amber", None])
    wb.save(path)
    return path


def test_a_header_of_two_rows(sli: SliRunner, tmp_path: Path) -> None:
    tracker = two_row_tracker(tmp_path / "london.xlsx")
    mapping = textwrap.dedent("""\
        [[sheets]]
        name = "Tracker"
        header_rows = 2

        [columns]
        "Priority" = "priority"
        "Key objective" = "objective"
        "DPH lead" = "lead"
        "Q1 2023/24 RAG" = "2023/24 Q1 rag"
        "Q1 2023/24 Update" = "2023/24 Q1 progress"
        "Q2 2023/24 RAG" = "2023/24 Q2 rag"
        "Q2 2023/24 Update" = "2023/24 Q2 progress"
        """)
    code, _, stderr = do_import(sli, tracker, mapping, tmp_path / "a")
    assert code == 0, stderr
    expected = {"KO1": ("green", "2023/24 Q2"), "KO2": ("amber", "2023/24 Q2")}
    assert positions(sli, tmp_path / "a", "2023/24 Q2") == expected
    assert 'progress = "Low uptake"' in meeting_text(tmp_path / "a", "2023-24-Q1", "P1")
    # The guess finds the two rows, and imports the same.
    guessed = sli("import", str(tracker), "--guess")
    assert 'header_row = 3\nheader_rows = 2  # a heading row over the columns' in guessed.stdout
    assert '"Q1 2023/24 Update" = "2023/24 Q1 progress"' in guessed.stdout
    assert sli("import", str(tracker), "--plan", "b").exit_code == 0
    assert positions(sli, tmp_path / "b", "2023/24 Q2") == expected


def test_last_row_leaves_out_notes_below_the_table(sli: SliRunner, tmp_path: Path) -> None:
    tracker = tmp_path / "t.csv"
    tracker.write_text("Priority,Objective,Q1 2023/24 RAG\nVaping,Retail,Amber\n,,\n"
                       ",Last updated May 2024 by the SLI co-ordinator,\n", encoding="utf-8")
    mapping = ('[[sheets]]\nname = ""\nlast_row = 3\n\n[columns]\n"Priority" = "priority"\n'
               '"Objective" = "objective"\n"Q1 2023/24 RAG" = "2023/24 Q1 rag"\n')
    code, stdout, stderr = do_import(sli, tracker, mapping, tmp_path / "p")
    assert code == 0, stderr
    assert "A new plan.toml: 1 priority, 1 objective, 2023/24 Q1 to 2023/24 Q4." in stdout
    assert "Last updated" not in (tmp_path / "p" / "plan.toml").read_text(encoding="utf-8")
