#!/usr/bin/env python3
"""Build a test report from its source and check its gold: one tool for every report in tests/data.

A report folder holds `report.json`:

    {"title": "...", "heading": "plain" | "numbered",
     "sections": [{"country": "Canada", "passages": ["b01", "b03"]}, ...],   # real-text reports
     "producers": [{"pdf": "x.pdf", "engine": "libreoffice" | "chromium" | "latex" | "reportlab",
                    "style": {...}}]}

or, for a report written as one Markdown file, `"source": "source.md"` and `"countries": [...]`
instead of `"sections"`, with optionally `"country_level": 3` (country headings are `###`, default
`##`) and `"chapters": ["Conclusions"]` (headings at the country level or above that start a section
of their own after the first country; named without their number). A real-text report is assembled
from passages in `tests/data/real/passages/` (`<id>.md`: front matter with publisher, url, licence,
country; verbatim text in pandoc Markdown; `<id>.gold.jsonl`: its gold, written by reading it): the
builder writes `source.md` (the title, one `##` heading per country, the passages, a footnote per
passage citing its source) and `gold.jsonl` (the passages' gold in section order) beside
`report.json`, then typesets each producer's PDF. A section with `"country": ""` (passages of an
EU-wide or international text) stands in the introduction, before the first country heading.

    python tests/data/build.py tests/data/real/reports/dev-a            # assemble, check, build PDFs
    python tests/data/build.py --check tests/data/real/reports/dev-a    # assemble and check only
    python tests/data/build.py --check-pdf tests/data/heldout2          # check the gold and the PDFs there
    python tests/data/build.py --engine chromium tests/data/heldout     # only that producer's PDFs
    python tests/data/build.py --keep build-files tests/data/heldout3        # keep reference.docx, DOCX, logs

Gold checks (standard library only): every gold line is a JSON object with its type's keys and
string values, a known label or deontic class; each sentence_quote is 30 characters or more and
occurs in its section's body text; a bearer_text occurs in its quote; each entity text occurs in its
section at least as often as it is listed (whole words). A non-empty issuer that the section never
names is reported as a warning. Prints the counts (and, with --review, every entity string that
occurs more often than it is listed: a nested mention or a miss). Exit status 1 when a check fails.

PDF checks (after building, or with --check-pdf; need pdfplumber, the pipeline's PDF reader): every
page is A4; the text comes back with no `(cid:` and no U+FFFD; the body (the commonest size), the
footnotes and the headings used are set at the sizes the producer's style asks for; every
sentence_quote and every gold entity text occurs in the PDF's text (characters smaller than the
body, i.e. note markers, notes and page furniture, left out; read across the page and column by
column; hyphens and white space ignored, so a word split at a line end still matches).

Producers (Debian 12 packages; the producer's `style` object, all keys optional, sizes in pt,
margins in cm):

- libreoffice: pandoc -> DOCX -> LibreOffice 7.4 (pandoc, libreoffice-writer; hyphen-en-gb for
  `hyphenate`). The look comes from a reference.docx that `reference_docx` writes from pandoc's
  default one (`pandoc --print-default-data-file reference.docx`); with no style, Liberation Serif
  11 pt with 9 pt notes (pandoc's own sets the notes at the body size, which a parser cannot tell
  from body text). Style keys (defaults in DOCX_STYLE): `font`, `size`
  (body), `headings` (sizes of heading levels 1-4; level 1 is the `#` title), `heading_italic`
  (levels set bold italic), `footnote_size`, `margins` (one value or [top, right, bottom, left]),
  `justify`, `hyphenate` (w:autoHyphenation, en-GB), `header` (running header text, 8 pt italic,
  right-aligned; "" none), `header_rule` (a rule under it), `page_number` ("{n}", "Page {n}"; ""
  none), `page_number_align` ("center", "right", "left"), `furniture_size` (header and footer),
  `columns` (2: one column up to the first country heading, two from there on, continuous section
  break), `line_height` (a factor of single spacing), `spacing` (pt: `default` after every
  paragraph, `paragraph` and `list` [before, after], `headings` [[before, after], ...] per level,
  `footnote` [before, after]).
- chromium: pandoc -> HTML -> headless Chromium (pandoc, chromium); pandoc's footnotes become
  endnotes. Style keys (defaults in CSS_STYLE): `font`, `size`, `line_height`, `margins`,
  `headings` (h1-h3 sizes; null: body size), `heading_italic`, `footnote_size`, `justify`,
  `columns` (everything after the title in CSS columns), `lang`, `background` (a page colour,
  painted as a rectangle), `marker_size` (em), `notes_rule` (width of the rule above the notes,
  %), `notes_left` (notes not justified), `title_line_height`, `break_urls` (long addresses may
  break anywhere, so that a narrow column does not make Chromium shrink the page), `spacing` (em of the element's
  size: `paragraph`, `list` [before, after], `list_indent`, `item`, `headings` [[before, after],
  ...], `notes` (gap above them)).
- latex: pandoc -> pdfLaTeX (texlive-latex-recommended). Style keys: `size`, `margins`.
- reportlab: tests/pdf_factory.py, pure Python: CI can rebuild it. Style keys: `font` (DejaVuSerif,
  DejaVuSans), `size`, `footnote_size`, `header`, `page_number`.

The keys `font`, `size`, `columns`, `header`, `page_number` may also stand on the producer itself
(the older form).
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

DATA = Path(__file__).resolve().parent
PASSAGES = DATA / "real" / "passages"
LABELS = {"ORG", "POLICY", "ACTOR", "PLACE", "DATE"}
DEONTICS = {"obligation", "prohibition", "recommendation", "permission", "responsibility"}
ENTITY_KEYS = {"type", "country", "label", "text"}
OBLIGATION_KEYS = {"type", "country", "bearer", "deontic", "trigger", "aim", "issuer", "sentence_quote"}
MIN_QUOTE = 30  # the guidelines' shortest sentence_quote


# ---------------------------------------------------------------- passages


@dataclass(frozen=True)
class Passage:
    id: str
    meta: dict[str, str]
    text: str  # pandoc Markdown, verbatim from the source

    @property
    def gold_path(self) -> Path:
        return PASSAGES / f"{self.id}.gold.jsonl"


def read_passage(passage_id: str, folder: Path = PASSAGES) -> Passage:
    raw = (folder / f"{passage_id}.md").read_text("utf-8")
    match = re.match(r"^---\n(.*?)\n---\n(.*)$", raw, re.S)
    if not match:
        raise ValueError(f"{passage_id}.md: no front matter between --- lines")
    meta = {}
    for line in match.group(1).splitlines():
        key, sep, value = line.partition(":")
        if sep:
            meta[key.strip()] = value.strip().strip('"')
    return Passage(passage_id, meta, match.group(2).strip())


def citation(p: Passage) -> str:
    return f"{p.meta.get('publisher', '')}, “{p.meta.get('title', '')}”, {p.meta.get('url', '')} ({p.meta.get('licence', '')})."


# ---------------------------------------------------------------- assembling


def heading(country: str, number: int, style: str) -> str:
    return f"## {number}. {country}" if style == "numbered" else f"## {country}"


def assemble(folder: Path, config: dict) -> None:
    """Write source.md and gold.jsonl of a real-text report from its passages."""
    lines = [f"# {config['title']}", ""]
    if config.get("intro"):
        lines += [config["intro"], ""]
    notes: list[str] = []
    gold: list[str] = []
    intro_gold = folder / "intro.gold.jsonl"
    if intro_gold.exists():
        gold += [g for g in intro_gold.read_text("utf-8").splitlines() if g.strip()]
    number = 0
    for section in config["sections"]:
        # A section with country "" holds passages of the introduction (before the first heading).
        if section["country"]:
            number += 1
            lines += [heading(section["country"], number, config.get("heading", "plain")), ""]
        for pid in section["passages"]:
            p = read_passage(pid)
            if p.meta.get("country") != section["country"]:
                raise ValueError(f"{pid}: country {p.meta.get('country')!r} under {section['country']!r}")
            notes.append(citation(p))
            body = p.text.split("\n\n")
            # The source note goes after the first paragraph that is not a heading or list.
            for i, block in enumerate(body):
                if not block.startswith(("#", "-", "*")):
                    body[i] = block.rstrip() + f"[^{len(notes)}]"
                    break
            lines += ["\n\n".join(body), ""]
            gold += [g for g in p.gold_path.read_text("utf-8").splitlines() if g.strip()]
    lines += [f"[^{n}]: {text}" for n, text in enumerate(notes, 1)]
    (folder / "source.md").write_text("\n".join(lines).rstrip() + "\n", "utf-8")
    (folder / "gold.jsonl").write_text("\n".join(gold) + "\n", "utf-8")


# ---------------------------------------------------------------- checking the gold

HEADING_RE = re.compile(r"^(#{2,6})\s+(?:\d+(?:\.\d+)*\.?\s+)?(.+?)\s*$")


def heading_name(text: str) -> str:
    """A heading's section name: its text without a subtitle after a colon or a dash."""
    return re.split(r"\s*(?::|\s[–—-])\s+", text)[0]


