"""Cold analysis throughput against the library floor (run by hand; results go in README.md).

    python benchmarks/bench_analysis.py benchmarks/data/corpus-1000 [--workers 1 2] [--floor]

End to end = read + clean + split + YAKE + VADER + actor matching + writing a fresh DuckDB
store. The floor is what the two libraries alone cost over the same texts on one core:
the keyword backend's extraction on each article and VADER's polarity_scores on each of
its sentences (sentences are split before the clock starts), with no other work.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
from pathlib import Path

from components.engine.store import AnalysisStore
from components.ingest.corpus import load_corpus
from components.language.actors import load_actor_dictionary
from components.language.keywords import extract_raw_keywords
from components.language.sentences import split_sentences
from components.settings import get_setting


def library_floor(texts: list[str]) -> float:
    """Seconds for the keyword backend plus VADER alone over ``texts`` (one core)."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    vader = SentimentIntensityAnalyzer()
    sentences = [[s.text for s in split_sentences(t)] for t in texts]
    started = time.perf_counter()
    for text, parts in zip(texts, sentences):
        extract_raw_keywords(text)
        for sentence in parts:
            vader.polarity_scores(sentence)
    return time.perf_counter() - started


def end_to_end(folder: Path, workers: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        corpus = load_corpus([folder])
        loaded = time.perf_counter()
        with AnalysisStore.open(Path(tmp) / "bench.duckdb") as store:
            report = store.ingest(corpus, workers=workers)
            store.match_actors(load_actor_dictionary())
            size = store.size_bytes()
        finished = time.perf_counter()
    return {
        "workers": workers,
        "articles": report.analysed,
        "seconds": finished - started,
        "load_seconds": loaded - started,
        "store_mb_per_1000": size / 1e6 / (len(corpus.articles) / 1000),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    corpus = load_corpus([args.corpus])
    texts = [a.text for a in corpus.articles]
    words = sum(len(t.split()) for t in texts)
    floor = library_floor(texts)
    print(f"# {args.corpus.name}: {len(texts):,} articles, {words:,} words; backend {get_setting('keyword_backend')}")
    print(f"# {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print("| run | seconds | articles/s | words/s | time / floor on as many cores |")
    print("| --- | --- | --- | --- | --- |")
    print(f"| library floor (1 core) | {floor:.1f} | {len(texts) / floor:,.0f} | {words / floor:,.0f} | 1.00x |")
    results = {}
    for workers in args.workers:
        result = end_to_end(args.corpus, workers)
        results[workers] = result
        seconds = result["seconds"]
        # The floor on N cores is the one-core floor divided by N: the best any parallel run can do.
        print(
            f"| end to end, {workers} worker(s) | {seconds:.1f} | {len(texts) / seconds:,.0f} | "
            f"{words / seconds:,.0f} | {seconds / (floor / workers):.2f}x |"
        )
    if 1 in results and 2 in results:
        print(f"\nspeed-up 2 workers vs 1: {results[1]['seconds'] / results[2]['seconds']:.2f}x")
    print(f"store size: {results[args.workers[-1]]['store_mb_per_1000']:.1f} MB per 1,000 articles")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
