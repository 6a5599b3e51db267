"""A full disk and a read-only plan folder: a clear message, exit 1, and the
folder exactly as it was (no temporary file left behind either).
"""

from __future__ import annotations

import ctypes
import errno
import os
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from sli_cli.records import store
from tests.conftest import SliRunner
from tests.helpers import Result, subprocess_env, tree, write_plan, written

# Slow: runs sli as processes without write permission.
pytestmark = pytest.mark.slow

RECORDING = {
    "meeting record": ["meeting", "record", "-p", "P2", "-d", "10/11/2023", "--rag", "KO3=A",
                       "--progress", "KO3=Draft policy agreed", "-y"],
    "meeting record --amend": ["meeting", "record", "--amend", "-p", "P1", "-q", "2023/24 Q2",
                               "--rag", "KO1=A", "--change-note", "KO1 slipped", "-y"],
    "action done": ["action", "done", "@first", "--date", "1/10/2023"],
    "event add": ["event", "add", "--date", "16/11/2023", "--title", "Peer challenge",
                  "--where", "Taunton"],
    "update add": ["update", "add", "--kind", "news", "--title", "New lead",
                   "--text", "A new DPH lead for P2.", "--month", "2023-11"],
}


@pytest.fixture
def folder(tmp_path: Path, sli: SliRunner) -> Path:
    """A plan with a meeting (with an action), an event and an update recorded."""
    plan = write_plan(tmp_path / "plan")
    for argv in (["meeting", "record", "-p", "P1", "-d", "10/08/2023", "--rag", "KO1=G",
                  "--rag", "KO2=R", "--action", "KO2=Fix it|DPH, Torbay|30/09/2023", "-y"],
                 RECORDING["event add"], RECORDING["update add"]):
        assert sli(*argv, "--plan", str(plan)).exit_code == 0
    return plan


def command(name: str, folder: Path) -> list[str]:
    from sli_cli.records.load import read_records

    records, _ = read_records(folder)
    first = next(a.id for m in records.meetings for _, a in m.actions)
    return [first if a == "@first" else a for a in RECORDING[name]] + ["--plan", str(folder)]


