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


# In the example, KO8.2 (due 2023/24 Q3) is the one output overdue at the
# plan's end; KO11.2 and KO16.2 are due in its last quarter; the others are
# delivered.

def test_an_output_recorded_as_delivered(sli: SliRunner, plan: Path) -> None:
    assert outputs(sli, plan)["KO8.2"]["status"] == "OVERDUE"
    before = set((plan / "outputs").iterdir())
    result = sli("output", "done", "ko8.2", "--date", "15/03/2024", "--note", "Held",
                 "--plan", str(plan))
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("Recorded output KO8.2 as delivered on Fri 15 March "
                                    "2024 (2024-03-15) in ")
    [path] = set((plan / "outputs").iterdir()) - before
    assert path.name.startswith("KO8.2.") and path.suffix == ".toml"
    text = path.read_text()
    assert 'output = "KO8.2"' in text and "date = 2024-03-15" in text
    row = outputs(sli, plan)["KO8.2"]
    assert (row["delivered"], row["status"]) == ("2024-03-15", "delivered")
    status = sli("status", "--plan", str(plan), "--priority", "P3")
    assert "KO8.2" not in status.stdout and "KO16.2" in status.stdout
    due = json.loads(sli("due", "--plan", str(plan), "-f", "json").stdout)
    overdue = [o["id"] for lead in due["leads"] for o in lead["overdue_outputs"]]
    assert "KO8.2" not in overdue
    show = " ".join(sli("objective", "show", "KO8", "--plan", str(plan)).stdout.split())
    assert "(due 2023/24 Q3; delivered 2024-03-15)" in show
    assert sli("check", "--plan", str(plan)).exit_code == 0


def test_the_example_shows_outputs_delivered_and_overdue(sli: SliRunner, plan: Path) -> None:
    rows = outputs(sli, plan)
    assert [k for k, row in rows.items() if row["status"] == "OVERDUE"] == ["KO8.2"]
    # An output given its own id in plan.toml keeps it: KO5's briefing, added
    # first in the list, is KO5.3.
    assert [k for k in rows if k.startswith("KO5.")] == ["KO5.3", "KO5.1", "KO5.2"]
    assert rows["KO4.2"]["delivered"] == "2023-06-14"  # as corrected
    show = " ".join(sli("objective", "show", "KO4", "--plan", str(plan)).stdout.split())
    assert "(due 2022/23 Q3; delivered 2022-12-16)" in show


def test_a_correction_keeps_the_original(sli: SliRunner, plan: Path) -> None:
    before = {p.name for p in (plan / "outputs").iterdir()}
    assert sli("output", "done", "KO8.2", "--date", "15/12/2023", "--plan",
               str(plan)).exit_code == 0
    first = {p.name for p in (plan / "outputs").iterdir()} - before
    fixed = sli("output", "correct", "KO8.2", "--change-note", "Held in January",
                "--date", "10/01/2024", "--plan", str(plan))
    assert fixed.exit_code == 0, fixed.output
    files = {p.name: p.read_text() for p in (plan / "outputs").iterdir()}
    assert first < set(files) - before and len(files) == len(before) + 2
    [new] = set(files) - before - first
    assert f'amends = [\n    "{next(iter(first)).split(".")[2]}",\n]' in files[new]
    assert outputs(sli, plan)["KO8.2"]["delivered"] == "2024-01-10"
    undone = sli("output", "correct", "KO8.2", "--change-note", "Not held after all",
                 "--not-delivered", "--plan", str(plan))
    assert undone.exit_code == 0, undone.output
    assert outputs(sli, plan)["KO8.2"]["status"] == "OVERDUE"


@pytest.mark.parametrize(("args", "code", "message"), [
    (["done", "KO99.1"], 2, "sli: no output 'KO99.1' in this plan (did you mean 'KO9.1'?)"),
    (["done", "KO8.2", "--date", "01/01/2019"], 2,
     "sli: --date 2019-01-01 is outside the plan period (2022/23 Q1 to 2023/24 Q4)"),
    (["done", "KO8.2", "--date", "01/01/2025"], 2, "sli: --date: 2025-01-01 is in the future"),
    (["done", "KO8.2", "--date", "31/02/2023"], 2, "sli: --date: "),
    (["done", "KO4.1"], 1, "sli: output KO4.1 was already recorded as delivered on 2022-12-16"),
    (["correct", "KO8.2", "--change-note", "x"], 1,
     "sli: output KO8.2 is not recorded as delivered; there is nothing to correct"),
    (["correct", "KO4.1", "--change-note", " "], 2,
     "sli: --change-note: a correction needs a change note"),
    (["correct", "KO4.1", "--change-note", "x", "--not-delivered", "--note", "y"], 2,
     "sli: --not-delivered takes no --date or --note"),
    (["done", "KO9.2", "--date", "20/03/2024"], 2,
     "sli: output KO9.2 belongs to KO9, which retired in 2023/24 Q2 (now KO16): its outputs "
     "are not tracked after then, and 2024-03-20 is; record the work under the objective "
     "that carries it on"),
])
def test_mistakes_leave_the_folder_unchanged(sli: SliRunner, plan: Path, args: list[str],
                                             code: int, message: str) -> None:
    before = files(plan)
    result = sli("output", *args, "--plan", str(plan))
    assert result.exit_code == code, result.output
    assert result.stderr.startswith(message)
    assert files(plan) == before


