"""pipeline_abbreviations: Schwartz & Hearst pairs, the two alias rules, mentions, entities.

Model-free: Docs come from spacy.blank("en") with a sentencizer, and their
entities are set by hand, as the EntityRuler and the model would set them.
"""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

import pipeline.nlp.actor_types  # noqa: F401  (registers pipeline_actor_types)
from pipeline.nlp import abbreviations as ab
from pipeline.nlp.abbreviations import (
    RULE_FOREIGN_ACRONYM as FOREIGN,
    RULE_PARENTHETICAL_ALIAS as ALIAS,
    RULE_SCHWARTZ_HEARST as SH,
    find_best_long_form,
    is_valid_short_form,
    looks_like_acronym,
    match_long_form,
)

# (phrase, label) or (phrase, label, n): the n-th token-aligned occurrence (default: the first not yet used).
Ents = list[tuple]


@pytest.fixture(scope="module")
def nlp() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("pipeline_abbreviations")
    return nlp


def prepare(nlp: Language, text: str, ents: Ents = ()) -> Doc:
    """`text` sentencized, with the entities `ents` set by hand."""
    doc = nlp.get_pipe("sentencizer")(nlp.make_doc(text))
    spans: list[Span] = []
    for phrase, label, *nth in ents:
        occurrences = []
        start = text.find(phrase)
        while start >= 0:
            span = doc.char_span(start, start + len(phrase), label=label)
            if span is not None:
                occurrences.append(span)
            start = text.find(phrase, start + 1)
        free = [o for o in occurrences if all(o.start >= s.end or o.end <= s.start for s in spans)]
        chosen = occurrences[nth[0]] if nth else free[0]
        spans.append(chosen)
    doc.ents = spans
    return doc


def annotate(nlp: Language, text: str, ents: Ents = ()) -> Doc:
    return nlp.get_pipe("pipeline_abbreviations")(prepare(nlp, text, ents))


def pairs(doc: Doc) -> list[tuple[str, str, str]]:
    return [(a.short.text, a.long.text, a.rule) for a in doc._.abbreviations]


def ent_rows(doc: Doc) -> list[tuple[str, str, str, str]]:
    return [(e.text, e.label_, e._.normalized, e._.alias_rule) for e in doc.ents]


# --- the letter match (pure functions) ----------------------------------------


@pytest.mark.parametrize(
    ("short", "context", "long"),
    [
        ("LISC", "It also encourages mayors to create a local multi-agency security unit", "local multi-agency security unit"),
        ("RAN", "Experts of the Radicalisation Awareness Network", "Radicalisation Awareness Network"),
        ("CVE", "a paper on Countering Violent Extremism", "Countering Violent Extremism"),
        ("STL", "Samordning av locakle kriminalitetsforebyggende tiltak", "Samordning av locakle kriminalitetsforebyggende tiltak"),
        ("EU", "the member states of the European Union", "European Union"),
    ],
)
def test_match_long_form_finds_definition(short: str, context: str, long: str) -> None:
    start = match_long_form(short, context)
    assert start is not None
    assert context[start:] == long


@pytest.mark.parametrize(
    ("short", "context"),
    [
        # No word starts with K: KS abbreviates the Norwegian name (Kommunesektorens organisasjon).
        ("KS", "the Norwegian Association of Local and Regional Authorities"),
        ("NCTV", "A National Coordinator for Security and Counterterrorism"),
        ("VNG", "The Association of Netherlands Municipalities"),
        ("PEN-LCRV", "In January 2015, the Strategic Plan to Fight Against Violent Radicalisation"),
        ("BpB", "The Federal Agency for Civic Education"),
        ("LPR", "with the Crime Prevention Council of Lower Saxony"),
    ],
)
def test_match_long_form_rejects_foreign_acronyms(short: str, context: str) -> None:
    assert match_long_form(short, context) is None


def test_letter_match_alone_would_pair_a_name_word_with_its_translation() -> None:
    # Why the SF (long form) order needs an acronym: plain S&H pairs "Unit" with "Unité ...".
    assert match_long_form("Unit", "Unité de coordination de lutte anti-terroriste") == 0


def test_find_best_long_form_first_letter_starts_a_word() -> None:
    # "S" of "SH" may not be matched inside "tSunami"; it must start a word.
    assert find_best_long_form("SH", "tsunami hazard") is None
    assert find_best_long_form("SH", "seismic hazard") == 0


