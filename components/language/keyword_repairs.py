"""What is never a keyword (:func:`is_junk_keyword`: pure numbers or punctuation, single
characters, stopwords, over-long tokens and web-page chrome, ``BOILERPLATE``, that survived text
cleaning), a keyword's identity (:func:`keyword_key`), and when a phrase counts as a fragment of
a longer one (``FRAGMENT_COVERAGE``, used by :mod:`components.language.keyphrases`).
"""

from __future__ import annotations

from collections.abc import Iterable

FRAGMENT_COVERAGE = 0.5
"""A keyword is a fragment of a longer one that holds at least this share of its occurrences."""

MAX_KEYWORD_CHARS = 60
"""Longer "keywords" are run-together garbage (URLs, text without spaces)."""

BOILERPLATE: frozenset[str] = frozenset(
    {
        # single words: dropped only as the whole keyword ("Washington Post" stays)
        "advertisement",
        "comment",
        "comments",
        "cookie",
        "cookies",
        "login",
        "newsletter",
        "post",
        "posts",
        "reply",
        "share",
        "shares",
        "sponsored",
        "subscribe",
        # phrases: dropped also inside a longer keyword ("Trinity Audio player")
        "all rights reserved",
        "audio player",
        "click here",
        "follow us",
        "leave a comment",
        "log in",
        "next post",
        "post a comment",
        "previous post",
        "privacy policy",
        "read more",
        "related articles",
        "sign up",
        "skip to content",
        "terms of use",
        "trinity audio",
    }
)
"""Web-page chrome that is never a keyword (outlet names are not chrome: they stay)."""

_BOILERPLATE_PHRASES = tuple(sorted(p for p in BOILERPLATE if " " in p))


def is_junk_keyword(keyword: str, *, stopwords: Iterable[str] = ()) -> bool:
    """True for keywords that must never be shown.

    Junk: no letter at all ("2022", "--"), a single character, longer than
    ``MAX_KEYWORD_CHARS``, only stopwords (an all-capitals acronym is not a stopword),
    a ``BOILERPLATE`` word, or a keyword containing a ``BOILERPLATE`` phrase.
    """
    stripped = keyword.strip()
    if len(stripped) <= 1 or len(stripped) > MAX_KEYWORD_CHARS:
        return True
    if not any(ch.isalpha() for ch in stripped):
        return True
    words = tuple(keyword_key(stripped).split())
    stopword_set = frozenset(stopwords)
    if all(w in stopword_set for w in words) and not (stripped.isupper() and len(stripped) > 1):
        return True
    joined = " ".join(words)
    if joined in BOILERPLATE:
        return True
    return any(f" {phrase} " in f" {joined} " for phrase in _BOILERPLATE_PHRASES)


def keyword_key(keyword: str) -> str:
    """The case-insensitive identity of a keyword."""
    return " ".join(keyword.casefold().split())
