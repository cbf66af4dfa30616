"""The `bulletins` command (also `python -m pipeline`): a thin layer over the library.

bulletins run INPUT... [--out DIR] [--published YYYY-MM-DD] [--home-country CC] [--max-chars N]
    [--against PREVIOUS_OUT]... [--no-model] [--no-report] [--format spacy] [--progress | --no-progress]
    [--quiet] [--dask ADDRESS|local [--partition-size N]]
bulletins eval --gold FILE --pred FILE [--json] [--types T,...]
bulletins lexicons
bulletins --version
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from pipeline.ingest import MAX_CHARS
from pipeline.models import ENTITY_TYPES

if TYPE_CHECKING:
    from pipeline.run import RunResult

EXIT_OK = 0  # everything went through
EXIT_REJECTS = 1  # some input was rejected (the outputs are still written; see rejects.jsonl)
EXIT_FATAL = 2  # usage error or fatal error (bad lexicon, refused or unwritable output, missing gold file)

EXIT_CODES = f"""exit status:
  {EXIT_OK}  all good
  {EXIT_REJECTS}  something was rejected (outputs still written; reasons in rejects.jsonl)
  {EXIT_FATAL}  usage error or fatal error (e.g. a bad lexicon entry: its file:line is printed;
     an --out that is an input or holds other files; another run writing into --out)
