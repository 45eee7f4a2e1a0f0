"""Newsscope: news analysis (keywords, actors, sentiment) as tidy tables, a CLI and a dashboard.

The package follows the data's one-way flow, a subpackage per stage (see :data:`FLOW`):
``ingest`` -> ``language`` -> ``engine`` -> ``views`` -> ``ui``; ``settings`` and ``cli`` sit
at the top. A module imports only from its own stage or earlier ones, and only ``ui`` imports
streamlit (``tests/test_architecture.py`` checks both).

The public Python API is importable from here (``from components import analyze_corpus``);
its names stay stable when the code behind them moves. They are loaded on first use, so
importing one stage does not import the others.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

FLOW: tuple[str, ...] = ("ingest", "language", "engine", "views", "ui")
"""The stages, in the order data flows through them."""

_API: dict[str, str] = {
    "Article": "components.ingest.corpus",
    "Corpus": "components.ingest.corpus",
    "load_corpus": "components.ingest.corpus",
    "load_uploads": "components.ingest.corpus",
    "fold_quotes": "components.ingest.cleaning",
    "clean_text": "components.ingest.cleaning",
    "split_sentences": "components.language.sentences",
    "extract_keywords": "components.language.keywords",
    "ActorDictionary": "components.language.actors",
    "DictionaryError": "components.language.actors",
    "load_actor_dictionary": "components.language.actors",
    "parse_actor_dictionary": "components.language.actors",
    "find_mentions": "components.language.actors",
    "find_unknown_names": "components.language.names",
    "score_sentences": "components.language.sentiment",
    "label_sentiment": "components.language.sentiment",
    "analyze_text": "components.engine.textanalysis",
    "Analysis": "components.engine.analysis",
    "analyze_corpus": "components.engine.analysis",
    "AnalysisStore": "components.engine.store",
    "build_report": "components.views.report",
}

__all__ = ["FLOW", "__version__", *_API]


def __getattr__(name: str) -> Any:
    """Import a public name from the module that holds it, on first use (PEP 562)."""
    if name not in _API:
        raise AttributeError(f"module 'components' has no attribute {name!r}")
    value = getattr(importlib.import_module(_API[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_API))
