"""What the words of a name denote, looked up in WordNet (noun_classes.py, lexicon.py).

A name's head is its last word before a link word (`Ministry of Justice` →
`Ministry`), a year or code at its end skipped. The head's WordNet classes and
the rank of its organised-body sense decide a body (ORG) from an instrument
(POLICY); a plural head over common English words names a kind of body (ACTOR),
an -ing head an activity, a word with no sense of a body, place or person no
mention at all (the one-word ORG filter, `word_names_no_body`).
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from ..dehyphenate import is_english
from .lexicon import is_gerund, names_no_body, person_noun
from .noun_classes import BODY_ANCHORS, NounClass, lookup

# WordNet classes of the head noun of an instrument's name (`Control Order`, `Duty Guidance`,
# `Prevention Strategy`, `Aarhus model`): a name with such a head is a POLICY, not an ORG.
INSTRUMENT_CLASSES = ("communication", "act", "cognition")
# Words after which a name's head has been read (`Ministry of Justice` → `Ministry`).
NAME_LINKS = ("of", "for", "on", "against", "to", "in")
# A head with a sense of an organised body this high in its sense list (`Service`: the 4th of 15)
# names a body often enough that the name stays ORG.
MAX_BODY_SENSE_RANK = 3


def name_head(span: Span) -> Token | None:
    """The head word of a capitalised name: its last word before a link word (`Ministry of
    Justice` → Ministry), a year or code at its end skipped (`Security Act 2015` → Act)."""
    words = list(span)
    for i, token in enumerate(words):
        if i and token.lower_ in NAME_LINKS:
            words = words[:i]
            break
    while words and (words[-1].like_num or not words[-1].is_alpha):
        words.pop()
    return words[-1] if words else None


def is_body_name(span: Span) -> bool:
    """A name whose head noun is first a group in WordNet, or has an organised-body sense among its
    first senses (rank 0 to MAX_BODY_SENSE_RANK): `Council`, `Service`."""
    head = name_head(span)
    if head is None:
        return False
    classes = lookup(head.lemma_.lower() if head.lemma_ else head.lower_)
    rank = classes.anchor_rank(BODY_ANCHORS)
    return classes.first_class == "group" or (rank is not None and rank <= MAX_BODY_SENSE_RANK)


def is_instrument_name(span: Span) -> bool:
    """A capitalised name whose head noun is first a communication, act or cognition in WordNet
    (INSTRUMENT_CLASSES) and not often a body: `Control Orders`, `Prevent Duty Guidance`."""
    head = name_head(span)
    if head is None or not head.text[:1].isupper() or len(span) < 2 and not head.is_lower:
        return False
    classes = lookup(head.lemma_.lower() if head.lemma_ else head.lower_)
    for form in (head.lower_, head.lower_[:-1] if head.lower_.endswith("s") else ""):
        if not classes.classes and form:
            classes = lookup(form)  # a proper noun keeps its plural as its lemma (`Control Orders`)
    body_rank = classes.anchor_rank(BODY_ANCHORS)
    return classes.first_class in INSTRUMENT_CLASSES and (body_rank is None or body_rank > MAX_BODY_SENSE_RANK)


def names_a_kind(span: Span) -> bool:
    """A capitalised name whose head is plural and whose words are all common English words
    (`Local Community Safety Partnerships`, `Centres of excellence`) names a kind of body with
    many instances, not one organisation: the guidelines' ORG/ACTOR rule."""
    head = name_head(span)
    if head is None or head.tag_ not in ("NNS", "NNPS") or not head.lower_.endswith("s"):
        return False
    if head.lower_ in ("ministries", "departments") and any(t.text[:1].isupper() for t in span[head.i - span.start + 1:]):
        return False  # `ministries of Justice and Education`: several named bodies, one ORG (DECISIONS.md)
    for token in span:
        if token.is_punct or token.lower_ in NAME_LINKS or token.lower_ in ("and", "the"):
            continue
        if token.is_upper or not token.is_alpha and "-" not in token.text:
            return False  # an acronym or a code belongs to one body's name
        word = token.lower_
        if not (lookup(word).classes or lookup(word[:-1]).classes or lookup(token.lemma_.lower()).classes):
            return False  # a word English does not know (a place, a foreign name) marks one body
    return True


def kind_with_a_remit(span: Span, kind_heads: set[str]) -> bool:
    """`Provincial Committee for Public Order and Security`: a body head after the local-level word and
    a remit after `for`/`of` in common English words (none a place: not `Regional Council of Tuscany`,
    which names one body)."""
    head = name_head(span)
    if head is None or head.lower_ not in kind_heads or head.i == span.end - 1:
        return False
    remit = [t for t in span[head.i - span.start + 1 :] if t.is_alpha and t.lower_ not in NAME_LINKS
             and t.lower_ not in ("and", "the")]
    return bool(remit) and all(lookup(t.lower_).classes and lookup(t.lower_).first_class != "location" for t in remit)


def names_an_activity(span: Span) -> bool:
    """`Community Policing`: a capitalised name whose last word, its head, is the -ing form of a verb
    (lexicon.is_gerund) with no sense of a group or a thing made (`Building`, `Housing` keep theirs)."""
    head = name_head(span)
    if head is None or head.i != span.end - 1 or not is_gerund(head.text):
        return False
    return not any(cls in ("group", "artifact") for cls, _ in lookup(head.lower_).classes)


def no_word_of_a_place(span: Span) -> bool:
    """Every word of the span is English (a WordNet lemma or a stop word) and none has a sense of a
    place, a natural object or a group in WordNet (`Step Together`; `Cork`, `Europe`, `Islamic State`
    have one): the model's PLACE guess then rests on nothing the words say."""
    words = [t for t in span if t.is_alpha]
    return bool(words) and all(t.is_stop or is_english(t.lower_) for t in words) and not any(
        cls in ("location", "object", "group") for t in words for cls, _ in lookup(t.lower_).classes)


def _forms(token: Token) -> tuple[str, str, str]:
    """The forms to look a word up by: its lemma, the word, the word without a plural `s`."""
    lower = token.lower_
    return token.lemma_.lower(), lower, lower[:-1] if lower.endswith("s") else ""


def word_names_no_body(token: Token) -> bool:
    """A capitalised word (no acronym) whose noun is no body, place or person (lexicon.names_no_body)."""
    return token.is_alpha and not token.is_upper and token.text[:1].isupper() and names_no_body(*_forms(token))


def person_noun_of(token: Token) -> NounClass | None:
    return person_noun(token.lemma_.lower(), token.lower_)


def looks_like_acronym(text: str) -> bool:
    """`CVE`, `DJCS`, `P/CVE`: two capitals or more and no more lower-case letters than capitals."""
    capitals = sum(c.isupper() for c in text)
    return capitals >= 2 and capitals >= sum(c.islower() for c in text) and text[:1].isupper()
