"""Reading the store: which articles it holds, their texts, text search, and the tidy tables.

Mentions are stored per actor dictionary; :meth:`StoreReader.load_analysis` matches those
missing for the dictionary asked for (in memory when the store is read-only; a writable
store keeps them, see :mod:`components.engine.store.writing`). Sentiment labels and shares are
computed from the stored compounds when the tables are loaded.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection, Iterable, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from components.engine import parallel
from components.engine.analysis import (
    ARTICLE_COLUMNS,
    KEYWORD_COLUMNS,
    MENTION_COLUMNS,
    QUOTE_COLUMNS,
    SENTENCE_COLUMNS,
    Analysis,
    settle_types,
)
from components.engine.store.schema import (
    StoreConnection,
    decode_extra,
    decode_removed,
    ids_frame,
)
from components.engine.textanalysis import analyzer_version
from components.language.actors import ActorDictionary
from components.language.discovery import DISCOVERY_VERSION
from components.language.mentions import discovery_enabled
from components.language.quotes import QUOTES_VERSION
from components.language.sentiment import NEGATIVE, NEUTRAL, POSITIVE
from components.language.target_tone import TONE_VERSION
from components.settings import get_setting


def dictionary_key(dictionary: ActorDictionary) -> str:
    """The key mentions and quotes are stored under: 16 hex digits of the SHA-256 of
    ``dictionary.to_toml()``, of how names beyond it are found (the ``actor_discovery`` setting
    and the discovery rules' version), and of the versions of the tone model and the quote rules,
    since the mentions and quotes depend on all of them."""
    finding = f"discovery={DISCOVERY_VERSION}" if discovery_enabled() else "discovery=off"
    finding += f";tone={TONE_VERSION};quotes={QUOTES_VERSION}"
    return hashlib.sha256((dictionary.to_toml() + "\n#" + finding).encode("utf-8")).hexdigest()[:16]



class StoreReader(StoreConnection):
    """The reading half of :class:`~components.engine.store.AnalysisStore`."""

    def missing(self, article_ids: Iterable[str]) -> set[str]:
        """The ids among ``article_ids`` not yet analysed with the current analyzer version."""
        ids = list(dict.fromkeys(article_ids))
        if not ids:
            return set()
        with self._lock, self._reading("read"), self._registered(ids_frame(ids)) as given:
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
        with self._lock, self._reading("read"), self._registered(ids_frame(ids)) as given:
            rows = self._run(f"SELECT DISTINCT a.id, a.text FROM articles a JOIN {given} g ON a.id = g.id")
        return dict(rows)

    def search_text(self, needle: str, whole_word: bool) -> set[str]:
        """Ids of stored articles (current version) whose title or text contains ``needle``, any case;
        ``whole_word`` requires no letter or digit just before or after it. A TextFinder for
        :func:`components.views.aggregate.filter_tables`, so the dashboard needs no texts in memory."""
        if whole_word:
            words = [re.escape(word) for word in needle.split()] or [re.escape(needle)]
            body = r"\s+".join(words).replace("'", "['‘’]")
            condition, parameter = "regexp_matches(title || chr(10) || text, ?, 'i')", rf"(^|[^\w]){body}([^\w]|$)"
        else:
            condition, parameter = "contains(lower(title || chr(10) || text), ?)", needle.casefold()
        with self._lock, self._reading("search"):
            rows = self._run(f"SELECT id FROM articles WHERE version = ? AND {condition}", [analyzer_version(), parameter])
        return {row[0] for row in rows}

    def load_analysis(
        self,
        dictionary: ActorDictionary,
        *,
        article_ids: Collection[str] | None = None,
        with_text: bool = False,
    ) -> Analysis:
        """The tidy tables of :mod:`components.engine.analysis` for stored articles, current version.

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
            extra = self._ensure_mentions(dictionary, article_ids=article_ids, version=version)
            order = self._article_order(version, article_ids)
            with self._registered(order) as ordered:
                articles = self._select_articles(ordered, version, with_text=with_text)
                columns = [c for c in SENTENCE_COLUMNS[:-1] if with_text or c != "text"]
                sentences = self._select(
                    ordered, "sentences", columns, version, "t.sentence", categories=["article_id"]
                )
                if not with_text:
                    sentences["text"] = ""
                keywords = self._select(
                    ordered, "keywords", KEYWORD_COLUMNS, version, 't."rank"', categories=["article_id", "keyword"]
                )
                key = dictionary_key(dictionary)
                mentions = self._select(
                    ordered, "mentions", MENTION_COLUMNS, version, "t.field = 'body', t.\"start\", t.\"end\"",
                    where="t.dictionary = ?", parameters=[key], categories=["article_id", *CATEGORY_COLUMNS],
                )
                quotes = self._select(
                    ordered, "quotes", QUOTE_COLUMNS, version, "t.quote", where="t.dictionary = ?", parameters=[key],
                    categories=["article_id"],
                )
        if extra is not None:
            extra_mentions, extra_quotes = extra
            if not extra_mentions.empty:
                mentions = _sort_mentions(pd.concat([mentions, extra_mentions], ignore_index=True), order)
            if not extra_quotes.empty:
                quotes = _sort_quotes(pd.concat([quotes, extra_quotes], ignore_index=True), order)
        # Article ids as categories of the articles' ids: filtering millions of rows by article
        # compares small integer codes instead of strings (about 30 times faster).
        ids = pd.Index(articles["id"].astype(str).unique())
        sentences, mentions, keywords, quotes = (
            frame.assign(article_id=_as_categories_of(frame["article_id"], ids))
            for frame in (sentences, mentions, keywords, quotes)
        )
        threshold = _sentiment_threshold()
        sentences["label"] = _labels(sentences["compound"].to_numpy(dtype=float), threshold)
        articles = _add_sentiment(articles, sentences, threshold)
        # Hand back what the query results and the copies above held: Arrow's allocator keeps
        # freed memory for later (about 300 MB after loading 100,000 articles).
        pa.default_memory_pool().release_unused()
        mentions = settle_types(mentions.loc[:, MENTION_COLUMNS])
        # Names, types, labels and keywords repeat over millions of rows: as categories, a filter copies
        # small integer codes rather than strings, and the tables take less memory.
        return Analysis(
            articles=articles.loc[:, ARTICLE_COLUMNS],
            sentences=_as_categories(sentences.loc[:, SENTENCE_COLUMNS], ["label"]),
            mentions=_as_categories(mentions, CATEGORY_COLUMNS),
            keywords=_as_categories(keywords.loc[:, KEYWORD_COLUMNS], ["keyword"]),
            quotes=quotes.loc[:, QUOTE_COLUMNS].assign(about=[list(a) for a in quotes["about"]]),
        )

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
            with self._registered(ids_frame(list(dict.fromkeys(article_ids)))) as given:
                rows = self._run(
                    query + f" AND a.id IN (SELECT id FROM {given}) ORDER BY a.id", [version, key]
                )
        return [row[0] for row in rows]

    def _find_mentions(
        self, article_ids: Sequence[str], dictionary: ActorDictionary, version: str, *, workers: int | None = None
    ) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Match ``dictionary`` over the stored texts of ``article_ids``: (mentions, quotes)."""
        with self._registered(ids_frame(list(article_ids))) as given:
            rows = self._run(
                f"""SELECT a.id, a.title, a.text, s.starts FROM articles a
                JOIN {given} g ON g.id = a.id
                LEFT JOIN (SELECT article_id, list("start" ORDER BY sentence) AS starts FROM sentences
                           WHERE version = ? GROUP BY article_id) s ON s.article_id = a.id
                WHERE a.version = ?""",
                [version, version],
            )
        found = parallel.match_articles(
            [(article_id, title or "", text, starts or []) for article_id, title, text, starts in rows],
            dictionary,
            workers=workers,
        )
        return pd.DataFrame(found.mentions, columns=MENTION_COLUMNS), pd.DataFrame(found.quotes, columns=QUOTE_COLUMNS)

    def _ensure_mentions(
        self, dictionary: ActorDictionary, *, article_ids: Collection[str] | None, version: str
    ) -> tuple[pd.DataFrame, pd.DataFrame] | None:
        """The mentions and quotes missing for ``dictionary``, matched in memory (a writable store stores them
        instead: :class:`~components.engine.store.AnalysisStore` overrides this)."""
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
        frame = self._frame(
            f"""SELECT t.id, t.title, t.source, t.published, t.url, t.path, t.authors, {text} AS text,
                t.removed, t.n_words, t.n_sentences, t.extra
            FROM articles t JOIN {ordered} o ON o.id = t.id
            WHERE t.version = ? ORDER BY o.position""",
            [version],
        )
        decoded = [decode_removed(value) for value in frame["removed"]]
        frame["removed"] = [lines for lines, _ in decoded]
        frame["removed_reasons"] = [reasons for _, reasons in decoded]
        frame["extra"] = [decode_extra(value) for value in frame["extra"]]
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
        categories: Collection[str] = (),
    ) -> pd.DataFrame:
        """``columns`` of ``table`` for the ordered articles, in article order then ``order_by``
        (ties in the order stored); ``categories``: columns to hand back as categoricals (:meth:`_frame`).

        DuckDB sorts only the rows' ids, and the rows come unsorted and are put in that order
        here: a sort of the rows themselves would hold all of them, strings included, at once
        (half a gigabyte more at 100,000 articles).
        """
        source = f"FROM {table} t JOIN {ordered} o ON o.id = t.article_id WHERE t.version = ? AND {where}"
        arguments = [version, *parameters]
        wanted = self._db.sql(
            f"SELECT t.rowid AS row {source} ORDER BY o.position, {order_by}, t.rowid", params=arguments
        ).fetchnumpy()["row"]
        selected = ", ".join(f't."{c}"' for c in columns)
        frame = self._frame(f"SELECT {selected}, t.rowid AS _row {source}", arguments, categories=categories)
        place = np.empty(int(wanted.max(initial=-1)) + 1, dtype=np.int64)
        place[wanted] = np.arange(len(wanted))
        order = np.empty(len(frame), dtype=np.int64)
        order[place[frame["_row"].to_numpy()]] = np.arange(len(frame))
        return frame.drop(columns="_row").take(order).reset_index(drop=True)

    def _frame(self, query: str, parameters: Sequence[object], *, categories: Collection[str] = ()) -> pd.DataFrame:
        """A query's rows as a frame, through Arrow: strings go to pandas' Arrow strings without a
        Python object each (at 100,000 articles, a quarter of the time and a gigabyte less at the peak).

        ``categories``: string columns that repeat over many rows, handed back as categoricals
        (categories in first-seen order). They are encoded batch by batch as the rows arrive, so
        their strings are never all held at once: at 100,000 articles, the load's peak memory is
        lower by about a gigabyte.
        """

        def encoded(batch: pa.RecordBatch) -> pa.RecordBatch:
            if not categories:
                return batch
            # Every column anew (the others copied): a batch DuckDB hands over is freed only
            # once none of its columns is held, and its strings are the bulk of it.
            columns = [
                pc.dictionary_encode(column) if name in categories and pa.types.is_string(column.type)
                else pa.concat_arrays([column])
                for name, column in zip(batch.schema.names, batch.columns)
            ]
            return pa.RecordBatch.from_arrays(columns, names=batch.schema.names)

        with self._db.sql(query, params=list(parameters)).to_arrow_reader(BATCH_ROWS) as reader:
            batches = [encoded(batch) for batch in reader]
            table = pa.Table.from_batches(batches) if batches else reader.schema.empty_table()
        table = table.unify_dictionaries() if categories else table
        all_missing = [name for name, column in zip(table.column_names, table.columns) if len(column) and column.null_count == len(column)]
        frame = table.to_pandas(split_blocks=True, self_destruct=True)  # each column freed once converted
        del table, batches
        for name in all_missing:  # as DuckDB's own frames have them
            frame[name] = pd.Series([None] * len(frame), dtype=object, index=frame.index)
        pa.default_memory_pool().release_unused()  # Arrow's allocator keeps freed memory for later
        return frame

BATCH_ROWS = 131_072
"""Rows per batch as a query's result is read (:meth:`StoreReader._frame`)."""

CATEGORY_COLUMNS = ["actor", "type", "affiliation", "origin", "field", "surface"]
"""The mention columns held as categories (sorted, so they sort as the strings do)."""


def _as_categories(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """``frame`` with ``columns`` as categoricals of their sorted distinct values (an all-missing
    column stays as it is)."""

    def distinct(column: pd.Series) -> pd.Index:
        if isinstance(column.dtype, pd.CategoricalDtype):
            return column.cat.categories
        return pd.Index(column.dropna().unique())

    return frame.assign(**{
        c: _as_categories_of(frame[c], distinct(frame[c]).sort_values()) for c in columns if frame[c].notna().any()
    })


def _as_categories_of(column: pd.Series, categories: pd.Index) -> pd.Series:
    """``column`` as a categorical of ``categories`` in their order (other values: missing). A
    categorical column's codes are mapped through its categories, without a string per row
    (``astype`` would keep a categorical whose categories are the same in another order)."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        return column.cat.set_categories(categories)
    return column.astype(pd.CategoricalDtype(categories))


def _sentiment_threshold() -> float:
    value = float(get_setting("sentiment_threshold"))  # type: ignore[arg-type]
    if value <= 0:
        raise ValueError(f"sentiment threshold must be > 0, got {value}")
    return value


def _labels(compounds: np.ndarray, threshold: float) -> np.ndarray:
    """:func:`components.language.sentiment.label_sentiment` over an array."""
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
        mentions.assign(_position=position.to_numpy(), _body=(mentions["field"] == "body").to_numpy())
        .sort_values(["_position", "_body", "start", "end"], kind="stable")
        .drop(columns=["_position", "_body"])
        .reset_index(drop=True)
    )



def _sort_quotes(quotes: pd.DataFrame, order: pd.DataFrame) -> pd.DataFrame:
    position = quotes["article_id"].map(pd.Series(order["position"].to_numpy(), index=order["id"].to_numpy()))
    return (
        quotes.assign(_position=position.to_numpy())
        .sort_values(["_position", "quote"], kind="stable")
        .drop(columns=["_position"])
        .reset_index(drop=True)
    )
