from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from sli_cli.core.quarters import Quarter
from sli_cli.records.scaffold import plan_skeleton
from tests.conftest import SliRunner
from tests.helpers import REPO, load_plan, run_process, subprocess_env, tree, write_plan


def test_init_with_flags(sli: SliRunner, tmp_path: Path) -> None:
    result = sli("init", "new-plan", "--title", 'NW "SLI" Plan', "--network", "North West",
                 "--start", "Q1 2024/25", "--end", "2025-26 Q4")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ("Created new-plan/plan.toml for 2024/25 Q1 to 2025/26 Q4. Edit it, "
                             "then run: sli check --plan new-plan\n")
    plan = load_plan(tmp_path / "new-plan")
    assert (plan.id, plan.title, plan.network) == ("new-plan", 'NW "SLI" Plan', "North West")
    assert (plan.start, plan.end) == (Quarter(2024, 1), Quarter(2025, 4))
    text = (tmp_path / "new-plan" / "plan.toml").read_text()
    assert text.startswith("# An SLI action plan for sli.")
    assert sli("check", "--plan", "new-plan").exit_code == 0


def test_init_without_terminal_needs_flags(sli: SliRunner, tmp_path: Path) -> None:
    example = ("e.g. --title 'SLI Action Plan 2024-2026' --start '2024/25 Q1' --end "
               "'2025/26 Q4'")
    # Every missing option is named at once, not one per run.
    result = sli("init", "p")
    assert (result.exit_code, result.stderr) == (
        2, f"sli: --title, --start and --end are required without a terminal, {example}\n")
    result = sli("init", "p", "--title", "T")
    assert (result.exit_code, result.stderr) == (
        2, f"sli: --start and --end are required without a terminal, {example}\n")
    result = sli("init", "p", "--start", "soon", "--end", "later")
    assert (result.exit_code, result.stderr.splitlines()) == (2, [
        f"sli: --title is required without a terminal, {example}",
        "sli: --start: 'soon' is not a quarter; write it like '2023/24 Q2' (Q1 = Apr-Jun, "
        "Q2 = Jul-Sep, Q3 = Oct-Dec, Q4 = Jan-Mar)",
        "sli: --end: 'later' is not a quarter; write it like '2023/24 Q2' (Q1 = Apr-Jun, "
        "Q2 = Jul-Sep, Q3 = Oct-Dec, Q4 = Jan-Mar)"])
    result = sli("init", "p", "--title", "T", "--start", "2024/25 Q1", "--end", "later")
    assert result.exit_code == 2
    assert result.stderr.startswith("sli: --end: 'later' is not a quarter")
    result = sli("init", "p", "--title", "T", "--start", "2024/25 Q1", "--end", "2023/24 Q1")
    assert (result.exit_code, result.stderr) == (
        2, "sli: the plan ends (2023/24 Q1) before it starts (2024/25 Q1)\n")
    assert not (tmp_path / "p").exists()


def test_init_never_overwrites(sli: SliRunner, tmp_path: Path) -> None:
    folder = write_plan(tmp_path / "p")
    before = tree(folder)
    result = sli("init", "p", "--title", "T", "--start", "2024/25 Q1", "--end", "2025/26 Q4")
    assert (result.exit_code, result.stderr) == (
        2, "sli: p/plan.toml already exists; sli init never overwrites a plan\n")
    result = sli("init", "p", "--example")
    assert result.exit_code == 2
    assert tree(folder) == before


def test_init_example(sli: SliRunner, tmp_path: Path) -> None:
    result = sli("init", "copy", "--example")
    assert result.exit_code == 0
    assert result.stderr == ("Created copy from the bundled example plan. "
                             "Try: sli status --plan copy\n")
    assert (tmp_path / "copy" / "plan.toml").read_bytes() == (
        REPO / "plans" / "south-west" / "plan.toml").read_bytes()
    assert not (tmp_path / "copy" / "build_example.py").exists()
    assert sli("check", "--plan", "copy").exit_code == 0


def test_skeleton_with_awkward_title() -> None:
    text = plan_skeleton(plan_id="x", title='Back\\slash "quoted"\ttab', network="N",
                         start=Quarter(2024, 1), end=Quarter(2025, 4))
    import tomllib

    assert tomllib.loads(text)["title"] == 'Back\\slash "quoted"\ttab'


