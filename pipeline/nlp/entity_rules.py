"""The entity component's word lists and the provenance of its spans.

`EntityRules` holds `data/entity_rules.json` and the head nouns of
`data/entity_vocabulary.json` as sets, read once per component (a copy: the
module-level data is never changed), and the names of first-level subdivisions
from pycountry (places.py). Every span the component keeps records in
`span._.rule` the pattern id or `model_<LABEL>` it came from; `model_guess` tells
the model's guesses, which the rules may override, from the rules' decisions.
"""

from __future__ import annotations

import copy
import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

from spacy.tokens import Span

from .places import running_text_names, subdivision_names

if not Span.has_extension("rule"):
    Span.set_extension("rule", default="")

QUOTES = "“”‘’\"'«»„"


def load_rules(path: str | Path | None = None) -> dict[str, Any]:
    """The JSON of `path`, or of the package's data/entity_rules.json."""
    if path is None:
        text = resources.files(__package__).joinpath("data/entity_rules.json").read_text("utf-8")
    else:
        text = Path(path).read_text("utf-8")
    return json.loads(text)


class EntityRules:
    """The word lists every rule of the entity component reads (`rules_path`: an
    entity_rules.json in place of the package's)."""

    def __init__(self, rules_path: str | None = None) -> None:
        rules = copy.deepcopy(load_rules(rules_path))
        self.label_map: dict[str, str] = rules["model_label_map"]
        self.project_labels = set(rules["project_labels"])
        self.leading = set(rules["leading_words_dropped"])
        self.indefinite = set(rules["indefinite_words"])
        self.unique_prefixes = set(rules["unique_body_prefixes"])
        self.generic_policy = set(rules["generic_policy_words"])
        self.place_heads = set(rules["place_like_heads"])
        self.date_re = re.compile(rules["date_pattern"])
        self.generic_names = set(rules["generic_name_words"])
        self.list_intro = set(rules["list_intro_words"])
        self.place_name_heads = set(rules["place_name_heads"])
        self.local_level = set(rules["local_level_words"])
        self.kind_heads = set(rules["kind_heads"])
        self.title_case_org = set(rules["title_case_org_words"])
        self.honorifics = set(rules["honorifics"])
        self.municipal_heads = set(rules["municipal_name_heads"])
        self.territory_words = set(rules["territory_words"])
        self.provision_words = set(rules["provision_words"])
        self.policy_type_nouns = set(rules["policy_type_nouns"])
        self.subdivisions = subdivision_names(unambiguous=False)
        self.subdivisions_in_text: dict[str, list[tuple[str, ...]]] = {}  # first word -> the names' words
        for place_name in sorted(running_text_names(), key=len, reverse=True):
            words = tuple(place_name.split())  # hyphenated words are one token (pipeline.cfg)
            self.subdivisions_in_text.setdefault(words[0], []).append(words)
        vocabulary = json.loads(resources.files(__package__).joinpath("data/entity_vocabulary.json").read_text("utf-8"))
        self.org_heads = set(vocabulary["org_heads"])
        self.policy_heads = set(vocabulary["policy_heads"])


def model_guess(span: Span) -> bool:
    """True for a span the model predicted (rule `model_<LABEL>`), which a rule may override."""
    return str(span._.rule).startswith("model_")
