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
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from spacy.tokens import Doc, Span, Token

# en_core_web_sm (ClearNLP) dependency labels.
SUBJECT_DEPS = ("nsubj", "nsubjpass")
OBJECT_DEPS = ("dobj", "dative", "attr", "prep", "oprd")
BREAKS = (",", "(", ";", ":", "–", "—")
OPENING_QUOTES = ("“", "‘", '"')
CLOSING_QUOTES = ("”", "’", '"')
NON_QUOTE_PUNCT = " ,;:.–—-(["
PARENTHETICAL_RE = re.compile(r"\s*\([^()]*(\)|$)")


# -- bounded walks over the parse
#
# Every walk up or down the tree goes through these: a root is its own head, a walk stays
# inside the token's sentence and takes at most the sentence's length in steps, so a
# malformed parse (a token headed outside its sentence, a cycle of heads that a hand-built
# Doc allows) ends the walk instead of hanging it. On a well-formed parse they yield what
# spaCy's `ancestors`, `subtree` and `conjuncts` yield, in the same order.


def ancestors_within(token: Token, sent: Span | None = None) -> Iterator[Token]:
    """The token's heads upwards, nearest first, ending at the root (its own head), at the
    sentence's edge, or after len(sentence) steps."""
    sent = sent if sent is not None else token.sent
    tok = token
    for _ in range(len(sent)):
        head = tok.head
        if head.i == tok.i or not sent.start <= head.i < sent.end:
            return
        yield head
        tok = head


def climb(token: Token, step: Callable[[Token], Token | None]) -> Token:
    """Move up from `token` by `step` (the next token, or None to stop) as long as it leads to
    another token of the sentence; at most len(sentence) steps. Returns where it stopped."""
    sent = token.sent
    tok = token
    for _ in range(len(sent)):
        nxt = step(tok)
        if nxt is None or nxt.i == tok.i or not sent.start <= nxt.i < sent.end:
            break
        tok = nxt
    return tok


def subtree_within(token: Token) -> Iterator[Token]:
    """`token.subtree` (left dependents' subtrees, the token, right ones'), each token once and
    only tokens of the sentence: iterative, so neither a cycle nor a deep chain can hang or
    overflow it."""
    sent = token.sent
    seen: set[int] = set()
    stack: list[tuple[Token, bool]] = [(token, False)]
    while stack:
        tok, expanded = stack.pop()
        if expanded:
            yield tok
            continue
        if tok.i in seen or not sent.start <= tok.i < sent.end:
            continue
        seen.add(tok.i)
        stack.extend((child, False) for child in reversed(list(tok.rights)))
        stack.append((tok, True))
        stack.extend((child, False) for child in reversed(list(tok.lefts)))


def _listed_appositive(token: Token) -> bool:
    """`The Care Inspectorate, the Mental Welfare Commission and the Office ... may`: the small
    parser hangs the second item of a list on the first as an apposition, and the rest on it as
    its conjuncts; an apposition does not coordinate, so one with its own `and` is a list item."""
    if token.dep_ != "appos" or not any(c.dep_ == "cc" for c in token.children) or not _has_det(token):
        return False
    # each item with its own article (`the Mental Welfare Commission ... and the Office`), unlike a
    # name with `and` inside (`Portfolio Affairs and Communication Branch`)
    return any(c.dep_ == "conj" and _has_det(c) for c in token.children)


def _has_det(token: Token) -> bool:
    return any(c.dep_ == "det" for c in token.children)


def conjuncts_within(token: Token) -> tuple[Token, ...]:
    """`token.conjuncts`: the first conjunct, reached up `conj` arcs (bounded), and every
    `conj` to its right, transitively (an apposition that opens a list counts as one); the
    token itself left out."""
    first = climb(token, lambda t: t.head if t.dep_ == "conj" or _listed_appositive(t) else None)
    found, queue, seen = [first], [first], {first.i}
    for word in queue:  # grows while iterating; right children only, so it ends
        for child in word.rights:
            if (child.dep_ == "conj" or _listed_appositive(child)) and child.i not in seen:
                seen.add(child.i)
                found.append(child)
                queue.append(child)
    return tuple(t for t in found if t.i != token.i)


# -- entity lookups
#
# `doc.ents` builds a Span for every entity on each access, O(tokens); a lookup per record
# over a long section made the obligation component quadratic. Within `entity_scope(doc)`
# (the component's run, while the entities do not change) one index answers every lookup.


class EntityIndex:
    """The entities of a Doc, found by token or by character range in O(log n)."""

    def __init__(self, doc: Doc) -> None:
        self.ents: tuple[Span, ...] = tuple(doc.ents)  # sorted, non-overlapping
        self.starts = [e.start for e in self.ents]
        self.end_chars = [e.end_char for e in self.ents]

    def covering(self, i: int) -> Span | None:
        """The entity holding token i, if any."""
        k = bisect_right(self.starts, i) - 1
        return self.ents[k] if k >= 0 and i < self.ents[k].end else None

    def within(self, start: int, end: int) -> list[Span]:
        """The entities inside tokens start..end-1, in text order."""
        k = bisect_left(self.starts, start)
        found = []
        while k < len(self.ents) and self.ents[k].start < end:
            if self.ents[k].end <= end:
                found.append(self.ents[k])
            k += 1
        return found

    def overlapping_chars(self, start: int, end: int) -> Iterator[Span]:
        """The entities that share a character with start..end-1, in text order."""
        k = bisect_right(self.end_chars, start)
        while k < len(self.ents) and self.ents[k].start_char < end:
            yield self.ents[k]
            k += 1


_SCOPED_INDEXES: dict[int, EntityIndex] = {}  # id(doc) -> index, only inside entity_scope


@contextmanager
def entity_scope(doc: Doc) -> Iterator[EntityIndex]:
    """Within the block, `entity_index(doc)` is built once (doc.ents must not change)."""
    key = id(doc)
    outer = _SCOPED_INDEXES.get(key)
    _SCOPED_INDEXES[key] = index = EntityIndex(doc)
    try:
        yield index
    finally:
        if outer is None:
            del _SCOPED_INDEXES[key]
        else:
            _SCOPED_INDEXES[key] = outer


def entity_index(doc: Doc) -> EntityIndex:
    """The Doc's entity index: the scoped one, else a fresh one."""
    return _SCOPED_INDEXES.get(id(doc)) or EntityIndex(doc)


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
    ent = entity_index(token.doc).covering(token.i)
    return ent is not None and ent.label_ in set(labels)


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
