"""Readers: every format, encodings, and every bad-input case named with a reason."""

import io
import json
import zipfile

import pytest

from components.ingest.readers import (
    LoadError,
    decode_text,
    normalize_date,
    read_csv,
    read_file,
    split_authors,
)

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"


def make_zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "text"),
    [
        ("Café “quoted” – ok".encode("utf-8"), "Café “quoted” – ok"),
        (b"\xef\xbb\xbf" + "BOM café".encode("utf-8"), "BOM café"),
        ("Café “quoted” – ok, naïve résumé".encode("cp1252"), "Café “quoted” – ok, naïve résumé"),
        ("UTF-16 café".encode("utf-16"), "UTF-16 café"),
    ],
)
def test_decode_bytes(data: bytes, text: str) -> None:
    assert decode_text(data).text == text


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\t \r\n", "file contains only whitespace"),
        ("image.txt", PNG, "binary file (not text)"),
        ("nul.txt", b"abc\x00\x01\x02\xff\xfe\x00def" * 10, "binary file (contains NUL bytes)"),
        ("notes.pdf", b"%PDF-1.4", "unsupported file type '.pdf'"),
        ("bad.zip", b"not a zip at all", "not a readable zip archive"),
        ("bad.json", b"{not json", "invalid JSON at line 1"),
        ("nocol.csv", b"headline,when\nA,2020-01-01\n", "no text column (expected one of: text, content, body; found: headline, when)"),
        ("page.html", b"<html><body><script>alert(1)</script></body></html>", "no article text found in the HTML"),
    ],
)
def test_bad_files_are_named_with_a_reason(name: str, data: bytes, reason: str) -> None:
    result = read_file(name, data)
    assert result.documents == []
    assert len(result.errors) == 1
    assert result.errors[0].path == name
    assert result.errors[0].error.startswith(reason)


def test_txt_reader_keeps_text_for_cleaning() -> None:
    result = read_file("story.txt", b"Headline\n\nBody text.")
    assert result.errors == []
    (doc,) = result.documents
    assert doc.text == "Headline\n\nBody text." and doc.is_plain_text and doc.title is None


def test_csv_reader_variants_and_bad_rows() -> None:
    data = (
        "Headline,Content,Outlet,Date,Link,Author\n"
        'First,"Line one.\nLine two, with comma.",Reuters,2025-06-23,https://e.x/1,Ann Lee and Bo Ng\n'
        ",,,,,\n"
        "Second,,AP,2025-06-24,,\n"
        "Third,Third text.,,23 June 2025,,\n"
    ).encode("utf-8")
    result = read_file("news.csv", data)
    assert [(e.path, e.error) for e in result.errors] == [("news.csv", "row 4: empty text")]
    first, third = result.documents
    assert first.title == "First"
    assert first.text == "Line one.\nLine two, with comma."
    assert first.source == "Reuters"
    assert first.published == "2025-06-23"
    assert first.url == "https://e.x/1"
    assert first.authors == ("Ann Lee", "Bo Ng")
    assert first.path == "news.csv#row 2"
    assert third.published == "2025-06-23" and third.source is None


def test_csv_extra_columns_and_many_rows() -> None:
    rows = "\n".join(f"T{i},Text number {i}.,x{i},extra" for i in range(10_000))
    result = read_file("big.csv", f"title,text,whatever,more\n{rows}\n".encode())
    assert len(result.documents) == 10_000 and result.errors == []
    assert result.documents[-1].text == "Text number 9999."


def test_csv_keeps_the_users_own_columns_in_order() -> None:
    data = (
        "doc_id,Title,tags,text,id,Source,source,notes\n"
        'A-17,First,"iran, russia",Body one.,42,Wire,Reuters,=cmd\n'
        "B-2,Second,,Body two.,43,,AP\n"  # a short row: no notes
    ).encode("utf-8")
    result = read_file("mine.csv", data)
    assert result.errors == []
    first, second = result.documents
    assert (first.title, first.source, first.text) == ("First", "Reuters", "Body one.")
    # Ours (title, text, source) are not repeated; a name of ours that was not read as ours is prefixed.
    assert first.extra == (
        ("doc_id", "A-17"), ("tags", "iran, russia"), ("user_id", "42"), ("user_Source", "Wire"), ("notes", "=cmd"),
    )
    assert second.extra == (("doc_id", "B-2"), ("tags", ""), ("user_id", "43"), ("user_Source", ""))


def test_a_renamed_column_never_takes_the_name_of_another() -> None:
    result = read_file("ids.csv", b"text,id,user_id, \nBody.,1,2,blank name\n")
    assert result.documents[0].extra == (("user_user_id", "1"), ("user_id", "2"))


def test_jsonl_keeps_the_users_own_fields_as_text() -> None:
    lines = [
        json.dumps({"doc_id": 7, "text": "Alpha.", "tags": ["iran", "oil"], "score": 1.5, "ok": True, "none": None,
                    "where": {"city": "Kyiv"}, "id": "x-1", "outlet": "Tass"}, ensure_ascii=False),
        json.dumps({"text": "Beta.", "url": "https://e.x/b", "path": "/mine"}),
    ]
    first, second = read_file("feed.jsonl", "\n".join(lines).encode()).documents
    assert first.source == "Tass"
    assert first.extra == (
        ("doc_id", "7"), ("tags", '["iran", "oil"]'), ("score", "1.5"), ("ok", "true"), ("none", ""),
        ("where", '{"city": "Kyiv"}'), ("user_id", "x-1"),
    )
    assert second.extra == (("user_path", "/mine"),) and second.url == "https://e.x/b"


