"""Keywords against the hand-made keyphrase gold: F1@10 (and P@10, R@10, F1@5), as the YAKE paper scores.

    python benchmarks/eval_keywords.py            # both halves, every system
    python benchmarks/eval_keywords.py --show     # also each development article: gold and top 10

The gold (``benchmarks/gold/keyphrases/``) gives 5 to 15 phrases a reader would tag each of 40
Wikinews articles with (see its GUIDELINES.md). The 40 are split once by ``SPLIT_SEED`` into a
**development** half (20 articles: looked at, and the keyword rules were tuned on it) and a
**test** half (20 articles: only ever reported, never looked at article by article or tuned on).
The test figures are the honest ones; both are printed.

Scoring: a phrase is lower-cased, cut into words (``\\w+``) and each word Porter-stemmed (NLTK's
``PorterStemmer``, which needs no data download); a predicted phrase is correct when it equals a
gold phrase exactly. Duplicates (after stemming) in a system's list count once, at their first
place. P@k = correct among the first k / number of those (at most k), R@k = correct / gold
phrases, F1@k their harmonic mean; each is computed per article and macro-averaged.

Systems, each on the article's body (the ``text`` column, as Newsscope analyses it), and only
``newsscope`` also on its headline (the ``title`` column, which ``analyze_text`` reads for keywords):

- ``yake n=1|2|3``: plain YAKE with its defaults (``yake.KeywordExtractor(lan="en", n=n)``), top 10;
- ``first phrases``: Newsscope's candidate phrases in order of first occurrence (no ranking), top 10;
- ``position rank``: PositionRank over Newsscope's candidates (``position_rank``), top 10;
- ``tf-idf``: Newsscope's candidates by TF-IDF, document frequencies over all 658 Wikinews
  articles (``tfidf``), top 10;
- ``newsscope, no title``: the product's keywords of the body alone, top 10;
- ``newsscope``: the product's keywords, exactly as ``analyze_text(text, title)`` computes them
  (``text_keywords``: ``extract_keywords(fold_quotes(text), title=fold_quotes(title))`` with the
  settings' defaults), top 10.

The last block counts, over all 40 articles, keywords of Newsscope's top 10 of the failure kinds of
issue 15 (weekdays, months, credit-line words; a name cut through; two names in one keyword),
against the names actor discovery finds in each article (``failure_kinds``).
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from statistics import mean

import numpy as np
import yake
from nltk.stem import PorterStemmer

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from components.engine.textanalysis import text_keywords  # noqa: E402
from components.ingest.cleaning import fold_quotes  # noqa: E402
from components.language.discovery import discover_actors  # noqa: E402
from components.language.keyphrases import (  # noqa: E402
    CALENDAR_WORDS,
    CREDIT_WORDS,
    candidate_words,
    find_phrases,  # noqa: E402
    first_phrases,
)
from components.language.keyword_backends import stopwords_for  # noqa: E402

sys.path.insert(0, str(HERE / "gold"))
from find_offsets import read_texts  # noqa: E402

GOLD = HERE / "gold" / "keyphrases" / "gold.jsonl"
SPLIT_SEED = 15
"""Seed of the one shuffle that splits the gold into its development and test halves."""
TOP = 10

_STEMMER = PorterStemmer()
_WORD = re.compile(r"\w+")


def stemmed(phrase: str) -> str:
    """``phrase`` lower-cased, cut into words and each word Porter-stemmed, joined by spaces."""
    return " ".join(_STEMMER.stem(w) for w in _WORD.findall(phrase.lower()))


def split_gold(ids: list[str]) -> tuple[list[str], list[str]]:
    """(development, test): the sorted ids shuffled once with ``SPLIT_SEED`` and cut in half."""
    order = sorted(ids)
    random.Random(SPLIT_SEED).shuffle(order)
    half = len(order) // 2
    return order[:half], order[half:]


def score_article(predicted: list[str], gold: list[str], k: int) -> tuple[float, float, float]:
    """(P@k, R@k, F1@k) of one article's predicted list against its gold phrases."""
    seen: list[str] = []
    for phrase in predicted:
        key = stemmed(phrase)
        if key and key not in seen:
            seen.append(key)
    top = seen[:k]
    truth = {stemmed(g) for g in gold}
    correct = sum(1 for key in top if key in truth)
    precision = correct / len(top) if top else 0.0
    recall = correct / len(truth) if truth else 0.0
    f1 = 2 * precision * recall / (precision + recall) if correct else 0.0
    return precision, recall, f1


