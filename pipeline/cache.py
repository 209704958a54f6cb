"""A cache of each report's work, keyed by content: re-runs skip what did not change.

Not a stage: the runner asks it before each step. Per PDF (by the file's SHA-256)
three entries, each keyed by everything that shapes it:

- parse: the Document and its sections; key = the PDF's SHA-256, the source of
  every module the parse stage imports (pdf.py and sections.py with their local
  imports, found by reading the import statements), the files in pipeline/data/,
  the pdfplumber and pdfminer versions and the parse limits in force;
- model: the Docs after the trained components (tok2vec, tagger, block_boundaries,
  parser, attribute_ruler, lemmatizer: everything before `entity_ruler`), as one
  spaCy DocBin; key = the parse key, the spaCy version, the model package and its
  checksum list, the nlp-building code and the tokenizer settings of pipeline.cfg.
  A Doc is looked up by its text, so a long section cut into blocks finds each block;
- result: the report's tables; key = the model key, the source of the whole package
  and every pattern, lexicon and taxonomy file (the manifest's `patterns` hash).

So an unchanged re-run reads the tables; a re-run after a pattern or lexicon edit
reads the model's Docs and runs only `entity_ruler`, `ner` (it sees the ruler's
entities, so it must follow them) and the project's rule components, then the
tables. Entries are written to a temporary name and renamed (a killed run leaves
no half entry, only a `.tmp` file that the next open removes), a newer entry of a
kind replaces the older, and an entry that cannot be read is a miss: the folder
is safe to delete at any time. Entries are data, never code: the parse and the
tables are JSON (the dataclasses of types.py and each table's columns, dtypes and
cells (table.Table: rows; a DataFrame: columns), rebuilt into the same types and checked
equal before an entry is written),
the Docs a spaCy DocBin (msgpack); nothing read from the folder is unpickled or
evaluated, and an entry of the wrong shape is a miss like a damaged one.

Size: after a run writes an entry, the folder is cut back to a cap (`--cache-max-mb`,
default DEFAULT_MAX_MB) by least-recently-used eviction of whole entries: an entry's
modification time is its last use (set when it is written and again at each hit), the
oldest go first; an entry larger than the cap is not written. Entries are single files,
written by rename and evicted by unlink, both atomic: a reader sees a whole entry or a
miss, never part of one (a file being read stays readable after its unlink). Evictions
are serialised by an advisory lock (flock on `v2/.evict.lock`) so that two runs on one
folder do not both evict for the same excess; writes take no lock, so the folder may
pass the cap by the entries of runs still in progress until their own eviction.

Default folder: `$POLICY_PIPELINE_CACHE`, else `$XDG_CACHE_HOME/policy-pipeline`,
else `~/.cache/policy-pipeline`; `POLICY_PIPELINE_CACHE=off` turns the cache off
(the test suite does, so that runs it compares are computed, not read).
"""

from __future__ import annotations

import ast
import configparser
import dataclasses
import errno
import fcntl
import hashlib
import json
import logging
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .table import NULLABLE_INT, Table
from .types import Block, Document, Footnote, FootnoteRef, Section

if TYPE_CHECKING:
    import pandas as pd

logger = logging.getLogger(__name__)

PACKAGE_DIR = Path(__file__).resolve().parent
FORMAT = "v2"  # the layout of the folder and of the entries (v1: pickles)
FIRST_RULE_COMPONENT = "entity_ruler"  # the model's Docs are cached up to here
STALE_TMP_S = 3600  # a temporary file this old was left by a killed run
MB = 1 << 20
# The cap on the folder (--cache-max-mb): the first report's three entries take 0.36 MB (10 pages),
# so 1 GB holds about 2,900 reports of its size; small beside a corpus of PDFs and the model.
DEFAULT_MAX_MB = 1024
EVICT_LOCK = ".evict.lock"  # in the FORMAT folder; dot files are never entries


