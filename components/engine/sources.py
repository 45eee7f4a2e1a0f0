"""Where a corpus's tidy tables come from: one small interface over every backend.

A :class:`CorpusSource` gives the tables of its corpus for an actor dictionary, the cleaned
texts of some of its articles, and a text search. The CLI and the dashboard both use it, so
neither knows whether the tables came from files analysed here, an analysis store, Dask's
Parquet output, or uploads beside any of these:

- :class:`FilesSource`: articles in memory (the bundled seeds, files and folders, uploads),
  analysed in a process pool; the text analyses are kept, so a new dictionary re-matches
  actors only;
- :class:`StoreSource`: a DuckDB analysis store (``components.engine.store``): its tables are
  loaded without texts unless asked, and texts and searches are DuckDB queries;
- :func:`parquet_source`: the output of a Dask run, read back once;
- :class:`CombinedSource`: one source's articles beside another's (uploads beside the base).

Slow work (analysing new articles, re-analysing outdated ones) is done by :meth:`prepare`,
with a ``progress(done, total)`` callback, before :meth:`tables` is asked; :meth:`pending`
says how many articles it would analyse.
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

import pandas as pd

from components.engine import parallel
from components.engine.analysis import Analysis, build_tables
from components.engine.store import AnalysisStore, IngestReport, StoreError
from components.engine.textanalysis import TextAnalysis
from components.ingest.corpus import Corpus, load_corpus
from components.language.actors import ActorDictionary, load_actor_dictionary

Progress = Callable[[int, int], None]
T = TypeVar("T")

SEARCHES_KEPT = 256
"""Text searches a :class:`StoreSource` keeps the answers of (oldest dropped first)."""


class CorpusSource(ABC):
    """The tidy tables of one corpus, whatever the backend (see the module docstring)."""

    label: str = "the corpus"

    def pending(self) -> int:
        """How many articles :meth:`prepare` would analyse (0: the tables are ready)."""
        return 0

    def prepare(self, *, progress: Progress | None = None) -> list[str]:
        """Analyse what needs it, calling ``progress(done, total)``; return notes for the user."""
        return []

    @abstractmethod
    def tables(self, dictionary: ActorDictionary) -> Analysis:
        """The corpus's tidy tables with ``dictionary``'s actors (prepared first if need be)."""

    def article_texts(self, article_ids: Iterable[str]) -> dict[str, str]:
        """The cleaned texts of those articles of this source that it holds, by id."""
        return {}

    def find_text(self, needle: str, whole_word: bool) -> set[str] | None:
        """Ids of this source's articles whose title or text contains ``needle`` (any case), or
        None when the tables carry their texts and the caller may search them in memory."""
        return None


@dataclass(eq=False)
class FilesSource(CorpusSource):
    """Articles in memory, analysed here. ``analysed`` maps article ids to their text analyses
    and may be shared (a session's uploads keep theirs, so a new file analyses only itself)."""

    corpus: Corpus
    label: str = "the articles"
    workers: int | None = None
    analysed: dict[str, TextAnalysis] = field(default_factory=dict)

    @classmethod
    def from_paths(cls, paths: Sequence[str | Path] | None = None, *, workers: int | None = None) -> FilesSource:
        """The files and folders at ``paths`` (None: the bundled seed articles)."""
        label = "the bundled articles" if not paths else ", ".join(str(p) for p in paths)
        return cls(load_corpus(paths), label=label, workers=workers)

    def _todo(self) -> list:
        return [article for article in self.corpus.articles if article.id not in self.analysed]

    def pending(self) -> int:
        return len(self._todo())

    def prepare(self, *, progress: Progress | None = None) -> list[str]:
        todo = self._todo()
        if todo:
            results = parallel.analyze_texts(
                [a.text for a in todo], titles=[a.title for a in todo], workers=self.workers, progress=progress
            )
            self.analysed.update(zip((a.id for a in todo), results))
        return []

    def tables(self, dictionary: ActorDictionary) -> Analysis:
        self.prepare()
        articles = self.corpus.articles
        texts = [self.analysed[a.id] for a in articles]
        return build_tables(articles, texts, dictionary, errors=self.corpus.errors)

    def article_texts(self, article_ids: Iterable[str]) -> dict[str, str]:
        wanted = set(article_ids)
        return {a.id: a.text for a in self.corpus.articles if a.id in wanted}


@dataclass(eq=False)
class StoreSource(CorpusSource):
    """An analysis store, given open (``store``) or as a file (``path``, see :meth:`at`).

    With ``corpus``, :meth:`prepare` adds its new articles to the store and the tables hold that
    corpus's articles (the CLI's ``--store``); without, the tables hold every current article and
    :meth:`prepare` re-analyses outdated ones (the dashboard's store mode). ``with_text=False``
    leaves texts out of the tables: :meth:`article_texts` fetches them. A store given as a file
    is opened read-only for each read alone, so another process (``newsscope analyze --store``)
    can write it meanwhile; :meth:`stamp` changes when it does.
    """

    store: AnalysisStore | None = None
    path: Path | None = None
    corpus: Corpus | None = None
    with_text: bool = False
    workers: int | None = None
    notes: list[str] = field(default_factory=list)  # what opening the file found (a repair, a migration)
    ingested: IngestReport | None = None  # what the last prepare() with a corpus did
    _searches: dict[tuple[str, bool], set[str]] = field(default_factory=dict, repr=False)
    _searches_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def at(cls, path: str | Path) -> StoreSource:
        """The store file at ``path``, checked once for writing: created, repaired or migrated as
        needed (:attr:`notes` says so), and the bundled dictionary's mentions stored. In use by a
        writer elsewhere, that check is skipped. Raises
        :class:`~components.engine.store.StoreError` when the file cannot be used at all."""
        file = Path(path)
        notes: list[str] = []
        try:
            with AnalysisStore.open(file) as store:
                notes = list(store.notes)
                store.match_actors(load_actor_dictionary())
        except StoreError as exc:
            if "in use by another process" not in str(exc):
                raise
        return cls(path=file, notes=notes)

    @property
    def label(self) -> str:  # type: ignore[override]
        place = self.path if self.path is not None else self.store.path if self.store is not None else None
        return f"store {Path(place).name}" if place is not None else "the store"  # a name, not where it lives

    def stamp(self) -> tuple[int, int]:
        """Size and modification time of the store's file and write-ahead log (0, 0 without a file)."""
        if self.path is None:
            return 0, 0
        files = (self.path, self.path.with_name(self.path.name + ".wal"))
        stats = [f.stat() for f in files if f.exists()]
        return sum(s.st_size for s in stats), max((s.st_mtime_ns for s in stats), default=0)

    def _use(self, action: Callable[[AnalysisStore], T], *, write: bool = False) -> T:
        if self.store is not None:
            return action(self.store)
        with AnalysisStore.open(self.path, read_only=not write) as store:  # type: ignore[arg-type]
            return action(store)

    def pending(self) -> int:
        if self.corpus is not None:
            ids = [a.id for a in self.corpus.articles]
            return len(self._use(lambda store: store.missing(ids)))
        return self._use(lambda store: store.outdated())

    def prepare(self, *, progress: Progress | None = None) -> list[str]:
        if self.corpus is not None:
            done = self.ingested = self._use(
                lambda store: store.ingest(self.corpus, workers=self.workers, progress=progress), write=True
            )
            plural = "" if done.analysed == 1 else "s"
            return [f"analysed {done.analysed} new article{plural}, reused {done.reused} from {self.label}"]
        count = self.pending()
        if not count:
            return []
        self._use(lambda store: store.update_outdated(workers=self.workers, progress=progress), write=True)
        self._forget_searches()
        return [f"Updated {count:,} stored article(s) to this version"]

    def tables(self, dictionary: ActorDictionary) -> Analysis:
        ids = None if self.corpus is None else [a.id for a in self.corpus.articles]
        self._forget_searches()  # the tables are read anew: so are searches
        analysis = self._use(lambda store: store.load_analysis(dictionary, article_ids=ids, with_text=self.with_text))
        return analysis if self.corpus is None else replace(analysis, errors=self.corpus.errors)

    def article_texts(self, article_ids: Iterable[str]) -> dict[str, str]:
        ids = list(article_ids)
        return self._use(lambda store: store.article_texts(ids)) if ids else {}

    def find_text(self, needle: str, whole_word: bool) -> set[str] | None:
        if self.with_text:
            return None
        key = (needle, whole_word)
        with self._searches_lock:  # a click re-runs the same search; the store is not asked again
            if key not in self._searches:
                if len(self._searches) >= SEARCHES_KEPT:
                    self._searches.pop(next(iter(self._searches)))
                self._searches[key] = self._use(lambda store: store.search_text(needle, whole_word))
            return self._searches[key]

    def _forget_searches(self) -> None:
        with self._searches_lock:
            self._searches.clear()


def parquet_source(path: str | Path) -> FilesSource:
    """The output of a Dask run (``newsscope analyze --engine dask --parquet DIR``), read once:
    no YAKE or VADER runs again, and actors are matched with each dictionary asked for."""
    from components.engine.distributed import (
        read_dask_output,  # the [dask] extra, loaded lazily
    )

    articles, texts, errors = read_dask_output(path)
    analysed = {article.id: text for article, text in zip(articles, texts, strict=True)}
    return FilesSource(Corpus(articles=tuple(articles), errors=errors), label=f"parquet {Path(path).name}", analysed=analysed)


@dataclass(eq=False)
class CombinedSource(CorpusSource):
    """``extra``'s articles beside ``base``'s; an article both hold is kept once, from ``base``."""

    base: CorpusSource
    extra: CorpusSource

    @property
    def label(self) -> str:  # type: ignore[override]
        return f"{self.base.label} and {self.extra.label}"

    def pending(self) -> int:
        return self.base.pending() + self.extra.pending()

    def prepare(self, *, progress: Progress | None = None) -> list[str]:
        return self.base.prepare(progress=progress) + self.extra.prepare(progress=progress)

    def tables(self, dictionary: ActorDictionary) -> Analysis:
        return combine_analyses(self.base.tables(dictionary), self.extra.tables(dictionary))

    def article_texts(self, article_ids: Iterable[str]) -> dict[str, str]:
        ids = list(article_ids)
        texts = self.extra.article_texts(ids)
        return texts | self.base.article_texts([i for i in ids if i not in texts])

    def find_text(self, needle: str, whole_word: bool) -> set[str] | None:
        found = [self.base.find_text(needle, whole_word), self.extra.find_text(needle, whole_word)]
        if all(f is None for f in found):
            return None
        return set().union(*(f for f in found if f is not None))


def combine_analyses(first: Analysis, second: Analysis) -> Analysis:
    """Both corpora's tables; an article of ``second`` that ``first`` holds too is kept once."""
    new_ids = set(second.articles["id"]) - set(first.articles["id"])

    def add(a: pd.DataFrame, b: pd.DataFrame, column: str) -> pd.DataFrame:
        return pd.concat([a, b.loc[b[column].isin(new_ids)]], ignore_index=True)

    return Analysis(
        articles=add(first.articles, second.articles, "id"),
        sentences=add(first.sentences, second.sentences, "article_id"),
        mentions=add(first.mentions, second.mentions, "article_id"),
        keywords=add(first.keywords, second.keywords, "article_id"),
        errors=first.errors + second.errors,
        quotes=add(first.quotes, second.quotes, "article_id"),
    )
