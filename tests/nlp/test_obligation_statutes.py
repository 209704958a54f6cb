"""Obligation readings for statute text, quotations and clause structure (issue 7, item 3, last
bullet): pipeline/nlp/obligation_readings.py, obligation_records.py, obligation_lists.py and
references.py.

Two kinds of case:

- `REAL`: sentences copied verbatim from the real-text passages, most from the reports `sealed`,
  `fresh` and `fresh2` (development data since their closing runs; never the h* passages of the
  fourth sealed test, which `passage` and `gold` refuse).
  Expected values are the annotators' gold lines; `test_real_cases_are_verbatim_and_in_the_gold`
  checks each against the passage and its gold file. A list item is its own line, as the PDF
  parse gives it (the passage's `- ` bullet dropped).
- Sentences written for one rule each, where the corpus has no instance of a form the rule
  covers (`WRITTEN`), with the record the guidelines give.

Each positive case asserts bearer (lenient, as the scorer matches it), deontic class and aim
(token F1 >= 0.8); each negative case that no record has the named bearer.
"""

from __future__ import annotations

import json
import time
from functools import lru_cache
from pathlib import Path

import pytest

from pipeline.matching import fold_name, occurs, token_f1

pytestmark = pytest.mark.slow

PASSAGES = Path(__file__).resolve().parents[1] / "data" / "real" / "passages"
MIN_AIM_F1 = 0.8
HANG_SECONDS = 60  # only detects a walk that never ends; a normal parse takes well under a second


def passage(pid: str) -> str:
    assert not pid.startswith("h"), "the h passages are the fourth sealed test: never read"
    return (PASSAGES / f"{pid}.md").read_text(encoding="utf-8")


def gold(pid: str) -> list[dict]:
    assert not pid.startswith("h"), "the h passages are the fourth sealed test: never read"
    lines = (PASSAGES / f"{pid}.gold.jsonl").read_text(encoding="utf-8").splitlines()
    return [g for g in map(json.loads, filter(str.strip, lines)) if g["type"] == "obligation"]


def bearers_match(expected: str, predicted: str) -> bool:
    a, b = fold_name(expected), fold_name(predicted)
    return occurs(a, b) or occurs(b, a)


@pytest.fixture(scope="module")
def records(nlp):
    @lru_cache(maxsize=None)
    def read(text: str) -> tuple[tuple[str, str, str], ...]:
        return tuple((o.bearer, o.deontic, o.aim) for o in nlp(text)._.obligations)

    return read


def has_record(found, bearer: str, deontic: str, aim: str) -> bool:
    return any(bearers_match(bearer, b) and d == deontic and token_f1(aim, a) >= MIN_AIM_F1 for b, d, a in found)


# --------------------------------------------------------------------------- verbatim from the corpus

F05_LEAD_IN = "\n".join([
    "A public service body shall, having regard to the functions and size of the body and the resources available to "
    "it—",
    "set out in its strategic plan (howsoever called) an assessment of the issues affecting community safety it "
    "believes to be relevant to the functions of the body and the policies, plans and actions in place or proposed to "
    "be put in place to address those issues, and",
    "report on developments and achievements in that regard in its annual report (howsoever called).",
])
A01_TO_WHICH = "This toolkit is not statutory guidance to which specified authorities must have regard under CTSA 2015."
F04_DECIDED = "\n".join([
    "If a panel cannot reach a unanimous decision on a question arising before it, the question must be decided—",
    "according to the opinion of the majority of the panel, or",
    "if there is no majority opinion, by the chair.",
])
F09_FUNCTIONS = "\n".join([
    "A safety partnership shall have the following functions:",
    "to act as a forum for the discussion of community safety concerns and for the development, coordination and "
    "implementation of coherent and integrated approaches to improving community safety at a local level;",
])
F09_HEADING = ("Functions of safety partnerships", "A safety partnership shall have the following functions:")
F09_RUN_IN = " ".join(F09_HEADING)  # the heading run into the sentence, as the PDF parse gives it
F04_MEMBERS = ("Each of those members must appoint a person to represent them on the panel; and the representative must "
               "be a person whom the member concerned considers to have the required skills and experience.")
