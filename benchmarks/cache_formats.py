"""Load speed of the record cache's possible formats, on the 10,000-outcome plan.

    python benchmarks/cache_formats.py [DATA_FOLDER]

For each format: the time to read the cache file and rebuild every record
(CPU time, best of 7: the figure least disturbed by other work on the
machine), and the file size. ``pickle`` is the format sli used before (it can
run code on load: shown for comparison only); ``json`` and ``marshal`` hold
the same plain lists, rebuilt into records by ``sli_cli.records.cache``.
"""

from __future__ import annotations

import json
import marshal
import pickle
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generate import build_size
from sli_cli.records import cache
from sli_cli.records.store import list_record_files, parse_record_file


def median_ms(fn: Any, runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return min(times) * 1000


def main() -> None:
    base = Path(sys.argv[1] if len(sys.argv) > 1 else "benchmarks/data")
    folder = build_size(base, "10k")
    files = list_record_files(folder)
    parsed = {rel: parse_record_file(folder, kind, rel, rel)[0] for kind, rel in files}
    outcomes = sum(len(r.outcomes) for r in parsed.values())
    plain = {rel: (cache.fingerprint(str(folder / rel)), type(r).__name__, cache._encode(r))
             for rel, r in parsed.items()}
    decoders = cache._record_decoders()

    def rebuild(entries: dict[str, Any]) -> list[Any]:
        return [decoders[name](value, rel) for rel, (_, name, value) in entries.items()]

    as_json = json.dumps({"entries": {k: list(v) for k, v in plain.items()}},
                         separators=(",", ":")).encode()
    as_marshal = marshal.dumps({k: v for k, v in plain.items()})
    as_pickle = pickle.dumps(parsed, protocol=pickle.HIGHEST_PROTOCOL)
    rows = [
        ("parse the TOML files (no cache)",
         median_ms(lambda: [parse_record_file(folder, k, r, r) for k, r in files], 3), 0),
        ("pickle of the records (before)", median_ms(lambda: pickle.loads(as_pickle)),
         len(as_pickle)),
        ("json + rebuild", median_ms(lambda: rebuild(json.loads(as_json)["entries"])),
         len(as_json)),
        ("marshal + rebuild", median_ms(lambda: rebuild(marshal.loads(as_marshal))),
         len(as_marshal)),
        ("  json.loads alone", median_ms(lambda: json.loads(as_json)), len(as_json)),
        ("  marshal.loads alone", median_ms(lambda: marshal.loads(as_marshal)),
         len(as_marshal)),
    ]
    print(f"{len(files)} record files, {outcomes} outcomes")
    for name, ms, size in rows:
        print(f"{name:34} {ms:8.1f} ms  {size / 1e6:6.2f} MB")


if __name__ == "__main__":
    main()
