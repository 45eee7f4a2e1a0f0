"""Speed of actor discovery (finding, typing and merging names) on one core, in words per second.

    python benchmarks/bench_discovery.py [--repeat 3]

Runs :func:`components.language.discovery.discover_actors` over every article of
``../shared/corpora/wikinews.csv`` (title and text, about 311,000 words), in this process, after
loading the gazetteer once (that load, about 0.7 s, is paid once per process and is left out).
The best of ``--repeat`` runs is reported. Target: 300,000 words/s.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from components.language.discovery import discover_actors  # noqa: E402
from components.language.gazetteer import load_gazetteer  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpora" / "wikinews.csv"
TARGET = 300_000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with CORPUS.open(encoding="utf-8", newline="") as handle:
        articles = [(row["title"], row["text"]) for row in csv.DictReader(handle)]
    words = sum(len(title.split()) + len(text.split()) for title, text in articles)
    load_gazetteer()
    best = float("inf")
    for _ in range(args.repeat):
        started = time.perf_counter()
        found = sum(len(discover_actors(title, text)) for title, text in articles)
        best = min(best, time.perf_counter() - started)
    rate = words / best
    verdict = "met" if rate >= TARGET else f"missed ({rate / TARGET:.2f} of the target)"
    print(f"{len(articles)} articles, {words:,} words, {found:,} names: {best:.2f} s, {rate:,.0f} words/s ({verdict})")


if __name__ == "__main__":
    main()
