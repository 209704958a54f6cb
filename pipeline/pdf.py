"""Parse stage: a PDF becomes body blocks, headings and footnotes, each with its page.

Everything is decided from measured typography, never from one producer's font
names or coordinates:

- characters (pdfplumber `page.chars`) become words, then lines: words whose
  vertical extents overlap share a line; a horizontal gap wider than a column
  gutter splits a line into fragments, so two columns stay apart;
- the body size is the most common character size of the document; a line is
  a heading when it is clearly larger than the body size, or wholly bold, short
  and unpunctuated; a superscript marker is a run of digits smaller than its
  line and raised above its baseline;
- footnotes are the lines below a short horizontal rule in the lower part of a
  page, or failing a rule, the run of small lines at the page bottom; on two
  columns also the small lines under a rule higher up a column that open with a
  note number, the head run of small lines of the next column, and that of the
  next page's first column while a page ends inside its notes (a browser's
  endnotes);
- a small drawn dot or square just left of a line's start is a list bullet
  (browsers draw them as shapes): the line gets `• ` and starts a list item;
- page furniture is a page number or a line repeated on many pages in the top
  or bottom band; decoration is a line of one repeated non-letter (`>>>>`).

The classified lines are then put in reading order and joined into blocks and
notes by `layout`, which also holds the line records (`Word`, `RawLine`).
"""

from __future__ import annotations

import logging
import math
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import types as T
from .dehyphenate import Lexicon
from .errors import EXIT_INPUT, EXIT_LIMIT, EXIT_NO_TEXT, PipelineError, error, warning
from .layout import BULLETS, NOTE_NUMBER_RE, RawLine, Word, build_blocks, build_footnotes, column_gutter, reading_order
from .pdf_chars import layout_chars, layout_marks, layout_rules
from .pdf_limits import ParseLimits, check_declared_pages, guarded, limit_error, page_tree, start_page

logger = logging.getLogger(__name__)

# -- thresholds (all relative to the document's body size or page size) -------
HEADING_SIZE_RATIO = 1.15  # a line this much larger than body text is a heading
SMALL_SIZE_RATIO = 0.92  # footnote text is set smaller than body text
SUPERSCRIPT_SIZE_RATIO = 0.85  # a marker is smaller than the text of its line...
SUPERSCRIPT_RISE_RATIO = 0.15  # ...and its bottom is raised by this share of body size
MIN_GUTTER_ROWS = 4  # a column gutter is open in at least this many rows of its page
BAND_TOLERANCE = 3.0  # points a column's ragged edge may reach into the gutter band
BAND_MIN_GAP_EM = 0.8  # a gap cut at the gutter band is at least this share of its words' size
WIDE_GAP_RATIO = 0.2  # a gap this share of the page wide is never a word space (tables, right-aligned numbers)
HEADER_GAP_RATIO = 1.5  # a running header stands this many body sizes above the text
MARGIN_BAND = 0.09  # top/bottom share of the page where furniture stands
REPEAT_SHARE = 0.4  # a band line on this share of pages (min 2) is a running header
RULE_MAX_WIDTH = 0.5  # a footnote separator is shorter than half the page width
MAX_HEADING_CHARS = 120
PAGE_NUMBER_RE = re.compile(r"^(?:page\s+)?[-–—]?\s*\d{1,4}\s*[-–—]?(?:\s*(?:/|of)\s*\d{1,4})?$", re.I)
DECORATION_RE = re.compile(r"^([^\w\s])\1{2,}$")
TOC_ENTRY_RE = re.compile(r"(?:\.{3,}|…+|\s{2,}|\t)\s*\d{1,4}$")
MARKER_TEXT_RE = re.compile(r"\d{1,3}(?:[,\s]\d{1,3})*")  # a footnote marker: "7", "7,8"
BOLD_RE = re.compile(r"bold|black|heavy|semibold|demi|[-,]bd\b", re.I)

# Kept under the name it had before the layout code left this module (tests import it from here).
_footnotes = build_footnotes


