"""Footnote lines into notes (pipeline.pdf._footnotes) on hand-made lines."""

from __future__ import annotations

from pipeline.dehyphenate import Lexicon
from pipeline.pdf import RawLine, Word, _footnotes


def line(page: int, text: str) -> RawLine:
    raw = RawLine(page, [Word(text, 72, 300, 700, 709, 9.0, False)])
    raw.text = text
    return raw


def test_numbering_that_restarts_on_a_new_page_starts_new_notes():
    notes = _footnotes(
        [line(3, "1 See the plan."), line(3, "2 Interview with the ministry."), line(5, "1 Act No. 72 of 2015."),
         line(5, "2 www.example.org")],
        Lexicon([]),
    )
    assert [(n.number, n.page, n.text) for n in notes] == [
        (1, 3, "See the plan."), (2, 3, "Interview with the ministry."), (1, 5, "Act No. 72 of 2015."),
        (2, 5, "www.example.org")]


def test_a_line_of_a_note_starting_with_a_number_does_not_split_it():
    notes = _footnotes([line(1, "4 The decree of"), line(1, "12 May 2016 created it.")], Lexicon([]))
    assert [(n.number, n.text) for n in notes] == [(4, "The decree of 12 May 2016 created it.")]


def test_plain_note_numbers_with_a_full_stop_and_a_missing_note():
    notes = _footnotes([line(4, "1. First."), line(4, "2. Second."), line(5, "4. Fourth, note 3 was lost.")], Lexicon([]))
    assert [n.number for n in notes] == [1, 2, 4] and notes[2].text == "Fourth, note 3 was lost."
