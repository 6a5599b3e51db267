"""Start-up and scale benchmark for sli.

    python benchmarks/run.py [--venv DIR] [--runs N] [--sizes example,400,10k,100k,100k-wide]
                             [--json FILE] [--data DIR]

Times whole ``sli`` processes. Every timing is paired, in the same run, with
``python -c pass`` of the same interpreter, and reported as a ratio of
medians, which survives a noisy machine better than seconds do.

``--venv DIR`` measures a clean virtual environment: made with this machine's
own interpreter (``python -m venv``), with ``sli`` installed from this
checkout as a normal (not editable) install, so start-up cost is what a user
pays; ``--no-tomli`` takes the compiled TOML reader away. Without
``--venv`` the ``sli`` of the interpreter running this script is measured.

Plans: the bundled example, then synthetic plans written with sli's own
record format (benchmarks/generate.py): 400 and 10k outcomes; ``100k``, a
plan whose objectives stay as they are (100) while records grow by quarters
and amendments; ``100k-wide``, a plan ten times as wide as the 10k one;
``network``, nine regions of realistic size (5 priorities of 4 objectives, 12
quarters) read by ``sli network status``.

"warm" runs follow a run that filled the record cache; "cold" runs start with
an empty cache (as after the data changed, or on first use). Peak memory is
the child's maximum resident set size. The cost per record of ``sli status``
is measured beyond the 400-outcome plan, ``(t(N) - t(400)) / (N - 400)``, so
that start-up and fixed costs do not hide growth faster than linear.

Prints the targets of the performance issue with pass/MISS per row (as a
Markdown table), every measure, and writes the results as JSON. Targets are
judged on wall-clock ratios, as the issue states them; the same ratios from
CPU times are printed beside them, because on a machine shared with other
work the wall clock of a child process counts time spent waiting for a core.
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
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

import generate  # noqa: E402

EXAMPLE = REPO / "plans" / "south-west"

# name: (argv after `sli`, sizes it runs on, modes)
READ = ("warm", "cold")
COMMANDS: dict[str, tuple[list[str], str, tuple[str, ...]]] = {
    "sli --help": (["--help"], "example", ("warm",)),
    "sli status": (["status"], "all", READ),
    "sli status --format json": (["status", "--format", "json"], "example", READ),
    "sli due": (["due"], "example", READ),
    "sli history": (["history"], "example", READ),
    "sli snapshot": (["snapshot"], "example", READ),
    "sli check": (["check"], "example", READ),
    "sli meeting record --yes": ([], "example", ("warm",)),  # argv built from the plan
    "sli action done": ([], "example", ("warm",)),
    "sli network status": (["network", "status"], "network", READ),
}
WRITES = {"sli meeting record --yes", "sli action done"}
# What sli's start-up stands on, measured beside it on the example size: the
# interpreter with Typer imported, then with Rich's console and table too,
# and a minimal Typer command printing a Rich table like sli's status table.
REFERENCES: dict[str, list[str]] = {
    "ref: import typer": ["-c", "import typer"],
    "ref: import typer, rich": ["-c", "import typer, rich.console, rich.table"],
    "ref: Typer app, Rich table": [str(HERE / "floor_app.py"), "status"],
}
# Exit codes that are a result, not a failure: `sli due` exits 1 when something is owed.
EXPECTED_CODES = {"sli due": (0, 1)}


@dataclass
class Measure:
    size: str
    command: str
    mode: str  # warm or cold
    seconds: float
    cpu_seconds: float
    baseline: float
    ratio: float
    cpu_ratio: float  # CPU time against that of `python -c pass`: steadier on a busy machine
    peak_mib: float
    runs: int
    exit_code: int


@dataclass
class Process:
    seconds: float
    cpu_seconds: float
    peak_mib: float
    exit_code: int


def run_once(argv: list[str], env: dict[str, str]) -> Process:
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            stdin=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Process(elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
                   proc.returncode)


# -- the interpreter measured -------------------------------------------------
def make_venv(venv: Path, tomli: bool) -> Path:
    """A clean virtual environment with sli installed from this checkout (made
    once, then reused with sli installed again, so the code measured is this
    checkout's); returns its python. ``tomli=False`` takes the compiled TOML
    reader away, to measure sli without it."""
    python = venv / "bin" / "python"
    pip = [str(python), "-m", "pip", "install", "--quiet"]
    pip_env = dict(os.environ, PIP_DISABLE_PIP_VERSION_CHECK="1")
    if not python.exists():
        print(f"making a clean virtual environment in {venv} ...", file=sys.stderr, flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    else:
        subprocess.run([*pip, "--force-reinstall", "--no-deps", str(REPO)], check=True,
                       env=pip_env)
    subprocess.run([*pip, str(REPO)], check=True, env=pip_env)  # and any new dependency
    if not tomli:
        subprocess.run([str(python), "-m", "pip", "uninstall", "--quiet", "--yes", "tomli"],
                       check=True, env=pip_env, stderr=subprocess.DEVNULL)
    return python


def sli_command(python: Path) -> list[str]:
    script = python.parent / "sli"
    if script.exists():
        return [str(script)]
    return [str(python), "-m", "sli_cli"]


# -- plans and the argv of each command -------------------------------------
def prepare(size: str, work: Path, data: Path) -> Path:
    if size == "network":
        print("generating the nine-region network ...", file=sys.stderr, flush=True)
        return generate.build_network(data)
    if size == "example":
        folder = work / "example"
        shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns(".sli", "*.py"))
        return folder
    print(f"generating the {size} plan ...", file=sys.stderr, flush=True)
    return generate.build_size(data, size)


def meeting_argv(folder: Path) -> list[str]:
    """Amend the last quarter's meeting of the first priority (a new version file)."""
    import tomllib

    plan = tomllib.loads((folder / "plan.toml").read_text(encoding="utf-8"))
    priority = plan["priorities"][0]["id"]
    objective = next(o["id"] for o in plan["objectives"] if o["priority"] == priority)
    return ["meeting", "record", "--priority", priority, "--quarter", plan["end"], "--amend",
            "--change-note", "Benchmark amendment", "--rag", f"{objective}=green", "--yes"]


def action_argv(folder: Path, sli: list[str], env: dict[str, str]) -> list[str]:
    """Mark the first open action done."""
    out = subprocess.run([*sli, "actions", "--format", "json"], env=env, capture_output=True,
                         text=True, check=True).stdout
    rows = json.loads(out)
    rows = rows.get("actions", rows) if isinstance(rows, dict) else rows
    return ["action", "done", rows[0]["id"]]


def files_of(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()}


# -- measuring ----------------------------------------------------------------
def measure(size: str, name: str, argv: list[str], python: Path, env: dict[str, str],
            runs: int, mode: str, cache: Path, undo: Callable[[], None]) -> Measure:
    baseline_argv = [str(python), "-c", "pass"]
    times: list[float] = []
    cpus: list[float] = []
    bases: list[float] = []
    base_cpus: list[float] = []
    peaks: list[float] = []
    code = 0
    if mode == "warm":
        run_once(argv, env)  # fills the cache
        undo()
    for _ in range(runs):
        if mode == "cold":
            shutil.rmtree(cache, ignore_errors=True)
        p = run_once(argv, env)
        undo()
        times.append(p.seconds)
        cpus.append(p.cpu_seconds)
        peaks.append(p.peak_mib)
        code = code or p.exit_code
        base = run_once(baseline_argv, env)
        bases.append(base.seconds)
        base_cpus.append(base.cpu_seconds)
    t, b = statistics.median(times), statistics.median(bases)
    cpu, base_cpu = statistics.median(cpus), statistics.median(base_cpus)
    return Measure(size, name, mode, t, cpu, b, t / b, cpu / base_cpu if base_cpu else 0.0,
                   max(peaks), runs, code)


# -- targets ------------------------------------------------------------------
@dataclass
class Target:
    label: str
    limit: float
    value: float | None
    unit: str = "x"
    note: str = ""
    cpu: float | None = None  # the same figure from CPU times

    @property
    def verdict(self) -> str:
        if self.value is None:
            return "n/a"
        return "pass" if self.value <= self.limit else "MISS"

    def shown(self, value: float | None) -> str:
        if value is None:
            return "-"
        if self.unit == "x":
            return f"{value:.1f}x"
        if self.unit == "*":
            return f"x{value:.2f}"
        return f"{value:.0f} {self.unit}"


def find(results: list[Measure], size: str, command: str, mode: str) -> Measure | None:
    for m in results:
        if (m.size, m.command, m.mode) == (size, command, mode) and \
                m.exit_code in EXPECTED_CODES.get(command, (0,)):
            return m
    return None


def per_record_us(results: list[Measure], size: str, mode: str,
                  cpu: bool = False) -> float | None:
    """Microseconds per outcome of `sli status` beyond the 400-outcome plan."""
    big, small = find(results, size, "sli status", mode), find(results, "400", "sli status", mode)
    if big is None or small is None:
        return None
    spent = big.cpu_seconds - small.cpu_seconds if cpu else big.seconds - small.seconds
    return spent / (generate.outcomes(size) - generate.outcomes("400")) * 1e6


def targets(results: list[Measure]) -> list[Target]:
    def ratio(size: str, command: str, mode: str = "warm") -> float | None:
        m = find(results, size, command, mode)
        return m.ratio if m else None

    def cpu(size: str, command: str, mode: str = "warm") -> float | None:
        m = find(results, size, command, mode)
        return m.cpu_ratio if m else None

    def one(label: str, limit: float, size: str, command: str, mode: str = "warm") -> Target:
        return Target(label, limit, ratio(size, command, mode), cpu=cpu(size, command, mode))

    def worst(label: str, limit: float, *commands: str) -> Target:
        found = [(r, c) for c in commands if (r := ratio("example", c)) is not None]
        if not found:
            return Target(label, limit, None)
        value, command = max(found)
        return Target(label, limit, value, note=f"worst: {command.removeprefix('sli ')}",
                      cpu=max(c for c in (cpu("example", c) for c in commands) if c is not None))

    out = [
        one("`sli status`, example plan", 10, "example", "sli status"),
        one("`sli status --format json`, example", 8, "example", "sli status --format json"),
        worst("`sli due`, `history`, `snapshot`, `check`, example", 10,
              "sli due", "sli history", "sli snapshot", "sli check"),
        worst("`sli meeting record --yes`, `sli action done`", 12,
              "sli meeting record --yes", "sli action done"),
        one("`sli --help`", 8, "example", "sli --help"),
        one("`sli status`, 10k outcomes, warm", 12, "10k", "sli status", "warm"),
        one("`sli status`, 10k outcomes, cold", 30, "10k", "sli status", "cold"),
    ]
    def growth(size: str, mode: str, cpu: bool = False) -> tuple[float | None, str]:
        big = per_record_us(results, size, mode, cpu)
        small = per_record_us(results, "10k", mode, cpu)
        if big is None or not small:
            return None, ""
        return big / small, f"{small:.1f} -> {big:.1f} us per record"

    for size, what in (("100k", "records grow, objectives stay"),
                       ("100k-wide", "objectives grow")):
        for mode in READ:
            value, note = growth(size, mode)
            out.append(Target(f"cost per record, {size} vs 10k, {mode} ({what})", 1.1, value,
                              "*", note, cpu=growth(size, mode, cpu=True)[0]))
    out.append(one("`sli network status`, nine regions, warm", 15, "network",
                   "sli network status"))
    peaks = [m.peak_mib for m in results if m.size.startswith("100k")]
    out.append(Target("peak memory at 100k", 150, max(peaks) if peaks else None, "MiB"))
    return out


def load_average() -> str:
    try:
        return " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "?"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs per measure")
    parser.add_argument("--sizes", default="example,400,10k,100k,100k-wide,network")
    parser.add_argument("--venv", type=Path, default=None,
                        help="measure a clean virtual environment made here (reused if present)")
    parser.add_argument("--no-tomli", action="store_true",
                        help="with --venv: without the compiled TOML reader (sli falls back "
                        "to tomllib)")
    parser.add_argument("--json", type=Path, default=HERE / "results" / "latest.json")
    parser.add_argument("--data", type=Path, default=HERE / "data",
                        help="where generated plans are kept between runs")
    args = parser.parse_args()

    sizes = args.sizes.split(",")
    unknown = [s for s in sizes if s not in ("example", "network") and s not in generate.SIZES]
    if unknown:
        parser.error(f"unknown size {', '.join(unknown)}; sizes are example, "
                     f"{', '.join(generate.SIZES)}, network")
    python = make_venv(args.venv.resolve(), not args.no_tomli) if args.venv \
        else Path(sys.executable)
    sli = sli_command(python)
    work = Path(tempfile.mkdtemp(prefix="sli-bench-"))
    cache = work / "cache"
    env = {k: v for k, v in os.environ.items() if not k.startswith("SLI_")}
    if args.venv:  # the installed sli, nothing from this checkout
        env.pop("PYTHONPATH", None)
    # SLI_USER: recording needs a name, and a pinned HOME has no git user.name.
    env.update({"SLI_CACHE_DIR": str(cache), "SLI_USER": "benchmark", "COLUMNS": "120",
                "NO_COLOR": "1"})
    load_before = load_average()
    results: list[Measure] = []
    try:
        for size in sizes:
            folder = prepare(size, work, args.data)
            plan_env = dict(env, SLI_PLAN=str(folder),
                            SLI_NETWORK=str(folder / "network.toml"))
            for name, (words, where, modes) in COMMANDS.items():
                if (where in ("example", "network") or size == "network") and where != size:
                    continue
                if name == "sli meeting record --yes":
                    words = meeting_argv(folder)
                elif name == "sli action done":
                    words = action_argv(folder, sli, plan_env)
                before = files_of(folder) if name in WRITES else set()

                def undo(folder: Path = folder, before: set[Path] = before) -> None:
                    if before:
                        for path in files_of(folder) - before:
                            path.unlink()

                runs = max(3, args.runs // 2) if size.startswith("100k") else args.runs
                for mode in modes:
                    m = measure(size, name, [*sli, *words], python, plan_env, runs, mode, cache,
                                undo)
                    results.append(m)
                    print(f"  {size:>9} {name:<26} {m.mode}: {m.seconds * 1000:7.0f} ms "
                          f"{m.ratio:6.1f}x {m.peak_mib:6.1f} MiB"
                          + ("" if m.exit_code in EXPECTED_CODES.get(name, (0,))
                             else f"  exit {m.exit_code}"),
                          file=sys.stderr, flush=True)
            if size == "example":
                for name, words in REFERENCES.items():
                    m = measure(size, name, [str(python), *words], python, plan_env, args.runs,
                                "warm", cache, lambda: None)
                    results.append(m)
                    print(f"  {size:>9} {name:<26} {m.mode}: {m.seconds * 1000:7.0f} ms "
                          f"{m.ratio:6.1f}x", file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    load_after = load_average()

    baseline = statistics.median(m.baseline for m in results) if results else 0.0
    machine = statistics.median(run_once([sys.executable, "-c", "pass"], env).seconds
                                for _ in range(5))
    checked = targets(results)
    print(f"sli {sli[0]}; baseline `python -c pass` of {python}: {baseline * 1000:.0f} ms "
          f"(median); the machine's own `{sys.executable} -c pass`: {machine * 1000:.0f} ms")
    print(f"load average (1, 5, 15 min): {load_before} before, {load_after} after\n")
    print("Targets\n")
    print("| command | measured | target | verdict | from CPU times |")
    print("|---|---|---|---|---|")
    for t in checked:
        limit = f"<= {t.shown(t.limit)}"
        note = f" ({t.note})" if t.note else ""
        cpu = t.shown(t.cpu) if t.unit != "MiB" else ""
        print(f"| {t.label} | {t.shown(t.value)}{note} | {limit} | {t.verdict} | {cpu} |")
    print()
    print(f"{'size':>9}  {'command':<26} {'mode':<5} {'ms':>7} {'ratio':>7} {'cpu ms':>7} "
          f"{'cpu ratio':>9} {'peak MiB':>9}")
    for m in results:
        print(f"{m.size:>9}  {m.command:<26} {m.mode:<5} {m.seconds * 1000:7.0f} "
              f"{m.ratio:6.1f}x {m.cpu_seconds * 1000:7.0f} {m.cpu_ratio:8.1f}x "
              f"{m.peak_mib:9.1f}"
              + ("" if m.exit_code in EXPECTED_CODES.get(m.command, (0,))
                 else f"  exit {m.exit_code}"))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({
        "python": sys.version.split()[0],
        "interpreter": str(python),
        "baseline_seconds": baseline,
        "machine_baseline_seconds": machine,
        "load_average": {"before": load_before, "after": load_after},
        "results": [asdict(m) for m in results],
        "targets": [dict(asdict(t), verdict=t.verdict) for t in checked],
    }, indent=2) + "\n")
    print(f"\nresults written to {args.json}")


if __name__ == "__main__":
    main()
