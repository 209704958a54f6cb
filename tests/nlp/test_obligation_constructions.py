"""Obligation constructions read since the real-text corpus (pipeline/nlp/obligation_readings.py
and obligation_records.py), on sentences written for each rule. Expected records follow the
annotation guidelines: (bearer, deontic class, aim)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def records(nlp, text):
    return {(r.bearer, r.deontic, r.aim) for r in nlp.get_pipe("obligations").extract(nlp(text))}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It is up to the municipality to decide how the plan is implemented.",
         ("municipality", "permission", "decide how the plan is implemented")),
        ("Municipalities are responsible implementing the local action plan.",
         ("Municipalities", "responsibility", "implementing the local action plan")),
        ("An Australian Government Coordinating Agency is the agency required to lead the coordination.",
         ("Australian Government Coordinating Agency", "obligation", "lead the coordination")),
        ("A Lead Minister is the minister responsible for leading coordination in a crisis.",
         ("Lead Minister", "responsibility", "leading coordination in a crisis")),
        ("Community gardaí are exclusively assigned to building relationships with local communities.",
         ("Community gardaí", "responsibility", "building relationships with local communities")),
        ("Local authorities are directed to establish a panel.", ("Local authorities", "obligation", "establish a panel")),
        ("The Act requires councils to publish plans, appoint leads and report referrals.",
         ("councils", "obligation", "appoint leads")),
        ("The municipal police may carry out arrests and are required to deliver any perpetrator to the police.",
         ("municipal police", "obligation", "deliver any perpetrator to the police")),
        ("Clause 18 would allow local authorities as well as the police to refer people to the panel.",
         ("police", "permission", "refer people to the panel")),
        ("The Home Office said: \u201cWe must do more to protect communities.\u201d", ("Home Office", "obligation", "do more")),
        ("We recommend that the Government maintain representation in the region to help the authorities identify "
         "those at risk, and make available any relevant intelligence.",
         ("Government", "recommendation", "make available any relevant intelligence")),
    ],
)
def test_construction_gives_the_record(nlp, text, expected):
    assert expected in records(nlp, text)


@pytest.mark.parametrize(
    "text",
    [
        "Thomas Gould asked the Minister for Justice the plans she has to resolve this.",  # possession
        "Funding is provided to ensure that schools can deliver the programme.",  # purpose clause
        "Should the council fail to act, the minister may intervene at once.",  # inverted condition
        "\u201cWe must act now,\u201d she said.",  # a quoted 'we' with no body to speak for
    ],
)
def test_construction_gives_no_duty_of_that_subject(nlp, text):
    bearers = {bearer for bearer, _, _ in records(nlp, text)}
    assert not bearers & {"Minister for Justice", "schools", "council", "she", "We"}
