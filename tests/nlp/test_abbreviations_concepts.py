"""abbreviations.py on wording from the real-text development reports (fresh2 and dev-d): an
acronym of an activity written as a title (`Countering Violent Extremism (CVE)`) names a field
of work, no body, unless a name holds it; a short back-reference in parentheses (`(the
Taskforce)`) is no name in another language. Entities are set by hand (a blank pipeline), the
model's guesses marked as the entity_labels component marks them (`span._.rule`)."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

import pipeline.nlp.entity_labels  # noqa: F401  (registers span._.rule)
from pipeline.nlp import abbreviations  # noqa: F401  (registers pipeline_abbreviations)
from pipeline.nlp.abbreviations import _names_an_activity


@pytest.fixture(scope="module")
def nlp() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("pipeline_abbreviations")
    return nlp


def annotate(nlp: Language, text: str, ents: list[tuple[str, str, str, int]]) -> Doc:
    """`ents`: (phrase, label, rule, n): the n-th occurrence of the phrase, its label and rule."""
    doc = nlp.get_pipe("sentencizer")(nlp.make_doc(text))
    spans = []
    for phrase, label, _, nth in ents:
        starts = [i for i in range(len(text)) if text.startswith(phrase, i)]
        span = doc.char_span(starts[nth], starts[nth] + len(phrase), label=label)
        assert span is not None, phrase
        spans.append(span)
    doc.ents = sorted(spans, key=lambda s: s.start)
    for (phrase, label, rule, nth), span in zip(ents, spans):
        next(e for e in doc.ents if (e.start, e.end) == (span.start, span.end))._.rule = rule
    return nlp.get_pipe("pipeline_abbreviations")(doc)


CVE_UNIT = ("The Countering Violent Extremism (CVE) Unit supports the Minister for Police and Emergency Services. "
            "Victoria Police and the Department of Justice and Community Safety (DJCS) deliver the CVE programs.")
CVE_PROGRAM = ("it has not yet evaluated its priority Countering Violent Extremism (CVE) program and has not "
               "established time frames. The CVE program is new.")
TASKFORCE = ("The work of the CVE Unit has emerged from two streams: the Social Cohesion and Community Resilience "
             "Taskforce (the Taskforce) and the Expert Panel.")


def test_the_acronym_of_an_activity_is_no_body(nlp):
    doc = annotate(nlp, CVE_UNIT, [("CVE", "ORG", "model_ORG", 0), ("Victoria Police", "ORG", "org_titlecase_head", 0),
                                    ("CVE", "ORG", "model_ORG", 1)])
    assert [(e.label_, e.text) for e in doc.ents] == [("ORG", "Victoria Police")]


def test_a_name_holding_the_acronym_names_a_body_not_the_concept(nlp):
    doc = annotate(nlp, CVE_UNIT, [("Countering Violent Extremism (CVE) Unit", "ORG", "org_acronym_inside", 0),
                                    ("CVE", "ORG", "model_ORG", 1)])
    assert [(e.label_, e.text) for e in doc.ents] == [("ORG", "Countering Violent Extremism (CVE) Unit")]


def test_a_named_programme_keeps_its_acronym(nlp):
    doc = annotate(nlp, CVE_PROGRAM, [("Countering Violent Extremism", "POLICY", "policy_named_before_kind", 0),
                                       ("CVE", "ORG", "model_ORG", 0), ("CVE", "ORG", "model_ORG", 1)])
    assert [(e.label_, e.text) for e in doc.ents] == [
        ("POLICY", "Countering Violent Extremism"), ("POLICY", "CVE"), ("POLICY", "CVE")]


def test_a_word_of_the_name_in_parentheses_is_no_foreign_gloss(nlp):
    doc = annotate(nlp, TASKFORCE, [("Social Cohesion and Community Resilience Taskforce", "ORG", "org_titlecase_head", 0)])
    assert doc._.abbreviations == []
    assert [e.text for e in doc.ents] == ["Social Cohesion and Community Resilience Taskforce"]


@pytest.mark.parametrize(
    ("phrase", "activity"),
    [
        ("Countering Violent Extremism", True),
        ("Preventing Violent Extremism", True),
        ("Combatting Terrorism", True),  # a doubled consonant before -ing
        ("Tackling Extremism", True),
        ("Preventing", False),  # one word
        ("Spring Programme", False),  # no verb before -ing
        ("Thing Programme", False),  # `th` is no verb's stem
        ("Ring Road", False),
        ("Network for Intervention", False),
    ],
)
def test_an_activity_opens_with_a_gerund(nlp, phrase, activity):
    doc = nlp.make_doc(phrase)
    assert _names_an_activity(Span(doc, 0, len(doc))) is activity