def split_notes(md: str) -> tuple[list[str], list[str]]:
    """The body lines and the footnote lines (`[^n]: ...` and their indented continuations)."""
    body: list[str] = []
    notes: list[str] = []
    for line in md.splitlines():
        (notes if re.match(r"^\[\^\d+\]:", line) or (notes and line.startswith("    ")) else body).append(line)
    return body, notes


def section_texts(md: str, countries: set[str], chapters: set[str] = frozenset(),  # type: ignore[assignment]
                  level: int = 2) -> tuple[dict[str, str], list[str]]:
    """Body text per section of a pandoc Markdown report (footnote markers, heading, list and
    emphasis marks dropped, white space collapsed) and the footnote numbers. A heading of `level`
    naming a country starts its section; after the first country, a heading at that level or above
    named in `chapters` starts a section of its own; every other heading is body text."""
    body, notes = split_notes(md)
    out: dict[str, list[str]] = collections.defaultdict(list)
    current = ""
    seen_country = False
    for line in body:
        m = HEADING_RE.match(line)
        if m:
            depth, name = len(m.group(1)), heading_name(m.group(2))
            if (depth == level and name in countries) or (seen_country and depth <= level and name in chapters):
                current = name
                seen_country = True
                out[current]
                continue
        line = re.sub(r"^#+\s+", "", line)
        line = re.sub(r"^\s*(?:[-*]|\d+\.)\s+", "", line)
        line = re.sub(r"\[\^\d+\]", "", line)
        line = line.replace("**", "")
        line = re.sub(r"(?<!\w)\*([^*]+)\*(?!\w)", r"\1", line)  # italics
        out[current].append(line)
    text = {k: re.sub(r"\s+", " ", "\n".join(v)).strip() for k, v in out.items()}
    return text, [re.match(r"^\[\^(\d+)\]", n).group(1) for n in notes if re.match(r"^\[\^\d+\]", n)]  # type: ignore[union-attr]


def occurrences(t: str, body: str) -> int:
    """Whole-word, case-sensitive occurrences of `t` in `body`."""
    return len(re.findall(r"(?<!\w)%s(?!\w)" % re.escape(t), body))


