"""Layout: classified lines of a page into reading order, blocks and footnotes.

The records of the parse stage live here: a `Word` and a `RawLine` (a line
fragment of words on one page, with its kind once classified); `pdf` builds
and classifies them, this module puts them in order and joins them:

- reading order: lines top to bottom, except that a run of lines standing in
  two columns (a column gutter found from at least three pairs of long lines
  side by side) is read column by column;
- blocks: consecutive lines of one kind form a block (paragraph, list item,
  heading) until a bullet or enumerator, a vertical gap of more than
  PARAGRAPH_GAP_RATIO line pitches, a first-line indent, or a sentence ending
  short of its column's right edge starts the next; a block runs on across a page or column break unless
  its last line ended a paragraph; words broken at line ends are mended by
  `dehyphenate`;
- footnotes: footnote lines become notes, a line opening with a note number
  (a raised marker, or a plain number close after the previous note's) starting
  one; the URLs of each note are taken out of its text.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from . import types as T
from .dehyphenate import JoinedText, Lexicon

logger = logging.getLogger(__name__)

# -- thresholds (relative to the document's body size or the line pitch) -----
PARAGRAPH_GAP_RATIO = 1.35  # a vertical gap this many line pitches apart starts a block
INDENT_RATIO = 0.8  # a first-line indent of this many body sizes starts a block
SHORT_LINE_RATIO = 0.85  # a line ending before this share of the column width ends a block
BULLETS = "●•▪◦○■□‣⁃–—*-\uf0b7\uf0a7"
ENUMERATOR_RE = re.compile(r"^(?:\(?[0-9]{1,2}[.)]|\(?[a-zA-Z][.)]|\(?[ivx]{1,4}[.)])$")
NOTE_NUMBER_RE = re.compile(r"^(\d{1,3})(?:[.)]\s*|\s*)(?=\S)")
MAX_NOTE_NUMBER_STEP = 3  # a note number follows the previous one by 1, or skips a lost note or two
URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>\"“”]+")


@dataclass(slots=True)  # one per word of the document, kept until the body size is known
class Word:
    """A word on a page: its text, box, dominant font size, and whether its font is bold."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool


@dataclass
class RawLine:
    """A line fragment on a page, with its words; `kind` filled by classification."""

    page: int
    words: list[Word]
    kind: str = T.BODY
    markers: list[tuple[int, int]] = field(default_factory=list)  # (number, offset in text)
    text: str = ""

    # The edges and the size are read many times (sorting, gutters, blocks): computed once.
    # A line's words are fixed once it is made, so the cached values stay true.
    @cached_property
    def text_x0(self) -> float:
        """Where the text starts, after a hanging bullet or enumerator."""
        first = self.words[0].text
        if len(self.words) > 1 and (all(ch in BULLETS for ch in first) or ENUMERATOR_RE.match(first)):
            return self.words[1].x0
        return self.x0

    @cached_property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @cached_property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @cached_property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @cached_property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @cached_property
    def size(self) -> float:
        sizes = Counter[float]()
        for w in self.words:
            sizes[w.size] += len(w.text)
        return sizes.most_common(1)[0][0]

    @cached_property
    def bold(self) -> bool:
        return all(w.bold for w in self.words if w.text.strip(BULLETS))

    def release_words(self) -> None:
        """Keep the edges, size and weight, drop the words (once `text` is set): memory for long files."""
        for name in ("text_x0", "x0", "x1", "top", "bottom", "size", "bold"):
            getattr(self, name)
        self.words = []


SPAN_REACH = 0.03  # share of the page width a line must reach past the gutter on each side to span it


