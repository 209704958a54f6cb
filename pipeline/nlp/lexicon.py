"""Word-level tests shared by the entity components: is a word English? what does a noun denote?

English here is what WordNet 3.0 lists (the lemma list the parse stage uses to re-join broken
words, `pipeline/data/english_lemmas.txt.gz`, with plain inflections) plus spaCy's English stop
words, which WordNet leaves out. A word that is neither is taken for a word of another language:
`Interna`, `bundesweites`, `gminy`, `župan`.
"""

from __future__ import annotations

from spacy.tokens import Token

from ..dehyphenate import is_english
from .noun_classes import BODY_ANCHORS, ROLE_ANCHORS, NounClass, lookup

# WordNet anchors of a person noun that heads a body (`president`, `minister`, `director`), and of one
# who is the civil authority of a place (`mayor`), which has many holders.
HEAD_OF_BODY_ANCHORS = frozenset({"leader"})
LOCAL_AUTHORITY_ANCHORS = frozenset({"authority"})


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


def noun_senses(*forms: str) -> NounClass:
    """WordNet's classes of the first of these forms it knows (a lemma, the word, its singular: a proper
    noun keeps its plural as its lemma, `Groups`)."""
    for form in forms:
        classes = lookup(form.lower()) if form else None
        if classes is not None and classes.classes:
            return classes
    return lookup("")


def person_noun(*forms: str) -> NounClass | None:
    """The noun's classes when its first sense is a person (`coordinator`, `president`, `child`)."""
    classes = noun_senses(*forms)
    return classes if classes.first_class == "person" else None


def is_office_noun(*forms: str) -> bool:
    """A person noun whose first sense is a role one holds for a body (`mayor`, `director`, `officer`:
    WordNet's role anchors), not a person as such (`child`)."""
    classes = person_noun(*forms)
    return classes is not None and classes.anchor_rank(ROLE_ANCHORS) == 0


def heads_a_body(classes: NounClass) -> bool:
    """A person noun whose first sense leads a body (`president`, `minister`, `secretary`, `director`)
    and is no civil authority of a place (`mayor`: one per municipality, many holders)."""
    return classes.anchor_rank(HEAD_OF_BODY_ANCHORS) == 0 and classes.anchor_rank(LOCAL_AUTHORITY_ANCHORS) is None


def names_no_body(*forms: str) -> bool:
    """An English noun that is, by WordNet, no body, place or person: its first sense is of another
    class (`system`: artifact; `mandate`: communication; `group`: a top class) and no sense reaches an
    organised body (`Senate`, `Congress`: groups; `Copenhagen`: a place; `Department`: a body)."""
    classes = noun_senses(*forms)
    return (bool(classes.classes) and classes.first_class not in ("group", "location", "person")
            and classes.anchor_rank(BODY_ANCHORS) is None)
