"""The README's examples of the documents for readers (snapshot, report,
pack, site) run as written, on a copy of the bundled example plan."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest

from tests.conftest import SliRunner
from tests.helpers import EXAMPLE, REPO

# Slow: runs the README's document examples, the site included.
pytestmark = pytest.mark.slow

DOCUMENT_COMMANDS = ("snapshot", "report", "pack", "site")


def readme_commands() -> list[list[str]]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    found = []
    for block in re.findall(r"```sh\n(.*?)```", text, flags=re.S):
        for line in block.replace("\\\n", " ").splitlines():
            if not line.startswith("sli "):
                continue
            words = shlex.split(line, comments=True)
            if len(words) > 1 and words[0] == "sli" and words[1] in DOCUMENT_COMMANDS:
                found.append(words[1:])
    return found


def test_the_readme_shows_every_document_command() -> None:
    shown = {words[0] for words in readme_commands()}
    assert shown == set(DOCUMENT_COMMANDS)


@pytest.mark.parametrize("args", readme_commands(), ids=lambda a: " ".join(a))
def test_readme_document_example_runs(sli: SliRunner, tmp_path: Path, args: list[str],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLI_TODAY", "2024-03-31")
    plan = tmp_path / "sw"
    shutil.copytree(EXAMPLE, plan)
    result = sli(*args, "--plan", str(plan))
    assert result.exit_code == 0, result.stderr
    if "-o" in args:
        written = tmp_path / args[args.index("-o") + 1]
        assert written.exists() and (written.is_dir() or written.stat().st_size > 0)
    else:
        assert result.stdout.strip()
