"""The DuckDB analysis store: reuse, re-matching without YAKE/VADER, equality with the engine, bad files."""

import dataclasses
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from conftest import SEED_IDS

from components.engine import parallel, textanalysis
from components.engine.analysis import (
    ARTICLE_COLUMNS,
    KEYWORD_COLUMNS,
    MENTION_COLUMNS,
    SENTENCE_COLUMNS,
    analyze_corpus,
)
from components.engine.store import (
    STORE_SCHEMA,
    AnalysisStore,
    IngestReport,
    StoreError,
    dictionary_key,
)
from components.engine.store.schema import (
    decode_extra,
    decode_removed,
    encode_extra,
    encode_removed,
)
from components.ingest.corpus import Corpus, load_corpus, load_uploads
from components.language import keywords, sentiment
from components.language.actors import load_actor_dictionary, parse_actor_dictionary
from components.views.context import fill_sentence_texts

SEED_000, SEED_002 = SEED_IDS["000"], SEED_IDS["002"]
TASS = parse_actor_dictionary(
    '[[actor]]\nname = "Tass"\ntype = "organization"\naliases = ["Tass"]\n', source="tiny.toml"
)


@pytest.fixture(scope="module")
def seeds() -> Corpus:
    return load_corpus()


@pytest.fixture(scope="module")
def dictionary():
    return load_actor_dictionary()


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "store.duckdb"


@pytest.fixture
def store(store_path: Path) -> Iterator[AnalysisStore]:
    with AnalysisStore.open(store_path) as opened:
        yield opened


