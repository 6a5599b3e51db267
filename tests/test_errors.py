"""Domain errors carry fields, never option names; ``sli_cli.cli.errors`` is
the one place that turns them into a message and an exit code."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from sli_cli.cli import errors as edge
from sli_cli.core.errors import (
    BadValue,
    EditorError,
    ExitCode,
    InputError,
    NotFound,
    OutOfPeriod,
    PlanNotFound,
    PlanProblems,
    Problem,
    SliError,
)

PACKAGE = Path(__file__).resolve().parent.parent / "sli_cli"
OPTION = re.compile(r"(?<![\w-])--[a-z]")

# Modules below cli/ whose messages still name options, with what removes
# them; this test fails when one is cleaned so that its entry goes too.
KNOWN: set[str] = set()


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def texts_naming_options(source: str) -> list[str]:
    """Every string in ``source`` (f-string parts included) that names a
    command-line option such as ``--month``. Docstrings and comments written
    into files sli creates (text starting ``#``) are not messages."""
    tree = ast.parse(source)
    skip = _docstrings(tree)
    return [n.value for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in skip
            and OPTION.search(n.value) and not n.value.lstrip().startswith("#")]


def test_raised_texts_are_found_in_renderers() -> None:
    source = ("def f():\n    note = 'made by sli init --from'\n"
              "    raise ValueError(f'use --month {1}')\n")
    assert raised_texts_naming_options(source) == ["use --month "]


def test_the_check_finds_options_in_any_text_but_docstrings() -> None:
    source = (
        '"""Reads --month."""\n'
        "def f(x):\n"
        '    """Raises for --month."""\n'
        "    if x:\n"
        "        raise ValueError(f'--month {x!r} is bad')\n"
        "    problems.append(Problem('', None, 'write it as --rag KO5=red'))\n"
        "    return 'no rating given (--rag KO5=RATING)'\n"
        "    raise ValueError('a well-known value; 2023-11 -- fine')\n"
        "    FORM = '# record it with: sli meeting record --from FILE'\n"
    )
    assert sorted(texts_naming_options(source)) == [
        "--month ", "no rating given (--rag KO5=RATING)", "write it as --rag KO5=red"]


def raised_texts_naming_options(source: str) -> list[str]:
    """The strings in ``raise`` statements that name an option."""
    return [n.value for r in ast.walk(ast.parse(source)) if isinstance(r, ast.Raise) and r.exc
            for n in ast.walk(r.exc)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and OPTION.search(n.value)]


def test_no_message_below_the_command_line_names_an_option() -> None:
    offenders = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if relative.startswith("cli/"):
            continue
        source = path.read_text(encoding="utf-8")
        # Renderers write documents, which may tell a reader how a document
        # was made ("drafted by sli init --from"); only their errors count.
        found = (raised_texts_naming_options(source) if relative.startswith("render/")
                 else texts_naming_options(source))
        if found:
            offenders[relative] = found
    assert set(offenders) == KNOWN, offenders


def test_an_input_error_names_the_option_only_when_it_was_given() -> None:
    error = BadValue("month", "2023-13", "is not a month; write it like 2023-11")
    assert edge.message(error, ["snapshot", "--month", "2023-13"]) == (
        "sli: --month '2023-13' is not a month; write it like 2023-11")
    assert edge.message(error, ["snapshot", "--month=2023-13"]) == (
        "sli: --month '2023-13' is not a month; write it like 2023-11")
    assert edge.message(error, ["snapshot"]) == (
        "sli: '2023-13' is not a month; write it like 2023-11")
    assert edge.exit_code(error) == ExitCode.USAGE


def test_a_value_sli_chose_says_how_to_give_another() -> None:
    error = OutOfPeriod("month", "this month (2026-11)", "2022-04 to 2024-06", defaulted=True)
    assert edge.message(error, ["update", "add"]) == (
        "sli: this month (2026-11) is outside the plan period (2022-04 to 2024-06); "
        "give the month with --month")


def test_a_detail_that_does_not_follow_the_option_gets_a_colon() -> None:
    error = InputError("quarter", "Q9", "cannot read 'Q9' as a quarter")
    assert edge.message(error, ["status", "--quarter", "Q9"]) == (
        "sli: --quarter: cannot read 'Q9' as a quarter")


def test_not_found_keeps_the_nearest_id_and_adds_where_to_look() -> None:
    error = NotFound("objective", "KO41", "KO14")
    assert edge.message(error, ["objective", "show", "KO41"]) == (
        "sli: no objective 'KO41' in this plan (did you mean 'KO14'?); see: sli objective list")
    assert edge.message(NotFound("action", "A1", None), ["action", "done", "A1"]) == (
        "sli: no action 'A1' in this plan; see: sli actions --all")
    assert edge.exit_code(error) == ExitCode.USAGE


@pytest.mark.parametrize(("source", "expected"), [
    ("option", f"sli: --plan: x does not exist; {edge.HOW_TO_CREATE}"),
    ("environment", f"sli: SLI_PLAN: x does not exist; {edge.HOW_TO_CREATE}"),
    ("search", f"sli: x does not exist; {edge.HOW_TO_CREATE}"),
])
def test_plan_not_found_advice(source: str, expected: str) -> None:
    error = PlanNotFound("x does not exist", source)
    assert edge.message(error) == expected
    assert edge.exit_code(error) == ExitCode.USAGE


def test_other_errors_keep_their_message_and_code() -> None:
    problems = PlanProblems([Problem("plan.toml", 4, "objective KO41: priority P9 is not defined")])
    assert edge.message(problems) == "plan.toml:4: objective KO41: priority P9 is not defined"
    assert edge.exit_code(problems) == ExitCode.DATA
    assert edge.message(SliError("the folder is locked")) == "sli: the folder is locked"
    editor = EditorError("no editor set")
    assert (edge.message(editor), edge.exit_code(editor)) == ("sli: no editor set", 2)


def test_every_field_maps_to_a_real_option() -> None:
    assert all(re.fullmatch(r"--[a-z][a-z-]*", o) for o in edge.OPTIONS.values())


def test_usage_errors_are_raised_by_the_command_line_only() -> None:
    """Below ``cli/`` a mistake in what a person gave is an ``InputError``
    with its field, so that the edge can name the option."""
    raising = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if relative.startswith("cli/"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) \
                    and getattr(node.exc.func, "id", "") == "UsageError":
                raising.append(f"{relative}:{node.lineno}")
    assert raising == []
