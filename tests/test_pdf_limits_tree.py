"""The page count is checked before the page tree is walked, and the walk itself is bounded.

A file declaring a huge tree, hiding pages behind a lying /Count, nesting its
tree 100,000 deep, listing a node inside itself 100,000 times, or claiming two
billion objects without a tree ends in E026 or E034 before any page is read.
Every file is written byte by byte here (tools/fuzz_pdfs.py holds the writers).
The time bound only detects a hang.
"""

from __future__ import annotations

import glob
import sys
import time
from pathlib import Path

import pdfplumber
import pytest

from pipeline.cli import main
from pipeline.errors import EXIT_LIMIT, PipelineError
from pipeline.pdf import close_pdf, open_pdf, parse_pdf
from pipeline.pdf_limits import MAX_TREE_NODES, ParseLimits, declared_pages, page_tree

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import fuzz_pdfs as F  # noqa: E402

HANG = 60  # seconds: only detects a hang, never a speed target


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _open_error(path: Path, limits: ParseLimits | None = None) -> PipelineError:
    """The error of opening `path` (no page is read by open_pdf), within the hang bound."""
    started = time.monotonic()
    with pytest.raises(PipelineError) as caught:
        open_pdf(path, limits)
    assert time.monotonic() - started < HANG
    return caught.value


def test_the_declared_count_is_read_without_parsing_the_root_node(tmp_path):
    path = _write(tmp_path, "many.pdf", F.many_pages(5_000))
    pdf = pdfplumber.open(path)
    try:
        assert declared_pages(pdf.doc, ParseLimits()) == (5_000, 5_000)
        assert 2 not in pdf.doc._cached_objs  # the root page node (object 2) was never parsed
    finally:
        close_pdf(pdf)  # pdfplumber's close() would make every page, with pdfminer's walk


def test_a_declared_count_over_the_limit_is_e026_before_the_walk(tmp_path, monkeypatch):
    path = _write(tmp_path, "many.pdf", F.many_pages(3_000))

    def no_walk(*args, **kwargs):
        raise AssertionError("the tree was walked")

    monkeypatch.setattr("pipeline.pdf.page_tree", no_walk)
    err = _open_error(path)
    assert err.code == "E026" and err.exit_status == EXIT_LIMIT and "3,000 pages" in err.message


def test_pages_hidden_behind_a_lying_count_are_e026_before_any_page_is_read(tmp_path):
    path = _write(tmp_path, "lying.pdf", F.lying_count(3_000))  # /Count 1, 3,000 pages
    err = _open_error(path)
    assert err.code == "E026" and "more than 2,000" in err.message
    assert _open_error(path, ParseLimits(max_pages=100)).code == "E034"  # 3,000 kids: more than a tree of 100 pages lists


def test_a_root_listing_more_kids_than_any_tree_of_the_limit_is_e034(tmp_path):
    path = _write(tmp_path, "lying.pdf", F.lying_count(20_000))
    err = _open_error(path)
    assert err.code == "E034" and err.exit_status == EXIT_LIMIT and "20,000 kids" in err.message


def test_a_tree_nested_100000_deep_is_e034(tmp_path):
    path = _write(tmp_path, "deep.pdf", F.page_tree_chain(100_000))
    err = _open_error(path)
    assert err.code == "E034" and f"{2_000 + MAX_TREE_NODES:,} entries" in err.message


def test_a_deep_tree_within_the_bound_is_walked_without_recursion(tmp_path):
    """pdfminer's own walk recurses and fails at Python's recursion limit; the bounded walk finds the page."""
    from pdfminer.pdfpage import PDFPage

    path = _write(tmp_path, "deep.pdf", F.page_tree_chain(5_000))
    pdf = pdfplumber.open(path)
    try:
        assert [objid for objid, _ in page_tree(pdf.doc, ParseLimits(max_pages=5_000), str(path))] == [5_002]
        with pytest.raises(RecursionError):
            list(PDFPage.create_pages(pdf.doc))
    finally:
        close_pdf(pdf)  # pdfplumber's close() would make every page, with pdfminer's walk


def test_a_cyclic_tree_is_walked_once_and_a_long_cycle_is_e034(tmp_path):
    small = _write(tmp_path, "cycle.pdf", F.page_tree_cycle(4))
    pdf = pdfplumber.open(small)
    try:
        assert [objid for objid, _ in page_tree(pdf.doc, ParseLimits(), str(small))] == [4]
    finally:
        close_pdf(pdf)  # pdfplumber's close() would make every page, with pdfminer's walk
    err = _open_error(_write(tmp_path, "cycle-long.pdf", F.page_tree_cycle(100_000)))
    assert err.code == "E034" and "cyclic" in err.message


def test_an_xref_claiming_two_billion_objects_without_a_tree_is_e034(tmp_path):
    path = _write(tmp_path, "claims.pdf", F.xref_stream_claims(2_000_000_000))
    err = _open_error(path)
    assert err.code == "E034" and "no page tree" in err.message


def test_pages_outside_an_empty_tree_are_still_found(tmp_path):
    """pdfminer's fallback (every object searched for /Type /Page) is kept within its bound."""
    data = F.text_pdf([F.text_content(["Local authorities shall support schools."])])
    assert b"/Kids [4 0 R]" in data
    path = _write(tmp_path, "no-tree.pdf", data.replace(b"/Kids [4 0 R]", b"/Kids []     "))
    document = parse_pdf(path)
    assert "Local authorities shall support schools." in " ".join(b.text for b in document.blocks)


def test_the_bounded_walk_finds_pdfminers_pages_on_every_test_pdf():
    from pdfminer.pdfpage import PDFPage

    files = sorted(glob.glob(str(ROOT / "raw" / "*.pdf")) + glob.glob(str(ROOT / "tests" / "data" / "**" / "*.pdf"), recursive=True))
    assert files
    for name in files:
        pdf = pdfplumber.open(name)
        try:
            theirs = [(page.pageid, page.attrs) for page in PDFPage.create_pages(pdf.doc)]
            assert page_tree(pdf.doc, ParseLimits(), name) == theirs, name
        finally:
            close_pdf(pdf)  # pdfplumber's close() would make every page, with pdfminer's walk


def test_e034_is_one_line_and_exit_status_9_from_the_command_line(tmp_path, capsys):
    path = _write(tmp_path, "deep.pdf", F.page_tree_chain(10_000))
    assert main(["parse", str(path)]) == EXIT_LIMIT
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error [E034]")
    assert main(["parse", str(path), "--max-pages", "20000"]) != EXIT_LIMIT  # a trusted file: the limit raised
