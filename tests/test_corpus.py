"""The bad-input corpus: each file in tests/corpus/ is one named case.

A case starts from the small test plan, changes it as the case says, runs a
command (``sli check`` unless it says otherwise), and asserts the exit code,
the whole of stdout and stderr (``stdout`` and ``stderr`` in the case, empty
when absent), and that the plan folder is byte-for-byte unchanged.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SliRunner
from tests.helpers import SMALL_PLAN, tree

CORPUS = Path(__file__).parent / "corpus"
CASES = sorted(CORPUS.glob("*.toml"))

MEETING = """\
schema_version = 1
priority = "P1"
quarter = "2023/24 Q1"
date = 2023-05-10
version = 1
attendees = ["SLI lead", "DPH, Devon"]

[[outcomes]]
objective = "KO1"
rag = "green"
progress = "On track."

[[outcomes]]
objective = "KO2"
rag = "red"
progress = "Stalled."

[[outcomes.actions]]
id = "AB2CD"
text = "Write to the trusts"
owner = "SLI lead"
due = 2023-06-30
"""


def build(case: dict[str, Any], root: Path) -> Path:
    """The plan folder a case describes."""
    folder = root / "plan"
    folder.mkdir()
    text = case.get("plan", SMALL_PLAN)
    for old, new in case.get("replace", []):
        assert old in text, f"replace: {old!r} not in the plan"
        text = text.replace(old, new, 1)
    text += case.get("append", "")
    files: dict[str, str] = {"plan.toml": text}
    if case.get("meeting"):
        meeting = MEETING
        for old, new in case.get("meeting_replace", []):
            assert old in meeting, f"meeting_replace: {old!r} not in the meeting"
            meeting = meeting.replace(old, new, 1)
        if "big_progress" in case:
            meeting = meeting.replace('progress = "On track."',
                                      f'progress = "{"x" * case["big_progress"]}"')
        files[case.get("meeting_path", "meetings/2023-24-Q1/P1.toml")] = meeting
    files.update(case.get("files", {}))
    for relative, content in files.items():
        data = content.encode("latin-1" if relative in case.get("latin1", []) else "utf-8")
        if relative in case.get("crlf", []):
            data = data.replace(b"\n", b"\r\n")
        if relative in case.get("bom", []):
            data = b"\xef\xbb\xbf" + data
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    for relative, target in case.get("symlinks", {}).items():
        if target == "OUTSIDE":
            outside = root / "outside.toml"
            outside.write_text(MEETING)
            target = str(outside)
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, path)
    return folder


def test_corpus_has_enough_cases() -> None:
    assert len(CASES) >= 50


@pytest.mark.parametrize("case_file", CASES, ids=[c.stem for c in CASES])
def test_case(case_file: Path, sli: SliRunner, tmp_path: Path,
              monkeypatch: pytest.MonkeyPatch) -> None:
    case = tomllib.loads(case_file.read_text(encoding="utf-8"))
    assert case.get("description"), "every case says what it is"
    folder = build(case, tmp_path)
    if "today" in case:
        monkeypatch.setenv("SLI_TODAY", case["today"])
    args = [a.replace("PLAN", "plan") for a in case.get("args", ["check", "--plan", "PLAN"])]
    before = tree(folder)
    result = sli(*args)
    assert (result.exit_code, result.stdout, result.stderr) == (
        case["exit_code"], case.get("stdout", ""), case.get("stderr", ""))
    assert tree(folder) == before


def test_every_failing_case_says_something() -> None:
    for case_file in CASES:
        case = tomllib.loads(case_file.read_text(encoding="utf-8"))
        assert set(case) & {"stdout", "stderr"} or case["exit_code"] == 0, case_file.name
        assert "message" not in case, f"{case_file.name}: pin stdout and stderr whole"
