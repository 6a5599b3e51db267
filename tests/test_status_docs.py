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


@pytest.fixture(autouse=True)
def in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    """README examples run from the repository root, on the example plan."""
    monkeypatch.chdir(REPO)


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
    real["objectives"] = [o for o in real["objectives"] if o["id"] == "KO9"]
    assert real == example
    documented = set(re.findall(r"^\| `(\w+)` \| (?:string|integer|boolean)", section,
                                re.MULTILINE))
    assert documented == set(example["objectives"][0])
