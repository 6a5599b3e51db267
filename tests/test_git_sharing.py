"""Several writers through git: three clones of one plan record, amend,
complete and add in parallel, then pull, merge and push in a shuffled order.
No git conflict ever; ``sli check`` reports exactly the two divergences; every
view prints the same bytes in every clone; an amendment and a completion
settle them."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

from sli_cli.records.sharing import GITIGNORE
from tests.helpers import Result, run_process, subprocess_env

PLAN = textwrap.dedent("""\
    schema_version = 1
    id = "trio"
    title = "Three-priority SLI Plan"
    network = "North West"
    start = "2023/24 Q1"
    end = "2024/25 Q4"
    sli_lead = "DPH, Lancashire"
    coordinator = "NW SLI co-ordinator"

    [[priorities]]
    id = "P1"
    title = "Tobacco and vaping"
    dph_lead = "DPH, Blackpool"

    [[priorities]]
    id = "P2"
    title = "Suicide prevention"
    dph_lead = "DPH, Cumbria"

    [[priorities]]
    id = "P3"
    title = "Hypertension and CVD"
    dph_lead = "DPH, Wigan"

    [[objectives]]
    id = "KO1"
    priority = "P1"
    title = "Smokefree pregnancy pathway in every trust"
    lead = "DPH, Blackpool"

    [[objectives]]
    id = "KO2"
    priority = "P2"
    title = "Real-time surveillance of suspected suicides"
    lead = "DPH, Cumbria"

    [[objectives]]
    id = "KO3"
    priority = "P3"
    title = "Blood pressure checks in community pharmacies"
    lead = "DPH, Wigan"
    """)

VIEWS = [
    ["status"], ["status", "--format", "json"], ["history"], ["actions", "--all"],
    ["meeting", "list"], ["meeting", "show", "P1", "2023/24 Q1", "--history"],
    ["due"], ["event", "list"], ["snapshot", "--month", "2023-08"],
    ["export", "--format", "json"], ["check"], ["objective", "show", "KO1"],
]


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=60, env=GIT_ENV)
    assert done.returncode == 0, f"git {' '.join(args)} in {cwd.name}:\n{done.stdout}{done.stderr}"
    assert "CONFLICT" not in done.stdout + done.stderr
    return done.stdout


GIT_ENV = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_DATE": "2023-08-01T10:00:00",
           "GIT_COMMITTER_DATE": "2023-08-01T10:00:00", "GIT_TERMINAL_PROMPT": "0"}


def sli(clone: Path, *args: str) -> Result:
    env = subprocess_env(SLI_TODAY="2023-08-01", SLI_USER=clone.name.capitalize(),
                         SLI_CACHE_DIR=str(clone.parent / f"cache-{clone.name}"),
                         HOME=str(clone.parent / "home"))
    return run_process(*args, "--plan", ".", cwd=clone, env=env)


def ok(clone: Path, *args: str) -> Result:
    result = sli(clone, *args)
    assert result.exit_code == 0, (clone.name, args, result.output)
    return result


def commit(clone: Path, message: str) -> None:
    git(clone, "add", "-A")
    git(clone, "commit", "-q", "-m", message)


def new_clone(origin: Path, name: str) -> Path:
    clone = origin.parent / name
    git(origin.parent, "clone", "-q", str(origin), name)
    git(clone, "config", "user.name", name.capitalize())
    git(clone, "config", "user.email", f"{name}@example.org")
    git(clone, "config", "pull.rebase", "false")
    return clone


def require_git() -> None:
    if shutil.which("git") is None:
        if os.environ.get("CI"):
            pytest.fail("git is missing in CI; .ci/run installs Debian's git package")
        pytest.skip("git is not installed; CI always runs this")


def record(clone: Path, priority: str, objective: str, rag: str, *more: str) -> None:
    ok(clone, "meeting", "record", "-p", priority, "--date", "12/07/2023", "--yes",
       "--rag", f"{objective}={rag}", "--attendee", "SLI co-ordinator", *more)


def views(clone: Path) -> dict[str, tuple[int, str, str]]:
    return {" ".join(v): (r.exit_code, r.stdout, r.stderr)
            for v in VIEWS for r in [sli(clone, *v)]}


@pytest.mark.slow
@pytest.mark.parametrize("seed", [7])
def test_three_clones_share_a_plan_without_conflicts(tmp_path: Path, seed: int) -> None:
    require_git()
    (tmp_path / "home").mkdir()
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    seed_clone = new_clone(origin, "seed")
    (seed_clone / "plan.toml").write_text(PLAN, encoding="utf-8")
    (seed_clone / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
    record(seed_clone, "P1", "KO1", "amber",
           "--action", "KO1=Write to the three trusts|DPH, Blackpool|30/09/2023")
    commit(seed_clone, "P1 meeting")
    git(seed_clone, "push", "-q", "origin", "main")
    [action] = [line.split()[0] for line in ok(seed_clone, "actions").stdout.splitlines()
                if line.strip().startswith("A") and "Write to" in line]

    alice, bob, carol = (new_clone(origin, name) for name in ("alice", "bob", "carol"))
    record(alice, "P2", "KO2", "green")
    record(bob, "P3", "KO3", "red", "--action", "KO3=Ask pharmacies|DPH, Wigan|31/10/2023")
    for clone, rag in ((alice, "green"), (bob, "red")):  # the same version, amended twice
        ok(clone, "meeting", "record", "--amend", "-p", "P1", "-q", "2023/24 Q1", "--yes",
           "--rag", f"KO1={rag}", "--change-note", f"{clone.name} heard otherwise")
    ok(alice, "action", "done", action, "--date", "20/07/2023")
    ok(carol, "action", "done", action, "--date", "25/07/2023", "--note", "All three")
    for clone in (alice, bob, carol):
        ok(clone, "event", "add", "--date", "15/09/2023", "--title", f"{clone.name} webinar")
        ok(clone, "update", "add", "--kind", "news", "--title", f"News from {clone.name}",
           "--text", "Short.", "--month", "2023-08")
        assert not (clone / ".sli").exists() or git(clone, "status", "--porcelain",
                                                    ".sli") == ""
        commit(clone, f"{clone.name}'s records")

    clones = [alice, bob, carol]
    rng = random.Random(seed)
    for _ in range(2):  # each pulls (a real merge) and pushes, in a shuffled order
        rng.shuffle(clones)
        for clone in clones:
            git(clone, "pull", "-q", "--no-edit", "origin", "main")
            git(clone, "push", "-q", "origin", "main")
    for clone in clones:
        git(clone, "pull", "-q", "--no-edit", "origin", "main")

    checked = sli(alice, "check")
    assert checked.exit_code == 0, checked.output
    warnings = checked.stdout.splitlines()
    assert len(warnings) == 2, checked.stdout
    assert "meeting of P1 for 2023/24 Q1 has 2 versions that do not know of each other" \
        in checked.stdout
    assert f"action {action} was recorded as done 2 times in different places" in checked.stdout
    assert "by Alice" in checked.stdout and "by Bob" in checked.stdout \
        and "by Carol" in checked.stdout
    first = views(alice)
    assert views(bob) == first and views(carol) == first
    assert "Note: the meeting of P1 for 2023/24 Q1 has 2 versions made in different places" \
        in first["status"][2]

    # Settling: an amendment names both versions; a completion names both.
    ok(carol, "meeting", "record", "--amend", "-p", "P1", "-q", "2023/24 Q1", "--yes",
       "--rag", "KO1=amber", "--change-note", "Settled at the network meeting")
    ok(carol, "action", "done", action, "--date", "25/07/2023", "--note", "Settled")
    commit(carol, "settled")
    git(carol, "push", "-q", "origin", "main")
    for clone in (alice, bob):
        git(clone, "pull", "-q", "--no-edit", "origin", "main")
    settled = views(bob)
    assert settled["check"] == (0, "", "")
    assert views(alice) == settled and views(carol) == settled
    assert "Note:" not in settled["status"][2]
