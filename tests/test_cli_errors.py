"""Bad inputs through `main(["parse", ...])` and `main(["run", ...])`: one error line on
stderr with its code, the documented exit status, no traceback, and nothing written.

`run` loads spaCy after parsing, so its tests are marked slow even though the errors
come before the model is loaded.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pytest

import pdf_factory as pf

REPO = Path(__file__).resolve().parents[1]


def norm(s: str) -> str:
    return " ".join(s.split())


# (case, code, exit status, words the message must contain)
BAD_INPUTS = [
    ("missing", "E001", 3, "not found"),
    ("not_pdf", "E002", 3, "not a PDF"),
    ("empty", "E003", 3, "empty or truncated"),
    ("truncated", "E003", 3, "empty or truncated"),
    ("encrypted", "E004", 3, "encrypted"),
    ("no_text", "E005", 4, "no text layer: the PDF needs OCR"),
]
CASES = [case for case, *_ in BAD_INPUTS]


@pytest.fixture(scope="session")
def bad_inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One file per bad case (the 'missing' one is never created)."""
    d = tmp_path_factory.mktemp("bad")
    valid = pf.build_report(pf.serif_numbered(), d / "valid.pdf").path
    return {
        "missing": d / "missing.pdf",
        "not_pdf": pf.write_text_file(d / "not_pdf.pdf"),
        "empty": pf.write_empty_file(d / "empty.pdf"),
        "truncated": pf.write_truncated_pdf(valid, d / "truncated.pdf"),
        "encrypted": pf.build_report(pf.serif_numbered(), d / "encrypted.pdf", encrypt="secret").path,
        "no_text": pf.write_no_text_pdf(d / "no_text.pdf"),
    }


@pytest.fixture(scope="session")
def no_country(tmp_path_factory: pytest.TempPathFactory) -> pf.Built:
    return pf.build_report(pf.no_country(), tmp_path_factory.mktemp("nocountry") / "no_country.pdf")


def cli_main() -> Callable[[list[str]], int]:
    from pipeline.cli import main  # imported here so the factory test runs without it

    return main


