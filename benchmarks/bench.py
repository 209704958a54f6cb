"""Benchmark the pipeline: parse pages/s, nlp words/s, whole process against the naive script,
peak memory, `--jobs 2` and the cache, on the first report, a 100-page report and 20 reports.

    python benchmarks/bench.py [--repeat N] [--only first,long,corpus,readers] [--naive PATH]

Speed is measured here, never asserted in tests. Whole-process figures run both commands as
child processes, alternating them (A B A B ...) so that both see the same machine load, and
read each child's CPU time and peak resident memory from `wait4`. Medians are printed with
min and max. The pipeline is run on copies of the PDFs in a temporary folder, so no gold
file is found (the naive script scores nothing either), with `--no-cache` unless the cache
is what is measured.

`first` also runs one report's steps in fresh processes and prints the CPU seconds of each (the
imports, building the pipeline, parse, nlp stage, comparison, review page, CSVs): where a whole
process spends what the naive script does not.

`readers` compares pdfium's character records with pdfplumber's on every test PDF
(pipeline/pdf_chars.py says why pdfium is not used).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FIRST_REPORT = ROOT / "raw" / "local-authorities-radicalisation.pdf"
NAIVE = ROOT.parent / "shared" / "bench" / "naive_baseline.py"  # beside the checkout
PYTHON = sys.executable
TEST_PDFS = [FIRST_REPORT, *sorted((ROOT / "tests" / "data").rglob("*.pdf"))]


# ---------------------------------------------------------------- measuring


@dataclass
class Proc:
    wall: float
    cpu: float  # user + system of the child and everything it waited for
    peak_mib: float  # largest resident set of the child or of a descendant it waited for
    status: int


def _become_subreaper() -> None:
    """Adopt orphaned descendants: `pipeline run` leaves its forked worker to exit on its own
    (corpus.py, `reap_later`), and only its reaper learns the worker's CPU time and memory."""
    import ctypes

    PR_SET_CHILD_SUBREAPER = 36
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def run_process(cmd: Sequence[str], cwd: Path, env: dict[str, str] | None = None) -> Proc:
    """Wall time until the command exits; CPU and peak memory of it and of every descendant
    (all reaped here or by their parents before the next measure starts)."""
    started = time.perf_counter()
    child = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = cpu = peak = 0.0
    status = 0
    while True:
        try:
            pid, raw_status, usage = os.wait4(-1, 0)
        except ChildProcessError:
            break
        cpu += usage.ru_utime + usage.ru_stime
        peak = max(peak, usage.ru_maxrss / 1024)
        if pid == child.pid:
            wall = time.perf_counter() - started
            status = child.returncode = os.waitstatus_to_exitcode(raw_status)
    return Proc(wall, cpu, peak, status)


def stats(values: Sequence[float]) -> str:
    return f"{statistics.median(values):8.2f}  (min {min(values):.2f}, max {max(values):.2f}, n={len(values)})"


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def show(name: str, value: str) -> None:
    print(f"  {name:<46} {value}")


def pipeline_cmd(pdfs: Sequence[Path], out: Path, *extra: str) -> list[str]:
    return [PYTHON, "-m", "pipeline", "run", *map(str, pdfs), "--out", str(out), *extra]


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT)
    return env


def paired(name_a: str, cmd_a: Callable[[int], list[str]], name_b: str, cmd_b: Callable[[int], list[str]],
           repeat: int, cwd: Path) -> tuple[list[Proc], list[Proc]]:
    """Run A and B alternately `repeat` times; print wall, CPU, peak memory and the ratios A/B."""
    a_runs, b_runs = [], []
    env = child_env()
    for i in range(repeat):
        a_runs.append(run_process(cmd_a(i), cwd, env))
        b_runs.append(run_process(cmd_b(i), cwd, env))
    for name, runs in ((name_a, a_runs), (name_b, b_runs)):
        bad = [r.status for r in runs if r.status != 0]
        show(f"{name}: wall s", stats([r.wall for r in runs]) + (f"  exit statuses {bad}!" if bad else ""))
        show(f"{name}: CPU s", stats([r.cpu for r in runs]))
        show(f"{name}: peak RSS MiB", stats([r.peak_mib for r in runs]))
    wall_ratios = [a.wall / b.wall for a, b in zip(a_runs, b_runs)]
    cpu_ratios = [a.cpu / b.cpu for a, b in zip(a_runs, b_runs)]
    show(f"ratio {name_a} / {name_b}, wall (per pair)", stats(wall_ratios))
    show(f"ratio {name_a} / {name_b}, CPU (per pair)", stats(cpu_ratios))
    return a_runs, b_runs


