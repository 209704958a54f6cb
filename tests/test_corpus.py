"""Corpus runs (pipeline/corpus.py): one bad file does not stop the rest, per-file limits end in
their documented codes, `--jobs 2` writes what `--jobs 1` writes, corpus tables.

The fast tests replace `runner.run_report` with a stand-in that behaves by file name (writes a
small report, sleeps, eats memory, dies, or raises an input error): the forked workers inherit
the stand-in, so the process model is tested without the spaCy model. The slow tests run the
real pipeline on two test PDFs and a truncated copy made here.
"""

from __future__ import annotations

import csv
import io
import os
import signal
import time
from pathlib import Path

import pandas as pd
import pytest

import pipeline.runner
from pipeline.cli import main
from pipeline.corpus import CORPUS_TABLES, ProgressLine
from pipeline.errors import error

ROOT = Path(__file__).resolve().parents[1]
HANG_GUARD_S = 60  # only detects a hang: the limits under test are 1-2 s


# ---------------------------------------------------------------- a stand-in for run_report


def fake_tables(stem: str) -> dict[str, pd.DataFrame]:
    """Two rows per table, one cell that needs quoting, one that a spreadsheet would run."""
    return {
        name: pd.DataFrame(
            {"country": ["Denmark", "Spain"], "text": [f"{stem} {name}", "a, \"quoted\"\nline"], "n": ["1", "=2"]}
        )
        for name in CORPUS_TABLES
    }


def fake_run_report(pdf: Path, *, out_root: Path, gold_path=None, progress=lambda m: None, **options) -> str:
    from pipeline.export import write_outputs

    kind = pdf.stem.split("-")[0]
    progress(f"{pdf.name}: started")
    if kind == "slow":
        time.sleep(HANG_GUARD_S * 10)
    if kind == "hungry":
        eaten = []
        while True:
            eaten.append(bytearray(64 * 2**20))
    if kind == "crash":
        os.kill(os.getpid(), signal.SIGKILL)
    if kind == "bad":
        raise error("E003", 3, path=pdf, detail="made up")
    if kind == "buggy":
        raise KeyError("no such key")
    if kind == "nomodel":
        raise error("E008", 6)
    if kind == "late":  # finishes after the file behind it
        time.sleep(0.5)
    pipeline.runner.logger.warning("[W001]: made-up warning for %s", pdf.name)
    write_outputs(out_root / pdf.stem, fake_tables(pdf.stem), {"input": pdf.name})
    return f"{pdf.name}: done"


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline.runner, "run_report", fake_run_report)
    monkeypatch.setattr(pipeline.runner, "get_nlp", lambda: None)  # no model: the stand-in needs none


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str, float]:
    started = time.monotonic()
    status = main(argv)
    out, err = capsys.readouterr()
    return status, out, err, time.monotonic() - started


def virtual_memory_mb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) // 1024
    raise AssertionError("no VmSize in /proc/self/status")


