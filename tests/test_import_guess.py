"""``sli import --guess``: a mapping proposed from headers and colours, and
imports that use it when no mapping is given."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests import tracker_data as data
from tests.conftest import SliRunner
from tests.helpers import tree


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLI_TODAY", "2024-03-31")


COLOUR_GUESS = """\
# Mapping for sli import, proposed from yh.xlsx.
# Check every line: sli guessed from the headers and colours it found.
# The format is described in docs/import.md.

# Quarter text with no rating ("error" stops the import; "skip" leaves it).
unrated_text = "error"

# What a new plan.toml says about the plan (used only when the folder
# has no plan.toml yet).
[plan]
title = "Yorkshire and the Humber SLI tracker"
network = "Regional ADPH network"
sli_lead = "DPH SLI lead"
coordinator = "SLI co-ordinator"

[[sheets]]
name = "2022-23"
header_row = 3
year = "2022/23"

[[sheets]]
name = "2023-24"
header_row = 3
year = "2023/24"
# Not read (no header row with objectives and quarters): "Key"

# Header (as written in the tracker) = what the column holds: one of
# priority, priority_id, lead, deputy, objective, objective_id, objective_lead,
# or a quarter and one of rag, progress, risks, support, next_steps, date.
[columns]
"Ref" = "objective_id"
"Priority" = "priority"
"Objective" = "objective"
"Lead" = "lead"
"Q1 RAG" = "Q1 rag"
"Q2 RAG" = "Q2 rag"
"Q3 RAG" = "Q3 rag"
"Q4 RAG" = "Q4 rag"
"Q1 date" = "Q1 date"

# Ratings written in other ways (words and letters like Amber or G are
# always understood). Two ratings in one cell are refused unless named here.
[ratings]

