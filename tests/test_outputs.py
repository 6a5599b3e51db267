"""``sli output``: outputs recorded as delivered, corrected, and shown as due
or overdue wherever the plan is read."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import SliRunner
from tests.helpers import EXAMPLE, tree


@pytest.fixture
def plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SLI_TODAY", "2024-03-31")
    monkeypatch.setenv("SLI_USER", "SW SLI co-ordinator")
    folder = tmp_path / "sw"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns(".sli"))
    return folder


def files(plan: Path) -> dict[str, bytes]:
    """The plan's files, without sli's own state (.sli/: the lock)."""
    return {k: v for k, v in tree(plan).items() if not k.startswith(".sli/")}


def outputs(sli: SliRunner, plan: Path) -> dict[str, dict[str, object]]:
    result = sli("output", "list", "--plan", str(plan), "--format", "json")
    assert result.exit_code == 0, result.output
    return {row["id"]: row for row in json.loads(result.stdout)["outputs"]}


def test_an_output_recorded_as_delivered(sli: SliRunner, plan: Path) -> None:
    assert outputs(sli, plan)["KO4.1"]["status"] == "OVERDUE"
    result = sli("output", "done", "ko4.1", "--date", "15/12/2022", "--note", "Signed",
                 "--plan", str(plan))
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("Recorded output KO4.1 as delivered on Thu 15 December "
                                    "2022 (2022-12-15) in ")
    [path] = (plan / "outputs").iterdir()
    assert path.name.startswith("KO4.1.") and path.suffix == ".toml"
    text = path.read_text()
    assert 'output = "KO4.1"' in text and "date = 2022-12-15" in text
    row = outputs(sli, plan)["KO4.1"]
    assert (row["delivered"], row["status"]) == ("2022-12-15", "delivered")
    status = sli("status", "--plan", str(plan), "--priority", "P2")
    assert "KO4.1" not in status.stdout and "KO4.2" in status.stdout
    due = json.loads(sli("due", "--plan", str(plan), "-f", "json").stdout)
    overdue = [o["id"] for lead in due["leads"] for o in lead["overdue_outputs"]]
    assert "KO4.1" not in overdue and "KO4.2" in overdue
    show = " ".join(sli("objective", "show", "KO4", "--plan", str(plan)).stdout.split())
    assert "(due 2022/23 Q3; delivered 2022-12-15)" in show
    assert "(due 2023/24 Q1; OVERDUE)" in show
    assert sli("check", "--plan", str(plan)).exit_code == 0


def test_a_correction_keeps_the_original(sli: SliRunner, plan: Path) -> None:
    assert sli("output", "done", "KO4.1", "--date", "15/12/2022", "--plan",
               str(plan)).exit_code == 0
    first = {p.name for p in (plan / "outputs").iterdir()}
    fixed = sli("output", "correct", "KO4.1", "--change-note", "Signed in January",
                "--date", "10/01/2023", "--plan", str(plan))
    assert fixed.exit_code == 0, fixed.output
    files = {p.name: p.read_text() for p in (plan / "outputs").iterdir()}
    assert first < set(files) and len(files) == 2
    [new] = set(files) - first
    assert f'amends = [\n    "{next(iter(first)).split(".")[2]}",\n]' in files[new]
    assert outputs(sli, plan)["KO4.1"]["delivered"] == "2023-01-10"
    undone = sli("output", "correct", "KO4.1", "--change-note", "Not signed after all",
                 "--not-delivered", "--plan", str(plan))
    assert undone.exit_code == 0, undone.output
    assert outputs(sli, plan)["KO4.1"]["status"] == "OVERDUE"


@pytest.mark.parametrize(("args", "code", "message"), [
    (["done", "KO99.1"], 2, "sli: no output 'KO99.1' in this plan (did you mean 'KO9.1'?)"),
    (["done", "KO4.1", "--date", "01/01/2019"], 2,
     "sli: --date 2019-01-01 is outside the plan period (2022/23 Q1 to 2023/24 Q4)"),
    (["done", "KO4.1", "--date", "01/01/2025"], 2, "sli: --date: 2025-01-01 is in the future"),
    (["done", "KO4.1", "--date", "31/02/2023"], 2, "sli: --date: "),
    (["correct", "KO4.1", "--change-note", "x"], 1,
     "sli: output KO4.1 is not recorded as delivered; there is nothing to correct"),
    (["correct", "KO4.1", "--change-note", " "], 2,
     "sli: --change-note: a correction needs a change note"),
    (["correct", "KO4.1", "--change-note", "x", "--not-delivered", "--note", "y"], 2,
     "sli: --not-delivered takes no --date or --note"),
])
def test_mistakes_leave_the_folder_unchanged(sli: SliRunner, plan: Path, args: list[str],
                                             code: int, message: str) -> None:
    before = files(plan)
    result = sli("output", *args, "--plan", str(plan))
    assert result.exit_code == code, result.output
    assert result.stderr.startswith(message)
    assert files(plan) == before


def test_delivered_twice_is_refused(sli: SliRunner, plan: Path) -> None:
    assert sli("output", "done", "KO4.1", "--plan", str(plan)).exit_code == 0
    before = files(plan)
    again = sli("output", "done", "KO4.1", "--plan", str(plan))
    assert again.exit_code == 1
    assert "already recorded as delivered on 2024-03-31" in again.stderr
    assert "sli output correct KO4.1" in again.stderr
    assert files(plan) == before


def test_a_delivery_naming_a_missing_output_is_a_problem(sli: SliRunner, plan: Path) -> None:
    assert sli("output", "done", "KO4.2", "--plan", str(plan)).exit_code == 0
    text = (plan / "plan.toml").read_text()
    start = text.index("[[objectives.outputs]]\ntitle = \"Regional quarterly surveillance")
    end = text.index("\n\n", start)
    (plan / "plan.toml").write_text(text[:start] + text[end + 2:])
    result = sli("check", "--plan", str(plan))
    assert result.exit_code == 1
    assert ":3: output KO4.2 is not in plan.toml (did you mean 'KO14.2'?)" in result.output
