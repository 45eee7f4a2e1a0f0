"""Writing the store: analyse what it lacks, re-analyse outdated articles, store mentions and quotes.

Articles are analysed with :func:`components.engine.parallel.analyze_texts` and written in
batches, each in one transaction, so an interrupted ingest keeps what it finished.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

import pandas as pd

from components.engine import parallel
from components.engine.store.querying import StoreReader, dictionary_key
from components.engine.store.schema import (
    decode_extra,
    decode_removed,
    encode_extra,
    encode_removed,
    ids_frame,
)
from components.engine.textanalysis import TextAnalysis, analyzer_version
from components.ingest.corpus import Article, Corpus
from components.language.actors import ActorDictionary

INGEST_BATCH = 2_000
"""Articles analysed and written per transaction, so an interrupted ingest keeps its progress."""

MATCH_BATCH = 2_000
"""Articles whose mentions and quotes are matched and written per transaction."""
# Article fields that are metadata, not content: refreshed when a stored text is seen again.
_METADATA = ("title", "source", "published", "url", "path", "authors", "removed", "extra")
# Tables whose rows of one analyzer version belong to one article: replaced when it is analysed again.
_PER_ARTICLE_TABLES = ("articles", "sentences", "keywords", "mentions", "quotes", "matched")


@dataclass(frozen=True)
class IngestReport:
    """What :meth:`AnalysisStore.ingest` did: ``analysed`` + ``reused`` == ``total`` articles."""

    analysed: int
    reused: int
    total: int


class AnalysisStore(StoreReader):
    """An open analysis store: :class:`StoreReader` plus writing. Use :meth:`open`, and close it
    (or use it as a context manager)."""

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
        metadata (source, path...) is updated to the corpus's. An article whose title changed
        is analysed again (its keywords read the title) and its mentions and quotes matched
        again (they are found in the title too), and counts as analysed. New ones are analysed
        with :func:`components.engine.parallel.analyze_texts` (``workers`` processes; ``progress(done,
        total)`` counts only them) and written in batches of ``INGEST_BATCH``, so an interrupted
        ingest keeps what it finished. Raises :class:`StoreError` if the store is read-only
        or cannot be written.
        """
        unique = list({article.id: article for article in corpus.articles}.values())
        with self._lock, self._writing("ingest"):
            version = analyzer_version()
            missing = self.missing(article.id for article in unique)
            stored = [article for article in unique if article.id not in missing]
            retitled = self._retitled(stored, version)
            new = [article for article in unique if article.id in missing or article.id in retitled]
            self._refresh_metadata([article for article in stored if article.id not in retitled], version)
            for start in range(0, len(new), INGEST_BATCH):
                batch = new[start : start + INGEST_BATCH]
                results = parallel.analyze_texts(
                    [article.text for article in batch],
                    titles=[article.title for article in batch],
                    workers=workers,
                    progress=_offset_progress(progress, start, len(new)),
                )
                replaced = [article.id for article in batch if article.id in retitled]
                self._insert_analyses(batch, results, version, replacing=replaced)
        return IngestReport(analysed=len(new), reused=len(unique) - len(new), total=len(unique))

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
                """SELECT id, title, text, path, source, published, url, authors, removed, extra
                FROM articles a WHERE NOT EXISTS (SELECT 1 FROM articles b WHERE b.id = a.id AND b.version = ?)
                QUALIFY row_number() OVER (PARTITION BY id ORDER BY rowid DESC) = 1
                ORDER BY path, id""",
                [version],
            )
            articles = tuple(
                Article(
                    id=id_, title=title, text=text, path=path, source=source, published=published, url=url,
                    authors=tuple(a for a in (authors or "").split("; ") if a),  # as _metadata_frame joins them
                    removed=tuple(lines), removed_reasons=tuple(reasons), extra=tuple(extra.items()),
                )
                for id_, title, text, path, source, published, url, authors, (lines, reasons), extra in (
                    (*row[:8], decode_removed(row[8]), decode_extra(row[9])) for row in rows
                )
            )
            return self.ingest(Corpus(articles=articles), workers=workers, progress=progress)

    def add_analyses(self, articles: Sequence[Article], results: Sequence[TextAnalysis], *, version: str) -> int:
        """Store analyses made elsewhere (the Dask engine's Parquet output) under the analyzer
        ``version`` that made them; articles already stored for it are skipped, unless their stored
        title differs (then they are replaced, as :meth:`ingest` does). Returns how many were added."""
        with self._lock, self._writing("add analyses"):
            have = {row[0] for row in self._run("SELECT id FROM articles WHERE version = ?", [version])}
            retitled = self._retitled([a for a in articles if a.id in have], version)
            pairs = [(a, r) for a, r in zip(articles, results, strict=True) if a.id not in have or a.id in retitled]
            for start in range(0, len(pairs), INGEST_BATCH):
                batch = pairs[start : start + INGEST_BATCH]
                replaced = [a.id for a, _ in batch if a.id in retitled]
                self._insert_analyses([a for a, _ in batch], [r for _, r in batch], version, replacing=replaced)
        return len(pairs)

    def match_actors(
        self, dictionary: ActorDictionary, *, article_ids: Collection[str] | None = None, workers: int | None = None
    ) -> int:
        """Store the mentions of ``dictionary``'s actors, and the quotes, in the articles that lack them.

        Uses the stored texts and sentence offsets of the current analyzer version (YAKE and
        VADER are not run), on ``workers`` processes as :meth:`ingest`. ``article_ids``: only these
        (None: all). Returns the number of
        articles matched (0 when all were matched before). Raises :class:`StoreError` if the
        store is read-only or cannot be written.
        """
        with self._lock, self._writing("match actors"):
            version = analyzer_version()
            key = dictionary_key(dictionary)
            todo = self._unmatched(key, version, article_ids)
            for start in range(0, len(todo), MATCH_BATCH):
                batch = todo[start : start + MATCH_BATCH]
                mentions, quotes = self._find_mentions(batch, dictionary, version, workers=workers)
                matched = pd.DataFrame({"article_id": pd.Series(batch, dtype=object)})
                with self._transaction():
                    self._append("mentions", mentions, version=version, dictionary=key)
                    self._append("quotes", quotes, version=version, dictionary=key)
                    self._append("matched", matched, version=version, dictionary=key)
        return len(todo)

    # ------------------------------------------------------------------ internals: ingest

    def _insert_analyses(
        self, articles: Sequence[Article], results: Sequence[TextAnalysis], version: str, *, replacing: Sequence[str] = ()
    ) -> None:
        """Write one batch of analysed articles in one transaction, first deleting the rows of
        ``version`` that the articles ``replacing`` (ids) had, their mentions and quotes too."""
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
            if replacing:
                with self._registered(ids_frame(list(replacing))) as old:
                    for table in _PER_ARTICLE_TABLES:
                        key = "id" if table == "articles" else "article_id"
                        self._run(f"DELETE FROM {table} WHERE version = ? AND {key} IN (SELECT id FROM {old})", [version])
            self._append("articles", article_frame, version=version)
            self._append("sentences", sentence_frame, version=version)
            self._append("keywords", keyword_frame, version=version)

    def _retitled(self, articles: Sequence[Article], version: str) -> set[str]:
        """Ids of the stored ``articles`` (analysed with ``version``) whose stored title differs."""
        if not articles:
            return set()
        with self._registered(_metadata_frame(articles)) as view:
            rows = self._run(
                f"SELECT DISTINCT m.id FROM {view} AS m JOIN articles AS a ON a.id = m.id"
                " WHERE a.version = ? AND a.title IS DISTINCT FROM m.title",
                [version],
            )
        return {row[0] for row in rows}

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

    def _ensure_mentions(
        self, dictionary: ActorDictionary, *, article_ids: Collection[str] | None, version: str
    ) -> tuple[pd.DataFrame, pd.DataFrame] | None:
        """Match what is missing: stored when writable, returned (not stored) when read-only."""
        if self.read_only:
            return super()._ensure_mentions(dictionary, article_ids=article_ids, version=version)
        self.match_actors(dictionary, article_ids=article_ids)
        return None


