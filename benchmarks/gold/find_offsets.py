"""Turn hand-written annotations (surface text in reading order) into character offsets.

    python benchmarks/gold/find_offsets.py actors      # annotations/*.json -> gold.jsonl
    python benchmarks/gold/find_offsets.py quotes
    python benchmarks/gold/find_offsets.py quotes-heldout

Annotators write what they read, not offsets: each mention or quote names its field and its
exact text (or, for a long quote, its first and last words), in the order it appears. A
mention whose text also occurs earlier inside something unmarked ("Apple" in "Apple TV") takes
a fourth element, a longer stretch of text around it that pins it down. This
script finds each one after the end of the previous one in the same field, so the same name
written twice is found twice, and fails with the article and the text when something cannot be
found. It reads the texts only: it never runs Newsscope's analysis.

Texts: ``title`` and ``body`` are the ``title`` and ``text`` columns of
``../shared/corpora/wikinews.csv``; for a bundled seed (``seed-000``, ``seed-002``) ``body`` is
the whole file in ``seeds/`` as it is on disk.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "wikinews.csv"
SEEDS = {"seed-000": "000_f16bc1375f36de9e.txt", "seed-002": "002_ccd4c79e6b5cab95.txt"}


def read_texts(corpus: Path = CORPUS) -> dict[str, dict[str, str]]:
    """Every article's fields by id: {"title": ..., "body": ...} (seeds: body only)."""
    with corpus.open(encoding="utf-8", newline="") as handle:
        texts = {row["id"]: {"title": row["title"], "body": row["text"]} for row in csv.DictReader(handle)}
    for key, name in SEEDS.items():
        texts[key] = {"title": "", "body": (ROOT / "seeds" / name).read_bytes().decode("utf-8")}
    return texts


class Locator:
    """Finds annotated texts in order, one cursor per field."""

    def __init__(self, article_id: str, fields: dict[str, str]) -> None:
        self.article_id, self.fields = article_id, fields
        self.cursor = {name: 0 for name in fields}

    def find(self, field: str, first: str, last: str | None = None, *, context: str | None = None) -> tuple[int, int]:
        """The span of ``first`` (through ``last`` when given) after the field's cursor; with
        ``context``, the first ``first`` inside the next occurrence of ``context``."""
        text = self.fields[field]
        if context is not None:
            around = text.find(context, self.cursor[field])
            if around < 0 or context.find(first) < 0:
                raise SystemExit(f"{self.article_id}: {field}: cannot find {first!r} in {context!r} after offset {self.cursor[field]}")
            self.cursor[field] = around + context.find(first)
        start = _find_word(text, first, self.cursor[field])
        if start < 0:
            raise SystemExit(f"{self.article_id}: {field}: cannot find {first!r} after offset {self.cursor[field]}")
        end = start + len(first)
        if last:
            found = text.find(last, start)
            if found < 0:
                raise SystemExit(f"{self.article_id}: {field}: cannot find the end {last!r} after {first!r}")
            end = found + len(last)
        self.cursor[field] = start + 1 if last else end  # quotes may nest inside each other's spans
        return start, end


def locate_actors(annotation: dict, fields: dict[str, str]) -> dict:
    locator = Locator(annotation["id"], fields)
    mentions = []
    for field, surface, kind, *context in annotation["mentions"]:
        start, end = locator.find(field, surface, context=context[0] if context else None)
        mentions.append({"field": field, "start": start, "end": end, "text": surface, "type": kind})
    return {"id": annotation["id"], "mentions": mentions}


def locate_quotes(annotation: dict, fields: dict[str, str]) -> dict:
    locator = Locator(annotation["id"], fields)
    quotes = []
    for quote in annotation["quotes"]:
        first = quote.get("text") or quote["first"]
        start, end = locator.find("body", first, None if quote.get("text") else quote["last"])
        quotes.append(
            {
                "kind": quote["kind"], "start": start, "end": end, "text": fields["body"][start:end],
                "speaker": quote.get("speaker"), "speaker_surface": quote.get("speaker_surface"),
                "verb": quote.get("verb"),
            }
        )
    return {"id": annotation["id"], "quotes": quotes}


def _find_word(text: str, part: str, start: int) -> int:
    """The first occurrence of ``part`` from ``start`` that does not cut a word ("Ural" is not
    found inside "natural", "US" not inside "USA"); -1 when there is none."""
    found = text.find(part, start)
    while found >= 0:
        before = text[found - 1] if found > 0 else " "
        after = text[found + len(part)] if found + len(part) < len(text) else " "
        if not (part[:1].isalnum() and before.isalnum()) and not (part[-1:].isalnum() and after.isalnum()):
            return found
        found = text.find(part, found + 1)
    return -1


LOCATE = {"actors": locate_actors, "quotes": locate_quotes, "quotes-heldout": locate_quotes}


def main(name: str) -> None:
    texts = read_texts()
    lines = []
    for path in sorted((HERE / name / "annotations").glob("*.json")):
        annotation = json.loads(path.read_text(encoding="utf-8"))
        lines.append(json.dumps(LOCATE[name](annotation, texts[annotation["id"]]), ensure_ascii=False))
    (HERE / name / "gold.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{name}: {len(lines)} articles -> {HERE / name / 'gold.jsonl'}")


if __name__ == "__main__":
    main(sys.argv[1])
