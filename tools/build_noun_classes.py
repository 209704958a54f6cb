#!/usr/bin/env python3
"""Build pipeline/nlp/data/noun_classes.tsv.gz from the WordNet 3.0 database (Debian: wordnet-base).

One line per noun lemma: `lemma<TAB>class:count,...<TAB>anchor:rank,...`. The classes are WordNet's
lexicographer files without the `noun.` prefix (person, group, location, act, artifact, ...), in the
order of the lemma's most frequent sense (index.noun lists senses by frequency), each with the
number of its senses in that class. The anchors are general categories met on the way up a
sense's hypernym chain (ANCHORS below: `organization`, `worker`, `professional`, `official`,
`wrongdoer`, `juvenile`, ...), each with the rank of the first sense (0 = most frequent) that
reaches it: they say what kind of person or group a word denotes (a teacher is a professional, a
terrorist a radical, a council an organization) for words no list of the project names.
Multi-word lemmas keep a space (`police officer`).

The table is package data: the pipeline never reads /usr/share at run time. Rebuild with
    apt-get install wordnet-base && python tools/build_noun_classes.py
The output is deterministic (sorted, gzip without a timestamp). WordNet 3.0 licence: see
pipeline/nlp/data/WORDNET-LICENSE.
"""
from __future__ import annotations

import gzip
import io
import sys
from pathlib import Path

WORDNET = Path("/usr/share/wordnet")
OUT = Path(__file__).resolve().parent.parent / "pipeline" / "nlp" / "data" / "noun_classes.tsv.gz"
# lexnames(5WN): lex_filenum -> name (nouns are 03..28)
# Hypernym synsets, by their first word and lexicographer class, whose descendants share a role.
ANCHORS = {("organization", 14), ("social_group", 14), ("administrative_unit", 14), ("unit", 14),
           ("force", 14), ("gathering", 14), ("people", 14), ("kin", 14), ("body", 14),
           ("worker", 18), ("professional", 18), ("official", 18), ("leader", 18), ("expert", 18),
           ("employee", 18), ("lawman", 18), ("authority", 18), ("representative", 18),
           ("volunteer", 18), ("associate", 18), ("adult", 18),
           ("radical", 18), ("wrongdoer", 18), ("bad_person", 18), ("unfortunate", 18),
           ("victim", 18), ("juvenile", 18), ("relative", 18), ("inhabitant", 18), ("national", 18),
           ("traveler", 18), ("religious_person", 18), ("lawbreaker", 18), ("combatant", 18),
           ("administrative_district", 15), ("political_unit", 14)}
LEXNAMES = {3: "Tops", 4: "act", 5: "animal", 6: "artifact", 7: "attribute", 8: "body", 9: "cognition",
            10: "communication", 11: "event", 12: "feeling", 13: "food", 14: "group", 15: "location",
            16: "motive", 17: "object", 18: "person", 19: "phenomenon", 20: "plant", 21: "possession",
            22: "process", 23: "quantity", 24: "relation", 25: "shape", 26: "state", 27: "substance", 28: "time"}


def _synset(data: bytes, offset: int) -> tuple[int, str, list[int]]:
    """(lex_filenum, first word, hypernym offsets) of the synset at `offset` of data.noun."""
    fields = data[offset:data.index(b"\n", offset)].decode("latin-1").split()
    n_words = int(fields[3], 16)
    at = 4 + 2 * n_words
    hypernyms = []
    for k in range(int(fields[at])):
        symbol, target, pos = fields[at + 1 + 4 * k: at + 4 + 4 * k]
        if symbol in ("@", "@i") and pos == "n":
            hypernyms.append(int(target))
    return int(fields[1]), fields[4].lower(), hypernyms


def _anchors(data: bytes, offset: int) -> set[str]:
    """The anchors on every hypernym path up from a synset (itself included)."""
    found, todo, seen = set(), [offset], set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        lex, word, hypernyms = _synset(data, current)
        if (word, lex) in ANCHORS:
            found.add(word)
        todo.extend(hypernyms)
    return found


def main() -> int:
    data = (WORDNET / "data.noun").read_bytes()
    if not data:
        sys.exit("build_noun_classes: /usr/share/wordnet/data.noun missing; apt-get install wordnet-base")
    rows = []
    for line in (WORDNET / "index.noun").read_text("latin-1").splitlines():
        if line.startswith(" "):
            continue  # licence header
        fields = line.split()
        lemma, n_synsets, n_pointers = fields[0], int(fields[2]), int(fields[3])
        offsets = fields[4 + n_pointers + 2:][:n_synsets]
        counts: dict[str, int] = {}
        ranks: dict[str, int] = {}
        for rank, offset in enumerate(offsets):
            lex_filenum = _synset(data, int(offset))[0]
            name = LEXNAMES[lex_filenum]
            counts[name] = counts.get(name, 0) + 1
            for anchor in sorted(_anchors(data, int(offset))):
                ranks.setdefault(anchor, rank)
        rows.append(f"{lemma.replace('_', ' ')}\t" + ",".join(f"{k}:{v}" for k, v in counts.items())
                    + "\t" + ",".join(f"{k}:{v}" for k, v in sorted(ranks.items(), key=lambda kv: (kv[1], kv[0]))))
    rows.sort()
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0, filename="") as fh:
        fh.write(("\n".join(rows) + "\n").encode("utf-8"))
    OUT.write_bytes(buffer.getvalue())
    print(f"wrote {OUT}: {len(rows)} lemmas")
    return 0


if __name__ == "__main__":
    sys.exit(main())
