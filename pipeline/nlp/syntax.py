"""Helpers over the dependency parse shared by the obligation modules and references.py.

Token tests on en_core_web_sm's parse (ClearNLP labels: subjects, passives,
negations, to-infinitives, asides) and the text of token runs (as written,
without bracketed asides, unbalanced quotes or edge punctuation). Pure
functions of the Doc; no lexicon.

The underscored names are helpers of the obligation modules, not an API for
the rest of the pipeline.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Doc, Token

# en_core_web_sm (ClearNLP) dependency labels.
SUBJECT_DEPS = ("nsubj", "nsubjpass")
OBJECT_DEPS = ("dobj", "dative", "attr", "prep", "oprd")
BREAKS = (",", "(", ";", ":", "–", "—")
OPENING_QUOTES = ("“", "‘", '"')
CLOSING_QUOTES = ("”", "’", '"')
NON_QUOTE_PUNCT = " ,;:.–—-(["
PARENTHETICAL_RE = re.compile(r"\s*\([^()]*(\)|$)")


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


def _children(token: Token, *deps: str) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


def _has_to(verb: Token) -> bool:
    """The verb is a to-infinitive."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


def _negations(*tokens: Token) -> list[Token]:
    return [c for t in tokens for c in t.children if c.dep_ == "neg"]


def _object_before(clause: Token) -> bool:
    """The clause's head has an object or complement between itself and the clause."""
    head = clause.head
    return any(c.dep_ in OBJECT_DEPS and head.i < c.i < clause.i for c in head.children)


def _words_at(doc: Doc, i: int, words: tuple[str, ...]) -> bool:
    return i >= 0 and i + len(words) <= len(doc) and all(doc[i + k].lower_ == w for k, w in enumerate(words))


def _words_before(doc: Doc, i: int, words: tuple[str, ...]) -> bool:
    """The words end just before token i (commas in between skipped)."""
    j = i - 1
    while j >= 0 and doc[j].text == ",":
        j -= 1
    return _words_at(doc, j - len(words) + 1, words)


def _after_break(token: Token) -> bool:
    """The token's phrase follows a comma, bracket or dash: an aside or a new statement."""
    i = token.left_edge.i
    return i > 0 and token.doc[i - 1].text in BREAKS


def _in_parentheses(token: Token) -> bool:
    doc, left, right = token.doc, token.left_edge.i, token.right_edge.i
    return left > 0 and right + 1 < len(doc) and doc[left - 1].text in "([" and doc[right + 1].text in ")]"


def _in_entity(token: Token, labels: Iterable[str]) -> bool:
    labels = set(labels)
    return any(e.start <= token.i < e.end and e.label_ in labels for e in token.doc.ents)


def _complement_clause(clause: Token, head_has_object: bool) -> bool:
    """A to-infinitive right after its verb is a complement ('contribute to improve'); after an
    object it states a purpose ('appoint an officer to inform ...')."""
    if not _has_to(clause):
        return clause.dep_ == "xcomp" and not head_has_object
    between = clause.doc[clause.head.i + 1 : clause.left_edge.i]
    return not head_has_object and all(t.pos_ in ("ADV", "PART") for t in between)


def _close_quotes(tokens: list[Token]) -> list[Token]:
    """Extend tokens by the closing quote (and a full stop before it) of a quotation they open:
    the parser often hangs the closing quote on the main verb."""
    if not tokens:
        return tokens
    opened = sum(t.text in OPENING_QUOTES for t in tokens) - sum(t.text in CLOSING_QUOTES for t in tokens)
    doc, j = tokens[-1].doc, tokens[-1].i + 1
    extra: list[Token] = []
    while opened > 0 and j < len(doc) and doc[j].text in ".,”’\"" and len(extra) < 2:
        extra.append(doc[j])
        if doc[j].text in CLOSING_QUOTES:
            return tokens + extra
        j += 1
    return tokens


def _clean_text(text: str) -> str:
    """Drop bracketed asides, unbalanced quotes and edge punctuation; one space between words."""
    text = " ".join(PARENTHETICAL_RE.sub("", text).split())
    text = re.sub(r"[.,;:]+(?=[”’\"]$)", "", text.strip(NON_QUOTE_PUNCT))
    for opening, closing in (("“", "”"), ("‘", "’")):
        if text.count(opening) != text.count(closing):
            text = text.replace(opening, "").replace(closing, "")
    if text.count('"') % 2:
        text = text.replace('"', "")
    return " ".join(text.split()).strip(NON_QUOTE_PUNCT)


def _tokens_text(tokens: Iterable[Token]) -> str:
    """Text of the tokens in document order; a gap becomes one space."""
    ordered = _close_quotes(sorted(set(tokens), key=lambda t: t.i))
    parts = [t.text_with_ws if k + 1 < len(ordered) and ordered[k + 1].i == t.i + 1 else t.text + " "
             for k, t in enumerate(ordered)]
    return _clean_text("".join(parts))


def _trigger_text(tokens: Iterable[Token]) -> str:
    """The trigger words as written; a gap holding more than adverbs becomes ' ... '."""
    ordered = sorted(set(tokens), key=lambda t: t.i)
    if not ordered:
        return ""
    out = ordered[0].text
    for prev, tok in zip(ordered, ordered[1:]):
        gap = tok.doc[prev.i + 1 : tok.i]
        if len(gap) == 0:
            out += prev.whitespace_ + tok.text
        else:
            out += (" " if all(t.pos_ in ("ADV", "PART") for t in gap) else " ... ") + tok.text
    return out
