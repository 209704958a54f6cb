"""Plain records passed between the stages (parse → sections → nlp → extract → export).

Like pdfplumber's object model, these are simple data: no behaviour beyond small
derived properties, so every stage can be tested on hand-made instances.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

# Line classes decided by the parse stage.
HEADING = "heading"
BODY = "body"
FOOTNOTE = "footnote"
FURNITURE = "furniture"  # running header, page number
DECORATION = "decoration"  # rules such as ">>>>"
LINE_KINDS = (HEADING, BODY, FOOTNOTE, FURNITURE, DECORATION)

# A spreadsheet runs a CSV cell starting with one of these as a formula (CSV
# injection): export prefixes such cells with `'`, evaluate strips it again.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Line:
    """One text line on a page, with the typography it was classified from."""

    page: int  # 1-based
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float  # dominant font size of the line's characters
    bold: bool
    kind: str = BODY


@dataclass(frozen=True)
class FootnoteRef:
    """A superscript marker: footnote `number` follows character `offset` of its block."""

    number: int
    offset: int


@dataclass(frozen=True)
class Block:
    """A paragraph, list item or heading of body text, in reading order."""

    kind: str  # HEADING or BODY
    text: str
    page: int  # page where the block starts
    # (offset in text, page) for each page the block runs on to after its first.
    page_breaks: tuple[tuple[int, int], ...] = ()
    refs: tuple[FootnoteRef, ...] = ()
    size: float = 0.0  # font size of a heading; ranks heading levels


@dataclass(frozen=True)
class Footnote:
    number: int
    page: int
    text: str
    urls: tuple[str, ...] = ()


@dataclass
class Document:
    """The parsed PDF: body blocks in reading order, footnotes, and counts."""

    path: str
    n_pages: int
    blocks: list[Block]
    footnotes: list[Footnote]
    body_size: float = 0.0


@dataclass
class Section:
    """The body text of one country (or the introduction, country "")."""

    country: str
    iso2: str
    page_start: int
    page_end: int
    text: str
    # Sorted (offset, page): text from offset on stands on page, until the next entry.
    page_map: list[tuple[int, int]] = field(default_factory=list)
    # Offsets in text where a block (paragraph, list item, subheading) starts.
    block_starts: list[int] = field(default_factory=list)
    # (footnote number, offset in text just after the marker)
    refs: list[tuple[int, int]] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)

    def page_at(self, offset: int) -> int:
        """The page the character at `offset` stands on."""
        if not self.page_map:
            return self.page_start
        i = bisect_right([o for o, _ in self.page_map], offset) - 1
        return self.page_map[max(i, 0)][1]
