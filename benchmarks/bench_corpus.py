"""Benchmark corpus runs: `run --jobs 2` against `--jobs 1`, and what the worker process costs.

    python benchmarks/bench_corpus.py [PDF ...] [--repeat N]

Default corpus: every PDF under tests/data. Each repeat runs `python -m pipeline run` on the
corpus with `--jobs 1` and then `--jobs 2` (paired, so a busy machine slows both), and prints
the wall times and their ratio; then the cost of one forked worker on a stand-in report
(`run_report` replaced by a function that returns at once), against the same run in process
(`--timeout 0 --max-memory-mb 0`). Speed is measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def run_corpus_process(pdfs: list[Path], out: Path, jobs: int) -> tuple[float, float]:
    """Wall and CPU seconds (user + system, workers included) of one cold run (its own empty cache folder)."""
    env = {**os.environ, "POLICY_PIPELINE_CACHE": str(out.with_name(out.name + "-cache"))}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", *map(str, pdfs), "--out", str(out), "--jobs", str(jobs)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False, env=env,
    )
    took = time.perf_counter() - started
    if done.returncode not in (0, 10):
        raise SystemExit(f"run --jobs {jobs} ended with status {done.returncode}: {done.stderr.decode()[-500:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return took, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def worker_overhead(repeat: int) -> tuple[float, float, float]:
    """Median ms of a one-file run through a forked worker, in process, and forked with the model loaded."""
    import pipeline.runner as runner
    from pipeline import corpus

    def instant(pdf: Path, *, out_root: Path, gold_path: Path | None = None, progress=lambda m: None, **options) -> str:
        progress("started")
        return "done"

    runner.run_report = instant  # type: ignore[assignment]
    task_pdf = Path(tempfile.gettempdir()) / "bench-corpus-stand-in.pdf"

    def once(limits: corpus.Limits) -> float:
        started = time.perf_counter()
        corpus.run_corpus([task_pdf], out_root=Path(tempfile.gettempdir()), gold=task_pdf, limits=limits,
                          out=io.StringIO(), err=io.StringIO())
        return (time.perf_counter() - started) * 1000

    forked = statistics.median(once(corpus.Limits()) for _ in range(repeat))
    here = statistics.median(once(corpus.Limits(0, 0)) for _ in range(repeat))
    runner.get_nlp()
    forked_model = statistics.median(once(corpus.Limits()) for _ in range(repeat))
    return forked, here, forked_model


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    pdfs = args.pdfs or sorted((ROOT / "tests" / "data").rglob("*.pdf"))
    print(f"corpus: {len(pdfs)} PDFs ({sum(p.stat().st_size for p in pdfs) / 1e6:.1f} MB)")
    ratios = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.repeat):
            (one, one_cpu) = run_corpus_process(pdfs, Path(tmp) / f"one{i}", 1)
            (two, two_cpu) = run_corpus_process(pdfs, Path(tmp) / f"two{i}", 2)
            ratios.append(one / two)
            print(f"  pair {i + 1}: --jobs 1 {one:.1f} s ({one_cpu:.1f} s CPU), --jobs 2 {two:.1f} s "
                  f"({two_cpu:.1f} s CPU), speed-up {one / two:.2f}x")
    print(f"--jobs 2 speed-up, median of {len(ratios)} pairs: {statistics.median(ratios):.2f}x")
    forked, here, forked_model = worker_overhead(max(5, args.repeat * 5))
    print(f"one file through a forked worker: {forked:.1f} ms (in process: {here:.1f} ms; "
          f"forked from a process holding the model: {forked_model:.1f} ms)")


if __name__ == "__main__":
    main()
