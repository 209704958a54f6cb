"""The parse's limits and its handling of damaged pages: every hostile or broken file ends in its documented code.

Each file is written byte by byte in the test (tools/fuzz_pdfs.py holds the
writers); the limits are lowered where that keeps a test fast.
"""

from __future__ import annotations

import random
import sys
import time
import zlib
from pathlib import Path

import pytest

from pipeline import pdf_limits
from pipeline.cli import main
from pipeline.errors import EXIT_INPUT, EXIT_LIMIT, PipelineError
from pipeline.pdf import parse_pdf
from pipeline.pdf_limits import MB, ParseLimits

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
import fuzz_pdfs as F  # noqa: E402

HANG = 60  # seconds: only detects a hang, never a speed target


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _code(path: Path, limits: ParseLimits | None = None) -> str:
    started = time.monotonic()
    try:
        parse_pdf(path, limits=limits)
        code = "ok"
    except PipelineError as exc:
        code = exc.code
    assert time.monotonic() - started < HANG
    return code


def test_a_plain_generated_pdf_parses(tmp_path):
    path = _write(tmp_path, "plain.pdf", F.text_pdf([F.text_content(["Local authorities shall support schools."])]))
    document = parse_pdf(path)
    assert "Local authorities shall support schools." in " ".join(b.text for b in document.blocks)


# -- limits: one hostile file each -------------------------------------------------------------


def test_more_pages_than_the_limit_is_e026(tmp_path):
    path = _write(tmp_path, "pages.pdf", F.text_pdf([F.text_content([f"Page {i} text here."]) for i in range(6)]))
    assert _code(path, ParseLimits(max_pages=5)) == "E026"
    assert _code(path, ParseLimits(max_pages=6)) == "ok"


def test_pages_beyond_a_lying_count_are_counted_as_read(tmp_path):
    data = F.text_pdf([F.text_content([f"Page {i} text here."]) for i in range(6)]).replace(b"/Count 6", b"/Count 1")
    path = _write(tmp_path, "lying-count.pdf", data)
    assert _code(path, ParseLimits(max_pages=5)) == "E026"


def test_a_file_declaring_200000_pages_ends_quickly_in_e026(tmp_path):
    path = _write(tmp_path, "many.pdf", F.many_pages(200_000))
    with pytest.raises(PipelineError) as caught:
        parse_pdf(path)
    assert caught.value.code == "E026" and caught.value.exit_status == EXIT_LIMIT
    assert "200,000 pages" in caught.value.message


@pytest.mark.parametrize("where", ["content", "font", "tounicode"])
def test_a_flate_bomb_ends_in_e027_at_the_cap(tmp_path, where):
    path = _write(tmp_path, f"bomb-{where}.pdf", F._bomb_pdf(where, 64))  # inflates to 64 MB
    assert _code(path, ParseLimits(max_stream_bytes=4 * MB)) == "E027"
    assert pdf_limits._state.limits is None  # pdfminer is restored after the error


def test_a_bomb_at_the_default_cap_ends_in_e027(tmp_path):
    path = _write(tmp_path, "bomb.pdf", F.bomb_content(1024))  # 1 MB that inflates to 1 GB
    assert _code(path) == "E027"


def test_an_lzw_bomb_ends_in_e027(tmp_path):
    path = _write(tmp_path, "lzw.pdf", F.bomb_lzw(16))
    assert _code(path, ParseLimits(max_stream_bytes=2 * MB)) == "E027"


def test_a_raised_stream_cap_lets_a_large_stream_through(tmp_path):
    content = F.text_content(["Local authorities shall support schools."]) + b" " * (3 * MB)
    path = _write(tmp_path, "large.pdf", F.text_pdf([content], compress=True))
    assert _code(path, ParseLimits(max_stream_bytes=2 * MB)) == "E027"
    assert _code(path, ParseLimits(max_stream_bytes=4 * MB)) == "ok"


def test_a_page_5000_inches_tall_is_e028(tmp_path):
    path = _write(tmp_path, "tall.pdf", F.huge_page(5000))
    assert _code(path) == "E028"
    assert _code(path, ParseLimits(max_page_inches=6000)) == "ok"


def test_forms_nested_past_the_depth_limit_are_e029(tmp_path):
    path = _write(tmp_path, "deep.pdf", F.nested_forms(depth=40))
    assert _code(path) == "E029"  # 40 > 32; pdfminer alone recurses until RecursionError
    assert _code(path, ParseLimits(max_form_depth=50)) == "ok"


def test_a_fan_out_of_forms_is_e029(tmp_path):
    path = _write(tmp_path, "fan.pdf", F.nested_forms(depth=9, fan_out=10))  # 10^8 draws unbounded
    assert _code(path, ParseLimits(max_page_forms=500)) == "E029"


def test_too_many_characters_on_a_page_is_e029(tmp_path):
    path = _write(tmp_path, "chars.pdf", F.text_pdf([F.text_content(F.sample_lines(40))]))
    assert _code(path, ParseLimits(max_page_chars=500)) == "E029"
    assert _code(path) == "ok"