"""


EXTRA_FORMATS = ("spacy",)  # written on demand, beside the outputs every run writes


class UsageError(Exception):
    pass


def _iso_date(value: str) -> str:
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date YYYY-MM-DD") from None


def _country_code(value: str) -> str:
    from pipeline.event_places import country_of_code

    if country_of_code(value) is None:
        raise argparse.ArgumentTypeError(f"{value!r} is not a known ISO 3166-1 alpha-2 country code")
    return value.strip().upper()


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n <= 0:
        raise argparse.ArgumentTypeError(f"{value!r} is not a positive whole number")
    return n


def _parser() -> argparse.ArgumentParser:
    from pipeline.report import package_version

    fmt = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(
        prog="bulletins",
        description="Extract facilities, counts, procedures, decrees, dates and events from Arabic news bulletins.",
        epilog=EXIT_CODES,
        formatter_class=fmt,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {package_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p_run = sub.add_parser(
        "run",
        help="process files and folders into an output directory",
        description=(
            "Read bulletins from INPUT files and folders (recursively: *.txt, *.jsonl, *.csv), "
            "extract everything, and write documents.jsonl, the flat tables (CSV, Parquet, SQLite), "
            "schema.json and rejects.jsonl into --out."
        ),
        epilog=EXIT_CODES,
        formatter_class=fmt,
    )
    p_run.add_argument(
        "inputs", nargs="+", type=Path, metavar="INPUT", help="a .txt/.jsonl/.csv file or a folder"
    )
    p_run.add_argument(
        "--out",
        type=Path,
        default=Path("outputs"),
        metavar="DIR",
        help="output directory (created if missing; default: %(default)s/)",
    )
    p_run.add_argument(
        "--published",
        type=_iso_date,
        metavar="YYYY-MM-DD",
        help="publication date for bulletins that give none; anchors relative dates such as 'اليوم'",
    )
    p_run.add_argument(
        "--home-country",
        type=_country_code,
        default=None,
        metavar="CC",
        help="ISO 3166-1 alpha-2 code of the bulletins' home country, for those whose record gives no "
        "`country`: treatment abroad is treatment in another country. When not given, a bulletin whose "
        "own places are all in one other country than LY is read against that country, any other against LY",
    )
    p_run.add_argument(
        "--max-chars",
        type=_positive,
        default=MAX_CHARS,
        metavar="N",
        help="reject a bulletin whose text is longer than N characters (default: %(default)s)",
    )
    p_run.add_argument(
        "--model",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="add the NER model's PERSON/LOC/ORG/FACILITY mentions where the rules found none "
        "(default; --no-model: rules only)",
    )
    p_run.add_argument(
        "--jobs",
        "-j",
        type=_positive,
        default=None,
        metavar="N",
        help="process bulletins, and render the report's bulletins, in N worker processes "
        "(default: the number of cores); the outputs are the same whatever N "
        "(with --dask local: N Dask workers)",
    )
    p_run.add_argument(
        "--dask",
        metavar="ADDRESS",
        help="process the bulletins on the workers of the Dask scheduler at ADDRESS (tcp://host:8786), "
        "or 'local' for a cluster of --jobs worker processes on this machine; writes a partitioned "
        "dataset: documents.jsonl/ and <table>.parquet/ folders of part files (no CSV, SQLite, report "
        "or whole-run tables); needs the dask extra (README: Beyond one machine)",
    )
    p_run.add_argument(
        "--partition-size",
        type=_positive,
        default=None,
        metavar="N",
        help="with --dask: bulletins per task and per part file (default: 100)",
    )
    p_run.add_argument(
        "--report",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="write report.html (default; --no-report: the data files only)",
    )
    p_run.add_argument(
        "--format",
        action="append",
        choices=EXTRA_FORMATS,
        default=[],
        dest="formats",
        help="also write this format (repeatable): spacy = documents.spacy, a spaCy DocBin of the documents",
    )
    p_run.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="show a progress bar on stderr (default: only when stderr is a terminal)",
    )
    p_run.add_argument(
        "--quiet",
        "-q",
        action="store_true",
        help="print nothing but errors (and no progress bar unless --progress)",
    )
    p_run.add_argument(
        "--against",
        action="append",
        type=Path,
        metavar="PREVIOUS_OUT",
        help="an earlier run's output directory (repeatable): bulletins and events already there get seen_in",
    )

    p_eval = sub.add_parser(
        "eval",
        help="score a run's documents.jsonl against hand annotations",
        description="Score predictions against a gold file annotated as GOLD.md describes.",
        epilog=EXIT_CODES.replace(
            "something was rejected (outputs still written; reasons in rejects.jsonl)", "-"
        ),
        formatter_class=fmt,
    )
    p_eval.add_argument("--gold", required=True, type=Path, metavar="FILE", help="gold annotations (.jsonl)")
    p_eval.add_argument("--pred", required=True, type=Path, metavar="FILE", help="a run's documents.jsonl")
    p_eval.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    p_eval.add_argument(
        "--types",
        metavar="T,...",
        help="comma-separated entity types to score (default: all in the gold file); one of "
        + ", ".join(ENTITY_TYPES),
    )

    sub.add_parser(
        "lexicons",
        help="validate every lexicon in lexicons/ and print its number of entries",
        description="Validate every lexicons/*.tsv against its schema; print the entry counts.",
        epilog=EXIT_CODES.replace(
            "something was rejected (outputs still written; reasons in rejects.jsonl)", "-"
        ),
        formatter_class=fmt,
    )
    return parser


def _cmd_run(args: argparse.Namespace) -> int:
    from pipeline.publish import OutputError
    from pipeline.run import run

    progress = False if args.quiet and args.progress is None else args.progress
    if args.dask:
        return _report_run(args, _run_dask(args, progress))
    if args.partition_size is not None:
        raise UsageError("--partition-size goes with --dask")
    try:
        result = run(
            args.inputs,
            args.out,
            published=args.published,
            progress=progress,
            home_country=args.home_country,
            max_chars=args.max_chars,
            against=args.against,
            model=args.model,
            jobs=args.jobs,
            formats=tuple(args.formats),
            report=args.report,
        )
    except OutputError as exc:
        raise UsageError(str(exc)) from None
    return _report_run(args, result)


def _run_dask(args: argparse.Namespace, progress: bool | None) -> RunResult:
    from pipeline.publish import OutputError

    if args.formats:
        raise UsageError("--format is not written by a --dask run (see README: Beyond one machine)")
    try:
        from pipeline.dask_run import PARTITION_SIZE, SchedulerError, run
    except ImportError as exc:
        raise UsageError(
            f"--dask needs the dask extra ({exc}): pip install -c requirements.lock '.[dask]'"
        ) from None
    try:
        return run(
            args.inputs,
            args.out,
            scheduler=args.dask,
            published=args.published,
            progress=progress,
            home_country=args.home_country,
            max_chars=args.max_chars,
            against=args.against,
            model=args.model,
            workers=args.jobs,
            partition_size=args.partition_size or PARTITION_SIZE,
        )
    except (OutputError, SchedulerError) as exc:
        raise UsageError(str(exc)) from None


def _report_run(args: argparse.Namespace, result: RunResult) -> int:
    """Print a run's notes, rejects and summary (unless --quiet); its exit status."""
    if not args.quiet:
        for note in result.notes:
            print(f"note: {note}", file=sys.stderr)
        for r in result.reject_list:
            where = f"{r.path}:{r.line}" if r.line else r.path
            print(f"rejected {where}: {r.reason}", file=sys.stderr)
        print(
            f"{result.documents} documents, {result.events} events, {result.rejects} rejected -> {args.out}",
            file=sys.stderr,
        )
    return EXIT_REJECTS if result.rejects else EXIT_OK