F02_QUOTE = "\n".join([
    "“Our security situation is serious. We need to respond with measures that have a direct effect, and also measures "
    "that strengthen our long-term resilience. The Swedish Centre for Preventing Violent Extremism plays a crucial role "
    "in preventive efforts, and this assignment will intensify those efforts,” says Minister for Justice Gunnar "
    "Strömmer.",
    "“I welcome the assignment from the Government, which emphasises the importance of prevention and of collaboration "
    "between government agencies. Reinforcements are needed in a time of common security challenges to our society,” "
    "says Jonas Trolle, head of the Centre.",
])
F06_VOLUNTARY = "The programs are voluntary, and participants can leave at any time."
F03_PANEL = ("In 2017 the Victorian Government appointed an Expert Panel, led by former Chief Commissioner of Police, Ken "
             "Lay and former Supreme Court of Appeal Justice, the Hon David Harper to examine Victoria’s ability to "
             "prevent, monitor, investigate and respond to terrorism.")
F03_TASKFORCE = ("The Taskforce approved the Strategic Framework to Strengthen Victoria’s Social Cohesion and the "
                 "Resilience of its Communities to further strengthen Victoria’s social cohesion and build and empower "
                 "resilient communities to prevent the development of racial, ethnic and religious intolerance that can "
                 "lead to violence.")
F05_NO_RIGHT = ("Subsections (1) and (3) shall not be taken to confer on any person a right in law that the person would "
                "not otherwise have to require a public service body to take any steps referred to in those subsections "
                "or to seek damages for the failure to take such steps.")
F09_ANY_GUIDANCE = ("to develop and adopt, on a 3 yearly basis, a plan to improve community safety in its functional area "
                    "(in this Part referred to as a “local community safety plan”) having regard to the national "
                    "strategy and in accordance with any guidance in that regard which may be issued by the National "
                    "Office;")

def aim_gap(why: str):
    """The record is found (bearer and class: `test_bearer_and_class_of_the_corpus_record`), its aim
    still differs from the gold's by more than the bar: a strict xfail, so a fix shows as XPASS."""
    return pytest.mark.xfail(strict=True, reason=why)


# (passage, text, bearer, deontic, aim[, marks]): the gold line's values
REAL_POSITIVE = [
    # a statute lead-in: modal, aside, dash; each item an aim of the body
    ("f05", F05_LEAD_IN, "public service body", "obligation",
     "set out in its strategic plan an assessment of the issues affecting community safety it believes to be relevant "
     "to the functions of the body and the policies, plans and actions in place or proposed to be put in place to "
     "address those issues"),
    ("f05", F05_LEAD_IN, "public service body", "obligation",
     "report on developments and achievements in that regard in its annual report"),
    # "Each of X": the members bear it; "must appoint X to V" gives X the task
    ("f04", F04_MEMBERS, "members of a panel", "obligation", "appoint a person"),
    ("f04", F04_MEMBERS, "person", "responsibility", "represent them on the panel"),
    # a relative clause opened by `to which`, whose subject the parser lost (a01, dev-a)
    ("a01", A01_TO_WHICH, "specified authorities", "obligation", "have regard to statutory guidance",
     aim_gap("the gold rewrites the relative (`have regard to statutory guidance`); the aim is `have regard under "
             "CTSA 2015`")),
    # a lead-in ending in a modal passive: an item naming the agent is the agent's statement
    ("f04", F04_DECIDED, "chair", "obligation", "decide the question"),
    # `have the following functions:` announces a list: a lead-in's verb, not a role statement
    ("f09", F09_FUNCTIONS, "safety partnership", "obligation", "have the following functions"),
    # the same after a run-in heading the parser makes a second subject (as the PDF parse gives it)
    ("f09", F09_RUN_IN, "safety partnership", "obligation", "have the following functions"),
    # a requirement on who holds a role
    ("f04", F04_MEMBERS, "representative", "obligation",
     "be a person whom the member concerned considers to have the required skills and experience",
     aim_gap("the parser makes 'considers' a conjunct of 'appoint': the aim ends at 'concerned'")),
    # a minister's "we", three sentences into his quotation: the government he speaks for
    ("f02", F02_QUOTE, "Government", "obligation",
     "respond with measures that have a direct effect, and also measures that strengthen our long-term resilience",
     aim_gap("', and also measures ...' is hung outside the object: the aim stops at 'direct effect'")),
    # a new clause with its own subject after ", and"; a noun WordNet knows only as people
    ("f06", F06_VOLUNTARY, "participants", "permission", "leave at any time"),
    ("f03", F03_PANEL, "Expert Panel", "responsibility",
     "examine Victoria’s ability to prevent, monitor, investigate and respond to terrorism",
     aim_gap("'ability to prevent ...' after the object is cut as a purpose")),
]

