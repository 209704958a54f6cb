"""Actor phrases: ACTOR mentions decided by what the head noun denotes, not by a list of heads.

Algorithm: for every common-noun phrase the rules and the model left unlabelled,
read its head's WordNet classes and hypernym anchors (`noun_classes.py`) and
decide as the annotation guidelines do:

1. the head denotes a kind of person with a role (its most frequent sense is a
   worker, professional, official, ...: `wardens`, `caseworkers`) or an
   organised body (`teams`, `agencies`, `boards`, `police`) → ACTOR, whatever
   its modifiers (`youth offending teams`, `community safety partnerships`);
2. a head whose person or group sense is not its most frequent one
   (`services`, `providers`, `partners`, `sector`) counts where the phrase
   says which body (a modifier) or where it acts (subject of an active verb,
   agent of a passive);
3. the people policies act on (their most frequent sense is a wrongdoer,
   radical, victim, juvenile: `terrorists`, `children`) are never ACTOR; the
   population at large (`residents`, `families`, `citizens`) is ACTOR only
   where it acts or is a party (subject, agent, coordinated with an actor);
4. a bare top-level noun (`people`, `individuals`, `organisations`, `members`)
   says nothing about which actor: not a mention.

The span is the head with its left modifiers (adjectives, nouns, hyphenated
words), without determiners, numbers, nationality words (the guidelines'
`the Dutch government` → `government`) or the leading words the
`entity_labels` table drops. Spans never cross a sentence. Each added span
carries the rule that decided it in `span._.rule` (`actor_noun_role`,
`actor_noun_body`, `actor_noun_modified`, `actor_noun_acting`). Thresholds and
word classes are data (`data/actor_phrases.json`).
"""

from __future__ import annotations

import copy
import json
from importlib import resources
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from .noun_classes import BODY_ANCHORS, POPULACE_ANCHORS, ROLE_ANCHORS, TARGET_ANCHORS, NounClass, lookup

if not Span.has_extension("rule"):
    Span.set_extension("rule", default="")

RULES_RESOURCE = "data/actor_phrases.json"


def load_settings(path: str | Path | None = None) -> dict[str, Any]:
    if path is None:
        return json.loads(resources.files(__package__).joinpath(RULES_RESOURCE).read_text("utf-8"))
    return json.loads(Path(path).read_text("utf-8"))


class ActorPhrases:
    def __init__(self, nlp: Language, name: str, settings_path: str | None) -> None:
        self.name = name
        settings = copy.deepcopy(load_settings(settings_path))
        self.max_rank = int(settings["max_secondary_sense_rank"])
        self.generic = set(settings["generic_heads"])
        self.modifier_deps = set(settings["modifier_deps"])
        self.acting_deps = set(settings["acting_deps"])
        self.skip_modifiers = set(settings["modifiers_dropped"])
        self.not_heads = set(settings["not_heads"])

    def __call__(self, doc: Doc) -> Doc:
        taken = {i for ent in doc.ents for i in range(ent.start, ent.end)}
        added: list[Span] = []
        for token in doc:
            if token.i in taken or not self._is_head(token):
                continue
            span = self._phrase(doc, token, taken)
            if span is None:
                continue
            rule = self._decide(token, span)
            if rule is None:
                continue
            actor = Span(doc, span.start, span.end, label="ACTOR")
            actor._.rule = rule
            added.append(actor)
            taken.update(range(actor.start, actor.end))
        if added:
            doc.ents = sorted(filter_spans(list(doc.ents) + added), key=lambda s: s.start)
        return doc

    # -- the phrase ---------------------------------------------------------------
    def _is_head(self, token: Token) -> bool:
        if token.pos_ != "NOUN" or not token.is_alpha and "-" not in token.text:
            return False
        if token.dep_ == "compound" and token.head.pos_ in ("NOUN", "PROPN") and token.head.i == token.i + 1:
            return False  # a modifier of the next noun: the phrase is read at its head
        if token.text[:1].isupper() and not token.is_sent_start:
            return False  # a capitalised word mid-sentence belongs to a name: the name rules decide
        return token.lemma_.lower() not in self.not_heads

    def _phrase(self, doc: Doc, head: Token, taken: set[int]) -> Span | None:
        start = head.i
        sent_start = head.sent.start
        while start > sent_start:
            left = doc[start - 1]
            if left.i in taken or left.head.i < start - 1 or left.head.i > head.i:
                break
            if left.dep_ not in self.modifier_deps and not (left.text == "-" or left.dep_ == "punct" and "-" in left.text):
                break
            if left.pos_ not in ("ADJ", "NOUN", "PROPN", "VERB") or left.like_num:
                break
            start -= 1
        while start < head.i and (doc[start].lower_ in self.skip_modifiers or doc[start].ent_type_ == "NORP"
                                  or (doc[start].pos_ == "ADJ" and doc[start].text[:1].isupper() and not doc[start].is_sent_start)):
            start += 1  # `relevant local partners`, `Dutch government`: the guidelines drop these words
        return doc[start : head.i + 1]

    # -- the decision --------------------------------------------------------------
    def _classes(self, head: Token, span: Span) -> NounClass:
        if len(span) >= 2:  # `police officer`, `youth worker`: the compound first
            pair = lookup(f"{span[-2].lemma_.lower()} {head.lemma_.lower()}")
            if pair.classes:
                return pair
        return lookup(head.lemma_.lower())

    def _decide(self, head: Token, span: Span) -> str | None:
        nc = self._classes(head, span)
        if not nc.classes:
            return None
        modified = len(span) > 1
        lemma = head.lemma_.lower()
        if nc.anchor_rank(TARGET_ANCHORS) == 0:
            return None  # the people policies act on
        if not modified and (lemma in self.generic or nc.first_class == "Tops"):
            return None  # `people`, `organisations`: says nothing about which actor
        role, body = nc.anchor_rank(ROLE_ANCHORS), nc.anchor_rank(BODY_ANCHORS)
        acting = self._acting(head)
        if nc.anchor_rank(POPULACE_ANCHORS) == 0 and role != 0 and body != 0:
            return "actor_noun_acting" if acting else None
        if role == 0 and nc.first_class == "person":
            return "actor_noun_role"
        if body == 0 and nc.first_class == "group":
            return "actor_noun_body"
        secondary = min(r for r in (role, body, self.max_rank + 1) if r is not None)
        if secondary <= self.max_rank and nc.share("person", "group") > 0:
            if modified and head.tag_ == "NNS":
                return "actor_noun_modified"
            if acting and head.tag_ == "NNS":
                return "actor_noun_acting"
        return None

    def _acting(self, head: Token) -> bool:
        """Subject of an active verb, agent of a passive, or coordinated with such a phrase."""
        for tok in (head, *[c for c in head.conjuncts if c.i < head.i]):
            if tok.dep_ in self.acting_deps:
                return True
            if tok.dep_ == "pobj" and tok.head.lower_ == "by" and tok.head.dep_ == "agent":
                return True
        return False


@Language.factory(
    "pipeline_actor_phrases",
    assigns=["doc.ents", "span._.rule"],
    requires=["doc.ents", "token.dep", "token.lemma", "token.pos"],
    default_config={"settings_path": None},
)
def make_actor_phrases(nlp: Language, name: str, settings_path: str | None) -> ActorPhrases:
    return ActorPhrases(nlp, name, settings_path)
