"""The dashboard's panels: one function per panel, each taking tidy tables and the view state.

This is a UI module (it imports streamlit). It holds no analysis: tables come from the
engine through :mod:`components.cache`, filtering and aggregation from
:mod:`components.aggregate`, figures from :mod:`components.figures`, the reader's HTML from
:mod:`components.reader`. Every widget key starts with ``ns_`` plus the panel's prefix.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from urllib.parse import urlparse

import pandas as pd
import streamlit as st

from components import cache
from components.actors import DictionaryError, load_actor_dictionary, merge_actor_dictionaries, parse_actor_dictionary
from components.aggregate import (
    ArticleTexts,
    Filtered,
    actor_sentiment,
    build_context_table,
    cooccurrence,
    count_mentions,
    fill_sentence_texts,
    filter_tables,
    keyword_in_context,
    sentiment_over_time,
    text_finder,
    top_keywords,
)
from components.analysis import Analysis, TextAnalysis, build_tables
from components.corpus import load_uploads
from components.parallel import analyze_texts
from components.figures import (
    build_actor_chart,
    build_actor_sentiment_chart,
    build_article_sentiment_chart,
    build_cooccurrence_chart,
    build_keyword_chart,
    build_sentence_chart,
    build_timeline_chart,
)
from components.reader import build_legend_html, build_reader_document, build_reader_html
from components.readers import SUPPORTED_SUFFIXES
from components.report import report_json, to_csv
from components.settings import get_setting
from components.store import StoreError
from components.viewstate import (
    ACTOR_TYPES,
    UNKNOWN_SOURCE,
    ViewState,
    apply_selection,
    shorten,
    source_label,
    state_from_query_params,
    state_to_query_params,
)

VIEW_KEY = "ns_view"
SEEN_KEY = "ns_seen_selections"
GENERATION_KEY = "ns_chart_generation"
DICTIONARY_KEY = "ns_dictionary_toml"
CHARTS = ("actors", "cooccurrence", "keywords", "article_sentiment", "actor_sentiment", "sentences", "timeline")
# Sidebar widgets bound to view-state fields: field -> widget key.
FILTER_WIDGETS = {
    "actors": "ns_filter_actors",
    "actor_types": "ns_filter_types",
    "sources": "ns_filter_sources",
    "search": "ns_filter_search",
    "sentiment": "ns_filter_sentiment",
}
READER_ARTICLE_KEY = "ns_reader_article"
READER_TITLE_CHARS = 300  # longer titles are cut in the reader's heading (the tooltip holds more)
KWIC_KEY = "ns_kwic_table"
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


@dataclass(frozen=True)
class DataSource:
    """Where the base corpus comes from: the bundled seeds, an analysis store, or Dask Parquet output."""

    kind: str = "bundled"  # "bundled" | "store" | "parquet"
    path: str = ""

    @property
    def label(self) -> str:
        return "the bundled articles" if self.kind == "bundled" else f"{self.kind} {self.path}"


def source_from_argv(argv: list[str]) -> DataSource:
    """Read ``streamlit run dashboard.py -- [--store [FILE] | --parquet DIR]`` (pure).

    Other arguments are ignored (under AppTest, ``sys.argv`` is pytest's); bad usage of these
    two raises SystemExit with argparse's message.
    """
    import argparse

    parser = argparse.ArgumentParser(prog="streamlit run dashboard.py --")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--store", nargs="?", const=str(get_setting("store_path")), metavar="FILE")
    group.add_argument("--parquet", metavar="DIR")
    args, _ = parser.parse_known_args(argv)
    if args.store:
        return DataSource("store", args.store)
    if args.parquet:
        return DataSource("parquet", args.parquet)
    return DataSource()


@dataclass(frozen=True)
class Views:
    """The data every panel draws from: all analysed tables and the two filtered views."""

    analysis: Analysis
    overview: Filtered  # sidebar filters only: the actor chart keeps every bar to click
    selection: Filtered  # sidebar filters and chart selections
    # Cleaned texts by article id, fetched when the reader or a download needs them (a store's
    # tables hold no texts).
    article_texts: ArticleTexts


def md_escape(text: object) -> str:
    """Escape Markdown (and so any HTML) in user text shown through a Markdown-rendering widget."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


# ---------------------------------------------------------------------------------------------
# Corpus and actor dictionary (sidebar)


def current_dictionary_toml() -> str:
    """The actor dictionary in force for this session (the bundled one until the user changes it)."""
    if DICTIONARY_KEY not in st.session_state:
        st.session_state[DICTIONARY_KEY] = load_actor_dictionary().to_toml()
    return st.session_state[DICTIONARY_KEY]


def render_dictionary_panel(box) -> None:
    """Download the dictionary in force; upload a replacement or additions (bad files keep the old one)."""
    with box.expander("Actor dictionary", expanded=False):
        toml_text = current_dictionary_toml()
        dictionary = parse_actor_dictionary(toml_text)
        origin = st.session_state.get("ns_dict_origin", "the bundled actors.toml")
        st.caption(f"{len(dictionary.actors)} actors from {md_escape(origin)}")
        st.download_button(
            "Download current dictionary", toml_text, file_name="actors.toml", mime="application/toml",
            key="ns_dict_download", width="stretch",
        )
        mode = st.radio("Uploaded dictionary", ["Add to current", "Replace current"], key="ns_dict_mode", horizontal=True)
        upload = st.file_uploader("Actor dictionary (.toml)", type=["toml"], key="ns_dict_upload")
        if upload is not None and st.session_state.get("ns_dict_applied") != (upload.file_id, mode):
            st.session_state["ns_dict_applied"] = (upload.file_id, mode)
            try:
                text = upload.getvalue().decode("utf-8")
                extra = parse_actor_dictionary(text, source=upload.name)
                new = extra if mode == "Replace current" else merge_actor_dictionaries(dictionary, extra)
                st.session_state[DICTIONARY_KEY] = new.to_toml()
                st.session_state["ns_dict_origin"] = new.source
                st.session_state["ns_dict_message"] = ("success", f"Using {len(new.actors)} actors ({upload.name}).")
            except UnicodeDecodeError:
                st.session_state["ns_dict_message"] = ("error", f"{upload.name}: not UTF-8 text. The previous dictionary stays in force.")
            except DictionaryError as exc:
                st.session_state["ns_dict_message"] = ("error", f"{exc}. The previous dictionary stays in force.")
            st.rerun()
        kind, message = st.session_state.get("ns_dict_message", (None, None))
        if kind == "error":
            st.error(message)
        elif kind == "success":
            st.success(message)
        if st.button("Reset to the bundled dictionary", key="ns_dict_reset", width="stretch"):
            st.session_state[DICTIONARY_KEY] = load_actor_dictionary().to_toml()
            st.session_state.pop("ns_dict_origin", None)
            st.session_state["ns_dict_message"] = (None, None)
            st.rerun()


def render_corpus_panel(box, dictionary_toml: str, source: DataSource) -> Analysis:
    """Choose the corpus (the base source and/or uploads) and return its analysis."""
    box.subheader("Corpus")
    uploads = box.file_uploader(
        "Your articles",
        type=[s.lstrip(".") for s in SUPPORTED_SUFFIXES],
        accept_multiple_files=True,
        key="ns_corpus_upload",
        help="Text, Markdown, HTML, CSV, JSON Lines, JSON or zip. Uploads stay in your session only.",
    )
    include_base = box.checkbox(f"Include {source.label}", value=True, key="ns_corpus_bundled")
    files = tuple((f.name, f.getvalue()) for f in uploads or ())
    if files:
        analysis = analyze_uploads(files, dictionary_toml)
        if include_base:
            analysis = combine_analyses(base_analysis(source, dictionary_toml), analysis)
    else:
        analysis = base_analysis(source, dictionary_toml)
    if analysis.errors:
        with box.expander(f"Problems reading {len(analysis.errors)} file(s) or row(s)", expanded=True):
            for error in analysis.errors:
                st.error(f"{md_escape(error.path)}: {md_escape(error.error)}")
    return analysis


def analyze_uploads(files: tuple[tuple[str, bytes], ...], dictionary_toml: str) -> Analysis:
    """Analyse uploaded files in this session only, showing articles done / total and time left.

    Text analyses are kept per article id in ``st.session_state`` (never a global cache), so
    adding a file analyses only the new articles and a new dictionary re-matches actors only.
    """
    digest = hashlib.sha256()
    for name, data in files:
        digest.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    key = (digest.hexdigest(), hashlib.sha256(dictionary_toml.encode()).hexdigest())
    cached = st.session_state.get("ns_upload_analysis")
    if cached is not None and cached[0] == key:
        return cached[1]
    corpus = load_uploads(files)
    done: dict[str, TextAnalysis] = st.session_state.setdefault("ns_upload_texts", {})
    todo = [a for a in corpus.articles if a.id not in done]
    if todo:
        with st.status(f"Analysing {len(todo):,} uploaded article(s)…", expanded=True) as status:
            results = analyze_texts([a.text for a in todo], progress=_progress_bar())
            done.update(zip((a.id for a in todo), results))
            status.update(label=f"Analysed {len(todo):,} uploaded article(s)", state="complete", expanded=False)
    analysis = build_tables(
        corpus.articles, [done[a.id] for a in corpus.articles], parse_actor_dictionary(dictionary_toml),
        errors=corpus.errors,
    )
    st.session_state["ns_upload_analysis"] = (key, analysis)
    return analysis


def _progress_bar() -> Callable[[int, int], None]:
    """A progress bar here, and the ``progress(done, total)`` callback that moves it with the time left."""
    bar = st.progress(0.0)
    started = time.monotonic()

    def show(finished: int, total: int) -> None:
        left = (time.monotonic() - started) / finished * (total - finished) if finished else 0.0
        bar.progress(finished / total, text=f"{finished:,} of {total:,} articles, about {left:.0f} s left")

    return show


def update_outdated_store(path: str) -> None:
    """Re-analyse, with progress, stored articles an older Newsscope (or other settings) analysed:
    without this they would silently be missing from the dashboard."""
    count = cache.store_outdated(path)
    if not count:
        return
    failed = st.session_state.get("ns_store_update_failed")
    if failed:  # tried once in this session: say so, do not redo the work on every click
        st.warning(f"{count:,} stored article(s) an older Newsscope analysed are left out: {md_escape(failed)}")
        return
    with st.status(f"Updating {count:,} stored article(s) analysed by an older Newsscope or other settings…", expanded=True) as status:
        try:
            cache.open_store(path).update_outdated(progress=_progress_bar())
        except StoreError as exc:
            st.session_state["ns_store_update_failed"] = str(exc)
            status.update(label=f"Could not update the store: {exc}", state="error")
            return
        status.update(label=f"Updated {count:,} stored article(s) to this version", state="complete", expanded=False)
    cache.store_outdated.clear()
    cache.store_analysis.clear()


def base_analysis(source: DataSource, dictionary_toml: str) -> Analysis:
    if source.kind == "store":
        update_outdated_store(source.path)
        return cache.store_analysis(source.path, dictionary_toml)
    if source.kind == "parquet":
        return cache.parquet_analysis(source.path, dictionary_toml)
    return cache.bundled_analysis(dictionary_toml)


def combine_analyses(first: Analysis, second: Analysis) -> Analysis:
    """Both corpora's tables; an uploaded copy of a bundled article is kept once."""
    new_ids = set(second.articles["id"]) - set(first.articles["id"])

    def add(a: pd.DataFrame, b: pd.DataFrame, column: str) -> pd.DataFrame:
        return pd.concat([a, b.loc[b[column].isin(new_ids)]], ignore_index=True)

    return Analysis(
        articles=add(first.articles, second.articles, "id"),
        sentences=add(first.sentences, second.sentences, "article_id"),
        mentions=add(first.mentions, second.mentions, "article_id"),
        keywords=add(first.keywords, second.keywords, "article_id"),
        errors=first.errors + second.errors,
    )


# ---------------------------------------------------------------------------------------------
# The view state: URL on first load, then widgets, chart selections and chips


def _query_params() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params}


