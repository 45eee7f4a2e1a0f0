"""Keyword in context: the sentences of the selection that hold the active actor, keyword or
pair, with the match placed in each, and the sentence texts a store's tables leave out."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from components.engine.analysis import ArticleTexts, TextFinder
from components.views.aggregate import keyword_pattern, rows_of_articles, sentence_codes
from components.views.viewstate import ViewState, date_label, source_label

CONTEXT_COLUMNS = ["article_id", "sentence", "text", "compound", "match_start", "match_end"]

SEARCH_FIRST = 1_000
"""Above this many articles to fetch texts from, the source's text search narrows them first."""

_Spans = dict[tuple[str, int], list[tuple[int, int, str]]]


def _mention_spans(mentions: pd.DataFrame, actors: tuple[str, ...], rows: pd.DataFrame) -> _Spans:
    """(article_id, sentence) -> [(start, end, surface)] of mentions of ``actors`` in the sentences
    of ``rows``, article offsets."""
    spans: dict[tuple[str, int], list[tuple[int, int, str]]] = {}
    of_actors = mentions.loc[mentions["actor"].isin(actors)]
    wanted, found = sentence_codes(rows, of_actors)
    of_actors = of_actors.loc[np.isin(found, wanted)]
    for article_id, sentence, start, end, surface in zip(
        of_actors["article_id"], of_actors["sentence"], of_actors["start"], of_actors["end"], of_actors["surface"]
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


def context_query(state: ViewState) -> str:
    """What the concordance finds as text: the typed ``find``, else the sidebar's search ("")."""
    return (state.find or state.search or "").strip()


def keyword_in_context(
    sentences: pd.DataFrame,
    mentions: pd.DataFrame,
    state: ViewState,
    *,
    limit: int = 2_000,
    article_texts: ArticleTexts | None = None,
    find_text: TextFinder | None = None,
) -> pd.DataFrame:
    """Every hit in the sentences (of the given, already filtered tables) of the active selections.

    A sentence counts when it satisfies every active one: mentions ``state.actor`` (via
    ``mentions``), contains ``state.keyword`` (case-insensitive, whole word), mentions both
    actors of ``state.pair``, and holds the typed text (:func:`context_query`: literal,
    case-insensitive, whole words, a trailing ``*`` for any ending). A hit is each match of the
    typed text, else of the keyword; with neither, the sentence's first mention of the actor (or
    of the pair). Columns article_id, sentence, text, compound, match_start, match_end, so
    ``text[match_start:match_end]`` is the hit (-1, -1 when it cannot be placed). At most
    ``limit`` hits, in reading order. An empty frame with those columns when nothing is selected.

    Sentences without their text (loaded from a store) are cut from their articles' texts,
    fetched with ``article_texts`` in batches (100 articles, then twice as many each time, up to
    3,200) until ``limit`` hits are found; with ``find_text`` and more than ``SEARCH_FIRST``
    articles, only those it finds holding the typed text's (and the keyword's) longest word.
    """
    query = context_query(state)
    nothing_selected = state.actor is None and state.keyword is None and state.pair is None and not query
    if nothing_selected or sentences.empty or limit <= 0:
        return pd.DataFrame(columns=CONTEXT_COLUMNS)
    # (article, sentence) pairs as integer keys, matched in one pass (not a Python loop per sentence).
    keys, mentioned = sentence_codes(sentences, mentions)
    keep = np.ones(len(sentences), dtype=bool)
    if state.actor is not None:
        keep &= np.isin(keys, mentioned[(mentions["actor"] == state.actor).to_numpy(dtype=bool)])
    if state.pair is not None:
        first, second = ((mentions["actor"] == name).to_numpy(dtype=bool) for name in state.pair)
        keep &= np.isin(keys, np.intersect1d(mentioned[first], mentioned[second]))  # the headline has no sentence row
    patterns = [keyword_pattern(state.keyword)] if state.keyword is not None else []
    if query:
        patterns.append(keyword_pattern(query, wildcard=True))
    candidates = sentences.loc[keep]
    if patterns and article_texts is not None and find_text is not None and candidates["article_id"].nunique() > SEARCH_FIRST:
        # many texts to fetch: only those of the articles that hold the words
        holding = _articles_holding([text for text in (state.keyword, query) if text], find_text)
        if holding is not None:
            candidates = candidates.loc[rows_of_articles(candidates["article_id"], holding)]
    if patterns:
        candidates = _sentences_matching(candidates, patterns, limit, article_texts)
    rows = fill_sentence_texts(candidates.head(limit), article_texts)
    highlighted = (state.actor,) if state.actor is not None else (state.pair or ())
    spans = _mention_spans(mentions, highlighted, rows)
    hits = []
    for article_id, sentence, offset, text, compound in zip(
        rows["article_id"], rows["sentence"].astype(int), rows["start"], rows["text"].fillna("").astype(str),
        rows["compound"],
    ):
        if patterns:
            found = [m.span() for m in patterns[-1].finditer(text)] or [(-1, -1)]
        else:
            found = [_span_in_sentence(text, int(offset), spans.get((article_id, sentence), []))]
        hits += [(article_id, sentence, text, compound, start, end) for start, end in found]
        if len(hits) >= limit:
            break
    result = pd.DataFrame(hits[:limit], columns=CONTEXT_COLUMNS)
    return result.astype({"sentence": int, "match_start": int, "match_end": int})


def _articles_holding(needles: list[str], find_text: TextFinder) -> set[str] | None:
    """Ids of the articles that hold, in any case, the longest plain (ASCII) word of each of
    ``needles``: every article where each needle's pattern can match, and few more (the store
    searches them without fetching a text). None when no needle has such a word."""
    ids: set[str] | None = None
    for needle in needles:
        words = [w for w in re.findall(r"\w+", needle) if w.isascii()]
        if words:
            found = find_text(max(words, key=len).lower(), False)
            ids = found if ids is None else ids & found
    return ids


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
    candidates: pd.DataFrame, patterns: list[re.Pattern[str]], limit: int, article_texts: ArticleTexts | None
) -> pd.DataFrame:
    """The first rows of ``candidates`` (at least ``limit`` when there are so many) whose text
    matches every one of ``patterns``."""
    ids = candidates["article_id"].unique()
    step = 100 if article_texts is not None else max(len(ids), 1)
    found, count, first = [], 0, 0
    while first < len(ids):
        chunk = fill_sentence_texts(candidates.loc[candidates["article_id"].isin(ids[first : first + step])], article_texts)
        texts = chunk["text"].fillna("").astype(str)
        hits = chunk.loc[texts.map(lambda t: all(p.search(t) for p in patterns)).astype(bool)]
        found.append(hits)
        count += len(hits)
        if count >= limit:
            break
        first, step = first + step, min(step * 2, 3_200)  # each fetch reads the store once: fewer, larger ones
    return pd.concat(found) if found else candidates.iloc[:0]


