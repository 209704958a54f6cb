"""Obligation constructions that real policy text uses and the rules used to miss (issue 7).

Part 1 copies sentences verbatim from the development passages of the real-text corpus
(tests/data/real/passages: a03 a05 b02 g01 g02 g03 g04; never a sealed passage) and
expects a record of the passage's gold, written by reading the text: bearer (lenient,
one contains the other), deontic class, trigger as written, and aim (token F1 >= 0.8).
`test_cases_are_verbatim_and_in_the_gold` checks every case against the files, so the
expected values are the annotators', not the pipeline's. A case's text may hold the
sentences before it (one a line) when a pronoun in it refers back.

Part 2 holds constructions the development corpus has no sentence for, in sentences
written for the rule in the corpus's wording; Part 3 the guidelines' exclusions that the
new rules must not cross (nouns carrying a duty, a bare property after a copula, a state,
an enabling verb with an adjective). Each names the construction it tests.
"""

from __future__ import annotations

from functools import lru_cache

import pytest

from pipeline.matching import fold_name, occurs, token_f1

pytestmark = pytest.mark.slow

from real_passages import gold_obligations, passage_text
MIN_AIM_F1 = 0.8


def bearers_match(gold: str, predicted: str) -> bool:
    a, b = fold_name(gold), fold_name(predicted)
    return occurs(a, b) or occurs(b, a)


def case(passage: str, text: str, bearer: str, deontic: str, trigger: str, aim: str, why: str):
    return pytest.param(passage, text, bearer, deontic, trigger, aim, id=f"{passage}-{why}-{bearer}-{aim[:30]}")


# --------------------------------------------------------------------------- part 1: the development corpus

A03_UP_TO = ("It's up to an individual, or their parents for children aged 17 and under, to decide whether to take up "
             "the support it offers.")
A05_EVERYONE = ("Everyone must be alert to the possibility that children with whom they are in contact may be suffering "
                "from abuse or neglect.")
B02_LEAD_IN = ("The Assistant Deputy Minister, Portfolio Affairs and Communication Branch and the Assistant Deputy "
               "Minister, Emergency Management and Preparedness Branch should consider the following for the Canada "
               "Centre:")
G01_CONTEXT = ("Member States should regularly assess the extent of radicalisation and recruitment on the basis of a "
               "multidisciplinary approach and should share the results with other Member States.")
G01_MONITOR = ("They should monitor and share information regarding the processes of radicalisation also connected to "
               "other regions in the world in which radicalisation may occur.")
G01_IDENTIFY = ("They should identify and systematically analyse the various environments within which radicalisation "
                "and recruitment may occur.")
G02_INVITED = ("The Council invited member states to do more to develop specialised interventions for dealing with "
               "terrorist and violent extremist offenders, as well as with those in risk of being radicalised while in "
               "prison.\nIt invited them to make use of various good practices, such as:")
G03_TASKED = ("This report addresses the extent to which (1) DHS, DOJ, and other key stakeholders tasked with CVE in the "
              "United States have implemented the 2011 SIP and (2) the federal government has developed a strategy to "
              "implement CVE activities, and the CVE Task Force has assessed progress.")
G04_LEAD_IN = ("Category 1 responders are subject to the full set of civil protection duties. They will be required to:")
G04_ASSESS = G04_LEAD_IN + "\nassess the risk of emergencies occurring and use this to inform contingency planning"
G04_MAINTAIN = (G04_LEAD_IN + "\nput in place arrangements to make information available to the public about civil "
                "protection matters and maintain arrangements to warn, inform and advise the public in the event of an "
                "emergency")
G04_ONLY = (G04_LEAD_IN + "\nprovide advice and assistance to businesses and voluntary organisations about business "
            "continuity management (local authorities only)")

