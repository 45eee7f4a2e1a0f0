"""Throughput of the tone-toward-a-target model on one core, beside VADER on the same sentences.

    python benchmarks/bench_target_tone.py [--seconds 3] [--core 0]

Runs on one core (pinned where the OS allows, BLAS limited to one thread). Takes every target
of NewsMTSC's dev_rw and dev_mt (785 targets in 536 sentences), repeats the list to 10x, and
times :func:`components.language.target_tone.score_targets` on it, call after call, for about
``--seconds``; then VADER's compound (``score_sentences``) on the sentence of every target of
the same list, as the floor: the sentence-level score that Newsscope already computes. Prints
targets/s (sentences/s for VADER) for the median and the best call: the machine may be shared,
and the best call is the least disturbed one. The model's load time is printed apart.
"""

from __future__ import annotations

import os

for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_variable] = "1"

import argparse  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from train_target_tone import NEWSMTSC, read_newsmtsc  # noqa: E402

from components.language.sentiment import score_sentences  # noqa: E402
from components.language.target_tone import load_model, score_targets  # noqa: E402

TARGET_RATE = 20_000  # targets/s on one core (issue 15)


def rates(run: Callable[[], object], count: int, seconds: float) -> list[float]:
    """Items per second of each call of ``run`` (``count`` items a call), for about ``seconds``."""
    found: list[float] = []
    deadline = time.perf_counter() + seconds
    while not found or time.perf_counter() < deadline:
        start = time.perf_counter()
        run()
        found.append(count / (time.perf_counter() - start))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=3.0, help="time spent on each of the two measurements")
    parser.add_argument("--core", type=int, default=0, help="the core to pin to")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {args.core})

    started = time.perf_counter()
    load_model()
    print(f"model load: {time.perf_counter() - started:.2f} s")
    targets = [t for split in ("dev_rw", "dev_mt") for t in read_newsmtsc(NEWSMTSC / f"{split}.jsonl")]
    items = [(t.sentence, t.start, t.end) for t in targets] * 10
    sentences = [sentence for sentence, _, _ in items]
    score_targets(items[:100])  # warm the lexicon and the caches
    score_sentences(sentences[:100])

    print(f"{len(items)} targets a call, about {args.seconds:g} s each, one core")
    print("| what | median / s | best / s |")
    print("| --- | ---: | ---: |")
    for label, run in (
        ("target model (targets)", lambda: score_targets(items)),
        ("VADER floor (sentences)", lambda: score_sentences(sentences)),
    ):
        found = rates(run, len(items), args.seconds)
        print(f"| {label} | {statistics.median(found):,.0f} | {max(found):,.0f} |")
    print(f"target: >= {TARGET_RATE:,} targets/s")


if __name__ == "__main__":
    main()
