"""Tone toward a named target in a sentence (target-dependent sentiment), from a linear model.

The sentence's own VADER score gives every actor of a sentence the same tone. Here each target
gets its own: a multinomial logistic regression, trained on NewsMTSC (political news sentences
labelled with the sentiment toward each named person or group), reads features of the target's
context:

- the sentence's words, with the target replaced by a placeholder;
- the words around the target, by side and distance ("criticised <t>" is not "<t> criticised");
- the words of the target's clause (up to a comma, a colon, "but" ...) and their VADER valence;
- VADER valences by side and distance, their sum and a compound-like squash of it (VADER's
  lexicon, plus the -s/-ed/-ing forms it lacks and a few violent acts such as "shelled");
- whether the target sits inside a quotation, or speaks one ("<t> said").

Inference is plain Python and numpy over a committed JSON weight file, so it needs no
scikit-learn and no network. ``benchmarks/train_target_tone.py`` trains and writes that file;
``benchmarks/eval_target_tone.py`` measures it.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat
from pathlib import Path

import numpy as np
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from components.language.sentiment import NEGATIVE, NEUTRAL, POSITIVE

MODEL_FILE = Path(__file__).resolve().parent / "data" / "target_tone.json"
FEATURES_VERSION = 1
"""Bump when :func:`extract_features` changes (and retrain)."""
TONE_VERSION = f"{FEATURES_VERSION}-{hashlib.sha256(MODEL_FILE.read_bytes()).hexdigest()[:12]}"
"""Names the tone a mention gets: the features' version and the weight file's digest (stored
mentions are matched again when it changes)."""
LABELS: tuple[str, str, str] = (NEGATIVE, NEUTRAL, POSITIVE)
"""The model's classes, in the order of its weight columns."""

_TOKEN_RE = re.compile(r"[a-z]+(?:'[a-z]+)?|[0-9]+|[^\sa-z0-9]")
_WINDOW = 6  # words each side of the target that count with their position
_CLAUSE_WORDS = 8  # words of the target's clause that count by themselves
_CLAUSE_BREAKS = frozenset(",;:—–()") | {"but", "while", "although", "though", "whereas"}
_SPEECH_VERBS = frozenset({"said", "says", "told", "wrote"})
_VIOLENT_ACTS = (  # acts that news reports and VADER's lexicon lacks; each counts as -2
    "shell", "bombard", "invade", "loot", "massacre", "raid", "ambush",
    "abduct", "kidnap", "slaughter", "behead", "besiege", "pillage", "plunder",
)
_QUOTE_FOLDS = tuple(zip("‘’‚‛′“”„‟″«»", "'''''\"\"\"\"\"\"\"", strict=True))

# Distance from the target (0 = adjacent) -> bucket: 1 adjacent, 2 two-three words, 3 four-six, 4 further.
_BUCKETS = (1, 2, 2, 3, 3, 3, 4)
_LEFT_PREFIXES = tuple(f"L{bucket}=" for bucket in _BUCKETS[:_WINDOW])
_RIGHT_PREFIXES = tuple(f"R{bucket}=" for bucket in _BUCKETS[:_WINDOW])


@dataclass(frozen=True)
class ToneModel:
    """Weights of the linear model: one row per feature name, one column per label."""

    index: dict[str, int]
    weights: np.ndarray  # (features + 1, 3) float64; the last row, zeros, stands for unseen ones
    bias: np.ndarray  # (3,) float64


def score_targets(items: Sequence[tuple[str, int, int]]) -> list[float]:
    """Return the tone toward each target, P(positive) - P(negative), in [-1, 1].

    Each item is ``(sentence, start, end)`` where ``sentence[start:end]`` is the target's
    mention. Pass one sentence, not a whole text: the features are those of its sentence.
    """
    probs = predict_probabilities(items)
    return [float(p) for p in probs[:, 2] - probs[:, 0]]


