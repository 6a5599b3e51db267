"""``sli --help`` and ``sli status --help`` stay fast: heavy modules are only
imported by the commands that use them."""

from __future__ import annotations

import subprocess
import sys

from tests.helpers import REPO, subprocess_env

HEAVY = ("rich", "pydantic", "dateutil", "tomli_w", "openpyxl")

PROBE = """
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


def test_help_imports_no_heavy_modules() -> None:
    proc = subprocess.run([sys.executable, "-c", PROBE], cwd=REPO, capture_output=True,
                          text=True, env=subprocess_env(), timeout=60)
    assert proc.returncode == 0, proc.stderr
    loaded = set(proc.stdout.split())
    assert "sli_cli.cli.status" in loaded  # the probe did load the command
    heavy = sorted(m for m in loaded if m.split(".")[0] in HEAVY)
    assert heavy == []
