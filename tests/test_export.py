import pandas as pd
import pytest

from pipeline.errors import PipelineError
from pipeline.export import neutralise, to_csv_bytes, write_outputs


@pytest.mark.parametrize(("cell", "safe"), [("=SUM(A1)", "'=SUM(A1)"), ("+1", "'+1"), ("-x", "'-x"), ("@a", "'@a"), ("ok", "ok"), (3, 3)])
def test_neutralise_formula_cells(cell, safe):
    assert neutralise(cell) == safe


def test_csv_bytes_are_deterministic_and_utf8():
    frame = pd.DataFrame([{"country": "Türkiye", "text": "=cmd", "n": 1}])
    assert to_csv_bytes(frame) == to_csv_bytes(frame.copy())
    assert to_csv_bytes(frame).decode("utf-8") == "country,text,n\nTürkiye,'=cmd,1\n"


def test_write_outputs_replaces_the_folder_whole(tmp_path):
    destination = tmp_path / "report"
    write_outputs(destination, {"a.csv": pd.DataFrame([{"x": 1}])}, {"run": 1})
    write_outputs(destination, {"b.csv": pd.DataFrame([{"y": 2}])}, {"run": 2})
    assert sorted(p.name for p in destination.iterdir()) == ["b.csv", "manifest.json"]
    assert [p.name for p in tmp_path.iterdir()] == ["report"]  # no staging folder left


def test_failed_write_leaves_previous_outputs(tmp_path):
    destination = tmp_path / "report"
    write_outputs(destination, {"a.csv": pd.DataFrame([{"x": 1}])}, {"run": 1})
    before = (destination / "a.csv").read_bytes()

    class Broken(pd.DataFrame):
        def itertuples(self, *args, **kwargs):  # the writer reads a frame's rows through it
            raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        write_outputs(destination, {"a.csv": pd.DataFrame([{"x": 9}]), "b.csv": Broken([{"y": 1}])}, {"run": 2})
    assert (destination / "a.csv").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report"]


def test_unwritable_destination_is_a_pipeline_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(PipelineError) as info:
        write_outputs(blocker / "report", {}, {})
    assert info.value.code == "E011"


def test_a_swap_failing_half_way_puts_the_earlier_outputs_back(tmp_path, monkeypatch):
    from pathlib import Path

    destination = tmp_path / "report"
    write_outputs(destination, {"a.csv": pd.DataFrame([{"x": 1}])}, {"run": 1})
    before = (destination / "a.csv").read_bytes()
    real_rename = Path.rename
    calls = []

    def rename(self, target):
        calls.append(self.name)
        if len(calls) == 2:  # the staging folder into place
            raise OSError(28, "No space left on device")
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(PipelineError) as info:
        write_outputs(destination, {"a.csv": pd.DataFrame([{"x": 9}])}, {"run": 2})
    monkeypatch.setattr(Path, "rename", real_rename)
    assert info.value.code == "E011"
    assert (destination / "a.csv").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report"]


def test_control_characters_are_dropped_from_cells():
    # NUL comes from glyphs without a Unicode mapping; a spreadsheet or pandas chokes on it
    assert neutralise("Minist\x00ry of\x07 Justice") == "Ministry of Justice"
    assert neutralise("line\tone\nline two") == "line\tone\nline two"  # tab and newline are text
    assert neutralise("\x00=SUM(A1)") == "'=SUM(A1)"


def test_next_run_removes_staging_folders_a_killed_run_left(tmp_path):
    destination = tmp_path / "report"
    stale = tmp_path / ".report.k3x9_a0q"  # what tempfile.mkdtemp(prefix=".report.") makes
    stale.mkdir()
    (stale / "entities.csv").write_text("half a fi")
    unrelated = tmp_path / ".report-notes"  # not a staging folder: kept
    unrelated.mkdir()
    write_outputs(destination, {"a.csv": pd.DataFrame([{"x": 1}])}, {"run": 1})
    assert not stale.exists()
    assert unrelated.exists()


def test_output_folder_follows_the_umask(tmp_path):
    import os

    previous = os.umask(0o022)
    try:
        write_outputs(tmp_path / "report", {"a.csv": pd.DataFrame([{"x": 1}])}, {"run": 1})
    finally:
        os.umask(previous)
    assert (tmp_path / "report").stat().st_mode & 0o777 == 0o755


def test_a_reviewed_sample_survives_a_new_run_in_earlier_review(tmp_path):
    destination = tmp_path / "report"
    table = pd.DataFrame({"a": [1]})
    write_outputs(destination, {"entities.csv": table}, {"run": 1})
    (destination / "review.csv").write_text("kind,correct\nentity,1\n", encoding="utf-8")
    (destination / "precision.csv").write_text("stratum,precision\nORG,1.0\n", encoding="utf-8")
    kept = write_outputs(destination, {"entities.csv": table}, {"run": 2})
    assert kept == ["review.csv", "precision.csv"]
    assert (destination / "earlier_review" / "review.csv").read_text(encoding="utf-8") == "kind,correct\nentity,1\n"
    assert (destination / "earlier_review" / "precision.csv").exists()
    assert not (destination / "review.csv").exists()  # the new run's rows are not the reviewed ones
    # a third run without a new sample carries the last reviewed one over
    assert write_outputs(destination, {"entities.csv": table}, {"run": 3}) == []
    assert (destination / "earlier_review" / "review.csv").read_text(encoding="utf-8") == "kind,correct\nentity,1\n"
