"""Quotes and reported speech against the hand-made gold set: precision and recall per kind.

    python benchmarks/eval_quotes.py            # the table, with the error kinds
    python benchmarks/eval_quotes.py --errors   # also list every error

The gold (``benchmarks/gold/quotes/``) marks every direct, partial and reported quote, with its
speaker, in 25 Wikinews articles and the two bundled seeds, by reading (see its GUIDELINES.md).
It is a **development** set: it was looked at while the rules of
:mod:`components.language.quotes` were written, so its figures are optimistic for unseen text.

Quotes are extracted as the product extracts them: :func:`components.language.quotes.find_quotes`
on the text the gold's offsets are defined on (an article's raw ``text`` column; a seed's whole
file as it is on disk), with that text's actor mentions from
:func:`components.language.mentions.find_article_mentions` and the bundled dictionary (as
``benchmarks/eval_actors.py`` does), so offsets compare directly.

Matching, per kind, one to one in reading order:

- **found**: a predicted quote matches a gold quote of the same kind when their spans overlap.
- **attributed**: found, and the speakers agree. The predicted speaker is ``speaker_actor``;
  the gold speaker is the gold ``speaker``. Both None agree (an unnamed speaker left
  unresolved); otherwise both names are compared after case-folding and keeping only letters
  and digits per word, and they agree when equal, when the words of one are all words of the
  other ("Putin" and "Vladimir Putin"; "Defence Ministry" and "Russian Defence Ministry"), or
  when both end in the same word that is no institution word ("Ayatollah Khamenei" and "Ali
  Khamenei", but not "Interior Ministry" and "Defence Ministry").

Precision = matched predictions / predictions; recall = matched gold quotes / gold quotes.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from components.language.actors import load_actor_dictionary  # noqa: E402
from components.language.mentions import find_article_mentions  # noqa: E402
from components.language.quotes import KINDS, Quote, find_quotes  # noqa: E402

sys.path.insert(0, str(HERE / "gold"))
from find_offsets import read_texts  # noqa: E402

GOLD = HERE / "gold" / "quotes" / "gold.jsonl"
TARGETS = {("direct", "attributed"): (0.90, 0.80), ("reported", "found"): (0.80, None)}
_INSTITUTION_WORDS = frozenset(
    "ministry government council court service agency department party union office committee "
    "commission organization organisation institute center centre university hospital company "
    "police army forces states nations house senate congress parliament".split()
)
_NON_WORD = re.compile(r"[^\w]+")


def same_speaker(predicted: str | None, gold: str | None) -> bool:
    """The docstring's rule: equal, one's words inside the other's, or the same last name."""
    if predicted is None or gold is None:
        return predicted is None and gold is None
    a = [w for w in _NON_WORD.split(predicted.casefold()) if w]
    b = [w for w in _NON_WORD.split(gold.casefold()) if w]
    if not a or not b:
        return False
    if set(a) <= set(b) or set(b) <= set(a):
        return True
    return a[-1] == b[-1] and a[-1] not in _INSTITUTION_WORDS


def match(predicted: list[Quote], gold: list[dict], *, speakers: bool) -> list[tuple[int, int]]:
    """(gold index, predicted index) pairs: same kind, overlapping spans, one to one in order
    (and the same speaker when ``speakers``)."""
    used: set[int] = set()
    pairs = []
    for g, item in enumerate(gold):
        for p, quote in enumerate(predicted):
            if p in used or quote.kind != item["kind"] or not (quote.start < item["end"] and item["start"] < quote.end):
                continue
            if speakers and not same_speaker(quote.speaker_actor, item["speaker"]):
                continue
            used.add(p)
            pairs.append((g, p))
            break
    return pairs


