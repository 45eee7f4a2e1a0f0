"""Pick the Wikinews articles of the hand-made gold sets: at random, with a fixed seed, disjoint.

    python benchmarks/gold/select_articles.py     # prints the ids; the gold folders hold the result

The sampling frame is the articles of ``../shared/corpora/wikinews.csv`` with at most
``MAX_CHARS`` characters of text (96% of them): the few very long ones (a 19,900-word interview)
would take a day each to annotate by hand. The frame is shuffled once with ``SEED`` and cut in
order, so each gold set gets its own articles and no article is in two sets. A held-out set
(``HELDOUT``) is drawn afterwards with its own seed from the frame less every article already
chosen, so adding one leaves the other sets as they were.
"""

from __future__ import annotations

import csv
import random
import sys
from pathlib import Path

SEED = 20261201
MAX_CHARS = 5_000
SETS = (("actors", 30), ("keyphrases", 40), ("quotes", 25))
HELDOUT = (("quotes-heldout", 12, 20261215),)  # (name, count, seed)
CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpora" / "wikinews.csv"


def select(corpus: Path = CORPUS) -> dict[str, list[str]]:
    """The article ids of each gold set, in sampling order."""
    with corpus.open(encoding="utf-8", newline="") as handle:
        frame = [row["id"] for row in csv.DictReader(handle) if len(row["text"]) <= MAX_CHARS]
    order = sorted(frame)
    random.Random(SEED).shuffle(order)
    chosen, start = {}, 0
    for name, count in SETS:
        chosen[name] = order[start : start + count]
        start += count
    for name, count, seed in HELDOUT:
        taken = {key for ids in chosen.values() for key in ids}
        rest = [key for key in sorted(frame) if key not in taken]
        random.Random(seed).shuffle(rest)
        chosen[name] = rest[:count]
    return chosen


if __name__ == "__main__":
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else CORPUS
    for name, ids in select(corpus).items():
        print(name, " ".join(ids))