def read_view_state(analysis: Analysis) -> ViewState:
    """This run's view state: from the URL on a session's first run, then from the widgets and
    any new chart or table selection. Notes about ignored URL parameters are shown once."""
    if VIEW_KEY not in st.session_state:
        state, notes = state_from_query_params(
            _query_params(),
            known_actors=set(analysis.mentions["actor"]) | set(parse_actor_dictionary(current_dictionary_toml()).by_name()),
            known_sources={source_label(s) for s in analysis.articles["source"].unique()} | {UNKNOWN_SOURCE},
            known_articles=set(analysis.articles["id"]),
        )
        st.session_state["ns_url_notes"] = notes
    else:
        state = _state_from_widgets(st.session_state[VIEW_KEY])
    state = _apply_new_selections(state)
    st.session_state[VIEW_KEY] = state
    _write_widgets(state)
    return state


def _state_from_widgets(state: ViewState) -> ViewState:
    changes = {field: st.session_state[key] for field, key in FILTER_WIDGETS.items() if key in st.session_state}
    if "sentiment" in changes:
        changes["sentiment"] = tuple(changes["sentiment"])
    return state.with_changes(**changes)


def _pick_article() -> None:
    state: ViewState = st.session_state[VIEW_KEY]
    st.session_state[VIEW_KEY] = state.with_changes(article=st.session_state[READER_ARTICLE_KEY], sentence=None)


