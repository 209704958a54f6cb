"""Reportlab builders for the parse tests: PDFs typeset from a small spec, with the answers.

A `Report` is a flat list of blocks (headings, paragraphs, bullet lists, paragraphs broken
into lines by hand, a two-column page) plus footnotes. `build_report` typesets it with
Platypus and returns a `Built`: the path and what a correct parse must give back (sections
with their pages, footnotes with theirs). The expected values come from the spec and from
reportlab's own callbacks while it draws (which page a heading or a footnote landed on),
never from the code under test.

Typesetting choices, after `shared/notes/pdf-parsing.md` section 4:

- Fonts are DejaVu TrueType files (embedded subsets): Helvetica and Vera lose ● and •.
- Footnote markers are `<super>` runs with an `<onDraw>` callback; `onPageEnd` draws the
  page's notes below a short rule in a band reserved at the page bottom. A note that does
  not fit is split with `Paragraph.split` and its rest is drawn, without a number, at the
  bottom of the next page.
- pyphen is not installed, so line-end hyphens are not left to reportlab: a `Lines` block
  gives its lines explicitly. A line ending in `TYPESET_HYPHEN` ("-|") prints "-" and is
  a word split by the typesetter (the reader's text drops the hyphen); a line ending in a
  plain "-" is a compound split at its own hyphen (the reader's text keeps it).
- Running header, page number, `>>>>` rules: page furniture and decoration, never text.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Union
from xml.sax.saxutils import escape

from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    FrameBreak,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
)

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")  # Debian package fonts-dejavu-core
# family -> (regular file, bold file)
FONT_FILES = {
    "DejaVuSerif": ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf"),
    "DejaVuSans": ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
}
SERIF = "DejaVuSerif"
SANS = "DejaVuSans"

TYPESET_HYPHEN = "-|"  # line end in a `Lines` block: printed "-", dropped when re-joined
MARKER = re.compile(r"\[\^(\d+)\]")  # footnote marker in spec text: "plan[^3] was"
DEFAULT_RULE = ">" * 16  # the decoration line under a country heading

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 2.5 * cm
MARGIN_TOP = 2.5 * cm
MARGIN_BOTTOM = 1.5 * cm  # the page number stands in it
GUTTER = 0.8 * cm  # between the two columns of a `Columns` page
GREY = Color(0.35, 0.35, 0.35)


# ---------------------------------------------------------------- the spec


@dataclass(frozen=True)
class Heading:
    """A heading line. `country` set: it starts that country's section (and is not text)."""

    text: str
    level: int = 1  # 1: section-heading size, 2: subheading size
    country: str | None = None
    iso2: str = ""
    rule: bool = False  # a ">>>>" decoration line under it


@dataclass(frozen=True)
class Para:
    """A paragraph reflowed by reportlab; `[^N]` puts footnote marker N there."""

    text: str


@dataclass(frozen=True)
class Bullets:
    """A list: one paragraph per item, `glyph` drawn in the bullet position."""

    items: tuple[str, ...]
    glyph: str = "●"


@dataclass(frozen=True)
class Lines:
    """A paragraph broken into exactly these lines (see TYPESET_HYPHEN)."""

    lines: tuple[str, ...]


@dataclass(frozen=True)
class Columns:
    """A page of its own in two columns: `left` fills the left frame, `right` the right one."""

    left: tuple[Block, ...]
    right: tuple[Block, ...]


@dataclass(frozen=True)
class NewPage:
    """Start a new page."""


Block = Union[Heading, Para, Bullets, Lines, Columns, NewPage]


@dataclass(frozen=True)
class Note:
    """A footnote's text (as the reader sees it) and the URLs it contains."""

    text: str
    urls: tuple[str, ...] = ()


@dataclass(frozen=True)
class Report:
    blocks: tuple[Block, ...]
    title: str = ""  # typeset first, at title_size; opens the introduction
    footnotes: Mapping[int, Note] = field(default_factory=dict)
    font: str = SERIF
    body_size: float = 11
    heading_sizes: tuple[float, float] = (14, 12)  # level 1, level 2
    title_size: float = 18
    headings_bold: bool = True
    justify: bool = False
    running_header: str = ""  # drawn at the top of every page when set
    page_number: str = ""  # e.g. "Page {n}" or "{n}", drawn at the foot of every page
    furniture_size: float = 8
    footnote_size: float = 8
    footnote_band: float = 3.5 * cm  # height reserved for footnotes above the page number
    footnote_number: str = "super"  # "super" (raised, smaller) or "plain" ("3 text")
    marker_scale: float = 0.65  # marker size / body size (Word uses about 2/3)
    rule_text: str = DEFAULT_RULE


# ---------------------------------------------------------------- the answers


@dataclass(frozen=True)
class ExpectedSection:
    country: str
    iso2: str
    page_start: int
    page_end: int
    blocks: tuple[str, ...]  # one per paragraph, list item, subheading (title first)

    @property
    def text(self) -> str:
        return "\n".join(self.blocks)


