"""Actor type and government level of ACTOR mentions and obligation bearers.

Algorithm: an ordered, first-match-wins rule list over the words of a noun
phrase, in the manner of a keyword taxonomy (as in Sleimi et al. 2021's
rule-based actor metadata for legal texts): no training, every decision
traceable to one rule `id`. The rules, their words and the level words are
data (`data/actor_taxonomy.json`, described in its `description` field), so
a user adds a country's bodies without touching this code.

The phrase is read as a reader of policy reports would:

1. normalise: lower-case, accents removed (Préfet -> prefet), curly quotes
   straightened, possessive 's dropped, a plural -s/-es/-ies made singular;
2. split: the *core* is the words before the first link word (of, in, at,
   that, ...): "municipal authorities at top level" -> "municipal
   authorities"; its last word is the *head*; the words after "of" up to
   the next link word are the *complement* ("local head of the police";
   also after "from": "representatives from local authorities");
3. type: when the head is a role noun (officer, staff, head, member...),
   the person belongs to an organisation, so the core without the head
   ("local authority officers" -> "local authority"), then the complement
   ("head of the police" -> "police"), are typed first; otherwise, or when
   they name no organisation, the whole core is typed, and when that names
   none either, the complement ("commander of the local police station" ->
   police). The first rule in file order with a `term` anywhere in the
   words, or a `head` as their last word, gives the type;
4. level: level words (local, municipal, regional, federal, ...) among the
   core's other words, else among the rest of the phrase, else the rule's
   `default_level`; a rule with `level_from_modifiers: false` always takes
   its default (a mayor is local), and a rule with `actor_type_by_level`
   takes its type from the level (regional council -> regional_government).
   Two different level words ("local and federal authorities") give "".

No rule matching gives the fallback type `other`, with the level from any
level word.

The component sets `span._.actor_type` and `span._.actor_level` on every
ACTOR entity, typing `span._.normalized` when the abbreviation component set
it (so `LISC` is typed as `local multi-agency security unit`), and leaves ""
on other labels. Its state is the taxonomy, which `to_disk`/`from_disk`
save and restore with the pipeline.
"""

from __future__ import annotations

import copy
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

ACTOR_LABEL = "ACTOR"
LEVELS = ("local", "regional", "national")
UNKNOWN_LEVEL = ""
TAXONOMY_RESOURCE = "data/actor_taxonomy.json"
SCHEMA_VERSION = 1
# The file name of the taxonomy inside a saved pipeline's component directory.
TAXONOMY_FILE = "actor_taxonomy.json"

# Plural endings: "ies" -> "y" only on words longer than this ("lies", "dies"
# are not plurals of "ly", "dy"); words ending in these stay as they are
# (class, campus, analysis are singular).
MIN_IES_PLURAL_CHARS = 5
SINGULAR_ENDINGS = ("ss", "us", "is")
ES_PLURAL_ENDINGS = ("ches", "shes", "xes", "zes", "sses")
# The text ends at these marks: what follows is an aside, not the actor.
PHRASE_BREAK_RE = re.compile(r"[()\[\];:]|\s[-–—]\s")
WORD_RE = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")


# --- Loading -----------------------------------------------------------------


@lru_cache(maxsize=1)
def _packaged_text() -> str:
    return resources.files(__package__).joinpath(TAXONOMY_RESOURCE).read_text("utf-8")


def load_taxonomy(path: str | Path | None = None) -> dict[str, Any]:
    """The taxonomy as plain data: the packaged file, or the JSON file at `path`.

    Each call returns a fresh object, so a caller may change it freely; the
    packaged file is read from disk once per process.
    """
    text = _packaged_text() if path is None else Path(path).read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    validate_taxonomy(data, source=str(path or TAXONOMY_RESOURCE))
    return data


