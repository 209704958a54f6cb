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


# --------------------------------------------------------------------------- relative clauses, assigning,
# coordinated agents (sentences written for each rule; the wording of real reports)


def full_records(nlp, text):
    return nlp.get_pipe("obligations").extract(nlp(text))


@pytest.mark.parametrize(
    ("text", "bearer", "deontic", "aim"),
    [
        ("Coordination lies with the Ministry of the Interior, which is responsible for monitoring the plan.",
         "Ministry of the Interior", "responsibility", "monitoring the plan"),
        ("The council appoints a coordinator, who must report to the mayor every year.",
         "coordinator", "obligation", "report to the mayor every year"),
        ("Schools, which are required to publish a safeguarding policy, must also train their staff.",
         "Schools", "obligation", "publish a safeguarding policy"),
        # the parser hangs the clause on the object; the gloss in brackets is not the bearer
        ("The strategy assigns overall coordination to the Ministry of the Interior (Ministarstvo unutarnjih "
         "poslova), which is responsible for monitoring the implementation of the action plan.",
         "Ministry of the Interior", "responsibility", "monitoring the implementation of the action plan"),
    ],
)
def test_a_non_restrictive_relative_clause_states_a_duty_of_its_noun(nlp, text, bearer, deontic, aim):
    found = [r for r in full_records(nlp, text) if (r.bearer, r.deontic, r.aim) == (bearer, deontic, aim)]
    assert found, full_records(nlp, text)
    if "which" in text or "who" in text:
        assert any(r.bearer_text in ("which", "who") for r in full_records(nlp, text))


@pytest.mark.parametrize(
    "text",
    [
        "Officers who are authorised to apply receive training.",  # restrictive: says which officers
        "We asked which body is required to act.",  # an indirect question names no bearer
        "What local authorities can do is limited.",  # a free relative
    ],
)
def test_restrictive_relatives_and_questions_give_no_record(nlp, text):
    assert full_records(nlp, text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The strategy assigns overall coordination to the Ministry of the Interior.",
         ("Ministry of the Interior", "responsibility", "overall coordination", "assigns ... to")),
        ("The Act assigns responsibility for emergency planning to local authorities.",
         ("local authorities", "responsibility", "emergency planning", "assigns ... to")),
        ("Responsibility for coordination is assigned to the Ministry of Justice.",
         ("Ministry of Justice", "responsibility", "coordination", "is assigned to")),
    ],
)
def test_assigning_a_task_to_an_actor_is_a_responsibility(nlp, text, expected):
    assert expected in {(r.bearer, r.deontic, r.aim, r.trigger) for r in full_records(nlp, text)}


@pytest.mark.parametrize(
    "text",
    [
        "None of the five countries has a statute that assigns the prevention of radicalisation to local government.",
        "The council assigns a coordinator to each school.",  # places a person: no task
        "A mandate is a provision that assigns a task to an identifiable actor.",  # names no task
        "Security matters fall to the national police.",  # no verb of the class
    ],
)
def test_no_assigning_record_without_a_task_or_when_negated(nlp, text):
    assert [r for r in full_records(nlp, text) if r.rule.startswith("task_to")] == []


def test_a_second_agent_after_and_by_is_a_second_bearer_not_an_aim(nlp):
    text = "Referrals can also be made by youth workers and by non-governmental organisations that hold a contract."
    got = {(r.bearer, r.deontic, r.aim) for r in full_records(nlp, text)}
    assert got == {("youth workers", "permission", "make referrals"),
                   ("non-governmental organisations", "permission", "make referrals")}


@pytest.mark.parametrize(
    "text",
    [
        "This reliance, however, must not change the nature or purpose of existing relationships.",
        "Coordination should ensure that partners meet every month.",
        "Cooperation must remain voluntary.",
    ],
)
def test_a_noun_with_only_abstract_senses_bears_no_duty(nlp, text):
    assert full_records(nlp, text) == []


@pytest.mark.parametrize(
    ("text", "bearer"),
    [
        ("The county must publish a plan.", "county"),  # a place standing for its body
        ("The platform should include at least the police services.", "platform"),  # the guidelines' example
        ("The ministry must improve cooperation.", "ministry"),
    ],
)
def test_bodies_named_by_place_or_artefact_nouns_still_bear_duties(nlp, text, bearer):
    assert bearer in {r.bearer for r in full_records(nlp, text)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Act places a duty on councils to cooperate with the police.",
         {("councils", "obligation", "cooperate with the police")}),
        ("The law confers a power on mayors to close premises.", {("mayors", "permission", "close premises")}),
        ("A statutory duty is imposed on schools to report concerns.",
         {("schools", "obligation", "report concerns")}),
        # 'such as' names the other bodies the duty is put on
        ("Section 28 of the Act imposes a duty on local authorities and other bodies such as health boards and "
         "probation boards to ensure that children are safe.",
         {("local authorities", "obligation", "ensure that children are safe"),
          ("health boards", "obligation", "ensure that children are safe"),
          ("probation boards", "obligation", "ensure that children are safe")}),
    ],
)
def test_a_duty_put_on_an_actor_by_a_verb_is_a_record(nlp, text, expected):
    assert {(r.bearer, r.deontic, r.aim) for r in full_records(nlp, text)} == expected


def test_the_issuer_of_a_provision_is_its_law(nlp):
    records = full_records(nlp, "Section 28 of the Children Act 2004 imposes a duty on local authorities to act.")
    assert [r.issuer for r in records] == ["Children Act 2004"]


@pytest.mark.parametrize(
    "text",
    [
        "Local authorities have a duty to safeguard children.",  # a noun alone (guidelines)
        "The Act places no duty on councils to cooperate.",  # negated
        "The strategy places an emphasis on schools to teach values.",  # not a duty noun
    ],
)
def test_no_duty_record_without_a_verb_putting_a_duty(nlp, text):
    assert full_records(nlp, text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a bracketed aside between the participle and its `to`
        ("The agencies below are mandated (either explicitly through legislation or because of their specific "
         "expertise) to manage an emergency arising from the following hazards.",
         ("agencies", "obligation", "manage an emergency arising from the following hazards")),
        ("Local authorities are required (under section 5) to publish a plan.",
         ("Local authorities", "obligation", "publish a plan")),
    ],
)
def test_a_bracketed_aside_between_trigger_and_to(nlp, text, expected):
    assert expected in records(nlp, text)


def test_a_modal_passive_request_is_one_recommendation_of_its_subject(nlp):
    """`X may be asked by Y to V`: one statement, X's recommendation issued by Y; not also a
    permission of Y to ask (the modal-passive-agent reading keeps `may be made by an officer`)."""
    found = {(r.bearer, r.deontic, r.aim, r.issuer) for r in nlp.get_pipe("obligations").extract(nlp(
        "CDEM Groups may be asked by the National Controller to activate their emergency arrangements."))}
    assert found == {("CDEM Groups", "recommendation", "activate their emergency arrangements", "National Controller")}
    assert ("officer of a local authority", "permission", "make applications") in records(
        nlp, "Applications for such orders may be made by an officer of a local authority.")

