"""A table of contents names the country headings but must not start sections."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from pipeline.pdf import parse_pdf
from pipeline.sections import split_sections

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")  # Debian package fonts-dejavu-core
BODY = "Municipalities are expected to coordinate the work of schools and the police in every district."


@pytest.fixture(scope="module")
def contents_pdf(tmp_path_factory) -> Path:
    for name, file in (("Serif", "DejaVuSerif.ttf"), ("SerifBold", "DejaVuSerif-Bold.ttf")):
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / file)))
    path = tmp_path_factory.mktemp("toc") / "contents.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("SerifBold", 18)
    c.drawString(72, 760, "Prevention in two countries")
    c.setFont("SerifBold", 14)
    c.drawString(72, 720, "Contents")
    c.setFont("SerifBold", 12)
    for y, (entry, page) in zip((690, 670), (("1. Kosovo", "2"), ("2. Czechia", "3"))):
        c.drawString(72, y, entry + " " + "." * 40)  # dot leaders
        c.drawRightString(520, y, page)
    c.setFont("SerifBold", 12)
    c.drawString(72, 640, "3. Kosovo")  # a contents entry without leaders, its page number apart
    c.drawRightString(520, 640, "4")
    c.showPage()
    for heading in ("1. Kosovo", "2. Czechia"):
        c.setFont("SerifBold", 14)
        c.drawString(72, 760, heading)
        c.setFont("Serif", 11)
        c.drawString(72, 730, BODY)
        c.showPage()
    c.save()
    return path


def test_contents_entries_start_no_section(contents_pdf):
    sections = split_sections(parse_pdf(contents_pdf))
    assert [(s.country, s.page_start) for s in sections] == [("", 1), ("Kosovo", 2), ("Czechia", 3)]
    assert "Contents" in sections[0].text
    assert sections[1].text == BODY


def test_page_without_text_inside_a_text_pdf_warns(tmp_path, caplog):
    """A scanned page in a text PDF has no text layer: its content is lost, so say so (W006)."""
    import logging

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from pipeline.pdf import parse_pdf

    path = tmp_path / "mixed.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    for i in range(12):
        c.drawString(72, 760 - 14 * i, f"Local authorities in Norway must keep a register of referrals, line {i}.")
    c.showPage()
    c.rect(72, 300, 400, 400)  # an image-like page: drawing, no text
    c.showPage()
    c.save()
    with caplog.at_level(logging.WARNING, logger="pipeline"):
        document = parse_pdf(path)
    assert document.n_pages == 2
    assert any("W006" in r.getMessage() and "page 2 " in r.getMessage() for r in caplog.records)