CONTEXT_TABLE_COLUMNS = ["left", "match", "right", "title", "source", "date", "#", "article_id", "sentence", "text"]
SORTS = {"order": None, "left": "left_word", "right": "right_word", "date": "date"}
"""How the concordance sorts: reading order, the word before the hit, the word after it, the date."""


def build_context_table(
    context: pd.DataFrame, articles: pd.DataFrame, *, width: int = 60, sort: str = "order"
) -> pd.DataFrame:
    """Concordance lines: about ``width`` characters of left context (right-aligned), the hit,
    the right context, and the article's title, source and date; sorted by ``sort`` (see
    :data:`SORTS`; ties keep reading order)."""
    meta = articles.loc[articles["id"].isin(set(context["article_id"])), ["id", "title", "source", "published"]]
    by_id = {i: (t, source_label(s), date_label(p)) for i, t, s, p in zip(meta["id"], meta["title"], meta["source"], meta["published"])}
    rows = []
    for item in context.itertuples(index=False):
        text, start, end = str(item.text), int(item.match_start), int(item.match_end)
        if start < 0:
            start = end = 0
        left, right = text[:start], text[end:]
        title, source, date = by_id.get(item.article_id, (item.article_id, source_label(None), date_label(None)))
        rows.append(
            {
                "left": ("…" + left[-width:]) if len(left) > width else left,
                "match": text[start:end],
                "right": right[:width] + ("…" if len(right) > width else ""),
                "title": title if isinstance(title, str) and title else item.article_id,
                "source": source,
                "date": date,
                "#": int(item.sentence) + 1,
                "article_id": item.article_id,
                "sentence": int(item.sentence),
                "text": text,
                "left_word": (left.split() or [""])[-1].strip(".,;:!?\"'“”‘’()").casefold(),
                "right_word": (right.split() or [""])[0].strip(".,;:!?\"'“”‘’()").casefold(),
            }
        )
    table = pd.DataFrame(rows, columns=[*CONTEXT_TABLE_COLUMNS, "left_word", "right_word"])
    if SORTS.get(sort):
        table = table.sort_values(SORTS[sort], kind="stable")
    return table[CONTEXT_TABLE_COLUMNS].reset_index(drop=True)
