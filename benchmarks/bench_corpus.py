"""Benchmark corpus runs: `run --jobs 2` against `--jobs 1`, where the parallel run loses time, and
what the worker process costs.

    python benchmarks/bench_corpus.py [PDF ...] [--reports 20] [--repeat N] [--jobs 1,2] [--files]

Default corpus: `--reports` reports (20) made from the first report and the test PDFs under
tests/data, taken in turn, each copy with other bytes after its end (so another SHA-256), as
`benchmarks/bench.py` builds its corpus. Each repeat runs `python -m pipeline run` on the corpus
(each run with its own empty cache folder, or `--no-cache`) once per `--jobs` value (paired: a busy machine slows every member of a pair), with
$PIPELINE_TIMELINE set, and prints per run: wall and CPU (the process and every worker, adopted
as a subreaper), the load average before and after, the CPU of each phase (parent: imports,
model; workers: parse, nlp, the rest), and the timeline of the workers with the idle estimate:
the sum over worker slots of the seconds a slot holds no file, from the launch of the process
until the last file ends (split into start-up, gaps between files, and the tail after a slot's
last file). Then the cost of one forked worker on a stand-in report (`run_report` replaced by a
function that returns at once), against the same run in process (`--timeout 0 --max-memory-mb 0`).
Speed is measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
FIRST_REPORT = ROOT / "raw" / "local-authorities-radicalisation.pdf"
WIDTH = 100  # characters of the drawn timeline


def corpus_folder(folder: Path, n_reports: int) -> list[Path]:
    """`n_reports` PDFs: the first report and the test PDFs in turn, each copy with other bytes after its end."""
    sources = [FIRST_REPORT, *sorted((ROOT / "tests" / "data").rglob("*.pdf"))]
    folder.mkdir(parents=True, exist_ok=True)
    pdfs = []
    for i in range(n_reports):
        source = sources[i % len(sources)]
        target = folder / f"r{i:02d}-{source.stem}.pdf"
        target.write_bytes(source.read_bytes() + f"\n% copy {i}\n".encode())
        pdfs.append(target)
    return pdfs


def _become_subreaper() -> None:
    """Adopt orphaned workers (`pipeline run` lets a worker that sent its outcome exit on its own),
    so that their CPU time is counted here."""
    import ctypes

    PR_SET_CHILD_SUBREAPER = 36
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


@dataclass
class Run:
    jobs: int
    wall: float
    cpu: float
    load_before: float
    load_after: float
    events: list[dict] = field(default_factory=list)


def snapshot_code(folder: Path) -> Path:
    """A copy of the package taken once, which every run imports: the tree may be edited while the
    benchmark runs (others work in it), and runs of different code are neither comparable nor equal."""
    shutil.copytree(ROOT / "pipeline", folder / "pipeline", ignore=shutil.ignore_patterns("__pycache__"))
    return folder


CODE: Path = ROOT  # where the runs import the package from (main() points it at a snapshot)


def run_corpus_process(pdfs: list[Path], out: Path, jobs: int, *extra: str) -> Run:
    """One cold run (its own empty cache folder, which it fills) with a timeline file; wall, CPU
    of it and every descendant."""
    timeline = out.with_name(out.name + "-timeline.jsonl")
    env = {**os.environ, "PIPELINE_TIMELINE": str(timeline), "PYTHONPATH": str(CODE),
           "POLICY_PIPELINE_CACHE": str(out.with_name(out.name + "-cache"))}
    load_before = os.getloadavg()[0]
    launch = time.monotonic()
    err_path = out.with_name(out.name + "-stderr.txt")
    with err_path.open("wb") as err_file:  # a file, not a pipe: nothing reads a pipe while the run goes on
        child = subprocess.Popen(
            [sys.executable, "-m", "pipeline", "run", *map(str, pdfs), "--out", str(out), "--jobs", str(jobs),
             *extra],
            cwd=CODE, stdout=subprocess.DEVNULL, stderr=err_file, env=env,
        )
    cpu = 0.0
    exit_t = launch
    status = 0
    while True:  # reap the run and every worker it left to this subreaper
        try:
            pid, raw, usage = os.wait4(-1, 0)
        except ChildProcessError:
            break
        cpu += usage.ru_utime + usage.ru_stime
        if pid == child.pid:
            exit_t = time.monotonic()
            status = os.waitstatus_to_exitcode(raw)
    stderr = err_path.read_text(errors="replace")
    if status not in (0, 10):
        raise SystemExit(f"run --jobs {jobs} ended with status {status}: {stderr[-500:]}")
    events = [json.loads(line) for line in timeline.read_text().splitlines()] if timeline.exists() else []
    events += [{"event": "launch", "t": launch}, {"event": "exit", "t": exit_t}]
    events.sort(key=lambda e: e["t"])
    return Run(jobs, exit_t - launch, cpu, load_before, os.getloadavg()[0], events)


def csv_tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.csv"))}


# ---------------------------------------------------------------- reading a timeline


@dataclass
class FileSpan:
    index: int
    name: str = ""
    slot: int = 0
    fork: float | None = None
    start: float = 0.0
    parsed: float | None = None
    nlp_done: float | None = None
    end: float = 0.0
    cpu_parsed: float = 0.0
    cpu_nlp: float = 0.0
    cpu: float = 0.0
    minflt: int = 0
    pre_start: float | None = None  # its parse in a child while the model loaded
    pre_end: float | None = None
    pre_cpu: float = 0.0

    def intervals(self) -> list[tuple[float, float]]:
        pre = [(self.pre_start, self.pre_end)] if self.pre_start is not None and self.pre_end is not None else []
        return [*pre, (self.start, self.end)]


def file_spans(events: list[dict]) -> list[FileSpan]:
    spans: dict[int, FileSpan] = {}
    for e in events:
        if "index" not in e:
            continue
        span = spans.setdefault(e["index"], FileSpan(e["index"]))
        if e["event"] == "fork":
            span.fork = e["t"]
        elif e["event"] == "start":
            span.start, span.slot, span.name = e["t"], e["slot"], e.get("file", "")
        elif e["event"] == "progress" and ": parsed " in e["text"]:
            span.parsed, span.cpu_parsed = e["t"], e["cpu"]
        elif e["event"] == "progress" and ": nlp over " in e["text"]:
            span.nlp_done, span.cpu_nlp = e["t"], e["cpu"]
        elif e["event"] == "end":
            span.end, span.cpu, span.minflt = e["t"], e["cpu"], e.get("minflt", 0)
        elif e["event"] == "parse start":
            span.pre_start = e["t"]
        elif e["event"] == "parse end":
            span.pre_end, span.pre_cpu = e["t"], e["cpu"]
    return sorted(spans.values(), key=lambda s: s.start)


def first(events: list[dict], name: str) -> float | None:
    return next((e["t"] for e in events if e["event"] == name), None)


def summarize(run: Run, *, show_files: bool) -> dict[str, float]:
    """Print the run's phases, CPU per phase, idle estimate and drawn timeline; return the idle figures."""
    ev = run.events
    launch, exit_t = first(ev, "launch"), first(ev, "exit")
    assert launch is not None and exit_t is not None
    spans = [s for s in file_spans(ev) if s.end]
    if not spans:
        print("    (no timeline: was the run too old to write one?)")
        return {}
    last_end = max(s.end for s in spans)
    run_t, model_t = first(ev, "run"), first(ev, "model")
    done_t, tables_t = first(ev, "files done"), first(ev, "tables")
    parent_cpu = {e["event"]: e["cpu"] for e in ev if e.get("pid") == next(
        (x["pid"] for x in ev if x["event"] == "run"), None)}
    slots = sorted({s.slot for s in spans})
    startup = gaps = tail = 0.0
    for slot in slots:
        mine = sorted(i for s in spans if s.slot == slot for i in s.intervals())
        startup += mine[0][0] - launch
        gaps += sum(b[0] - a[1] for a, b in zip(mine, mine[1:]))
        tail += last_end - mine[-1][1]
    idle = startup + gaps + tail
    worker_cpu = sum(s.cpu + s.pre_cpu for s in spans)
    parse_cpu = sum(s.cpu_parsed + s.pre_cpu for s in spans)
    nlp_cpu = sum(s.cpu_nlp - s.cpu_parsed for s in spans)
    rest_cpu = worker_cpu - parse_cpu - nlp_cpu
    print(f"  --jobs {run.jobs}: wall {run.wall:.2f} s, CPU {run.cpu:.2f} s; load average {run.load_before:.2f} before, "
          f"{run.load_after:.2f} after")
    t = lambda x: f"{x - launch:5.2f}" if x is not None else "  -  "  # noqa: E731
    early = [(s.index, a, b) for s in spans for a, b in s.intervals()[:-1]]
    if early:
        print("    parsed while the model loaded: " + ", ".join(f"file {i} {a - launch:.2f}–{b - launch:.2f} s" for i, a, b in early))
    print(f"    parent: launch 0 → run {t(run_t)} (imports; CPU {parent_cpu.get('run', 0):.2f}) → model {t(model_t)} "
          f"(CPU {parent_cpu.get('model', 0) - parent_cpu.get('run', 0):.2f}) → first file {t(min(s.start for s in spans))}"
          f" … last file ends {t(last_end)} → files done {t(done_t)} → tables {t(tables_t)} "
          f"(CPU {parent_cpu.get('tables', 0) - parent_cpu.get('files done', 0):.2f}) → exit {t(exit_t)}")
    print(f"    workers: {len(spans)} files, CPU {worker_cpu:.2f} s (parse {parse_cpu:.2f}, nlp {nlp_cpu:.2f}, "
          f"tables, review page and writing {rest_cpu:.2f}); page faults {sum(s.minflt for s in spans) / 1e3:.0f}k; "
          f"parent CPU {max(0.0, run.cpu - worker_cpu):.2f} s")
    print(f"    idle before the last file ends, summed over {len(slots)} slots: {idle:.2f} s "
          f"(start-up {startup:.2f}, between files {gaps:.2f}, tail {tail:.2f}); after it until exit "
          f"{exit_t - last_end:.2f} s")
    scale = WIDTH / max(exit_t - launch, 1e-9)
    rows = {"parent": [" "] * WIDTH}
    for a, b, mark in ((launch, run_t, "i"), (run_t, model_t, "m"), (done_t, tables_t, "t"), (tables_t, exit_t, "x")):
        if a is not None and b is not None:
            for k in range(int((a - launch) * scale), min(WIDTH, int((b - launch) * scale) + 1)):
                rows["parent"][k] = mark
    for slot in slots:
        row = ["."] * WIDTH
        for s in spans:
            if s.slot == slot:
                for a, b in s.intervals():
                    for k in range(int((a - launch) * scale), min(WIDTH, max(int((b - launch) * scale), int((a - launch) * scale) + 1))):
                        row[k] = "0123456789abcdefghijklmnopqrstuvwxyz"[s.index % 36]
        rows[f"slot {slot}"] = row
    for name, row in rows.items():
        print(f"    {name:>7} |{''.join(row)}|")
    print(f"            (one character {1 / scale:.2f} s; parent: i imports, m model, t corpus tables, x exit; "
          f"slots: the file's input index in base 36)")
    if show_files:
        for s in sorted(spans, key=lambda s: s.index):
            print(f"    {s.index:3d} {s.name:<40} slot {s.slot} {s.start - launch:6.2f}–{s.end - launch:6.2f} s "
                  f"fork→start {((s.start - s.fork) * 1000 if s.fork else 0):5.1f} ms, CPU {s.cpu:.2f} "
                  f"(parse {s.cpu_parsed + s.pre_cpu:.2f}{' before the model' if s.pre_start else ''}, "
                  f"nlp {s.cpu_nlp - s.cpu_parsed:.2f}), faults {s.minflt}")
    replay = cpu_replay(run, spans, parent_cpu, worker_cpu)
    print(f"    CPU-time replay (the wall this run would take on {len(slots)} idle cores if every step took its "
          f"measured CPU time): {replay:.2f} s")
    return {"idle": idle, "startup": startup, "gaps": gaps, "tail": tail, "replay": replay}


