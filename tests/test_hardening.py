"""Attacks from the adversarial review (issue 12): each one that once worked,
shown not to work any more. See RELIABILITY.md for the figures."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from tests.conftest import SliRunner
from tests.helpers import PINNED, REPO, run_process, subprocess_env, tree, write_plan


# -- 12: every test has its own home, cache and environment -----------------
def test_environment_is_pinned(tmp_path: Path) -> None:
    """Inside a test: nothing from the shell that sli reads, home and cache here."""
    from tests import helpers

    for name in os.environ:
        if helpers.is_ambient(name):
            assert os.environ[name] == helpers.PINNED[name], name
    assert Path(os.environ["HOME"]).is_relative_to(tmp_path)
    assert Path(os.environ["SLI_CACHE_DIR"]).is_relative_to(tmp_path)
    env = subprocess_env()
    assert Path(env["HOME"]).is_relative_to(tmp_path)
    assert all(env[k] == v for k, v in helpers.PINNED.items())
    assert PINNED == {} or PINNED is not helpers.PINNED  # the fixture set its own


HOSTILE_SHELL = {
    "SLI_TODAY": "2024-01-31", "SLI_NO_CACHE": "1", "SLI_USER": "intruder",
    "NO_COLOR": "", "FORCE_COLOR": "1", "COLUMNS": "23", "LINES": "3",
    "EDITOR": "false", "VISUAL": "false", "TERM": "xterm-256color",
}


def test_tests_ignore_the_shell_they_run_in(tmp_path: Path) -> None:
    """``SLI_TODAY=2024-01-31 pytest`` once failed; tests also wrote into the
    real ``~/.cache/sli``. Run two tests under a hostile shell whose home and
    cache are folders we can watch: they pass and leave both empty."""
    home, xdg = tmp_path / "home", tmp_path / "xdg"
    home.mkdir()
    xdg.mkdir()
    (tmp_path / "elsewhere").mkdir()
    env = {k: v for k, v in os.environ.items()}
    env.update(HOSTILE_SHELL, HOME=str(home), XDG_CACHE_HOME=str(xdg),
               SLI_PLAN=str(tmp_path / "elsewhere"), SLI_CACHE_DIR=str(xdg / "sli"),
               PYTHONPATH=str(REPO))
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly",
         "tests/test_cli_basics.py::test_python_dash_m_runs_the_same_program",
         "tests/test_hardening.py::test_environment_is_pinned",
         "tests/test_cache.py::test_cache_is_written_and_used"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "3 passed" in proc.stdout
    assert list(home.rglob("*")) == [] and list(xdg.rglob("*")) == []


# -- 11: patterns end with \Z, not $ ----------------------------------------
def test_an_id_with_a_trailing_newline_is_refused(sli: SliRunner, tmp_path: Path) -> None:
    folder = write_plan(tmp_path / "p")
    text = (folder / "plan.toml").read_text()
    (folder / "plan.toml").write_text(text.replace('id = "P2"', 'id = "P2\\n"'))
    result = sli("check", "--plan", str(folder))
    assert result.exit_code == 1
    assert "P2\\n" in result.stdout and "Traceback" not in result.output
    assert len(result.stdout.splitlines()) == 2


def test_a_link_with_a_trailing_newline_is_refused(sli: SliRunner, tmp_path: Path) -> None:
    folder = write_plan(tmp_path / "p")
    (folder / "updates").mkdir()
    (folder / "updates" / "U2345.toml").write_text(
        'schema_version = 1\nid = "U2345"\nkind = "news"\ntitle = "t"\ntext = "x"\n'
        'month = "2023-11"\nlink = "https://example.org/\\n"\n'
        'recorded_at = 2023-11-01T00:00:00Z\n')
    result = sli("check", "--plan", str(folder))
    assert result.exit_code == 1, result.output
    assert "'https://example.org/\\n'" in result.stdout, result.output


# -- 6: SLI_TODAY ------------------------------------------------------------
@pytest.mark.parametrize("value", ["2024-13-01", "yesterday", "31/03/2024", "2024-03-31\n",
                                   " 2024-03-31", "2024-3-31", "\x1b]52;c;ZWNobw==\x07"])
def test_a_malformed_sli_today_is_refused(sli: SliRunner, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    folder = write_plan(tmp_path / "p")
    monkeypatch.setenv("SLI_TODAY", value)
    result = sli("status", "--plan", str(folder))
    assert result.exit_code == 2
    assert result.stderr.startswith("sli: SLI_TODAY is set to '"), result.stderr
    assert "YYYY-MM-DD" in result.stderr and "\x1b" not in result.stderr


COMMANDS_ON_TODAY = [["status"], ["due"], ["history"], ["actions"], ["snapshot"],
                     ["objective", "show", "KO1"], ["meeting", "list"]]


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01", "1899-12-31", "3000-01-01"])
def test_sli_today_at_the_ends_of_time_is_refused(sli: SliRunner, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  value: str) -> None:
    folder = write_plan(tmp_path / "p")
    monkeypatch.setenv("SLI_TODAY", value)
    for command in COMMANDS_ON_TODAY:
        result = sli(*command, "--plan", str(folder))
        assert "Traceback" not in result.output
        if command[0] in ("status", "due", "history", "actions", "snapshot"):
            assert result.exit_code == 2, (command, result.output)
            assert "sli works with days from 1900-01-01 to 2999-12-31" in result.stderr


@pytest.mark.parametrize("value", ["1900-01-01", "2999-12-31"])
def test_sli_today_at_the_edges_of_the_range_works(sli: SliRunner, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   value: str) -> None:
    folder = write_plan(tmp_path / "p")
    monkeypatch.setenv("SLI_TODAY", value)
    for command in COMMANDS_ON_TODAY:
        result = sli(*command, "--plan", str(folder))
        assert result.exit_code in (0, 1), (command, result.output)
        assert "Traceback" not in result.output


# -- 8: links ----------------------------------------------------------------
BAD_LINKS = [
    "https://example.org/a|b", "https://example.org/[x](https://evil.example)",
    "https://example.org/a b", "https://example.org/\"x", "https://example.org/<b>",
    "javascript:alert(1)", "https://", "https://bank.example@evil.example/",
    "https://example.org/%zz", "https://-x.example/", "https://example.org:99999/",
    "https://exa mple.org/", "https://example.org/\x1b[31m",
]


@pytest.mark.parametrize("link", BAD_LINKS)
def test_only_well_formed_links_are_accepted(sli: SliRunner, tmp_path: Path, link: str) -> None:
    folder = write_plan(tmp_path / "p")
    before = tree(folder)
    result = sli("event", "add", "--plan", str(folder), "--date", "1/6/2023", "--title", "W",
                 "--link", link)
    assert result.exit_code == 2, result.output
    assert "is not a well-formed web address" in result.stderr
    assert "\x1b" not in result.stderr
    assert tree(folder) == before


def test_a_link_in_a_record_file_cannot_add_markdown(sli: SliRunner, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A link with Markdown's characters, valid as a URL, stays one link with
    its own address as its text; a hand-edited record with a '|' is refused."""
    monkeypatch.setenv("SLI_TODAY", "2023-11-01")
    folder = write_plan(tmp_path / "p")
    link = "https://example.org/*a*_(b)_~c"
    result = sli("update", "add", "--plan", str(folder), "--kind", "news", "--title", "T",
                 "--text", "x", "--month", "2023-11", "--link", link)
    assert result.exit_code == 0, result.output
    result = sli("snapshot", "--plan", str(folder), "--month", "2023-11")
    assert result.exit_code == 0, result.output
    tokens = MarkdownIt("commonmark").enable("table").parse(result.stdout)
    hrefs = [t.attrs["href"] for tok in tokens for t in (tok.children or [])
             if t.type == "link_open"]
    assert hrefs == ["https://example.org/%2Aa%2A%5F%28b%29%5F~c"]
    update = next((folder / "updates").glob("*.toml"))
    update.write_text(update.read_text().replace(link, "https://e.org/a|[t](https://evil)"))
    result = sli("check", "--plan", str(folder))
    assert result.exit_code == 1
    assert "'link' must be a well-formed web address" in result.stdout


def test_process_runs_use_the_pinned_environment(tmp_path: Path) -> None:
    result = run_process("--version")
    assert result.exit_code == 0
