"""``sli status --as-of``: the meetings held by the date count, even when
recorded later; amendments count from when they were recorded; the output
says when the position includes records made after the date."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import SliRunner
from tests.plans.north_east import build_north_east


@pytest.fixture
def north_east(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SLI_TODAY", "2024-07-20")
    return build_north_east(tmp_path / "ne")


def ratings(sli: SliRunner, plan: Path, day: str) -> tuple[dict[str, object], dict[str, str]]:
    result = sli("status", "--plan", str(plan), "--as-of", day, "-f", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    return data, {o["id"]: o["rag"] for o in data["objectives"]}


def test_back_filled_meetings_count_from_the_day_they_were_held(
        sli: SliRunner, north_east: Path) -> None:
    # Every 2023 meeting was recorded on 5 February 2024.
    data, rags = ratings(sli, north_east, "15/10/2023")
    assert data["quarter"] == "2023/24 Q2"  # October: Q2's meetings are being held
    # TOB and CVD met for Q2 on 10 and 11 October; IMM on 18 October, after the date.
    assert rags == {"TOB1": "green", "TOB2": "green", "CVD1": "amber", "CVD2": "amber",
                    "IMM1": "green", "IMM2": "grey"}
    assert data["recorded_later"] == ("Includes 5 meetings and 1 completed action recorded "
                                      "after 15 October 2023.")
    assert data["meetings_owed"] == ["IMM"]


def test_an_amendment_counts_from_when_it_was_recorded(sli: SliRunner,
                                                       north_east: Path) -> None:
    # CVD's 2023/24 Q3 meeting rated CVD2 red; a correction of 1 March 2024 made it amber.
    _, before = ratings(sli, north_east, "29/02/2024")
    _, after = ratings(sli, north_east, "2024-03-01")
    assert (before["CVD2"], after["CVD2"]) == ("red", "amber")


def test_no_note_when_everything_shown_was_recorded_by_then(sli: SliRunner,
                                                            north_east: Path) -> None:
    data, _ = ratings(sli, north_east, "2024-04-30")
    assert data["recorded_later"] is None


def test_the_table_says_so_under_the_heading(sli: SliRunner, north_east: Path) -> None:
    result = sli("status", "--plan", str(north_east), "--as-of", "15/10/2023")
    assert result.stdout.splitlines()[:3] == [
        "North East ADPH Sector-Led Improvement Plan 2023-25",
        "Position at 2023/24 Q2, as of Sun 15 October 2023 (2023-10-15)",
        "Includes 5 meetings and 1 completed action recorded after 15 October 2023.",
    ]


def test_csv_and_markdown_say_so_on_stderr(sli: SliRunner, north_east: Path) -> None:
    for fmt in ("csv", "md"):
        result = sli("status", "--plan", str(north_east), "--as-of", "15/10/2023", "-f", fmt)
        assert result.exit_code == 0
        assert result.stderr == ("Includes 5 meetings and 1 completed action recorded after "
                                 "15 October 2023.\n")
