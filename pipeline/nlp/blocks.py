"""Feeding texts to the nlp stage: one Doc per text, long texts in paragraph blocks.

spaCy refuses a text over `nlp.max_length` characters (E088), and the parser's
memory grows with the text. `annotate_texts` is a drop-in for `nlp.pipe(texts)`:

- A text of at most `MAX_BLOCK_CHARS` characters goes through `nlp.pipe`,
  `TEXTS_PER_BATCH` texts and at most `CHARS_PER_BATCH` characters at a time (consecutive short texts in one `nlp.pipe`
  call).
- A longer text is cut into blocks of at most `MAX_BLOCK_CHARS` characters, each
  ending just after a line break (a block break: the layout's paragraphs,
  headings and list items, where a sentence starts anyway, see boundaries.py);
  a block with no line break ends after a sentence end (`. `), else after a space,
  else at the limit. The blocks run one at a time and are joined with
  `Doc.from_docs`, so the Doc's text is the text, character for character, and
  every offset (entities, sentences, `doc._.obligations`) is relative to it.
  What a block does not see: a pronoun or "the plan" refers back at most to its
  block's start, an abbreviation is defined for its block.

Docs come out one at a time as the input is read (a generator), so the caller
can drop each before the next: at most one batch of texts is held at once.
"""

from __future__ import annotations

import dataclasses
import re
import warnings
from collections.abc import Iterable, Iterator
from itertools import groupby

from spacy.language import Language
from spacy.tokens import Doc

# Well under spaCy's max_length (1,000,000): a 100,000-character block is about
# 20,000 tokens, a few hundred MiB for the parser at most. Sections of the test
# reports are at most a few thousand characters, so they are never cut.
MAX_BLOCK_CHARS = 100_000

# Texts the model annotates together (spaCy's default for this model is 256: every section
# of a report at once, so the stage's memory grew with the number of sections). Batches of
# 1 and 256 gave the same tags, parses, entities and obligations on every test report; 8
# runs as fast as 256 on the first report (1 is about 15% slower).
TEXTS_PER_BATCH = 8
# ... and at most this many characters together: the model's working memory grows with the tokens
# of a batch (a 5,000-token section costs about 120 MB while it is annotated; eight of them 625 MB),
# so long sections go one by one. Batching changes no annotation (checked at batch sizes 1, 8, 256).
CHARS_PER_BATCH = 20_000

_LINE_BREAK_RE = re.compile(r"\s*\n\s*")
_SENTENCE_END_RE = re.compile(r"[.!?;:][)\]”’\"']*\s+")
_SPACE_RE = re.compile(r"\s+")


def split_blocks(text: str, max_chars: int = MAX_BLOCK_CHARS) -> list[str]:
    """Pieces of `text`, each at most `max_chars` long, that join back to `text`; cut after the
    last line break in reach, else after a sentence end, else after a space, else at the limit."""
    if max_chars < 1:
        raise ValueError(f"max_chars must be at least 1, not {max_chars}")
    blocks, start = [], 0
    while len(text) - start > max_chars:
        window = text[start : start + max_chars]
        cut = 0
        for pattern in (_LINE_BREAK_RE, _SENTENCE_END_RE, _SPACE_RE):
            ends = [m.end() for m in pattern.finditer(window) if m.end() < len(window)]
            if ends:
                cut = ends[-1]
                break
        cut = cut or max_chars  # one unbroken run of characters: cut at the limit
        blocks.append(text[start : start + cut])
        start += cut
    blocks.append(text[start:])
    return blocks


def join_blocks(docs: list[Doc]) -> Doc:
    """One Doc of block Docs, texts concatenated as they are; span and token extensions are
    shifted by `Doc.from_docs`, the Doc extensions the components write here."""
    if len(docs) == 1:
        return docs[0]
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"\[W101\]")  # Doc extensions: merged below
        joined = Doc.from_docs(docs, ensure_whitespace=False)
    char_offset = token_offset = 0
    obligations: list = []
    abbreviations: list = []
    for doc in docs:
        if doc.has_extension("obligations") and doc._.obligations:
            obligations += [_shift_obligation(ob, char_offset) for ob in doc._.obligations]
        if doc.has_extension("abbreviation_offsets") and doc._.abbreviation_offsets:
            abbreviations += [[s + token_offset, e + token_offset, ls + token_offset, le + token_offset, rule]
                              for s, e, ls, le, rule in doc._.abbreviation_offsets]
        char_offset += len(doc.text)
        token_offset += len(doc)
    if joined.has_extension("obligations") and any(doc._.obligations is not None for doc in docs):
        joined._.obligations = obligations
    if joined.has_extension("abbreviation_offsets"):
        joined._.abbreviation_offsets = abbreviations
    return joined


def _shift_obligation(ob: object, by: int) -> object:
    """An obligation record (obligation_records.Obligation) with its offsets moved by `by`."""
    fields = ("bearer_start", "bearer_end", "sent_start", "sent_end")
    return dataclasses.replace(ob, **{f: getattr(ob, f) + by for f in fields})  # type: ignore[type-var]


def _batches(texts: Iterable[str]) -> Iterator[list[str]]:
    """Consecutive texts, at most TEXTS_PER_BATCH and CHARS_PER_BATCH characters a batch (a longer
    text alone)."""
    batch: list[str] = []
    size = 0
    for text in texts:
        if batch and (len(batch) >= TEXTS_PER_BATCH or size + len(text) > CHARS_PER_BATCH):
            yield batch
            batch, size = [], 0
        batch.append(text)
        size += len(text)
    if batch:
        yield batch


def annotate_texts(nlp: Language, texts: Iterable[str], *, max_chars: int = MAX_BLOCK_CHARS) -> Iterator[Doc]:
    """One Doc per text, in order, as `nlp.pipe(texts)` gives them; a text over `max_chars`
    (or over `nlp.max_length`, if that is lower) is run in blocks and joined (module docstring)."""
    max_chars = min(max_chars, nlp.max_length)
    for long, run in groupby(texts, key=lambda text: len(text) > max_chars):
        if not long:
            for batch in _batches(run):
                yield from nlp.pipe(batch, batch_size=len(batch))
            continue
        for text in run:
            yield join_blocks([nlp(block) for block in split_blocks(text, max_chars)])
