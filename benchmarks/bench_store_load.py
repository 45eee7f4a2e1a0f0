"""Time and peak memory of loading a store's tables, as the dashboard does in store mode.

    python benchmarks/bench_store_load.py STORE

Opens ``STORE`` (read-only) and loads its tables without texts
(:meth:`components.engine.sources.StoreSource.tables`), in a fresh process, and prints the
seconds it took, the process's peak resident memory (VmHWM, so the load's peak: nothing else
runs), what stays resident after it, and each table's size in memory. The dashboard's peak
(``bench_dashboard.py``) adds the first page's aggregates and the tables a click keeps.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from components.engine.sources import StoreSource  # noqa: E402
from components.language.actors import load_actor_dictionary  # noqa: E402


def resident_mb() -> dict[str, int]:
    """VmRSS and VmHWM of this process, in MB (1 MB = 2**20 bytes, as ``bench_dashboard.py``)."""
    with open("/proc/self/status") as status:
        return {
            line.split(":")[0]: int(line.split()[1]) // 1024 for line in status if line.startswith(("VmRSS", "VmHWM"))
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("store", type=Path)
    args = parser.parse_args()
    dictionary = load_actor_dictionary()
    before = resident_mb()["VmRSS"]
    started = time.perf_counter()
    tables = StoreSource.at(args.store).tables(dictionary)
    seconds = time.perf_counter() - started
    memory = resident_mb()
    print(f"{args.store}: {len(tables.articles):,} articles loaded in {seconds:.2f} s")
    print(f"peak resident memory {memory['VmHWM']:,} MB (before loading {before:,} MB); after {memory['VmRSS']:,} MB")
    total = 0.0
    for name in ("articles", "sentences", "mentions", "keywords", "quotes"):
        frame = getattr(tables, name)
        size = frame.memory_usage(deep=True).sum() / 2**20
        total += size
        print(f"  {name:10s} {len(frame):>10,} rows {size:8.0f} MB")
    print(f"  {'tables':10s} {'':>10s}      {total:8.0f} MB")


if __name__ == "__main__":
    main()
