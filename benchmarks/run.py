"""Start-up and scale benchmark for sli.

    python benchmarks/run.py [--runs N] [--sizes example,400,10k,100k] [--json FILE]

Generates synthetic plan folders with sli's own writer (benchmarks/generate.py),
then times whole processes. Every timing is paired, in the same run, with
`python -c pass` from the same interpreter, and reported as a ratio of medians,
which survives a noisy machine better than seconds do. "warm" runs follow a
run that filled the record cache; "cold" runs start with an empty cache (as
after the data changed, or on first use). Peak memory is the child's maximum
resident set size. Prints a table with each target's pass/miss and writes the
results as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

import generate  # noqa: E402

OUTCOMES = {"example": 0, "400": 400, "10k": 10_000, "100k": 100_000}
COMMANDS = {
    "sli --help": ["--help"],
    "sli status --help": ["status", "--help"],
    "sli status": ["status"],
    "sli status --format json": ["status", "--format", "json"],
    "sli snapshot": ["snapshot"],
    "sli check": ["check"],
}
HELP_COMMANDS = {"sli --help", "sli status --help"}


@dataclass
class Measure:
    size: str
    command: str
    mode: str  # warm or cold
    seconds: float
    baseline: float
    ratio: float
    peak_mib: float
    runs: int
    exit_code: int


def sli_command() -> list[str]:
    script = Path(sys.executable).parent / "sli"
    if script.exists():
        return [str(script)]
    found = shutil.which("sli")
    return [found] if found else [sys.executable, "-m", "sli_cli"]


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """(seconds, peak MiB, exit code) of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_maxrss / 1024, proc.returncode


def measure(size: str, name: str, argv: list[str], env: dict[str, str], runs: int,
            cold: bool, cache: Path) -> Measure:
    baseline_argv = [sys.executable, "-c", "pass"]
    times, bases, peaks, code = [], [], [], 0
    if not cold:
        run_once(argv, env)  # warm-up, fills the cache
    for _ in range(runs):
        if cold:
            shutil.rmtree(cache, ignore_errors=True)
        seconds, peak, code = run_once(argv, env)
        times.append(seconds)
        peaks.append(peak)
        bases.append(run_once(baseline_argv, env)[0])
    t, b = statistics.median(times), statistics.median(bases)
    return Measure(size, name, "cold" if cold else "warm", t, b, t / b, max(peaks), runs, code)


def available(command: str, env: dict[str, str]) -> bool:
    words = COMMANDS[command]
    if "--help" in words:
        return run_once([*sli_command(), *words], env)[2] == 0
    return run_once([*sli_command(), words[0], "--help"], env)[2] == 0


@dataclass
class Target:
    label: str
    limit: float
    value: float | None
    unit: str = "x"

    @property
    def verdict(self) -> str:
        if self.value is None:
            return "n/a"
        return "pass" if self.value <= self.limit else "MISS"


def find(results: list[Measure], size: str, command: str, mode: str) -> Measure | None:
    for m in results:
        if (m.size, m.command, m.mode) == (size, command, mode) and m.exit_code in (0, 1):
            return m
    return None


def targets(results: list[Measure]) -> list[Target]:
    def ratio(size: str, command: str, mode: str) -> float | None:
        m = find(results, size, command, mode)
        return m.ratio if m else None

    out = [
        Target("sli --help <= 6x", 6, ratio("example", "sli --help", "warm")),
        Target("sli status --help <= 6x", 6, ratio("example", "sli status --help", "warm")),
        Target("sli status, example plan <= 10x", 10, ratio("example", "sli status", "warm")),
        Target("sli status, 400 outcomes <= 11x", 11, ratio("400", "sli status", "warm")),
        Target("sli status, 10k outcomes, warm <= 12x", 12, ratio("10k", "sli status", "warm")),
        Target("sli status, 10k outcomes, cold <= 30x", 30, ratio("10k", "sli status", "cold")),
    ]
    c10, c100 = find(results, "10k", "sli status", "cold"), find(results, "100k", "sli status",
                                                                  "cold")
    growth = None
    if c10 and c100:
        # Linear growth keeps the cost per record (beyond Python's own start-up)
        # the same; 10% is allowed for the noise of two separate measures.
        per_10k = (c10.seconds - c10.baseline) / OUTCOMES["10k"]
        per_100k = (c100.seconds - c100.baseline) / OUTCOMES["100k"]
        growth = per_100k / per_10k
    out.append(Target("cold, cost per record 100k / 10k <= 1.1", 1.1, growth, ""))
    peak = max((m.peak_mib for m in results if m.size == "100k"), default=None)
    out.append(Target("peak memory at 100k <= 150 MiB", 150, peak, " MiB"))
    return out


