"""The country comparison on small hand-made records (no model)."""

from __future__ import annotations

import pandas as pd

from pipeline.compare import country_table
from pipeline.extract import EntityRecord, ObligationRecord, as_rows, columns

S1 = "In 2016 the Ministry of Interior adopted the Safe Cities Strategy."
S2 = "The Safe Cities Unit coordinates the work of the municipalities."
S3 = "Municipalities must set up a helpline and train teachers."


def ent(label, text, sentence, country="Finland"):
    return EntityRecord(country, label, text, "", "", "", "body", 1, sentence, 0, 1, "test")


def obl(bearer, actor_type, deontic, aim, country="Finland"):
    return ObligationRecord(country, bearer, bearer, actor_type, deontic, "must", aim, "", "body", 1, S3, 0, 1, "test")


def table():
    sections = pd.DataFrame([
        {"country": "", "iso2": ""},
        {"country": "Finland", "iso2": "FI"},
        {"country": "Austria", "iso2": "AT"},
    ])
    sentences = pd.DataFrame([
        {"country": "Finland", "sentence": s} for s in (S1, S2, S3)
    ] + [{"country": "Austria", "sentence": "Nothing is said here."}])
    entities = pd.DataFrame(as_rows([
        ent("DATE", "2016", S1), ent("ORG", "Ministry of Interior", S1), ent("POLICY", "Safe Cities Strategy", S1),
        ent("ORG", "Safe Cities Unit", S2), ent("ACTOR", "municipalities", S2),
    ]), columns=columns(EntityRecord))
    obligations = pd.DataFrame(as_rows([
        obl("Municipalities", "local_authority", "obligation", "set up a helpline"),
        obl("Municipalities", "local_authority", "obligation", "train teachers"),
        obl("Schools", "education", "recommendation", "report concerns"),
    ]), columns=columns(ObligationRecord))
    return country_table(sections, sentences, entities, obligations).set_index("country")


def test_one_row_per_country_without_the_introduction():
    assert list(table().index) == ["Finland", "Austria"]


def test_strategy_and_year_from_the_first_dated_strategy_sentence():
    row = table().loc["Finland"]
    assert (row["main_strategy"], row["strategy_year"]) == ("Safe Cities Strategy", "2016")
    assert table().loc["Austria", "main_strategy"] == ""


def test_coordinating_bodies_from_coordination_sentences():
    assert table().loc["Finland", "coordinating_bodies"] == "Safe Cities Unit"


def test_counts_by_deontic_and_local_columns():
    row = table().loc["Finland"]
    assert (row["n_obligations"], row["n_obligation"], row["n_recommendation"]) == (3, 2, 1)
    assert (row["local_obligation"], row["local_recommendation"]) == (2, 0)
    assert row["local_aims"] == "obligation: set up a helpline; obligation: train teachers"
    assert (row["bearer_local_authority"], row["bearer_education"]) == (2, 1)


def test_measures_counted_from_all_sentences():
    row = table().loc["Finland"]
    assert (row["measure_helpline"], row["measure_training"], row["measure_funding"]) == (1, 1, 0)
    assert table().loc["Austria", "measure_helpline"] == 0
