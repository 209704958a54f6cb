"""Obligation statements in wording from the real-text corpus (tests/data/real/passages).

Each case is one sentence (with the lead-in list, a lead-in and one item)
copied verbatim from a development passage (a01 a02 a03 a05 b01 b02 b04 b05
c02 c03 c04 c05 d01 d03 d05; never the sealed a04 b03 c01 d02 d04). The
expected values are the annotators' gold (`<passage>.gold.jsonl`, written by
reading the text), never the pipeline's output; `test_cases_are_verbatim_and_in_the_gold`
checks every case against the files.

- Positive cases: one gold record each. The Doc must hold a record whose bearer
  matches the gold bearer leniently (one contains the other after folding case
  and quotes, at a word start: `pipeline.matching.occurs`), whose deontic class
  is the gold's, and whose aim has token F1 >= 0.8 with the gold aim.
- Negative cases: sentences with a modal or trigger word for which the gold has
  no record (passives without an agent, purpose clauses, descriptions, noun
  triggers, role statements, epistemic modals, demands without a bearer). No
  record may come out with the named bearer (or, where none is named, at all).

Cases the pipeline gets wrong are `xfail(strict=True)` with what it does
instead, so that a fix shows up as an XPASS; the expected values stay the gold's.
"""

from __future__ import annotations

from functools import lru_cache

import pytest

from pipeline.matching import fold_name, occurs, token_f1

pytestmark = pytest.mark.slow

from real_passages import gold_obligations, passage_text
MIN_AIM_F1 = 0.8  # the brief's bar: the aim may differ from the gold's by a word or two
NEGATIVE_AIM_F1 = 0.5  # a negative case's aim rules out records that share most of its words


def bearers_match(gold: str, predicted: str) -> bool:
    """One bearer contains the other, case and quote marks folded (lenient matching)."""
    a, b = fold_name(gold), fold_name(predicted)
    return occurs(a, b) or occurs(b, a)


def positive(passage: str, text: str, bearer: str, deontic: str, aim: str, xfail: str | None = None):
    marks = [pytest.mark.xfail(strict=True, reason=xfail)] if xfail else []
    return pytest.param(passage, text, bearer, deontic, aim, id=f"{passage}-{deontic}-{bearer}-{aim[:40]}",
                        marks=marks)


def negative(passage: str, text: str, why: str, bearer: str | None = None, aim: str | None = None,
             xfail: str | None = None):
    """No gold record in `text` for `bearer` and with `aim` (None: any); `why` names the construction."""
    marks = [pytest.mark.xfail(strict=True, reason=xfail)] if xfail else []
    return pytest.param(passage, text, bearer, aim, id=f"{passage}-no-record-{why}", marks=marks)


def same_record(bearer: str | None, aim: str | None, other_bearer: str, other_aim: str) -> bool:
    """A record (other_bearer, other_aim) is the one a negative case rules out."""
    return (bearer is None or bearers_match(bearer, other_bearer)) and (
        aim is None or token_f1(aim, other_aim) >= NEGATIVE_AIM_F1)


# --------------------------------------------------------------------------- sentences

A01_CTSA = ("Under section 29 of the Counter-Terrorism and Security Act 2015 (‘CTSA 2015’), specified authorities "
            "are required to have due regard to the need to prevent people from being drawn into terrorism.")
A02_MUST = ("It is issued under sections 36(7) and 38(6) of the Counter Terrorism and Security Act 2015 (“CTSA 2015”) "
            "to support panel members and partners of local panels in England and Wales in the exercise of their "
            "functions; panel members and partners of local panels in England and Wales must have regard to this "
            "guidance.")
A03_UP_TO = ("It's up to an individual, or their parents for children aged 17 and under, to decide whether to take up "
             "the support it offers.")
A03_REFERRAL = ("Where a concern about an individual has been identified, partner agencies can discuss a concern or make "
                "a referral to the Channel panel by completing the referral form on the Prevent referral document page.")
A05_RESPONSIBLE = ("The government is responsible for the development of a wide range of policy and service activity, "
                   "both direct and indirect, for children and young people in Ireland, while the Child and Family "
                   "Agency is responsible for family support, protection and welfare of children and ‘children in "
                   "care’ under the Child Care Act, 1991 as amended.")
B02_LEAD_IN = ("The Assistant Deputy Minister, Portfolio Affairs and Communication Branch and the Assistant Deputy "
               "Minister, Emergency Management and Preparedness Branch should consider the following for the Canada "
               "Centre:")
