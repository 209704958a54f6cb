"""End-to-end parse of the committed first report against its reconstruction source.

The expected text is read from `raw/source/<report>.md` (the Markdown the PDF
was typeset from), never from the parser's output.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline.pdf import parse_pdf
from pipeline.sections import split_sections

ROOT = Path(__file__).resolve().parents[1]
PDF = ROOT / "raw" / "local-authorities-radicalisation.pdf"
SOURCE = ROOT / "raw" / "source" / "local-authorities-radicalisation.md"
COUNTRIES = ["Belgium", "Denmark", "France", "Germany", "The Netherlands", "Norway", "Spain", "Sweden", "United Kingdom"]


def norm(text: str) -> str:
    return " ".join(text.split())


def source_sections() -> tuple[dict[str, str], dict[int, str]]:
    """Section texts and footnote texts as the Markdown source holds them."""
    sections: dict[str, list[str]] = {"": []}
    notes: dict[int, str] = {}
    current = ""
    for line in SOURCE.read_text("utf-8").splitlines():
        note = re.match(r"^\[\^(\d+)\]:\s*(.*)$", line)
        if note:
            notes[int(note.group(1))] = note.group(2)
            current = f"note:{note.group(1)}"
            continue
        if current.startswith("note:"):
            if line.startswith("    ") and line.strip():
                notes[int(current[5:])] += " " + line.strip()
                continue
            if line.strip():
                current = ""
        if line.startswith("## "):
            current = line[3:].strip()
            sections[current] = []
            continue
        if line.startswith("# "):
            sections[""].append(line[2:])
            continue
        text = line.strip()
        if not text or set(text.replace("\\", "")) == {">"}:
            continue
        text = re.sub(r"^-\s+", "", text).replace("\\>", ">")
        sections[current].append(re.sub(r"\[\^\d+\]", "", text))
    return {k: norm(" ".join(v)) for k, v in sections.items()}, {k: norm(v) for k, v in notes.items()}


@pytest.fixture(scope="module")
def parsed():
    document = parse_pdf(PDF)
    return document, split_sections(document)


def test_report_has_introduction_and_nine_countries(parsed):
    _, sections = parsed
    assert [s.country for s in sections] == [""] + COUNTRIES
    assert [s.iso2 for s in sections] == ["", "BE", "DK", "FR", "DE", "NL", "NO", "ES", "SE", "GB"]


def test_section_page_ranges(parsed):
    # Pages read with poppler's pdftotext -f N -l N: the page of each country heading and of its last line.
    _, sections = parsed
    ranges = {s.country: (s.page_start, s.page_end) for s in sections}
    assert ranges == {
        "": (1, 1),
        "Belgium": (1, 2),
        "Denmark": (2, 3),
        "France": (3, 4),
        "Germany": (4, 5),
        "The Netherlands": (5, 6),
        "Norway": (6, 7),
        "Spain": (7, 8),
        "Sweden": (8, 9),
        "United Kingdom": (9, 10),
    }


def test_section_text_equals_source(parsed):
    _, sections = parsed
    expected, _ = source_sections()
    for section in sections:
        assert norm(section.text) == expected[section.country], section.country or "(introduction)"


def test_27_footnotes_with_number_page_section_and_text(parsed):
    document, sections = parsed
    _, expected_notes = source_sections()
    assert [f.number for f in document.footnotes] == list(range(1, 28))
    assert sorted(expected_notes) == list(range(1, 28))
    for note in document.footnotes:
        assert norm(note.text) == expected_notes[note.number], note.number
    section_of = {f.number: s.country for s in sections for f in s.footnotes}
    assert section_of[1] == "Belgium" and section_of[9] == "France" and section_of[27] == "United Kingdom"
    assert {f.number: f.page for f in document.footnotes}[26] == 9
    urls = {f.number: f.urls for f in document.footnotes}
    assert urls[12] == ("http://www.mik.nrw.de/fileadmin/user_upload/Redakteure/Verfassungsschutz/Dokumente/Wegweiser/FAQ_Wegweiser_Maerz_2015.pdf",)
    assert urls[22] == ("www.radikalisering.no",)


def test_bodies_hold_no_footnote_text_and_no_rule(parsed):
    document, sections = parsed
    for section in sections:
        assert ">>>" not in section.text
        for note in document.footnotes:
            if len(note.text) > 25:
                assert note.text not in section.text


def test_line_end_words_rejoined(parsed):
    _, sections = parsed
    text = " ".join(s.text for s in sections)
    for joined in ("informationsharing", "multiagency", "nongovernmental", "multi- agency", "counter- radicalisation"):
        assert joined not in text
    for compound in ("information-sharing", "multi-agency", "non-governmental", "counter-radicalisation", "after-care"):
        assert compound in text


def test_markers_link_footnotes_to_their_sentence(parsed):
    _, sections = parsed
    belgium = next(s for s in sections if s.country == "Belgium")
    offsets = dict(belgium.refs)
    assert belgium.text[: offsets[1]].endswith("“Radicalism Plan”")
    norway = next(s for s in sections if s.country == "Norway")
    assert dict(norway.refs)[21] == dict(norway.refs)[22]
