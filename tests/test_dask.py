"""`run --dask SCHEDULER` (pipeline/corpus.py) on a local Dask cluster of two worker processes
started here: the same CSVs as `--jobs 1`, a damaged file reported, not fatal."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.cli import main

distributed = pytest.importorskip("distributed")  # the optional extra [dask]

ROOT = Path(__file__).resolve().parents[1]
REAL = [ROOT / "tests/data/real/reports/dev-a/dev-a.pdf", ROOT / "tests/data/real/reports/dev-c/dev-c.pdf"]
TABLES = ("sections.csv", "entities.csv", "obligations.csv", "countries.csv")

pytestmark = pytest.mark.slow


def csv_tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.csv"))}


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None,
    ) as local:
        yield local


def test_dask_run_writes_what_jobs_1_writes(
    cluster, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(REAL[0].read_bytes()[:5000])
    pdfs = [str(REAL[0]), str(damaged), str(REAL[1])]
    # each run cold (the cache folder travels with the task to the workers): a hit would make them equal for free
    monkeypatch.setenv("POLICY_PIPELINE_CACHE", str(tmp_path / "cache-local"))
    assert main(["run", *pdfs, "--out", str(tmp_path / "local"), "--jobs", "1"]) == 10
    local_out, local_err = capsys.readouterr()
    monkeypatch.setenv("POLICY_PIPELINE_CACHE", str(tmp_path / "cache-dask"))
    assert main(["run", *pdfs, "--out", str(tmp_path / "dask"), "--dask", cluster.scheduler_address]) == 10
    dask_out, dask_err = capsys.readouterr()
    local, dask = csv_tree(tmp_path / "local"), csv_tree(tmp_path / "dask")
    expected = {"failures.csv", *(f"{r}/{t}" for r in ("dev-a", "dev-c", "corpus") for t in TABLES)}
    assert expected <= local.keys(), (sorted(expected - local.keys()), local["failures.csv"].decode())
    assert local == dask
    assert dask_out.replace("/dask/", "/local/") == local_out  # summaries in input order
    assert [line for line in dask_err.splitlines() if line.startswith("error")] == [
        line for line in local_err.splitlines() if line.startswith("error")
    ]


def test_an_unreachable_scheduler_is_one_error_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["run", str(REAL[0]), str(REAL[1]), "--out", str(tmp_path), "--dask", "tcp://127.0.0.1:9"])
    err = capsys.readouterr().err
    assert status == 2 and err.startswith("error [E031]") and err.count("\n") == 1
