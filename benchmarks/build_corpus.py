"""Build realistic benchmark corpora from real Wikinews paragraphs.

    python benchmarks/build_corpus.py 1000 10000 100000     # -> benchmarks/data/corpus-<n>/

Each synthetic article joins 3-8 real paragraphs from English Wikinews, so vocabulary,
sentence lengths and names stay real; every text is distinct (checked by hash). Sources
are the Wikinews year groups of the first paragraph ("Wikinews 2005", ...), dates are the
first paragraph's real date shifted by up to 30 days. Output is JSON Lines in shards of
5,000 articles (each well under the max_file_bytes limit).

Data: News articles from English Wikinews (https://en.wikinews.org), © Wikinews
contributors, licensed under CC BY 2.5 (https://creativecommons.org/licenses/by/2.5/).
Collected via github.com/vanatteveldt/wikinews and github.com/dexter/dexter-datasets;
paragraphs recombined here (see ../shared/corpora/README.md).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent
WIKINEWS = ROOT.parent.parent / "shared" / "corpora" / "wikinews.csv"
SHARD = 5_000
ATTRIBUTION = __doc__.split("Data: ", 1)[1]


def read_paragraphs(path: Path) -> list[tuple[str, str, str]]:
    """(paragraph, published, title) for every paragraph of at least 20 words."""
    csv.field_size_limit(10**8)
    rows = []
    with path.open(encoding="utf-8", newline="") as handle:
        for article in csv.DictReader(handle):
            for paragraph in article["text"].split("\n\n"):
                if len(paragraph.split()) >= 20:
                    rows.append((paragraph.strip(), article["published"], article["title"]))
    return rows


def build(n: int, paragraphs: list[tuple[str, str, str]], *, seed: int = 7) -> list[dict]:
    rng = random.Random(seed + n)
    seen: set[str] = set()
    articles = []
    while len(articles) < n:
        picked = rng.sample(paragraphs, rng.randint(3, 8))
        text = "\n\n".join(p for p, _, _ in picked)
        digest = hashlib.sha256(text.encode()).hexdigest()
        if digest in seen:
            continue
        seen.add(digest)
        first_date = picked[0][1] or "2010-01-01"
        published = date.fromisoformat(first_date) + timedelta(days=rng.randint(0, 30))
        articles.append(
            {
                "title": f"{picked[0][2]} ({len(articles) + 1})",
                "text": text,
                "source": f"Wikinews {first_date[:4]}",
                "published": published.isoformat(),
                "url": f"https://example.invalid/bench/{len(articles) + 1}",
            }
        )
    return articles


def write(articles: list[dict], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.jsonl"):
        old.unlink()
    for start in range(0, len(articles), SHARD):
        with (folder / f"shard-{start // SHARD:03d}.jsonl").open("w", encoding="utf-8") as handle:
            for article in articles[start : start + SHARD]:
                handle.write(json.dumps(article, ensure_ascii=False) + "\n")
    (folder / "ATTRIBUTION").write_text(ATTRIBUTION, encoding="utf-8")  # no suffix: not read as an article


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="+", type=int)
    parser.add_argument("--out", type=Path, default=ROOT / "data")
    args = parser.parse_args()
    paragraphs = read_paragraphs(WIKINEWS)
    for n in args.sizes:
        articles = build(n, paragraphs)
        write(articles, args.out / f"corpus-{n}")
        words = sum(len(a["text"].split()) for a in articles)
        print(f"corpus-{n}: {n:,} articles, {words:,} words -> {args.out / f'corpus-{n}'}")


if __name__ == "__main__":
    main()