@lru_cache(maxsize=1024)
def _fontname(name: str) -> str:
    # Cached: called once per character (some 3,000 a page) with a handful of names.
    # Subset fonts carry a 6-letter prefix: `ABCDEF+DejaVuSerif-Bold`.
    return name.split("+", 1)[1] if re.match(r"^[A-Z]{6}\+", name) else name


def open_pdf(path: str | Path, limits: ParseLimits | None = None) -> Any:
    """Open a PDF with pdfplumber, turning every failure into a PipelineError.

    The pages are not read here (`read_pages` yields them one at a time); the
    page tree's declared count (read from its raw bytes) and then its bounded
    walk are checked against `limits.max_pages` (E026, E034: pdf_limits.py).
    """
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    limits = limits or ParseLimits()
    p = Path(path)
    if not p.is_file():
        raise error("E001", EXIT_INPUT, path=path)
    with p.open("rb") as f:
        head = f.read(1024)
    if not head:
        raise error("E003", EXIT_INPUT, path=path, detail="0 bytes")
    if b"%PDF-" not in head:
        raise error("E002", EXIT_INPUT, path=path)
    try:
        with guarded(limits, str(path)):
            pdf = pdfplumber.open(p)
            try:
                check_declared_pages(pdf.doc, limits, str(path))  # before any walk of the tree
                has_pages = bool(page_tree(pdf.doc, limits, str(path)))
            except BaseException:
                close_pdf(pdf)
                raise
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise error("E004", EXIT_INPUT, path=path) from exc
    except Exception as exc:  # pdfminer raises many types for broken files
        if isinstance(exc, MemoryError):
            raise
        limit = limit_error(exc)
        if limit is not None:
            raise limit from None
        # pdfplumber wraps pdfminer's exceptions: look at the cause as well.
        causes = [exc, *exc.args, exc.__cause__, exc.__context__]
        if any(isinstance(c, (PDFPasswordIncorrect, PDFEncryptionError)) for c in causes) or "password" in repr(exc).lower():
            raise error("E004", EXIT_INPUT, path=path) from exc
        raise error("E003", EXIT_INPUT, path=path, detail=type(exc).__name__) from exc
    if not has_pages:
        close_pdf(pdf)
        raise error("E003", EXIT_INPUT, path=path, detail="no pages")
    return pdf


def close_pdf(pdf: Any) -> None:
    """Close the file (pdfplumber's `pdf.close()` first makes every page object, to close each)."""
    pdf.flush_cache()
    if not pdf.stream_is_external:
        pdf.stream.close()


def _page_objects(pdf: Any, path: str | Path, limits: ParseLimits) -> Iterator[Any]:
    """pdfminer's page objects, from the bounded walk of the page tree (pdf_limits.page_tree)."""
    from pdfminer.pdfpage import PDFPage

    for objid, attrs in page_tree(pdf.doc, limits, str(path)):
        yield PDFPage(pdf.doc, objid, attrs, None)


def read_pages(pdf: Any, path: str | Path, limits: ParseLimits) -> Iterator[Any]:
    """pdfplumber pages one at a time (pdfplumber's `pdf.pages` makes every page object first).

    E026 once a page past `limits.max_pages` appears; E028 for a page larger
    than `limits.max_page_inches`; E003 when the page tree cannot be read.
    Call inside `guarded(limits, ...)`.
    """
    from pdfplumber.page import Page

    tree = _page_objects(pdf, path, limits)
    doctop = 0.0
    number = 0
    while True:
        try:
            page_obj = next(tree, None)
        except Exception as exc:
            if isinstance(exc, (MemoryError, PipelineError)):
                raise
            raise limit_error(exc) or error("E003", EXIT_INPUT, path=path, detail=f"page tree: {_describe(exc)}") from exc
        if page_obj is None:
            return
        number += 1
        if number > limits.max_pages:
            raise error("E026", EXIT_LIMIT, path=path, pages=f"more than {limits.max_pages:,}", limit=f"{limits.max_pages:,}")
        try:
            page = Page(pdf, page_obj, page_number=number, initial_doctop=doctop)
            width, height = float(page.width), float(page.height)
        except Exception as exc:
            if isinstance(exc, (MemoryError, PipelineError)):
                raise
            raise error("E030", EXIT_INPUT, path=path, page=number, detail=_describe(exc)) from exc
        if max(abs(width), abs(height)) > limits.max_page_inches * 72:
            raise error("E028", EXIT_LIMIT, path=path, page=number, width=round(width / 72, 1), height=round(height / 72, 1), limit=limits.max_page_inches)
        doctop += height
        yield page


