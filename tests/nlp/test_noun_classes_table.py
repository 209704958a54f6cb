"""The noun-class table read by binary search (pipeline/nlp/noun_classes.py, SortedLines): every
lemma gives the line's rest that a dict of the lines gives, and an absent lemma gives None."""

from __future__ import annotations

import gzip
from importlib import resources

import pytest

from pipeline.nlp.noun_classes import TABLE_RESOURCE, SortedLines, table


def _shipped_text() -> str:
    raw = resources.files("pipeline.nlp").joinpath(TABLE_RESOURCE).read_bytes()
    return gzip.decompress(raw).decode("utf-8")


def _as_dict(text: str) -> dict[str, str]:
    """The table as it was read before: every line split at its first tab, a later line winning."""
    rows = {}
    for line in text.split("\n"):
        lemma, _, rest = line.partition("\t")
        rows[lemma] = rest
    return rows


def test_the_shipped_table_is_sorted_with_one_line_per_lemma():
    lines = _shipped_text().split("\n")
    assert lines[-1] == ""  # ends with a newline
    body = lines[:-1]
    assert body == sorted(body)
    lemmas = [line.partition("\t")[0] for line in body]
    assert len(set(lemmas)) == len(lemmas) > 100_000


def test_every_lemma_reads_as_from_a_dict():
    rows = _as_dict(_shipped_text())
    searched = table()
    assert all(searched.get(lemma) == rest for lemma, rest in rows.items())


@pytest.mark.parametrize("lemma", ["toolkit", "zzzz", "police officer\t", "council\tgroup:3", "a\nb", "\t", "Council"])
def test_absent_lemmas_give_none_as_a_dict_does(lemma):
    assert table().get(lemma) == _as_dict(_shipped_text()).get(lemma)


def test_a_small_table_sorted_or_not():
    text = "police\tgroup:1\tforce:0\nagency\tgroup:2\torganization:0\nzoo\tartifact:1\t\n"
    for table_text in (text, "".join(sorted(text.splitlines(keepends=True)))):
        searched = SortedLines(table_text)
        for lemma, rest in _as_dict(table_text).items():
            assert searched.get(lemma) == rest
        assert searched.get("polic") is None and searched.get("policeman") is None and searched.get("aa") is None
    assert SortedLines("a\tx\t\n").get("") is not None  # the empty line after the last newline: as a dict had it
    assert SortedLines("a\tx\t").get("") is None