def cpu_replay(run: Run, spans: list[FileSpan], parent_cpu: dict[str, float], worker_cpu: float) -> float:
    """A load-free estimate of the wall time: the parent's CPU before the first file (imports, model),
    then the files' CPU seconds dealt, in the order the run started them, to the first free of the
    run's slots (a file parsed while the model loaded: that parse from the end of the imports, its
    slot free when both are done), then the parent's CPU after the last file (tables, exit). Gaps
    between files and contention between the cores are left out: on a shared machine the wall time
    measures the other jobs, this measures the run."""
    start_cpu = parent_cpu.get("model", parent_cpu.get("run", 0.0))
    slots = sorted({s.slot for s in spans})
    free = {slot: start_cpu for slot in slots}
    for s in sorted(spans, key=lambda s: s.start):
        at = free[s.slot] if s.pre_start is None else max(start_cpu, parent_cpu.get("run", 0.0) + s.pre_cpu)
        slot = s.slot if s.pre_start is not None else min(free, key=lambda k: (free[k], k))
        free[slot] = max(free[slot], at) + s.cpu if s.pre_start is not None else free[slot] + s.cpu
    after = max(0.0, run.cpu - worker_cpu - start_cpu)  # the parent's CPU from the first file on: tables, exit
    return max(free.values()) + after