def _write_widgets(state: ViewState) -> None:
    for field, key in FILTER_WIDGETS.items():
        value = getattr(state, field)
        st.session_state[key] = list(value) if field in ("actors", "actor_types", "sources") else value
    if state.article is not None:
        st.session_state[READER_ARTICLE_KEY] = state.article


def _fingerprint(event: object) -> str:
    try:
        return json.dumps(event, sort_keys=True, default=str)
    except (TypeError, ValueError):
        return repr(event)


def _generation_key(base: str) -> str:
    """Key of a selectable widget; a new generation (after a chip is removed) starts unselected."""
    return f"{base}_{st.session_state.get(GENERATION_KEY, 0)}"


def chart_key(chart: str) -> str:
    return _generation_key(f"ns_chart_{chart}")


def _apply_new_selections(state: ViewState) -> ViewState:
    seen = st.session_state.setdefault(SEEN_KEY, {})
    for chart in CHARTS:
        event = st.session_state.get(chart_key(chart))
        if event is None:
            continue
        event = {"selection": dict(event["selection"])} if "selection" in event else event
        fingerprint = _fingerprint(event)
        if seen.get(chart_key(chart)) != fingerprint:
            seen[chart_key(chart)] = fingerprint
            state = apply_selection(state, chart, event)
    kwic = st.session_state.get(_generation_key(KWIC_KEY))
    if kwic is not None:
        rows = list(kwic["selection"]["rows"])
        fingerprint = _fingerprint(rows) + _fingerprint(st.session_state.get("ns_kwic_rows"))
        if rows and seen.get(KWIC_KEY) != fingerprint:
            seen[KWIC_KEY] = fingerprint
            listed = st.session_state.get("ns_kwic_rows") or []
            if rows[0] < len(listed):
                article_id, sentence = listed[rows[0]]
                state = state.with_changes(article=article_id, sentence=int(sentence))
    return state