def evaluate(gold: dict[str, list[dict]], predictions: dict[str, list[Quote]], *, errors: list[str] | None = None) -> dict:
    """Counts per (kind, level) over all articles: gold, predicted, matched gold, matched predicted."""
    counts: Counter[tuple[str, str, str]] = Counter()
    kinds: Counter[str] = Counter()
    for article_id, expected in gold.items():
        found = predictions[article_id]
        for level in ("found", "attributed"):
            pairs = match(found, expected, speakers=level == "attributed")
            for kind in KINDS:
                counts[kind, level, "gold"] += sum(1 for q in expected if q["kind"] == kind)
                counts[kind, level, "predicted"] += sum(1 for q in found if q.kind == kind)
                counts[kind, level, "matched"] += sum(1 for g, _ in pairs if expected[g]["kind"] == kind)
            if level == "found":
                matched_gold = {g for g, _ in pairs}
                matched_found = {p for _, p in pairs}
                for g, item in enumerate(expected):
                    if g not in matched_gold:
                        kinds[f"missed {item['kind']}"] += 1
                        if errors is not None:
                            errors.append(f"{article_id} MISSED {item['kind']:8} {item['speaker']!r}: {_short(item['text'])!r}")
                for p, quote in enumerate(found):
                    if p not in matched_found:
                        kinds[f"spurious {quote.kind}"] += 1
                        if errors is not None:
                            errors.append(f"{article_id} SPURIOUS {quote.kind:8} [{quote.verb}] {quote.speaker!r}: {_short(quote.text)!r}")
                for g, p in pairs:
                    quote, item = found[p], expected[g]
                    if not same_speaker(quote.speaker_actor, item["speaker"]):
                        kinds[f"wrong speaker {quote.kind}"] += 1
                        if errors is not None:
                            errors.append(
                                f"{article_id} SPEAKER  {quote.kind:8} {quote.speaker!r} -> {quote.speaker_actor!r}, "
                                f"gold {item['speaker_surface']!r} -> {item['speaker']!r}: {_short(quote.text)!r}"
                            )
    return {"counts": counts, "error kinds": dict(kinds.most_common())}


def _short(text: str) -> str:
    return text if len(text) < 80 else f"{text[:38]} … {text[-38:]}"


def load_gold(path: Path = GOLD) -> dict[str, list[dict]]:
    gold = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        article = json.loads(line)
        gold[article["id"]] = article["quotes"]
    return gold


def extract_all(ids: list[str]) -> dict[str, list[Quote]]:
    """Each article's quotes, from the text the gold is defined on and that text's mentions."""
    texts = read_texts()
    dictionary = load_actor_dictionary()
    predictions = {}
    for article_id in ids:
        title, body = texts[article_id]["title"], texts[article_id]["body"]
        mentions = [m for m in find_article_mentions(title, body, dictionary) if m.field == "body"]
        predictions[article_id] = find_quotes(body, mentions)
    return predictions


def format_table(counts: Counter) -> str:
    lines = [
        "| kind | gold | found | found P | found R | attributed P | attributed R |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for kind in (*KINDS, "all"):
        kinds = KINDS if kind == "all" else (kind,)

        def total(level: str, what: str) -> int:
            return sum(counts[k, level, what] for k in kinds)

        cells = [kind, str(total("found", "gold")), str(total("found", "predicted"))]
        for level in ("found", "attributed"):
            predicted, gold, matched = total(level, "predicted"), total(level, "gold"), total(level, "matched")
            cells.append(f"{matched / predicted:.0%}" if predicted else "–")
            cells.append(f"{matched / gold:.0%}" if gold else "–")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


SETS = {
    "development": GOLD,
    "held-out": HERE / "gold" / "quotes-heldout" / "gold.jsonl",
}
"""The development set was read while the rules were written; the held-out set never was."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--errors", action="store_true", help="list every error")
    parser.add_argument("--set", choices=list(SETS), default="development", help="which gold set (default: %(default)s)")
    args = parser.parse_args()
    gold = load_gold(SETS[args.set])
    predictions = extract_all(list(gold))
    listed: list[str] | None = [] if args.errors else None
    result = evaluate(gold, predictions, errors=listed)
    print(f"{len(gold)} articles ({args.set} set), `python benchmarks/eval_quotes.py --set {args.set}`:\n")
    print(format_table(result["counts"]))
    print()
    for (kind, level), (precision, recall) in TARGETS.items():
        c = result["counts"]
        p = c[kind, level, "matched"] / max(c[kind, level, "predicted"], 1)
        r = c[kind, level, "matched"] / max(c[kind, level, "gold"], 1)
        goal = f"P >= {precision:.0%}" + (f", R >= {recall:.0%}" if recall else "")
        met = p >= precision and (recall is None or r >= recall)
        print(f"target {kind} {level}: {goal}: {'met' if met else 'NOT met'} (P {p:.1%}, R {r:.1%})")
    print("error kinds: " + ", ".join(f"{k} {v}" for k, v in result["error kinds"].items()))
    for line in listed or ():
        print(line)


if __name__ == "__main__":
    main()
