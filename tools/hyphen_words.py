#!/usr/bin/env python3
"""Count the words the line-end hyphen mending gets wrong, against each test PDF's source text.

    .venv/bin/python tools/hyphen_words.py                 # every test PDF: counts only
    .venv/bin/python tools/hyphen_words.py --show dev-d    # also list each mended word of these PDFs
    .venv/bin/python tools/hyphen_words.py --json OUT.json # save the per-PDF decisions (to diff two versions)

Every line-end hyphen the parse mends (`Lexicon.keeps_hyphen`) is one decision:
`left-` + `right` kept as `left-right` or joined as `leftright`. A decision is
right when the source (the Markdown the PDF was made from) has the form chosen
and wrong when it has only the other form; neither or both is "unknown".
Also counted: the words of the parsed section text that the source lacks
("words not in source", a coarse count that includes other parse errors).

Sealed reports (`"sealed": true` in report.json) are printed as counts only;
`--show` never lists their words.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline import dehyphenate  # noqa: E402
from pipeline.pdf import parse_pdf  # noqa: E402
from pipeline.sections import split_sections  # noqa: E402

TOKEN_RE = re.compile(r"[^\W\d_]+(?:[-\u2010\u2011][^\W\d_]+)*")


def test_pdfs() -> list[tuple[str, Path, Path, bool]]:
    """(name, pdf, source, sealed) for every test PDF."""
    found = [("first", ROOT / "raw/local-authorities-radicalisation.pdf", ROOT / "raw/source/local-authorities-radicalisation.md", False)]
    for pdf in sorted((ROOT / "tests/data").glob("heldout*/*.pdf")):
        found.append((pdf.stem, pdf, pdf.parent / "source.md", False))
    for pdf in sorted((ROOT / "tests/data/real/reports").glob("*/*.pdf")):
        config = json.loads((pdf.parent / "report.json").read_text("utf-8"))
        found.append((pdf.parent.name, pdf, pdf.parent / "source.md", bool(config.get("sealed"))))
    return found


def source_forms(text: str) -> tuple[set[str], set[str]]:
    """The source's lower-cased words, and its hyphenated forms (`a-b`, also with the hyphen before a space: `multi- agency`)."""
    words: set[str] = set()
    for match in TOKEN_RE.finditer(text):
        token = match.group(0).lower().replace("\u2010", "-").replace("\u2011", "-")
        words.add(token.replace("-", "\u0000"))  # placeholder: split below
        words.update(token.split("-"))
    hyphenated = {w.replace("\u0000", "-") for w in words if "\u0000" in w}
    words = {w for w in words if "\u0000" not in w}
    for match in re.finditer(r"([^\W\d_]+)- ([^\W\d_]+)", text):  # a source written `politically- motivated`
        hyphenated.add(f"{match.group(1)}-{match.group(2)}".lower())
    return words, hyphenated


def measure(pdf: Path, source: Path) -> dict[str, object]:
    decisions: list[tuple[str, str, bool]] = []
    original = dehyphenate.Lexicon.keeps_hyphen

    def recording(self: dehyphenate.Lexicon, left: str, right: str) -> bool:
        keep = original(self, left, right)
        decisions.append((left, right, keep))
        return keep

    dehyphenate.Lexicon.keeps_hyphen = recording  # type: ignore[method-assign]
    try:
        sections = split_sections(parse_pdf(pdf))
    finally:
        dehyphenate.Lexicon.keeps_hyphen = original  # type: ignore[method-assign]
    words, hyphenated = source_forms(source.read_text("utf-8"))
    rows = []
    for left, right, keep in decisions:
        joined, kept = f"{left}{right}".lower(), f"{left}-{right}".lower()
        has_joined = joined in words or joined in hyphenated
        has_kept = kept in hyphenated or any(h.endswith("-" + kept) or h.startswith(kept + "-") or f"-{kept}-" in h
                                             for h in hyphenated)
        verdict = "unknown" if has_joined == has_kept else ("right" if keep == has_kept else "wrong")
        rows.append({"left": left, "right": right, "kept": keep, "verdict": verdict})
    text = " ".join(s.text for s in sections)
    not_in_source: Counter[str] = Counter()
    for match in TOKEN_RE.finditer(text):
        token = match.group(0).lower().replace("\u2010", "-").replace("\u2011", "-")
        if token not in words and token not in hyphenated:
            not_in_source[token] += 1
    return {"decisions": rows, "not_in_source": sum(not_in_source.values())}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--show", nargs="*", default=[], help="list the mended words of these (non-sealed) PDFs")
    parser.add_argument("--json", type=Path, help="write the per-PDF results here")
    args = parser.parse_args()
    results = {}
    print(f"{'pdf':<22} {'mended':>6} {'right':>5} {'wrong':>5} {'unknown':>7} {'not in source':>13}")
    for name, pdf, source, sealed in test_pdfs():
        result = measure(pdf, source)
        decisions = result["decisions"]
        assert isinstance(decisions, list)
        count = Counter(d["verdict"] for d in decisions)
        print(f"{name:<22} {len(decisions):>6} {count['right']:>5} {count['wrong']:>5} {count['unknown']:>7} {result['not_in_source']:>13}")
        if not sealed and any(name.startswith(s) for s in args.show):
            for d in decisions:
                form = f"{d['left']}-{d['right']}" if d["kept"] else f"{d['left']}{d['right']}"
                print(f"    {d['verdict']:<7} {form}")
        results[name] = result if not sealed else {"sealed": True, "verdicts": dict(count)}
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
