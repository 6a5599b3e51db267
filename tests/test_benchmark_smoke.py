"""The benchmark script runs (its timings are not judged here: machines are noisy)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import REPO, subprocess_env


@pytest.mark.slow  # runs the benchmark script
def test_benchmark_runs_on_the_example(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    proc = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "run.py"), "--sizes", "example",
         "--runs", "1", "--json", str(out), "--data", str(tmp_path / "data")],
        capture_output=True, text=True, env=subprocess_env(), timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "| command | measured | target | verdict | from CPU times |" in proc.stdout
    data = json.loads(out.read_text())
    measured = {(r["command"], r["mode"]): r for r in data["results"]}
    assert {("sli --help", "warm"), ("sli status", "warm"), ("sli status", "cold"),
            ("sli status --format json", "warm"), ("sli due", "warm"),
            ("sli history", "cold"), ("sli snapshot", "cold"), ("sli check", "warm"),
            ("sli meeting record --yes", "warm"), ("sli action done", "warm")} <= set(measured)
    # Every command did its work: `due` exits 1 when something is owed (the
    # example owes); the writing commands wrote (each run's record is removed).
    assert {c: r["exit_code"] for c, r in measured.items() if r["exit_code"]} == {
        ("sli due", "warm"): 1, ("sli due", "cold"): 1}
    assert all(r["ratio"] > 0 and r["peak_mib"] > 0 for r in data["results"])
    verdicts = {t["label"]: t["verdict"] for t in data["targets"]}
    assert verdicts["peak memory at 100k"] == "n/a"
    assert verdicts["`sli status`, 10k outcomes, warm"] == "n/a"
    assert {verdicts["`sli status`, example plan"],
            verdicts["`sli meeting record --yes`, `sli action done`"]} <= {"pass", "MISS"}