@dataclass(frozen=True)
class ExpectedFootnote:
    number: int
    country: str
    page: int  # where its first part is drawn
    text: str
    urls: tuple[str, ...]


@dataclass(frozen=True)
class Built:
    path: Path
    report: Report
    n_pages: int
    sections: tuple[ExpectedSection, ...]
    footnotes: tuple[ExpectedFootnote, ...]
    continued_footnotes: tuple[int, ...]  # numbers of notes split over two pages
    line_end_hyphens: int  # lines the spec ends with "-" (TYPESET_HYPHEN or compound)
    plain_blocks: tuple[str, ...]  # reflowed one-column paragraphs and headings, as printed (self-check)
    heading_pages: tuple[tuple[str, int], ...]  # (heading text as printed, page)


# ---------------------------------------------------------------- fonts


def register_fonts(font_dir: Path = FONT_DIR) -> None:
    """Register DejaVu Serif and Sans (regular and bold) once; fail clearly without them."""
    registered = set(pdfmetrics.getRegisteredFontNames())
    for family, (regular, bold) in FONT_FILES.items():
        for name, filename in ((family, regular), (f"{family}-Bold", bold)):
            if name in registered:
                continue
            path = font_dir / filename
            if not path.exists():
                raise FileNotFoundError(
                    f"{path} not found: the test PDFs need the DejaVu fonts "
                    "(Debian package fonts-dejavu-core)"
                )
            pdfmetrics.registerFont(TTFont(name, str(path)))
        pdfmetrics.registerFontFamily(
            family, normal=family, bold=f"{family}-Bold", italic=family, boldItalic=f"{family}-Bold"
        )


# ---------------------------------------------------------------- typesetting


@dataclass
class _Unit:
    """One piece of expected text (or a country heading) with its page-mark label."""

    label: str
    text: str
    heading: Heading | None = None  # set for a country heading (which is not section text)
    markers: tuple[int, ...] = ()
    plain: bool = False  # a one-column paragraph reflowed by reportlab


class _Doc(BaseDocTemplate):
    def __init__(self, path: Path, setter: _Typesetter, **kwargs: object) -> None:
        self._setter = setter
        super().__init__(str(path), **kwargs)

    def beforeDocument(self) -> None:
        self.canv.setNamedCB("mark", self._setter.on_mark)


