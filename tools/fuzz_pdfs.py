#!/usr/bin/env python3
"""Fuzz the parse stage: mutated and hostile PDFs, each must end in a result or a documented error.

    python tools/fuzz_pdfs.py --n 2000 [--seed 1] [--jobs 2] [--timeout 60] [--memory-mb 1500] [--save DIR]

A deterministic generator (`generate(n, seed)`): from the repository's test
PDFs (raw/*.pdf, tests/data/**/*.pdf) it makes mutants by byte flips,
truncations, deleted and duplicated objects, bytes inserted into content
streams and a zeroed xref table; beside them hostile files written byte by
byte here: inflation bombs in a content stream, a font and a ToUnicode map
(Flate and LZW), a page tree declaring 200,000 pages, one hiding 20,000
pages behind a /Count of 1, one nested 100,000 deep, one listing itself
100,000 times, an xref stream claiming 2 billion objects without a page
tree, a page 5,000 inches
tall, form XObjects nested deeply or fanned out, a `/Length` that refers to
its own stream. The same seed gives the same files.

Each file runs `parse_pdf` + `split_sections` in a forked child with an
address-space cap (RLIMIT_AS) and a hang timeout; the outcome is `ok`, a
documented error code (`E003`, ...), or a failure: `E999` (any other
exception), `hang`, `memory` (MemoryError or a killed child) or `crash`.
The benchmark mode prints the count per outcome; `tests/test_fuzz.py` runs
150 of them in CI and asserts that no failure occurs.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import re
import resource
import sys
import tempfile
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

FAILURES = ("E999", "hang", "memory", "crash")  # outcomes that are bugs: a test asserts none occurs


# ----------------------------------------------------------- raw PDF writing


def pdf_file(objects: list[bytes], *, root: int = 1, xref: bool = True) -> bytes:
    """A PDF whose object N (from 1) is objects[N-1], with a correct xref table and trailer."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    start = len(out)
    if xref:
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
        out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, start)
    return bytes(out)


def stream(data: bytes, extra: bytes = b"", *, length: bytes | None = None) -> bytes:
    """A stream object body; `length` overrides the /Length value (e.g. an indirect reference)."""
    return b"<< /Length " + (length if length is not None else b"%d" % len(data)) + b" " + extra + b" >>\nstream\n" + data + b"\nendstream"


def flate(data: bytes) -> bytes:
    return zlib.compress(data, 9)


def text_content(lines: list[str], *, size: float = 11, top: float = 760, left: float = 72, pitch: float = 14) -> bytes:
    """A content stream that sets each line with font /F1 one `pitch` below the last."""
    ops = [b"BT /F1 %g Tf %g TL %g %g Td" % (size, pitch, left, top)]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(b"(" + escaped.encode("latin-1") + b") Tj T*")
    ops.append(b"ET")
    return b"\n".join(ops)


HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def text_pdf(
    pages: list[bytes],
    *,
    width: float = 612,
    height: float = 792,
    font: bytes = HELVETICA,
    xobjects: list[bytes] | None = None,
    compress: bool = False,
) -> bytes:
    """Pages drawn by the given content streams, font /F1 and XObjects /X0, /X1, ... as resources.

    Objects: 1 catalog, 2 page tree, 3 font, then XObjects, then each page and its content.
    """
    xobjects = xobjects or []
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b"", font]
    xobject_refs = b" ".join(b"/X%d %d 0 R" % (i, 4 + i) for i in range(len(xobjects)))
    objects.extend(xobjects)
    kids = []
    resources = b"<< /Font << /F1 3 0 R >> /XObject << " + xobject_refs + b" >> >>"
    for content in pages:
        page_number = len(objects) + 1
        kids.append(b"%d 0 R" % page_number)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %g %g] /Resources %s /Contents %d 0 R >>"
            % (width, height, resources, page_number + 1)
        )
        objects.append(stream(flate(content), b"/Filter /FlateDecode") if compress else stream(content))
    objects[1] = b"<< /Type /Pages /Kids [" + b" ".join(kids) + b"] /Count %d >>" % len(kids)
    return pdf_file(objects)


def sample_lines(n: int, seed: int = 0) -> list[str]:
    """`n` lines of plain prose (the same for the same seed)."""
    words = "the local authority shall support schools and youth services in every region of the country".split()
    rng = random.Random(seed)
    return [" ".join(rng.choice(words) for _ in range(9)).capitalize() + "." for _ in range(n)]


