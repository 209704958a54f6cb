"""The entity patterns on short sentences: names that are not in the first report, and the
guidelines' boundary rules. Expected spans are written from the guidelines, not from output."""

from __future__ import annotations

import pytest


def ents(nlp, text):
    return [(e.label_, e.text) for e in nlp(text).ents]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # institution names by head noun, none of them in the report
        ("The Ministry of the Interior and Kingdom Relations funds the project.", ("ORG", "Ministry of the Interior and Kingdom Relations")),
        ("The Federal Agency for Civic Education runs workshops for teachers.", ("ORG", "Federal Agency for Civic Education")),
        ("The Crime Prevention Council of Lower Saxony advises cities.", ("ORG", "Crime Prevention Council of Lower Saxony")),
        ("The Radicalisation Awareness Network publishes papers.", ("ORG", "Radicalisation Awareness Network")),
        ("Cases go to the National Police Directorate in Oslo.", ("ORG", "National Police Directorate")),
        ("The ministry of Health and Care Services funds mentoring.", ("ORG", "ministry of Health and Care Services")),
        # policy instruments
        ("The Terrorism Prevention Act 2011 gives the police new powers.", ("POLICY", "Terrorism Prevention Act 2011")),
        ("Under the Safe Communities Programme, towns receive funds.", ("POLICY", "Safe Communities Programme")),
        ("The National Strategy against Violent Extremism was adopted.", ("POLICY", "National Strategy against Violent Extremism")),
        ("It is part of the Prevent strategy of the government.", ("POLICY", "Prevent strategy")),
        ("The platform is called “stopjihad” and is run by volunteers.", ("POLICY", "stopjihad")),
        # actors by head noun and modifier
        ("Youth workers and regional councils meet every month.", ("ACTOR", "Youth workers")),
        ("Youth workers and regional councils meet every month.", ("ACTOR", "regional councils")),
        ("The municipal staff report to the district councils.", ("ACTOR", "district councils")),
        ("Probation officers and child protection services share files.", ("ACTOR", "child protection services")),
        ("Civil society organisations run exit programmes.", ("ACTOR", "Civil society organisations")),
        ("The prefects chair the meetings.", ("ACTOR", "prefects")),
        # dates are minimal
        ("The plan will be revised by the end of 2019.", ("DATE", "2019")),
        ("The model was developed in the early 1990s.", ("DATE", "1990s")),
        ("The decree of 6 May 2016 created the committee.", ("DATE", "6 May 2016")),
        ("A pilot ran in summer 2018.", ("DATE", "summer 2018")),
    ],
)
def test_patterns_find_names_not_in_the_report(nlp, text, expected):
    assert expected in ents(nlp, text)


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("The strategy was revised twice.", ("POLICY", "strategy")),
        ("The Action Plan also calls for research.", ("POLICY", "Action Plan")),
        ("A 2014 government agreement says so.", ("ACTOR", "government")),
        ("The Belgian federal government acted.", ("PLACE", "Belgian")),
        ("It builds on the experience of the city of Aarhus.", ("ACTOR", "city")),
        ("Over the last few years, the plan changed.", ("DATE", "last few years")),
        ("Two kinds of task force are created.", ("ACTOR", "task force")),
    ],
)
def test_patterns_hold_the_guidelines_boundaries(nlp, text, absent):
    assert absent not in ents(nlp, text)


def test_spans_drop_determiners_and_possessives(nlp):
    found = ents(nlp, "The Belgian federal government and the police met Sweden’s National Counter-terrorism Strategy team.")
    assert ("ACTOR", "federal government") in found
    assert ("ACTOR", "police") in found
    assert not any(text.startswith(("the ", "The ")) for _, text in found)


def test_indefinite_institution_is_an_actor(nlp):
    assert ("ACTOR", "Monitoring Unit") in ents(nlp, "The prefect acts through a Monitoring Unit in each region.")


def test_name_before_type_word_marks_later_mentions(nlp):
    found = ents(nlp, "The Channel programme is local. Referrals to Channel are voluntary.")
    assert found.count(("POLICY", "Channel")) == 1 and ("POLICY", "Channel programme") in found


def test_strategy_parts_in_a_list(nlp):
    text = "The strategy rests on three pillars:\nEducate: to inform pupils.\nEngage: to involve families.\nEnforce: to apply the law.\nThe end."
    found = ents(nlp, text)
    assert {("POLICY", "Educate"), ("POLICY", "Engage"), ("POLICY", "Enforce")} <= set(found)


def test_every_entity_names_its_rule(nlp):
    doc = nlp("The National Task Force meets in Brussels in 2015 with local authorities.")
    assert all(e._.rule for e in doc.ents)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Policing, Security and Community Safety Act 2024 replaced the committees.",
         ("POLICY", "Policing, Security and Community Safety Act 2024")),
        ("Judges apply the Code of Criminal Procedure.", ("POLICY", "Code of Criminal Procedure")),
        ("Pilots ran in Athens, Patras and Thessaloniki.", ("PLACE", "Thessaloniki")),
    ],
)
def test_names_with_commas_codes_and_listed_places(nlp, text, expected):
    assert expected in ents(nlp, text)
