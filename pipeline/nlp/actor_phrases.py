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
   says nothing about which actor: not a mention; nor does a phrase that points
   back to a body named elsewhere (`these teams`, `its mission`), a predicate
   after a/an (`is a non-profit organisation`), a person who only says or
   thinks something (`interviewees suggested`), or a plural act (`offences`).

Three more readings of noun phrases live here because they decide between
ACTOR and ORG the same way: titles of offices written as titles (`Minister for
Justice`, one holder: ORG; `Lead Ministers`, many: ACTOR), a singular kind of
body after a name English does not know (`the Garda organisation`: ORG), and a
relational noun before `of` + an actor (`partners of local panels`: one ACTOR).

The span is the head with its left modifiers (adjectives, nouns, hyphenated
words), without determiners, numbers, nationality words (the guidelines'
`the Dutch government` → `government`; a capitalised word that opens a name,
`Australian Government ministers`, stays) or the leading words the
`entity_labels` table drops; a numbered class (`Category 1 responders`) and a
plural possessor (`magistrates' courts`) stay. Then, over every ACTOR span, the
guidelines' boundary rules (§2.3.10 of annotations/GUIDE.md): a relational noun
+ `of`/`from` + an article + a body is one ACTOR (`members of a panel`,
`representatives from local authorities`; before a named ORG a bare umbrella
noun is dropped: `a "senior member" of the AFP`); modifiers coordinated before
one head share it (`youth, social and educational services`); an adjective
before the span that says which actor joins it (`responsible local
authority`); a noun + `of` + a noun that WordNet lists as one person or group
noun is one ACTOR (`boards of education`). An article before a role noun names
any holder of the role (`a convener`); a possessive pronoun names what a body
has (`its prevention mission`), no actor. Spans never cross a sentence. Each added span
carries the rule that decided it in `span._.rule` (`actor_noun_role`,
`actor_noun_body`, `actor_noun_modified`, `actor_noun_acting`, `office_title`,
`org_named_body`, `...+of`, `actor_of_body`, `actor_shared_head`, `...+adjective`,
`actor_lexical_of`). A phrase of two or more words accepted by a rule that reads the
phrase alone is an ACTOR at its other occurrences in the section too (`repeated_actor`: one
sense per discourse, where a misparse hid its head). Thresholds and word classes are data
(`data/actor_phrases.json`); with `propose_rejected` the phrases the rules turn
down are kept as `candidate_...` spans for the span classifier to judge.
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

from .lexicon import is_name_word
from .obligation_data import load_triggers
from .noun_classes import (ADMINISTRATIVE_ANCHORS, BODY_ANCHORS, NATION_ANCHORS, PERPETRATOR_ANCHORS, POPULACE_ANCHORS, ROLE_ANCHORS, TARGET_ANCHORS, NounClass,
                           lookup)
from .syntax import conjuncts_within

# A person noun whose most frequent sense is one of these holds an office (minister, commissioner,
# secretary, mayor, superintendent, attorney general).
OFFICE_ANCHORS = frozenset({"leader", "official", "authority", "lawman", "representative"})
# A phrase after these is a party to what the sentence describes (`dialogue with mosques`).
PARTY_PREPOSITIONS = frozenset({"with", "between", "among", "amongst"})
# A plural whose senses are this often persons or groups can name a kind of actor (`authorities`:
# 3 of 7 senses), one whose person/group senses are rarer (`funds`: 1 of 3) cannot.
MIN_AGENT_SHARE = 0.4
# Determiners that point back to a body already named (`these teams`).
DEMONSTRATIVES = frozenset({"this", "these", "that", "those"})
# Articles and quantifiers before a role noun that name any holder of the role (`the prosecutor`, `each coordinator`).
GENERIC_ARTICLES = frozenset({"the", "a", "an", "each", "every", "any"})
# The anchor of a body of people a service employs (`staff`, `personnel`, `workforce`, `police`).
STAFF_ANCHORS = frozenset({"force"})
# Groups that gather people rather than organise them (`communities`, `the public`).
GATHERING_ANCHORS = frozenset({"gathering", "people"})

if not Span.has_extension("rule"):
    Span.set_extension("rule", default="")

RULES_RESOURCE = "data/actor_phrases.json"
# The rule of a phrase the rules turned down, kept only for the span classifier to judge.
REJECTED_PREFIX = "candidate_"


def load_settings(path: str | Path | None = None) -> dict[str, Any]:
    if path is None:
        return json.loads(resources.files(__package__).joinpath(RULES_RESOURCE).read_text("utf-8"))
    return json.loads(Path(path).read_text("utf-8"))