# ---------------------------------------------------------------- in-process stages


def stage_speeds(pdf: Path, repeat: int, nlp) -> None:
    """Parse pages/s (with the layout reader and with pdfplumber's page.chars) and nlp words/s."""
    import pipeline.pdf as pdf_stage
    from pipeline.nlp.blocks import annotate_texts
    from pipeline.sections import split_sections

    document = pdf_stage.parse_pdf(pdf)
    pages = document.n_pages
    parse_times = timed(lambda: pdf_stage.parse_pdf(pdf), repeat)
    show("parse pages/s (layout_chars, used)", f"{pages / statistics.median(parse_times):8.1f}  ({pages} pages, "
         f"median {statistics.median(parse_times):.2f} s)")
    fast_chars, fast_rules = pdf_stage.layout_chars, pdf_stage.layout_rules
    try:
        pdf_stage.layout_chars = lambda page: page.chars  # type: ignore[assignment]
        pdf_stage.layout_rules = lambda page: [*page.lines, *page.rects]  # type: ignore[assignment]
        plumber_times = timed(lambda: pdf_stage.parse_pdf(pdf), repeat)
    finally:
        pdf_stage.layout_chars, pdf_stage.layout_rules = fast_chars, fast_rules
    show("parse pages/s (pdfplumber page.chars, before)", f"{pages / statistics.median(plumber_times):8.1f}")

    sections = split_sections(document)
    texts = [s.text for s in sections] + [n.text for s in sections for n in s.footnotes]
    words = sum(len(t.split()) for t in texts)
    nlp_times = timed(lambda: list(annotate_texts(nlp, texts)), repeat)
    show("nlp words/s (all 13 components)", f"{words / statistics.median(nlp_times):8.0f}  ({words} words, "
         f"median {statistics.median(nlp_times):.2f} s)")


def component_times(pdf: Path, nlp) -> None:
    """Seconds per component on one report, and the entity ruler with every pattern in the token Matcher."""
    from spacy.pipeline import EntityRuler

    from pipeline.nlp import country_patterns
    from pipeline.pdf import parse_pdf
    from pipeline.sections import split_sections

    sections = split_sections(parse_pdf(pdf))
    texts = [s.text for s in sections] + [n.text for s in sections for n in s.footnotes]
    best: dict[str, float] = {}
    for _ in range(3):
        docs = [nlp.make_doc(t) for t in texts]
        for name, proc in nlp.pipeline:
            start = time.perf_counter()
            docs = list(proc.pipe(docs)) if hasattr(proc, "pipe") else [proc(d) for d in docs]
            best[name] = min(best.get(name, 1e9), time.perf_counter() - start)
    total = sum(best.values())
    show("components, s (min of 3)", ", ".join(f"{k} {v:.2f}" for k, v in best.items()) + f"; total {total:.2f}")

    ruler = nlp.get_pipe("entity_ruler")
    token_only = EntityRuler(nlp, "token_only")
    token_only.add_patterns([p for p in ruler.patterns if not isinstance(p["pattern"], str)] + country_patterns(nlp))
    with nlp.select_pipes(enable=nlp.pipe_names[: nlp.pipe_names.index("entity_ruler")]):
        docs = list(nlp.pipe(texts))
    before = min(timed(lambda: [token_only.match(d) for d in docs], 5))
    after = min(timed(lambda: [ruler.match(d) for d in docs], 5))
    same = all(sorted(token_only.match(d)) == sorted(ruler.match(d)) for d in docs)
    show("entity_ruler matching, token Matcher only, s", f"{before:8.3f}")
    show("entity_ruler matching, fixed strings as phrases", f"{after:8.3f}  ({before / after:.2f}x, same matches: {same})")


