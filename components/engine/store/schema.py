"""The store's file and schema: opening, checking and rebuilding the DuckDB file, and the
low-level helpers (statements, transactions, bulk inserts) that reading and writing share.

An unreadable, truncated or foreign file is moved aside (never deleted) and a new store made,
with a note in :attr:`StoreConnection.notes`; a file that cannot be opened for reasons of its
own (its folder is missing, another process holds it) raises :class:`StoreError`.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Self

import duckdb
import pandas as pd

STORE_SCHEMA = 4
"""Bump when the tables change, with a step in :data:`MIGRATIONS` (or an older file is rebuilt).
2: mentions carry their ``origin`` and ``field`` (title or body). 3: mentions carry the tone
toward their actor, and quotes are stored with the mentions. 4: articles carry the user's own
columns (``extra``)."""

MIGRATIONS: dict[int, tuple[str, ...]] = {
    # 1 -> 2: mentions gain origin and field; the old ones are matched again from the texts
    # (YAKE and VADER are not re-run), since discovery and headlines change them.
    1: (
        "DELETE FROM mentions",
        "DELETE FROM matched",
        "ALTER TABLE mentions ADD COLUMN origin VARCHAR",
        "ALTER TABLE mentions ADD COLUMN field VARCHAR",
    ),
    # 2 -> 3: mentions gain their tone, and quotes come with them: matched again from the texts.
    2: (
        "DELETE FROM mentions",
        "DELETE FROM matched",
        "ALTER TABLE mentions ADD COLUMN tone DOUBLE",
        "CREATE TABLE IF NOT EXISTS quotes ({quotes})",
    ),
    # 3 -> 4: articles gain the user's own columns; those stored before had none kept (NULL reads as
    # none), and an ingest of their files again fills them in (as any metadata is refreshed).
    3: ("ALTER TABLE articles ADD COLUMN extra VARCHAR",),
}
"""Statements that take a store from schema N to N + 1, keeping its analyses."""

UNKNOWN_REASON = "unknown"
"""The reason of a removed line stored before reasons were kept (as :data:`components.ingest.cleaning.UNKNOWN_RULE`)."""


def encode_removed(lines: Sequence[str], reasons: Sequence[str]) -> str:
    """The ``removed`` column's JSON: one {"line", "reason"} object per removed line."""
    padded = list(reasons) + [UNKNOWN_REASON] * (len(lines) - len(reasons))
    return json.dumps([{"line": line, "reason": reason} for line, reason in zip(lines, padded)], ensure_ascii=False)


def decode_removed(value: str | None) -> tuple[list[str], list[str]]:
    """(lines, reasons) from the ``removed`` column; a list of plain strings (stored before reasons
    were kept) reads as reasons "unknown"."""
    lines: list[str] = []
    reasons: list[str] = []
    for item in json.loads(value or "[]"):
        if isinstance(item, dict):
            lines.append(str(item.get("line", "")))
            reasons.append(str(item.get("reason") or UNKNOWN_REASON))
        else:
            lines.append(str(item))
            reasons.append(UNKNOWN_REASON)
    return lines, reasons


def encode_extra(extra: Sequence[tuple[str, str]]) -> str | None:
    """The ``extra`` column: the user's own columns as a JSON object in their order (None: none)."""
    return json.dumps(dict(extra), ensure_ascii=False) if extra else None


def decode_extra(value: str | None) -> dict[str, str]:
    """{name: value} from the ``extra`` column ({} for NULL: none, or stored before schema 4)."""
    return {str(k): str(v) for k, v in json.loads(value).items()} if isinstance(value, str) and value else {}


