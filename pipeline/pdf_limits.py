"""Limits on the work one PDF may cause while it is parsed, enforced inside pdfminer.

pdfminer (under pdfplumber) trusts the file: it inflates a stream whatever
its size (a 1 MB Flate "bomb" becomes 1 GB), draws form XObjects inside form
XObjects without a bound on depth or count, and reads every page a file
declares. `guarded(limits)` is a context manager that, only while our parse
runs, patches these places of pdfminer (and restores them on exit):

- `pdfminer.pdftypes.zlib` → a stand-in whose `decompress` and
  `decompressobj` inflate with `max_length` (zlib's bounded API), so no
  stream, be it a page's content, a font file or a ToUnicode CMap, grows past
  `max_stream_bytes` (E027); `lzwdecode`, `rldecode` and
  `decompress_corrupted` (the salvage of a stream with a bad checksum,
  quadratic in pdfminer) → the same algorithms with the same bound;
- `PDFPageInterpreter.render_contents` (every page and every form XObject
  passes through it) → counts the nesting depth (E029 past
  `max_form_depth`), the forms drawn on the page (E029 past
  `max_page_forms`: a fan-out of forms drawing forms 10 times each is 10^9
  draws at depth 9) and the content bytes interpreted for the page, forms
  counted each time they are drawn (E029 past `max_page_content_bytes`);
- `PDFLayoutAnalyzer.render_char` → counts the characters of the page (E029
  past `max_page_chars`).

The page count (E026, `max_pages`) is checked before any page is read, in two
steps that never trust the file: `declared_pages` reads the root page-tree
node's `/Count` (and counts the references in its `/Kids`) from the object's
raw bytes, without building the node; then `page_tree` walks the tree
depth-first with an explicit stack (pdfminer's walk recurses: a tree 1,000
deep is a RecursionError) and stops with E026 at page `max_pages + 1` or with
E034 once it has examined more than `max_pages + MAX_TREE_NODES` entries that
are not new pages (page-tree nodes, repeated or cyclic references, junk): a
lying `/Count`, a deep chain or a cyclic `/Kids` ends there, each entry
costing one object lookup. The page size (E028) is checked by `pdf.py` as the
pages are read. Every limit has a default a user can change (`--max-pages`,
`--max-stream-mb` on the command line; `ParseLimits` in code).
"""

from __future__ import annotations

import logging
import re
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from io import BytesIO
from typing import Any

from .errors import EXIT_LIMIT, PipelineError, error

logger = logging.getLogger("pdfminer.pdftypes")  # pdfminer's own logger: kept off stderr like its other lines

MB = 1 << 20
# Page-tree entries that are not pages a walk may meet beyond one per page: the root and the
# nodes of a balanced tree (real trees: at most one node per 2 to 10 pages, 1 to 4 levels).
MAX_TREE_NODES = 64
# Objects searched per allowed page when a file has no usable page tree (pdfminer's fallback:
# every object is parsed to find the pages; a page with its content, fonts and images is a few).
FALLBACK_OBJECTS_PER_PAGE = 50


@dataclass(frozen=True)
class ParseLimits:
    """Bounds on one PDF's parse; a hostile file ends in the documented error instead of memory or time."""

    max_pages: int = 2000  # E026; a file declaring more is refused before its pages are read
    max_stream_bytes: int = 64 * MB  # E027; one decoded stream (content, font, CMap); CJK font files reach 20 MB
    max_page_inches: float = 200.0  # E028; the PDF reference's largest page side (14,400 units)
    max_form_depth: int = 32  # E029; forms inside forms (real files nest 2-3 deep)
    max_page_content_bytes: int = 64 * MB  # E029; content interpreted for one page, each form draw counted
    max_page_forms: int = 5_000  # E029; form XObjects drawn on one page (a map's symbols: hundreds)
    max_page_chars: int = 1_000_000  # E029; a dense page has 5,000; 20,000 lines of 40 characters, 800,000

    @classmethod
    def from_options(cls, *, max_pages: int | None = None, max_stream_mb: float | None = None) -> ParseLimits:
        """The limits of the command line's `--max-pages` and `--max-stream-mb` (None: the default)."""
        limits = cls()
        if max_pages is not None:
            limits = replace(limits, max_pages=max_pages)
        if max_stream_mb is not None:
            size = int(max_stream_mb * MB)
            # A page may draw at least one stream of the cap's size.
            limits = replace(limits, max_stream_bytes=size, max_page_content_bytes=max(size, limits.max_page_content_bytes))
        return limits