# ----------------------------------------------------------- hostile files


def bomb_content(megabytes: int = 1024) -> bytes:
    """A content stream that inflates to `megabytes` MiB of spaces (about 1 KB compressed per MiB)."""
    return _bomb_pdf("content", megabytes)


def _deflate_zeros(megabytes: int, fill: bytes = b" ") -> bytes:
    """A zlib stream of `megabytes` MiB of `fill`, made in well under a second.

    One MiB is deflated after a full flush, which resets the compressor, so
    the same block stands for every further MiB; an empty final block and the
    Adler-32 of the whole close the stream.
    """
    chunk = fill * (1 << 20)
    compressor = zlib.compressobj(9)
    first = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    adler = 1
    for _ in range(megabytes):
        adler = zlib.adler32(chunk, adler)
    return first + block * (megabytes - 1) + b"\x03\x00" + adler.to_bytes(4, "big")


def _bomb_pdf(where: str, megabytes: int) -> bytes:
    """A one-page text PDF with a Flate bomb in its content stream, its font file or its ToUnicode map."""
    bomb = _deflate_zeros(megabytes)
    content = text_content(["A bomb sits in this file."])
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        b"",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>",
    ]
    if where == "content":
        objects[2] = HELVETICA
        objects.append(stream(bomb, b"/Filter /FlateDecode"))
    elif where == "font":
        # pdfminer reads a Type 1 font's /FontFile for its encoding: the bomb goes off there.
        objects[2] = (
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Bomb /FirstChar 32 /LastChar 126 "
            b"/FontDescriptor 6 0 R >>"
        )
        objects.append(stream(content))
        objects.append(
            b"<< /Type /FontDescriptor /FontName /Bomb /Flags 32 /FontBBox [0 0 1000 1000] /ItalicAngle 0 "
            b"/Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 /FontFile 7 0 R >>"
        )
        objects.append(stream(bomb, b"/Filter /FlateDecode /Length1 %d" % (megabytes << 20)))
    elif where == "tounicode":
        objects[2] = HELVETICA[:-2] + b" /ToUnicode 6 0 R >>"
        objects.append(stream(content))
        objects.append(stream(bomb, b"/Filter /FlateDecode"))
    else:
        raise ValueError(where)
    return pdf_file(objects)


def bomb_font(megabytes: int = 1024) -> bytes:
    return _bomb_pdf("font", megabytes)


def bomb_tounicode(megabytes: int = 1024) -> bytes:
    return _bomb_pdf("tounicode", megabytes)


def bomb_lzw(megabytes: int = 256) -> bytes:
    """An LZW-coded content stream of one repeated byte: each code doubles... up to 4,096 bytes a code."""
    data = _lzw_repeat(megabytes << 20)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        HELVETICA,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>",
        stream(data, b"/Filter /LZWDecode /DecodeParms << /EarlyChange 1 >>"),
    ]
    return pdf_file(objects)