def test_init_interactive(tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    child = pexpect.spawn(sys.executable, ["-m", "sli_cli", "init", "asked"], cwd=str(tmp_path),
                          env=subprocess_env(), encoding="utf-8", timeout=20)
    child.expect("Plan title")
    child.sendline("Asked Plan")
    child.expect(r"Network \(the regional ADPH network\): ")
    assert "South West" not in child.before + child.after
    child.sendline("North East")
    child.expect("Start quarter")
    child.sendline("2024/25 Q5")
    child.expect("is not a quarter")
    child.expect("Start quarter")
    child.sendline("Q2 2024/25")
    child.expect("End quarter")
    child.sendline("")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    plan = load_plan(tmp_path / "asked")
    assert (plan.title, plan.network) == ("Asked Plan", "North East")
    assert (plan.start, plan.end) == (Quarter(2024, 2), Quarter(2026, 1))


@pytest.mark.slow  # builds and installs a wheel
def test_example_from_installed_wheel(tmp_path: Path) -> None:
    """`sli init --example` must work from a wheel, not only from a checkout."""
    if shutil.which("hatchling") is None and subprocess.run(
            [sys.executable, "-c", "import hatchling"], capture_output=True).returncode:
        pytest.skip("hatchling is not installed")
    source = tmp_path / "src"
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(
        ".git", "__pycache__", "*.egg-info", ".sli", "benchmarks", ".*cache"))
    build = subprocess.run([sys.executable, "-m", "hatchling", "build", "-t", "wheel"],
                           cwd=source, capture_output=True, text=True)
    assert build.returncode == 0, build.stderr
    wheel = next((source / "dist").glob("*.whl"))
    installed = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(installed)
    assert (installed / "sli_cli" / "example_plan" / "plan.toml").is_file()
    # The format documents ship with the package: `sli help plan-format` prints them.
    shown = run_process("help", "plan-format", cwd=tmp_path,
                        env=subprocess_env(PYTHONPATH=str(installed)))
    assert shown.exit_code == 0, shown.stderr
    assert shown.stdout == (REPO / "docs" / "plan-format.md").read_text(encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    env = subprocess_env(PYTHONPATH=str(installed))
    result = run_process("init", "copy", "--example", cwd=work, env=env)
    assert result.exit_code == 0, result.stderr
    assert run_process("check", "--plan", "copy", cwd=work, env=env).exit_code == 0
    assert (work / "copy" / "meetings").is_dir()


def test_new_plan_points_to_the_format_help(sli: SliRunner, tmp_path: Path) -> None:
    assert sli("init", "p", "--title", "T", "--start", "2024/25 Q1", "--end",
               "2025/26 Q4").exit_code == 0
    text = (tmp_path / "p" / "plan.toml").read_text()
    assert "sli help plan-format" in text and "docs/" not in text
    shown = sli("help", "plan-format")
    assert shown.stdout == (REPO / "docs" / "plan-format.md").read_text(encoding="utf-8")


def test_help_topics(sli: SliRunner) -> None:
    listed = sli("help")
    assert listed.exit_code == 0 and listed.stdout.startswith("plan-format    the plan folder")
    wrong = sli("help", "plan-formt")
    assert (wrong.exit_code, wrong.stderr) == (
        2, "sli: no help topic 'plan-formt' (did you mean 'plan-format'?); the topics are "
           "plan-format, meeting-input, dates, snapshot, json, network\n")
    for topic in ("meeting-input", "dates", "snapshot", "json", "network"):
        assert sli("help", topic).stdout.startswith("# ")


def test_nothing_region_specific_outside_the_example(sli: SliRunner, tmp_path: Path) -> None:
    """A new plan and the meeting template carry no South West names."""
    from tests.plans.north_east import build_north_east

    folder = build_north_east(tmp_path / "ne")
    template = sli("meeting", "template", "--plan", str(folder), "--priority", "cvd")
    assert template.exit_code == 0, template.stderr
    assert '#   owner = "NE SLI co-ordinator"' in template.stdout
    assert sli("init", "p", "--title", "T", "--start", "2024/25 Q1", "--end",
               "2025/26 Q4").exit_code == 0
    for text in (template.stdout, (tmp_path / "p" / "plan.toml").read_text()):
        for word in ("South West", "SW ", "Wiltshire", "Devon", "Somerset", "Cornwall"):
            assert word not in text