def label_targets(items: Sequence[tuple[str, int, int]]) -> list[str]:
    """Return "positive", "neutral" or "negative" for each target: the most probable label."""
    probs = predict_probabilities(items)
    return [LABELS[i] for i in probs.argmax(axis=1)]


def predict_probabilities(items: Sequence[tuple[str, int, int]]) -> np.ndarray:
    """Return an (n, 3) array of P(negative), P(neutral), P(positive) for each target."""
    model = load_model()
    get, unknown = model.index.get, repeat(len(model.index))  # unseen: the zero row
    # Every target's features one after the other, indicators (value 1) apart from valued ones.
    columns: list[int] = []
    valued_columns: list[int] = []
    values: list[float] = []
    counts: list[int] = []
    valued_counts: list[int] = []
    for sentence, start, end in items:
        names, valued_names, valued = _describe(sentence, start, end)
        columns += map(get, names, unknown)
        valued_columns += map(get, valued_names, unknown)
        values += valued
        counts.append(len(names))
        valued_counts.append(len(valued))
    if not counts:
        return np.zeros((0, len(LABELS)))
    # Every target has both kinds ("w=<t>", "vsum" at least), so no segment is empty.
    logits = np.add.reduceat(model.weights[columns], np.cumsum([0, *counts[:-1]]), axis=0)
    weighted = model.weights[valued_columns] * np.asarray(values)[:, None]
    logits += np.add.reduceat(weighted, np.cumsum([0, *valued_counts[:-1]]), axis=0)
    logits += model.bias
    logits -= logits.max(axis=1, keepdims=True)
    exp = np.exp(logits)
    return exp / exp.sum(axis=1, keepdims=True)


