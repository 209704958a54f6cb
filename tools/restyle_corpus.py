#!/usr/bin/env python3
"""Re-typeset the development reports in another producer's style and score both: what the layout costs.

    python tools/restyle_corpus.py '{"engine": "chromium", "style": {"columns": 2, "break_urls": true}}'
    python tools/restyle_corpus.py '{"engine": "libreoffice", "style": {"columns": 2, "justify": true,
        "hyphenate": true}}' --reports dev-c fresh2 --keep restyled

The same text and gold in a new layout should score as the committed PDF does; a drop is the parse's
(a column read out of order, notes lost, list items run together), not the rules'. Each report's
folder (tests/data/real/reports/<name>) is copied to a temporary folder with the producer given
(`tests/data/build.py` keys and styles), built there, and both PDFs are scored against the same gold
with one model load. build.py's own checks may fail on a style (a quote split by hyphenation): the
PDF is still scored and the failure printed. Sealed reports whose errors are unread are refused
(NEVER_RESTYLE). Development only: needs the producers' Debian packages (see build.py).
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from score_reports import score  # noqa: E402

REPORTS = ROOT / "tests" / "data" / "real" / "reports"
DEVELOPMENT = ["dev-a", "dev-b", "dev-c", "dev-d", "sealed", "fresh", "fresh2", "fresh3"]
NEVER_RESTYLE = frozenset({"fresh4"})  # sealed, errors unread: a score by layout would read them


def restyled_config(folder: Path, producer: dict, tag: str) -> dict:
    """The report's config with one producer, the given one, writing `<name>-<tag>.pdf`."""
    config = json.loads((folder / "report.json").read_text("utf-8"))
    config["producers"] = [{**producer, "pdf": f"{folder.name}-{tag}.pdf"}]
    return config


def build(folder: Path, producer: dict, where: Path, tag: str) -> tuple[Path, str]:
    """Build the report in `where` (a copy of its config); the PDF and build.py's complaints."""
    where.mkdir(parents=True, exist_ok=True)
    (where / "report.json").write_text(json.dumps(restyled_config(folder, producer, tag)), "utf-8")
    done = subprocess.run([sys.executable, str(ROOT / "tests/data/build.py"), str(where)], capture_output=True, text=True)
    complaints = [ln for ln in (done.stdout + done.stderr).splitlines() if ln.startswith("ERROR")]
    pdf = where / f"{folder.name}-{tag}.pdf"
    if not pdf.exists():
        raise SystemExit(f"restyle_corpus.py: {folder.name}: no PDF built:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return pdf, "; ".join(complaints)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("producer", help="a producer object as in report.json, without `pdf` (JSON)")
    parser.add_argument("--reports", nargs="*", default=DEVELOPMENT)
    parser.add_argument("--keep", type=Path, help="build here and keep the PDFs (default: a temporary folder)")
    parser.add_argument("--tag", default="restyled", help="suffix of the built PDFs' names")
    args = parser.parse_args()
    producer = json.loads(args.producer)
    refused = sorted(set(args.reports) & NEVER_RESTYLE)
    if refused:
        raise SystemExit(f"restyle_corpus.py: {', '.join(refused)}: a sealed report whose errors are unread")
    work = args.keep or Path(tempfile.mkdtemp(prefix="restyle-"))
    rows = []
    try:
        with tempfile.TemporaryDirectory() as out:
            for name in args.reports:
                folder = REPORTS / name
                committed = folder / json.loads((folder / "report.json").read_text("utf-8"))["producers"][0]["pdf"]
                pdf, complaints = build(folder, producer, work / name, args.tag)
                for which, path in (("committed", committed), ("restyled", pdf)):
                    row, _, _ = score(name, path, folder / "gold.jsonl", Path(out))
                    rows.append({"pdf": which, **row, "build": complaints if which == "restyled" else ""})
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    table = pd.DataFrame(rows)
    pd.set_option("display.width", 250)
    pd.set_option("display.max_colwidth", 60)
    print(table.round(3).to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
