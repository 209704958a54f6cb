"""The parse's linear-time steps give what the plain quadratic definitions give, and a many-line page parses whole.

Each fast step (column gutter sweep, column right edges, the page gutter's
difference arrays, joining a paragraph's lines) is checked against its
definition written out naively here, on random pages. Speed is measured in
benchmarks/bench_parse_scaling.py, not here.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

from pipeline.dehyphenate import JoinedText, Lexicon, join_lines
from pipeline.layout import RawLine, Word, _column_rights, column_gutter
from pipeline.pdf import _page_gutter, parse_pdf
from pipeline.pdf_limits import ParseLimits

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
import fuzz_pdfs as F  # noqa: E402


def _random_line(rng: random.Random, page: int = 1) -> RawLine:
    x = rng.choice([rng.uniform(40, 300), rng.uniform(300, 560)])
    top = round(rng.uniform(40, 760), rng.choice([0, 1]))
    words = []
    for _ in range(rng.randint(1, 6)):
        width = rng.choice([0.0, rng.uniform(2, 60)])  # zero-width glyphs too
        words.append(Word("w", x, x + width, top, top + 10, 10.0, False))
        x += width + rng.uniform(0, 8)
    return RawLine(page, words)


def _naive_column_gutter(lines: list[RawLine], page_width: float) -> float | None:
    long_lines = [ln for ln in lines if ln.x1 - ln.x0 >= 0.2 * page_width]
    gaps = []
    for i, a in enumerate(long_lines):
        for b in long_lines[i + 1 :]:
            overlap = min(a.bottom, b.bottom) - max(a.top, b.top)
            if overlap > 0 and (b.x0 > a.x1 or a.x0 > b.x1):
                left, right = (a, b) if a.x1 < b.x0 else (b, a)
                gaps.append((left.x1 + right.x0) / 2)
    return sorted(gaps)[len(gaps) // 2] if len(gaps) >= 3 else None


def _naive_column_right(line: RawLine, page_lines: list[RawLine]) -> float:
    overlapping = [o.x1 for o in page_lines if o.x0 < line.x1 and line.x0 < o.x1]
    return max(overlapping) if overlapping else line.x1


@pytest.mark.parametrize("seed", range(30))
def test_column_gutter_and_rights_equal_their_definitions(seed):
    rng = random.Random(seed)
    lines = [_random_line(rng, page=rng.choice([1, 2])) for _ in range(rng.randint(0, 80))]
    assert column_gutter(lines, 612) == _naive_column_gutter(lines, 612)
    rights = _column_rights(lines)
    for line in lines:
        same_page = [o for o in lines if o.page == line.page]
        assert rights[id(line)] == _naive_column_right(line, same_page)


def _naive_page_gutter_counts(rows: list[list[Word]], page_width: float) -> dict[int, int]:
    counts = {}
    for x in range(int(0.25 * page_width), int(0.75 * page_width), 2):
        both = open_rows = 0
        for row in rows:
            if not row[0].x0 < x < row[-1].x1:
                continue
            both += 1
            if not any(w.x0 < x < w.x1 for w in row):
                open_rows += 1
        if open_rows >= 4 and open_rows >= 0.5 * both:
            counts[x] = open_rows
    return counts


def _naive_page_gutter(rows: list[list[Word]], page_width: float) -> tuple[float, float] | None:
    counts = _naive_page_gutter_counts(rows, page_width)
    if not counts:
        return None
    top = max(counts.values())
    xs = [x for x, n in counts.items() if n >= 0.9 * top]
    middle = float(xs[len(xs) // 2])
    lefts, rights = [], []
    for row in rows:
        if row[0].x0 < middle < row[-1].x1 and not any(w.x0 < middle < w.x1 for w in row):
            lefts.append(max(w.x1 for w in row if w.x1 <= middle))
            rights.append(min(w.x0 for w in row if w.x0 >= middle))
    return max(lefts), min(rights)


@pytest.mark.parametrize("seed", range(40))
def test_page_gutter_equals_its_definition(seed):
    rng = random.Random(seed)
    width = rng.choice([612.0, 595.3, 300.0])
    rows = []
    for _ in range(rng.randint(1, 60)):
        x = rng.uniform(20, 80)
        row = []
        for _ in range(rng.randint(1, 12)):
            w = rng.choice([0.0, rng.uniform(3, 40), rng.uniform(3, 40)])
            x0 = round(x, rng.choice([0, 1, 3]))  # integer edges hit the grid's own x
            row.append(Word("w", x0, x0 + w, 0, 10, 10.0, False))
            x += w + rng.choice([rng.uniform(-3, 6), rng.uniform(20, 60)])  # overlaps, spaces and gutters
        row.sort(key=lambda w: w.x0)
        rows.append(row)
    assert _page_gutter(rows, width) == _naive_page_gutter(rows, width)


def test_page_gutter_ignores_words_with_nan_or_infinite_edges():
    rows = [[Word("w", 50, 250, 0, 10, 10, False), Word("w", 350, 550, 0, 10, 10, False)] for _ in range(6)]
    rows.append([Word("w", float("nan"), float("nan"), 0, 10, 10, False)])
    rows.append([Word("w", float("-inf"), float("inf"), 0, 10, 10, False)])
    assert _page_gutter(rows, 612) == _naive_page_gutter(rows, 612)


@pytest.mark.parametrize("seed", range(20))
def test_joined_text_equals_join_lines_over_the_whole_text(seed):
    rng = random.Random(seed)
    pieces = ["inter-", "national", "www.example.org/", "path", "co-", "operation", "plain words", "", "  ", "end.",
              "re-", "form", "https://a.b/c-", "d", "x", "Local", "Authorities-", "Wallonia"]
    lexicon = Lexicon(["international cooperation reform", "co-chair"])
    lines = [rng.choice(pieces) for _ in range(rng.randint(1, 25))]
    expected = ""
    joined = JoinedText()
    for line in lines:
        expected = join_lines(expected, line, lexicon) if expected else line.lstrip()
        joined.add(line, lexicon)
        assert joined.length == len(joined.text)
    assert joined.text == expected


def test_a_page_of_2000_lines_parses_every_line_in_order(tmp_path):
    lines = F.sample_lines(2000)  # every line its own words: none repeats like a running header
    height = 72 + 12 * len(lines) + 72
    path = tmp_path / "long-page.pdf"
    path.write_bytes(F.text_pdf([F.text_content(lines, top=height - 72, pitch=12)], height=height))
    document = parse_pdf(path, limits=ParseLimits(max_page_inches=height / 72 + 1))
    text = "\n".join(b.text for b in document.blocks)
    position = -1
    for line in lines:
        found = text.find(line, position + 1)
        assert found > position, line
        position = found
