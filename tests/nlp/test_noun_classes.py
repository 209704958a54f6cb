"""What a noun denotes (pipeline/nlp/noun_classes.py) and the places below the country
(pipeline/nlp/places.py): table lookups, no model needed. Expected classes are WordNet's."""

from __future__ import annotations

import pytest

from pipeline.nlp.noun_classes import (
    ADMINISTRATIVE_ANCHORS,
    BODY_ANCHORS,
    EMPTY,
    NATION_ANCHORS,
    PERPETRATOR_ANCHORS,
    ROLE_ANCHORS,
    TARGET_ANCHORS,
    lookup,
)
from pipeline.nlp.places import subdivision_names


@pytest.mark.parametrize(
    ("lemma", "anchors", "rank"),
    [
        ("teacher", ROLE_ANCHORS, 0),     # educator > professional
        ("warden", ROLE_ANCHORS, 0),      # lawman
        ("council", BODY_ANCHORS, 0),     # administrative unit
        ("team", BODY_ANCHORS, 0),
        ("terrorist", TARGET_ANCHORS, 0),  # radical
        ("victim", TARGET_ANCHORS, 0),
        ("criminal", PERPETRATOR_ANCHORS, 0),  # wrongdoer
        ("victim", PERPETRATOR_ANCHORS, None),  # harmed, not harming
        ("youth", PERPETRATOR_ANCHORS, None),   # juvenile
        ("city", ADMINISTRATIVE_ANCHORS, 0),   # municipality > administrative district
        ("county", ADMINISTRATIVE_ANCHORS, 1),  # the UK sense first, the US administrative district second
        ("region", ADMINISTRATIVE_ANCHORS, None),  # only a place
        ("district", ADMINISTRATIVE_ANCHORS, None),
        ("state", NATION_ANCHORS, 3),  # also a nation (political unit), fourth sense
        ("country", NATION_ANCHORS, 0),
        ("municipality", NATION_ANCHORS, None),
    ],
)
def test_lookup_gives_the_anchor_of_the_most_frequent_sense(lemma, anchors, rank):
    assert lookup(lemma).anchor_rank(anchors) == rank


def test_mixed_sense_noun_keeps_its_sense_order():
    service = lookup("service")
    assert service.first_class == "act"  # "work done for others" comes first
    assert service.anchor_rank(BODY_ANCHORS) == 3  # the organisation sense is 4th
    assert 0 < service.share("group") < 0.5


def test_multiword_lemma_and_unknown_word():
    assert lookup("police officer").first_class == "person"
    assert lookup("Police_Officer").first_class == "person"  # case and underscores folded
    assert lookup("toolkit") is EMPTY  # not in WordNet 3.0


def test_subdivisions_are_names_not_common_words():
    names = subdivision_names()
    assert {"Scotland", "New South Wales", "Queensland", "QLD"} <= names
    assert not {"East", "Centre", "ACT", "ON", "NSW"} & names  # English words (WordNet knows NSW) or short codes
    # the names and codes that are also words relabel a span another rule found (the model's ORG)
    assert {"Victoria", "NSW"} <= subdivision_names(unambiguous=False)
    assert "Norway" not in names  # countries are read by the country patterns
