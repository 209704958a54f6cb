"""Fuzz the parse stage in CI: 160 mutated and hostile PDFs end in a result or a documented error.

The files come from tools/fuzz_pdfs.py (seeded: the same files every run):
the hostile kinds first (bombs, 200,000 pages, page trees that lie, nest
100,000 deep, cycle or are missing behind a huge xref, a 5,000-inch page, nested
and fanned-out forms, a self-referring /Length, a malformed marked-content
dictionary), then mutants of the repository's test PDFs. Each runs
`parse_pdf` + `split_sections` in a forked child under an address-space cap
and a hang timeout (the timeout only detects a hang). The benchmark mode,
`python tools/fuzz_pdfs.py --n 2000`, runs more.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.errors import Errors

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
import fuzz_pdfs as F  # noqa: E402

N_CASES = 160
HANG_S = 120.0
MEMORY_MB = 1500  # address space a child may add to the parent's

EXPECTED_HOSTILE = {
    "hostile:bomb-content": "E027",
    "hostile:bomb-font": "E027",
    "hostile:bomb-tounicode": "E027",
    "hostile:bomb-lzw": "E027",
    "hostile:pages-200000": "E026",
    "hostile:pages-count-lying": "E034",
    "hostile:pages-tree-deep": "E034",
    "hostile:pages-tree-cycle": "E034",
    "hostile:pages-xref-claims": "E034",
    "hostile:page-5000-inches": "E028",
    "hostile:forms-deep": "E029",
    "hostile:forms-fan-out": "E029",
    "hostile:length-self": "E003",
    "hostile:mcid-bdc": "E030",
}


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory):
    cases = list(F.generate(N_CASES, seed=1))
    return cases, F.run_cases(cases, workdir=tmp_path_factory.mktemp("fuzz"), jobs=2, timeout=HANG_S, memory_mb=MEMORY_MB)


@pytest.mark.slow
def test_every_fuzzed_file_ends_in_a_result_or_a_documented_error(outcomes):
    _, results = outcomes
    assert len(results) == N_CASES
    documented = {code for code in vars(Errors) if code.startswith("E")}
    failures = [o for o in results if o.code in F.FAILURES or (o.code != "ok" and o.code not in documented)]
    assert failures == [], "\n".join(f"{o.code} {o.name}: {o.detail}" for o in failures)
    assert {o.code for o in results} > {"ok", "E003"}  # the mutants reach both outcomes, not only one


@pytest.mark.slow
def test_each_hostile_kind_ends_in_its_own_code(outcomes):
    _, results = outcomes
    got = {o.name: o.code for o in results if o.name.startswith("hostile:")}
    assert got == EXPECTED_HOSTILE


@pytest.mark.slow
def test_generation_is_deterministic():
    first = [(c.name, c.data) for c in F.generate(25, seed=3, bomb_mb=8)]
    second = [(c.name, c.data) for c in F.generate(25, seed=3, bomb_mb=8)]
    assert first == second


@pytest.mark.slow
def test_a_failing_file_is_one_line_on_stderr_from_the_command_line(outcomes, tmp_path):
    """One file per error code, through `python -m pipeline parse`: one line, no traceback, no pdfminer log lines."""
    cases, results = outcomes
    data = {c.name: c.data for c in cases}
    chosen: dict[str, str] = {}
    for o in results:
        if o.code != "ok" and o.code not in chosen and not o.name.startswith("hostile:pages"):
            chosen[o.code] = o.name
    assert len(chosen) >= 4
    for code, name in sorted(chosen.items()):
        path = tmp_path / f"{code}.pdf"
        path.write_bytes(data[name])
        run = subprocess.run([sys.executable, "-m", "pipeline", "parse", str(path)], capture_output=True, text=True, timeout=HANG_S)
        lines = run.stderr.strip().splitlines()
        assert run.returncode != 0 and len(lines) == 1 and lines[0].startswith(f"error [{code}]"), (name, run.stderr[-500:])