def test_a_length_that_refers_to_its_own_stream_ends_in_e003(tmp_path):
    path = _write(tmp_path, "length.pdf", F.self_length())
    assert _code(path) == "E003"


def test_the_limits_reach_the_parse_from_the_command_line(tmp_path, capsys):
    path = _write(tmp_path, "pages.pdf", F.text_pdf([F.text_content(F.sample_lines(8, i), top=700) for i in range(3)]))
    assert main(["parse", str(path), "--max-pages", "2"]) == EXIT_LIMIT
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error [E026]")
    bomb = _write(tmp_path, "bomb.pdf", F._bomb_pdf("content", 8))
    assert main(["parse", str(bomb), "--max-stream-mb", "1"]) == EXIT_LIMIT
    assert capsys.readouterr().err.startswith("error [E027]")
    assert main(["parse", str(path), "--max-pages", "3"]) == 0


# -- damaged pages after the file opened ---------------------------------------------------------


def test_a_malformed_marked_content_dictionary_is_e030_naming_the_page(tmp_path, capsys):
    path = _write(tmp_path, "mcid.pdf", F.mcid_page())
    assert main(["parse", str(path)]) == EXIT_INPUT
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error [E030]") and "page 1 is damaged" in err[0]


def test_a_zero_width_glyph_alone_on_its_line_parses(tmp_path):
    zero_width = b"<< /Type /Font /Subtype /Type1 /BaseFont /ZeroWidth /FirstChar 32 /LastChar 126 /Widths [" + b"0 " * 95 + b"] >>"
    content = F.text_content(F.sample_lines(6)) + b"\nBT /F2 11 Tf 300 600 Td (x) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        F.HELVETICA,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R /F2 6 0 R >> >> /Contents 5 0 R >>",
        F.stream(content),
        zero_width,
    ]
    path = _write(tmp_path, "zero-width.pdf", F.pdf_file(objects))
    text = " ".join(b.text for b in parse_pdf(path).blocks)
    assert F.sample_lines(6)[0] in text and "x" in text.split()


# -- the bounded decoders give what pdfminer's give -------------------------------------------


def test_bounded_flate_salvage_equals_pdfminers(tmp_path):
    from pdfminer.pdftypes import decompress_corrupted

    data = zlib.compress(bytes(random.Random(3).randrange(40, 90) for _ in range(20_000)))
    bad_checksum = data[:-4] + b"\0\0\0\0"
    assert pdf_limits._bounded_decompress_corrupted(bad_checksum) == decompress_corrupted(bad_checksum)
    truncated = data[: len(data) // 2]
    assert pdf_limits._bounded_decompress_corrupted(truncated) == decompress_corrupted(truncated)
    broken = bytearray(data)
    broken[len(data) // 3] ^= 0xFF
    with pytest.raises(zlib.error):
        decompress_corrupted(bytes(broken))
    with pytest.raises(zlib.error):
        pdf_limits._bounded_decompress_corrupted(bytes(broken))


def test_bounded_runlength_and_lzw_equal_pdfminers():
    from pdfminer.lzw import lzwdecode
    from pdfminer.runlength import rldecode

    rng = random.Random(5)
    for _ in range(50):
        encoded = bytearray()
        for _ in range(rng.randint(0, 30)):
            if rng.random() < 0.5:
                n = rng.randint(0, 127)
                encoded += bytes([n]) + bytes(rng.randrange(256) for _ in range(n + 1))
            else:
                encoded += bytes([rng.randint(129, 255), rng.randrange(256)])
        encoded += b"\x80"
        assert pdf_limits._bounded_rldecode(bytes(encoded)) == rldecode(bytes(encoded))
    codes = F._lzw_repeat(100_000)
    assert pdf_limits._bounded_lzwdecode(codes) == lzwdecode(codes)


def test_pdfminer_is_patched_only_during_a_parse(tmp_path):
    from pdfminer import pdftypes
    from pdfminer.pdfinterp import PDFPageInterpreter

    original = PDFPageInterpreter.render_contents
    path = _write(tmp_path, "plain.pdf", F.text_pdf([F.text_content(["Local authorities shall support schools."])]))
    parse_pdf(path)
    assert pdftypes.zlib is zlib and PDFPageInterpreter.render_contents is original


def test_run_passes_the_limits_to_the_parse(tmp_path, capsys):
    """`run` fails on the parse before the model is needed: the flags reach parse_pdf through run_report."""
    path = _write(tmp_path, "pages.pdf", F.text_pdf([F.text_content(F.sample_lines(8, i), top=700) for i in range(3)]))
    assert main(["run", str(path), "--out", str(tmp_path / "out"), "--no-cache", "--max-pages", "2"]) == EXIT_LIMIT
    assert "error [E026]" in capsys.readouterr().err
    bomb = _write(tmp_path, "bomb.pdf", F._bomb_pdf("font", 8))
    assert main(["run", str(bomb), "--out", str(tmp_path / "out"), "--no-cache", "--max-stream-mb", "1"]) == EXIT_LIMIT
    assert "error [E027]" in capsys.readouterr().err