def _remove(field: str) -> None:
    _replace_view(st.session_state[VIEW_KEY].without(field), forget_article=field == "article")


def _clear_all() -> None:
    _replace_view(ViewState(), forget_article=True)


def _replace_view(state: ViewState, *, forget_article: bool) -> None:
    """A chip's callback: the new state, its widgets, and fresh (unselected) charts."""
    if forget_article:
        st.session_state.pop(READER_ARTICLE_KEY, None)
    st.session_state[VIEW_KEY] = state
    st.session_state[GENERATION_KEY] = st.session_state.get(GENERATION_KEY, 0) + 1
    _write_widgets(state)


def write_url(state: ViewState) -> None:
    """Mirror the view state in the address bar, so copying it shares this exact view."""
    wanted = state_to_query_params(state)
    current = _query_params()
    normalised = {k: v if isinstance(v, list) else [v] for k, v in wanted.items()}
    if normalised != current:
        st.query_params.from_dict(wanted)


def build_views(analysis: Analysis, state: ViewState, source: DataSource) -> Views:
    """Filter the tables by the view state; in store mode text searches and texts come from the store."""
    articles = analysis.articles
    find_text = None
    if source.kind == "store":

        def find_text(needle: str, whole_word: bool) -> set[str]:
            # Uploaded articles (shown beside the store) carry their texts in memory.
            uploaded = text_finder(articles.loc[articles["text"].fillna("") != ""])
            return cache.store_search(source.path, needle, whole_word) | uploaded(needle, whole_word)

    store = cache.open_store(source.path) if source.kind == "store" else None

    def article_texts(article_ids: Iterable[str]) -> dict[str, str]:
        ids = list(article_ids)
        found = articles.loc[articles["id"].isin(ids)]
        texts = {i: t for i, t in zip(found["id"], found["text"].fillna("")) if t}
        missing = [i for i in ids if i not in texts]
        return texts | (store.article_texts(missing) if store is not None and missing else {})

    tables = (analysis.articles, analysis.sentences, analysis.mentions, analysis.keywords)
    return Views(
        analysis=analysis,
        overview=filter_tables(*tables, state, narrow_to_selection=False, find_text=find_text),
        selection=filter_tables(*tables, state, find_text=find_text),
        article_texts=article_texts,
    )


