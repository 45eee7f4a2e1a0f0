"""Cold analysis throughput against the library floor (run by hand; results go in README.md).

    python benchmarks/bench_analysis.py benchmarks/data/corpus-1000 [--workers 1 2] [--floor]

End to end = read + clean (on the workers) + split + YAKE + VADER + actor matching (dictionary and discovery)
+ writing a fresh DuckDB store. The floor is what the three libraries alone cost over the
same texts on one core (``library_floor``): syntok's sentence splitting, yake-rust's
keywords and VADER on each sentence, with no other work.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
from pathlib import Path

from components.engine.parallel import document_cleaner
from components.engine.store import AnalysisStore
from components.ingest.corpus import load_corpus
from components.language.actors import load_actor_dictionary
from components.language.keyword_backends import stopwords_for
from components.language.keywords import CANDIDATE_FACTOR
from components.settings import get_setting


def library_floor(texts: list[str]) -> float:
    """Seconds for the three libraries alone over ``texts`` on one core.

    syntok splits each text into sentences, yake-rust extracts as many keywords as the
    analysis asks it for (``yake_top`` times ``CANDIDATE_FACTOR``) with the same n-gram,
    window and stopword settings and its own deduplication, and VADER scores each sentence.
    Nothing else: no cleaning, no repairs, no actors, no tables, no store.
    """
    import yake_rust
    from syntok.segmenter import segment
    from syntok.tokenizer import Tokenizer
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    vader = SentimentIntensityAnalyzer()
    tokenizer = Tokenizer()
    keywords = yake_rust.Yake(
        stopwords=set(stopwords_for(str(get_setting("yake_language")))),
        ngrams=int(get_setting("yake_max_ngram")),
        window_size=int(get_setting("yake_window")),
    )
    pool = int(get_setting("yake_top")) * CANDIDATE_FACTOR
    started = time.perf_counter()
    for text in texts:
        for tokens in segment(tokenizer.tokenize(text)):
            first, last = tokens[0], tokens[-1]
            vader.polarity_scores(text[first.offset : last.offset + len(last.value)])
        keywords.get_n_best(text, n=pool)
    return time.perf_counter() - started


def end_to_end(folder: Path, workers: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        corpus = load_corpus([folder], clean=document_cleaner(workers))
        loaded = time.perf_counter()
        with AnalysisStore.open(Path(tmp) / "bench.duckdb") as store:
            report = store.ingest(corpus, workers=workers)
            store.match_actors(load_actor_dictionary(), workers=workers)
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
