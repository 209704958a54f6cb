"""find_text (pipeline/review.py) without a compiled pattern gives what the regular expression
`\\s+`.join(words) with re.IGNORECASE gives: on every code point that matters, on random texts
with tricky characters, and on the sentences of the first report."""

from __future__ import annotations

import random
import re
import sys

import pytest

from pipeline.review import _FOLDS_TO_ASCII, _words_pattern, find_text


def reference(text: str, needle: str, *, lo: int = 0, hi: int | None = None, prefer: int | None = None):
    """find_text as it was: one compiled pattern per needle."""
    pattern = _words_pattern(needle)
    if pattern is None:
        return None
    hi = len(text) if hi is None else hi
    found = [(m.start(), m.end()) for m in pattern.finditer(text, lo, hi)]
    if not found:
        return None
    if prefer is None:
        return found[0]
    return min(found, key=lambda se: (abs(se[0] - prefer), se[0]))


def test_the_characters_that_fold_to_ascii_letters_are_those_listed():
    letter = re.compile("[a-z]", re.IGNORECASE)
    folding = {chr(c) for c in range(128, sys.maxunicode + 1) if letter.fullmatch(chr(c))}
    assert folding == set(_FOLDS_TO_ASCII)


def test_white_space_of_the_pattern_is_that_of_str_isspace():
    space = re.compile(r"\s")
    assert {c for c in range(sys.maxunicode + 1) if space.fullmatch(chr(c))} == {
        c for c in range(sys.maxunicode + 1) if chr(c).isspace()}


def test_characters_without_case_are_compared_as_they_are():
    import _sre  # the flag re.IGNORECASE reads: a character without case is matched literally

    assert not [c for c in range(sys.maxunicode + 1)
                if chr(c).lower() == chr(c) == chr(c).upper() and _sre.unicode_iscased(c)]


ALPHABET = ["a", "b", "A", "B", "k", "K", "s", "S", "i", "I", "\u212a", "\u017f", "\u0131", "\u0130", "é", "É", "ß",
            "’", "–", "1", ".", ",", "(", ")", " ", "  ", "\n", "\t", "\xa0", "\u2003", "\x1c", "σ", "Σ", "ς"]


@pytest.mark.parametrize("seed", range(40))
def test_random_texts_and_needles(seed):
    rng = random.Random(seed)
    for _ in range(60):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 60)))
        if rng.random() < 0.7 and text:
            a = rng.randrange(len(text))
            needle = text[a:a + rng.randint(1, 12)]
            needle = "".join(c.swapcase() if rng.random() < 0.3 else c for c in needle)
            needle = needle.replace(" ", rng.choice([" ", "\n", "  "]))
        else:
            needle = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 6)))
        lo = rng.choice([0, 0, rng.randint(-3, len(text) + 2)])
        hi = rng.choice([None, None, rng.randint(-3, len(text) + 2)])
        prefer = rng.choice([None, rng.randint(0, len(text) + 1)])
        assert find_text(text, needle, lo=lo, hi=hi, prefer=prefer) == reference(text, needle, lo=lo, hi=hi, prefer=prefer), (
            text, needle, lo, hi, prefer)


def test_repeated_words_and_overlaps():
    text = "a a a A  a\na. The plan, the Plan and THE PLAN’s end"
    for needle in ("a a", "a  A", "the plan", "plan’s", "The plan, the", "a.", "end", "x"):
        for lo in range(0, len(text), 3):
            assert find_text(text, needle, lo=lo) == reference(text, needle, lo=lo)
            assert find_text(text, needle, lo=lo, prefer=20) == reference(text, needle, lo=lo, prefer=20)


@pytest.mark.slow
def test_the_sentences_of_the_first_report(nlp):
    from pathlib import Path

    from pipeline.pdf import parse_pdf
    from pipeline.sections import split_sections

    pdf = Path(__file__).resolve().parents[1] / "raw" / "local-authorities-radicalisation.pdf"
    sections = split_sections(parse_pdf(pdf))
    checked = 0
    for section, doc in zip(sections, nlp.pipe(s.text for s in sections)):
        for sent in doc.sents:
            needle = " ".join(sent.text.split())
            assert find_text(section.text, needle) == reference(section.text, needle)
            assert find_text(section.text, needle.upper(), prefer=len(section.text)) == reference(
                section.text, needle.upper(), prefer=len(section.text))
            checked += 1
        for ent in doc.ents:
            assert find_text(section.text, ent.text, prefer=ent.start_char) == reference(section.text, ent.text, prefer=ent.start_char)
    assert checked > 100