def reading_order(lines: list[RawLine], page_width: float, gutter: float | None = None) -> list[RawLine]:
    """Lines top to bottom, but a run of two-column lines column by column.

    `gutter`: the page's column gutter when already known (footnotes use the
    body's: a few short note lines are too little to find it on their own).
    """
    ordered = sorted(lines, key=lambda ln: (round(ln.top), ln.x0))
    gutter = gutter if gutter is not None else column_gutter(ordered, page_width)
    if gutter is None:
        return ordered
    result: list[RawLine] = []
    run: list[RawLine] = []
    reach = SPAN_REACH * page_width
    for line in ordered:
        # Spans both columns (ends a run) when it reaches well into both: the gutter is a median of
        # gap middles, and a column's indented lines (list items) pull it off the column's edge,
        # so a heading at that edge may start a few points left of it.
        if line.x0 < gutter - reach and line.x1 > gutter + reach:
            result.extend(_columns(run, gutter))
            run = []
            result.append(line)
        else:
            run.append(line)
    result.extend(_columns(run, gutter))
    return result


def _columns(run: list[RawLine], gutter: float) -> list[RawLine]:
    left = [ln for ln in run if (ln.x0 + ln.x1) / 2 < gutter]
    right = [ln for ln in run if (ln.x0 + ln.x1) / 2 >= gutter]
    return left + right


