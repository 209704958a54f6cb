"""Word-level tests of pipeline/nlp/lexicon.py on parsed sentences (proper nouns need the tagger)."""

from __future__ import annotations

import pytest

from pipeline.nlp.lexicon import is_name_word

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