CORPUS_CASES = [
    case("a03", A03_UP_TO, "individual", "permission", "It's up to ... to",
         "decide whether to take up the support it offers", "up-to"),
    case("a03", A03_UP_TO, "parents", "permission", "It's up to ... to",
         "decide whether to take up the support it offers", "up-to-second-bearer-after-or"),
    case("a05", A05_EVERYONE, "Everyone", "obligation", "must",
         "be alert to the possibility that children with whom they are in contact may be suffering from abuse or "
         "neglect", "universal-pronoun-and-conduct-adjective"),
    case("b02", B02_LEAD_IN, "Assistant Deputy Minister, Emergency Management and Preparedness Branch",
         "recommendation", "should", "consider the following for the Canada Centre",
         "second-bearer-under-an-apposition"),
    case("g01", G01_CONTEXT, "Member States", "recommendation", "should regularly",
         "assess the extent of radicalisation and recruitment on the basis of a multidisciplinary approach",
         "adverb-inside-trigger"),
    case("g01", G01_CONTEXT + "\n" + G01_MONITOR, "Member States", "recommendation", "should",
         "monitor information regarding the processes of radicalisation also connected to other regions in the world "
         "in which radicalisation may occur", "first-verb-takes-the-shared-object"),
    case("g01", G01_CONTEXT + "\n" + G01_MONITOR, "Member States", "recommendation", "should",
         "share information regarding the processes of radicalisation also connected to other regions in the world in "
         "which radicalisation may occur", "second-verb-sharing-the-object"),
    case("g01", G01_CONTEXT + "\n" + G01_IDENTIFY, "Member States", "recommendation", "should",
         "identify the various environments within which radicalisation and recruitment may occur",
         "capitalised-plural-kind-antecedent"),
    case("g02", G02_INVITED, "member states", "recommendation", "invited ... to",
         "make use of various good practices", "object-pronoun-not-its-subject"),
    case("g03", G03_TASKED, "DHS", "responsibility", "tasked with", "CVE in the United States",
         "reduced-relative-over-a-list-with-other"),
    case("g03", G03_TASKED, "key stakeholders", "responsibility", "tasked with", "CVE in the United States",
         "reduced-relative-mistagged-past"),
    case("g04", G04_ASSESS, "Category 1 responders", "obligation", "will be required to",
         "assess the risk of emergencies occurring", "list-item-read-as-verb-phrase"),
    case("g04", G04_ASSESS, "Category 1 responders", "obligation", "will be required to", "use this",
         "list-item-second-verb-after-gerund"),
    case("g04", G04_MAINTAIN, "Category 1 responders", "obligation", "will be required to", "maintain arrangements",
         "list-item-second-verb-shaped-like-the-first"),
    case("g04", G04_MAINTAIN, "Category 1 responders", "obligation", "will be required to", "put in place arrangements",
         "list-item-first-verb-without-its-purpose"),
    case("g04", G04_ONLY, "local authorities", "obligation", "will be required to",
         "provide advice and assistance to businesses and voluntary organisations about business continuity "
         "management", "list-item-restricted-in-brackets"),
]


@pytest.fixture(scope="module")
def records(nlp):
    """(bearer, deontic, trigger, aim) of every record in a text, parsed once per text."""

    @lru_cache(maxsize=None)
    def read(text: str) -> tuple[tuple[str, str, str, str], ...]:
        return tuple((o.bearer, o.deontic, o.trigger, o.aim) for o in nlp(text)._.obligations)

    return read


def test_cases_are_verbatim_and_in_the_gold():
    for param in CORPUS_CASES:
        passage, text, bearer, deontic, trigger, aim = param.values
        for line in text.split("\n"):
            assert line in passage_text(passage), (passage, line)
        assert any(
            (g["bearer"], g["deontic"], g["trigger"], g["aim"]) == (bearer, deontic, trigger, aim)
            and g["sentence_quote"] in text for g in gold_obligations(passage)
        ), (passage, bearer, deontic, trigger, aim)


@pytest.mark.parametrize(("passage", "text", "bearer", "deontic", "trigger", "aim"), CORPUS_CASES)
def test_corpus_construction_gives_the_gold_record(records, passage, text, bearer, deontic, trigger, aim):
    found = records(text)
    assert any(bearers_match(bearer, b) and d == deontic and t == trigger and token_f1(aim, a) >= MIN_AIM_F1
               for b, d, t, a in found), f"gold ({bearer!r}, {deontic}, {trigger!r}, {aim!r}); predicted {found}"


def test_list_items_after_such_as_are_no_records(records):
    """g02: the lead-in ends in 'such as:' (examples of good practice), not in a trigger, so its
    items state nothing; and the lead-in's own record stops before 'such as'."""
    item = "swift exchange of information among relevant stakeholders and developing dedicated strategies"
    assert item in passage_text("g02")
    found = records(G02_INVITED + "\n" + item)
    assert not [r for r in found if token_f1(item, r[3]) >= 0.5]
    assert not [r for r in found if r[3].endswith("such as")]


# --------------------------------------------------------------------------- part 2: written for the rule

