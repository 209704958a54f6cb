"""The obligation component's data: trigger lexicon and matcher patterns, read and validated.

`load_triggers` and `load_patterns` read ``data/obligation_triggers.json`` and
``data/obligation_patterns.json`` (or a given file), check their shape and say
what is wrong and where; `_expand` puts a lexicon section's words into a
pattern (``"@modals"``); `_Lexicon` is the component's look-up over the
lexicon. Each call parses the file again, so module data is never shared.

The underscored names are helpers of the obligation modules (obligations.py,
obligation_readings.py, obligation_records.py, references.py), not an API for
the rest of the pipeline.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

DEONTIC_CLASSES = ("obligation", "prohibition", "recommendation", "permission", "responsibility")

TRIGGERS_FILE = "obligation_triggers.json"
PATTERNS_FILE = "obligation_patterns.json"

# Lexicon sections of {word: {"class", "negated", ...}} and of word lists.
CLASS_SECTIONS = ("modals", "semi_modals", "passive_deontic", "deontic_adjectives", "object_control",
                  "task_to", "duty_nouns", "prep_control", "that_clause", "deontic_predicates", "mission_nouns")
LIST_SECTIONS = ("duty_verbs", "weak_modals", "epistemic_modals", "time_nouns", "copulas", "reporting_verbs", "role_verbs", "role_nouns", "receiving_verbs",
                 "non_agentive_verbs", "actor_labels", "non_actor_labels", "actor_heads", "non_actor_heads",
                 "non_actor_modifiers", "abstract_heads", "instrument_heads", "agentive_suffixes",
                 "collective_heads", "person_heads", "generic_role_heads", "issuer_labels",
                 "reference_determiners", "relative_heads", "skip_pronouns", "universal_pronouns",
                 "action_idioms", "conduct_copulas", "scope_preps", "example_introducers", "frequency_adverbs")


def _read_json(path: str | Path | None, name: str) -> tuple[dict[str, Any], str]:
    if path is None:
        source = f"pipeline/nlp/data/{name}"
        text = resources.files(__package__).joinpath("data", name).read_text("utf-8")
    else:
        source = str(path)
        try:
            text = Path(path).read_text("utf-8")
        except OSError as exc:
            raise ValueError(f"cannot read {source}: {exc}; give an existing {name}") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{source} is not valid JSON ({exc}); fix the file") from exc
    if not isinstance(data, dict):
        raise ValueError(f"{source}: expected a JSON object, got {type(data).__name__}")
    return data, source


def load_triggers(path: str | Path | None = None) -> dict[str, Any]:
    """The trigger lexicon, validated: the package's file, or `path`. Each call parses the
    file again, so callers get their own copy to change."""
    data, source = _read_json(path, TRIGGERS_FILE)
    sections = [(s, data.get(s)) for s in CLASS_SECTIONS] + [("in_charge", {"of": data.get("in_charge")})]
    for section, entries in sections:
        if not isinstance(entries, dict):
            raise ValueError(f"{source}: section {section!r} must be an object of entries")
        for key, entry in entries.items():
            where = f"{section}.{key}" if section != "in_charge" else section
            if not isinstance(entry, dict) or entry.get("class") not in DEONTIC_CLASSES:
                got = entry.get("class") if isinstance(entry, dict) else entry
                raise ValueError(f"{source}: {where}.class must be one of {list(DEONTIC_CLASSES)}, not {got!r}")
            if entry.get("negated") not in (None, *DEONTIC_CLASSES):
                raise ValueError(f"{source}: {where}.negated must be null or one of {list(DEONTIC_CLASSES)}, "
                                 f"not {entry['negated']!r}")
    for section in LIST_SECTIONS:
        if not isinstance(data.get(section), list):
            raise ValueError(f"{source}: section {section!r} must be a list of words")
    for section in ("multiword_coordinators", "purpose_markers"):
        if not all(isinstance(seq, list) and seq for seq in data.get(section) or [None]):
            raise ValueError(f"{source}: section {section!r} must be a list of word lists")
    if not isinstance(data.get("pronouns"), dict):
        raise ValueError(f"{source}: section 'pronouns' must map pronouns to plural/person/singular")
    return data


def load_patterns(path: str | Path | None = None) -> dict[str, Any]:
    """The matcher patterns: the package's file, or `path` (a fresh copy per call)."""
    data, source = _read_json(path, PATTERNS_FILE)
    for section in ("dependency_patterns", "token_patterns"):
        if not isinstance(data.get(section), list):
            raise ValueError(f"{source}: section {section!r} must be a list")
        for entry in data[section]:
            if not isinstance(entry, dict) or not {"id", "kind", "pattern"} <= set(entry):
                raise ValueError(f"{source}: each pattern needs id, kind and pattern; got {entry!r}")
    return data


def _expand(value: Any, triggers: dict[str, Any]) -> Any:
    """Replace each "@section" string by the words of that section of the trigger lexicon."""
    if isinstance(value, dict):
        return {k: _expand(v, triggers) for k, v in value.items()}
    if isinstance(value, list):
        return [_expand(v, triggers) for v in value]
    if isinstance(value, str) and value.startswith("@"):
        section = triggers.get(value[1:])
        if section is None:
            raise ValueError(f"pattern refers to {value!r}, but the trigger lexicon has no section {value[1:]!r}")
        return sorted(section) if isinstance(section, dict) else list(section)
    return value


class _Lexicon:
    """Look-ups over the trigger lexicon; words in lower case, entity labels as written."""

    # one frozenset per LIST_SECTIONS entry
    weak_modals: frozenset[str]
    epistemic_modals: frozenset[str]
    time_nouns: frozenset[str]
    copulas: frozenset[str]
    reporting_verbs: frozenset[str]
    role_verbs: frozenset[str]
    role_nouns: frozenset[str]
    receiving_verbs: frozenset[str]
    non_agentive_verbs: frozenset[str]
    actor_labels: frozenset[str]
    non_actor_labels: frozenset[str]
    actor_heads: frozenset[str]
    non_actor_heads: frozenset[str]
    non_actor_modifiers: frozenset[str]
    abstract_heads: frozenset[str]
    instrument_heads: frozenset[str]
    agentive_suffixes: frozenset[str]
    collective_heads: frozenset[str]
    person_heads: frozenset[str]
    generic_role_heads: frozenset[str]
    issuer_labels: frozenset[str]
    reference_determiners: frozenset[str]
    relative_heads: frozenset[str]
    universal_pronouns: frozenset[str]
    action_idioms: frozenset[str]
    conduct_copulas: frozenset[str]
    scope_preps: frozenset[str]
    example_introducers: frozenset[str]
    frequency_adverbs: frozenset[str]
    skip_pronouns: frozenset[str]

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        for section in LIST_SECTIONS:
            words = data[section]
            setattr(self, section, frozenset(words if section.endswith("_labels") else map(str.lower, words)))
        self.pronouns: dict[str, str] = {k.lower(): v for k, v in data["pronouns"].items()}
        self.multiword_coordinators = [tuple(s) for s in data["multiword_coordinators"]]
        self.purpose_markers = [tuple(s) for s in data["purpose_markers"]]
        self.that_clause_verbs = frozenset(data["that_clause"])

    def entry(self, section: str, key: str) -> dict[str, Any] | None:
        entry = self.data[section].get(key)
        return entry if isinstance(entry, dict) else None

    def deontic(self, section: str, key: str, negated: bool) -> str | None:
        """The class of a trigger (None: not a trigger, or no record when negated)."""
        entry = self.entry(section, key)
        if entry is None:
            return None
        return entry.get("negated") if negated else entry["class"]
