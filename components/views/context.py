"""Keyword in context: the sentences of the selection that hold the active actor, keyword or
pair, with the match placed in each, and the sentence texts a store's tables leave out."""

from __future__ import annotations

import re

import pandas as pd

from components.engine.analysis import ArticleTexts
from components.views.aggregate import (
    keyword_pattern,
    pair_sentence_keys,
    sentence_keys,
)
from components.views.viewstate import ViewState

CONTEXT_COLUMNS = ["article_id", "sentence", "text", "compound", "match_start", "match_end"]

_Spans = dict[tuple[str, int], list[tuple[int, int, str]]]


def _mention_spans(mentions: pd.DataFrame, actors: tuple[str, ...]) -> _Spans:
    """(article_id, sentence) -> [(start, end, surface)] of mentions of ``actors``, article offsets."""
    spans: dict[tuple[str, int], list[tuple[int, int, str]]] = {}
    rows = mentions.loc[mentions["actor"].isin(actors)]
    for article_id, sentence, start, end, surface in zip(
        rows["article_id"], rows["sentence"], rows["start"], rows["end"], rows["surface"]
    ):
        spans.setdefault((article_id, int(sentence)), []).append((int(start), int(end), str(surface)))
    return spans


def _span_in_sentence(text: str, offset: int, spans: list[tuple[int, int, str]]) -> tuple[int, int]:
    """The first mention span within the sentence text; falls back to finding the surface text."""
    for start, end, surface in sorted(spans):
        local = start - offset
        if 0 <= local and text[local : local + (end - start)] == surface:
            return local, local + (end - start)
    for _, _, surface in sorted(spans):
        found = text.find(surface)
        if found >= 0:
            return found, found + len(surface)
    return -1, -1


def keyword_in_context(
    sentences: pd.DataFrame,
    mentions: pd.DataFrame,
    state: ViewState,
    *,
    limit: int = 200,
    article_texts: ArticleTexts | None = None,
) -> pd.DataFrame:
    """The sentences (of the given, already filtered tables) that match the active selections.

    A sentence matches when it satisfies every active one: mentions ``state.actor`` (via
    ``mentions``), contains ``state.keyword`` (case-insensitive, whole word) and mentions both
    actors of ``state.pair``. Columns article_id, sentence, text, compound, match_start,
    match_end: the first match within the sentence text (the keyword's if one is selected,
    else the earliest actor mention), so ``text[match_start:match_end]`` is the highlighted
    span (-1, -1 when it cannot be placed). At most ``limit`` rows, in the input order. An
    empty frame with those columns when no actor, keyword or pair is selected.

    Sentences without their text (loaded from a store) are cut from their articles' texts,
    fetched with ``article_texts`` a hundred articles at a time until ``limit`` rows are found.
    """
    nothing_selected = state.actor is None and state.keyword is None and state.pair is None
    if nothing_selected or sentences.empty or limit <= 0:
        return pd.DataFrame(columns=CONTEXT_COLUMNS)
    keys = list(zip(sentences["article_id"], sentences["sentence"].astype(int)))
    keep = pd.Series(True, index=sentences.index)
    if state.actor is not None:
        with_actor = sentence_keys(mentions, state.actor)
        keep &= pd.Series([k in with_actor for k in keys], index=sentences.index)
    if state.pair is not None:
        both = pair_sentence_keys(mentions, state.pair)
        keep &= pd.Series([k in both for k in keys], index=sentences.index)
    pattern = keyword_pattern(state.keyword) if state.keyword is not None else None
    candidates = sentences.loc[keep]
    if pattern is not None:
        candidates = _sentences_matching(candidates, pattern, limit, article_texts)
    rows = fill_sentence_texts(candidates.head(limit), article_texts)
    highlighted = (state.actor,) if state.actor is not None else (state.pair or ())
    spans = _mention_spans(mentions, highlighted)
    starts, ends = [], []
    for article_id, sentence, offset, text in zip(
        rows["article_id"], rows["sentence"].astype(int), rows["start"], rows["text"].fillna("").astype(str)
    ):
        match = pattern.search(text) if pattern is not None else None
        if match is not None:
            span = match.span()
        else:
            span = _span_in_sentence(text, int(offset), spans.get((article_id, sentence), []))
        starts.append(span[0])
        ends.append(span[1])
    result = rows[["article_id", "sentence", "text", "compound"]].assign(match_start=starts, match_end=ends)
    result = result.astype({"sentence": int, "match_start": int, "match_end": int})
    return result[CONTEXT_COLUMNS].reset_index(drop=True)


def fill_sentence_texts(sentences: pd.DataFrame, article_texts: ArticleTexts | None) -> pd.DataFrame:
    """``sentences`` with each empty text cut from its article's text (``start``:``end``).

    ``article_texts(ids)`` returns the texts of those articles; None leaves the frame as it is.
    """
    empty = sentences["text"].fillna("") == ""
    if article_texts is None or not empty.any():
        return sentences
    missing = sentences.loc[empty]
    texts = article_texts(list(missing["article_id"].unique()))
    filled = sentences.copy()
    filled.loc[empty, "text"] = [
        texts.get(article_id, "")[int(start) : int(end)]
        for article_id, start, end in zip(missing["article_id"], missing["start"], missing["end"])
    ]
    return filled


def _sentences_matching(
    candidates: pd.DataFrame, pattern: re.Pattern[str], limit: int, article_texts: ArticleTexts | None
) -> pd.DataFrame:
    """The first rows of ``candidates`` (at least ``limit`` when there are so many) whose text matches."""
    ids = candidates["article_id"].unique()
    step = 100 if article_texts is not None else max(len(ids), 1)
    found, count = [], 0
    for first in range(0, len(ids), step):
        chunk = fill_sentence_texts(candidates.loc[candidates["article_id"].isin(ids[first : first + step])], article_texts)
        hits = chunk.loc[chunk["text"].fillna("").astype(str).map(lambda t: pattern.search(t) is not None).astype(bool)]
        found.append(hits)
        count += len(hits)
        if count >= limit:
            break
    return pd.concat(found) if found else candidates.iloc[:0]


def build_context_table(context: pd.DataFrame, titles: dict[str, str], *, width: int = 60) -> pd.DataFrame:
    """Keyword-in-context rows: left context, the match, right context (and the whole sentence)."""
    rows = []
    for item in context.itertuples(index=False):
        text, start, end = str(item.text), int(item.match_start), int(item.match_end)
        if start < 0:
            start = end = 0
        left = text[:start]
        rows.append(
            {
                "left": ("…" + left[-width:]) if len(left) > width else left,
                "match": text[start:end],
                "right": text[end : end + width] + ("…" if len(text) - end > width else ""),
                "sentiment": round(float(item.compound), 2),
                "article": titles.get(item.article_id, item.article_id),
                "#": int(item.sentence) + 1,
                "sentence": text,
            }
        )
    return pd.DataFrame(rows, columns=["left", "match", "right", "sentiment", "article", "#", "sentence"])
