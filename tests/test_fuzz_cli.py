"""Fuzzing the command line: argument lists built from the real command tree
(every command, every option, plausible and hostile values). The only outcomes
are exit 0, 1 or 2, never an exception; a command that fails changes nothing.

FUZZ_EXAMPLES cases (1,000 by default, the figure CI runs).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
import typer.main
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sli_cli.cli.app import app
from sli_cli.cli.main import run
from tests.conftest import SliRunner
from tests.helpers import tree, write_plan

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "1000"))
# What must never reach the terminal raw: escape sequences start with these.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

# Left out: --edit starts an editor; the completion options change shell files.
SKIPPED_OPTIONS = {"--edit", "--install-completion", "--show-completion"}
# Options whose value is a path the user chose (written to or read from).
PATH_OPTIONS = {"--plan", "--output", "--from", "directory"}
# Commands that record something in the plan folder when they succeed.
MUTATING = {("meeting", "record"), ("action", "done"), ("action", "correct"), ("event", "add"),
            ("event", "withdraw"), ("update", "add"), ("update", "withdraw"),
            ("output", "done"), ("output", "correct"), ("project", "add"),
            ("project", "update"), ("support", "respond"), ("edition", "write"),
            ("edition", "sent")}


def leaf_commands() -> list[tuple[tuple[str, ...], Any]]:
    found: list[tuple[tuple[str, ...], Any]] = []

    def walk(command: Any, path: tuple[str, ...]) -> None:
        subcommands = getattr(command, "commands", None)
        if subcommands:
            for name, sub in subcommands.items():
                walk(sub, (*path, name))
        else:
            found.append((path, command))

    walk(typer.main.get_command(app), ())
    return found


COMMANDS = leaf_commands()

# Text a hostile or careless user might type. No NUL: a command line cannot
# carry one. Lone surrogates stand for bytes that are not UTF-8.
NASTY = ["", " ", "..", "../..", "../../etc/passwd", "/etc/passwd", "a/b", "KO1/..",
         "P1/../P2", "\x1b[31mred\x1b[0m", "\x1b]52;c;aGVsbG8=\x07", "\r\n", "\t",
         "<script>alert(1)</script>", "| col |", "# heading", "=cmd|' /C calc'!A0",
         "x" * 5000, "é" * 300, "\u202eevil", "caf\udce9", "--plan", "-h", "'", '"',
         "\\", "0", "-1", "99999999999999999999", "NaN", "2023-02-30", "31/02/2023",
         "9999-12-31", "0001-01-01", "Q5", "2023/24 Q9", "1900/01 Q1"]
garbage = (st.sampled_from(NASTY)
           | st.text(st.characters(blacklist_characters="\x00",
                                   blacklist_categories=("Cs",)), max_size=40)
           | st.text(st.sampled_from("KOPA123/.\\ \x1b\x07\x7f\u0085-=|,"), max_size=12))

IDS = ["P1", "P2", "p1", "P9", "KO1", "KO2", "KO3", "ko3", "KO99", "A2345", "AAAAA"]
DATES = ["16/11/2023", "2023-11-16", "16 Nov 2023", "12/7/23", "2022-05-10", "2030-01-01",
         "1999-01-01", "today"]
QUARTERS = ["2023/24 Q2", "2022/23 Q1", "Q3 2023/24", "2023-24-Q2", "2019/20 Q1"]
RATINGS = ["red", "amber", "green", "blue", "grey", "R", "A", "G", "B", "N", "skip", "pink"]
PLAUSIBLE: dict[str, st.SearchStrategy[str]] = {
    "--priority": st.sampled_from(IDS), "--objective": st.sampled_from(IDS),
    "priority": st.sampled_from(IDS), "objective": st.sampled_from(IDS),
    "action_id": st.sampled_from(IDS),
    "--date": st.sampled_from(DATES), "--as-of": st.sampled_from(DATES),
    "--quarter": st.sampled_from(QUARTERS), "quarter": st.sampled_from(QUARTERS),
    "--month": st.sampled_from(["2023-11", "2023-13", "2023-1", "1999-01", "../../x"]),
    "--year": st.sampled_from(["2023/24", "2022/23", "2030/31", "2023"]),
    "--rag": st.builds(lambda k, r: f"{k}={r}", st.sampled_from(IDS), st.sampled_from(RATINGS))
    | st.sampled_from(RATINGS),
    "--action": st.builds(lambda k, t, o, d: f"{k}={t}|{o}|{d}", st.sampled_from(IDS), garbage,
                          garbage, st.sampled_from(DATES)),
    "--link": st.sampled_from(["https://example.org/a", "javascript:alert(1)", "ftp://x"]),
}
for name in ("--progress", "--risks", "--support", "--next"):
    PLAUSIBLE[name] = st.builds(lambda k, t: f"{k}={t}", st.sampled_from(IDS), garbage)


def value_for(name: str, param: Any, plan: str) -> st.SearchStrategy[str]:
    choices = getattr(param.type, "choices", None)
    if name == "--plan":
        return st.sampled_from([plan, plan, plan, "nowhere", "../..", f"{plan}/plan.toml"])
    if name in PATH_OPTIONS:
        # The user's own choice of file: kept to names inside the scratch folder.
        return st.sampled_from(["out.md", "sub/out.html", "exists.txt", plan, "a b.csv",
                                "deep/../out.json", "plan-copy/plan.toml"])
    plausible = PLAUSIBLE.get(name)
    if choices:
        plausible = st.sampled_from(list(choices))
    if plausible is None:
        return garbage
    # Mostly plausible, so that most cases get past the option parser.
    return st.integers(0, 3).flatmap(lambda n: plausible if n else garbage)


@st.composite
def command_lines(draw: st.DrawFn, plan: str) -> list[str]:
    path, command = draw(st.sampled_from(COMMANDS))
    argv = list(path)
    params = [p for p in command.params if not set(p.opts) & SKIPPED_OPTIONS]
    for param in params:
        name = param.opts[0] if param.param_type_name == "option" else param.name
        if param.param_type_name == "argument":
            if draw(st.integers(0, 9)):  # now and then leave a required argument out
                argv.append(draw(value_for(name, param, plan)))
            continue
        if draw(st.integers(0, 9)) >= (9 if param.required else 5):
            continue
        spelled = draw(st.sampled_from(param.opts))
        if getattr(param, "is_flag", False):
            argv.append(spelled)
            continue
        for _ in range(draw(st.integers(1, 3 if param.multiple else 1))):
            argv += [spelled, draw(value_for(name, param, plan))]
    if "--plan" not in argv and draw(st.integers(0, 9)):
        argv += ["--plan", plan]
    if draw(st.integers(0, 19)) == 0:  # something that is not an option at all
        argv.insert(draw(st.integers(0, len(argv))), draw(garbage))
    return argv


def invoke(argv: list[str]) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    saved = sys.stdin, sys.stdout, sys.stderr
    sys.stdin, sys.stdout, sys.stderr = io.StringIO(""), stdout, stderr
    try:
        code = run(argv)
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved
    return code, stdout.getvalue(), stderr.getvalue()


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    """A small plan with meetings, actions, a completion, an event and an update."""
    folder = write_plan(tmp_path / "plan")
    for argv in (
        ["meeting", "record", "-p", "P1", "-d", "10/08/2023", "--rag", "KO1=G",
         "--rag", "KO2=R", "--action", "KO2=Fix it|DPH, Torbay|30/09/2023", "-y"],
        ["meeting", "record", "-p", "P2", "-d", "10/08/2023", "--rag", "KO3=A", "-y"],
        ["event", "add", "--date", "16/11/2023", "--title", "Peer challenge"],
        ["update", "add", "--kind", "news", "--title", "New lead", "--month", "2023-11"],
    ):
        code, _, err = invoke([*argv, "--plan", str(folder)])
        assert code == 0, err
    (tmp_path / "exists.txt").write_text("mine\n", encoding="utf-8")
    return tmp_path


def restore(scratch: Path, pristine: Path) -> None:
    """Put the scratch folder back as it was, in place (it is the working folder)."""
    for entry in scratch.iterdir():
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    shutil.copytree(pristine, scratch, dirs_exist_ok=True, symlinks=True)


@pytest.mark.slow  # a thousand generated command lines
def test_command_line_fuzz(scratch: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pristine = scratch.parent / f"{scratch.name}-pristine"
    shutil.copytree(scratch, pristine)
    folder = scratch / "plan"
    baseline = tree(folder)
    monkeypatch.setenv("SLI_TODAY", "2024-01-15")
    outcomes: dict[int, int] = {}

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                     HealthCheck.filter_too_much])
    @given(command_lines(str(folder)))
    def case(argv: list[str]) -> None:
        code, out, err = invoke(argv)
        outcomes[code] = outcomes.get(code, 0) + 1
        assert code in (0, 1, 2), (argv, code, err)
        assert "Traceback" not in out + err
        assert CONTROL.findall(err) == [], (argv, err)
        if code != 0 and argv[0] != "due":  # sli due exits 1 when something is owed
            assert err.strip(), f"{argv}: failed without a message"
        after = tree(folder)
        if code != 0 or tuple(argv[:2]) not in MUTATING:
            # Drafts keep what was typed for a meeting that could not be recorded.
            changed = {k for k in after.keys() | baseline.keys()
                       if after.get(k) != baseline.get(k)}
            assert all(k.startswith(".sli/drafts/") for k in changed), (argv, changed)
        if after != baseline or set(os.listdir(scratch)) != set(os.listdir(pristine)):
            restore(scratch, pristine)

    monkeypatch.chdir(scratch)
    case()
    print(f"\nFIGURE fuzz-cli: {sum(outcomes.values())} command lines, exit codes "
          f"{dict(sorted(outcomes.items()))}")


def test_bytes_that_are_not_utf8_are_refused(sli: SliRunner, tmp_path: Path) -> None:
    """A Latin-1 terminal passes 'café' as bytes Python cannot encode again."""
    folder = write_plan(tmp_path / "plan")
    before = tree(folder)
    result = sli("event", "add", "--date", "16/11/2023", "--title", "caf\udce9",
                 "--plan", str(folder))
    assert result.exit_code == 2
    assert result.stderr == ("sli: the argument 'caf\\xe9' is not UTF-8 text (is the terminal "
                             "set to another encoding?); nothing was done\n")
    assert tree(folder) == before