def check_gold(gold_lines: list[str], text: dict[str, str]) -> tuple[list[str], list[dict]]:
    """Errors of a gold file (its lines) against the section texts, and its records."""
    errors, records = [], []
    for n, line in enumerate(gold_lines, 1):
        try:
            d = json.loads(line)
        except json.JSONDecodeError as e:
            errors.append(f"line {n}: not JSON ({e})")
            continue
        if not isinstance(d, dict):
            errors.append(f"line {n}: not an object")
            continue
        kind = d.get("type")
        keys = ENTITY_KEYS if kind == "entity" else OBLIGATION_KEYS if kind == "obligation" else None
        if keys is None:
            errors.append(f"line {n}: unknown type {kind!r}")
            continue
        extra = set(d) - keys - ({"bearer_text"} if kind == "obligation" else set())
        if keys - set(d) or extra:
            errors.append(f"line {n}: keys missing {sorted(keys - set(d))} extra {sorted(extra)}")
            continue
        if not all(isinstance(v, str) for v in d.values()):
            errors.append(f"line {n}: a value is not a string")
            continue
        if d["country"] not in text:
            errors.append(f"line {n}: unknown section {d['country']!r}")
            continue
        body = text[d["country"]]
        if kind == "entity":
            if d["label"] not in LABELS:
                errors.append(f"line {n}: unknown label {d['label']!r}")
            if not d["text"] or d["text"] != d["text"].strip():
                errors.append(f"line {n}: empty or padded text {d['text']!r}")
        else:
            if d["deontic"] not in DEONTICS:
                errors.append(f"line {n}: unknown deontic {d['deontic']!r}")
            for k in ("bearer", "trigger", "aim"):
                if not d[k]:
                    errors.append(f"line {n}: empty {k}")
            quote = " ".join(d["sentence_quote"].split())
            if len(quote) < MIN_QUOTE:
                errors.append(f"line {n}: sentence_quote shorter than {MIN_QUOTE} characters")
            if quote not in body:
                errors.append(f"line {n}: sentence_quote not in section {d['country']!r}: {quote!r}")
            if "bearer_text" in d and not occurrences(d["bearer_text"], quote):
                errors.append(f"line {n}: bearer_text {d['bearer_text']!r} not in its sentence_quote")
        records.append(d)
    listed = collections.Counter((d["country"], d["text"]) for d in records if d["type"] == "entity")
    for (country, t), times in listed.items():
        found = occurrences(t, text[country])
        if found < times:
            errors.append(f"entity {t!r} listed {times}x in {country or 'introduction'!r}, occurs {found}x")
    return errors, records


def gold_warnings(records: list[dict], text: dict[str, str]) -> list[str]:
    """Issuers the section never names (the guidelines resolve a demonstrative to the full name, so
    this is usually, not always, a slip)."""
    return [f"issuer {d['issuer']!r} not named in section {d['country'] or 'introduction'!r}"
            for d in records if d["type"] == "obligation" and d["issuer"]
            and not occurrences(d["issuer"], text[d["country"]])]


def review(records: list[dict], text: dict[str, str]) -> list[str]:
    """Entity strings that occur in their section more often than they are listed."""
    listed = collections.Counter((d["country"], d["text"]) for d in records if d["type"] == "entity")
    return [f"review: {t!r} in {country or 'introduction'}: occurs {found}x, listed {k}x"
            for (country, t), k in sorted(listed.items())
            if (found := occurrences(t, text[country])) > k]


def countries_of(config: dict) -> set[str]:
    if "sections" in config:
        return {s["country"] for s in config["sections"]}
    return set(config["countries"])


def source_of(folder: Path, config: dict) -> Path:
    return folder / config.get("source", "source.md")


def report_sections(folder: Path, config: dict) -> tuple[dict[str, str], list[str]]:
    """The section texts and footnote numbers of a report's Markdown source."""
    md = source_of(folder, config).read_text("utf-8")
    return section_texts(md, countries_of(config), set(config.get("chapters", ())), config.get("country_level", 2))


def gold_lines(folder: Path, config: dict) -> list[str]:
    return [g for g in (folder / config.get("gold", "gold.jsonl")).read_text("utf-8").splitlines() if g.strip()]


def check(folder: Path, config: dict, *, out=sys.stdout, show_review: bool = False) -> int:
    text, notes = report_sections(folder, config)
    errors, records = check_gold(gold_lines(folder, config), text)
    for e in errors:
        print("ERROR", e, file=sys.stderr)
    for w in gold_warnings(records, text):
        print("warning:", w, file=sys.stderr)
    words = sum(len(v.split()) for v in text.values())
    print(f"{folder.name}: sections {len(text)}; body words {words}; footnotes {len(notes)}", file=out)
    ents = collections.Counter(d["label"] for d in records if d["type"] == "entity")
    obs = collections.Counter(d["deontic"] for d in records if d["type"] == "obligation")
    print(f"  entities {sum(ents.values())}: " + ", ".join(f"{k} {ents[k]}" for k in sorted(LABELS)), file=out)
    print(f"  obligations {sum(obs.values())}: " + ", ".join(f"{k} {obs[k]}" for k in sorted(DEONTICS)), file=out)
    per = collections.Counter((d["country"], d["type"]) for d in records)
    for c in text:
        print(f"    {c or 'introduction'}: {len(text[c].split())} words, entities {per[(c, 'entity')]}, "
              f"obligations {per[(c, 'obligation')]}", file=out)
    if show_review:
        for line in review(records, text):
            print("  " + line, file=out)
    return 1 if errors else 0


# ---------------------------------------------------------------- producers' styles

DOCX_STYLE: dict = {
    "font": "Liberation Serif",
    "size": 11,
    "headings": [16, 13, 11.5, 11],
    "heading_italic": [4],
    "footnote_size": 9,  # smaller than the body: pandoc's default sets notes at the body size
    "margins": 2.5,
    "justify": False,
    "hyphenate": False,
    "header": "",
    "header_rule": False,
    "page_number": "{n}",
    "page_number_align": "center",
    "furniture_size": 8,
    "columns": 1,
    "line_height": None,
    "spacing": {"default": 0, "paragraph": [0, 6], "list": [1, 2],
                "headings": [[0, 12], [18, 6], [12, 4], [7, 2]], "footnote": [0, 1]},
}

CSS_STYLE: dict = {
    "font": "Liberation Serif",
    "size": 10.5,
    "line_height": 1.3,
    "margins": 1.8,
    "headings": [17, 13, None],
    "heading_italic": [3],
    "footnote_size": 8,
    "justify": True,
    "columns": 1,
    "lang": None,
    "background": None,
    "marker_size": None,
    "notes_rule": None,
    "notes_left": False,
    "title_line_height": None,
    "break_urls": False,
    "spacing": {"paragraph": [0, 0.5]},
}

LATEX_STYLE: dict = {"size": 11, "margins": 2.2}
REPORTLAB_KEYS = {"font", "size", "footnote_size", "header", "page_number"}  # pdf_factory's defaults otherwise
ENGINE_STYLES = {"libreoffice": DOCX_STYLE, "chromium": CSS_STYLE, "latex": LATEX_STYLE, "reportlab": {}}
SPACING_KEYS = {"libreoffice": {"default", "paragraph", "list", "headings", "footnote"},
                "chromium": {"paragraph", "list", "list_indent", "item", "headings", "notes"}}