def cache_in_process(pdf: Path, repeat: int, nlp) -> None:
    """analyse() cold, with every entry read (unchanged re-run), and after a pattern file change."""
    import pipeline.cache as cache_module
    from pipeline.cache import ReportCache
    from pipeline.runner import analyse

    with tempfile.TemporaryDirectory() as folder:
        def cold() -> None:
            shutil.rmtree(Path(folder) / "c", ignore_errors=True)
            ReportCache(Path(folder) / "c", pdf).cached_analysis(analyse, nlp=nlp)

        cold_times = timed(cold, repeat)
        warm_times = timed(lambda: ReportCache(Path(folder) / "c", pdf).cached_analysis(analyse, nlp=nlp), repeat)
        real = cache_module.rules_version
        counter = iter(range(10**6))
        try:
            cache_module.rules_version = lambda: f"edited {next(counter)}"  # a new pattern-file hash each run
            rules_times = timed(lambda: ReportCache(Path(folder) / "c", pdf).cached_analysis(analyse, nlp=nlp), repeat)
        finally:
            cache_module.rules_version = real
    show("analyse, no cache entry (model loaded), s", stats(cold_times))
    show("analyse, unchanged re-run (tables read), s", stats(warm_times) + f"  {statistics.median(cold_times) / statistics.median(warm_times):.0f}x")
    show("analyse, after a pattern edit (rules re-run), s",
         stats(rules_times) + f"  {statistics.median(cold_times) / statistics.median(rules_times):.1f}x")


def cpu_steps(pdf: Path) -> dict[str, float]:
    """CPU seconds (time.process_time) of each step of one run of `pdf`, in this process, which
    must be fresh (the imports are measured): what the whole process spends where. The parse is
    done once, then handed to `analyse` (the nlp stage and the records)."""
    clock = time.process_time
    steps: dict[str, float] = {}
    start = clock()
    import spacy  # noqa: F401

    steps["import spaCy"] = clock() - start
    start = clock()  # no pandas: a run that scores no gold file does not import it (tests/test_imports.py)
    import pipeline.runner as runner
    from pipeline import compare, export, extract, review  # noqa: F401  (what run_report imports)
    from pipeline.nlp import build_nlp
    from pipeline.pdf import parse_pdf
    from pipeline.sections import split_sections

    steps["import the package"] = clock() - start
    start = clock()
    nlp = build_nlp()
    steps["build the pipeline"] = clock() - start
    start = clock()
    document = parse_pdf(pdf)
    sections = split_sections(document)
    steps["parse and sections"] = clock() - start
    runner.parse_pdf = lambda path, limits=None: document  # type: ignore[assignment]
    runner.split_sections = lambda doc: sections  # type: ignore[assignment]
    start = clock()
    result = runner.analyse(pdf, nlp=nlp)
    steps["nlp stage and records"] = clock() - start
    start = clock()
    comparison = compare.compare_countries(result["sections"], result["sentences"], result["entities"],
                                           result["obligations"], result["coordination"])
    steps["country comparison"] = clock() - start
    tables = {"sections.csv": result["sections"], "entities.csv": result["entities"],
              "obligations.csv": result["obligations"], "footnotes.csv": result["footnotes"],
              "countries.csv": comparison.table, "countries_evidence.csv": comparison.evidence}
    start = clock()
    review.review_html(tables, result["section_texts"], title=pdf.name, sentences=result["sentences"])
    steps["review page"] = clock() - start
    start = clock()
    for frame in tables.values():
        export.to_csv_bytes(frame)
    steps["CSV text"] = clock() - start
    steps["total"] = sum(steps.values())
    return steps


def bench_steps(repeat: int) -> None:
    """`cpu_steps` of the first report in `repeat` fresh processes: medians."""
    import json

    print("  -- CPU s per step of one run, each in a fresh process (time.process_time)")
    runs: list[dict[str, float]] = []
    for _ in range(repeat):
        out = subprocess.run([PYTHON, __file__, "--cpu-steps", str(FIRST_REPORT)], check=True, capture_output=True,
                             text=True, env=child_env(), cwd=ROOT)
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    for step in runs[0]:
        show(step, stats([run[step] for run in runs]))


# ---------------------------------------------------------------- the parts


