"""The real-text development reports (tests/data/real/reports/dev-*), scored end to end.

Their passages are public text written by others (tests/data/real/README.md); their gold was
written by reading them. The floors are the development scores measured at the last rule change,
rounded down to two decimals: a rule change that loses ground on text by other authors fails here.
The sealed report (tests/data/real/reports/sealed) is deliberately not scored in the tests.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from pipeline.cli import main

pytestmark = pytest.mark.slow

REPORTS = Path(__file__).resolve().parent / "data" / "real" / "reports"

# report: (strict micro F1, lenient micro F1, lenient F1 per label, obligation precision, recall)
FLOORS = {
    "dev-a": (0.95, 0.97, {"ORG": 0.92, "POLICY": 0.97, "ACTOR": 0.96, "PLACE": 1.00, "DATE": 1.00}, 1.00, 1.00),
    "dev-b": (0.90, 0.93, {"ORG": 0.91, "POLICY": 1.00, "ACTOR": 0.92, "PLACE": 0.96, "DATE": 0.88}, 1.00, 1.00),
    "dev-c": (0.80, 0.86, {"ORG": 0.88, "POLICY": 0.97, "ACTOR": 0.73, "PLACE": 0.96, "DATE": 1.00}, 1.00, 0.85),
    # dev-d: first run at d2b3089 (no rule tuned on it) 0.65 / 0.78, obligations 0.72 / 0.48; now development
    "dev-d": (0.84, 0.88, {"ORG": 0.93, "POLICY": 0.88, "ACTOR": 0.79, "PLACE": 0.92, "DATE": 1.00}, 0.96, 1.00),
    # obligations of dev-a and dev-d raised 2026-12-03 after the issue-7 obligation rules (dev-a R 0.733 -> 0.933;
    # dev-d P/R 0.778/0.518 -> 0.964/1.000 on the entity rules of that day); all raised again 2026-12-03 (fourth
    # session) to the values measured at ec11347, rounded down (dev-a obligations R 0.933 -> 1.000); fifth session
    # (240739b): dev-a 0.951 / 0.971, ACTOR 0.960; dev-d strict 0.848
}


@pytest.fixture(scope="module", params=sorted(FLOORS))
def scored(request, tmp_path_factory):
    folder = REPORTS / request.param
    config = json.loads((folder / "report.json").read_text("utf-8"))
    assert not config.get("sealed")
    pdf = folder / config["producers"][0]["pdf"]
    out = tmp_path_factory.mktemp(request.param)
    assert main(["run", str(pdf), "--out", str(out), "--gold", str(folder / "gold.jsonl")]) == 0
    metrics = pd.read_csv(out / pdf.stem / "metrics.csv", dtype=str, keep_default_na=False)
    return request.param, metrics[metrics.country == "ALL"]


def test_entity_scores_floor(scored):
    name, overall = scored
    strict_floor, lenient_floor, label_floors, _, _ = FLOORS[name]
    entities = overall[overall.task == "entities"]
    micro = entities[entities.label == "micro"].set_index("scheme")["f1"].astype(float)
    assert micro["strict"] >= strict_floor, name
    assert micro["lenient"] >= lenient_floor, name
    lenient = entities[entities.scheme == "lenient"].set_index("label")["f1"].astype(float)
    for label, floor in label_floors.items():
        assert lenient[label] >= floor, f"{name} {label}"


def test_obligation_scores_floor(scored):
    name, overall = scored
    _, _, _, precision_floor, recall_floor = FLOORS[name]
    match = overall[(overall.task == "obligations") & (overall.scheme == "match")].iloc[0]
    assert float(match["precision"]) >= precision_floor, name
    assert float(match["recall"]) >= recall_floor, name
    deontic = overall[(overall.task == "obligations") & (overall.scheme == "deontic_accuracy")].iloc[0]
    assert float(deontic["value"]) >= 1.00, name
