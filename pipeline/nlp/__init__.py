"""The nlp stage: one spaCy Language built from `pipeline.cfg` on the trained weights."""

from __future__ import annotations

import json
from importlib import import_module, resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import EXIT_DATA, PipelineError, error
from .model import load_model, model_data_dir

if TYPE_CHECKING:  # spaCy is imported where a pipeline is built: a cached re-run needs none (cache.py)
    from spacy.language import Language

CONFIG_NAME = "pipeline.cfg"
VOCABULARY = "data/entity_vocabulary.json"


def _data_path(relative: str) -> Path:
    return Path(str(resources.files(__package__).joinpath(relative)))


# The module that registers each of the project's factories (imported on demand).
FACTORY_MODULES = {
    "pipeline_block_boundaries": "boundaries",
    "pipeline_entity_labels": "entity_labels",
    "pipeline_actor_phrases": "actor_phrases",
    "pipeline_span_classifier": "span_classifier",
    "pipeline_abbreviations": "abbreviations",
    "pipeline_actor_types": "actor_types",
    "pipeline_obligations": "obligations",
}


def _register(factory: str) -> None:
    if factory in FACTORY_MODULES:
        import_module(f"{__package__}.{FACTORY_MODULES[factory]}")


def _keep_hyphenated_words(nlp: Language, tokenizer_bytes: bytes | None = None) -> None:
    """Drop the infix rule that splits letter-hyphen-letter, keeping `multi-agency` one token.

    `tokenizer_bytes`: the model's serialised tokenizer (its `tokenizer` file), not loaded yet
    (`load_model(exclude=("tokenizer",))`): it is loaded here with the new infix rule in place, so
    spaCy builds its 1,347 special cases once. Setting `infix_finditer` on a loaded tokenizer
    builds them all again (about 0.08 s of every run); the tokenizer is the same either way (tested)."""
    from spacy.util import compile_infix_regex

    infixes = []
    for pattern in nlp.Defaults.infixes or []:
        if isinstance(pattern, str) and "(?:-|–|—|--|---|——|~)" in pattern:
            pattern = pattern.replace("(?:-|–|—|--|---|——|~)", "(?:–|—|--|---|——|~)")
        infixes.append(pattern)
    # ...but split a hyphen between a letter and a digit: `mid-2010s` holds the DATE `2010s`.
    infixes.append(r"(?<=[A-Za-z])-(?=[0-9])")
    infix_regex = compile_infix_regex(infixes)
    tokenizer: Any = nlp.tokenizer
    if tokenizer_bytes is None:
        tokenizer.infix_finditer = infix_regex.finditer
        return
    import srsly

    data = srsly.msgpack_loads(tokenizer_bytes)
    data["infix_finditer"] = infix_regex.pattern  # from_bytes compiles it as compile_infix_regex does
    tokenizer.from_bytes(srsly.msgpack_dumps(data), exclude=["vocab"])


def build_nlp(
    config_path: str | Path | None = None, *, exclude: tuple[str, ...] = (), verify_model: bool = True
) -> Language:
    """The trained pipeline plus the project's components, as the config lays them out.

    `exclude` leaves out components by name (tests build smaller pipelines).
    """
    from spacy.util import load_config

    config: dict[str, Any] = dict(load_config(config_path or _data_path(CONFIG_NAME), interpolate=True))
    if config["nlp"].get("keep_hyphenated_words", True):
        nlp = load_model(verify=verify_model, exclude=("tokenizer",))  # read below, with the hyphen rule
        _keep_hyphenated_words(nlp, (model_data_dir()[1] / "tokenizer").read_bytes())
    else:
        nlp = load_model(verify=verify_model)
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
        try:
            pipe: Any = nlp.add_pipe(factory, name=name, config=component_config, **placement)
        except (ValueError, KeyError, json.JSONDecodeError) as exc:  # the component's data file is malformed
            raise error("E013", EXIT_DATA, path=f"of component {name!r}", detail=str(exc)) from exc
        if patterns:
            try:
                vocabulary = json.loads(_data_path(VOCABULARY).read_text("utf-8"))
                entries = expand_vocabulary(_read_jsonl(_data_path(patterns)), vocabulary)
                add_ruler_patterns(nlp, pipe, entries + country_phrases())
            except (ValueError, KeyError) as exc:
                if isinstance(exc, PipelineError):
                    raise
                raise error("E013", EXIT_DATA, path=_data_path(patterns), detail=str(exc)) from exc
    return nlp