B02_ITEM = ("In terms of its national leadership role: explore opportunities to expand its coordinating role, including "
            "outreach at the stakeholder and community level.")
C04_RESPONSIBILITY = ("It is the responsibility of the international community to assist transit countries, and the UK "
                      "must offer practical support to those countries in securing their borders.")
C04_RECOMMEND = ("We recommend that the Government maintain representation from the UK Counter Terrorism command to help "
                 "the Turkish authorities identify those who are at risk of crossing the border into Syria intending to "
                 "fight and make available any relevant intelligence to the Turkish authorities that may be beneficial.")
C05_CATEGORISATION = ("To date, the official categorisation as a Community Garda has simply referred to those who are "
                      "exclusively assigned to building relationships with local communities and civil society, "
                      "including giving talks to schools, community groups and others.")
D03_INTERIM = ("An initial Interim Control Order, issued with the Attorney-General’s consent, only becomes a Confirmed "
               "Control Order upon the court’s approval, following a hearing at which the subject of the order is "
               "allowed to rebut the evidence.")
D03_FIRSTLY = ("Firstly an Interim Control Order is made, specifying a date on which the subject of the order must attend "
               "court, where the order may be confirmed, voided, or revoked.")
D03_SENIOR = ("To obtain an Interim Control Order a “senior member” of the AFP must obtain the consent of the "
              "Attorney-General and apply to an Issuing Court.")

# --------------------------------------------------------------------------- positive cases

