"""places.running_text_names: the subdivision names a capitalised word in running text stands for
(`Victoria`, fresh2's Australian state), not the English words among them (`North`, `Centre`)."""

from __future__ import annotations

from pipeline.nlp.places import running_text_names, subdivision_names


def test_proper_nouns_of_places_are_found_in_running_text():
    names = running_text_names()
    assert {"Victoria", "Washington", "Ohio", "New South Wales", "Baden-Württemberg"} <= names
    assert subdivision_names() <= names  # the unambiguous names stay


def test_words_with_an_abstract_sense_are_not():
    names = running_text_names()
    assert not {"North", "South", "West", "East", "Centre", "Central", "Delta", "Unity"} & names
    assert not {"ACT", "ON", "NSW"} & names  # code letters that are words or an English entry
