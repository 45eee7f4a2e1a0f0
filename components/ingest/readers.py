"""Read article files into raw documents: .txt/.md, .html, .csv, .jsonl/.json and .zip.

Every reader takes a display name and the file's bytes and returns ``(documents, errors)``:
a bad file or row becomes a :class:`LoadError` naming the file and the reason, never an
exception, so the other files are still read. Encodings are detected (UTF-8, UTF-8/16 with
BOM, cp1252 and others via charset-normalizer) rather than assumed.

One module for all formats, though it is long: they share the decoding, the size limits and
the error records, and a zip member goes back through the same dispatch (:func:`read_file`).
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import PurePosixPath

import charset_normalizer

from components.settings import get_setting

TEXT_SUFFIXES = (".txt", ".md")
HTML_SUFFIXES = (".html", ".htm")
TABLE_SUFFIXES = (".csv", ".jsonl", ".json")
SUPPORTED_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + TABLE_SUFFIXES + (".zip",)

# Column names accepted for each field, first match wins (case-insensitive).
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "text": ("text", "content", "body", "article", "full_text", "fulltext", "story"),
    "title": ("title", "headline", "heading", "name"),
    "source": ("source", "outlet", "publisher", "site", "sitename", "media", "medium"),
    "published": ("published", "date", "published_at", "publish_date", "pubdate", "datetime", "time"),
    "url": ("url", "link", "href", "uri"),
    "authors": ("authors", "author", "byline", "writer"),
}

RESERVED_COLUMNS = ("id", "article_id", "title", "text", "source", "published", "url", "authors", "path")
"""Names of our own article fields. A user's column of one of these names (any case) that is not read
as that field (a CSV's ``id``, a second ``Source``) is kept as ``user_<name>`` (:data:`USER_PREFIX`)."""
USER_PREFIX = "user_"
# The keys of an article in our own JSON report (components.views.report.build_report) that are
# analysis results, not the user's columns: a report read back keeps its "extra" and drops these.
_REPORT_KEYS = frozenset(
    {"id", "path", "removed", "removed_reasons", "n_words", "n_sentences", "keywords", "actors", "mentions",
     "quotes", "sentiment", "extra"}
)
_REPORT_SIGNATURE = frozenset({"id", "n_words", "n_sentences", "sentiment"})

_BINARY_SIGNATURES = (
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",
    b"%PDF",
    b"PK\x03\x04",
    b"\x7fELF",
    b"\x1f\x8b",
    b"BM",
)


@dataclass(frozen=True)
class RawDocument:
    """One article as read from a file, before cleaning."""

    path: str
    text: str
    title: str | None = None
    source: str | None = None
    published: str | None = None
    url: str | None = None
    authors: tuple[str, ...] = ()
    is_plain_text: bool = False  # True when the title still has to be found in the text
    extra: tuple[tuple[str, str], ...] = ()
    """The user's own columns of a CSV/JSON(L) record that are none of our fields (a ``doc_id``,
    tags), as (name, value) pairs in the file's order; values as text (see :func:`read_user_columns`)."""


@dataclass(frozen=True)
class LoadError:
    """A file (or a row of one) that could not be read, or was read with damage, and why, in plain words."""

    path: str
    error: str


@dataclass
class ReadResult:
    documents: list[RawDocument] = field(default_factory=list)
    errors: list[LoadError] = field(default_factory=list)

    def extend(self, other: "ReadResult") -> None:
        self.documents.extend(other.documents)
        self.errors.extend(other.errors)


class DecodeError(ValueError):
    """The bytes are not text in any encoding we can detect."""


@dataclass(frozen=True)
class DecodedText:
    """Text decoded from bytes, and how many invalid byte sequences became U+FFFD in it."""

    text: str
    encoding: str
    replaced: int = 0


# One well-formed UTF-8 character of two to four bytes (RFC 3629, no surrogates or overlongs).
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),  # before UTF-16 LE, whose BOM it starts with
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def decode_text(data: bytes) -> DecodedText:
    """Decode file bytes to text: BOMs first, then UTF-8, then charset-normalizer's guess.

    A file that is UTF-8 apart from a few corrupt bytes (more well-formed multi-byte
    characters than invalid sequences) is read as UTF-8 with each invalid sequence shown
    as U+FFFD, rather than guessed as some code page that turns every accent into mojibake.
    UTF-16/32 without a BOM is recognised by charset-normalizer. Raises DecodeError for
    binary content (known binary signatures, NUL bytes outside UTF-16/32, or no plausible
    encoding).
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_replacing(data, encoding)
    if data.startswith(_BINARY_SIGNATURES):
        raise DecodeError("binary file (not text)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None and "\x00" not in text:
        return DecodedText(text, "utf-8")
    has_nul = b"\x00" in data
    if not has_nul:
        as_utf8 = _decode_replacing(data, "utf-8")
        if _count_utf8_characters(data) > as_utf8.replaced:
            return as_utf8
    matches = charset_normalizer.from_bytes(data[:200_000])
    best = matches.best()
    if has_nul:
        # Text has no NUL bytes, except as the zero half of UTF-16/32 code units.
        if best is not None and str(best.encoding).startswith(("utf_16", "utf_32")):
            return _decode_replacing(data, best.encoding)
        raise DecodeError("binary file (contains NUL bytes)")
    if best is None or best.encoding is None:
        raise DecodeError("not valid text in any known encoding")
    # Short texts often fit several code pages equally well; Western news is mostly cp1252.
    tied = {m.encoding for m in matches if (m.chaos, m.coherence) == (best.chaos, best.coherence)}
    return _decode_replacing(data, "cp1252" if "cp1252" in tied else best.encoding)


def _count_utf8_characters(data: bytes) -> int:
    """How many well-formed UTF-8 characters of two to four bytes ``data`` holds."""
    return sum(1 for _ in _UTF8_MULTIBYTE.finditer(data))


def _decode_replacing(data: bytes, encoding: str) -> DecodedText:
    """Decode with each invalid sequence as U+FFFD, counting those (not U+FFFDs in the file)."""
    text = data.decode(encoding, errors="replace")
    replaced = text.count("\ufffd")
    if replaced:
        replaced -= data.decode(encoding, errors="ignore").count("\ufffd")
    label = encoding.replace("_", "-").removesuffix("-sig")
    return DecodedText(text, label, replaced)


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def normalize_date(value: object) -> str | None:
    """Return ``YYYY-MM-DD`` for a date-like value, None when it is empty or unparseable."""
    if value is None:
        return None
    if isinstance(value, (date, datetime)):
        return value.strftime("%Y-%m-%d")
    text = str(value).strip()
    if not text:
        return None
    if _ISO_DAY.fullmatch(text):  # the common case, without pandas's format guessing (0.7 ms a value)
        try:
            return date.fromisoformat(text).strftime("%Y-%m-%d")
        except ValueError:
            return None  # "2024-02-30": no such day (pandas agrees)
    import pandas as pd  # deferred: pandas is heavy and only dates need it here

    try:
        parsed = pd.to_datetime(text, errors="coerce", utc=True, format="mixed")
    except (ValueError, TypeError, OverflowError):
        return None
    if pd.isna(parsed):
        return None
    return parsed.strftime("%Y-%m-%d")


def split_authors(value: object) -> tuple[str, ...]:
    """Split an author field ("A and B", "A; B", "A, B" or a list) into names."""
    if value is None:
        return ()
    if isinstance(value, (list, tuple)):
        return tuple(str(v).strip() for v in value if str(v).strip())
    text = str(value).strip()
    for separator in (";", " and ", "|", ","):
        text = text.replace(separator, "\x1f")
    return tuple(part.strip() for part in text.split("\x1f") if part.strip())


def oversize_error(name: str, size: int) -> LoadError | None:
    """The error for a file of ``size`` bytes over the max_file_bytes setting, or None."""
    max_bytes = int(get_setting("max_file_bytes"))
    if size <= max_bytes:
        return None
    return LoadError(name, f"file is {size:,} bytes, over the max_file_bytes limit of {max_bytes:,}")


def read_file(name: str, data: bytes) -> ReadResult:
    """Read one file's bytes according to its suffix; never raises for bad content."""
    suffix = PurePosixPath(name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        supported = ", ".join(SUPPORTED_SUFFIXES)
        return _failed(name, f"unsupported file type '{suffix or name}' (supported: {supported})")
    if too_large := oversize_error(name, len(data)):
        return ReadResult(errors=[too_large])
    if not data:
        return _failed(name, "empty file")
    if suffix == ".zip":
        return read_zip(name, data)
    try:
        decoded = decode_text(data)
    except DecodeError as exc:
        return _failed(name, str(exc))
    text = decoded.text
    if not text.strip():
        return _failed(name, "file contains only whitespace")
    if suffix in TEXT_SUFFIXES:
        result = ReadResult([RawDocument(path=name, text=text, is_plain_text=True)])
    elif suffix in HTML_SUFFIXES:
        result = read_html(name, text)
    elif suffix == ".csv":
        result = read_csv(name, text)
    else:
        result = read_json_records(name, text)
    if decoded.replaced and result.documents:
        # Read, but say so: the user should know some characters show as U+FFFD.
        plural = "" if decoded.replaced == 1 else "s"
        result.errors.insert(
            0,
            LoadError(
                name,
                f"read with {decoded.replaced:,} invalid {decoded.encoding.upper()} byte sequence{plural}"
                " shown as \ufffd (the file is damaged or mixes encodings)",
            ),
        )
    return result


def read_html(name: str, html: str) -> ReadResult:
    """Extract the main text and metadata of an HTML page with trafilatura."""
    import trafilatura  # deferred: slow import, only needed for HTML

    try:
        doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    except Exception as exc:  # trafilatura raises many kinds on broken markup
        return _failed(name, f"could not parse HTML ({type(exc).__name__})")
    if doc is None or not (doc.text or "").strip():
        return _failed(name, "no article text found in the HTML")
    return ReadResult(
        [
            RawDocument(
                path=name,
                text=doc.text,
                title=(doc.title or "").strip() or None,
                source=(doc.sitename or doc.hostname or "").strip() or None,
                published=normalize_date(doc.date),
                url=doc.url or None,
                authors=split_authors(doc.author),
            )
        ]
    )


def _pick_columns(columns: list[str]) -> dict[str, str]:
    lowered = {c.strip().lower(): c for c in columns if c is not None}
    picked: dict[str, str] = {}
    for field_name, aliases in COLUMN_ALIASES.items():
        for alias in aliases:
            if alias in lowered:
                picked[field_name] = lowered[alias]
                break
    return picked


def _document_from_record(name: str, record: dict, columns: dict[str, str], where: str) -> RawDocument | LoadError:
    text = record.get(columns["text"])
    if text is None or not str(text).strip():
        return LoadError(name, f"{where}: empty text")
    def value(key: str) -> str | None:
        raw = record.get(columns[key]) if key in columns else None
        return str(raw).strip() or None if raw is not None else None
    used = set(columns.values())
    own: dict[str, str] = {}
    if _REPORT_SIGNATURE <= record.keys():  # an article of our own report, read back
        used |= _REPORT_KEYS
        if isinstance(record.get("extra"), dict):
            own = {str(k): cell_text(v) for k, v in record["extra"].items()}
    extra = tuple((own | {k: v for k, v in read_user_columns(record, used=used) if k not in own}).items())
    return RawDocument(
        path=f"{name}#{where}",
        text=str(text),
        title=value("title"),
        source=value("source"),
        published=normalize_date(value("published")),
        url=value("url"),
        authors=split_authors(record.get(columns["authors"])) if "authors" in columns else (),
        is_plain_text=value("title") is None,
        extra=extra,
    )


def read_user_columns(record: dict, *, used: set[str]) -> tuple[tuple[str, str], ...]:
    """The columns of ``record`` not in ``used`` (those read as our fields), as (name, text) pairs in
    the record's order. Names are stripped and a blank name is dropped; a name of
    :data:`RESERVED_COLUMNS` (any case) becomes ``user_<name>`` (prefixed again while another column
    has that name). Values as :func:`cell_text` gives them."""
    names = [(key, str(key).strip()) for key in record if key not in used and str(key).strip()]
    taken = {name.lower() for _, name in names} | set(RESERVED_COLUMNS)
    kept: dict[str, str] = {}
    for key, name in names:
        if name.lower() in RESERVED_COLUMNS:
            while name.lower() in taken:
                name = USER_PREFIX + name
            taken.add(name.lower())
        kept.setdefault(name, cell_text(record[key]))
    return tuple(kept.items())


def cell_text(value: object) -> str:
    """A user's cell as text: strings stripped, missing as "", true/false, numbers and JSON lists or
    objects as JSON (``["a", "b"]``)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value, ensure_ascii=False)


def _missing_text_column(name: str, columns: list[str]) -> ReadResult:
    expected = ", ".join(COLUMN_ALIASES["text"][:3])
    found = ", ".join(str(c) for c in columns) or "none"
    return _failed(name, f"no text column (expected one of: {expected}; found: {found})")


def read_csv(name: str, text: str) -> ReadResult:
    """Read a CSV with a header row; one article per row, bad rows reported by number.

    Row numbers are the ones a spreadsheet shows: the header is row 1 (after any blank lines,
    which count), a row with quoted newlines counts once, and blank lines count too (they are
    skipped, not articles).
    """
    csv.field_size_limit(int(get_setting("max_file_bytes")))
    rows = csv.reader(io.StringIO(text, newline=""))
    header: list[str] = []
    header_row = 0
    try:
        for header_row, header in enumerate(rows, start=1):
            if any(value.strip() for value in header):
                break  # blank lines before the header are skipped
    except csv.Error as exc:
        return _failed(name, f"malformed CSV in the header row ({exc})")
    columns = _pick_columns(header)
    if "text" not in columns:
        return _missing_text_column(name, header)
    result = ReadResult()
    row_number = header_row
    try:
        for row_number, values in enumerate(rows, start=header_row + 1):
            if not any(value.strip() for value in values):
                continue  # a blank line between rows is not an article
            item = _document_from_record(name, dict(zip(header, values)), columns, f"row {row_number}")
            _collect(result, item)
    except csv.Error as exc:
        reason = f"malformed CSV at row {row_number + 1} ({exc}); the rows after it were not read"
        result.errors.append(LoadError(name, reason))
    if not result.documents and not result.errors:
        return _failed(name, "CSV has a header but no rows")
    return result


def read_json_records(name: str, text: str) -> ReadResult:
    """Read JSON Lines (one object a line) or a JSON array / {"articles": [...]} document."""
    result = ReadResult()
    numbered: list[tuple[str, object]] = []
    if name.lower().endswith(".json") or text.lstrip().startswith("["):
        try:
            payload = json.loads(text)
        except json.JSONDecodeError as exc:
            return _failed(name, f"invalid JSON at line {exc.lineno}: {exc.msg}")
        except RecursionError:
            return _failed(name, "invalid JSON: nested too deeply")
        records = payload.get("articles", [payload]) if isinstance(payload, dict) else payload
        if not isinstance(records, list):
            return _failed(name, "JSON must be an array of articles or an object with an 'articles' array")
        numbered = [(f"item {i}", r) for i, r in enumerate(records, start=1)]
    else:
        # Split at "\n" only, as JSON Lines does: str.splitlines() would also cut at U+2028,
        # U+0085 and others, which JSON strings may hold unescaped.
        for line_number, line in enumerate(text.split("\n"), start=1):
            if not line.strip():
                continue
            try:
                numbered.append((f"line {line_number}", json.loads(line)))
            except json.JSONDecodeError as exc:
                result.errors.append(LoadError(name, f"line {line_number}: invalid JSON ({exc.msg})"))
            except RecursionError:
                result.errors.append(LoadError(name, f"line {line_number}: invalid JSON (nested too deeply)"))
    if not numbered:
        return result if result.errors else _failed(name, "no JSON records found")
    return _records_to_documents(name, numbered, result)


def _records_to_documents(name: str, numbered: list[tuple[str, object]], result: ReadResult) -> ReadResult:
    documents = ReadResult()
    for where, record in numbered:
        if not isinstance(record, dict):
            documents.errors.append(LoadError(name, f"{where}: not a JSON object"))
            continue
        columns = _pick_columns(list(record))
        if "text" not in columns:
            documents.errors.append(LoadError(name, f"{where}: no text field"))
            continue
        _collect(documents, _document_from_record(name, record, columns, where))
    if not documents.documents and not any(isinstance(r, dict) and "text" in _pick_columns(list(r)) for _, r in numbered):
        keys = sorted({k for _, r in numbered if isinstance(r, dict) for k in r})
        result.errors.extend(_missing_text_column(name, keys).errors)
        return result
    result.extend(documents)
    return result


@dataclass
class _ZipBudget:
    """What is left of one archive's limits; archives nested in it draw on the same budget."""

    bytes_left: int
    members_left: int


def read_zip(name: str, data: bytes, *, depth: int = 0, budget: _ZipBudget | None = None) -> ReadResult:
    """Read the supported members of a .zip archive in memory (nothing is extracted to disk).

    Member names are only labels, so path-traversal names cannot write anywhere. The
    uncompressed bytes and the members of an archive, counted together with every archive
    nested in it, are capped by the max_zip_total_bytes and max_zip_members settings.
    Nested archives are read up to three levels deep.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = [i for i in archive.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        return _failed(name, f"not a readable zip archive ({exc})")
    max_members = int(get_setting("max_zip_members"))
    max_total = int(get_setting("max_zip_total_bytes"))
    if budget is None:
        budget = _ZipBudget(bytes_left=max_total, members_left=max_members)
    nested = " with the archives it is in" if depth else ""
    if len(infos) > budget.members_left:
        return _failed(
            name,
            f"zip has {len(infos):,} members{nested}, over the max_zip_members limit of {max_members:,}",
        )
    # zipfile never returns more than a member's declared size (it fails the CRC check
    # instead), so the declared sizes bound what reading the members can take.
    declared = sum(i.file_size for i in infos)
    if declared > budget.bytes_left:
        total = declared + max_total - budget.bytes_left
        return _failed(
            name,
            f"zip expands to {total:,} bytes{nested}, over the max_zip_total_bytes limit of {max_total:,}",
        )
    budget.bytes_left -= declared
    budget.members_left -= len(infos)
    result = ReadResult()
    for info in infos:
        member = f"{name}/{info.filename}"
        inner = PurePosixPath(info.filename.replace("\\", "/"))  # old Windows tools use backslashes
        if inner.name.startswith(".") or "__MACOSX" in inner.parts:
            continue  # macOS metadata and hidden files, as a folder read skips them
        suffix = inner.suffix.lower()
        if suffix not in SUPPORTED_SUFFIXES:
            result.errors.append(LoadError(member, f"skipped: unsupported file type '{suffix or info.filename}'"))
            continue
        if too_large := oversize_error(member, info.file_size):
            result.errors.append(too_large)
            continue
        if suffix == ".zip" and depth >= 2:
            result.errors.append(LoadError(member, "skipped: zip nested more than three levels deep"))
            continue
        try:
            with archive.open(info) as handle:
                content = handle.read(info.file_size + 1)
        except (zipfile.BadZipFile, OSError, RuntimeError, EOFError, NotImplementedError) as exc:
            result.errors.append(LoadError(member, f"could not read zip member ({exc})"))
            continue
        if len(content) > info.file_size:  # zipfile stops at the declared size; checked all the same
            result.errors.append(LoadError(member, "zip member is larger than its header says"))
            continue
        if suffix == ".zip":
            result.extend(read_zip(member, content, depth=depth + 1, budget=budget))
        else:
            result.extend(read_file(member, content))
    if not result.documents and not result.errors:
        return _failed(name, "zip archive contains no files")
    return result


def _collect(result: ReadResult, item: RawDocument | LoadError) -> None:
    if isinstance(item, LoadError):
        result.errors.append(item)
    else:
        result.documents.append(item)


def _failed(name: str, reason: str) -> ReadResult:
    return ReadResult(errors=[LoadError(name, reason)])