def read_csv_rows(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def csv_tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.csv"))}


# ---------------------------------------------------------------- limits, one file


def test_a_file_past_its_timeout_ends_with_E018(fake: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err, took = run(["run", str(tmp_path / "slow.pdf"), "--out", str(tmp_path / "out"), "--timeout", "1"], capsys)
    assert status == 9
    assert err.splitlines()[-1].startswith("error [E018]: ") and "slow.pdf" in err and "--timeout" in err
    assert took < HANG_GUARD_S
    assert not (tmp_path / "out" / "slow").exists()


def test_a_file_past_its_memory_cap_ends_with_E019(fake: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cap = virtual_memory_mb() + 300  # this process's size (maybe with a model loaded) and a little room
    status, out, err, took = run(
        ["run", str(tmp_path / "hungry.pdf"), "--out", str(tmp_path / "out"), "--max-memory-mb", str(cap)], capsys
    )
    assert status == 9
    assert err.splitlines()[-1].startswith("error [E019]: ") and "hungry.pdf" in err and f"cap {cap} MB" in err
    assert took < HANG_GUARD_S


def test_a_worker_that_dies_ends_with_E020(fake: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err, took = run(["run", str(tmp_path / "crash.pdf"), "--out", str(tmp_path / "out")], capsys)
    assert status == 9
    assert err.splitlines()[-1].startswith("error [E020]: ") and "SIGKILL" in err and "crash.pdf" in err


def test_one_file_keeps_its_own_error_and_status(fake: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err, _ = run(["run", str(tmp_path / "bad.pdf"), "--out", str(tmp_path / "out")], capsys)
    assert status == 3
    assert err.splitlines() == ["bad.pdf: started", err.splitlines()[1]] and err.splitlines()[1].startswith("error [E003]: ")
    assert not (tmp_path / "out" / "failures.csv").exists() and not (tmp_path / "out" / "corpus").exists()


def test_a_bug_in_a_worker_is_one_E999_line(fake: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err, _ = run(["run", str(tmp_path / "buggy.pdf"), "--out", str(tmp_path / "out")], capsys)
    assert status == 70
    assert err.splitlines()[1:] == [err.splitlines()[1]] and err.splitlines()[1].startswith("error [E999]: internal error KeyError")
    assert "Traceback" not in err


def test_one_good_file_prints_its_summary_and_forwards_its_warnings(
    fake: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err, _ = run(["run", str(tmp_path / "good.pdf"), "--out", str(tmp_path / "out")], capsys)
    assert status == 0
    assert out == "good.pdf: done\n"
    lines = err.splitlines()
    assert lines[0] == "good.pdf: started"
    assert lines[1] == "warning [W001]: made-up warning for good.pdf"  # logged in the worker, shown here
    assert lines[2].startswith("warning [W003]")
    assert (tmp_path / "out" / "good" / "sections.csv").is_file()


# ---------------------------------------------------------------- a corpus with failures

CORPUS = ["good-1", "bad-2", "slow-3", "late-4", "hungry-5", "crash-6", "good-7"]


def corpus_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], *options: str, out: str = "out", cap: int | None = None
) -> tuple[int, str, str, float]:
    """`cap`: the memory cap in MB (default: this process's size + 300 MB, which grows from run to run:
    two runs whose outputs are compared pass one cap, as E019's message names it)."""
    pdfs = [str(tmp_path / f"{name}.pdf") for name in CORPUS]
    cap = cap if cap is not None else virtual_memory_mb() + 300
    return run(["run", *pdfs, "--out", str(tmp_path / out), "--timeout", "2", "--max-memory-mb", str(cap), *options], capsys)


@pytest.mark.parametrize("jobs", ["1", "3"])
def test_a_corpus_goes_on_past_its_failures(
    fake: None, tmp_path: Path, capsys: pytest.CaptureFixture[str], jobs: str
) -> None:
    status, out, err, took = corpus_run(tmp_path, capsys, "--jobs", jobs)
    assert status == 10
    assert took < HANG_GUARD_S
    # results and failures in input order, whatever finished first
    assert out.splitlines() == ["good-1.pdf: done", "late-4.pdf: done", "good-7.pdf: done"]
    errors = [line for line in err.splitlines() if line.startswith("error")]
    assert [line[:12] for line in errors] == ["error [E003]", "error [E018]", "error [E019]", "error [E020]"]
    assert err.splitlines()[-1] == f"4 of 7 files failed: listed in {tmp_path / 'out' / 'failures.csv'}"
    failures = read_csv_rows(tmp_path / "out" / "failures.csv")
    assert failures[0] == ["file", "code", "message"]
    assert [(Path(f).name, code) for f, code, _ in failures[1:]] == [
        ("bad-2.pdf", "E003"), ("slow-3.pdf", "E018"), ("hungry-5.pdf", "E019"), ("crash-6.pdf", "E020")
    ]
    for line, (_, code, message) in zip(errors, failures[1:]):
        assert line == f"error [{code}]: {message}"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["corpus", "failures.csv", "good-1", "good-7", "late-4"]


def test_corpus_tables_hold_every_good_report_under_a_report_column(
    fake: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus_run(tmp_path, capsys, "--jobs", "2")
    for name in CORPUS_TABLES:
        rows = read_csv_rows(tmp_path / "out" / "corpus" / name)
        assert rows[0] == ["report", "country", "text", "n"]
        expected = [
            [report, *row]
            for report in ("good-1", "late-4", "good-7")
            for row in read_csv_rows(tmp_path / "out" / report / name)[1:]
        ]
        assert rows[1:] == expected
        assert rows[2][2] == 'a, "quoted"\nline' and rows[1][3] == "1" and rows[2][3] == "'=2"


def test_jobs_and_limits_do_not_change_the_outputs(fake: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cap = virtual_memory_mb() + 300
    corpus_run(tmp_path, capsys, "--jobs", "1", out="one", cap=cap)
    corpus_run(tmp_path, capsys, "--jobs", "3", out="three", cap=cap)
    assert csv_tree(tmp_path / "one") == csv_tree(tmp_path / "three")
    pdfs = [str(tmp_path / f"{name}.pdf") for name in ("good-1", "bad-2", "good-7")]
    in_process = ["--timeout", "0", "--max-memory-mb", "0"]  # no limits, one job: no fork
    assert main(["run", *pdfs, "--out", str(tmp_path / "here"), *in_process]) == 10
    assert main(["run", *pdfs, "--out", str(tmp_path / "forked"), "--jobs", "2"]) == 10
    assert csv_tree(tmp_path / "here") == csv_tree(tmp_path / "forked")


def test_nothing_failed_leaves_a_header_only_failures_file(fake: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "failures.csv").write_text("file,code,message\nold.pdf,E003,from an earlier run\n")
    status = main(["run", str(tmp_path / "good-1.pdf"), str(tmp_path / "good-2.pdf"), "--out", str(out)])
    assert status == 0
    assert (out / "failures.csv").read_text() == "file,code,message\n"
    assert not any(p.name.endswith(".tmp") for p in out.iterdir())


def test_an_environment_error_stops_the_corpus(fake: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pdfs = [str(tmp_path / f"{name}.pdf") for name in ("nomodel-1", "good-2")]
    status, out, err, _ = run(["run", *pdfs, "--out", str(tmp_path / "out")], capsys)
    assert status == 6 and err.splitlines() == ["nomodel-1.pdf: started", err.splitlines()[1]]
    assert err.splitlines()[1].startswith("error [E008]")
    assert not (tmp_path / "out" / "failures.csv").exists()


def test_a_report_named_corpus_is_refused_in_a_corpus_run(fake: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err, _ = run(["run", str(tmp_path / "a.pdf"), str(tmp_path / "corpus.pdf"), "--out", str(tmp_path / "out")], capsys)
    assert status == 2 and err.startswith("error [E021]") and "corpus.pdf" in err


@pytest.mark.parametrize("option", [["--jobs", "0"], ["--timeout", "-1"], ["--max-memory-mb", "x"], ["--jobs", "2", "--dask", "h:1"]])
def test_bad_corpus_options_are_usage_errors(option: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["run", "a.pdf", *option])
    assert info.value.code == 2


def test_the_model_is_loaded_once_for_every_worker(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Four files over two workers: one model load, in the process that forks them (the counter is a
    file, so a load in a worker would show too)."""
    import pipeline.nlp

    loads = tmp_path / "loads.txt"

    def build_nlp() -> object:
        with loads.open("a") as f:
            f.write(f"{os.getpid()}\n")
        return object()

    def uses_the_model(pdf: Path, *, out_root: Path, **options) -> str:
        pipeline.runner.get_nlp()
        return fake_run_report(pdf, out_root=out_root)

    monkeypatch.setattr(pipeline.nlp, "build_nlp", build_nlp)
    monkeypatch.setattr(pipeline.runner, "_NLP", None)
    monkeypatch.setattr(pipeline.runner, "run_report", uses_the_model)
    pdfs = [str(tmp_path / f"good-{i}.pdf") for i in range(4)]
    assert main(["run", *pdfs, "--out", str(tmp_path / "out"), "--jobs", "2"]) == 0
    assert loads.read_text().split() == [str(os.getpid())]


# ---------------------------------------------------------------- the order of files, parsing while the model loads


def pdf_declaring(path: Path, pages: int) -> Path:
    """Bytes whose page tree declares `pages` pages, beside an outline whose /Count must not count."""
    path.write_bytes(
        b"%PDF-1.4\n1 0 obj << /Type /Outlines /Count 99 >> endobj\n"
        + b"2 0 obj << /Type /Pages /Kids [] /Count %d >> endobj\n%%%%EOF\n" % pages
    )
    return path


def test_the_longest_files_are_handed_out_first(tmp_path: Path) -> None:
    from pipeline.corpus import BYTES_PER_PAGE, Task, estimated_pages, longest_first

    short, long, tie = (pdf_declaring(tmp_path / f"{name}.pdf", n) for name, n in (("short", 2), ("long", 40), ("tie", 2)))
    compressed = tmp_path / "compressed.pdf"  # no page tree in clear bytes: judged by its size
    compressed.write_bytes(b"%PDF-1.5\n" + b"x" * (3 * BYTES_PER_PAGE))
    missing = tmp_path / "missing.pdf"
    assert (estimated_pages(short), estimated_pages(long), estimated_pages(missing)) == (2, 40, 0)
    assert 3 < estimated_pages(compressed) < 3.01
    tasks = [Task(i, pdf, None, tmp_path) for i, pdf in enumerate([short, long, missing, compressed, tie])]
    assert [t.pdf.name for t in longest_first(tasks)] == ["long.pdf", "compressed.pdf", "short.pdf", "tie.pdf", "missing.pdf"]


def fake_parse_pdf(pdf: Path, *, limits=None) -> dict[str, object]:
    import pipeline.pdf

    kind = pdf.stem.split("-")[0]
    if kind == "bad":
        raise error("E003", 3, path=pdf, detail="made up")
    if kind == "slow":
        time.sleep(HANG_GUARD_S * 10)
    pipeline.pdf.logger.warning("[W006]: made-up parse warning for %s", pdf.name)
    return {"parsed_by": os.getpid(), "name": pdf.name}


def parsing_run_report(pdf: Path, *, out_root: Path, gold_path=None, progress=lambda m: None, **options) -> str:
    """The stand-in report, parsing through the runner's functions as `analyse` does."""
    document = pipeline.runner.parse_pdf(pdf, limits=None)
    sections = pipeline.runner.split_sections(document)
    where = "its worker" if document["parsed_by"] == os.getpid() else "another process"
    return f"{fake_run_report(pdf, out_root=out_root)} ({sections[0]} parsed by {where})"


@pytest.fixture
def parsing(fake: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline.runner, "parse_pdf", fake_parse_pdf)
    monkeypatch.setattr(pipeline.runner, "split_sections", lambda document: [document["name"]])
    monkeypatch.setattr(pipeline.runner, "run_report", parsing_run_report)


def test_the_first_files_are_parsed_while_the_model_loads(parsing: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pdfs = [str(pdf_declaring(tmp_path / f"good-{i}.pdf", pages)) for i, pages in ((1, 2), (2, 9), (3, 2))]
    status, out, err_two, _ = run(["run", *pdfs, "--out", str(tmp_path / "two"), "--jobs", "2"], capsys)
    assert status == 0
    assert out.splitlines() == [  # good-2 declares the most pages, then good-1 (input order among equals):
        "good-1.pdf: done (good-1.pdf parsed by another process)",  # the first two handed out, parsed
        "good-2.pdf: done (good-2.pdf parsed by another process)",  # while the model loads
        "good-3.pdf: done (good-3.pdf parsed by its worker)",
    ]
    status, _, err_one, _ = run(["run", *pdfs, "--out", str(tmp_path / "one"), "--jobs", "1"], capsys)
    assert status == 0
    assert err_two == err_one  # the parse's warning shown once, where the parse would have shown it
    for name in ("good-1.pdf", "good-2.pdf"):
        assert err_two.count(f"made-up parse warning for {name}") == 1
        assert err_two.index(f"parse warning for {name}") < err_two.index(f"made-up warning for {name}")
    assert csv_tree(tmp_path / "two") == csv_tree(tmp_path / "one")


def test_a_file_that_fails_its_early_parse_is_parsed_again_by_its_worker(
    parsing: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdfs = [str(pdf_declaring(tmp_path / "bad-1.pdf", 9)), str(pdf_declaring(tmp_path / "good-2.pdf", 2))]
    status, out, err, _ = run(["run", *pdfs, "--out", str(tmp_path / "out"), "--jobs", "2"], capsys)
    assert status == 10 and out.splitlines() == ["good-2.pdf: done (good-2.pdf parsed by another process)"]
    assert [row[1] for row in read_csv_rows(tmp_path / "out" / "failures.csv")[1:]] == ["E003"]


def test_a_file_that_hangs_in_its_early_parse_ends_with_E018(
    parsing: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdfs = [str(pdf_declaring(tmp_path / "slow-1.pdf", 9)), str(pdf_declaring(tmp_path / "good-2.pdf", 2))]
    status, out, err, took = run(["run", *pdfs, "--out", str(tmp_path / "out"), "--jobs", "2", "--timeout", "1"], capsys)
    assert status == 10 and took < HANG_GUARD_S
    assert out.splitlines() == ["good-2.pdf: done (good-2.pdf parsed by another process)"]
    assert [row[1] for row in read_csv_rows(tmp_path / "out" / "failures.csv")[1:]] == ["E018"]


# ---------------------------------------------------------------- the progress line


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_line_counts_files_failures_and_time_left() -> None:
    line = ProgressLine(Terminal(), 4, enabled=True)
    assert line.text() == "0/4 files, 0 failed, time left unknown"
    line.done, line.failed = 1, 1
    assert line.text(now=line.started + 30) == "1/4 files, 1 failed, about 1 min 30 s left"
    line.done = 4
    assert line.text(now=line.started + 30) == "4/4 files, 1 failed, done in 30 s"


def test_progress_line_only_on_a_terminal(fake: None, tmp_path: Path) -> None:
    from pipeline.corpus import run_corpus

    pdfs = [tmp_path / "good-1.pdf", tmp_path / "bad-2.pdf"]
    for stream in (Terminal(), io.StringIO()):
        run_corpus(pdfs, out_root=tmp_path / "out", out=io.StringIO(), err=stream)
        text = stream.getvalue()
        if isinstance(stream, Terminal):
            assert "\r\x1b[K2/2 files, 1 failed, done in" in text
            assert text.endswith("\r\x1b[K") or text.endswith("\n")  # the line is wiped before the end
        else:
            assert "\r" not in text and "files, " not in text


# ---------------------------------------------------------------- the real pipeline

REAL = [ROOT / "tests/data/real/reports/dev-a/dev-a.pdf", ROOT / "tests/data/real/reports/dev-c/dev-c.pdf"]


@pytest.fixture(scope="module")
def real_corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """dev-a, a truncated copy of dev-c (damaged), dev-c: two good reports and one damaged file."""
    folder = tmp_path_factory.mktemp("corpus-in")
    damaged = folder / "damaged.pdf"
    damaged.write_bytes(REAL[1].read_bytes()[: REAL[1].stat().st_size // 3])
    return [REAL[0], damaged, REAL[1]]


@pytest.fixture(scope="module")
def real_runs(real_corpus: list[Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    outs = {}
    for jobs in ("1", "2"):
        out = tmp_path_factory.mktemp(f"jobs{jobs}")
        with pytest.MonkeyPatch.context() as patch:  # each run cold: a cache hit would make them equal for free
            patch.setenv("POLICY_PIPELINE_CACHE", str(tmp_path_factory.mktemp(f"cache{jobs}")))
            assert main(["run", *map(str, real_corpus), "--out", str(out), "--jobs", jobs]) == 10
        outs[jobs] = out
    return outs


@pytest.mark.slow
def test_real_corpus_reports_the_damaged_file_and_writes_the_rest(real_runs: dict[str, Path]) -> None:
    out = real_runs["1"]
    failures = read_csv_rows(out / "failures.csv")
    assert len(failures) == 2 and Path(failures[1][0]).name == "damaged.pdf" and failures[1][1] == "E003"
    for report in ("dev-a", "dev-c"):
        assert (out / report / "entities.csv").is_file()
    assert not (out / "damaged").exists()
    entities = read_csv_rows(out / "corpus" / "entities.csv")
    assert entities[0][0] == "report"
    reports = [row[0] for row in entities[1:]]
    assert reports == sorted(reports) and set(reports) == {"dev-a", "dev-c"}  # dev-a's rows, then dev-c's
    assert len(entities) - 1 == sum(len(read_csv_rows(out / r / "entities.csv")) - 1 for r in ("dev-a", "dev-c"))


@pytest.mark.slow
def test_real_corpus_jobs_2_writes_the_same_csvs_as_jobs_1(real_runs: dict[str, Path]) -> None:
    one, two = csv_tree(real_runs["1"]), csv_tree(real_runs["2"])
    expected = {"failures.csv", *(f"{r}/{t}" for r in ("dev-a", "dev-c", "corpus") for t in CORPUS_TABLES)}
    assert expected <= one.keys(), (sorted(expected - one.keys()), one["failures.csv"].decode())
    assert one == two


def test_stacking_reports_keeps_column_order_and_zeroes_left_out_counts() -> None:
    from pipeline.corpus import _is_count_column, stack

    a = (["report", "country", "n_statements", "bearer_police", "measure_training"], [["a", "Spain", "2", "2", "1"]])
    b = (["report", "country", "n_statements", "bearer_mayor", "local_aims"], [["b", "Chile", "1", "1", "x"], ["b", "Peru", "0", "3", ""]])
    columns, rows = stack([a, b], zero=_is_count_column)
    assert columns == ["report", "country", "n_statements", "bearer_mayor", "local_aims", "bearer_police", "measure_training"]
    assert [dict(zip(columns, row)) for row in rows] == [
        {"report": "a", "country": "Spain", "n_statements": "2", "bearer_mayor": "0", "local_aims": "",
         "bearer_police": "2", "measure_training": "1"},
        {"report": "b", "country": "Chile", "n_statements": "1", "bearer_mayor": "1", "local_aims": "x",
         "bearer_police": "0", "measure_training": "0"},
        {"report": "b", "country": "Peru", "n_statements": "0", "bearer_mayor": "3", "local_aims": "",
         "bearer_police": "0", "measure_training": "0"},
    ]
    assert stack([], zero=_is_count_column) == (["report"], [])


def test_corpus_csv_bytes_are_those_pandas_writes() -> None:
    """The corpus tables are written with the csv module: the same bytes as `export.to_csv_bytes`
    on the same text cells (quotes, commas, line feeds, formula-like and control characters)."""
    from pipeline.corpus import csv_bytes
    from pipeline.export import to_csv_bytes

    header = ["report", "country", "text", "n"]
    rows = [["r1", "Spain", 'a, "quoted"\nline', "-1"], ["=r2", "", "\x00nul and\ttab", "=2"], ["r3", " ", '"', "+"]]
    assert csv_bytes(header, rows) == to_csv_bytes(pd.DataFrame(rows, columns=header))
    assert csv_bytes(["report"], []) == to_csv_bytes(pd.DataFrame(columns=["report"])) == b"report\n"
