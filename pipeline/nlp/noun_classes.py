"""What a noun denotes, from WordNet 3.0: its lexicographer classes and role anchors.

The table `data/noun_classes.tsv.gz` is built from the WordNet database by
`tools/build_noun_classes.py` (licence: `data/WORDNET-LICENSE`); it is read
once, lazily, and never from outside the package. For a lemma it gives

- `classes`: WordNet's lexicographer classes of its senses, most frequent sense
  first, with counts (`council` → group 3; `service` → act 10, group 2, ...);
- `anchors`: general categories on the hypernym paths of its senses, with the
  rank of the first sense that reaches each (`teacher` → professional at 0;
  `terrorist` → radical at 0; `agency` → organization at 0).

So a word that no list of the project names (`warden`, `hub`, `workforce`) can
still be judged a kind of person or group; mixed-sense words (`service`,
`authority`) need the context the callers add.
"""

from __future__ import annotations

import gzip
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
# Anchors of the population at large (residents, citizens, families): actors only where they act.
POPULACE_ANCHORS = frozenset({"inhabitant", "national", "kin", "relative", "people", "traveler"})


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


@lru_cache(maxsize=1)
def table() -> dict[str, str]:
    """Lemma → the rest of its line (classes and anchors), parsed on lookup: reading the table
    is then one pass of `partition` over 117,798 lines."""
    raw = resources.files(__package__).joinpath(TABLE_RESOURCE).read_bytes()
    rows: dict[str, str] = {}
    for line in gzip.decompress(raw).decode("utf-8").split("\n"):
        lemma, _, rest = line.partition("\t")
        rows[lemma] = rest
    return rows


@lru_cache(maxsize=65536)
def lookup(lemma: str) -> NounClass:
    """The classes of a noun lemma (lower case; a phrase with spaces), EMPTY when WordNet lacks it."""
    row = table().get(lemma.lower().replace("_", " "))
    if row is None:
        return EMPTY
    classes, _, anchors = row.partition("\t")
    return NounClass(_pairs(classes), _pairs(anchors))