# ---------------------------------------------------------------------------------------------
# Panels


def render_filters(box, analysis: Analysis) -> None:
    """Sidebar filters; their values live in the view state (see FILTER_WIDGETS)."""
    box.subheader("Filters")
    by_count = analysis.mentions["actor"].value_counts()
    actor_options = list(by_count.index)
    source_options = sorted({source_label(s) for s in analysis.articles["source"].unique()})
    for key, options in ((FILTER_WIDGETS["actors"], actor_options), (FILTER_WIDGETS["sources"], source_options)):
        st.session_state[key] = [v for v in st.session_state.get(key, []) if v in options]
    box.multiselect("Actors", actor_options, key=FILTER_WIDGETS["actors"], help="Keep articles that mention any of these actors.")
    box.multiselect("Actor types", list(ACTOR_TYPES), key=FILTER_WIDGETS["actor_types"], help="Count only mentions of these types.")
    box.multiselect("Sources", source_options, key=FILTER_WIDGETS["sources"])
    box.text_input("Search the text", key=FILTER_WIDGETS["search"], placeholder="e.g. nuclear", help="Case-insensitive; keeps articles containing it.")
    box.slider("Article sentiment", -1.0, 1.0, step=0.05, key=FILTER_WIDGETS["sentiment"], help="Mean VADER compound of the article's sentences.")


def render_url_notes() -> None:
    for note in st.session_state.get("ns_url_notes", []):
        st.warning(md_escape(note), icon="🔗")


def render_header(views: Views) -> None:
    """The corpus at a glance, for the current selection."""
    articles = views.selection.articles
    mentions = views.selection.mentions
    st.title("Newsscope")
    cols = st.columns(5)
    cols[0].metric("Articles", f"{len(articles):,}", help=f"of {len(views.analysis.articles):,} loaded")
    cols[1].metric("Words", f"{int(articles['n_words'].sum()):,}")
    cols[2].metric("Actors found", f"{mentions['actor'].nunique():,}", help=f"{len(mentions):,} mentions")
    mean = articles["sentiment_mean"].mean() if len(articles) else 0.0
    cols[3].metric("Mean sentiment", f"{mean:+.3f}", help="Mean of the articles' sentence-level VADER means")
    cols[4].metric("Sources", f"{len({source_label(s) for s in articles['source'].unique()}):,}")


def _titles(articles: pd.DataFrame, ids) -> dict[str, str]:
    """Titles of the articles ``ids`` (not of every article: a corpus may hold 100,000)."""
    found = articles.loc[articles["id"].isin(list(ids))]
    return dict(zip(found["id"], found["title"]))


