"""Attacks from the adversarial review (issue 12): each one that once worked,
shown not to work any more. See RELIABILITY.md for the figures."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from tests.conftest import SliRunner
from tests.helpers import PINNED, REPO, run_process, subprocess_env, tree, write_plan
from tests.helpers import written as written_file

# Slow: attacks through processes, shells and the file system.
pytestmark = pytest.mark.slow


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


# -- 4: no symbolic link inside the plan folder is followed ------------------
MEETING_ARGS = ["meeting", "record", "--priority", "P1", "--date", "10/05/2023", "--yes",
                "--rag", "KO1=red", "--rag", "KO2=green",
                "--action", "KO1=Write to the trusts|SLI lead|30/06/2023"]
WRITERS = {
    "events": ["event", "add", "--date", "1/6/2023", "--title", "Webinar"],
    "updates": ["update", "add", "--kind", "news", "--title", "T", "--text", "x",
                "--month", "2023-05"],
    "meetings": MEETING_ARGS,
    "meetings/2023-24-Q1": MEETING_ARGS,
    "actions": ["action", "done", "{action}", "--date", "1/6/2023"],
    ".sli": ["event", "add", "--date", "1/6/2023", "--title", "Webinar"],
}


def plan_with_a_meeting(sli: SliRunner, root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[
        Path, str]:
    monkeypatch.setenv("SLI_TODAY", "2023-07-01")
    folder = write_plan(root / "p")
    result = sli(*MEETING_ARGS, "--plan", str(folder), "--quarter", "2022/23 Q4")
    assert result.exit_code == 0, result.output
    from sli_cli.records.load import read_records

    records, _ = read_records(folder)
    return folder, records.meetings[0].outcomes[0].actions[0].id


@pytest.mark.parametrize("linked", sorted(WRITERS))
def test_a_symlinked_record_folder_is_refused(sli: SliRunner, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch,
                                              linked: str) -> None:
    """The attack: a record folder is a link to a folder outside; a recording
    command wrote there and ``sli check`` read there. Now both refuse."""
    folder, action = plan_with_a_meeting(sli, tmp_path, monkeypatch)
    outside = tmp_path / "outside"
    outside.mkdir()
    if linked.startswith("meetings"):
        # Another quarter's meetings are not this priority's meeting: a link
        # holding a foreign record shows that nothing is read through it.
        (outside / "planted.toml").write_text("not toml [")
    target = folder / linked
    if target.exists():
        (tmp_path / "moved").mkdir(exist_ok=True)
        target.rename(tmp_path / "moved" / target.name)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.symlink_to(outside, target_is_directory=True)
    before = tree(outside)
    command = [a.replace("{action}", action) for a in WRITERS[linked]]
    result = sli(*command, "--plan", str(folder))
    assert result.exit_code == 1, result.output
    # Refused when the records are read (a problem of the plan), or else when written.
    assert re.search(rf"p/{re.escape(linked)}:? is a symbolic link", result.stderr), result.stderr
    assert "Traceback" not in result.output
    assert tree(outside) == before
    check = sli("check", "--plan", str(folder))
    assert check.exit_code == 1
    assert f"p/{linked}: is a symbolic link" in check.stdout, check.stdout
    assert "planted" not in check.stdout


def test_a_symlinked_lock_is_refused(sli: SliRunner, tmp_path: Path) -> None:
    """The attack: ``.sli/lock`` links to a file anywhere; every recording
    command created (as root: anywhere) the target. Now nothing is created."""
    folder = write_plan(tmp_path / "p")
    (folder / ".sli").mkdir()
    victim = tmp_path / "etc" / "created-by-sli"
    victim.parent.mkdir()
    (folder / ".sli" / "lock").symlink_to(victim)
    result = sli(*WRITERS["events"], "--plan", str(folder))
    assert result.exit_code == 1
    assert re.search(r"p/\.sli/lock:? is a symbolic link", result.stderr), result.stderr
    assert not victim.exists() and not (folder / "events").exists()


def test_drafts_are_not_kept_through_a_symlinked_state_folder(sli: SliRunner, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch
                                                              ) -> None:
    monkeypatch.setenv("SLI_TODAY", "2023-07-01")
    folder = write_plan(tmp_path / "p")
    outside = tmp_path / "outside"
    outside.mkdir()
    (folder / ".sli").symlink_to(outside, target_is_directory=True)
    result = sli(*MEETING_ARGS, "--plan", str(folder))
    assert result.exit_code == 1, result.output
    assert re.search(r"p/\.sli:? is a symbolic link", result.stderr), result.stderr
    assert list(outside.rglob("*")) == []
    assert "Traceback" not in result.output


# -- 9: a lock held by another process --------------------------------------
def test_a_held_lock_is_waited_for_then_refused(tmp_path: Path) -> None:
    """The attack: anyone who can read ``.sli/lock`` can flock it and every
    writer then waited silently for ever. Now a writer says whom it waits for
    and gives up with a clear message."""
    from sli_cli.records.files import locked

    folder = write_plan(tmp_path / "p")
    with locked(folder):
        before = tree(folder)
        result = run_process(*WRITERS["events"], "--plan", str(folder),
                             env=subprocess_env(SLI_LOCK_TIMEOUT="1"), timeout=60)
        after = tree(folder)
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines() == [
        f"waiting for another sli writing to this plan (pid {os.getpid()}), for up to 1 s",
        f"sli: another sli (pid {os.getpid()}) has been writing to this plan for more than "
        "1 s; nothing was written. If no sli is running, a process may be holding "
        "p/.sli/lock open: try again later",
    ]
    assert after == before and not (folder / "events").exists()


# -- 13: the write path without fcntl or hard links --------------------------
@pytest.mark.parametrize("how", ["no os.link", "EPERM from os.link",
                                 "no descriptor-relative calls (as on Windows)"])
def test_writing_without_fcntl_or_hard_links(sli: SliRunner, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    """As on a file system without hard links, and a system without fcntl
    (Windows): every recording command still writes whole records and never
    replaces one."""
    import errno

    from sli_cli.records import files

    for name in [m for m in sys.modules if m == "filelock" or m.startswith("filelock.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "fcntl", None)  # import fcntl now fails
    if how == "no os.link":
        monkeypatch.delattr(os, "link")
    elif how.startswith("no descriptor"):
        monkeypatch.setattr(files, "DIR_FD", False)
    else:
        def no_links(*args: object, **kwargs: object) -> None:
            raise OSError(errno.EPERM, "Operation not permitted")
        monkeypatch.setattr(os, "link", no_links)
    folder, action = plan_with_a_meeting(sli, tmp_path, monkeypatch)
    import filelock

    assert not filelock.has_fcntl
    for command in (WRITERS["events"], WRITERS["updates"],
                    ["action", "done", action, "--date", "1/6/2023"],
                    ["meeting", "record", "--amend", "--priority", "P1", "--quarter",
                     "2022/23 Q4", "--rag", "KO2=amber", "--yes", "--change-note", "KO2"]):
        result = sli(*command, "--plan", str(folder))
        assert result.exit_code == 0, (command, result.output)
    assert sli("check", "--plan", str(folder)).exit_code == 0
    written = tree(folder)
    assert not [k for k in written if k.endswith(".tmp")]
    record = sorted((folder / "meetings" / "2022-23-Q4").glob("P1.*.toml"))[0]
    with pytest.raises(files.WriteError, match="already exists"):
        files.write_new(record, b"replaced", within=folder)
    assert tree(folder) == written
    # Links are still refused on the way to a record.
    outside = tmp_path / "outside"
    outside.mkdir()
    (folder / "updates").rename(tmp_path / "updates-moved")
    (folder / "updates").symlink_to(outside, target_is_directory=True)
    with pytest.raises(files.SymlinkRefused, match="is a symbolic link"):
        files.write_new(folder / "updates" / "U2222.toml", b"x", within=folder)
    assert list(outside.iterdir()) == []


# -- 7: a reader that goes away is not a failure -----------------------------
LISTINGS = [
    ["status"], ["status", "--format", "json"], ["status", "--format", "csv"], ["history"],
    ["objective", "list"], ["objective", "show", "KO4"], ["meeting", "list"],
    ["meeting", "show", "P2", "2023/24 Q1"], ["actions", "--all"], ["due"], ["event", "list"],
    ["update", "list", "--format", "md"], ["snapshot", "--month", "2023-11"],
    ["report", "--year", "2023/24"], ["export", "--format", "json"],
    ["export", "--format", "csv"], ["status", "--help"], ["--help"],
]


@pytest.mark.slow
def test_a_broken_pipe_exits_0_under_pipefail(tmp_path: Path) -> None:
    """``sli status | head -1`` under ``set -o pipefail`` failed: Typer and
    Rich turned the broken pipe into exit 1. The reader here (``true``) exits
    at once, so every command's first write meets a closed pipe."""
    import shlex

    from tests.helpers import EXAMPLE

    failures = []
    for command in LISTINGS:
        plan = [] if command[-1] == "--help" and len(command) == 1 else ["--plan", str(EXAMPLE)]
        line = shlex.join([sys.executable, "-m", "sli_cli", *command, *plan])
        proc = subprocess.run(["bash", "-c", f"set -o pipefail; {line} | true"],
                              env=subprocess_env(SLI_TODAY="2024-03-31"), cwd=tmp_path,
                              capture_output=True, text=True, timeout=120)
        if proc.returncode != 0 or proc.stderr.strip() not in ("", *EXPECTED_NOTES):
            failures.append((command, proc.returncode, proc.stderr[-300:]))
    assert failures == []
    print(f"FIGURE broken pipe: {len(LISTINGS)} listing commands, each exit 0 under pipefail")