def full_disk(monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    """Make one step of an atomic write fail as it does when the disk is full."""
    enospc = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def failing(real: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            if where == "open" and not str(args[0]).endswith(".tmp"):
                return real(*args, **kwargs)  # the lock file opens; the record does not
            raise enospc
        return call

    if where == "write":
        real_fdopen = os.fdopen

        class Full:
            def __init__(self, handle: Any) -> None:
                self.handle = handle

            def __enter__(self) -> Full:
                return self

            def __exit__(self, *exc: object) -> None:
                self.handle.close()

            def write(self, data: bytes) -> int:
                self.handle.write(data[: len(data) // 2])
                self.handle.flush()
                raise enospc

        monkeypatch.setattr(store.os, "fdopen",
                            lambda fd, *a, **k: Full(real_fdopen(fd, *a, **k)))
    else:
        name = {"open": "open", "fsync": "fsync", "link": "link"}[where]
        monkeypatch.setattr(store.os, name, failing(getattr(os, name)))


@pytest.mark.parametrize("where", ["open", "write", "fsync", "link"])
@pytest.mark.parametrize("name", sorted(RECORDING))
def test_full_disk_changes_nothing(sli: SliRunner, folder: Path,
                                   monkeypatch: pytest.MonkeyPatch, name: str,
                                   where: str) -> None:
    before = tree(folder)
    full_disk(monkeypatch, where)
    result = sli(*command(name, folder))
    monkeypatch.undo()
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "the disk is full; nothing was written" in result.stderr
    assert any(line.startswith("sli: cannot write ") for line in result.stderr.splitlines())
    assert "Traceback" not in result.stderr
    assert not list(folder.rglob("*.tmp"))
    after = tree(folder)
    if name.startswith("meeting"):
        # Nothing typed is lost: kept as a draft when the disk still takes
        # one, else shown, ready for --from.
        drafts = {k for k in after if k.startswith(".sli/drafts/")}
        if drafts:
            assert "Your answers are kept in plan/.sli/drafts/" in result.stderr
        else:
            assert "Your answers could not be kept" in result.stderr
            assert 'rag = "A"' in result.stderr
        for key in drafts:
            del after[key]
    assert after == before


def test_full_disk_writing_a_document(sli: SliRunner, folder: Path,
                                      monkeypatch: pytest.MonkeyPatch,
                                      tmp_path: Path) -> None:
    before = tree(folder)
    full_disk(monkeypatch, "write")
    result = sli("snapshot", "--month", "2023-11", "--plan", str(folder),
                 "-o", str(tmp_path / "out" / "snap.md"))
    monkeypatch.undo()
    assert result.exit_code == 1
    assert "the disk is full; nothing was written" in result.stderr
    assert tree(folder) == before
    assert list((tmp_path / "out").iterdir()) == []


# -- read-only folder ---------------------------------------------------------
CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER = 1, 2, 3
PR_CAPBSET_DROP = 24


def _without_root_file_powers() -> None:
    """Run as root, but without the powers that ignore file permissions, the
    way a read-only folder looks to an ordinary user."""
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER):
        if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "cannot drop capability")


def _can_drop_root_powers() -> bool:
    try:
        subprocess.run(["true"], preexec_fn=_without_root_file_powers, check=True)
    except (OSError, subprocess.SubprocessError):
        return False
    return True


@pytest.fixture
def read_only(folder: Path) -> Iterator[Path]:
    if os.geteuid() == 0 and not _can_drop_root_powers():
        pytest.skip("running as root without a way to drop root's file permissions")
    modes = {p: p.stat().st_mode for p in [folder, *folder.rglob("*")]}
    for path, mode in modes.items():
        path.chmod(stat.S_IMODE(mode) & ~0o222)
    try:
        yield folder
    finally:
        for path, mode in modes.items():
            path.chmod(stat.S_IMODE(mode))


def run_unprivileged(*args: str, cache: Path) -> Result:
    proc = subprocess.run(
        [sys.executable, "-m", "sli_cli", *args], capture_output=True, text=True,
        env=subprocess_env(SLI_CACHE_DIR=str(cache)), timeout=60,
        preexec_fn=_without_root_file_powers if os.geteuid() == 0 else None)
    return Result(proc.returncode, proc.stdout, proc.stderr)


@pytest.mark.parametrize("name", sorted(RECORDING))
def test_read_only_folder_refuses_to_record(read_only: Path, tmp_path: Path,
                                            name: str) -> None:
    before = tree(read_only)
    result = run_unprivileged(*command(name, read_only), cache=tmp_path / "cache")
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert "permission denied (read-only folder?); nothing was written" in result.stderr
    assert "Traceback" not in result.stderr
    if name.startswith("meeting"):
        assert "Your answers could not be kept" in result.stderr
    assert tree(read_only) == before


@pytest.mark.parametrize("argv", [["check"], ["status"], ["event", "list"],
                                  ["update", "list"], ["snapshot", "--month", "2023-11"],
                                  ["export", "-f", "csv"]])
def test_read_only_folder_can_be_read(read_only: Path, tmp_path: Path,
                                      argv: list[str]) -> None:
    before = tree(read_only)
    result = run_unprivileged(*argv, "--plan", str(read_only), cache=tmp_path / "cache")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.stderr
    assert tree(read_only) == before


def test_answers_shown_on_a_full_disk_can_be_recorded_later(
        sli: SliRunner, folder: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    full_disk(monkeypatch, "fsync")
    result = sli(*command("meeting record", folder))
    monkeypatch.undo()
    monkeypatch.setenv("SLI_USER", "tester")  # undone with the full disk
    assert result.exit_code == 1
    shown = result.stderr.split("sli meeting record --from FILE\n", 1)[1]
    saved = tmp_path / "answers.toml"
    saved.write_text(shown, encoding="utf-8")
    again = sli("meeting", "record", "--from", str(saved), "--yes", "--plan", str(folder))
    assert again.exit_code == 0, again.output
    assert written(folder, "meetings/2023-24-Q3/P2").is_file()
