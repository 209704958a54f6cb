"""Benchmark the pipeline on a report: parse time per page, nlp stage, whole run, peak memory.

    python benchmarks/bench.py [PDF] [--repeat N]

Speed is measured here, never asserted in tests. Prints one line per measure
(median of N runs, min and max beside it).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.nlp import build_nlp  # noqa: E402
from pipeline.pdf import parse_pdf  # noqa: E402
from pipeline.runner import run_report  # noqa: E402
from pipeline.sections import split_sections  # noqa: E402


def timed(fn, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def line(name: str, times: list[float], per: float = 1.0, unit: str = "s") -> str:
    med, lo, hi = (statistics.median(times) / per, min(times) / per, max(times) / per)
    return f"{name:<34} {med:8.3f} {unit}  (min {lo:.3f}, max {hi:.3f}, n={len(times)})"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("pdf", nargs="?", type=Path, default=ROOT / "raw" / "local-authorities-radicalisation.pdf")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    document = parse_pdf(args.pdf)
    pages = document.n_pages
    print(f"{args.pdf.name}: {pages} pages, {sum(len(b.text.split()) for b in document.blocks)} body words")
    print(line("parse (per page)", timed(lambda: parse_pdf(args.pdf), args.repeat), per=pages, unit="s/page"))

    start = time.perf_counter()
    nlp = build_nlp()
    print(f"{'nlp build (model load + checksums)':<34} {time.perf_counter() - start:8.3f} s")
    texts = [s.text for s in split_sections(document)]
    words = sum(len(t.split()) for t in texts)
    nlp_times = timed(lambda: list(nlp.pipe(texts)), args.repeat)
    print(line("nlp stage (body text)", nlp_times))
    print(f"{'nlp throughput':<34} {words / statistics.median(nlp_times):8.0f} words/s")

    gold = ROOT / "annotations" / f"{args.pdf.stem}.jsonl"
    with tempfile.TemporaryDirectory() as out:
        run_times = timed(
            lambda: run_report(args.pdf, out_root=Path(out), gold_path=gold if gold.exists() else None, nlp=nlp),
            args.repeat,
        )
    print(line("whole run (model loaded)", run_times))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'peak RSS':<34} {peak_mb:8.0f} MB")


if __name__ == "__main__":
    main()
