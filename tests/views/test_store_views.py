"""A store's tables hold names, types and labels as categories (components.engine.store.querying):
every view worked out from them has the values it has from the same articles analysed in memory."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from components.engine.analysis import Analysis, analyze_corpus
from components.engine.store import AnalysisStore
from components.ingest.corpus import Corpus, load_corpus
from components.language.actors import load_actor_dictionary
from components.views import aggregate
from components.views.actors import actor_table
from components.views.context import build_context_table, keyword_in_context
from components.views.quotes import quote_table, quotes_by_speaker, quotes_of
from components.views.viewstate import ViewState

SAMPLE = Path(__file__).resolve().parents[1] / "engine" / "data" / "wikinews-sample.csv"


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> tuple[Analysis, Analysis]:
    """(in memory, from a store) of the seeds and 12 Wikinews articles: three sources, dates."""
    dictionary = load_actor_dictionary()
    corpus = Corpus(load_corpus().articles + load_corpus([SAMPLE]).articles)
    in_memory = analyze_corpus(corpus, dictionary)
    with AnalysisStore.open(tmp_path_factory.mktemp("store") / "store.duckdb") as store:
        store.ingest(corpus)
        stored = store.load_analysis(dictionary, article_ids=[a.id for a in corpus.articles], with_text=True)
    assert isinstance(stored.mentions["actor"].dtype, pd.CategoricalDtype)
    return in_memory, stored


def views(analysis: Analysis, state: ViewState) -> dict[str, pd.DataFrame]:
    a = analysis
    selected = aggregate.filter_tables(a.articles, a.sentences, a.mentions, a.keywords, state)
    overview = aggregate.filter_tables(a.articles, a.sentences, a.mentions, a.keywords, state, narrow_to_selection=False)
    top = list(a.mentions["actor"].astype(str).value_counts().index[:2])
    quotes = quotes_of(a.quotes, selected.articles["id"])
    context = keyword_in_context(selected.sentences, selected.mentions, state)
    find = aggregate.text_finder(a.articles)
    return {
        "actor table": actor_table(selected.mentions),
        "actor tone": aggregate.actor_sentiment(selected.mentions, selected.sentences),
        "pairs": aggregate.cooccurrence(overview.mentions, overview.sentences),
        "counts by type": aggregate.count_mentions(overview.mentions, overview.articles),
        "counts by source": aggregate.count_mentions(overview.mentions, overview.articles, by="source"),
        "sources": aggregate.compare_sources(overview.articles, overview.mentions, overview.sentences, top),
        "keywords": aggregate.top_keywords(selected.keywords),
        "attention": aggregate.attention_over_time(overview.articles, overview.mentions, state, find=find),
        "concordance": build_context_table(context, a.articles),
        "speakers": quotes_by_speaker(quotes),
        "quotes": quote_table(quotes, a.articles, selected.mentions),
        "mentions": selected.mentions,
    }


@pytest.mark.parametrize(
    "state",
    [
        ViewState(),
        ViewState(actor="Iran"),
        ViewState(actor="Vladimir Putin", period="month"),
        ViewState(pair=("Iran", "Russia")),
        ViewState(actors=("Iran", "United States"), actor_types=("country", "person")),
        ViewState(keyword="iraq"),
    ],
    ids=["overview", "actor", "person", "pair", "filters", "keyword"],
)
def test_a_stores_tables_give_every_view_the_same_values(both: tuple[Analysis, Analysis], state: ViewState) -> None:
    in_memory, stored = (views(a, state) for a in both)
    assert len(in_memory["actor table"]) > 5 and in_memory["counts by source"]["source"].nunique() > 1
    for name, expected in in_memory.items():
        got = stored[name]
        if name == "mentions":  # the rows are the same; the store's ids and names are categories
            got = got.assign(**{c: got[c].astype(expected[c].dtype) for c in got.columns})
        pd.testing.assert_frame_equal(
            got.reset_index(drop=True), expected.reset_index(drop=True), check_dtype=False, check_categorical=False,
            obj=name,
        )