def test_delivered_twice_is_refused(sli: SliRunner, plan: Path) -> None:
    assert sli("output", "done", "KO8.2", "--plan", str(plan)).exit_code == 0
    before = files(plan)
    again = sli("output", "done", "KO8.2", "--plan", str(plan))
    assert again.exit_code == 1
    assert "already recorded as delivered on 2024-03-31" in again.stderr
    assert "sli output correct KO8.2" in again.stderr
    assert files(plan) == before


def test_a_delivery_naming_a_missing_output_is_a_problem(sli: SliRunner, plan: Path) -> None:
    # KO4.2 is recorded as delivered, then corrected, in the example.
    text = (plan / "plan.toml").read_text()
    start = text.index("[[objectives.outputs]]\ntitle = \"Regional quarterly surveillance")
    end = text.index("\n\n", start)
    (plan / "plan.toml").write_text(text[:start] + text[end + 2:])
    result = sli("check", "--plan", str(plan))
    assert result.exit_code == 1
    problems = [line.split("/", 1)[1] for line in result.output.splitlines()]
    assert sorted(p.split(":", 1)[1] for p in problems) == [
        "3: output KO4.2 is not in plan.toml (did you mean 'KO14.2'?)",
        "6: output KO4.2 is not in plan.toml (did you mean 'KO14.2'?)"]


def test_the_snapshot_tells_outputs_delivered_in_the_month(sli: SliRunner, plan: Path) -> None:
    result = sli("snapshot", "--plan", str(plan), "--month", "2023-11")
    assert result.exit_code == 0, result.output
    section = result.stdout.split("## Good news", 1)[1].split("\n## ", 1)[0]
    assert section.split("### Outputs delivered in November 2023\n\n", 1)[1].splitlines() == [
        "- Regional briefing on the 2023 national suicide prevention strategy (Refresh local "
        "suicide prevention plans against the national strategy, Thu 9 Nov 2023): Briefing "
        "sent to every DPH and suicide prevention lead.",
        "- Regional position statement on vaping (Consistent messages and trading standards "
        "action on youth vaping, Tue 21 Nov 2023): Launched at the trading standards and "
        "schools workshop."]
    october = sli("snapshot", "--plan", str(plan), "--month", "2023-10").stdout
    assert "- Three peer challenges held and learning shared (Peer challenge on inclusion " \
        "health for people experiencing homelessness, Wed 25 Oct 2023)" in october
    assert "Regional briefing" not in october.split("## Progress", 1)[0]
    none = sli("snapshot", "--plan", str(plan), "--month", "2023-08")
    assert "Outputs delivered" not in none.stdout


def test_the_coordinators_snapshot_lists_overdue_outputs(sli: SliRunner, plan: Path) -> None:
    result = sli("snapshot", "--plan", str(plan), "--month", "2023-11")
    owed = result.stdout.split("## For the co-ordinator: what is owed", 1)[1]
    assert ("### Overdue outputs (1)\n\n| What | Objective | Due | Days overdue |\n"
            "|---|---|---|---|\n| Self-assessment against the framework completed by every "
            "council | Embed a shared health inequalities framework across the 15 South West "
            "councils | 2023/24 Q2 | 61 |") in owed
    public = sli("snapshot", "--plan", str(plan), "--month", "2023-11", "--public")
    assert "Overdue outputs" not in public.stdout


def test_an_output_delivered_before_its_objective_retired_shows_there(
        sli: SliRunner, plan: Path) -> None:
    done = sli("output", "done", "KO9.2", "--date", "20/06/2023", "--plan", str(plan))
    assert done.exit_code == 0, done.stderr
    shown = sli("objective", "show", "KO9", "--plan", str(plan))
    assert shown.exit_code == 0, shown.stderr
    assert "delivered 2023-06-20" in " ".join(shown.stdout.split())


def test_nothing_overdue_is_said_not_drawn(sli: SliRunner, plan: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLI_TODAY", "2022-06-01")
    result = sli("output", "list", "--overdue", "--plan", str(plan))
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "No output is overdue (as of 2022-06-01).\n"
    assert json.loads(sli("output", "list", "--overdue", "--plan", str(plan), "-f",
                          "json").stdout)["outputs"] == []