# Notes some commands print on stderr about the plan having ended.
EXPECTED_NOTES = ("The plan ended in 2023/24 Q4; showing its final position (2023/24 Q4).",)


# -- 6: no traceback where a message is promised -----------------------------
@pytest.mark.parametrize("command", [["status"], ["meeting", "record", "--priority", "P1"],
                                     ["event", "add", "--title", "x"], ["check"]])
def test_a_closed_stdin_is_not_a_traceback(tmp_path: Path, command: list[str]) -> None:
    import shlex

    folder = write_plan(tmp_path / "p")
    line = shlex.join([sys.executable, "-m", "sli_cli", *command, "--plan", str(folder)])
    proc = subprocess.run(["bash", "-c", f"{line} <&-"], env=subprocess_env(
        SLI_TODAY="2023-07-01"), cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode in (0, 1, 2), proc.stderr


# -- 5: -o FILE --force replaces only regular files --------------------------
def special_files(root: Path) -> dict[str, Path]:
    """A FIFO, a link to a file, a dangling link, and (as root) a device."""
    made: dict[str, Path] = {}
    made["fifo"] = root / "fifo"
    os.mkfifo(made["fifo"])
    (root / "precious.txt").write_text("keep me")
    made["link"] = root / "link"
    made["link"].symlink_to(root / "precious.txt")
    made["dangling link"] = root / "dangling"
    made["dangling link"].symlink_to(root / "nothing-here")
    if os.getuid() == 0:
        made["device"] = root / "null"
        os.mknod(made["device"], 0o666 | __import__("stat").S_IFCHR, os.makedev(1, 3))
    return made


def kinds_of(paths: dict[str, Path]) -> dict[str, int]:
    return {name: os.lstat(path).st_mode for name, path in paths.items()}


def test_force_never_replaces_a_device_fifo_or_link(sli: SliRunner, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLI_TODAY", "2023-11-20")
    folder = write_plan(tmp_path / "p")
    specials = special_files(tmp_path)
    before = kinds_of(specials)
    for name, path in specials.items():
        result = sli("snapshot", "--plan", str(folder), "-o", str(path), "--force")
        assert result.exit_code == 2, (name, result.output)
        assert "is not a regular file" in result.stderr, (name, result.stderr)
    assert kinds_of(specials) == before
    assert (tmp_path / "precious.txt").read_text() == "keep me"
    assert not (tmp_path / "nothing-here").exists()
    # A regular file is still replaced with --force.
    (tmp_path / "old.md").write_text("old")
    assert sli("snapshot", "--plan", str(folder), "-o", "old.md", "--force").exit_code == 0
    assert (tmp_path / "old.md").read_text() != "old"


@pytest.mark.parametrize("spelling", ["hard link to plan.toml", "link to the meetings folder"])
def test_the_plans_own_files_are_compared_by_identity(sli: SliRunner, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     spelling: str) -> None:
    """As on a case-insensitive disk, where ``PLAN.TOML`` is ``plan.toml``: a
    name that is the plan's own file by identity, not by spelling, is refused."""
    monkeypatch.setenv("SLI_TODAY", "2023-11-20")
    folder = write_plan(tmp_path / "p")
    (folder / "meetings").mkdir()
    if spelling.startswith("hard"):
        target = tmp_path / "PLAN.TOML"
        os.link(folder / "plan.toml", target)
    else:
        (tmp_path / "m").symlink_to(folder / "meetings", target_is_directory=True)
        target = tmp_path / "m" / "snapshot.md"
    before = tree(folder)
    result = sli("snapshot", "--plan", str(folder), "-o", str(target), "--force")
    assert result.exit_code == 2, result.output
    assert "is one of the plan's own files" in result.stderr
    assert tree(folder) == before
    if spelling.startswith("hard"):
        assert os.path.samefile(folder / "plan.toml", target)  # not replaced either


@pytest.mark.parametrize("unreadable", ["events", "meetings", "meetings/2022-23-Q4",
                                        "meetings/2022-23-Q4/P1"])
@pytest.mark.parametrize("argv", [["check"], ["status"]])
def test_an_unreadable_record_folder_is_a_message(sli: SliRunner, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  unreadable: str, argv: list[str]) -> None:
    """A record folder without read permission: ``PermissionError`` (even in
    ``check``); now a located problem and exit 1."""
    from tests.test_write_failures import _can_drop_root_powers, run_unprivileged

    if os.geteuid() == 0 and not _can_drop_root_powers():
        pytest.skip("running as root without a way to drop root's file permissions")
    folder, _ = plan_with_a_meeting(sli, tmp_path, monkeypatch)
    assert sli(*WRITERS["events"], "--plan", str(folder)).exit_code == 0
    if unreadable.endswith("/P1"):  # the meeting's file, named with its uid
        unreadable = written_file(folder, unreadable).relative_to(folder).as_posix()
    target = folder / unreadable
    target.chmod(0)
    try:
        result = run_unprivileged(*argv, "--plan", str(folder), cache=tmp_path / "c")
    finally:
        target.chmod(0o755 if target.is_dir() else 0o644)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert re.search(rf"{re.escape(unreadable)}(:\d+)?: cannot (be )?read", result.output), \
        result.output


EDITORS = {
    "rm": "rm",
    "folder": "sh -c 'rm \"$1\" && mkdir \"$1\"' editor",
    "link": "sh -c 'rm \"$1\" && ln -s /etc/hostname \"$1\"' editor",
}


@pytest.mark.parametrize("editor", sorted(EDITORS))
@pytest.mark.parametrize("argv", [["meeting", "record", "--priority", "P1", "--edit"],
                                  ["update", "add", "--kind", "news", "--title", "T",
                                   "--month", "2023-06", "--edit"]])
def test_an_editor_that_removes_or_replaces_the_file(sli: SliRunner, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     editor: str, argv: list[str]) -> None:
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setenv("SLI_TODAY", "2023-07-01")
    monkeypatch.setenv("EDITOR", EDITORS[editor])
    folder = write_plan(tmp_path / "p")
    result = sli(*argv, "--plan", str(folder))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "nothing was recorded" in result.stderr, result.stderr
    assert not list(folder.glob("meetings/*/*.toml")) and not (folder / "updates").exists()


@pytest.mark.parametrize("stamp", ["9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+23:59"])
def test_a_recorded_at_past_the_end_of_time_is_a_problem(sli: SliRunner, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch,
                                                          stamp: str) -> None:
    """``recorded_at = 9999-12-31 23:59:59-23:59`` made ``meeting show
    --history`` fail with ``OverflowError``; now the record has a problem."""
    monkeypatch.setenv("SLI_TODAY", "2023-07-01")
    folder = write_plan(tmp_path / "p")
    (folder / "meetings" / "2022-23-Q4").mkdir(parents=True)
    (folder / "meetings" / "2022-23-Q4" / "P1.toml").write_text(
        'schema_version = 1\npriority = "P1"\nquarter = "2022/23 Q4"\ndate = 2023-02-10\n'
        f'version = 1\nrecorded_at = {stamp}\nattendees = ["SLI lead"]\n\n'
        '[[outcomes]]\nobjective = "KO1"\nrag = "green"\n')
    for argv in (["meeting", "show", "P1", "2022/23 Q4", "--history"], ["check"],
                 ["status"], ["status", "--as-of", "2023-03-01"]):
        result = sli(*argv, "--plan", str(folder))
        assert result.exit_code == 1, (argv, result.output)
        assert "p/meetings/2022-23-Q4/P1.toml:6: 'recorded_at' is" in result.output
        assert "Traceback" not in result.output


def test_toml_nested_500_deep_is_a_problem(sli: SliRunner, tmp_path: Path) -> None:
    folder = write_plan(tmp_path / "p")
    deep = "x = " + "[" * 500 + "]" * 500 + "\n"
    (folder / "events").mkdir()
    (folder / "events" / "E1.toml").write_text('schema_version = 1\nid = "E1"\n' + deep)
    result = sli("check", "--plan", str(folder))
    assert result.exit_code == 1
    assert result.stdout == ("p/events/E1.toml: values are nested too deeply (arrays or inline "
                             "tables inside each other hundreds of times); no sli file needs "
                             "more than a few levels\n")
    (folder / "plan.toml").write_text((folder / "plan.toml").read_text() + deep)
    for argv in (["check"], ["status"], ["event", "list"]):
        result = sli(*argv, "--plan", str(folder))
        assert result.exit_code == 1 and "p/plan.toml: values are nested too deeply" in \
            result.output, result.output


# -- 3: what a file says never reaches the terminal raw ---------------------
OSC52 = "\x1b]52;c;ZWNobyBwd25lZA==\x07"


def test_check_shows_keys_and_file_names_escaped(sli: SliRunner, tmp_path: Path) -> None:
    """``sli check`` quoted unknown TOML keys and file names raw: an OSC 52
    clipboard write was reproduced. Every problem is now one printable line."""
    folder = write_plan(tmp_path / "p")
    text = (folder / "plan.toml").read_text()
    (folder / "plan.toml").write_text(
        text.replace('network = "South West"',
                     'network = "South West"\n"\\u001b]52;c;ZWNobyBwd25lZA==\\u0007\\nKO9" = 1'))
    (folder / "events").mkdir()
    (folder / "events" / f"E{OSC52}\u202e.toml").write_text("not toml [")
    for argv in (["check"], ["status"], ["check", "--format", "json"]):
        result = sli(*argv, "--plan", str(folder))
        assert result.exit_code == 1, result.output
        for bad in ("\x1b", "\x07", "\u202e"):
            assert bad not in result.output, (argv, result.output)
        if argv == ["check"]:
            assert len(result.stdout.splitlines()) == 2, result.stdout
            assert "\\x1b]52;c;ZWNobyBwd25lZA==\\x07\\nKO9" in result.stdout
            assert "\\u202e" in result.stdout


def test_an_imported_tracker_cell_reaches_the_terminal_escaped(sli: SliRunner,
                                                               tmp_path: Path) -> None:
    """A tracker's update cell holding an OSC 52 clipboard write, shown in the
    import summary, arrives as visible text."""
    folder = write_plan(tmp_path / "tiny")
    tracker = tmp_path / "tiny.csv"
    tracker.write_text("Objective,Q3 2022/23 RAG,Q3 2022/23 update\n"
                       f"Real-time surveillance,Amber,Slipping {OSC52}\u202e\n", encoding="utf-8")
    mapping = tmp_path / "tiny.map.toml"
    mapping.write_text('[columns]\n"Objective" = "objective"\n"Q3 2022/23 RAG" = '
                       '"2022/23 Q3 rag"\n"Q3 2022/23 update" = "2022/23 Q3 progress"\n')
    result = sli("import", str(tracker), "--plan", str(folder), "--mapping", str(mapping),
                 "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Slipping \\x1b]52;c;" in result.stdout
    assert "\x1b" not in result.output and "\u202e" not in result.output
