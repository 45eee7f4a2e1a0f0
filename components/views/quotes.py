"""Quotes for the views, the CLI and the downloads (pure pandas): who speaks, and what they said
about whom.

The rows are those of :data:`components.engine.analysis.QUOTE_COLUMNS`; these functions narrow
them to a selection, count them per speaker and lay them out with their articles' metadata.
"""

from __future__ import annotations

import pandas as pd

from components.views.aggregate import rows_of_articles
from components.views.viewstate import date_label, source_label

UNNAMED_SPEAKER = "(unnamed speaker)"
"""How a quote whose speaker resolves to no actor is shown ("an official said")."""

SPEAKER_COLUMNS = ["speaker", "quotes", "direct", "partial", "reported"]
QUOTE_TABLE_COLUMNS = [
    "article_id", "title", "source", "published", "url", "kind", "speaker_actor", "speaker", "verb",
    "text", "about", "about_tone", "start", "end", "sentence",
]


def quotes_of(quotes: pd.DataFrame, article_ids: pd.Series | list[str]) -> pd.DataFrame:
    """The quotes of these articles, in the given rows' order."""
    return quotes.loc[rows_of_articles(quotes["article_id"], article_ids)].reset_index(drop=True)


def split_by_actor(quotes: pd.DataFrame, actor: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(the quotes ``actor`` speaks, the quotes that mention ``actor`` and that it does not speak)."""
    spoken = quotes["speaker_actor"] == actor
    about = quotes["about"].map(lambda names: actor in names).astype(bool) & ~spoken
    return quotes.loc[spoken].reset_index(drop=True), quotes.loc[about].reset_index(drop=True)


def quotes_by_speaker(quotes: pd.DataFrame) -> pd.DataFrame:
    """Quotes per speaker actor: columns speaker, quotes and one column per kind; most quoted
    first (ties by name). Quotes with no resolved speaker are one row, :data:`UNNAMED_SPEAKER`."""
    if quotes.empty:
        return pd.DataFrame(columns=SPEAKER_COLUMNS)
    speakers = quotes["speaker_actor"].where(quotes["speaker_actor"].notna(), UNNAMED_SPEAKER)
    counts = pd.crosstab(speakers, quotes["kind"]).reindex(columns=["direct", "partial", "reported"], fill_value=0)
    counts = counts.assign(quotes=counts.sum(axis=1)).rename_axis("speaker").reset_index()
    counts = counts.sort_values(["quotes", "speaker"], ascending=[False, True], kind="stable")
    return counts[SPEAKER_COLUMNS].astype({c: int for c in SPEAKER_COLUMNS[1:]}).reset_index(drop=True)


def about_tones(quotes: pd.DataFrame, mentions: pd.DataFrame) -> list[str]:
    """For each quote, the tone toward each actor it mentions: "Iran: -0.42; Russia: +0.10", the
    mean tone of the actor's mentions inside the quote (``mentions``: rows of MENTION_COLUMNS)."""
    if quotes.empty:
        return []
    mentions = mentions.loc[rows_of_articles(mentions["article_id"], quotes["article_id"].astype(str).unique())]
    body = mentions.loc[mentions["field"] == "body", ["article_id", "actor", "start", "tone"]]
    body = body.assign(article_id=body["article_id"].astype(str))
    spans = quotes[["article_id", "start", "end"]].assign(article_id=quotes["article_id"].astype(str), row=range(len(quotes)))
    inside = spans.merge(body, on="article_id", suffixes=("_q", ""))
    inside = inside.loc[(inside["start"] >= inside["start_q"]) & (inside["start"] < inside["end"])]
    means = inside.groupby(["row", "actor"], sort=False)["tone"].mean()
    tones: list[dict[str, float]] = [{} for _ in range(len(quotes))]
    for (row, actor), tone in means.items():
        tones[row][actor] = tone
    return [
        "; ".join(f"{name}: {tones[row][name]:+.2f}" for name in names if name in tones[row])
        for row, names in enumerate(quotes["about"])
    ]


def quote_table(quotes: pd.DataFrame, articles: pd.DataFrame, mentions: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per quote with its article's title, source, date and URL (for lists and CSV);
    ``about`` joined with "; ", a missing speaker actor shown as :data:`UNNAMED_SPEAKER`, and
    ``about_tone`` the tone toward each actor it mentions (:func:`about_tones`; "" without ``mentions``)."""
    if quotes.empty:
        return pd.DataFrame(columns=QUOTE_TABLE_COLUMNS)
    tones = about_tones(quotes, mentions) if mentions is not None else [""] * len(quotes)
    meta = articles.loc[articles["id"].isin(set(quotes["article_id"])), ["id", "title", "source", "published", "url"]]
    meta = meta.assign(
        id=meta["id"].astype(str),
        source=meta["source"].map(source_label),
        published=meta["published"].map(date_label),
    )
    table = quotes.assign(article_id=quotes["article_id"].astype(str)).merge(
        meta, left_on="article_id", right_on="id", how="left", sort=False
    )
    table = table.assign(
        speaker_actor=table["speaker_actor"].where(table["speaker_actor"].notna(), UNNAMED_SPEAKER),
        about=table["about"].map(lambda names: "; ".join(names)),
        about_tone=tones,
    )
    return table[QUOTE_TABLE_COLUMNS].reset_index(drop=True)