class _State:
    """What the patched functions need: the limits in force and the current page's counters."""

    limits: ParseLimits | None = None
    path: str = ""
    page: int = 0
    depth = 0
    forms = 0
    content_bytes = 0
    chars = 0


_state = _State()


def start_page(number: int) -> None:
    """Reset the per-page counters before page `number` is interpreted."""
    _state.page = number
    _state.depth = 0
    _state.forms = 0
    _state.content_bytes = 0
    _state.chars = 0


def _stream_error(size: int) -> PipelineError:
    limits = _state.limits or ParseLimits()
    return error("E027", EXIT_LIMIT, path=_state.path, size=size / MB, limit=limits.max_stream_bytes / MB)


def _cap() -> int:
    return (_state.limits or ParseLimits()).max_stream_bytes


class _BoundedDecompressor:
    """zlib.decompressobj() that refuses to produce more than the stream cap in total."""

    def __init__(self, *args: Any) -> None:
        self._inner = zlib.decompressobj(*args)
        self._produced = 0

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        room = _cap() - self._produced
        out = self._inner.decompress(data, room + 1)
        self._produced += len(out)
        if self._produced > _cap():
            raise _stream_error(self._produced)
        return out

    def flush(self, *args: Any) -> bytes:
        out = self._inner.flush(*args)
        self._produced += len(out)
        if self._produced > _cap():
            raise _stream_error(self._produced)
        return out

    def __getattr__(self, name: str) -> Any:  # eof, unused_data, unconsumed_tail
        return getattr(self._inner, name)


class _BoundedZlib:
    """The part of the zlib module pdfminer's stream decoder uses, bounded by the stream cap."""

    error = zlib.error
    MAX_WBITS = zlib.MAX_WBITS

    @staticmethod
    def decompress(data: bytes, *args: Any) -> bytes:
        # zlib.decompress: the whole stream or zlib.error (pdfminer then salvages what it can).
        inflater = zlib.decompressobj(args[0]) if args else zlib.decompressobj()  # args: wbits, bufsize
        out = inflater.decompress(data, _cap() + 1)
        if len(out) > _cap():
            raise _stream_error(len(out))
        if not inflater.eof:
            raise zlib.error("Error -5 while decompressing data: incomplete or truncated stream")
        return out

    decompressobj = _BoundedDecompressor

    @staticmethod
    def adler32(*args: Any) -> int:
        return zlib.adler32(*args)

    @staticmethod
    def crc32(*args: Any) -> int:
        return zlib.crc32(*args)


def _bounded_decompress_corrupted(data: bytes) -> bytes:
    """pdfminer's salvage of a Flate stream with a bad checksum, linear and bounded.

    pdfminer feeds the data one byte at a time and appends to a bytes object
    (quadratic in the output); the result is the same here: the output up to
    the byte where inflating failed, or the error if that byte is not among
    the last 3 (the checksum). Chunks are fed whole; only a failing chunk is
    fed again byte by byte from a copy of the inflater's state.
    """
    inflater = _BoundedDecompressor()
    parts: list[bytes] = []
    chunk_size = 4096
    for start in range(0, len(data), chunk_size):
        chunk = data[start : start + chunk_size]
        snapshot = inflater._inner.copy(), inflater._produced
        try:
            parts.append(inflater.decompress(chunk))
            continue
        except zlib.error:
            inflater._inner, inflater._produced = snapshot
        for offset in range(len(chunk)):
            try:
                parts.append(inflater.decompress(chunk[offset : offset + 1]))
            except zlib.error:
                if start + offset < len(data) - 3:
                    raise
                logger.warning("Data-loss while decompressing corrupted data")
                return b"".join(parts)
    return b"".join(parts)


