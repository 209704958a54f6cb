"""The nlp stage: one spaCy Language built from `pipeline.cfg` on the trained weights."""

from __future__ import annotations

import json
from importlib import import_module, resources
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.util import compile_infix_regex, load_config

from .model import load_model

CONFIG_NAME = "pipeline.cfg"
VOCABULARY = "data/entity_vocabulary.json"


def _data_path(relative: str) -> Path:
    return Path(str(resources.files(__package__).joinpath(relative)))


# The module that registers each of the project's factories (imported on demand).
FACTORY_MODULES = {
    "pipeline_block_boundaries": "boundaries",
    "pipeline_entity_labels": "entity_labels",
    "pipeline_abbreviations": "abbreviations",
    "pipeline_actor_types": "actor_types",
    "pipeline_obligations": "obligations",
}


def _register(factory: str) -> None:
    if factory in FACTORY_MODULES:
        import_module(f"{__package__}.{FACTORY_MODULES[factory]}")


def _keep_hyphenated_words(nlp: Language) -> None:
    """Drop the infix rule that splits letter-hyphen-letter, keeping `multi-agency` one token."""
    infixes = []
    for pattern in nlp.Defaults.infixes or []:
        if isinstance(pattern, str) and "(?:-|–|—|--|---|——|~)" in pattern:
            pattern = pattern.replace("(?:-|–|—|--|---|——|~)", "(?:–|—|--|---|——|~)")
        infixes.append(pattern)
    # ...but split a hyphen between a letter and a digit: `mid-2010s` holds the DATE `2010s`.
    infixes.append(r"(?<=[A-Za-z])-(?=[0-9])")
    tokenizer: Any = nlp.tokenizer
    tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


def build_nlp(
    config_path: str | Path | None = None, *, exclude: tuple[str, ...] = (), verify_model: bool = True
) -> Language:
    """The trained pipeline plus the project's components, as the config lays them out.

    `exclude` leaves out components by name (tests build smaller pipelines).
    """
    config: dict[str, Any] = dict(load_config(config_path or _data_path(CONFIG_NAME), interpolate=True))
    nlp = load_model(verify=verify_model)
    if config["nlp"].get("keep_hyphenated_words", True):
        _keep_hyphenated_words(nlp)
    tokenizer: Any = nlp.tokenizer
    for abbreviation in config["nlp"].get("abbreviations", []):
        tokenizer.add_special_case(abbreviation, [{"ORTH": abbreviation}])
    for name in config["nlp"]["components"]:
        if name in exclude:
            continue
        spec = dict(config["components"][name])
        factory = spec.pop("factory")
        _register(factory)
        component_config = dict(spec.pop("config", {}))
        patterns = spec.pop("patterns", None)
        placement = {k: spec[k] for k in ("before", "after") if k in spec}
        pipe: Any = nlp.add_pipe(factory, name=name, config=component_config, **placement)
        if patterns:
            vocabulary = json.loads(_data_path(VOCABULARY).read_text("utf-8"))
            pipe.add_patterns(expand_vocabulary(_read_jsonl(_data_path(patterns)), vocabulary))
            pipe.add_patterns(country_patterns(nlp))
    return nlp


def country_patterns(nlp: Language) -> list[dict[str, Any]]:
    """PLACE token patterns for every country name pycountry and the alias table know.

    Token patterns, not phrase patterns: the ruler would run the tagger and
    parser over each phrase (W012), which is slow for some 300 names.
    """
    from ..sections import country_names

    return [
        {"label": "PLACE", "pattern": [{"ORTH": t.text} for t in nlp.make_doc(name)], "id": "place_country"}
        for name in country_names()
    ]


def expand_vocabulary(patterns: list[dict[str, Any]], vocabulary: dict[str, list[str]]) -> list[dict[str, Any]]:
    """Replace each `"@name"` in a pattern by the word list `name` of the vocabulary file.

    The patterns stay short and readable; the word lists are edited in one place.
    """

    def expand(node: Any) -> Any:
        if isinstance(node, dict):
            return {key: expand(value) for key, value in node.items()}
        if isinstance(node, list):
            return [expand(value) for value in node]
        if isinstance(node, str) and node.startswith("@"):
            if node[1:] not in vocabulary:
                raise ValueError(f"entity patterns: unknown word list {node!r}; expected one of {sorted(vocabulary)}")
            return list(vocabulary[node[1:]])
        return node

    return [expand(pattern) for pattern in patterns]


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def patterns_version() -> str:
    """A short hash of every data file, recorded in the run manifest."""
    import hashlib

    h = hashlib.sha256()
    for path in sorted(_data_path("data").iterdir()):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    h.update(_data_path(CONFIG_NAME).read_bytes())
    return h.hexdigest()[:12]


__all__ = ["build_nlp", "patterns_version", "load_model"]