def test_long_form_word_limit() -> None:
    # |SF| = 2 allows min(2 + 5, 2 * 2) = 4 words.
    assert match_long_form("AB", "alpha x x beta") == 0
    assert match_long_form("AB", "alpha x x x beta") is None


@pytest.mark.parametrize("text", ["LISC", "KS", "PEN-LCRV", "BpB", "ICT4D", "Land NRW"])
def test_valid_short_forms(text: str) -> None:
    assert is_valid_short_form(text)


# "Public Ministry": 15 characters, over the paper's 10.
@pytest.mark.parametrize("text", ["2014", "signpost", "K", "-KS", "general", "ABCDEFGHIJK", "Public Ministry"])
def test_invalid_short_forms(text: str) -> None:
    assert not is_valid_short_form(text)


@pytest.mark.parametrize("text", ["NCTV", "VNG", "PEN-LCRV", "BpB", "KS", "LPR", "SSPs"])
def test_looks_like_acronym(text: str) -> None:
    assert looks_like_acronym(text)


@pytest.mark.parametrize("text", ["Mayor", "McDonald", "2014", "A", "ABCDEFGHIJKL", "Unit", "i.e."])
def test_does_not_look_like_acronym(text: str) -> None:
    assert not looks_like_acronym(text)


# --- definitions in Docs ---------------------------------------------------------

