"""``sli history``, ``sli objective show`` and ``sli objective list``."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest

from sli_cli.plan.model import Rating, Trend
from sli_cli.render.rating import COLOURS, legend, rating_cell, rating_text, trend_name
from tests.conftest import SliRunner
from tests.helpers import EXAMPLE, tree
from tests.status_data import small_plan_with_meetings
from tests.test_status import lines


@pytest.fixture
def plan_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SLI_TODAY", "2023-12-20")
    return small_plan_with_meetings(tmp_path / "plan")


def test_history_grid_at_80_columns(sli: SliRunner, plan_dir: Path) -> None:
    result = sli("history", "--plan", str(plan_dir))
    assert (result.exit_code, result.stderr) == (0, "")
    assert lines(result.stdout) == """\
Tiny SLI Plan
Ratings by quarter, 2022/23 Q1 to 2023/24 Q4

                                 22/23 22/23 22/23 22/23 23/24 23/24 23/24 23/24
ID    Objective                   Q1    Q2    Q3    Q4    Q1    Q2    Q3    Q4
────────────────────────────────────────────────────────────────────────────────
P1    Suicide prevention
KO1   Real-time surveillance        ·     ·     ·     ·     ·     A     G
KO2   Bereavement support after…    ·     ·     ·     ·     ·     G     R

P2    Tobacco control
KO3   Youth vaping                  ·     ·     ·     ·     ·     A     ·
KO10  Retail compliance             ·     ·     ·     ·     ·     ·     ·

 R  Red   A  Amber   G  Green   B  Blue   N  Grey   ·  not rated
Quarters after 2023/24 Q3 are still to come.
"""


def test_history_of_one_priority(sli: SliRunner, plan_dir: Path) -> None:
    result = sli("history", "--plan", str(plan_dir), "--priority", "p2")
    body = [line.split()[0] for line in lines(result.stdout).splitlines()[6:] if line]
    assert body[:3] == ["P2", "KO3", "KO10"]
    assert "KO1" not in body


def test_history_of_the_example_fits_80_columns(sli: SliRunner) -> None:
    result = sli("history", "--plan", str(EXAMPLE))
    assert result.exit_code == 0, result.output
    rows = result.stdout.splitlines()
    assert max(len(row) for row in rows) <= 80
    # Every objective has its row: KO9, retired from 2023/24 Q2, rated until
    # then; KO16, which replaced it, from then on.
    assert sum(1 for row in rows if row.startswith("KO")) == 16
    ko14 = next(row for row in rows if row.startswith("KO14"))
    assert ko14.split()[-8:] == ["G", "G", "G", "G", "G", "G", "G", "B"]
    assert "KO9   Tobacco dependency treatm…    A     A     A     A     R" in rows
    assert "KO16  Treating tobacco dependen…" + " " * 34 + "N     A     G" in rows
    assert " ".join(rows[-2:]) == ("Blank where an objective did not run: KO9 retired in "
                                   "2023/24 Q2 (now KO16); KO16 added in 2023/24 Q2.")


OBJECTIVE_KO1 = """\
KO1  Real-time surveillance
Priority  P1 Suicide prevention (DPH lead: DPH, Devon)
Lead      DPH, Devon

Outputs
KO1.1  Data-sharing agreement signed (due 2022/23 Q3; OVERDUE)

Ratings, 2022/23 Q1 to 2023/24 Q4
22/23 22/23 22/23 22/23 23/24 23/24 23/24 23/24
 Q1    Q2    Q3    Q4    Q1    Q2    Q3    Q4
   ·     ·     ·     ·     ·     A     G
 R  Red   A  Amber   G  Green   B  Blue   N  Grey   ·  not rated
At 2023/24 Q3: Green (rated in 2023/24 Q3), ↑ improved on Amber; 0 open actions

2023/24 Q2  Amber  meeting of P1 on 12 September 2023
Raised  AQ2A Agree data-sharing terms (DPH, Devon, due 2023-10-31): done
        2023-10-20

2023/24 Q3  Green  meeting of P1 on 5 December 2023
Progress  Agreement signed with both police forces.
Closed    AQ2A Agree data-sharing terms (DPH, Devon, due 2023-10-31), raised
          2023/24 Q2: done 2023-10-20
