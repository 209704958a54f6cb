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
is safe to delete at any time. Entries are Python pickles: the cache folder must
be the user's own (as `~/.cache` is).

Default folder: `$POLICY_PIPELINE_CACHE`, else `$XDG_CACHE_HOME/policy-pipeline`,
else `~/.cache/policy-pipeline`; `POLICY_PIPELINE_CACHE=off` turns the cache off
(the test suite does, so that runs it compares are computed, not read).
"""

from __future__ import annotations

import ast
import hashlib
import json
import logging
import os
import pickle
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

PACKAGE_DIR = Path(__file__).resolve().parent
FORMAT = "v1"  # the layout of the folder and of the entries
FIRST_RULE_COMPONENT = "entity_ruler"  # the model's Docs are cached up to here
STALE_TMP_S = 3600  # a temporary file this old was left by a killed run


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


@lru_cache(maxsize=1)
def model_version() -> str:
    """What shapes the Docs before the rule components: spaCy, the model package, the tokenizer settings."""
    from spacy.util import load_config

    from .nlp import CONFIG_NAME, _data_path
    from .nlp.model import MODEL_NAMES

    config = load_config(_data_path(CONFIG_NAME), interpolate=False)
    settings = {"nlp": dict(config["nlp"]), "block_boundaries": dict(config["components"].get("block_boundaries", {}))}
    settings["nlp"].pop("components", None)
    return _digest(
        _package_version("spacy"),
        *(f"{name}={_package_version(name)}" for name in MODEL_NAMES),
        _data_path("data/model-checksums.txt").read_bytes(),
        json.dumps(settings, sort_keys=True, default=str),
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
    h = hashlib.sha256()
    with Path(path).open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


# ---------------------------------------------------------------- storage


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `path`, then rename it over `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class _Capture(logging.Handler):
    """Keeps the warnings a step logs, to show them again when the step is read from the cache."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


class ReportCache:
    """The cache entries of one PDF (see the module docstring)."""

    def __init__(self, root: Path, pdf: Path) -> None:
        self.root = Path(root)
        self.pdf = Path(pdf)
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
    def open(cls, root: Path, pdf: Path) -> ReportCache | None:
        """The cache of `pdf`, or None when the file cannot be read (the parse stage then says why)."""
        try:
            return cls(root, pdf)
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

    # -- entries

    def _path(self, kind: str, key: str, suffix: str) -> Path:
        return self.folder / f"{kind}-{key}.{suffix}"

    def _read(self, kind: str, key: str, suffix: str) -> bytes | None:
        try:
            return self._path(kind, key, suffix).read_bytes()
        except OSError:
            return None

    def _write(self, kind: str, key: str, suffix: str, data: bytes) -> None:
        """Store an entry and remove the older entries of its kind; a cache that cannot be written is skipped."""
        target = self._path(kind, key, suffix)
        try:
            write_atomically(target, data)
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

    def _load_pickle(self, kind: str, key: str) -> Any:
        data = self._read(kind, key, "pickle")
        if data is None:
            return None
        try:
            value = pickle.loads(data)
        except Exception:  # a damaged or foreign entry is a miss
            return None
        self.hits.append(kind)
        for name, level, message in value.get("warnings", []):
            logging.getLogger(name).log(level, message)
        return value

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

    def load_parse(self) -> tuple[Any, list[Any]] | None:
        """(document, sections) if this PDF was parsed by the same parse code, else None."""
        value = self._load_pickle("parse", self.parse_key)
        if value is None:
            return None
        value["document"].path = str(self.pdf)  # the same content may sit at another path
        return value["document"], value["sections"]

    def save_parse(self, document: Any, sections: list[Any]) -> None:
        payload = {"document": document, "sections": sections, "warnings": self._captured()}
        self._write("parse", self.parse_key, "pickle", pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL))

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
        value = self._load_pickle("result", self.result_key())
        if value is None:
            return None
        result: dict[str, Any] = value["result"]
        result["document"].path = str(self.pdf)
        return result

    def save_result(self, result: dict[str, Any]) -> None:
        payload = {"result": result, "warnings": self._captured()}
        try:
            data = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # a table of something unpicklable: run without this entry
            logger.debug("result not cached: %s", exc)
            return
        self._write("result", self.result_key(), "pickle", data)


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
