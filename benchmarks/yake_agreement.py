"""Do the yake and yake-rust keyword backends agree, and how fast is each?

Run by hand from the project root (a few minutes on the full corpus):

    python benchmarks/yake_agreement.py [--limit N] [--top K] [--corpus PATH]

Over the Wikinews articles it compares, per article, the top-K keywords of the two
backends with identical options (the settings' YAKE options):

- raw: the backend's own list, before Newsscope's repairs (``extract_raw_keywords``);
- post-processed: ``extract_keywords`` with each backend;
- for reference, yake-rust with its own (Levenshtein) deduplication, which
  ``components.language.keywords`` does not use.

and times both backends on one core. It prints Markdown tables.

Data: News articles from English Wikinews (https://en.wikinews.org), (c) Wikinews
contributors, licensed under CC BY 2.5 (https://creativecommons.org/licenses/by/2.5/).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))  # benchmark this checkout, installed or not

from components.language import keywords  # noqa: E402
from components.language.keywords import Keyword, extract_keywords, extract_raw_keywords  # noqa: E402

DEFAULT_CORPUS = Path("/work/shared/corpora/wikinews.csv")
Extractor = Callable[[str], list[Keyword]]


@dataclass(frozen=True)
class Agreement:
    """How two keyword lists of one article compare."""

    overlap: float  # shared keywords / length of the longer list (K when both are full)
    same_set: bool
    same_order: bool
    score_diffs: tuple[float, ...]  # |score a - score b| per shared keyword
    rank_correlation: float | None  # Spearman, over the shared keywords; None below 3


def compare_lists(a: Sequence[Keyword], b: Sequence[Keyword]) -> Agreement:
    """Compare two ranked keyword lists case-insensitively."""
    keys_a = [k.keyword.casefold() for k in a]
    keys_b = [k.keyword.casefold() for k in b]
    shared = set(keys_a) & set(keys_b)
    longest = max(len(keys_a), len(keys_b))
    score_a = {k.keyword.casefold(): k.score for k in a}
    score_b = {k.keyword.casefold(): k.score for k in b}
    return Agreement(
        overlap=len(shared) / longest if longest else 1.0,
        same_set=set(keys_a) == set(keys_b),
        same_order=keys_a == keys_b,
        score_diffs=tuple(abs(score_a[k] - score_b[k]) for k in shared),
        rank_correlation=spearman(
            [k for k in keys_a if k in shared], [k for k in keys_b if k in shared]
        ),
    )


def spearman(order_a: Sequence[str], order_b: Sequence[str]) -> float | None:
    """Spearman's rho of two orderings of the same items (no ties); None below 3 items."""
    n = len(order_a)
    if n < 3:
        return None
    rank_b = {item: i for i, item in enumerate(order_b)}
    d2 = sum((i - rank_b[item]) ** 2 for i, item in enumerate(order_a))
    return 1 - 6 * d2 / (n * (n * n - 1))


def summarise(name: str, results: Sequence[Agreement]) -> dict[str, str]:
    """One table row: overlap statistics, identical lists, score and rank agreement."""
    overlaps = [r.overlap for r in results]
    diffs = [d for r in results for d in r.score_diffs]
    rhos = [r.rank_correlation for r in results if r.rank_correlation is not None]
    return {
        "comparison": name,
        "mean overlap": f"{statistics.mean(overlaps):.4f}",
        "median": f"{statistics.median(overlaps):.2f}",
        "min": f"{min(overlaps):.2f}",
        "identical set": f"{sum(r.same_set for r in results) / len(results):.1%}",
        "identical order": f"{sum(r.same_order for r in results) / len(results):.1%}",
        "mean abs score diff": f"{statistics.mean(diffs):.2e}" if diffs else "-",
        "max abs score diff": f"{max(diffs):.2e}" if diffs else "-",
        "mean Spearman": f"{statistics.mean(rhos):.4f}" if rhos else "-",
    }