POSITIVE = [
    pytest.param(
        "It also encourages mayors to create a local multi-agency security unit (LISC) to coordinate actions.",
        [("mayors", "ACTOR"), ("local multi-agency security unit", "ACTOR")],
        [("LISC", "local multi-agency security unit", SH)],
        id="LISC",
    ),
    pytest.param(
        "The prevention efforts are evaluated in cooperation with the Norwegian Association of Local and Regional Authorities (KS).",
        [("Norwegian Association of Local and Regional Authorities", "ORG")],
        [("KS", "Norwegian Association of Local and Regional Authorities", FOREIGN)],
        id="KS",
    ),
    pytest.param(
        "A National Coordinator for Security and Counterterrorism (NCTV according to the Dutch acronym) was appointed.",
        [("National Coordinator for Security and Counterterrorism", "ORG")],
        [("NCTV", "National Coordinator for Security and Counterterrorism", FOREIGN)],
        id="NCTV",
    ),
    pytest.param(
        "The Association of Netherlands Municipalities (Vereniging Nederlandse Steden, VNG) receives support from the government.",
        [("Association of Netherlands Municipalities", "ORG"), ("government", "ACTOR")],
        [
            ("Vereniging Nederlandse Steden", "Association of Netherlands Municipalities", ALIAS),
            ("VNG", "Association of Netherlands Municipalities", FOREIGN),
        ],
        id="VNG",
    ),
    pytest.param(
        "In January 2015, the Strategic Plan to Fight Against Violent Radicalisation (Plan Estratégico Nacional de Lucha "
        "contra la Radicalización Violenta, PEN-LCRV) was approved by the Spanish government.",
        [("January 2015", "DATE"), ("Strategic Plan to Fight Against Violent Radicalisation", "POLICY"), ("government", "ACTOR")],
        [
            ("Plan Estratégico Nacional de Lucha contra la Radicalización Violenta", "Strategic Plan to Fight Against Violent Radicalisation", ALIAS),
            ("PEN-LCRV", "Strategic Plan to Fight Against Violent Radicalisation", FOREIGN),
        ],
        id="PEN-LCRV",
    ),
    pytest.param(
        "This plan builds on the cooperation between the police and municipalities within the so-called STL (Samordning av "
        "locakle kriminalitetsforebyggende tiltak, Coordination of local crime prevention measures).",
        [("police", "ACTOR"), ("municipalities", "ACTOR"), ("STL", "POLICY")],
        [
            ("STL", "Samordning av locakle kriminalitetsforebyggende tiltak", SH),
            ("Coordination of local crime prevention measures", "Samordning av locakle kriminalitetsforebyggende tiltak", ALIAS),
        ],
        id="STL",
    ),
    pytest.param(
        "It is managed by the Coordination Unit for the Analysis of Threat (Organe de coordination pour analyse de la menace).",
        [("Coordination Unit for the Analysis of Threat", "ORG")],
        [("Organe de coordination pour analyse de la menace", "Coordination Unit for the Analysis of Threat", ALIAS)],
        id="OCAM",
    ),
    pytest.param(
        "It was updated as part of the Action Plan Against Radicalisation and Terrorism (Plan d’Action contre la "
        "Radicalisation et le terrorisme) in May 2016.",
        [("Action Plan Against Radicalisation and Terrorism", "POLICY"), ("May 2016", "DATE")],
        [("Plan d’Action contre la Radicalisation et le terrorisme", "Action Plan Against Radicalisation and Terrorism", ALIAS)],
        id="PART",
    ),
    pytest.param(
        "The Préfet mobilises the stakeholders through a Monitoring Unit (Cellule de Suivi).",
        [("Préfet", "ACTOR"), ("Monitoring Unit", "ACTOR")],
        [("Cellule de Suivi", "Monitoring Unit", ALIAS)],
        id="Cellule",
    ),
    pytest.param(
        # Not "Unit" -> "Unité ...": the word before a long parenthetical must be an acronym.
        "The helpline is hosted by the Counter-Terrorism Coordination Unit (Unité de coordination de lutte anti-terroriste).",
        [("Counter-Terrorism Coordination Unit", "ORG")],
        [("Unité de coordination de lutte anti-terroriste", "Counter-Terrorism Coordination Unit", ALIAS)],
        id="UCLAT",
    ),
    # Not in the report.
    pytest.param(
        "The Federal Agency for Civic Education (BpB) funds projects.",
        [("Federal Agency for Civic Education", "ORG")],
        [("BpB", "Federal Agency for Civic Education", FOREIGN)],
        id="BpB",
    ),
    pytest.param(
        "Experts of the Radicalisation Awareness Network (RAN) met in Brussels.",
        [("Radicalisation Awareness Network", "ORG"), ("Brussels", "PLACE")],
        [("RAN", "Radicalisation Awareness Network", SH)],
        id="RAN",
    ),
    pytest.param(
        "The ministry published a paper on Countering Violent Extremism (CVE) last year.",
        [],
        [("CVE", "Countering Violent Extremism", SH)],
        id="CVE-no-entity",
    ),
    pytest.param(
        "The city works with the Crime Prevention Council of Lower Saxony (LPR).",
        [("Crime Prevention Council of Lower Saxony", "ORG")],
        [("LPR", "Crime Prevention Council of Lower Saxony", FOREIGN)],
        id="LPR",
    ),
    pytest.param(
        "Schools report to the Radicalisation Awareness Network (RAN, Réseau de sensibilisation à la radicalisation).",
        [("Schools", "ACTOR"), ("Radicalisation Awareness Network", "ORG")],
        [
            ("RAN", "Radicalisation Awareness Network", SH),
            ("Réseau de sensibilisation à la radicalisation", "Radicalisation Awareness Network", ALIAS),
        ],
        id="RAN-with-translation",
    ),
    pytest.param(
        "The Swedish Security Service (Säkerhetspolisen, SÄPO) assesses the threat.",
        [("Swedish Security Service", "ORG")],
        # a single word is no parenthetical_alias, but a word in another language is the body's own
        # name (guidelines: names in another language are separate mentions): foreign_gloss
        [("Säkerhetspolisen", "Swedish Security Service", "foreign_gloss"), ("SÄPO", "Swedish Security Service", FOREIGN)],
        id="single-word-translation-is-a-foreign-gloss",
    ),
]


@pytest.mark.parametrize(("text", "ents", "expected"), POSITIVE)
def test_definitions_found(nlp: Language, text: str, ents: Ents, expected: list[tuple[str, str, str]]) -> None:
    assert pairs(annotate(nlp, text, ents)) == expected