class _Typesetter:
    def __init__(self, report: Report, path: Path) -> None:
        register_fonts()
        self.r = report
        self.path = path
        self.bold = f"{report.font}-Bold" if report.headings_bold else report.font
        self.units: list[_Unit] = []
        self.marks: dict[str, list[tuple[int, str]]] = defaultdict(list)  # label -> (page, frame)
        self.pending: list[int] = []  # footnote numbers whose marker is on this page
        self.carry: list[tuple[int, Paragraph]] = []  # rests of split notes, for the next page
        self.fn_pages: dict[int, int] = {}
        self.continued: list[int] = []
        self.columns: list[tuple[list[str], list[str]]] = []  # labels in (left, right)
        self.doc: _Doc | None = None

        size = report.body_size
        self.width = PAGE_WIDTH - 2 * MARGIN_X
        self.col_width = (self.width - GUTTER) / 2
        self.body = ParagraphStyle(
            "body",
            fontName=report.font,
            fontSize=size,
            leading=round(size * 1.3, 1),
            spaceAfter=round(size * 0.6, 1),
            alignment=TA_JUSTIFY if report.justify else TA_LEFT,
        )
        self.lines_style = ParagraphStyle("lines", parent=self.body, alignment=TA_LEFT)
        self.bullet = ParagraphStyle(
            "bullet",
            parent=self.body,
            alignment=TA_LEFT,
            leftIndent=size * 1.8,
            bulletIndent=size * 0.5,
            bulletFontName=report.font,
            bulletFontSize=size,
            spaceAfter=round(size * 0.3, 1),
        )
        self.heading = {
            level: ParagraphStyle(
                f"h{level}",
                fontName=self.bold,
                fontSize=hsize,
                leading=round(hsize * 1.25, 1),
                spaceBefore=round(hsize * 0.8, 1),
                spaceAfter=round(hsize * 0.4, 1),
                keepWithNext=1,
            )
            for level, hsize in zip((1, 2), report.heading_sizes)
        }
        self.title = ParagraphStyle(
            "title",
            fontName=self.bold,
            fontSize=report.title_size,
            leading=round(report.title_size * 1.25, 1),
            spaceAfter=report.title_size,
        )
        self.rule = ParagraphStyle(
            "rule", parent=self.body, textColor=GREY, spaceBefore=0, keepWithNext=1
        )
        self.note = ParagraphStyle(
            "note",
            fontName=report.font,
            fontSize=report.footnote_size,
            leading=round(report.footnote_size * 1.2, 1),
            spaceAfter=1,
        )

    # -- callbacks while reportlab draws

    def on_mark(self, canv: Canvas, kind: str, label: str) -> None:
        page = canv.getPageNumber()
        assert self.doc is not None
        frame = getattr(self.doc.frame, "id", "") or ""
        if label.startswith("fn:"):
            self.pending.append(int(label[3:]))
        else:
            self.marks[label].append((page, frame))

    def on_page(self, canv: Canvas, doc: _Doc) -> None:
        r = self.r
        canv.saveState()
        canv.setFont(r.font, r.furniture_size)
        canv.setFillColor(GREY)
        if r.running_header:
            y = PAGE_HEIGHT - MARGIN_TOP + 0.9 * cm
            canv.drawString(MARGIN_X, y, r.running_header)
            canv.setStrokeColor(GREY)
            canv.setLineWidth(0.4)
            canv.line(MARGIN_X, y - 3, PAGE_WIDTH - MARGIN_X, y - 3)
        if r.page_number:
            text = r.page_number.format(n=canv.getPageNumber())
            canv.drawCentredString(PAGE_WIDTH / 2, MARGIN_BOTTOM - 0.5 * cm, text)
        canv.restoreState()

    def on_page_end(self, canv: Canvas, doc: _Doc) -> None:
        """Draw this page's footnotes (first any rest carried from the page before)."""
        page = canv.getPageNumber()
        queue = self.carry + [(n, self._note_paragraph(n)) for n in self.pending]
        self.carry, self.pending = [], []
        if not queue:
            return
        top = MARGIN_BOTTOM + self.r.footnote_band
        canv.saveState()
        canv.setLineWidth(0.5)
        canv.line(MARGIN_X, top - 2, MARGIN_X + 4 * cm, top - 2)  # the short rule
        canv.restoreState()
        y, avail = top - 6, self.r.footnote_band - 6
        for i, (number, para) in enumerate(queue):
            _, h = para.wrap(self.width, avail)
            if h <= avail:
                first, rest = para, None
            else:
                parts = para.split(self.width, avail)
                if len(parts) != 2:  # not one line fits: the whole note waits
                    self.carry.extend(queue[i:])
                    break
                first, rest = parts
                _, h = first.wrap(self.width, avail)
            first.drawOn(canv, MARGIN_X, y - h)
            self.fn_pages.setdefault(number, page)
            y -= h + self.note.spaceAfter
            avail -= h + self.note.spaceAfter
            if rest is not None:
                self.continued.append(number)
                self.carry.append((number, rest))
                self.carry.extend(queue[i + 1 :])
                break

    # -- spec to flowables

    def _note_paragraph(self, number: int) -> Paragraph:
        note = self.r.footnotes[number]
        if self.r.footnote_number == "super":
            num = f'<super size="{self.r.footnote_size * 0.7:.1f}" rise="{self.r.footnote_size * 0.35:.1f}">{number}</super>'
        else:
            num = str(number)
        return Paragraph(f"{num} {escape(note.text)}", self.note)

    def _markup(self, text: str, label: str) -> tuple[str, str, tuple[int, ...]]:
        """Spec text -> (reportlab markup with page marks, expected text, marker numbers)."""
        size = self.r.body_size
        numbers = tuple(int(n) for n in MARKER.findall(text))
        for n in numbers:
            if n not in self.r.footnotes:
                raise ValueError(f"marker [^{n}] has no footnote in the spec")

        def sup(m: re.Match[str]) -> str:
            return (
                f'<super size="{size * self.r.marker_scale:.1f}" rise="{size * 0.35:.1f}">'
                f'{m.group(1)}</super><onDraw name="mark" label="fn:{m.group(1)}"/>'
            )

        mark = f'<onDraw name="mark" label="{label}"/>'
        markup = mark + MARKER.sub(sup, escape(text)) + mark
        return markup, MARKER.sub("", text), numbers

    def _unit(self, text: str, *, heading: Heading | None = None, plain: bool = False) -> tuple[str, _Unit]:
        label = f"u{len(self.units)}"
        markup, expected, numbers = self._markup(text, label)
        unit = _Unit(label, expected, heading=heading, markers=numbers, plain=plain)
        self.units.append(unit)
        return markup, unit

    def flowables(self, blocks: Sequence[Block], *, width: float, column: bool = False) -> list[Flowable]:
        out: list[Flowable] = []
        for block in blocks:
            if isinstance(block, Heading):
                heading = block if block.country is not None else None
                markup, _ = self._unit(block.text, heading=heading, plain=not column)
                out.append(Paragraph(markup, self.heading[block.level]))
                if block.rule:
                    out.append(Paragraph(escape(self.r.rule_text), self.rule))
            elif isinstance(block, Para):
                markup, _ = self._unit(block.text, plain=not column)
                out.append(Paragraph(markup, self.body))
            elif isinstance(block, Bullets):
                for item in block.items:
                    markup, _ = self._unit(item, plain=not column)
                    out.append(Paragraph(markup, self.bullet, bulletText=block.glyph))
            elif isinstance(block, Lines):
                out.append(self._lines(block, width))
            elif isinstance(block, Columns):
                if column:
                    raise ValueError("Columns cannot nest")
                out += [NextPageTemplate("two"), PageBreak()]
                start = len(self.units)
                left = self.flowables(block.left, width=self.col_width, column=True)
                middle = len(self.units)
                right = self.flowables(block.right, width=self.col_width, column=True)
                labels = [u.label for u in self.units]
                self.columns.append((labels[start:middle], labels[middle:]))
                out += left + [FrameBreak()] + right + [NextPageTemplate("one"), PageBreak()]
            elif isinstance(block, NewPage):
                out.append(PageBreak())
            else:
                raise TypeError(f"unknown block {block!r}")
        return out

    def _lines(self, block: Lines, width: float) -> Paragraph:
        printed: list[str] = []
        expected = ""
        for i, line in enumerate(block.lines):
            typeset_break = line.endswith(TYPESET_HYPHEN)
            shown = line[: -len(TYPESET_HYPHEN)] + "-" if typeset_break else line
            plain = MARKER.sub("", shown)
            if pdfmetrics.stringWidth(plain, self.r.font, self.r.body_size) > width:
                raise ValueError(f"line too long for the frame, reportlab would re-break it: {line!r}")
            printed.append(shown)
            if i == len(block.lines) - 1:
                expected += shown
            elif typeset_break:
                expected += shown[:-1]
            elif shown.endswith("-"):
                expected += shown
            else:
                expected += shown + " "
        label = f"u{len(self.units)}"
        mark = f'<onDraw name="mark" label="{label}"/>'
        parts = [self._markup(line, label)[0].replace(mark, "") for line in printed]
        numbers = tuple(int(n) for line in printed for n in MARKER.findall(line))
        self.units.append(_Unit(label, MARKER.sub("", expected), markers=numbers))
        return Paragraph(mark + "<br/>".join(parts) + mark, self.lines_style)


