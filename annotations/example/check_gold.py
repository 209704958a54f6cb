#!/usr/bin/env python3
"""Check a gold file against the text it annotates (standard library only).

    python annotations/example/check_gold.py                      # the example in this folder
    python annotations/example/check_gold.py GOLD.jsonl REPORT.md  # a report written in Markdown
    python annotations/example/check_gold.py GOLD.jsonl PARSE.json # `python -m pipeline parse X.pdf --json > PARSE.json`

The text is either Markdown (`#` title and text before the first `##` heading: the
introduction, country ""; each `##` heading, minus a leading number and a subtitle after
`:` or a dash, starts a section; `###` and lower are subheadings, kept as body text;
footnote definitions `[^n]: ...` are dropped, markers `[^n]`, list marks and `**` removed)
or the JSON that `python -m pipeline parse PDF --json` prints: the sections exactly as
the pipeline reads them, which is what the scorer compares `sentence_quote` with. Use the
JSON for a report whose `##` headings are not all country headings.

Errors (exit status 1), as in annotations/GUIDE.md, "Checking a gold file":
- a line that is not UTF-8 JSON object; `type` not `entity` / `obligation`;
- a field missing, not a string, or unknown (only `bearer_text` is optional);
- a label or deontic class outside the five; an empty `text`, `bearer`, `trigger`,
  `aim` or `sentence_quote`;
- a `country` that is no section of the text;
- an entity `text` with surrounding white space, quotes or final punctuation;
  listed more often than it occurs in its section as a
  whole word (case and accents as written);
- a `sentence_quote` shorter than 30 characters or not in its section (white space
  collapsed, otherwise character for character).
Warnings (no effect on the exit status): an entity `text` starting with `the`, `a`,
`an`, `its`, `their` (right only inside a name: `An Garda Síochána`); an `aim`, `issuer` or `bearer_text` that is not
in the section word for word (right when parentheticals were left out of an aim or a
pronoun was resolved; check that it was meant).
"""
from __future__ import annotations

import collections
import json
import re
import sys
from pathlib import Path

LABELS = ("ORG", "POLICY", "ACTOR", "PLACE", "DATE")
DEONTICS = ("obligation", "prohibition", "recommendation", "permission", "responsibility")
ENTITY_KEYS = ("type", "country", "label", "text")
OBLIGATION_KEYS = ("type", "country", "bearer", "deontic", "trigger", "aim", "issuer", "sentence_quote")
OPTIONAL = {"entity": (), "obligation": ("bearer_text",)}
NON_EMPTY = ("text", "bearer", "trigger", "aim", "sentence_quote")
MIN_QUOTE = 30
QUOTES = "\"'‘’“”«»"
HERE = Path(__file__).resolve().parent


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def heading_name(heading: str) -> str:
    """`3. Denmark`, `Finland: a whole-of-society approach` -> `Denmark`, `Finland`."""
    name = re.sub(r"^(?:\d+(?:\.\d+)*\.?|[IVXLC]+\.)\s+", "", heading.strip())
    return re.split(r"\s*(?::|\s[–—-])\s+", name, maxsplit=1)[0].strip(" .")


def sections_from_markdown(md: str) -> dict[str, str]:
    out: dict[str, list[str]] = collections.defaultdict(list)
    current, in_note = "", False
    for line in md.splitlines():
        if re.match(r"^\[\^\d+\]:", line):
            in_note = True
            continue
        if in_note and (line.startswith("    ") or not line.strip()):
            continue
        in_note = False
        if re.match(r"^##\s", line):
            current = heading_name(line[3:])
            out[current]
            continue
        line = re.sub(r"^#+\s+", "", line)  # the title and subheadings are body text
        line = re.sub(r"^\s*(?:\\?>\s*)?(?:[-*]|\d+\.)\s+", "", line)  # list marks
        line = re.sub(r"^\\?>+\s*", "", line)
        line = re.sub(r"\[\^\d+\]", "", line).replace("**", "").replace("\\", "")
        out[current].append(line)
    return {k: squash("\n".join(v)) for k, v in out.items()}


def sections_from_parse(data: dict) -> dict[str, str]:
    return {s["country"]: squash(s["text"]) for s in data["sections"]}


