"""Corpus loading: bundled seeds with their manifest, folders, ids, duplicates, errors."""

from pathlib import Path

from conftest import SEEDS

from components.ingest.corpus import (
    article_id,
    load_corpus,
    load_uploads,
    merge_corpora,
)


def test_bundled_corpus_loads_both_seeds_with_manifest_metadata() -> None:
    corpus = load_corpus()
    assert corpus.errors == () and corpus.duplicates == ()
    by_title = {a.title: a for a in corpus.articles}
    assert sorted(by_title) == [
        "Iran Makes Direct Plea to Putin After US, Israel Strikes",
        "Khamenei asks Putin for more support against US escalation",
    ]
    newsweek = by_title["Iran Makes Direct Plea to Putin After US, Israel Strikes"]
    assert newsweek.source == "Newsweek"
    assert newsweek.authors == ("Brendan Cole", "Barney Henderson")
    assert newsweek.published is None and newsweek.url is None  # the text does not say
    assert newsweek.id == article_id(newsweek.text)
    assert len(newsweek.removed) == 8
    khamenei = by_title["Khamenei asks Putin for more support against US escalation"]
    assert khamenei.source is None
    assert khamenei.removed[-2:] == ("Post a Comment", "Previous Post Next Post")


def test_source_is_inferred_without_a_manifest(tmp_path: Path) -> None:
    (tmp_path / "copy.txt").write_bytes((SEEDS / "002_ccd4c79e6b5cab95.txt").read_bytes())
    (article,) = load_corpus([tmp_path]).articles
    assert article.source == "Newsweek"
    assert article.title == "Iran Makes Direct Plea to Putin After US, Israel Strikes"


def test_ids_are_stable_and_duplicates_load_once(tmp_path: Path) -> None:
    text = (SEEDS / "000_f16bc1375f36de9e.txt").read_text(encoding="utf-8")
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    # Same article in cp1252 with Windows line endings and trailing spaces: same cleaned text.
    (tmp_path / "b.txt").write_bytes(text.replace("\n", "  \r\n").encode("cp1252"))
    corpus = load_corpus([tmp_path])
    assert len(corpus.articles) == 1
    assert corpus.duplicates == ((str(tmp_path / "b.txt"), str(tmp_path / "a.txt")),)
    assert corpus.articles[0].id == load_corpus([tmp_path / "a.txt"]).articles[0].id


def test_bad_files_are_reported_and_good_ones_still_load(tmp_path: Path) -> None:
    (tmp_path / "good.md").write_text("# A title\n\nSome body text about Iran.", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "only-boilerplate.txt").write_text("Title\nPost a Comment\n", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("ignored", encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")  # folders skip unsupported types silently
    corpus = load_corpus([tmp_path, tmp_path / "missing.txt"])
    assert [(a.title, a.text) for a in corpus.articles] == [("A title", "Some body text about Iran.")]
    assert sorted((Path(e.path).name, e.error) for e in corpus.errors) == [
        ("empty.txt", "empty file"),
        ("missing.txt", "no such file or folder"),
        ("only-boilerplate.txt", "no article text left after cleaning"),
    ]


def test_bad_manifest_is_reported_not_fatal(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Title\nBody.", encoding="utf-8")
    (tmp_path / "manifest.toml").write_text("[[article]\nfile=", encoding="utf-8")
    corpus = load_corpus([tmp_path])
    assert len(corpus.articles) == 1
    assert corpus.errors[0].path.endswith("manifest.toml")
    assert corpus.errors[0].error.startswith("manifest ignored:")


def test_uploads_and_merge() -> None:
    uploads = load_uploads([("one.txt", b"One\nFirst body."), ("two.csv", b"title,text\nTwo,Second body.\n")])
    assert [a.title for a in uploads.articles] == ["One", "Two"]
    merged = merge_corpora(load_corpus(), uploads)
    assert len(merged.articles) == 4
    again = merge_corpora(merged, uploads)
    assert len(again.articles) == 4 and len(again.duplicates) == 2


def test_upload_budget_refuses_before_analysis(monkeypatch) -> None:
    from components.ingest.corpus import upload_budget_error

    corpus = load_uploads([("a.txt", b"Title\n" + b"word " * 2000), ("b.txt", b"Other\n" + b"text " * 100)])
    assert upload_budget_error(corpus) is None
    monkeypatch.setenv("NEWSSCOPE_MAX_UPLOAD_ARTICLES", "1")
    assert upload_budget_error(corpus) == (
        "Refused the upload before analysing it: 2 articles, 10,498 characters of text; one upload may hold"
        " at most 1 articles (setting max_upload_articles)."
    )
    monkeypatch.delenv("NEWSSCOPE_MAX_UPLOAD_ARTICLES")
    monkeypatch.setenv("NEWSSCOPE_MAX_SESSION_CHARS", "20000")
    message = upload_budget_error(corpus, session_articles=3, session_chars=15_000)
    assert message is not None and "with those analysed before in this session: 25,498 characters" in message
    assert "one session may hold at most 20,000 characters (setting max_session_chars)" in message
