from pathlib import Path

from tests.conftest import SliRunner
from tests.helpers import EXAMPLE, write_plan


def test_example_plan_is_clean(sli: SliRunner) -> None:
    result = sli("check", "--plan", str(EXAMPLE))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


def test_small_plan_is_clean(sli: SliRunner, tmp_path: Path) -> None:
    write_plan(tmp_path / "p")
    result = sli("check", "--plan", str(tmp_path / "p"))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
