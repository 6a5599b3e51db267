"""``sli import`` with bad input: a clear message naming the problem and its
place, exit 1, and the folder exactly as it was."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import tracker_data as data
from tests.conftest import SliRunner
from tests.helpers import tree, write_plan


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLI_TODAY", "2024-03-31")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A plan folder with a plan and nothing else, to show nothing is added."""
    return write_plan(tmp_path / "plan")


def refused(sli: SliRunner, folder: Path, tracker: Path, mapping: str | None = None,
            *extra: str) -> str:
    """Run the import, assert it failed with exit 1 and changed nothing; its stderr."""
    before = tree(folder)
    args = ["import", str(tracker), "--plan", str(folder), *extra]
    if mapping is not None:
        path = tracker.parent / "map.toml"
        path.write_text(textwrap.dedent(mapping), encoding="utf-8")
        args += ["--mapping", str(path)]
    result = sli(*args)
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert tree(folder) == before
    return result.stderr


def test_encrypted_workbook(sli: SliRunner, folder: Path, tmp_path: Path) -> None:
    # What Excel writes for a password-protected workbook: an OLE container
    # holding an EncryptionInfo stream (the rest does not matter here).
    tracker = tmp_path / "secret.xlsx"
    tracker.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500)
                        + "EncryptionInfo".encode("utf-16-le") + bytes(500))
    assert refused(sli, folder, tracker) == (
        f"sli: {tracker.name}: the workbook is protected with a password (encrypted); save a copy "
        "without the password and import that\n")


def test_old_xls_workbook(sli: SliRunner, folder: Path, tmp_path: Path) -> None:
    tracker = tmp_path / "old.xls"
    tracker.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1000))
    assert refused(sli, folder, tracker) == (
        f"sli: {tracker.name}: is an old Excel 97-2003 workbook (.xls); open it in Excel and save "
        "it as an Excel Workbook (.xlsx), then import that\n")


def test_corrupt_workbook(sli: SliRunner, folder: Path, tmp_path: Path) -> None:
    tracker = tmp_path / "broken.xlsx"
    tracker.write_bytes(b"PK\x03\x04 this was cut short")
    assert refused(sli, folder, tracker) == (
        f"sli: {tracker.name}: is not an Excel workbook (damaged, or another kind of file "
        "renamed .xlsx)\n")


def test_zip_that_is_not_a_workbook(sli: SliRunner, folder: Path, tmp_path: Path) -> None:
    import zipfile

    tracker = tmp_path / "photos.xlsx"
    with zipfile.ZipFile(tracker, "w") as z:
        z.writestr("holiday.txt", "not a workbook")
    assert refused(sli, folder, tracker) == (
        f"sli: {tracker.name}: cannot be read as an Excel workbook (is it damaged?): KeyError\n")