def _bounded_lzwdecode(data: bytes) -> bytes:
    """pdfminer's LZW decoder, stopped once the output passes the stream cap."""
    from pdfminer.lzw import LZWDecoder

    out = bytearray()
    for chunk in LZWDecoder(BytesIO(data)).run():
        out += chunk
        if len(out) > _cap():
            raise _stream_error(len(out))
    return bytes(out)


def _bounded_rldecode(data: bytes) -> bytes:
    """RunLength decoding (PDF reference 1.7, 3.3.4) as pdfminer does it, bounded by the stream cap."""
    out = bytearray()
    i = 0
    while i < len(data):
        length = data[i]
        if length == 128:
            break
        if length < 128:
            if i + 1 + length >= len(data):
                raise ValueError("RunLengthDecode: literal run past the end of the data")
            out += data[i + 1 : i + 2 + length]
            i += 2 + length
        else:
            if i + 1 >= len(data):
                raise ValueError("RunLengthDecode: repeat run past the end of the data")
            out += data[i + 1 : i + 2] * (257 - length)
            i += 2
        if len(out) > _cap():
            raise _stream_error(len(out))
    return bytes(out)


def _content_error(what: str, value: float, limit: float) -> PipelineError:
    return error("E029", EXIT_LIMIT, path=_state.path, page=_state.page, what=what, value=value, limit=limit)


@contextmanager
def guarded(limits: ParseLimits, path: str) -> Iterator[None]:
    """Within the block, pdfminer works under `limits` (see the module docstring); restored on exit."""
    from pdfminer import pdftypes
    from pdfminer.converter import PDFLayoutAnalyzer
    from pdfminer.pdfinterp import PDFPageInterpreter

    if _state.limits is not None:  # already guarded (a nested call): the outer limits stay
        yield
        return
    original_render = PDFPageInterpreter.render_contents
    original_char = PDFLayoutAnalyzer.render_char

    def render_contents(self: Any, resources: Any, streams: Any, ctm: Any = None) -> None:
        limits_now = _state.limits or limits
        _state.depth += 1
        try:
            if _state.depth > limits_now.max_form_depth:
                raise _content_error("forms nested", _state.depth, limits_now.max_form_depth)
            if _state.depth > 1:  # the page's own content is depth 1
                _state.forms += 1
                if _state.forms > limits_now.max_page_forms:
                    raise _content_error("forms drawn", _state.forms, limits_now.max_page_forms)
            for obj in streams if isinstance(streams, list) else [streams]:
                stream = pdftypes.stream_value(obj) if not isinstance(obj, pdftypes.PDFStream) else obj
                _state.content_bytes += len(stream.get_data())
            if _state.content_bytes > limits_now.max_page_content_bytes:
                raise _content_error("MB of content drawn", round(_state.content_bytes / MB, 1), limits_now.max_page_content_bytes / MB)
            if ctm is None:
                original_render(self, resources, streams)
            else:
                original_render(self, resources, streams, ctm)
        finally:
            _state.depth -= 1

    def render_char(self: Any, *args: Any, **kwargs: Any) -> float:
        limits_now = _state.limits or limits
        _state.chars += 1
        if _state.chars > limits_now.max_page_chars:
            raise _content_error("characters", _state.chars, limits_now.max_page_chars)
        return original_char(self, *args, **kwargs)

    saved = (pdftypes.zlib, pdftypes.lzwdecode, pdftypes.rldecode, pdftypes.decompress_corrupted)
    _state.limits, _state.path = limits, path
    start_page(0)
    pdftypes.zlib = _BoundedZlib  # type: ignore[assignment]
    pdftypes.lzwdecode = _bounded_lzwdecode
    pdftypes.rldecode = _bounded_rldecode
    pdftypes.decompress_corrupted = _bounded_decompress_corrupted
    PDFPageInterpreter.render_contents = render_contents  # type: ignore[method-assign]
    PDFLayoutAnalyzer.render_char = render_char  # type: ignore[method-assign]
    try:
        yield
    finally:
        pdftypes.zlib, pdftypes.lzwdecode, pdftypes.rldecode, pdftypes.decompress_corrupted = saved  # type: ignore[assignment]
        PDFPageInterpreter.render_contents = original_render  # type: ignore[method-assign]
        PDFLayoutAnalyzer.render_char = original_char  # type: ignore[method-assign]
        _state.limits = None