"""


def test_objective_show(sli: SliRunner, plan_dir: Path) -> None:
    result = sli("objective", "show", "ko1", "--plan", str(plan_dir))
    assert (result.exit_code, result.stderr) == (0, "")
    assert lines(result.stdout) == OBJECTIVE_KO1


def test_objective_show_marks_overdue_actions(sli: SliRunner, plan_dir: Path) -> None:
    result = sli("objective", "show", "KO2", "--plan", str(plan_dir))
    text = lines(result.stdout)
    assert "At 2023/24 Q3: Red (rated in 2023/24 Q3), ↓ worse on Green; 2 open actions, 1\n" \
           "overdue\n" in text
    assert "Raised  AQ2B Map bereavement services (DPH, Devon, due 2023-11-30): open,\n" \
           "        overdue\n" in text


def test_objective_show_on_the_example(sli: SliRunner) -> None:
    result = sli("objective", "show", "KO14", "--plan", str(EXAMPLE))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("KO14  The SW ADPH Voice\n")
    assert max(len(row) for row in result.stdout.splitlines()) <= 80
    for quarter in ("2022/23 Q1", "2023/24 Q4"):
        assert f"\n{quarter}  " in result.stdout


@pytest.mark.parametrize(("args", "message"), [
    (("objective", "show", "KO22"),
     "sli: no objective 'KO22' in this plan (did you mean 'KO2'?); see: sli objective list\n"),
    (("objective", "show", "K01"),
     "sli: no objective 'K01' in this plan (did you mean 'KO1'?); see: sli objective list\n"),
    (("history", "--priority", "P7"),
     "sli: no priority 'P7' in this plan; the plan's priorities are P1, P2\n"),
    (("objective", "list", "--priority", "p3"),
     "sli: no priority 'p3' in this plan; the plan's priorities are P1, P2\n"),
])
def test_mistyped_ids(sli: SliRunner, plan_dir: Path, args: tuple[str, ...],
                      message: str) -> None:
    before = tree(plan_dir)
    result = sli(*args, "--plan", str(plan_dir))
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)
    assert tree(plan_dir) == before


def test_objective_list(sli: SliRunner, plan_dir: Path) -> None:
    result = sli("objective", "list", "--plan", str(plan_dir), "-p", "P2")
    assert lines(result.stdout) == """\

  ID     Objective           Priority   Lead            Outputs
 ───────────────────────────────────────────────────────────────
  KO3    Youth vaping        P2         DPH, Somerset         0
  KO10   Retail compliance   P2         DPH, Somerset         0

"""
    data = json.loads(sli("objective", "list", "--plan", str(plan_dir), "-f", "json").stdout)
    assert [(o["id"], o["outputs"]) for o in data] == [
        ("KO1", 1), ("KO2", 0), ("KO3", 0), ("KO10", 0)]


# -- the rating styling ------------------------------------------------------
def render(text: object, color: bool = False) -> str:
    from rich.console import Console

    buffer = StringIO()
    Console(file=buffer, width=80, color_system="truecolor" if color else None,
            force_terminal=color).print(text, end="")
    return buffer.getvalue()


def test_every_rating_has_its_own_colour() -> None:
    assert set(COLOURS) == set(Rating)
    assert len(set(COLOURS.values())) == len(Rating)


@pytest.mark.parametrize("rating", list(Rating))
def test_a_rating_reads_without_colour(rating: Rating) -> None:
    assert render(rating_text(rating)) == rating.word
    assert render(rating_text(rating, "both")) == f"{rating.letter} {rating.word}"
    assert render(rating_cell(rating, 5)) == f"  {rating.letter}  "
    coloured = render(rating_cell(rating, 5), color=True)
    assert "\x1b[" in coloured and rating.letter in coloured


def test_no_rating_and_future_quarters() -> None:
    assert render(rating_text(None)) == "-"
    assert render(rating_cell(None)) == " · "
    assert render(rating_cell(Rating.RED, blank=True)) == "   "


def test_trend_and_legend() -> None:
    assert [trend_name(t) for t in Trend] == ["↑ improved", "→ same", "↓ worse",
                                             "new (was Grey)", "– now Grey"]
    assert trend_name(Trend.WORSE, words=False) == "↓"
    assert trend_name(Trend.NEW, words=False) == "new"
    assert trend_name(None) == ""
    assert render(legend([Rating.RED, Rating.GREEN])) == " R  Red   G  Green   ·  not rated"


def test_history_of_a_long_plan_shows_the_latest_quarters_that_fit(
        sli: SliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.helpers import SMALL_PLAN, write_plan

    folder = write_plan(tmp_path / "long", SMALL_PLAN.replace('end = "2023/24 Q4"',
                                                              'end = "2024/25 Q4"'))
    monkeypatch.setenv("SLI_TODAY", "2025-03-01")
    result = sli("history", "--plan", str(folder))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert lines[3].split() == ["22/23", "22/23"] + ["23/24"] * 4 + ["24/25"] * 4
    assert lines[-1] == ("Showing 2022/23 Q3 to 2024/25 Q4: 2 earlier quarters do not fit 80 "
                         "columns.")


def test_narrow_history_drops_quarters_still_to_come_first(
        sli: SliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.plans.north_east import build_north_east

    folder = build_north_east(tmp_path / "ne")
    monkeypatch.setenv("SLI_TODAY", "2024-07-20")  # 2024/25 Q1 under review
    monkeypatch.setenv("COLUMNS", "60")
    result = sli("history", "--plan", str(folder))
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 60
    # Every quarter with ratings stays; one of the three still to come goes.
    assert lines[3].split() == ["23/24"] * 4 + ["24/25"] * 3
    assert lines[7].split() == ["TOB1", "Smokefree", "p…", "A", "G", "B", "B", "B"]
    assert "Showing 2023/24 Q1 to 2024/25 Q3: 1 quarter still to come does not fit 60" \
        in result.stdout.replace("\n", " ")
    monkeypatch.setenv("COLUMNS", "40")
    narrow = sli("history", "--plan", str(folder)).stdout
    header = next(line.split() for line in narrow.splitlines()
                  if line.split() and set(line.split()) <= {"23/24", "24/25"})
    assert header == ["23/24", "23/24", "24/25"]  # up to 2024/25 Q1, the latest rated