def validate_taxonomy(data: Any, *, source: str = "taxonomy") -> None:
    """Raise ValueError naming the first problem in the taxonomy `data`."""

    def fail(detail: str) -> None:
        raise ValueError(f"actor taxonomy {source}: {detail}")

    if not isinstance(data, dict):
        fail(f"expected a JSON object, got {type(data).__name__}")
    if data.get("schema_version") != SCHEMA_VERSION:
        fail(f"schema_version must be {SCHEMA_VERSION}, not {data.get('schema_version')!r}")
    types = data.get("actor_types")
    if not isinstance(types, list) or not types:
        fail("'actor_types' must be a non-empty list of type names")
    if data.get("fallback_actor_type") not in types:
        fail(f"'fallback_actor_type' must be one of {types}, not {data.get('fallback_actor_type')!r}")
    level_words = data.get("level_words")
    if not isinstance(level_words, dict) or set(level_words) - set(LEVELS):
        fail(f"'level_words' must map levels {list(LEVELS)} to word lists")
    for key in ("role_nouns", "link_words"):
        if not isinstance(data.get(key), list):
            fail(f"'{key}' must be a list of words")
    rules = data.get("rules")
    if not isinstance(rules, list) or not rules:
        fail("'rules' must be a non-empty list")
    seen: set[str] = set()
    for n, rule in enumerate(rules, 1):
        where = f"rule {n} ({rule.get('id', 'no id')!r})" if isinstance(rule, dict) else f"rule {n}"
        if not isinstance(rule, dict) or not rule.get("id"):
            fail(f"{where} must be an object with an 'id'")
        if rule["id"] in seen:
            fail(f"{where}: the id is used twice; give each rule its own id")
        seen.add(rule["id"])
        if rule.get("actor_type") not in types:
            fail(f"{where}: 'actor_type' must be one of {types}, not {rule.get('actor_type')!r}")
        if not (rule.get("terms") or rule.get("heads")):
            fail(f"{where}: give at least one word in 'terms' or 'heads'")
        if rule.get("default_level", UNKNOWN_LEVEL) not in (*LEVELS, UNKNOWN_LEVEL):
            fail(f"{where}: 'default_level' must be one of {[*LEVELS, UNKNOWN_LEVEL]}, not {rule.get('default_level')!r}")
        by_level = rule.get("actor_type_by_level", {})
        if set(by_level) - set(LEVELS) or set(by_level.values()) - set(types):
            fail(f"{where}: 'actor_type_by_level' must map levels {list(LEVELS)} to types of 'actor_types'")


# --- Normalisation -------------------------------------------------------------