LEGACY_KEYS = ("font", "size", "columns", "header", "page_number")


def style_of(producer: dict) -> dict:
    """The producer's style: its engine's defaults, then the keys on the producer itself (the older
    form), then its `style` object. A key the engine does not know is an error (a typo would
    otherwise pass unseen)."""
    engine = producer["engine"]
    if engine not in ENGINE_STYLES:
        raise ValueError(f"unknown engine {engine!r}")
    style = {k: (dict(v) if isinstance(v, dict) else v) for k, v in ENGINE_STYLES[engine].items()}
    style.update({k: producer[k] for k in LEGACY_KEYS if k in producer})
    allowed = set(ENGINE_STYLES[engine]) or REPORTLAB_KEYS
    for key, value in producer.get("style", {}).items():
        if key not in allowed:
            raise ValueError(f"{producer['pdf']}: style key {key!r} unknown to the {engine} producer")
        if key == "spacing":
            unknown = set(value) - SPACING_KEYS[engine]
            if unknown:
                raise ValueError(f"{producer['pdf']}: spacing keys {sorted(unknown)} unknown to the {engine} producer")
            style["spacing"] = {**style["spacing"], **value}
        else:
            style[key] = value
    return style


# ---------------------------------------------------------------- the reference DOCX (standard library only)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_HEADER = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
REL_FOOTER = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"
CT_HEADER = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
CT_FOOTER = "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"
HEADER_ID, FOOTER_ID = "rIdBuildHeader1", "rIdBuildFooter1"
A4_TWIPS = (11906, 16838)
COLUMN_GAP_CM = 0.75


def twips(cm: float) -> int:
    return int(cm * 567 + 0.5)  # 567 twips to the centimetre, as Word and LibreOffice round it


def half_points(pt: float) -> int:
    return int(pt * 2 + 0.5)


def _margins(style: dict) -> tuple[float, float, float, float]:
    m = style["margins"]
    return (m, m, m, m) if isinstance(m, (int, float)) else tuple(m)  # type: ignore[return-value]


def _style_block(styles: str, style_id: str) -> tuple[int, int]:
    m = re.search(r'<w:style [^>]*w:styleId="%s".*?</w:style>' % re.escape(style_id), styles, re.S)
    if not m:
        raise ValueError(f"reference_docx: style {style_id} not in pandoc's reference.docx")
    return m.span()


def _set_run_props(styles: str, style_id: str, fonts: str, size: float, bold: bool = False,
                   italic: bool = False) -> str:
    a, b = _style_block(styles, style_id)
    block = styles[a:b]
    sz = half_points(size)
    rpr = (f"<w:rPr>{fonts}" + ("<w:b /><w:bCs />" if bold else "") + ("<w:i /><w:iCs />" if italic else "")
           + f'<w:color w:val="000000" /><w:sz w:val="{sz}" /><w:szCs w:val="{sz}" /></w:rPr>')
    if "<w:rPr>" in block:
        block = re.sub(r"<w:rPr>.*?</w:rPr>", rpr, block, flags=re.S)
    else:
        block = block.replace("</w:style>", rpr + "</w:style>")
    return styles[:a] + block + styles[b:]


def _set_par_props(styles: str, style_id: str, jc: str, hyphenate: bool,
                   spacing: tuple[float, float] | None = None) -> str:
    """Spacing (pt), alignment and hyphenation of a paragraph style; the pPr children are written in
    schema order (keepNext, keepLines, suppressAutoHyphens, spacing, jc, outlineLvl)."""
    a, b = _style_block(styles, style_id)
    block = styles[a:b]
    m = re.search(r"<w:pPr>(.*?)</w:pPr>", block, re.S)
    old = m.group(1) if m else ""
    keep = "".join(t for t in ("<w:keepNext />", "<w:keepLines />") if t in old)
    outline = re.search(r"<w:outlineLvl [^>]*/>", old)
    if spacing is None:
        kept = re.search(r"<w:spacing [^>]*/>", old)
        space = kept.group(0) if kept else ""
    else:
        space = f'<w:spacing w:before="{round(spacing[0] * 20)}" w:after="{round(spacing[1] * 20)}" />'
    ppr = ("<w:pPr>" + keep + ("" if hyphenate else "<w:suppressAutoHyphens />") + space
           + f'<w:jc w:val="{jc}" />' + (outline.group(0) if outline else "") + "</w:pPr>")
    if m:
        block = block[:m.start()] + ppr + block[m.end():]
    else:
        block = re.sub(r"(<w:rPr>|</w:style>)", ppr + r"\1", block, count=1)
    return styles[:a] + block + styles[b:]


def _page_xml(style: dict) -> str:
    top, right, bottom, left = (twips(x) for x in _margins(style))
    return (f'<w:pgSz w:w="{A4_TWIPS[0]}" w:h="{A4_TWIPS[1]}" />'
            f'<w:pgMar w:top="{top}" w:right="{right}" w:bottom="{bottom}" w:left="{left}" '
            f'w:header="{twips(_margins(style)[0] / 2)}" w:footer="{twips(_margins(style)[2] / 2)}" w:gutter="0" />')


def _references(style: dict, header_id: str = HEADER_ID, footer_id: str = FOOTER_ID) -> str:
    return ((f'<w:headerReference w:type="default" r:id="{header_id}" />' if style["header"] else "")
            + (f'<w:footerReference w:type="default" r:id="{footer_id}" />' if style["page_number"] else ""))


def section_break_xml(style: dict, header_id: str, footer_id: str) -> str:
    """The paragraph that ends the one-column first section of a two-column report."""
    return (f'<w:p><w:pPr><w:spacing w:before="0" w:after="0" /><w:sectPr>{_references(style, header_id, footer_id)}'
            f'{_page_xml(style)}<w:cols w:num="1" w:space="{twips(COLUMN_GAP_CM)}" /></w:sectPr></w:pPr></w:p>')


