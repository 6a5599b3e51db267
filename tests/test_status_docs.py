"""The README's status section and docs/json-output.md say what sli does."""

from __future__ import annotations

import json
import re
import shlex

import pytest

from tests.conftest import SliRunner
from tests.helpers import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
SECTION = README[README.index("## See where the plan stands"):]
SECTION = SECTION[:SECTION.index("\n## ", 4)]
BLOCKS = re.findall(r"```(\w*)\n(.*?)```", SECTION, re.DOTALL)
COMMANDS = [line.split("#")[0].split(">")[0].strip()
            for lang, block in BLOCKS if lang == "sh" for line in block.splitlines()
            if line.startswith("sli ") and "completion" not in line]


# The section names the plan once for the shell (the repository holds more
# than one plan, and sli never picks one of them on its own).
NAMED = re.findall(r"`export SLI_PLAN=([^`]+)`", SECTION)


@pytest.fixture(autouse=True)
def in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    """README examples run from the repository root, on the example plan,
    as the section says to."""
    monkeypatch.chdir(REPO)
    assert NAMED == ["plans/south-west"]
    monkeypatch.setenv("SLI_PLAN", NAMED[0])


def test_readme_first_command_runs(sli: SliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    """``pip install . && sli status --plan ...`` from the repository root,
    without SLI_PLAN: it names the plan, so it works however many plans
    ./plans holds."""
    monkeypatch.delenv("SLI_PLAN")
    first = re.search(r"```sh\n(.*?)\n```", README, re.DOTALL)
    assert first is not None
    install, _, command = first.group(1).partition(" && ")
    assert install == "pip install ."
    args = shlex.split(command)
    assert args[:2] == ["sli", "status"] and "--plan" in args
    result = sli(*args[1:])
    assert result.exit_code == 0, result.stderr
    assert "South West ADPH SLI Action Plan 2022-2024" in result.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_readme_example_runs(sli: SliRunner, command: str) -> None:
    result = sli(*shlex.split(command)[1:])
    assert result.exit_code == 0, result.output
    assert result.stdout


def test_readme_sample_output(sli: SliRunner) -> None:
    sample = next(block for lang, block in BLOCKS if block.startswith("$ sli status"))
    command, _, expected = sample.partition("\n")
    result = sli(*shlex.split(command)[2:])
    shown = "\n".join(line.rstrip() for line in result.stdout.splitlines()) + "\n"
    assert shown + result.stderr == expected


def test_readme_mistyped_id(sli: SliRunner) -> None:
    result = sli("objective", "show", "K014")
    assert result.exit_code == 2
    assert "no objective 'K014' in this plan (did you mean 'KO14'?)" in result.stderr
    assert "(did you mean 'KO14'?)" in " ".join(SECTION.split())


def test_json_doc_example_is_real_output(sli: SliRunner) -> None:
    doc = (REPO / "docs" / "json-output.md").read_text(encoding="utf-8")
    section = doc[doc.index("## sli status"):]
    section = section[:section.find("\n## ", 1)]
    example = json.loads(re.findall(r"```json\n(.*?)```", section, re.DOTALL)[0])
    real = json.loads(sli("status", "--as-of", "30/09/2023", "-f", "json").stdout)
    real["objectives"] = [o for o in real["objectives"] if o["id"] == "KO5"]
    assert real == example
    documented = set(re.findall(r"^\| `(\w+)` \| (?:string|integer|boolean)", section,
                                re.MULTILINE))
    assert documented == set(example["objectives"][0])
