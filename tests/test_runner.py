"""The main job end to end on the committed first report: outputs, determinism, scores.

The score floors are the values measured on the first report, rounded down
(a regression guard; see the closing notes of the issues), never set above
what was measured.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from pipeline.cli import main

ROOT = Path(__file__).resolve().parents[1]
PDF = ROOT / "raw" / "local-authorities-radicalisation.pdf"
GOLD = ROOT / "annotations" / "local-authorities-radicalisation.jsonl"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    assert main(["run", str(PDF), "--out", str(out), "--gold", str(GOLD)]) == 0
    return out / PDF.stem


def read(run_dir: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(run_dir / name, dtype=str, keep_default_na=False)


def test_run_writes_every_table(run_dir):
    names = {p.name for p in run_dir.iterdir()}
    assert names == {
        "sections.csv", "entities.csv", "obligations.csv", "footnotes.csv", "countries.csv",
        "countries_evidence.csv", "metrics.csv", "errors.csv", "manifest.json", "review.html",
    }
    sections = read(run_dir, "sections.csv")
    assert list(sections.columns[:6]) == ["country", "iso2", "page_start", "page_end", "n_words", "n_sentences"]
    assert len(sections) == 10
    assert len(read(run_dir, "footnotes.csv")) == 27


def test_every_row_traces_to_page_sentence_and_rule(run_dir):
    for name in ("entities.csv", "obligations.csv"):
        table = read(run_dir, name)
        assert len(table)
        assert (table["page"].astype(int) >= 1).all()
        assert (table["sentence"].str.len() > 0).all()
        assert (table["rule"].str.len() > 0).all(), name


def test_manifest_records_input_and_versions(run_dir):
    manifest = json.loads((run_dir / "manifest.json").read_text("utf-8"))
    import hashlib

    assert manifest["input"]["sha256"] == hashlib.sha256(PDF.read_bytes()).hexdigest()
    assert manifest["versions"]["spacy"].startswith("3.8")
    assert manifest["versions"]["patterns"]
    assert manifest["counts"]["footnotes.csv"] == 27


def test_same_input_gives_byte_identical_csvs(run_dir, tmp_path):
    assert main(["run", str(PDF), "--out", str(tmp_path), "--gold", str(GOLD)]) == 0
    for csv in sorted([*run_dir.glob("*.csv"), run_dir / "review.html"]):
        assert (tmp_path / PDF.stem / csv.name).read_bytes() == csv.read_bytes(), csv.name


def test_evaluate_command_scores_a_run(run_dir, capsys):
    assert main(["evaluate", "--gold", str(GOLD), "--pred", str(run_dir)]) == 0
    out = capsys.readouterr().out
    assert "entities strict" in out and "obligations" in out


def test_entity_scores_floor(run_dir):
    metrics = read(run_dir, "metrics.csv")
    overall = metrics[(metrics.task == "entities") & (metrics.country == "ALL")]
    micro = overall[overall.label == "micro"].set_index("scheme")["f1"].astype(float)
    assert micro["strict"] >= STRICT_MICRO_F1_FLOOR
    assert micro["lenient"] >= LENIENT_MICRO_F1_FLOOR
    lenient = overall[overall.scheme == "lenient"].set_index("label")["f1"].astype(float)
    for label, floor in LENIENT_LABEL_F1_FLOOR.items():
        assert lenient[label] >= floor, label


def test_obligation_scores_floor(run_dir):
    metrics = read(run_dir, "metrics.csv")
    rows = metrics[(metrics.task == "obligations") & (metrics.country == "ALL")].set_index("scheme")
    match = rows.loc["match"]
    assert float(match["precision"]) >= OBLIGATION_PRECISION_FLOOR
    assert float(match["recall"]) >= OBLIGATION_RECALL_FLOOR
    assert float(rows.loc["deontic_accuracy", "value"]) >= DEONTIC_ACCURACY_FLOOR
    assert float(rows.loc["aim_token_f1", "value"]) >= AIM_TOKEN_F1_FLOOR


def test_country_comparison_against_facts_read_from_the_report(run_dir):
    countries = read(run_dir, "countries.csv").set_index("country")
    assert len(countries) == 9
    # "Denmark's most recent plan ... was adopted in 2014."
    assert countries.loc["Denmark", "strategy_year"] == "2014"
    # "In January 2015, the Strategic Plan ... was approved" (Spain); CONTEST "first developed in 2003" (UK)
    assert countries.loc["Spain", "strategy_year"] == "2015"
    assert countries.loc["United Kingdom", "main_strategy"] == "CONTEST"
    assert countries.loc["United Kingdom", "strategy_year"] == "2003"
    # Germany "does not have a national strategy".
    assert countries.loc["Germany", "main_strategy"] == ""
    # France: "Referral of cases is made through a national helpline".
    assert int(countries.loc["France", "measure_helpline"]) >= 1
    # United Kingdom: local authorities ensure a multi-agency panel exists "as well as to chair it".
    assert "chair" in countries.loc["United Kingdom", "local_aims"]
    assert int(countries.loc["United Kingdom", "local_responsibility"]) >= 2
    # Norway: mentoring schemes; the Netherlands: central government funding.
    assert int(countries.loc["Norway", "measure_mentoring"]) >= 1
    assert int(countries.loc["The Netherlands", "measure_funding"]) >= 1
    # Spain's report names no exit programme.
    assert int(countries.loc["Spain", "measure_exit_programme"]) == 0


def test_coordinating_bodies_read_from_the_report(run_dir):
    bodies = {c: b.split("; ") if b else [] for c, b in read(run_dir, "countries.csv").set_index("country")["coordinating_bodies"].items()}
    # "It is coordinated by the ministry of the Interior", after "the North Rhine-Westphalia ministry of the Interior".
    assert bodies["Germany"] == ["North Rhine-Westphalia ministry of the Interior"]
    # "These support actions are coordinated by the ministry of Justice and Public Security."
    assert bodies["Norway"] == ["ministry of Justice and Public Security"]
    # "He coordinates and implements the national Action Plan" (He: the National Coordinator appointed just before);
    # the Public Prosecutor is one of "the central ministries in charge", the prosecution department a platform member.
    assert "National Coordinator for Security and Counterterrorism" in bodies["The Netherlands"]
    assert not {"Public Prosecutor", "prosecution department"} & set(bodies["The Netherlands"])
    # Names holding the word but doing something else: an assessment "made by", information "handled by".
    assert "Counter-Terrorism Coordination Unit" not in bodies["France"]
    assert "ministry of the Interior" not in bodies["France"]  # in a clause about the Préfecture
    assert "Centre for the Coordination of Information on Radicalisation" not in bodies["Spain"]
    evidence = read(run_dir, "countries_evidence.csv")
    cited = set(zip(evidence["country"], evidence["column"], evidence["value"]))
    for country, names in bodies.items():
        for name in names:
            assert (country, "coordinating_bodies", name) in cited


# Measured on the first report on 2026-12-03 against its gold as re-read under the revised
# guidelines (annotations/REREAD-2026-12-03.md): strict micro F1 0.948, lenient micro 0.958;
# lenient F1 ORG 0.941, POLICY 0.946, ACTOR 0.970, PLACE 0.912, DATE 1.000; obligations P 1.000,
# R 1.000 (32 records), deontic accuracy 1.000, aim token F1 1.000; rounded down to 2 decimals.
# The floors of 2026-11-28 (0.96 / 0.97, PLACE 0.98) were measured on the gold before the re-read:
# on the re-read gold the pipeline of that day (302017d) scores 0.942 / 0.952, PLACE 0.886, and
# obligation recall 0.969, all below today's values.
STRICT_MICRO_F1_FLOOR = 0.94
LENIENT_MICRO_F1_FLOOR = 0.96  # 0.961 at ec11347 (fourth session of 2026-12-03)
LENIENT_LABEL_F1_FLOOR = {"ORG": 0.94, "POLICY": 0.94, "ACTOR": 0.97, "PLACE": 0.91, "DATE": 1.00}
OBLIGATION_PRECISION_FLOOR = 1.00
OBLIGATION_RECALL_FLOOR = 1.00
DEONTIC_ACCURACY_FLOOR = 1.00
AIM_TOKEN_F1_FLOOR = 1.00


def test_get_nlp_builds_with_the_collector_off_then_freezes_and_turns_it_back_on(monkeypatch):
    """The model's objects are made with the cyclic collector off and frozen after (runner.get_nlp);
    the collector is on again afterwards, so the nlp stage's own garbage is still collected."""
    import gc

    import pipeline.nlp
    import pipeline.runner

    seen = {}

    def fake_build():
        seen["enabled while building"] = gc.isenabled()
        return object()

    monkeypatch.setattr(pipeline.nlp, "build_nlp", fake_build)
    monkeypatch.setattr(pipeline.runner, "_NLP", None)
    gc.unfreeze()
    try:
        assert gc.isenabled()
        model = pipeline.runner.get_nlp()
        assert seen == {"enabled while building": False}
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0
        assert pipeline.runner.get_nlp() is model  # built once
    finally:
        gc.unfreeze()
