"""What a noun denotes, from WordNet 3.0: its lexicographer classes and role anchors.

The table `data/noun_classes.tsv.gz` is built from the WordNet database by
`tools/build_noun_classes.py` (licence: `data/WORDNET-LICENSE`); it is read
once, lazily, and never from outside the package. For a lemma it gives

- `classes`: WordNet's lexicographer classes of its senses, most frequent sense
  first, with counts (`council` → group 3; `service` → act 10, group 2, ...);
- `anchors`: general categories on the hypernym paths of its senses, with the
  rank of the first sense that reaches each (`teacher` → professional at 0;
  `terrorist` → radical at 0; `agency` → organization at 0; `county` → administrative_district at 1).

So a word that no list of the project names (`warden`, `hub`, `workforce`) can
still be judged a kind of person or group; mixed-sense words (`service`,
`authority`) need the context the callers add.
"""

from __future__ import annotations

import gzip
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

TABLE_RESOURCE = "data/noun_classes.tsv.gz"

# Anchors whose members act for an organisation or a profession (a role an actor has).
ROLE_ANCHORS = frozenset({"worker", "professional", "official", "leader", "expert", "employee", "lawman",
                          "authority", "representative", "volunteer"})
# Anchors of organised bodies.
BODY_ANCHORS = frozenset({"organization", "administrative_unit", "unit", "force", "body"})
# Anchors of the people policies act on (targets), never actors by their noun alone.
TARGET_ANCHORS = frozenset({"radical", "wrongdoer", "bad_person", "unfortunate", "victim", "juvenile",
                            "lawbreaker", "combatant"})
# The target anchors of people who do harm (not those harmed or served: victims, juveniles): a body
# named by one of them is made of them (`terrorist organisations`, `criminal gangs`).
PERPETRATOR_ANCHORS = frozenset({"radical", "wrongdoer", "bad_person", "lawbreaker", "combatant"})
# Anchors of the population at large (residents, citizens, families): actors only where they act.
POPULACE_ANCHORS = frozenset({"inhabitant", "national", "kin", "relative", "people", "traveler"})
# The anchor of places that are units of local or regional government (city, county, state, province,
# commune, canton, borough); not regions, areas or districts in general.
ADMINISTRATIVE_ANCHORS = frozenset({"administrative_district"})
# The anchor of a nation (`country`, `nation`, and `state` in its fourth sense).
NATION_ANCHORS = frozenset({"political_unit"})


@dataclass(frozen=True)
class NounClass:
    classes: tuple[tuple[str, int], ...]
    anchors: tuple[tuple[str, int], ...]

    @property
    def first_class(self) -> str:
        return self.classes[0][0] if self.classes else ""

    def share(self, *names: str) -> float:
        """The share of the lemma's senses in these classes."""
        total = sum(n for _, n in self.classes)
        return sum(n for c, n in self.classes if c in names) / total if total else 0.0

    def anchor_rank(self, names: frozenset[str]) -> int | None:
        """The rank of the most frequent sense reaching one of these anchors, or None."""
        ranks = [rank for name, rank in self.anchors if name in names]
        return min(ranks) if ranks else None


EMPTY = NounClass((), ())


def _pairs(field: str) -> tuple[tuple[str, int], ...]:
    out = []
    for item in field.split(","):
        if item:
            name, _, count = item.rpartition(":")
            out.append((name, int(count)))
    return tuple(out)


class SortedLines:
    """Lemma → the rest of its line (classes and anchors), by binary search over the table's
    lines, which the build tool writes sorted: reading the table is then one `split` (about
    0.03 s) instead of a dict of 117,798 entries (about 0.1 s), and a run looks up a few hundred."""

    def __init__(self, text: str) -> None:
        self.lines = [line for line in text.split("\n") if line]
        if any(a >= b for a, b in zip(self.lines, self.lines[1:])):
            self.lines.sort()  # a hand-edited table: still correct, at the cost of a sort
        self.has_empty = len(self.lines) < text.count("\n") + 1  # an empty line: the lemma "" (as a dict of lines had it)

    def get(self, lemma: str) -> str | None:
        """The rest of the line of `lemma`, None when no line has it (as `dict.get`)."""
        if lemma == "":
            return "" if self.has_empty else None
        if "\t" in lemma or "\n" in lemma:
            return None
        key = lemma + "\t"
        i = bisect_left(self.lines, key)
        if i < len(self.lines) and self.lines[i].startswith(key):
            return self.lines[i][len(key):]
        return None


@lru_cache(maxsize=1)
def table() -> SortedLines:
    """The table's lines, searched by lemma (SortedLines)."""
    raw = resources.files(__package__).joinpath(TABLE_RESOURCE).read_bytes()
    return SortedLines(gzip.decompress(raw).decode("utf-8"))


@lru_cache(maxsize=65536)
def lookup(lemma: str) -> NounClass:
    """The classes of a noun lemma (lower case; a phrase with spaces), EMPTY when WordNet lacks it."""
    row = table().get(lemma.lower().replace("_", " "))
    if row is None:
        return EMPTY
    classes, _, anchors = row.partition("\t")
    return NounClass(_pairs(classes), _pairs(anchors))