WRITTEN = [
    pytest.param("The Garda Síochána is the agency with the primary mandate for community policing.",
                 ("Garda Síochána", "responsibility", "with the primary mandate for", "community policing"),
                 id="mandate-for-on-a-predicate-noun"),
    pytest.param("The police are responsible, together with the municipality, for running the hub.",
                 ("police", "responsibility", "are responsible ... for", "running the hub"),
                 id="aside-between-adjective-and-for"),
    pytest.param("Local authorities are required (under section 26 of the Act) to have due regard to the need to "
                 "prevent people from being drawn into terrorism.",
                 ("Local authorities", "obligation", "are required ... to",
                  "have due regard to the need to prevent people from being drawn into terrorism"),
                 id="parenthesis-between-trigger-and-to"),
    pytest.param("The municipal police may carry out arrests in the area and are required to deliver any perpetrator "
                 "to the police.",
                 ("municipal police", "obligation", "are required to", "deliver any perpetrator to the police"),
                 id="second-trigger-in-a-coordinated-verb-phrase"),
    pytest.param("Local authorities are expected to share information and to take part in the panel.",
                 ("Local authorities", "recommendation", "are expected to", "take part in the panel"),
                 id="take-part-is-acting-not-a-role"),
    pytest.param("The Home Office asks councils to appoint a lead officer, to train staff and to report annually.",
                 ("councils", "recommendation", "asks ... to", "report annually"),
                 id="series-of-infinitives-after-an-appointing-verb"),
    pytest.param("The Minister may, by order, designate a body to carry out inspections.",
                 ("Minister", "permission", "may", "designate a body"),
                 id="modal-cut-off-from-a-mistagged-control-verb"),
    pytest.param("Under it, the cantonal authorities can ask the Federal Office of Police (fedpol) to impose reporting "
                 "duties on persons who pose a terrorist threat.",
                 ("cantonal authorities", "permission", "can",
                  "ask the Federal Office of Police to impose reporting duties on persons who pose a terrorist threat"),
                 id="asking-verb-keeps-its-infinitive-in-the-aim"),
    pytest.param("Anyone can make a referral to the Channel panel.",
                 ("Anyone", "permission", "can", "make a referral to the Channel panel"),
                 id="universal-pronoun-permission"),
    pytest.param("Frontline staff must remain vigilant to the signs of radicalisation.",
                 ("Frontline staff", "obligation", "must", "remain vigilant to the signs of radicalisation"),
                 id="conduct-adjective-after-remain"),
    pytest.param("Local actors should be aware of the risks.",
                 ("Local actors", "recommendation", "should", "be aware of the risks"),
                 id="conduct-adjective-like-must-know"),
    pytest.param("No person shall disclose information obtained under this section.",
                 ("person", "prohibition", "No ... shall", "disclose information obtained under this section"),
                 id="negated-subject-no-shall"),
    pytest.param("Neither the police nor the council may share the data with third parties.",
                 ("council", "prohibition", "Neither ... may", "share the data with third parties"),
                 id="negated-subject-neither-nor-may"),
    pytest.param("No school is allowed to exclude pupils for this reason.",
                 ("school", "prohibition", "No ... is allowed to", "exclude pupils for this reason"),
                 id="negated-subject-passive-allowed"),
    pytest.param("Local partners should, where possible, involve the police in the panel.",
                 ("Local partners", "recommendation", "should", "involve the police in the panel"),
                 id="modal-cut-off-by-an-aside-subject-on-the-modal"),
    pytest.param("Local authorities are, in addition, required to set up a multi-agency panel.",
                 ("Local authorities", "obligation", "are ... required to", "set up a multi-agency panel"),
                 id="aside-between-copula-and-participle"),
    pytest.param("Social workers are expected, where possible, to visit the family within a week.",
                 ("Social workers", "recommendation", "are expected ... to", "visit the family within a week"),
                 id="aside-between-participle-and-to"),
    pytest.param("The ministry is tasked, among other things, with coordinating prevention work.",
                 ("ministry", "responsibility", "is tasked ... with", "coordinating prevention work"),
                 id="aside-between-participle-and-with"),
    pytest.param("Partners should, where appropriate, also be invited to attend the panel.",
                 ("Partners", "recommendation", "should ... be invited to", "attend the panel"),
                 id="modal-aside-then-passive-deontic"),
]


@pytest.mark.parametrize(("text", "expected"), WRITTEN)
def test_written_construction_gives_the_record(records, text, expected):
    bearer, deontic, trigger, aim = expected
    found = records(text)
    assert any(bearers_match(bearer, b) and d == deontic and t == trigger and token_f1(aim, a) >= MIN_AIM_F1
               for b, d, t, a in found), f"expected {expected}; predicted {found}"


