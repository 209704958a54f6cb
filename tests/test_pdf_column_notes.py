"""Notes a browser sets on two columns: under a short rule high up a column, running on at the
head of the next column and onto the next page (pipeline.pdf._mark_footnotes)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from pipeline.pdf import parse_pdf

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")  # Debian package fonts-dejavu-core
LEFT, RIGHT, WIDTH = 51, 330, 215  # two columns with a 44 pt gutter, as Chromium set fresh4's
# Varied lines, as real text has: repeated identical lines would line their word spaces up into a
# false gutter inside the left column.
BODY = textwrap.wrap(
    "Municipalities shall draw up a local plan against violent extremism with the police, the schools, "
    "youth workers and health services of every district. The regional council reviews each plan once a "
    "year with its partners and reports to the ministry on what was done, by whom and with what effect. "
    "Where a partner does not take part, the council asks the ministry to act. Each plan names a lead "
    "officer, sets out how concerns are referred and says how staff are trained. ", 40)
NOTE_LINES = {
    1: ["1. Ministry of the Interior, guidance on local", "plans, page one."],
    2: ["2. Regional Council, annual review of the", "plan, with the partners' comments."],
    3: ["3. Police Board, report on the district,", "chapter four, published in the spring."],
    4: ["4. Youth Service, survey of the district's", "clubs and their volunteers, with tables", "of attendance by age and by month."],
    5: ["5. Health Board, referral figures for the", "district, second quarter, with notes."],
}


@pytest.fixture(scope="module")
def fonts() -> None:
    pdfmetrics.registerFont(TTFont("Serif", str(FONT_DIR / "DejaVuSerif.ttf")))


def _body(c: canvas.Canvas, x: float, top: float, lines: int, start: int = 0) -> None:
    c.setFont("Serif", 9.5)
    for i in range(lines):
        c.drawString(x, top - 13 * i, BODY[(start + i) % len(BODY)])


def _notes(c: canvas.Canvas, x: float, top: float, lines: list[str]) -> float:
    c.setFont("Serif", 7.5)
    for i, line in enumerate(lines):
        c.drawString(x + (0 if line[0].isdigit() else 8), top - 10 * i, line)
    return top - 10 * len(lines)


def _rule(c: canvas.Canvas, x: float, y: float) -> None:
    c.setLineWidth(0.5)
    c.line(x, y, x + 0.8 * WIDTH, y)


def _note_lines(numbers: list[int]) -> list[str]:
    return [line for n in numbers for line in NOTE_LINES[n]]


def test_notes_under_a_rule_high_up_the_right_column_beside_body_text(fonts, tmp_path):
    path = tmp_path / "right.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    _body(c, LEFT, 780, 50)  # the left column full of body text
    _body(c, RIGHT, 780, 16, start=5)
    _rule(c, RIGHT, 560)  # high on the page: not the lower-part rule of page-foot notes
    _notes(c, RIGHT, 545, _note_lines([1, 2, 3]))
    c.save()
    document = parse_pdf(path)
    assert [(n.number, n.page) for n in document.footnotes] == [(1, 1), (2, 1), (3, 1)]
    assert document.footnotes[1].text == "Regional Council, annual review of the plan, with the partners' comments."
    body = " ".join(block.text for block in document.blocks)
    assert "Ministry of the Interior" not in body and "Police Board" not in body
    assert body.startswith(BODY[0]) and " ".join(BODY[4:6]) in body  # both columns of body text kept


def test_notes_that_outrun_the_left_column_go_on_at_the_head_of_the_right_one_and_the_next_page(fonts, tmp_path):
    path = tmp_path / "run-on.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    _body(c, LEFT, 780, 30)
    _rule(c, LEFT, 380)  # in the lower part of the page, in the left column
    lines = _note_lines([1, 2, 3, 4, 5])
    _notes(c, LEFT, 365, lines[:3])  # note 2 breaks at the foot of the left column ...
    _notes(c, RIGHT, 780, lines[3:8])  # ... goes on at the head of the right one, and note 4 ...
    c.showPage()
    _notes(c, LEFT, 780, lines[8:])  # ... ends on the next page, which holds only notes
    c.save()
    document = parse_pdf(path)
    assert [(n.number, n.page) for n in document.footnotes] == [(1, 1), (2, 1), (3, 1), (4, 1), (5, 2)]
    assert document.footnotes[1].text == "Regional Council, annual review of the plan, with the partners' comments."
    assert document.footnotes[3].text == ("Youth Service, survey of the district's clubs and their volunteers, "
                                          "with tables of attendance by age and by month.")
    body = " ".join(block.text for block in document.blocks)
    assert "Youth Service" not in body and "Health Board" not in body and "of attendance" not in body


def test_a_small_numbered_list_under_a_rule_across_the_page_is_no_note(fonts, tmp_path):
    """A rule high up a one-column page followed by small print that opens with no number stays body."""
    path = tmp_path / "one-column.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    _body(c, LEFT, 780, 6)
    _rule(c, LEFT, 690)
    _notes(c, LEFT, 675, ["Source: the regional council, annual review."])
    _body(c, LEFT, 640, 30)
    c.save()
    document = parse_pdf(path)
    assert document.footnotes == []
    assert "Source: the regional council" in " ".join(block.text for block in document.blocks)