# (passage, text, bearer no record may have, why)
REAL_NEGATIVE = [
    ("f03", F03_PANEL, "Ken Lay", "a list inside ', led by ...' names the leaders, not more appointees"),
    ("f03", F03_PANEL, "Supreme Court of Appeal Justice", "a list inside ', led by ...'"),
    ("f03", F03_TASKFORCE, "resilient communities", "'empower X to V' inside an infinitive of purpose"),
    ("f05", F05_NO_RIGHT, "public service body", "'require X to V' under 'would not otherwise have to'"),
    ("f09", F09_ANY_GUIDANCE, "National Office", "'any guidance which may be issued by': a possibility"),
    ("f02", F02_QUOTE, "Minister for Justice", "the minister speaks for the government"),
    ("f04", F04_DECIDED, "majority", "an item without `by X` names no actor"),
    ("f09", F09_FUNCTIONS, "forum", "the items after `have the following functions:` are its object, no records"),
    ("f04", F04_DECIDED, "panel", "`If a panel cannot reach ...`: an ability in a condition"),
]


def _params(cases):
    return [pytest.param(*c[:5], marks=c[5:], id=f"{c[0]}-{c[2]}-{c[4][:30]}") for c in cases]


def _lines(text: str) -> list[str]:
    """The passage lines a case is made of (a run-in heading is its own line in the passage)."""
    return text.replace(F09_RUN_IN, "\n".join(F09_HEADING)).split("\n")


def test_real_cases_are_verbatim_and_in_the_gold():
    for pid, text, bearer, deontic, aim, *_ in REAL_POSITIVE:
        for line in _lines(text):
            assert line in passage(pid), (pid, line)
        assert any((g["bearer"], g["deontic"], g["aim"]) == (bearer, deontic, aim)
                   and any(g["sentence_quote"] in line for line in text.split("\n")) for g in gold(pid)), (pid, bearer, aim)
    for pid, text, bearer, _ in REAL_NEGATIVE:
        for line in _lines(text):
            assert line in passage(pid), (pid, line)
        assert not any(g["sentence_quote"] in text and bearers_match(bearer, g["bearer"]) for g in gold(pid)), (pid, bearer)


@pytest.mark.parametrize(("pid", "text", "bearer", "deontic", "aim"), _params(REAL_POSITIVE))
def test_gold_record_of_the_corpus_is_found(records, pid, text, bearer, deontic, aim):
    found = records(text)
    assert has_record(found, bearer, deontic, aim), f"gold ({bearer!r}, {deontic}, {aim!r}); predicted {found}"


@pytest.mark.parametrize(("pid", "text", "bearer", "deontic", "aim"), _params([c[:5] for c in REAL_POSITIVE]))
def test_bearer_and_class_of_the_corpus_record(records, pid, text, bearer, deontic, aim):
    """The gold record's bearer and class, with the aim opening with the gold aim's verb."""
    found = records(text)
    assert any(bearers_match(bearer, b) and d == deontic and a.split()[0] == aim.split()[0] for b, d, a in found), (
        f"gold ({bearer!r}, {deontic}, {aim!r}); predicted {found}")


@pytest.mark.parametrize(("pid", "text", "bearer", "why"), REAL_NEGATIVE, ids=[f"{c[0]}-{c[2]}" for c in REAL_NEGATIVE])
def test_no_record_where_the_gold_has_none(records, pid, text, bearer, why):
    found = records(text)
    assert not [r for r in found if bearers_match(bearer, r[0])], f"{why}: predicted {found}"


D03_HEARING = ("An initial Interim Control Order, issued with the Attorney-General’s consent, only becomes a Confirmed "
               "Control Order upon the court’s approval, following a hearing at which the subject of the order is "
               "allowed to rebut the evidence.")


def test_a_noun_trigger_with_its_determiner_is_no_misread_verb(records):
    """`the order is allowed to rebut` (d03): `order` is a noun here, so the object-control repair
    reads nothing; the subject's permission is the only record (d03 gold)."""
    assert D03_HEARING in passage("d03")
    found = records(D03_HEARING)
    assert len(found) == 1 and has_record(found, "subject of the order", "permission", "rebut the evidence"), found


