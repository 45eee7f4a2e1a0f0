"""Command line: ``newsscope analyze [PATH ...] [--actors FILE] [--json FILE] [--store FILE] [--workers N] [--quiet]
[--no-discovery] [--user-columns]`` and ``newsscope actors [PATH ...] [--format table|csv|json] [--toml FILE]``.

With ``--store`` the analyses are kept in a DuckDB file (``components.engine.store``) and only new or
changed articles are analysed; the report is the same as without it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from tqdm import tqdm

from components.engine.analysis import Analysis
from components.engine.distributed import (
    DaskEngineError,
    analyze_on_dask,
    read_manifest,
)
from components.engine.parallel import document_cleaner, resolve_workers
from components.engine.sources import FilesSource, StoreSource, parquet_source
from components.engine.store import AnalysisStore, StoreError
from components.ingest.corpus import Corpus, load_corpus
from components.language.actors import (
    ActorDictionary,
    DictionaryError,
    load_actor_dictionary,
)
from components.settings import SETTINGS, check_settings
from components.views.actors import actor_table, actors_to_dictionary
from components.views.quotes import quote_table
from components.views.report import (
    build_report,
    format_summary,
    to_csv,
    with_user_columns,
)

_DISCOVERY_VARIABLE = "NEWSSCOPE_ACTOR_DISCOVERY"
EXIT_OK = 0
EXIT_NOTHING = 2


def build_parser() -> argparse.ArgumentParser:
    settings_help = "\n".join(f"  {s.name} (default {s.default!r}): {s.help}" for s in SETTINGS)
    parser = argparse.ArgumentParser(
        prog="newsscope",
        description="Analyse news articles: keywords (YAKE), actor mentions and sentiment (VADER).",
        epilog=f"settings:\n{settings_help}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True)
    analyze = commands.add_parser(
        "analyze",
        help="analyse files and folders (default: the bundled seed articles)",
        description="Analyse .txt, .md, .html, .csv, .jsonl, .json and .zip files, or folders of them.",
    )
    analyze.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: bundled seeds)")
    analyze.add_argument("--actors", metavar="FILE", help="actor dictionary (TOML; default: seeds/actors.toml)")
    analyze.add_argument("--json", metavar="FILE", help="write the full analysis as JSON to FILE ('-' for stdout)")
    analyze.add_argument(
        "--store",
        metavar="FILE",
        help="keep analyses in this DuckDB file and analyse only new or changed articles"
        " (the dashboard's store mode uses the store_path setting)",
    )
    analyze.add_argument(
        "--workers",
        metavar="N",
        type=_worker_count,
        help="processes for the analysis (default: the workers setting; 0: one per CPU core; 1: no extra process)",
    )
    analyze.add_argument(
        "--quiet", action="store_true", help="no progress bar and no store messages (errors are still reported)"
    )
    analyze.add_argument(
        "--user-columns", action="store_true",
        help="in the JSON, give each article the columns of its own that its CSV/JSON(L) record had"
        ' ("extra": a doc_id, tags...); off by default, so the JSON stays as before',
    )
    analyze.add_argument(
        "--no-discovery", action="store_true",
        help="the dictionary's actors only: find no other names (the actor_discovery setting)",
    )
    analyze.add_argument(
        "--engine",
        choices=("pool", "dask"),
        default="pool",
        help="pool: a process pool on this machine (default); dask: a Dask cluster, writing Parquet files",
    )
    analyze.add_argument(
        "--scheduler", metavar="ADDRESS", help="with --engine dask: an existing cluster (default: a local cluster)"
    )
    analyze.add_argument(
        "--parquet",
        metavar="DIR",
        default="newsscope-parquet",
        help="with --engine dask: where the Parquet tables go (default: %(default)s)",
    )
    actors = commands.add_parser(
        "actors",
        help="list the actors of a corpus: type, origin, mentions, articles, names seen",
        description="List every actor that the dictionary gives or discovery finds in the corpus, most mentioned first.",
    )
    actors.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: bundled seeds)")
    actors.add_argument("--actors", metavar="FILE", help="actor dictionary (TOML; default: seeds/actors.toml)")
    actors.add_argument("--format", choices=("table", "csv", "json"), default="table", help="output format (default: table)")
    actors.add_argument(
        "--toml", metavar="FILE",
        help="also write the discovered actors as a starting actor dictionary to FILE ('-' for stdout)",
    )
    actors.add_argument("--workers", metavar="N", type=_worker_count, help="processes for the analysis")
    quotes = commands.add_parser(
        "quotes",
        help="list the quotes and reported speech of a corpus, with speakers and articles",
        description="List every direct, partial and reported quote: its speaker (and the actor it resolves to),"
        " the actors it mentions, and its article's title, source, date and URL.",
    )
    quotes.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: bundled seeds)")
    quotes.add_argument("--actors", metavar="FILE", help="actor dictionary (TOML; default: seeds/actors.toml)")
    quotes.add_argument("--format", choices=("table", "csv", "json"), default="table", help="output format (default: table)")
    quotes.add_argument("--output", metavar="FILE", help="write to FILE instead of standard output")
    quotes.add_argument("--workers", metavar="N", type=_worker_count, help="processes for the analysis")
    return parser


def _analyse_paths(args: argparse.Namespace) -> Analysis | None:
    """The analysis of ``args.paths`` with ``args.actors`` on ``args.workers`` processes; None
    (after saying why on stderr) when the settings or the dictionary cannot be used."""
    try:
        check_settings()
        dictionary = load_actor_dictionary(args.actors)
        workers = resolve_workers(args.workers)
    except (DictionaryError, ValueError) as exc:
        print(f"newsscope: {exc}", file=sys.stderr)
        return None
    source = FilesSource(load_and_report(args.paths, workers=workers), workers=workers)
    source.prepare()
    return source.tables(dictionary)


def run_quotes(args: argparse.Namespace) -> int:
    """``newsscope quotes``: the quotes of a corpus as a table, CSV or JSON."""
    analysis = _analyse_paths(args)
    if analysis is None:
        return EXIT_NOTHING
    table = with_user_columns(quote_table(analysis.quotes, analysis.articles, analysis.mentions), analysis.articles)
    if args.format == "json":
        records = table.assign(about=[list(a) for a in analysis.quotes["about"]]).to_dict("records")
        text = json.dumps(records, ensure_ascii=False, indent=1) + "\n"
    elif args.format == "csv":
        text = to_csv(table)
    else:
        shown = table[["speaker_actor", "kind", "verb", "text", "title"]].fillna("")
        text = (shown.to_string(index=False, max_colwidth=60) if not table.empty else "no quotes") + "\n"
    if args.output:
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as exc:
            print(f"newsscope: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
            return EXIT_NOTHING
    else:
        sys.stdout.write(text)
    return EXIT_OK if len(analysis.articles) else EXIT_NOTHING


def run_actors(args: argparse.Namespace) -> int:
    """``newsscope actors``: the actor table of a corpus, and optionally a starting dictionary."""
    analysis = _analyse_paths(args)
    if analysis is None:
        return EXIT_NOTHING
    table = actor_table(analysis.mentions)
    if args.format == "json":
        print(json.dumps(table.to_dict("records"), ensure_ascii=False, indent=1))
    elif args.format == "csv":
        sys.stdout.write(to_csv(table))
    else:
        print(table.to_string(index=False, max_colwidth=60) if not table.empty else "no actors")
    if args.toml:
        discovered = actors_to_dictionary(table.loc[table["origin"] == "discovered"]).to_toml()
        header = "# Actors Newsscope discovered; edit, then use with --actors or upload in the dashboard.\n\n"
        if args.toml == "-":
            sys.stdout.write(header + discovered)
        else:
            try:
                Path(args.toml).write_text(header + discovered, encoding="utf-8")
            except OSError as exc:
                print(f"newsscope: cannot write {args.toml}: {exc.strerror or exc}", file=sys.stderr)
                return EXIT_NOTHING
    return EXIT_OK if len(analysis.articles) else EXIT_NOTHING


def _worker_count(value: str) -> int:
    try:
        count = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if count < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {count}")
    return count


class ProgressBar:
    """A ``progress(done, total)`` callback drawing a tqdm bar on stderr, or doing nothing.

    The bar appears at the first call, so nothing is drawn when there is nothing to analyse.
    """

    def __init__(self, *, enabled: bool) -> None:
        self.enabled = enabled
        self._bar: tqdm | None = None

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        if self._bar is None:
            self._bar = tqdm(total=total, desc="analysing", unit="article", file=sys.stderr, leave=False)
        self._bar.total = total
        self._bar.update(done - self._bar.n)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None


def run_analyze(args: argparse.Namespace) -> int:
    try:
        check_settings()  # a bad NEWSSCOPE_ value is a clear error here, not a traceback mid-run
        dictionary = load_actor_dictionary(args.actors)
        workers = resolve_workers(args.workers)
    except (DictionaryError, ValueError) as exc:
        print(f"newsscope: {exc}", file=sys.stderr)
        return EXIT_NOTHING
    progress = ProgressBar(enabled=not args.quiet and sys.stderr.isatty())
    try:
        if args.engine == "dask":
            analysis = analyze_with_dask(args, dictionary)
        elif args.store:
            analysis = analyze_with_store(args, dictionary, workers=workers, progress=progress)
        else:
            source = FilesSource(load_and_report(args.paths, workers=workers), workers=workers)
            source.prepare(progress=progress)
            analysis = source.tables(dictionary)
    except (StoreError, DaskEngineError, OSError) as exc:
        print(f"newsscope: {exc}", file=sys.stderr)
        return EXIT_NOTHING
    finally:
        progress.close()
    # The reasons beside "removed" (to move into build_report once components/views/report.py is free).
    report = build_report(analysis, include_extra=args.user_columns)
    if args.json == "-":
        json.dump(report, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif args.json:
        try:
            with open(args.json, "w", encoding="utf-8") as handle:
                json.dump(report, handle, ensure_ascii=False, indent=2)
        except OSError as exc:
            print(f"newsscope: cannot write {args.json}: {exc.strerror or exc}", file=sys.stderr)
            return EXIT_NOTHING
    else:
        print(format_summary(report))
    return EXIT_OK if report["articles"] else EXIT_NOTHING


def load_and_report(paths: Sequence[str], *, workers: int | None = None) -> Corpus:
    """Load the corpus (cleaning on ``workers`` processes) and list its load errors and duplicates on stderr."""
    corpus = load_corpus(paths or None, clean=document_cleaner(workers))
    for error in corpus.errors:
        print(f"newsscope: {error.path}: {error.error}", file=sys.stderr)
    for path, original in corpus.duplicates:
        print(f"newsscope: {path}: same text as {original}, loaded once", file=sys.stderr)
    return corpus


def analyze_with_store(
    args: argparse.Namespace, dictionary: ActorDictionary, *, workers: int, progress: ProgressBar
) -> Analysis:
    """Analyse what the store lacks, then read the corpus's articles back from the store.

    The store is opened before the files are read, so a bad store path fails at once.
    Raises StoreError when the store cannot be opened or written.
    """
    with AnalysisStore.open(args.store) as store:
        for note in store.notes if not args.quiet else ():
            print(f"newsscope: {note}", file=sys.stderr)
        source = StoreSource(store=store, corpus=load_and_report(args.paths, workers=workers), with_text=True, workers=workers)
        source.prepare(progress=progress)
        progress.close()
        if not args.quiet:
            ingested = source.ingested
            plural = "" if ingested.analysed == 1 else "s"
            print(
                f"newsscope: analysed {ingested.analysed} new article{plural},"
                f" reused {ingested.reused} from {args.store}",
                file=sys.stderr,
            )
        return source.tables(dictionary)


def analyze_with_dask(args: argparse.Namespace, dictionary: ActorDictionary) -> Analysis:
    """Run the per-article analysis on Dask into ``--parquet``; with ``--store``, add it to the store."""
    corpus = load_and_report(args.paths)
    report = analyze_on_dask(corpus, args.parquet, scheduler=args.scheduler)
    if not args.quiet:
        print(
            f"newsscope: analysed {report.articles} articles on Dask in {report.seconds:.1f} s"
            f" ({report.partitions} partitions) -> {args.parquet}",
            file=sys.stderr,
        )
    source = parquet_source(args.parquet)
    if args.store:
        version = read_manifest(args.parquet)["analyzer"]["analyzer_version"]
        with AnalysisStore.open(args.store) as store:
            added = store.add_analyses(source.corpus.articles, [source.analysed[a.id] for a in source.corpus.articles], version=version)
            if not args.quiet:
                print(f"newsscope: added {added} articles to {args.store}", file=sys.stderr)
    return source.tables(dictionary)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on bad usage and 0 on --help
        return int(exc.code or 0)
    saved = os.environ.get(_DISCOVERY_VARIABLE)
    if getattr(args, "no_discovery", False):
        os.environ[_DISCOVERY_VARIABLE] = "false"  # read by every analysis step, workers included
    try:
        runs = {"actors": run_actors, "quotes": run_quotes, "analyze": run_analyze}
        return runs[args.command](args)
    except BrokenPipeError:  # `newsscope analyze --json - | head`: the reader left; not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    finally:  # main() may be called again in this process (tests, scripts): the flag was this run's
        if saved is None:
            os.environ.pop(_DISCOVERY_VARIABLE, None)
        else:
            os.environ[_DISCOVERY_VARIABLE] = saved


if __name__ == "__main__":
    sys.exit(main())
