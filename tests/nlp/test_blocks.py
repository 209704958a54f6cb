"""Tests of feeding long texts to the nlp stage in paragraph blocks (pipeline/nlp/blocks.py)."""

from __future__ import annotations

import pytest

from pipeline import extract
from pipeline import types as T
from pipeline.nlp.blocks import annotate_texts, split_blocks

PARAGRAPHS = [
    "Local authorities are required to appoint a Prevent lead (PL). They should report to the Home Office.",
    "The Ministry of Justice must publish the plan by 2025. It should, where possible, involve schools and NGOs.",
    "Each coordinator is required to:",
    "keep a register;",
    "report referrals to the police.",
    "According to the strategy, municipalities shall set up a multi-agency panel in 2024.",
]


@pytest.mark.parametrize("max_chars", [1, 7, 40, 120, 10_000])
def test_split_blocks_join_back_to_the_text_within_the_limit(max_chars):
    text = "\n\n".join(PARAGRAPHS) + "\n" + "x" * 300 + " tail"
    blocks = split_blocks(text, max_chars)
    assert "".join(blocks) == text
    assert all(0 < len(b) <= max_chars for b in blocks)


def test_split_blocks_cut_after_a_line_break_then_a_sentence_end_then_a_space():
    assert split_blocks("One two.\n\nThree four five.", 16) == ["One two.\n\n", "Three four five."]
    assert split_blocks("One two. Three four five six.", 15) == ["One two. ", "Three four ", "five six."]
    assert split_blocks("abcdefghij", 4) == ["abcd", "efgh", "ij"]
    assert split_blocks("short", 100) == ["short"]


def test_split_blocks_refuses_a_limit_below_one():
    with pytest.raises(ValueError, match="at least 1"):
        split_blocks("text", 0)


def _records(text: str, doc) -> tuple[list, list]:
    section = T.Section(country="Testland", iso2="TL", page_start=1, page_end=1, text=text)
    entities = [(r.label, r.text, r.start, r.end, r.rule, r.actor_type) for r in extract.entity_records(section, doc)]
    obligations = [(r.bearer, r.deontic, r.aim, r.start, r.end, r.sentence) for r in extract.obligation_records(section, doc)]
    return entities, obligations


@pytest.mark.slow
def test_short_texts_come_out_as_nlp_pipe_gives_them(nlp):
    texts = PARAGRAPHS[:2] + ["\n\n".join(PARAGRAPHS)]
    for text, doc, expected in zip(texts, annotate_texts(nlp, texts), nlp.pipe(texts)):
        assert doc.text == text
        assert _records(text, doc) == _records(text, expected)
        assert doc._.obligations == expected._.obligations


@pytest.mark.slow
def test_a_long_text_is_the_blocks_run_alone_with_offsets_shifted(nlp):
    text = "\n\n".join(PARAGRAPHS * 3)
    blocks = split_blocks(text, 250)
    assert len(blocks) > 3
    (joined,) = annotate_texts(nlp, [text], max_chars=250)
    assert joined.text == text
    expected_entities, expected_obligations, offset = [], [], 0
    for block in blocks:
        entities, obligations = _records(block, nlp(block))
        expected_entities += [(label, t, s + offset, e + offset, rule, kind) for label, t, s, e, rule, kind in entities]
        expected_obligations += [(b, d, a, s + offset, e + offset, sent) for b, d, a, s, e, sent in obligations]
        offset += len(block)
    entities, obligations = _records(text, joined)
    assert entities == expected_entities
    assert obligations == expected_obligations
    assert obligations, "the paragraphs hold obligations"
    for label, written, start, end, _, _ in entities:
        assert text[start:end] == written
    sentences = {(s.start_char, s.end_char) for s in joined.sents}
    assert all((start, end) in sentences for _, _, _, start, end, _ in obligations)
    assert [a.short.text for a in joined._.abbreviations] == ["PL"] * 3


@pytest.mark.slow
def test_a_text_over_max_length_runs_in_blocks_not_e088(nlp):
    text = "\n\n".join(PARAGRAPHS * 12)
    saved = nlp.max_length
    nlp.max_length = 2_000
    try:
        with pytest.raises(ValueError, match="E088"):
            nlp(text)
        (doc,) = annotate_texts(nlp, [text])
    finally:
        nlp.max_length = saved
    assert len(text) > 2_000 and doc.text == text
    assert len(doc._.obligations) >= 12


def test_batches_hold_at_most_the_text_and_character_budget():
    from pipeline.nlp.blocks import CHARS_PER_BATCH, TEXTS_PER_BATCH, _batches

    texts = ["a" * 100] * 20 + ["b" * (CHARS_PER_BATCH + 5)] + ["c" * (CHARS_PER_BATCH // 2)] * 3
    batches = list(_batches(iter(texts)))
    assert [t for batch in batches for t in batch] == texts  # order and content kept
    assert all(len(b) <= TEXTS_PER_BATCH for b in batches)
    assert all(sum(map(len, b)) <= CHARS_PER_BATCH or len(b) == 1 for b in batches)
    assert ["b" * (CHARS_PER_BATCH + 5)] in batches  # a long text alone