def _lzw_repeat(n_bytes: int) -> bytes:
    """LZW codes for at least `n_bytes` spaces, as pdfminer's decoder reads them (early change).

    After a clear code the first code is a space and each next code is the
    entry the decoder is about to add (a run one space longer than the last),
    so a table of 4,096 entries writes 7.4 MB from about 5 KB of codes.
    """
    codes: list[tuple[int, int]] = []  # (code, bit width)
    produced = 0
    while produced < n_bytes:
        codes.append((256, 9 if not codes else 12))  # clear
        codes.append((32, 9))
        produced += 1
        table_len, width = 258, 9
        while table_len < 4094 and produced < n_bytes:
            codes.append((table_len, width))
            produced += table_len - 256
            table_len += 1
            width = {511: 10, 1023: 11, 2047: 12}.get(table_len, width)
    codes.append((257, width))
    bits = "".join(format(code, f"0{w}b") for code, w in codes)
    bits += "0" * (-len(bits) % 8)
    return int(bits, 2).to_bytes(len(bits) // 8, "big")


def many_pages(n: int = 200_000) -> bytes:
    """A page tree with `n` distinct empty pages (about 80 bytes each)."""
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    kids = []
    for i in range(n):
        kids.append(b"%d 0 R" % (3 + i))
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>")
    objects[1] = b"<< /Type /Pages /Kids [" + b" ".join(kids) + b"] /Count %d >>" % n
    return pdf_file(objects)


def lying_count(n: int = 20_000) -> bytes:
    """`n` empty pages under a root whose /Count says 1: only a count of the tree's pages finds them."""
    return many_pages(n).replace(b"] /Count %d >>" % n, b"] /Count 1 >>".ljust(len(b"] /Count %d >>" % n)))  # offsets kept


def page_tree_chain(depth: int = 100_000) -> bytes:
    """/Pages nodes nested `depth` deep, one page at the bottom (pdfminer's recursive walk: RecursionError)."""
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    for level in range(depth):
        number = 2 + level
        objects.append(b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % (number + 1))
    objects.append(b"<< /Type /Page /MediaBox [0 0 612 792] >>")
    return pdf_file(objects)


def page_tree_cycle(repeats: int = 100_000) -> bytes:
    """A page tree whose node lists itself and its parent `repeats` times beside one page (a cycle)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Pages /Parent 2 0 R /Kids [" + b"2 0 R 3 0 R " * (repeats // 2) + b"4 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 612 792] >>",
    ]
    return pdf_file(objects)


def xref_stream_claims(objects: int = 2_000_000_000) -> bytes:
    """An empty page tree and an xref stream whose /Index claims `objects` objects: without a tree
    pdfminer searches every object the xref lists for a page (a hang of 2 billion lookups)."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for body in (b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % (len(offsets)) + body + b"\nendobj\n"
    start = len(out)
    entries = b"\x00\x00\x00\x00\x00\xff" + b"".join(b"\x01" + off.to_bytes(4, "big") + b"\x00" for off in offsets)
    entries += b"\x01" + start.to_bytes(4, "big") + b"\x00"  # the xref stream itself, object 3
    out += b"3 0 obj\n" + stream(entries, b"/Type /XRef /Size %d /Index [0 %d] /W [1 4 1] /Root 1 0 R" % (objects, objects)) + b"\nendobj\n"
    out += b"startxref\n%d\n%%%%EOF\n" % start
    return bytes(out)


def huge_page(inches: float = 5000) -> bytes:
    """One page `inches` tall, its text at the top and the bottom."""
    height = inches * 72
    content = text_content(sample_lines(3), top=height - 72) + b"\n" + text_content(sample_lines(3, 1), top=90)
    return text_pdf([content], height=height)


def nested_forms(depth: int = 200, fan_out: int = 1) -> bytes:
    """Form XObjects nested `depth` deep, each drawing the next `fan_out` times (fan_out 10, depth 8: 10^8 draws)."""
    n = depth
    xobjects = []
    for level in range(n):
        if level + 1 < n:
            body = b" ".join([b"q /X%d Do Q" % (level + 1)] * fan_out) + b" BT /F1 9 Tf 72 72 Td (x) Tj ET"
        else:
            body = b"BT /F1 9 Tf 72 72 Td (leaf) Tj ET"
        # Each form's resources name every form (the page's dictionary is object 4 + n, see text_pdf).
        refs = b" ".join(b"/X%d %d 0 R" % (i, 4 + i) for i in range(n))
        xobjects.append(
            stream(body, b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> /XObject << " + refs + b" >> >>")
        )
    page = text_content(sample_lines(5)) + b"\nq /X0 Do Q"
    return text_pdf([page], xobjects=xobjects)


def self_length() -> bytes:
    """A content stream whose /Length is an indirect reference to the stream itself."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        HELVETICA,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>",
        stream(text_content(sample_lines(4)), length=b"5 0 R"),
    ]
    return pdf_file(objects)


def mcid_page() -> bytes:
    """Marked content with a malformed property list (`/P << /MCID >> BDC`) between text lines."""
    content = text_content(sample_lines(3)) + b"\n/P << /MCID >> BDC\n" + text_content(sample_lines(3, 1), top=600) + b"\nEMC"
    return text_pdf([content])


HOSTILE: dict[str, Callable[[], bytes]] = {
    "bomb-content": lambda: bomb_content(1024),
    "bomb-font": lambda: bomb_font(1024),
    "bomb-tounicode": lambda: bomb_tounicode(1024),
    "bomb-lzw": lambda: bomb_lzw(256),
    "pages-200000": lambda: many_pages(200_000),
    "pages-count-lying": lambda: lying_count(20_000),
    "pages-tree-deep": lambda: page_tree_chain(100_000),
    "pages-tree-cycle": lambda: page_tree_cycle(100_000),
    "pages-xref-claims": lambda: xref_stream_claims(2_000_000_000),
    "page-5000-inches": lambda: huge_page(5000),
    "forms-deep": lambda: nested_forms(depth=400),
    "forms-fan-out": lambda: nested_forms(depth=9, fan_out=10),
    "length-self": self_length,
    "mcid-bdc": mcid_page,
}


# ----------------------------------------------------------- mutations of real PDFs


def source_pdfs(root: Path = ROOT) -> list[Path]:
    """The repository's test PDFs, in a fixed order."""
    return sorted({*root.glob("raw/*.pdf"), *root.glob("tests/data/**/*.pdf")})


OBJECT_RE = re.compile(rb"\d+ \d+ obj\b.*?endobj", re.S)
STREAM_RE = re.compile(rb"stream\r?\n")


def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    """Up to 20 bytes set to random values (past the header, which would make it E002)."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 20)):
        out[rng.randrange(16, len(out))] = rng.randrange(256)
    return bytes(out)


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(16, len(data))]


def delete_object(data: bytes, rng: random.Random) -> bytes:
    objects = list(OBJECT_RE.finditer(data))
    if not objects:
        return truncate(data, rng)
    m = rng.choice(objects)
    return data[: m.start()] + data[m.end() :]


def duplicate_object(data: bytes, rng: random.Random) -> bytes:
    """An object copied over another (same number twice, or a stream where a dictionary was)."""
    objects = list(OBJECT_RE.finditer(data))
    if len(objects) < 2:
        return flip_bytes(data, rng)
    a, b = rng.sample(objects, 2)
    copy = data[a.start() : a.end()]
    return data[: b.end()] + b"\n" + copy + data[b.end() :]


OPERATORS = [
    b"/P << /MCID >> BDC", b"EMC", b"BT", b"ET", b"Q", b"q", b"0 0 0 0 0 0 cm", b"1e308 0 0 1e308 0 0 cm",
    b"/F1 0 Tf", b"(\x00\x00) Tj", b"[(a) -1e9 (b)] TJ", b"<< /A [ [ [ >>", b"/X0 Do", b"999999 Tz",
    b"0 -1e6 Td", b"BI /W 1 /H 1 ID \x00 EI", b"(unbalanced Tj", b"/Name", b"1 2 3 4 5 6 7 8 9 re",
]


def insert_in_stream(data: bytes, rng: random.Random) -> bytes:
    """Operators (some malformed) inserted just after a `stream` keyword; compressed streams become garbage."""
    starts = [m.end() for m in STREAM_RE.finditer(data)]
    if not starts:
        return flip_bytes(data, rng)
    at = rng.choice(starts)
    insert = b"\n".join(rng.choice(OPERATORS) for _ in range(rng.randint(1, 5))) + b"\n"
    return data[:at] + insert + data[at:]


def zero_xref(data: bytes, rng: random.Random) -> bytes:
    """Every xref offset set to zero (or, without a table, the startxref number)."""
    at = data.rfind(b"xref")
    if at < 0:
        return flip_bytes(data, rng)
    head, tail = data[:at], data[at:]
    tail = re.sub(rb"\d{10} (\d{5}) n", lambda m: b"0000000000 " + m.group(1) + b" n", tail)
    tail = re.sub(rb"startxref\s+\d+", b"startxref\n0", tail)
    return head + tail


MUTATIONS: dict[str, Callable[[bytes, random.Random], bytes]] = {
    "flip": flip_bytes,
    "truncate": truncate,
    "delete-object": delete_object,
    "duplicate-object": duplicate_object,
    "insert-stream": insert_in_stream,
    "zero-xref": zero_xref,
}


def uncompressed(data: bytes) -> bytes:
    """The same PDF with its Flate streams stored inflated, so mutations reach the operators.

    Only streams whose only filter is FlateDecode are touched; the xref is left
    stale on purpose (pdfminer then finds objects by scanning, as readers of
    damaged files do).
    """
    def inflate(m: re.Match[bytes]) -> bytes:
        try:
            body = zlib.decompress(m.group(3))
        except zlib.error:
            return m.group(0)
        head = m.group(1).replace(b"/Filter /FlateDecode", b"").replace(b"/Filter/FlateDecode", b"")
        head = re.sub(rb"/Length \d+", b"/Length %d" % len(body), head)
        return head + m.group(2) + body + b"\nendstream"

    return re.sub(rb"(<<(?:(?!>>\s*stream).)*?/Filter\s*/FlateDecode(?:(?!>>\s*stream).)*?>>\s*)(stream\r?\n)(.*?)\r?\nendstream", inflate, data, flags=re.S)


@dataclass(frozen=True)
class Case:
    name: str  # kind and seed, e.g. "flip:dev-a:17"
    data: bytes


def generate(n: int, seed: int = 1, *, sources: list[Path] | None = None, bomb_mb: int = 1024) -> Iterator[Case]:
    """`n` cases, the same for the same seed: one of each hostile kind first, then mutants."""
    rng = random.Random(seed)
    originals = [(p.stem, p.read_bytes()) for p in (sources if sources is not None else source_pdfs())]
    variants = originals + [(name + "-inflated", uncompressed(data)) for name, data in originals]
    hostile = dict(HOSTILE)
    if bomb_mb != 1024:
        hostile.update(
            {
                "bomb-content": lambda: bomb_content(bomb_mb),
                "bomb-font": lambda: bomb_font(bomb_mb),
                "bomb-tounicode": lambda: bomb_tounicode(bomb_mb),
                "bomb-lzw": lambda: bomb_lzw(bomb_mb // 4),
            }
        )
    made = 0
    for name, make in hostile.items():
        if made >= n:
            return
        yield Case(f"hostile:{name}", make())
        made += 1
    kinds = list(MUTATIONS)
    while made < n:
        kind = kinds[made % len(kinds)]
        source_name, source = rng.choice(variants)
        case_seed = rng.randrange(1 << 30)
        data = MUTATIONS[kind](source, random.Random(case_seed))
        if rng.random() < 0.25:  # a second mutation on a quarter of them
            data = MUTATIONS[rng.choice(kinds)](data, random.Random(case_seed + 1))
        yield Case(f"{kind}:{source_name}:{case_seed}", data)
        made += 1


# ----------------------------------------------------------- running the parse on each


@dataclass(frozen=True)
class Outcome:
    name: str
    code: str  # "ok", an error code, or one of FAILURES
    detail: str
    seconds: float
    peak_rss_mb: float


def _vm_size_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _child(path: str, conn: object, memory_mb: int) -> None:
    """Parse one file under an address-space cap and send (code, detail, peak RSS) back."""
    import logging
    import traceback

    for name in ("pdfminer", "pipeline"):  # their log lines are not outcomes (the CLI keeps them off stderr too)
        logging.getLogger(name).propagate = False
        logging.getLogger(name).addHandler(logging.NullHandler())
    cap = int((_vm_size_mb() + memory_mb) * (1 << 20))
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    from pipeline.errors import PipelineError
    from pipeline.pdf import parse_pdf
    from pipeline.sections import split_sections

    try:
        split_sections(parse_pdf(path))
        code, detail = "ok", ""
    except PipelineError as exc:
        code, detail = exc.code, exc.message[-200:]
    except MemoryError:
        code, detail = "memory", "MemoryError"
    except BaseException as exc:  # the point of fuzzing: every other exception is a bug
        frame = traceback.extract_tb(exc.__traceback__)[-1]
        code, detail = "E999", f"{type(exc).__name__}: {str(exc)[:150]} at {Path(frame.filename).name}:{frame.lineno}"
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    conn.send((code, detail, peak))  # type: ignore[attr-defined]
    conn.close()  # type: ignore[attr-defined]


def run_cases(
    cases: Iterator[Case] | list[Case],
    *,
    workdir: Path,
    jobs: int = 2,
    timeout: float = 60.0,
    memory_mb: int = 1500,
    on_outcome: Callable[[Outcome], None] = lambda o: None,
) -> list[Outcome]:
    """Run each case in a forked child (at most `jobs` at once); a child past `timeout` is a hang."""
    import pipeline.pdf  # noqa: F401  (imported once here; each forked child shares it)
    import pipeline.sections  # noqa: F401

    context = multiprocessing.get_context("fork")
    running: list[tuple[Case, Any, Any, float, Path]] = []
    outcomes: list[Outcome] = []
    iterator = iter(cases)
    exhausted = False
    workdir.mkdir(parents=True, exist_ok=True)
    while running or not exhausted:
        while not exhausted and len(running) < jobs:
            try:
                case = next(iterator)
            except StopIteration:
                exhausted = True
                break
            path = workdir / f"case-{len(outcomes) + len(running)}.pdf"
            path.write_bytes(case.data)
            receiver, sender = context.Pipe(duplex=False)
            process = context.Process(target=_child, args=(str(path), sender, memory_mb), daemon=True)
            process.start()
            sender.close()
            running.append((case, process, receiver, time.monotonic(), path))
        time.sleep(0.01)
        still: list[tuple[Case, Any, Any, float, Path]] = []
        for case, process, receiver, started, path in running:
            elapsed = time.monotonic() - started
            outcome: Outcome | None = None
            if receiver.poll():  # type: ignore[attr-defined]
                try:
                    code, detail, peak = receiver.recv()  # type: ignore[attr-defined]
                except EOFError:
                    process.join()  # type: ignore[attr-defined]
                    code, detail, peak = "crash", f"exit {process.exitcode}", 0.0  # type: ignore[attr-defined]
                outcome = Outcome(case.name, code, detail, elapsed, peak)
            elif not process.is_alive():  # type: ignore[attr-defined]
                code = "memory" if process.exitcode in (-9, 137) else "crash"  # type: ignore[attr-defined]
                outcome = Outcome(case.name, code, f"exit {process.exitcode}", elapsed, 0.0)  # type: ignore[attr-defined]
            elif elapsed > timeout:
                process.kill()  # type: ignore[attr-defined]
                outcome = Outcome(case.name, "hang", f"over {timeout:g} s", elapsed, 0.0)
            if outcome is None:
                still.append((case, process, receiver, started, path))
                continue
            process.join()  # type: ignore[attr-defined]
            receiver.close()  # type: ignore[attr-defined]
            path.unlink(missing_ok=True)
            outcomes.append(outcome)
            on_outcome(outcome)
        running = still
    return outcomes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000, help="how many files (default 2000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds before a file counts as a hang")
    parser.add_argument("--memory-mb", type=int, default=1500, help="address space a child may add")
    parser.add_argument("--bomb-mb", type=int, default=1024, help="how far the inflation bombs inflate")
    parser.add_argument("--save", type=Path, help="keep the failing files in this folder")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "fuzz-pdfs")
    args = parser.parse_args(argv)

    started = time.monotonic()
    counts: Counter[str] = Counter()
    failures: list[Outcome] = []
    slowest: list[Outcome] = []
    data_by_name: dict[str, bytes] = {}

    def report(outcome: Outcome) -> None:
        counts[outcome.code] += 1
        slowest.append(outcome)
        if outcome.code in FAILURES:
            failures.append(outcome)
            print(f"FAIL {outcome.code} {outcome.name}: {outcome.detail}", file=sys.stderr)
            if args.save and outcome.name in data_by_name:
                args.save.mkdir(parents=True, exist_ok=True)
                (args.save / (re.sub(r"[^\w.-]", "_", outcome.name) + ".pdf")).write_bytes(data_by_name[outcome.name])
        done = sum(counts.values())
        if done % 100 == 0:
            print(f"{done}/{args.n} in {time.monotonic() - started:.0f} s: {dict(sorted(counts.items()))}", file=sys.stderr)

    def cases() -> Iterator[Case]:
        for case in generate(args.n, args.seed, bomb_mb=args.bomb_mb):
            if args.save:
                data_by_name[case.name] = case.data
            yield case

    outcomes = run_cases(cases(), workdir=args.workdir, jobs=args.jobs, timeout=args.timeout, memory_mb=args.memory_mb, on_outcome=report)
    elapsed = time.monotonic() - started
    print(f"{len(outcomes)} files in {elapsed:.0f} s ({args.jobs} jobs, seed {args.seed}, timeout {args.timeout:g} s, cap +{args.memory_mb} MB)")
    for code, count in sorted(counts.items()):
        print(f"  {code:<8} {count}")
    peak = max((o.peak_rss_mb for o in outcomes), default=0.0)
    longest = max(outcomes, key=lambda o: o.seconds, default=None)
    print(f"  largest peak RSS {peak:.0f} MB; slowest {longest.seconds:.1f} s ({longest.name})" if longest else "")
    for o in outcomes:
        if o.name.startswith("hostile:"):
            print(f"  {o.name:<28} {o.code:<6} {o.seconds:6.1f} s {o.peak_rss_mb:6.0f} MB  {o.detail[:80]}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
