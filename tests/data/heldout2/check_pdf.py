#!/usr/bin/env python3
"""Check heldout2.pdf (needs pdfplumber; e.g. /work/venv/bin/python check_pdf.py).

- every page is A4 (595 x 842 pt);
- the text comes back with no "(cid:" and no U+FFFD;
- the font sizes: body 11 pt, country headings 12 pt bold, title 14 pt;
- every sentence_quote of gold.jsonl occurs in the PDF's text read column by
  column (page 1: the one-column part above the first country heading, then
  the left and right halves below it; later pages: left half, right half),
  after re-joining line-end hyphens and collapsing white space;
- the accented / non-Latin names survive extraction.
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
NAMES = ["Síochána", "An Roinn Dlí agus Cirt", "Bezpieczeństwa Wewnętrznego", "zarządzaniu kryzysowym",
         "Kraków", "Gdańsk", "Réseau national de sécurité", "Gewaltprävention", "Stadtpolizei Zürich",
         "Τοπικό Συμβούλιο Πρόληψης Παραβατικότητας", "ΤΟΣΠΠ", "Κεντρική Ένωση Δήμων Ελλάδος",
         "Υπουργείο Προστασίας του Πολίτη", "Δημοτική Αστυνομία", "lastekaitsetöötaja",
         "Politsei- ja Piirivalveamet", "Haridus- ja Teadusministeerium", "Sillamäe", "NAP 2023–2027"]


def main() -> int:
    errors = []
    parts = []
    sizes = collections.Counter()
    with pdfplumber.open(HERE / "heldout2.pdf") as pdf:
        for i, p in enumerate(pdf.pages):
            if (round(p.width), round(p.height)) != (595, 842):
                errors.append(f"page {i + 1} is not A4: {p.width} x {p.height}")
            for c in p.chars:
                sizes[(round(c["size"], 1), "Bold" in c["fontname"])] += 1
            top = 0
            if i == 0:
                w = [x for x in p.extract_words() if x["text"] == "Ireland:"]
                if not w:
                    errors.append("page 1: first country heading not found"); continue
                top = w[0]["top"] - 2
                parts.append(p.crop((0, 0, p.width, top)).extract_text())
            mid = p.width / 2
            parts.append(p.crop((0, top, mid, p.height)).extract_text())
            parts.append(p.crop((mid, top, p.width, p.height)).extract_text())
        n_pages = len(pdf.pages)
    full = "\n".join(parts)
    if "(cid:" in full:
        errors.append("(cid: in extracted text")
    if "\ufffd" in full:
        errors.append("U+FFFD in extracted text")
    flat = re.sub(r"\s+", " ", re.sub(r"-\n", "-", full))
    for n, line in enumerate((HERE / "gold.jsonl").read_text(encoding="utf-8").splitlines(), 1):
        d = json.loads(line)
        if d["type"] == "obligation" and d["sentence_quote"] not in flat:
            errors.append(f"gold line {n}: sentence_quote not in PDF text: {d['sentence_quote']!r}")
    for name in NAMES:
        if name not in flat:
            errors.append(f"name not extracted: {name!r}")
    for key in [(11.0, False), (12.0, True), (14.0, True)]:
        if not sizes[key]:
            errors.append(f"no text at {key[0]} pt{' bold' if key[1] else ''}")
    for e in errors:
        print("ERROR", e, file=sys.stderr)
    print(f"pages: {n_pages}; font sizes (pt, bold): "
          + ", ".join(f"{s}{' b' if b else ''}: {k}" for (s, b), k in sorted(sizes.items())))
    print("all checks passed" if not errors else f"{len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
