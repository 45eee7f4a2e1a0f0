"""Keywords per article: noun-phrase-like candidates ranked with YAKE as one signal, and their
corpus-level aggregate.

YAKE scores n-grams of one text (lower is better). Its raw list (``CANDIDATE_FACTOR`` times the
requested number) is one signal of :func:`components.language.keyphrases.rank_keyphrases`, which
ranks the text's own candidates (names kept whole, common noun phrases, no verbs, weekdays,
months or credit lines) by frequency, first position, rarity in English, YAKE's rank and the
article's headline (``title``). The best are then cleaned: fragments of a longer keyword and
junk dropped (:mod:`components.language.keyword_repairs` says what junk is).

Two backends compute YAKE's raw list (setting ``keyword_backend``; see
:mod:`components.language.keyword_backends`): ``yake``, the reference Python package, and
``yake-rust``, about six times faster at that step.

Corpus keywords are aggregated from the per-article lists (``aggregate_keywords``);
YAKE is never run on the concatenated corpus.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import islice

import numpy as np
import pandas as pd

from components.language.keyphrases import rank_keyphrases
from components.language.keyword_backends import (
    BACKENDS,
    Keyword,
    KeywordOptions,
    raw_keywords,
    resolve_backend,
    setting_or,
    stopwords_for,
)
from components.language.keyword_repairs import (
    BOILERPLATE,
    is_junk_keyword,
    keyword_key,
)

__all__ = [
    "AGGREGATE_COLUMNS", "BACKENDS", "BOILERPLATE", "CANDIDATE_FACTOR", "PER_ARTICLE_COLUMNS", "Keyword",
    "aggregate_keywords", "extract_keywords", "extract_raw_keywords", "is_junk_keyword", "resolve_backend",
]

CANDIDATE_FACTOR = 3
"""YAKE is asked for this many times ``top`` keywords: its ranks of them are one signal of the ranking."""

SHORTLIST_FACTOR = 3
"""Fragments and junk are looked for among this many times ``top`` of the best candidates."""

AGGREGATE_COLUMNS = ("keyword", "articles", "best_score", "mean_rank", "weight")
PER_ARTICLE_COLUMNS = ("article_id", "keyword", "score", "rank")


def extract_keywords(
    text: str,
    *,
    title: str = "",
    top: int | None = None,
    max_ngram: int | None = None,
    dedup_lim: float | None = None,
    window: int | None = None,
    language: str | None = None,
    backend: str | None = None,
) -> list[Keyword]:
    """Return at most ``top`` keywords of ``text``, best (lowest score) first.

    A score is the inverse of :func:`components.language.keyphrases.rank_keyphrases`'s value
    (lower is better); YAKE's own scores are in ``extract_raw_keywords``. ``title``: the
    article's headline, evidence for the phrases of ``text`` it repeats (YAKE reads ``text`` only).

    Options left as None take their defaults from the settings (``yake_top``,
    ``yake_max_ngram``, ``yake_dedup_lim``, ``yake_window``, ``yake_language``,
    ``keyword_backend``). ``backend`` is "yake" or "yake-rust" (see ``resolve_backend``);
    ValueError for an unknown backend or an option below 1.
    """
    options = _resolve_options(top, max_ngram, dedup_lim, window, language, backend)
    if not text.strip():
        return []
    raw = raw_keywords(text, options, pool=options.top * CANDIDATE_FACTOR)
    stopwords = stopwords_for(options.language)
    ranked = rank_keyphrases(
        text, raw, stopwords=stopwords, title=title, max_ngram=options.max_ngram, limit=options.top * SHORTLIST_FACTOR
    )
    kept = (k for k in ranked if not is_junk_keyword(k.keyword, stopwords=stopwords))
    return list(islice(kept, options.top))


def extract_raw_keywords(
    text: str,
    *,
    top: int | None = None,
    max_ngram: int | None = None,
    dedup_lim: float | None = None,
    window: int | None = None,
    language: str | None = None,
    backend: str | None = None,
) -> list[Keyword]:
    """The backend's own list for ``text``, before any repair: at most ``top``, best first.

    Same options as ``extract_keywords``; for comparing backends (``benchmarks/``).
    """
    options = _resolve_options(top, max_ngram, dedup_lim, window, language, backend)
    if not text.strip():
        return []
    return raw_keywords(text, options, pool=options.top)


def _resolve_options(
    top: int | None,
    max_ngram: int | None,
    dedup_lim: float | None,
    window: int | None,
    language: str | None,
    backend: str | None,
) -> KeywordOptions:
    """Fill in the settings' defaults and check the options (ValueError when invalid)."""
    options = KeywordOptions(
        top=int(setting_or(top, "yake_top")),
        max_ngram=int(setting_or(max_ngram, "yake_max_ngram")),
        dedup_lim=float(setting_or(dedup_lim, "yake_dedup_lim")),
        window=int(setting_or(window, "yake_window")),
        language=str(setting_or(language, "yake_language")),
        backend=resolve_backend(backend),
    )
    if options.top < 1 or options.max_ngram < 1 or options.window < 1:
        raise ValueError(
            "top, max_ngram and window must be >= 1, got "
            f"{options.top}, {options.max_ngram}, {options.window}"
        )
    return options


