"""Places below the country: first-level subdivisions from pycountry, for PLACE mentions.

A report names states, provinces and nations (`New South Wales`, `Ontario`,
`Scotland`) and abbreviates some (`NSW`, `QLD`); the small model often calls
them ORG. The names are read from pycountry's subdivision table (first level
only, of the kinds in SUBDIVISION_TYPES); a one-word name that is an English
common noun whose most frequent sense is not a place (`East`, `Gulf`,
`Centre`) and code letters that are words or shorter than three letters
(`ON`, `ACT`, `CAN`) are left out, because they stand for other things more
often than for the place.

`running_text_names` adds the names English also knows only as proper nouns of a place or a person
(`Victoria`, `Washington`, `Ohio`): a place sense, the first sense a place or a person, and no
abstract sense (`North`: a direction, `Centre`: an idea too); a report that writes such a word
alone, capitalised, means the place.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .noun_classes import lookup

# First-level subdivisions of these kinds are places a report names (states, provinces, nations).
SUBDIVISION_TYPES = {"State", "Province", "Territory", "Land", "Region", "Country", "Nation", "Autonomous community",
                     "Canton", "Autonomous region", "Federal district", "Capital territory", "Voivodeship"}
# Only federal units' code letters are written in running text (`NSW`, `QLD`).
CODE_TYPES = {"State", "Territory"}
MIN_CODE_LETTERS = 3
MIN_NAME_CHARS = 4
# WordNet classes of a common noun's abstract senses: a name with one of them is a word before a place.
ABSTRACT_CLASSES = ("relation", "cognition", "attribute", "state", "act", "quantity", "time", "feeling")


def _is_other_word(name: str) -> bool:
    """`East`, `Centre`, `Centre-Est`: a word of English before it is a place."""
    word = re.split(r"[-\s]", name.lower())[0]
    for form in (word, word[:-2] + "er" if word.endswith("re") else word):  # British spelling
        nc = lookup(form)
        if nc.classes and (nc.first_class != "location" or nc.share("location") < 1):
            return True
    return False


def subdivision_records() -> list[tuple[str, str, str, bool]]:
    """(code, name, type, has a parent) of every subdivision pycountry knows, read from its data
    file `iso3166-2.json` with `json`: the records of `pycountry.subdivisions` (tested), without
    building its 5,046 objects and their indexes (0.05 s of CPU at every start, against 0.01)."""
    import json
    from pathlib import Path

    import pycountry

    path = Path(pycountry.DATABASE_DIR) / "iso3166-2.json"
    try:
        entries = json.loads(path.read_text("utf-8"))["3166-2"]
        return [(e["code"], e["name"], e["type"], bool(e.get("parent"))) for e in entries]
    except (OSError, ValueError, KeyError, TypeError):  # another pycountry layout: ask pycountry
        return [(s.code, s.name, s.type, bool(getattr(s, "parent_code", None))) for s in pycountry.subdivisions]


@lru_cache(maxsize=2)
def subdivision_names(*, unambiguous: bool = True) -> frozenset[str]:
    """Subdivision names and code letters as a report writes them (bracketed notes removed).

    `unambiguous=False` keeps the names that are also English words: to relabel a span another
    rule already took for a name (`Victoria`, the model's ORG), not to find one."""
    from ..sections import country_names

    names: set[str] = set()
    for sub_code, sub_name, sub_type, has_parent in subdivision_records():
        if has_parent or sub_type not in SUBDIVISION_TYPES:
            continue
        name = re.sub(r"\s*\[.*?\]", "", sub_name).strip()
        if "," not in name and len(name) >= MIN_NAME_CHARS and (" " in name or not unambiguous or not _is_other_word(name)):
            names.add(name)
        code = sub_code.split("-", 1)[1]
        if (sub_type in CODE_TYPES and len(code) >= MIN_CODE_LETTERS and code.isalpha() and code.isupper()
                and (not unambiguous or not _is_other_word(code))):
            names.add(code)
    return frozenset(names - set(country_names()))


@lru_cache(maxsize=1)
def running_text_names() -> frozenset[str]:
    """The subdivision names a capitalised word in running text stands for (module docstring):
    the unambiguous ones and the proper nouns among the others (`Victoria`, not `East`)."""
    names = set(subdivision_names())
    for name in subdivision_names(unambiguous=False) - names:
        nc = lookup(name.lower())
        if (nc.classes and nc.first_class in ("location", "person") and nc.share("location") > 0
                and not any(cls in ABSTRACT_CLASSES for cls, _ in nc.classes)):
            names.add(name)
    return frozenset(names)
