"""Fixed-string patterns through the PhraseMatcher: the entity ruler finds the same matches as
with every pattern in the token Matcher (on the first report and every test PDF)."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.pipeline import EntityRuler

from pipeline.nlp import add_ruler_patterns, country_patterns, fixed_string_text

ROOT = Path(__file__).resolve().parents[2]
TEST_PDFS = [ROOT / "raw" / "local-authorities-radicalisation.pdf", *sorted((ROOT / "tests" / "data").rglob("*.pdf"))]


@pytest.fixture(scope="module")
def blank():
    return spacy.blank("en")


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        ([{"ORTH": "United"}, {"ORTH": "Kingdom"}], "United Kingdom"),
        ([{"TEXT": "France"}], "France"),
        ([{"ORTH": "Côte"}, {"ORTH": "d'Ivoire"}], "Côte d'Ivoire"),
    ],
)
def test_fixed_strings_become_text(blank, pattern, text):
    assert fixed_string_text(blank, pattern) == text


@pytest.mark.parametrize(
    "pattern",
    [
        [{"LOWER": "france"}],  # another attribute: stays a token pattern
        [{"ORTH": "France", "OP": "?"}],  # an operator
        [{"ORTH": {"IN": ["France", "Spain"]}}],  # a set, not a string
        [{"ORTH": "France", "POS": "PROPN"}],  # a second condition
        [{"ORTH": "multi-agency"}],  # the blank tokenizer splits the text at the hyphen: not these tokens
        [],
    ],
)
def test_other_patterns_stay_token_patterns(blank, pattern):
    assert fixed_string_text(blank, pattern) is None


def test_fixed_strings_as_phrases_keep_matches_on_a_sentence(blank):
    patterns = [
        {"label": "PLACE", "pattern": [{"ORTH": "United"}, {"ORTH": "Kingdom"}], "id": "country"},
        {"label": "PLACE", "pattern": [{"ORTH": "United"}, {"ORTH": "States"}], "id": "country"},
        {"label": "ACTOR", "pattern": [{"LOWER": "police"}], "id": "actor"},
    ]
    token_only = EntityRuler(blank, "token_only")
    token_only.add_patterns(patterns)
    ruler = blank.add_pipe("entity_ruler")
    assert add_ruler_patterns(blank, ruler, patterns) == 2
    assert sum(len(v) for v in ruler.token_patterns.values()) == 1
    doc = blank.make_doc("The Police of the United Kingdom and the united kingdom met the United States police.")
    assert sorted(ruler.match(doc)) == sorted(token_only.match(doc))
    assert [(e.text, e.label_) for e in blank(doc.text).ents] == [
        ("Police", "ACTOR"),
        ("United Kingdom", "PLACE"),
        ("United States", "PLACE"),
        ("police", "ACTOR"),
    ]


@pytest.mark.slow
def test_ruler_matches_equal_token_matcher_on_every_test_pdf(nlp):
    from pipeline.pdf import parse_pdf
    from pipeline.sections import split_sections

    ruler = nlp.get_pipe("entity_ruler")
    assert sum(len(v) for v in ruler.phrase_patterns.values()) >= 200  # the country names moved
    token_only = EntityRuler(nlp, "token_only")
    token_only.add_patterns([p for p in ruler.patterns if not isinstance(p["pattern"], str)] + country_patterns(nlp))
    before_ruler = nlp.pipe_names[: nlp.pipe_names.index("entity_ruler")]
    for pdf in TEST_PDFS:
        sections = split_sections(parse_pdf(pdf))
        texts = [s.text for s in sections] + [n.text for s in sections for n in s.footnotes]
        with nlp.select_pipes(enable=before_ruler):
            docs = list(nlp.pipe(texts))
        for doc in docs:
            assert sorted(ruler.match(doc)) == sorted(token_only.match(doc)), pdf.name