def per_record_cost(results: list[Measure]) -> dict[str, float]:
    """Microseconds per outcome record of `sli status`, beyond Python's own start-up."""
    cost = {}
    for size in ("10k", "100k"):
        for mode in ("cold", "warm"):
            m = find(results, size, "sli status", mode)
            if m:
                cost[f"{size} {mode}"] = (m.seconds - m.baseline) / OUTCOMES[size] * 1e6
    return cost


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs per measure")
    parser.add_argument("--sizes", default="example,400,10k,100k")
    parser.add_argument("--json", type=Path, default=HERE / "results" / "latest.json")
    parser.add_argument("--data", type=Path, default=HERE / "data",
                        help="where generated plans are kept between runs")
    args = parser.parse_args()

    sizes = args.sizes.split(",")
    work = Path(tempfile.mkdtemp(prefix="sli-bench-"))
    cache = work / "cache"
    env = {k: v for k, v in os.environ.items() if not k.startswith("SLI_")}
    env.update({"SLI_CACHE_DIR": str(cache), "COLUMNS": "120", "NO_COLOR": "1"})
    results: list[Measure] = []
    try:
        for size in sizes:
            if size == "example":
                folder = work / "example"
                shutil.copytree(REPO / "plans" / "south-west", folder,
                                ignore=shutil.ignore_patterns(".sli", "*.py"))
            else:
                print(f"generating {size} outcomes ...", file=sys.stderr, flush=True)
                folder = generate.build_size(args.data, size)
            plan_env = dict(env, SLI_PLAN=str(folder))
            for name, words in COMMANDS.items():
                if name in HELP_COMMANDS and size != "example":
                    continue
                if not available(name, plan_env):
                    print(f"  {name}: not available in this version", file=sys.stderr)
                    continue
                runs = max(3, args.runs // 2) if size == "100k" else args.runs
                for cold in (False, True):
                    if name in HELP_COMMANDS and cold:
                        continue
                    m = measure(size, name, [*sli_command(), *words], plan_env, runs, cold,
                                cache)
                    results.append(m)
                    print(f"  {size:>7} {name:<26} {m.mode}: {m.seconds * 1000:7.0f} ms "
                          f"{m.ratio:5.1f}x {m.peak_mib:6.1f} MiB", file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print()
    print(f"{'size':>7}  {'command':<26} {'mode':<5} {'ms':>7} {'ratio':>6} {'peak MiB':>9}")
    for m in results:
        print(f"{m.size:>7}  {m.command:<26} {m.mode:<5} {m.seconds * 1000:7.0f} "
              f"{m.ratio:5.1f}x {m.peak_mib:9.1f}")
    baseline = statistics.median(m.baseline for m in results) if results else 0.0
    print(f"\nbaseline `python -c pass`: {baseline * 1000:.0f} ms (median)")
    costs = per_record_cost(results)
    if costs:
        print("per-record cost of sli status: " + ", ".join(
            f"{k} {v:.1f} us" for k, v in costs.items()))
    print("\nTargets")
    checked = targets(results)
    for t in checked:
        value = "-" if t.value is None else f"{t.value:.2f}" if not t.unit else \
            f"{t.value:.1f}{t.unit}"
        print(f"  {t.verdict:<5} {t.label:<42} {value}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({
        "python": sys.version.split()[0],
        "baseline_seconds": baseline,
        "results": [asdict(m) for m in results],
        "per_record_us": costs,
        "targets": [dict(asdict(t), verdict=t.verdict) for t in checked],
    }, indent=2) + "\n")
    print(f"\nresults written to {args.json}")


if __name__ == "__main__":
    main()
