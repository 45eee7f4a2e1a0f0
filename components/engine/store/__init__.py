"""The analysis store (a package: ``schema`` opens and checks the file, ``querying`` reads,
``writing`` analyses and stores): text analyses and actor mentions kept in an embedded DuckDB file.

What :func:`components.engine.textanalysis.analyze_text` computes is stored per article, keyed by the
article's content hash (``Article.id``) and :func:`~components.engine.textanalysis.analyzer_version`,
so opening a corpus again analyses only the articles that are new, changed (in their text or
their title, which the keywords read), or were analysed with other settings. Mentions are stored per actor dictionary (a hash of its TOML) and are
matched over the stored text and sentence offsets, so a new dictionary never re-runs YAKE or
VADER. Sentiment labels and shares are computed from the stored compounds when tables are
loaded, with the ``sentiment_threshold`` in force then.

Tables (rows of other analyzer versions and dictionaries are kept, so switching back reuses them):

    articles   id, version, title, source, published, url, path, authors, text,
               removed (JSON: [{"line", "reason"}, ...]; a list of lines before reasons were kept), n_words, n_sentences,
               extra (JSON: {name: value}, the user's own columns in their order; NULL: none)
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

from components.engine.store.querying import StoreReader, dictionary_key
from components.engine.store.schema import STORE_SCHEMA, StoreConnection, StoreError
from components.engine.store.writing import (
    INGEST_BATCH,
    MATCH_BATCH,
    AnalysisStore,
    IngestReport,
)

__all__ = [
    "INGEST_BATCH", "MATCH_BATCH", "STORE_SCHEMA", "AnalysisStore", "IngestReport", "StoreConnection",
    "StoreError", "StoreReader", "dictionary_key",
]
