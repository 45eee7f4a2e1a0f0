"""The engine end to end on the real seeds: tidy tables with hand-checked values."""

import pandas as pd
import pytest
from conftest import SEED_IDS

from components import __version__
from components.engine import parallel, textanalysis
from components.engine.analysis import MENTION_COLUMNS, analyze_corpus, rematch_mentions
from components.engine.textanalysis import analyzer_version, count_words
from components.ingest.corpus import load_corpus
from components.language.actors import load_actor_dictionary, parse_actor_dictionary

SEED_000, SEED_002 = SEED_IDS["000"], SEED_IDS["002"]


@pytest.fixture(scope="module")
def analysis():
    return analyze_corpus(load_corpus(), load_actor_dictionary())


# Counted by hand in the cleaned texts: the raw counts (tests/language/test_actors.py) minus the
# mentions in the lines cleaning removes (repeated title lines, the "Source:" credit, the author
# promo); the headlines count too: "Khamenei asks Putin for more support against US escalation"
# and "Iran Makes Direct Plea to Putin After US, Israel Strikes".
@pytest.mark.parametrize(
    ("article_id", "actor", "body", "title"),
    [
        (SEED_002, "Vladimir Putin", 8, 1),
        (SEED_002, "Abbas Araqchi", 7, 0),
        (SEED_002, "United States", 9, 1),
        (SEED_002, "Newsweek", 2, 0),
        (SEED_002, "Avi Melamed", 3, 0),
        (SEED_002, "Ali Khamenei", 1, 0),
        (SEED_002, "Israel", 3, 1),
        (SEED_000, "Vladimir Putin", 19, 1),
        (SEED_000, "Ali Khamenei", 6, 1),
        (SEED_000, "Donald Trump", 7, 0),
        (SEED_000, "Saudi Arabia", 2, 0),
        (SEED_000, "United States", 49, 1),
    ],
)
def test_mention_counts_on_cleaned_seeds(analysis, article_id: str, actor: str, body: int, title: int) -> None:
    m = analysis.mentions
    rows = m.loc[(m["article_id"] == article_id) & (m["actor"] == actor)]
    assert (rows["field"] == "body").sum() == body
    assert (rows["field"] == "title").sum() == title
    assert (rows.loc[rows["field"] == "title", "sentence"] == -1).all()


def test_the_seed_dictionary_still_gives_every_actor_it_gave() -> None:
    """Every actor the seed dictionary found before discovery and headlines still comes out, from
    the dictionary, at least as often (counts of commit 3376de7, the last without discovery)."""
    before = {
        SEED_000: {"Ali Khamenei": 6, "China": 1, "Donald Trump": 7, "Iran": 72, "Israel": 9, "Russia": 50,
                   "Saudi Arabia": 2, "Syria": 1, "UN Security Council": 2, "Ukraine": 6, "United States": 49,
                   "Vladimir Putin": 19},
        SEED_002: {"Abbas Araqchi": 7, "Ali Khamenei": 1, "Avi Melamed": 3, "China": 3, "Gregg Roman": 1, "Iran": 25,
                   "Israel": 3, "Masoud Pezeshkian": 1, "Middle East Forum": 1, "Newsweek": 2, "Reuters": 2,
                   "Russia": 21, "Tass": 2, "Ukraine": 2, "United States": 9, "Vladimir Putin": 8},
    }
    result = analyze_corpus(load_corpus(), load_actor_dictionary(), workers=1)
    m = result.mentions
    for article_id, counts in before.items():
        found = m.loc[(m["article_id"] == article_id) & (m["origin"] == "dictionary")].groupby("actor").size()
        for actor, count in counts.items():
            assert found.get(actor, 0) >= count, (article_id, actor)


def test_araqchi_spellings_are_one_actor(analysis) -> None:
    surfaces = analysis.mentions.loc[analysis.mentions["actor"] == "Abbas Araqchi", "surface"]
    assert surfaces.value_counts().to_dict() == {
        "Araqchi": 4,
        "Iranian Foreign Minister Abbas Araqchi": 2,
        "Araghchi": 1,
    }


def test_every_mention_sits_inside_its_sentence_or_its_title(analysis) -> None:
    body = analysis.mentions.loc[analysis.mentions["field"] == "body"]
    joined = body.merge(analysis.sentences, on=["article_id", "sentence"], suffixes=("", "_sentence"))
    assert len(joined) == len(body)
    assert (joined["start"] >= joined["start_sentence"]).all()
    assert (joined["end"] <= joined["end_sentence"]).all()
    fields = {
        "body": dict(zip(analysis.articles["id"], analysis.articles["text"])),
        "title": dict(zip(analysis.articles["id"], analysis.articles["title"])),
    }
    assert all(fields[r.field][r.article_id][r.start : r.end] == r.surface for r in analysis.mentions.itertuples())
    assert set(analysis.mentions["field"]) == {"title", "body"}


