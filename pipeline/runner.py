"""The main job: parse → sections → nlp → extract → (evaluate) → export, for one report.

Not a stage of its own: it only calls the stages in the order the data flows
and records what happened in the run manifest.
"""

from __future__ import annotations

import hashlib
import logging
import os
import platform
import time
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import pandas as pd
from spacy.language import Language

from . import extract
from .errors import EXIT_OUTPUT, error, warning
from .pdf import parse_pdf
from .sections import split_sections

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


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


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

        _NLP = build_nlp()
    return _NLP


def analyse(pdf: Path, *, nlp: Language | None = None, progress: Progress = lambda m: None) -> dict[str, Any]:
    """Parse and extract one report; return its tables and the counts and timings."""
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    document = parse_pdf(pdf)
    sections = split_sections(document)
    timings["parse_s"] = time.perf_counter() - t0
    progress(f"{pdf.name}: parsed {document.n_pages} pages, {len(sections)} sections, {len(document.footnotes)} footnotes")

    t1 = time.perf_counter()
    nlp = nlp or get_nlp()
    docs = list(nlp.pipe(s.text for s in sections))
    note_sections = [(s, note) for s in sections for note in s.footnotes]
    note_docs = list(nlp.pipe(note.text for _, note in note_sections))
    timings["nlp_s"] = time.perf_counter() - t1
    progress(f"{pdf.name}: nlp over {sum(len(d) for d in docs)} tokens")

    entities: list[extract.EntityRecord] = []
    obligations: list[extract.ObligationRecord] = []
    section_rows = []
    sentence_rows: list[dict[str, str]] = []
    for section, doc in zip(sections, docs):
        sentence_rows.extend(
            {"country": section.country, "sentence": " ".join(sent.text.split())} for sent in doc.sents if sent.text.strip()
        )
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
        entities.extend(extract.entity_records(section, doc, source=extract.FOOTNOTE, page=note.page))
    footnote_rows: list[dict[str, Any]] = [
        {"country": s.country, "number": n.number, "page": n.page, "text": n.text, "urls": " ".join(n.urls)}
        for s in sections
        for n in s.footnotes
    ]
    footnote_rows.sort(key=lambda r: (r["page"], r["number"]))
    return {
        "document": document,
        "sections": pd.DataFrame(section_rows, columns=SECTION_COLUMNS),
        "sentences": pd.DataFrame(sentence_rows, columns=["country", "sentence"]),
        "footnotes": pd.DataFrame(footnote_rows, columns=["country", "number", "page", "text", "urls"]),
        "entities": pd.DataFrame(extract.as_rows(entities), columns=extract.columns(extract.EntityRecord)),
        "obligations": pd.DataFrame(extract.as_rows(obligations), columns=extract.columns(extract.ObligationRecord)),
        "timings": timings,
    }


def run_report(
    pdf: Path,
    *,
    out_root: Path,
    gold_path: Path | None = None,
    nlp: Language | None = None,
    progress: Progress = lambda m: None,
) -> str:
    """Run the whole job on one PDF; write `out_root/<report>/`; return a short summary."""
    from .compare import country_table
    from .export import write_outputs

    from .evaluate import evaluate, load_gold, summary

    started = time.perf_counter()
    gold = load_gold(gold_path) if gold_path is not None else None  # a bad gold file fails before the long work
    result = analyse(pdf, nlp=nlp, progress=progress)
    tables: dict[str, pd.DataFrame] = {
        "sections.csv": result["sections"],
        "entities.csv": result["entities"],
        "obligations.csv": result["obligations"],
        "footnotes.csv": result["footnotes"],
        "countries.csv": country_table(result["sections"], result["sentences"], result["entities"], result["obligations"]),
    }
    summary_lines = [
        f"{pdf.name}: {len(result['sections'])} sections, {len(result['footnotes'])} footnotes, "
        f"{len(result['entities'])} entities, {len(result['obligations'])} obligations"
    ]
    scores: dict[str, Any] = {}
    if gold is not None:
        evaluation = evaluate(
            gold,
            result["entities"].astype(str).to_dict("records"),
            result["obligations"].astype(str).to_dict("records"),
        )
        metrics, errors = evaluation.to_frames()
        tables["metrics.csv"] = metrics
        tables["errors.csv"] = errors
        scores = summary(evaluation)
        summary_lines.append(format_scores(scores))
    from .nlp import patterns_version

    manifest = {
        "input": {"file": readable_path(pdf), "sha256": _sha256(pdf), "pages": result["document"].n_pages},
        "gold": {"file": readable_path(gold_path), "sha256": _sha256(gold_path)} if gold_path is not None else None,
        "versions": {
            "pipeline": _version("policy-pipeline"),
            "spacy": _version("spacy"),
            "pdfplumber": _version("pdfplumber"),
            "model": _model_version(nlp or get_nlp()),
            "patterns": patterns_version(),
            "python": platform.python_version(),
        },
        "counts": {name: len(frame) for name, frame in tables.items()},
        "scores": scores,
        "timings_s": {k: round(v, 3) for k, v in {**result["timings"], "total_s": time.perf_counter() - started}.items()},
    }
    destination = Path(out_root) / pdf.stem
    write_outputs(destination, tables, manifest)
    summary_lines.append(f"written to {destination}/")
    return "\n".join(summary_lines)


def _model_version(nlp: Language) -> str:
    return f"{nlp.meta.get('lang', '')}_{nlp.meta.get('name', '')}-{nlp.meta.get('version', '')}"


def format_scores(scores: dict[str, Any]) -> str:
    """The headline numbers as a few readable lines (the full tables are in metrics.csv)."""
    lines = ["scores against the gold file (precision / recall / F1):"]
    for scheme in ("strict", "lenient"):
        e = scores.get(f"entities_{scheme}")
        if e:
            labels = "  ".join(f"{k[:-3]} {v:.3f}" for k, v in e.items() if k.endswith("_f1"))
            lines.append(
                f"  entities {scheme:<8} {e['precision']:.3f} / {e['recall']:.3f} / {e['f1']:.3f}"
                f"   F1 by label: {labels}"
            )
    o = scores.get("obligations")
    if o:
        lines.append(
            f"  obligations      {o['precision']:.3f} / {o['recall']:.3f} / {o['f1']:.3f}"
            f"   deontic accuracy {o['deontic_accuracy']:.3f}, aim token F1 {o['aim_token_f1']:.3f},"
            f" issuer accuracy {o['issuer_accuracy']:.3f} ({o['issuer_judged']} judged)"
        )
    return "\n".join(lines)


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
