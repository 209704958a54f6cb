#!/usr/bin/env python3
"""Score the pipeline on test reports with one model load: a table per report and pooled.

    python tools/score_reports.py                      # every report known (first, held-out, real dev)
    python tools/score_reports.py real-dev             # the reports whose name starts with these
    python tools/score_reports.py real-dev --errors ACTOR   # also print the entity errors of a label
    python tools/score_reports.py real-dev --errors obligations

Reports are found in raw/ (gold in annotations/), tests/data/heldout*/ and tests/data/real/reports/*/
(report.json lists each PDF; gold.jsonl beside it). Sealed reports (`"sealed": true` in report.json)
are skipped unless named in full with --sealed (`real-fresh2 --sealed`; a prefix never selects one): they
are scored once, at the start and at the end of the work.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.runner import get_nlp, run_report  # noqa: E402

LABELS = ["ORG", "POLICY", "ACTOR", "PLACE", "DATE"]


def selected(name: str, prefixes: list[str], sealed: set[str]) -> bool:
    """A report is scored when a prefix matches its name; a sealed report only when named in full,
    so `real-fresh` never also opens `real-fresh2` (which happened once: see README)."""
    if name in sealed:
        return name in prefixes
    return not prefixes or any(name.startswith(p) for p in prefixes)


def sealed_names() -> set[str]:
    return {f"real-{p.parent.name}" for p in (ROOT / "tests/data/real/reports").glob("*/report.json")
            if json.loads(p.read_text("utf-8")).get("sealed")}


def known_reports(include_sealed: bool) -> list[tuple[str, Path, Path]]:
    reports = [("first", ROOT / "raw/local-authorities-radicalisation.pdf",
                ROOT / "annotations/local-authorities-radicalisation.jsonl")]
    data = ROOT / "tests/data"
    reports += [("heldout1", data / "heldout/heldout-libreoffice.pdf", data / "heldout/gold.jsonl"),
                ("heldout2", data / "heldout2/heldout2.pdf", data / "heldout2/gold.jsonl"),
                ("heldout3", data / "heldout3/heldout3.pdf", data / "heldout3/gold.jsonl")]
    for config_path in sorted((data / "real/reports").glob("*/report.json")):
        config = json.loads(config_path.read_text("utf-8"))
        if config.get("sealed") and not include_sealed:
            continue
        for producer in config["producers"]:
            pdf = config_path.parent / producer["pdf"]
            if pdf.exists():
                reports.append((f"real-{config_path.parent.name}", pdf, config_path.parent / "gold.jsonl"))
    return reports


def score(name: str, pdf: Path, gold: Path, out: Path) -> tuple[dict, pd.DataFrame, pd.DataFrame]:
    run_report(pdf, out_root=out, gold_path=gold, nlp=get_nlp())
    folder = out / pdf.stem
    metrics = pd.read_csv(folder / "metrics.csv", dtype=str, keep_default_na=False)
    errors = pd.read_csv(folder / "errors.csv", dtype=str, keep_default_na=False)
    overall = metrics[metrics.country == "ALL"]
    row: dict = {"report": name}
    for scheme in ("strict", "lenient"):
        m = overall[(overall.task == "entities") & (overall.scheme == scheme)].set_index("label")
        row[f"ent_{scheme}"] = float(m.loc["micro", "f1"])
        if scheme == "lenient":
            for label in LABELS:
                row[label] = float(m.loc[label, "f1"] or "nan") if label in m.index else float("nan")
    ob = overall[overall.task == "obligations"].set_index("scheme")
    if "match" in ob.index:
        for k in ("precision", "recall", "f1"):
            row[f"ob_{k[0].upper()}"] = float(ob.loc["match", k] or "nan")  # blank: no support
    for scheme in ("deontic_accuracy", "aim_token_f1"):
        if scheme in ob.index:
            row[scheme[:7]] = float(ob.loc[scheme, "value"] or "nan")
    return row, metrics, errors


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("prefixes", nargs="*")
    parser.add_argument("--sealed", action="store_true", help="include sealed reports")
    parser.add_argument("--errors", help="print errors: an entity label, 'entities' or 'obligations'")
    parser.add_argument("--scheme", default="lenient", choices=["lenient", "strict"], help="entity errors of this scheme")
    parser.add_argument("--config", help="an nlp config to try instead of pipeline/nlp/pipeline.cfg")
    args = parser.parse_args()
    if args.config:
        import pipeline.runner
        from pipeline.nlp import build_nlp

        pipeline.runner._NLP = build_nlp(args.config)
    rows, all_metrics = [], []
    with tempfile.TemporaryDirectory() as tmp:
        sealed = sealed_names()
        for name, pdf, gold in known_reports(args.sealed):
            if not selected(name, args.prefixes, sealed):
                continue
            row, metrics, errors = score(name, pdf, gold, Path(tmp))
            rows.append(row)
            metrics["report"] = name
            all_metrics.append(metrics)
            if args.errors:
                e = errors[errors.task == ("obligations" if args.errors == "obligations" else "entities")]
                if args.errors not in ("entities", "obligations"):
                    e = e[(e.label == args.errors) & (e.scheme == args.scheme)]
                elif args.errors == "entities":
                    e = e[e.scheme == args.scheme]
                for _, r in e.iterrows():
                    print(f"{name}\t{r.get('kind', '')}\t{r.get('label', '')}\tgold={r.get('gold', '')!r}\tpred={r.get('predicted', '')!r}\t{r.get('sentence', '')[:160]}")
    table = pd.DataFrame(rows)
    pd.set_option("display.width", 250)
    pd.set_option("display.max_columns", 40)
    print(table.round(3).to_string(index=False))
    if all_metrics:
        pooled = pd.concat(all_metrics)
        pooled = pooled[(pooled.country == "ALL") & pooled.task.isin(["entities", "obligations"])]
        for c in ("tp", "fp", "fn"):
            pooled[c] = pd.to_numeric(pooled[c], errors="coerce")
        sums = pooled.groupby(["task", "scheme", "label"])[["tp", "fp", "fn"]].sum()
        sums["P"] = sums.tp / (sums.tp + sums.fp)
        sums["R"] = sums.tp / (sums.tp + sums.fn)
        sums["F1"] = 2 * sums.P * sums.R / (sums.P + sums.R)
        print("\npooled over these reports:")
        print(sums.dropna().round(3).to_string())
    return 0


if __name__ == "__main__":
    sys.exit(main())
