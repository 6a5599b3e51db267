"""The successor example ``plans/south-west-2024-26``: drafted from the
bundled example with ``sli init --from --carry`` and edited by hand. It passes
``sli check``, ``--carry`` takes exactly the old plan's unfinished objectives,
and its views show the carried objectives' history in the old plan."""

from __future__ import annotations

import json
import re
import shutil
import tomllib
from pathlib import Path

import pytest

from tests.conftest import SliRunner
from tests.helpers import EXAMPLE, REPO, tree

SUCCESSOR = REPO / "plans" / "south-west-2024-26"


@pytest.fixture
def plans(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Both example plans copied side by side, on a day in the successor's
    second quarter under review."""
    monkeypatch.setenv("SLI_TODAY", "2024-10-31")
    root = tmp_path / "plans"
    shutil.copytree(EXAMPLE, root / "south-west")
    shutil.copytree(SUCCESSOR, root / "south-west-2024-26")
    return root


def final_position(sli: SliRunner, folder: Path) -> dict[str, dict[str, str]]:
    """The old plan's objectives at its end, as ``sli status`` computes them."""
    result = sli("status", "--plan", str(folder), "--format", "json")
    assert result.exit_code == 0, result.output
    return {o["id"]: o for o in json.loads(result.stdout)["objectives"]}


def links(text: str) -> dict[str, str]:
    """Each carried objective's id and the objective it came from, in order."""
    return {o["id"]: o["carried_from"] for o in tomllib.loads(text)["objectives"]
            if "carried_from" in o}


def test_the_successor_passes_check(sli: SliRunner, plans: Path) -> None:
    result = sli("check", "--plan", str(plans / "south-west-2024-26"))
    assert (result.exit_code, result.output) == (0, "")


def test_the_repository_successor_passes_check_as_it_is(sli: SliRunner,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """In place, next to the example, on today's date."""
    monkeypatch.delenv("SLI_TODAY", raising=False)
    before = tree(EXAMPLE)
    result = sli("check", "--plan", str(SUCCESSOR))
    assert (result.exit_code, result.output) == (0, "")
    assert tree(EXAMPLE) == before


def test_carry_takes_exactly_the_unfinished_objectives(sli: SliRunner, plans: Path,
                                                       tmp_path: Path) -> None:
    old = plans / "south-west"
    position = final_position(sli, old)
    unfinished = [oid for oid, o in position.items() if o["rag"] != "blue"]
    assert unfinished  # the example leaves work to carry
    result = sli("init", str(tmp_path / "next"), "--from", str(old), "--carry")
    assert result.exit_code == 0, result.output
    drafted = links((tmp_path / "next" / "plan.toml").read_text())
    assert list(drafted.values()) == [f"sw-2022-24/{oid}" for oid in unfinished]
    # Retired objectives never carry, whatever their last rating.
    retired = [o["id"] for o in tomllib.loads((old / "plan.toml").read_text())["objectives"]
               if o.get("status") == "retired"]
    assert retired and not set(retired) & {v.split("/")[1] for v in drafted.values()}


def test_the_hand_edits_keep_or_explain_every_carried_objective(sli: SliRunner,
                                                                 plans: Path) -> None:
    """Each link names an unfinished objective of the old plan, and each
    unfinished objective the edits did not keep is said in a comment."""
    text = (plans / "south-west-2024-26" / "plan.toml").read_text()
    assert 'previous_plan = "../south-west"' in text
    position = final_position(sli, plans / "south-west")
    unfinished = {oid for oid, o in position.items() if o["rag"] != "blue"}
    kept = {old.split("/")[1] for old in links(text).values()}
    assert kept <= unfinished
    for oid in sorted(unfinished - kept):
        assert re.search(rf"{oid} \([^)]*\) is not carried on", " ".join(text.split())), oid
    # Renumbered: the links are what ties them to the old plan.
    assert any(new != old.split("/")[1] for new, old in links(text).items())


def old_rows(output: str, heading: str) -> dict[str, list[str]]:
    """Each row of a history grid after ``heading``: its id and rating cells."""
    section = output.split(heading, 1)[1]
    rows = {}
    for line in section.splitlines():
        words = line.split()
        if words and re.fullmatch(r"KO\d+", words[0]):
            rows[words[0]] = line[-47:]
    return rows


def test_history_shows_the_old_ratings_of_each_carried_objective(sli: SliRunner,
                                                                  plans: Path) -> None:
    new = sli("history", "--plan", str(plans / "south-west-2024-26"))
    assert (new.exit_code, new.stderr) == (0, "")
    assert "Carried from the plan before: sw-2022-24" in new.stdout
    old = sli("history", "--plan", str(plans / "south-west"))
    assert old.exit_code == 0
    before = old_rows(old.stdout, "Ratings by quarter")
    carried = old_rows(new.stdout, "Carried from the plan before")
    text = (plans / "south-west-2024-26" / "plan.toml").read_text()
    assert set(carried) == set(links(text))
    for new_id, old_link in links(text).items():
        # The same cells, quarter by quarter, as the old plan's own grid.
        assert carried[new_id] == before[old_link.split("/")[1]], new_id


def test_objective_show_says_where_each_carried_objective_came_from(sli: SliRunner,
                                                                    plans: Path) -> None:
    position = final_position(sli, plans / "south-west")
    text = (plans / "south-west-2024-26" / "plan.toml").read_text()
    for new_id, old_link in links(text).items():
        last = position[old_link.split("/")[1]]
        result = sli("objective", "show", new_id, "--plan", str(plans / "south-west-2024-26"))
        assert (result.exit_code, result.stderr) == (0, "")
        assert (f"Carried   from {old_link}: last rated {last['rag'].capitalize()} in "
                f"{last['rated_quarter']}") in result.stdout
        assert f"Ratings in sw-2022-24 as {old_link.split('/')[1]}, " in result.stdout
        # Where the work was left: the old plan's last next steps, with their quarter.
        assert re.search(rf"^Next steps  .*\({re.escape(last['rated_quarter'])}\)$",
                         " ".join(result.stdout.split("\n            ")), re.MULTILINE)


@pytest.mark.parametrize("command", [
    "status", "status -f json", "history", "objective list -f json", "objective show KO7",
    "due", "actions --all", "meeting list", "meeting show P4 2024/25-Q1", "output list",
    "snapshot --month 2024-10", "report --year 2024/25", "pack --priority P3",
    "export -f csv",
])
def test_the_views_work_on_the_successor(sli: SliRunner, plans: Path, command: str) -> None:
    old = tree(plans / "south-west")
    result = sli(*command.split(), "--plan", str(plans / "south-west-2024-26"))
    assert result.exit_code in (0, 1), result.output
    assert result.stdout.strip()
    assert "Traceback" not in result.output
    assert [line for line in result.output.splitlines() if line != line.rstrip()] == []
    assert tree(plans / "south-west") == old


def test_status_of_the_successor_is_its_own_plan(sli: SliRunner, plans: Path) -> None:
    data = json.loads(sli("status", "--plan", str(plans / "south-west-2024-26"),
                          "-f", "json").stdout)
    assert data["plan"]["id"] == "sw-2024-26" and data["quarter"] == "2024/25 Q2"
    assert data["meetings_owed"] == []
    assert [o["id"] for o in data["objectives"]] == [f"KO{n}" for n in range(1, 11)]


def test_the_repository_root_names_both_plans(sli: SliRunner,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """From the repository root, with the example and its successor under
    ./plans, sli picks neither."""
    monkeypatch.chdir(REPO)
    result = sli("status")
    assert result.exit_code == 2
    assert result.stderr == (
        "sli: several plans under ./plans: plans/south-west (2022/23 Q1 to 2023/24 Q4) and "
        "plans/south-west-2024-26 (2024/25 Q1 to 2025/26 Q4); choose one with --plan DIR or "
        "SLI_PLAN\n")


def test_the_records_are_what_the_build_script_writes(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """plans/build_successor.py, run on a copy, writes the plan's records byte
    for byte: none was edited by hand."""
    import importlib.util
    import secrets

    spec = importlib.util.spec_from_file_location("build_successor",
                                                  REPO / "plans" / "build_successor.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    # The script seeds the draws of uids and ids; they are put back afterwards.
    monkeypatch.setattr(secrets, "choice", secrets.choice)
    monkeypatch.setattr(secrets, "randbelow", secrets.randbelow)
    folder = tmp_path / "south-west-2024-26"
    folder.mkdir()
    shutil.copy(SUCCESSOR / "plan.toml", folder / "plan.toml")
    assert module.rebuild(folder) == 17
    assert tree(folder) == tree(SUCCESSOR)


def test_the_readme_examples_run(sli: SliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's lines about the successor run as written, from the
    repository root."""
    import shlex

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    lines = [line for block in re.findall(r"```sh\n(.*?)```", readme, flags=re.S)
             for line in block.splitlines() if "south-west-2024-26" in line]
    assert len(lines) == 2
    monkeypatch.chdir(REPO)
    for line in lines:
        setting, *words = shlex.split(line)
        name, _, value = setting.partition("=")
        monkeypatch.setenv(name, value)
        result = sli(*words[1:])
        assert (result.exit_code, result.stderr) == (0, ""), line
        assert "sw-2022-24" in result.stdout