TABLES: dict[str, str] = {
    "meta": "key VARCHAR, value VARCHAR",
    "articles": (
        "id VARCHAR, version VARCHAR, title VARCHAR, source VARCHAR, published VARCHAR, url VARCHAR,"
        " path VARCHAR, authors VARCHAR, text VARCHAR, removed VARCHAR, n_words BIGINT, n_sentences BIGINT,"
        " extra VARCHAR"
    ),
    "sentences": (
        'article_id VARCHAR, version VARCHAR, sentence BIGINT, "start" BIGINT, "end" BIGINT,'
        " text VARCHAR, compound DOUBLE"
    ),
    "keywords": 'article_id VARCHAR, version VARCHAR, keyword VARCHAR, score DOUBLE, "rank" BIGINT',
    "mentions": (
        "article_id VARCHAR, version VARCHAR, dictionary VARCHAR, sentence BIGINT, actor VARCHAR,"
        ' type VARCHAR, affiliation VARCHAR, "start" BIGINT, "end" BIGINT, surface VARCHAR,'
        " origin VARCHAR, field VARCHAR, tone DOUBLE"
    ),
    "quotes": (
        'article_id VARCHAR, version VARCHAR, dictionary VARCHAR, quote BIGINT, sentence BIGINT, kind VARCHAR,'
        ' "start" BIGINT, "end" BIGINT, text VARCHAR, verb VARCHAR, speaker VARCHAR, speaker_actor VARCHAR,'
        " about VARCHAR[]"
    ),
    "matched": "article_id VARCHAR, version VARCHAR, dictionary VARCHAR",
}
MIGRATIONS[2] = tuple(statement.format(quotes=TABLES["quotes"]) for statement in MIGRATIONS[2])
# Messages of errors about the file's surroundings, not its content: never "repaired".
_ENVIRONMENT_ERRORS = (
    "permission denied", "no such file", "not a directory", "is a directory", "read-only file system",
    "no space left", "too many open files",
)
_DUCKDB_MAGIC = b"DUCK"  # bytes 8..12 of every DuckDB database file


class StoreError(Exception):
    """A store that cannot be opened or written; the message names the file and the reason."""


@dataclass(eq=False)
class StoreConnection:
    """An open store file; use :meth:`open`, and close it (or use it as a context manager).

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
    def open(cls, path: str | Path, *, read_only: bool = False) -> Self:
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

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()

    def size_bytes(self) -> int:
        """Bytes on disk: the database file and its write-ahead log (0 for an in-memory store)."""
        if self.path is None:
            return 0
        files = (self.path, self.path.with_name(self.path.name + ".wal"))
        return sum(f.stat().st_size for f in files if f.is_file())

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
            problem = f"could not be read ({first_line(exc)})"
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
        if found > STORE_SCHEMA:
            # Its tables are not ours to drop: a newer Newsscope wrote them.
            raise StoreError(
                f"{self._name}: written by a newer Newsscope (store schema {found}; this one reads"
                f" {STORE_SCHEMA} and older); upgrade Newsscope to use it. The file is left as it is."
            )
        if self.read_only:
            self._open_in_memory(
                f"{self._name}: store is from schema version {found}, not {STORE_SCHEMA};"
                " open it for writing to update it"
            )
            return
        if all(version in MIGRATIONS for version in range(found, STORE_SCHEMA)):
            with self._writing("migrate"), self._transaction():
                for version in range(found, STORE_SCHEMA):
                    for statement in MIGRATIONS[version]:
                        self._run(statement)
                self._run("UPDATE meta SET value = ? WHERE key = 'store_schema'", [str(STORE_SCHEMA)])
            self.notes.append(f"{self._name}: store updated from schema version {found} to {STORE_SCHEMA}")
            return
        self.notes.append(f"{self._name}: store was from an older schema version {found}; rebuilt")
        with self._writing("rebuild"):
            for table in TABLES:
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
            return 0 if tables & set(TABLES) else None
        rows = self._run("SELECT value FROM meta WHERE key = 'store_schema'")
        try:
            return int(rows[0][0]) if rows else 0
        except (TypeError, ValueError):
            return 0

    def _create_tables(self) -> None:
        for table, columns in TABLES.items():
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
                f"{self._name}: cannot {action}: {first_line(exc)}"
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


def ids_frame(ids: Sequence[str]) -> pd.DataFrame:
    return pd.DataFrame({"id": pd.Series(ids, dtype=object)})


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
    message = first_line(exc)
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


def first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