def test_a_frame_hung_on_the_object_is_the_issuer(nlp):
    """`must have regard under CTSA 2015` (a01): the act the duty is under issues it (a01 gold: issuer
    `CTSA 2015`), though the parser hangs `under` on the object `regard`."""
    assert any(g["issuer"] == "CTSA 2015" and g["sentence_quote"] in A01_TO_WHICH for g in gold("a01"))
    issuers = {o.issuer for o in nlp(A01_TO_WHICH)._.obligations}
    assert issuers == {"CTSA 2015"}, issuers


A02_ISSUED = ("It is issued under sections 36(7) and 38(6) of the Counter Terrorism and Security Act 2015 (“CTSA "
              "2015”) to support panel members and partners of local panels in England and Wales in the exercise of "
              "their functions; panel members and partners of local panels in England and Wales must have regard to "
              "this guidance.")


def test_a_provision_of_a_law_named_under_issues_the_sentence(nlp):
    """`issued under sections 36(7) and 38(6) of the X Act ...; panel members ... must`: the law of the
    provision issues the duty in the other clause (a02 gold), though the parser breaks the numbers apart."""
    assert A02_ISSUED in passage("a02")
    expected = {g["issuer"] for g in gold("a02") if g["sentence_quote"] in A02_ISSUED}
    assert expected == {"Counter Terrorism and Security Act 2015"}
    assert {o.issuer for o in nlp(A02_ISSUED)._.obligations} == expected


@pytest.mark.parametrize(("text", "issuer"), [
    ("The operational framework is instead the Police Tasks and Powers Act, under which the police are obliged to "
     "cooperate with local communities in the prevention of criminal offences.", "Police Tasks and Powers Act"),
    ("The ministry signed the Protocol on Security Education, under which school counsellors may invite intelligence "
     "officers to give talks to pupils.", "Protocol on Security Education"),
])
def test_under_which_names_the_issuer(nlp, text, issuer):
    """`X, under which Y must V`: X, the noun the relative clause is on, is what the statement is under."""
    assert {o.issuer for o in nlp(text)._.obligations} == {issuer}


B04_FRAMEWORK = "\n".join([
    "Australian Government Crisis Management Framework (AGCMF)",
    "An Australian Government Coordinating Agency is the agency required to lead the coordination across the "
    "Australian Government for a significant crisis caused by an identified hazard under this Framework.",
])
A05_AGENCY = ("The government is responsible for the development of a wide range of policy and service activity, both "
              "direct and indirect, for children and young people in Ireland, while the Child and Family Agency is "
              "responsible for family support, protection and welfare of children and ‘children in care’ under the "
              "Child Care Act, 1991 as amended.")


@pytest.mark.parametrize(("pid", "text", "bearer", "issuer"), [
    ("b04", B04_FRAMEWORK, "Australian Government Coordinating Agency", "Australian Government Crisis Management Framework"),
    ("a05", A05_AGENCY, "Child and Family Agency", "Child Care Act"),
])
def test_a_frame_inside_the_statement_is_the_issuer(nlp, pid, text, bearer, issuer):
    """`... under this Framework` / `... under the Child Care Act` at the end of the statement names what
    it is under (b04, a05 gold; `this Framework` resolved to its name as the heading gives it)."""
    for line in text.split("\n"):
        assert line in passage(pid)
    assert any(bearers_match(bearer, g["bearer"]) and g["issuer"].startswith(issuer) for g in gold(pid))
    found = [o.issuer for o in nlp(text)._.obligations if bearers_match(bearer, o.bearer)]
    assert found and all(f.startswith(issuer) for f in found), found


HELDOUT2 = Path(__file__).resolve().parents[1] / "data" / "heldout2"
HELDOUT2_ACT = (
    "Ireland has never adopted a dedicated counter-radicalisation strategy; prevention is framed instead as part of "
    "community safety, which the Policing, Security and Community Safety Act 2024 places on a statutory footing. The "
    "Act replaces the Joint Policing Committees, which had operated in every city and county council since the Garda "
    "Síochána Act 2005, with Local Community Safety Partnerships. Under the Act, each local authority is obliged to "
    "establish a partnership for its administrative area and to provide it with a secretariat.")