# ---------------------------------------------------------------- one worker's cost


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
    parser.add_argument("--reports", type=int, default=20, help="size of the default corpus")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--jobs", default="1,2", help="comma-separated --jobs values, run in turn in each repeat")
    parser.add_argument("--files", action="store_true", help="also print every file's span, CPU and page faults")
    parser.add_argument("--no-overhead", action="store_true", help="skip the stand-in worker's cost")
    parser.add_argument("--no-cache", action="store_true", help="run with --no-cache (default: a cold cache per run)")
    parser.add_argument("--keep", type=Path, help="save each run's timeline (JSON lines) in this folder")
    parser.add_argument("--show", type=Path, nargs="+", help="only summarize timelines saved with --keep")
    parser.add_argument("--code", type=Path, help="a folder holding a `pipeline` package to run instead of a snapshot of this one")
    args = parser.parse_args()
    if args.show:
        for path in args.show:
            events = [json.loads(line) for line in path.read_text().splitlines()]
            meta = next(e for e in events if e["event"] == "bench")
            print(path.name)
            summarize(Run(meta["jobs"], meta["wall"], meta["cpu"], meta["load_before"], meta["load_after"], events),
                      show_files=args.files)
        return
    jobs_values = [int(j) for j in args.jobs.split(",")]
    _become_subreaper()
    walls: dict[int, list[float]] = defaultdict(list)
    idles: dict[int, list[float]] = defaultdict(list)
    replays: dict[int, list[float]] = defaultdict(list)
    global CODE
    with tempfile.TemporaryDirectory() as tmp:
        CODE = args.code.resolve() if args.code else snapshot_code(Path(tmp) / "code")
        pdfs = [p.resolve() for p in args.pdfs] or corpus_folder(Path(tmp) / "raw", args.reports)
        print(f"corpus: {len(pdfs)} PDFs ({sum(p.stat().st_size for p in pdfs) / 1e6:.1f} MB), {os.cpu_count()} cores")
        for i in range(args.repeat):
            print(f"pair {i + 1}")
            extra = ["--no-cache"] if args.no_cache else []
            runs = [run_corpus_process(pdfs, Path(tmp) / f"out-{i}-{jobs}", jobs, *extra) for jobs in jobs_values]
            for run in runs:
                if args.keep:
                    args.keep.mkdir(parents=True, exist_ok=True)
                    meta = {"event": "bench", "t": 0.0, "jobs": run.jobs, "wall": run.wall, "cpu": run.cpu,
                            "load_before": run.load_before, "load_after": run.load_after}
                    (args.keep / f"timeline-{i}-jobs{run.jobs}.jsonl").write_text(
                        "".join(json.dumps(e) + "\n" for e in [meta, *run.events]))
                walls[run.jobs].append(run.wall)
                figures = summarize(run, show_files=args.files)
                idles[run.jobs].append(figures.get("idle", 0.0))
                replays[run.jobs].append(figures.get("replay", 0.0))
            if len(runs) > 1:
                trees = [csv_tree(Path(tmp) / f"out-{i}-{run.jobs}") for run in runs]
                same = all(tree == trees[0] for tree in trees[1:])
                print(f"  CSVs of the runs byte for byte the same: {'yes' if same else 'NO'} ({len(trees[0])} files)")
                for run, tree in zip(runs[1:], trees[1:]):
                    for name in sorted(set(tree) | set(trees[0])):
                        if tree.get(name) != trees[0].get(name):
                            print(f"    differs with --jobs {run.jobs}: {name}")
                print("  speed-up against --jobs {}: {}".format(
                    runs[0].jobs, ", ".join(f"--jobs {r.jobs} {runs[0].wall / r.wall:.2f}x" for r in runs[1:])))
    for jobs in jobs_values:
        print(f"--jobs {jobs}: wall median {statistics.median(walls[jobs]):.2f} s, idle median "
              f"{statistics.median(idles[jobs]):.2f} s (n={len(walls[jobs])})")
    if len(jobs_values) > 1:
        base = jobs_values[0]
        for jobs in jobs_values[1:]:
            replayed = [a / b for a, b in zip(replays[base], replays[jobs]) if b]
            if replayed:
                print(f"--jobs {jobs} speed-up over --jobs {base} in the CPU-time replay, median: {statistics.median(replayed):.2f}x")
            ratios = [a / b for a, b in zip(walls[base], walls[jobs])]
            print(f"--jobs {jobs} speed-up over --jobs {base}, median of {len(ratios)} pairs: {statistics.median(ratios):.2f}x")
    if not args.no_overhead:
        forked, here, forked_model = worker_overhead(max(5, args.repeat * 5))
        print(f"one file through a forked worker: {forked:.1f} ms (in process: {here:.1f} ms; "
              f"forked from a process holding the model: {forked_model:.1f} ms)")


if __name__ == "__main__":
    main()
