"""tools/first_run_audit.py: the per-rule table from predicted rows (the first runs themselves need
the repository's history and the model, so they are run by hand, not here)."""
from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
import first_run_audit  # noqa: E402


def test_rules_are_counted_per_label_with_their_wrong_predictions_first():
    rows = pd.DataFrame([
        {"report": "r1", "label": "ORG", "rule": "model_ORG", "text": "System", "wrong": 1},
        {"report": "r2", "label": "ORG", "rule": "model_ORG", "text": "GAO", "wrong": 0},
        {"report": "r2", "label": "ORG", "rule": "model_ORG", "text": "Groups", "wrong": 1},
        {"report": "r1", "label": "ACTOR", "rule": "actor_head", "text": "municipalities", "wrong": 0},
        {"report": "r1", "label": "ORG", "rule": "actor_head", "text": "Government", "wrong": 0},
    ])
    table = first_run_audit.by_rule(rows)
    assert list(table.index) == [("ORG", "model_ORG"), ("ACTOR", "actor_head"), ("ORG", "actor_head")]
    org = table.loc[("ORG", "model_ORG")]
    assert (org["predicted"], org["wrong"], org["reports"], org["precision"]) == (3, 2, 2, 0.33)


def test_every_first_run_names_a_commit_and_a_report():
    for commit, folder, data_commit in first_run_audit.FIRST_RUNS:
        assert len(commit) >= 7 and folder and (data_commit is None or len(data_commit) >= 7)


def test_the_child_marks_rows_wrong_per_scheme_skips_footnotes_and_counts_misses(tmp_path):
    """CHILD run against a stand-in `pipeline.runner` that writes a run's CSVs: a row is wrong under
    a scheme when a false positive of that scheme has its label and text (one per row), footnote
    rows are not scored, and every row carries the run's false negatives per scheme."""
    import subprocess

    folder = tmp_path / "tests/data/real/reports/rep"
    folder.mkdir(parents=True)
    (folder / "report.json").write_text('{"producers": [{"pdf": "rep.pdf"}]}', encoding="utf-8")
    (tmp_path / "pipeline").mkdir()
    (tmp_path / "pipeline/__init__.py").write_text("", encoding="utf-8")
    entities = pd.DataFrame([
        {"label": "ORG", "text": "System", "rule": "model_ORG+x", "source": "body", "sentence": "The System works.",
         "start": 4, "end": 10, "page": 1},
        {"label": "ORG", "text": "System", "rule": "model_ORG", "source": "body", "sentence": "A System.",
         "start": 40, "end": 46, "page": 1},
        {"label": "ACTOR", "text": "police officers", "rule": "actor_head", "source": "body",
         "sentence": "police officers act", "start": 60, "end": 75, "page": 2},
        {"label": "ORG", "text": "System", "rule": "model_ORG", "source": "footnote", "sentence": "See System.",
         "start": 4, "end": 10, "page": 2},
    ])
    errors = pd.DataFrame([
        {"task": "entities", "scheme": "lenient", "kind": "false_positive", "label": "ORG", "predicted": "System"},
        {"task": "entities", "scheme": "strict", "kind": "false_positive", "label": "ORG", "predicted": "System"},
        {"task": "entities", "scheme": "strict", "kind": "false_positive", "label": "ACTOR",
         "predicted": "police officers"},
        {"task": "entities", "scheme": "lenient", "kind": "false_negative", "label": "PLACE", "predicted": ""},
        {"task": "entities", "scheme": "strict", "kind": "false_negative", "label": "PLACE", "predicted": ""},
        {"task": "entities", "scheme": "strict", "kind": "false_negative", "label": "ACTOR", "predicted": ""},
        {"task": "obligations", "scheme": "lenient", "kind": "false_positive", "label": "ORG", "predicted": "System"},
    ])
    (tmp_path / "pipeline/runner.py").write_text(
        "from pathlib import Path\n"
        f"ENTITIES = {entities.to_csv(index=False)!r}\nERRORS = {errors.to_csv(index=False)!r}\n"
        "def run_report(pdf, out_root, gold_path):\n"
        "    out = Path(out_root) / Path(pdf).stem\n"
        "    out.mkdir(parents=True)\n"
        "    (out / 'entities.csv').write_text(ENTITIES)\n"
        "    (out / 'errors.csv').write_text(ERRORS)\n", encoding="utf-8")
    out = subprocess.run([sys.executable, "-c", first_run_audit.CHILD, "rep"], cwd=tmp_path, check=True,
                         capture_output=True, text=True).stdout
    rows = pd.read_csv(pd.io.common.StringIO(out), sep="\t", dtype=str, keep_default_na=False)
    assert rows["text"].tolist() == ["System", "System", "police officers"]  # the footnote row is not scored
    assert rows["rule"].tolist() == ["model_ORG", "model_ORG", "actor_head"]
    assert rows["wrong"].tolist() == ["1", "0", "0"]  # one lenient false positive `System`: the first row
    assert rows["wrong_strict"].tolist() == ["1", "0", "1"]
    assert rows["sentence"].tolist()[0] == "The System works." and rows["start"].tolist()[0] == "4"
    assert set(rows["missed_lenient"]) == {"1"} and set(rows["missed_strict"]) == {"2"}