def aggregate_keywords(per_article: pd.DataFrame, *, top: int | None = None) -> pd.DataFrame:
    """Aggregate per-article keywords into one corpus table, best first.

    In: a tidy frame with columns article_id, keyword, score, rank (1 = best in its
    article). Out: a new frame with columns keyword, articles (number of articles),
    best_score (lowest score), mean_rank and weight = sum over articles of 1 / rank,
    sorted by weight (then articles, best_score, keyword); ``top`` rows, or all when
    None. Keywords equal up to case are one keyword (within an article, its best row
    counts); its display form is the one used by most articles.
    """
    missing = [c for c in PER_ARTICLE_COLUMNS if c not in per_article.columns]
    if missing:
        raise ValueError(f"per_article lacks columns: {missing}")
    if top is not None and top < 1:
        raise ValueError(f"top must be >= 1, got {top}")
    if not (per_article["rank"].dropna().astype(float) >= 1).all():
        raise ValueError("rank must be >= 1 (1 = best keyword of its article)")

    frame = per_article.loc[:, list(PER_ARTICLE_COLUMNS)].dropna()
    # Keywords repeat: each spelling is stripped and folded once, and rows are sorted and
    # grouped by integer codes (of the spelling, of its folded key and of the article), not by
    # strings. A categorical column (a store's tables) brings its codes: no string per row.
    if isinstance(frame["keyword"].dtype, pd.CategoricalDtype):
        codes, values = frame["keyword"].cat.codes.to_numpy(), frame["keyword"].cat.categories
    else:
        codes, values = pd.factorize(frame["keyword"].astype(str))
    form_of_value, distinct = pd.factorize(pd.Index(values).astype(str).str.strip())
    forms = form_of_value[codes]
    kept = np.asarray(distinct != "", dtype=bool)[forms]
    frame, forms = frame.loc[kept], forms[kept]
    if frame.empty:
        return _empty_aggregate()
    key_of_form, _ = pd.factorize(np.asarray([_folded(k) for k in distinct], dtype=object))
    frame = pd.DataFrame({
        "article": pd.factorize(frame["article_id"])[0], "key": key_of_form[forms], "form": forms,
        "score": frame["score"].astype(float).to_numpy(), "rank": frame["rank"].astype(float).to_numpy(),
    })
    # One row per (article, keyword): a keyword counts once per article, at its best. Tables
    # list each article's keywords together, best first: then its first row of a key is its best.
    article, rank = frame["article"].to_numpy(), frame["rank"].to_numpy()
    same_article = article[1:] == article[:-1]
    if not np.all((article[1:] > article[:-1]) | (same_article & (rank[1:] > rank[:-1]))):
        frame = frame.sort_values(["article", "key", "rank", "score"], kind="stable")
    pair = frame["article"].to_numpy().astype(np.int64) * (int(frame["key"].max()) + 1) + frame["key"].to_numpy()
    frame = frame.loc[~pd.Series(pair).duplicated().to_numpy()]

    frame["inverse_rank"] = 1.0 / frame["rank"]
    table = frame.groupby("key", sort=False).agg(
        articles=("article", "size"),  # one row per article and key, after the line above
        best_score=("score", "min"),
        mean_rank=("rank", "mean"),
        weight=("inverse_rank", "sum"),
    )
    table["keyword"] = _display_forms(frame, np.asarray(distinct, dtype=object))
    table = table.sort_values(
        ["weight", "articles", "best_score", "keyword"],
        ascending=[False, False, True, True],
        kind="stable",
    ).reset_index(drop=True)
    table["articles"] = table["articles"].astype(int)
    table = table.loc[:, list(AGGREGATE_COLUMNS)]
    return table if top is None else table.head(top).reset_index(drop=True)


@lru_cache(maxsize=200_000)  # a dashboard aggregates the same keywords on every click
def _folded(keyword: str) -> str:
    return keyword_key(keyword)


def _display_forms(frame: pd.DataFrame, spellings: np.ndarray) -> pd.Series:
    """Per key, the spelling used by most articles (ties: best score, then alphabetical);
    ``frame["form"]`` indexes ``spellings``."""
    forms = frame.groupby(["key", "form"], sort=False).agg(uses=("article", "size"), best=("score", "min")).reset_index()
    forms = (
        forms.assign(keyword=spellings[forms["form"].to_numpy()])
        .sort_values(["key", "uses", "best", "keyword"], ascending=[True, False, True, True])
        .drop_duplicates("key")
    )
    return forms.set_index("key")["keyword"]


def _empty_aggregate() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "keyword": pd.Series(dtype=str),
            "articles": pd.Series(dtype=int),
            "best_score": pd.Series(dtype=float),
            "mean_rank": pd.Series(dtype=float),
            "weight": pd.Series(dtype=float),
        }
    )
