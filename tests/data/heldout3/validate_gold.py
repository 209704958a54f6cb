#!/usr/bin/env python3
"""Check gold.jsonl against source.md (standard library only).

- every line is a JSON object with exactly the keys of its type (plus the
  optional bearer_text of an obligation), a known label or deontic class,
  non-empty strings where required;
- sections: the introduction (country "", from the title on; "1.
  Introduction", "2. Country profiles" and the text before the first country
  included), one per numbered country heading `### 2.N <Country>`, and
  "Conclusions" for `## 3. Conclusions` (a heading above the country level
  after the first country starts its own section, annotations/DECISIONS.md);
- each sentence_quote is at least 30 characters and occurs verbatim in its
  section's body text (footnote markers, heading marks, list markers and
  bold/italic marks removed, white space collapsed); bearer_text, when given,
  occurs in the quote; a non-empty issuer is named in the section;
- each entity text occurs in its section's body at least as many times as
  it is listed (whole-word, case-sensitive occurrences);
- with --report, lists every entity string that occurs in a section more
  often than it is listed (a mention inside a longer mention, or a miss),
  for review;
- prints the counts used in README.md.
Exit status 0 when there is no error.
"""
from __future__ import annotations

import collections
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
COUNTRIES = {"Slovenia", "Croatia", "Romania", "Lithuania", "Latvia"}
LABELS = {"ORG", "POLICY", "ACTOR", "PLACE", "DATE"}
DEONTICS = {"obligation", "prohibition", "recommendation", "permission", "responsibility"}
ENTITY_KEYS = {"type", "country", "label", "text"}
OBLIGATION_KEYS = {"type", "country", "bearer", "deontic", "trigger", "aim", "issuer", "sentence_quote"}


def split_source(md: str) -> tuple[str, str]:
    body, sep, notes = md.partition("\n[^1]:")
    return body, (sep.lstrip("\n") + notes if sep else "")


def sections(md: str) -> dict[str, str]:
    body, _ = split_source(md)
    out: dict[str, list[str]] = {"": []}
    current = ""
    seen_country = False
    for line in body.splitlines():
        m = re.match(r"^###\s+\d+\.\d+\s+(.+?)\s*$", line)
        if m and m.group(1) in COUNTRIES:
            current, seen_country = m.group(1), True
            out[current] = []
            continue
        m = re.match(r"^##\s+\d+\.\s+(.+?)\s*$", line)
        if m and seen_country:                       # "## 3. Conclusions"
            current = m.group(1)
            out[current] = []
            continue
        line = re.sub(r"^#+\s+", "", line)                      # heading marks
        line = re.sub(r"^\s*-\s+", "", line)                    # bullet markers
        line = re.sub(r"\[\^\d+\]", "", line)                   # footnote markers
        line = re.sub(r"\*\*([^*]+)\*\*", r"\1", line)          # bold run-in labels
        line = re.sub(r"(?<!\w)\*([^*]+)\*(?!\w)", r"\1", line)  # italics
        out[current].append(line)
    return {k: re.sub(r"\s+", " ", "\n".join(v)).strip() for k, v in out.items()}


def count(t: str, body: str) -> int:
    return len(re.findall(r"(?<!\w)%s(?!\w)" % re.escape(t), body))


def main() -> int:
    md = (HERE / "source.md").read_text(encoding="utf-8")
    text = sections(md)
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
            for k in ("trigger", "aim"):
                if k == "aim" and d["aim"].startswith("make "):
                    continue        # passive with an agent: "can be made by X" -> "make ..."
                words = [w for w in re.split(r"\s+|\.\.\.", d[k]) if w]
                if any(count(w, body) == 0 for w in words):
                    errors.append(f"line {n}: a word of the {k} is not in the section: {d[k]!r}")
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
    _, notes = split_source(md)
    note_ids = re.findall(r"^\[\^(\d+)\]:", notes, re.M)
    note_words = len(re.sub(r"\[\^\d+\]:", "", notes).split())
    urls = sum(1 for block in re.split(r"\n(?=\[\^\d+\]:)", notes) if "http" in block)
    print(f"sections: {len(text)} ({', '.join(k or 'introduction' for k in text)})")
    print(f"body words: {words}; footnotes: {len(note_ids)}, {urls} with URLs ({note_words} words)")
    ents = collections.Counter(d["label"] for d in records if d["type"] == "entity")
    obs = collections.Counter(d["deontic"] for d in records if d["type"] == "obligation")
    print(f"entities: {sum(ents.values())} " + ", ".join(f"{k} {ents[k]}" for k in sorted(LABELS)))
    print(f"obligations: {sum(obs.values())} " + ", ".join(f"{k} {obs[k]}" for k in sorted(DEONTICS)))
    nob = [d for d in records if d["type"] == "obligation"]
    print(f"  with issuer: {sum(1 for d in nob if d['issuer'])}; with bearer_text: {sum(1 for d in nob if 'bearer_text' in d)}")
    per = collections.Counter((d["country"] or "introduction", d["type"]) for d in records)
    lab = collections.Counter((d["country"] or "introduction", d["label"]) for d in records if d["type"] == "entity")
    for c in text:
        c = c or "introduction"
        print(f"  {c}: {per[(c, 'entity')]} entities ("
              + ", ".join(f"{k} {lab[(c, k)]}" for k in sorted(LABELS))
              + f"), {per[(c, 'obligation')]} obligations")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