def reference_docx(pandoc_default: bytes, style: dict) -> bytes:
    """pandoc's default reference.docx restyled after `style` (DOCX_STYLE's keys, all present):
    fonts, sizes, spacing, alignment, hyphenation, A4 page and margins, header and footer, and for
    `columns: 2` a final section in two columns (see two_column_docx)."""
    import io

    with zipfile.ZipFile(io.BytesIO(pandoc_default)) as zin:
        parts = {name: zin.read(name) for name in zin.namelist()}
    font = style["font"]
    fonts = f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" w:cs="{font}" />'
    size, spacing, hyph = style["size"], style["spacing"], bool(style["hyphenate"])
    body_jc = "both" if style["justify"] else "left"

    styles = parts["word/styles.xml"].decode("utf-8")
    sz = half_points(size)
    styles = re.sub(r"<w:rPrDefault>.*?</w:rPrDefault>",
                    f"<w:rPrDefault><w:rPr>{fonts}"
                    f'<w:sz w:val="{sz}" /><w:szCs w:val="{sz}" />'
                    '<w:lang w:val="en-GB" w:eastAsia="en-US" w:bidi="ar-SA" /></w:rPr></w:rPrDefault>',
                    styles, count=1, flags=re.S)
    line = (f' w:line="{round(240 * style["line_height"])}" w:lineRule="auto"' if style["line_height"] else "")
    styles = re.sub(r"<w:pPrDefault>.*?</w:pPrDefault>",
                    f'<w:pPrDefault><w:pPr><w:spacing w:after="{round(spacing["default"] * 20)}"{line} />'
                    "</w:pPr></w:pPrDefault>", styles, count=1, flags=re.S)
    styles = _set_par_props(styles, "Normal", body_jc, hyph)
    styles = _set_par_props(styles, "BodyText", body_jc, hyph, spacing["paragraph"])
    styles = _set_par_props(styles, "FirstParagraph", body_jc, hyph, spacing["paragraph"])
    styles = _set_par_props(styles, "Compact", body_jc, hyph, spacing["list"])
    sizes = list(style["headings"]) + [size] * 4
    gaps = list(spacing["headings"]) + [[0, 0]] * 4
    for level in range(1, 5):
        styles = _set_run_props(styles, f"Heading{level}", fonts, sizes[level - 1], bold=True,
                                italic=level in style["heading_italic"])
        styles = _set_par_props(styles, f"Heading{level}", "left", False, gaps[level - 1])
    styles = _set_run_props(styles, "FootnoteText", fonts, style["footnote_size"])
    styles = _set_par_props(styles, "FootnoteText", "left", False, spacing["footnote"])
    parts["word/styles.xml"] = styles.encode("utf-8")

    settings = parts["word/settings.xml"].decode("utf-8")
    settings = re.sub(r"<w:(autoHyphenation|hyphenationZone|consecutiveHyphenLimit|doNotHyphenateCaps)[^>]*/>\s*",
                      "", settings)
    hyphenation = ('<w:autoHyphenation w:val="true" /><w:consecutiveHyphenLimit w:val="3" />'
                   f'<w:hyphenationZone w:val="{twips(0.25)}" />' if hyph else '<w:autoHyphenation w:val="false" />')
    settings, n = re.subn(r"(<w:defaultTabStop [^>]*/>)", r"\1" + hyphenation, settings, count=1)
    if not n:
        settings = settings.replace("<w:zoom ", hyphenation + "<w:zoom ", 1)
    parts["word/settings.xml"] = settings.encode("utf-8")

    two = style["columns"] == 2
    sectpr = ("<w:sectPr>" + _references(style) + ('<w:type w:val="continuous" />' if two else "") + _page_xml(style)
              + (f'<w:cols w:num="2" w:space="{twips(COLUMN_GAP_CM)}" />' if two else "") + "</w:sectPr>")
    document = parts["word/document.xml"].decode("utf-8")
    document, n = re.subn(r"<w:sectPr\s*/>|<w:sectPr>.*?</w:sectPr>", sectpr, document, flags=re.S)
    if n != 1:
        raise ValueError("reference_docx: expected one w:sectPr in pandoc's reference.docx")
    if 'xmlns:r="' not in document[:2000]:
        document = document.replace("<w:document ", f'<w:document xmlns:r="{R_NS}" ', 1)
    parts["word/document.xml"] = document.encode("utf-8")

    furniture = half_points(style["furniture_size"])
    small = f'<w:rPr>{fonts}<w:sz w:val="{furniture}" /><w:szCs w:val="{furniture}" /></w:rPr>'
    rels, types = [], []
    if style["header"]:
        rule = ('<w:pBdr><w:bottom w:val="single" w:sz="4" w:space="1" w:color="000000" /></w:pBdr>'
                if style["header_rule"] else "")
        parts["word/header1.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:hdr xmlns:w="{W_NS}" xmlns:r="{R_NS}">'
            f'<w:p><w:pPr><w:pStyle w:val="Header" />{rule}<w:jc w:val="right" /></w:pPr>'
            f'<w:r><w:rPr>{fonts}<w:i /><w:iCs /><w:sz w:val="{furniture}" /><w:szCs w:val="{furniture}" /></w:rPr>'
            f'<w:t xml:space="preserve">{escape(style["header"])}</w:t></w:r></w:p></w:hdr>\n').encode("utf-8")
        rels.append(f'<Relationship Type="{REL_HEADER}" Id="{HEADER_ID}" Target="header1.xml" />')
        types.append(f'<Override PartName="/word/header1.xml" ContentType="{CT_HEADER}" />')
    if style["page_number"]:
        before, _, after = style["page_number"].partition("{n}")

        def text_run(t: str) -> str:
            return f'<w:r>{small}<w:t xml:space="preserve">{escape(t)}</w:t></w:r>' if t else ""

        field = "".join(f"<w:r>{small}{x}</w:r>" for x in (
            '<w:fldChar w:fldCharType="begin" />', '<w:instrText xml:space="preserve"> PAGE </w:instrText>',
            '<w:fldChar w:fldCharType="separate" />', "<w:t>1</w:t>", '<w:fldChar w:fldCharType="end" />'))
        parts["word/footer1.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:ftr xmlns:w="{W_NS}" xmlns:r="{R_NS}">'
            f'<w:p><w:pPr><w:pStyle w:val="Footer" /><w:jc w:val="{style["page_number_align"]}" /></w:pPr>'
            f"{text_run(before)}{field}{text_run(after)}</w:p></w:ftr>\n").encode("utf-8")
        rels.append(f'<Relationship Type="{REL_FOOTER}" Id="{FOOTER_ID}" Target="footer1.xml" />')
        types.append(f'<Override PartName="/word/footer1.xml" ContentType="{CT_FOOTER}" />')
    parts["word/_rels/document.xml.rels"] = parts["word/_rels/document.xml.rels"].decode("utf-8").replace(
        "</Relationships>", "".join(rels) + "</Relationships>").encode("utf-8")
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].decode("utf-8").replace(
        "</Types>", "".join(types) + "</Types>").encode("utf-8")
    return _zip(parts)


