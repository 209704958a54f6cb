"""Word-level tests of pipeline/nlp/lexicon.py on parsed sentences (proper nouns need the tagger)."""

from __future__ import annotations

import pytest

from pipeline.nlp.lexicon import heads_a_body, is_name_word, is_office_noun, names_no_body, person_noun

pytestmark = pytest.mark.slow


def test_name_words_are_proper_nouns_no_english_dictionary_has(nlp):
    doc = nlp("This is written today to the House of Representatives by Minister for Legal Protection Weerwind.")
    by_text = {t.text: t for t in doc}
    assert is_name_word(by_text["Weerwind"])
    assert not is_name_word(by_text["Protection"])  # English
    assert not is_name_word(by_text["Minister"])
    assert not is_name_word(by_text["written"])  # not a proper noun


def test_a_hyphenated_name_counts_only_when_no_part_is_english(nlp):
    doc = nlp("Mayor Anne-Sophie Vranckx opened the meeting.")
    by_text = {t.text: t for t in doc}
    assert by_text["Anne-Sophie"].pos_ == "PROPN"  # the case is about the parts, not the tag
    assert not is_name_word(by_text["Anne-Sophie"])  # `Anne` is in WordNet (Queen Anne)


# -- what a noun denotes (WordNet), the tests behind the office and role rules of entity_labels --
@pytest.mark.parametrize(
    ("word", "heads"),
    [("president", True), ("minister", True), ("secretary", True), ("director", True), ("governor", True),
     ("mayor", False), ("coordinator", False), ("ambassador", False), ("officer", False), ("inspector", False)],
)
def test_a_person_noun_heads_a_body_when_its_first_sense_leads_one_and_is_no_local_authority(word, heads):
    classes = person_noun(word)
    assert classes is not None
    assert heads_a_body(classes) is heads


@pytest.mark.parametrize(("word", "office"), [("mayor", True), ("director", True), ("officer", True),
                                               ("child", False), ("family", False), ("system", False)])
def test_an_office_noun_is_a_role_held_for_a_body(word, office):
    assert is_office_noun(word) is office


@pytest.mark.parametrize(
    ("forms", "no_body"),
    [(("system",), True), (("mandate",), True), (("groups", "groups", "group"), True), (("framework",), True),
     (("senate",), False), (("congress",), False), (("department",), False), (("council",), False),
     (("copenhagen",), False), (("coordinator",), False), (("weerwind",), False)],
)
def test_a_noun_that_names_no_body_place_or_person(forms, no_body):
    assert names_no_body(*forms) is no_body