def bench_first(repeat: int, naive: Path | None, nlp) -> None:
    """In this process (nlp given): stage speeds, components, the cache in analyse(); else whole processes."""
    if nlp is not None:
        print(f"\n== first report: {FIRST_REPORT.name} (in one process)")
        stage_speeds(FIRST_REPORT, repeat, nlp)
        component_times(FIRST_REPORT, nlp)
        cache_in_process(FIRST_REPORT, repeat, nlp)
        return
    bench_steps(repeat)
    print(f"\n== first report: {FIRST_REPORT.name} (whole processes)")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        pdf = work / "raw" / "report.pdf"
        pdf.parent.mkdir()
        shutil.copy(FIRST_REPORT, pdf)
        if naive is not None:
            print("  -- paired: pipeline run (no cache) vs the naive script")
            paired("pipeline", lambda i: pipeline_cmd([pdf], work / "out", "--no-cache"),
                   "naive", lambda i: [PYTHON, str(naive), str(pdf)], repeat, work)
        print("  -- paired: a run with an empty cache, then the re-run that reads it")
        cache_pairs(lambda i, out: pipeline_cmd([pdf], out, "--cache-dir", str(work / f"cache{i}")), repeat, work)


def cache_pairs(cmd: Callable[[int, Path], list[str]], repeat: int, work: Path) -> None:
    """Pair i: a run into the empty folder cache<i>, then the same run again, right after it (other
    people's edits to the code or data files between two pairs would otherwise make misses)."""
    import json

    outs = {}

    def cold(i: int) -> list[str]:
        outs[i] = work / f"cold{i}"
        return cmd(i, outs[i])

    def rerun(i: int) -> list[str]:
        return cmd(i, work / f"warm{i}")

    a, b = paired("cold (empty cache)", cold, "re-run (cache)", rerun, repeat, work)
    read = []
    for i in range(repeat):
        for manifest in sorted((work / f"warm{i}").glob("*/manifest.json")):
            if manifest.parent.name == "corpus":  # the corpus tables, no report
                continue
            cache = json.loads(manifest.read_text()).get("cache") or {}
            read.append("+".join(cache.get("read", [])) or "nothing")
    show("what the re-runs read (per report)", ", ".join(f"{k} x{read.count(k)}" for k in sorted(set(read))))
    show("cache speed-up (wall, per pair)", f"{statistics.median(x.wall / y.wall for x, y in zip(a, b)):8.2f}x")
    show("cache speed-up (CPU, per pair)", f"{statistics.median(x.cpu / y.cpu for x, y in zip(a, b)):8.2f}x")


def bench_long(repeat: int, naive: Path | None, nlp) -> None:
    from long_report import build_long_report  # benchmarks/ is on sys.path as the script's folder

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        pdf = work / "raw" / "long.pdf"
        pdf.parent.mkdir()
        pages = build_long_report(pdf, pages=100)
        print(f"\n== a {pages}-page report (benchmarks/long_report.py: the first report's text, repeated)"
              f" ({'in one process' if nlp is not None else 'whole processes'})")
        if nlp is not None:
            stage_speeds(pdf, 1, nlp)
        elif naive is not None:
            print("  -- paired: pipeline run (no cache) vs the naive script")
            paired("pipeline", lambda i: pipeline_cmd([pdf], work / "out", "--no-cache"),
                   "naive", lambda i: [PYTHON, str(naive), str(pdf)], repeat, work)


def corpus_folder(work: Path) -> list[Path]:
    """20 reports: the 10 test PDFs and a variant of each (other bytes after the end: another SHA-256)."""
    raw = work / "raw"
    raw.mkdir()
    pdfs = []
    for i, source in enumerate(TEST_PDFS * 2):
        target = raw / f"r{i:02d}-{source.stem}.pdf"
        data = source.read_bytes()
        target.write_bytes(data if i < len(TEST_PDFS) else data + f"\n% variant {i}\n".encode())
        pdfs.append(target)
    return pdfs[:20]