def _zip(parts: dict[str, bytes]) -> bytes:
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zout:
        # [Content_Types].xml first, as Office expects.
        for name in ["[Content_Types].xml"] + sorted(n for n in parts if n != "[Content_Types].xml"):
            zout.writestr(name, parts[name])
    return buffer.getvalue()


def two_column_docx(docx: Path, style: dict, countries: set[str], level: int) -> None:
    """Insert, before the first country heading of a DOCX written by pandoc, the section break that
    closes a one-column first section; the rest is the final (two-column, continuous) section."""
    with zipfile.ZipFile(docx) as zin:
        parts = {name: zin.read(name) for name in zin.namelist()}
    document = parts["word/document.xml"].decode("utf-8")
    last = document[document.rfind("<w:sectPr"):]
    ids = {}
    for kind in ("header", "footer"):
        ref = re.search(rf'<w:{kind}Reference [^>]*r:id="([^"]+)"', last)
        ids[kind] = ref.group(1) if ref else ""
    for paragraph in re.finditer(r"<w:p(?=[\s>]).*?</w:p>", document, re.S):
        xml = paragraph.group(0)
        if f'<w:pStyle w:val="Heading{level}" />' not in xml:
            continue
        words = "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))
        m = re.match(r"^(?:\d+(?:\.\d+)*\.?\s+)?(.+?)\s*$", words)
        if m and heading_name(m.group(1)) in countries:
            brk = section_break_xml(style, ids["header"], ids["footer"])
            document = document[:paragraph.start()] + brk + document[paragraph.start():]
            break
    else:
        raise ValueError("two-column layout: no country heading found in the DOCX")
    parts["word/document.xml"] = document.encode("utf-8")
    docx.write_bytes(_zip(parts))


# ---------------------------------------------------------------- the print CSS


def chromium_css(style: dict) -> str:
    """The print stylesheet of the chromium producer (CSS_STYLE's keys, all present)."""
    size = style["size"]
    font = style["font"]
    fallback = '"DejaVu Serif", serif' if "Serif" in font and "Sans" not in font else '"DejaVu Sans", sans-serif'
    spacing = style["spacing"]
    margins = _margins(style)
    page_margin = " ".join(f"{m}cm" for m in (margins if len(set(margins)) > 1 else margins[:1]))

    def em(box: list[float] | tuple[float, float]) -> str:
        return f"margin: {box[0]}em 0 {box[1]}em 0;"

    rules = [f"@page {{ size: A4; margin: {page_margin}; }}",
             f'html {{ font-family: "{font}", {fallback}; font-size: {size}pt; line-height: {style["line_height"]};'
             + (f' color: #000; background: {style["background"]};' if style["background"] else "") + " }",
             "body { margin: 0; }"]
    sizes = list(style["headings"]) + [None] * 3
    gaps = list(spacing.get("headings", [])) + [None] * 3
    for level in (1, 2, 3):
        props = [f"font-size: {sizes[level - 1] or size}pt;"]
        if level in style["heading_italic"]:
            props.append("font-style: italic;")
        if gaps[level - 1]:
            props.append(em(gaps[level - 1]))
        if level == 1 and style["title_line_height"]:
            props.append(f"line-height: {style['title_line_height']};")
        if level > 1:
            props.append("break-after: avoid;")
        rules.append(f"h{level} {{ {' '.join(props)} }}")
    rules.append(f"p {{ {em(spacing['paragraph'])} text-align: {'justify' if style['justify'] else 'left'}; }}")
    if spacing.get("list"):
        indent = f" padding-left: {spacing['list_indent']}em;" if spacing.get("list_indent") else ""
        rules.append(f"ul, ol {{ {em(spacing['list'])}{indent} }}")
    if spacing.get("item"):
        rules.append(f"li {{ margin: {spacing['item']}em 0; }}")
    rules.append("a { color: #000; text-decoration: none; }")
    if style["break_urls"]:  # a long address in a narrow column would make Chromium shrink the page to fit
        rules.append("a, section.footnotes p { overflow-wrap: anywhere; }")
    if style["marker_size"]:
        rules.append(f"a.footnote-ref sup {{ font-size: {style['marker_size']}em; }}")
    rules.append(f".body {{ column-count: {style['columns']}; column-gap: 0.8cm; }}")
    gap = f" margin-top: {spacing['notes']}em;" if spacing.get("notes") else ""
    rules.append(f"section.footnotes {{ font-size: {style['footnote_size']}pt;{gap} }}")
    if style["notes_left"]:
        rules.append("section.footnotes p, section.footnotes li { text-align: left; }")
    if style["notes_rule"]:
        rules.append("section.footnotes hr { border: 0; border-top: 0.5pt solid #000; "
                     f"width: {style['notes_rule']}%; margin-left: 0; }}")
    rules.append("a.footnote-back { display: none; }")  # pandoc's back-links are navigation, not text
    return "\n".join(rules) + "\n"


# ---------------------------------------------------------------- producers


def _run(cmd: list[str], log: Path, what: str) -> None:
    with log.open("w") as fh:
        failed = subprocess.run(cmd, stdout=fh, stderr=subprocess.STDOUT).returncode != 0
    if failed:  # the log is in a temporary folder: show its end
        tail = log.read_text("utf-8", "replace").splitlines()[-20:]
        sys.exit(f"build.py: {what} failed:\n" + "\n".join(tail))


def _need(*commands: str) -> None:
    for c in commands:
        if not shutil.which(c):
            sys.exit(f"build.py: {c} not found (see this script's docstring for the Debian packages)")