def build_report(report: Report, path: Path, *, encrypt: str | None = None) -> Built:
    """Typeset `report` to `path` and return what a correct parse of it must give."""
    setter = _Typesetter(report, path)
    top = PAGE_HEIGHT - MARGIN_TOP
    bottom = MARGIN_BOTTOM + report.footnote_band + 0.3 * cm
    height = top - bottom
    one = Frame(MARGIN_X, bottom, setter.width, height, id="body", leftPadding=0, rightPadding=0)
    left = Frame(MARGIN_X, bottom, setter.col_width, height, id="left", leftPadding=0, rightPadding=0)
    right = Frame(
        MARGIN_X + setter.col_width + GUTTER, bottom, setter.col_width, height,
        id="right", leftPadding=0, rightPadding=0,
    )
    doc = _Doc(
        path,
        setter,
        pagesize=A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=report.title or path.stem,
        author="tests/pdf_factory.py",
        encrypt=encrypt,
    )
    setter.doc = doc
    doc.addPageTemplates(
        [
            PageTemplate("one", [one], onPage=setter.on_page, onPageEnd=setter.on_page_end),
            PageTemplate("two", [left, right], onPage=setter.on_page, onPageEnd=setter.on_page_end),
        ]
    )
    story: list[Flowable] = []
    if report.title:
        markup, _ = setter._unit(report.title, plain=True)
        story.append(Paragraph(markup, setter.title))
    story += setter.flowables(report.blocks, width=setter.width)
    doc.build(story)
    if setter.carry or setter.pending:
        raise ValueError("footnotes left over at the end: add body text after their markers")
    return _answers(setter, path, doc.page)


