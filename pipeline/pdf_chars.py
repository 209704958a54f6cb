"""Character records for the parse stage, in the shape pdfplumber's `page.chars` has.

Two readers were measured against `page.chars` (issue 8):

`layout_chars` / `layout_rules` (used by pdf.py): the same records as pdfplumber's
`page.chars` and `page.lines + page.rects`, computed by pdfplumber's own formulas from
the same pdfminer layout objects, but only the keys the parse reads. pdfplumber
converts every attribute of every object (colours, matrices, graphic state), about
40% of the parse time. Equal, record for record, on every test PDF (tests/test_pdf_chars.py).

`pdfium_page_chars` (pypdfium2; NOT used). It reads
the first report's characters in 0.43 s against pdfplumber's `page.chars` 1.44 s, but fed to
the parse stage in place of pdfplumber's records it gives the same sections, footnotes
and entities on only 2 of the 10 test PDFs (raw/ and tests/data/: heldout-libreoffice and
dev-c; sections differ on 6, footnotes on 7). What differs:

- ligatures: pdfium gives one character per glyph with the first letter of its
  ToUnicode text ("ﬀ" → "f": "Ofice", 50 on the first report), pdfminer the whole "ff";
- hyphens at line ends become pdfium's U+0002 (6 on the first report, 38 on heldout3);
- spaces: where a producer draws no space glyph, pdfium's are generated (skipped
  here) and pdfplumber's come from gaps; on dev-b pdfium has 0 spaces against 1,258,
  on heldout2 1,209 against 1,651, so words run together ("actionplan");
- sizes: on PDFs that scale a 1-pt font by the text matrix (heldout-chromium, dev-b,
  fresh) pdfium's size is another number (commonest 14.0 against 10.5, 12.7 against 9.5);
- boxes: the loose box is the ink, not the advance ("f" 0.66 pt wider at 11 pt), and
  its descent source differs on some fonts, so lines group differently (dev-b:
  two lines interleave);
- counts: pdfium drops duplicate glyphs drawn at one spot (dev-b 8,970 against 10,228).

Kept, with `compare_chars`, so the measurement can be repeated when either library
changes (a 10-PDF comparison script is in benchmarks/bench.py, `--compare-readers`).

For each character pdfium reports (its own generated spaces and line breaks are
skipped, pdfplumber has none): the text, the font's base name, the size (pdfium's
em size, which includes the text matrix), and a box in pdfplumber's coordinates
(top-left origin): x from the character's loose box, bottom from the baseline
minus the font's descent, top one size above the bottom — pdfminer's own rule.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any


def pdfium_page_chars(path: str | Path) -> Iterator[list[dict[str, Any]]]:
    """Per page, the character records of `path` as pdfium reads them."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument(str(path))
    try:
        doctop = 0.0  # pdfplumber's `doctop`: `top` plus the heights of the pages before
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            try:
                chars = _textpage_chars(raw, textpage.raw, page.get_height())
                for c in chars:
                    c["doctop"] = doctop + c["top"]
                yield chars
                doctop += page.get_height()
            finally:
                textpage.close()
                page.close()
    finally:
        pdf.close()


def _textpage_chars(raw: Any, tp: Any, height: float) -> list[dict[str, Any]]:
    chars = []
    name_buffer = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    rect = raw.FS_RECTF()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    descent = ctypes.c_float()
    font_names: dict[int, str] = {}
    for i in range(raw.FPDFText_CountChars(tp)):
        if raw.FPDFText_IsGenerated(tp, i) == 1:
            continue
        code = raw.FPDFText_GetUnicode(tp, i)
        if code in (0xFFFE, 0xFFFF):
            continue
        size = raw.FPDFText_GetFontSize(tp, i)
        raw.FPDFText_GetLooseCharBox(tp, i, ctypes.byref(rect))
        raw.FPDFText_GetCharOrigin(tp, i, ctypes.byref(ox), ctypes.byref(oy))
        text_object = raw.FPDFText_GetTextObject(tp, i)
        font = raw.FPDFTextObj_GetFont(text_object) if text_object else None
        key = ctypes.cast(font, ctypes.c_void_p).value or 0 if font else 0
        if key not in font_names:
            n = raw.FPDFText_GetFontInfo(tp, i, name_buffer, len(name_buffer), ctypes.byref(flags))
            font_names[key] = name_buffer.raw[: max(n - 1, 0)].decode("utf-8", "replace")
        font_descent = 0.0
        if font and raw.FPDFFont_GetDescent(font, ctypes.c_float(size), ctypes.byref(descent)):
            font_descent = descent.value
        bottom_y = oy.value + font_descent
        chars.append(
            {
                "text": chr(code),
                "fontname": font_names[key],
                "size": size,
                "x0": rect.left,
                "x1": rect.right,
                "top": height - (bottom_y + size),
                "bottom": height - bottom_y,
                "upright": abs(raw.FPDFText_GetCharAngle(tp, i)) < 1e-3,
            }
        )
    return chars


def pdfplumber_page_chars(path: str | Path) -> Iterator[list[dict[str, Any]]]:
    """Per page, pdfplumber's character records (only the keys pdfium's records have)."""
    import pdfplumber

    keys = ("text", "fontname", "size", "x0", "x1", "top", "bottom", "doctop", "upright")
    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            yield [{k: c[k] for k in keys} for c in page.chars]
            page.close()