def test_a_conjunct_inside_a_purpose_stays_there_unless_shaped_like_the_aim(records):
    """'appoint an officer to inform the partners and advise the mayor': the second verb continues
    the purpose (no comma, no object-and-purpose shape of its own), so no second aim of the council.
    Both verbs are the task the required appointing gives the officer (DECISIONS.md, the NL contact
    officer as revised; fresh2 f04 `must appoint a person to represent them`)."""
    found = records("The council must appoint an officer to inform the partners and advise the mayor.")
    assert [a for b, _, _, a in found if b == "council"] == ["appoint an officer"]
    assert {(d, t, a) for b, d, t, a in found if b == "officer"} == {
        ("responsibility", "appoint ... to", "inform the partners"), ("responsibility", "appoint ... to", "advise the mayor")}


def test_appointee_gets_no_task_from_the_series(records):
    """'asks councils to appoint a lead officer, to train staff and to report annually': the
    infinitives after the comma are the councils' (DECISIONS.md, the NL contact officer), not the
    officer's; an infinitive right after the object would be the officer's."""
    found = records("The Home Office asks councils to appoint a lead officer, to train staff and to report annually.")
    assert not [r for r in found if bearers_match("lead officer", r[0])]
    assert {a for b, _, _, a in found if b == "councils"} == {"appoint a lead officer", "train staff", "report annually"}


def test_a_task_noun_names_no_second_task(records):
    """'charged with the task of coordinating the response': one record, the task being
    'coordinating the response' (the mission rule reads the same words; the two must agree)."""
    found = records("The police are charged with the task of coordinating the response.")
    assert [(b, d, a) for b, d, _, a in found] == [("police", "responsibility", "coordinating the response")]


def test_one_record_for_a_modal_before_a_deontic_adjective(records):
    """'shall be responsible for': one statement, read by the adjective's rule, not also as a
    conduct ('be responsible') of the modal."""
    found = records("The mayor shall be responsible for convening the local safety council.")
    assert [(b, d, a) for b, d, _, a in found] == [("mayor", "responsibility", "convening the local safety council")]


# --------------------------------------------------------------------------- part 3: exclusions kept

NO_RECORD = [
    pytest.param("It is the responsibility of the local authority to ensure that a panel exists.", "local authority",
                 id="noun-responsibility-of-x-to"),
    pytest.param("It is the duty of the local authority to ensure that a panel exists.", "local authority",
                 id="noun-duty-of-x-to"),
    pytest.param("The local authority has a duty to ensure that a panel exists.", "local authority",
                 id="has-a-duty-to"),
    pytest.param("The local authority has the responsibility to coordinate the partners.", "local authority",
                 id="has-the-responsibility-to"),
    pytest.param("Schools must be safe places for children.", "Schools", id="copula-with-a-noun"),
    pytest.param("Local authorities should be clear.", "Local authorities", id="copula-with-a-bare-adjective"),
    pytest.param("Everyone should feel safe in their community.", "Everyone", id="linking-verb-state"),
    pytest.param("Everyone can be affected by radicalisation.", "Everyone", id="passive-without-agent"),
    pytest.param("These prevention activities aim to empower communities and individuals to be resilient to violent "
                 "messaging.", "communities", id="enabling-verb-with-adjective"),
    pytest.param("National authorities should publish a summary of the local mandates in force, updated at least "
                 "every five years.", None, id="past-participle-is-no-second-aim"),
    pytest.param("The police may share the data with the council.", "council", id="object-is-no-bearer"),
    pytest.param("The council is happy, when asked to help, to provide rooms for the panel.", "council",
                 id="participle-in-a-when-clause"),
    pytest.param("Local authorities are not, however, required to set up a panel.", "Local authorities",
                 id="negated-split-copula"),
]


def test_a_plain_modal_stays_a_permission(records):
    """The negated-subject rule changes only subjects with 'No' / 'Neither': 'The police may share'."""
    found = records("The police may share the data with the council.")
    assert [(b, d, t) for b, d, t, _ in found] == [("police", "permission", "may")]


@pytest.mark.parametrize(("text", "bearer"), NO_RECORD)
def test_guideline_exclusion_gives_no_record(records, text, bearer):
    found = records(text)
    if bearer is None:  # only the modal's own aim
        assert [a for _, _, _, a in found] == ["publish a summary of the local mandates in force"], found
    else:
        assert not [r for r in found if bearers_match(bearer, r[0])], found
