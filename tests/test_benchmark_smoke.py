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
    assert "Targets" in proc.stdout
    data = json.loads(out.read_text())
    measured = {(r["command"], r["mode"]) for r in data["results"]}
    assert {("sli --help", "warm"), ("sli status", "warm"), ("sli status", "cold"),
            ("sli snapshot", "cold"), ("sli check", "warm")} <= measured
    assert all(r["exit_code"] == 0 and r["ratio"] > 0 for r in data["results"])
    verdicts = {t["label"]: t["verdict"] for t in data["targets"]}
    assert verdicts["peak memory at 100k <= 150 MiB"] == "n/a"