@pytest.fixture
def analysed_texts(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Record how many texts each call of parallel.analyze_texts gets (the store's only way to analyse)."""
    calls: list[int] = []
    real = parallel.analyze_texts

    def counting(texts, **options):
        calls.append(len(texts))
        return real(texts, **options)

    monkeypatch.setattr(parallel, "analyze_texts", counting)
    return calls


def forbid_text_analysis(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every way of running YAKE or VADER fail."""

    def forbidden(*args, **kwargs):
        raise AssertionError("YAKE or VADER was run again")

    for module, name in [
        (textanalysis, "analyze_text"), (textanalysis, "extract_keywords"), (textanalysis, "score_sentences"),
        (keywords, "extract_keywords"), (sentiment, "score_sentences"), (parallel, "analyze_texts"),
    ]:
        monkeypatch.setattr(module, name, forbidden)


def write_folder(folder: Path, texts: dict[str, str]) -> Path:
    folder.mkdir(exist_ok=True)
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


THREE_FILES = {
    "a.txt": "Moscow talks\nIran and Russia met in Moscow on Monday. The talks went well.",
    "b.txt": "Strikes\nIsrael struck targets in Iran. Tehran condemned the attack.",
    "c.txt": "Oil\nPrices rose sharply. Traders feared a wider war in the Middle East.",
}


# ---------------------------------------------------------------------- reuse


def test_second_ingest_and_reopen_analyse_nothing(
    store_path: Path, seeds: Corpus, analysed_texts: list[int]
) -> None:
    with AnalysisStore.open(store_path) as store:
        assert store.ingest(seeds) == IngestReport(analysed=2, reused=0, total=2)
        assert store.ingest(seeds) == IngestReport(analysed=0, reused=2, total=2)
    with AnalysisStore.open(store_path) as store:
        assert store.notes == []
        assert store.missing([SEED_000, SEED_002, "0123456789abcdef"]) == {"0123456789abcdef"}
        assert store.ingest(seeds) == IngestReport(analysed=0, reused=2, total=2)
    assert analysed_texts == [2]


def test_editing_one_file_analyses_only_that_file(tmp_path: Path, store: AnalysisStore, analysed_texts: list[int]) -> None:
    folder = write_folder(tmp_path / "articles", THREE_FILES)
    assert store.ingest(load_corpus([folder])) == IngestReport(analysed=3, reused=0, total=3)
    (folder / "b.txt").write_text("Strikes\nIsrael struck targets in Iran again on Tuesday.", encoding="utf-8")
    edited = load_corpus([folder])
    assert store.ingest(edited) == IngestReport(analysed=1, reused=2, total=3)
    assert analysed_texts == [3, 1]
    loaded = store.load_analysis(load_actor_dictionary(), article_ids=[a.id for a in edited.articles], with_text=True)
    assert list(loaded.articles["path"].map(lambda p: Path(p).name)) == ["a.txt", "b.txt", "c.txt"]
    assert "again on Tuesday" in loaded.articles["text"].iloc[1]
    # The text b.txt had before stays stored (it may come back), so the store holds four articles.
    assert len(store.article_ids()) == 4


def test_reused_articles_take_the_corpus_metadata(store: AnalysisStore, seeds: Corpus, dictionary) -> None:
    store.ingest(seeds)
    moved = Corpus(tuple(dataclasses.replace(a, source=None, path=f"moved/{i}.txt") for i, a in enumerate(seeds.articles)))
    assert store.ingest(moved).analysed == 0
    articles = store.load_analysis(dictionary).articles.set_index("id")
    assert set(articles["path"]) == {"moved/0.txt", "moved/1.txt"}
    assert articles["source"].isna().all()



def test_removed_lines_and_their_reasons_round_trip(store: AnalysisStore, seeds: Corpus, dictionary) -> None:
    store.ingest(seeds)
    articles = store.load_analysis(dictionary).articles.set_index("id")
    for article in seeds.articles:
        assert articles.loc[article.id, "removed"] == list(article.removed)
        assert articles.loc[article.id, "removed_reasons"] == list(article.removed_reasons)
    assert articles.loc[SEED_002, "removed_reasons"][:2] == ["audio_player", "separator"]


def test_removed_lines_stored_before_reasons_read_as_unknown(store: AnalysisStore, seeds: Corpus, dictionary) -> None:
    store.ingest(seeds)
    # A store written before reasons were kept holds a JSON list of the lines alone.
    store._db.execute("""UPDATE articles SET removed = '["Post a Comment", "Share this"]' WHERE id = ?""", [SEED_000])
    articles = store.load_analysis(dictionary).articles.set_index("id")
    assert articles.loc[SEED_000, "removed"] == ["Post a Comment", "Share this"]
    assert articles.loc[SEED_000, "removed_reasons"] == ["unknown", "unknown"]
    # Seeing the article again stores its reasons.
    store.ingest(seeds)
    articles = store.load_analysis(dictionary).articles.set_index("id")
    assert "unknown" not in articles.loc[SEED_000, "removed_reasons"]
    assert len(articles.loc[SEED_000, "removed_reasons"]) == len(articles.loc[SEED_000, "removed"])


@pytest.mark.parametrize(
    ("stored", "lines", "reasons"),
    [
        ('[{"line": "Image: Jo", "reason": "photo_credit"}]', ["Image: Jo"], ["photo_credit"]),
        ('["Post a Comment"]', ["Post a Comment"], ["unknown"]),
        ("[]", [], []),
        (None, [], []),
    ],
)
def test_decode_removed(stored: str | None, lines: list[str], reasons: list[str]) -> None:
    assert decode_removed(stored) == (lines, reasons)
    assert decode_removed(encode_removed(lines, reasons)) == (lines, reasons)


def test_a_new_title_analyses_the_article_again(
    tmp_path: Path, store: AnalysisStore, analysed_texts: list[int]
) -> None:
    # The keywords read the title (each title puts its own phrase first), and title mentions are
    # mentions: a stored article whose title changed is analysed and matched again.
    text = (
        "A fire broke out at a fuel depot near Odessa on Tuesday. Firefighters fought the blaze "
        "for hours. The storage tanks held diesel, officials said, and the port stayed open."
    )
    folder = write_folder(tmp_path / "articles", {"a.txt": f"Fire at fuel depot\n{text}", "b.txt": THREE_FILES["b.txt"]})
    first = load_corpus([folder])
    assert store.ingest(first) == IngestReport(analysed=2, reused=0, total=2)
    before = store.load_analysis(TASS).keywords
    renamed = Corpus(tuple(
        dataclasses.replace(a, title="Storage tanks on fire in Kyiv") if Path(a.path).name == "a.txt" else a
        for a in first.articles
    ))
    assert store.ingest(renamed) == IngestReport(analysed=1, reused=1, total=2)
    assert analysed_texts == [2, 1]
    dictionary = parse_actor_dictionary('[[actor]]\nname = "Kyiv"\ntype = "place"\n', source="kyiv.toml")
    loaded = store.load_analysis(dictionary, with_text=True)
    article = renamed.articles[[Path(a.path).name for a in renamed.articles].index("a.txt")]
    assert len(loaded.articles) == 2 and article.id in set(loaded.articles["id"])  # replaced, not added
    fresh = analyze_corpus(renamed, dictionary, workers=1)
    for name, columns in (("keywords", ["keyword", "score", "rank"]), ("sentences", ["start", "end", "compound"])):
        stored, expected = (
            table.loc[table["article_id"] == article.id, columns].astype(object).values.tolist()
            for table in (getattr(loaded, name), getattr(fresh, name))
        )
        assert stored == expected and stored, name  # as a fresh analysis under the new title
    def top_two(keywords: pd.DataFrame) -> list[str]:
        return keywords.loc[keywords["article_id"] == article.id].sort_values("rank")["keyword"].head(2).tolist()

    assert top_two(before) == ["Odessa", "fuel depot"]
    assert top_two(loaded.keywords) == ["Odessa", "storage tanks"]
    mentions = loaded.mentions[loaded.mentions["article_id"] == article.id]
    assert list(mentions.loc[mentions["field"] == "title", "actor"]) == ["Kyiv"]
    assert store.ingest(renamed) == IngestReport(analysed=0, reused=2, total=2)


def test_a_corpus_repeating_an_article_stores_it_once(store: AnalysisStore, seeds: Corpus) -> None:
    twice = Corpus(seeds.articles + seeds.articles[:1])
    assert store.ingest(twice) == IngestReport(analysed=2, reused=0, total=2)
    assert sorted(store.article_ids()) == sorted([SEED_000, SEED_002])


# ---------------------------------------------------------------------- same values as the engine


def test_loaded_tables_equal_analyze_corpus(store: AnalysisStore, seeds: Corpus, dictionary) -> None:
    expected = analyze_corpus(seeds, dictionary)
    store.ingest(seeds)
    loaded = store.load_analysis(dictionary, article_ids=[a.id for a in seeds.articles], with_text=True)
    for name, columns in [
        ("articles", ARTICLE_COLUMNS), ("sentences", SENTENCE_COLUMNS),
        ("mentions", MENTION_COLUMNS), ("keywords", KEYWORD_COLUMNS),
    ]:
        frame = getattr(loaded, name)
        assert list(frame.columns) == columns
        if name != "articles":  # article ids come as categories of the loaded articles' ids
            assert list(frame["article_id"].cat.categories) == [SEED_000, SEED_002]
        # ... and names, types, labels and keywords as categories of their sorted values
        categorical = [c for c in frame.columns if isinstance(frame[c].dtype, pd.CategoricalDtype)]
        assert categorical == {
            "articles": [], "sentences": ["article_id", "label"], "keywords": ["article_id", "keyword"],
            "mentions": ["article_id", "actor", "type", "affiliation", "origin", "field", "surface"],
        }[name]
        for column in categorical[1:]:
            assert list(frame[column].cat.categories) == sorted(frame[column].dropna().unique())
        frame = frame.assign(**{c: frame[c].astype(getattr(expected, name)[c].dtype) for c in categorical})
        pd.testing.assert_frame_equal(frame, getattr(expected, name), obj=name)
    # Hand-checked values (tests/test_analysis.py), read from the store.
    mentions = loaded.mentions.groupby(["article_id", "actor"]).size()
    assert mentions[(SEED_002, "Vladimir Putin")] == 8 + 1 and mentions[(SEED_000, "Vladimir Putin")] == 19 + 1  # + headlines
    assert mentions[(SEED_002, "Abbas Araqchi")] == 7
    for article_id in (SEED_000, SEED_002):
        assert list(loaded.keywords.loc[loaded.keywords["article_id"] == article_id, "keyword"]) == list(
            expected.keywords.loc[expected.keywords["article_id"] == article_id, "keyword"]
        )
    assert loaded.sentences["compound"].to_numpy() == pytest.approx(expected.sentences["compound"].to_numpy())
    articles = loaded.articles.set_index("id")
    assert articles.loc[SEED_002, "sentiment_mean"] == pytest.approx(-0.106, abs=0.003)
    assert articles.loc[SEED_000, "n_sentences"] == 113


def test_without_text_the_articles_carry_no_text(store: AnalysisStore, seeds: Corpus, dictionary) -> None:
    store.ingest(seeds)
    loaded = store.load_analysis(dictionary)
    assert list(loaded.articles["id"]) == [SEED_000, SEED_002]  # by path
    assert list(loaded.articles["text"]) == ["", ""]
    assert set(loaded.sentences["text"]) == {""}
    texts = {a.id: a.text for a in seeds.articles}
    # A sentence is its article's text[start:end]: the same text as a load with texts.
    full = store.load_analysis(dictionary, with_text=True)
    assert full.sentences["text"].str.len().gt(0).all()
    cut = fill_sentence_texts(loaded.sentences, store.article_texts)
    assert cut["text"].tolist() == full.sentences["text"].tolist()
    assert store.article_texts([SEED_002, "0123456789abcdef", SEED_002]) == {SEED_002: texts[SEED_002]}
    assert store.article_texts([]) == {}
    # Mentions still point into the stored text (or title).
    titles = {a.id: a.title for a in seeds.articles}
    assert all(
        (texts if m.field == "body" else titles)[m.article_id][m.start : m.end] == m.surface
        for m in loaded.mentions.itertuples()
    )


@pytest.mark.parametrize(
    ("article_ids", "expected"),
    [
        ([SEED_002, SEED_000], [SEED_002, SEED_000]),
        ([SEED_002, "0123456789abcdef"], [SEED_002]),
        ([], []),
    ],
)
def test_load_selected_articles_in_the_given_order(
    store: AnalysisStore, seeds: Corpus, dictionary, article_ids: list[str], expected: list[str]
) -> None:
    store.ingest(seeds)
    loaded = store.load_analysis(dictionary, article_ids=article_ids)
    assert list(loaded.articles["id"]) == expected
    for table in (loaded.sentences, loaded.mentions, loaded.keywords):
        assert list(dict.fromkeys(table["article_id"])) == expected
    assert list(loaded.mentions.columns) == MENTION_COLUMNS


# ---------------------------------------------------------------------- dictionary, settings, threshold


def test_new_dictionary_is_matched_over_stored_text_without_yake_or_vader(
    store: AnalysisStore, seeds: Corpus, dictionary, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.ingest(seeds)
    monkeypatch.setenv("NEWSSCOPE_ACTOR_DISCOVERY", "false")  # TASS's one actor only
    compounds = store.load_analysis(dictionary).sentences["compound"].tolist()
    forbid_text_analysis(monkeypatch)
    assert store.match_actors(TASS) == 2
    assert store.match_actors(TASS) == 0
    tass = store.load_analysis(TASS)
    assert tass.mentions["actor"].tolist() == ["Tass", "Tass"]
    assert set(tass.mentions["article_id"]) == {SEED_002}
    assert tass.sentences["compound"].tolist() == compounds
    # The first dictionary's mentions are still there, unchanged.
    assert store.match_actors(dictionary) == 0
    counts = store.load_analysis(dictionary).mentions.groupby(["article_id", "actor"]).size()
    assert counts[(SEED_000, "Donald Trump")] == 7


def test_match_actors_for_some_articles_only(store: AnalysisStore, seeds: Corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSSCOPE_ACTOR_DISCOVERY", "false")
    store.ingest(seeds)
    assert store.match_actors(TASS, article_ids=[SEED_000]) == 1
    assert store.match_actors(TASS, article_ids=[SEED_000]) == 0
    assert store.match_actors(TASS) == 1


def test_dictionary_key_is_16_hex_of_its_toml(dictionary) -> None:
    assert len(dictionary_key(dictionary)) == 16 and int(dictionary_key(dictionary), 16) >= 0
    assert dictionary_key(TASS) != dictionary_key(dictionary)
    assert dictionary_key(parse_actor_dictionary(TASS.to_toml(), source="other.toml")) == dictionary_key(TASS)


def test_other_keyword_settings_are_a_new_version(
    store: AnalysisStore, seeds: Corpus, dictionary, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.ingest(seeds)
    default_version = textanalysis.analyzer_version()
    monkeypatch.setenv("NEWSSCOPE_YAKE_TOP", "5")
    assert textanalysis.analyzer_version() != default_version and "yake_top=5" in textanalysis.analyzer_version()
    assert store.missing([SEED_000, SEED_002]) == {SEED_000, SEED_002}
    assert store.ingest(seeds).analysed == 2
    assert store.load_analysis(dictionary).keywords.groupby("article_id").size().tolist() == [5, 5]
    monkeypatch.delenv("NEWSSCOPE_YAKE_TOP")
    assert store.missing([SEED_000, SEED_002]) == set()  # the default version's rows were kept
    assert store.load_analysis(dictionary).keywords.groupby("article_id").size().max() == 20


def test_articles_of_an_older_analyzer_are_counted_and_updated_from_their_texts(
    store: AnalysisStore, seeds: Corpus, dictionary, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.ingest(seeds)
    assert store.outdated() == 0
    monkeypatch.setattr(textanalysis, "ANALYSIS_SCHEMA", textanalysis.ANALYSIS_SCHEMA + 1)  # a newer Newsscope
    assert store.outdated() == 2
    assert store.load_analysis(dictionary).articles.empty  # never an old analysis passed off as current
    seen: list[tuple[int, int]] = []
    report = store.update_outdated(workers=1, progress=lambda done, total: seen.append((done, total)))
    assert report == IngestReport(analysed=2, reused=0, total=2) and seen[-1] == (2, 2)
    assert store.outdated() == 0
    loaded = store.load_analysis(dictionary, with_text=True)
    expected = analyze_corpus(seeds, dictionary)
    assert loaded.articles[["id", "title", "source", "published", "path", "text", "n_sentences"]].equals(
        expected.articles[["id", "title", "source", "published", "path", "text", "n_sentences"]]
    )
    assert loaded.articles["removed"].tolist() == expected.articles["removed"].tolist()
    assert loaded.articles["removed_reasons"].tolist() == expected.articles["removed_reasons"].tolist()
    assert len(loaded.mentions) == len(expected.mentions)
    assert store.update_outdated().analysed == 0


def test_an_update_takes_the_newest_metadata(
    store: AnalysisStore, seeds: Corpus, dictionary, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.ingest(seeds)
    monkeypatch.setattr(textanalysis, "ANALYSIS_SCHEMA", textanalysis.ANALYSIS_SCHEMA + 1)
    renamed = Corpus(articles=tuple(
        dataclasses.replace(a, title="NEW " + a.title, path="new/" + a.path) for a in seeds.articles
    ))
    store.ingest(renamed)
    monkeypatch.setattr(textanalysis, "ANALYSIS_SCHEMA", textanalysis.ANALYSIS_SCHEMA + 1)
    assert store.update_outdated(workers=1).analysed == 2
    loaded = store.load_analysis(dictionary)
    assert all(title.startswith("NEW ") for title in loaded.articles["title"])
    assert all(path.startswith("new/") for path in loaded.articles["path"])


@pytest.mark.parametrize("threshold", [0.05, 0.5])
def test_labels_follow_the_threshold_at_load(
    store: AnalysisStore, seeds: Corpus, dictionary, monkeypatch: pytest.MonkeyPatch, threshold: float
) -> None:
    store.ingest(seeds)
    monkeypatch.setenv("NEWSSCOPE_SENTIMENT_THRESHOLD", str(threshold))
    assert store.missing([SEED_000, SEED_002]) == set()  # the threshold is not part of the version
    loaded = store.load_analysis(dictionary)
    expected = [sentiment.label_sentiment(c, threshold=threshold) for c in loaded.sentences["compound"]]
    assert loaded.sentences["label"].tolist() == expected
    for row in loaded.articles.itertuples():
        compounds = loaded.sentences.loc[loaded.sentences["article_id"] == row.id, "compound"].tolist()
        summary = sentiment.summarize_sentiment(compounds, threshold=threshold)
        assert (row.sentiment_mean, row.positive, row.neutral, row.negative) == (
            summary.mean, summary.positive, summary.neutral, summary.negative
        )
    monkeypatch.delenv("NEWSSCOPE_SENTIMENT_THRESHOLD")
    default = store.load_analysis(dictionary)
    wider = (loaded.articles["neutral"] > default.articles["neutral"]).all()
    assert wider if threshold > 0.05 else loaded.articles.equals(default.articles)


# ---------------------------------------------------------------------- files: new, damaged, old, busy


def test_new_store_has_tables_and_a_note(store_path: Path, seeds: Corpus) -> None:
    with AnalysisStore.open(store_path) as store:
        assert store.notes == [f"{store_path}: new store created"]
        assert store.article_ids() == []
        store.ingest(seeds)
        assert store.size_bytes() > 0
    assert store_path.is_file()


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"title,text\nNot,a database\n" * 20, "is not a DuckDB database"),
        (b"", "is an empty file"),
    ],
)
def test_a_file_that_is_not_a_store_is_moved_aside(store_path: Path, seeds: Corpus, content: bytes, reason: str) -> None:
    store_path.write_bytes(content)
    with AnalysisStore.open(store_path) as store:
        assert len(store.notes) == 1 and reason in store.notes[0] and "moved it to store.corrupt-" in store.notes[0]
        assert store.ingest(seeds).analysed == 2
    aside = list(store_path.parent.glob("store.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_bytes() == content


@pytest.mark.parametrize("keep", [0.1, 0.5, 0.95])
def test_a_truncated_store_is_moved_aside_and_rebuilt(store_path: Path, seeds: Corpus, dictionary, keep: float) -> None:
    with AnalysisStore.open(store_path) as store:
        store.ingest(seeds)
        store.load_analysis(dictionary)
    data = store_path.read_bytes()
    store_path.write_bytes(data[: int(len(data) * keep)])
    with AnalysisStore.open(store_path) as store:
        assert len(store.notes) == 1 and "moved it to store.corrupt-" in store.notes[0], store.notes
        assert store.article_ids() == []
        assert store.ingest(seeds).analysed == 2
        assert len(store.load_analysis(dictionary).mentions) == len(analyze_corpus(seeds, dictionary, workers=1).mentions)


@pytest.mark.parametrize(
    ("change", "note"),
    [
        ("UPDATE meta SET value = '0'", "store was from an older schema version 0; rebuilt"),
        ("DROP TABLE meta", "store was from an older schema version 0; rebuilt"),
    ],
)
def test_another_schema_version_is_rebuilt(store_path: Path, seeds: Corpus, change: str, note: str) -> None:
    with AnalysisStore.open(store_path) as store:
        store.ingest(seeds)
    with duckdb.connect(str(store_path)) as con:
        con.execute(change)
        con.execute("CREATE TABLE mine (x INTEGER)")  # not ours: left alone
    with AnalysisStore.open(store_path) as store:
        assert store.notes == [f"{store_path}: {note}"]
        assert store.article_ids() == []
        assert store.ingest(seeds).analysed == 2
    with duckdb.connect(str(store_path)) as con:
        assert con.execute("SELECT count(*) FROM mine").fetchone() == (0,)
        assert con.execute("SELECT value FROM meta").fetchall() == [(str(STORE_SCHEMA),)]


def test_a_store_from_a_newer_newsscope_is_refused_and_left_untouched(store_path: Path, seeds: Corpus) -> None:
    with AnalysisStore.open(store_path) as store:
        store.ingest(seeds)
    with duckdb.connect(str(store_path)) as con:
        con.execute(f"UPDATE meta SET value = '{STORE_SCHEMA + 1}'")
        con.execute("CREATE TABLE theirs (x INTEGER)")  # a table this version does not know
    before = store_path.read_bytes()
    with pytest.raises(StoreError, match=f"written by a newer Newsscope \\(store schema {STORE_SCHEMA + 1}"):
        AnalysisStore.open(store_path)
    assert store_path.read_bytes() == before
    assert list(store_path.parent.glob("store.corrupt-*")) == []


def test_a_store_of_schema_1_is_migrated_keeping_its_analyses(
    store_path: Path, seeds: Corpus, dictionary, monkeypatch: pytest.MonkeyPatch
) -> None:
    with AnalysisStore.open(store_path) as store:
        store.ingest(seeds)
        store.load_analysis(dictionary)
    with duckdb.connect(str(store_path)) as con:  # back to schema 1: mentions without origin, field, tone; no quotes
        con.execute("ALTER TABLE mentions DROP COLUMN origin")
        con.execute("ALTER TABLE mentions DROP COLUMN field")
        con.execute("ALTER TABLE mentions DROP COLUMN tone")
        con.execute("DROP TABLE quotes")
        con.execute("ALTER TABLE articles DROP COLUMN extra")
        con.execute("UPDATE meta SET value = '1'")
    forbid_text_analysis(monkeypatch)  # the migration keeps the analyses: no YAKE, no VADER
    with AnalysisStore.open(store_path) as store:
        assert store.notes == [f"{store_path}: store updated from schema version 1 to {STORE_SCHEMA}"]
        assert len(store.article_ids()) == 2
        loaded = store.load_analysis(dictionary)
        assert set(loaded.mentions["field"]) == {"title", "body"}
        assert loaded.mentions["tone"].between(-1, 1).all()
        assert set(loaded.quotes["article_id"]) == set(loaded.articles["id"])  # both seeds hold quotes


USER_CSV = (
    "doc_id,title,text,source,tags,id\n"
    "A-17,Moscow talks,Iran and Russia met in Moscow on Monday. The talks went well.,Tass,\"iran, russia\",=1+1\n"
    "B-2,Oil,Prices rose sharply. Traders feared a wider war in the Middle East.,AP,,43\n"
).encode("utf-8")
USER_EXTRA = [
    {"doc_id": "A-17", "tags": "iran, russia", "user_id": "=1+1"},
    {"doc_id": "B-2", "tags": "", "user_id": "43"},
]


def test_the_users_own_columns_round_trip(store: AnalysisStore, dictionary) -> None:
    corpus = load_uploads([("mine.csv", USER_CSV)])
    store.ingest(corpus)
    loaded = store.load_analysis(dictionary, article_ids=[a.id for a in corpus.articles], with_text=True)
    assert loaded.articles["extra"].tolist() == USER_EXTRA
    assert list(loaded.articles["extra"].iloc[0]) == ["doc_id", "tags", "user_id"]  # the file's order
    pd.testing.assert_frame_equal(loaded.articles, analyze_corpus(corpus, dictionary).articles)
    # Seen again with other values, the stored articles take them (no analysis runs).
    changed = Corpus(tuple(dataclasses.replace(a, extra=(("doc_id", "Z"),)) for a in corpus.articles))
    assert store.ingest(changed).analysed == 0
    assert store.load_analysis(dictionary).articles["extra"].tolist() == [{"doc_id": "Z"}] * 2


def test_a_store_of_schema_3_is_migrated_and_its_articles_get_their_columns_on_the_next_ingest(
    store_path: Path, dictionary, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = load_uploads([("mine.csv", USER_CSV)])
    with AnalysisStore.open(store_path) as store:
        store.ingest(corpus)
        store.load_analysis(dictionary)
    with duckdb.connect(str(store_path)) as con:  # back to schema 3: articles without the user's columns
        con.execute("ALTER TABLE articles DROP COLUMN extra")
        con.execute("UPDATE meta SET value = '3'")
    forbid_text_analysis(monkeypatch)  # the migration keeps the analyses: no YAKE, no VADER
    with AnalysisStore.open(store_path) as store:
        assert store.notes == [f"{store_path}: store updated from schema version 3 to {STORE_SCHEMA}"]
        loaded = store.load_analysis(dictionary)
        assert loaded.articles["extra"].tolist() == [{}, {}]
        assert len(loaded.mentions) > 0
        assert store.ingest(corpus) == IngestReport(analysed=0, reused=2, total=2)
        assert store.load_analysis(dictionary).articles["extra"].tolist() == USER_EXTRA


@pytest.mark.parametrize(
    ("stored", "extra"),
    [(None, {}), ("", {}), ('{"doc_id": "A-1", "tags": "x"}', {"doc_id": "A-1", "tags": "x"})],
)
def test_decode_extra(stored: str | None, extra: dict[str, str]) -> None:
    assert decode_extra(stored) == extra
    assert decode_extra(encode_extra(tuple(extra.items()))) == extra


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ("no-such-folder/store.duckdb", "does not exist"),
        ("a-file.txt/store.duckdb", "does not exist"),
        ("a-folder", "not a file"),
    ],
)
def test_a_path_that_cannot_hold_a_store_is_an_error(tmp_path: Path, where: str, message: str) -> None:
    (tmp_path / "a-file.txt").write_text("x", encoding="utf-8")
    (tmp_path / "a-folder").mkdir()
    with pytest.raises(StoreError, match=message):
        AnalysisStore.open(tmp_path / where)


def test_a_store_in_use_by_another_process_is_left_alone(store_path: Path, seeds: Corpus) -> None:
    with AnalysisStore.open(store_path) as store:
        store.ingest(seeds)
    before = store_path.read_bytes()
    holder = subprocess.Popen(
        [
            sys.executable, "-c",
            f"import duckdb, sys; c = duckdb.connect({str(store_path)!r}); print('ready', flush=True); sys.stdin.read()",
        ],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreError, match="in use by another process"):
            AnalysisStore.open(store_path)
    finally:
        holder.communicate(input="", timeout=30)
    assert store_path.read_bytes() == before
    assert list(store_path.parent.glob("store.corrupt-*")) == []


# ---------------------------------------------------------------------- read-only


def test_read_only_store_matches_in_memory_and_refuses_writes(
    store_path: Path, seeds: Corpus, dictionary, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSSCOPE_ACTOR_DISCOVERY", "false")
    with AnalysisStore.open(store_path) as store:
        store.ingest(seeds)
    with AnalysisStore.open(store_path, read_only=True) as store:
        assert store.notes == []
        assert store.load_analysis(TASS).mentions["actor"].tolist() == ["Tass", "Tass"]
        with pytest.raises(StoreError, match="read-only"):
            store.ingest(seeds)
        with pytest.raises(StoreError, match="read-only"):
            store.match_actors(TASS)
    with AnalysisStore.open(store_path) as store:
        assert store.match_actors(TASS) == 2  # nothing was written by the read-only store


def test_read_only_without_a_file_is_an_empty_store(store_path: Path, dictionary) -> None:
    with AnalysisStore.open(store_path, read_only=True) as store:
        assert store.notes == [f"{store_path}: no store there yet; nothing is analysed"]
        assert store.article_ids() == [] and store.size_bytes() == 0
        assert store.load_analysis(dictionary).articles.empty
    assert not store_path.exists()


def test_closed_store_says_so(store_path: Path) -> None:
    store = AnalysisStore.open(store_path)
    store.close()
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.article_ids()


@pytest.mark.parametrize(
    ("needle", "whole_word", "titles"),
    [
        ("araghchi", False, ["Iran Makes Direct Plea to Putin After US, Israel Strikes"]),
        ("Middle East", True, ["Iran Makes Direct Plea to Putin After US, Israel Strikes",
                               "Khamenei asks Putin for more support against US escalation"]),
        ("Iran's", True, ["Iran Makes Direct Plea to Putin After US, Israel Strikes",
                          "Khamenei asks Putin for more support against US escalation"]),
        ("Kremli", True, []),        # not a whole word
        ("Kremli", False, ["Khamenei asks Putin for more support against US escalation"]),
        ("escalation", False, ["Khamenei asks Putin for more support against US escalation"]),  # the title counts
    ],
)
def test_search_text_matches_the_in_memory_finder(tmp_path, needle: str, whole_word: bool, titles: list[str]) -> None:
    from components.ingest.corpus import load_corpus
    from components.views.aggregate import text_finder

    corpus = load_corpus()
    with AnalysisStore.open(tmp_path / "s.duckdb") as store:
        store.ingest(corpus, workers=1)
        found = store.search_text(needle, whole_word)
    by_id = {a.id: a.title for a in corpus.articles}
    assert sorted(by_id[i] for i in found) == sorted(titles)
    frame = pd.DataFrame({"id": [a.id for a in corpus.articles], "title": [a.title for a in corpus.articles],
                          "text": [a.text for a in corpus.articles]})
    assert text_finder(frame)(needle, whole_word) == found
