"""ORG, POLICY and PLACE rules of pipeline/nlp/entity_labels.py and abbreviations.py, in wording
from the real-text development reports (tests/data/real/reports: fresh, fresh2, sealed, dev-b,
dev-d, all development data now; and the first report): back-references, states, acronyms
inside names and after kinds of instrument, concept acronyms, governments written as titles.
Each case asserts a span and its label (or that a span is no mention); the expected values are
the reports' gold (`gold.jsonl`, written by reading the text), never the pipeline's output."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow

# fresh2, Australia (Department of Justice and Community Safety, Victoria).
CVE_UNIT = ("The Countering Violent Extremism (CVE) Unit supports the Minister for Police and Emergency Services as "
            "the lead minister for coordinating the Victorian Government’s efforts to counter violent extremism.")
STREAMS = ("The work of the CVE Unit has emerged from two streams: the Social Cohesion and Community Resilience "
           "Taskforce (the Taskforce) and the Expert Panel on Terrorism and Violent Extremism Prevention and "
           "Response Powers (the Expert Panel).")
APPOINTED = ("In 2017 the Victorian Government appointed an Expert Panel, led by former Chief Commissioner of Police, "
             "Ken Lay and former Supreme Court of Appeal Justice, the Hon David Harper to examine Victoria’s ability to "
             "prevent, monitor, investigate and respond to terrorism.")
TASKFORCE = ("The Taskforce was established in 2015 to strengthen social cohesion and build community resilience to "
             "prevent violent extremism.")
INSTITUTE = ("The Taskforce funded research through the Research Institute on Social Cohesion. Links to published "
             "research funded through the Institute are below.")
RUNS = "Victoria Police and the Department of Justice and Community Safety (DJCS) deliver the CVE programs."
RESOURCES = ("Learn more about Victoria’s responses to violent extremism through:\n\n"
             "- Department of Justice and Community Safety (DJCS) - Countering Violent Extremism (CVE) Unit")
# fresh2, Netherlands (NCTV) and Ireland (Policing, Security and Community Safety Act 2024).
PGA = ("When the criteria listed in the PGA Act apply to an individual, the assessment team may decide to include "
       "that person in the person-centred approach (PGA). The municipality is responsible for supervising the PGA.")
SAFETY_PLAN = ("to develop and adopt, on a 3 yearly basis, a plan to improve community safety in its functional area "
               "(in this Part referred to as a “local community safety plan”) having regard to the national strategy")
# sealed (Scottish Government; UK Parliament; an academic journal), fresh (Wales, New Zealand), dev-b, dev-d.
COMMITTEE = ("Membership of the committee\n\nThe council is responsible for appointing a convener. The ASP Code of "
             "Practice published in October 2008, and revised in 2020, suggests that it would be good practice to "
             "appoint a convener who is independent of all bodies represented on the Committee, and certainly be "
             "independent of the council, the health board and the police.")
OUR_COMMITTEE = ("Our Committee, amongst many others, has previously called for an independent review of the Prevent "
                 "programme, which has been widely criticised for alienating certain communities and undermining "
                 "efforts to tackle counter-terrorism.")
ISIL = ("When the Islamic State in Iraq and the Levant (ISIL) announced its caliphate in June 2014, the Norwegian "
        "Government launched a new action plan against radicalization and violent extremism.")
LABOR = ("The opposition leader, Kim Beazley, has been briefed by the Prime Minister on the nature of the threat, and "
         "has pledged that Labor will support the amendments.")
NSW = "The NSW Government is committed to building the resilience of our communities to violent extremism."
CDEM = ("Another CDEM Group may declare a state of local emergency if it is necessary to do so to support another "
        "area where a state of local emergency is in force.")
WALES = "The primary statutory role of safeguarding the welfare of children in Wales lies with local authorities."
WALES_ACT = ("Under Part 7 of the Social Services and Well-being (Wales) Act 2014 (the 2014 Act) local authorities must "
             "establish Safeguarding Children Boards")
CVE_PROGRAM = ("While the bureau has undertaken efforts to assess its progress, it has not yet evaluated its priority "
               "Countering Violent Extremism (CVE) program and has not established time frames for addressing "
               "recommendations from program evaluations.")
SIP = ("To further elaborate this strategy, in December 2011 the Administration released its “Strategic "
       "Implementation Plan for Empowering Local Partners to Prevent Violent Extremism in the United States” (SIP). "
       "The SIP is a large-scale planning document with three major objectives and numerous future activities and "
       "efforts.")
MARITIME = ("Maritime New Zealand is the national lead for a marine oil spill, with the regional lead being the "
            "responsibility of the affected Regional Council.")
ECONOMIC_PLAN = ("to collaborate and coordinate with relevant stakeholders in relation to actions under a local "
                 "community safety plan, a Local Economic and Community Plan made pursuant to section 66B of the Local "
                 "Government Act 2001 and any other plans relevant to its functional area;")
# dev-c: two headings, `### National Crime Prevention Strategy (NCPS)` and `### Minimum program eligibility
# requirements`, as the parse of the PDF joins them into one sentence.
NCPS = "National Crime Prevention Strategy (NCPS) Minimum program eligibility requirements"
TASK_FORCE = "In 2016, an interagency CVE Task Force led by DHS and DOJ was created to coordinate CVE efforts."
POLICING = "This is an increase of 40% compared to the 35 members assigned to Community Policing in Cork in 2015."
APC = ("Should they make a nomination the APC must allow that person to attend.\n\nVery few APCs have had HIS "
       "representation since the Act was implemented in 2008 although HIS do now sit as associate members of the "
       "National Conveners' Association.")
# fresh, New Zealand: a heading and a bullet of the same section.
CDEM_GROUP = ("CDEM Groups\n\n- is a committee of elected representatives of local authorities in the region covered "
              "by the CDEM Group;")
HSE = ("Category 2 organisations (the Health and Safety Executive, transport and utility companies) are "
       "‘co-operating bodies’.")
PREFECTURE = "Policing in Paris is the responsibility of the Paris Police Prefecture, part of the National Police."
AUSTRIA = "It is financed by Austria’s Ministry of Family and Youth and European and national research funding."
PROGRAMS = ("Programs include:\n\n- Community Integration Support Program (CISP)\n- Network for Intervention and "
            "Tailored Engagement (NITE)\n- Voluntary Case Management Scheme (VCM).\n\nThe programs are voluntary, and "
            "participants can leave at any time.")
COMMISSION = ("Below is a full overview of the Commission’s 41 recommendations on how to improve Norway’s ability to "
              "prevent radicalisation and the rise of extremism")
STEP_TOGETHER = ("If you are concerned that someone you know is at risk of involvement in violent extremism, reach "
                 "out for support at Step Together.")
# The first report (Sweden): a quoted national plan stays a POLICY.
SWEDEN = ("It establishes a “national action plan to safeguard democracy against violence-promoting extremism,” with "
          "the aim of increasing society’s resilience to radicalisation and extremist narratives while enhancing "
          "awareness of democratic values.")


def ents(nlp, text):
    return [(e.label_, e.text) for e in nlp(text).ents]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (CVE_UNIT, ("ORG", "Countering Violent Extremism (CVE) Unit")),  # an acronym inside a body's name
        (RESOURCES, ("ORG", "Countering Violent Extremism (CVE) Unit")),
        (CVE_UNIT, ("ORG", "Victorian Government")),  # a government written as a title, with its adjective
        (ISIL, ("ORG", "Norwegian Government")),
        (NSW, ("ORG", "NSW Government")),
        (STREAMS, ("ORG", "Social Cohesion and Community Resilience Taskforce")),
        (STREAMS, ("ORG", "Expert Panel on Terrorism and Violent Extremism Prevention and Response Powers")),
        (STREAMS, ("ORG", "Expert Panel")),  # a two-word short name is a mention
        (INSTITUTE, ("ORG", "Research Institute on Social Cohesion")),
        (RESOURCES, ("PLACE", "Victoria")),  # a state's name alone
        (RUNS, ("ORG", "Victoria Police")),  # ... but not inside a body's name
        (WALES, ("PLACE", "Wales")),
        (PGA, ("POLICY", "person-centred approach")),  # a kind of instrument given an acronym
        (PGA, ("POLICY", "PGA Act")),
        (CVE_PROGRAM, ("POLICY", "Countering Violent Extremism")),  # a named programme keeps its acronym
        (CVE_PROGRAM, ("POLICY", "CVE")),
        (SWEDEN, ("POLICY", "national action plan to safeguard democracy against violence-promoting extremism")),
        (WALES_ACT, ("POLICY", "Social Services and Well-being (Wales) Act 2014")),  # a territory in the title
        (ECONOMIC_PLAN, ("POLICY", "Local Government Act 2001")),  # generic words and a year name one law
        (NCPS, ("POLICY", "National Crime Prevention Strategy")),  # an acronym in parentheses is no territory
        (TASK_FORCE, ("ORG", "CVE Task Force")),  # an acronym is no foreign word: `interagency` stays out
        (APC, ("ACTOR", "APC")),  # the text writes the name in the plural: a kind of body
        (CDEM_GROUP, ("ACTOR", "CDEM Group")),
        (HSE, ("ORG", "Health and Safety Executive")),  # `Executive` heads a body's name
        (PREFECTURE, ("ORG", "Paris Police Prefecture")),
        (POLICING, ("PLACE", "Cork")),  # a word with a sense of a place stays  # a capitalised body word ends the name
        (AUSTRIA, ("ORG", "Ministry of Family and Youth")),  # no name ends in `and European`
        (PROGRAMS, ("POLICY", "Network for Intervention and Tailored Engagement")),  # the lead-in names the kind
        (PROGRAMS, ("POLICY", "NITE")),
        (PROGRAMS, ("POLICY", "Voluntary Case Management Scheme")),
        (LABOR, ("ORG", "Labor")),  # `that` is no determiner of the party's name
        (CDEM, ("ACTOR", "CDEM Group")),  # `Another`: one group of many
    ],
)
def test_names_in_real_wording(nlp, text, expected):
    assert expected in ents(nlp, text)


def test_a_short_name_defined_in_parentheses_stays_org_after_an(nlp):
    found = ents(nlp, STREAMS + "\n\n" + APPOINTED)
    assert [label for label, span in found if span == "Expert Panel"] == ["ORG", "ORG"]


def test_a_long_quoted_title_in_title_case_and_its_acronym(nlp):
    found = ents(nlp, SIP)
    title = ("Strategic Implementation Plan for Empowering Local Partners to Prevent Violent Extremism in the United "
             "States")
    assert ("POLICY", title) in found
    assert [label for label, span in found if span == "SIP"] == ["POLICY", "POLICY"]


def test_the_acronym_of_an_approach_is_a_policy_at_every_mention(nlp):
    assert [span for label, span in ents(nlp, PGA) if span == "PGA"] == ["PGA", "PGA"]
    assert all(label == "POLICY" for label, span in ents(nlp, PGA) if span == "PGA")


@pytest.mark.parametrize(
    ("text", "word"),
    [
        (STREAMS + "\n\n" + TASKFORCE, "Taskforce"),  # `(the Taskforce)` and `The Taskforce ...` refer back
        (INSTITUTE, "Institute"),  # after `the Research Institute on Social Cohesion`
        (COMMITTEE, "Committee"),  # after `the committee` in the heading
        (OUR_COMMITTEE, "Committee"),  # a possessive makes it a back-reference
        (COMMISSION, "Commission"),  # `the Commission’s`: a bare type word in the possessive refers back
        (CVE_UNIT + " " + RUNS, "CVE"),  # a field of work, not a body: no mention of its own
        (SAFETY_PLAN, "local community safety plan"),  # a defined kind, one per area
        (WALES_ACT, "Wales"),  # inside the Act's title, no PLACE of its own
        (ECONOMIC_PLAN, "Local Economic and Community Plan"),  # `a` + a local-level word: a kind of plan
        (MARITIME, "Zealand"),
        (POLICING, "Community Policing"),  # a field of work (an -ing head), no body
        (STEP_TOGETHER, "Step Together"),  # the model's PLACE on English words none of which names a place  # a country's name from the table is whole (`new` is no leading word there)
    ],
)
def test_no_mention_of_its_own(nlp, text, word):
    assert word not in [span for _, span in ents(nlp, text)]