def render_chips(state: ViewState, views: Views) -> None:
    """Active filters and selections as removable chips, plus "Clear all"."""
    chips = state.chips(article_titles=_titles(views.analysis.articles, [state.article] if state.article else []))
    if not chips:
        st.caption("Click a bar, a cell or a point to select it; every chart and the reader follow.")
        return
    cols = st.columns(min(len(chips), 6) + 1)
    for i, (field, label) in enumerate(chips):
        cols[i % 6].button(f"✕ {md_escape(label)}", key=f"ns_chip_{field}", on_click=_remove, args=(field,), help="Remove")
    cols[-1].button("Clear all", key="ns_chip_clear_all", on_click=_clear_all, type="primary")


def _chart(fig, chart: str) -> None:
    st.plotly_chart(fig, key=chart_key(chart), on_select="rerun", selection_mode="points", config={"displayModeBar": False})


def render_actor_panel(state: ViewState, views: Views) -> None:
    st.subheader("Actor mentions")
    by = st.radio("Colour", ["type", "source"], horizontal=True, key="ns_actors_by", format_func=lambda v: f"by {v}", label_visibility="collapsed")
    counts = count_mentions(views.overview.mentions, views.overview.articles, by=by)
    _chart(build_actor_chart(counts, by=by, selected=state.actor), "actors")


def render_cooccurrence_panel(state: ViewState, views: Views) -> None:
    st.subheader("Co-occurrence in sentences")
    pairs = cooccurrence(views.overview.mentions, views.overview.sentences)
    _chart(build_cooccurrence_chart(pairs, selected=state.pair, actor=state.actor), "cooccurrence")


def render_keyword_panel(state: ViewState, views: Views) -> None:
    st.subheader("Keywords of the selection")
    _chart(build_keyword_chart(top_keywords(views.selection.keywords, top=20), selected=state.keyword), "keywords")


def render_sentiment_panel(state: ViewState, views: Views) -> None:
    st.subheader("Sentiment")
    by_article, by_actor = st.tabs(["Per article", "Per actor"])
    with by_article:
        count = len(views.selection.articles)
        if count > 30:
            st.caption(f"The 15 most positive and 15 most negative of {count:,} articles.")
        _chart(build_article_sentiment_chart(views.selection.articles, selected=state.article), "article_sentiment")
    with by_actor:
        per_actor = actor_sentiment(views.selection.mentions, views.selection.sentences)
        _chart(build_actor_sentiment_chart(per_actor, selected=state.actor), "actor_sentiment")


def render_timeline_panel(views: Views) -> None:
    over_time = sentiment_over_time(views.selection.articles)
    if over_time["date"].nunique() >= 2:
        st.subheader("Over time")
        _chart(build_timeline_chart(over_time), "timeline")


def reader_article_id(state: ViewState, views: Views) -> str | None:
    """The article the reader shows: the selected one if it is in the selection, else the first."""
    ids = list(views.selection.articles["id"])
    if state.article in ids:
        return state.article
    return ids[0] if ids else None


def render_reader_panel(state: ViewState, views: Views) -> None:
    """The selected article, highlighted, with its sentence line and what cleaning removed."""
    st.subheader("Reader")
    article_id = reader_article_id(state, views)
    if article_id is None:
        st.info("No article matches the current filters.")
        return
    articles = views.selection.articles
    # The picker lists the first 500 articles of the selection (and the one shown); charts and
    # the in-context list reach the others.
    listed = articles.loc[articles.index[:500].union(articles.index[articles["id"] == article_id])]
    titles = dict(zip(listed["id"], listed["title"]))
    st.session_state[READER_ARTICLE_KEY] = article_id
    st.selectbox(
        "Article", list(titles), key=READER_ARTICLE_KEY, format_func=lambda i: titles.get(i, i),
        on_change=_pick_article, label_visibility="collapsed",
    )
    article = articles.loc[articles["id"] == article_id].iloc[0]
    text = views.article_texts([article_id]).get(article_id, "")
    sentences = fill_sentence_texts(
        views.analysis.sentences.loc[views.analysis.sentences["article_id"] == article_id], lambda _: {article_id: text}
    )
    mentions = views.selection.mentions.loc[views.selection.mentions["article_id"] == article_id]
    selected_sentence = state.sentence if state.article == article_id else None
    _chart(build_sentence_chart(sentences, selected=selected_sentence), "sentences")
    body = build_reader_html(
        text, sentences, mentions,
        active_actor=state.actor, active_keyword=state.keyword, selected_sentence=selected_sentence,
    )
    header = _reader_header_html(article)
    legend = build_legend_html(sorted(mentions["type"].unique()))
    st.iframe(build_reader_document(header + body, legend=legend, scroll_to=selected_sentence), height=620)
    removed = list(article["removed"])
    if removed:
        with st.expander(f"Cleaning removed {len(removed)} line(s)"):
            st.code("\n".join(removed), language=None, wrap_lines=True)