def _answers(setter: _Typesetter, path: Path, n_pages: int) -> Built:
    report = setter.r
    marks = setter.marks
    for unit in setter.units:
        if not marks.get(unit.label):
            raise ValueError(f"{unit.text[:40]!r} was never drawn")
    for left, right in setter.columns:
        column_pages = {p for label in left + right for p, _ in marks[label]}
        frames_left = {f for label in left for _, f in marks[label]}
        frames_right = {f for label in right for _, f in marks[label]}
        if len(column_pages) != 1 or frames_left != {"left"} or frames_right != {"right"}:
            raise ValueError(
                f"a Columns block overflows its page or columns (pages {column_pages}, "
                f"left in {frames_left}, right in {frames_right}): shorten it"
            )

    # Sections: a country heading opens one; anything before the first is the introduction.
    groups: list[tuple[Heading | None, _Unit | None, list[_Unit]]] = []
    for unit in setter.units:
        if unit.heading is not None:
            groups.append((unit.heading, unit, []))
        else:
            if not groups:
                groups.append((None, None, []))
            groups[-1][2].append(unit)
    sections = []
    country_of: dict[int, str] = {}
    for heading, heading_unit, units in groups:
        country = heading.country if heading is not None else ""
        labels = [u.label for u in units] + ([heading_unit.label] if heading_unit else [])
        pages = [p for label in labels for p, _ in marks[label]]
        first = heading_unit or units[0]
        sections.append(
            ExpectedSection(
                country=country or "",
                iso2=heading.iso2 if heading is not None else "",
                page_start=min(p for p, _ in marks[first.label]),
                page_end=max(pages),
                blocks=tuple(u.text for u in units),
            )
        )
        for u in units:
            for n in u.markers:
                country_of[n] = country or ""
    footnotes = tuple(
        ExpectedFootnote(
            number=n,
            country=country_of[n],
            page=setter.fn_pages[n],
            text=report.footnotes[n].text,
            urls=report.footnotes[n].urls,
        )
        for n in sorted(country_of)
    )
    unused = set(report.footnotes) - set(country_of)
    if unused:
        raise ValueError(f"footnotes without a marker in the text: {sorted(unused)}")
    for number, note in report.footnotes.items():
        if any(url not in note.text for url in note.urls) or note.text.count("://") != len(note.urls):
            raise ValueError(f"footnote {number}: urls must list each URL of its text, in order")
    hyphens = sum(
        1
        for block in walk_blocks(report.blocks)
        if isinstance(block, Lines)
        for line in block.lines[:-1]
        if line.endswith("-") or line.endswith(TYPESET_HYPHEN)
    )
    return Built(
        path=path,
        report=report,
        n_pages=n_pages,
        sections=tuple(sections),
        footnotes=footnotes,
        continued_footnotes=tuple(setter.continued),
        line_end_hyphens=hyphens,
        plain_blocks=tuple(u.text for u in setter.units if u.plain),
        heading_pages=tuple(
            (MARKER.sub("", u.text), marks[u.label][0][0])
            for u in setter.units
            if u.heading is not None
        ),
    )


def walk_blocks(blocks: Sequence[Block]) -> list[Block]:
    out: list[Block] = []
    for b in blocks:
        out.append(b)
        if isinstance(b, Columns):
            out += walk_blocks(b.left) + walk_blocks(b.right)
    return out


# ---------------------------------------------------------------- bad inputs


def write_no_text_pdf(path: Path, *, pages: int = 2) -> Path:
    """A 'scanned' report: rectangles, lines and a greyscale image, no text at all."""
    from PIL import Image, ImageDraw  # Pillow is a reportlab dependency

    image = Image.new("L", (400, 560), 255)
    draw = ImageDraw.Draw(image)
    for y in range(40, 520, 14):  # grey bars where text lines would be
        draw.rectangle((30, y, 370 - (y * 7) % 90, y + 6), fill=90)
    image_path = path.with_suffix(".png")
    image.save(image_path)
    canv = Canvas(str(path), pagesize=A4)
    for _ in range(pages):
        canv.setFillColor(Color(0.8, 0.8, 0.8))
        canv.rect(MARGIN_X, PAGE_HEIGHT - 4 * cm, PAGE_WIDTH - 2 * MARGIN_X, 1.2 * cm, fill=1, stroke=0)
        canv.line(MARGIN_X, 3 * cm, PAGE_WIDTH - MARGIN_X, 3 * cm)
        canv.drawImage(str(image_path), MARGIN_X, 4 * cm, width=14 * cm, height=19.6 * cm)
        canv.showPage()
    canv.save()
    image_path.unlink()
    return path