POSITIVE = [
    # obligation: must, are required to, a modal in a relative clause, a passive-agent permission
    positive("a01", A01_CTSA, "specified authorities", "obligation",
             "have due regard to the need to prevent people from being drawn into terrorism"),
    positive("a01", "In complying with Prevent duty, specified authorities must have regard to guidance issued by the "
             "Secretary of State in relation to the duty.", "specified authorities", "obligation",
             "have regard to guidance issued by the Secretary of State in relation to the duty"),
    positive("a01", "This toolkit is not statutory guidance to which specified authorities must have regard under CTSA "
             "2015.", "specified authorities", "obligation", "have regard to statutory guidance",
             xfail="no record: a modal in a relative clause ('guidance to which X must have regard') under 'is not' is not read"),
    positive("a02", A02_MUST, "panel members", "obligation", "have regard to this guidance"),
    positive("a02", A02_MUST, "partners of local panels", "obligation", "have regard to this guidance"),
    positive("a03", "Participation in Channel is voluntary, but the person at risk must give their consent.",
             "person at risk", "obligation", "give their consent"),
    positive("a05", "Everyone must be alert to the possibility that children with whom they are in contact may be "
             "suffering from abuse or neglect.", "Everyone", "obligation",
             "be alert to the possibility that children with whom they are in contact may be suffering from abuse or "
             "neglect"),
    positive("b04", "An Australian Government Coordinating Agency is the agency required to lead the coordination "
             "across the Australian Government for a significant crisis caused by an identified hazard under this "
             "Framework.", "Australian Government Coordinating Agency", "obligation",
             "lead the coordination across the Australian Government for a significant crisis caused by an "
             "identified hazard under this Framework"),
    positive("b05", "To be considered eligible, applicants must complete their application in full at the time of "
             "submission, by the stated application deadline.", "applicants", "obligation",
             "complete their application in full at the time of submission, by the stated application deadline"),
    positive("b05", "Applicants must also belong to an eligible recipient class as defined in this section to be "
             "considered for funding.", "Applicants", "obligation",
             "belong to an eligible recipient class as defined in this section",
             xfail="aim stops before 'as defined in this section' (F1 0.67)"),
    positive("c04", C04_RESPONSIBILITY, "UK", "obligation", "offer practical support to those countries in securing "
             "their borders"),
    positive("d03", D03_FIRSTLY, "subject of the order", "obligation", "attend court"),
    positive("d03", D03_SENIOR, "“senior member” of the AFP", "obligation", "obtain the consent of the Attorney-General"),
    positive("d03", D03_SENIOR, "“senior member” of the AFP", "obligation", "apply to an Issuing Court"),
    # recommendation: should, a lead-in before a list, recommend that (two verbs), passive "requested to"
    positive("b02", B02_LEAD_IN, "Assistant Deputy Minister, Portfolio Affairs and Communication Branch",
             "recommendation", "consider the following for the Canada Centre"),
    positive("b02", B02_LEAD_IN, "Assistant Deputy Minister, Emergency Management and Preparedness Branch",
             "recommendation", "consider the following for the Canada Centre"),
    positive("b02", "The Canada Centre should put in place measures to systematically collect and report on its outputs "
             "and outcomes.", "Canada Centre", "recommendation", "put in place measures"),
    positive("c04", C04_RECOMMEND, "Government", "recommendation",
             "maintain representation from the UK Counter Terrorism command"),
    positive("c04", C04_RECOMMEND, "Government", "recommendation",
             "make available any relevant intelligence to the Turkish authorities that may be beneficial",
             xfail="one record ('maintain'): the second coordinated verb 'make available' after the purpose clause 'to help ...' is missed"),
    positive("c04", "The Government should also work with transit countries such as Turkey, Lebanon and Jordan to "
             "better establish who is likely to be travelling for genuine humanitarian reasons.", "Government",
             "recommendation", "work with transit countries such as Turkey, Lebanon and Jordan"),
    positive("d05", "That is why 20 additional municipalities have been requested to formulate an action plan for urgent "
             "and relatively serious problems they encounter with young persons involved in crime.", "municipalities",
             "recommendation", "formulate an action plan for urgent and relatively serious problems they encounter "
             "with young persons involved in crime"),
    # permission: can with coordinated verbs, may, passive with an agent, is allowed to, it's up to
    positive("a03", A03_UP_TO, "individual", "permission", "decide whether to take up the support it offers"),
    positive("a03", A03_UP_TO, "parents", "permission", "decide whether to take up the support it offers"),
    positive("a03", A03_REFERRAL, "partner agencies", "permission", "discuss a concern"),
    positive("a03", A03_REFERRAL, "partner agencies", "permission", "make a referral to the Channel panel by completing "
             "the referral form on the Prevent referral document page",
             xfail="aim ends at 'the Channel panel': the means phrase 'by completing ...' is dropped"),
    positive("d03", "Control Orders may be requested by the Australian Federal Police.", "Australian Federal Police",
             "permission", "request Control Orders"),
    positive("d03", D03_INTERIM, "subject of the order", "permission", "rebut the evidence"),
    positive("d03", "The Australian Federal Police (AFP) may seek a Control Order, which is issued via a two-step "
             "process.", "Australian Federal Police", "permission", "seek a Control Order"),
    # responsibility: is responsible for (twice in one sentence), a predicate noun, "assigned to" + gerund
    positive("a05", A05_RESPONSIBLE, "government", "responsibility", "development of a wide range of policy and service "
             "activity, both direct and indirect, for children and young people in Ireland",
             xfail="aim stops at 'service activity': ', both direct and indirect, for children ...' dropped"),
    positive("a05", A05_RESPONSIBLE, "Child and Family Agency", "responsibility",
             "family support, protection and welfare of children and ‘children in care’"),
    positive("b04", "A Lead Minister is the Australian Government minister responsible for leading coordination in "
             "response to a significant crisis caused by an identified hazard under this Framework.", "Lead Minister",
             "responsibility", "leading coordination in response to a significant crisis caused by an identified "
             "hazard under this Framework"),
    positive("c05", "The Garda Commissioner is responsible for the general management and administration of the Garda "
             "organisation, including decisions on the deployment of personnel among the various Garda Divisions.",
             "Garda Commissioner", "responsibility",
             "the general management and administration of the Garda organisation"),
    positive("c05", C05_CATEGORISATION, "Community Garda", "responsibility",
             "building relationships with local communities and civil society",
             xfail="no record: 'those who are assigned to + gerund' in a relative clause is not read (a main clause is)"),
]

# --------------------------------------------------------------------------- negative cases