def fixed_string_text(nlp: Language, pattern: Any) -> str | None:
    """The text a token pattern spells if it is only fixed strings ({"ORTH": str} or {"TEXT": str} per
    token, no operator) and the tokenizer splits that text back into exactly those tokens; else None."""
    if not isinstance(pattern, list) or not pattern:
        return None
    words = []
    for token in pattern:
        if not isinstance(token, dict) or len(token) != 1:
            return None
        (key, value), = token.items()
        if key not in ("ORTH", "TEXT") or not isinstance(value, str) or not value or value != value.strip():
            return None
        words.append(value)
    text = " ".join(words)
    return text if [t.text for t in nlp.make_doc(text)] == words else None


def add_ruler_patterns(nlp: Language, ruler: Any, patterns: list[dict[str, Any]]) -> int:
    """Add `patterns` to the entity ruler once, the fixed strings as phrases; return how many.

    The token Matcher tries every pattern at every token; the PhraseMatcher finds all fixed
    strings in one pass over a trie of token hashes, and on ORTH (the ruler's default phrase
    attribute) both report the same matches. Each entry is listed as the ruler would list it back
    (an empty "id" dropped, the label and id split at `ent_id_sep`), its fixed strings as text;
    patterns on LOWER or with operators stay token patterns. The phrases are tokenized with every
    other component off (spaCy's W012). Equal to adding every pattern, then moving the fixed
    strings into the PhraseMatcher (tests/nlp/test_pipeline_build.py)."""
    keep: list[dict[str, Any]] = []
    phrases: list[dict[str, Any]] = []
    for entry in patterns:
        label = entry["label"]
        if "id" in entry:
            label = f"{label}{ruler.ent_id_sep}{entry['id']}"
        ent_id = ""
        if ruler.ent_id_sep in label:
            label, ent_id = label.rsplit(ruler.ent_id_sep, 1)
        listed: dict[str, Any] = {"label": label, "pattern": entry["pattern"], **({"id": ent_id} if ent_id else {})}
        text = None
        if ruler.phrase_matcher_attr in (None, "ORTH", "TEXT") and not isinstance(entry["pattern"], str):
            text = fixed_string_text(nlp, entry["pattern"])
        if text is None:
            keep.append(listed)
        else:
            phrases.append({**listed, "pattern": text})
    others = [name for name in nlp.pipe_names if nlp.get_pipe(name) is not ruler]
    with nlp.select_pipes(disable=others):
        ruler.add_patterns(keep + phrases)
    return len(phrases)


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


def country_phrases() -> list[dict[str, Any]]:
    """PLACE phrase patterns for every country name pycountry and the alias table know: the
    same matches as `country_patterns`, without tokenizing each name to build a token pattern
    and again to find it is a fixed string (0.1 s of every run); the ruler tokenizes each once."""
    from ..sections import country_names

    return [{"label": "PLACE", "pattern": name, "id": "place_country"} for name in country_names()]


def expand_vocabulary(patterns: list[dict[str, Any]], vocabulary: dict[str, list[str]]) -> list[dict[str, Any]]:
    """Replace each `"@name"` in a pattern by the word list `name` of the vocabulary file
    (`"@a+@b"`: the lists `a` and `b` joined).

    The patterns stay short and readable; the word lists are edited in one place.
    """

    def expand(node: Any) -> Any:
        if isinstance(node, dict):
            return {key: expand(value) for key, value in node.items()}
        if isinstance(node, list):
            return [expand(value) for value in node]
        if isinstance(node, str) and node.startswith("@"):
            words: list[str] = []
            for name in node.split("+"):  # "@a+@b": the two lists joined
                if not name.startswith("@") or name[1:] not in vocabulary:
                    raise ValueError(f"entity patterns: unknown word list {name!r}; expected one of {sorted(vocabulary)}")
                words += vocabulary[name[1:]]
            return words
        return node

    return [expand(pattern) for pattern in patterns]


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    """The patterns of a JSONL file; a bad line is E013 naming the file and the line."""
    patterns = []
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            pattern = json.loads(line)
        except json.JSONDecodeError as exc:
            raise error("E013", EXIT_DATA, path=path, detail=f"line {number}: {exc.msg}") from exc
        if not isinstance(pattern, dict) or not {"label", "pattern"} <= set(pattern):
            raise error("E013", EXIT_DATA, path=path, detail=f"line {number}: expected {{\"label\", \"pattern\", \"id\"}}")
        patterns.append(pattern)
    return patterns


def patterns_version() -> str:
    """A short hash of every data file (pipeline/data and pipeline/nlp/data) and the config, for the manifest."""
    import hashlib

    h = hashlib.sha256()
    package_data = Path(str(resources.files("pipeline").joinpath("data")))
    for folder in (package_data, _data_path("data")):
        for path in sorted(p for p in folder.iterdir() if p.is_file()):
            h.update(f"{folder.name}/{path.name}".encode())
            h.update(path.read_bytes())
    h.update(_data_path(CONFIG_NAME).read_bytes())
    return h.hexdigest()[:12]


__all__ = ["build_nlp", "patterns_version", "load_model"]
