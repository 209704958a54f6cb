"""A long report for the benchmarks: the first report's text, typeset again and again.

    python benchmarks/long_report.py OUT.pdf [--pages 100]

The section texts of raw/local-authorities-radicalisation.pdf (as the parse stage reads
them) are set with reportlab in DejaVu Serif 11 pt, one numbered country heading per
repetition, with a footnote line under a rule on every page, until the document has at
least `--pages` pages. Real prose, so the nlp stage sees what it sees on a report.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
FIRST_REPORT = ROOT / "raw" / "local-authorities-radicalisation.pdf"
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
COUNTRIES = [
    "Austria", "Belgium", "Denmark", "Finland", "France", "Germany", "Ireland", "Italy", "Netherlands",
    "Norway", "Portugal", "Spain", "Sweden", "Poland", "Czechia", "Greece", "Hungary", "Estonia",
]


def _paragraphs() -> list[str]:
    sys.path.insert(0, str(ROOT))
    from pipeline.pdf import parse_pdf
    from pipeline.sections import split_sections

    paragraphs = []
    for section in split_sections(parse_pdf(FIRST_REPORT)):
        paragraphs += [p.strip() for p in section.text.split("\n") if len(p.strip()) > 40]
    return paragraphs


def build_long_report(path: Path, *, pages: int = 100) -> int:
    """Write the report to `path`; return its page count (at least `pages`)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    pdfmetrics.registerFont(TTFont("DejaVuSerif", str(FONT_DIR / "DejaVuSerif.ttf")))
    pdfmetrics.registerFont(TTFont("DejaVuSerif-Bold", str(FONT_DIR / "DejaVuSerif-Bold.ttf")))
    body = ParagraphStyle("body", fontName="DejaVuSerif", fontSize=11, leading=14, spaceAfter=6)
    heading = ParagraphStyle("heading", fontName="DejaVuSerif-Bold", fontSize=14, leading=18, spaceBefore=12, spaceAfter=8)
    paragraphs = _paragraphs()

    def on_page(canvas, doc) -> None:  # a footnote under a short rule, as reports have
        canvas.saveState()
        canvas.setLineWidth(0.5)
        canvas.line(2.5 * cm, 2.6 * cm, 8 * cm, 2.6 * cm)
        canvas.setFont("DejaVuSerif", 8)
        canvas.drawString(2.5 * cm, 2.2 * cm, f"{doc.page} See the national strategy, chapter {doc.page}.")
        canvas.restoreState()

    repeats = 1
    while True:
        story = []
        for i in range(repeats):
            country = COUNTRIES[i % len(COUNTRIES)]
            story.append(Paragraph(f"{i + 1}. {country}", heading))
            story += [Paragraph(escape(p), body) for p in paragraphs]
        template = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=2.5 * cm, rightMargin=2.5 * cm,
                                     topMargin=2.5 * cm, bottomMargin=3.2 * cm)
        template.build(story, onFirstPage=on_page, onLaterPages=on_page)
        built = template.page
        if built >= pages:
            return built
        repeats = max(repeats + 1, int(repeats * pages / built) + 1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--pages", type=int, default=100)
    args = parser.parse_args()
    print(f"{args.out}: {build_long_report(args.out, pages=args.pages)} pages")


if __name__ == "__main__":
    main()
