"""countries_evidence.csv: every cell of countries.csv read from the text has its sentences.

First on hand-made records (no model), then end to end on a small report typeset by
tests/pdf_factory.py whose facts are written into its text below.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd
import pytest

import pdf_factory as pf
from pipeline.compare import EVIDENCE_COLUMNS, compare_countries
from pipeline.coordination import CoordinationRecord
from pipeline.extract import EntityRecord, ObligationRecord, as_rows, columns

S1 = "In 2016 the Ministry of Interior adopted the Safe Cities Strategy."
S2 = "The Safe Cities Unit coordinates the work of the municipalities."
S3 = "Municipalities must set up a helpline and train teachers."
# Cells that do not come from a sentence: the section heading's country and its code.
NOT_FROM_TEXT = ("country", "iso2")


def records_comparison():
    sections = pd.DataFrame([{"country": "Finland", "iso2": "FI"}, {"country": "Austria", "iso2": "AT"}])
    sentences = pd.DataFrame([{"country": "Finland", "sentence": s, "page": p} for s, p in ((S1, 1), (S2, 1), (S3, 2))])
    entities = pd.DataFrame(as_rows([
        EntityRecord("Finland", label, text, "", "", "", "body", 1, S1, 0, 1, "test")
        for label, text in (("DATE", "2016"), ("POLICY", "Safe Cities Strategy"))
    ]), columns=columns(EntityRecord))
    obligations = pd.DataFrame(as_rows([
        ObligationRecord("Finland", "Municipalities", "Municipalities", "local_authority", "obligation", "must",
                         aim, "", "body", 2, S3, 0, 1, "modal")
        for aim in ("set up a helpline", "train teachers")
    ]), columns=columns(ObligationRecord))
    coordination = pd.DataFrame(as_rows([
        CoordinationRecord("Finland", "Safe Cities Unit", "Safe Cities Unit", 'subject of "coordinates"', 1, S2, 0, 1)
    ]), columns=columns(CoordinationRecord))
    return as_frames(compare_countries(sections, sentences, entities, obligations, coordination))


def as_frames(result):
    """The comparison's tables (records) as DataFrames, for pandas' selection in the checks below."""
    return dataclasses.replace(result, table=result.table.to_frame(), evidence=result.evidence.to_frame())


def cited_cells(table: pd.DataFrame) -> list[tuple[str, str, object]]:
    """(country, column, value) of every cell that says something: non-empty, non-zero."""
    cells = []
    for _, row in table.iterrows():
        for column in table.columns:
            value = row[column]
            if column in NOT_FROM_TEXT or pd.isna(value) or value in ("", 0, "0"):
                continue
            cells.append((row["country"], column, value))
    return cells


def test_every_cell_from_text_has_an_evidence_row():
    result = records_comparison()
    assert list(result.evidence.columns) == EVIDENCE_COLUMNS
    cited = set(zip(result.evidence["country"], result.evidence["column"]))
    cells = cited_cells(result.table)
    assert len(cells) >= 10
    for country, column, _ in cells:
        assert (country, column) in cited, column
    # Austria says nothing: no cell to cite, no evidence row.
    assert "Austria" not in set(result.evidence["country"])


def test_evidence_rows_name_the_value_page_sentence_and_rule():
    evidence = records_comparison().evidence.set_index("column")
    assert tuple(evidence.loc["coordinating_bodies", ["value", "page", "sentence", "rule"]]) == (
        "Safe Cities Unit", 1, S2, 'subject of "coordinates"')
    assert tuple(evidence.loc["strategy_year", ["value", "page", "sentence"]]) == ("2016", 1, S1)
    assert tuple(evidence.loc["main_strategy", ["value", "sentence"]]) == ("Safe Cities Strategy", S1)
    assert evidence.loc["measure_helpline", "sentence"] == S3


def test_a_count_has_one_evidence_row_per_statement_counted():
    result = records_comparison()
    row = result.table.set_index("country").loc["Finland"]
    evidence = result.evidence
    for column in ("n_statements", "deontic_obligation", "local_obligation", "bearer_local_authority"):
        rows = evidence[(evidence["country"] == "Finland") & (evidence["column"] == column)]
        assert len(rows) == row[column] == 2, column
        assert set(rows["sentence"]) == {S3} and set(rows["page"]) == {2}
    aims = evidence[evidence["column"] == "local_aims"]["value"]
    assert list(aims) == ["obligation: set up a helpline", "obligation: train teachers"]


# ---------------------------------------------------------------- end to end

GERMANY = (
    "The Federal Ministry of the Interior coordinates the national prevention programme. "
    "In Bavaria, the state ministry of the Interior coordinates the regional network of advice centres. "
    "The coordination platform includes the Public Prosecutor and the Youth Office. "
    "Parents can call a helpline. The helpline is free. Teachers also use the helpline.[^1]"
)
FINLAND = (
    "In 2016 the government adopted the National Action Plan for the Prevention of Violent Radicalisation. "
    "Municipalities must appoint a prevention officer. Schools offer mentoring to pupils."
)


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory, nlp):
    from pipeline.runner import run_report

    folder = tmp_path_factory.mktemp("evidence")
    report = pf.Report(
        title="Two Countries",
        footnotes={1: pf.Note("Circular of the Ministry of Justice on local helplines, 2015.")},
        blocks=(
            pf.Para("This working paper compares two countries."),
            pf.Heading("Germany", country="Germany", iso2="DE"),
            pf.Para(GERMANY),
            pf.Heading("Finland", country="Finland", iso2="FI"),
            pf.Para(FINLAND),
        ),
    )
    built = pf.build_report(report, folder / "two-countries.pdf")
    run_report(built.path, out_root=folder / "out", nlp=nlp)
    return folder / "out" / "two-countries"


def read(run_dir: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(run_dir / name, dtype=str, keep_default_na=False)


@pytest.mark.slow
def test_a_run_writes_the_evidence_beside_countries_csv(run_dir):
    countries = read(run_dir, "countries.csv")
    evidence = read(run_dir, "countries_evidence.csv")
    assert list(evidence.columns) == EVIDENCE_COLUMNS
    cited = set(zip(evidence["country"], evidence["column"]))
    for country, column, _ in cited_cells(countries):
        assert (country, column) in cited, (country, column)
    texts = " ".join(GERMANY.replace("[^1]", "").split()) + " " + FINLAND
    assert all(sentence in texts for sentence in evidence["sentence"])
    assert (evidence["page"].astype(int) >= 1).all()


@pytest.mark.slow
def test_coordinating_bodies_end_to_end_keep_the_level_and_skip_the_platform_members(run_dir):
    germany = read(run_dir, "countries.csv").set_index("country").loc["Germany"]
    assert germany["coordinating_bodies"] == "Federal Ministry of the Interior; state ministry of the Interior"


@pytest.mark.slow
def test_a_repeated_measure_is_named_once_with_each_sentence_as_evidence(run_dir):
    countries = read(run_dir, "countries.csv").set_index("country")
    assert countries.loc["Germany", "measure_helpline"] == "1"
    assert countries.loc["Finland", "measure_helpline"] == "0"
    assert countries.loc["Finland", "strategy_year"] == "2016"  # an integer, not 2016.0
    evidence = read(run_dir, "countries_evidence.csv")
    helpline = evidence[(evidence["country"] == "Germany") & (evidence["column"] == "measure_helpline")]
    assert list(helpline["sentence"]) == ["Parents can call a helpline.", "The helpline is free.", "Teachers also use the helpline."]


@pytest.mark.slow
def test_footnote_entities_carry_their_footnote_number(run_dir):
    entities = read(run_dir, "entities.csv")
    notes = entities[entities["source"] == "footnote"]
    assert "2015" in set(notes["text"])  # the note's date
    assert set(notes["footnote"]) == {"1"}
    assert set(entities.loc[entities["source"] == "body", "footnote"]) == {""}


@pytest.mark.slow
def test_the_manifest_names_the_count_columns_left_out(run_dir):
    import json

    manifest = json.loads((run_dir / "manifest.json").read_text("utf-8"))
    omitted = manifest["countries_omitted_columns"]
    columns_written = set(read(run_dir, "countries.csv").columns)
    assert "deontic_prohibition" in omitted and "measure_funding" in omitted  # the text names neither
    assert not columns_written & set(omitted)
    assert "measure_helpline" in columns_written and "measure_mentoring" in columns_written