NEGATIVE = [
    pytest.param(
        "The Wallonia-Brussels Federation (French speaking part of Belgium) developed its own Plan.",
        [("Wallonia-Brussels Federation", "PLACE"), ("Belgium", "PLACE")],
        id="place-description",
    ),
    pytest.param(
        # An ORG before it does not make a description containing a place an alias.
        "The Flemish Agency for Youth (French speaking part of Belgium) developed its own Plan.",
        [("Flemish Agency for Youth", "ORG"), ("Belgium", "PLACE")],
        id="place-inside-parentheses",
    ),
    pytest.param(
        "Education and police are a prerogative of federated states (the Lander), this level plays a key role.",
        [("police", "ACTOR"), ("federated states", "ACTOR")],
        id="the-Lander",
    ),
    pytest.param(
        "This project drew inspiration from the Dutch ‘Wij Amsterdammers’ project (city of Amsterdam).",
        [("‘Wij Amsterdammers’ project", "POLICY"), ("Amsterdam", "PLACE")],
        id="city-of-Amsterdam",
    ),
    pytest.param(
        "This can include family support or individual counselling (i.e. social and professional reintegration).",
        [],
        id="i.e.",
    ),
    pytest.param(
        "The Social Ministry (I.e. Social And Professional Reintegration Office) runs it.",
        [("Social Ministry", "ORG")],
        id="capitalised-i.e.",
    ),
    pytest.param(
        "The ministry launched a help desk, called ‘Wegweiser’ (signpost), with the cities.",
        [("Wegweiser", "POLICY")],
        id="signpost",
    ),
    pytest.param(
        "According to the national Action Plan Against Radicalisation and Violent Extremism (2014), municipalities act.",
        [("Action Plan Against Radicalisation and Violent Extremism", "POLICY"), ("2014", "DATE"), ("municipalities", "ACTOR")],
        id="year",
    ),
    pytest.param(
        "It requires the police to share information with local authorities (the mayor) so that they can act.",
        [("police", "ACTOR"), ("local authorities", "ACTOR"), ("mayor", "ACTOR")],
        id="lowercase",
    ),
    pytest.param(
        "Referral is made through a national helpline (numéro vert) and the local Préfecture (the body that administers "
        "the regional ‘départements’ under the ministry of the Interior).",
        [("Préfecture", "ACTOR"), ("ministry of the Interior", "ORG")],
        id="lowercase-translation-and-explanation",
    ),
    pytest.param(
        "The Home Office runs CONTEST (Home Office, 2011) across the country.",
        [("Home Office", "ORG"), ("CONTEST", "POLICY"), ("Home Office", "ORG"), ("2011", "DATE")],
        id="citation",
    ),
    pytest.param(
        "Two partners provide support (Violence Prevention Network – see practice sheet for details) to cities.",
        [("Violence Prevention Network", "ORG")],
        id="no-entity-before-parentheses",
    ),
    pytest.param("There are 101 préfectures in France, one for each département (county).", [("France", "PLACE")], id="gloss"),
    pytest.param("Something (unbalanced and never closed. Another ) stray.", [], id="unbalanced"),
    pytest.param("Nested (parentheses (INNER) that go) on. An empty one () here.", [], id="nested-and-empty"),
    pytest.param("The National Task Force (", [("National Task Force", "ORG")], id="paren-at-doc-end"),
    pytest.param("(LISC) opens the text.", [], id="paren-at-doc-start"),
]


@pytest.mark.parametrize(("text", "ents"), NEGATIVE)
def test_non_alias_parentheses_give_nothing(nlp: Language, text: str, ents: Ents) -> None:
    doc = annotate(nlp, text, ents)
    assert pairs(doc) == []
    assert [(e.text, e.label_) for e in doc.ents] == [(p, label) for p, label in ents]
    assert all(e._.normalized == "" and e._.alias_rule == "" for e in doc.ents)


def test_nested_parentheses_inner_pair_is_read(nlp: Language) -> None:
    doc = annotate(nlp, "Experts (of the Radicalisation Awareness Network (RAN)) met.", [])
    assert pairs(doc) == [("RAN", "Radicalisation Awareness Network", SH)]


# --- mentions, entities, normalisation -------------------------------------------


def test_later_mentions_are_normalised_and_uncovered_ones_become_entities(nlp: Language) -> None:
    text = (
        "It encourages mayors to create a local multi-agency security unit (LISC) to coordinate actions. "
        "The LISC meets monthly. Each LISC Board member reports."
    )
    doc = annotate(nlp, text, [("mayors", "ACTOR"), ("local multi-agency security unit", "ACTOR"), ("LISC Board", "ORG")])
    assert ent_rows(doc) == [
        ("mayors", "ACTOR", "", ""),
        ("local multi-agency security unit", "ACTOR", "", ""),
        ("LISC", "ACTOR", "local multi-agency security unit", SH),
        ("LISC", "ACTOR", "local multi-agency security unit", SH),
        # Inside a longer entity: not a mention of its own (no nesting).
        ("LISC Board", "ORG", "", ""),
    ]