# Ratings shown only by a cell's fill colour.
[colours]
"FFC000" = "amber"  # from the key sheet; 6 cells
"00B050" = "green"  # from the key sheet; 4 cells
"0070C0" = "blue"  # from the key sheet; 3 cells
"FF0000" = "red"  # from the key sheet; 2 cells
"BFBFBF" = "grey"  # from the key sheet; 2 cells
"""


def test_guess_for_a_colour_only_tracker(sli: SliRunner, tmp_path: Path) -> None:
    tracker = data.colour_tracker(tmp_path / "yh.xlsx")
    before = tree(tmp_path)
    result = sli("import", str(tracker), "--guess")
    assert result.exit_code == 0, result.output
    assert result.stdout == COLOUR_GUESS
    assert tree(tmp_path) == before


def test_guess_marks_what_to_decide(sli: SliRunner, tmp_path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import PatternFill

    wb = Workbook()
    ws = wb.active
    ws.title = "Tracker"
    ws.append(["KO ref", "Key objective", "Q1 RAG", "Q1 2023/24 comments"])
    ws.append(["KO1", "Vaping", "Amber/Green", "x"])
    ws.append(["KO2", "Smoking", "Done", "y"])
    ws.append(["KO3", "Pregnancy", None, None])
    ws["C4"].fill = PatternFill(fill_type="solid", fgColor="FFFFC7CE")
    ws.append(["KO4", "Quitting", None, None])
    ws["C5"].fill = PatternFill(fill_type="solid", fgColor="FF7030A0")
    wb.save(tmp_path / "t.xlsx")
    result = sli("import", str(tmp_path / "t.xlsx"), "--guess")
    assert result.exit_code == 0
    assert '"KO ref" = "objective_id"\n"Key objective" = "objective"\n"Q1 RAG" = "Q1 rag"\n' \
           '"Q1 2023/24 comments" = "2023/24 Q1 progress"\n' in result.stdout
    assert ('# year = "2023/24"  # CHECK: headers like \'Q1 RAG\' name no year: give the '
            "sheet's\n") in result.stdout
    # Until the year is given, the guessed mapping cannot file the ratings.
    imported = sli("import", str(tmp_path / "t.xlsx"), "--plan", "t")
    assert imported.exit_code == 1
    assert "Tracker!C1: header 'Q1 RAG' names no year (Q1 rag); give the sheet a year in " \
           "the mapping's [[sheets]]" in imported.stderr
    assert '# "Amber/Green" = "amber"  # CHECK: or green?\n' in result.stdout
    assert '# "Done" = ""  # CHECK: which rating?\n' in result.stdout
    assert '"FFC7CE" = "red"  # nearest colour; 1 cell\n' in result.stdout
    assert '# "7030A0" = ""  # CHECK: which rating? (1 cell)\n' in result.stdout


@pytest.mark.parametrize("build", [data.colour_tracker, data.csv_tracker])
def test_without_a_mapping_the_guess_is_used(sli: SliRunner, tmp_path: Path,
                                             build: object) -> None:
    assert callable(build)
    suffix = ".csv" if build is data.csv_tracker else ".xlsx"
    tracker = build(tmp_path / f"tracker{suffix}")
    mapping = data.CSV_MAPPING if suffix == ".csv" else data.COLOUR_MAPPING
    (tmp_path / "map.toml").write_text(mapping, encoding="utf-8")
    with_map = sli("import", str(tracker), "--plan", "a", "--mapping", "map.toml")
    guessed = sli("import", str(tracker), "--plan", "b")
    assert with_map.exit_code == guessed.exit_code == 0, guessed.output
    assert guessed.stderr.startswith("No --mapping given: using the mapping --guess proposes")
    for quarter in ("2022/23 Q4", "2023/24 Q1"):
        a = sli("status", "--plan", "a", "--format", "json", "--quarter", quarter).stdout
        b = sli("status", "--plan", "b", "--format", "json", "--quarter", quarter).stdout
        assert json.loads(a)["objectives"] == json.loads(b)["objectives"]


def test_guessed_mapping_refuses_two_ratings_in_a_cell(sli: SliRunner, tmp_path: Path) -> None:
    tracker = data.merged_tracker(tmp_path / "ne.xlsx")
    result = sli("import", str(tracker), "--plan", "ne")
    assert result.exit_code == 1
    assert result.stderr == (
        "No --mapping given: using the mapping --guess proposes (print it with --guess).\n"
        "ne.xlsx: 2023-24!H6: rating 'Amber/Green' names two ratings; sli keeps one rating "
        "per quarter: say which one it means in the mapping's [ratings], like "
        "\"Amber/Green\" = \"amber\"\n")
    assert not (tmp_path / "ne").exists()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=15), min_size=1, max_size=6),
       st.lists(st.text(max_size=8), max_size=6))
def test_a_guessed_mapping_always_reads_back(headers: list[str], cells: list[str]) -> None:
    """Whatever the headers say (quotes, line breaks, control characters), the
    proposed mapping is valid TOML that reads back without problems."""
    from sli_cli.recording.importing.guess import guess_mapping
    from sli_cli.recording.importing.mapping import parse_mapping
    from sli_cli.recording.importing.workbook import Cell, Sheet, Workbook

    row = [Cell(h or None) for h in ["Key objective", "Q1 2023/24 RAG", *headers]]
    sheet = Sheet("", [row, [Cell(c or None) for c in ["Vaping", *cells]]])
    text = guess_mapping(Workbook("t.csv", [sheet], is_csv=True))
    mapping, problems = parse_mapping(text.encode("utf-8"), "guess")
    assert problems == [], text
    assert mapping is not None


def test_quarters_named_by_their_months(sli: SliRunner, tmp_path: Path) -> None:
    tracker = tmp_path / "months.csv"
    tracker.write_text("Priority,Objective,Apr-Jun 2023 RAG,Apr-Jun 2023 comments,"
                       "Jan - Mar 24 RAG\nVaping,Retail,Amber,Started,Green\n",
                       encoding="utf-8")
    guessed = sli("import", str(tracker), "--guess")
    assert ('"Apr-Jun 2023 RAG" = "2023/24 Q1 rag"\n'
            '"Apr-Jun 2023 comments" = "2023/24 Q1 progress"\n'
            '"Jan - Mar 24 RAG" = "2023/24 Q4 rag"\n') in guessed.stdout
    result = sli("import", str(tracker), "--plan", "p")
    assert result.exit_code == 0, result.output
    shown = json.loads(sli("status", "--plan", "p", "--format", "json", "--quarter",
                           "2023/24 Q4").stdout)
    assert [(o["rag"], o["previous_rag"]) for o in shown["objectives"]] == [("green", "amber")]
