"""The main job: parse → sections → nlp → extract → (evaluate) → export, for one report.

Not a stage of its own: it only calls the stages in the order the data flows
and records what happened in the run manifest.
"""

from __future__ import annotations

import gc
import logging
import os
import platform
import time
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from .cache import DEFAULT_MAX_MB as DEFAULT_CACHE_MAX_MB
from .cache import MB, ReportCache, file_sha256
from .errors import EXIT_OUTPUT, error, warning
from .pdf import parse_pdf
from .pdf_limits import ParseLimits
from .sections import split_sections
from .table import Table

if TYPE_CHECKING:  # spaCy and the stages that read Docs are imported in analyse(): a cached re-run needs none
    from spacy.language import Language

Progress = Callable[[str], None]
SECTION_COLUMNS = ["country", "iso2", "page_start", "page_end", "n_words", "n_sentences", "n_footnotes"]
logger = logging.getLogger(__name__)


def gold_candidates(pdf: Path) -> list[Path]:
    """Where the gold of `raw/<report>.pdf` may be: `annotations/<report>.jsonl` beside `raw/`, or under the working directory."""
    name = f"{pdf.stem}.jsonl"
    candidates = [pdf.resolve().parent.parent / "annotations" / name, Path("annotations").resolve() / name]
    return list(dict.fromkeys(candidates))


def default_gold(pdf: Path) -> Path | None:
    """The first existing gold candidate of `pdf`, else None."""
    return next((c for c in gold_candidates(pdf) if c.is_file()), None)


def warn_unscored(pdf: Path) -> None:
    """W003: say that a report was not scored, and where its gold file was looked for."""
    logger.warning(warning("W003", pdf=pdf, looked=" and ".join(str(c) for c in gold_candidates(pdf))))


def readable_path(path: Path) -> str:
    """A path as UTF-8 text: bytes of a file name that are no UTF-8 become `\\xNN`
    (such names reach Python as lone surrogates, which no UTF-8 file can hold)."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return ""


_NLP: Language | None = None


def get_nlp() -> Language:
    """The nlp pipeline, built once per process (loading the weights takes about a second)."""
    global _NLP
    if _NLP is None:
        from .nlp import build_nlp

        # spaCy's import and the model make some 10^6 objects and almost no garbage (25 unreachable
        # objects after the build): the cyclic collector would scan them again and again while they
        # are made (about 0.15 s CPU of a run) and at every later full collection (0.07 s in the nlp
        # stage of the first report). So it is off while they are made, and they are frozen after.
        collecting = gc.isenabled()
        gc.disable()
        try:
            _NLP = build_nlp()
        finally:
            gc.freeze()
            if collecting:
                gc.enable()
    return _NLP


def analyse(
    pdf: Path, *, nlp: Language | None = None, progress: Progress = lambda m: None, cache: ReportCache | None = None,
    parse_limits: ParseLimits | None = None,
) -> dict[str, Any]:
    """Parse and extract one report; return its tables and the counts and timings.

    With a `cache`, the parse and the model's Docs are read from it when there (cache.py)."""
    from . import extract
    from .coordination import CoordinationRecord, coordination_records
    from .nlp.blocks import annotate_texts

    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    parsed = cache.load_parse() if cache is not None else None
    if parsed is None:
        document = parse_pdf(pdf, limits=parse_limits)
        sections = split_sections(document)
        if cache is not None:
            cache.save_parse(document, sections)
    else:
        document, sections = parsed
    timings["parse_s"] = time.perf_counter() - t0
    progress(f"{pdf.name}: parsed {document.n_pages} pages, {len(sections)} sections, {len(document.footnotes)} footnotes")

    t1 = time.perf_counter()
    nlp = nlp or get_nlp()
    annotator = cache.annotator(nlp) if cache is not None else None  # the model's Docs from the cache, rules run
    feed = cast("Language", annotator) if annotator is not None else nlp
    # Generators: one section's Doc at a time (memory flat in the number of sections), long ones in blocks
    docs = annotate_texts(feed, (s.text for s in sections))
    note_sections = [(s, note) for s in sections for note in s.footnotes]
    note_docs = annotate_texts(feed, (note.text for _, note in note_sections))
    n_tokens = 0

    entities: list[extract.EntityRecord] = []
    obligations: list[extract.ObligationRecord] = []
    section_rows = []
    sentence_rows: list[dict[str, Any]] = []
    coordination: list[CoordinationRecord] = []
    for section, doc in zip(sections, docs):
        n_tokens += len(doc)
        page_at = extract.page_lookup(section)
        sentence_rows.extend(
            {"country": section.country, "sentence": " ".join(sent.text.split()), "page": page_at(sent.start_char)}
            for sent in doc.sents
            if sent.text.strip()
        )
        coordination.extend(coordination_records(section, doc))
        entities.extend(extract.entity_records(section, doc))
        obligations.extend(extract.obligation_records(section, doc))
        section_rows.append(
            {
                "country": section.country,
                "iso2": section.iso2,
                "page_start": section.page_start,
                "page_end": section.page_end,
                "n_words": len(section.text.split()),
                "n_sentences": extract.n_sentences(doc),
                "n_footnotes": len(section.footnotes),
            }
        )
    for (section, note), doc in zip(note_sections, note_docs):
        entities.extend(
            extract.entity_records(section, doc, source=extract.FOOTNOTE, page=note.page, footnote=str(note.number))
        )
    timings["nlp_s"] = time.perf_counter() - t1  # the nlp stage with the records read off each Doc
    if cache is not None and annotator is not None:
        cache.save_docs(annotator)
    progress(f"{pdf.name}: nlp over {n_tokens} tokens")
    footnote_rows: list[dict[str, Any]] = [
        {"country": s.country, "number": n.number, "page": n.page, "text": n.text, "urls": " ".join(n.urls)}
        for s in sections
        for n in s.footnotes
    ]
    footnote_rows.sort(key=lambda r: (r["page"], r["number"]))
    return {
        "document": document,
        "section_texts": [s.text for s in sections],  # in the order of "sections"; the review page shows them
        # Records, not DataFrames: a run that scores no gold file imports no pandas (table.py)
        "sections": Table(SECTION_COLUMNS, section_rows),
        "sentences": Table(["country", "sentence", "page"], sentence_rows),
        "coordination": Table(extract.columns(CoordinationRecord), extract.as_rows(coordination)),
        "footnotes": Table(["country", "number", "page", "text", "urls"], footnote_rows),
        "entities": Table(extract.columns(extract.EntityRecord), extract.as_rows(entities)),
        "obligations": Table(extract.columns(extract.ObligationRecord), extract.as_rows(obligations)),
        "timings": timings,
        "model_version": _model_version(nlp),
    }