class ActorPhrases:
    def __init__(self, nlp: Language, name: str, settings_path: str | None, propose_rejected: bool) -> None:
        self.name = name
        self.propose_rejected = propose_rejected
        settings = copy.deepcopy(load_settings(settings_path))
        self.max_rank = int(settings["max_secondary_sense_rank"])
        self.generic = set(settings["generic_heads"])
        self.modifier_deps = set(settings["modifier_deps"])
        self.acting_deps = frozenset(settings["acting_deps"])
        self.skip_modifiers = set(settings["modifiers_dropped"])
        self.not_heads = set(settings["not_heads"])
        self.category_heads = set(settings["category_heads"])
        self.indefinite = set(settings["indefinite_words"])
        self.never = set(settings["never_heads"])
        self.relational = set(settings["relational_heads"])
        self.opinion_verbs = set(settings["opinion_verbs"])
        self.honorifics = set(settings["honorifics"])
        self.target_modifiers = set(settings["target_modifiers"])
        self.local_titles = set(settings["local_title_words"])
        self.force_modifiers = set(settings["national_force_modifiers"])
        self.force_heads = set(settings["national_force_heads"])
        self.creation_verbs = set(settings["creation_verbs"])

    def __call__(self, doc: Doc) -> Doc:
        kept = [ent for ent in doc.ents if not self._idle_collective(ent)]
        taken = {i for ent in kept for i in range(ent.start, ent.end)}
        added: list[Span] = self._offices(doc, taken)
        office_tokens = {i for span in added for i in range(span.start, span.end)}
        kept = [ent for ent in kept if not office_tokens.intersection(range(ent.start, ent.end))]
        taken = {i for ent in kept for i in range(ent.start, ent.end)} | office_tokens
        for token in doc:
            if token.i in taken or not self._is_head(token):
                continue
            span = self._phrase(doc, token, taken)
            if span is None:
                continue
            decision = self._decide(token, span)
            if decision is None or not (decision[1] or self.propose_rejected):
                continue
            rule = decision[0] if decision[1] else f"{REJECTED_PREFIX}{decision[0]}"
            label = "ACTOR"
            if decision[1] and head_is_named(span):
                label, rule = "ORG", "org_named_body"  # `the Garda organisation`: one named body
            actor = Span(doc, span.start, span.end, label=label)
            actor._.rule = rule
            added.append(actor)
            taken.update(range(actor.start, actor.end))
        spans = self._of_bodies(doc, [self._national_force(s) for s in self._relational(doc, filter_spans(kept + added))])
        spans = self._lexical_of(doc, self._shared_head(doc, spans))
        spans = self._left_adjectives(doc, spans)
        spans = [s for s in spans if not (s.label_ == "ACTOR" and (
            describes_subject(s) or names_a_setting(s) or self._idle_territory(s) or self._target_outside(s)
            or self._yet_to_be_created(s)))]
        spans = _named_kinds(doc, spans)
        spans = spans + _repeated_actor_phrases(doc, spans)
        if added or len(kept) != len(doc.ents) or spans != filter_spans(kept + added):
            doc.ents = sorted(filter_spans(spans), key=lambda s: s.start)
        return doc

    def _national_force(self, span: Span) -> Span:
        """`the national police`, `the federal police`: the one force of the country, ORG."""
        words = [t.lower_ for t in span]
        if (span.label_ == "ACTOR" and len(words) >= 2 and words[0] in self.force_modifiers
                and " ".join(words[1:]) in self.force_heads):  # the listed singular forms only
            org = Span(span.doc, span.start, span.end, label="ORG")
            org._.rule = "org_national_force"
            return org
        return span

    def _relational(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """`partners of local panels`, `members and partners of Channel panels`, `an
        interdisciplinary team of experts`: a relational noun before `of` + an actor makes one
        ACTOR with it (the guidelines keep the words that say which actor)."""
        taken = {i for s in spans for i in range(s.start, s.end)}
        ending_at = {s.end: s for s in spans if s.label_ == "ACTOR"}
        merged_away: set[tuple[int, int]] = set()
        out = []
        for span in spans:
            start = span.start
            if span.label_ == "ACTOR" and start >= 2 and doc[start - 1].lower_ == "of":
                noun = doc[start - 2]
                before = ending_at.get(start - 1)
                if before is not None and before.root.lemma_.lower() in self.relational:
                    joined = Span(doc, before.start, span.end, label="ACTOR")  # `team` + `of experts`
                    joined._.rule = f"{before._.rule}+of"
                    merged_away.add((before.start, before.end))
                    out.append(joined)
                    continue
                if noun.i not in taken and noun.pos_ == "NOUN" and noun.lemma_.lower() in self.relational:
                    new_start = noun.i
                    while new_start > 0 and new_start - 1 not in taken and (
                            doc[new_start - 1].dep_ in ("amod", "compound") or doc[new_start - 1].lower_ == "and"
                            or (doc[new_start - 1].pos_ == "NOUN" and doc[new_start - 1].lemma_.lower() in self.relational
                                and not any(c.dep_ == "det" for c in doc[new_start - 1].children))):
                        new_start -= 1
                    while doc[new_start].lower_ == "and" or doc[new_start].lower_ in self.skip_modifiers:
                        new_start += 1
                    joined = Span(doc, new_start, span.end, label="ACTOR")
                    joined._.rule = f"{span._.rule}+of"
                    out.append(joined)
                    continue
            out.append(span)
        return [s for s in out if (s.start, s.end) not in merged_away]

    def _of_bodies(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """`members of a panel`, `officer of a local authority`, `representatives of the public
        bodies`, `representatives from local authorities`, `members of the public`: a noun of persons
        who belong to a body (one of `relational_heads`, or a role: its most frequent sense a worker,
        official, ...) before `of`/`from` + an article + a body (an ACTOR, or a noun whose first or
        second WordNet sense is an organisation, or the public) says which actor: one ACTOR, the
        article kept (the guidelines' `representatives of the national State`); rule `actor_of_body`.
        Before a named body a bare umbrella noun is no mention, only the ORG is (the guidelines'
        `members of <named ORG>`: `a "senior member" of the AFP` → ORG `AFP`)."""
        by_token = {i: s for s in spans for i in range(s.start, s.end)}
        dropped: set[tuple[int, int]] = set()
        joined_spans: list[Span] = []
        for prep in doc:
            if prep.lower_ not in ("of", "from") or prep.dep_ != "prep" or prep.i < 1:
                continue
            noun = prep.head
            if noun.i < prep.i - 1 and doc[prep.i - 1].dep_ == "conj" and doc[prep.i - 1].head.i == noun.i:
                noun = doc[prep.i - 1]  # `an officer or member of the council`: the parser hangs `of` on the first
            if noun.i >= prep.i or noun.pos_ != "NOUN" or any(
                    not doc[k].is_quote for k in range(noun.i + 1, prep.i)):
                continue  # `member of`, `“senior member” of`; not `a role in the work of`
            noun_span = by_token.get(noun.i)
            if noun_span is not None and (noun_span.label_ != "ACTOR" or noun_span.end != noun.i + 1):
                continue  # inside a name, or the phrase is read at a later head
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if obj is None or obj.sent.start != noun.sent.start:
                continue
            obj_span = by_token.get(obj.i)
            article = 1 if doc[prep.i + 1].lower_ in ("a", "an", "the") else 0
            named = by_token.get(prep.i + 1 + article)
            if named is not None and named.label_ == "ORG" and named.start == prep.i + 1 + article:
                if noun_span is not None and noun.lemma_.lower() in self.generic:
                    dropped.add((noun_span.start, noun_span.end))  # `associate members of the X Association`
                continue
            if not self._relational_person(noun) or (prep.lower_ == "from" and noun.lemma_.lower() not in self.relational):
                continue  # `a psychiatric nurse from the municipality`: where a role comes from, not whose it is
            if obj_span is not None:
                if obj_span.label_ != "ACTOR" or obj_span.start != prep.i + 1 + article or obj_span.end != obj.i + 1:
                    continue
                if not article and prep.lower_ == "of":
                    continue  # `partners of local panels`: joined by `_relational`
            elif not self._body_after_of(doc, prep.i + 1 + article, obj, by_token):
                continue
            start = noun_span.start if noun_span is not None else self._relational_start(doc, noun, by_token)
            joined = Span(doc, start, obj.i + 1, label="ACTOR")
            joined._.rule = "actor_of_body"
            if noun_span is not None:
                dropped.add((noun_span.start, noun_span.end))
            if obj_span is not None:
                dropped.add((obj_span.start, obj_span.end))
            joined_spans.append(joined)
        if not joined_spans and not dropped:
            return spans
        joined_tokens = {i for s in joined_spans for i in range(s.start, s.end)}
        kept = [s for s in spans if (s.start, s.end) not in dropped
                and not joined_tokens.intersection(range(s.start, s.end))]
        return sorted(filter_spans(kept + joined_spans), key=lambda s: s.start)

    def _lexical_of(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """`boards of education`, `members of parliament`: a noun + `of` + a bare noun that WordNet
        lists as one noun of a person or group is one ACTOR (rule `actor_lexical_of`), also where the
        first noun alone would be no mention or a shorter one (`boards`)."""
        by_token = {i: s for s in spans for i in range(s.start, s.end)}
        joined_spans: list[Span] = []
        for prep in doc:
            if prep.lower_ != "of" or prep.i < 1 or prep.i + 1 >= len(doc):
                continue
            noun, obj = doc[prep.i - 1], doc[prep.i + 1]
            if noun.pos_ != "NOUN" or obj.pos_ != "NOUN" or prep.head.i != noun.i:
                continue
            if not obj.is_lower or not (noun.is_lower or noun.is_sent_start) or obj.i in by_token:
                continue
            if obj.i + 1 < len(doc) and doc[obj.i + 1].pos_ in ("NOUN", "PROPN"):
                continue  # `board of education officials`: the phrase goes on
            noun_span = by_token.get(noun.i)
            if noun_span is not None and (noun_span.label_ != "ACTOR" or noun_span.end != noun.i + 1):
                continue
            lexical = lookup(f"{noun.lemma_.lower()} of {obj.lemma_.lower()}")
            if lexical.first_class not in ("person", "group"):
                continue
            start = noun_span.start if noun_span is not None else self._relational_start(doc, noun, by_token)
            joined = Span(doc, start, obj.i + 1, label="ACTOR")
            joined._.rule = "actor_lexical_of"
            joined_spans.append(joined)
        if not joined_spans:
            return spans
        joined_tokens = {i for s in joined_spans for i in range(s.start, s.end)}
        kept = [s for s in spans if not joined_tokens.intersection(range(s.start, s.end))]
        return sorted(filter_spans(kept + joined_spans), key=lambda s: s.start)

    def _left_adjectives(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """`the responsible local authority`, `elected representatives`: an adjective (or a common noun
        modifying a word of the span: `_left_compound`) before an ACTOR span that modifies its head says
        which actor and joins the span (the guidelines keep the words that say which actor), unless the guidelines drop it (`relevant`, `other`: `modifiers_dropped`),
        it describes a target group (`vulnerable`), compares (`closer`), or is a nationality; nor
        before a noun that is first a territory (`small municipalities`: the adjective says what the
        place is like)."""
        taken = {i for s in spans for i in range(s.start, s.end)}
        out = []
        for span in spans:
            start = span.start
            # a territory's adjectives describe the place (`small municipalities`, `rural areas`); a
            # compound before it names a kind (`disaster management centre`, `council area`)
            if span.label_ == "ACTOR" and (len(span) > 1 or lookup(span[-1].lemma_.lower()).first_class != "location"):
                while start - 1 >= span.sent.start and start - 1 not in taken:
                    left = doc[start - 1]
                    if not ((left.tag_ == "JJ" and (left.is_lower or _opens_a_clause(left)) and left.is_alpha
                             and left.dep_ == "amod"
                             and span.start <= left.head.i < span.end and left.ent_type_ != "NORP"
                             and left.lower_ not in self.skip_modifiers and left.lower_ not in self.target_modifiers)
                            or self._left_compound(left, start, span)):
                        break
                    start -= 1
            if start == span.start:
                out.append(span)
                continue
            joined = Span(doc, start, span.end, label=span.label_)
            joined._.rule = f"{span._.rule}+adjective"
            out.append(joined)
        return out

    @staticmethod
    def _left_compound(left: Token, start: int, span: Span) -> bool:
        """`municipal disaster management centre` (a span `management centre` from a pattern): a
        common noun that modifies a modifier inside the span (a chain of compounds) says which actor
        too, like an adjective; not one that would modify the head itself (`train professionals`, a
        misparsed verb before a list's item), not a noun of people who do harm (`terrorist cell`),
        not a name or a number."""
        if left.tag_ not in ("NN", "NNS") or left.dep_ != "compound" or not start <= left.head.i < span.end - 1:
            return False
        if not (left.is_alpha or "-" in left.text) or left.ent_type_ or not left.is_lower:
            return False
        return lookup(left.lower_).anchor_rank(PERPETRATOR_ANCHORS) != 0

    def _shared_head(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """`youth, social and educational services`, `transport and utility companies`, `Federal,
        State, and local government agencies`, `Law enforcement and government officials`: modifiers
        coordinated before one head share it, so the ACTOR takes them all in (the guidelines' `local
        and federal authorities`); rule `actor_shared_head`. A modifier is an adjective or a singular
        noun (a plural noun or an actor of its own before `and` is a second mention: `police,
        education and justice agencies` → `police` + `education and justice agencies`)."""
        taken = {i for s in spans for i in range(s.start, s.end)}
        out = []
        for span in spans:
            if span.label_ != "ACTOR":
                out.append(span)
                continue
            sent_start = span.sent.start
            start = span.start
            # the first word's own compound (`Law` of `Law enforcement`), or a modifier left of the
            # span that the parser hung on a conjunct (`utility` in `transport and utility companies`)
            compound_start = None
            while start - 1 >= sent_start and start - 1 not in taken and self._coordinable(doc[start - 1], span) and (
                    doc[start - 1].dep_ == "compound" and span.start <= doc[start - 1].head.i < span.end
                    or doc[start - 1].dep_ == "conj" and start == span.start and len(span) == 1):
                start -= 1
                if doc[start].dep_ == "compound":
                    compound_start = start
            listed = any(t.lower_ in ("and", "or") for t in doc[start : span.end - 1])  # `State, and local ...`
            i = start - 1
            if i >= sent_start and doc[i].lower_ in ("and", "or"):
                if listed:
                    out.append(span)
                    continue  # `probation and education and health providers`: one list has one `and`
                listed = True
                i -= 1
            new_start = compound_start if listed else None  # `train professionals`: a misparsed verb
            if i >= sent_start and doc[i].text == ",":
                i -= 1
            if start < span.end - 1 and listed and i < start - 1:  # a modifier, and a list before it
                first = None
                while i >= sent_start and i not in taken and self._coordinable(doc[i], span):
                    while i - 1 >= sent_start and i - 1 not in taken and doc[i - 1].dep_ == "compound" \
                            and doc[i - 1].head.i == i and self._coordinable(doc[i - 1], span):
                        i -= 1  # `Law enforcement`
                    first = i
                    if i - 2 >= sent_start and doc[i - 1].text == ",":
                        i -= 2
                    else:
                        break
                before = doc[first - 1] if first is not None and first > sent_start else None
                if before is not None and before.lower_ in ("a", "an") and span[-1].tag_ in ("NNS", "NNPS"):
                    first = None  # `a hotline and information centres`: a singular noun of its own
                if first is not None and not (before is not None and before.pos_ in ("ADJ", "NOUN", "PROPN")):
                    new_start = first  # else not the start of a noun phrase: a list of longer phrases
            if new_start is None:
                out.append(span)
                continue
            joined = Span(doc, new_start, span.end, label="ACTOR")
            joined._.rule = "actor_shared_head"
            taken.update(range(new_start, span.start))
            out.append(joined)
        return out

    @staticmethod
    def _coordinable(token: Token, span: Span) -> bool:
        """A word that can be one of several modifiers of the span's head: an adjective, a singular
        common noun, or a capitalised level word in a list of capitalised ones (`Federal, State`)."""
        if token.is_sent_start and token.pos_ == "PROPN":
            return bool(lookup(token.lower_).classes)  # `Law enforcement and ...` opening a sentence
        if token.pos_ == "ADJ" or token.tag_ == "NN" and "-" not in token.text[:1]:
            if token.pos_ == "NOUN" and lookup(span[-1].lemma_.lower()).first_class == "person":
                nc = lookup(token.lemma_.lower())
                if nc.first_class == "group" and nc.anchor_rank(BODY_ANCHORS | GATHERING_ANCHORS) == 0:
                    return False  # `members of parliament and local councillors`: a body, then persons
            return token.ent_type_ not in ("PLACE", "GPE", "ORG", "POLICY", "NORP")
        return token.pos_ == "PROPN" and span[0].pos_ == "PROPN" and token.tag_ == "NNP"

    def _relational_person(self, noun: Token) -> bool:
        """A noun of persons who belong to a body: `member`, `chair`, `officer`, `commander`; or
        the body of people a service employs (`staff`, `personnel`, `work force`: WordNet's force)."""
        lemma = noun.lemma_.lower()
        if lemma in self.relational:
            return True
        nc = lookup(lemma)
        if nc.first_class == "person" and nc.anchor_rank(ROLE_ANCHORS) == 0:
            return True
        before = noun.doc[noun.i - 1] if noun.i > 0 else None
        if before is not None and before.dep_ == "compound" and before.head.i == noun.i:
            nc = lookup(f"{before.lemma_.lower()} {lemma}")  # `work force`
        return nc.first_class == "group" and nc.anchor_rank(STAFF_ANCHORS) == 0

    def _body_after_of(self, doc: Doc, start: int, obj: Token, by_token: dict[int, Span]) -> bool:
        """`a panel`, `the council`, `the public`: lower-case modifiers and a noun whose first or
        second sense is an organised body, or the population as a public; not a place, not a target
        (`members of extremist groups`)."""
        if obj.i < start or not obj.is_lower or obj.pos_ != "NOUN":
            return False
        for tok in doc[start : obj.i]:
            inner = by_token.get(tok.i)  # `the local police station`: an actor inside names the premises
            if (inner is not None and (inner.label_ != "ACTOR" or inner.end > obj.i)) or tok.dep_ not in self.modifier_deps or tok.head.i > obj.i or not (
                    tok.is_lower or "-" in tok.text) or tok.like_num:
                return False
        nc = lookup(obj.lemma_.lower())
        body = nc.anchor_rank(BODY_ANCHORS)
        public = nc.first_class == "group" and nc.anchor_rank(frozenset({"people"})) == 0
        # `the local police station`: a building named by the body that works in it
        premises = nc.first_class == "artifact" and any(
            lookup(t.lemma_.lower()).first_class == "group" and lookup(t.lemma_.lower()).anchor_rank(BODY_ANCHORS) == 0
            for t in doc[start : obj.i] if t.dep_ == "compound")
        if not (body is not None and body <= 1 or public or premises) or nc.first_class == "location":
            return False
        phrase = doc[start : obj.i + 1]
        return not self._target_modified(phrase, nc.anchor_rank(ROLE_ANCHORS), body)

    def _relational_start(self, doc: Doc, noun: Token, by_token: dict[int, Span]) -> int:
        """The left edge of the relational noun's phrase: its modifiers (`chief officer`) and a
        coordinated relational noun (`officer or member`), without determiners or the words the
        guidelines drop."""
        start = noun.i
        sent_start = noun.sent.start
        while start > sent_start and start - 1 not in by_token:
            left = doc[start - 1]
            if left.dep_ in ("amod", "compound") and left.head.i == noun.i and left.pos_ in ("ADJ", "NOUN", "VERB") \
                    and not left.like_num:
                start -= 1
            elif left.lower_ in ("and", "or") and start - 2 >= sent_start and start - 2 not in by_token \
                    and noun.dep_ == "conj" and noun.head.i == start - 2 and self._relational_person(doc[start - 2]):
                start -= 2
            else:
                break
        while start < noun.i and (doc[start].lower_ in self.skip_modifiers or doc[start].ent_type_ == "NORP"):
            start += 1
        return start

    # -- collective nouns and offices ---------------------------------------------------
    def _idle_collective(self, ent: Span) -> bool:
        """An ACTOR whose head names the population at large (`communities`, `the public`,
        `citizens`) but which neither acts nor is a party: the guidelines leave it out."""
        if ent.label_ != "ACTOR":
            return False
        head = ent[-1]
        if head.text[:1].isupper() and not head.is_sent_start:
            return False
        nc = lookup(head.lemma_.lower())
        if not self._populace(nc):
            return False
        root = ent.root if ent.root.i >= ent.start else head
        return _in_a_state(root) or not acting_phrase(root, self.acting_deps, passive=True)

    def _target_outside(self, span: Span) -> bool:
        """`extremist religious leaders`: a pattern's span began after a modifier that makes the
        phrase a target group (the guidelines' target rule), so the shorter span is no actor either."""
        head = span.root
        return any(c.dep_ == "amod" and c.i < span.start and c.lower_ in self.target_modifiers
                   for c in head.children)

    def _yet_to_be_created(self, span: Span) -> bool:
        """`A national centre for efforts to combat radicalisation must be established`, `a national
        counselling service ... should be established`: an indefinite body that is the passive subject
        of a creation verb under a modal or `to be` does not exist yet, so it acts nowhere (fNOTES
        f01: no line). A person (`a coordinator should be appointed`) holds a role and stays."""
        head = span.root
        verb = head.head
        if head.dep_ != "nsubjpass" or verb.pos_ != "VERB" or verb.lemma_.lower() not in self.creation_verbs:
            return False
        if not any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in head.children):
            return False
        if lookup(head.lemma_.lower()).first_class == "person":
            return False
        auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
        return any(c.tag_ == "MD" or c.lower_ == "to" for c in auxes)

    def _idle_territory(self, span: Span) -> bool:
        """`other regions in the world`, `The region was selected`: a noun that WordNet knows only as
        a place (first sense a location, no sense a group, person or building: `region`, `area`; not
        `municipality`, which is also an administration, nor `centre`, also a building) names a level of government only where it acts or is a
        party, like the population at large."""
        head = span.root if span.root.i >= span.start else span[-1]
        if head.text[:1].isupper() and not head.is_sent_start:
            return False
        nc = lookup(head.lemma_.lower())
        if nc.first_class != "location" or nc.share("group", "person", "artifact") > 0 or territorial_unit(head):
            return False  # `the national centre`: a centre is also a building, hence an institution
        if any(c.dep_ in ("relcl", "nummod") for c in head.children):
            return False  # `the regions that have their own regional police`, `each of the 41 counties`: units that govern
        if head.dep_ == "pobj" and head.head.lower_ == "in" and head.tag_ == "NN":
            return False  # `represents the State in the region`: the unit a body serves (first report's gold)
        return not acting_phrase(head, self.acting_deps)

    @staticmethod
    def _populace(nc: NounClass) -> bool:
        kin = nc.anchor_rank(frozenset({"kin"}))
        if kin is not None and kin <= 1:
            return True  # `families`: a household, not an organisation, whatever WordNet's first sense
        if nc.anchor_rank(ROLE_ANCHORS) == 0 or nc.anchor_rank(BODY_ANCHORS) == 0:
            return nc.anchor_rank(POPULACE_ANCHORS) == 0 and nc.first_class == "person"
        return nc.anchor_rank(POPULACE_ANCHORS) == 0 or nc.anchor_rank(GATHERING_ANCHORS) == 0

    def _offices(self, doc: Doc, taken: set[int]) -> list[Span]:
        """Titles of public offices written as titles (`Prime Minister`, `Minister for Justice`,
        `Garda Commissioner`): one holder → ORG; plural or one per place (`Lead Ministers`,
        `a Regional Commissioner`) → ACTOR. The holder's name is in no span."""
        spans: list[Span] = []
        # The model's ORG on a title (`Divisional Chief Superintendent`) is read as a title here.
        model_titles = {i for ent in doc.ents if (ent._.rule or "").startswith("model_") for i in range(ent.start, ent.end)}
        taken = taken - model_titles
        for token in doc:
            if token.i in taken or not token.text[:1].isupper() or not token.is_alpha:
                continue
            nc = lookup(token.lemma_.lower()) if token.lemma_ else lookup(token.lower_)
            if not nc.classes and token.lower_.endswith("s"):
                nc = lookup(token.lower_[:-1])  # a proper noun keeps its plural as its lemma (`Ministers`)
            if nc.first_class != "person" or nc.anchor_rank(OFFICE_ANCHORS) != 0:
                continue
            if token.i + 1 < len(doc) and doc[token.i + 1].text[:1].isupper() and doc[token.i + 1].is_alpha:
                continue  # not the last word of the title (`Chief Superintendent` is read at its end)
            start = token.i
            while start > token.sent.start and start - 1 not in taken and doc[start - 1].text[:1].isupper() \
                    and (doc[start - 1].is_alpha or "-" in doc[start - 1].text) and doc[start - 1].pos_ not in ("DET", "PRON"):
                start -= 1
            if start == token.i and token.is_sent_start:
                continue  # one capitalised word opening a sentence says nothing
            if start >= 2 and doc[start - 1].lower_ in ("of", "for") and doc[start - 2].text[:1].isupper():
                continue  # `House of Representatives`: the tail of a longer name
            if any(t.lower_.rstrip(".") in self.honorifics for t in doc[max(0, start - 1) : token.i + 1]):
                continue  # `Mr Smith`: a person's name, and persons are in no span
            if start > 0 and doc[start - 1].text[:1].isupper() and doc[start - 1].ent_type_:
                continue  # `Health Service Executive`: the last word of a longer name, not a title
            end = token.i + 1
            article = 1 if end + 2 < len(doc) and doc[end + 1].lower_ == "the" else 0
            if end + 1 + article < len(doc) and doc[end].lower_ in ("of", "for") and doc[end + 1 + article].text[:1].isupper():
                stop = end + 1 + article
                while stop < len(doc) and stop not in taken and doc[stop].is_alpha and (
                        doc[stop].text[:1].isupper() or doc[stop].lower_ in ("and", "of")):
                    if doc[stop].lower_ == "and" and stop + 1 < len(doc) and not doc[stop + 1].text[:1].isupper():
                        break  # `Leader of the Opposition and the Shadow Minister`: a second title
                    stop += 1
                while stop > end + 1 and not doc[stop - 1].text[:1].isupper():
                    stop -= 1
                while stop > end + 2 and is_name_word(doc[stop - 1]):
                    stop -= 1  # `Minister for Justice Gunnar Strömmer`: the holder's name is in no span
                end = stop
            if any(i in taken for i in range(start, end)):
                continue
            before = doc[start - 1].lower_ if start > 0 else ""
            plural = token.tag_ in ("NNS", "NNPS")
            if plural and end == start + 1 and before in DEMONSTRATIVES | {"the"}:
                continue  # `The Ministers are jointly investing`: a bare title referring back (annotations/GUIDE.md)
            many = plural or before in self.indefinite or doc[start].lower_ in self.local_titles
            label = "ACTOR" if many else "ORG"
            span = Span(doc, start, end, label=label)
            span._.rule = "office_title_many" if many else "office_title"
            spans.append(span)
        return spans

    # -- the phrase ---------------------------------------------------------------
    def _is_head(self, token: Token) -> bool:
        if token.pos_ != "NOUN" or not token.is_alpha and "-" not in token.text:
            return False
        if token.dep_ == "compound" and token.head.pos_ in ("NOUN", "PROPN") and token.head.i == token.i + 1:
            return False  # a modifier of the next noun: the phrase is read at its head
        if token.text[:1].isupper() and not token.is_sent_start:
            return False  # a capitalised word mid-sentence belongs to a name: the name rules decide
        if _generic_possessor(token):
            return False  # `magistrates' courts`: read at the possessed noun
        return token.lemma_.lower() not in self.not_heads

    def _phrase(self, doc: Doc, head: Token, taken: set[int]) -> Span | None:
        start = head.i
        sent_start = head.sent.start
        while start > sent_start:
            left = doc[start - 1]
            if left.dep_ == "case" and start - 2 >= sent_start and _generic_possessor(doc[start - 2]) \
                    and doc[start - 2].head.i == head.i and start - 2 not in taken:
                start -= 2  # `magistrates' courts`, `children's services`: a kind named by whom it serves
                continue
            if left.like_num and left.dep_ == "nummod" and start - 2 >= sent_start and left.head.i == start - 2 \
                    and start - 2 not in taken and doc[start - 2].text[:1].isupper() and doc[start - 2].head.i == head.i \
                    and doc[start - 2].dep_ in self.modifier_deps:
                start -= 2  # `Category 1 responders`: a numbered class a law defines
                continue
            if left.i in taken or left.head.i < start - 1 or left.head.i > head.i:
                break
            if left.dep_ not in self.modifier_deps and not (left.text == "-" or left.dep_ == "punct" and "-" in left.text):
                break
            if left.pos_ not in ("ADJ", "NOUN", "PROPN", "VERB") or left.like_num:
                break
            start -= 1
        while start < head.i and (doc[start].lower_ in self.skip_modifiers or (
                (doc[start].ent_type_ == "NORP" or doc[start].pos_ == "ADJ" and doc[start].text[:1].isupper()
                 and not doc[start].is_sent_start) and not _opens_a_name(doc[start], head))):
            start += 1  # `relevant local partners`, `Dutch government`: the guidelines drop these words
        return doc[start : head.i + 1]

    # -- the decision --------------------------------------------------------------
    def _classes(self, head: Token, span: Span) -> NounClass:
        if len(span) >= 2:  # `police officer`, `youth worker`: the compound first
            pair = lookup(f"{span[-2].lemma_.lower()} {head.lemma_.lower()}")
            if pair.classes:
                return pair
        return lookup(head.lemma_.lower())

    def _decide(self, head: Token, span: Span) -> tuple[str, bool] | None:
        """(rule, accepted) for a phrase whose head has a person or group sense; None otherwise.
        A rejected phrase is still a candidate for the span classifier (`propose_rejected`)."""
        nc = self._classes(head, span)
        role, body = nc.anchor_rank(ROLE_ANCHORS), nc.anchor_rank(BODY_ANCHORS)
        secondary = min(r for r in (role, body, self.max_rank + 1) if r is not None)
        modified = len(span) > 1
        lemma = head.lemma_.lower()
        if (modified and head.tag_ == "NNS" and lemma in self.generic and lemma not in self.never
                and not self._target_modified(span, role, body)):
            return "actor_noun_modified", True  # `for-profit groups`, `community organisations`: the modifier says which
        if territorial_unit(head):
            return "actor_territorial_unit", True  # `the city`, `each county`: a unit of government, wherever it stands
        if not nc.classes or (secondary > self.max_rank and nc.first_class not in ("person", "group")):
            return None
        acting = self._acting(head)
        if nc.anchor_rank(TARGET_ANCHORS) == 0 or lemma in self.never:
            return "actor_noun_target", False  # the people policies act on (`young people`, `terrorists`)
        if self._target_modified(span, role, body):
            return "actor_noun_target", False  # `terrorist offences`, `extremist groups`: about the targets
        if head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.lemma_.lower() in self.category_heads:
            return "actor_noun_kind", False  # `two kinds of task force`: the name of a category
        if not modified and (lemma in self.generic or nc.first_class == "Tops"):
            return "actor_noun_generic", False  # `organisations`, `authorities`: says nothing about which actor
        if not modified and not any(t.pos_ in ("VERB", "AUX") for t in head.sent) and not _list_item(head.sent):
            return "actor_noun_topic", False  # `Parliaments, agencies and communities: texts from ...`: a title names topics
        if "location" in [c for c, _ in nc.classes[:2]]:
            return "actor_noun_territory", False  # `countries`, `regions`: territories, read by the place and level rules
        if (head.dep_ == "attr" and head.tag_ == "NN" and any(c.lower_ in ("a", "an") for c in head.children)
                and not any(c.dep_ == "expl" for c in head.head.children)):
            return "actor_noun_predicate", False  # `bOJA is a non-profit organisation`: describes its subject
        determiners = [c.lower_ for c in head.children if c.dep_ in ("det", "poss")]
        if any(c.dep_ == "poss" and c.pos_ == "PRON" for c in head.children) and not _staff_body(head):
            return "actor_noun_possessed", False  # `our partnerships`, `their unique convening authorities`: what a body has
        if any(d in DEMONSTRATIVES for d in determiners) or (not modified and head.tag_ == "NN" and determiners
                                                              and not self._generic_holder(head, nc, determiners)
                                                              and not _staff_body(head)):
            return "actor_noun_anaphor", False  # `these teams`, `its mission`: a body named elsewhere
        if self._populace(nc):
            return "actor_noun_populace", acting_phrase(head, self.acting_deps, passive=True) and not _in_a_state(head)
        if (nc.first_class == "person" and head.dep_ == "nsubj" and head.head.lemma_.lower() in self.opinion_verbs
                and head.head.lemma_.lower() != "report" and nc.anchor_rank(OFFICE_ANCHORS) != 0):
            # `commentators noted`, `observers note`: a person without an office who only says or
            # thinks something is a source (`teachers report concerns` acts; `officials said` holds an office)
            return "actor_noun_source", False
        if role == 0 and nc.first_class == "person":
            return "actor_noun_role", True
        if (nc.first_class == "person" and role is None and head.dep_ == "nsubj"
                and head.head.lemma_.lower() in self.opinion_verbs):
            return "actor_noun_source", False  # `interviewees suggested`, `commentators noted`: sources, not actors
        if body == 0 and nc.first_class == "group":
            if head.tag_ == "NN" and not modified and not determiners and not _staff_body(head):
                return "actor_noun_mass", False  # `levels of governance`: a bare singular is a mass or abstract use
            if (not modified and "relation" in [c for c, _ in nc.classes[:2]]
                    and not acting_phrase(head, self.acting_deps, copula=False)):
                # `existing partnerships that communities have forged`, `Partnerships are vital`: a
                # noun that is as often a relation between actors names a body only where it acts
                return "actor_noun_relation", False
            return "actor_noun_body", True
        if head.tag_ == "NNS" and nc.first_class == "act" and secondary <= self.max_rank and not acting:
            return "actor_noun_act", False  # `terrorism offences`: mostly an act, an actor only where it acts
        if head.tag_ == "NNS" and (nc.first_class in ("person", "group") or nc.share("person", "group") >= MIN_AGENT_SHARE or (
                nc.first_class == "act" and secondary <= self.max_rank)) and nc.share("person", "group") > 0:
            if modified:
                return "actor_noun_modified", True  # `service providers`, `youth services`
            if acting and nc.first_class in ("person", "group"):
                return "actor_noun_acting", True
        if head.tag_ == "NNS" and nc.first_class in ("person", "group") and any(
                c.ent_type_ in ("ACTOR", "ORG") for c in conjuncts_within(head)):
            return "actor_noun_listed", True  # `organisations, societies and associations`: one of a list of actors
        return "actor_noun_weak", False

    def _generic_holder(self, head: Token, nc: NounClass, determiners: list[str]) -> bool:
        """`the prosecutor`, `a convener`, `each coordinator`: an article before a noun whose most
        frequent sense is a person with a role names whoever holds that role (many holders, the
        guidelines' `mayor`), not one body named before, which a possessive would (`its chair`).
        Not a noun that says whose it is (`a representative`, `an officer of the national police`):
        that one is read with its body or not at all."""
        return (nc.first_class == "person" and nc.anchor_rank(ROLE_ANCHORS) == 0
                and set(determiners) <= GENERIC_ARTICLES and head.lemma_.lower() not in self.relational
                and not any(c.dep_ == "prep" and c.lower_ == "of" and _names_a_body(c) for c in head.children))

    def _target_modified(self, span: Span, role: int | None, body: int | None) -> bool:
        """A modifier that describes the people a policy acts on (`young adults`, `terrorist
        offences`); a target noun before a role or body says whom it serves (`youth workers`,
        `victim support groups`), except a noun of people who do harm (a radical, wrongdoer,
        combatant: `PERPETRATOR_ANCHORS`) right before a body noun it modifies: the body is made
        of them (`terrorist organisations`, `criminal gangs`; the guidelines' target groups)."""
        head = span[-1]
        return any(t.lower_ in self.target_modifiers or (
            lookup(t.lemma_.lower()).anchor_rank(TARGET_ANCHORS) == 0 and role != 0 and body != 0) or (
            body == 0 and role != 0 and t.i == head.i - 1 and t.head.i == head.i and t.pos_ in ("NOUN", "ADJ")
            and lookup(t.lower_).anchor_rank(PERPETRATOR_ANCHORS) == 0)  # the word as written: `teaching` is no `Teach`
            for t in span[:-1])

    def _acting(self, head: Token) -> bool:
        return acting_phrase(head, self.acting_deps)


def _named_kinds(doc: Doc, spans: list[Span]) -> list[Span]:
    """`NHS bodies`, `NHS Trusts`: a body's name before a plural noun of persons or bodies that it
    modifies names a kind with many instances (the guidelines' ORG vs ACTOR rule): one ACTOR over
    both, rule `actor_named_kind`, instead of the name alone."""
    out = list(spans)
    for span in spans:
        if span.label_ != "ORG" or span.end >= len(doc):
            continue
        head = doc[span.end]
        if head.tag_ not in ("NNS", "NNPS") or span[-1].head.i != head.i or head.sent.start != span.sent.start:
            continue
        if any(s.start <= head.i < s.end for s in spans if s is not span and s.label_ != "ACTOR"):
            continue
        nc = lookup(head.lemma_.lower())
        if nc.first_class not in ("person", "group") and nc.anchor_rank(BODY_ANCHORS) is None \
                and nc.anchor_rank(ROLE_ANCHORS) is None:
            continue  # `bodies`: a body of persons in a later sense
        actor = next((s for s in spans if s.start == head.i and s.label_ == "ACTOR"), None)
        end = actor.end if actor is not None else head.i + 1
        joined = Span(doc, span.start, end, label="ACTOR")
        joined._.rule = "actor_named_kind"
        out = [s for s in out if s is not span and s is not actor] + [joined]
    return sorted(filter_spans(out), key=lambda s: s.start)


def _generic_possessor(token: Token) -> bool:
    """`magistrates' courts`, `children's services`: a plural common noun without a determiner
    before a possessive marker names a kind of person the possessed noun is for, not one owner
    (`the council's officers`)."""
    doc = token.doc
    return (token.dep_ == "poss" and token.pos_ == "NOUN" and (token.is_lower or bool(token.is_sent_start))
            and token.tag_ == "NNS"
            and token.i + 1 < len(doc) and doc[token.i + 1].dep_ == "case"
            and not any(c.dep_ in ("det", "poss") for c in token.children))


def _opens_a_clause(token: Token) -> bool:
    """`Part 2 : Municipal disaster management centres`: a word capitalised only because it opens the
    text after a colon (a heading's words after it in lower case). Not a sentence's first word,
    which may be a nationality (`Canadian universities`)."""
    if not token.text[:1].isupper() or not token.text[1:].islower():
        return False
    return token.i > 0 and token.doc[token.i - 1].text == ":"


def _opens_a_name(token: Token, head: Token) -> bool:
    """`Australian Government ministers`: a capitalised word before another capitalised modifier
    opens a name (the guidelines keep `Australian Government` before a role noun); before the head
    or a lower-case word it is a nationality (`the Dutch government`, `Canadian universities`)."""
    following = token.doc[token.i + 1]
    return following.i < head.i and following.text[:1].isupper() and following.is_alpha


def _names_a_body(prep: Token) -> bool:
    """The object of `of` is a name or a kind of person or body (`of the national police`), not an
    act (`notify the prosecutor of any suspected offence`)."""
    obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    return obj is not None and (obj.pos_ == "PROPN" or lookup(obj.lemma_.lower()).first_class in ("person", "group"))


def _list_item(sent: Span) -> bool:
    """A bullet of a list (`Canadian universities, educational institutions/boards of education and
    Centres of excellence;`): it ends in `;` or `,`, or the text before it ends in a colon."""
    last = next((t for t in reversed(sent) if not t.is_space), None)
    if last is not None and last.text in (";", ","):
        return True
    before = sent.start - 1
    while before >= 0 and sent.doc[before].is_space:
        before -= 1
    return before >= 0 and sent.doc[before].text == ":"


def describes_subject(span: Span) -> bool:
    """`bOJA is a non-profit organisation`, `the Centre is a nationwide contact point`, `takes
    pride in being a community police service`: a singular indefinite noun after a copula whose
    subject is a name classifies the body named there; it refers to no kind of actor. A plural
    predicate (`Local authorities are specified authorities`), a definite one (`is the
    Australian Government minister responsible for`), one after a pronoun (`It's a multi-agency
    partnership which identifies ...`) and `there is a ...` still name a kind."""
    head = span.root
    if head.dep_ != "attr" or head.tag_ != "NN" or head.head.lemma_.lower() not in ("be", "become"):
        return False
    if _staff_role(head):
        return False  # `The coordinator must be an officer from council`: a profession is an actor wherever it stands
    if any(c.dep_ == "expl" for c in head.head.children):
        return False
    if not {c.lower_ for c in head.children if c.dep_ == "det"} & {"a", "an"}:
        return False  # `A Lead Minister is the Australian Government minister responsible for ...` names a kind
    verb = head.head
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None and verb.dep_ in ("pcomp", "xcomp", "advcl") and verb.head.head.i != verb.head.i:
        above = verb.head if verb.head.pos_ in ("VERB", "AUX") else verb.head.head  # `takes pride in being ...`
        subject = next((c for c in above.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    # only a named subject: `It's a multi-agency partnership which identifies ...` still introduces a kind
    return subject is not None and (subject.pos_ == "PROPN" or subject.ent_type_ in ("ORG", "POLICY") or (
        not subject.is_stop and any(c.isupper() for c in subject.text[1:])))  # `bOJA`, tagged a pronoun


def territorial_unit(head: Token) -> bool:
    """`the city`, `each county`, `neighbouring municipalities`: a noun whose first WordNet sense is a
    place and whose first or second sense is an administrative district (a unit of local or
    regional government: city, town, county, province, commune, canton, borough; not `region`,
    `area`, `district`) names an unnamed territorial unit, an ACTOR wherever it stands, also as a
    location (the guidelines' §2.3.10). Not a noun that is also a nation (`country`, `state`:
    countries are no actor, and `state` is as often a country or a condition); not a modifier (`at
    the federal, state and local level`, `at county level`); not a bare singular (`organ of state`:
    a count noun without an article is used as a mass); not where a demonstrative or possessive,
    or `the` after a named place in the sentence, points back to one named before (`this city`,
    `Belfast ... within the city`); not before `of` (`the city of Aarhus`: the name is read there)
    nor as the `of` phrase of a noun of persons (`citizens of the town`: the population, whom a
    measure serves)."""
    nc = lookup(head.lemma_.lower())
    rank = nc.anchor_rank(ADMINISTRATIVE_ANCHORS)
    if nc.first_class != "location" or rank is None or rank > 1 or nc.anchor_rank(NATION_ANCHORS) is not None:
        return False
    first = head
    while first.dep_ == "conj" and first.head.i < first.i:
        first = first.head
    if first.dep_ in ("amod", "compound", "nmod"):
        return False
    determiners = [c for c in head.children if c.dep_ in ("det", "poss")]
    if head.tag_ == "NN" and not determiners:
        return False
    if any(c.dep_ == "poss" or c.lower_ in DEMONSTRATIVES for c in determiners):
        return False
    if any(c.lower_ == "the" for c in determiners) and head.tag_ == "NN" and any(
            ent.label_ in ("PLACE", "GPE") and ent.end <= head.i for ent in head.doc.ents if ent.sent.start == head.sent.start):
        return False
    if any(c.dep_ == "prep" and c.lower_ == "of" for c in head.children):
        return False
    return not (first.dep_ == "pobj" and first.head.lower_ == "of" and first.head.head.pos_ == "NOUN"
                and lookup(first.head.head.lemma_.lower()).first_class == "person")


def _staff_role(head: Token) -> bool:
    """A noun whose most frequent sense is a person with a role (a worker, official, professional:
    `officer`, `social worker`) or the body of people a service employs: the guidelines'
    professions and staff categories, an ACTOR wherever they stand, also as the predicate of a
    copula (`must be an officer from council`)."""
    nc = lookup(head.lemma_.lower())
    return (nc.first_class == "person" and nc.anchor_rank(ROLE_ANCHORS) == 0) or _staff_body(head)


def _staff_body(head: Token) -> bool:
    """`staff`, `personnel`, `workforce`: a group noun whose most frequent sense is the body of people
    a service employs (WordNet's force) is a staff category, not a mass (`responsibility for
    staff`) nor what a body has (`provide its key staff`): the guidelines' staff categories are an
    ACTOR wherever they stand. Not as a modifier (`both staff and management positions`)."""
    nc = lookup(head.lemma_.lower())
    return (nc.first_class == "group" and nc.anchor_rank(STAFF_ANCHORS) == 0
            and head.dep_ not in ("compound", "nmod", "amod"))


# Prepositions that place what the sentence describes inside somewhere (`radicalisation in prisons`).
LOCATIVE_PREPOSITIONS = frozenset({"in", "within", "inside", "throughout"})


def names_a_setting(span: Span) -> bool:
    """`radicalisation in prisons`, `treated in hospitals`: a noun whose first WordNet sense is a
    building or facility (noun.artifact), after a locative preposition, names where something
    happens, not who acts. An institution whose first sense is a body (`schools`, `courts`:
    noun.group) is still an actor there."""
    head = span.root
    if head.dep_ != "pobj" or head.head.lower_ not in LOCATIVE_PREPOSITIONS:
        return False
    return lookup(head.lemma_.lower()).first_class == "artifact"


# ACTOR rules that decide by the phrase itself, not by what it does in its sentence: a phrase they
# accept names the same kind of actor wherever the section repeats it.
CONTEXT_FREE_RULES = ("actor_noun_role", "actor_noun_body", "actor_noun_modified", "actor_modifier_head",
                      "actor_listed_modifiers", "actor_head")


def _repeated_actor_phrases(doc: Doc, spans: list[Span]) -> list[Span]:
    """One sense per discourse: a phrase of two or more words accepted as ACTOR by a rule that reads
    the phrase alone (`specified authorities`) is an ACTOR at its other occurrences in the section
    too, where a misparse hid its head (`to which specified authorities must have regard`, the
    parser reading `specified` as a verb). Rule `repeated_actor`; one word alone is not repeated
    (a bare noun's reading depends on its sentence)."""
    phrases = {tuple(t.lower_ for t in s) for s in spans
               if s.label_ == "ACTOR" and len(s) >= 2 and str(s._.rule).startswith(CONTEXT_FREE_RULES)
               and not _populace_head(s[-1])}  # `local communities` counts only where they act
    if not phrases:
        return []
    taken = {i for s in spans for i in range(s.start, s.end)}
    added: list[Span] = []
    for phrase in sorted(phrases, key=lambda p: (-len(p), p)):
        n = len(phrase)
        for i in range(len(doc) - n + 1):
            if doc[i].lower_ != phrase[0] or any(j in taken for j in range(i, i + n)):
                continue
            if tuple(t.lower_ for t in doc[i : i + n]) != phrase or doc[i + n - 1].sent.start != doc[i].sent.start:
                continue
            after = doc[i + n] if i + n < len(doc) else None
            if after is not None and after.pos_ in ("NOUN", "PROPN") and after.dep_ not in ("ROOT",) and after.i == doc[i + n - 1].head.i:
                continue  # `specified authorities guidance`: the phrase only modifies a noun here
            if i > 0 and (doc[i - 1].pos_ in ("ADJ", "NOUN", "PROPN") and doc[i - 1].head.i >= i and doc[i - 1].head.i < i + n):
                continue  # part of a longer phrase the rules read otherwise
            span = Span(doc, i, i + n, label="ACTOR")
            span._.rule = "repeated_actor"
            added.append(span)
            taken.update(range(i, i + n))
    return added


def _populace_head(token: Token) -> bool:
    return ActorPhrases._populace(lookup(token.lemma_.lower()))


def head_is_named(span: Span) -> bool:
    """A singular kind of body after a proper name (`Garda organisation`) is that one body."""
    first = span[0]
    return (span[-1].tag_ == "NN" and len(span) > 1 and first.pos_ == "PROPN" and first.text[:1].isupper()
            and not first.is_sent_start and first.ent_type_ not in ("PLACE", "GPE", "NORP", "LOC")
            and not lookup(first.lower_).classes)  # a name English does not know (`Garda`), not `Government`


def acting_phrase(head: Token, acting_deps: frozenset[str] | set[str] = frozenset({"nsubj", "csubj"}),
                  *, passive: bool = False, copula: bool = True) -> bool:
    """Acts or is a party: subject (of a passive too, with `passive`), agent of a passive, partner
    after `with`/`between`/`among`, or coordinated with such a phrase or with a named actor."""
    deps = set(acting_deps) | ({"nsubjpass"} if passive else set())
    if head.dep_ == "nsubj" and head.head.lemma_.lower() in RECEIVING_VERBS:
        return False  # `callers receive assistance`: receiving is not acting
    if not copula and head.dep_ == "nsubj" and head.head.lemma_.lower() == "be":
        return False  # `Partnerships are vital`: a description, not an act
    for tok in (head, *conjuncts_within(head)):
        if tok.i < head.i and tok.dep_ in deps:
            return True
        if tok.i == head.i and tok.dep_ in deps:
            return True
        if tok.dep_ == "pobj" and (tok.head.dep_ == "agent" or (
                tok.head.lower_ in PARTY_PREPOSITIONS and not any(c.dep_ == "nummod" for c in tok.children))):
            return True  # `dialogue with mosques`, not `a municipality with 10,000 inhabitants`
        if tok.i != head.i and tok.ent_type_ in ("ACTOR", "ORG") and not _after_beneficiary_preposition(head):
            return True  # `brings together councillors, the police and residents`: a party among actors
    return False


def _in_a_state(head: Token) -> bool:
    """`communities are at the forefront of disaster impacts`, `make our communities safer`: the
    subject of `be` with no noun predicate, or of a predicate adjective, is described in a state, not
    acting; the population at large is an actor only where it acts or is a party (`Communities are
    partners in prevention` names a party and stays; `citizens are free to weigh ...` acts)."""
    if head.dep_ != "nsubj":
        return False
    verb = head.head
    if verb.pos_ != "ADJ" and (verb.lemma_.lower() != "be" or any(c.dep_ == "attr" for c in verb.children)):
        return False
    predicates = [verb, *(c for c in verb.children if c.dep_ == "acomp")]
    return not any(c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX") for p in predicates for c in p.children)


# Verbs of receiving (the obligation lexicon's list): their subject does not act.
RECEIVING_VERBS = frozenset(load_triggers()["receiving_verbs"])
# A list after these names whom or what a measure is for or against (`a contact point for parents,
# teachers ...`, `attacks on schools, workplaces, public gatherings`), not parties to it.
BENEFICIARY_PREPOSITIONS = frozenset({"for", "on", "to", "against", "at", "towards"})


def _after_beneficiary_preposition(head: Token) -> bool:
    first = min((head, *conjuncts_within(head)), key=lambda t: t.i)
    if first.dep_ != "pobj":
        return False
    if first.head.lower_ == "of" and first.head.head.pos_ == "NOUN" and \
            lookup(first.head.head.lemma_.lower()).first_class in HOLDER_CLASSES:
        return True  # `awareness of professionals and the public`, `the trust of families and imams`
    return first.head.lower_ in BENEFICIARY_PREPOSITIONS


# WordNet classes of a noun whose `of` phrase holds or undergoes it (a state, a thought, a feeling,
# a quality: `awareness`, `trust`), unlike an act whose `of` phrase does it (`efforts of schools and
# communities`, the guidelines' party).
HOLDER_CLASSES = frozenset({"cognition", "state", "feeling", "attribute", "possession"})


@Language.factory(
    "pipeline_actor_phrases",
    assigns=["doc.ents", "span._.rule"],
    requires=["doc.ents", "token.dep", "token.lemma"],
    default_config={"settings_path": None, "propose_rejected": False},
)
def make_actor_phrases(nlp: Language, name: str, settings_path: str | None, propose_rejected: bool) -> ActorPhrases:
    return ActorPhrases(nlp, name, settings_path, propose_rejected)
