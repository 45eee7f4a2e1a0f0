"""Shared corpora: a visitor's uploaded files kept on the server under an unguessable id, so that a
link naming the id opens the same corpus for anyone who has it.

Only an explicit "Share this corpus" calls :meth:`ShareStore.create`; without it uploads never
reach the disk. What is kept is what the visitor gave (the files' bytes, whether the bundled
articles were included, the cleaning rules switched off and an edited actor dictionary), not
the analysis: opening a share analyses the files again, exactly as an upload is analysed.

Layout under the store's root (the ``share_path`` setting)::

    <id>/share.json      created, expires, include_base, disabled_rules, files: [{name, bytes}]
    <id>/0, <id>/1, ...  the files' bytes, in upload order (their names are labels in share.json only)
    <id>/dictionary.toml the actor dictionary, when it was not the bundled one
    .lock                held while a share is made (sweep, quota check, write)

An id is :data:`SHARE_ID_CHARS` characters of the URL-safe token alphabet
(``secrets.token_urlsafe``), checked by :func:`valid_share_id` before any path is built from it;
a file name never becomes a path. A share is written into a hidden folder and renamed into
place, so a reader never sees half of one.
"""

from __future__ import annotations

import contextlib
import datetime
import fcntl
import json
import os
import re
import secrets
import shutil
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from components.settings import get_setting

SHARE_ID_BYTES = 24
SHARE_ID_CHARS = 32  # len(secrets.token_urlsafe(SHARE_ID_BYTES)): 192 random bits
SHARE_ID_RE = re.compile(rf"[A-Za-z0-9_-]{{{SHARE_ID_CHARS}}}")
META_NAME = "share.json"
DICTIONARY_NAME = "dictionary.toml"
LOCK_NAME = ".lock"
INCOMING_PREFIX = ".incoming-"
STALE_INCOMING_SECONDS = 3600  # a half-written share older than this was left by a killed process
FORMAT_VERSION = 1
DAY_SECONDS = 86_400


class ShareError(Exception):
    """A share cannot be made or opened. The message is for the visitor: it names no path."""


class ShareRefused(ShareError):
    """A share was not made: it is over the size limit, or the store is over its quota."""