def test_mention_already_an_entity_keeps_its_label_and_is_normalised(nlp: Language) -> None:
    text = "The Association of Netherlands Municipalities (Vereniging Nederlandse Steden, VNG) helps. For instance, the VNG has tools."
    # The ruler labelled the later VNG ACTOR: the component does not relabel it.
    doc = annotate(nlp, text, [("The Association of Netherlands Municipalities", "ORG"), ("VNG", "ACTOR", 1)])
    # The leading determiner of the long form is not part of the normalised text.
    assert ent_rows(doc) == [
        ("The Association of Netherlands Municipalities", "ORG", "", ""),
        ("Vereniging Nederlandse Steden", "ORG", "Association of Netherlands Municipalities", ALIAS),
        ("VNG", "ORG", "Association of Netherlands Municipalities", FOREIGN),
        ("VNG", "ACTOR", "Association of Netherlands Municipalities", FOREIGN),
    ]


def test_short_form_before_parentheses_gives_its_label_to_the_names_inside(nlp: Language) -> None:
    text = "It builds on the so-called STL (Samordning av locakle kriminalitetsforebyggende tiltak, Coordination of local crime prevention measures). The STL model works."
    doc = annotate(nlp, text, [("STL", "POLICY")])
    long = "Samordning av locakle kriminalitetsforebyggende tiltak"
    assert ent_rows(doc) == [
        ("STL", "POLICY", long, SH),
        (long, "POLICY", "", SH),
        ("Coordination of local crime prevention measures", "POLICY", long, ALIAS),
        ("STL", "POLICY", long, SH),
    ]


def test_no_entity_is_made_without_a_labelled_long_form(nlp: Language) -> None:
    doc = annotate(nlp, "A paper on Countering Violent Extremism (CVE) appeared. CVE is broad.", [])
    assert list(doc.ents) == []
    assert pairs(doc) == [("CVE", "Countering Violent Extremism", SH)]


def test_mentions_follow_the_nearest_definition_before_them(nlp: Language) -> None:
    text = (
        "The RAN is mentioned first. Experts of the Radicalisation Awareness Network (RAN) met. "
        "Later the Regional Action Network (RAN) was founded. The RAN grew."
    )
    doc = annotate(nlp, text, [("Radicalisation Awareness Network", "ORG"), ("Regional Action Network", "ORG")])
    rans = [e._.normalized for e in doc.ents if e.text == "RAN"]
    assert rans == [
        "Radicalisation Awareness Network",  # before any definition: the first one
        "Radicalisation Awareness Network",
        "Regional Action Network",
        "Regional Action Network",
    ]


@pytest.mark.parametrize(("text", "ents"), [pytest.param(*p.values[:2], id=p.id) for p in POSITIVE + NEGATIVE])
def test_existing_entities_are_never_changed(nlp: Language, text: str, ents: Ents) -> None:
    """Whatever the component adds, every entity set before it stays, same span and label; none overlap."""
    doubled = f"{text} {text}"
    doc = prepare(nlp, doubled, list(ents) + list(ents))
    before = {(e.start, e.end, e.label_) for e in doc.ents}
    doc = nlp.get_pipe("pipeline_abbreviations")(doc)
    after = {(e.start, e.end, e.label_) for e in doc.ents}
    assert before <= after
    tokens = [i for e in doc.ents for i in range(e.start, e.end)]
    assert len(tokens) == len(set(tokens))


def test_make_entities_false_only_normalises() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("pipeline_abbreviations", config={"make_entities": False})
    doc = annotate(nlp, "A local multi-agency security unit (LISC) exists. The LISC meets.", [("local multi-agency security unit", "ACTOR")])
    assert [e.text for e in doc.ents] == ["local multi-agency security unit"]
    assert pairs(doc) == [("LISC", "local multi-agency security unit", SH)]


def test_runs_without_sentence_boundaries() -> None:
    nlp = spacy.blank("en")
    detector = nlp.add_pipe("pipeline_abbreviations")
    doc = nlp.make_doc("Experts of the Radicalisation Awareness Network (RAN) met.")
    doc.ents = [Span(doc, 3, 6, label="ORG")]
    doc = detector(doc)
    assert pairs(doc) == [("RAN", "Radicalisation Awareness Network", SH)]


# --- spaCy integration -------------------------------------------------------------


def test_doc_with_abbreviations_serialises(nlp: Language) -> None:
    doc = annotate(nlp, "A local multi-agency security unit (LISC) exists. The LISC meets.", [("local multi-agency security unit", "ACTOR")])
    restored = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert pairs(restored) == pairs(doc)
    assert ent_rows(restored) == ent_rows(doc)