def produce(folder: Path, config: dict, producer: dict, keep: Path | None = None) -> None:
    source = source_of(folder, config)
    target = folder / producer["pdf"]
    engine = producer["engine"]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        out = work / "out.pdf"
        if engine == "libreoffice":
            _need("pandoc", "soffice")
            style = style_of(producer)
            if style["hyphenate"] and not list(Path("/usr/share/hyphen").glob("hyph_en_GB*.dic")):
                sys.exit("build.py: en-GB hyphenation patterns not found (apt-get install hyphen-en-gb); "
                         "without them LibreOffice silently does not hyphenate")
            default = subprocess.run(["pandoc", "--print-default-data-file", "reference.docx"],
                                     capture_output=True, check=True).stdout
            reference = work / "reference.docx"
            reference.write_bytes(reference_docx(default, style))
            # -smart: keep the curly quotes, apostrophes and dashes exactly as written.
            _run(["pandoc", "--from", "markdown-smart", "--to", "docx", f"--reference-doc={reference}",
                  "-o", str(work / "r.docx"), str(source)], work / "pandoc.log", "pandoc")
            if style["columns"] == 2:
                two_column_docx(work / "r.docx", style, countries_of(config), config.get("country_level", 2))
            # A private profile keeps the run independent of any user setup.
            _run(["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{work}/lo",
                  "--convert-to", "pdf", "--outdir", str(work), str(work / "r.docx")], work / "lo.log", "LibreOffice")
            (work / "r.pdf").rename(out)
        elif engine == "chromium":
            _need("pandoc", "chromium")
            style = style_of(producer)
            (work / "r.css").write_text(chromium_css(style), "utf-8")
            html = work / "r.html"
            lang = ["--metadata", f"lang={style['lang']}"] if style["lang"] else []
            _run(["pandoc", "--from", "markdown-smart", "--to", "html5", "--standalone", "--css", "r.css",
                  "--metadata", f"pagetitle={config['title']}", *lang, "-o", str(html), str(source)],
                 work / "pandoc.log", "pandoc")
            if style["columns"] > 1:
                # Wrap everything after the title in one multi-column block.
                page = html.read_text("utf-8")
                page = re.sub(r"(</h1>\s*</header>|</h1>)", r"\1<div class='body'>", page, count=1)
                page = page.replace("</body>", "</div></body>")
                html.write_text(page, "utf-8")
            # --no-pdf-header-footer: no date/URL furniture added by the browser.
            _run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--no-default-browser-check",
                  f"--user-data-dir={work}/cr", "--no-pdf-header-footer", f"--print-to-pdf={out}", f"file://{html}"],
                 work / "cr.log", "Chromium")
        elif engine == "latex":
            _need("pandoc", "pdflatex")
            style = style_of(producer)
            _run(["pandoc", "--from", "markdown-smart", "--pdf-engine=pdflatex", "-V", "papersize=a4",
                  "-V", f"geometry:margin={style['margins']}cm", "-V", f"fontsize={style['size']}pt",
                  "-V", "documentclass=article", "--metadata", f"title={config['title']}",
                  "-o", str(out), str(_without_title(source, work))], work / "pandoc.log", "pandoc/pdfLaTeX")
        elif engine == "reportlab":
            sys.path.insert(0, str(DATA.parent))
            from pdf_factory import build_report  # type: ignore[import-not-found]

            build_report(markdown_report(source.read_text("utf-8"), config, producer), out)
        else:
            sys.exit(f"build.py: unknown engine {engine!r}")
        if not out.exists() or not out.stat().st_size:
            sys.exit(f"build.py: {engine} produced no PDF (run again with --keep DIR to see its logs)")
        shutil.move(str(out), target)
        if keep is not None:
            shutil.copytree(work, keep / target.stem, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("lo", "cr"))  # not the browser/office profiles
    print(f"wrote {target}")


def _without_title(source: Path, work: Path) -> Path:
    """pandoc's LaTeX writer typesets the title from metadata; drop the Markdown `# title` line."""
    text = re.sub(r"^# .*\n", "", source.read_text("utf-8"), count=1)
    path = work / "body.md"
    path.write_text(text, "utf-8")
    return path


def markdown_report(md: str, config: dict, producer: dict):
    """The pdf_factory spec of a pandoc Markdown report (headings, paragraphs, lists, footnotes)."""
    sys.path.insert(0, str(DATA.parent))
    import pdf_factory as f  # type: ignore[import-not-found]

    style = style_of(producer)
    countries = countries_of(config)
    notes = {int(m.group(1)): f.Note(m.group(2).strip(), tuple(re.findall(r"https?://[^\s)]+", m.group(2))))
             for m in re.finditer(r"^\[\^(\d+)\]:\s*(.+)$", md, re.M)}
    blocks: list = []
    title = ""
    for chunk in re.split(r"\n\s*\n", re.sub(r"^\[\^\d+\]:.*$", "", md, flags=re.M)):
        chunk = chunk.strip()
        if not chunk:
            continue
        if chunk.startswith("# "):
            title = chunk[2:].strip()
        elif chunk.startswith("## "):
            name = re.sub(r"^(?:\d+\.\s+)", "", chunk[3:].strip())
            blocks.append(f.Heading(chunk[3:].strip(), level=1, country=name if name in countries else None))
        elif chunk.startswith("###"):
            blocks.append(f.Heading(chunk.lstrip("#").strip(), level=2))
        elif re.match(r"^[-*]\s", chunk):
            items = [re.sub(r"\s+", " ", i).strip() for i in re.split(r"(?m)^[-*]\s+", chunk) if i.strip()]
            blocks.append(f.Bullets(tuple(items)))
        else:
            blocks.append(f.Para(re.sub(r"\s+", " ", chunk)))
    extra = {"footnote_size": style["footnote_size"]} if "footnote_size" in style else {}
    return f.Report(blocks=tuple(blocks), title=title, footnotes=notes, font=style.get("font", f.SANS),
                    body_size=style.get("size", 10), running_header=style.get("header", ""),
                    page_number=style.get("page_number", "{n}"), **extra)


# ---------------------------------------------------------------- checking a PDF


QUOTES = str.maketrans("\u2018\u2019\u201c\u201d", "''\"\"")


