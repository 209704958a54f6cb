"""Coordinating bodies read off the parse: sentences written for each construction (and each slip)."""

from __future__ import annotations

import pytest

from pipeline.coordination import coordination_records
from pipeline.types import Section

pytestmark = pytest.mark.slow


def bodies(nlp, text: str) -> list[str]:
    """The distinct bodies, as the countries.csv cell lists them (a body can be read twice)."""
    section = Section(country="Germany", iso2="DE", page_start=1, page_end=1, text=text)
    return list(dict.fromkeys(r.body for r in coordination_records(section, nlp(text))))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the subject of the coordination verb, its modifiers kept
        ("The Federal Ministry of the Interior coordinates the national prevention programme.",
         ["Federal Ministry of the Interior"]),
        ("The state ministry of the Interior coordinates the programme in Bavaria.", ["state ministry of the Interior"]),
        # the agent of a passive
        ("The network is coordinated by the regional ministry of Education.", ["regional ministry of Education"]),
        # a role word on the way up: in charge of / responsible for coordinating
        ("The Bavarian State Ministry of the Interior is in charge of coordinating the network.",
         ["Bavarian State Ministry of the Interior"]),
        ("The Federal Office for Migration is responsible for coordinating the advice centres.",
         ["Federal Office for Migration"]),
        # a relative pronoun, an assigned coordination, a governance verb over a collective
        ("Prevention is led by the Romanian Intelligence Service, which has coordinated national efforts since 2004.",
         ["Romanian Intelligence Service"]),
        ("The strategy assigns overall coordination to the Ministry of the Interior.", ["Ministry of the Interior"]),
        ("Managed by the Coordination Unit for the Analysis of Threat, the task force meets once a month.",
         ["Coordination Unit for the Analysis of Threat"]),
        ("This group is under the supervision of the Ministry of Justice.", ["Ministry of Justice"]),
    ],
)
def test_a_body_the_sentence_says_coordinates(nlp, text, expected):
    assert bodies(nlp, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # a name containing the word, doing something else
        "The information received is handled by the Centre for the Coordination of Information on Radicalisation.",
        "Depending on the assessment made by the Counter-Terrorism Coordination Unit, cases can be transferred.",
        # a body in a clause about another body
        "The helpline is managed by the National Centre for Support, hosted by the Counter-Terrorism Coordination Unit.",
        # members of a platform that a sentence about coordination names
        "Chaired by the Mayor, the coordination platform includes the Public Prosecutor and the Youth Office.",
        # a body merely mentioned near the word
        "The Federal Police Office published a report on coordination between municipalities.",
        "Better coordination was the aim of the meeting hosted by the Federal Police Office.",
    ],
)
def test_a_body_merely_near_the_word_is_not_a_coordinating_body(nlp, text):
    assert bodies(nlp, text) == []


def test_a_pronoun_subject_takes_the_body_subject_before_it(nlp):
    text = (
        "A National Coordinator for Security and Counterterrorism was appointed in 2014. "
        "He coordinates the national Action Plan with the municipalities."
    )
    section = Section(country="The Netherlands", iso2="NL", page_start=1, page_end=1, text=text)
    (record,) = coordination_records(section, nlp(text))
    assert record.body == "National Coordinator for Security and Counterterrorism"
    assert record.sentence.startswith("He coordinates")  # the evidence is the sentence that says it
    assert '"He"' in record.relation


def test_a_bare_re_mention_keeps_the_level_of_the_earlier_full_name(nlp):
    text = (
        "The North Rhine-Westphalia ministry of the Interior launched a help desk with the cities. "
        "The scheme is coordinated by the ministry of the Interior and run by local organisations."
    )
    section = Section(country="Germany", iso2="DE", page_start=1, page_end=1, text=text)
    (record,) = coordination_records(section, nlp(text))
    assert record.body == "North Rhine-Westphalia ministry of the Interior"
    assert record.mention == "ministry of the Interior"
    assert record.relation == 'agent of "coordinated"'


def test_records_carry_the_page_and_sentence(nlp):
    text = "Nothing here. The Federal Ministry of the Interior coordinates the programme."
    section = Section(country="Germany", iso2="DE", page_start=3, page_end=4, text=text, page_map=[(0, 3), (14, 4)])
    (record,) = coordination_records(section, nlp(text))
    assert (record.page, record.sentence) == (4, "The Federal Ministry of the Interior coordinates the programme.")
    assert text[record.start : record.end].strip() == record.sentence
