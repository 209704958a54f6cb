"""The pdfium character reader (evaluated, not adopted): on a plain generated page its records
agree with pdfplumber's; the comparison counts what differs."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from pipeline.pdf_chars import compare_chars, pdfium_page_chars, pdfplumber_page_chars

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
LINES = [("The municipality of Aarhus runs a mentoring scheme.", 11), ("Local authorities must act.", 14)]


@pytest.fixture(scope="module")
def plain_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("chars") / "plain.pdf"
    pdfmetrics.registerFont(TTFont("DejaVuSerif", str(FONT)))
    canvas = Canvas(str(path), pagesize=(400, 300))
    for page in range(2):
        y = 250
        for text, size in LINES:
            canvas.setFont("DejaVuSerif", size)
            canvas.drawString(40, y, f"{text} {page + 1}")
            y -= 40
        canvas.showPage()
    canvas.save()
    return path


def test_pdfium_reads_the_text_fonts_and_sizes_drawn(plain_pdf: Path) -> None:
    pages = list(pdfium_page_chars(plain_pdf))
    assert len(pages) == 2
    for number, chars in enumerate(pages, start=1):
        text = "".join(c["text"] for c in chars)
        assert text == "".join(f"{t} {number}" for t, _ in LINES)
        assert {c["fontname"].split("+")[-1] for c in chars} == {"DejaVuSerif"}
        assert sorted({round(c["size"], 1) for c in chars}) == [11.0, 14.0]
        first = chars[0]
        assert first["x0"] == pytest.approx(40, abs=0.01)
        assert first["bottom"] > first["top"]  # top-left origin, as pdfplumber's
        assert first["doctop"] == pytest.approx(first["top"] + 300 * (number - 1))


def test_pdfium_and_pdfplumber_agree_on_a_plain_page(plain_pdf: Path) -> None:
    for mine, theirs in zip(pdfium_page_chars(plain_pdf), pdfplumber_page_chars(plain_pdf)):
        assert [c["text"] for c in mine] == [c["text"] for c in theirs]
        # Vertical edges agree; widths agree to 0.02 pt except glyphs whose ink overhangs
        # their advance (pdfium's loose box is the ink: "f" +0.66 pt, "A" +0.16 pt at 11 pt).
        assert all(abs(a["bottom"] - b["bottom"]) < 0.01 and abs(a["top"] - b["top"]) < 0.01 for a, b in zip(mine, theirs))
        widths_agree = sum(abs((a["x1"] - a["x0"]) - (b["x1"] - b["x0"])) <= 0.02 for a, b in zip(mine, theirs))
        assert widths_agree >= 0.85 * len(theirs)
    comparison = compare_chars(plain_pdf)
    assert comparison.pages == 2
    assert comparison.plumber_chars == comparison.pdfium_chars == 2 * sum(len(f"{t} 1") for t, _ in LINES)
    assert comparison.text_differs == comparison.fontname_differs == comparison.size_differs == 0


# ---------------------------------------------------------------- layout_chars / layout_rules (adopted)

import pdfplumber  # noqa: E402

import pipeline.pdf as pdf_stage  # noqa: E402
from pipeline.pdf_chars import layout_chars, layout_rules  # noqa: E402
from tests.pdf_factory import build_report, footnotes_run_on, serif_numbered, two_columns  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
TEST_PDFS = [ROOT / "raw" / "local-authorities-radicalisation.pdf", *sorted((ROOT / "tests" / "data").rglob("*.pdf"))]
CHAR_KEYS = ("text", "fontname", "size", "x0", "x1", "top", "bottom", "doctop", "upright")
RULE_KEYS = ("x0", "x1", "top", "bottom")


def _shifted_mediabox_pdf(path: Path) -> Path:
    """One page whose MediaBox does not start at (0, 0), with text and a rule: the offsets pdfplumber adds."""
    stream = b"BT /F1 12 Tf 80 300 Td (Shifted page text) Tj ET 80 150 m 250 150 l S 80 120 100 1 re f"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [50 100 450 400] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


@pytest.fixture(scope="module")
def generated_pdfs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("layouts")
    built = [build_report(spec(), folder / f"{spec.__name__}.pdf").path for spec in (serif_numbered, two_columns, footnotes_run_on)]
    return [*built, _shifted_mediabox_pdf(folder / "shifted.pdf")]


def _assert_same_records(path: Path) -> int:
    pages = 0
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            mine_chars, mine_rules = layout_chars(page), layout_rules(page)
            assert mine_chars == [{k: c[k] for k in CHAR_KEYS} for c in page.chars], (path.name, page.page_number)
            assert mine_rules == [{k: o[k] for k in RULE_KEYS} for o in [*page.lines, *page.rects]], (path.name, page.page_number)
            pages += 1
            page.close()
    return pages


def test_layout_records_equal_pdfplumbers_on_generated_pdfs(generated_pdfs: list[Path]) -> None:
    for path in generated_pdfs:
        assert _assert_same_records(path) >= 1
    with pdfplumber.open(generated_pdfs[-1]) as pdf:  # the shifted page: offsets applied, a rule found
        page = pdf.pages[0]
        # pdfminer moves the origin to the MediaBox corner, pdfplumber moves it back: x as drawn
        assert page.mediabox[0] == 50 and layout_chars(page)[0]["x0"] == pytest.approx(80)
        assert len(layout_rules(page)) == 2


@pytest.mark.slow
@pytest.mark.parametrize("path", TEST_PDFS, ids=lambda p: p.name)
def test_layout_records_equal_pdfplumbers_on_every_test_pdf(path: Path) -> None:
    assert _assert_same_records(path) >= 1


def _plumber_chars(page):
    return page.chars


def _plumber_rules(page):
    return [*page.lines, *page.rects]


@pytest.mark.slow
@pytest.mark.parametrize("path", TEST_PDFS, ids=lambda p: p.name)
def test_parse_is_the_same_with_either_reader(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same sections and footnotes (so the same nlp input and entities) as with pdfplumber's own records."""
    from pipeline.sections import split_sections

    fast = pdf_stage.parse_pdf(path)
    monkeypatch.setattr(pdf_stage, "layout_chars", _plumber_chars)
    monkeypatch.setattr(pdf_stage, "layout_rules", _plumber_rules)
    plumber = pdf_stage.parse_pdf(path)
    assert fast.blocks == plumber.blocks
    assert fast.footnotes == plumber.footnotes
    assert split_sections(fast) == split_sections(plumber)