def _metadata_frame(articles: Sequence[Article]) -> pd.DataFrame:
    """id and the metadata columns of ``articles``, as stored (authors joined, removed lines and their
    reasons as JSON: :func:`~components.engine.store.schema.encode_removed`; the user's own columns as
    JSON: :func:`~components.engine.store.schema.encode_extra`)."""
    return pd.DataFrame(
        {
            "id": pd.Series([a.id for a in articles], dtype=object),
            "title": pd.Series([a.title for a in articles], dtype=object),
            "source": pd.Series([a.source for a in articles], dtype=object),
            "published": pd.Series([a.published for a in articles], dtype=object),
            "url": pd.Series([a.url for a in articles], dtype=object),
            "path": pd.Series([a.path for a in articles], dtype=object),
            "authors": pd.Series(["; ".join(a.authors) for a in articles], dtype=object),
            "removed": pd.Series([encode_removed(a.removed, a.removed_reasons) for a in articles], dtype=object),
            "extra": pd.Series([encode_extra(a.extra) for a in articles], dtype=object),
        }
    )



def _offset_progress(
    progress: Callable[[int, int], None] | None, offset: int, total: int
) -> Callable[[int, int], None] | None:
    """Progress of one batch reported as progress of the whole ingest."""
    if progress is None:
        return None
    return lambda done, _batch_total: progress(offset + done, total)

