"""Speed of quote extraction on one core, in words per second.

    python benchmarks/bench_quotes.py [--repeat 3]

Runs :func:`components.language.quotes.find_quotes` over the text of every article of
``../shared/corpora/wikinews.csv`` (about 311,000 words), in this process, with each article's
body mentions computed beforehand (:func:`components.language.mentions.find_article_mentions`
and the bundled dictionary: not timed). The best of ``--repeat`` runs is reported.
Target: 200,000 words/s.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from components.language.actors import load_actor_dictionary  # noqa: E402
from components.language.mentions import find_article_mentions  # noqa: E402
from components.language.quotes import find_quotes  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpora" / "wikinews.csv"
TARGET = 200_000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with CORPUS.open(encoding="utf-8", newline="") as handle:
        rows = [(row["title"], row["text"]) for row in csv.DictReader(handle)]
    dictionary = load_actor_dictionary()
    articles = [
        (text, [m for m in find_article_mentions(title, text, dictionary) if m.field == "body"]) for title, text in rows
    ]
    words = sum(len(text.split()) for text, _ in articles)
    best = float("inf")
    for _ in range(args.repeat):
        started = time.perf_counter()
        found = sum(len(find_quotes(text, mentions)) for text, mentions in articles)
        best = min(best, time.perf_counter() - started)
    rate = words / best
    verdict = "met" if rate >= TARGET else f"missed ({rate / TARGET:.2f} of the target)"
    print(f"{len(articles)} articles, {words:,} words, {found:,} quotes: {best:.2f} s, {rate:,.0f} words/s ({verdict})")


if __name__ == "__main__":
    main()
