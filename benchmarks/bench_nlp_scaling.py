"""How the nlp stage's time grows with a section's length: time per token at 5k, 20k, 50k tokens.

    python benchmarks/bench_nlp_scaling.py [--tokens 5000 20000 50000] [--blocks]

Each section is built from the real text of tests/data/real/passages (its paragraphs,
repeated until the length is reached, separated by blank lines as sections are). Every
component runs in turn on one Doc and is timed on its own, so a component whose cost per
token grows with the length (a quadratic step) shows up by name. `--blocks` also times
`annotate_texts`, which runs a text over MAX_BLOCK_CHARS in paragraph blocks.

Speed is measured here, never asserted in tests; one run per length (the sections are long).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.nlp import build_nlp  # noqa: E402

_FRONT_MATTER_RE = re.compile(r"\A---\n.*?\n---\n", re.S)


def paragraphs() -> list[str]:
    """The prose paragraphs of the real-text passages, one line each."""
    found = []
    for path in sorted((ROOT / "tests" / "data" / "real" / "passages").glob("[a-z][0-9]*.md")):
        text = _FRONT_MATTER_RE.sub("", path.read_text("utf-8"))
        found += [" ".join(p.split()) for p in text.split("\n\n") if p.strip() and not p.lstrip().startswith("#")]
    return found


def section_of(nlp, tokens: int) -> str:
    """A section text of about `tokens` tokens: the paragraphs in turn, repeated."""
    pieces, count, source = [], 0, paragraphs()
    while count < tokens:
        paragraph = source[len(pieces) % len(source)]
        pieces.append(paragraph)
        count += len(nlp.make_doc(paragraph)) + 1  # the blank line is a token too
    return "\n\n".join(pieces)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tokens", type=int, nargs="+", default=[5000, 20000, 50000])
    parser.add_argument("--blocks", action="store_true", help="also time annotate_texts (paragraph blocks)")
    args = parser.parse_args()
    nlp = build_nlp()
    print(f"{'tokens':>7} {'chars':>8} {'total s':>8} {'µs/token':>9}   slowest components (µs/token)")
    for target in args.tokens:
        text = section_of(nlp, target)
        doc = nlp.make_doc(text)
        per_component = {}
        started = time.perf_counter()
        for name, component in nlp.pipeline:
            t = time.perf_counter()
            doc = component(doc)
            per_component[name] = time.perf_counter() - t
        total = time.perf_counter() - started
        n = len(doc)
        top = sorted(per_component.items(), key=lambda kv: -kv[1])[:4]
        shown = ", ".join(f"{name} {seconds / n * 1e6:.0f}" for name, seconds in top)
        print(f"{n:>7} {len(text):>8} {total:>8.1f} {total / n * 1e6:>9.0f}   {shown}"
              f"   (obligations {per_component.get('obligations', 0.0) / n * 1e6:.0f})")
        if args.blocks:
            from pipeline.nlp.blocks import MAX_BLOCK_CHARS, annotate_texts

            t = time.perf_counter()
            joined = next(annotate_texts(nlp, [text]))
            seconds = time.perf_counter() - t
            print(f"{'':>7} annotate_texts (blocks of <= {MAX_BLOCK_CHARS} chars): {seconds:.1f} s,"
                  f" {seconds / len(joined) * 1e6:.0f} µs/token, {len(joined._.obligations)} obligations")


if __name__ == "__main__":
    main()
