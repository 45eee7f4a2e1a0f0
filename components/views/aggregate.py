"""Narrow the tidy tables to the view state and aggregate them for the charts (pure pandas).

No function changes its inputs; :func:`filter_tables` hands them back as they are when
nothing narrows (frames are never mutated in place anywhere). Column lists of the
inputs are those of :mod:`components.engine.analysis` (``ARTICLE_COLUMNS``, ``SENTENCE_COLUMNS``,
``MENTION_COLUMNS``, ``KEYWORD_COLUMNS``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from components.engine.analysis import TextFinder, codes_of, name_ranks
from components.language.keywords import aggregate_keywords
from components.settings import get_setting
from components.views.viewstate import DEFAULT_SENTIMENT, ViewState, source_label

COUNT_BY_TYPE_COLUMNS = ["actor", "type", "mentions", "articles"]
COUNT_BY_SOURCE_COLUMNS = ["actor", "type", "source", "mentions"]
COOCCURRENCE_COLUMNS = ["actor_a", "actor_b", "sentences", "mean_tone", "ci_low", "ci_high", "mean_compound"]
ACTOR_SENTIMENT_COLUMNS = ["actor", "type", "sentences", "mean_tone", "ci_low", "ci_high", "mean_compound"]
"""``mean_tone``: the mean tone toward the actor (or the pair) as the ``actor_tone`` setting says,
over ``sentences`` sentences (its support), with ``ci_low``..``ci_high`` its 95% interval
(:func:`tone_interval`); ``mean_compound``: the mean VADER compound of the same sentences,
whatever the setting."""
TOP_KEYWORD_COLUMNS = ["keyword", "articles", "best_score", "mean_rank", "weight"]
SOURCE_COMPARISON_COLUMNS = [
    "source", "actor", "articles", "mentioning", "share", "sentences", "mean_tone", "ci_low", "ci_high",
]
ATTENTION_COLUMNS = ["date", "series", "articles", "mentions", "total", "share", "period"]
OVER_TIME_PERIODS = {"day": None, "week": "W-SUN", "month": "M", "year": "Y"}  # pandas periods, finest first


@dataclass(frozen=True)
class Filtered:
    """The current selection: all four tables narrowed consistently to the same articles."""

    articles: pd.DataFrame
    sentences: pd.DataFrame
    mentions: pd.DataFrame
    keywords: pd.DataFrame


def keyword_pattern(keyword: str, *, wildcard: bool = False) -> re.Pattern[str]:
    """A case-insensitive whole-word pattern for ``keyword`` (escaped; works for non-word edges too).

    Any run of whitespace matches a space, and a straight quote matches its typographic forms,
    since keywords are extracted from quote-folded text. With ``wildcard``, a trailing ``*``
    matches the rest of the last word ("sanction*": sanctions, sanctioned); nothing else a
    visitor types is ever a regular expression.
    """
    words = keyword.split() or [keyword]
    prefix = wildcard and len(words[-1]) > 1 and words[-1].endswith("*")
    if prefix:
        words[-1] = words[-1].rstrip("*")
    body = r"\s+".join(re.escape(word) for word in words).replace("'", "['‘’]").replace('"', '["“”]')
    return re.compile(r"(?<!\w)" + body + (r"\w*" if prefix else "") + r"(?!\w)", re.IGNORECASE)


def sentence_keys(mentions: pd.DataFrame, actor: str) -> set[tuple[str, int]]:
    rows = mentions.loc[mentions["actor"] == actor, ["article_id", "sentence"]]
    return set(zip(rows["article_id"], rows["sentence"].astype(int)))


def pair_sentence_keys(mentions: pd.DataFrame, pair: tuple[str, str]) -> set[tuple[str, int]]:
    """(article_id, sentence) of the sentences that mention both actors of ``pair`` (the headline,
    sentence -1, is no sentence of the text)."""
    both = sentence_keys(mentions, pair[0]) & sentence_keys(mentions, pair[1])
    return {key for key in both if key[1] >= 0}


def _articles_mentioning(mentions: pd.DataFrame, actors: tuple[str, ...]) -> np.ndarray:
    return np.asarray(mentions.loc[mentions["actor"].isin(actors), "article_id"].unique(), dtype=object)


def _isin(values: pd.Series | pd.Index, wanted: Iterable) -> np.ndarray:
    """``values.isin(wanted)`` as a boolean array, in one C pass whatever the number wanted
    (pandas converts each wanted string on its own: a second for 100,000 article ids)."""
    if values.dtype != "str":  # object columns (mixed, after a concat): pandas' own
        return np.asarray(values.isin(list(wanted)), dtype=bool)
    column = pa.array(values)  # the column's own Arrow strings, not copied
    if isinstance(wanted, (pd.Series, pd.Index, pd.api.extensions.ExtensionArray)) and wanted.dtype == "str":
        value_set = pa.array(wanted).cast(column.type)  # Arrow strings already (a column's unique ids)
    else:
        value_set = pa.array(np.asarray(list(wanted), dtype=object), type=column.type)
    found = pc.is_in(column, value_set=value_set)
    return np.asarray(found.fill_null(False), dtype=bool)


def rows_of_articles(article_ids: pd.Series, ids: Iterable[str]) -> np.ndarray:
    """``article_ids.isin(ids)`` as a boolean array. A categorical column (a store's tables) is
    looked up through its categories, once per category rather than once per row: millions of
    rows cost one array lookup each."""
    if isinstance(article_ids.dtype, pd.CategoricalDtype):
        wanted = np.append(_isin(article_ids.cat.categories, ids), False)  # code -1 (missing): the last, False
        return wanted[article_ids.cat.codes.to_numpy()]
    return _isin(article_ids, ids)


def text_finder(articles: pd.DataFrame) -> TextFinder:
    """A TextFinder over the ``text`` and ``title`` columns of an in-memory articles table."""

    def find(needle: str, whole_word: bool) -> set[str]:
        haystack = articles["title"].fillna("").astype(str) + "\n" + articles["text"].fillna("").astype(str)
        if whole_word:
            pattern = keyword_pattern(needle)
            hits = haystack.map(lambda t: pattern.search(t) is not None)
        else:
            folded = needle.casefold()
            hits = haystack.map(lambda t: folded in t.casefold())
        return set(articles.loc[hits.astype(bool), "id"])

    return find


def _source_labels(sources: pd.Series) -> pd.Series:
    """:func:`source_label` of each row, worked out once per distinct source (a corpus has few
    sources and many articles). Missing sources (None or NaN, mixed after a concat) are one."""
    codes, distinct = pd.factorize(sources.astype(object))
    labels = np.asarray([source_label(s) for s in distinct] + [source_label(None)], dtype=object)
    return pd.Series(labels[codes], index=sources.index)  # code -1 (missing) takes the last label


def _articles_with_keyword(keywords: pd.DataFrame, keyword: str, find: TextFinder) -> set[str]:
    codes, values = codes_of(keywords["keyword"])  # each spelling folded once
    same = np.append(np.asarray(pd.Index(values).astype(str).str.casefold() == keyword.casefold(), dtype=bool), False)
    ids = set(keywords.loc[same[codes], "article_id"])  # code -1 (missing): the last, False
    return ids | find(keyword, True)


def _article_mask(
    articles: pd.DataFrame,
    mentions: pd.DataFrame,
    keywords: pd.DataFrame,
    state: ViewState,
    narrow: bool,
    find: TextFinder,
) -> pd.Series:
    keep = pd.Series(True, index=articles.index)
    if state.sources:
        keep &= _source_labels(articles["source"]).isin(state.sources)
    if state.search:
        keep &= _isin(articles["id"], find(state.search, False))
    if state.sentiment != DEFAULT_SENTIMENT:
        low, high = state.sentiment
        keep &= articles["sentiment_mean"].between(low, high, inclusive="both").fillna(False).astype(bool)
    if state.dates is not None:
        published = articles["published"].astype("string")
        keep &= published.between(*state.dates, inclusive="both").fillna(False).astype(bool)
    if state.actors:
        keep &= _isin(articles["id"], _articles_mentioning(mentions, state.actors))
    if narrow and state.actor is not None:
        keep &= _isin(articles["id"], _articles_mentioning(mentions, (state.actor,)))
    if narrow and state.keyword is not None:
        keep &= _isin(articles["id"], _articles_with_keyword(keywords, state.keyword, find))
    if narrow and state.pair is not None:
        keep &= _isin(articles["id"], {article for article, _ in pair_sentence_keys(mentions, state.pair)})
    return keep


def filter_tables(
    articles: pd.DataFrame,
    sentences: pd.DataFrame,
    mentions: pd.DataFrame,
    keywords: pd.DataFrame,
    state: ViewState,
    *,
    narrow_to_selection: bool = True,
    find_text: TextFinder | None = None,
) -> Filtered:
    """Narrow the four tables to the articles that ``state`` keeps.

    Articles are kept when they match every active sidebar filter: ``sources`` (missing
    source = ``UNKNOWN_SOURCE``), ``search`` (case-insensitive substring of title or text),
    ``sentiment`` (``sentiment_mean`` in range, inclusive; articles without a mean are dropped
    once the range is narrowed), ``dates`` (published in the range, both days included; undated
    articles are dropped once a range is set) and ``actors`` (mentions any of them). With
    ``narrow_to_selection`` the chart selections narrow further: the selected ``actor``
    (articles mentioning it), ``keyword`` (articles listing it among their keywords, any case,
    or containing it as a whole word) and ``pair`` (articles with a sentence mentioning both).
    The selected article and sentence never narrow. Mentions are kept for kept articles and,
    when ``actor_types`` is set, those types only; sentences and keywords for kept articles.
    ``find_text`` answers the text searches (default: :func:`text_finder` over ``articles``;
    a store passes one that queries the database, so texts need not be in memory).
    """
    find = find_text or text_finder(articles)
    keep = _article_mask(articles, mentions, keywords, state, narrow_to_selection, find)
    if keep.all() and not state.actor_types:  # nothing narrows: the tables as they are, uncopied
        return Filtered(articles, sentences, mentions, keywords)
    kept_articles = articles.loc[keep].reset_index(drop=True)
    ids = kept_articles["id"].astype(str).unique()
    mention_keep = rows_of_articles(mentions["article_id"], ids)
    if state.actor_types:
        mention_keep &= mentions["type"].isin(state.actor_types).to_numpy()
    return Filtered(
        articles=kept_articles,
        sentences=sentences.loc[rows_of_articles(sentences["article_id"], ids)].reset_index(drop=True),
        mentions=mentions.loc[mention_keep].reset_index(drop=True),
        keywords=keywords.loc[rows_of_articles(keywords["article_id"], ids)].reset_index(drop=True),
    )


def at_a_glance(selection: Filtered) -> tuple[int, int, int, int, float, int]:
    """Articles, words, actors, mentions, mean sentiment and sources of ``selection``."""
    articles, mentions = selection.articles, selection.mentions
    mean = float(articles["sentiment_mean"].mean()) if len(articles) else 0.0
    sources = len({source_label(s) for s in articles["source"].unique()})
    return len(articles), int(articles["n_words"].sum()), mentions["actor"].nunique(), len(mentions), mean, sources


def count_mentions(mentions: pd.DataFrame, articles: pd.DataFrame, *, by: str = "type") -> pd.DataFrame:
    """Count mentions per actor.

    ``by="type"``: columns actor, type, mentions, articles (distinct articles), most mentioned
    first (ties: more articles, then name). ``by="source"``: columns actor, type, source,
    mentions, one row per actor and source (the source comes from ``articles``; missing =
    ``UNKNOWN_SOURCE``), actors in order of total mentions, sources by name, for stacked bars.
    Raises ValueError for another ``by``.
    """
    if by not in ("type", "source"):
        raise ValueError(f"by must be 'type' or 'source', not {by!r}")
    if mentions.empty:
        return pd.DataFrame(columns=COUNT_BY_TYPE_COLUMNS if by == "type" else COUNT_BY_SOURCE_COLUMNS)
    totals = (
        mentions.groupby(["actor", "type"], sort=False)
        .agg(mentions=("article_id", "size"), articles=("article_id", "nunique"))
        .reset_index()
        .sort_values(["mentions", "articles", "actor"], ascending=[False, False, True], kind="stable")
        .reset_index(drop=True)
    )
    totals["mentions"] = totals["mentions"].astype(int)
    totals["articles"] = totals["articles"].astype(int)
    if by == "type":
        return totals[COUNT_BY_TYPE_COLUMNS]
    sources = dict(zip(articles["id"], _source_labels(articles["source"])))
    with_source = mentions.assign(source=mentions["article_id"].map(lambda a: sources.get(a, source_label(None))))
    counts = with_source.groupby(["actor", "type", "source"]).size().rename("mentions").reset_index()
    order = {actor: i for i, actor in enumerate(totals["actor"])}
    counts = counts.assign(_order=np.asarray(counts["actor"].map(order), dtype=float))  # numbers, even from categories
    counts = counts.sort_values(["_order", "source"], kind="stable").drop(columns="_order")
    counts["mentions"] = counts["mentions"].astype(int)
    return counts[COUNT_BY_SOURCE_COLUMNS].reset_index(drop=True)


def sentence_codes(first: pd.DataFrame, second: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """An int64 key of each row's (article_id, sentence) in ``first`` and in ``second``, in one
    code space: equal keys, the same sentence."""
    if isinstance(first["article_id"].dtype, pd.CategoricalDtype) and first["article_id"].dtype == second["article_id"].dtype:
        left, right = codes_of(first["article_id"])[0], codes_of(second["article_id"])[0]
    else:
        both, _ = pd.factorize(pd.concat([first["article_id"].astype(object), second["article_id"].astype(object)]))
        left, right = both[: len(first)].astype(np.int64), both[len(first) :].astype(np.int64)
    left_sentence = first["sentence"].to_numpy().astype(np.int64)
    right_sentence = second["sentence"].to_numpy().astype(np.int64)
    lowest = min(left_sentence.min(initial=0), right_sentence.min(initial=0))
    span = max(left_sentence.max(initial=0), right_sentence.max(initial=0)) - lowest + 1
    return left * span + (left_sentence - lowest), right * span + (right_sentence - lowest)


def _with_compounds(rows: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """``rows`` (with article_id and sentence) and the ``compound`` of each one's sentence (NaN
    when ``sentences`` lacks it): a left join, looked up on integer keys."""
    wanted, listed = sentence_codes(rows, sentences)
    return _joined_compounds(rows, wanted, listed, sentences["compound"])


def _joined_compounds(rows: pd.DataFrame, wanted: np.ndarray, listed: np.ndarray, compounds: pd.Series) -> pd.DataFrame:
    """``rows`` and the ``compounds`` value whose key (``listed``) is each row's (``wanted``), NaN
    for none: a left join, so a sentence listed twice gives its rows twice."""
    compound = compounds.to_numpy().astype(float)
    if len(listed) and np.all(listed[1:] > listed[:-1]):  # sorted, each once (a store's): a binary search
        found = np.minimum(np.searchsorted(listed, wanted), len(listed) - 1)
        return rows.assign(compound=np.where(listed[found] == wanted, compound[found], np.nan))
    keys = pd.Index(listed)
    if not keys.is_unique:
        table = pd.DataFrame({"_key": listed, "compound": compound})
        return rows.assign(_key=wanted).merge(table, on="_key", how="left").drop(columns="_key")
    found = keys.get_indexer(wanted)
    return rows.assign(compound=np.where(found >= 0, compound[np.maximum(found, 0)], np.nan))


def tone_interval(mean: pd.Series, sd: pd.Series, n: pd.Series) -> tuple[pd.Series, pd.Series]:
    """The 95% interval of a mean tone from its sentences' standard deviation and count (normal
    approximation), within -1..1; one sentence tells nothing about the spread: the whole -1..1."""
    half = 1.96 * sd.fillna(0.0) / np.sqrt(n.clip(lower=1))
    one = n < 2
    low = (mean - half).clip(-1.0, 1.0).where(~one, -1.0)
    high = (mean + half).clip(-1.0, 1.0).where(~one, 1.0)
    return low, high


def _with_interval(result: pd.DataFrame) -> pd.DataFrame:
    low, high = tone_interval(result["mean_tone"], result["tone_sd"], result["sentences"])
    return result.drop(columns="tone_sd").assign(ci_low=low, ci_high=high)


def _tone_column(target: str) -> str:
    """The column that holds the tone toward an actor under the ``actor_tone`` setting: ``target``
    (the tone toward it) or the sentences' ``compound``."""
    return target if get_setting("actor_tone") == "target" else "compound"