def run_report(
    pdf: Path,
    *,
    out_root: Path,
    gold_path: Path | None = None,
    nlp: Language | None = None,
    progress: Progress = lambda m: None,
    cache_dir: Path | None = None,
    parse_limits: ParseLimits | None = None,
    cache_max_mb: float | None = None,
) -> str:
    """Run the whole job on one PDF; write `out_root/<report>/`; return a short summary.

    `cache_dir`: read and keep the parse, the model's Docs and the tables there (cache.py); None: no cache.
    `cache_max_mb`: the cap on that folder (None: cache.DEFAULT_MAX_MB; 0: no cap)."""
    from .compare import compare_countries
    from .export import write_outputs

    started = time.perf_counter()
    gold = None
    if gold_path is not None:  # scikit-learn and scipy (about 1 s of imports) only when a gold file is scored
        from .evaluate import evaluate, load_gold, summary

        gold = load_gold(gold_path)  # a bad gold file fails before the long work
    cache_cap = int((DEFAULT_CACHE_MAX_MB if cache_max_mb is None else cache_max_mb) * MB)
    cache = ReportCache.open(cache_dir, pdf, max_bytes=cache_cap) if cache_dir is not None else None
    result = (
        cache.cached_analysis(analyse, nlp=nlp, progress=progress, parse_limits=parse_limits)
        if cache
        else analyse(pdf, nlp=nlp, progress=progress, parse_limits=parse_limits)
    )
    comparison = compare_countries(
        result["sections"], result["sentences"], result["entities"], result["obligations"], result["coordination"]
    )
    tables: dict[str, Table] = {
        "sections.csv": result["sections"],
        "entities.csv": result["entities"],
        "obligations.csv": result["obligations"],
        "footnotes.csv": result["footnotes"],
        "countries.csv": comparison.table,
        "countries_evidence.csv": comparison.evidence,  # a sentence for every cell read from the text
    }
    summary_lines = [
        f"{pdf.name}: {len(result['sections'])} sections, {len(result['footnotes'])} footnotes, "
        f"{len(result['entities'])} entities, {len(result['obligations'])} obligations"
    ]
    scores: dict[str, Any] = {}
    if gold is not None:
        evaluation = evaluate(
            gold,
            result["entities"].to_frame().astype(str).to_dict("records"),  # as the frames of earlier runs gave them
            result["obligations"].to_frame().astype(str).to_dict("records"),
        )
        metrics, errors = evaluation.to_frames()
        tables["metrics.csv"] = Table.from_frame(metrics)
        tables["errors.csv"] = Table.from_frame(errors)
        scores = summary(evaluation)
        summary_lines.append(format_scores(scores))
    from .nlp import patterns_version

    manifest = {
        "input": {"file": readable_path(pdf), "sha256": file_sha256(pdf), "pages": result["document"].n_pages},
        "gold": {"file": readable_path(gold_path), "sha256": file_sha256(gold_path)} if gold_path is not None else None,
        "versions": {
            "pipeline": _version("policy-pipeline"),
            "spacy": _version("spacy"),
            "pdfplumber": _version("pdfplumber"),
            "model": result.get("model_version") or _model_version(nlp or get_nlp()),
            "patterns": patterns_version(),
            "python": platform.python_version(),
        },
        "counts": {name: len(frame) for name, frame in tables.items()},
        "countries_omitted_columns": comparison.omitted,  # count columns of countries.csv that are 0 everywhere
        "scores": scores,
        "timings_s": {k: round(v, 3) for k, v in {**result["timings"], "total_s": time.perf_counter() - started}.items()},
        "cache": {"folder": readable_path(cache.root), "read": cache.hits} if cache else None,
    }
    destination = Path(out_root) / pdf.stem
    from .review import review_html

    page = review_html(tables, result["section_texts"], title=readable_path(Path(pdf.name)), sentences=result["sentences"])
    kept = write_outputs(destination, tables, manifest, files={"review.html": page})
    if kept:
        logger.warning(warning("W008", path=destination, names=", ".join(kept)))
    summary_lines.append(f"written to {destination}/")
    return "\n".join(summary_lines)


