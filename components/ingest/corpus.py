"""Load a corpus: files and folders (or uploaded bytes) -> cleaned, de-duplicated articles.

With no paths, the bundled seeds are loaded. A ``manifest.toml`` in a folder gives the
metadata (title, source, authors, published, url) of the files beside it; its non-empty
fields win over what is inferred from the text.
"""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from components.ingest.cleaning import clean_text
from components.ingest.readers import (
    SUPPORTED_SUFFIXES,
    LoadError,
    RawDocument,
    ReadResult,
    normalize_date,
    oversize_error,
    read_file,
    split_authors,
)
from components.settings import SEEDS_DIR, get_setting

MANIFEST_NAME = "manifest.toml"


@dataclass(frozen=True)
class Article:
    """A cleaned article. ``text`` is the cleaned text every offset points into."""

    id: str
    title: str
    text: str
    path: str
    source: str | None = None
    published: str | None = None
    url: str | None = None
    authors: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    removed_reasons: tuple[str, ...] = ()
    """Beside ``removed``: the name of the rule that removed each line (see
    :data:`components.ingest.cleaning.CLEANING_RULES`; "unknown" when it was not recorded)."""
    extra: tuple[tuple[str, str], ...] = ()
    """The user's own columns that its CSV/JSON(L) record carried beyond our fields (a ``doc_id``,
    tags), as (name, value) pairs in the file's order (:attr:`components.ingest.readers.RawDocument.extra`)."""


@dataclass(frozen=True)
class Corpus:
    articles: tuple[Article, ...]
    errors: tuple[LoadError, ...] = ()
    duplicates: tuple[tuple[str, str], ...] = ()  # (path, path of the article it repeats)


def article_id(text: str) -> str:
    """A stable id: the first 16 hex digits of the SHA-256 of the cleaned text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def build_article(raw: RawDocument, *, disabled: frozenset[str] = frozenset()) -> Article | LoadError:
    """Clean a raw document into an Article, or a LoadError if no article text is left.

    ``disabled``: names of cleaning rules not to apply (:func:`components.ingest.cleaning.clean_text`)."""
    cleaned = clean_text(raw.text, title=raw.title, find_title=raw.is_plain_text, disabled=disabled)
    if not cleaned.text.strip():
        return LoadError(raw.path, "no article text left after cleaning")
    max_chars = int(get_setting("max_article_chars"))
    if len(cleaned.text) > max_chars:
        return LoadError(
            raw.path,
            f"article text is {len(cleaned.text):,} characters, over the max_article_chars limit of {max_chars:,}",
        )
    title = raw.title or cleaned.title or PurePosixPath(raw.path.split("#")[0]).stem
    return Article(
        id=article_id(cleaned.text),
        title=title,
        text=cleaned.text,
        path=raw.path,
        source=raw.source or cleaned.source,
        published=raw.published,
        url=raw.url,
        authors=raw.authors or cleaned.authors,
        removed=tuple(r.line for r in cleaned.removed),
        removed_reasons=tuple(r.rule for r in cleaned.removed),
        extra=raw.extra,
    )


def read_manifest(folder: Path) -> tuple[dict[str, dict], list[LoadError]]:
    """Read ``folder/manifest.toml`` into {file name: metadata}; a bad manifest is an error, not a crash."""
    path = folder / MANIFEST_NAME
    if not path.is_file():
        return {}, []
    try:
        entries = tomllib.loads(path.read_text(encoding="utf-8")).get("article", [])
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as exc:
        return {}, [LoadError(str(path), f"manifest ignored: {exc}")]
    manifest = {}
    for entry in entries:
        if isinstance(entry, dict) and entry.get("file"):
            manifest[str(entry["file"])] = entry
    return manifest, []


def apply_manifest(raw: RawDocument, entry: dict | None) -> RawDocument:
    """Overlay the manifest's non-empty fields on a raw document."""
    if not entry:
        return raw
    changes: dict[str, object] = {}
    for key in ("title", "source", "url"):
        if str(entry.get(key) or "").strip():
            changes[key] = str(entry[key]).strip()
    if normalize_date(entry.get("published")):
        changes["published"] = normalize_date(entry.get("published"))
    if split_authors(entry.get("authors")):
        changes["authors"] = split_authors(entry.get("authors"))
    if "title" in changes:
        changes["is_plain_text"] = False
    return replace(raw, **changes)


def iter_input_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[LoadError]]:
    """Expand folders (recursively, supported types only, hidden files skipped) into files."""
    files: list[Path] = []
    errors: list[LoadError] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                relative = child.relative_to(path).parts
                if child.is_file() and not any(part.startswith(".") for part in relative):
                    if child.suffix.lower() in SUPPORTED_SUFFIXES:
                        files.append(child)
        elif path.is_file():
            files.append(path)
        else:
            errors.append(LoadError(str(path), "no such file or folder"))
    return files, errors


