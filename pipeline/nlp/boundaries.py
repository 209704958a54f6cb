"""Sentence boundaries at block breaks: a paragraph, list item or heading is never
joined to the next one by the parser (bullets are separate sentences)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("pipeline_block_boundaries", assigns=["token.is_sent_start"])
def block_boundaries(doc: Doc) -> Doc:
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc
