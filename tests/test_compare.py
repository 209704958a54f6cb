"""The country comparison on small hand-made records (no model)."""

from __future__ import annotations

import dataclasses

import pandas as pd

from pipeline.compare import compare_countries, country_table
from pipeline.coordination import CoordinationRecord
from pipeline.export import to_csv_bytes
from pipeline.extract import EntityRecord, ObligationRecord, as_rows, columns

S1 = "In 2016 the Ministry of Interior adopted the Safe Cities Strategy."
S2 = "The Safe Cities Unit coordinates the work of the municipalities."
S3 = "Municipalities must set up a helpline and train teachers."
S4 = "The helpline is open at night; the helpline is free."
S5 = "Teachers call the helpline."


def ent(label, text, sentence, country="Finland"):
    return EntityRecord(country, label, text, "", "", "", "body", 1, sentence, 0, 1, "test")


def obl(bearer, actor_type, deontic, aim, country="Finland"):
    return ObligationRecord(country, bearer, bearer, actor_type, deontic, "must", aim, "", "body", 2, S3, 0, 1, "test")


def coordination_frame():
    records = [CoordinationRecord("Finland", "Safe Cities Unit", "Safe Cities Unit", 'subject of "coordinates"', 1, S2, 0, 1)]
    return pd.DataFrame(as_rows(records), columns=columns(CoordinationRecord))


def comparison(coordination=True):
    sections = pd.DataFrame([
        {"country": "", "iso2": ""},
        {"country": "Finland", "iso2": "FI"},
        {"country": "Austria", "iso2": "AT"},
    ])
    sentences = pd.DataFrame(
        [{"country": "Finland", "sentence": s, "page": 1} for s in (S1, S2, S3)]
        + [{"country": "Finland", "sentence": s, "page": 2} for s in (S4, S5)]
        + [{"country": "Austria", "sentence": "Nothing is said here.", "page": 3}]
    )
    entities = pd.DataFrame(as_rows([
        ent("DATE", "2016", S1), ent("ORG", "Ministry of Interior", S1), ent("POLICY", "Safe Cities Strategy", S1),
        ent("ORG", "Safe Cities Unit", S2), ent("ACTOR", "municipalities", S2),
    ]), columns=columns(EntityRecord))
    obligations = pd.DataFrame(as_rows([
        obl("Municipalities", "local_authority", "obligation", "set up a helpline"),
        obl("Municipalities", "local_authority", "obligation", "train teachers"),
        obl("Schools", "education", "recommendation", "report concerns"),
    ]), columns=columns(ObligationRecord))
    return as_frames(compare_countries(sections, sentences, entities, obligations, coordination_frame() if coordination else None))


def as_frames(result):
    """The comparison's tables (records) as DataFrames, for pandas' selection in the checks below."""
    return dataclasses.replace(result, table=result.table.to_frame(), evidence=result.evidence.to_frame())


def table():
    return comparison().table.set_index("country")


def test_one_row_per_country_without_the_introduction():
    assert list(table().index) == ["Finland", "Austria"]


def test_strategy_and_year_from_the_first_dated_strategy_sentence():
    row = table().loc["Finland"]
    assert (row["main_strategy"], row["strategy_year"]) == ("Safe Cities Strategy", 2016)
    assert table().loc["Austria", "main_strategy"] == ""
    assert pd.isna(table().loc["Austria", "strategy_year"])


def test_the_year_is_an_integer_in_the_csv():
    frame = comparison().table
    assert str(frame["strategy_year"].dtype) == "Int64"
    lines = to_csv_bytes(frame[["country", "strategy_year"]]).decode().splitlines()
    assert lines == ["country,strategy_year", "Finland,2016", "Austria,"]


def test_coordinating_bodies_come_from_the_coordination_records():
    assert table().loc["Finland", "coordinating_bodies"] == "Safe Cities Unit"
    assert table().loc["Austria", "coordinating_bodies"] == ""


def test_an_org_in_a_coordination_sentence_is_not_a_body_without_a_record():
    # S2 holds "coordinates" and the ORG "Safe Cities Unit": the keyword alone names no body.
    assert comparison(coordination=False).table.set_index("country").loc["Finland", "coordinating_bodies"] == ""


def test_counts_by_deontic_and_local_columns_have_names_that_do_not_collide():
    row = table().loc["Finland"]
    assert "n_obligations" not in table().columns and "n_obligation" not in table().columns
    assert (row["n_statements"], row["deontic_obligation"], row["deontic_recommendation"]) == (3, 2, 1)
    assert row["local_obligation"] == 2
    assert row["local_aims"] == "obligation: set up a helpline; obligation: train teachers"
    assert (row["bearer_local_authority"], row["bearer_education"]) == (2, 1)


def test_count_columns_zero_for_every_country_are_left_out_and_named():
    result = comparison()
    for column in ("deontic_prohibition", "deontic_permission", "local_recommendation", "bearer_police", "measure_funding"):
        assert column not in result.table.columns
        assert column in result.omitted
    # A column with one non-zero cell stays, with its zeros.
    assert "measure_helpline" in result.table.columns and "local_obligation" in result.table.columns
    assert "local_aims" in result.table.columns and "coordinating_bodies" in result.table.columns


def test_measures_are_named_or_not_and_repetition_does_not_inflate_them():
    row = table().loc["Finland"]
    # "helpline" stands in S3, twice in S4 and in S5: the cell says named (1), the evidence has three rows.
    assert (row["measure_helpline"], row["measure_training"]) == (1, 1)
    assert table().loc["Austria", "measure_helpline"] == 0
    evidence = comparison().evidence
    helpline = evidence[(evidence["country"] == "Finland") & (evidence["column"] == "measure_helpline")]
    assert list(helpline["sentence"]) == [S3, S4, S5]
    assert list(helpline["page"]) == [1, 2, 2]


def test_country_table_is_the_table_of_compare_countries():
    assert country_table(*_inputs()) == compare_countries(*_inputs()).table


def _inputs():
    sections = pd.DataFrame([{"country": "Finland", "iso2": "FI"}])
    sentences = pd.DataFrame([{"country": "Finland", "sentence": S2, "page": 1}])
    entities = pd.DataFrame(as_rows([ent("ORG", "Safe Cities Unit", S2)]), columns=columns(EntityRecord))
    obligations = pd.DataFrame(columns=columns(ObligationRecord))
    return sections, sentences, entities, obligations, coordination_frame()