class ShareMissing(ShareError):
    """A link's share cannot be opened: ``reason`` is ``"invalid"``, ``"unknown"`` or ``"expired"``."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class SharedCorpus:
    """A shared corpus as it was given: the files (name, bytes) and how they were shown."""

    id: str
    files: tuple[tuple[str, bytes], ...]
    include_base: bool
    disabled_rules: frozenset[str]
    dictionary_toml: str | None
    created: float
    expires: float

    @property
    def expiry_date(self) -> str:
        """The day the share expires (UTC), YYYY-MM-DD."""
        return datetime.datetime.fromtimestamp(self.expires, datetime.UTC).date().isoformat()


def valid_share_id(text: object) -> bool:
    """True when ``text`` has the shape of a share id (the token alphabet, the fixed length)."""
    return isinstance(text, str) and SHARE_ID_RE.fullmatch(text) is not None


def new_share_id() -> str:
    """A fresh, unguessable share id."""
    return secrets.token_urlsafe(SHARE_ID_BYTES)


def _share_size(files: Sequence[tuple[str, bytes]], dictionary_toml: str | None) -> int:
    return sum(len(data) for _, data in files) + len((dictionary_toml or "").encode("utf-8"))


class ShareStore:
    """Shared corpora in the folder ``root``: made by :meth:`create`, opened by :meth:`load`.

    ``max_bytes`` bounds one share (its files and dictionary), ``quota_bytes`` all shares
    together, and a share is deleted ``ttl_seconds`` after it was made: when a link to it is
    opened, or by the sweep each :meth:`create` runs first. ``clock`` gives the time in seconds
    (``time.time``; tests inject their own).
    """

    def __init__(
        self, root: str | Path, *, max_bytes: int, quota_bytes: int, ttl_seconds: float, clock: Callable[[], float] = time.time
    ) -> None:
        self.root = Path(root)
        self.max_bytes = max_bytes
        self.quota_bytes = quota_bytes
        self.ttl_seconds = ttl_seconds
        self.clock = clock

    @classmethod
    def from_settings(cls, *, clock: Callable[[], float] = time.time) -> ShareStore:
        """The store the settings describe (``share_path``, ``share_max_bytes``, ``share_quota_bytes``, ``share_days``)."""
        return cls(
            Path(str(get_setting("share_path"))).expanduser(),
            max_bytes=int(get_setting("share_max_bytes")),  # type: ignore[call-overload]
            quota_bytes=int(get_setting("share_quota_bytes")),  # type: ignore[call-overload]
            ttl_seconds=float(get_setting("share_days")) * DAY_SECONDS,  # type: ignore[arg-type]
            clock=clock,
        )

    # -- making a share ------------------------------------------------------------------------

    def create(
        self,
        files: Sequence[tuple[str, bytes]],
        *,
        include_base: bool = True,
        disabled_rules: frozenset[str] = frozenset(),
        dictionary_toml: str | None = None,
    ) -> SharedCorpus:
        """Keep ``files`` (name, bytes) under a new id and return the share.

        Expired shares are deleted first. Raises :class:`ShareRefused` (nothing written) when
        the share is over ``max_bytes`` or would take the store over ``quota_bytes``; OSError
        when the folder cannot be written.
        """
        if not files:
            raise ShareRefused("There is no uploaded file to share.")
        size = _share_size(files, dictionary_toml)
        if size > self.max_bytes:
            raise ShareRefused(
                f"Not shared: this corpus is {size:,} bytes, and one shared corpus may hold at most"
                f" {self.max_bytes:,} bytes (setting share_max_bytes). Your uploads are unchanged."
            )
        self.root.mkdir(parents=True, exist_ok=True)
        with self._locked():
            self.sweep()
            used = self.used_bytes()
            if used + size > self.quota_bytes:
                raise ShareRefused(
                    f"Not shared: this server's shared corpora are full ({used:,} of {self.quota_bytes:,} bytes in use,"
                    f" setting share_quota_bytes) and this corpus needs {size:,} bytes. Your uploads are unchanged;"
                    " try again after older shares expire."
                )
            created = self.clock()
            shared = SharedCorpus(
                id=new_share_id(), files=tuple((str(n), bytes(d)) for n, d in files), include_base=bool(include_base),
                disabled_rules=frozenset(disabled_rules), dictionary_toml=dictionary_toml,
                created=created, expires=created + self.ttl_seconds,
            )
            self._write(shared)
        return shared

    def _write(self, shared: SharedCorpus) -> None:
        incoming = self.root / f"{INCOMING_PREFIX}{shared.id}"
        incoming.mkdir()
        try:
            for index, (_, data) in enumerate(shared.files):
                (incoming / str(index)).write_bytes(data)
            if shared.dictionary_toml is not None:
                (incoming / DICTIONARY_NAME).write_text(shared.dictionary_toml, encoding="utf-8")
            meta = {
                "version": FORMAT_VERSION, "created": shared.created, "expires": shared.expires,
                "include_base": shared.include_base, "disabled_rules": sorted(shared.disabled_rules),
                "files": [{"name": name, "bytes": len(data)} for name, data in shared.files],
                "dictionary": shared.dictionary_toml is not None,
            }
            (incoming / META_NAME).write_text(json.dumps(meta), encoding="utf-8")
            os.replace(incoming, self._folder(shared.id))
        except BaseException:
            shutil.rmtree(incoming, ignore_errors=True)
            raise

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """Held while a share is made, so two visitors sharing at once cannot both pass the quota."""
        with (self.root / LOCK_NAME).open("a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    # -- opening a share -----------------------------------------------------------------------

    def load(self, share_id: str) -> SharedCorpus:
        """The share ``share_id``; :class:`ShareMissing` when the id is malformed, unknown or
        expired (an expired share is deleted here)."""
        folder = self._folder(share_id)
        meta = self._read_meta(folder)
        if meta is None:
            raise ShareMissing(
                "This link's shared corpus is not on this server: it has expired and been deleted, or the link is"
                " incomplete. Ask whoever shared it to share it again.",
                "unknown",
            )
        if self.clock() >= float(meta["expires"]):
            shutil.rmtree(folder, ignore_errors=True)
            day = datetime.datetime.fromtimestamp(float(meta["expires"]), datetime.UTC).date().isoformat()
            raise ShareMissing(
                f"This link's shared corpus expired on {day} and has been deleted, so its articles cannot be shown."
                " Ask whoever shared it to share it again.",
                "expired",
            )
        try:
            files = tuple(
                (str(entry["name"]), (folder / str(index)).read_bytes()) for index, entry in enumerate(meta["files"])
            )
            return SharedCorpus(
                id=share_id, files=files, include_base=bool(meta.get("include_base", True)),
                disabled_rules=frozenset(str(r) for r in meta.get("disabled_rules", ())),
                dictionary_toml=(folder / DICTIONARY_NAME).read_text(encoding="utf-8") if meta.get("dictionary") else None,
                created=float(meta["created"]), expires=float(meta["expires"]),
            )
        except (OSError, KeyError, TypeError, ValueError):  # deleted meanwhile, or damaged (UnicodeDecodeError too)
            raise ShareMissing("This link's shared corpus cannot be read on this server any more.", "unknown") from None

    def _folder(self, share_id: str) -> Path:
        """The share's folder; the id is checked first, so no path is ever built from anything else."""
        if not valid_share_id(share_id):
            raise ShareMissing(
                f"This link's shared-corpus id is not valid: an id is {SHARE_ID_CHARS} letters, digits, - or _.", "invalid"
            )
        return self.root / share_id

    @staticmethod
    def _read_meta(folder: Path) -> dict | None:
        """The share's description, or None when there is none or it is unreadable."""
        try:
            meta = json.loads((folder / META_NAME).read_text(encoding="utf-8"))
            float(meta["created"]), float(meta["expires"]), list(meta["files"])
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return meta if isinstance(meta, dict) else None

    # -- upkeep --------------------------------------------------------------------------------

    def share_ids(self) -> list[str]:
        """The ids of the shares in the store (expired ones included until they are swept)."""
        if not self.root.is_dir():
            return []
        return sorted(p.name for p in self.root.iterdir() if p.is_dir() and valid_share_id(p.name))

    def sweep(self) -> int:
        """Delete the expired shares, unreadable ones and half-written leftovers; return how many shares went."""
        if not self.root.is_dir():
            return 0
        now = self.clock()
        deleted = 0
        for share_id in self.share_ids():
            meta = self._read_meta(self.root / share_id)
            if meta is None or now >= float(meta["expires"]):
                shutil.rmtree(self.root / share_id, ignore_errors=True)
                deleted += 1
        for leftover in self.root.glob(f"{INCOMING_PREFIX}*"):
            with contextlib.suppress(OSError):
                if time.time() - leftover.stat().st_mtime > STALE_INCOMING_SECONDS:
                    shutil.rmtree(leftover, ignore_errors=True)
        return deleted

    def used_bytes(self) -> int:
        """Bytes held by the shares in the store (what counts toward ``quota_bytes``)."""
        total = 0
        for share_id in self.share_ids():
            for path in (self.root / share_id).iterdir():
                if path.name != META_NAME:
                    with contextlib.suppress(OSError):
                        total += path.stat().st_size
        return total