def cooccurrence(mentions: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Pairs of distinct actors mentioned in the same sentence of the text (same article_id and
    sentence; headlines left out, as the concordance cannot list them).

    Columns actor_a, actor_b (actor_a < actor_b), sentences (shared sentences), mean_tone (the
    mean over those sentences of the tone toward the two actors) and mean_compound (mean VADER
    compound of those sentences); most shared first, then by names.

    Worked out on integer codes: each sentence's actors, in order of their names, pair with
    those after them, and pairs are counted by their codes (a join of all rows with all rows
    held half a gigabyte more at 100,000 articles).
    """
    in_text = (mentions["sentence"] >= 0).to_numpy()  # the headline is no sentence of the text
    actor, names = codes_of(mentions["actor"])
    in_text = in_text & (actor >= 0)
    if not in_text.any():
        return pd.DataFrame(columns=COOCCURRENCE_COLUMNS)
    width, by_name = len(names), name_ranks(names)
    rank, sentence, tone, listed, _ = _sentence_actors(mentions, sentences, in_text, by_name[actor[in_text]], width)
    first, second = _pairs_within(sentence)
    if len(first) == 0:
        return pd.DataFrame(columns=COOCCURRENCE_COLUMNS)
    joined = pd.DataFrame({"pair": rank[first] * width + rank[second], "pair_tone": (tone[first] + tone[second]) / 2})
    joined = _joined_compounds(joined, sentence[first], listed, sentences["compound"])
    group, pair_keys = pd.factorize(joined["pair"].to_numpy(), sort=True)  # few distinct pairs: hashed
    mean_tone, tone_sd = _group_mean_sd(group, joined[_tone_column("pair_tone")].to_numpy(), len(pair_keys))
    pairs = pd.DataFrame({
        "actor_a": _named(mentions["actor"], names, np.argsort(by_name)[pair_keys // width]),
        "actor_b": _named(mentions["actor"], names, np.argsort(by_name)[pair_keys % width]),
        "sentences": np.bincount(group, minlength=len(pair_keys)).astype(int),
        "mean_tone": mean_tone,
        "tone_sd": tone_sd,
        "mean_compound": _group_mean_sd(group, joined["compound"].to_numpy(), len(pair_keys))[0],
    })
    # Most shared first; ties stay in order of the names (the pairs' keys are).
    pairs = pairs.iloc[np.argsort(-pairs["sentences"].to_numpy(), kind="stable")].reset_index(drop=True)
    return _with_interval(pairs)[COOCCURRENCE_COLUMNS]


def _sorted_codes(keys: np.ndarray, *, first: bool = False):
    """(each key's code, the distinct keys in order): ``pd.factorize(keys, sort=True)`` by a
    stable sort, which is quick on keys that come in order or nearly (a table's sentences do),
    where hashing millions of distinct keys is not. ``first``: also the position of each
    distinct key's first row."""
    in_order = len(keys) < 2 or bool(np.all(keys[1:] >= keys[:-1]))
    order = np.arange(len(keys)) if in_order else np.argsort(keys, kind="stable")
    ordered = keys[order]
    new = np.ones(len(keys), dtype=bool)
    new[1:] = ordered[1:] != ordered[:-1]
    codes = np.empty(len(keys), dtype=np.int64)
    codes[order] = np.cumsum(new) - 1
    return (codes, ordered[new], order[new]) if first else (codes, ordered[new])


def _sentence_actors(
    mentions: pd.DataFrame, sentences: pd.DataFrame, rows: np.ndarray, actor_rank: np.ndarray, width: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """One row per actor per sentence, from the mentions ``rows`` (a mask) whose actors have the
    places ``actor_rank`` among ``width`` names (:func:`name_ranks`), in order of sentence then
    name: (the actor's place, the sentence's key, the mean tone toward the actor, the keys of
    ``sentences`` (:func:`sentence_codes`), the position among ``rows`` of its first mention)."""
    sentence, listed = sentence_codes(mentions.loc[rows, ["article_id", "sentence"]], sentences)
    dense, sentence_keys = _sorted_codes(sentence)
    row, per_sentence, first = _sorted_codes(dense * width + actor_rank, first=True)
    tone = _group_mean_sd(row, mentions["tone"].to_numpy(dtype=float)[rows], len(per_sentence))[0]
    return per_sentence % width, sentence_keys[per_sentence // width], tone, listed, first


def _named(column: pd.Series, names: pd.Index, codes: np.ndarray) -> pd.Series | pd.Categorical:
    """The ``names`` of ``codes`` (:func:`codes_of` of ``column``), of ``column``'s dtype."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        return pd.Categorical.from_codes(codes, dtype=column.dtype)
    return pd.Series(np.asarray(names, dtype=object)[codes], dtype=column.dtype)


def _group_mean_sd(group: np.ndarray, values: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Per group code 0..size-1 the mean and the standard deviation (ddof 1) of ``values``, as
    pandas groups them (missing values skipped; the same sums, to the last bit). A group of one
    row is its value, so only the others are grouped (most of an actor's sentences name it once)."""
    mean, sd = np.full(size, np.nan), np.full(size, np.nan)
    values = np.asarray(values, dtype=float)
    alone = np.bincount(group, minlength=size)[group] == 1
    mean[group[alone]] = values[alone]
    if not alone.all():
        stats = pd.Series(values[~alone]).groupby(group[~alone], sort=True).agg(["mean", "std"])
        mean[stats.index.to_numpy()] = stats["mean"].to_numpy()
        sd[stats.index.to_numpy()] = stats["std"].to_numpy()
    return mean, sd


def _pairs_within(groups: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(first, second): every pair of row positions i < j with the same value in ``groups``
    (sorted, so each group's rows are together)."""
    size = len(groups)
    if size < 2:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
    ends = np.r_[starts[1:], size]
    end_of_row = np.repeat(ends, ends - starts)
    later = end_of_row - np.arange(size) - 1  # rows after each one in its group
    first = np.repeat(np.arange(size), later)
    offsets = np.cumsum(later) - later
    second = first + 1 + (np.arange(len(first)) - np.repeat(offsets, later))
    return first, second


def actor_sentiment(mentions: pd.DataFrame, sentences: pd.DataFrame, *, per: tuple[str, ...] = ()) -> pd.DataFrame:
    """Per actor, the mean tone toward it over the distinct sentences mentioning it.

    Columns actor, type, sentences, mean_tone (the tone toward the actor, or the sentences' own
    VADER compound, as the ``actor_tone`` setting says), mean_compound (the sentences' VADER
    compound); sorted by mean_tone (most negative first), ties by name. ``per``: columns of
    ``mentions`` that hold one value per article (such as its source), to get one row per
    value and actor, those columns first.

    Worked out on integer codes, as :func:`cooccurrence`: a sentence's mentions of an actor are
    one row (the mean tone toward it; its type and ``per`` values those of its first mention),
    and those rows are counted per actor by their codes.
    """
    mentions = mentions.loc[mentions["sentence"] >= 0]  # the headline has no sentence score
    if mentions.empty:
        return pd.DataFrame(columns=ACTOR_SENTIMENT_COLUMNS)
    columns = [*per, "actor", "type"]
    coded = [codes_of(mentions[c]) for c in columns]
    known = np.logical_and.reduce([code >= 0 for code, _ in coded])  # as a grouping, missing keys left out
    if not known.any():
        return pd.DataFrame(columns=[*per, *ACTOR_SENTIMENT_COLUMNS])
    by_name = [name_ranks(names) for _, names in coded]
    ranks = [(places[code[known]], len(places)) for (code, _), places in zip(coded, by_name)]
    actor_rank, width = ranks[len(per)]
    _, sentence, tone, listed, first = _sentence_actors(mentions, sentences, known, actor_rank, width)
    group_key = np.zeros(len(sentence), dtype=np.int64)
    for rank, size in ranks:  # (per..., actor, type) in one key, in the order a grouping sorts them
        group_key = group_key * size + rank[first]
    rows = _joined_compounds(pd.DataFrame({"group": group_key, "tone": tone}), sentence, listed, sentences["compound"])
    group, keys = pd.factorize(rows["group"].to_numpy(), sort=True)  # few distinct actors: hashed
    count = len(keys)
    mean_tone, tone_sd = _group_mean_sd(group, rows[_tone_column("tone")].to_numpy(), count)
    named = {}
    for column, (_, names), places in reversed(list(zip(columns, coded, by_name))):
        keys, rank = np.divmod(keys, len(places))
        named[column] = _named(mentions[column], names, np.argsort(places)[rank])
    result = pd.DataFrame({
        **{column: named[column] for column in columns},
        "sentences": np.bincount(group, minlength=count).astype(int),
        "mean_tone": mean_tone,
        "tone_sd": tone_sd,
        "mean_compound": _group_mean_sd(group, rows["compound"].to_numpy(), count)[0],
    })
    result = result.sort_values(["mean_tone", "actor"], kind="stable").reset_index(drop=True)
    return _with_interval(result)[[*per, *ACTOR_SENTIMENT_COLUMNS]]


def compare_sources(
    articles: pd.DataFrame, mentions: pd.DataFrame, sentences: pd.DataFrame, actors: list[str]
) -> pd.DataFrame:
    """How each source covers each of ``actors``: one row per (source, actor).

    ``articles``: the source's articles; ``mentioning``: how many of them mention the actor;
    ``share``: mentioning / articles (so a large source does not outweigh a small one);
    ``mean_tone`` over the ``sentences`` of the source that mention the actor, with its 95%
    interval (as :func:`actor_sentiment`; NaN with no sentence). Sources by name (missing:
    :data:`UNKNOWN_SOURCE`), actors in the given order.
    """
    if articles.empty or not actors:
        return pd.DataFrame(columns=SOURCE_COMPARISON_COLUMNS)
    labels = pd.Series(_source_labels(articles["source"]).to_numpy(), index=articles["id"].astype(str).to_numpy())
    totals = labels.value_counts()
    chosen = mentions.loc[mentions["actor"].isin(actors).to_numpy()]
    chosen = chosen.loc[rows_of_articles(chosen["article_id"], labels.index)]
    chosen = chosen.assign(source=chosen["article_id"].astype(str).map(labels))
    mentioning = chosen.groupby(["source", "actor"], observed=True)["article_id"].nunique()
    # The tone needs only the sentences of the articles that mention the actors.
    sentences = sentences.loc[rows_of_articles(sentences["article_id"], chosen["article_id"].astype(str).unique())]
    tones = actor_sentiment(chosen, sentences, per=("source",)).set_index(["source", "actor"])
    rows = []
    for source in sorted(totals.index):
        for actor in actors:
            count = int(mentioning.get((source, actor), 0))
            tone = tones.loc[(source, actor)] if (source, actor) in tones.index else None
            rows.append({
                "source": source, "actor": actor, "articles": int(totals[source]), "mentioning": count,
                "share": count / int(totals[source]),
                "sentences": int(tone["sentences"]) if tone is not None else 0,
                "mean_tone": float(tone["mean_tone"]) if tone is not None else np.nan,
                "ci_low": float(tone["ci_low"]) if tone is not None else np.nan,
                "ci_high": float(tone["ci_high"]) if tone is not None else np.nan,
            })
    return pd.DataFrame(rows, columns=SOURCE_COMPARISON_COLUMNS)


def top_keywords(keywords: pd.DataFrame, *, top: int = 20) -> pd.DataFrame:
    """The ``top`` corpus-level keywords of a (filtered) keywords table; YAKE is not re-run.

    One aggregation for the CLI, the tests and the charts:
    :func:`components.language.keywords.aggregate_keywords` (case variants merged, weight = sum of 1/rank).
    """
    if keywords.empty or top <= 0:
        return pd.DataFrame(columns=TOP_KEYWORD_COLUMNS)
    return aggregate_keywords(keywords, top=top)[TOP_KEYWORD_COLUMNS]


def attention_over_time(
    articles: pd.DataFrame, mentions: pd.DataFrame, state: ViewState, *, find: TextFinder, max_points: int = 366
) -> pd.DataFrame:
    """Attention per published day, week or month: one series per selected actor, term or source.

    ``articles`` are the articles to count in (the sidebar's filters, without the ones that name
    what is tracked). The series: each actor of the actor filter and the selected actor; the
    selected keyword and the text search (articles holding it as a whole word); with neither,
    each filtered source; with none of these, "All articles". Per period and series: ``articles``
    (how many of its articles are in the series), ``mentions`` (the actor's mentions, or the
    articles for a term or source), ``total`` (all the period's articles) and ``share``
    (articles / total; NaN in a period without articles). ``state.period`` chooses the period;
    "auto" takes the finest that splits the span of dates into at most ``max_points`` periods.
    Every period of the span is present, with zeros where nothing was published. Undated
    articles are left out. Columns
    :data:`ATTENTION_COLUMNS`, oldest first, every period present in every series.
    """
    dates = pd.to_datetime(articles["published"], format="%Y-%m-%d", errors="coerce")
    dated = articles.assign(day=dates).loc[dates.notna(), ["id", "source", "day"]]
    if dated.empty:
        return pd.DataFrame(columns=ATTENTION_COLUMNS)
    period = state.period
    if period == "auto":
        for period, freq in OVER_TIME_PERIODS.items():
            if len(_span(dated["day"], freq)) <= max_points or period == "year":
                break
    freq = OVER_TIME_PERIODS[period]
    dated = dated.assign(date=_period_starts(dated["day"], freq).dt.strftime("%Y-%m-%d"))
    # Every period of the span, those without articles too: a line drops to zero there.
    totals = dated.groupby("date").size().reindex(_span(dated["day"], freq), fill_value=0)
    frames = []
    for name, ids, weights in _attention_series(dated, mentions, state, find):
        rows = dated.loc[_isin(dated["id"], ids)]
        # numbers even when no article of the series is dated (an empty map keeps the ids' string type)
        weight = np.asarray(rows["id"].map(weights), dtype=float) if weights is not None else np.ones(len(rows))
        counted = rows.assign(weight=np.where(np.isnan(weight), 1.0, weight))
        per_date = counted.groupby("date").agg(articles=("id", "size"), mentions=("weight", "sum"))
        per_date = per_date.reindex(totals.index, fill_value=0)
        frames.append(
            pd.DataFrame({
                "date": totals.index, "series": name, "articles": per_date["articles"].astype(int).to_numpy(),
                "mentions": per_date["mentions"].astype(int).to_numpy(), "total": totals.astype(int).to_numpy(),
            })
        )
    result = pd.concat(frames, ignore_index=True)
    share = (result["articles"] / result["total"].where(result["total"] > 0)).astype(float)  # no articles: no share
    return result.assign(share=share, period=period)[ATTENTION_COLUMNS]


def _period_starts(days: pd.Series, freq: str | None) -> pd.Series:
    return days if freq is None else days.dt.to_period(freq).dt.start_time


def _span(days: pd.Series, freq: str | None) -> list[str]:
    """The first day of every period from the first to the last of ``days``."""
    return list(pd.period_range(days.min(), days.max(), freq=freq or "D").start_time.strftime("%Y-%m-%d"))


def _attention_series(
    dated: pd.DataFrame, mentions: pd.DataFrame, state: ViewState, find: TextFinder
) -> list[tuple[str, set, pd.Series | None]]:
    """(name, article ids, mentions per article or None) of each series to draw."""
    ids = set(dated["id"])
    series = []
    for actor in dict.fromkeys([*state.actors, *([state.actor] if state.actor else [])]):
        of_actor = mentions.loc[(mentions["actor"] == actor).to_numpy(dtype=bool)]
        rows = of_actor.loc[rows_of_articles(of_actor["article_id"], ids)]
        per_article = rows.groupby("article_id", observed=True).size()
        series.append((actor, set(per_article.index), per_article))
    for term in dict.fromkeys(t for t in (state.keyword, state.search) if t):
        series.append((f"“{term}”", find(term, True) & ids, None))
    if not series:
        labels = _source_labels(dated["source"])
        for source in state.sources:
            series.append((source, set(dated.loc[labels == source, "id"]), None))
    return series or [("All articles", ids, None)]


