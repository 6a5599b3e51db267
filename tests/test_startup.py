"""Start-up stays cheap: each command imports only what it uses.

``--help`` loads no Rich; ``status --format json|csv|md`` loads no Rich (only
the table needs it); ``status`` loads nothing of the write path (tomli-w, the
lock, random names and ids, the recording layer), nothing only another format
needs (json, csv) and nothing only HTML documents need."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.helpers import EXAMPLE, REPO, subprocess_env

HEAVY = ("rich", "pydantic", "dateutil", "tomli_w", "openpyxl", "jinja2", "markupsafe",
         "css_inline", "docx", "lxml")

HELP_PROBE = """
import contextlib, io, sys
from sli_cli.cli.main import run
with contextlib.redirect_stdout(io.StringIO()) as captured:
    codes = [run(["--help"]), run(["status", "--help"]), run(["history", "--help"]),
             run(["objective", "show", "--help"]), run(["import", "--help"]),
             run(["export", "--help"])]
assert codes == [0, 0, 0, 0, 0, 0], codes
assert "Usage: sli status" in captured.getvalue()
print("\\n".join(sorted(sys.modules)))
"""

# Slow: starts a Python process per probe.
pytestmark = pytest.mark.slow

RUN_PROBE = """
import contextlib, io, sys
from sli_cli.cli.main import run
with contextlib.redirect_stdout(io.StringIO()) as captured:
    code = run(sys.argv[1:])
assert code == 0, code
assert captured.getvalue(), "the command printed nothing"
print("\\n".join(sorted(sys.modules)))
"""


def loaded_by(probe: str, *args: str, **env: str) -> set[str]:
    proc = subprocess.run([sys.executable, "-c", probe, *args], cwd=REPO, capture_output=True,
                          text=True, env=subprocess_env(**env), timeout=60)
    assert proc.returncode == 0, proc.stderr
    return set(proc.stdout.split())


def top_level(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in names)


def test_help_imports_no_heavy_modules() -> None:
    loaded = loaded_by(HELP_PROBE)
    assert "sli_cli.cli.status" in loaded  # the probe did load the command
    assert top_level(loaded, HEAVY) == []


@pytest.mark.parametrize("fmt", ["json", "csv", "md"])
def test_status_in_a_text_format_imports_no_rich(fmt: str) -> None:
    loaded = loaded_by(RUN_PROBE, "status", "--format", fmt, "--plan", str(EXAMPLE))
    assert "sli_cli.render.status" in loaded
    assert top_level(loaded, ("rich",)) == []


def test_status_imports_nothing_of_the_write_path_or_other_formats() -> None:
    # Without the cache, which keeps its entries as JSON.
    loaded = loaded_by(RUN_PROBE, "status", "--plan", str(EXAMPLE), SLI_NO_CACHE="1")
    assert "rich.table" in loaded  # the probe did print the table
    unwanted = ("dateutil", "tomli_w", "filelock", "secrets", "json", "csv", "html")
    assert top_level(loaded, unwanted) == []
    assert sorted(m for m in loaded if m.startswith("sli_cli.recording")) == []


def test_help_reads_no_plan_and_no_records() -> None:
    # Help is text about options: the model, the TOML reader and the record
    # kinds are for commands that read a plan.
    loaded = loaded_by(RUN_PROBE, "--help")
    assert sorted(m for m in loaded if m.startswith(("sli_cli.plan", "sli_cli.records"))) == []
    assert top_level(loaded, ("tomli", "tomllib")) == []
