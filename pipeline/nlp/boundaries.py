"""Sentence boundaries from the layout, set before the parser runs.

- A block break (paragraph, list item, heading) always starts a sentence, so
  bullets are separate sentences and no sentence runs across blocks.
- Inside a block a sentence starts only after an end mark (`. ! ? : ;`, or a
  closing quote or bracket): the small model cut `Participation | in Channel |
  is voluntary, ...` after a list item without a full stop.
- No sentence starts inside a short parenthesis: the small model sometimes
  splits `(Plan Estratégico Nacional de Lucha contra la Radicalización ...)`,
  which would cut an alias off from the name it translates.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

# Longer "parentheses" are more likely an unclosed bracket than one aside.
MAX_PARENTHESIS_TOKENS = 40
SENTENCE_END = set('.!?:;)"”’\'')


@Language.component("pipeline_block_boundaries", assigns=["token.is_sent_start"])
def block_boundaries(doc: Doc) -> Doc:
    open_at: int | None = None
    for token in doc[:-1]:
        following = doc[token.i + 1]
        if token.is_space and "\n" in token.text:
            following.is_sent_start = True
            open_at = None
            continue
        if not following.is_space and token.text[-1:] not in SENTENCE_END and not token.is_space:
            following.is_sent_start = False  # inside a block a sentence starts only after its end mark
        if token.text == "(":
            open_at = token.i
        elif token.text == ")":
            open_at = None
        elif open_at is not None and token.i - open_at > MAX_PARENTHESIS_TOKENS:
            open_at = None
        if open_at is not None:
            following.is_sent_start = False
    return doc
