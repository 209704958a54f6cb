"""pipeline/nlp/obligation_lists.py: list lead-ins and the records of their items (GUIDE 3.3.10)."""

from __future__ import annotations

import pytest

from pipeline.nlp.obligation_lists import _before_purpose, _item_restriction, find_lead_ins

pytestmark = pytest.mark.slow

LEAD_IN = "Category 1 responders are subject to the full set of civil protection duties. They will be required to:"


def records(nlp, text):
    return [(r.bearer, r.deontic, r.trigger, r.aim) for r in nlp(text)._.obligations]


def test_a_lead_in_keeps_its_auxiliaries_in_the_trigger(nlp):
    doc = nlp(LEAD_IN + "\nput in place emergency plans")
    [lead_in] = list(find_lead_ins(doc, nlp.get_pipe("obligations").lex))
    assert [t.text for t in lead_in.trigger] == ["will", "be", "required", "to"]
    assert [item.text.strip() for item in lead_in.items] == ["put in place emergency plans"]


def test_each_verb_of_an_item_is_an_aim_without_its_purpose(nlp):
    found = records(nlp, LEAD_IN + "\nassess the risk of emergencies occurring and use this to inform contingency planning")
    assert [(d, t, a) for _, d, t, a in found] == [
        ("obligation", "will be required to", "assess the risk of emergencies occurring"),
        ("obligation", "will be required to", "use this"),
    ]


def test_an_item_parsed_as_a_noun_phrase_stops_at_its_purpose(nlp):
    doc = nlp("share information with other local responders to enhance co-ordination")
    words = [t for t in doc if not t.is_space]
    assert " ".join(t.text for t in _before_purpose(words, nlp.get_pipe("obligations").lex)) == (
        "share information with other local responders")


def test_an_item_naming_its_only_actors_binds_them(nlp):
    item = ("provide advice and assistance to businesses and voluntary organisations about business continuity "
            "management (local authorities only)")
    doc = nlp(item)
    assert _item_restriction(doc[:]).text == "authorities"
    assert _item_restriction(nlp("provide advice to businesses (where needed)")[:]) is None
    found = records(nlp, LEAD_IN + "\n" + item)
    assert [(b, a) for b, _, _, a in found] == [
        ("local authorities", "provide advice and assistance to businesses and voluntary organisations about "
                              "business continuity management")]


def test_items_after_a_lead_in_without_a_trigger_are_no_records(nlp):
    text = "It invited them to make use of various good practices, such as:\nswift exchange of information"
    assert not [r for r in records(nlp, text) if "exchange" in r[3]]
