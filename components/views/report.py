"""Turn an Analysis into the CLI's JSON document and its readable summary table."""

from __future__ import annotations

import json

import pandas as pd

from components.engine.analysis import Analysis, ArticleTexts
from components.views.cleaning import article_reasons


def _or_none(value: object) -> object:
    return None if value is None or (isinstance(value, float) and pd.isna(value)) else value


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def to_csv(frame: pd.DataFrame) -> str:
    """The frame as CSV text, safe to open in a spreadsheet.

    Text cells that a spreadsheet would run as a formula (starting with =, +, -, @, tab or
    carriage return) get a leading apostrophe, as OWASP advises against CSV injection. Number
    columns are written as they are, so -0.5 stays a number.
    """
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(
                lambda v: "'" + v if isinstance(v, str) and v.startswith(_FORMULA_START) else v
            )
    return safe.to_csv(index=False)


ARTICLE_METADATA = ["title", "source", "published", "url"]
USER_PREFIX = "user_"
"""Put before a user's column whose name a download has already (again while it is taken)."""


def with_article_metadata(frame: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """``frame`` (rows with an ``article_id``) with each article's title, source, published date
    and URL right after the id, then the user's own columns of its article (:func:`with_user_columns`),
    for downloads that stand on their own in a spreadsheet."""
    meta = articles.loc[:, ["id", *ARTICLE_METADATA]].assign(id=articles["id"].astype(str))
    joined = frame.assign(article_id=frame["article_id"].astype(str)).merge(
        meta, left_on="article_id", right_on="id", how="left", sort=False
    )
    rest = [c for c in frame.columns if c != "article_id"]
    return with_user_columns(joined[["article_id", *ARTICLE_METADATA, *rest]], articles)


def user_columns(articles: pd.DataFrame) -> list[str]:
    """The names of the user's own columns (``extra``) that ``articles`` carry, in order of first
    appearance (none when the frame has no ``extra``)."""
    if "extra" not in articles.columns:
        return []
    names: dict[str, None] = {}
    for extra in articles["extra"]:
        if isinstance(extra, dict):
            names.update(dict.fromkeys(extra))
    return list(names)


def with_user_columns(
    frame: pd.DataFrame, articles: pd.DataFrame, *, key: str = "article_id", after: str = "url"
) -> pd.DataFrame:
    """``frame`` with a column for each of the user's own columns of ``articles`` (:func:`user_columns`),
    each row holding its article's value ("" where it has none), placed after the column ``after``
    (else last). ``key``: the column of ``frame`` holding the article id. A name ``frame`` has
    already (any case) is prefixed :data:`USER_PREFIX`. A new frame; without user columns, ``frame``."""
    names = user_columns(articles)
    if not names:
        return frame
    taken = {str(c).lower() for c in frame.columns}
    labels = []
    for name in names:
        label = name
        while label.lower() in taken:
            label = USER_PREFIX + label
        taken.add(label.lower())
        labels.append(label)
    unique = articles.drop_duplicates("id")
    ids = unique["id"].astype(str).to_numpy()
    extras = [extra if isinstance(extra, dict) else {} for extra in unique["extra"]]
    keys = frame[key].astype(str)
    added = pd.DataFrame(
        {
            label: keys.map(pd.Series([extra.get(name, "") for extra in extras], index=ids, dtype=object))
            .fillna("").astype(object)
            for name, label in zip(names, labels)
        },
        index=frame.index,
    )
    at = list(frame.columns).index(after) + 1 if after in frame.columns else len(frame.columns)
    return pd.concat([frame.iloc[:, :at], added, frame.iloc[:, at:]], axis=1)


def build_report(analysis: Analysis, *, include_extra: bool = True) -> dict:
    """Return the JSON-ready document: {"articles": [...], "errors": [...]} (see README).

    ``include_extra``: an article whose input carried columns of the user's own gets them as
    ``"extra"`` ({name: value}, after ``url``); an article without any has no ``"extra"``."""
    keywords = {k: g.sort_values("rank") for k, g in analysis.keywords.groupby("article_id")}
    mentions = (
        analysis.mentions.groupby(["article_id", "actor", "type", "origin"], observed=True)
        .size().rename("mentions").reset_index()
    )
    by_article = {k: g for k, g in mentions.groupby("article_id", observed=True)}
    each = {k: g for k, g in analysis.mentions.groupby("article_id", observed=True)}
    quotes = {k: g for k, g in analysis.quotes.groupby("article_id", observed=True)}
    articles = []
    for row in analysis.articles.itertuples(index=False):
        kw = keywords.get(row.id)
        actors = by_article.get(row.id)
        if actors is not None:
            actors = actors.sort_values(["mentions", "actor"], ascending=[False, True])
        extra = getattr(row, "extra", None) if include_extra else None
        articles.append(
            {
                "id": row.id,
                "title": row.title,
                "source": _or_none(row.source),
                "published": _or_none(row.published),
                "url": _or_none(row.url),
                **({"extra": dict(extra)} if isinstance(extra, dict) and extra else {}),
                "path": row.path,
                "text": row.text,
                "removed": list(row.removed),
                "removed_reasons": article_reasons(row._asdict()),
                "n_words": int(row.n_words),
                "n_sentences": int(row.n_sentences),
                "keywords": [] if kw is None else [
                    {"keyword": k, "score": float(s)} for k, s in zip(kw["keyword"], kw["score"])
                ],
                "actors": [] if actors is None else [
                    {"actor": a, "type": t, "origin": o, "mentions": int(m)}
                    for a, t, o, m in zip(actors["actor"], actors["type"], actors["origin"], actors["mentions"])
                ],
                "mentions": _mention_list(each.get(row.id)),
                "quotes": _quote_list(quotes.get(row.id)),
                "sentiment": {
                    "mean": float(row.sentiment_mean),
                    "positive": float(row.positive),
                    "neutral": float(row.neutral),
                    "negative": float(row.negative),
                },
            }
        )
    return {"articles": articles, "errors": [{"path": e.path, "error": e.error} for e in analysis.errors]}


def _mention_list(mentions: pd.DataFrame | None) -> list[dict]:
    """Each mention of one article: actor, field (title or body), offsets into that field, surface,
    and the tone of its sentence toward the actor (-1..1)."""
    if mentions is None:
        return []
    columns = (mentions[c] for c in ("actor", "field", "start", "end", "surface", "tone"))
    return [
        {"actor": a, "field": f, "start": int(s), "end": int(e), "surface": t, "tone": round(float(tone), 4)}
        for a, f, s, e, t, tone in zip(*columns)
    ]


def _quote_list(quotes: pd.DataFrame | None) -> list[dict]:
    """Each quote of one article, in reading order, with offsets into the article's text."""
    if quotes is None:
        return []
    columns = (quotes[c] for c in ("kind", "start", "end", "text", "verb", "speaker", "speaker_actor", "about"))
    return [
        {"kind": kind, "start": int(start), "end": int(end), "text": text, "verb": _or_none(verb),
         "speaker": _or_none(speaker), "speaker_actor": _or_none(actor), "about": list(about)}
        for kind, start, end, text, verb, speaker, actor, about in zip(*columns)
    ]


def report_json(analysis: Analysis, article_texts: ArticleTexts | None = None) -> str:
    """:func:`build_report` (with the user's own columns) as JSON text; texts missing from the tables
    (an analysis loaded from a store without its texts) are filled in by ``article_texts(ids)``."""
    report = build_report(analysis)
    missing = [article["id"] for article in report["articles"] if not article["text"]]
    if missing and article_texts is not None:
        texts = article_texts(missing)
        for article in report["articles"]:
            article["text"] = article["text"] or texts.get(article["id"], "")
    return json.dumps(report, ensure_ascii=False, indent=1)


def format_summary(report: dict, *, keywords: int = 5, actors: int = 5) -> str:
    """A readable plain-text summary of a report, one block per article."""
    lines: list[str] = []
    for article in report["articles"]:
        sentiment = article["sentiment"]
        lines.append(f"{article['title']}")
        lines.append(
            f"  id {article['id']} | source {article['source'] or '-'} | published {article['published'] or '-'}"
            f" | {article['n_words']:,} words, {article['n_sentences']} sentences"
        )
        lines.append(
            f"  sentiment mean {sentiment['mean']:+.3f} "
            f"(positive {sentiment['positive']:.0%}, neutral {sentiment['neutral']:.0%}, "
            f"negative {sentiment['negative']:.0%})"
        )
        top_actors = ", ".join(f"{a['actor']} ({a['mentions']})" for a in article["actors"][:actors])
        lines.append(f"  actors: {top_actors or '-'}")
        top_keywords = ", ".join(k["keyword"] for k in article["keywords"][:keywords])
        lines.append(f"  keywords: {top_keywords or '-'}")
        if article["removed"]:
            lines.append(f"  removed by cleaning: {len(article['removed'])} lines")
        lines.append("")
    lines.append(f"{len(report['articles'])} article(s) analysed, {len(report['errors'])} error(s).")
    return "\n".join(lines)