@dataclass
class CharComparison:
    """How two readers' records of one PDF differ, character by character (in reading order)."""

    pages: int = 0
    plumber_chars: int = 0
    pdfium_chars: int = 0
    pages_with_other_count: int = 0
    text_differs: int = 0
    fontname_differs: int = 0
    size_differs: int = 0  # by more than 0.05 pt (pdf.py rounds sizes to 0.1)
    box_differs: int = 0  # any edge by more than 0.5 pt
    max_box_delta: float = 0.0


def compare_chars(path: str | Path) -> CharComparison:
    """Pair the two readers' records page by page, in the order each gives them."""
    result = CharComparison()
    for mine, theirs in zip(pdfium_page_chars(path), pdfplumber_page_chars(path)):
        result.pages += 1
        result.pdfium_chars += len(mine)
        result.plumber_chars += len(theirs)
        if len(mine) != len(theirs):
            result.pages_with_other_count += 1
        for a, b in zip(mine, theirs):
            result.text_differs += a["text"] != b["text"]
            result.fontname_differs += _base_font(a["fontname"]) != _base_font(b["fontname"])
            result.size_differs += abs(a["size"] - b["size"]) > 0.05
            delta = max(abs(a[k] - b[k]) for k in ("x0", "x1", "top", "bottom"))
            result.box_differs += delta > 0.5
            result.max_box_delta = max(result.max_box_delta, delta)
    return result


def _base_font(name: str) -> str:
    """The font name without a subset prefix (`ABCDEF+`), as the parse stage compares them."""
    head, plus, rest = name.partition("+")
    return rest if plus and len(head) == 6 and head.isupper() else name


# ---------------------------------------------------------------- pdfplumber's records, read faster


def _walk(objects: Iterable[Any]) -> Iterator[Any]:
    """pdfminer's layout objects in the order pdfplumber's `iter_layout_objects` visits them."""
    from pdfminer.layout import LTContainer

    for obj in objects:
        if isinstance(obj, LTContainer):
            yield from _walk(obj._objs)
        else:
            yield obj


def layout_chars(page: Any) -> list[dict[str, Any]]:
    """`page.chars` of a pdfplumber page, with the keys the parse stage reads (text, fontname,
    size, x0, x1, top, bottom, doctop, upright), computed as pdfplumber's `process_object`
    computes them from the same pdfminer layout.

    pdfplumber turns every attribute of every layout object into a dict entry (colours,
    matrix, graphic state, ...), about 40% of the parse; this reads only what is used.
    """
    from pdfminer.layout import LTChar
    from pdfplumber.page import fix_fontname_bytes
    from unicodedata import normalize as normalize_unicode

    height, mb_x0, mb_top, doctop = page.height, page.mediabox[0], page.mediabox[1], page.initial_doctop
    norm = page.pdf.unicode_norm
    chars = []
    for obj in _walk(page.layout._objs):
        if not isinstance(obj, LTChar):
            continue
        text = obj.get_text()
        fontname = obj.fontname
        top = (height - obj.y1) + mb_top
        chars.append(
            {
                "text": normalize_unicode(norm, text) if norm is not None else text,
                "fontname": fix_fontname_bytes(fontname) if isinstance(fontname, bytes) else fontname,
                "size": obj.size,
                "x0": obj.x0 + mb_x0 if mb_x0 != 0 else obj.x0,
                "x1": obj.x1 + mb_x0 if mb_x0 != 0 else obj.x1,
                "top": top,
                "bottom": (height - obj.y0) + mb_top,
                "doctop": doctop + top,
                "upright": obj.upright,
            }
        )
    return chars


def layout_rules(page: Any) -> list[dict[str, Any]]:
    """`page.lines + page.rects` of a pdfplumber page (x0, x1, top, bottom), as pdfplumber computes them."""
    from pdfminer.layout import LTLine, LTRect

    height, mb_x0, mb_top = page.height, page.mediabox[0], page.mediabox[1]
    lines: list[dict[str, Any]] = []
    rects: list[dict[str, Any]] = []
    for obj in _walk(page.layout._objs):
        kind = lines if type(obj) is LTLine else rects if type(obj) is LTRect else None
        if kind is None:
            continue
        kind.append(
            {
                "x0": obj.x0 + mb_x0 if mb_x0 != 0 else obj.x0,
                "x1": obj.x1 + mb_x0 if mb_x0 != 0 else obj.x1,
                "top": (height - obj.y1) + mb_top,
                "bottom": (height - obj.y0) + mb_top,
            }
        )
    return lines + rects


MARK_MIN, MARK_MAX = 1.0, 6.0  # points: a list bullet drawn as a shape is a dot or square this size


def layout_marks(page: Any) -> list[tuple[float, float, float, float]]:
    """Small drawn dots and squares of a pdfplumber page, (x0, x1, top, bottom): the list bullets a
    browser draws as shapes instead of characters (Chromium's discs, squares)."""
    from pdfminer.layout import LTCurve, LTLine

    height, mb_x0, mb_top = page.height, page.mediabox[0], page.mediabox[1]
    marks = []
    for obj in _walk(page.layout._objs):
        if not isinstance(obj, LTCurve) or isinstance(obj, LTLine):
            continue
        width, tall = obj.x1 - obj.x0, obj.y1 - obj.y0
        if MARK_MIN <= width <= MARK_MAX and MARK_MIN <= tall <= MARK_MAX and max(width, tall) <= 1.5 * min(width, tall):
            x0 = obj.x0 + mb_x0 if mb_x0 != 0 else obj.x0
            marks.append((x0, x0 + width, (height - obj.y1) + mb_top, (height - obj.y0) + mb_top))
    return marks
