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


# The stem of an -ing form has at least this many letters (`act-ing`, `counter-ing`).
MIN_STEM_CHARS = 3


def is_gerund(word: str) -> bool:
    """`countering`, `tackling`, `combatting`, `policing`: an -ing form of an English verb (the stem,
    the stem with `e`, or without a doubled consonant is a WordNet lemma); `spring`, `thing` are not."""
    word = word.lower()
    if not word.endswith("ing") or not word.isalpha():
        return False
    stem = word[: -len("ing")]
    if len(stem) < MIN_STEM_CHARS:
        return False  # `thing`, `ring`: `th`, `re` are WordNet entries, not the verbs before -ing
    return any(is_english(form) for form in (stem, stem + "e", stem[:-1] if stem[-1:] == stem[-2:-1] else "") if form)


def is_name_word(token: Token) -> bool:
    """A capitalised proper noun no English dictionary has, every part of it if hyphenated
    (`Strömmer`, `Weerwind`; not `Anne-Sophie`: `Anne` is in WordNet): a word of a name of its own."""
    parts = token.text.split("-")
    return token.pos_ == "PROPN" and token.text[:1].isupper() and all(p.isalpha() and not is_english(p) for p in parts)