def test_truncated_workbook(sli: SliRunner, folder: Path, tmp_path: Path) -> None:
    whole = data.merged_tracker(tmp_path / "whole.xlsx").read_bytes()
    tracker = tmp_path / "cut.xlsx"
    tracker.write_bytes(whole[: len(whole) // 2])
    stderr = refused(sli, folder, tracker)
    assert stderr.startswith(f"sli: {tracker.name}: ")
    assert "Excel workbook" in stderr


def test_missing_sheet(sli: SliRunner, folder: Path, tmp_path: Path) -> None:
    tracker = data.merged_tracker(tmp_path / "t.xlsx")
    mapping = data.MERGED_MAPPING.replace('name = "2023-24"', 'name = "2024-25"')
    assert refused(sli, folder, tracker, mapping) == (
        "t.xlsx: there is no sheet '2024-25' (the workbook has: '2023-24', 'Key')\n")


def test_empty_sheet(sli: SliRunner, folder: Path, tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "2023-24"
    tracker = tmp_path / "empty.xlsx"
    wb.save(tracker)
    assert refused(sli, folder, tracker, data.MERGED_MAPPING) == (
        "empty.xlsx: sheet '2023-24' is empty\n")


def test_empty_csv(sli: SliRunner, folder: Path, tmp_path: Path) -> None:
    tracker = tmp_path / "empty.csv"
    tracker.write_text(",,,\n\n", encoding="utf-8")
    assert refused(sli, folder, tracker, data.CSV_MAPPING) == "empty.csv: the file is empty\n"


def test_formulas_without_saved_values(sli: SliRunner, folder: Path, tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Tracker"
    ws.append(["Objective", "Q3 2022/23 RAG"])
    ws.append(["Real-time surveillance", '=IF(1=1,"Amber","Red")'])
    ws.append(["Youth vaping", "=B2"])
    tracker = tmp_path / "formulas.xlsx"
    wb.save(tracker)  # openpyxl saves no computed values, as a script would
    mapping = '[columns]\n"Objective" = "objective"\n"Q3 2022/23 RAG" = "2022/23 Q3 rag"\n'
    assert refused(sli, folder, tracker, mapping) == (
        "formulas.xlsx: Tracker!B2: formula '=IF(1=1,\"Amber\",\"Red\")' has no saved value "
        "(the workbook was written by a program, not Excel); open it in Excel, save it, and "
        "import again\n"
        "formulas.xlsx: Tracker!B3: formula '=B2' has no saved value (the workbook was written "
        "by a program, not Excel); open it in Excel, save it, and import again\n")


def test_100000_rows(sli: SliRunner, folder: Path, tmp_path: Path) -> None:
    tracker = tmp_path / "extract.csv"
    tracker.write_text("Objective,Q3 2022/23 RAG\n" + "Youth vaping,Amber\n" * 100_000,
                       encoding="utf-8")
    mapping = '[columns]\n"Objective" = "objective"\n"Q3 2022/23 RAG" = "2022/23 Q3 rag"\n'
    assert refused(sli, folder, tracker, mapping) == (
        f"sli: {tracker.name}: the file has more than 20,000 rows; a tracker has one row per key "
        "objective: is this the right file?\n")


def test_too_many_rows_in_a_workbook_sheet(tmp_path: Path) -> None:
    from openpyxl import Workbook

    from sli_cli.recording.importing.workbook import TrackerError, read_tracker

    wb = Workbook()
    wb.active.title = "Data"
    for i in range(12):
        wb.active.append([f"row {i}"])
    wb.save(tmp_path / "long.xlsx")
    with pytest.raises(TrackerError) as caught:
        read_tracker(tmp_path / "long.xlsx", max_rows=10)
    assert caught.value.message.endswith(
        "long.xlsx: sheet 'Data' has more than 10 rows; a tracker has one row per key "
        "objective: is this the right file?")


def test_not_a_tracker_file(sli: SliRunner, folder: Path, tmp_path: Path) -> None:
    tracker = tmp_path / "plan.docx"
    tracker.write_bytes(b"PK\x03\x04")
    assert refused(sli, folder, tracker) == (
        f"sli: {tracker.name}: sli reads .xlsx and .csv trackers, not '.docx' files\n")


def test_missing_file(sli: SliRunner, folder: Path, tmp_path: Path) -> None:
    assert refused(sli, folder, tmp_path / "nowhere.xlsx") == (
        "sli: nowhere.xlsx: no such file\n")


def test_every_bad_cell_at_once(sli: SliRunner, tmp_path: Path) -> None:
    """Bad ratings, a two-rating cell, a bad date, an unknown fill colour: all
    reported, each at its sheet and cell, and nothing written."""
    from openpyxl import Workbook
    from openpyxl.styles import PatternFill

    wb = Workbook()
    ws = wb.active
    ws.title = "2023-24"
    ws.append(["Priority", "Objective", "Q1 RAG", "Q1 date"])
    ws.append(["Tobacco", "Vaping", "Purple", "31/02/2023"])
    ws.append([None, "Smoking in pregnancy", "Amber/Green", None])
    ws.append([None, "Stop smoking services", None, None])
    ws["C4"].fill = PatternFill(fill_type="solid", fgColor="FF7030A0")
    ws.append([None, None, "Red", None])
    tracker = tmp_path / "tracker.xlsx"
    wb.save(tracker)
    folder = tmp_path / "new"
    mapping = textwrap.dedent("""\
        [[sheets]]
        name = "2023-24"
        year = "2023/24"

        [columns]
        "Priority" = "priority"
        "Objective" = "objective"
        "Q1 RAG" = "Q1 rag"
        "Q1 date" = "Q1 date"
        """)
    (tmp_path / "map.toml").write_text(mapping, encoding="utf-8")
    result = sli("import", str(tracker), "--plan", str(folder), "--mapping",
                 str(tmp_path / "map.toml"))
    assert result.exit_code == 1
    assert result.stderr == (
        "tracker.xlsx: 2023-24!C2: rating 'Purple' is not one of red, amber, green, blue, grey\n"
        "tracker.xlsx: 2023-24!C3: rating 'Amber/Green' names two ratings; sli keeps one "
        "rating per quarter: say which one it means in the mapping's [ratings], like "
        "\"Amber/Green\" = \"amber\"\n"
        "tracker.xlsx: 2023-24!C4: the cell has no text and its fill colour 7030A0 is not in "
        "the mapping's [colours]\n"
        "tracker.xlsx: 2023-24!C5: a rating on a row with no key objective\n"
        "tracker.xlsx: 2023-24!D2: '31/02/2023' is not a date; write it day first, like "
        "12/07/2023 or 12 July 2023\n")
    assert not folder.exists()


def test_text_without_a_rating(sli: SliRunner, folder: Path, tmp_path: Path) -> None:
    tracker = tmp_path / "t.csv"
    tracker.write_text("Objective,Q3 2022/23 RAG,Q3 2022/23 update\n"
                       "Youth vaping,,Waiting for the survey\n", encoding="utf-8")
    mapping = ('[columns]\n"Objective" = "objective"\n"Q3 2022/23 RAG" = "2022/23 Q3 rag"\n'
               '"Q3 2022/23 update" = "2022/23 Q3 progress"\n')
    assert refused(sli, folder, tracker, mapping) == (
        "t.csv: C2: text for 2022/23 Q3 but no rating (B2 is empty); rate it in the tracker, "
        "or set unrated_text = \"skip\" in the mapping\n")
    result = sli("import", str(tracker), "--plan", str(folder), "--mapping",
                 str(tmp_path / "map.toml"), "--dry-run")
    assert result.exit_code == 1
    (tmp_path / "map.toml").write_text('unrated_text = "skip"\n' + mapping, encoding="utf-8")
    result = sli("import", str(tracker), "--plan", str(folder), "--mapping",
                 str(tmp_path / "map.toml"))
    assert result.exit_code == 0
    assert result.stderr == "Nothing to import: t.csv has no ratings; nothing was written.\n"


def test_bad_mapping_file(sli: SliRunner, folder: Path, tmp_path: Path) -> None:
    tracker = data.csv_tracker(tmp_path / "t.csv")
    stderr = refused(sli, folder, tracker, """\
        [columns]
        "Priority" = "priorty"
        "Objective" = "objective"
        "Q1 2023/24 RAG" = "2023/24 Q5 rag"

        [ratings]
        "Amber/Green" = "orange"
        """)
    map_path = "map.toml"
    assert stderr == (
        f"{map_path}:2: [columns]: 'Priority' is 'priorty', which is not one of priority, "
        "priority_id, lead, deputy, objective, objective_id, objective_lead, or a quarter and "
        "one of rag, progress, risks, support, next_steps, date (like '2023/24 Q1 rag' or "
        "'Q1 rag' on a sheet with a year)\n"
        f"{map_path}:4: [columns]: 'Q1 2023/24 RAG' is '2023/24 Q5 rag', which is not one of "
        "priority, priority_id, lead, deputy, objective, objective_id, objective_lead, or a "
        "quarter and one of rag, progress, risks, support, next_steps, date (like "
        "'2023/24 Q1 rag' or 'Q1 rag' on a sheet with a year)\n"
        f"{map_path}:7: [ratings]: 'Amber/Green' is 'orange', which is not a rating (red, "
        "amber, green, blue, grey)\n")


def test_header_with_no_year_on_a_sheet_without_one(sli: SliRunner, folder: Path,
                                                    tmp_path: Path) -> None:
    tracker = data.merged_tracker(tmp_path / "t.xlsx")
    mapping = data.MERGED_MAPPING.replace('year = "2023/24"\n', "")
    assert refused(sli, folder, tracker, mapping) == (
        "t.xlsx: 2023-24!G4: header 'Q1 meeting date' names no year (Q1 date); give the "
        "sheet a year in the mapping's [[sheets]]\n"
        "t.xlsx: 2023-24!I4: header 'Q2 progress' names no year (Q2 progress); give the "
        "sheet a year in the mapping's [[sheets]]\n"
        "t.xlsx: 2023-24!J4: header 'Q2 comments' names no year (Q2 progress); give the "
        "sheet a year in the mapping's [[sheets]]\n")


def test_quarter_outside_an_existing_plan(sli: SliRunner, folder: Path, tmp_path: Path) -> None:
    tracker = tmp_path / "t.csv"
    tracker.write_text("Objective,Q1 2025/26 RAG\nYouth vaping,Amber\n", encoding="utf-8")
    mapping = '[columns]\n"Objective" = "objective"\n"Q1 2025/26 RAG" = "2025/26 Q1 rag"\n'
    assert refused(sli, folder, tracker, mapping) == (
        "t.csv: B2: 2025/26 Q1 is outside the plan period (2022/23 Q1 to 2023/24 Q4)\n")


CELLS = st.one_of(
    st.sampled_from(["", "Red", "amber", " G ", "Amber/Green", "Purple", "B", "n", "=1+1",
                     "12/07/2023", "31/02/2023", "45125", "2023-07-12", "KO1", "P1",
                     "Youth vaping", "Youth  vaping", "Q1 2023/24 RAG", "\u202e", "£45k"]),
    st.text(max_size=12))
HEADER = "Priority,Objective ID,Objective,Lead,Q1 2023/24 RAG,Q1 2023/24 update,Q1 date\n"
FUZZ_MAPPING = textwrap.dedent("""\
    [columns]
    "Priority" = "priority"
    "Objective ID" = "objective_id"
    "Objective" = "objective"
    "Lead" = "lead"
    "Q1 2023/24 RAG" = "2023/24 Q1 rag"
    "Q1 2023/24 update" = "2023/24 Q1 progress"
    "Q1 date" = "2023/24 Q1 date"
    """)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(CELLS, min_size=0, max_size=8), max_size=6))
def test_any_csv_tracker_imports_whole_or_not_at_all(sli: SliRunner, tmp_path: Path,
                                                    rows: list[list[str]]) -> None:
    import csv
    import io
    import shutil

    text = io.StringIO()
    csv.writer(text).writerows(rows)
    tracker = tmp_path / "fuzz.csv"
    tracker.write_text(HEADER + text.getvalue(), encoding="utf-8")
    (tmp_path / "fuzz.toml").write_text(FUZZ_MAPPING, encoding="utf-8")
    folder = tmp_path / "fuzzed"
    shutil.rmtree(folder, ignore_errors=True)
    result = sli("import", str(tracker), "--plan", str(folder), "--mapping", "fuzz.toml")
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    if result.exit_code == 1:
        assert not folder.exists()
        assert result.stderr.startswith(("fuzz.csv: ", "sli: fuzz.csv: "))
    elif folder.exists():
        check = sli("check", "--plan", str(folder))
        assert check.exit_code == 0, check.output


def test_problems_in_reading_order(sli: SliRunner, folder: Path, tmp_path: Path) -> None:
    tracker = tmp_path / "t.csv"
    tracker.write_text("Objective,Q3 2022/23 RAG\n" + "".join(
        f"Objective {i},{'Purple' if i in (1, 9, 10) else 'Red'}\n" for i in range(1, 11)),
        encoding="utf-8")
    mapping = '[columns]\n"Objective" = "objective"\n"Q3 2022/23 RAG" = "2022/23 Q3 rag"\n'
    stderr = refused(sli, folder, tracker, mapping)
    assert [line.split(":")[1] for line in stderr.splitlines()] == [" B2", " B10", " B11"]


@pytest.mark.parametrize("new_folder", [True, False])
def test_a_write_that_fails_half_way_leaves_nothing(sli: SliRunner, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch,
                                                    new_folder: bool) -> None:
    from sli_cli.recording import write
    from sli_cli.records.store import WriteError

    real = write.write_record
    calls = []

    def full_disk(folder: Path, record: object) -> Path:
        calls.append(record)
        if len(calls) == 3:
            raise WriteError("cannot write the third record: the disk is full; nothing was "
                             "written")
        return real(folder, record)  # type: ignore[arg-type]

    monkeypatch.setattr(write, "write_record", full_disk)
    tracker = data.merged_tracker(tmp_path / "t.xlsx")
    (tmp_path / "map.toml").write_text(data.MERGED_MAPPING, encoding="utf-8")
    folder = tmp_path / "ne"
    if not new_folder:
        folder.mkdir()
    result = sli("import", str(tracker), "--plan", str(folder), "--mapping", "map.toml")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == ("sli: cannot write the third record: the disk is full; nothing "
                             "was written\n")
    assert len(calls) == 3
    if new_folder:
        assert not folder.exists()
    else:
        # Only sli's own lock is left.
        assert [p.name for p in folder.iterdir()] == [".sli"]


def test_a_new_plan_needs_priorities(sli: SliRunner, tmp_path: Path) -> None:
    tracker = tmp_path / "t.csv"
    tracker.write_text("Objective,Q3 2022/23 RAG\nYouth vaping,Amber\nScreening,Red\n",
                       encoding="utf-8")
    mapping = '[columns]\n"Objective" = "objective"\n"Q3 2022/23 RAG" = "2022/23 Q3 rag"\n'
    (tmp_path / "map.toml").write_text(mapping, encoding="utf-8")
    result = sli("import", str(tracker), "--plan", "new", "--mapping", "map.toml")
    assert result.exit_code == 1
    assert result.stderr == (
        "t.csv: a new plan needs each key objective's priority, and the mapping names no "
        "priority column; map one, or import into a folder whose plan.toml has the "
        "objectives\n")
    assert not (tmp_path / "new").exists()


def test_nobody_to_name_as_recorder(sli: SliRunner, tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SLI_USER")
    tracker = data.csv_tracker(tmp_path / "em.csv")
    (tmp_path / "map.toml").write_text(data.CSV_MAPPING, encoding="utf-8")
    result = sli("import", str(tracker), "--plan", "em", "--mapping", "map.toml")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("sli: who is recording?")
    assert not (tmp_path / "em").exists()


def test_no_plan_folder_named_or_found(sli: SliRunner, tmp_path: Path) -> None:
    tracker = data.csv_tracker(tmp_path / "em.csv")
    result = sli("import", str(tracker))
    assert result.exit_code == 2
    assert result.stderr == ("sli: no plan folder found: give --plan DIR (a new or empty "
                             "folder gets a plan.toml made from the tracker)\n")
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == [
        "em.csv"]