def limit_error(exc: BaseException) -> PipelineError | None:
    """The PipelineError a patched function raised inside pdfminer, if `exc` wraps one.

    pdfplumber re-raises pdfminer's exceptions as PdfminerException(original),
    without `from`: the original is in `args` or `__context__`.
    """
    seen: set[int] = set()
    stack: list[Any] = [exc]
    while stack:
        item = stack.pop()
        if not isinstance(item, BaseException) or id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, PipelineError):
            return item
        stack.extend([*item.args, item.__cause__, item.__context__])
    return None


# ---------------------------------------------------------------- the page tree, bounded


_COUNT_RE = re.compile(rb"/Count\s+(\d{1,12})(?![\d.])")
_KIDS_RE = re.compile(rb"/Kids\s*\[")
_REF_RE = re.compile(rb"\d+\s+\d+\s+R(?![A-Za-z])")
_END = object()  # the end of a node's /Kids on the walk's stack


def _raw_object(doc: Any, objid: int, max_bytes: int) -> bytes | None:
    """The bytes of object `objid` where the xref puts it in the file, up to `endobj` (at most
    `max_bytes`); None when it lives in an object stream or is not where the xref says."""
    fp = getattr(getattr(doc, "_parser", None), "fp", None)
    if fp is None:
        return None
    for xref in doc.xrefs:
        try:
            strmid, pos, _ = xref.get_pos(objid)
        except (KeyError, IndexError, ValueError, TypeError):
            continue
        if strmid is not None or not isinstance(pos, int):
            return None
        break
    else:
        return None
    saved = fp.tell()
    try:
        fp.seek(pos)
        data = bytearray()
        while len(data) < max_bytes:
            chunk = fp.read(1 << 20)
            if not chunk:
                break
            data += chunk
            end = data.find(b"endobj", max(0, len(data) - len(chunk) - 6))
            if end >= 0:
                del data[end:]
                break
    finally:
        fp.seek(saved)
    # The object must start where the xref says (a damaged xref points elsewhere: pdfminer then parses it its own way).
    if not re.match(rb"\s*%d\s+\d+\s+obj(?![A-Za-z])" % objid, data[:64]):
        return None
    return bytes(data[:max_bytes])


def declared_pages(doc: Any, limits: ParseLimits) -> tuple[int | None, int | None]:
    """The root page-tree node's /Count and the number of references in its /Kids.

    Read from the node's raw bytes with two regular expressions, without
    parsing it (pdfminer needs 4 s to parse the /Kids of 200,000 pages): the
    largest /Count in the node (a nested one can only make it larger, so a
    hostile file cannot hide its pages this way; `page_tree` counts them
    anyway). A node inside an object stream is parsed instead (its size is
    bounded by the stream cap); then the references are not counted (None).
    """
    from pdfminer.pdftypes import PDFObjRef, resolve1

    root = doc.catalog.get("Pages")
    if isinstance(root, PDFObjRef):
        raw = _raw_object(doc, root.objid, limits.max_stream_bytes)
        if raw is not None:
            counts = [int(m.group(1)) for m in _COUNT_RE.finditer(raw)]
            refs = None
            kids = _KIDS_RE.search(raw)
            if kids:
                end = raw.find(b"]", kids.end())
                refs = sum(1 for _ in _REF_RE.finditer(raw, kids.end(), end if end >= 0 else len(raw)))
            return (max(counts) if counts else None), refs
    tree = resolve1(root)
    count = resolve1(tree.get("Count")) if isinstance(tree, dict) else None
    return (count if isinstance(count, int) and not isinstance(count, bool) else None), None


def _too_many_entries(path: str, what: str, limits: ParseLimits) -> PipelineError:
    return error("E034", EXIT_LIMIT, path=path, what=what, limit=f"{limits.max_pages:,}")


