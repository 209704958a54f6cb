"""layout: reading order across a gutter pulled off the column edge by indented list items, and a
lone dash wrapped from a lead-in (found by re-typesetting the development reports in other styles)."""

from __future__ import annotations

from pipeline.dehyphenate import Lexicon
from pipeline.layout import RawLine, Word, build_blocks, reading_order

PAGE_WIDTH = 595.0


def line(text: str, x0: float, x1: float, top: float, size: float = 10.0, kind: str = "body") -> RawLine:
    raw = RawLine(1, [Word(text, x0, x1, top, top + size, size, kind == "heading")], kind=kind)
    raw.text = text
    return raw


def test_a_right_column_heading_left_of_the_median_gutter_stays_in_its_column():
    """Justified columns end at 297 and start at 308; the right column's list items are indented
    (x0 330), so the gutter measured from line pairs lies near 315: the heading at the right
    column's edge (x0 308) starts left of it but is no full-width line."""
    left = [line(f"Australia line {i}", 51, 297, 100 + 14 * i) for i in range(8)]
    left.append(line("5. Denmark", 51, 160, 230, 13, "heading"))
    left += [line(f"Denmark line {i}", 51, 297, 250 + 14 * i) for i in range(4)]
    right = [line("General population intervention", 308, 517, 100, 11, "heading")]
    right += [line(f"Denmark item {i}", 330, 545, 120 + 14 * i) for i in range(10)]
    order = [ln.text for ln in reading_order(left + right, PAGE_WIDTH)]
    assert order.index("5. Denmark") < order.index("General population intervention")
    assert order[-11:] == ["General population intervention"] + [f"Denmark item {i}" for i in range(10)]


def test_a_line_across_both_columns_still_ends_a_run():
    rows = [line(f"left {i}", 51, 290, 100 + 14 * i) for i in range(4)]
    rows += [line(f"right {i}", 310, 545, 100 + 14 * i) for i in range(4)]
    rows.append(line("A title across the page", 51, 545, 170, 14, "heading"))
    rows += [line(f"after left {i}", 51, 290, 200 + 14 * i) for i in range(3)]
    rows += [line(f"after right {i}", 310, 545, 200 + 14 * i) for i in range(3)]
    order = [ln.text for ln in reading_order(rows, PAGE_WIDTH)]
    assert order[:9] == [f"left {i}" for i in range(4)] + [f"right {i}" for i in range(4)] + ["A title across the page"]
    assert order[9:] == [f"after left {i}" for i in range(3)] + [f"after right {i}" for i in range(3)]


def test_a_lone_dash_wrapped_from_a_lead_in_joins_it():
    lines = [line("A public service body shall, having regard to the resources available to it", 51, 545, 100),
             line("—", 51, 62, 114),
             line("• set out in its strategic plan an assessment of the issues", 51, 545, 128),
             line("• report on developments in its annual report.", 51, 400, 142)]
    blocks = build_blocks(lines, 10.0, Lexicon([]))
    assert [b.text for b in blocks] == [
        "A public service body shall, having regard to the resources available to it —",
        "set out in its strategic plan an assessment of the issues",
        "report on developments in its annual report."]


def test_a_title_across_two_columns_is_not_cut_at_the_gutter_band_by_a_word_space():
    """Chromium set dev-a's 17 pt title over both columns; one word space (5 pt) fell in the
    band between the columns and the title became two lines, one of them read as a section."""
    from pipeline.pdf import _group_lines

    words = [Word("Local", 51, 100, 60, 77, 17.0, True), Word("duties", 105, 160, 60, 77, 17.0, True),
             Word("and", 250, 296, 60, 77, 17.0, True), Word("safeguarding:", 301, 420, 60, 77, 17.0, True)]
    for i in range(8):  # two justified columns: 51-286 and 309-544
        top = 120 + 14 * i
        words += [Word("left", 51, 150, top, top + 10, 10.0, False), Word("words", 155, 286, top, top + 10, 10.0, False),
                  Word("right", 309, 420, top, top + 10, 10.0, False), Word("words", 425, 544, top, top + 10, 10.0, False)]
    lines = _group_lines(1, words, PAGE_WIDTH)
    title = [ln for ln in lines if ln.top == 60]
    assert len(title) == 1 and [w.text for w in title[0].words] == ["Local", "duties", "and", "safeguarding:"]
    assert sum(1 for ln in lines if ln.top == 120) == 2  # the columns are still cut apart