def plain_yake(n: int) -> Callable[[str], list[str]]:
    extractor = yake.KeywordExtractor(lan="en", n=n)
    return lambda text: [k for k, _ in extractor.extract_keywords(text)][:TOP]


def newsscope(text: str, title: str) -> list[str]:
    # analyze_text's keyword call, without its sentences and sentiment
    return [k.keyword for k in text_keywords(text, title)][:TOP]


def first_candidates(text: str) -> list[str]:
    return first_phrases(fold_quotes(text))[:TOP]


def tfidf(document_frequency: Callable[[str], float]) -> Callable[[str], list[str]]:
    """TF-IDF over the project's candidates: (1 + log count) * log(N / df), DF from the whole
    Wikinews corpus (658 articles, the gold's among them, as a corpus being analysed would be)."""

    def ranked(text: str) -> list[str]:
        phrases = find_phrases(fold_quotes(text), stopwords=stopwords_for("en"))
        scored = sorted(
            phrases.values(),
            key=lambda p: (-(1 + math.log(max(p.count, 1))) * document_frequency(p.key), p.first_sentence, p.first_word),
        )
        return [p.display for p in scored][:TOP]

    return ranked


def corpus_idf(texts: dict[str, dict[str, str]]) -> Callable[[str], float]:
    """log(N / df) of a candidate key over the Wikinews bodies (df of an unseen key: 1)."""
    counts: Counter[str] = Counter()
    bodies = [t["body"] for i, t in texts.items() if not i.startswith("seed")]
    for body in bodies:
        counts.update(find_phrases(fold_quotes(body), stopwords=stopwords_for("en")).keys())
    total = len(bodies)
    return lambda key: math.log(total / max(counts.get(key, 0), 1))


def position_rank(text: str, *, window: int = 3, damping: float = 0.85) -> list[str]:
    """PositionRank (Florescu & Caragea 2017) over the project's candidates: a graph of the
    candidates' words, linked when they lie within ``window`` words of each other, ranked by a
    PageRank biased toward words that occur early (the sum of 1 / position over a word's
    occurrences); a phrase scores the sum of its words' scores."""
    folded = fold_quotes(text)
    phrases = find_phrases(folded, stopwords=stopwords_for("en"))
    sequence = candidate_words(folded, stopwords=stopwords_for("en"))  # (lower-case word, token index)
    vocab = {w: i for i, w in enumerate(dict.fromkeys(w for w, _ in sequence))}
    if not vocab:
        return []
    size = len(vocab)
    links = np.zeros((size, size))
    bias = np.zeros(size)
    for position, (word, index) in enumerate(sequence, start=1):
        bias[vocab[word]] += 1.0 / position
        for other, other_index in sequence[position : position + window - 1]:
            if other != word and other_index - index < window:
                links[vocab[word], vocab[other]] += 1
                links[vocab[other], vocab[word]] += 1
    bias /= bias.sum()
    out = links.sum(axis=1)
    transition = np.divide(links, out[:, None], out=np.zeros_like(links), where=out[:, None] > 0)
    score = np.full(size, 1.0 / size)
    for _ in range(100):
        score = damping * transition.T @ score + (1 - damping) * bias
    ranked = sorted(
        phrases.values(),
        key=lambda p: (-sum(score[vocab[w]] for w in p.key.split() if w in vocab), p.first_sentence, p.first_word),
    )
    return [p.display for p in ranked][:TOP]


def body_only(system: Callable[[str], list[str]]) -> Callable[[str, str], list[str]]:
    return lambda text, _title: system(text)


SYSTEMS: dict[str, Callable[[str, str], list[str]]] = {
    "yake n=1": body_only(plain_yake(1)),
    "yake n=2": body_only(plain_yake(2)),
    "yake n=3": body_only(plain_yake(3)),
    "first phrases": body_only(first_candidates),
    "position rank": body_only(position_rank),
    "newsscope, no title": lambda text, _title: newsscope(text, ""),
    "newsscope": newsscope,
}
BASELINE = "yake n=3"