def _flat(text: str) -> str:
    """For matching across line ends: compatibility forms (ligatures), straight quotes (LaTeX curls
    them), no hyphens, no white space."""
    return re.sub(r"[\s\-\u00ad]+", "", unicodedata.normalize("NFKC", text).translate(QUOTES))


def expected_sizes(config: dict, producer: dict, md: str) -> dict[str, float]:
    """The font sizes the producer's style asks for, for the text the source has."""
    engine = producer["engine"]
    body_lines, notes = split_notes(md)
    levels = {len(m.group(1)) for line in body_lines if (m := re.match(r"^(#{1,6})\s", line))}
    if engine == "libreoffice":
        style = style_of(producer)
        sizes = {"body": style["size"], "notes": style["footnote_size"]}
        headings = list(style["headings"]) + [style["size"]] * 4
        sizes.update({f"heading {n}": headings[n - 1] for n in sorted(levels) if n <= 4})
    elif engine == "chromium":
        style = style_of(producer)
        sizes = {"body": style["size"], "notes": style["footnote_size"]}
        headings = list(style["headings"]) + [None] * 3
        sizes.update({f"heading {n}": headings[n - 1] or style["size"] for n in sorted(levels) if n <= 3})
    elif engine == "reportlab":
        style = style_of(producer)
        sizes = {"body": style.get("size", 10), "notes": style.get("footnote_size", 8)}
    else:
        return {}
    if not notes:
        sizes.pop("notes")
    return sizes


def check_pdf(pdf: Path, config: dict, producer: dict, md: str, records: list[dict]) -> tuple[list[str], str]:
    """Errors of a typeset PDF (see the module docstring) and a one-line summary."""
    try:
        import pdfplumber  # type: ignore[import-not-found]
    except ImportError:
        return [], f"{pdf.name}: not checked (pdfplumber is not installed; use the project's venv)"
    errors: list[str] = []
    sizes: collections.Counter[float] = collections.Counter()
    raw, across, columns = [], [], []
    with pdfplumber.open(pdf) as document:
        n_pages = len(document.pages)
        for i, page in enumerate(document.pages, 1):
            if (round(page.width), round(page.height)) != (595, 842):
                errors.append(f"page {i} is not A4: {page.width:.0f} x {page.height:.0f} pt")
            for c in page.chars:
                sizes[round(c["size"], 1)] += 1
            raw.append(page.extract_text() or "")
        body = max(sizes, key=lambda s: sizes[s]) if sizes else 0.0
        for page in document.pages:
            text = page.filter(lambda o: o.get("object_type") != "char" or o["size"] >= 0.9 * body)
            across.append(text.extract_text() or "")
            half = page.width / 2
            columns.append(text.crop((0, 0, half, page.height)).extract_text() or "")
            columns.append(text.crop((half, 0, page.width, page.height)).extract_text() or "")
    everything = "\n".join(raw)
    if "(cid:" in everything:
        errors.append("'(cid:' in the extracted text: a font without a usable ToUnicode map")
    if "\ufffd" in everything:
        errors.append("U+FFFD in the extracted text")
    for what, size in expected_sizes(config, producer, md).items():
        if what == "body" and abs(body - size) > 0.15:
            errors.append(f"body text at {body} pt, the style asks for {size} pt")
        elif not any(abs(s - size) <= 0.15 for s in sizes):
            errors.append(f"no text at {size} pt ({what})")
    readings = [_flat("\n".join(across)), _flat("\n".join(columns))]
    quotes = [d["sentence_quote"] for d in records if d["type"] == "obligation"]
    names = sorted({d["text"] for d in records if d["type"] == "entity"})
    missing_q = [q for q in quotes if not any(_flat(q) in r for r in readings)]
    missing_e = [t for t in names if not any(_flat(t) in r for r in readings)]
    errors += [f"sentence_quote not in the PDF's text: {q!r}" for q in missing_q]
    errors += [f"entity text not in the PDF's text: {t!r}" for t in missing_e]
    summary = (f"{pdf.name}: {n_pages} pages, body {body} pt; sentence_quotes found {len(quotes) - len(missing_q)}"
               f"/{len(quotes)}, entity texts {len(names) - len(missing_e)}/{len(names)}")
    return errors, summary


def check_pdfs(folder: Path, config: dict, producers: list[dict], *, out=sys.stdout) -> int:
    md = source_of(folder, config).read_text("utf-8")
    text, _ = report_sections(folder, config)
    _, records = check_gold(gold_lines(folder, config), text)
    status = 0
    for producer in producers:
        pdf = folder / producer["pdf"]
        if not pdf.exists():
            print(f"ERROR {pdf}: missing", file=sys.stderr)
            status = 1
            continue
        errors, summary = check_pdf(pdf, config, producer, md, records)
        print("  " + summary, file=out)
        for e in errors:
            print(f"ERROR {pdf.name}: {e}", file=sys.stderr)
        status |= 1 if errors else 0
    return status


# ---------------------------------------------------------------- command line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("reports", nargs="+", type=Path, help="report folders (each with report.json)")
    parser.add_argument("--check", action="store_true", help="assemble and check the gold; build no PDF")
    parser.add_argument("--check-pdf", action="store_true", help="check the gold and the PDFs there; build none")
    parser.add_argument("--engine", help="build (or check) only this producer's PDFs")
    parser.add_argument("--review", action="store_true", help="list entity strings occurring more often than listed")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="keep each PDF's intermediate files (reference.docx, DOCX, HTML, CSS, logs) in DIR/<pdf stem>/")
    args = parser.parse_args(argv)
    status = 0
    for folder in args.reports:
        config = json.loads((folder / "report.json").read_text("utf-8"))
        if "sections" in config:
            assemble(folder, config)
        status |= check(folder, config, show_review=args.review)
        if args.check:
            continue
        producers = [p for p in config.get("producers", []) if args.engine in (None, p["engine"])]
        try:
            for producer in producers:
                style_of(producer)
        except ValueError as e:
            print(f"ERROR {folder}: {e}", file=sys.stderr)
            status = 1
            continue
        if not args.check_pdf:
            for producer in producers:
                produce(folder, config, producer, args.keep)
        status |= check_pdfs(folder, config, producers)
    return status


if __name__ == "__main__":
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")  # reproducible PDF dates where honoured
    sys.exit(main())