def _describe(exc: BaseException) -> str:
    """`Type: message` of what pdfminer raised (the cause inside pdfplumber's wrapper), one short line."""
    inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
    text = " ".join(str(inner).split())[:120]
    return f"{type(inner).__name__}: {text}" if text else type(inner).__name__


def _page_words(page: Any) -> list[Word]:
    from pdfplumber.utils import extract_words

    chars = []
    seen: set[tuple[str, float, float]] = set()
    for c in layout_chars(page):  # page.chars without pdfplumber's conversion of every attribute
        # A glyph drawn twice at one spot is fake bold: keep one (pdfplumber's
        # dedupe_chars does the same but sorts every char, 2 s on 10 pages).
        key = (c["text"], round(c["x0"], 1), round(c["top"], 1))
        if key in seen or not c.get("upright", True):
            continue
        seen.add(key)
        c["size"], c["fontname"] = round(c["size"], 1), _fontname(c["fontname"])  # layout_chars made c for us
        chars.append(c)
    words = extract_words(chars, x_tolerance=1.5, y_tolerance=2, extra_attrs=["size", "fontname"])
    return [
        Word(w["text"], w["x0"], w["x1"], w["top"], w["bottom"], w["size"], bool(BOLD_RE.search(w["fontname"])))
        for w in words
    ]


def _group_lines(page_no: int, words: list[Word], page_width: float) -> list[RawLine]:
    """Words sharing a vertical extent form a row; a row is split at the page's
    column gutter, or at a gap too wide for any justified line."""
    rows: list[list[Word]] = []
    # Per row and per half of the page, [top, bottom] of its words so far: a word is matched
    # against its own half's extent (the other half's while its own has none). One extent per
    # row would let a tall heading in the left column stretch a row over two lines of the
    # right column and interleave their words (dev-d: "engagesand deliverywith...").
    extents: list[list[list[float] | None]] = []
    for w in sorted(words, key=lambda w: (w.top, w.x0)):
        side = 0 if (w.x0 + w.x1) / 2 < page_width / 2 else 1
        for row, halves in zip(reversed(rows[-3:]), reversed(extents[-3:])):
            extent = halves[side] or halves[1 - side]
            assert extent is not None
            top, bottom = extent
            overlap = min(bottom, w.bottom) - max(top, w.top)
            if overlap >= 0.5 * min(w.bottom - w.top, bottom - top):
                row.append(w)
                own = halves[side]
                halves[side] = [min(own[0], w.top), max(own[1], w.bottom)] if own else [w.top, w.bottom]
                break
        else:
            rows.append([w])
            halves = [None, None]
            halves[side] = [w.top, w.bottom]
            extents.append(halves)
    for row in rows:
        row.sort(key=lambda w: w.x0)
    band = _page_gutter(rows, page_width)
    lines: list[RawLine] = []
    for row in rows:
        fragments: list[list[Word]] = [[row[0]]]
        for w in row[1:]:
            prev = fragments[-1]
            # A row is cut where its gap spans the page's gutter band: a full-width line, or a
            # centred "Page 2", may have a word space at the gutter's x, but not one that wide.
            # A title in large type set across both columns keeps its word spaces (a third of its
            # size) even where one falls in the band; a gutter is wider than most of an em.
            spans_band = (band is not None and prev[-1].x1 <= band[0] + BAND_TOLERANCE and w.x0 >= band[1] - BAND_TOLERANCE
                          and w.x0 - prev[-1].x1 >= BAND_MIN_GAP_EM * max(w.size, prev[-1].size))
            if spans_band or w.x0 - prev[-1].x1 > WIDE_GAP_RATIO * page_width:
                fragments.append([w])
            else:
                prev.append(w)
        lines.extend(RawLine(page_no, frag) for frag in fragments)
    return lines


