"""Word-level tests shared by the entity components: is a word English?

English here is what WordNet 3.0 lists (the lemma list the parse stage uses to re-join broken
words, `pipeline/data/english_lemmas.txt.gz`, with plain inflections) plus spaCy's English stop
words, which WordNet leaves out. A word that is neither is taken for a word of another language:
`Interna`, `bundesweites`, `gminy`, `župan`.
"""

from __future__ import annotations

from spacy.tokens import Token

from ..dehyphenate import is_english


def is_foreign_word(token: Token) -> bool:
    """An alphabetic token that is neither an English stop word nor a WordNet lemma."""
    return token.is_alpha and not token.is_stop and not is_english(token.text)
