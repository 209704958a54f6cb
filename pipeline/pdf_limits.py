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

The page count (E026, `max_pages`) and the page size (E028) are checked by
`pdf.py` as the pages are read. Every limit has a default a user can change
(`--max-pages`, `--max-stream-mb` on the command line; `ParseLimits` in code).
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from io import BytesIO
from typing import Any

from .errors import EXIT_LIMIT, PipelineError, error

logger = logging.getLogger("pdfminer.pdftypes")  # pdfminer's own logger: kept off stderr like its other lines

MB = 1 << 20


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