def check_declared_pages(doc: Any, limits: ParseLimits, path: str) -> None:
    """E026 when the root page-tree node declares more than `max_pages` pages; E034 when its /Kids
    alone holds more entries than a tree of `max_pages` pages may (see `page_tree`). Nothing is walked."""
    count, refs = declared_pages(doc, limits)
    if count is not None and count > limits.max_pages:
        raise error("E026", EXIT_LIMIT, path=path, pages=f"{count:,}", limit=f"{limits.max_pages:,}")
    most = 2 * limits.max_pages + MAX_TREE_NODES
    if refs is not None and refs > most:
        raise _too_many_entries(path, f"the root of its page tree lists {refs:,} kids (at most {most:,})", limits)


def page_tree(doc: Any, limits: ParseLimits, path: str) -> list[tuple[Any, dict[str, Any]]]:
    """The pages of the document as (object id, attributes with the inherited ones), in order.

    pdfminer's `PDFPage.create_pages` (depth-first over /Kids, a node seen
    twice skipped, /Resources, /MediaBox, /CropBox and /Rotate inherited; with
    no page in the tree, every object of the xref searched for /Type /Page),
    with an explicit stack instead of recursion and bounded: E026 at page
    `max_pages + 1`; E034 past `max_pages + MAX_TREE_NODES` entries that are
    not new pages (nodes, repeated or cyclic references, junk), or, without a
    tree, past FALLBACK_OBJECTS_PER_PAGE objects searched per allowed page.
    Page labels are not read (pdfminer reads their whole number tree first,
    recursively; nothing here uses them).
    """
    from pdfminer import settings
    from pdfminer.pdfexceptions import PDFObjectNotFound
    from pdfminer.pdfpage import LITERAL_PAGE, LITERAL_PAGES, PDFPage
    from pdfminer.pdftypes import dict_value, list_value

    pages: list[tuple[Any, dict[str, Any]]] = []
    most_others = limits.max_pages + MAX_TREE_NODES
    others = 0
    visited: set[Any] = set()
    stack: list[tuple[Iterator[Any], dict[str, Any]]] = []
    if "Pages" in doc.catalog:
        stack.append((iter([doc.catalog["Pages"]]), doc.catalog))
    while stack:
        kids, parent = stack[-1]
        obj = next(kids, _END)
        if obj is _END:
            stack.pop()
            continue
        objid: Any
        if isinstance(obj, int):
            objid, props = obj, dict_value(doc.getobj(obj)).copy()
        else:
            objid, props = getattr(obj, "objid", None), dict_value(obj).copy()
        kind = None
        if objid is None or objid not in visited:
            if objid is not None:
                visited.add(objid)
            for key, value in parent.items():
                if key in PDFPage.INHERITABLE_ATTRS and key not in props:
                    props[key] = value
            kind = props.get("Type")
            if kind is None and not settings.STRICT:
                kind = props.get("type")
        if kind is LITERAL_PAGE:
            pages.append((objid, props))
            if len(pages) > limits.max_pages:
                raise error("E026", EXIT_LIMIT, path=path, pages=f"more than {limits.max_pages:,}", limit=f"{limits.max_pages:,}")
            continue
        others += 1
        if others > most_others:
            raise _too_many_entries(
                path, f"its page tree holds more than {most_others:,} entries that are not pages "
                "(nested page nodes, repeated or cyclic references)", limits)
        if kind is LITERAL_PAGES and "Kids" in props:
            stack.append((iter(list_value(props["Kids"])), props))
    if pages:
        return pages
    most_searched = FALLBACK_OBJECTS_PER_PAGE * limits.max_pages + MAX_TREE_NODES
    searched = 0
    for xref in doc.xrefs:
        for objid in xref.get_objids():
            searched += 1
            if searched > most_searched:
                raise _too_many_entries(path, f"it has no page tree, and more than {most_searched:,} objects to search for pages", limits)
            try:
                found = doc.getobj(objid)
            except PDFObjectNotFound:
                continue
            if isinstance(found, dict) and found.get("Type") is LITERAL_PAGE:
                pages.append((objid, found))
                if len(pages) > limits.max_pages:
                    raise error("E026", EXIT_LIMIT, path=path, pages=f"more than {limits.max_pages:,}", limit=f"{limits.max_pages:,}")
    return pages

