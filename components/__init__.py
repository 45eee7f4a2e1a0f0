"""Newsscope: news-analysis engine (analysis modules) and dashboard panels (UI modules)."""

__version__ = "0.1.0"
