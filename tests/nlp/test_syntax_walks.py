"""Tests of the bounded walks over the parse and the entity index (pipeline/nlp/syntax.py).

The Docs are built by hand (words, heads and labels set explicitly), so no model is
loaded: well-formed trees, where the walks must give what spaCy's own properties give,
and malformed ones (a token headed by itself that is no root, a cycle of heads), where
spaCy's `subtree` and `conjuncts` never end and the walks must.
"""

from __future__ import annotations


import pytest
import spacy
from spacy.tokens import Doc, Span

from pipeline.nlp.obligation_data import _Lexicon, load_triggers
from pipeline.nlp.obligation_records import RecordBuilder, preceding_np
from pipeline.nlp.syntax import (
    EntityIndex,
    ancestors_within,
    climb,
    conjuncts_within,
    entity_index,
    entity_scope,
    subtree_within,
)

DEADLINE_SECONDS = 10  # every walk here is over a handful of tokens; only a loop takes longer


@pytest.fixture(scope="module")
def vocab():
    return spacy.blank("en").vocab




def parsed(vocab, words: str, heads: list[int], deps: str, pos: str | None = None) -> Doc:
    return Doc(vocab, words=words.split(), heads=heads, deps=deps.split(), pos=pos.split() if pos else None)


@pytest.fixture
def two_sentences(vocab) -> Doc:
    # "The local council and the police must publish a plan . Schools , in turn , will report ."
    return parsed(
        vocab,
        "The local council and the police must publish a plan . Schools , in turn , will report .",
        [2, 2, 7, 2, 5, 2, 7, 7, 9, 7, 7, 17, 17, 17, 13, 17, 17, 17, 17],
        "det amod nsubj cc det conj aux ROOT det dobj punct nsubj punct prep pobj punct aux ROOT punct",
    )


def test_walks_equal_spacy_on_a_well_formed_tree(two_sentences):
    for token in two_sentences:
        assert list(ancestors_within(token)) == list(token.ancestors)
        assert list(subtree_within(token)) == list(token.subtree)
        assert conjuncts_within(token) == token.conjuncts


def test_subtree_order_equals_spacy_on_a_non_projective_tree(vocab):
    # "A hearing was held yesterday on the issue": "on the issue" hangs on "hearing" across "held"
    doc = parsed(vocab, "A hearing was held yesterday on the issue", [1, 3, 3, 3, 3, 1, 7, 5],
                 "det nsubjpass auxpass ROOT npadvmod prep det pobj")
    assert not doc[1].is_ancestor(doc[4])
    for token in doc:
        assert list(subtree_within(token)) == list(token.subtree)


def test_a_root_is_its_own_head_and_ends_the_climb(two_sentences):
    root = two_sentences[7]
    assert root.head == root
    assert list(ancestors_within(root)) == []
    assert climb(two_sentences[0], lambda t: t.head) == root  # "The" -> "council" -> "publish"


def test_walks_stay_in_the_sentence(two_sentences):
    schools = two_sentences[11]
    assert list(ancestors_within(schools)) == [two_sentences[17]]
    assert all(t.i >= 11 for t in subtree_within(two_sentences[17]))


def test_a_self_headed_token_that_is_no_root_ends_the_walk(vocab, deadline):
    # "council" (nsubj) is its own head: spaCy counts it as a root, the walks stop there
    doc = parsed(vocab, "the council must act", [1, 1, 3, 3], "det nsubj aux ROOT")
    assert doc[1].head == doc[1] and doc[1].dep_ == "nsubj"
    assert list(ancestors_within(doc[0])) == [doc[1]]
    assert climb(doc[0], lambda t: t.head) == doc[1]
    assert [t.i for t in subtree_within(doc[1])] == [0, 1]


def test_a_cycle_of_heads_ends_every_walk(vocab, deadline):
    # heads 0 -> 1 -> 2 -> 0: no root in the first sentence (a hand-built Doc allows it)
    doc = parsed(vocab, "police schools councils act", [1, 2, 0, 3], "conj conj conj ROOT", "NOUN NOUN NOUN VERB")
    sentence = doc[0].sent
    assert len(sentence) == 3
    for token in sentence:
        walked = list(ancestors_within(token))
        assert len(walked) <= len(sentence)
        assert all(sentence.start <= t.i < sentence.end for t in walked)
        climbed = climb(token, lambda t: t.head)
        assert sentence.start <= climbed.i < sentence.end
        subtree = [t.i for t in subtree_within(token)]
        assert len(subtree) == len(set(subtree)) <= len(sentence)
        assert len(conjuncts_within(token)) <= len(sentence)  # spaCy's own `conjuncts` never ends here


