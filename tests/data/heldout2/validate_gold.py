#!/usr/bin/env python3
"""Check gold.jsonl against source.md (standard library only).

- every line is a JSON object with exactly the keys of its type (plus the
  optional bearer_text of an obligation), a known label or deontic class,
  non-empty strings where required;
- sections: the introduction (country "", from the title on, "Key findings"
  included) and one per country heading `## <Country>: <subtitle>`;
- each sentence_quote is at least 30 characters and occurs verbatim in its
  section's body text (footnote markers, heading marks, list markers and
  emphasis marks removed, white space collapsed); bearer_text, when given,
  occurs in the quote;
- each entity text occurs in its section's body at least as many times as
  it is listed (whole-word, case-sensitive occurrences);
- with --report, lists every entity string that occurs in a section more
  often than it is listed (a mention inside a longer mention, or a miss),
  for review;
- prints the counts used in README.md.
"""
from __future__ import annotations

import collections
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
COUNTRIES = {"Ireland", "Poland", "Switzerland", "Greece", "Estonia"}
LABELS = {"ORG", "POLICY", "ACTOR", "PLACE", "DATE"}
DEONTICS = {"obligation", "prohibition", "recommendation", "permission", "responsibility"}
ENTITY_KEYS = {"type", "country", "label", "text"}
OBLIGATION_KEYS = {"type", "country", "bearer", "deontic", "trigger", "aim", "issuer", "sentence_quote"}


def sections(md: str) -> tuple[dict[str, str], list[str]]:
    body, _, notes = md.partition("\n[^1]:")
    notes = "[^1]:" + notes
    out: dict[str, list[str]] = collections.defaultdict(list)
    current = ""
    out[current] = []
    for line in body.splitlines():
        m = re.match(r"^##\s+([^:#]+?)\s*(?::.*)?$", line)
        if m and not line.startswith("###") and m.group(1) in COUNTRIES:
            current = m.group(1)
            out[current] = []
            continue
        line = re.sub(r"^#+\s+", "", line)             # heading marks (title, subheadings)
        line = re.sub(r"^\s*(?:-|\d+\.)\s+", "", line)   # list markers
        line = re.sub(r"\[\^\d+\]", "", line)           # footnote markers
        line = re.sub(r"(?<!\w)\*([^*]+)\*(?!\w)", r"\1", line)  # emphasis
        out[current].append(line)
    text = {k: re.sub(r"\s+", " ", "\n".join(v)).strip() for k, v in out.items()}
    return text, re.findall(r"^\[\^(\d+)\]:", notes, re.M)


def count(t: str, body: str) -> int:
    return len(re.findall(r"(?<!\w)%s(?!\w)" % re.escape(t), body))


def main() -> int:
    md = (HERE / "source.md").read_text(encoding="utf-8")
    text, notes = sections(md)
    errors = []
    records = []
    for n, line in enumerate((HERE / "gold.jsonl").read_text(encoding="utf-8").splitlines(), 1):
        try:
            d = json.loads(line)
        except json.JSONDecodeError as e:
            errors.append(f"line {n}: not JSON ({e})")
            continue
        if not isinstance(d, dict):
            errors.append(f"line {n}: not an object"); continue
        t = d.get("type")
        keys = ENTITY_KEYS if t == "entity" else OBLIGATION_KEYS if t == "obligation" else None
        if keys is None:
            errors.append(f"line {n}: unknown type {t!r}"); continue
        extra = set(d) - keys - ({"bearer_text"} if t == "obligation" else set())
        if keys - set(d) or extra:
            errors.append(f"line {n}: keys missing {sorted(keys - set(d))} extra {sorted(extra)}"); continue
        if not all(isinstance(v, str) for v in d.values()):
            errors.append(f"line {n}: a value is not a string"); continue
        if d["country"] not in text:
            errors.append(f"line {n}: unknown section {d['country']!r}"); continue
        body = text[d["country"]]
        if t == "entity":
            if d["label"] not in LABELS:
                errors.append(f"line {n}: unknown label {d['label']!r}")
            if not d["text"] or d["text"] != d["text"].strip():
                errors.append(f"line {n}: empty or padded text")
        else:
            if d["deontic"] not in DEONTICS:
                errors.append(f"line {n}: unknown deontic {d['deontic']!r}")
            for k in ("bearer", "trigger", "aim"):
                if not d[k]:
                    errors.append(f"line {n}: empty {k}")
            q = d["sentence_quote"]
            if len(q) < 30:
                errors.append(f"line {n}: sentence_quote shorter than 30 characters")
            if q not in body:
                errors.append(f"line {n}: sentence_quote not in section {d['country']!r}: {q!r}")
            if "bearer_text" in d and not re.search(r"\b%s\b" % re.escape(d["bearer_text"]), q):
                errors.append(f"line {n}: bearer_text not in sentence_quote")
            if d["issuer"] and count(d["issuer"], body) == 0:
                errors.append(f"line {n}: issuer {d['issuer']!r} not named in the section")
        records.append(d)

    listed = collections.Counter((d["country"], d["text"]) for d in records if d["type"] == "entity")
    for (country, t), k in listed.items():
        found = count(t, text[country])
        if found < k:
            errors.append(f"entity {t!r} listed {k}x in {country or 'introduction'!r}, occurs {found}x")
    if "--report" in sys.argv:
        for (country, t), k in sorted(listed.items()):
            found = count(t, text[country])
            if found > k:
                print(f"review: {t!r} in {country or 'introduction'}: occurs {found}x, listed {k}x")

    for e in errors:
        print("ERROR", e, file=sys.stderr)

    words = sum(len(v.split()) for v in text.values())
    note_words = len(re.sub(r"\[\^\d+\]:", "", md.partition("\n[^1]:")[2] and
                            "[^1]:" + md.partition("\n[^1]:")[2]).split())
    print(f"sections: {len(text)} ({', '.join(k or 'introduction' for k in text)})")
    print(f"body words: {words}; footnotes: {len(notes)} ({note_words} words)")
    ents = collections.Counter(d["label"] for d in records if d["type"] == "entity")
    obs = collections.Counter(d["deontic"] for d in records if d["type"] == "obligation")
    print(f"entities: {sum(ents.values())} " + ", ".join(f"{k} {ents[k]}" for k in sorted(LABELS)))
    print(f"obligations: {sum(obs.values())} " + ", ".join(f"{k} {obs[k]}" for k in sorted(DEONTICS)))
    per = collections.Counter((d["country"] or "introduction", d["type"]) for d in records)
    for c in text:
        c = c or "introduction"
        print(f"  {c}: {per[(c, 'entity')]} entities, {per[(c, 'obligation')]} obligations")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