def test_article_table_values(analysis) -> None:
    articles = analysis.articles.set_index("id")
    assert articles.loc[SEED_002, "n_sentences"] == 35
    assert articles.loc[SEED_000, "n_sentences"] == 113
    assert articles.loc[SEED_002, "n_words"] == count_words(articles.loc[SEED_002, "text"]) == 658
    # Article sentiment is the mean of sentence compounds, not one saturated score.
    for article_id in (SEED_000, SEED_002):
        compounds = analysis.sentences.loc[analysis.sentences["article_id"] == article_id, "compound"]
        assert articles.loc[article_id, "sentiment_mean"] == pytest.approx(compounds.mean())
        shares = articles.loc[article_id, ["positive", "neutral", "negative"]]
        assert shares.sum() == pytest.approx(1.0)
    assert articles.loc[SEED_000, "sentiment_mean"] == pytest.approx(0.099, abs=0.003)
    assert articles.loc[SEED_002, "sentiment_mean"] == pytest.approx(-0.106, abs=0.003)


def test_keywords_are_ranked_and_clean(analysis) -> None:
    for article_id, group in analysis.keywords.groupby("article_id"):
        assert list(group["rank"]) == list(range(1, len(group) + 1))
        assert group["score"].is_monotonic_increasing
        assert 10 <= len(group) <= 20
        lowered = {k.lower() for k in group["keyword"]}
        assert not lowered & {"post", "comment", "trinity audio", "audio player", "previous post"}
    seed_000 = set(analysis.keywords.loc[analysis.keywords["article_id"] == SEED_000, "keyword"])
    assert {"Middle East", "Iran", "Russia", "Vladimir Putin"} <= seed_000  # full names since issue 15
    assert not {"Middle", "East"} & seed_000


def test_rematch_changes_only_mentions(analysis, monkeypatch) -> None:
    monkeypatch.setenv("NEWSSCOPE_ACTOR_DISCOVERY", "false")  # the tiny dictionary's actors only
    tiny = parse_actor_dictionary(
        '[[actor]]\nname = "Tass"\ntype = "organization"\naliases = ["Tass"]\n', source="tiny.toml"
    )
    rematched = rematch_mentions(analysis, tiny)
    assert rematched.sentences is analysis.sentences and rematched.keywords is analysis.keywords
    assert list(rematched.mentions.columns) == MENTION_COLUMNS
    assert rematched.mentions["actor"].unique().tolist() == ["Tass"]
    assert len(rematched.mentions) == 2


@pytest.mark.parametrize(("text", "words"), [("Iran’s U.S.-backed talks", 3), ("", 0), ("3.5 percent — up | down", 4)])
def test_count_words(text: str, words: int) -> None:
    assert count_words(text) == words


def test_empty_corpus_gives_empty_tables() -> None:
    from components.ingest.corpus import Corpus

    result = analyze_corpus(Corpus(()), load_actor_dictionary())
    assert all(isinstance(t, pd.DataFrame) and t.empty for t in (result.articles, result.mentions))


def test_analyze_corpus_in_worker_processes_gives_the_same_tables(analysis, monkeypatch) -> None:
    monkeypatch.setattr(parallel, "POOL_MIN_CHARS", 0)  # the two seeds would stay in-process
    calls: list[tuple[int, int]] = []
    pooled = analyze_corpus(load_corpus(), load_actor_dictionary(), workers=2, progress=lambda d, t: calls.append((d, t)))
    for name in ("articles", "sentences", "mentions", "keywords"):
        pd.testing.assert_frame_equal(getattr(pooled, name), getattr(analysis, name), obj=name)
    assert calls[0] == (0, 2) and calls[-1] == (2, 2)


@pytest.mark.parametrize(
    ("variable", "value", "changes"),
    [
        ("NEWSSCOPE_YAKE_TOP", "30", True),
        ("NEWSSCOPE_YAKE_MAX_NGRAM", "2", True),
        ("NEWSSCOPE_YAKE_DEDUP_LIM", "0.9", True),
        ("NEWSSCOPE_YAKE_WINDOW", "2", True),
        ("NEWSSCOPE_YAKE_LANGUAGE", "pt", True),
        ("NEWSSCOPE_KEYWORD_BACKEND", "yake", True),
        ("NEWSSCOPE_YAKE_TOP", "20", False),  # the default, spelled out
        ("NEWSSCOPE_YAKE_DEDUP_LIM", "0.70", False),  # the same number
        ("NEWSSCOPE_SENTIMENT_THRESHOLD", "0.3", False),  # labels are computed when tables are built
        ("NEWSSCOPE_WORKERS", "3", False),
        ("NEWSSCOPE_MAX_FILE_BYTES", "1000", False),
    ],
)
def test_analyzer_version_follows_what_the_text_analysis_depends_on(
    monkeypatch, variable: str, value: str, changes: bool
) -> None:
    monkeypatch.delenv("NEWSSCOPE_KEYWORD_BACKEND", raising=False)
    default = analyzer_version()
    monkeypatch.setenv(variable, value)
    assert (analyzer_version() != default) is changes


def test_analyzer_version_names_the_package_and_schema(monkeypatch) -> None:
    version = analyzer_version()
    assert f"newsscope={__version__}" in version and f"schema={textanalysis.ANALYSIS_SCHEMA}" in version
    assert "yake_top=20" in version and "vaderSentiment=" in version
    monkeypatch.setattr(textanalysis, "ANALYSIS_SCHEMA", textanalysis.ANALYSIS_SCHEMA + 1)
    assert analyzer_version() != version