def _model_version(nlp: Language) -> str:
    return f"{nlp.meta.get('lang', '')}_{nlp.meta.get('name', '')}-{nlp.meta.get('version', '')}"


def format_scores(scores: dict[str, Any]) -> str:
    """The headline numbers as a few readable lines (the full tables are in metrics.csv)."""
    lines = ["scores against the gold file (precision / recall / F1; below, 95% bootstrap intervals over sentences):"]
    for scheme in ("strict", "lenient"):
        e = scores.get(f"entities_{scheme}")
        if e:
            labels = "  ".join(f"{k[:-3]} {_score(v)}" for k, v in e.items() if k.endswith("_f1"))
            lines.append(
                f"  entities {scheme:<8} {_score(e['precision'])} / {_score(e['recall'])} / {_score(e['f1'])}"
                f"   F1 by label: {labels}"
            )
            lines.append(f"    95% interval   {_intervals(e)}")
    o = scores.get("obligations")
    if o:
        lines.append(
            f"  obligations      {_score(o['precision'])} / {_score(o['recall'])} / {_score(o['f1'])}"
            f"   deontic accuracy {_score(o['deontic_accuracy'])}, aim token F1 {_score(o['aim_token_f1'])},"
            f" issuer accuracy {_score(o['issuer_accuracy'])} ({o['issuer_judged']} judged)"
        )
        lines.append(f"    95% interval   {_intervals(o)}")
    return "\n".join(lines)


def _score(value: float | None) -> str:
    """A score to three decimals; "n/a" where it has no support (None: nothing to measure)."""
    return "n/a" if value is None else f"{value:.3f}"


def _intervals(scores: dict[str, Any]) -> str:
    """`low-high` of precision, recall and F1 as `summary` gives them (keys `<measure>_low/_high`)."""
    cells = []
    for measure in ("precision", "recall", "f1"):
        low, high = scores.get(f"{measure}_low"), scores.get(f"{measure}_high")
        cells.append("n/a" if low is None or high is None else f"{low:.3f}-{high:.3f}")
    if all(scores.get(f"{m}_low") == scores.get(f"{m}_high") == 1.0 for m in ("precision", "recall", "f1")):
        # Every sentence right: every resample is too, so the interval cannot be wider; say so.
        cells[-1] += f"   (every one of {scores.get('support')} right: the bootstrap shows no spread, not a certainty)"
    return " / ".join(cells)


def evaluate_outputs(gold: Path, pred_dir: Path) -> str:
    """Score an earlier run's CSVs against a gold file; write metrics.csv and errors.csv beside them.

    Both files are written to temporary names first and renamed only when both
    are complete, so a failure leaves the earlier pair as it was.
    """
    from .evaluate import evaluate_dir, summary
    from .export import to_csv_bytes

    evaluation = evaluate_dir(gold, pred_dir)
    metrics, errors = evaluation.to_frames()
    staged: list[tuple[Path, Path]] = []
    try:
        for name, frame in (("metrics.csv", metrics), ("errors.csv", errors)):
            tmp = pred_dir / f".{name}.tmp"
            tmp.write_bytes(to_csv_bytes(frame))
            staged.append((tmp, pred_dir / name))
        for tmp, final in staged:
            tmp.replace(final)
    except OSError as exc:
        raise error("E011", EXIT_OUTPUT, path=pred_dir, detail=exc.strerror or str(exc)) from exc
    finally:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
    return format_scores(summary(evaluation))
