"""Command line: `python -m pipeline {run,parse,evaluate}`.

Thin by design (pdfplumber's cli.py, spaCy's cli/evaluate.py): parse the
arguments, call the pure functions, print. Errors are one line on stderr and a
non-zero exit status (see errors.py), never a traceback.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path

from .errors import EXIT_INPUT, EXIT_INTERNAL, EXIT_OUTPUT, EXIT_USAGE, PipelineError, error


class _OneLineHandler(logging.Handler):
    """Warnings from the stages as `warning [W001]: ...` lines on stderr."""

    def emit(self, record: logging.LogRecord) -> None:
        print(f"{record.levelname.lower()} {record.getMessage()}", file=sys.stderr)


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m pipeline", description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="also show the PDF library's own log lines")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="parse, extract, export and (with gold) evaluate")
    run.add_argument("pdfs", nargs="*", type=Path, help="PDF files (default: every PDF in raw/)")
    run.add_argument("--out", type=Path, default=Path("outputs"), help="output root (default: outputs/)")
    run.add_argument("--gold", type=Path, help="gold file (default: annotations/<report>.jsonl if it exists)")
    parse = sub.add_parser("parse", help="print the sections and footnotes of a PDF")
    parse.add_argument("pdf", type=Path)
    parse.add_argument("--json", action="store_true", help="one JSON object on stdout")
    evaluate = sub.add_parser("evaluate", help="score a run's outputs against a gold file")
    evaluate.add_argument("--gold", type=Path, required=True)
    evaluate.add_argument("--pred", type=Path, help="a run's output folder (default: outputs/<gold stem>/)")
    return parser


def main(argv: list[str] | None = None) -> int:
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
            return _parse(args.pdf, as_json=args.json)
        if args.command == "run":
            return _run(args.pdfs, out=args.out, gold=args.gold)
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


def _parse(pdf: Path, *, as_json: bool) -> int:
    from .pdf import parse_pdf
    from .sections import split_sections

    document = parse_pdf(pdf)
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


def _run(pdfs: list[Path], *, out: Path, gold: Path | None) -> int:
    from .runner import default_gold, run_report, warn_unscored

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
    for pdf in pdfs:
        gold_path = gold if gold is not None else default_gold(pdf)
        summary = run_report(pdf, out_root=out, gold_path=gold_path, progress=lambda m: print(m, file=sys.stderr))
        print(summary)
        if gold_path is None:
            warn_unscored(pdf)
    return 0


def check_writable(out: Path) -> None:
    """E011 now if `out` cannot take the outputs (a missing folder is created)."""
    import tempfile

    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=out):
            pass
    except OSError as exc:
        raise error("E011", EXIT_OUTPUT, path=out, detail=exc.strerror or str(exc)) from exc


def _evaluate(gold: Path, pred: Path | None) -> int:
    from .runner import evaluate_outputs

    print(evaluate_outputs(gold, pred or Path("outputs") / gold.stem))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