@lru_cache(maxsize=1)
def load_model(path: Path = MODEL_FILE) -> ToneModel:
    """Load the weight file (JSON: labels, bias, and feature -> weights); cached."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if tuple(data["labels"]) != LABELS:
        raise ValueError(f"{path}: labels {data['labels']} are not {list(LABELS)}")
    names = list(data["features"])
    weights = np.zeros((len(names) + 1, len(LABELS)))  # plus a zero row for unseen features
    weights[:-1] = np.asarray(list(data["features"].values()), dtype=np.float64).reshape(-1, len(LABELS))
    return ToneModel(
        index={name: i for i, name in enumerate(names)},
        weights=weights,
        bias=np.asarray(data["bias"], dtype=np.float64),
    )


def extract_features(sentence: str, start: int, end: int) -> dict[str, float]:
    """Return the named features of the target ``sentence[start:end]`` (name -> value).

    Training uses this; inference reads the same features from ``_describe`` without building
    the dict (a linear model sums a repeated feature's weight, which is the same as a count).
    """
    names, valued_names, valued = _describe(sentence, start, end)
    features: dict[str, float] = {}
    for name, value in zip(names + valued_names, [1.0] * len(names) + valued, strict=True):
        features[name] = features.get(name, 0.0) + value
    return features


def _describe(sentence: str, start: int, end: int) -> tuple[list[str], list[str], list[float]]:
    """The target's indicator features (a name per occurrence), and its valued ones (names, values)."""
    if not 0 <= start < end <= len(sentence):
        raise ValueError(f"target span {start}:{end} is not inside a sentence of {len(sentence)} characters")
    text = _fold_quotes(sentence.lower())
    left, right = _TOKEN_RE.findall(text[:start]), _TOKEN_RE.findall(text[end:])
    before = left[::-1]  # nearest first
    left_clause, right_clause = _until_break(before), _until_break(right)
    names = ["w=" + word for word in left]  # the sentence, the target as a placeholder
    names.append("w=<t>")
    names += ["w=" + word for word in right]
    names += ["t=" + word for word in _TOKEN_RE.findall(text[start:end])]
    names += [prefix + word for prefix, word in zip(_LEFT_PREFIXES, before, strict=False)]
    names += [prefix + word for prefix, word in zip(_RIGHT_PREFIXES, right, strict=False)]
    names += ["cL=" + word for word in left_clause[:_CLAUSE_WORDS]]
    names += ["cR=" + word for word in right_clause[:_CLAUSE_WORDS]]
    names.append(f"pos={min(len(left), 5)}")  # near the start, a target is usually the subject
    names.append(f"inq={left.count(chr(34)) % 2}")  # an odd number of quotes before it: inside a quote
    if right and right[0] in _SPEECH_VERBS:
        names.append("speaker")
    valued_names, valued = _valences(names, before, right)
    lexicon = _lexicon()
    for side, clause in (("L", left_clause), ("R", right_clause)):
        valence = sum([lexicon.get(word, 0.0) for word in clause])
        valued_names.append("c" + side)
        valued.append(valence / 4)
        names.append("c" + side + ("p" if valence > 0.5 else "n" if valence < -0.5 else "0"))
    return names, valued_names, valued


def _valences(names: list[str], before: list[str], right: list[str]) -> tuple[list[str], list[float]]:
    """VADER valences by side and distance, the sentence's sum and a compound-like squash of it.

    Appends the sign indicators ("vL1n": a negative word next to the target on its left) to
    ``names`` and returns the valued features (names, values).
    """
    lexicon = _lexicon()
    valued_names: list[str] = []
    valued: list[float] = []
    total = 0.0
    for side, words in (("L", before), ("R", right)):
        # Most words have no valence: find the few that do in one pass, then name them.
        hits = [(distance, valence) for distance, word in enumerate(words) if (valence := lexicon.get(word))]
        for distance, valence in hits:
            total += valence
            name = f"v{side}{_BUCKETS[min(distance, len(_BUCKETS) - 1)]}"
            valued_names.append(name)
            valued.append(valence / 4)
            names.append(name + ("p" if valence > 0 else "n"))
    compound = total / (total * total + 15) ** 0.5  # VADER's own squash, without its rules
    valued_names += ["vsum", "comp"]
    valued += [total / 4, compound]
    names.append(f"compb={min(max(math.floor(compound * 4), -4), 3)}")
    return valued_names, valued


def _fold_quotes(text: str) -> str:
    """Typographic quotes to straight ones, as ``components.ingest.cleaning.fold_quotes`` does.

    The same mapping, in a few ``str.replace`` calls: ``str.translate`` costs about 9 us on a
    non-ASCII sentence, a quarter of the time budget of a target.
    """
    if text.isascii():
        return text
    for typographic, straight in _QUOTE_FOLDS:
        if typographic in text:
            text = text.replace(typographic, straight)
    return text


def _until_break(words: list[str]) -> list[str]:
    """The words up to (not including) the first clause break."""
    for i, word in enumerate(words):
        if word in _CLAUSE_BREAKS:
            return words[:i]
    return words


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, float]:
    """VADER's word valences (-4..4), with their inflections and a few acts of violence added.

    VADER lists "blame" and "blamed" but not "helped", "thanking" or "bombed"; news reports
    acts, so each word also gets its -s, -ed and -ing forms (where VADER has none of its own),
    and the violent acts that news reports and VADER lacks ("shelled", "invaded") count as -2.
    """
    base = dict(SentimentIntensityAnalyzer().lexicon)
    base.update((word, -2.0) for word in _VIOLENT_ACTS if word not in base)
    lexicon = dict(base)
    for word, valence in base.items():
        if word.isalpha() and len(word) > 2:
            for form in _inflections(word):
                lexicon.setdefault(form, valence)
    return lexicon


def _inflections(word: str) -> tuple[str, ...]:
    """Regular -s, -ed and -ing forms of an English word ("shell" -> "shells", "shelled" ...)."""
    if word.endswith("e"):
        return (word + "s", word + "d", word[:-1] + "ing")
    if word.endswith("y") and word[-2] not in "aeiou":
        return (word[:-1] + "ies", word[:-1] + "ied", word + "ing")
    if word.endswith(("s", "sh", "ch", "x", "z")):
        return (word + "es", word + "ed", word + "ing")
    return (word + "s", word + "ed", word + "ing")