def test_a_two_step_climb_in_a_cycle_ends(vocab, deadline):
    # "... of council of plan ( x )": pobj -> of -> noun, two steps at a time, round a cycle
    doc = parsed(vocab, "plan of council of plan ( x )", [1, 4, 1, 2, 3, 6, 6, 6],
                 "dep prep pobj prep pobj punct ROOT punct", "NOUN ADP NOUN ADP NOUN PUNCT X PUNCT")
    assert doc[4].head.head == doc[2] and doc[2].head.head == doc[4]
    assert preceding_np(doc[6]) in (doc[2], doc[4])


def test_list_continuation_ends_at_a_non_noun_root(vocab, deadline):
    # "by teachers , then the service must act": the walk up from "then" meets the root verb "act"
    doc = parsed(vocab, "by teachers , then the service must act .", [7, 0, 7, 7, 5, 7, 7, 7, 7],
                 "prep pobj punct advmod det nsubj aux ROOT punct", "ADP NOUN PUNCT ADV DET NOUN AUX VERB PUNCT")
    builder = RecordBuilder(_Lexicon(load_triggers()))
    assert builder._list_continuation(doc[1]) == []


@pytest.fixture
def with_entities(vocab) -> Doc:
    doc = parsed(vocab, "The Home Office and local councils must consult the Prevent Board in 2024 .",
                 [2, 2, 6, 2, 5, 2, 6, 6, 10, 10, 7, 6, 11, 6],
                 "det compound nsubj cc amod conj aux ROOT det compound dobj prep pobj punct")
    doc.ents = [Span(doc, 1, 3, "ORG"), Span(doc, 4, 6, "ACTOR"), Span(doc, 9, 11, "ORG"), Span(doc, 12, 13, "DATE")]
    return doc


def test_entity_index_answers_as_a_scan_of_doc_ents(with_entities):
    doc, index = with_entities, EntityIndex(with_entities)
    ents = list(doc.ents)
    for token in doc:
        expected = next((e for e in ents if e.start <= token.i < e.end), None)
        assert index.covering(token.i) == expected
    for start in range(len(doc) + 1):
        for end in range(start, len(doc) + 1):
            assert index.within(start, end) == [e for e in ents if start <= e.start and e.end <= end]
    for start in range(len(doc.text) + 1):
        for end in range(start, len(doc.text) + 2):
            expected_chars = [e for e in ents if e.start_char < end and start < e.end_char]
            assert list(index.overlapping_chars(start, end)) == expected_chars


def test_entity_scope_holds_one_index_and_ends(with_entities):
    doc = with_entities
    with entity_scope(doc) as scoped:
        assert entity_index(doc) is scoped
        assert entity_index(doc) is entity_index(doc)
    assert entity_index(doc) is not scoped  # outside the scope a fresh index sees later changes
    doc.ents = []
    assert entity_index(doc).covering(1) is None


def _doc(words, heads, deps):
    return Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps)


def test_an_apposition_that_opens_a_list_is_a_conjunct():
    """`The Inspectorate, the Commission and the Office may nominate`: the small parser hangs `the
    Commission` on `Inspectorate` as an apposition and `the Office` on it as a conjunct; each item
    has its own article, so all three are conjuncts."""
    words = ["The", "Inspectorate", ",", "the", "Commission", "and", "the", "Office", "may", "nominate"]
    heads = [1, 9, 1, 4, 1, 4, 7, 4, 9, 9]
    deps = ["det", "nsubj", "punct", "det", "appos", "cc", "det", "conj", "aux", "ROOT"]
    doc = _doc(words, heads, deps)
    assert [t.text for t in conjuncts_within(doc[1])] == ["Commission", "Office"]
    assert [t.text for t in conjuncts_within(doc[7])] == ["Inspectorate", "Commission"]


def test_a_name_with_and_inside_its_apposition_is_no_list():
    """`The Minister, Portfolio Affairs and Communication Branch`: no article on the items."""
    words = ["The", "Minister", ",", "Portfolio", "Affairs", "and", "Communication", "Branch", "should", "act"]
    heads = [1, 9, 1, 4, 1, 4, 7, 4, 9, 9]
    deps = ["det", "nsubj", "punct", "compound", "appos", "cc", "compound", "conj", "aux", "ROOT"]
    doc = _doc(words, heads, deps)
    assert conjuncts_within(doc[1]) == ()
