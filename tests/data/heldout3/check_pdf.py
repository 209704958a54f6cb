#!/usr/bin/env python3
"""Check heldout3.pdf (needs pdfplumber; e.g. /work/venv/bin/python check_pdf.py).

- every page is A4 (595 x 842 pt);
- the text comes back with no "(cid:" and no U+FFFD;
- the font sizes: body 10.5 pt, title 16 pt bold, chapter headings 13 pt
  bold, country headings 11.5 pt bold, footnotes 8.5 pt;
- counts the BODY lines (10.5 pt: no running header, footer, footnote or
  heading lines) that end with a hyphen, and sorts them by comparison with
  source.md: a "typesetter" hyphen splits a word that source.md writes whole
  ("responsibilit-" / "ies"), a "real" hyphen is a hyphen of the word itself
  that fell at the line end ("counter-" / "extremism");
- every sentence_quote of gold.jsonl occurs in the PDF's body text once the
  line-end hyphens are resolved that way, footnote markers are dropped and
  white space is collapsed;
- the accented names survive extraction.
Prints the counts and every hyphenated line end; --list prints the body text.
Exit status 0 when all checks pass.
"""
from __future__ import annotations

import collections
import json
import re
import sys
from pathlib import Path

import pdfplumber

HERE = Path(__file__).resolve().parent
NAMES = ["Ministrstvo za notranje zadeve", "občinski varnostni sosveti", "Zakon o občinskem redarstvu",
         "Pučka pravobraniteljica", "Serviciul Român de Informații", "Ministerul Educației",
         "Timișoara", "poliția locală", "Klaipėda", "savivaldybės", "Valsts drošības dienests",
         "Pašvaldību likums", "Izglītības un zinātnes ministrija", "Liepāja", "2023–2027"]
BODY_SIZE = 10.5


def body_lines(pdf) -> list[str]:
    """Lines set in the body size (10.5 pt), in reading order, footnote
    reference numbers (smaller, raised characters) removed."""
    out = []
    for page in pdf.pages:
        chars = [c for c in page.chars if abs(c["size"] - BODY_SIZE) < 0.3]
        rows: dict[int, list] = collections.defaultdict(list)
        for c in chars:
            rows[round(c["bottom"])].append(c)
        # merge rows whose baselines differ by 1 pt (rounding)
        keys = sorted(rows)
        merged: list[list] = []
        last = None
        for k in keys:
            if last is not None and k - last <= 1:
                merged[-1].extend(rows[k])
            else:
                merged.append(list(rows[k]))
            last = k
        for row in merged:
            row.sort(key=lambda c: c["x0"])
            text, prev = "", None
            for c in row:
                if prev is not None and c["x0"] - prev["x1"] > 1.2:
                    text += " "
                text += c["text"]
                prev = c
            out.append(text.rstrip())
    return out


def main() -> int:
    errors = []
    sizes = collections.Counter()
    with pdfplumber.open(HERE / "heldout3.pdf") as pdf:
        full = []
        for i, p in enumerate(pdf.pages):
            if (round(p.width), round(p.height)) != (595, 842):
                errors.append(f"page {i + 1} is not A4: {p.width} x {p.height}")
            for c in p.chars:
                sizes[(round(c["size"], 1), "Bold" in c["fontname"])] += 1
            full.append(p.extract_text() or "")
        lines = body_lines(pdf)
        n_pages = len(pdf.pages)
    alltext = "\n".join(full)
    if "(cid:" in alltext:
        errors.append("(cid: in extracted text")
    if "\ufffd" in alltext:
        errors.append("U+FFFD in extracted text")

    src = (HERE / "source.md").read_text(encoding="utf-8")
    src_flat = re.sub(r"\s+", " ", re.sub(r"\[\^\d+\]|\*", "", src))
    typeset, real, examples = 0, 0, []
    joined = []
    for i, line in enumerate(lines):
        if line.endswith("-") and i + 1 < len(lines):
            head = re.findall(r"[\w’.-]+-$", line)
            tail = re.match(r"[\w’-]+", lines[i + 1].lstrip("• \t"))
            h = head[0][:-1] if head else ""
            t = tail.group(0) if tail else ""
            if h + "-" + t in src_flat:
                real += 1
                kind = "real"
                joined.append(line)
            else:
                typeset += 1
                kind = "typesetter"
                joined.append(line[:-1] + "\x00")      # join without hyphen
            examples.append(f"{kind:10s} {h}-  /  {t}")
        else:
            joined.append(line)
    body = re.sub(r"\x00\s*", "", "\n".join(joined))
    body = re.sub(r"-\n", "-", body)
    body = re.sub(r"\s+", " ", body)
    # footnote reference numbers are set smaller and are not in the body lines.
    for n, line in enumerate((HERE / "gold.jsonl").read_text(encoding="utf-8").splitlines(), 1):
        d = json.loads(line)
        if d["type"] == "obligation" and d["sentence_quote"] not in body:
            errors.append(f"gold line {n}: sentence_quote not in PDF body text: {d['sentence_quote']!r}")
    for name in NAMES:
        if name not in body:
            errors.append(f"name not extracted: {name!r}")
    for key in [(10.5, False), (16.0, True), (13.0, True), (11.5, True), (8.5, False)]:
        if not sizes[key]:
            errors.append(f"no text at {key[0]} pt{' bold' if key[1] else ''}")
    if "--list" in sys.argv:
        print("\n".join(lines))
    for e in errors:
        print("ERROR", e, file=sys.stderr)
    print(f"pages: {n_pages}; body lines: {len(lines)}; font sizes (pt, bold): "
          + ", ".join(f"{s}{' b' if b else ''}: {k}" for (s, b), k in sorted(sizes.items())))
    print(f"body lines ending with a hyphen: {typeset + real} "
          f"({typeset} typesetter hyphens splitting a word, {real} real hyphens at a line end)")
    for e in examples:
        print("  " + e)
    print("all checks passed" if not errors else f"{len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
