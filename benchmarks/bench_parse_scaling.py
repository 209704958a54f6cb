"""How the parse stage scales: time against lines on one page, peak memory against pages.

    python benchmarks/bench_parse_scaling.py                  # both, default sizes
    python benchmarks/bench_parse_scaling.py --lines 2000 5000 20000
    python benchmarks/bench_parse_scaling.py --pages 10 100 300

Each measure runs `parse_pdf` + `split_sections` in a fresh Python process on
a PDF written here with reportlab (Helvetica, so no font is embedded):

- lines: one tall page of N short lines of prose (the page-size limit is
  raised for it: 20,000 lines at a 12-point pitch are 3,300 inches, and the
  characters a page may hold); prints
  CPU seconds (the machine may be shared: wall time beside it) and CPU
  seconds per 1,000 lines, which stays flat when the parse is linear;
- pages: N A4 pages of two columns of prose, every page different; prints
  the parse's peak RSS (ru_maxrss of the child), which stays flat when pages
  are released as they are read, and the RSS after the imports alone.

Speed and memory are measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

WORDS = (
    "the local authority shall support schools youth services and families in every region while national "
    "agencies coordinate prevention programmes training mentoring and information sharing across partners"
).split()

CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
from pipeline.pdf import parse_pdf
from pipeline.pdf_limits import ParseLimits
from pipeline.sections import split_sections
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
start, cpu = time.perf_counter(), time.process_time()
document = parse_pdf(sys.argv[2], limits=ParseLimits(max_page_inches=float(sys.argv[3]), max_page_chars=10_000_000))
sections = split_sections(document)
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "cpu": cpu, "peak_mb": peak, "import_mb": base, "blocks": len(document.blocks), "pages": document.n_pages}))
"""


def _sentence(rng: random.Random, n_words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n_words)).capitalize() + "."


def write_tall_page(path: Path, n_lines: int, *, seed: int = 0) -> None:
    """One page holding `n_lines` lines of 5 words at a 12-point pitch; every 6th line ends a paragraph."""
    from reportlab.pdfgen.canvas import Canvas

    rng = random.Random(seed)
    height = 72 + 12 * n_lines + 72
    canvas = Canvas(str(path), pagesize=(612, height))
    text = canvas.beginText(72, height - 72)
    text.setFont("Helvetica", 10)
    text.setLeading(12)
    for i in range(n_lines):
        words = " ".join(rng.choice(WORDS) for _ in range(5))
        text.textLine(words + ("." if i % 6 == 5 else ""))
    canvas.drawText(text)
    canvas.showPage()
    canvas.save()


def write_long_report(path: Path, n_pages: int, *, seed: int = 0) -> None:
    """`n_pages` A4 pages of two columns (48 lines each), a heading every 10 pages, every page's text its own."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    rng = random.Random(seed)
    width, height = A4
    canvas = Canvas(str(path), pagesize=A4)
    for page in range(n_pages):
        if page % 10 == 0:
            canvas.setFont("Helvetica-Bold", 16)
            canvas.drawString(72, height - 60, f"Part {page // 10 + 1}")
        for column, x in enumerate((56, width / 2 + 10)):
            text = canvas.beginText(x, height - 90)
            text.setFont("Helvetica", 9)
            text.setLeading(13)
            for i in range(48):
                words = " ".join(rng.choice(WORDS) for _ in range(6))
                text.textLine(words + ("." if i % 7 == 6 else ""))
            canvas.drawText(text)
        canvas.setFont("Helvetica", 8)
        canvas.drawString(width / 2, 30, str(page + 1))
        canvas.showPage()
    canvas.save()


def measure(pdf: Path, *, max_page_inches: float = 200.0) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(ROOT), str(pdf), str(max_page_inches)], capture_output=True, text=True
    )
    if out.returncode != 0:
        raise SystemExit(f"{pdf.name}: the parse failed: {out.stderr.strip().splitlines()[-1:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, nargs="*", help="lines on one page (default 2000 5000 20000)")
    parser.add_argument("--pages", type=int, nargs="*", help="pages of a long report (default 10 100 300)")
    args = parser.parse_args()
    if args.lines is None and args.pages is None:
        args.lines, args.pages = [2000, 5000, 20000], [10, 100, 300]

    with tempfile.TemporaryDirectory() as tmp:
        for n in args.pages or []:
            pdf = Path(tmp) / f"pages-{n}.pdf"
            write_long_report(pdf, n)
            m = measure(pdf)
            print(
                f"{n:>4} pages: parse peak RSS {m['peak_mb']:6.0f} MB (after imports {m['import_mb']:.0f} MB), "
                f"{m['cpu']:.1f} s CPU ({n / m['cpu']:.1f} pages/s; wall {m['seconds']:.1f} s)",
                flush=True,
            )
        for n in args.lines or []:
            pdf = Path(tmp) / f"lines-{n}.pdf"
            write_tall_page(pdf, n)
            m = measure(pdf, max_page_inches=5000.0)
            print(
                f"one page, {n:>6} lines: {m['cpu']:7.2f} s CPU ({1000 * m['cpu'] / n:.3f} s per 1,000 lines; "
                f"wall {m['seconds']:.1f} s), {m['blocks']} blocks, peak {m['peak_mb']:.0f} MB",
                flush=True,
            )


if __name__ == "__main__":
    main()