def evaluate(ids: list[str], gold: dict[str, list[str]], outputs: dict[str, dict[str, list[str]]]) -> dict[str, dict[str, float]]:
    table = {}
    for name, by_id in outputs.items():
        at10 = [score_article(by_id[i], gold[i], 10) for i in ids]
        at5 = [score_article(by_id[i], gold[i], 5) for i in ids]
        table[name] = {
            "P@10": mean(s[0] for s in at10),
            "R@10": mean(s[1] for s in at10),
            "F1@10": mean(s[2] for s in at10),
            "F1@5": mean(s[2] for s in at5),
        }
    return table


def print_table(label: str, table: dict[str, dict[str, float]]) -> None:
    base = table[BASELINE]["F1@10"]
    print(f"## {label}")
    print("| system | P@10 | R@10 | F1@10 | F1@5 | F1@10 / yake n=3 |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, row in table.items():
        ratio = row["F1@10"] / base if base else float("nan")
        print(f"| {name} | {row['P@10']:.3f} | {row['R@10']:.3f} | {row['F1@10']:.3f} | {row['F1@5']:.3f} | {ratio:.2f}x |")
    print()


def failure_kinds(outputs: dict[str, list[str]], texts: dict[str, dict[str, str]]) -> list[str]:
    """Keywords of a top 10 of issue 15's failure kinds: holding a weekday, a month or a
    credit-line word; cutting through a name that actor discovery finds in the article (an
    occurrence, in the name's own case, starting or ending inside the name, or lying inside it
    without reaching either end: "District Judge Michael" of "Michael Smith"); or holding two
    such names with a lower-case word between them ("Putin told Araqchi")."""
    bad = []
    for article_id, keywords in outputs.items():
        body = fold_quotes(texts[article_id]["body"])
        found = discover_actors(fold_quotes(texts[article_id]["title"]), body)
        names = [(f.start, f.end) for f in found if f.field == "body"]
        for keyword in keywords:
            if set(keyword.casefold().split()) & (CALENDAR_WORDS | CREDIT_WORDS):
                bad.append(f"{article_id}: {keyword!r} (weekday, month or credit word)")
            for match in re.finditer(rf"(?<!\w){re.escape(keyword)}(?!\w)", body, flags=re.IGNORECASE):
                a, b = match.span()
                cut = [
                    body[s:e] for s, e in names
                    if body[a:b] == keyword and ((s < a < e < b) or (a < s < b < e) or (s < a and b < e))
                ]
                held = [(s, e) for s, e in names if a <= s and e <= b]
                joined = any(re.search(r"\b[a-z]+\b", body[e1:s2]) for (_, e1), (s2, _) in zip(held, held[1:]))
                if cut or joined:
                    why = f"cuts through the name {cut[0]!r}" if cut else "joins two names by a word"
                    bad.append(f"{article_id}: {keyword!r} {why}")
                    break
    return bad


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--show", action="store_true", help="print each development article's gold and top 10")
    args = parser.parse_args()
    gold = {}
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        article = json.loads(line)
        gold[article["id"]] = article["keyphrases"]
    texts = read_texts()
    SYSTEMS["tf-idf"] = body_only(tfidf(corpus_idf(texts)))
    SYSTEMS["newsscope, no title"] = SYSTEMS.pop("newsscope, no title")
    SYSTEMS["newsscope"] = SYSTEMS.pop("newsscope")
    dev, test = split_gold(list(gold))
    outputs = {name: {i: system(texts[i]["body"], texts[i]["title"]) for i in gold} for name, system in SYSTEMS.items()}
    print_table(f"development half ({len(dev)} articles; tuned on)", evaluate(dev, gold, outputs))
    print_table(f"test half ({len(test)} articles; only reported)", evaluate(test, gold, outputs))
    print_table(f"all ({len(gold)} articles)", evaluate(dev + test, gold, outputs))
    bad = failure_kinds(outputs["newsscope"], texts)
    print(f"Newsscope top-10 keywords of a failure kind (weekday, month or credit word; a cut name; two names): {len(bad)}")
    for line in bad:
        print("  " + line)
    if args.show:
        for i in dev:
            truth = {stemmed(g) for g in gold[i]}
            print(f"\n### {i}: {texts[i]['title']}")
            print("gold: " + "; ".join(gold[i]))
            for name in ("yake n=3", "newsscope"):
                marked = [f"*{k}*" if stemmed(k) in truth else k for k in outputs[name][i]]
                print(f"{name}: " + "; ".join(marked))


if __name__ == "__main__":
    main()
