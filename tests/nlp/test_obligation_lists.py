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


# --------------------------------------------------------------------------- a lead-in ending in an open infinitive

STATUTE = ("A municipal disaster management centre must assist the National Centre at that centre's request to—\n"
           "identify and establish communication links with disaster management role-players;\n"
           "develop guidelines for the—\n"
           "preparation and regular review of disaster management plans; and\n"
           "the integration of the principles of disaster management with development plans.")


def test_items_complete_the_infinitive_of_a_modal_lead_in(nlp):
    """`must assist X at its request to—` + items (h09 wording): each verb item completes the
    infinitive, so each is one obligation of the modal's subject, the aim the modal's verb phrase up
    to `to` and the item (its coordinated verbs kept: they complement `assist`); the nested items
    without a verb give none, and the dangling `for the` of the nested lead-in is left out. The noun
    `request to` is no trigger (no recommendation)."""
    found = records(nlp, STATUTE)
    prefix = "assist the National Centre at that centre's request to "
    assert [(d, t, a) for _, d, t, a in found] == [
        ("obligation", "must", prefix + "identify and establish communication links with disaster management role-players"),
        ("obligation", "must", prefix + "develop guidelines"),
    ]
    [bearer] = {b for b, _, _, _ in found}  # the modal's subject (its modifiers are the entity rules' business)
    assert bearer.endswith("management centre")


def test_an_open_infinitive_lead_in_in_other_wording(nlp):
    """Not corpus wording: a council's duty to take steps, in the same statute form; `may` gives a
    permission, and the lead-in sentence gives no record of its own."""
    text = ("Each licensing authority may take such steps as it considers necessary to—\n"
            "reduce the number of premises selling alcohol late at night;\n"
            "publish a statement of its licensing policy.")
    found = records(nlp, text)
    assert [(b, d, a) for b, d, _, a in found] == [
        ("licensing authority", "permission",
         "take such steps as it considers necessary to reduce the number of premises selling alcohol late at night"),
        ("licensing authority", "permission",
         "take such steps as it considers necessary to publish a statement of its licensing policy"),
    ]


def test_a_noun_before_to_ends_no_lead_in(nlp):
    """`at the council's invitation to:` names no trigger: `invited to` is one as a participle only."""
    text = "The board meets at the council's invitation to:\nreview the annual plan"
    assert records(nlp, text) == []


@pytest.mark.parametrize("marker", ["(a) ", "a) ", "1. ", "(1) ", "(ii) ", "iv. "])
def test_enumerated_items_are_read_without_their_enumerator(nlp, marker):
    """Statute and report lists keep their enumerators in the text (the layout strips only bullet
    glyphs): `(a) set up ...` is the item `set up ...` (not corpus wording)."""
    text = f"Municipalities are required to:\n{marker}set up a prevention network;\n{marker}appoint a coordinator."
    assert [(b, d, a) for b, d, _, a in records(nlp, text)] == [
        ("Municipalities", "obligation", "set up a prevention network"),
        ("Municipalities", "obligation", "appoint a coordinator"),
    ]


def test_enumerated_items_complete_an_open_infinitive(nlp):
    text = ("A municipal centre must assist the National Centre at that centre's request to—\n"
            "(a) identify communication links;\n(b) develop guidelines.")
    assert [a for _, _, _, a in records(nlp, text)] == [
        "assist the National Centre at that centre's request to identify communication links",
        "assist the National Centre at that centre's request to develop guidelines",
    ]