def call(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """main(argv) -> (status, stdout, stderr); a user error must not raise."""
    main = cli_main()
    try:
        status = main(argv)
    except SystemExit as e:  # pragma: no cover - reported as a failure below
        pytest.fail(f"main({argv}) raised SystemExit({e.code}); it must return the status")
    out, err = capsys.readouterr()
    return status, out, err


def assert_one_error_line(err: str, code: str, words: str, path: Path) -> None:
    assert "Traceback" not in err, f"traceback on stderr:\n{err}"
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, f"stderr must hold exactly one line, got {len(lines)}: {lines}"
    line = lines[0]
    assert re.match(rf"error \[{code}\]: \S", line), (
        f"expected 'error [{code}]: message' (code in brackets, then a colon), got {line!r}"
    )
    assert words in line, f"the {code} message should say {words!r}: {line!r}"
    assert path.name in line, f"the message should name the file {path.name}: {line!r}"


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every path under folder with its bytes (None for a directory)."""
    if not folder.exists():
        return {}
    return {
        str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None)
        for p in sorted(folder.rglob("*"))
    }


# ---------------------------------------------------------------- the fixtures themselves


def test_factory_bad_inputs(bad_inputs: dict[str, Path]) -> None:
    """Each bad file is bad in the intended way, and only that way."""
    assert not bad_inputs["missing"].exists()
    assert not bad_inputs["not_pdf"].read_bytes().startswith(b"%PDF-")
    assert bad_inputs["empty"].stat().st_size == 0
    truncated = bad_inputs["truncated"].read_bytes()
    assert truncated.startswith(b"%PDF-") and b"%%EOF" not in truncated
    encrypted = bad_inputs["encrypted"]
    with pytest.raises(Exception):
        with pdfplumber.open(encrypted) as pdf:
            pdf.pages[0].extract_text()
    with pdfplumber.open(encrypted, password="secret") as pdf:
        assert "Kosovo" in pdf.pages[0].extract_text()
    with pdfplumber.open(bad_inputs["no_text"]) as pdf:
        assert len(pdf.pages) == 2
        assert all(not page.chars and page.images for page in pdf.pages)


# ---------------------------------------------------------------- parse


@pytest.mark.parametrize("flags", [["--json"], []], ids=["json", "plain"])
@pytest.mark.parametrize(("case", "code", "status", "words"), BAD_INPUTS, ids=CASES)
def test_parse_bad_input(
    bad_inputs: dict[str, Path], case: str, code: str, status: int, words: str, flags: list[str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = bad_inputs[case]
    got, out, err = call(["parse", str(path), *flags], capsys)
    assert got == status, f"{case}: exit status {got}, expected {status}; stderr: {err!r}"
    assert_one_error_line(err, code, words, path)
    assert out.strip() == "", f"{case}: nothing on stdout after an error, got {out[:200]!r}"


@pytest.mark.parametrize(("case", "code", "status", "words"), BAD_INPUTS, ids=CASES)
def test_parse_bad_input_in_subprocess(
    bad_inputs: dict[str, Path], case: str, code: str, status: int, words: str
) -> None:
    """As a user runs it: no logging noise from pdfminer, no traceback, one line."""
    path = bad_inputs[case]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline", "parse", str(path), "--json"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == status, f"{case}: exit status {proc.returncode}; stderr: {proc.stderr!r}"
    assert_one_error_line(proc.stderr, code, words, path)
    assert proc.stdout.strip() == ""


def test_parse_no_country_heading_warns(no_country: pf.Built, capsys: pytest.CaptureFixture[str]) -> None:
    """Not an error for parse: W001, exit 0, the whole text as one section with country ''."""
    status, out, err = call(["parse", str(no_country.path), "--json"], capsys)
    assert "Traceback" not in err, err
    assert status == 0, f"a report without country headings is not an error for parse; stderr: {err!r}"
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and re.match(r"warning \[W001\]: \S", lines[0]), f"expected one W001 line: {lines}"
    assert no_country.path.name in lines[0]
    data = json.loads(out)
    assert [(s["country"], s["iso2"], s["page_start"], s["page_end"]) for s in data["sections"]] == [
        ("", "", 1, no_country.n_pages)
    ]
    assert norm(data["sections"][0]["text"]) == norm(no_country.sections[0].text)
    assert data["footnotes"] == []


def test_usage_error_returns_status_2(capsys: pytest.CaptureFixture[str]) -> None:
    """A bad command line is a user error too: argparse's status 2, no traceback."""
    main = cli_main()
    try:
        status = main(["parse"])
    except SystemExit as e:  # argparse's own exit; accepted, though main() should return
        status = e.code  # type: ignore[assignment]
    _, err = capsys.readouterr()
    assert status == 2, f"exit status {status} for a missing PDF argument"
    assert "Traceback" not in err and err.strip(), "argparse prints its usage line"


# ---------------------------------------------------------------- run


@pytest.mark.slow
@pytest.mark.parametrize(("case", "code", "status", "words"), BAD_INPUTS, ids=CASES)
def test_run_bad_input_writes_nothing(
    bad_inputs: dict[str, Path], case: str, code: str, status: int, words: str,
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    path = bad_inputs[case]
    out_dir = tmp_path / "out"
    got, _, err = call(["run", str(path), "--out", str(out_dir)], capsys)
    assert got == status, f"{case}: exit status {got}, expected {status}; stderr: {err!r}"
    csvs = sorted(str(p) for p in out_dir.rglob("*.csv")) if out_dir.exists() else []
    assert csvs == [], f"{case}: a failed run wrote {csvs}"
    assert not (out_dir / path.stem).exists(), f"{case}: a failed run created {out_dir / path.stem}"
    assert_one_error_line(err, code, words, path)


@pytest.mark.slow
@pytest.mark.parametrize(("case", "code", "status", "words"), BAD_INPUTS, ids=CASES)
def test_run_failure_keeps_earlier_output(
    bad_inputs: dict[str, Path], case: str, code: str, status: int, words: str,
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    """A failed run of the same stem leaves the earlier `out/<stem>/` byte for byte."""
    pdf = tmp_path / "in" / "report.pdf"
    pdf.parent.mkdir()
    if bad_inputs[case].exists():
        shutil.copyfile(bad_inputs[case], pdf)
    earlier = tmp_path / "out" / "report"
    earlier.mkdir(parents=True)
    (earlier / "sections.csv").write_text(
        "country,iso2,page_start,page_end,n_words,n_sentences\nDenmark,DK,1,2,345,17\n", encoding="utf-8"
    )
    (earlier / "footnotes.csv").write_text("country,number,page,text,urls\n", encoding="utf-8")
    (earlier / "manifest.json").write_text('{"input": "report.pdf"}\n', encoding="utf-8")
    before = tree(tmp_path / "out")

    got, _, err = call(["run", str(pdf), "--out", str(tmp_path / "out")], capsys)
    assert got == status, f"{case}: exit status {got}, expected {status}; stderr: {err!r}"
    after = tree(tmp_path / "out")
    assert after.keys() == before.keys(), (
        f"{case}: a failed run must leave the out folder as it was (no temporary folder left "
        f"behind): added {sorted(after.keys() - before.keys())}, removed {sorted(before.keys() - after.keys())}"
    )
    changed = [name for name in before if before[name] != after[name]]
    assert not changed, f"{case}: the earlier output changed: {changed}"
    assert_one_error_line(err, code, words, pdf)


def test_evaluate_malformed_gold_names_the_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        '{"type": "entity", "country": "", "label": "ORG", "text": "Home Office"}\n'
        '{"type": "entity", "country": "", "label": "ORGANISATION", "text": "Home Office"}\n',
        encoding="utf-8",
    )
    pred = tmp_path / "pred"
    pred.mkdir()
    status = cli_main()(["evaluate", "--gold", str(gold), "--pred", str(pred)])
    err = capsys.readouterr().err
    assert status == 5
    assert err.count("\n") == 1 and err.startswith("error [E006]:") and "line 2" in err
    assert "Traceback" not in err


def test_evaluate_without_predictions_is_one_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"type": "entity", "country": "", "label": "ORG", "text": "Home Office"}\n', encoding="utf-8")
    status = cli_main()(["evaluate", "--gold", str(gold), "--pred", str(tmp_path / "nothing")])
    err = capsys.readouterr().err
    assert status == 3 and err.startswith("error [E010]:")


def test_run_refuses_one_gold_for_several_pdfs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    status = cli_main()(["run", str(a), str(b), "--gold", str(tmp_path / "g.jsonl"), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert status == 2 and err.startswith("error [E014]:") and err.count("\n") == 1
    assert not (tmp_path / "out").exists()


def test_run_refuses_two_pdfs_with_one_output_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "x").mkdir()
    (tmp_path / "y").mkdir()
    status = cli_main()(["run", str(tmp_path / "x" / "r.pdf"), str(tmp_path / "y" / "r.pdf"), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert status == 2 and err.startswith("error [E015]:") and "r/" in err


def test_malformed_pattern_line_is_a_data_error_naming_the_line(tmp_path: Path) -> None:
    from pipeline.errors import PipelineError
    from pipeline.nlp import _read_jsonl

    patterns = tmp_path / "patterns.jsonl"
    patterns.write_text('{"label": "ORG", "pattern": "Home Office", "id": "x"}\n{"label": "ORG", "pattern": \n', encoding="utf-8")
    with pytest.raises(PipelineError) as info:
        _read_jsonl(patterns)
    assert info.value.code == "E013" and "line 2" in info.value.message and info.value.exit_status == 8


def test_unwritable_out_fails_before_the_work(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the output folder should be")
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.4 never parsed")  # E011 must come before any parse
    main = cli_main()
    assert main(["run", str(pdf), "--out", str(blocker / "out")]) == 7
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error [E011]")


def test_pdf_library_log_lines_stay_off_stderr(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    import logging

    import pipeline.pdf
    from pipeline.errors import error

    def noisy_parse(path, **kwargs):
        logging.getLogger("pdfminer.pdfparser").warning("Cannot locate objid=12")
        raise error("E003", 3, path=path, detail="damaged")

    monkeypatch.setattr(pipeline.pdf, "parse_pdf", noisy_parse)
    main = cli_main()
    assert main(["parse", str(tmp_path / "x.pdf")]) == 3
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [line for line in err if line.startswith("error [")] and len(err) == 1


def test_file_name_that_is_not_utf8_is_handled(tmp_path: Path, no_country: pf.Built, capsys: pytest.CaptureFixture[str]) -> None:
    """A file name with a byte that is no UTF-8 (Python holds it as a lone surrogate) must not end
    in E999: it prints and is recorded as \\xNN."""
    name = os.fsdecode(b"report-\xff.pdf")
    pdf = tmp_path / name
    shutil.copy(no_country.path, pdf)
    main = cli_main()
    assert main(["parse", str(pdf)]) == 0
    out = capsys.readouterr().out
    assert "report-" in out
    from pipeline.runner import readable_path

    assert readable_path(pdf).endswith("report-\\xff.pdf")
    readable_path(pdf).encode("utf-8")  # a manifest can hold it