def test_the_act_goes_on_with_the_subject_not_a_name_in_passing(nlp):
    """`The Act replaces ... since the Garda Síochána Act 2005 ... Under the Act, each local authority
    is obliged to`: `the Act` is the 2024 act the text goes on about (heldout2 gold), not the latest name."""
    source = (HELDOUT2 / "source.md").read_text("utf-8")
    for piece in ("community safety, which the Policing, Security and Community Safety Act 2024 places on a statutory "
                  "footing", "The Act replaces the Joint Policing Committees, which had operated in every city and "
                  "county council since the Garda Síochána Act 2005", "Under the Act, each local authority is obliged "
                  "to establish a partnership for its administrative area and to provide it with a secretariat"):
        assert piece in source
    gold_lines = [json.loads(line) for line in (HELDOUT2 / "gold.jsonl").read_text("utf-8").splitlines() if line.strip()]
    assert any(g.get("issuer") == "Policing, Security and Community Safety Act 2024" and g.get("bearer") == "local authority"
               for g in gold_lines)
    issuers = {o.issuer for o in nlp(HELDOUT2_ACT)._.obligations if o.bearer == "local authority"}
    assert issuers == {"Policing, Security and Community Safety Act 2024"}, issuers


HELDOUT1_IGGO = ("Religious communities are involved through the Islamic Religious Community in Austria (IGGÖ), which "
                 "invites imams to attend a course on prevention and civic education.")


def test_a_relative_clause_subject_issues_as_the_name_not_its_acronym(nlp):
    """`the Islamic Religious Community in Austria (IGGÖ), which invites imams to`: the body the
    relative clause is on issues (heldout1 gold: the name), not the acronym in brackets before `which`."""
    source = (HELDOUT2.parent / "heldout" / "source.md").read_text("utf-8")
    assert HELDOUT1_IGGO[:-1] in source
    found = [o.issuer for o in nlp(HELDOUT1_IGGO)._.obligations]
    assert found and all(occurs(fold_name(f), fold_name("Islamic Religious Community in Austria")) for f in found), found


def test_a_run_in_heading_is_no_second_subject(records):
    """The parser makes the heading a second subject of `have`: one record, the sentence's subject's."""
    assert [b for b, _, _ in records(F09_RUN_IN)] == ["safety partnership"]


def test_the_representatives_and_the_persons_records_are_not_the_members(records):
    """The qualification binds the representative, not the members; the appointee's task is the person's."""
    found = records(F04_MEMBERS)
    assert not any(bearers_match("members", b) and a.startswith("be a person") for b, _, a in found), found
    assert not any(bearers_match("members", b) and "represent" in a for b, d, a in found if d == "responsibility"), found


# --------------------------------------------------------------------------- written for one rule each

WRITTEN_POSITIVE = [
    # a modal cut off from its verb by a 'where' clause the parser hangs on the subject
    ("A local authority must, where it considers it appropriate, consult the police and publish its plan.",
     "local authority", "obligation", "consult the police"),
    ("A local authority must, where it considers it appropriate, consult the police and publish its plan.",
     "local authority", "obligation", "publish its plan"),
    # a permission to impose keeps what is imposed (the fedpol decision, for an imposing verb)
    ("The Minister may, by regulations, require a local authority to prepare a strategy.",
     "Minister", "permission", "require a local authority to prepare a strategy"),
    # clause coordination: the second clause's subject, misread by the parser, is its own
    ("The Secretary of State may issue guidance to specified authorities, and specified authorities must have regard "
     "to such guidance.", "specified authorities", "obligation", "have regard to such guidance"),
    # a series of bare verb phrases after an object-control infinitive; `put` is a base form
    ("The Act requires schools to assess the risk, put in place policies and train their staff.",
     "schools", "obligation", "put in place policies"),
    ("The Act requires schools to assess the risk, put in place policies and train their staff.",
     "schools", "obligation", "train their staff"),
    # distributive quantifiers: the group bears it
    ("All of the partners must attend the meeting.", "partners", "obligation", "attend the meeting"),
    # the statute lead-in, another aside
    ("The chief officer shall, in performing those functions—\nkeep a register of referrals;\npublish an annual report.",
     "chief officer", "obligation", "keep a register of referrals"),
    # a head role speaks for its body
    ("“We must act now,” says Jonas Trolle, head of the Centre.", "Centre", "obligation", "act now"),
    # `obliges` tagged a noun and its object a verb: the object-control repair still finds the actor
    ("The regulation obliges platforms to remove terrorist content within one hour.",
     "platforms", "obligation", "remove terrorist content within one hour"),
    # coordinated verb phrases after an object-control trigger, the middle one hung as an apposition
    ("The strategy asks councils to appoint a lead officer, train frontline staff and publish an annual report.",
     "councils", "recommendation", "train frontline staff"),
    ("The strategy asks councils to appoint a lead officer, train frontline staff and publish an annual report.",
     "councils", "recommendation", "publish an annual report"),
    # `call on` with `on` parsed as a particle and the actor as the verb's object
    ("We call on local authorities to appoint a prevention coordinator.",
     "local authorities", "recommendation", "appoint a prevention coordinator"),
    # ... but the ensuring itself is the duty, and a rule's `may` in a that-clause stays a permission
    ("Local authorities must ensure that frontline staff can recognise the signs and refer concerns.",
     "Local authorities", "obligation", "ensure that frontline staff can recognise the signs and refer concerns"),
    ("The law provides that municipalities may set up local panels.", "municipalities", "permission",
     "set up local panels"),
    # `to which X must V` inside a sentence
    ("The board, to which the council must report, meets monthly.", "council", "obligation", "report"),
    # the passive lead-in with agents in its items, one record each
    ("The members of the board shall be appointed—\nby the Minister, after consulting the council; and\n"
     "by the municipalities, in equal numbers.", "municipalities", "obligation", "appoint members of the board"),
    # two deontic participles sharing one infinitive: the un-negated one binds
    ("Councils are encouraged, but not required, to appoint a lead officer.",
     "Councils", "recommendation", "appoint a lead officer"),
    ("Councils are not required but encouraged to appoint a lead officer.",
     "Councils", "recommendation", "appoint a lead officer"),
    # a conduct and a qualification after a semi-modal, as after a modal
    ("Frontline workers need to be aware of the signs of radicalisation.",
     "Frontline workers", "obligation", "be aware of the signs of radicalisation"),
    ("The coordinator has to be a person with experience.", "coordinator", "obligation", "be a person with experience"),
]

