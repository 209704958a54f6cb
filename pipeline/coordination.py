"""Coordinating bodies: the ORG mentions a sentence says coordinate, read off the dependency parse.

Part of the extract stage (it reads each section's Doc); `compare.py` turns the
records into the `coordinating_bodies` column and its evidence rows. The words
are data (`data/coordination.json`). A body counts when the parse makes it the
actor of a coordination predicate:

- the subject of a coordination word (`X coordinates`, `X acts as coordinator`),
  also up a short chain of complements, conjuncts and role words
  (`X is in charge of coordinating`, `X is responsible for the coordination of`,
  `X ... and aims at coordinating`, `X was set up to coordinate`), through a
  relative pronoun (`X, which coordinates`) or a personal pronoun whose
  antecedent is the subject of the sentence before (`He coordinates`);
- the agent of a passive coordination word (`coordinated by X`);
- the agent or subject of a governance verb (`managed by X`, `X chairs`) when
  what it governs is a collective (a strategy, task force, group, ...), a
  pronoun or a body: a centre that manages a helpline runs a service;
- `under the authority / supervision / ... of X`, `organised under X`;
- the recipient of an assigned coordination (`assigns coordination to X`).

A coordination word inside an entity name (`Counter-Terrorism Coordination
Unit`) is a name, not a predicate, and a body merely near the word (a member
of a platform, a body in a clause about another) is not its actor. The name
kept is the mention's alias target or the mention with its modifiers
(`state ministry of the Interior`); a bare re-mention (`the ministry of the
Interior`) takes the name of the latest earlier mention in the section that
ends with it (`North Rhine-Westphalia ministry of the Interior`), so a state
body is not read as the federal one.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from spacy.tokens import Doc, Span, Token

from . import types as T
from .errors import EXIT_DATA, error
from .nlp.syntax import conjuncts_within

DATA_FILE = "data/coordination.json"
LIST_KEYS = (
    "body_labels", "coordination_words", "governance_verbs", "governed_nouns", "role_nouns",
    "role_adjectives", "support_verbs", "assign_verbs", "under_nouns", "under_verbs",
)
# A coordination word's actor is looked for at most this many arcs up the tree: the longest
# construction read (`X is in charge of the coordination of`) takes five.
MAX_HOPS = 6
# Arcs climbed from a coordination word towards the clause that names its actor.
CLIMB_DEPS = frozenset({"xcomp", "pcomp", "conj", "advcl", "acomp", "prep", "pobj", "attr", "dobj", "amod", "compound"})
PERSONAL_PRONOUNS = frozenset({"he", "she", "it", "they"})
RELATIVE_PRONOUNS = frozenset({"which", "that", "who", "whom"})


@dataclass(frozen=True)
class CoordinationRecord:
    country: str
    body: str  # the name kept (alias target, modifiers, or the fuller earlier name)
    mention: str  # the mention as written in the sentence (or the pronoun's antecedent)
    relation: str  # how the sentence makes the body coordinate, e.g. `agent of "coordinated"`
    page: int
    sentence: str
    start: int
    end: int


@lru_cache(maxsize=1)
def coordination_rules() -> dict[str, frozenset[str]]:
    """The word lists of `data/coordination.json`; a missing or malformed list is E013."""
    path = resources.files(__package__).joinpath(DATA_FILE)
    try:
        data: Any = json.loads(path.read_text("utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise error("E013", EXIT_DATA, path=path, detail=str(exc)) from exc
    rules: dict[str, frozenset[str]] = {}
    for key in LIST_KEYS:
        words = data.get(key) if isinstance(data, dict) else None
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise error("E013", EXIT_DATA, path=path, detail=f"{key!r} must be a list of words")
        rules[key] = frozenset(words if key == "body_labels" else (w.lower() for w in words))
    return rules


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


def _children(token: Token, *deps: str) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


def _with_conjuncts(token: Token) -> list[Token]:
    return [token, *conjuncts_within(token)]  # bounded: spaCy's .conjuncts never ends on a cycle


class _Reader:
    """The coordination predicates of one Doc and their actors."""

    def __init__(self, doc: Doc, rules: dict[str, frozenset[str]]) -> None:
        self.doc = doc
        self.rules = rules
        self.bodies = [e for e in doc.ents if e.label_ in rules["body_labels"]]
        self.entity_of: dict[int, Span] = {t.i: e for e in doc.ents for t in e}

    def body(self, token: Token) -> Span | None:
        """The body entity holding `token`; for a head noun whose possessor is a body
        (`NSW Premier's Department`), the span from the possessor to the head."""
        ent = self.entity_of.get(token.i)
        if ent is not None:
            return ent if ent.label_ in self.rules["body_labels"] else None
        for owner in _children(token, "poss"):
            owner_ent = self.entity_of.get(owner.i)
            if owner_ent is not None and owner_ent.label_ in self.rules["body_labels"] and owner_ent.end <= token.i:
                return Span(self.doc, owner_ent.start, token.i + 1, label=owner_ent.label_)
        return None

    def actors(self, token: Token) -> list[tuple[Span, str]]:
        """The bodies a subject, agent or object token stands for (with its conjuncts and
        appositions), each with a note when it was reached through a pronoun."""
        found: list[tuple[Span, str]] = []
        for tok in _with_conjuncts(token):
            note = ""
            if tok.lower_ in PERSONAL_PRONOUNS:
                antecedent = self.antecedent(tok)
                if antecedent is not None:
                    tok, note = antecedent, f' ("{tok.text}" read as the body subject before it)'
            # an apposition (an alias or acronym in parentheses) only when the word itself names no body
            for candidate in [tok] if self.body(tok) is not None else [tok, *_children(tok, "appos")]:
                ent = self.body(candidate)
                if ent is not None and all(ent != seen for seen, _ in found):
                    found.append((ent, note))
        return found

    def antecedent(self, pronoun: Token) -> Token | None:
        """The nearest subject before the pronoun in its sentence, else the main subject of the
        sentence before, when it is a body (centering's preferred antecedent)."""
        sent = pronoun.sent
        before = [t for t in self.doc[sent.start : pronoun.i] if t.dep_ in ("nsubj", "nsubjpass")]
        nearest = next((t for t in reversed(before) if self.body(t) is not None), None)
        if nearest is not None or sent.start == 0:
            return nearest
        previous = self.doc[sent.start - 1].sent
        subjects = [t for t in previous if t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT"]
        return next((t for t in subjects if self.body(t) is not None), None)

    def governs_collective(self, verb: Token) -> bool:
        """What a governance verb governs is a collective, a pronoun or a body."""
        if any(c.dep_ == "agent" for c in verb.children):
            patients = _children(verb, "nsubjpass")
            if not patients and verb.dep_ in ("acl", "relcl"):
                patients = [verb.head]
            if not patients and verb.dep_ == "advcl":  # "Managed by X, it works ...": the main clause's subject
                patients = _children(verb.head, "nsubj", "nsubjpass")
        else:
            patients = _children(verb, "dobj")
        return any(
            p.pos_ == "PRON" or _lemma(p) in self.rules["governed_nouns"] or self.entity_of.get(p.i) is not None
            for p in patients
        )

    def predicates(self) -> Iterator[tuple[Span, str, Token]]:
        """(body, relation, predicate word) for every coordination predicate of the Doc."""
        for token in self.doc:
            lemma = _lemma(token)
            if token.i in self.entity_of:
                continue  # a word of a name
            if lemma in self.rules["coordination_words"]:
                found = self.actor_of(token)
            elif lemma in self.rules["governance_verbs"] and token.pos_ in ("VERB", "AUX", "NOUN"):
                found = self.actor_of(token, climb=False) if self.governs_collective(token) else iter(())
            elif lemma == "under" and token.dep_ == "prep":
                found = self.under(token)
            else:
                continue
            for body, relation in found:
                yield body, relation, token

    def actor_of(self, word: Token, *, climb: bool = True) -> Iterator[tuple[Span, str]]:
        """The actor of a coordination word: its agent if passive, else the subject up the tree."""
        agents = [p for by in _children(word, "agent") for p in _children(by, "pobj")]
        if agents:
            for agent in agents:
                for body, note in self.actors(agent):
                    yield body, f'agent of "{word.text}"{note}'
            return
        if _children(word, "nsubjpass", "auxpass"):
            return  # passive without an agent: the sentence does not say who
        if climb and word.dep_ == "dobj" and _lemma(word.head) in self.rules["assign_verbs"]:
            recipients = _children(word.head, "dative") + [
                p for to in _children(word.head, "prep") if to.lower_ == "to" for p in _children(to, "pobj")
            ]
            for recipient in recipients:
                for body, note in self.actors(recipient):
                    yield body, f'given "{word.text}" ("{word.head.text} ... to")'
            if recipients:
                return
        node = word
        for _ in range(MAX_HOPS):
            subjects = _children(node, "nsubj") + ([] if node is word else _children(node, "nsubjpass"))
            for subject in subjects:
                if subject.lower_ in RELATIVE_PRONOUNS and node.dep_ == "relcl":
                    subject = node.head
                for body, note in self.actors(subject):
                    yield body, f'subject of "{word.text}"{note}'
            if subjects:
                return
            if node.dep_ == "acl" and node is word and node.tag_ != "VBN":  # "a unit to coordinate", "the body coordinating"
                for body, note in self.actors(node.head):
                    yield body, f'subject of "{word.text}"{note}'
                return
            if node.dep_ in ("nsubj", "attr") and _lemma(node.head) == "be":  # "the coordinating body is X"
                other = _children(node.head, "attr" if node.dep_ == "nsubj" else "nsubj")
                for complement in other:
                    for body, note in self.actors(complement):
                        yield body, f'named by "{word.text}"{note}'
                return
            if not climb or node.dep_ not in CLIMB_DEPS or not self.may_climb(word, node):
                return
            node = node.head

    def may_climb(self, word: Token, node: Token) -> bool:
        """Climb from `node` to its head: only through role words, complements and support verbs."""
        head = node.head
        if node.dep_ in ("amod", "compound"):
            return node is word
        if node.dep_ == "dobj":
            return _lemma(head) in self.rules["support_verbs"]
        if node.dep_ == "conj":
            return True  # a conjunct shares its first conjunct's role (`support for and coordination of`)
        if head.pos_ in ("NOUN", "PROPN"):
            return node.dep_ in ("prep", "amod", "compound", "conj") and (
                _lemma(head) in self.rules["role_nouns"] or head is word or node.dep_ in ("amod", "compound")
            )
        if head.pos_ == "ADJ":
            return _lemma(head) in self.rules["role_adjectives"]
        return True

    def under(self, prep: Token) -> Iterator[tuple[Span, str]]:
        """`under the supervision of X`, `under X's authority`, `organised under X`."""
        for obj in _children(prep, "pobj"):
            noun = _lemma(obj)
            if noun in self.rules["under_nouns"]:
                owners = [p for of in _children(obj, "prep") if of.lower_ == "of" for p in _children(of, "pobj")]
                owners += _children(obj, "poss")
                for owner in owners:
                    for body, note in self.actors(owner):
                        yield body, f'"under the {obj.text} of"{note}'
            elif _lemma(prep.head) in self.rules["under_verbs"]:
                for body, note in self.actors(obj):
                    yield body, f'"{prep.head.text} under"{note}'


def _name(ent: Span, earlier: list[Span]) -> str:
    """The alias target, else the mention; a bare re-mention takes the fuller earlier name."""
    normalized = str(ent._.normalized) if ent.has_extension("normalized") and ent._.normalized else ""
    if normalized:
        return normalized
    text = " ".join(ent.text.split())
    tail = " " + text.lower()
    for previous in reversed(earlier):
        fuller = " ".join(previous.text.split())
        if fuller.lower().endswith(tail):
            return fuller
    return text


def coordination_records(
    section: T.Section, doc: Doc, *, rules: dict[str, frozenset[str]] | None = None
) -> list[CoordinationRecord]:
    """One record per (body, sentence, relation) the section's Doc states, in text order."""
    reader = _Reader(doc, rules or coordination_rules())
    records: list[CoordinationRecord] = []
    seen: set[tuple[str, int, str]] = set()
    for body, relation, word in sorted(reader.predicates(), key=lambda found: (found[2].i, found[0].start)):
        earlier = [e for e in reader.bodies if e.end <= body.start]
        name = _name(body, earlier)
        sent = word.sent  # the predicate's sentence: a pronoun's antecedent may stand in the one before
        if (name.lower(), sent.start, relation) in seen:
            continue  # the same body again as its alias or acronym in parentheses
        seen.add((name.lower(), sent.start, relation))
        records.append(
            CoordinationRecord(
                country=section.country,
                body=name,
                mention=body.text,
                relation=relation,
                page=section.page_at(sent.start_char),
                sentence=" ".join(sent.text.split()),
                start=sent.start_char,
                end=sent.end_char,
            )
        )
    return records