def column_gutter(lines: list[RawLine], page_width: float) -> float | None:
    """The x of a column gutter if at least three pairs of long lines stand side by side.

    The gutter is the median of the gaps' middles over every pair of long
    lines that overlap vertically and not horizontally. The pairs are found by
    a sweep down the page (lines by top, an active list of those whose bottom
    is still below the current top), so the work grows with the number of
    overlapping pairs, not with the square of the lines.
    """
    long_lines = sorted((ln for ln in lines if ln.x1 - ln.x0 >= 0.2 * page_width), key=lambda ln: ln.top)
    gaps: list[float] = []
    active: list[RawLine] = []
    for b in long_lines:
        active = [a for a in active if a.bottom > b.top]  # the rest end above b and above every later line
        for a in active:
            overlap = min(a.bottom, b.bottom) - max(a.top, b.top)
            if overlap > 0 and (b.x0 > a.x1 or a.x0 > b.x1):
                left, right = (a, b) if a.x1 < b.x0 else (b, a)
                gaps.append((left.x1 + right.x0) / 2)
        active.append(b)
    if len(gaps) < 3:
        return None
    return sorted(gaps)[len(gaps) // 2]


def _column_rights(lines: list[RawLine]) -> dict[int, float]:
    """Per line, the right edge of its column: the furthest x1 of the lines on its page it overlaps.

    Over the page's lines sorted by x0, a running maximum of x1: the furthest
    x1 among the lines starting left of a line's end overlaps the line if it
    reaches past the line's start (else no line does, and the line's own x1
    is its edge: a zero-width glyph alone on its line).
    """
    rights: dict[int, float] = {}
    by_page: dict[int, list[RawLine]] = {}
    for line in lines:
        by_page.setdefault(line.page, []).append(line)
    for page_lines in by_page.values():
        by_x0 = sorted(page_lines, key=lambda ln: ln.x0)
        starts = [ln.x0 for ln in by_x0]
        furthest: list[float] = []
        for ln in by_x0:
            furthest.append(max(furthest[-1], ln.x1) if furthest else ln.x1)
        for line in page_lines:
            n_left = bisect_left(starts, line.x1)  # lines with x0 < line.x1
            reach = furthest[n_left - 1] if n_left else None
            rights[id(line)] = reach if reach is not None and reach > line.x0 else line.x1
    return rights


def _ends_paragraph(line: RawLine, col_right: float) -> bool:
    """The line ends a sentence well short of its column's right edge."""
    short = line.x1 < col_right - (1 - SHORT_LINE_RATIO) * (col_right - line.x0)
    return short and bool(re.search(r"[.!?:”\"]$", line.text))


def _starts_block(prev: RawLine, line: RawLine, pitch: float, body_size: float, col_right: float) -> bool:
    if line.kind != prev.kind:
        return True
    if line.kind == T.HEADING:
        return line.page != prev.page or abs(line.size - prev.size) > 0.5 or line.top - prev.bottom > pitch
    if (line.text[:1] in BULLETS and line.text.strip(BULLETS + " ")) or ENUMERATOR_RE.match(line.text.split(" ", 1)[0]):
        return True  # a bullet with words after it: a line of a lone dash is a lead-in's `—` wrapped
    column_break = line.page == prev.page and line.top < prev.top - pitch and line.x0 >= prev.x1 - 1
    if line.page != prev.page or column_break:
        # A block runs on to the next page or column unless the last line ended a paragraph.
        return _ends_paragraph(prev, col_right)
    if line.top - prev.top > PARAGRAPH_GAP_RATIO * pitch:
        return True
    if line.x0 - prev.text_x0 > INDENT_RATIO * body_size and abs(line.x1 - prev.x1) > body_size:
        return True
    return _ends_paragraph(prev, col_right)


def _strip_bullet(text: str) -> str:
    first = text.split(" ", 1)
    if len(first) == 2 and first[0] and all(ch in BULLETS for ch in first[0]):
        return first[1].lstrip()
    return text


def build_blocks(lines: list[RawLine], body_size: float, lexicon: Lexicon) -> list[T.Block]:
    """Body and heading lines in reading order into blocks, markers kept as footnote refs."""
    pitches = [
        round(b.top - a.top, 1)
        for a, b in zip(lines, lines[1:])
        if a.page == b.page and a.kind == b.kind == T.BODY and 0 < b.top - a.top < 3 * body_size
    ]
    pitch = Counter(pitches).most_common(1)[0][0] if pitches else 1.2 * body_size
    blocks: list[T.Block] = []
    current: list[RawLine] = []

    def flush() -> None:
        if not current:
            return
        text = JoinedText()  # join_lines line by line, without copying the text so far each time
        refs: list[T.FootnoteRef] = []
        breaks: list[tuple[int, int]] = []
        for i, line in enumerate(current):
            line_text = _strip_bullet(line.text) if i == 0 else line.text
            shift = len(line.text) - len(line_text)
            had_text = text.length > 0
            text.add(line_text, lexicon)
            start = text.length - len(line_text.lstrip()) if had_text else 0
            if i and line.page != current[i - 1].page:
                breaks.append((start, line.page))
            for number, offset in line.markers:
                refs.append(T.FootnoteRef(number, max(start + offset - shift, 0)))
        first = current[0]
        blocks.append(
            T.Block(
                kind=first.kind,
                text=text.text,
                page=first.page,
                page_breaks=tuple(breaks),
                refs=tuple(refs),
                size=first.size,
            )
        )
        current.clear()

    col_rights = _column_rights(lines)
    for line in lines:
        if current and _starts_block(current[-1], line, pitch, body_size, col_rights[id(current[-1])]):
            flush()
        current.append(line)
    flush()
    return blocks


def build_footnotes(lines: list[RawLine], lexicon: Lexicon) -> list[T.Footnote]:
    """Footnote lines (in page order) into notes: a line opening with a note number starts one.

    A number at the line start (raised or not: a marker is only taken out of
    text that precedes it), `7` / `7.` / `7)`, opens a note when it follows the
    previous note's number by at most
    MAX_NOTE_NUMBER_STEP (a missing note does not swallow the rest; a line of a
    note that happens to start with another number does not split it).
    """
    notes: list[list[Any]] = []  # [number, page, JoinedText]
    for line in lines:
        text = line.text
        number: int | None = None
        m = NOTE_NUMBER_RE.match(text)
        previous = notes[-1][0] if notes else 0
        first_on_page = not notes or notes[-1][1] != line.page
        restarts = m is not None and int(m.group(1)) == 1 and first_on_page  # numbering per chapter
        if m and (not notes or 0 < int(m.group(1)) - previous <= MAX_NOTE_NUMBER_STEP or restarts):
            number = int(m.group(1))
            text = text[m.end():]
        if number is not None:
            notes.append([number, line.page, JoinedText(text.strip())])
        elif notes:
            notes[-1][2].add(text, lexicon)
        else:
            logger.debug("footnote text before any number on page %d: %r", line.page, text)
    texts = [(n, p, joined.text) for n, p, joined in notes]
    return [
        T.Footnote(number=n, page=p, text=t, urls=tuple(u.rstrip(".,;)") for u in URL_RE.findall(t)))
        for n, p, t in texts
    ]
