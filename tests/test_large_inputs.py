"""Large inputs are refused at once with a clear message, and line numbers
are worked out only when a problem is reported (in time linear in the file)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sli_cli.plan import tomlsource
from sli_cli.plan.loader import parse_plan
from sli_cli.plan.tomlsource import MAX_FIELD_CHARS, MAX_FILE_BYTES, SourceMap
from tests.conftest import SliRunner
from tests.helpers import SMALL_PLAN, tree, write_plan


def _no_parse(text: str) -> None:
    raise AssertionError("a file over the size limit was parsed")


def test_a_50_mb_plan_is_refused_without_being_parsed(sli: SliRunner, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    folder = write_plan(tmp_path / "big")
    line = '[[priorities]]\nid = "P9"\ntitle = "Padding"\ndph_lead = "DPH"\n\n'
    (folder / "plan.toml").write_text(SMALL_PLAN + line * (50 * 1024 * 1024 // len(line)),
                                      encoding="utf-8")
    size = (folder / "plan.toml").stat().st_size
    assert size > 50 * 1000 * 1000
    before = tree(folder)
    monkeypatch.setattr(tomlsource.toml_reader, "loads", _no_parse)
    for command in ("check", "status"):
        result = sli(command, "--plan", str(folder))
        assert result.exit_code == 1, result.output
        assert f"plan.toml: the file is {size / 1024 / 1024:.1f} MB; sli reads files of at " \
               "most 8.0 MB (is it the right file?)" in result.output
        assert "Traceback" not in result.output
    assert tree(folder) == before


def test_a_5_mb_title_is_refused_with_its_line(sli: SliRunner, tmp_path: Path) -> None:
    title = "A" * (5 * 1024 * 1024)
    folder = write_plan(tmp_path / "p", SMALL_PLAN.replace('title = "Tiny SLI Plan"',
                                                           f'title = "{title}"'))
    result = sli("status", "--plan", str(folder))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.strip().endswith(
        "plan.toml:3: 'title' is 5,242,880 characters long; sli reads at most 50,000 "
        "characters in one field")


def test_the_field_limit_is_inclusive() -> None:
    at_limit = SMALL_PLAN.replace('title = "Tiny SLI Plan"', f'title = "{"x" * MAX_FIELD_CHARS}"')
    plan, problems = parse_plan(at_limit.encode(), "plan.toml")
    assert problems == [] and plan is not None and len(plan.title) == MAX_FIELD_CHARS
    over = SMALL_PLAN.replace('title = "Bereavement support"',
                              f'title = "{"x" * (MAX_FIELD_CHARS + 1)}"')
    _, problems = parse_plan(over.encode(), "plan.toml")
    assert [p.format() for p in problems] == [
        "plan.toml:34: objective KO2: 'title' is 50,001 characters long; sli reads at most "
        "50,000 characters in one field"]


def test_a_list_item_and_a_rating_definition_are_limited_too() -> None:
    long = "x" * (MAX_FIELD_CHARS + 1)
    text = SMALL_PLAN.replace('\n[[priorities]]\nid = "P1"',
                              f'\n[rag]\nred = "{long}"\ngreen = "ok"\n\n[[priorities]]\nid = "P1"')
    _, problems = parse_plan(text.encode(), "plan.toml")
    assert [p.format() for p in problems] == [
        "plan.toml:11: rag: 'red' is 50,001 characters long; sli reads at most 50,000 "
        "characters in one field"]


def test_a_long_field_in_a_record_is_located(sli: SliRunner, tmp_path: Path) -> None:
    folder = write_plan(tmp_path / "p")
    meeting = folder / "meetings" / "2022-23-Q2" / "P2.toml"
    meeting.parent.mkdir(parents=True)
    meeting.write_text(
        'schema_version = 1\npriority = "P2"\nquarter = "2022/23 Q2"\ndate = 2022-09-20\n'
        'version = 1\nattendees = ["DPH, Somerset"]\n\n[[outcomes]]\nobjective = "KO3"\n'
        f'rag = "green"\nprogress = "{"y" * 60_000}"\n', encoding="utf-8")
    result = sli("check", "--plan", str(folder))
    assert result.exit_code == 1
    assert result.output == (
        "p/meetings/2022-23-Q2/P2.toml:11: outcome for KO3: 'progress' is 60,000 characters "
        "long; sli reads at most 50,000 characters in one field\n")


def test_a_record_over_the_size_limit_is_refused(sli: SliRunner, tmp_path: Path) -> None:
    folder = write_plan(tmp_path / "p")
    done = folder / "actions" / "A1234.toml"
    done.parent.mkdir(parents=True)
    done.write_bytes(b"# padding\n" * (MAX_FILE_BYTES // 10 + 1))
    result = sli("check", "--plan", str(folder))
    assert result.exit_code == 1
    assert result.output == ("p/actions/A1234.toml: the file is 8.0 MB; sli reads files of at "
                             "most 8.0 MB (is it the right file?)\n")


def test_lines_are_found_only_when_a_problem_is_reported(
        monkeypatch: pytest.MonkeyPatch) -> None:
    scans: list[int] = []
    real = SourceMap._scan

    def counting(self: SourceMap, text: str) -> None:
        scans.append(len(text))
        real(self, text)

    monkeypatch.setattr(SourceMap, "_scan", counting)
    plan, problems = parse_plan(SMALL_PLAN.encode(), "plan.toml")
    assert plan is not None and problems == [] and scans == []
    twice = SMALL_PLAN + '\n[[objectives]]\nid = "KO2"\npriority = "P2"\ntitle = "Again"\n' \
        'lead = "DPH"\n'
    _, problems = parse_plan(twice.encode(), "plan.toml")
    assert [p.format() for p in problems] == [
        "plan.toml:44: objective KO2: duplicate id: objective KO2 is already defined on "
        "line 32"]
    assert len(scans) == 1


@pytest.mark.parametrize("header, path", [
    ("[rag]", ("rag",)),
    ("  [ rag ]  # the ratings", ("rag",)),
    ("[[ objectives ]]", ("objectives", 0)),
    ('[["objectives"]]', ("objectives", 0)),
])
def test_table_headers_are_found(header: str, path: tuple[str | int, ...]) -> None:
    smap = SourceMap.scan(f'id = "x"\n\n{header}\nkey = 1\n')
    assert smap.line(path) == 3
    assert smap.line((*path, "key")) == 4


@pytest.mark.parametrize("line", ["[rag]]", "[rag] x = 1", "[]", "[ ]", "[rag]] # x"])
def test_lines_that_are_not_table_headers(line: str) -> None:
    smap = SourceMap.scan(f'id = "x"\n{line}\nkey = 1\n[next]\n')
    assert list(smap.tables) == [("next",)]


def test_a_long_line_of_brackets_is_scanned() -> None:
    # Lines like these once made the header pattern backtrack for minutes.
    # An unclosed bracket opens a multi-line array until the next header.
    for line in ("[" + " " * 200_000 + "x", "[" * 200_000):
        smap = SourceMap.scan(f"{line}\n[rag]\nkey = 1\n[next]\nother = 2\n")
        assert smap.line(("next", "other")) == 5
    smap = SourceMap.scan("[" + "a]" * 100_000 + "\n[rag]\nkey = 1\n")
    assert smap.line(("rag", "key")) == 3
