"""ACTOR by what the head noun denotes, titles of offices, relational nouns
(pipeline/nlp/actor_phrases.py), on short sentences written for the rule being tested.
Expected spans follow the annotation guidelines, not the pipeline's output."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def ents(nlp, text):
    return [(e.label_, e.text) for e in nlp(text).ents]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # heads no list names: WordNet says they are roles or bodies
        ("Caseworkers visit each family twice a month.", ("ACTOR", "Caseworkers")),
        ("The youth offending teams meet weekly.", ("ACTOR", "youth offending teams")),
        ("Wardens patrol the estates at night.", ("ACTOR", "Wardens")),
        ("Service providers must report every concern.", ("ACTOR", "Service providers")),
        # a relational noun and its actor are one mention
        ("Guidance is sent to partners of local panels.", ("ACTOR", "partners of local panels")),
        ("The plan is backed by an interdisciplinary team of experts.", ("ACTOR", "interdisciplinary team of experts")),
        # offices: one holder ORG, many holders ACTOR
        ("The report was sent to the Minister for Justice.", ("ORG", "Minister for Justice")),
        ("The Framework designates Lead Ministers for each hazard.", ("ACTOR", "Lead Ministers")),
        ("The detail was given to the Leader of the Opposition.", ("ORG", "Leader of the Opposition")),
        # collective nouns that act or are a party
        ("Residents can report concerns to the council.", ("ACTOR", "Residents")),
        ("The partnership brings together councillors, the police and residents.", ("ACTOR", "residents")),
    ],
)
def test_actor_phrase_is_found(nlp, text, expected):
    assert expected in ents(nlp, text)


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("Young people at risk receive mentoring.", ("ACTOR", "Young people")),  # a target group
        ("Most terrorism offences are committed by adults.", ("ACTOR", "terrorism offences")),
        ("The municipality must keep data on residents.", ("ACTOR", "residents")),  # an object, not a party
        ("Interviewees suggested that the plan was too vague.", ("ACTOR", "Interviewees")),  # a source
        ("These teams are charged with assessing threats.", ("ACTOR", "teams")),  # points back
        ("Mr Smith chaired the meeting.", ("ORG", "Mr Smith")),  # a person, not a title
        ("Callers receive advice from trained staff.", ("ACTOR", "Callers")),  # receiving is not acting
    ],
)
def test_not_an_actor_phrase(nlp, text, absent):
    assert absent not in ents(nlp, text)


def test_rule_names_the_reading(nlp):
    doc = nlp("Caseworkers visit each family twice a month.")
    assert [e._.rule for e in doc.ents if e.text == "Caseworkers"] == ["actor_noun_role"]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "span", "label"),
    [
        ("Municipal police work alongside the national police and the national gendarmerie.", "national police", "ORG"),
        ("Municipal police work alongside the national police and the national gendarmerie.", "national gendarmerie", "ORG"),
        ("The federal police and the national government share the task.", "federal police", "ORG"),
        ("The federal police and the national government share the task.", "national government", "ACTOR"),
        ("National police officers visit the schools.", "National police officers", "ACTOR"),
        ("The national police services of the member states exchange data.", "national police services", "ACTOR"),
    ],
)
def test_a_national_force_in_the_singular_is_one_body(nlp, text, span, label):
    assert (span, label) in [(e.text, e.label_) for e in nlp(text).ents]
