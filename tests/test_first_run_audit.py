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