def test_a_file_without_columns_of_its_own_has_no_extra() -> None:
    result = read_file("plain.csv", b"title,text,source,date,url\nA,Body.,X,2025-01-02,https://e.x\n")
    assert result.documents[0].extra == ()
    assert read_file("story.txt", b"Headline\n\nBody.").documents[0].extra == ()


def test_jsonl_reader_reports_bad_line_and_loads_the_rest() -> None:
    lines = [
        json.dumps({"title": "A", "body": "Alpha text.", "date": "2024-01-02", "outlet": "Tass"}),
        "{broken",
        "",
        json.dumps({"title": "B", "content": "Beta text."}),
        json.dumps(["not", "an", "object"]),
    ]
    result = read_file("feed.jsonl", "\n".join(lines).encode())
    assert [d.title for d in result.documents] == ["A", "B"]
    assert result.documents[0].source == "Tass" and result.documents[0].published == "2024-01-02"
    assert [e.error for e in result.errors] == [
        "line 2: invalid JSON (Expecting property name enclosed in double quotes)",
        "line 5: not a JSON object",
    ]


def test_json_reader_accepts_our_own_report() -> None:
    report = {"articles": [{"title": "A", "text": "Alpha.", "source": "X", "published": None}], "errors": []}
    result = read_file("report.json", json.dumps(report).encode())
    assert [(d.title, d.text, d.source) for d in result.documents] == [("A", "Alpha.", "X")]


def test_our_report_read_back_keeps_its_extra_and_drops_its_results() -> None:
    article = {
        "id": "0123456789abcdef", "title": "A", "source": "X", "published": None, "url": None, "path": "in.csv#row 2",
        "text": "Alpha.", "removed": [], "removed_reasons": [], "n_words": 1, "n_sentences": 1,
        "keywords": [{"keyword": "alpha", "score": 1.0}], "actors": [], "mentions": [], "quotes": [],
        "sentiment": {"mean": 0.0, "positive": 0.0, "neutral": 1.0, "negative": 0.0},
        "extra": {"doc_id": "A-17", "user_id": "42"},
    }
    (doc,) = read_file("report.json", json.dumps({"articles": [article], "errors": []}).encode()).documents
    assert doc.extra == (("doc_id", "A-17"), ("user_id", "42"))


def test_html_reader_extracts_text_and_metadata_without_scripts() -> None:
    html = (
        "<html><head><title>Big news</title><meta name='author' content='Jane Doe'>"
        "<meta property='og:site_name' content='The Daily'>"
        "<meta property='article:published_time' content='2025-06-23T10:00:00Z'></head>"
        "<body><nav>Home | About</nav><article><h1>Big news</h1>"
        "<p>The U.S. struck Iran on Saturday. <script>alert(1)</script> Officials confirmed it. "
        + "Talks continue in Moscow this week. " * 10
        + "</p><p>A <a href='javascript:alert(2)'>second</a> paragraph <img src=x onerror='alert(3)'>.</p>"
        "</article></body></html>"
    )
    result = read_file("page.html", html.encode())
    assert result.errors == []
    (doc,) = result.documents
    assert doc.title == "Big news"
    assert doc.source == "The Daily"
    assert doc.authors == ("Jane Doe",)
    assert doc.published == "2025-06-23"
    assert "The U.S. struck Iran on Saturday." in doc.text
    assert "alert" not in doc.text and "<script" not in doc.text and "javascript:" not in doc.text


def test_zip_reader_reads_members_names_skipped_and_bad_ones() -> None:
    inner = make_zip({"deep.txt": b"Deep title\nDeep text."})
    data = make_zip(
        {
            "a/one.txt": b"One title\nOne text.",
            "../../etc/x.txt": b"Traversal title\nIt is only a label.",
            "photo.png": PNG,
            "empty.md": b"",
            "inner.zip": inner,
            "__MACOSX/._one.txt": b"junk",
        }
    )
    result = read_file("bundle.zip", data)
    assert sorted(d.path for d in result.documents) == [
        "bundle.zip/../../etc/x.txt",
        "bundle.zip/a/one.txt",
        "bundle.zip/inner.zip/deep.txt",
    ]
    assert sorted((e.path, e.error) for e in result.errors) == [
        ("bundle.zip/empty.md", "empty file"),
        ("bundle.zip/photo.png", "skipped: unsupported file type '.png'"),
    ]


def test_zip_over_the_total_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from components.ingest import readers

    monkeypatch.setattr(readers, "get_setting", lambda name: {"max_zip_total_bytes": 1000}.get(name, 10**9))
    result = read_file("bomb.zip", make_zip({"big.txt": b"a " * 5000}))
    assert result.documents == []
    assert result.errors[0].error == "zip expands to 10,000 bytes, over the max_zip_total_bytes limit of 1,000"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-06-23", "2025-06-23"),
        ("June 23, 2025", "2025-06-23"),
        ("2025-06-23T22:10:00+03:00", "2025-06-23"),
        ("", None),
        ("not a date", None),
        (None, None),
    ],
)
def test_normalize_date(value: object, expected: str | None) -> None:
    assert normalize_date(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Brendan Cole and Barney Henderson", ("Brendan Cole", "Barney Henderson")),
        ("A; B", ("A", "B")),
        (["A", " ", "B"], ("A", "B")),
        (None, ()),
        ("", ()),
    ],
)
def test_split_authors(value: object, expected: tuple[str, ...]) -> None:
    assert split_authors(value) == expected


def test_csv_blank_lines_before_the_header_are_skipped_and_counted() -> None:
    result = read_csv("a.csv", "\n\ntitle,text\nHello,Body.\n,\nX,\n")
    assert [d.title for d in result.documents] == ["Hello"]
    assert result.errors == [LoadError("a.csv", "row 6: empty text")]  # the row a spreadsheet shows