NEGATIVE = [
    negative("a01", "Accordingly, local authorities and their partners have a core role to play in countering "
             "terrorism at a local level and ensuring that people who are susceptible to radicalisation are "
             "supported.", "role statement"),
    negative("a01", "There are many factors which can, either alone or combined, lead someone to subscribe to extremist "
             "ideology and, from there, support or engage in terrorism.", "epistemic can"),
    negative("a01", "It does not supersede or otherwise affect the Prevent duty guidance, but only seeks to illustrate "
             "and provide examples as to how the Prevent duty guidance may be acted upon.", "passive may without agent"),
    negative("a02", "Section 36 CTSA 2015 sets out the duty for local authorities to ensure that there is a local panel "
             "in place to assess, and to provide support for, people vulnerable to being drawn into terrorism.",
             "noun duty for X to"),
    negative("a02", "Individuals at risk of being drawn into terrorism are referred by the police to Channel panels.",
             "passive description with agent"),
    negative("a02", "The requirements of Channel are statutory duties and it is recommended that they should be "
             "reflected in relevant local policy and guidance.", "impersonal recommended, passive should"),
    negative("a03", "If the issue is urgent, call 999 and alert the police.", "imperative"),
    negative("a05", "This responsibility is particularly relevant for professionals such as teachers, child care "
             "workers, health professionals and those working with adults with serious parenting difficulties.",
             "noun responsibility"),
    negative("a05", "It is also an important responsibility for staff and people involved in sports clubs, community "
             "activities, youth clubs, religious and faith sectors and other organisations catering for children.",
             "noun responsibility for"),
    negative("b01", "Likewise, there is some alignment in the tools that can be applied to address them.",
             "passive can without agent"),
    negative("b01", "These prevention activities aim to empower communities and individuals to be resilient to violent "
             "messaging and recruitment while protecting and championing democratic responsibilities and values.",
             "empower without a granting body"),
    negative("b01", "The goals of any targeted violence attack may lack a discernable political or ideological motive, "
             "but inflict the same type of trauma on communities.", "epistemic may"),
    negative("b02", B02_LEAD_IN + "\n" + B02_ITEM, "list item under a lead-in ending in an object",
             aim="explore opportunities to expand its coordinating role, including outreach at the stakeholder and "
             "community level"),
    negative("b04", "This Framework designates Lead Ministers, Australian Government Coordinating Agencies and Lead "
             "Coordinating Senior Officials for identified hazards.", "designates without to or with"),
    negative("b04", "Where there is no clearly identified hazard (see Appendix A on p. 47), PM&C will work with NEMA and "
             "relevant Australian Government agency officials to identify an appropriate Australian Government "
             "Coordinating Agency, depending on the realised or likely impacts and consequences of the hazard and "
             "required Australian Government capabilities.", "future will"),
    negative("b04", "Subject to agreement, an Australian Government Coordinating Agency can change during a crisis "
             "should the impacts evolve over time to predominantly affect a different Australian Government portfolio "
             "or where NEMA assumes the role.", "can of possibility"),
    negative("b05", "Should any section be deemed incomplete, your application will be discarded.",
             "conditional should, passive"),
    negative("b05", "Funding may be awarded to recipients who belong to an eligible recipient class as defined in this "
             "section.", "passive may, recipients receive"),
    negative("b05", "Government departments as defined in section 2 of the Financial Administration Act (including the "
             "RCMP), federal Crown corporations, for-profit groups and individuals are not eligible for funding under "
             "the NCPS.", "not eligible"),
    negative("b05", "Community or professional organizations, societies and associations which have voluntarily "
             "associated themselves for a not-for-profit purpose, and which have the mandate to represent their "
             "membership or community;", "noun mandate to"),
    negative("c02", "As such, it constitutes a local practice in Aarhus municipality and the East Jutland Police "
             "district, but it may be considered a government practice, since it is tax funded.",
             "epistemic passive may"),
    negative("c02", "First-line staff of the Info-House (Multi-agency Task Force) carry out risk evaluations of "
             "individuals and groups.", "description"),
    negative("c02", "Professional staff are counselled on dealing with cases linked to radicalisation.",
             "receiving passive"),
    negative("c04", C04_RESPONSIBILITY, "noun responsibility of X to", "international community"),
    negative("c04", C04_RECOMMEND, "purpose clause to help X identify", "Turkish authorities"),
    negative("c04", "We require an immediate response targeted at dissuading and preventing those who wish to go to "
             "fight from going; helping countries who are key to intercepting those who are entering Syria, and "
             "ensuring those who return do not present a danger to the UK.", "demand without bearer"),
    negative("c04", "The Government needs a clear strategy for dealing with foreign fighters on their return, which may "
             "include help to come to terms with the violence they have witnessed and participated in, as well as "
             "counter-radicalisation interventions.", "needs with an object"),
    negative("c05", "Deputy Thomas Gould asked the Minister for Justice the number of community gardaí in Cork "
             "currently; the number considered a complete cohort; and the plans she has to resolve this.",
             "has plus relative infinitive"),
    negative("c05", "I understand that it is a matter for the Divisional Chief Superintendent to determine the "
             "distribution of duties among the personnel available to them, having regard to the profile of each "
             "area within the Division and its specific needs.", "a matter for X to"),
    negative("c05", "I am further advised that there are no set requirements to have a specific number of Community "
             "Gardaí posts across each Divisions.", "noun requirements to"),
    negative("c05", "I can inform the Deputy that as of 31 October 2022, the latest date for which figures are "
             "available, there were 49 Gardaí assigned to Community policing in Cork, which consists of 38 members "
             "assigned to Cork City Division, 7 assigned to Cork North Division and 4 assigned to Cork West "
             "Division.", "postings and a speaker's can"),
    negative("d01", "The government claims that the new bill is intended to improve the ability of intelligence "
             "services and the police to counter this threat.", "instrument purpose"),
    negative("d01", "The opposition leader, Kim Beazley, has been briefed by the Prime Minister on the nature of the "
             "threat, and has pledged that Labor will support the amendments.", "pledge and will"),
    negative("d01", "New terror amendments are to be rushed through Australian Federal Parliament based on new threats "
             "recently revealed by the Australian Security Intelligence Organisation (ASIO).", "are to be passive"),
    negative("d03", "Australia has a legislative basis for Control Orders, which are used to impose obligations, "
             "prohibitions, or restrictions on persons as deemed necessary to protect the public from terrorist "
             "acts.", "are used to, purpose"),
    negative("d03", "The procedures governing Control Orders, the types of controls that may be imposed, and applicable "
             "time frames are set forth in the Criminal Code Act.", "passive may without agent"),
    negative("d03", "A Control Order is a court order that places obligations, prohibitions, or restrictions upon a "
             "person for the purpose of protecting the public from an act of terrorism.", "definition with noun obligations"),
    negative("d05", "The Ministers are jointly investing in the broad approach called Prevention with Authority in order "
             "to prevent children, young persons and young adults aged 8 up to and including 27 from ending up in a "
             "life of crime or slipping further into such a life.", "description with in order to"),
    negative("d05", "For the next 3 years, dozens of additional millions of euros have been reserved to further reduce "
             "youth crime in the districts of 20 municipalities.", "passive reserved to"),
]