def _reader_header_html(article: pd.Series) -> str:
    parts = [source_label(article["source"]), article["published"] or "date unknown"]
    if article["authors"]:
        parts.append(f"by {article['authors']}")
    meta = " · ".join(html.escape(str(p)) for p in parts)
    url = str(article["url"] or "")
    if urlparse(url).scheme in ("http", "https"):
        meta += f' · <a href="{html.escape(url, quote=True)}" target="_blank" rel="noopener noreferrer">source link</a>'
    title = str(article["title"])
    return (
        f'<h2 style="font:600 22px system-ui,sans-serif;margin:4px 4px 2px" title="{html.escape(shorten(title, limit=2_000))}">'
        f'{html.escape(shorten(title, limit=READER_TITLE_CHARS))}</h2>'
        f'<div class="ns-legend">{meta}</div>'
    )


def render_kwic_panel(state: ViewState, views: Views) -> None:
    """Keyword in context: every sentence of the selection with the active actor/keyword/pair."""
    st.subheader("In context")
    context = keyword_in_context(views.selection.sentences, views.selection.mentions, state, article_texts=views.article_texts)
    if context.empty:
        st.session_state["ns_kwic_rows"] = []
        st.caption("Select an actor, a keyword or a co-occurrence cell to list its sentences here.")
        return
    titles = _titles(views.analysis.articles, context["article_id"].unique())
    st.session_state["ns_kwic_rows"] = list(zip(context["article_id"], context["sentence"].astype(int)))
    table = build_context_table(context, titles)
    st.caption(f"{len(context)} sentence(s); click one to open it in the reader.")
    st.dataframe(
        table, key=_generation_key(KWIC_KEY), on_select="rerun",
        selection_mode="single-row", hide_index=True, height=360,
        column_order=["left", "match", "right", "sentiment", "article", "#"],
        column_config={
            "left": st.column_config.TextColumn("", alignment="right", width="medium"),
            "match": st.column_config.TextColumn("match", width="small"),
            "right": st.column_config.TextColumn("", width="medium"),
            "article": st.column_config.TextColumn(width="small"),
        },
    )


def render_downloads(views: Views) -> None:
    """CSV of the mentions, keywords and sentences tables and the whole analysis as JSON, as filtered.

    The files are built when a button is clicked (``data`` is a callable), not on every rerun:
    at 10,000 articles building them costs more than the rest of the page.
    """
    selection = views.selection
    st.subheader("Download the current selection")
    cols = st.columns(4)
    csv_files = {
        "mentions": partial(to_csv, selection.mentions),
        "keywords": partial(to_csv, selection.keywords),
        "sentences": lambda: to_csv(fill_sentence_texts(selection.sentences, views.article_texts)),
    }
    for col, (name, build) in zip(cols, csv_files.items()):
        col.download_button(
            f"{name}.csv", build, file_name=f"newsscope-{name}.csv", mime="text/csv",
            key=f"ns_dl_{name}", width="stretch", on_click="ignore",
        )
    analysis = Analysis(selection.articles, selection.sentences, selection.mentions, selection.keywords, views.analysis.errors)
    cols[3].download_button(
        "analysis.json", partial(report_json, analysis, views.article_texts), file_name="newsscope-analysis.json",
        mime="application/json", key="ns_dl_json", width="stretch", on_click="ignore",
    )