Cleaner = Callable[[Sequence[RawDocument]], list["Article | LoadError"]]
"""Cleans raw documents into articles (or errors), in order: :func:`build_article` on each, here
or elsewhere (:func:`components.engine.parallel.document_cleaner` runs it on every core)."""


def load_corpus(paths: Sequence[str | Path] | None = None, *, clean: Cleaner | None = None) -> Corpus:
    """Load files and folders (default: the bundled seeds) into a Corpus; never raises for bad files.

    ``clean``: how the documents are cleaned (default: :func:`build_article` on each, here).
    """
    files, errors = iter_input_files(paths or [SEEDS_DIR])
    manifests: dict[Path, dict[str, dict]] = {}
    result = ReadResult(errors=list(errors))
    for path in files:
        if path.parent not in manifests:
            manifests[path.parent], manifest_errors = read_manifest(path.parent)
            result.errors.extend(manifest_errors)
        try:
            data = _read_limited(path)
        except OSError as exc:
            result.errors.append(LoadError(str(path), f"cannot read file ({exc.strerror or exc})"))
            continue
        if isinstance(data, LoadError):
            result.errors.append(data)
            continue
        read = read_file(str(path), data)
        entry = manifests[path.parent].get(path.name)
        result.extend(ReadResult([apply_manifest(d, entry) for d in read.documents], read.errors))
    return build_corpus(result, clean=clean)


def _read_limited(path: Path) -> bytes | LoadError:
    """The file's bytes, or a LoadError when it is over ``max_file_bytes`` (then it is not read)."""
    if too_large := oversize_error(str(path), path.stat().st_size):
        return too_large
    with path.open("rb") as handle:
        data = handle.read(int(get_setting("max_file_bytes")) + 1)  # the file may have grown since
    return oversize_error(str(path), len(data)) or data


def load_uploads(files: Sequence[tuple[str, bytes]], *, disabled: frozenset[str] = frozenset()) -> Corpus:
    """Load uploaded files given as (name, bytes) pairs, as the dashboard receives them.

    ``disabled``: names of cleaning rules not to apply (:func:`components.ingest.cleaning.clean_text`)."""
    result = ReadResult()
    for name, data in files:
        result.extend(read_file(name, data))
    return build_corpus(result, disabled=disabled)


def build_corpus(
    result: ReadResult, *, clean: Cleaner | None = None, disabled: frozenset[str] = frozenset()
) -> Corpus:
    """Clean every raw document (``clean``: see :func:`load_corpus`; else :func:`build_article` with
    the cleaning rules named in ``disabled`` off), drop repeats of the same cleaned text, keep every error."""
    articles: dict[str, Article] = {}
    errors = list(result.errors)
    duplicates: list[tuple[str, str]] = []
    if clean is not None:
        cleaned = clean(result.documents)
    else:
        cleaned = [build_article(raw, disabled=disabled) for raw in result.documents]
    for item in cleaned:
        if isinstance(item, LoadError):
            errors.append(item)
        elif item.id in articles:
            duplicates.append((item.path, articles[item.id].path))
        else:
            articles[item.id] = item
    return Corpus(tuple(articles.values()), tuple(errors), tuple(duplicates))


def merge_corpora(first: Corpus, second: Corpus) -> Corpus:
    """Combine two corpora; articles already in ``first`` are not added twice."""
    seen = {a.id: a.path for a in first.articles}
    extra = [a for a in second.articles if a.id not in seen]
    repeats = tuple((a.path, seen[a.id]) for a in second.articles if a.id in seen)
    return Corpus(
        first.articles + tuple(extra),
        first.errors + second.errors,
        first.duplicates + second.duplicates + repeats,
    )


def upload_budget_error(corpus: Corpus, *, session_articles: int = 0, session_chars: int = 0) -> str | None:
    """Why an upload must be refused before any analysis, or None when it is within the limits.

    ``corpus`` is everything in the uploader; ``session_articles`` and ``session_chars`` what
    this session has had analysed already, not counting the articles of ``corpus``. The limits
    are the settings ``max_upload_articles``, ``max_upload_chars``, ``max_session_articles`` and
    ``max_session_chars``.
    """
    articles = len(corpus.articles)
    chars = sum(len(article.text) for article in corpus.articles)
    checks = (
        (articles, "max_upload_articles", "articles", "one upload"),
        (chars, "max_upload_chars", "characters", "one upload"),
        (articles + session_articles, "max_session_articles", "articles", "one session"),
        (chars + session_chars, "max_session_chars", "characters", "one session"),
    )
    for count, setting, unit, scope in checks:
        limit = int(get_setting(setting))  # type: ignore[call-overload]
        if count > limit:
            return (
                f"Refused the upload before analysing it: {articles:,} articles, {chars:,} characters of text"
                f"{' (with those analysed before in this session: ' + format(count, ',') + ' ' + unit + ')' if scope == 'one session' else ''};"
                f" {scope} may hold at most {limit:,} {unit} (setting {setting})."
            )
    return None