def test_analyze_pipes_reports_no_problem() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("entity_ruler").add_patterns([{"label": "ACTOR", "pattern": "local multi-agency security unit"}])
    nlp.add_pipe("pipeline_abbreviations")
    nlp.add_pipe("pipeline_actor_types")
    analysis = nlp.analyze_pipes()
    assert all(not problems for problems in analysis["problems"].values())
    doc = nlp("A local multi-agency security unit (LISC) exists. The LISC meets.")
    assert [(e.text, e._.normalized, e._.actor_type) for e in doc.ents if e.text == "LISC"] == [
        ("LISC", "local multi-agency security unit", "multi_agency_body")
    ] * 2


def test_config_round_trip(nlp: Language, tmp_path) -> None:
    nlp.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    assert loaded.get_pipe_config("pipeline_abbreviations") == nlp.get_pipe_config("pipeline_abbreviations")
    assert loaded.get_pipe_config("pipeline_abbreviations")["alias_labels"] == list(ab.DEFAULT_ALIAS_LABELS)


def test_rule_names_are_the_documented_ones() -> None:
    assert ab.RULES == ("schwartz_hearst", "parenthetical_alias", "foreign_acronym", "foreign_gloss")


@pytest.fixture(scope="module")
def full_nlp() -> Language:
    from pipeline.runner import get_nlp

    return get_nlp()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "acronym"),
    [
        # without the rule the model tags both mentions ORG (checked when the rule was written)
        ("In this context, we ask what preventing and countering radicalisation and violent extremism (PRVE) "
         "policing looks like in Norway. PRVE marks a continuation of counter-terrorism.", "PRVE"),
        ("This paper asks what preventing and countering violent extremism (PCVE) looks like in Denmark. "
         "PCVE marks a break with earlier policing.", "PCVE"),
    ],
)
def test_an_acronym_of_a_common_noun_phrase_is_no_entity(full_nlp, text: str, acronym: str) -> None:
    doc = full_nlp(text)
    assert doc.ents  # the full pipeline ran (the module's own `nlp` fixture is a blank one)
    assert acronym not in [e.text for e in doc.ents]


@pytest.mark.slow
def test_an_acronym_of_an_actor_phrase_keeps_its_entity(full_nlp) -> None:
    doc = full_nlp("Each town has a local multi-agency security unit (LISC). The LISC meets monthly.")
    assert [e.text for e in doc.ents].count("LISC") == 2


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "glosses"),
    [
        ("Since 2019 the PPA has posted juvenile police officers (noorsoopolitseinikud) to the larger towns.",
         ["noorsoopolitseinikud"]),
        ("The head of the municipality (wójt, burmistrz or prezydent miasta) shall implement the alert levels.",
         ["wójt", "burmistrz", "prezydent miasta"]),
        ("The municipal police may incorporate the duties of game wardens (gardes champêtres) in rural areas.",
         ["gardes champêtres"]),
    ],
)
def test_a_term_in_another_language_after_an_actor_is_an_actor(full_nlp, text: str, glosses: list[str]) -> None:
    ents = [(e.text, e.label_) for e in full_nlp(text).ents]
    for gloss in glosses:
        assert (gloss, "ACTOR") in ents


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "not_a_name"),
    [
        ("The issuance of these orders is governed by the Criminal Code Act 1995 (Cth).", "Cth"),
        ("Northern communities and not-for profit organizations (on and off-reserve, First Nation, non-status, "
         "Indian, Métis, Inuit and urban) may apply.", "Métis"),
        ("The local authorities (see chapter 3) fund the centres.", "see chapter 3"),
    ],
)
def test_english_or_abbreviated_parentheticals_give_no_gloss(full_nlp, text: str, not_a_name: str) -> None:
    assert not_a_name not in [e.text for e in full_nlp(text).ents]


@pytest.mark.slow
def test_parentheses_that_enumerate_give_no_alias(full_nlp):
    """b05 (Public Safety Canada): three or more English parts list kinds; none renames the actor."""
    doc = full_nlp("Northern and Indigenous communities and governments, and not-for profit organizations (on and "
              "off-reserve, First Nation, non-status, Indian, Métis, Inuit and urban) are eligible.")
    texts = [e.text for e in doc.ents if e.label_ == "ACTOR"]
    assert "Indian" not in texts and "Inuit and urban" not in texts


@pytest.mark.slow
def test_an_acronym_inside_an_enumeration_still_renames(full_nlp):
    doc = full_nlp("The Local Integrated Security Cell (LISC, created in 2016, chaired by the mayor) meets monthly.")
    assert any(e.text == "LISC" for e in doc.ents)