def _fold(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'")
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def singular(word: str) -> str:
    """A plural noun's singular by its ending (authorities -> authority, NGOs -> ngo)."""
    if word.endswith("ies") and len(word) >= MIN_IES_PLURAL_CHARS:
        return word[:-3] + "y"
    if word.endswith(ES_PLURAL_ENDINGS):
        return word[:-2]
    if word.endswith("s") and not word.endswith(SINGULAR_ENDINGS):
        return word[:-1]
    return word


def normalise_words(text: str) -> list[str]:
    """The words of `text`, folded and singular; possessive 's removed."""
    words = []
    for word in WORD_RE.findall(_fold(text)):
        if word.endswith("'s"):
            word = word[:-2]
        words.append(singular(word))
    return words


def _phrase(text: str) -> tuple[str, ...]:
    return tuple(normalise_words(text))


def _find(phrases: Iterable[tuple[str, ...]], words: Sequence[str]) -> tuple[int, int] | None:
    """The rightmost (start, end) where one of `phrases` occurs in `words`."""
    best: tuple[int, int] | None = None
    for phrase in phrases:
        n = len(phrase)
        for start in range(len(words) - n, -1, -1):
            if tuple(words[start : start + n]) == phrase:
                if best is None or start + n > best[1]:
                    best = (start, start + n)
                break
    return best


# --- The compiled taxonomy -------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    id: str
    actor_type: str
    terms: tuple[tuple[str, ...], ...]
    heads: frozenset[str]
    default_level: str
    level_from_modifiers: bool
    actor_type_by_level: Mapping[str, str]

    def match(self, words: Sequence[str]) -> tuple[int, int] | None:
        """Where this rule's term or head occurs in `words`, or None."""
        found = _find(self.terms, words)
        if found is None and words and words[-1] in self.heads:
            found = (len(words) - 1, len(words))
        return found


@dataclass(frozen=True)
class Taxonomy:
    """An immutable, compiled taxonomy; build it with `compile_taxonomy`."""

    rules: tuple[Rule, ...]
    level_words: tuple[tuple[tuple[str, ...], str], ...]
    role_nouns: frozenset[str]
    link_words: frozenset[str]
    fallback: str

    def level_in(self, words: Sequence[str], skip: range = range(0)) -> str | None:
        """The level named by `words` outside `skip`: None if none, "" if they disagree."""
        found = set()
        for phrase, level in self.level_words:
            n = len(phrase)
            for start in range(len(words) - n + 1):
                if tuple(words[start : start + n]) == phrase and not any(i in skip for i in range(start, start + n)):
                    found.add(level)
        if not found:
            return None
        return found.pop() if len(found) == 1 else UNKNOWN_LEVEL

    def first_rule(self, words: Sequence[str]) -> tuple[Rule, range] | None:
        for rule in self.rules:
            found = rule.match(words)
            if found is not None:
                return rule, range(*found)
        return None


def compile_taxonomy(data: Mapping[str, Any]) -> Taxonomy:
    """Turn validated taxonomy data into the immutable form `type_actor` reads."""
    rules = tuple(
        Rule(
            id=rule["id"],
            actor_type=rule["actor_type"],
            terms=tuple(_phrase(t) for t in rule.get("terms", ()) if _phrase(t)),
            heads=frozenset(singular(w) for h in rule.get("heads", ()) for w in normalise_words(h)[-1:]),
            default_level=rule.get("default_level", UNKNOWN_LEVEL),
            level_from_modifiers=rule.get("level_from_modifiers", True),
            actor_type_by_level=MappingProxyType(dict(rule.get("actor_type_by_level", {}))),
        )
        for rule in data["rules"]
    )
    level_words = tuple(
        (_phrase(word), level) for level, words in data["level_words"].items() for word in words if _phrase(word)
    )
    return Taxonomy(
        rules=rules,
        level_words=level_words,
        role_nouns=frozenset(w for noun in data["role_nouns"] for w in normalise_words(noun)),
        link_words=frozenset(_fold(w) for w in data["link_words"]),
        fallback=data["fallback_actor_type"],
    )


@lru_cache(maxsize=1)
def default_taxonomy() -> Taxonomy:
    """The packaged taxonomy, compiled once per process (immutable)."""
    return compile_taxonomy(load_taxonomy())


# --- Typing ------------------------------------------------------------------


def _split(words: list[str], link_words: frozenset[str]) -> tuple[list[str], list[str], list[str]]:
    """(core, complement after "of" or "from", rest of the phrase after the core)."""
    start = 0
    while start < len(words) and words[start] in link_words:
        start += 1  # a phrase that opens with a preposition: skip it
    end = start
    while end < len(words) and words[end] not in link_words:
        end += 1
    core, rest = words[start:end], words[end:]
    complement: list[str] = []
    if rest and rest[0] in ("of", "from"):  # `representatives from local authorities`
        for word in rest[1:]:
            if word in link_words:
                break
            complement.append(word)
    return core, complement, rest


def type_actor(text: str, *, taxonomy: Taxonomy | None = None) -> tuple[str, str]:
    """(actor_type, level) of an actor phrase; level is "" when unknown.

    >>> type_actor("local authority officers")
    ('local_authority', 'local')
    """
    tax = taxonomy or default_taxonomy()
    text = PHRASE_BREAK_RE.split(text, maxsplit=1)[0]
    core, complement, rest = _split(normalise_words(text), tax.link_words)
    if not core:
        return tax.fallback, UNKNOWN_LEVEL
    hit: tuple[Rule, range] | None = None
    in_core = True
    if core[-1] in tax.role_nouns:
        hit = tax.first_rule(core[:-1])
        if hit is None and complement:
            hit = tax.first_rule(complement)
            in_core = hit is None
    if hit is None:
        hit = tax.first_rule(core)
        in_core = True
    if hit is None and complement:
        # `commander of the local police station`, `partners of local panels`: a head that names
        # no type of its own belongs to the body the complement names
        hit = tax.first_rule(complement)
        in_core = hit is None
    level = tax.level_in(core, hit[1] if hit and in_core else range(0))
    if level is None:
        level = tax.level_in(rest, range(0) if in_core or hit is None else range(1 + hit[1].start, 1 + hit[1].stop))
    if hit is None:
        return tax.fallback, level or UNKNOWN_LEVEL
    rule = hit[0]
    if not rule.level_from_modifiers or level is None:
        level = rule.default_level
    actor_type = rule.actor_type_by_level.get(level, rule.actor_type)
    return actor_type, level


# --- The component -------------------------------------------------------------


def register_extensions() -> None:
    if not Span.has_extension("actor_type"):
        Span.set_extension("actor_type", default="")
    if not Span.has_extension("actor_level"):
        Span.set_extension("actor_level", default="")
    if not Span.has_extension("normalized"):
        # Written by pipeline_abbreviations; registered here too so that this
        # component runs without it.
        Span.set_extension("normalized", default="")


register_extensions()


class ActorTyper:
    """Set `span._.actor_type` / `span._.actor_level` on ACTOR entities (see module docstring)."""

    def __init__(self, nlp: Language, name: str = "pipeline_actor_types", *, taxonomy_path: str | None = None) -> None:
        register_extensions()
        self.name = name
        self.taxonomy_path = taxonomy_path
        self.data: dict[str, Any] = {}
        self.taxonomy: Taxonomy | None = None
        # spacy.load() builds the component from its config and then calls
        # from_disk() with the taxonomy saved beside the pipeline, so a path
        # that no longer exists is an error only if nothing replaces it.
        if taxonomy_path is None or Path(taxonomy_path).exists():
            self._set_data(load_taxonomy(taxonomy_path))

    def _set_data(self, data: dict[str, Any]) -> None:
        # A private copy: the caller's object (and the packaged data) stay as they were.
        self.data = copy.deepcopy(data)
        self.taxonomy = compile_taxonomy(self.data)

    def __call__(self, doc: Doc) -> Doc:
        if self.taxonomy is None:
            raise ValueError(
                f"actor taxonomy file not found: {self.taxonomy_path}; "
                "set taxonomy_path to an existing JSON file, or to null for the packaged taxonomy"
            )
        for ent in doc.ents:
            if ent.label_ == ACTOR_LABEL:
                ent._.actor_type, ent._.actor_level = type_actor(ent._.normalized or ent.text, taxonomy=self.taxonomy)
            elif ent._.actor_type or ent._.actor_level:
                ent._.actor_type = ent._.actor_level = ""
        return doc

    # Serialisation: the taxonomy travels with the pipeline.

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        directory = Path(path)
        directory.mkdir(parents=True, exist_ok=True)
        (directory / TAXONOMY_FILE).write_text(json.dumps(self.data, ensure_ascii=False, indent=2), "utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> ActorTyper:
        self._set_data(load_taxonomy(Path(path) / TAXONOMY_FILE))
        return self

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return json.dumps(self.data, ensure_ascii=False).encode("utf-8")

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> ActorTyper:
        taxonomy = json.loads(data.decode("utf-8"))
        validate_taxonomy(taxonomy, source="bytes")
        self._set_data(taxonomy)
        return self


@Language.factory(
    "pipeline_actor_types",
    assigns=["span._.actor_type", "span._.actor_level"],
    requires=["doc.ents"],
    default_config={"taxonomy_path": None},
)
def make_actor_typer(nlp: Language, name: str, taxonomy_path: str | None) -> ActorTyper:
    return ActorTyper(nlp, name, taxonomy_path=taxonomy_path)


__all__: list[str] = [
    "ACTOR_LABEL",
    "LEVELS",
    "ActorTyper",
    "Rule",
    "Taxonomy",
    "compile_taxonomy",
    "default_taxonomy",
    "load_taxonomy",
    "normalise_words",
    "singular",
    "type_actor",
    "validate_taxonomy",
]