def default_cache_dir() -> Path | None:
    """`$POLICY_PIPELINE_CACHE`, else `$XDG_CACHE_HOME/policy-pipeline`, else `~/.cache/policy-pipeline`;
    None (no cache) when `$POLICY_PIPELINE_CACHE` is `off`."""
    if os.environ.get("POLICY_PIPELINE_CACHE") == "off":
        return None
    if os.environ.get("POLICY_PIPELINE_CACHE"):
        return Path(os.environ["POLICY_PIPELINE_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "policy-pipeline"


# ---------------------------------------------------------------- versions


def _digest(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()[:16]


def _package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return ""


def _local_imports(path: Path) -> set[Path]:
    """The package's own modules that `path` imports (relative imports and `pipeline.*`), anywhere in it."""
    found: set[Path] = set()
    package_parts = path.relative_to(PACKAGE_DIR).parent.parts
    for node in ast.walk(ast.parse(path.read_bytes())):
        if not isinstance(node, ast.ImportFrom):
            continue
        if node.level:  # from .x import y, from ..x import y
            base = list(package_parts[: len(package_parts) - (node.level - 1)])
            module = node.module.split(".") if node.module else []
        elif node.module and node.module.split(".")[0] == "pipeline":  # from pipeline.x import y
            base, module = [], node.module.split(".")[1:]
        else:
            continue
        for parts in [base + module, *(base + module + [alias.name] for alias in node.names)]:
            if not parts:
                continue
            for candidate in (PACKAGE_DIR.joinpath(*parts).with_suffix(".py"), PACKAGE_DIR.joinpath(*parts, "__init__.py")):
                if candidate.is_file():
                    found.add(candidate)
    return found


def source_closure(*relative: str) -> list[Path]:
    """The given modules of the package and every package module they import, transitively, sorted."""
    todo = [PACKAGE_DIR / r for r in relative]
    seen: set[Path] = set()
    while todo:
        path = todo.pop()
        if path in seen or not path.is_file():
            continue
        seen.add(path)
        todo.extend(_local_imports(path))
    return sorted(seen)


def _files_digest(paths: Iterable[Path]) -> list[str | bytes]:
    parts: list[str | bytes] = []
    for path in sorted(paths):
        parts += [str(path.relative_to(PACKAGE_DIR)), path.read_bytes()]
    return parts


@lru_cache(maxsize=1)
def parse_version() -> str:
    """The parse stage's code and data: pdf.py and sections.py with their imports, pipeline/data/."""
    data = [p for p in (PACKAGE_DIR / "data").iterdir() if p.is_file()]
    return _digest(
        *_files_digest([*source_closure("pdf.py", "sections.py"), *data]),
        _package_version("pdfplumber"),
        _package_version("pdfminer.six"),
    )


def _config_settings(text: str) -> dict[str, dict[str, str]]:
    """The sections of pipeline.cfg that shape the model's Docs, as raw text: `[nlp]` (without its
    `components` list: the rule components run anyway) and `[components.block_boundaries]`.
    Read with configparser, as spaCy's config is, so computing a key needs no spaCy."""
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",), comment_prefixes=("#",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keep the keys' case
    parser.read_string(text)
    settings = {
        name: dict(parser[name])
        for name in parser.sections()
        if name == "nlp" or name.startswith("nlp.") or name == "components.block_boundaries"
        or name.startswith("components.block_boundaries.")
    }
    settings.get("nlp", {}).pop("components", None)
    return settings


@lru_cache(maxsize=1)
def model_version() -> str:
    """What shapes the Docs before the rule components: spaCy, the model package, the tokenizer settings."""
    from .nlp.model import MODEL_NAMES  # spaCy itself is imported only when a model is loaded

    nlp_dir = PACKAGE_DIR / "nlp"
    return _digest(
        _package_version("spacy"),
        *(f"{name}={_package_version(name)}" for name in MODEL_NAMES),
        (nlp_dir / "data" / "model-checksums.txt").read_bytes(),
        json.dumps(_config_settings((nlp_dir / "pipeline.cfg").read_text("utf-8")), sort_keys=True),
        *_files_digest(source_closure("nlp/__init__.py", "nlp/boundaries.py", "nlp/model.py")),
    )


@lru_cache(maxsize=1)
def code_version() -> str:
    """Every module of the package (any code change may change a table)."""
    return _digest(*_files_digest(PACKAGE_DIR.rglob("*.py")))


def rules_version() -> str:
    """Every pattern, lexicon and taxonomy file and the pipeline config (the manifest's `patterns`)."""
    from .nlp import patterns_version

    return patterns_version()


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file, read in 1 MiB chunks (the cache key, the manifest, Label Studio tasks)."""
    h = hashlib.sha256()
    with Path(path).open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


# ---------------------------------------------------------------- storage


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `path`, then rename it over `path`."""
    for attempt in range(3):  # an eviction may remove the folder, emptied, between mkdir and mkstemp
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            break
        except FileNotFoundError:
            if attempt == 2:
                raise
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def cache_entries(root: Path) -> list[tuple[int, str, int]]:
    """Every entry under `root`'s FORMAT folder as (last use in ns, path, bytes), oldest use first.

    An entry is a file of `<xx>/<sha256>/` not starting with a dot (temporary files and the
    lock are dot files); a temporary file older than STALE_TMP_S, left by a killed run, is
    removed on the way."""
    entries: list[tuple[int, str, int]] = []
    now = time.time()
    base = Path(root) / FORMAT
    try:
        prefixes = [d.path for d in os.scandir(base) if d.is_dir(follow_symlinks=False)]
    except OSError:
        return entries
    for prefix in prefixes:
        try:
            folders = [d.path for d in os.scandir(prefix) if d.is_dir(follow_symlinks=False)]
        except OSError:
            continue
        for folder in folders:
            try:
                files = list(os.scandir(folder))
            except OSError:
                continue
            for item in files:
                try:
                    if not item.is_file(follow_symlinks=False):
                        continue
                    info = item.stat(follow_symlinks=False)
                except OSError:  # evicted or renamed by another run meanwhile
                    continue
                if not item.name.startswith("."):
                    entries.append((info.st_mtime_ns, item.path, info.st_size))
                elif item.name.endswith(".tmp") and now - info.st_mtime > STALE_TMP_S:
                    Path(item.path).unlink(missing_ok=True)
    entries.sort()
    return entries


def _mark_used(path: Path) -> None:
    """Set the entry's mtime, its last use, from the precise clock (the kernel stamps files
    with a coarse one: two entries written within a few ms would tie)."""
    now = time.time_ns()
    try:
        os.utime(path, ns=(now, now))
    except OSError:  # evicted just after, or a read-only folder: the entry is whole anyway
        pass


def evict(root: Path, max_bytes: int) -> list[Path]:
    """Least-recently-used eviction: remove whole entries, the longest unused first, until the
    entries under `root` take at most `max_bytes`; returns the removed paths.

    Runs under an exclusive flock of the FORMAT folder's EVICT_LOCK (a second run waits, then
    sees what the first left); where the lock cannot be taken (a file system without flock)
    eviction goes on without it: at worst two runs remove a little more than needed. A folder
    left empty is removed (a writer that meets it gone makes it again: write_atomically)."""
    base = Path(root) / FORMAT
    removed: list[Path] = []
    try:
        base.mkdir(parents=True, exist_ok=True)
        lock = os.open(base / EVICT_LOCK, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as exc:
        logger.debug("cache not evicted (%s): %s", base, exc)
        return removed
    try:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX)
        except OSError as exc:
            if exc.errno not in (errno.ENOLCK, errno.EOPNOTSUPP, errno.EINVAL):
                raise
        entries = cache_entries(root)
        total = sum(size for _, _, size in entries)
        for _, path, size in entries:
            if total <= max_bytes:
                break
            try:
                os.unlink(path)
            except FileNotFoundError:
                pass  # replaced by a newer entry of its kind meanwhile
            total -= size
            removed.append(Path(path))
            try:
                os.rmdir(os.path.dirname(path))
            except OSError:
                pass  # not empty
    except OSError as exc:
        logger.debug("cache eviction stopped (%s): %s", base, exc)
    finally:
        os.close(lock)  # releases the flock
    return removed


# ---------------------------------------------------------------- entries as JSON
#
# Explicit readers for each record of types.py: every field is checked for its type and
# rebuilt as the dataclass declares it (tuples stay tuples), so an entry that is not what
# this code wrote raises EntryError, which the reader turns into a miss.


class EntryError(ValueError):
    """A cache entry of the wrong shape."""


def _int(value: Any) -> int:
    if type(value) is not int:
        raise EntryError(f"not an integer: {type(value).__name__}")
    return value


def _float(value: Any) -> float:
    if type(value) not in (int, float):
        raise EntryError(f"not a number: {type(value).__name__}")
    return value  # type: ignore[no-any-return]


def _str(value: Any) -> str:
    if type(value) is not str:
        raise EntryError(f"not a string: {type(value).__name__}")
    return value


def _list(value: Any, item: Callable[[Any], Any]) -> list[Any]:
    if type(value) is not list:
        raise EntryError(f"not a list: {type(value).__name__}")
    return [item(v) for v in value]


def _pair(value: Any) -> tuple[int, int]:
    items = _list(value, _int)
    if len(items) != 2:
        raise EntryError("not a pair")
    return items[0], items[1]


def _fields(value: Any, record: type) -> dict[str, Any]:
    """The JSON object of a dataclass instance, checked to have exactly its fields."""
    names = {f.name for f in dataclasses.fields(record)}
    if type(value) is not dict or set(value) != names:
        raise EntryError(f"not a {record.__name__}")
    return value


def _warning(value: Any) -> tuple[str, int, str]:
    items = _list(value, lambda v: v)
    if len(items) != 3:
        raise EntryError("not a warning")
    return _str(items[0]), _int(items[1]), _str(items[2])


def _footnote(value: Any) -> Footnote:
    v = _fields(value, Footnote)
    return Footnote(number=_int(v["number"]), page=_int(v["page"]), text=_str(v["text"]),
                    urls=tuple(_list(v["urls"], _str)))


def _footnote_ref(value: Any) -> FootnoteRef:
    v = _fields(value, FootnoteRef)
    return FootnoteRef(number=_int(v["number"]), offset=_int(v["offset"]))


def _block(value: Any) -> Block:
    v = _fields(value, Block)
    return Block(kind=_str(v["kind"]), text=_str(v["text"]), page=_int(v["page"]),
                 page_breaks=tuple(_list(v["page_breaks"], _pair)), refs=tuple(_list(v["refs"], _footnote_ref)),
                 size=_float(v["size"]))


def document_to_json(document: Document) -> dict[str, Any]:
    if not isinstance(document, Document):
        raise EntryError(f"not a Document: {type(document).__name__}")
    return dataclasses.asdict(document)


def document_from_json(value: Any) -> Document:
    v = _fields(value, Document)
    return Document(path=_str(v["path"]), n_pages=_int(v["n_pages"]), blocks=_list(v["blocks"], _block),
                    footnotes=_list(v["footnotes"], _footnote), body_size=_float(v["body_size"]))


def section_to_json(section: Section) -> dict[str, Any]:
    if not isinstance(section, Section):
        raise EntryError(f"not a Section: {type(section).__name__}")
    return dataclasses.asdict(section)


def section_from_json(value: Any) -> Section:
    v = _fields(value, Section)
    return Section(country=_str(v["country"]), iso2=_str(v["iso2"]), page_start=_int(v["page_start"]),
                   page_end=_int(v["page_end"]), text=_str(v["text"]), page_map=_list(v["page_map"], _pair),
                   block_starts=_list(v["block_starts"], _int), refs=_list(v["refs"], _pair),
                   footnotes=_list(v["footnotes"], _footnote))


def _parse_from_json(payload: dict[str, Any]) -> tuple[Document, list[Section]]:
    return document_from_json(payload["document"]), _list(payload["sections"], section_from_json)


# The dtypes a table of the result may have; a table with another is not cached.
FRAME_DTYPES = ("int64", "float64", "bool", "object", "str", "string")
TABLE_DTYPES = (*FRAME_DTYPES, NULLABLE_INT)  # the fixed dtypes a Table may name


def _cell(value: Any) -> Any:
    if value is not None and type(value) not in (str, int, float, bool):
        raise EntryError(f"not a table cell: {type(value).__name__}")
    return value


def frame_to_json(frame: pd.DataFrame) -> dict[str, Any]:
    """A table as its column names, dtypes and values column by column (default index only)."""
    import pandas as pd

    index = frame.index
    if not (isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1):
        raise EntryError("a table with an index of its own")
    columns = [_str(c) for c in frame.columns]
    dtypes = [str(dtype) for dtype in frame.dtypes]
    if len(set(columns)) != len(columns) or not set(dtypes) <= set(FRAME_DTYPES):
        raise EntryError(f"a table of repeated columns or dtypes {dtypes}")
    return {"columns": columns, "dtypes": dtypes, "values": [frame.iloc[:, i].tolist() for i in range(len(columns))]}


def frame_from_json(value: Any) -> pd.DataFrame:
    import pandas as pd

    if type(value) is not dict or set(value) != {"columns", "dtypes", "values"}:
        raise EntryError("not a table")
    columns = _list(value["columns"], _str)
    dtypes = _list(value["dtypes"], _str)
    values = _list(value["values"], lambda column: _list(column, _cell))
    if not (len(columns) == len(dtypes) == len(values)) or len({len(v) for v in values}) > 1:
        raise EntryError("a table of uneven columns")
    if len(set(columns)) != len(columns) or not set(dtypes) <= set(FRAME_DTYPES):
        raise EntryError("a table of repeated columns or unknown dtypes")
    data = {name: pd.Series(column, dtype=dtype) for name, dtype, column in zip(columns, dtypes, values)}
    return pd.DataFrame(data, columns=columns)


def table_to_json(table: Table) -> dict[str, Any]:
    """A Table (records) as its column names, fixed dtypes and rows of cells in column order."""
    columns = [_str(c) for c in table.columns]
    if len(set(columns)) != len(columns) or not set(table.dtypes.values()) <= set(TABLE_DTYPES):
        raise EntryError(f"a table of repeated columns or dtypes {table.dtypes}")
    rows = [[_cell(row.get(c)) for c in columns] for row in table.rows]
    return {"columns": columns, "dtypes": {_str(c): _str(d) for c, d in table.dtypes.items()}, "rows": rows}


def table_from_json(value: Any) -> Table:
    if type(value) is not dict or set(value) != {"columns", "dtypes", "rows"}:
        raise EntryError("not a table")
    columns = _list(value["columns"], _str)
    dtypes = value["dtypes"]
    if type(dtypes) is not dict or not all(type(d) is str and d in TABLE_DTYPES for d in dtypes.values()):
        raise EntryError("a table of unknown dtypes")
    if len(set(columns)) != len(columns) or not set(dtypes) <= set(columns):
        raise EntryError("a table of repeated or unknown columns")
    rows = _list(value["rows"], lambda row: _list(row, _cell))
    if any(len(row) != len(columns) for row in rows):
        raise EntryError("a table of uneven rows")
    return Table(columns, [dict(zip(columns, row)) for row in rows], dict(dtypes))


def result_to_json(result: dict[str, Any]) -> dict[str, Any]:
    """The analysis' result (runner.analyse) as JSON: the Document, the tables, lists of texts, strings.
    `timings` is left out (a hit has its own); any other kind of value raises EntryError."""
    payload: dict[str, Any] = {"document": None, "tables": {}, "frames": {}, "texts": {}, "strings": {}}
    for name, value in result.items():
        if name == "timings":
            continue
        if name == "document":
            payload["document"] = document_to_json(value)
        elif isinstance(value, Table):
            payload["tables"][name] = table_to_json(value)
        elif type(value).__name__ == "DataFrame":  # pandas is imported only when a result holds a frame
            payload["frames"][name] = frame_to_json(value)
        elif type(value) is str:
            payload["strings"][name] = value
        elif type(value) is list and all(type(v) is str for v in value):
            payload["texts"][name] = value
        else:
            raise EntryError(f"{name}: a {type(value).__name__}")
    if payload["document"] is None:
        raise EntryError("a result without its Document")
    return payload


def result_from_json(payload: dict[str, Any]) -> dict[str, Any]:
    kinds: dict[str, Callable[[Any], Any]] = {
        "tables": table_from_json, "frames": frame_from_json, "texts": lambda v: _list(v, _str), "strings": _str,
    }
    result: dict[str, Any] = {"document": document_from_json(payload["document"])}
    for kind, decode in kinds.items():
        group = payload[kind]
        if type(group) is not dict:
            raise EntryError(f"not an object: {kind}")
        for name, value in group.items():
            if name in result:
                raise EntryError(f"{name} twice")
            result[name] = decode(value)
    return result


def _same_result(rebuilt: dict[str, Any], original: dict[str, Any]) -> bool:
    """Whether the result read back is the one written: the same keys, equal values, tables
    of the same columns, dtypes, index and cells."""
    names = set(original) - {"timings"}
    if set(rebuilt) != names:
        return False
    for name in names:
        a, b = rebuilt[name], original[name]
        if isinstance(b, Table):
            if not (a.columns == b.columns and a.dtypes == b.dtypes and a.records() == b.records()):
                return False
        elif type(b).__name__ == "DataFrame":
            if not (list(a.columns) == list(b.columns) and list(a.dtypes) == list(b.dtypes)
                    and a.index.equals(b.index) and a.equals(b)):
                return False
        elif a != b:
            return False
    return True


class _Capture(logging.Handler):
    """Keeps the warnings a step logs, to show them again when the step is read from the cache."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


class ReportCache:
    """The cache entries of one PDF (see the module docstring)."""

    def __init__(self, root: Path, pdf: Path, *, max_bytes: int | None = DEFAULT_MAX_MB * MB) -> None:
        self.root = Path(root)
        self.pdf = Path(pdf)
        self.max_bytes = max_bytes or None  # the folder's cap (None or 0: none)
        self.written = False  # an entry was written: the folder is cut back to the cap
        self.sha256 = file_sha256(pdf)
        self.folder = self.root / FORMAT / self.sha256[:2] / self.sha256
        self._set_keys("")
        self._capture: _Capture | None = None
        self.hits: list[str] = []  # which kinds were read from the cache, for the tests and the manifest
        self._remove_stale_tmp()

    def _set_keys(self, parse_options: str) -> None:
        self.parse_key = _digest(self.sha256, parse_version(), sys.version.split()[0], parse_options)
        self.model_key = _digest(self.parse_key, model_version())

    @classmethod
    def open(cls, root: Path, pdf: Path, *, max_bytes: int | None = DEFAULT_MAX_MB * MB) -> ReportCache | None:
        """The cache of `pdf`, or None when the file cannot be read (the parse stage then says why)."""
        try:
            return cls(root, pdf, max_bytes=max_bytes)
        except OSError:
            return None

    def cached_analysis(self, analyse: Callable[..., dict[str, Any]], **options: Any) -> dict[str, Any]:
        """`analyse(pdf, cache=self, **options)`, or its stored result when nothing it depends on changed.

        The warnings the analysis logged are stored with it and logged again on a hit."""
        started = time.perf_counter()
        if options.get("parse_limits") is not None:
            # Under other limits the parse may end otherwise (E026, E027, ...): entries of their own.
            self._set_keys(repr(options["parse_limits"]))
        self.start_capture()
        try:
            result = self.load_result()
            if result is not None:
                result["timings"] = {"parse_s": 0.0, "nlp_s": 0.0, "cache_read_s": time.perf_counter() - started}
                return result
            result = analyse(self.pdf, cache=self, **options)
            self.save_result(result)
            return result
        finally:
            self.stop_capture()
            self.evict()

    def evict(self) -> None:
        """After this run wrote an entry, cut the folder back to the cap (least recently used first)."""
        if self.written and self.max_bytes is not None:
            evict(self.root, self.max_bytes)
            self.written = False

    # -- entries

    def _path(self, kind: str, key: str, suffix: str) -> Path:
        return self.folder / f"{kind}-{key}.{suffix}"

    def _read(self, kind: str, key: str, suffix: str) -> bytes | None:
        """The entry's bytes, or None; a read marks the entry used now (its mtime: the LRU order)."""
        path = self._path(kind, key, suffix)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        _mark_used(path)
        return data

    def _write(self, kind: str, key: str, suffix: str, data: bytes) -> None:
        """Store an entry and remove the older entries of its kind; a cache that cannot be written is skipped."""
        target = self._path(kind, key, suffix)
        if self.max_bytes is not None and len(data) > self.max_bytes:
            logger.debug("%s not cached: %d bytes, more than the cache's cap of %d", target, len(data), self.max_bytes)
            return
        try:
            write_atomically(target, data)
            self.written = True
            _mark_used(target)
            for old in self.folder.glob(f"{kind}-*.{suffix}"):
                if old != target:
                    old.unlink(missing_ok=True)
        except OSError as exc:
            logger.debug("cache not written (%s): %s", target, exc)

    def _remove_stale_tmp(self) -> None:
        try:
            now = time.time()
            for tmp in self.folder.glob(".*.tmp"):
                if now - tmp.stat().st_mtime > STALE_TMP_S:
                    tmp.unlink(missing_ok=True)
        except OSError:
            pass

    def _load_json(self, kind: str, key: str, decode: Callable[[Any], Any]) -> Any:
        """The entry's JSON rebuilt by `decode`, with its warnings logged again; None (a miss) when
        it is missing, damaged or of the wrong shape."""
        data = self._read(kind, key, "json")
        if data is None:
            return None
        try:
            payload = json.loads(data)
            if not isinstance(payload, dict):
                raise EntryError("not an object")
            warnings = _list(payload.get("warnings"), _warning)
            value = decode(payload)
        except Exception as exc:  # damaged or foreign (the readers run no code of the entry's: any error is a miss)
            logger.debug("cache entry ignored (%s-%s): %s", kind, key, exc)
            return None
        self.hits.append(kind)
        for name, level, message in warnings:
            logging.getLogger(name).log(level, message)
        return value

    def _save_json(self, kind: str, key: str, encode: Callable[[], dict[str, Any]], decode: Callable[[Any], Any],
                   original: Any, same: Callable[[Any, Any], bool]) -> None:
        """Store what `encode` gives as JSON if `decode` rebuilds from it a value `same` as `original`, else
        nothing (a value of a type the codecs do not know is computed again next time, never read back changed)."""
        try:
            payload = {**encode(), "warnings": [list(w) for w in self._captured()]}
            data = json.dumps(payload, separators=(",", ":")).encode("ascii")  # \uXXXX keeps lone surrogates
            if not same(decode(json.loads(data)), original):
                raise EntryError("does not read back equal")
        except Exception as exc:  # a cache that cannot hold a value is skipped, never the run's failure
            logger.debug("%s not cached: %s", kind, exc)
            return
        self._write(kind, key, "json", data)

    # -- warnings shown during a step, stored with its entry

    def start_capture(self) -> None:
        self._capture = _Capture()
        logging.getLogger("pipeline").addHandler(self._capture)

    def _captured(self) -> list[tuple[str, int, str]]:
        return list(self._capture.records) if self._capture is not None else []

    def stop_capture(self) -> None:
        if self._capture is not None:
            logging.getLogger("pipeline").removeHandler(self._capture)
            self._capture = None

    # -- parse

    def load_parse(self) -> tuple[Document, list[Section]] | None:
        """(document, sections) if this PDF was parsed by the same parse code, else None."""
        value = self._load_json("parse", self.parse_key, _parse_from_json)
        if value is None:
            return None
        document, sections = value
        document.path = str(self.pdf)  # the same content may sit at another path
        return document, sections

    def save_parse(self, document: Document, sections: list[Section]) -> None:
        def encode() -> dict[str, Any]:
            return {"document": document_to_json(document), "sections": [section_to_json(s) for s in sections]}

        self._save_json("parse", self.parse_key, encode, _parse_from_json, (document, sections),
                        lambda a, b: bool(a == b))

    # -- the model's Docs

    def annotator(self, nlp: Any) -> CachedAnnotator:
        """A stand-in for `nlp` (its `pipe` and call) that reads the model's Docs from the cache."""
        from spacy.tokens import DocBin

        cached: dict[str, Any] = {}
        data = self._read("docs", self.model_key, "spacy")
        if data is not None:
            try:
                cached = {doc.text: doc for doc in DocBin().from_bytes(data).get_docs(nlp.vocab)}
                self.hits.append("docs")
            except Exception:  # a damaged entry is a miss
                cached = {}
        return CachedAnnotator(nlp, cached)

    def save_docs(self, annotator: CachedAnnotator) -> None:
        """Store the model's Docs of this run, if any had to be computed."""
        if annotator.computed:
            self._write("docs", self.model_key, "spacy", annotator.to_bytes())

    # -- the tables

    def result_key(self) -> str:
        return _digest(self.model_key, code_version(), rules_version())

    def load_result(self) -> dict[str, Any] | None:
        result: dict[str, Any] | None = self._load_json("result", self.result_key(), result_from_json)
        if result is None:
            return None
        result["document"].path = str(self.pdf)
        return result

    def save_result(self, result: dict[str, Any]) -> None:
        self._save_json("result", self.result_key(), lambda: result_to_json(result), result_from_json, result,
                        _same_result)


class CachedAnnotator:
    """Runs `nlp` as `Language.pipe` does, but takes each text's Doc after the model's
    components from the cache when it is there; the rule components always run.

    The components are chained with `proc.pipe(docs, batch_size=nlp.batch_size)`, as
    `Language.pipe` chains them, so a Doc gets the same annotations either way.
    """

    def __init__(self, nlp: Any, cached: dict[str, Any]) -> None:
        from spacy.tokens import DocBin

        self.nlp = nlp
        names = nlp.pipe_names
        split = names.index(FIRST_RULE_COMPONENT) if FIRST_RULE_COMPONENT in names else len(names)
        self.model_pipes = list(nlp.pipeline[:split])
        self.rule_pipes = list(nlp.pipeline[split:])
        self.cached = cached
        self.store = DocBin(store_user_data=False)
        self.stored: set[str] = set()
        self.computed = 0

    @staticmethod
    def _chain(docs: Iterable[Any], pipes: list[tuple[str, Any]], batch_size: int) -> Iterator[Any]:
        for _, proc in pipes:
            docs = proc.pipe(docs, batch_size=batch_size) if hasattr(proc, "pipe") else map(proc, docs)
        return iter(docs)

    def pipe(self, texts: Iterable[str], batch_size: int | None = None) -> Iterator[Any]:
        size = batch_size or self.nlp.batch_size
        texts = list(texts)
        missing = [t for t in texts if t not in self.cached]
        fresh = self._chain((self.nlp.make_doc(t) for t in missing), self.model_pipes, size)

        def model_docs() -> Iterator[Any]:
            for text in texts:
                doc = self.cached[text].copy() if text in self.cached else next(fresh)
                if text not in self.stored:  # before the rule components write to it
                    self.store.add(doc)
                    self.stored.add(text)
                    self.computed += text not in self.cached
                yield doc

        return self._chain(model_docs(), self.rule_pipes, size)

    def __call__(self, text: str) -> Any:
        return next(self.pipe([text]))

    def __getattr__(self, name: str) -> Any:  # max_length, vocab, ...: the Language's own
        return getattr(self.nlp, name)

    def to_bytes(self) -> bytes:
        return bytes(self.store.to_bytes())