def _page_gutter(rows: list[list[Word]], page_width: float) -> tuple[float, float] | None:
    """The white band between two columns, (left edge, right edge), if the page has one.

    Its middle lies in the middle half of the page and is open (no word across
    it) in at least MIN_GUTTER_ROWS rows and in half the rows with words on
    both sides of it: justified word spaces never line up that way. The edges
    are the furthest last-word end and the nearest first-word start around it
    in those rows.
    """
    # Open rows per x of a 2-point grid over the middle half, by difference arrays over the grid:
    # a row adds one to `both` over its span and one to `covered` over each stretch its words cover.
    start, stop = int(0.25 * page_width), int(0.75 * page_width)
    grid = list(range(start, stop, 2))
    both_delta = [0] * (len(grid) + 1)
    covered_delta = [0] * (len(grid) + 1)

    def inside(a: float, b: float) -> tuple[int, int]:
        """The grid indices i..j-1 of the x with a < x < b (none for NaN ends, as `<` has it)."""
        if not (a < stop and b > start):  # also NaN: every comparison with it is false
            return 0, 0
        first = 0 if a < start else math.floor((a - start) / 2) + 1
        last = len(grid) - 1 if b > stop else math.ceil((b - start) / 2) - 1
        return first, min(last, len(grid) - 1) + 1

    for row in rows:
        i, j = inside(row[0].x0, row[-1].x1)
        if i >= j:
            continue
        both_delta[i] += 1
        both_delta[j] -= 1
        stretch_a, stretch_b = row[0].x0, row[0].x1
        for w in [*row[1:], None]:  # words by x0: merge the overlapping ones into stretches
            if w is not None and w.x0 < stretch_b:
                stretch_b = max(stretch_b, w.x1)
                continue
            ci, cj = inside(stretch_a, stretch_b)
            ci, cj = max(ci, i), min(cj, j)  # only where the row counts in `both`
            if ci < cj:
                covered_delta[ci] += 1
                covered_delta[cj] -= 1
            if w is not None:
                stretch_a, stretch_b = w.x0, w.x1
    counts: dict[int, int] = {}
    both = covered = 0
    for k, x in enumerate(grid):
        both += both_delta[k]
        covered += covered_delta[k]
        # `covered` counts the rows of `both` with a word across x: open rows are the difference.
        open_rows = both - covered
        if open_rows >= MIN_GUTTER_ROWS and open_rows >= 0.5 * both:
            counts[x] = open_rows
    if not counts:
        return None
    # The middle of the band where (nearly) all those rows are open, not its best-scoring
    # edge: a centred "Page 2" is open at one x of the band too.
    top = max(counts.values())
    xs = [x for x, n in counts.items() if n >= 0.9 * top]
    middle = float(xs[len(xs) // 2])
    lefts, rights = [], []
    for row in rows:
        if row[0].x0 < middle < row[-1].x1 and not any(w.x0 < middle < w.x1 for w in row):
            lefts.append(max(w.x1 for w in row if w.x1 <= middle))
            rights.append(min(w.x0 for w in row if w.x0 >= middle))
    # A ragged left column ends anywhere up to the band: its edge is the furthest line end.
    return max(lefts), min(rights)


def _line_text(line: RawLine, body_size: float) -> None:
    """Set line.text, taking superscript digit runs out as footnote markers."""
    parts: list[str] = []
    markers: list[tuple[int, int]] = []
    size = line.size
    baseline = Counter(round(w.bottom, 0) for w in line.words if w.size == size).most_common(1)
    base = baseline[0][0] if baseline else line.bottom
    prev: Word | None = None
    for w in line.words:
        raised = base - w.bottom >= SUPERSCRIPT_RISE_RATIO * body_size
        small = w.size <= SUPERSCRIPT_SIZE_RATIO * size
        if small and raised and MARKER_TEXT_RE.fullmatch(w.text) and parts:
            offset = len("".join(parts))
            for number in re.findall(r"\d+", w.text):
                markers.append((int(number), offset))
            prev = w
            continue
        if prev is not None and w.x0 - prev.x1 > 0.15 * min(w.size, prev.size) and parts:
            parts.append(" ")
        parts.append(w.text)
        prev = w
    line.text = "".join(parts).strip()
    line.markers = markers


def _settle(line: RawLine) -> None:
    """Set the text of a line whose text cannot depend on the body size, and let its words go.

    Only a small run of digits can become a footnote marker, and only that
    choice reads the body size (how far the run is raised): a line without one
    gets its text now and keeps its edges, not its words, so a long document
    does not hold every word until its last page is read.
    """
    if any(w.size <= SUPERSCRIPT_SIZE_RATIO * line.size and MARKER_TEXT_RE.fullmatch(w.text) for w in line.words):
        return
    _line_text(line, body_size=0.0)
    line.release_words()


@dataclass
class _PageInfo:
    number: int
    width: float
    height: float
    lines: list[RawLine]
    rules: list[tuple[float, float, float]]  # short horizontal rules: (top, x0, x1)
    gutter: float | None = None  # the columns' gutter as the body and notes together show it


def _footnote_rules(page: Any) -> list[tuple[float, float, float]]:
    """Short horizontal rules below the page's top band: (top, x0, x1) of each, top down.

    A rule in the lower part of the page opens its footnotes; one higher up may open the notes
    a two-column page sets at the head of a column (`_mark_footnotes` decides)."""
    found = []
    for obj in layout_rules(page):  # page.lines + page.rects, read as layout_chars reads
        width = obj["x1"] - obj["x0"]
        height = abs(obj["bottom"] - obj["top"])
        if height <= 2 and 0.05 * page.width <= width <= RULE_MAX_WIDTH * page.width and obj["top"] > MARGIN_BAND * page.height:
            found.append((float(obj["top"]), float(obj["x0"]), float(obj["x1"])))
    return sorted(found)


def _classify(pages: list[_PageInfo], body_size: float) -> None:
    """Set each line's kind: decoration, furniture, footnote, heading or body."""
    n_pages = len(pages)
    band_texts: Counter[str] = Counter()
    for page in pages:
        for line in page.lines:
            if _in_band(line, page):
                band_texts[_furniture_key(line.text)] += 1
    repeated = {t for t, n in band_texts.items() if n >= max(2, REPEAT_SHARE * n_pages) and t}
    notes_open = False  # the previous page ended inside its notes

    for page in pages:
        tops = sorted(ln.top for ln in page.lines)
        for line in page.lines:
            text = line.text
            if DECORATION_RE.match(text.replace(" ", "")):
                line.kind = T.DECORATION
            elif _in_band(line, page) and (PAGE_NUMBER_RE.match(text) or _furniture_key(text) in repeated):
                line.kind = T.FURNITURE
            elif (
                line.bottom <= MARGIN_BAND * page.height
                and line.size <= SMALL_SIZE_RATIO * body_size
                and _gap_below(line, page, tops) >= HEADER_GAP_RATIO * body_size
            ):
                # Small print above the text block is a running header even on a one-page document
                # (at the foot of a page, small print may be a footnote, so only the top band counts).
                line.kind = T.FURNITURE
        notes_open = _mark_footnotes(page, body_size, notes_open)
        numbered_rows = sorted((ln for ln in page.lines if re.fullmatch(r"\d{1,4}", ln.text)), key=lambda ln: ln.top)
        numbered_tops = [n.top for n in numbered_rows]
        for line in page.lines:
            if line.kind != T.BODY or TOC_ENTRY_RE.search(line.text) or not any(c.isalpha() for c in line.text):
                continue  # a table-of-contents entry ("3. Denmark ...... 7") names a heading, it is not one
            near = numbered_rows[bisect_right(numbered_tops, line.top - 2.5) : bisect_left(numbered_tops, line.top + 2.5)]
            if any(abs(n.top - line.top) < 2 and n.x0 > line.x1 for n in near):
                continue  # the same entry with its page number set apart at the right margin
            if line.size >= HEADING_SIZE_RATIO * body_size and len(line.text) <= MAX_HEADING_CHARS * 2:
                line.kind = T.HEADING
            elif (
                line.bold
                and line.size >= SMALL_SIZE_RATIO * body_size
                and len(line.text) <= MAX_HEADING_CHARS
                and not re.search(r"[.,;:]$", line.text)
            ):
                line.kind = T.HEADING


def _gap_below(line: RawLine, page: _PageInfo, tops: list[float]) -> float:
    """The vertical space between a line and the next line below it on the page (`tops`: the page's line tops, sorted)."""
    i = bisect_right(tops, line.bottom - 0.5)
    return tops[i] - line.bottom if i < len(tops) else page.height - line.bottom


def _in_band(line: RawLine, page: _PageInfo) -> bool:
    return line.bottom <= MARGIN_BAND * page.height or line.top >= (1 - MARGIN_BAND) * page.height


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", text.strip().lower())


def _mark_footnotes(page: _PageInfo, body_size: float, notes_open: bool = False) -> bool:
    """Mark the page's footnote lines; say whether the page ends inside its notes.

    Notes start under a short rule in the lower part of the page, or, without one, as the run of
    small lines at its foot that opens with a number. On two columns (endnotes set by a browser)
    they may also start under a rule higher up a column, run on at the head of the next column,
    and, when the previous page ended inside its notes (`notes_open`), go on at the head of this
    page's first column: a column's head run of small lines belongs to them.
    """
    candidates = [ln for ln in page.lines if ln.kind == T.BODY]
    gutter = page.gutter = column_gutter(sorted(candidates, key=lambda ln: (round(ln.top), ln.x0)), page.width)
    lower = [(top, x0, x1) for top, x0, x1 in page.rules if top > 0.4 * page.height]
    zone: list[RawLine] = []
    if notes_open and not any(top < min((ln.top for ln in candidates), default=0) for top, _, _ in page.rules):
        zone = _head_run(candidates, body_size, gutter, left=True)
        if gutter is not None and len(zone) == sum(1 for ln in candidates if ln.x1 <= gutter):
            zone += _head_run(candidates, body_size, gutter, left=False)
    if lower:
        rule_top, _, rule_x1 = min(lower)
        zone += [ln for ln in candidates if ln.top >= rule_top - 1 and ln.size < body_size]
        if gutter is not None and rule_x1 <= gutter:  # notes that outrun the left column
            zone += _head_run(candidates, body_size, gutter, left=False)
    else:
        zone += _column_notes(page, candidates, body_size, gutter)
    if not lower and not zone:
        # No rule: the run of small lines at the bottom of the page, starting with a number.
        for line in sorted(candidates, key=lambda ln: -ln.top):
            if line.size <= SMALL_SIZE_RATIO * body_size:
                zone.append(line)
            else:
                break
        zone.reverse()
        first = next((i for i, line in enumerate(zone) if _starts_footnote(line)), len(zone))
        zone = zone[first:]
    for line in zone:
        line.kind = T.FOOTNOTE
    last = max(candidates, key=lambda ln: (gutter is not None and ln.x0 >= gutter, ln.top), default=None)
    return last is not None and last.kind == T.FOOTNOTE


def _head_run(candidates: list[RawLine], body_size: float, gutter: float | None, *, left: bool) -> list[RawLine]:
    """The small lines at the head of a column (the left or only one, or the right), down to its first
    line of body size."""
    if gutter is None:
        column = candidates if left else []
    else:
        column = [ln for ln in candidates if (ln.x1 <= gutter if left else ln.x0 >= gutter)]
    run = []
    for line in sorted(column, key=lambda ln: (ln.top, ln.x0)):
        if line.size > SMALL_SIZE_RATIO * body_size:
            break
        run.append(line)
    return run


def _column_notes(page: _PageInfo, candidates: list[RawLine], body_size: float, gutter: float | None) -> list[RawLine]:
    """Notes under a rule higher up the page: the small lines below it in its own column, and
    the head run of the next column when the rule stands in the left one.

    Chromium sets a two-column report's endnotes after a short rule wherever the last column
    reaches, often high on the last page, with body text beside them in the other column; the
    lower-part rule and the bottom run of small lines miss them there (a column's body lines
    end the run). Taken only when the first small line below the rule starts with a note number.
    """
    for top, x0, x1 in page.rules:
        if gutter is not None and x0 < gutter < x1:
            continue  # a rule across both columns is no column's
        small = [ln for ln in candidates if ln.size <= SMALL_SIZE_RATIO * body_size and ln.top >= top - 1]
        if gutter is not None:
            small = [ln for ln in small if (ln.x1 <= gutter if x1 <= gutter else ln.x0 >= gutter)]
        below = sorted(small, key=lambda ln: (ln.top, ln.x0))
        if below and _starts_footnote(below[0]):
            later = _head_run(candidates, body_size, gutter, left=False) if gutter is not None and x1 <= gutter else []
            return below + later
    return []


def _starts_footnote(line: RawLine) -> bool:
    return bool(NOTE_NUMBER_RE.match(line.text))


@dataclass
class _ReadPage:
    """What the parse keeps of a page once pdfplumber's objects for it are released."""

    number: int
    width: float
    height: float
    lines: list[RawLine]  # grouped, their text not yet set (that needs the body size)
    rules: list[tuple[float, float, float]]
    marks: list[tuple[float, float, float, float]]  # small drawn dots and squares: (x0, x1, top, bottom)


def _read_page(page: Any, number: int, path: str | Path) -> _ReadPage:
    """A page's lines and footnote rule; then its pdfplumber objects are freed.

    Anything pdfminer raises while it interprets the page (a damaged content
    stream, a malformed operator, a broken font) is E030 naming the page; a
    limit of `guarded` keeps its own code.
    """
    start_page(number)
    try:
        words = _page_words(page)
        rules = _footnote_rules(page)
        marks = layout_marks(page)
    except Exception as exc:
        if isinstance(exc, (MemoryError, PipelineError)):
            raise
        raise limit_error(exc) or error("E030", EXIT_INPUT, path=path, page=number, detail=_describe(exc)) from exc
    finally:
        page.close()  # frees pdfminer's layout and pdfplumber's chars: memory stays flat in the page count
    width = float(page.width)
    return _ReadPage(number, width, float(page.height), _group_lines(number, words, width), rules, marks)


def _mark_drawn_bullets(lines: list[RawLine], marks: list[tuple[float, float, float, float]]) -> None:
    """A line with a small drawn dot or square just left of its start is a list item: its text gets the
    bullet a text layer would have (`• `), so that the item starts a block as a typed bullet does.

    Browsers draw list bullets as shapes, so a web page saved as PDF has list items with no bullet
    in its text; in ragged-right text they would run together into one sentence."""
    for line in lines:
        if not marks or line.text[:1] in BULLETS:
            continue
        for x0, x1, top, bottom in marks:
            middle = (top + bottom) / 2
            if line.top <= middle <= line.bottom and x1 <= line.x0 + 0.5 and line.x0 - x1 <= 2 * line.size:
                line.text = "• " + line.text
                line.markers = [(number, offset + 2) for number, offset in line.markers]
                break


def _release_objects(pdf: Any) -> None:
    """Drop pdfminer's cache of parsed objects (a page's content streams, inflated) after each page.

    Fonts stay cached in the resource manager (by object number), so a font is
    still built once; other objects are parsed again when a later page needs them.
    """
    doc = pdf.doc
    for cache in ("_cached_objs", "_parsed_objs"):
        held = getattr(doc, cache, None)
        if isinstance(held, dict):
            held.clear()


def _classified_pages(path: str | Path, limits: ParseLimits | None = None) -> tuple[list[_PageInfo], float, int]:
    """Every page's lines, classified; the body size; the page count.

    Pages are read one at a time and released: only their lines stay, and the
    words only of lines that may hold a footnote marker, which needs the body
    size (the document's most common size) known after the last page.
    """
    limits = limits or ParseLimits()
    pdf = open_pdf(path, limits)
    read: list[_ReadPage] = []
    sizes: Counter[float] = Counter()
    try:
        with guarded(limits, str(path)):
            for page in read_pages(pdf, path, limits):
                info = _read_page(page, len(read) + 1, path)
                _release_objects(pdf)
                for line in info.lines:
                    for w in line.words:
                        sizes[w.size] += len(w.text)
                    _settle(line)
                read.append(info)
    finally:
        close_pdf(pdf)
    if not sizes:
        raise error("E005", EXIT_NO_TEXT, path=path)
    empty = [str(p.number) for p in read if not p.lines]
    if empty:  # a scanned page inside a text PDF: its content would vanish without a word
        logger.warning(warning("W006", pages=", ".join(empty), path=path))
    body_size = sizes.most_common(1)[0][0]
    pages: list[_PageInfo] = []
    for info in read:
        for line in info.lines:
            if line.words:  # not settled: it may hold a footnote marker
                _line_text(line, body_size)
        lines = [ln for ln in info.lines if ln.text]
        _mark_drawn_bullets(lines, info.marks)
        pages.append(_PageInfo(info.number, info.width, info.height, lines, info.rules))
    _classify(pages, body_size)
    return pages, body_size, len(read)


def parse_pdf(path: str | Path, *, limits: ParseLimits | None = None) -> T.Document:
    """Parse the PDF at `path` into a Document (stage 1 of the pipeline).

    `limits` bound the work a hostile file may cause (pages, inflated stream
    size, page size, form nesting); a file past one ends in its documented error.
    """
    pages, body_size, n_pages = _classified_pages(path, limits)
    lexicon = Lexicon([ln.text for p in pages for ln in p.lines if ln.kind in (T.BODY, T.FOOTNOTE, T.HEADING)])
    body: list[RawLine] = []
    notes: list[RawLine] = []
    for page in pages:
        flow = [ln for ln in page.lines if ln.kind in (T.BODY, T.HEADING)]
        # One gutter per page, from the text: notes at the foot of two columns are read
        # column by column too, though their few short lines could not show it.
        gutter = column_gutter(sorted(flow, key=lambda ln: (round(ln.top), ln.x0)), page.width)
        body.extend(reading_order(flow, page.width, gutter))
        page_notes = [ln for ln in page.lines if ln.kind == T.FOOTNOTE]
        # a page whose body fills one column while its notes run on into the next: the gutter
        # the classification saw in body and notes together
        notes.extend(reading_order(page_notes, page.width, gutter if gutter is not None else page.gutter))
    blocks = build_blocks(body, body_size, lexicon)
    footnotes = build_footnotes(notes, lexicon)
    known = {f.number for f in footnotes}
    for block in blocks:
        for ref in block.refs:
            if ref.number not in known:
                logger.warning(warning("W002", number=ref.number, page=_page_of(block, ref.offset)))
    return T.Document(path=str(path), n_pages=n_pages, blocks=blocks, footnotes=footnotes, body_size=body_size)


def _page_of(block: T.Block, offset: int) -> int:
    """The page of character `offset` of a block that may run on to later pages."""
    page = block.page
    for start, later_page in block.page_breaks:
        if offset >= start:
            page = later_page
    return page


def lines_of(path: str | Path, *, limits: ParseLimits | None = None) -> list[T.Line]:
    """Every classified line of the PDF in page order, for inspecting the parse."""
    pages, _, _ = _classified_pages(path, limits)
    return [
        T.Line(ln.page, ln.text, ln.x0, ln.x1, ln.top, ln.bottom, ln.size, ln.bold, ln.kind)
        for page in pages
        for ln in sorted(page.lines, key=lambda ln: (ln.top, ln.x0))
    ]