def bench_corpus(repeat: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        pdfs = corpus_folder(work)
        print(f"\n== a corpus of {len(pdfs)} reports (the {len(TEST_PDFS)} test PDFs and a variant of each)")
        print("  -- whole process, paired: --jobs 1 vs --jobs 2 (no cache)")
        one, two = paired("jobs 1", lambda i: pipeline_cmd(pdfs, work / "out1", "--no-cache", "--jobs", "1"),
                          "jobs 2", lambda i: pipeline_cmd(pdfs, work / "out2", "--no-cache", "--jobs", "2"), repeat, work)
        show("speed-up of --jobs 2 (wall)", f"{statistics.median(a.wall / b.wall for a, b in zip(one, two)):8.2f}x")
        print("  -- whole process, paired: a run with an empty cache, then the re-run that reads it (--jobs 1)")
        cache_pairs(lambda i, out: pipeline_cmd(pdfs, out, "--cache-dir", str(work / f"cache{i}")), repeat, work)


def bench_readers() -> None:
    """pdfium against pdfplumber: character records, then the parse fed with each."""
    import pipeline.pdf as pdf_stage
    from pipeline.pdf_chars import compare_chars, pdfium_page_chars
    from pipeline.sections import split_sections

    print("\n== character readers: pdfium (pypdfium2) against pdfplumber, per test PDF")
    fast = pdf_stage.layout_chars
    for pdf in TEST_PDFS:
        c = compare_chars(pdf)
        pages = list(pdfium_page_chars(pdf))
        plumber = split_sections(pdf_stage.parse_pdf(pdf))
        try:
            pdf_stage.layout_chars = lambda page: pages[page.page_number - 1]  # type: ignore[assignment]
            pdfium = split_sections(pdf_stage.parse_pdf(pdf))
        finally:
            pdf_stage.layout_chars = fast
        same_sections = [(s.country, s.text) for s in plumber] == [(s.country, s.text) for s in pdfium]
        same_notes = [n for s in plumber for n in s.footnotes] == [n for s in pdfium for n in s.footnotes]
        print(f"  {pdf.name:<38} chars {c.plumber_chars}/{c.pdfium_chars}, text differs {c.text_differs}, "
              f"size differs {c.size_differs}, box differs {c.box_differs}, font differs {c.fontname_differs}; "
              f"same sections {same_sections}, same footnotes {same_notes}")
    start = time.perf_counter()
    n = sum(len(p) for p in pdfium_page_chars(FIRST_REPORT))
    pdfium_s = time.perf_counter() - start
    import pdfplumber

    start = time.perf_counter()
    with pdfplumber.open(FIRST_REPORT) as document:
        m = sum(len(page.chars) for page in document.pages)
    print(f"  first report: pdfium {n} chars in {pdfium_s:.2f} s, pdfplumber page.chars {m} in {time.perf_counter() - start:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="pairs (and in-process repeats) per measure (default: 3)")
    parser.add_argument("--only", default="first,long,corpus", help="comma-separated: first, long, corpus, readers")
    parser.add_argument("--naive", type=Path, default=NAIVE, help=f"the naive script (default: {NAIVE})")
    parser.add_argument("--compare-readers", action="store_true", help="same as adding 'readers' to --only")
    parser.add_argument("--whole", action="store_true", help=argparse.SUPPRESS)  # the whole-process half (below)
    parser.add_argument("--cpu-steps", type=Path, help=argparse.SUPPRESS)  # one fresh process of bench_steps
    args = parser.parse_args()
    if args.cpu_steps is not None:
        import json

        print(json.dumps(cpu_steps(args.cpu_steps)))
        return
    parts = set(args.only.split(",")) | ({"readers"} if args.compare_readers else set())
    naive = args.naive if args.naive.is_file() else None
    if args.whole:
        # A process without the model: Linux keeps a forked child's resident size across exec in
        # ru_maxrss, so children of a process holding the model would all report at least its size.
        _become_subreaper()
        if "first" in parts:
            bench_first(args.repeat, naive, None)
        if "long" in parts:
            bench_long(max(1, args.repeat // 2), naive, None)
        if "corpus" in parts:
            bench_corpus(max(1, args.repeat // 2))
        return

    if naive is None:
        print(f"(no naive script at {args.naive}: the paired comparisons with it are skipped)")
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start (shared machine)")
    if parts & {"first", "long"}:
        from pipeline.nlp import build_nlp

        nlp = build_nlp()
        if "first" in parts:
            bench_first(args.repeat, naive, nlp)
        if "long" in parts:
            bench_long(max(1, args.repeat // 2), naive, nlp)
    if "readers" in parts:
        bench_readers()
    whole = [part for part in ("first", "long", "corpus") if part in parts]
    if whole:
        sys.stdout.flush()
        subprocess.run([PYTHON, __file__, "--whole", "--only", ",".join(whole), "--repeat", str(args.repeat),
                        "--naive", str(args.naive)], check=True)
    print(f"\nload average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
