"""Actor mentions against the hand-made gold set: recall, precision and type accuracy.

    python benchmarks/eval_actors.py            # both halves, with the error kinds
    python benchmarks/eval_actors.py --errors   # also list every error of the development half

The gold (``benchmarks/gold/actors/``) marks every person, organisation, country and place
mention in 30 Wikinews articles, by reading (see its GUIDELINES.md). Its first 15 articles (in
sampling order) are the **development** half, looked at while the rules were written; the other
15 are **held out** and were not looked at, so their figures are the honest ones.

Newsscope's actor finding runs as the product runs it: the bundled dictionary's mentions, then
discovery around them (:func:`components.language.mentions.find_article_mentions`), on each
article's raw title and text (cleaning is not judged here). A found mention matches a gold one
of the same field when they overlap (one to one, in order); "exact" needs the same offsets. Type
accuracy is over the overlapping pairs. "Typed precision" leaves out what Newsscope found but
typed ``other`` (events, works, ships: names the gold does not mark, by its guidelines).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from components.language.actors import load_actor_dictionary  # noqa: E402
from components.language.mentions import find_article_mentions  # noqa: E402

sys.path.insert(0, str(HERE / "gold"))
from find_offsets import read_texts  # noqa: E402
from select_articles import select  # noqa: E402

GOLD = HERE / "gold" / "actors" / "gold.jsonl"
TARGETS = {"recall": 0.90, "precision": 0.90, "type accuracy": 0.85}


def score(ids: list[str], gold: dict[str, list[dict]], texts: dict, dictionary, *, errors: list[str] | None = None) -> dict:
    counts: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    words = 0
    seconds = 0.0
    for article_id in ids:
        title, body = texts[article_id]["title"], texts[article_id]["body"]
        words += len(title.split()) + len(body.split())
        started = time.perf_counter()
        found = find_article_mentions(title, body, dictionary)
        seconds += time.perf_counter() - started
        expected = gold[article_id]
        counts["gold"] += len(expected)
        counts["found"] += len(found)
        counts["typed_found"] += sum(1 for f in found if f.type != "other")
        used: set[int] = set()
        for item in expected:
            match = next(
                (
                    i for i, f in enumerate(found)
                    if i not in used and f.field == item["field"] and f.start < item["end"] and item["start"] < f.end
                ),
                None,
            )
            if match is None:
                kinds[f"missed {item['type']}"] += 1
                if errors is not None:
                    errors.append(f"{article_id} MISSED {item['type']:12} {item['text']!r}")
                continue
            used.add(match)
            got = found[match]
            counts["overlap"] += 1
            counts["typed_overlap"] += got.type != "other"
            if (got.start, got.end) == (item["start"], item["end"]):
                counts["exact"] += 1
            elif errors is not None:
                errors.append(f"{article_id} BOUNDARY {item['text']!r} found {got.surface!r}")
            if got.type == item["type"]:
                counts["typed"] += 1
            else:
                kinds[f"typed {item['type']} as {got.type}"] += 1
                if errors is not None:
                    errors.append(f"{article_id} TYPE {item['text']!r}: {item['type']} found {got.type}")
        for i, got in enumerate(found):
            if i not in used:
                kinds[f"spurious {got.type}"] += 1
                if errors is not None:
                    errors.append(f"{article_id} SPURIOUS {got.type:12} {got.surface!r} ({got.origin})")
    return {
        "articles": len(ids),
        "gold": counts["gold"],
        "found": counts["found"],
        "recall": counts["overlap"] / max(counts["gold"], 1),
        "precision": counts["overlap"] / max(counts["found"], 1),
        "typed precision": counts["typed_overlap"] / max(counts["typed_found"], 1),
        "exact recall": counts["exact"] / max(counts["gold"], 1),
        "exact precision": counts["exact"] / max(counts["found"], 1),
        "type accuracy": counts["typed"] / max(counts["overlap"], 1),
        "words/s": words / seconds if seconds else 0.0,
        "error kinds": dict(kinds.most_common()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--errors", action="store_true", help="list every error")
    args = parser.parse_args()
    gold = {}
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        article = json.loads(line)
        gold[article["id"]] = article["mentions"]
    order = select()["actors"]
    texts = read_texts()
    dictionary = load_actor_dictionary()
    find_article_mentions("warm up", "Warm up.", dictionary)  # load the gazetteer outside the timing
    listed: list[str] = []
    for label, ids in (("development (15)", order[:15]), ("held out (15)", order[15:]), ("all (30)", order)):
        result = score(ids, gold, texts, dictionary, errors=listed if args.errors and label.startswith("development") else None)
        print(f"## {label}: {result['gold']} gold mentions, {result['found']} found")
        for name in ("recall", "precision", "typed precision", "exact recall", "exact precision", "type accuracy"):
            target = f"  (target {TARGETS[name]:.0%})" if name in TARGETS else ""
            print(f"  {name:16} {result[name]:6.1%}{target}")
        print("  error kinds: " + ", ".join(f"{k} {v}" for k, v in result["error kinds"].items()))
    for line in listed:
        print(line)


if __name__ == "__main__":
    main()
