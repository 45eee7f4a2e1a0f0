"""Tone toward a target on NewsMTSC's dev splits: the sentence's VADER score against the model.

    python benchmarks/eval_target_tone.py

For dev_rw (the "real-world" mix, one or more targets a sentence) and dev_mt (sentences with
several targets, often of different polarity), prints macro-F1, accuracy and the confusion
matrix of:

- ``sentence VADER``: what Newsscope did before: every target gets its sentence's VADER
  compound, labelled with the ``sentiment_threshold`` setting (``label_sentiment``);
- ``target model``: :func:`components.language.target_tone.label_targets`.

The output is markdown, to paste into the README. No choice was made on these splits (see
``train_target_tone.py --holdout``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from train_target_tone import NEWSMTSC, read_newsmtsc  # noqa: E402

from components.language.sentiment import label_sentiment, score_sentences  # noqa: E402
from components.language.target_tone import LABELS, label_targets  # noqa: E402

SPLITS = ("dev_rw", "dev_mt")


def confusion(truth: Sequence[str], predicted: Sequence[str]) -> list[list[int]]:
    """Counts[true label][predicted label], labels in LABELS order."""
    counts = [[0] * len(LABELS) for _ in LABELS]
    for t, p in zip(truth, predicted, strict=True):
        counts[LABELS.index(t)][LABELS.index(p)] += 1
    return counts


def macro_f1(counts: list[list[int]]) -> float:
    """The unweighted mean over labels of F1 (0 for a label never predicted nor true)."""
    scores = []
    for k in range(len(LABELS)):
        hits = counts[k][k]
        predicted = sum(row[k] for row in counts)
        true = sum(counts[k])
        scores.append(2 * hits / (predicted + true) if predicted + true else 0.0)
    return sum(scores) / len(scores)


def accuracy(counts: list[list[int]]) -> float:
    """Share of targets on the diagonal."""
    return sum(counts[k][k] for k in range(len(LABELS))) / sum(map(sum, counts))


def predict(approach: str, items: list[tuple[str, int, int]]) -> list[str]:
    """Labels of the items by one approach: "sentence VADER" or "target model"."""
    if approach == "sentence VADER":
        return [label_sentiment(c) for c in score_sentences([sentence for sentence, _, _ in items])]
    return label_targets(items)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=NEWSMTSC, help="folder holding dev_rw.jsonl, dev_mt.jsonl")
    args = parser.parse_args()

    results = []
    for split in SPLITS:
        targets = read_newsmtsc(args.data / f"{split}.jsonl")
        items = [(t.sentence, t.start, t.end) for t in targets]
        truth = [t.label for t in targets]
        for approach in ("sentence VADER", "target model"):
            results.append((split, len(targets), approach, confusion(truth, predict(approach, items))))

    print("| split | targets | approach | macro-F1 | accuracy |")
    print("| --- | ---: | --- | ---: | ---: |")
    for split, n, approach, counts in results:
        print(f"| {split} | {n} | {approach} | {100 * macro_f1(counts):.1f} | {100 * accuracy(counts):.1f} |")
    print()
    print("Confusion matrices (rows: true label, columns: predicted negative / neutral / positive):")
    print()
    print("| split | approach | true | " + " | ".join(LABELS) + " |")
    print("| --- | --- | --- | ---: | ---: | ---: |")
    for split, _, approach, counts in results:
        for label, row in zip(LABELS, counts, strict=True):
            print(f"| {split} | {approach} | {label} | " + " | ".join(str(c) for c in row) + " |")


if __name__ == "__main__":
    main()