WRITTEN_NEGATIVE = [
    # the shared subject stays when only adverbs stand between the coordinator and the modal
    ("The council may issue guidance and then must publish it.", "guidance"),
    # a clause with its own subject after the modal's comma is no aside: no lead-in
    ("The council shall, if the board agrees, the police may—\nkeep a register.", "council"),
    # a person's bare name speaks for no body
    ("“We must act now,” said Gunnar Strömmer.", "Gunnar Strömmer"),
    # `may` on a noun under free-choice `any`
    ("The council acts on any advice which may be given by the panel.", "panel"),
    # a qualification needs a person or office noun: a priority is neither
    ("Prevention must be a priority.", "Prevention"),
    # `can` in what a verb of ensuring brings about is an ability secured, not a permission (GUIDE 3.3.7)
    ("The council funds mentors to ensure that young people can access support and that families can get advice.",
     "families"),
    ("Local authorities must ensure that frontline staff can recognise the signs and refer concerns.",
     "frontline staff"),
    ("Schools should make sure that pupils can report concerns.", "pupils"),
    # a role noun without a list to announce stays a role statement
    ("Local authorities should play the following role in prevention.", "Local authorities"),
    # `nor` negates the second participle: nothing is asked
    ("Councils are not required, nor encouraged, to appoint a lead officer.", "Councils"),
    # a linking verb's state after a semi-modal is no conduct
    ("Everyone needs to feel safe.", "Everyone"),
]


@pytest.mark.parametrize(("text", "bearer", "deontic", "aim"), WRITTEN_POSITIVE,
                         ids=[f"{c[1]}-{c[3][:30]}" for c in WRITTEN_POSITIVE])
def test_construction_gives_the_record(records, text, bearer, deontic, aim):
    found = records(text)
    assert has_record(found, bearer, deontic, aim), f"({bearer!r}, {deontic}, {aim!r}); predicted {found}"


@pytest.mark.parametrize(("text", "bearer"), WRITTEN_NEGATIVE, ids=[c[1] for c in WRITTEN_NEGATIVE])
def test_construction_gives_no_record_of(records, text, bearer):
    found = records(text)
    assert not [r for r in found if bearers_match(bearer, r[0])], found


def test_an_unclosed_quotation_is_searched_within_its_block_only(nlp):
    """The quotation walk looks at most a few sentences around the pronoun and stops at a line
    break: a long paragraph opening a quotation that never closes ends at once, with no speaker."""
    text = "“" + " ".join("The council met on the matter again." for _ in range(400)) + " We must act now.\n" + (
        "The council said so.")
    started = time.monotonic()
    found = [(o.bearer, o.aim) for o in nlp(text)._.obligations]
    assert time.monotonic() - started < HANG_SECONDS
    assert not [f for f in found if f[1] == "act now"], found
