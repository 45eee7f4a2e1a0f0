"""Command line: ``newsscope analyze [PATH ...] [--actors FILE] [--json FILE]``."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from components.actors import DictionaryError, load_actor_dictionary
from components.analysis import analyze_corpus
from components.corpus import load_corpus
from components.report import build_report, format_summary
from components.settings import SETTINGS

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
    return parser


def run_analyze(args: argparse.Namespace) -> int:
    try:
        dictionary = load_actor_dictionary(args.actors)
    except DictionaryError as exc:
        print(f"newsscope: {exc}", file=sys.stderr)
        return EXIT_NOTHING
    corpus = load_corpus(args.paths or None)
    for error in corpus.errors:
        print(f"newsscope: {error.path}: {error.error}", file=sys.stderr)
    for path, original in corpus.duplicates:
        print(f"newsscope: {path}: same text as {original}, loaded once", file=sys.stderr)
    report = build_report(analyze_corpus(corpus, dictionary))
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


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on bad usage and 0 on --help
        return int(exc.code or 0)
    return run_analyze(args)


if __name__ == "__main__":
    sys.exit(main())
