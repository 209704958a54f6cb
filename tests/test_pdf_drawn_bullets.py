"""List bullets drawn as shapes (a browser's discs), not typed: each item starts a block
(pipeline.pdf._mark_drawn_bullets, pipeline.pdf_chars.layout_marks)."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from pipeline.pdf import parse_pdf

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")  # Debian package fonts-dejavu-core
LEAD = "Category 1 responders must:"
ITEMS = ["assess the risk of emergencies occurring", "put in place emergency plans",
         "share information with other local responders"]
AFTER = "The council reviews these duties every year with its partners and the police."


def _page(path: Path, *, dot_x: float) -> Path:
    pdfmetrics.registerFont(TTFont("Serif", str(FONT_DIR / "DejaVuSerif.ttf")))
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Serif", 10)
    c.drawString(72, 760, LEAD)
    y = 746
    for item in ITEMS:  # ragged right, no gap between items: only the dots tell them apart
        c.drawString(90, y, item)
        c.circle(dot_x, y + 3, 1.5, stroke=0, fill=1)
        y -= 13
    c.drawString(72, y - 8, AFTER)
    c.save()
    return path


def test_items_after_drawn_dots_are_blocks_of_their_own(tmp_path):
    document = parse_pdf(_page(tmp_path / "dots.pdf", dot_x=82))
    assert [b.text for b in document.blocks] == [LEAD, *ITEMS, AFTER]


def test_a_dot_far_from_the_line_start_makes_no_item(tmp_path):
    document = parse_pdf(_page(tmp_path / "far.pdf", dot_x=400))  # beyond the text: no bullet
    assert [b.text for b in document.blocks] == [LEAD, " ".join(ITEMS), AFTER]