def time_backend(extract: Extractor, texts: Sequence[str], *, repeat: int) -> float:
    """Best wall time, in seconds, of running ``extract`` over all ``texts``."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for text in texts:
            extract(text)
        best = min(best, time.perf_counter() - start)
    return best


def native_rust(top: int) -> Extractor:
    """yake-rust as it comes: language stopwords, its own Levenshtein deduplication."""
    import yake_rust

    from components.settings import get_setting

    extractor = yake_rust.Yake(
        language=str(get_setting("yake_language")),
        ngrams=int(get_setting("yake_max_ngram")),
        window_size=int(get_setting("yake_window")),
        deduplication_threshold=float(get_setting("yake_dedup_lim")),
    )
    return lambda text: [Keyword(k, s) for k, s in extractor.get_n_best(text, n=top)]


def markdown_table(rows: Sequence[dict[str, str]]) -> str:
    """Rows of equal keys as a Markdown table."""
    header = list(rows[0])
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row[h] for h in header) + " |" for row in rows]
    return "\n".join(lines)


def pin_to_one_core() -> str:
    """Run on one CPU core where the OS allows it; say which."""
    if hasattr(os, "sched_setaffinity"):
        core = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
        return f"pinned to core {core}"
    return "not pinned (no sched_setaffinity); single-threaded anyway"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=None, help="first N articles only")
    parser.add_argument("--top", type=int, default=10, help="keywords compared per article")
    parser.add_argument("--repeat", type=int, default=1, help="timing runs (best is kept)")
    args = parser.parse_args(argv)

    if keywords.resolve_backend("yake-rust") != "yake-rust":
        sys.exit("yake_rust is not importable: nothing to compare")
    core = pin_to_one_core()
    frame = pd.read_csv(args.corpus, dtype=str, keep_default_na=False)
    if args.limit is not None:
        frame = frame.head(args.limit)
    frame = frame[frame["text"].str.strip() != ""]
    ids, texts = list(frame["id"]), list(frame["text"])
    words = sum(len(t.split()) for t in texts)
    top = args.top

    def raw(backend: str) -> Extractor:
        return lambda text: extract_raw_keywords(text, top=top, backend=backend)

    def post(backend: str) -> Extractor:
        return lambda text: extract_keywords(text, top=top, backend=backend)

    def pipeline(backend: str) -> Extractor:
        return lambda text: extract_keywords(text, backend=backend)  # the settings' top

    # Warm up: build the cached extractors before anything is timed.
    for make in (raw, post, pipeline):
        for backend in ("yake", "yake-rust"):
            make(backend)(texts[0])

    lists = {
        name: [extract(t) for t in texts]
        for name, extract in {
            "raw yake": raw("yake"),
            "raw yake-rust": raw("yake-rust"),
            "raw native": native_rust(top),
            "post yake": post("yake"),
            "post yake-rust": post("yake-rust"),
        }.items()
    }
    pairs = {
        f"raw top-{top}": ("raw yake", "raw yake-rust"),
        f"post-processed top-{top} (extract_keywords)": ("post yake", "post yake-rust"),
        f"raw top-{top}, yake-rust's own dedup (not used)": ("raw yake", "raw native"),
    }
    agreements = {
        name: [compare_lists(a, b) for a, b in zip(lists[left], lists[right], strict=True)]
        for name, (left, right) in pairs.items()
    }

    timing_rows = []
    for label, make in (
        (f"raw top-{top}", raw),
        (f"extract_keywords, top={keywords.get_setting('yake_top')}", pipeline),
    ):
        seconds = {
            b: time_backend(make(b), texts, repeat=args.repeat) for b in ("yake", "yake-rust")
        }
        timing_rows.append(
            {
                "task": label,
                "yake s": f"{seconds['yake']:.2f}",
                "yake words/s": f"{words / seconds['yake']:,.0f}",
                "yake-rust s": f"{seconds['yake-rust']:.2f}",
                "yake-rust words/s": f"{words / seconds['yake-rust']:,.0f}",
                "speed-up": f"{seconds['yake'] / seconds['yake-rust']:.1f}x",
            }
        )

    post_name = f"post-processed top-{top} (extract_keywords)"
    worst = sorted(
        zip(ids, agreements[post_name], lists["post yake"], lists["post yake-rust"], strict=True),
        key=lambda row: row[1].overlap,
    )[:5]
    worst_rows = [
        {
            "article": article_id,
            "overlap": f"{agreement.overlap:.2f}",
            "only yake": ", ".join(sorted({k.keyword for k in a} - {k.keyword for k in b})) or "-",
            "only yake-rust": ", ".join(sorted({k.keyword for k in b} - {k.keyword for k in a}))
            or "-",
        }
        for article_id, agreement, a, b in worst
        if agreement.overlap < 1
    ]

    print(f"Articles: {len(texts)}, words: {words:,} ({args.corpus.name}); top-{top} compared")
    print(
        f"Date: {date.today().isoformat()}; Python {platform.python_version()}; {core}; "
        f"{os.cpu_count()} CPUs; yake 0.7.3 vs yake-rust"
    )
    print()
    print(markdown_table([summarise(name, results) for name, results in agreements.items()]))
    print()
    print(markdown_table(timing_rows))
    print()
    short = sum(
        len(a) < top or len(b) < top
        for a, b in zip(lists["post yake"], lists["post yake-rust"], strict=True)
    )
    print(f"Articles with fewer than {top} post-processed keywords from a backend: {short}")
    if worst_rows:
        print()
        print("Lowest post-processed agreement:")
        print()
        print(markdown_table(worst_rows))
    print()
    print(
        "News articles from English Wikinews (https://en.wikinews.org), (c) Wikinews "
        "contributors, licensed under CC BY 2.5 (https://creativecommons.org/licenses/by/2.5/)."
    )


if __name__ == "__main__":
    main()