def check(gold_path: Path, text_path: Path) -> int:
    if text_path.suffix == ".json":
        sections = sections_from_parse(json.loads(text_path.read_text("utf-8")))
    else:
        sections = sections_from_markdown(text_path.read_text("utf-8"))
    errors: list[str] = []
    warnings: list[str] = []
    records: list[tuple[int, dict]] = []
    for number, raw in enumerate(gold_path.read_bytes().split(b"\n"), 1):
        where = f"{gold_path.name}, line {number}"
        try:
            line = raw.decode("utf-8").lstrip("\ufeff")
        except UnicodeDecodeError:
            errors.append(f"{where}: not UTF-8")
            continue
        if not line.strip():
            continue
        try:
            d = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(f"{where}: not valid JSON ({exc.msg}, column {exc.colno})")
            continue
        if not isinstance(d, dict):
            errors.append(f"{where}: not a JSON object")
            continue
        kind = d.get("type")
        if kind not in OPTIONAL:
            errors.append(f"{where}: type {kind!r}, expected \"entity\" or \"obligation\"")
            continue
        keys = ENTITY_KEYS if kind == "entity" else OBLIGATION_KEYS
        missing = [k for k in keys if k not in d]
        unknown = [k for k in d if k not in keys and k not in OPTIONAL[kind]]
        if missing or unknown:
            errors.append(f"{where}: missing {missing} unknown {unknown}")
            continue
        if any(not isinstance(v, str) for v in d.values()):
            errors.append(f"{where}: every value must be a string")
            continue
        empty = [k for k in NON_EMPTY if k in d and not d[k].strip(QUOTES + " ")]
        if empty:
            errors.append(f"{where}: empty {empty}")
            continue
        if d["country"] not in sections:
            errors.append(f"{where}: no section {d['country']!r} (sections: {sorted(sections)})")
            continue
        body = sections[d["country"]]
        if kind == "entity":
            t = d["text"]
            if d["label"] not in LABELS:
                errors.append(f"{where}: label {d['label']!r} is not one of {', '.join(LABELS)}")
            closing = t[-1] in QUOTES and not any(q in t[:-1] for q in "\"'‘“«")  # `circular on “x”` is fine
            if t != t.strip() or t[0] in QUOTES or closing or t[-1] in ".,;:":
                errors.append(f"{where}: span {t!r} has white space, quotes or final punctuation at an edge")
            if re.match(r"(?i)(the|a|an|its|their)\s", t):  # `An Garda Síochána` is a name: a warning only
                warnings.append(f"{where}: span {t!r} starts with a determiner; keep it only if it is part of the name")
        else:
            if d["deontic"] not in DEONTICS:
                errors.append(f"{where}: deontic {d['deontic']!r} is not one of {', '.join(DEONTICS)}")
            quote = squash(d["sentence_quote"])
            if len(quote) < MIN_QUOTE:
                errors.append(f"{where}: sentence_quote has {len(quote)} characters, fewer than {MIN_QUOTE}")
            if quote not in body:
                errors.append(f"{where}: sentence_quote not in section {d['country']!r}: {quote!r}")
            for field in ("aim", "issuer", "bearer_text"):
                value = squash(d.get(field, ""))
                if value and value not in body:
                    warnings.append(f"{where}: {field} {value!r} is not in the section word for word")
        records.append((number, d))
    listed = collections.Counter((d["country"], d["text"]) for _, d in records if d["type"] == "entity")
    for (country, t), n in listed.items():
        found = len(re.findall(r"(?<!\w)%s(?!\w)" % re.escape(t), sections[country]))
        if found < n:
            errors.append(f"entity {t!r} listed {n}x in section {country or '(introduction)'!r}, occurs {found}x")
    for w in warnings:
        print("warning:", w, file=sys.stderr)
    for e in errors:
        print("ERROR:", e, file=sys.stderr)
    ents = collections.Counter(d["label"] for _, d in records if d["type"] == "entity")
    obls = collections.Counter(d["deontic"] for _, d in records if d["type"] == "obligation")
    print(f"{gold_path}: {len(sections)} sections; "
          f"{sum(ents.values())} entities ({', '.join(f'{k} {ents[k]}' for k in LABELS)}); "
          f"{sum(obls.values())} obligations ({', '.join(f'{k} {obls[k]}' for k in DEONTICS)}); "
          f"{len(errors)} errors, {len(warnings)} warnings")
    return 1 if errors else 0


def main(argv: list[str]) -> int:
    if len(argv) not in (0, 2):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    gold, text = (Path(a) for a in argv) if argv else (HERE / "example.jsonl", HERE / "example.md")
    return check(gold, text)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
