"""The analysis store: text analyses and actor mentions kept in an embedded DuckDB file.

What :func:`components.analysis.analyze_text` computes is stored per article, keyed by the
article's content hash (``Article.id``) and :func:`~components.analysis.analyzer_version`,
so opening a corpus again analyses only the articles that are new, changed, or were analysed
with other settings. Mentions are stored per actor dictionary (a hash of its TOML) and are
matched over the stored text and sentence offsets, so a new dictionary never re-runs YAKE or
VADER. Sentiment labels and shares are computed from the stored compounds when tables are
loaded, with the ``sentiment_threshold`` in force then.

Tables (rows of other analyzer versions and dictionaries are kept, so switching back reuses them):

    articles   id, version, title, source, published, url, path, authors, text,
               removed (JSON list), n_words, n_sentences
    sentences  article_id, version, sentence, start, end, text, compound
    keywords   article_id, version, keyword, score, rank
    mentions   article_id, version, dictionary, sentence, actor, type, affiliation, start, end, surface
    matched    article_id, version, dictionary   (articles matched, also those with no mention)
    meta       key, value                        (store_schema)

A store file that is missing, unreadable, truncated or from another schema version is
rebuilt and the reason added to :attr:`AnalysisStore.notes`; an unreadable file is moved
aside first, never deleted. A file that cannot be opened for reasons of its own (its folder
does not exist, another process holds it) raises :class:`StoreError`.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

import duckdb
import numpy as np
import pandas as pd

from components import parallel
from components.actors import ActorDictionary
from components.analysis import (
    ARTICLE_COLUMNS,
    KEYWORD_COLUMNS,
    MENTION_COLUMNS,
    SENTENCE_COLUMNS,
    Analysis,
    TextAnalysis,
    analyzer_version,
    match_mentions,
)
from components.corpus import Article, Corpus
from components.sentiment import NEGATIVE, NEUTRAL, POSITIVE
from components.settings import get_setting

STORE_SCHEMA = 1
"""Bump when the tables change; an older store file is then rebuilt."""

INGEST_BATCH = 2_000
"""Articles analysed and written per transaction, so an interrupted ingest keeps its progress."""

MATCH_BATCH = 2_000
"""Articles whose mentions are matched and written per transaction."""

_TABLES: dict[str, str] = {
    "meta": "key VARCHAR, value VARCHAR",
    "articles": (
        "id VARCHAR, version VARCHAR, title VARCHAR, source VARCHAR, published VARCHAR, url VARCHAR,"
        " path VARCHAR, authors VARCHAR, text VARCHAR, removed VARCHAR, n_words BIGINT, n_sentences BIGINT"
    ),
    "sentences": (
        'article_id VARCHAR, version VARCHAR, sentence BIGINT, "start" BIGINT, "end" BIGINT,'
        " text VARCHAR, compound DOUBLE"
    ),
    "keywords": 'article_id VARCHAR, version VARCHAR, keyword VARCHAR, score DOUBLE, "rank" BIGINT',
    "mentions": (
        "article_id VARCHAR, version VARCHAR, dictionary VARCHAR, sentence BIGINT, actor VARCHAR,"
        ' type VARCHAR, affiliation VARCHAR, "start" BIGINT, "end" BIGINT, surface VARCHAR'
    ),
    "matched": "article_id VARCHAR, version VARCHAR, dictionary VARCHAR",
}
# Article fields that are metadata, not content: refreshed when a stored text is seen again.
_METADATA = ("title", "source", "published", "url", "path", "authors", "removed")
# Messages of errors about the file's surroundings, not its content: never "repaired".
_ENVIRONMENT_ERRORS = (
    "permission denied", "no such file", "not a directory", "is a directory", "read-only file system",
    "no space left", "too many open files",
)
_DUCKDB_MAGIC = b"DUCK"  # bytes 8..12 of every DuckDB database file


class StoreError(Exception):
    """A store that cannot be opened or written; the message names the file and the reason."""


@dataclass(frozen=True)
class IngestReport:
    """What :meth:`AnalysisStore.ingest` did: ``analysed`` + ``reused`` == ``total`` articles."""

    analysed: int
    reused: int
    total: int


def dictionary_key(dictionary: ActorDictionary) -> str:
    """The key mentions are stored under: 16 hex digits of the SHA-256 of ``dictionary.to_toml()``."""
    return hashlib.sha256(dictionary.to_toml().encode("utf-8")).hexdigest()[:16]


@dataclass(eq=False)
class AnalysisStore:
    """An open analysis store; use :meth:`open`, and close it (or use it as a context manager).

    One store may be used from several threads (calls are serialised); only one process may
    open a file for writing at a time.
    """

    path: Path | None  # None: an empty in-memory store (a read-only open that found nothing usable)
    read_only: bool
    notes: list[str] = field(default_factory=list)
    _con: duckdb.DuckDBPyConnection | None = field(default=None, repr=False)
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False)

    # ------------------------------------------------------------------ opening and closing

    @classmethod
    def open(cls, path: str | Path, *, read_only: bool = False) -> AnalysisStore:
        """Open the store at ``path``, creating or rebuilding it if needed (see :attr:`notes`).

        Read-only, a missing or unusable file gives an empty in-memory store and a note.
        Raises :class:`StoreError` when the folder does not exist, the file cannot be
        read or written, or another process has it open.
        """
        file = Path(path)
        store = cls(path=file, read_only=read_only)
        if file.exists() and not file.is_file():
            raise StoreError(f"{file}: not a file")
        if not file.parent.is_dir():
            raise StoreError(f"{file}: folder {file.parent} does not exist")
        if read_only and not file.exists():
            store._open_in_memory(f"{file}: no store there yet; nothing is analysed")
            return store
        try:
            store._connect()
            store._check_schema()
        except BaseException:
            store.close()
            raise
        return store

    def close(self) -> None:
        """Close the store (again: no effect)."""
        with self._lock:
            if self._con is not None:
                self._con.close()
                self._con = None

    def __enter__(self) -> AnalysisStore:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()

    # ------------------------------------------------------------------ reading

    def missing(self, article_ids: Iterable[str]) -> set[str]:
        """The ids among ``article_ids`` not yet analysed with the current analyzer version."""
        ids = list(dict.fromkeys(article_ids))
        if not ids:
            return set()
        with self._lock, self._reading("read"), self._registered(_ids_frame(ids)) as given:
            rows = self._run(
                f"SELECT g.id FROM {given} g WHERE NOT EXISTS"
                " (SELECT 1 FROM articles a WHERE a.id = g.id AND a.version = ?)",
                [analyzer_version()],
            )
        return {row[0] for row in rows}

    def article_ids(self) -> list[str]:
        """Ids of the articles analysed with the current analyzer version, by path then id."""
        with self._lock, self._reading("read"):
            rows = self._run(
                "SELECT id FROM articles WHERE version = ? ORDER BY path, id", [analyzer_version()]
            )
        return [row[0] for row in rows]

    def article_texts(self, article_ids: Iterable[str]) -> dict[str, str]:
        """The cleaned texts of the stored articles among ``article_ids`` (any analyzer version)."""
        ids = list(dict.fromkeys(article_ids))
        if not ids:
            return {}
        with self._lock, self._reading("read"), self._registered(_ids_frame(ids)) as given:
            rows = self._run(f"SELECT DISTINCT a.id, a.text FROM articles a JOIN {given} g ON a.id = g.id")
        return dict(rows)

    def search_text(self, needle: str, whole_word: bool) -> set[str]:
        """Ids of stored articles (current version) whose title or text contains ``needle``, any case;
        ``whole_word`` requires no letter or digit just before or after it. A TextFinder for
        :func:`components.aggregate.filter_tables`, so the dashboard needs no texts in memory."""
        if whole_word:
            words = [re.escape(word) for word in needle.split()] or [re.escape(needle)]
            body = r"\s+".join(words).replace("'", "['‘’]")
            condition, parameter = "regexp_matches(title || chr(10) || text, ?, 'i')", rf"(^|[^\w]){body}([^\w]|$)"
        else:
            condition, parameter = "contains(lower(title || chr(10) || text), ?)", needle.casefold()
        with self._lock, self._reading("search"):
            rows = self._run(f"SELECT id FROM articles WHERE version = ? AND {condition}", [analyzer_version(), parameter])
        return {row[0] for row in rows}

    def size_bytes(self) -> int:
        """Bytes on disk: the database file and its write-ahead log (0 for an in-memory store)."""
        if self.path is None:
            return 0
        files = (self.path, self.path.with_name(self.path.name + ".wal"))
        return sum(f.stat().st_size for f in files if f.is_file())

    def load_analysis(
        self,
        dictionary: ActorDictionary,
        *,
        article_ids: Collection[str] | None = None,
        with_text: bool = False,
    ) -> Analysis:
        """The tidy tables of :mod:`components.analysis` for stored articles, current version.

        ``article_ids``: these articles, in this order (ids not analysed with the current
        version are left out; see :meth:`missing`); None: all, by path then id. Mentions
        missing for ``dictionary`` are matched first (:meth:`match_actors`; a read-only store
        matches them in memory). Sentence labels and article sentiment shares use the
        current ``sentiment_threshold``. ``with_text=False`` leaves ``articles.text`` and
        ``sentences.text`` as "" so that a large corpus's texts are not held in memory
        (:meth:`article_texts` fetches them; a sentence is ``text[start:end]`` of its article).
        """
        with self._lock, self._reading("load the analysis"):
            version = analyzer_version()
            extra_mentions = self._ensure_mentions(dictionary, article_ids=article_ids, version=version)
            order = self._article_order(version, article_ids)
            with self._registered(order) as ordered:
                articles = self._select_articles(ordered, version, with_text=with_text)
                columns = [c for c in SENTENCE_COLUMNS[:-1] if with_text or c != "text"]
                sentences = self._select(ordered, "sentences", columns, version, "t.sentence")
                if not with_text:
                    sentences["text"] = ""
                keywords = self._select(ordered, "keywords", KEYWORD_COLUMNS, version, 't."rank"')
                mentions = self._select(
                    ordered, "mentions", MENTION_COLUMNS, version, 't."start", t."end"',
                    where="t.dictionary = ?", parameters=[dictionary_key(dictionary)],
                )
        if extra_mentions is not None and not extra_mentions.empty:
            mentions = _sort_mentions(pd.concat([mentions, extra_mentions], ignore_index=True), order)
        # Article ids as categories of the articles' ids: filtering millions of rows by article
        # compares small integer codes instead of strings (about 30 times faster).
        ids = pd.CategoricalDtype(articles["id"].astype(str).unique())
        sentences, mentions, keywords = (
            frame.assign(article_id=frame["article_id"].astype(ids)) for frame in (sentences, mentions, keywords)
        )
        threshold = _sentiment_threshold()
        sentences["label"] = _labels(sentences["compound"].to_numpy(dtype=float), threshold)
        articles = _add_sentiment(articles, sentences, threshold)
        return Analysis(
            articles=articles.loc[:, ARTICLE_COLUMNS],
            sentences=sentences.loc[:, SENTENCE_COLUMNS],
            mentions=mentions.loc[:, MENTION_COLUMNS],
            keywords=keywords.loc[:, KEYWORD_COLUMNS],
        )

    # ------------------------------------------------------------------ writing

    def ingest(
        self,
        corpus: Corpus,
        *,
        workers: int | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> IngestReport:
        """Analyse the articles of ``corpus`` the store lacks, and store them.

        Articles already analysed with the current analyzer version are reused; their
        metadata (title, source, path...) is updated to the corpus's. New ones are analysed
        with :func:`components.parallel.analyze_texts` (``workers`` processes; ``progress(done,
        total)`` counts only them) and written in batches of ``INGEST_BATCH``, so an interrupted
        ingest keeps what it finished. Raises :class:`StoreError` if the store is read-only
        or cannot be written.
        """
        unique = list({article.id: article for article in corpus.articles}.values())
        with self._lock, self._writing("ingest"):
            version = analyzer_version()
            missing = self.missing(article.id for article in unique)
            new = [article for article in unique if article.id in missing]
            self._refresh_metadata([article for article in unique if article.id not in missing], version)
            for start in range(0, len(new), INGEST_BATCH):
                batch = new[start : start + INGEST_BATCH]
                results = parallel.analyze_texts(
                    [article.text for article in batch],
                    workers=workers,
                    progress=_offset_progress(progress, start, len(new)),
                )
                self._insert_analyses(batch, results, version)
        return IngestReport(analysed=len(new), reused=len(unique) - len(new), total=len(unique))

    def outdated(self) -> int:
        """How many stored articles were analysed only by another analyzer version (an older
        Newsscope, or other settings): :meth:`load_analysis` leaves them out until
        :meth:`update_outdated` re-analyses them."""
        with self._lock, self._reading("read"):
            rows = self._run(
                "SELECT count(DISTINCT id) FROM articles a WHERE NOT EXISTS"
                " (SELECT 1 FROM articles b WHERE b.id = a.id AND b.version = ?)",
                [analyzer_version()],
            )
        return int(rows[0][0])

    def update_outdated(
        self, *, workers: int | None = None, progress: Callable[[int, int], None] | None = None
    ) -> IngestReport:
        """Re-analyse the :meth:`outdated` articles from their stored texts and metadata with
        the current analyzer version (as :meth:`ingest` does). The other versions' rows stay,
        as they do after :meth:`ingest`, so going back to other settings costs nothing."""
        with self._lock, self._writing("update outdated analyses"):
            version = analyzer_version()
            rows = self._run(
                # One whole row per article: the newest (its metadata was refreshed last).
                """SELECT id, title, text, path, source, published, url, authors, removed
                FROM articles a WHERE NOT EXISTS (SELECT 1 FROM articles b WHERE b.id = a.id AND b.version = ?)
                QUALIFY row_number() OVER (PARTITION BY id ORDER BY rowid DESC) = 1
                ORDER BY path, id""",
                [version],
            )
            articles = tuple(
                Article(
                    id=id_, title=title, text=text, path=path, source=source, published=published, url=url,
                    authors=tuple(a for a in (authors or "").split("; ") if a),  # as _metadata_frame joins them
                    removed=tuple(json.loads(removed or "[]")),
                )
                for id_, title, text, path, source, published, url, authors, removed in rows
            )
            return self.ingest(Corpus(articles=articles), workers=workers, progress=progress)

    def add_analyses(self, articles: Sequence[Article], results: Sequence[TextAnalysis], *, version: str) -> int:
        """Store analyses made elsewhere (the Dask engine's Parquet output) under the analyzer
        ``version`` that made them; articles already stored for it are skipped. Returns how many were added."""
        with self._lock, self._writing("add analyses"):
            have = {row[0] for row in self._run("SELECT id FROM articles WHERE version = ?", [version])}
            missing = {article.id for article in articles} - have
            pairs = [(a, r) for a, r in zip(articles, results, strict=True) if a.id in missing]
            for start in range(0, len(pairs), INGEST_BATCH):
                batch = pairs[start : start + INGEST_BATCH]
                self._insert_analyses([a for a, _ in batch], [r for _, r in batch], version)
        return len(pairs)

    def match_actors(self, dictionary: ActorDictionary, *, article_ids: Collection[str] | None = None) -> int:
        """Store the mentions of ``dictionary``'s actors in the articles that lack them.

        Uses the stored texts and sentence offsets of the current analyzer version (YAKE and
        VADER are not run). ``article_ids``: only these (None: all). Returns the number of
        articles matched (0 when all were matched before). Raises :class:`StoreError` if the
        store is read-only or cannot be written.
        """
        with self._lock, self._writing("match actors"):
            version = analyzer_version()
            key = dictionary_key(dictionary)
            todo = self._unmatched(key, version, article_ids)
            for start in range(0, len(todo), MATCH_BATCH):
                batch = todo[start : start + MATCH_BATCH]
                mentions = self._find_mentions(batch, dictionary, version)
                matched = pd.DataFrame({"article_id": pd.Series(batch, dtype=object)})
                with self._transaction():
                    self._append("mentions", mentions, version=version, dictionary=key)
                    self._append("matched", matched, version=version, dictionary=key)
        return len(todo)

    # ------------------------------------------------------------------ internals: connection

    @property
    def _db(self) -> duckdb.DuckDBPyConnection:
        if self._con is None:
            raise StoreError(f"{self._name}: the store is closed")
        return self._con

    @property
    def _name(self) -> str:
        return str(self.path) if self.path is not None else "in-memory store"

    def _connect(self) -> None:
        """Connect to ``self.path``; an unreadable file is moved aside and a new one created."""
        assert self.path is not None
        problem = _unreadable_reason(self.path)
        if problem is None:
            try:
                self._con = duckdb.connect(str(self.path), read_only=self.read_only)
                return
            except duckdb.Error as exc:
                problem = _classify_open_error(self.path, exc)
        self._replace_unreadable(problem)

    def _replace_unreadable(self, problem: str) -> None:
        """Start over after ``problem`` made the file unusable: aside it goes (read-only: in memory)."""
        assert self.path is not None
        if self.read_only:
            self._open_in_memory(f"{self.path}: {problem}; open it for writing to rebuild it")
            return
        moved = _move_aside(self.path)
        self.notes.append(f"{self.path}: {problem}; moved it to {moved.name} and started a new store")
        try:
            self._con = duckdb.connect(str(self.path))
        except duckdb.Error as exc:
            raise StoreError(f"{self.path}: cannot create the store: {exc}") from None

    def _open_in_memory(self, note: str) -> None:
        self.notes.append(note)
        self.path = None
        self._con = duckdb.connect(":memory:")
        self._create_tables()

    def _check_schema(self) -> None:
        """Create the tables in a new file; rebuild them when the file has another schema version."""
        try:
            problem = self._truncation()
            found = self._schema_version()
        except duckdb.Error as exc:  # the header was fine but the catalog is not
            problem = f"could not be read ({_first_line(exc)})"
        if problem is not None:
            self.close()
            self._replace_unreadable(problem)
            if not self.read_only:
                self._create_tables()
            return
        if found == STORE_SCHEMA:
            return
        if found is None:
            if self.read_only:
                self._open_in_memory(f"{self._name}: not a Newsscope store; nothing is analysed")
                return
            if not self.notes:  # a file moved aside has its note already
                self.notes.append(f"{self._name}: new store created")
            self._create_tables()
            return
        if self.read_only:
            self._open_in_memory(
                f"{self._name}: store is from schema version {found}, not {STORE_SCHEMA};"
                " open it for writing to rebuild it"
            )
            return
        self.notes.append(
            f"{self._name}: store was from {'an older' if found < STORE_SCHEMA else 'a newer'}"
            f" schema version {found}; rebuilt"
        )
        with self._writing("rebuild"):
            for table in _TABLES:
                self._run(f"DROP TABLE IF EXISTS {table}")
            self._create_tables()

    def _truncation(self) -> str | None:
        """Why the file is certainly cut short (None if it is not): it must hold all its blocks.

        DuckDB opens a truncated file and fails only when a lost block is read; checking the
        size against the block count at open time turns that later crash into a rebuild.
        """
        if self.path is None:
            return None
        rows = self._run(
            "SELECT block_size, total_blocks FROM pragma_database_size() WHERE database_name = current_database()"
        )
        if not rows:
            return None
        block_size, blocks = rows[0]
        expected = int(block_size) * int(blocks)
        size = self.path.stat().st_size
        return f"is truncated ({size} bytes, at least {expected} expected)" if size < expected else None

    def _schema_version(self) -> int | None:
        """The file's store schema: None for a file without our tables, 0 for tables without meta."""
        tables = {
            row[0]
            for row in self._run(
                "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()"
                " AND schema_name = 'main'"
            )
        }
        if "meta" not in tables:
            return 0 if tables & set(_TABLES) else None
        rows = self._run("SELECT value FROM meta WHERE key = 'store_schema'")
        try:
            return int(rows[0][0]) if rows else 0
        except (TypeError, ValueError):
            return 0

    def _create_tables(self) -> None:
        for table, columns in _TABLES.items():
            self._run(f"CREATE TABLE IF NOT EXISTS {table} ({columns})")
        self._run("DELETE FROM meta WHERE key = 'store_schema'")
        self._run("INSERT INTO meta VALUES ('store_schema', ?)", [str(STORE_SCHEMA)])

    def _run(self, sql: str, parameters: Sequence[object] = ()) -> list[tuple]:
        """Execute one statement and fetch all its rows.

        DuckDB refuses to register a frame while a result is unfetched, so none is left open.
        """
        return self._db.execute(sql, list(parameters)).fetchall()

    @contextmanager
    def _writing(self, action: str) -> Iterator[None]:
        """Refuse writes to a read-only store; turn database errors into a StoreError naming the file."""
        if self.read_only:
            raise StoreError(f"{self._name}: opened read-only; cannot {action}")
        with self._reading(action):
            yield

    @contextmanager
    def _reading(self, action: str) -> Iterator[None]:
        """Turn database errors (a file damaged after it was opened, a full disk) into a StoreError."""
        try:
            yield
        except duckdb.Error as exc:
            raise StoreError(
                f"{self._name}: cannot {action}: {_first_line(exc)}"
                " (if the file is damaged, move it away and the store is rebuilt)"
            ) from exc

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """All of the block's writes, or none (also on Ctrl-C)."""
        self._run("BEGIN TRANSACTION")
        try:
            yield
        except BaseException:
            self._run("ROLLBACK")
            raise
        self._run("COMMIT")

    @contextmanager
    def _registered(self, frame: pd.DataFrame) -> Iterator[str]:
        """Expose ``frame`` to SQL under a fresh view name for the duration of the block."""
        name = f"_frame_{id(frame):x}"
        self._db.register(name, frame)
        try:
            yield name
        finally:
            self._db.unregister(name)

    def _append(self, table: str, frame: pd.DataFrame, **constants: str) -> None:
        """Bulk-insert ``frame`` (its columns by name) plus constant columns into ``table``."""
        if frame.empty:
            return
        columns = [f'"{c}"' for c in frame.columns]
        names = ", ".join([*columns, *constants])
        values = ", ".join([*columns, *("?" for _ in constants)])
        with self._registered(frame) as view:
            self._run(
                f"INSERT INTO {table} ({names}) SELECT {values} FROM {view}", list(constants.values())
            )

    # ------------------------------------------------------------------ internals: ingest

    def _insert_analyses(self, articles: Sequence[Article], results: Sequence[TextAnalysis], version: str) -> None:
        """Write one batch of analysed articles in one transaction."""
        article_frame = _metadata_frame(articles)
        article_frame["text"] = pd.Series([a.text for a in articles], dtype=object)
        article_frame["n_words"] = pd.Series([r.n_words for r in results], dtype="int64")
        article_frame["n_sentences"] = pd.Series([len(r.sentences) for r in results], dtype="int64")
        sentence_frame = pd.DataFrame(
            [
                (article.id, index, start, end, text, compound)
                for article, result in zip(articles, results, strict=True)
                for index, (start, end, text, compound) in enumerate(result.sentences)
            ],
            columns=["article_id", "sentence", "start", "end", "text", "compound"],
        )
        keyword_frame = pd.DataFrame(
            [
                (article.id, keyword, score, rank)
                for article, result in zip(articles, results, strict=True)
                for rank, (keyword, score) in enumerate(result.keywords, start=1)
            ],
            columns=["article_id", "keyword", "score", "rank"],
        )
        with self._transaction():
            self._append("articles", article_frame, version=version)
            self._append("sentences", sentence_frame, version=version)
            self._append("keywords", keyword_frame, version=version)

    def _refresh_metadata(self, articles: Sequence[Article], version: str) -> None:
        """Give stored articles the metadata they have now (only rows that differ are written)."""
        if not articles:
            return
        changed = " OR ".join(f"a.{c} IS DISTINCT FROM m.{c}" for c in _METADATA)
        assignments = ", ".join(f"{c} = m.{c}" for c in _METADATA)
        with self._registered(_metadata_frame(articles)) as view:
            self._run(
                f"UPDATE articles AS a SET {assignments} FROM {view} AS m"
                f" WHERE a.id = m.id AND a.version = ? AND ({changed})",
                [version],
            )

    # ------------------------------------------------------------------ internals: mentions

    def _unmatched(self, key: str, version: str, article_ids: Collection[str] | None) -> list[str]:
        """Ids of stored articles (current version) without mentions for dictionary ``key``."""
        query = (
            "SELECT a.id FROM articles a WHERE a.version = ? AND NOT EXISTS (SELECT 1 FROM matched m"
            " WHERE m.article_id = a.id AND m.version = a.version AND m.dictionary = ?)"
        )
        if article_ids is None:
            rows = self._run(query + " ORDER BY a.id", [version, key])
        else:
            with self._registered(_ids_frame(list(dict.fromkeys(article_ids)))) as given:
                rows = self._run(
                    query + f" AND a.id IN (SELECT id FROM {given}) ORDER BY a.id", [version, key]
                )
        return [row[0] for row in rows]

    def _find_mentions(self, article_ids: Sequence[str], dictionary: ActorDictionary, version: str) -> pd.DataFrame:
        """Match ``dictionary`` over the stored texts of ``article_ids``, placing mentions in sentences."""
        with self._registered(_ids_frame(list(article_ids))) as given:
            rows = self._run(
                f"""SELECT a.id, a.text, s.starts FROM articles a
                JOIN {given} g ON g.id = a.id
                LEFT JOIN (SELECT article_id, list("start" ORDER BY sentence) AS starts FROM sentences
                           WHERE version = ? GROUP BY article_id) s ON s.article_id = a.id
                WHERE a.version = ?""",
                [version, version],
            )
        found: list[dict] = []
        for article_id, text, starts in rows:
            found.extend(match_mentions(article_id, text, starts or [], dictionary))
        return pd.DataFrame(found, columns=MENTION_COLUMNS)

    def _ensure_mentions(
        self, dictionary: ActorDictionary, *, article_ids: Collection[str] | None, version: str
    ) -> pd.DataFrame | None:
        """Match what is missing: stored when writable, returned (not stored) when read-only."""
        if not self.read_only:
            self.match_actors(dictionary, article_ids=article_ids)
            return None
        todo = self._unmatched(dictionary_key(dictionary), version, article_ids)
        return self._find_mentions(todo, dictionary, version) if todo else None

    # ------------------------------------------------------------------ internals: loading

    def _article_order(self, version: str, article_ids: Collection[str] | None) -> pd.DataFrame:
        """(id, position) of the articles to load: the given order, or by path then id."""
        if article_ids is None:
            ids = [row[0] for row in self._run(
                "SELECT id FROM articles WHERE version = ? ORDER BY path, id", [version]
            )]
        else:
            ids = list(dict.fromkeys(article_ids))
        return pd.DataFrame({"id": pd.Series(ids, dtype=object), "position": np.arange(len(ids), dtype="int64")})

    def _select_articles(self, ordered: str, version: str, *, with_text: bool) -> pd.DataFrame:
        text = "t.text" if with_text else "''"
        frame = self._db.execute(
            f"""SELECT t.id, t.title, t.source, t.published, t.url, t.path, t.authors, {text} AS text,
                t.removed, t.n_words, t.n_sentences
            FROM articles t JOIN {ordered} o ON o.id = t.id
            WHERE t.version = ? ORDER BY o.position""",
            [version],
        ).df()
        frame["removed"] = [json.loads(value) for value in frame["removed"]]
        return frame

    def _select(
        self,
        ordered: str,
        table: str,
        columns: Sequence[str],
        version: str,
        order_by: str,
        *,
        where: str = "TRUE",
        parameters: Sequence[object] = (),
    ) -> pd.DataFrame:
        """``columns`` of ``table`` for the ordered articles, in article order then ``order_by``."""
        selected = ", ".join(f't."{c}"' for c in columns)
        return self._db.execute(
            f"""SELECT {selected} FROM {table} t JOIN {ordered} o ON o.id = t.article_id
            WHERE t.version = ? AND {where} ORDER BY o.position, {order_by}""",
            [version, *parameters],
        ).df()


# ---------------------------------------------------------------------- helpers


def _ids_frame(ids: Sequence[str]) -> pd.DataFrame:
    return pd.DataFrame({"id": pd.Series(ids, dtype=object)})


def _metadata_frame(articles: Sequence[Article]) -> pd.DataFrame:
    """id and the metadata columns of ``articles``, as stored (authors joined, removed as JSON)."""
    return pd.DataFrame(
        {
            "id": pd.Series([a.id for a in articles], dtype=object),
            "title": pd.Series([a.title for a in articles], dtype=object),
            "source": pd.Series([a.source for a in articles], dtype=object),
            "published": pd.Series([a.published for a in articles], dtype=object),
            "url": pd.Series([a.url for a in articles], dtype=object),
            "path": pd.Series([a.path for a in articles], dtype=object),
            "authors": pd.Series(["; ".join(a.authors) for a in articles], dtype=object),
            "removed": pd.Series([json.dumps(list(a.removed), ensure_ascii=False) for a in articles], dtype=object),
        }
    )


def _sentiment_threshold() -> float:
    value = float(get_setting("sentiment_threshold"))  # type: ignore[arg-type]
    if value <= 0:
        raise ValueError(f"sentiment threshold must be > 0, got {value}")
    return value


def _labels(compounds: np.ndarray, threshold: float) -> np.ndarray:
    """:func:`components.sentiment.label_sentiment` over an array."""
    return np.where(compounds >= threshold, POSITIVE, np.where(compounds <= -threshold, NEGATIVE, NEUTRAL))


def _add_sentiment(articles: pd.DataFrame, sentences: pd.DataFrame, threshold: float) -> pd.DataFrame:
    """Add sentiment_mean and the label shares per article, as :func:`summarize_sentiment` gives them.

    ``np.bincount`` adds each article's compounds in sentence order, one by one, like the
    ``sum()`` of ``summarize_sentiment``, so the means are the same to the last bit.
    """
    position = pd.Series(np.arange(len(articles)), index=articles["id"].to_numpy())
    codes = sentences["article_id"].map(position).to_numpy(dtype="int64")
    compounds = sentences["compound"].to_numpy(dtype=float)
    size = len(articles)
    counts = np.bincount(codes, minlength=size).astype(float)
    safe = np.where(counts > 0, counts, 1.0)
    result = articles.copy()
    result["sentiment_mean"] = np.where(counts > 0, np.bincount(codes, weights=compounds, minlength=size) / safe, 0.0)
    for name, chosen in (
        (POSITIVE, compounds >= threshold),
        (NEUTRAL, (compounds < threshold) & (compounds > -threshold)),
        (NEGATIVE, compounds <= -threshold),
    ):
        shares = np.bincount(codes, weights=chosen.astype(float), minlength=size) / safe
        result[name] = np.where(counts > 0, shares, 0.0)
    return result


def _sort_mentions(mentions: pd.DataFrame, order: pd.DataFrame) -> pd.DataFrame:
    position = mentions["article_id"].map(pd.Series(order["position"].to_numpy(), index=order["id"].to_numpy()))
    return (
        mentions.assign(_position=position.to_numpy())
        .sort_values(["_position", "start", "end"], kind="stable")
        .drop(columns="_position")
        .reset_index(drop=True)
    )


def _offset_progress(
    progress: Callable[[int, int], None] | None, offset: int, total: int
) -> Callable[[int, int], None] | None:
    """Progress of one batch reported as progress of the whole ingest."""
    if progress is None:
        return None
    return lambda done, _batch_total: progress(offset + done, total)


def _unreadable_reason(path: Path) -> str | None:
    """Why ``path`` is certainly not a DuckDB file (None: missing, or it has DuckDB's header)."""
    if not path.exists():
        return None
    try:
        with path.open("rb") as handle:
            header = handle.read(12)
    except OSError as exc:
        raise StoreError(f"{path}: cannot read the file: {exc.strerror or exc}") from None
    if len(header) < 12 or header[8:12] != _DUCKDB_MAGIC:
        return "is not a DuckDB database" if header else "is an empty file"
    return None


def _classify_open_error(path: Path, exc: duckdb.Error) -> str:
    """The reason to rebuild for a file DuckDB cannot open; StoreError when rebuilding would not help."""
    message = _first_line(exc)
    lowered = message.lower()
    if "could not set lock" in lowered or "conflicting lock" in lowered:
        raise StoreError(f"{path}: in use by another process ({message})") from None
    if not path.is_file() or any(text in lowered for text in _ENVIRONMENT_ERRORS):
        raise StoreError(f"{path}: cannot open the store: {message}") from None
    return f"could not be read ({message})"


def _move_aside(path: Path) -> Path:
    """Rename ``path`` (and its .wal) to ``<stem>.corrupt-<timestamp>``; return the new path."""
    stamp = time.strftime("%Y%m%dT%H%M%S")
    target = path.with_suffix(f".corrupt-{stamp}")
    number = 1
    while target.exists():
        number += 1
        target = path.with_suffix(f".corrupt-{stamp}-{number}")
    try:
        path.rename(target)
        wal = path.with_name(path.name + ".wal")
        if wal.exists():
            wal.rename(target.with_name(target.name + ".wal"))
    except OSError as exc:
        raise StoreError(f"{path}: cannot move the unreadable store aside: {exc.strerror or exc}") from None
    return target


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