def write_truncated_pdf(source: Path, path: Path) -> Path:
    """The first half of a valid PDF's bytes (a download cut short)."""
    data = source.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def write_empty_file(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def write_text_file(path: Path) -> Path:
    """A plain text file that only pretends to be a PDF by its name."""
    path.write_text(
        "The role of local authorities in national strategies\n\n"
        "This is the text of the report, saved as plain text, not as a PDF.\n",
        encoding="utf-8",
    )
    return path


# ---------------------------------------------------------------- prose


_SENTENCES = (
    "The national strategy in {place} gives local authorities a central role in prevention.",
    "Municipalities are expected to coordinate the work of schools, youth services and the police.",
    "A local coordinator is appointed in each large city and reports to the mayor twice a year.",
    "The ministry funds training for frontline staff who may meet young people at risk.",
    "Social workers should refer worrying cases to a panel that meets every month.",
    "The police must share relevant information with the municipality when a case is opened.",
    "In {place}, civil society organisations run mentoring schemes with public funding.",
    "Several cities adopted their own action plans before the national plan was published.",
    "The evaluation found that the smaller municipalities lacked staff and expertise.",
    "Parents and teachers can call a helpline run by an independent association.",
    "Regional authorities may support the municipalities that ask for help with complex cases.",
    "The plan for {place} was revised after a public consultation with local partners.",
    "Local partnerships bring together health services, housing officers and community leaders.",
    "Each municipality must report the number of referrals to the national coordinator.",
    "Exit programmes for people who want to leave extremist groups are run by the probation service.",
    "The government published guidance on the duties of local authorities in {place}.",
    "Mayors chair the local security councils and set their priorities every year.",
    "A network of practitioners exchanges experience on prevention across the country.",
    "The strategy distinguishes general prevention, targeted prevention and intervention.",
    "Funding for local projects is granted for three years and then evaluated.",
    "Youth workers were trained to recognise early signs of radicalisation among pupils.",
    "The municipal council decides how the prevention budget is spent in {place}.",
)


def prose(place: str, n: int, start: int = 0) -> str:
    """`n` sentences of plausible policy prose about `place`, from sentence `start` on."""
    return " ".join(_SENTENCES[(start + i) % len(_SENTENCES)].format(place=place) for i in range(n))


# ---------------------------------------------------------------- the test reports

RUNNING_HEADER = "Local authorities and radicalisation · Working paper 7"


def serif_numbered() -> Report:
    """Serif, justified, numbered country headings with '>>>>' rules, subheadings (one
    numbered, one naming a country), a running header and "Page N" at the foot."""
    return Report(
        title="The Role of Local Authorities in National Strategies",
        font=SERIF,
        body_size=11,
        heading_sizes=(14, 12),
        justify=True,
        running_header=RUNNING_HEADER,
        page_number="Page {n}",
        footnotes={
            1: Note("European Commission, Radicalisation Awareness Network, practitioners’ papers, 2016."),
            2: Note("Law No. 05/L-002 on the prevention of violent extremism, Official Gazette, 2015."),
            3: Note("Interview with a municipal coordinator in Brno, March 2017."),
        },
        blocks=(
            Heading("Introduction", level=1),
            Para(prose("Europe", 6, 0) + " Practitioners’ networks helped to compare them.[^1]"),
            Para(prose("Europe", 5, 6)),
            Heading("1. Kosovo", country="Kosovo", iso2="XK", rule=True),
            Heading("Background", level=2),
            Para(prose("Kosovo", 8, 2)),
            Para("The strategy was adopted in 2015[^2] and covers five years. " + prose("Kosovo", 6, 10)),
            Heading("1.1 Legal framework", level=2),
            Para(prose("Kosovo", 9, 5)),
            Heading("Cooperation with Serbia", level=2),
            Para(prose("Kosovo", 7, 14)),
            Heading("2. Czechia", country="Czechia", iso2="CZ", rule=True),
            Heading("Background", level=2),
            Para(prose("Czechia", 7, 3)),
            Para("Coordinators in Brno and Ostrava described the same difficulties.[^3] " + prose("Czechia", 4, 12)),
            Heading("3. Türkiye", country="Türkiye", iso2="TR", rule=True),
            Heading("3.1 Local coordination", level=2),
            Para(prose("Türkiye", 9, 7)),
            Para(prose("Türkiye", 8, 16)),
            Heading("3.2 Evaluation", level=2),
            Para(prose("Türkiye", 6, 1)),
        ),
    )


def sans_sizes() -> Report:
    """Sans, 10 pt body, 16 pt headings without numbers; country names that need an alias
    table (curly apostrophe, 'The Netherlands', 'United Kingdom'); '•' bullets; plain
    footnote numbers; a bare page number at the foot and no running header."""
    return Report(
        title="Prevention Policies Compared",
        font=SANS,
        body_size=10,
        heading_sizes=(16, 12),
        title_size=20,
        page_number="{n}",
        footnote_number="plain",
        footnotes={
            1: Note("Ministère de l’Intérieur, rapport annuel, Abidjan, 2016."),
            2: Note("Home Office, Prevent duty guidance, 2015, https://www.example.org/uk/prevent-duty",
                    urls=("https://www.example.org/uk/prevent-duty",)),
        },
        blocks=(
            Para(prose("Europe", 5, 4)),
            Heading("Côte d’Ivoire", country="Côte d’Ivoire", iso2="CI"),
            Para(prose("Côte d’Ivoire", 7, 0) + " The ministry’s annual report lists the programmes.[^1]"),
            Heading("Local coordination", level=2),
            Para(prose("Abidjan", 6, 8)),
            Heading("Germany", country="Germany", iso2="DE"),
            Para(prose("Germany", 8, 3)),
            Bullets(
                (
                    "Counselling centres for families in every federal state.",
                    "Training for teachers and youth workers.",
                    "Exit programmes run by civil society organisations.",
                ),
                glyph="•",
            ),
            Para(prose("Germany", 5, 13)),
            Heading("United Kingdom", country="United Kingdom", iso2="GB"),
            Para("The Prevent duty[^2] applies to specified authorities. " + prose("the United Kingdom", 9, 9)),
            Heading("The Netherlands", country="The Netherlands", iso2="NL"),
            Para(prose("the Netherlands", 8, 18)),
        ),
    )


LONG_NOTE = (
    "Ministry of Foreign Affairs and Ministry of Justice, “Prevention of radicalisation and "
    "extremism: national action plan”, 2016, https://www.example.org/dk/action-plan-2016.pdf. "
    "The plan lists twelve initiatives; the municipalities are responsible for seven of them, "
    "including the local information and prevention networks, the mentoring scheme for "
    "young people at risk, the exit programme run together with the police and the "
    "probation service, the training of frontline staff in schools, day care and social "
    "services, the helpline for parents, the dialogue with religious communities, and the "
    "yearly report to the national centre for the prevention of extremism. The national "
    "centre publishes guidance for each initiative, funds the first three years of the "
    "local networks and evaluates them in a report to parliament every second year. "
    "See also the evaluation by the national audit office, "
    "https://www.example.org/dk/audit-2018, which found that the smaller municipalities "
    "share one coordinator between them and rarely convene their network more than twice "
    "a year, and the answer of the minister to the parliamentary question on the "
    "resources of the networks."
)


def footnotes_run_on() -> Report:
    """Serif, '3.1 Denmark'-style headings, eleven footnotes with URLs (two-digit markers),
    one note too long for the footnote band that continues at the bottom of the next page."""
    return Report(
        title="Local Prevention Networks in Three Countries",
        font=SERIF,
        body_size=11,
        heading_sizes=(14, 12),
        running_header=RUNNING_HEADER,
        page_number="Page {n}",
        footnote_band=3.5 * cm,
        footnotes={
            1: Note("Council of Europe, guidelines for prisons and probation services, 2016."),
            2: Note("Act on municipal crime prevention, 2015, https://www.example.org/dk/act-2015",
                    urls=("https://www.example.org/dk/act-2015",)),
            3: Note("Interview with the coordinator of the Aarhus network, 2017."),
            4: Note(LONG_NOTE, urls=("https://www.example.org/dk/action-plan-2016.pdf",
                                     "https://www.example.org/dk/audit-2018")),
            5: Note("Minutes of the network meeting of 4 May 2017."),
            6: Note("Federal plan “R”, https://www.example.org/be/plan-r.pdf (accessed 3 May 2017).",
                    urls=("https://www.example.org/be/plan-r.pdf",)),
            7: Note("Circular of the Ministry of the Interior on local task forces, 2015."),
            8: Note("Brussels Region, regional plan for prevention, https://www.example.org/be/brussels.",
                    urls=("https://www.example.org/be/brussels",)),
            9: Note("Interview with a prefect’s adviser, Paris, 2017."),
            10: Note("Inter-ministerial committee, national plan 2018, "
                     "https://www.example.org/fr/pnpr-2018.pdf and https://www.example.org/fr/annex",
                     urls=("https://www.example.org/fr/pnpr-2018.pdf", "https://www.example.org/fr/annex")),
            11: Note("Prefectoral cells are chaired by the prefect and meet every month."),
        },
        blocks=(
            Para(prose("Europe", 4, 0) + " Probation services are also involved.[^1]"),
            Heading("3.1 Denmark", country="Denmark", iso2="DK"),
            Para("The municipalities act under the crime prevention act[^2] and the Aarhus "
                 "network is often cited as a model.[^3] " + prose("Denmark", 6, 2)),
            Para("The national action plan[^4] gives the municipalities most of the work. "
                 + prose("Denmark", 5, 9)),
            Para(prose("Denmark", 10, 14)),
            Para("The network met monthly in 2017.[^5] " + prose("Denmark", 6, 4)),
            Heading("3.2 Belgium", country="Belgium", iso2="BE"),
            Para("The federal plan “R”[^6] and a ministerial circular[^7] define local task "
                 "forces. The Brussels Region has its own plan.[^8] " + prose("Belgium", 8, 6)),
            Para(prose("Belgium", 9, 12)),
            Heading("3.3 France", country="France", iso2="FR"),
            Para("Prefects chair the departmental cells,[^9] as the national plan of 2018 "
                 "confirmed.[^10] " + prose("France", 7, 0)),
            Para("The cells[^11] follow each case. " + prose("France", 8, 8)),
        ),
    )


def hyphenation() -> Report:
    """Lines broken by hand: words split by the typesetter (radical-|isation) and compounds
    split at their own hyphen (multi-agency), some of them also used mid-line."""
    return Report(
        title="Local Networks against Radicalisation",
        font=SANS,
        body_size=11,
        heading_sizes=(14, 12),
        running_header=RUNNING_HEADER,
        page_number="Page {n}",
        blocks=(
            Para(prose("Europe", 4, 0)),
            Heading("Denmark", country="Denmark", iso2="DK"),
            Lines((
                "The national action plan asks every municipality to prevent radical-|",
                "isation among young people and to set up a multi-",
                "agency panel. The members of the panel follow information-",
                "sharing protocols agreed with the police and with non-",
                "governmental organisations that work on counter-",
                "radicalisation in schools, sports clubs and youth centres.",
            )),
            Para(prose("Denmark", 5, 3)),
            Lines((
                "Municipal information-sharing rules and counter-radicalisation work",
                "are reviewed every year, and the level of radicalisation is discussed",
                "by the mayor, the police and the other local authori-|",
                "ties in a joint meeting each spring. The coordin-|",
                "ation of the panels is the task of the mayor; the coordination budget",
                "is set by the municipal council.",
            )),
            Heading("Belgium", country="Belgium", iso2="BE"),
            Para(prose("Belgium", 5, 8)),
            Lines((
                "Local task forces bring together the police, the schools and the munici-|",
                "palities of the district; the information-",
                "sharing agreement of 2015 is their legal basis.",
            )),
        ),
    )


def two_columns() -> Report:
    """No title (so no introduction); Austria on page 1, Norway on a two-column page 2
    (a subheading and a footnote in the right column), Spain on page 3."""
    return Report(
        font=SERIF,
        body_size=10,
        heading_sizes=(14, 11),
        running_header=RUNNING_HEADER,
        page_number="Page {n}",
        footnotes={1: Note("Norwegian Directorate of Health, guide for municipalities, 2016.")},
        blocks=(
            Heading("Austria", country="Austria", iso2="AT"),
            Para(prose("Austria", 8, 0)),
            Para(prose("Austria", 6, 9)),
            Columns(
                left=(
                    Heading("Norway", country="Norway", iso2="NO"),
                    Para("LEFT COLUMN FIRST. " + prose("Norway", 8, 1)),
                    Para(prose("Oslo", 8, 10) + " End of the left column."),
                ),
                right=(
                    Para("RIGHT COLUMN SECOND. " + prose("Bergen", 7, 4)),
                    Heading("Local coordination", level=2),
                    Para("The directorate’s guide[^1] is used by most municipalities. "
                         + prose("Norway", 7, 13) + " End of the right column."),
                ),
            ),
            Heading("Spain", country="Spain", iso2="ES"),
            Para(prose("Spain", 9, 5)),
        ),
    )


def typography() -> Report:
    """Curly quotes, accented names, en dashes, and lists with ●, ▪ and – bullets (one item
    wraps, one carries a footnote marker, one opens with a quotation mark)."""
    return Report(
        title="“Prevent” and Its Critics: Local Authorities’ Duties",
        font=SERIF,
        body_size=11,
        heading_sizes=(14, 12),
        running_header=RUNNING_HEADER,
        page_number="Page {n}",
        footnotes={1: Note("Interview with Inés Martínez Díaz, “Prevención local”, Málaga, 2017.")},
        blocks=(
            Para("Critics call the approach “promising but under-resourced”; the authors’ "
                 "survey covered 2015–2017. " + prose("Europe", 3, 0)),
            Heading("Belgium", country="Belgium", iso2="BE"),
            Para("In Liège, the Préfet’s office and the échevin for prevention meet Frédéric "
                 "Müller’s team every month. " + prose("Belgium", 4, 2)),
            Bullets((
                "the local task force (LTF), chaired by the mayor;",
                "the “Info Houses” run by the municipalities, which answer questions from "
                "parents, teachers and social workers and refer the most worrying cases to "
                "the local task force;",
                "the Préfecture’s monthly cell.",
            ), glyph="●"),
            Para(prose("Belgium", 5, 7)),
            Heading("Portugal", country="Portugal", iso2="PT"),
            Para("Mayors such as José Gonçalves in Évora and Zé Antunes in Setúbal lead the "
                 "local councils. " + prose("Portugal", 4, 12)),
            Bullets((
                "schools and universities;",
                "health services in São Brás and Óbidos.[^1]",
            ), glyph="▪"),
            Bullets((
                "municipal social services;",
                "“Programa Escolhas” youth projects.",
            ), glyph="–"),
            Para(prose("Portugal", 5, 17)),
        ),
    )


def no_country() -> Report:
    """Text with title and headings but no heading that names a country."""
    return Report(
        title="Annual Review of Community Safety Programmes",
        font=SANS,
        body_size=11,
        heading_sizes=(14, 12),
        page_number="Page {n}",
        blocks=(
            Heading("Introduction", level=1),
            Para(prose("the region", 8, 0)),
            Heading("Background", level=1),
            Para(prose("the region", 10, 8)),
            Heading("Findings", level=2),
            Para(prose("the city", 12, 3)),
            Para(prose("the city", 12, 15)),
        ),
    )


LAYOUTS = {
    "serif_numbered": serif_numbered,
    "sans_sizes": sans_sizes,
    "footnotes_run_on": footnotes_run_on,
    "hyphenation": hyphenation,
    "two_columns": two_columns,
    "typography": typography,
    "no_country": no_country,
}
