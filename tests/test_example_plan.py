"""The bundled example plan is what ``plans/build_example.py`` writes, byte
for byte, and it uses every part of the format a plan's life needs."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SliRunner
from tests.helpers import EXAMPLE, REPO, subprocess_env, tree


@pytest.mark.slow  # rebuilds the example's 149 records in a process
def test_rebuilding_the_example_gives_the_same_files(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    plans.mkdir()
    shutil.copy(REPO / "plans" / "build_example.py", plans)
    shutil.copytree(EXAMPLE, plans / "south-west", ignore=shutil.ignore_patterns(".sli"))
    (plans / "south-west" / "meetings" / "2022-23-Q1").rename(tmp_path / "gone")  # rebuilt
    built = subprocess.run([sys.executable, str(plans / "build_example.py")],
                           capture_output=True, text=True, env=subprocess_env(), timeout=120)
    assert built.returncode == 0, built.stderr
    committed = {k: v for k, v in tree(EXAMPLE).items() if not k.startswith(".sli/")}
    assert tree(plans / "south-west") == committed


def test_the_example_uses_every_kind_of_record(sli: SliRunner) -> None:
    result = sli("check", "--strict", "--plan", str(EXAMPLE))
    assert (result.exit_code, result.output) == (0, "")
    folders = {p.name for p in EXAMPLE.iterdir() if p.is_dir() and p.name != ".sli"}
    assert folders >= {"meetings", "actions", "events", "updates", "outputs", "support",
                       "projects"}
    text = (EXAMPLE / "plan.toml").read_text(encoding="utf-8")
    for key in ("retired_in", "replaced_by", "added_in", 'from = "2023/24 Q3"',
                "[[councils]]", 'id = "KO5.3"'):
        assert key in text


def test_the_example_has_apologies_decisions_asks_and_councils(sli: SliRunner) -> None:
    meetings = [p.read_text(encoding="utf-8") for p in EXAMPLE.glob("meetings/*/*.toml")]
    assert sum("apologies = [" in m for m in meetings) >= 5
    assert sum("[[decisions]]" in m for m in meetings) >= 5
    assert sum('support_to = "national board"' in m for m in meetings) >= 2
    assert sum("council = " in m for m in meetings) >= 5
    asks = sli("support", "list", "--plan", str(EXAMPLE), "-f", "json")
    assert asks.exit_code == 0, asks.output
    assert [(a["to"], a["status"]) for a in json.loads(asks.stdout)] == [
        ("national board", "answered"), ("national board", "open")]
    projects = sli("project", "list", "--plan", str(EXAMPLE), "-f", "json")
    assert projects.exit_code == 0, projects.output
    assert projects.stdout.count('"council"') == 4


def test_meeting_show_says_how_support_asked_was_answered(sli: SliRunner) -> None:
    shown = sli("meeting", "show", "P3", "2023/24 Q1", "--plan", str(EXAMPLE))
    assert shown.exit_code == 0, shown.output
    text = " ".join(shown.stdout.split())
    assert ("Support ask P3-2023-24-Q1-KO9: answered on 2023-09-14: The board raised trust data "
            "returns with NHS England") in text
    assert "Decisions: - KO9: Retire KO9 at the end of the quarter" in text


def test_objective_list_says_when_objectives_were_added_or_retired(sli: SliRunner) -> None:
    table = sli("objective", "list", "--plan", str(EXAMPLE), "-p", "P3", "-f", "md")
    assert table.exit_code == 0, table.output
    assert ("| KO9 | Tobacco dependency treatment in every acute trust (retired in 2023/24 Q2, "
            "now KO16) | P3 | DPH, Somerset | 2 |") in table.stdout
    assert ("| KO16 | Treating tobacco dependency through the integrated care systems (added in "
            "2023/24 Q2) | P3 | DPH, Somerset | 2 |") in table.stdout
    data = {o["id"]: o for o in json.loads(sli("objective", "list", "--plan", str(EXAMPLE),
                                               "-f", "json").stdout)}
    assert (data["KO9"]["retired_in"], data["KO9"]["replaced_by"]) == ("2023/24 Q2", "KO16")
    assert (data["KO16"]["added_in"], data["KO16"]["retired_in"]) == ("2023/24 Q2", None)
    assert data["KO7"]["added_in"] is None and data["KO7"]["merged_into"] is None
