"""What a run imports: scikit-learn, scipy and pandas only when a gold file is scored, and
spaCy not at all when a report's tables are read from the cache.

Each check runs the CLI's `run` path in a fresh interpreter (a test process has
imported everything already) and asks that interpreter which modules it loaded.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.pdf_factory import build_report, serif_numbered

ROOT = Path(__file__).resolve().parents[1]
EVALUATION_ONLY = ("sklearn", "scipy")

# Run the real CLI entry point, then report the top-level packages that were imported.
PROBE = """
import json, sys
from pipeline.cli import main
status = main(sys.argv[1:])
print(json.dumps({"status": status, "modules": sorted({m.split('.')[0] for m in sys.modules})}))
"""


def _run_cli(args: list[str], cwd: Path) -> dict:
    # No limits: the report runs in this process, not in a forked worker whose imports the probe would not see.
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args, "--timeout", "0", "--max-memory-mb", "0"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,  # detects a hang only
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(cwd)},
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def report_without_gold(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("nogold")
    (folder / "raw").mkdir()
    return build_report(serif_numbered(), folder / "raw" / "report.pdf").path


@pytest.fixture(scope="module")
def run_without_gold(report_without_gold: Path) -> dict:
    """One `run --no-cache` of the report without a gold file: the probe's answer."""
    cwd = report_without_gold.parent.parent
    probe = _run_cli(["run", str(report_without_gold), "--out", str(cwd / "out"), "--no-cache"], cwd)
    assert probe["status"] == 0
    assert (cwd / "out" / "report" / "entities.csv").is_file()
    assert "spacy" in probe["modules"]  # the probe sees the run's imports at all
    return probe


@pytest.mark.slow
def test_run_without_gold_imports_no_evaluation_library(run_without_gold: dict) -> None:
    assert [m for m in EVALUATION_ONLY if m in run_without_gold["modules"]] == []


@pytest.mark.slow
def test_run_without_gold_imports_no_pandas(run_without_gold: dict, report_without_gold: Path) -> None:
    """The tables of a run are records written with the csv module (table.py): pandas (about
    0.3 s of CPU) is imported only to score a gold file, or by diff, sample and evaluate."""
    assert "pandas" not in run_without_gold["modules"]
    written = report_without_gold.parent.parent / "out" / "report"
    for name in ("sections.csv", "entities.csv", "obligations.csv", "footnotes.csv", "countries.csv",
                 "countries_evidence.csv", "review.html"):
        assert (written / name).stat().st_size > 0, name


@pytest.mark.slow
def test_run_with_gold_imports_evaluation(report_without_gold: Path, tmp_path: Path) -> None:
    """The other side: scoring a gold file does load them, so the check above can tell the two apart."""
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"type": "entity", "country": "", "label": "PLACE", "text": "France"}) + "\n")
    cwd = report_without_gold.parent.parent
    probe = _run_cli(["run", str(report_without_gold), "--out", str(tmp_path / "out"), "--gold", str(gold)], cwd)
    assert probe["status"] == 0
    assert (tmp_path / "out" / "report" / "metrics.csv").is_file()
    assert "sklearn" in probe["modules"]
    assert "pandas" in probe["modules"]  # evaluation builds its frames from the records


@pytest.mark.slow
def test_a_cached_rerun_imports_no_spacy(report_without_gold: Path, tmp_path: Path) -> None:
    """The re-run reads the tables from the cache: no model, so no spaCy (about 1 s of imports)."""
    cwd = report_without_gold.parent.parent
    args = ["run", str(report_without_gold), "--cache-dir", str(tmp_path / "cache")]
    cold = _run_cli([*args, "--out", str(tmp_path / "cold")], cwd)
    assert cold["status"] == 0 and "spacy" in cold["modules"]  # the first run does need it
    rerun = _run_cli([*args, "--out", str(tmp_path / "rerun")], cwd)
    assert rerun["status"] == 0
    manifest = json.loads((tmp_path / "rerun" / "report" / "manifest.json").read_text())
    assert manifest["cache"]["read"] == ["result"]
    for name in ("entities.csv", "obligations.csv", "countries.csv", "review.html"):
        assert (tmp_path / "rerun" / "report" / name).read_bytes() == (tmp_path / "cold" / "report" / name).read_bytes()
    assert [m for m in ("spacy", "thinc", "pandas") if m in rerun["modules"]] == []


def test_review_colours_are_displacys() -> None:
    """review.py writes displaCy's colours out (so that a cached re-run need not import spaCy): still the same."""
    from spacy.displacy.render import DEFAULT_LABEL_COLORS

    from pipeline.review import DISPLACY_LABEL_OF, LABEL_COLOURS

    assert LABEL_COLOURS == {label: DEFAULT_LABEL_COLORS[spacy_label] for label, spacy_label in DISPLACY_LABEL_OF.items()}