def _cmd_eval(args: argparse.Namespace) -> int:
    from pipeline.evaluate import format_table, score

    for p in (args.gold, args.pred):
        if not p.is_file():
            raise UsageError(f"no such file: {p}")
    types = {t.strip().upper() for t in args.types.split(",") if t.strip()} if args.types else None
    if unknown := sorted((types or set()) - set(ENTITY_TYPES)):
        raise UsageError(
            f"unknown entity type(s) {', '.join(unknown)} in --types; valid: {', '.join(ENTITY_TYPES)}"
        )
    result = score(args.gold, args.pred, types=types)
    print(json.dumps(result, ensure_ascii=False) if args.json else format_table(result))
    return EXIT_OK


def _cmd_lexicons(args: argparse.Namespace) -> int:
    from pipeline.lexicons import LEXICON_DIR, validate_all

    counts = validate_all()
    if not counts:
        raise UsageError(
            f"no lexicons found in {LEXICON_DIR} (set BULLETINS_LEXICONS to the folder of *.tsv)"
        )
    width = max((len(n) for n in counts), default=0)
    for name, n in counts.items():
        print(f"{name:<{width}}  {n:>6}")
    print(f"{len(counts)} lexicons, {sum(counts.values())} entries, all valid ({LEXICON_DIR})")
    return EXIT_OK


COMMANDS = {"run": _cmd_run, "eval": _cmd_eval, "lexicons": _cmd_lexicons}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `bulletins` and `python -m pipeline`; returns the exit status."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help (0) or a usage error (2)
        return int(exc.code or 0)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_FATAL
    from pipeline.lexicons import LexiconError

    try:
        return COMMANDS[args.command](args)
    except LexiconError as exc:
        print(f"bulletins: bad lexicon: {exc}", file=sys.stderr)
    except UsageError as exc:
        print(f"bulletins: {exc}", file=sys.stderr)
    except OSError as exc:
        print(f"bulletins: {exc.strerror or exc}: {exc.filename or ''}", file=sys.stderr)
    except KeyboardInterrupt:
        print("bulletins: interrupted", file=sys.stderr)
    except Exception as exc:  # noqa: BLE001 - a one-line message and exit 2, never a traceback
        print(f"bulletins: fatal error: {type(exc).__name__}: {exc}", file=sys.stderr)
    return EXIT_FATAL


def run_main() -> NoReturn:
    """The `bulletins` command and `python -m pipeline`: `main()`, then the process ends at once
    with its status (`os._exit`, once stdout and stderr are flushed). Every output is closed and in
    place by then; what is skipped is the interpreter freeing the lexicons', their indexes' and the
    model's millions of small objects one by one, about 0.2 s of every run for nothing."""
    code = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (`bulletins ... | head`): nothing more to say
            pass
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    run_main()
