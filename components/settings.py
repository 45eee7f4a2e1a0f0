"""The one table of settings: name, default and help.

It drives the defaults used by the analysis modules, the CLI's help text and the
README's settings section (``tests/test_docs.py`` fails when the README misses one).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
SEEDS_DIR = PROJECT_DIR / "seeds"
DEFAULT_ACTORS_FILE = SEEDS_DIR / "actors.toml"


@dataclass(frozen=True)
class Setting:
    name: str
    default: object
    help: str
    choices: tuple[str, ...] = ()  # the allowed values of a text setting (none: any)


SETTINGS: tuple[Setting, ...] = (
    Setting("yake_max_ngram", 3, "Longest keyword YAKE may return, in words."),
    Setting("yake_top", 20, "Keywords kept per article."),
    Setting(
        "yake_dedup_lim",
        0.7,
        "YAKE's deduplication threshold (passed as `dedup_lim`); lower drops more near-duplicates.",
    ),
    Setting("yake_window", 1, "YAKE's co-occurrence window size (`window_size`)."),
    Setting("yake_language", "en", "Language code for YAKE's stopword list."),
    Setting(
        "sentiment_threshold",
        0.05,
        "A sentence is positive when its VADER compound is >= this, negative when <= minus this.",
    ),
    Setting(
        "actor_tone",
        "target",
        "Tone toward an actor in every view: `target` (the tone of its sentence toward that actor, from a model trained on NewsMTSC) or `sentence` (the VADER compound of the whole sentence that mentions it).",
        choices=("target", "sentence"),
    ),
    Setting(
        "tone_min_sentences",
        5,
        "A tone (toward an actor, a pair or from a source) resting on fewer sentences than this is shown greyed out, and never ranks as most positive or most negative.",
    ),
    Setting(
        "max_file_bytes",
        20_000_000,
        "Largest single input file read, in bytes (a .zip member counts as a file); a larger one is refused, unread.",
    ),
    Setting(
        "max_article_chars",
        1_000_000,
        "Longest article analysed, in characters of cleaned text (about 160,000 words); a longer one is refused.",
    ),
    Setting(
        "max_zip_total_bytes",
        100_000_000,
        "Largest total uncompressed size of the members of one .zip archive, archives nested in it included, in bytes.",
    ),
    Setting("max_zip_members", 10_000, "Most members read from one .zip archive, archives nested in it included."),
    Setting(
        "keyword_backend",
        "yake-rust",
        "Keyword extractor: `yake-rust` (about 6x faster YAKE; falls back to `yake` when not installed) or `yake` (the reference Python package).",
    ),
    Setting(
        "store_path",
        "newsscope.duckdb",
        "The DuckDB analysis store the dashboard opens in store mode (the CLI takes `--store FILE`).",
    ),
    Setting(
        "share_path",
        "newsscope-shares",
        "Folder where the dashboard keeps the corpora that visitors chose to share (\"Share this corpus\"); a relative path is relative to the folder the dashboard runs in, as for `store_path`.",
    ),
    Setting("share_max_bytes", 20_000_000, "Largest corpus one share may keep, in bytes of uploaded files (and actor dictionary); a larger one is not shared, with that reason."),
    Setting("share_quota_bytes", 1_000_000_000, "Most bytes all shared corpora together may keep on the server; a share that would go over it is refused, with that reason."),
    Setting("share_days", 30, "Days a shared corpus is kept; then it is deleted, and its link says that it expired."),
    Setting("workers", 0, "Processes for batch analysis; 0 means one per CPU core."),
    Setting("max_upload_articles", 2_000, "Most articles one dashboard upload (all files in the uploader) may hold; a larger upload is refused before any analysis."),
    Setting("max_upload_chars", 5_000_000, "Most characters of cleaned text one dashboard upload may hold (about 800,000 words)."),
    Setting("max_session_articles", 5_000, "Most uploaded articles one dashboard session may have analysed, all uploads together."),
    Setting("max_session_chars", 20_000_000, "Most characters of uploaded text one dashboard session may have analysed, all uploads together."),
    Setting(
        "max_dictionary_bytes",
        1_000_000,
        "Largest actor dictionary read, in bytes of TOML; a larger one is refused and the previous one stays in force.",
    ),
    Setting("max_dictionary_aliases", 20_000, "Most aliases (names included, ignored phrases too) an actor dictionary may hold."),
    Setting("max_alias_chars", 200, "Longest alias, name or ignored phrase of an actor dictionary, in characters."),
    Setting(
        "actor_discovery",
        True,
        "Find the people, organisations, countries and places that articles name beyond the actor dictionary (`false`: the dictionary's actors only).",
    ),
    Setting(
        "unknown_names_top",
        30,
        "Capitalised names not in the actor dictionary listed, most frequent first.",
    ),
)

DEFAULTS: dict[str, object] = {s.name: s.default for s in SETTINGS}
_CHOICES: dict[str, tuple[str, ...]] = {s.name: s.choices for s in SETTINGS}


def get_setting(name: str) -> object:
    """Return the setting ``name``: the environment variable ``NEWSSCOPE_<NAME>`` if set, else its default.

    The environment value is converted to the default's type; a value that does not
    convert raises ValueError naming the variable. KeyError for an unknown setting.
    """
    default = DEFAULTS[name]
    raw = os.environ.get(f"NEWSSCOPE_{name.upper()}")
    if raw is None:
        return default
    if isinstance(default, bool):  # bool("false") is True: read the words
        if raw.strip().lower() in ("1", "true", "yes", "on"):
            return True
        if raw.strip().lower() in ("0", "false", "no", "off"):
            return False
        raise ValueError(f"NEWSSCOPE_{name.upper()}={raw!r} is not a valid bool (true or false)")
    try:
        value = type(default)(raw)
    except ValueError:
        raise ValueError(f"NEWSSCOPE_{name.upper()}={raw!r} is not a valid {type(default).__name__}") from None
    choices = _CHOICES[name]
    if choices and value not in choices:
        raise ValueError(f"NEWSSCOPE_{name.upper()}={raw!r} is not one of {', '.join(choices)}")
    return value


def settings_stamp() -> tuple[tuple[str, str], ...]:
    """The settings given in the environment, as they stand: what a result remembered across
    reruns depends on besides its inputs (a changed setting must not return a stale result)."""
    return tuple(sorted((k, v) for k, v in os.environ.items() if k.startswith("NEWSSCOPE_")))


def check_settings() -> None:
    """Raise ValueError naming the variable if any ``NEWSSCOPE_<NAME>`` override is not valid."""
    for setting in SETTINGS:
        get_setting(setting.name)


def format_settings_table() -> str:
    """The README's settings section as a Markdown table (``python -m components.settings``)."""
    rows = ["| setting | default | meaning |", "| --- | --- | --- |"]
    rows += [f"| `{s.name}` | `{s.default}` | {s.help} |" for s in SETTINGS]
    return "\n".join(rows)


if __name__ == "__main__":
    print(format_settings_table())