# --------------------------------------------------------------------------- helpers


@pytest.fixture(scope="module")
def records(nlp):
    """(bearer, deontic, aim) of every record the obligation component finds in a text, parsed once per text."""

    @lru_cache(maxsize=None)
    def read(text: str) -> tuple[tuple[str, str, str], ...]:
        return tuple((o.bearer, o.deontic, o.aim) for o in nlp(text)._.obligations)

    return read


# --------------------------------------------------------------------------- tests


def test_cases_are_verbatim_and_in_the_gold():
    """Every case's text is copied from its passage; a positive case is a gold record whose quote is
    in the text, and a negative case's text holds no gold record (for its bearer, when named)."""
    for param in POSITIVE:
        passage, text, bearer, deontic, aim = param.values
        for line in text.split("\n"):
            assert line in passage_text(passage), (passage, line)
        assert any(
            (g["bearer"], g["deontic"], g["aim"]) == (bearer, deontic, aim) and g["sentence_quote"] in text
            for g in gold_obligations(passage)
        ), (passage, bearer, deontic, aim)
    for param in NEGATIVE:
        passage, text, bearer, aim = param.values
        for line in text.split("\n"):
            assert line in passage_text(passage), (passage, line)
        clash = [g for g in gold_obligations(passage)
                 if g["sentence_quote"] in text and same_record(bearer, aim, g["bearer"], g["aim"])]
        assert not clash, (passage, clash)


@pytest.mark.parametrize(("passage", "text", "bearer", "deontic", "aim"), POSITIVE)
def test_gold_record_is_found(records, passage, text, bearer, deontic, aim):
    found = records(text)
    assert any(
        bearers_match(bearer, b) and d == deontic and token_f1(aim, a) >= MIN_AIM_F1 for b, d, a in found
    ), f"gold ({bearer!r}, {deontic}, {aim!r}); predicted {found}"


@pytest.mark.parametrize(("passage", "text", "bearer", "aim"), NEGATIVE)
def test_no_record_where_the_gold_has_none(records, passage, text, bearer, aim):
    found = records(text)
    wrong = [r for r in found if same_record(bearer, aim, r[0], r[2])]
    assert not wrong, f"gold has no such record (bearer {bearer!r}, aim {aim!r}); predicted {wrong}"
