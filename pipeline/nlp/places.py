"""Places below the country: first-level subdivisions from pycountry, for PLACE mentions.

A report names states, provinces and nations (`New South Wales`, `Ontario`,
`Scotland`) and abbreviates some (`NSW`, `QLD`); the small model often calls
them ORG. The names are read from pycountry's subdivision table (first level
only, of the kinds in SUBDIVISION_TYPES); a one-word name that is an English
common noun whose most frequent sense is not a place (`East`, `Gulf`,
`Centre`) and code letters that are words or shorter than three letters
(`ON`, `ACT`, `CAN`) are left out, because they stand for other things more
often than for the place.
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


def _is_other_word(name: str) -> bool:
    """`East`, `Centre`, `Centre-Est`: a word of English before it is a place."""
    word = re.split(r"[-\s]", name.lower())[0]
    for form in (word, word[:-2] + "er" if word.endswith("re") else word):  # British spelling
        nc = lookup(form)
        if nc.classes and (nc.first_class != "location" or nc.share("location") < 1):
            return True
    return False


@lru_cache(maxsize=2)
def subdivision_names(*, unambiguous: bool = True) -> frozenset[str]:
    """Subdivision names and code letters as a report writes them (bracketed notes removed).

    `unambiguous=False` keeps the names that are also English words: to relabel a span another
    rule already took for a name (`Victoria`, the model's ORG), not to find one."""
    import pycountry

    from ..sections import country_names

    names: set[str] = set()
    for sub in pycountry.subdivisions:
        if getattr(sub, "parent_code", None) or sub.type not in SUBDIVISION_TYPES:
            continue
        name = re.sub(r"\s*\[.*?\]", "", sub.name).strip()
        if "," not in name and len(name) >= MIN_NAME_CHARS and (" " in name or not unambiguous or not _is_other_word(name)):
            names.add(name)
        code = sub.code.split("-", 1)[1]
        if (sub.type in CODE_TYPES and len(code) >= MIN_CODE_LETTERS and code.isalpha() and code.isupper()
                and (not unambiguous or not _is_other_word(code))):
            names.add(code)
    return frozenset(names - set(country_names()))
