import pytest

from pipeline import types as T
from pipeline.sections import heading_country, split_sections


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("Denmark", ("Denmark", "DK")),
        ("3. Denmark", ("Denmark", "DK")),
        ("3.2 Denmark", ("Denmark", "DK")),
        ("IV. Spain", ("Spain", "ES")),
        ("The Netherlands", ("The Netherlands", "NL")),
        ("United Kingdom", ("United Kingdom", "GB")),
        ("UK", ("UK", "GB")),
        ("Czechia", ("Czechia", "CZ")),
        ("Türkiye", ("Türkiye", "TR")),
        ("Turkey", ("Turkey", "TR")),
        ("Kosovo", ("Kosovo", "XK")),
        ("Côte d’Ivoire", ("Côte d’Ivoire", "CI")),
        ("1. Bosnia and Herzegovina", ("Bosnia and Herzegovina", "BA")),
        ("North Macedonia", ("North Macedonia", "MK")),
        ("2. Finland: a whole-of-society approach", ("Finland", "FI")),
        ("Austria – the federal framework", ("Austria", "AT")),
    ],
)
def test_heading_names_a_country(heading, expected):
    assert heading_country(heading) == expected


@pytest.mark.parametrize(
    "heading",
    ["Background", "2.1 Legal framework", "Local coordination", "Conclusions", "The role of local authorities",
     "Lessons from Finland", "Finland and Sweden compared"],
)
def test_other_headings_are_not_countries(heading):
    assert heading_country(heading) is None


def block(kind, text, page, refs=(), size=11.0):
    return T.Block(kind=kind, text=text, page=page, refs=tuple(refs), size=size)


def test_split_sections_introduction_subheadings_and_footnotes():
    document = T.Document(
        path="x.pdf",
        n_pages=3,
        blocks=[
            block(T.HEADING, "A report", 1, size=18),
            block(T.BODY, "Intro text.", 1),
            block(T.HEADING, "1. Kosovo", 1, size=14),
            block(T.BODY, "Kosovo text.", 1, [T.FootnoteRef(1, 6)]),
            block(T.HEADING, "Background", 2, size=12),
            block(T.BODY, "More text.", 2),
            block(T.HEADING, "2. Czechia", 3, size=14),
            block(T.BODY, "Czech text.", 3),
        ],
        footnotes=[T.Footnote(1, 1, "A note."), T.Footnote(2, 3, "Unreferenced note.")],
    )
    intro, kosovo, czechia = split_sections(document)
    assert (intro.country, intro.text, intro.page_start, intro.page_end) == ("", "A report\nIntro text.", 1, 1)
    assert (kosovo.country, kosovo.iso2, kosovo.page_start, kosovo.page_end) == ("Kosovo", "XK", 1, 2)
    assert kosovo.text == "Kosovo text.\nBackground\nMore text."
    assert kosovo.page_at(kosovo.text.index("More")) == 2
    assert kosovo.refs == [(1, 6)]
    assert [f.number for f in kosovo.footnotes] == [1]
    assert [f.number for f in czechia.footnotes] == [2]  # placed by its page


def test_a_chapter_at_country_level_after_the_countries_is_its_own_section():
    document = T.Document(
        path="x.pdf",
        n_pages=2,
        blocks=[
            block(T.HEADING, "1. Introduction", 1, size=14),
            block(T.BODY, "Intro text.", 1),
            block(T.HEADING, "2. Norway", 1, size=14),
            block(T.HEADING, "2.1 Local coordination", 1, size=12),
            block(T.BODY, "Norway text.", 1),
            block(T.HEADING, "3. Conclusions and recommendations", 2, size=14),
            block(T.BODY, "Governments should fund local coordinators.", 2),
        ],
        footnotes=[],
    )
    sections = split_sections(document)
    assert [(s.country, s.iso2) for s in sections] == [("", ""), ("Norway", "NO"), ("Conclusions and recommendations", "")]
    assert sections[0].text == "1. Introduction\nIntro text."  # before the first country: the introduction
    assert sections[1].text == "2.1 Local coordination\nNorway text."
    assert sections[2].text == "Governments should fund local coordinators."


def test_no_country_heading_warns_and_keeps_all_text(caplog):
    document = T.Document("x.pdf", 1, [block(T.HEADING, "Title", 1), block(T.BODY, "Text.", 1)], [])
    with caplog.at_level("WARNING"):
        sections = split_sections(document)
    assert [(s.country, s.text) for s in sections] == [("", "Title\nText.")]
    assert "W001" in caplog.text


def test_a_document_without_body_text_is_an_error():
    from pipeline.errors import PipelineError

    with pytest.raises(PipelineError) as info:
        split_sections(T.Document("x.pdf", 1, [], [T.Footnote(1, 1, "Only a note.")]))
    assert info.value.code == "E016" and info.value.exit_status == 4


def test_footnote_numbering_that_restarts_pairs_each_marker_with_its_own_note():
    document = T.Document(
        path="x.pdf",
        n_pages=2,
        blocks=[
            block(T.HEADING, "Ireland", 1, size=14),
            block(T.BODY, "Irish text.", 1, [T.FootnoteRef(1, 5)]),
            block(T.HEADING, "Poland", 2, size=14),
            block(T.BODY, "Polish text.", 2, [T.FootnoteRef(1, 6)]),
        ],
        footnotes=[T.Footnote(1, 1, "Irish note."), T.Footnote(1, 2, "Polish note.")],
    )
    ireland, poland = split_sections(document)
    assert [f.text for f in ireland.footnotes] == ["Irish note."]
    assert [f.text for f in poland.footnotes] == ["Polish note."]
