"""Train the tone-toward-a-target model on NewsMTSC's train split and write its weight file.

    pip install -e '.[train]'                            # scikit-learn, for training only
    python benchmarks/train_target_tone.py               # writes components/language/data/target_tone.json
    python benchmarks/train_target_tone.py --holdout     # 5-fold cross-validation on train, writes nothing

The model is a multinomial logistic regression (scikit-learn, lbfgs, L2 with C = 0.1, balanced
class weights) over :func:`components.language.target_tone.extract_features`. Training is
deterministic (one BLAS thread, no random state in lbfgs) and the weights are written rounded to
5 decimals with sorted feature names, so a second run writes a byte-identical file.

``--holdout`` is how the features and C were chosen: 5-fold cross-validation on train.jsonl, the
folds split by article (seed 0) so that no article is on both sides of a fold. The dev
splits were not used for any choice; ``eval_target_tone.py`` reports on them.
"""

from __future__ import annotations

import os

# One BLAS thread: a parallel reduction may round differently from run to run.
for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_variable] = "1"

import argparse  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import sys  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import TYPE_CHECKING  # noqa: E402

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from components.language.target_tone import LABELS, MODEL_FILE, extract_features  # noqa: E402

if TYPE_CHECKING:  # scikit-learn is a training-only dependency (the `train` extra)
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

NEWSMTSC = HERE.parent.parent / "shared" / "newsmtsc"
POLARITY_LABELS = {2.0: LABELS[0], 4.0: LABELS[1], 6.0: LABELS[2]}  # NewsMTSC's README
C = 0.1
SEED = 0


@dataclass(frozen=True)
class Target:
    """One labelled target of NewsMTSC: its sentence, its span, its label and its article."""

    sentence: str
    start: int
    end: int
    label: str
    article: str


def read_newsmtsc(path: Path) -> list[Target]:
    """Read a NewsMTSC .jsonl split: one Target per labelled target, in file order."""
    targets = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            # primary_gid is "allsides_<article>_..." or "polusa_v1_<article>_..."
            parts = record["primary_gid"].split("_")
            article = "_".join(parts[:3] if parts[0] == "polusa" else parts[:2])
            for target in record["targets"]:
                targets.append(
                    Target(
                        sentence=record["sentence_normalized"],
                        start=target["from"],
                        end=target["to"],
                        label=POLARITY_LABELS[target["polarity"]],
                        article=article,
                    )
                )
    return targets


def split_by_article(targets: list[Target], *, folds: int = 5, seed: int = SEED) -> list[list[Target]]:
    """Split into ``folds`` parts by article (shuffled with ``seed``): no article is in two parts."""
    articles = sorted({t.article for t in targets})
    random.Random(seed).shuffle(articles)
    fold_of = {article: i % folds for i, article in enumerate(articles)}
    return [[t for t in targets if fold_of[t.article] == k] for k in range(folds)]


def cross_validate(targets: list[Target], *, folds: int = 5) -> None:
    """Print macro-F1 and accuracy of each fold held out in turn, and their means."""
    from sklearn.metrics import accuracy_score, f1_score

    parts = split_by_article(targets, folds=folds)
    scores = []
    for k, held in enumerate(parts):
        vectorizer, model = fit([t for j, part in enumerate(parts) if j != k for t in part])
        x = vectorizer.transform([extract_features(t.sentence, t.start, t.end) for t in held])
        truth = [LABELS.index(t.label) for t in held]
        predicted = model.predict(x)
        scores.append((f1_score(truth, predicted, average="macro"), accuracy_score(truth, predicted)))
        print(f"fold {k} ({len(held)} targets): macro-F1 {100 * scores[-1][0]:.1f}, accuracy {100 * scores[-1][1]:.1f}")
    mean_f1 = sum(f for f, _ in scores) / folds
    mean_accuracy = sum(a for _, a in scores) / folds
    print(f"mean of {folds} folds: macro-F1 {100 * mean_f1:.1f}, accuracy {100 * mean_accuracy:.1f}")


def fit(targets: list[Target]) -> tuple[DictVectorizer, LogisticRegression]:
    """Fit the vectoriser and the logistic regression on ``targets``."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = DictVectorizer(sort=True)
    x = vectorizer.fit_transform([extract_features(t.sentence, t.start, t.end) for t in targets])
    y = [LABELS.index(t.label) for t in targets]
    model = LogisticRegression(C=C, max_iter=5000, class_weight="balanced").fit(x, y)
    return vectorizer, model


def write_model(vectorizer: DictVectorizer, model: LogisticRegression, path: Path) -> None:
    """Write labels, bias and one "feature": [w_neg, w_neu, w_pos] line per feature, sorted."""
    assert list(model.classes_) == [0, 1, 2]
    weights = model.coef_.T  # (features, 3)
    lines = [
        "{",
        f'"labels": {json.dumps(list(LABELS))},',
        f'"bias": {json.dumps([round(float(b), 5) for b in model.intercept_])},',
        '"features": {',
    ]
    names = vectorizer.get_feature_names_out()
    rows = [
        f"{json.dumps(str(name))}: {json.dumps([round(float(w), 5) for w in weights[i]])}"
        for i, name in enumerate(names)
    ]
    lines.append(",\n".join(rows))
    lines.append("}}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=NEWSMTSC, help="folder holding train.jsonl")
    parser.add_argument("--out", type=Path, default=MODEL_FILE, help="weight file to write")
    parser.add_argument("--holdout", action="store_true", help="5-fold cross-validation on train, by article; write nothing")
    args = parser.parse_args()

    targets = read_newsmtsc(args.data / "train.jsonl")
    if args.holdout:
        cross_validate(targets)
        return
    vectorizer, model = fit(targets)
    write_model(vectorizer, model, args.out)
    size = args.out.stat().st_size
    print(f"{len(targets)} targets, {len(vectorizer.vocabulary_)} features -> {args.out} ({size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
