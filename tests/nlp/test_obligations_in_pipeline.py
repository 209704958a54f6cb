"""Obligation cases that need the whole nlp stage (tokenizer settings, entity ruler, aliases),
in wording that is not in the first report."""

from __future__ import annotations

import pytest


def records(nlp, text):
    return [(o.bearer, o.deontic, o.trigger, o.aim, o.issuer) for o in nlp(text)._.obligations]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the small model tags "obliges" as a noun here: the token fallback reads it
        (
            "Decree No. 72/2005 obliges every school to designate a school prevention methodologist.",
            ("school", "obligation", "obliges ... to", "designate a school prevention methodologist", "Decree No. 72/2005"),
        ),
        (
            "The Youth Act, in force since January 2017, obliges municipalities to maintain a guidance network.",
            ("municipalities", "obligation", "obliges ... to", "maintain a guidance network", "Youth Act"),
        ),
        # "under the pact" names the issuer through the pact named before
        (
            "The National Pact for an Italian Islam was signed in 2017. Under the pact, the associations are "
            "expected to make the sources of their funding public.",
            ("associations", "recommendation", "are expected to", "make the sources of their funding public",
             "National Pact for an Italian Islam"),
        ),
    ],
)
def test_statements_read_through_the_whole_pipeline(nlp, text, expected):
    assert expected in records(nlp, text)


@pytest.mark.parametrize(
    "text",
    [
        "Observers note that the agency might need several years to rebuild trust with Muslim communities.",
        "The police need more staff to cover rural areas.",
        "Municipalities could have to wait years for the funding.",
    ],
)
def test_need_with_an_object_or_under_an_epistemic_modal_is_no_duty(nlp, text):
    assert records(nlp, text) == []


def test_a_clause_before_a_passive_trigger_is_not_its_complement(nlp):
    text = ("We ask which bodies coordinate it in cities and municipalities; what is required of local "
            "actors, and who imposes it.")
    assert records(nlp, text) == []


def test_asking_under_a_modal_is_the_asker_s_permission_not_a_duty_of_the_asked(nlp):
    found = records(nlp, "Under the act, the cantonal authorities can ask the federal police to impose contact bans.")
    assert [r[:2] for r in found] == [("cantonal authorities", "permission")]


def test_means_and_participles_are_not_second_aims(nlp):
    found = records(nlp, "The mayor shall implement the alert levels, for example by closing schools or cancelling events.")
    assert [(r[0], r[3]) for r in found] == [("mayor", "implement the alert levels")]
    found = records(nlp, "National authorities should publish a summary of the mandates, updated at least every five years.")
    assert len(found) == 1 and found[0][3].startswith("publish a summary")


def test_a_fronted_within_phrase_names_the_issuer(nlp):
    text = ("The Channel programme is based on a multi-agency approach. Within this programme, local authorities "
            "are responsible for chairing the panel.")
    assert ("local authorities", "responsibility", "are responsible for", "chairing the panel", "Channel programme") in records(nlp, text)


def test_a_lead_in_ending_in_a_trigger_gives_one_record_per_list_item(nlp):
    text = ("Each regional coordinator shall:\nconvene the partners twice a year;\nkeep a register of referrals; and\n"
            "report to the ministry.\nRegional practice\nMost regions appointed coordinators in 2022.")
    found = [(r[0], r[1], r[2], r[3]) for r in records(nlp, text)]
    assert found == [
        ("regional coordinator", "obligation", "shall", "convene the partners twice a year"),
        ("regional coordinator", "obligation", "shall", "keep a register of referrals"),
        ("regional coordinator", "obligation", "shall", "report to the ministry"),
    ]


def test_a_by_phrase_naming_a_time_is_a_deadline_not_an_agent(nlp):
    assert records(nlp, "According to interviewees, the strategy should be adopted by the end of 2026.") == []
