"""Record building for the obligation component: from a reading's candidate to records.

A reading (obligation_readings.py) says what it found as a `Candidate`: the trigger and
its deontic class, the bearer heads as written, the aim's head, the issuer and a few
flags. `RecordBuilder` makes its `Obligation` records -- steps 3 to 5 of the component's
algorithm (obligations.py):

- filters: a statement in a purpose clause, an aim that is no actor acting (receiving
  verbs, roles, copulas, passives without agent, epistemic can/may);
- bearers: conjuncts split, ``by A, B, as well as C`` read as A plus an apposition
  elsewhere repaired (`_list_continuation`), pronouns and descriptions resolved
  (references.py);
- aims: coordinated verbs split (``..., as well as to chair it``), the aim's text from
  the verb to the end of its object, without purpose, aside or another aim;
- actor phrases: the noun phrase of a head (`span_of`) and whether it is an actor
  (`actor_status`), which the reference resolver uses too.

The records of a list lead-in are made in obligation_lists.py. Nothing here looks for
triggers: that is detection, in obligation_readings.py.

Names without an underscore are the component's (obligations.py, obligation_readings.py),
not an API for the rest of the pipeline.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Token

from .noun_classes import POPULACE_ANCHORS, TARGET_ANCHORS, lookup
from .obligation_data import _Lexicon
from .references import Bearer, ReferenceResolver
from .syntax import (
    BREAKS,
    CLOSING_QUOTES,
    OPENING_QUOTES,
    SUBJECT_DEPS,
    _after_break,
    _children,
    _close_quotes,
    _complement_clause,
    _has_to,
    _in_parentheses,
    _is_passive,
    _lemma,
    _negations,
    _object_before,
    _tokens_text,
    _trigger_text,
    _words_at,
    _words_before,
    ancestors_within,
    climb,
    conjuncts_within,
    entity_index,
    subtree_within,
)

# en_core_web_sm (ClearNLP) dependency labels.
# Right-hand children of a verb that belong to its aim: objects, particles, complements.
AIM_DEPS = frozenset({"dobj", "dative", "prt", "prep", "attr", "acomp", "oprd", "ccomp", "xcomp", "advmod",
                      "npadvmod", "pcomp", "pobj", "advcl", "acl", "compound", "amod"})
CORE_AIM_DEPS = frozenset({"dobj", "dative", "prt", "xcomp", "ccomp", "attr", "acomp", "oprd"})
# Left-hand modifiers of an actor's head noun that belong to its name.
NP_LEFT_DEPS = frozenset({"compound", "amod", "nmod", "nummod", "poss", "quantmod", "punct", "npadvmod",
                          "advmod"})
NAME_PREPS = frozenset({"for", "against", "on", "of"})

RecordKey = tuple[int, int, int]  # (sentence start, bearer start, aim head): one record per key


@dataclass(frozen=True)
class Obligation:
    """One deontic statement about one actor (ANNOTATION_GUIDELINES.md, Obligations)."""

    bearer: str  # resolved actor text, without leading determiner
    bearer_text: str  # the pronoun/description as written when resolved, else == bearer
    bearer_start: int  # char offsets in doc.text of the span `bearer` came from
    bearer_end: int
    deontic: str  # one of DEONTIC_CLASSES
    trigger: str  # as written; " ... " marks a gap ("requires ... to")
    aim: str
    issuer: str  # "" if none
    sent_start: int  # char offsets of the sentence
    sent_end: int
    rule: str  # id of the pattern that fired


@dataclass
class Candidate:
    """What a reading read off one match, before filtering, splitting and resolution."""

    rule: str
    priority: int
    deontic: str
    trigger: list[Token]
    clause: Token  # the word carrying the trigger; checked for purpose clauses
    bearers: list[Token]  # heads as written (pronouns resolved later)
    aim: Token  # head of the aim: a verb, or a noun for nominal aims
    more_aims: list[Token] = field(default_factory=list)  # "tasked with A-ing and with B-ing"
    issuer: str = ""
    weak: bool = False  # can/may: the bearer must be an actor and the verb agentive
    strict: bool = False  # the bearer must be known to be an actor
    light_passive: bool = False  # aim = lemma + passive subject ("make referral")
    negated_aim: bool = False  # the aim starts with "not" ("should not share")
    limit: int | None = None  # bearer spans end before this token (parse repair)
    aim_end: int | None = None  # aim = tokens aim.i .. aim_end (parse repair)
    split_bearers: bool = True
    list_repair: bool = False  # look for "A, B, as well as C" after the bearer


class RecordBuilder:
    """The records of candidates and lead-ins (see module docstring); one per lexicon."""

    def __init__(self, lex: _Lexicon, *, is_verb: Callable[[str], bool] = lambda w: False) -> None:
        self.is_verb = is_verb
        self.lex = lex

    # -- records

    def records(self, cand: Candidate, refs: ReferenceResolver) -> Iterator[tuple[RecordKey, Obligation]]:
        """One record per bearer and per aim of a candidate, keyed by sentence, bearer and aim."""
        if self._in_purpose_clause(cand.clause) or self._in_purpose_clause(cand.aim, stop=cand.clause) \
                or _infinitive_of_purpose(cand.clause) or (cand.weak and _outcome_to_secure(cand.clause)):
            return
        sent = cand.clause.sent
        issuer = cand.issuer or refs.provision_issuer(sent) or refs.previous_sentence_issuer(sent)
        aims = [cand.aim] if cand.aim_end else [a for head in [cand.aim, *cand.more_aims]
                                                 for a in self._split_aims(head)]
        if cand.rule.startswith("object_control") and any(c.dep_ == "aux" and c.lower_ == "to" for c in cand.clause.children):
            # "is required to appoint an officer to inform X, but also to organise Y": the trigger is
            # itself a duty's aim, so the infinitives after ", but also to" continue that duty's series
            aims = [a for a in aims if (a is cand.aim or not self._after_series_break(a))
                    and not _after_comma(climb(a, lambda t: t.head if t.dep_ == "conj" else None))]
        heads: list[Token] = []
        for head in cand.bearers:
            if (any(c.tag_ in ("WDT", "WP") for c in head.children) or head.tag_ in ("WDT", "WP")) and not (
                    _nonrestrictive_relative_subject(head)):
                continue  # "we ask which actor is required to act": an indirect question names no bearer
            if cand.light_passive and (head.ent_type_ == "DATE" or _lemma(head) in self.lex.time_nouns or head.like_num):
                continue  # "adopted by the end of 2026": a deadline, not an agent
            conjuncts = [c for c in conjuncts_within(head) if c.i > head.i and c.pos_ in ("NOUN", "PROPN")]
            conjuncts += _conjuncts_under_apposition(head)
            heads += [head, *(conjuncts if cand.split_bearers else [])]
            if cand.list_repair and not conjuncts:
                heads += self._list_continuation(head)
        for bearer in (b for head in heads for b in self._resolve(head, refs, cand.limit)):
            if bearer.actor is False or ((cand.weak or cand.strict) and bearer.actor is not True):
                continue
            for aim in aims:
                if not self._acting(aim, cand) or ((self._conduct(aim, cand) or self._qualification(aim, cand))
                                                   and bearer.actor is not True):
                    continue
                text = self._aim_text(aim, cand, [a for a in aims if a is not aim])
                deontic = cand.deontic
                if cand.aim_end is None:
                    aim_neg = [c for c in _negations(aim) if c not in cand.trigger]
                    if aim_neg and deontic == "obligation":
                        deontic = "prohibition"  # "required not to share"
                    elif (aim_neg or cand.negated_aim) and text:
                        text = "not " + text
                if not text:
                    continue
                yield (sent.start, bearer.start, aim.i), Obligation(
                    bearer=bearer.text, bearer_text=bearer.written, bearer_start=bearer.start,
                    bearer_end=bearer.end, deontic=deontic, trigger=_trigger_text(cand.trigger), aim=text,
                    issuer=issuer, sent_start=sent.start_char, sent_end=sent.end_char, rule=cand.rule,
                )

    def verb_phrase_aims(self, verb: Token, cand: Candidate) -> list[tuple[Token, str]]:
        """The aims of a verb phrase read as a candidate's aim: one (head, text) per coordinated
        verb, without purpose or aside (the list items of a lead-in use it too)."""
        aims = self._split_aims(verb)
        found = [(a, self._aim_text(a, cand, [o for o in aims if o is not a])) for a in aims]
        return [(a, text) for a, text in found if text]

    def _resolve(self, head: Token, refs: ReferenceResolver, limit: int | None) -> list[Bearer]:
        """The bearers a head stands for; 'Everyone', 'Anyone' (no relative clause) as written, an actor."""
        if head.lower_ in self.lex.universal_pronouns and not _children(head, "relcl"):
            return [Bearer(head.text, head.text, head.idx, head.idx + len(head), True)]
        return refs.resolve_bearer(head, limit)

    # -- filters

    def _acting(self, aim: Token, cand: Candidate) -> bool:
        """The aim is an actor acting: not receiving, not a role, not a state or a possibility."""
        lex, lemma = self.lex, _lemma(aim)
        if aim.pos_ in ("NOUN", "PROPN") or cand.aim_end is not None:
            return True
        if lemma in lex.receiving_verbs:
            return False
        if lemma in lex.role_verbs and any(_lemma(o) in lex.role_nouns and f"{lemma} {o.lower_}" not in lex.action_idioms
                                           and not _announces_list(o) for o in _children(aim, "dobj", "attr")):
            return False  # "should play an active role" (but "take part in" is acting)
        if aim.dep_ != "relcl" and any(c.tag_ in ("WP", "WDT") and c.dep_ in ("dobj", "nsubj") for c in aim.children):
            return False  # "What local authorities can do is limited": a free relative (a relcl's is its noun's)
        if cand.light_passive:
            return True
        if (lemma in lex.non_agentive_verbs and _children(aim, "acomp") and not _children(aim, "dobj")
                and not self._conduct(aim, cand)):
            return False  # "everyone should feel safe": a linking verb states a state, not an action
        if (lemma in lex.copulas and not self._conduct(aim, cand) and not self._qualification(aim, cand)) or (
                _is_passive(aim) and not _children(aim, "agent")):
            return False
        if cand.weak and any(c.dep_ == "advmod" and c.lower_ in lex.frequency_adverbs and c.i < aim.i
                             for c in aim.children):
            return False  # "Staff cannot always tell ...", "can often help": how often or how easily, an ability
        if cand.weak:
            aux = [_lemma(a) for a in _children(aim, "aux", "auxpass")]
            if (lemma in lex.non_agentive_verbs and not self._controls_object(aim)) or "have" in aux or (
                    aim.tag_ == "VBG" and "be" in aux):
                return False  # "can include", "may have taken part", "may be planning": epistemic
        return True

    def _qualification(self, aim: Token, cand: Candidate) -> bool:
        """'the representative must be a person whom the member concerned considers to have the
        required skills', 'this must not be an officer or member of the council': a modal (not
        can/may) with `be` and an indefinite person or office noun says who may hold a role, a requirement on
        the actor as a composition requirement is on a body (GUIDE 3.3.8). Not a property or a
        thing ('must be a priority'), nor a possibility ('the coordinator may be a teacher')."""
        if not cand.rule.startswith(("modal", "semi_modal")) or cand.weak:
            return False
        return _lemma(aim) == "be" and not _is_passive(aim) and any(
            _lemma(a) in self.lex.person_heads and any(d.dep_ == "det" and d.lower_ in ("a", "an") for d in a.children)
            for a in _children(aim, "attr"))

    def _controls_object(self, verb: Token) -> bool:
        """'may, by regulations, require a local authority to prepare a strategy': a verb of the
        object-control lexicon with an object and a to-infinitive acts on someone, whatever its
        other senses ('this can require effort' is not acting)."""
        entry = self.lex.entry("object_control", _lemma(verb))
        return entry is not None and any(
            _has_to(c) for h in [verb, *_children(verb, "dobj")] for c in h.children
            if c.dep_ in ("xcomp", "acl", "advcl", "ccomp") and c.i > verb.i) and bool(_children(verb, "dobj"))

    def _conduct(self, aim: Token, cand: Candidate) -> bool:
        """A conduct demanded by a modal of its own subject ('Everyone must be alert to ...'). Not
        after a verb of enabling or asking ('aim to empower communities to be resilient to ...'):
        there the adjective says what the activity hopes to achieve, a state, not a rule's demand."""
        deontic_words = set(self.lex.data["deontic_adjectives"]) | {"able", "unable"}  # read by their own rules
        return (cand.rule.startswith(("modal", "semi_modal")) and _conduct_predicate(aim, self.lex.conduct_copulas)
                and not any(a.lower_ in deontic_words or self._past_participle(a) for a in _children(aim, "acomp")))

    def _past_participle(self, adjective: Token) -> bool:
        """'need to be more involved with the network', 'should be engaged in': an adjective that is
        a verb's -ed participle is an adjectival passive, a state the subject is brought into by
        someone else (a passive without agent, GUIDE 3.3.3), not a conduct like 'be alert to'. The
        verb is found in WordNet's index by undoing the -ed ending (involve+d, engag+ed, plann+ed)."""
        word = adjective.lower_
        if not word.endswith("ed") or len(word) < 5:
            return False
        stems = [word[:-1], word[:-2]] + ([word[:-3]] if word[-3] == word[-4] else [])
        return any(self.is_verb(stem) for stem in stems)

    def _in_purpose_clause(self, token: Token, stop: Token | None = None) -> bool:
        """The token stands in a purpose clause ('so that they can', 'in order to')."""
        doc = token.doc
        for anc in [token, *ancestors_within(token)]:
            if anc == stop:
                return False
            if anc.dep_ == "ccomp" and anc.head.dep_ in ("advcl", "xcomp", "acl") and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in anc.head.children
            ):
                return True  # "... to ensure that they can act": the clause of an infinitive of purpose
            if anc.dep_ in ("advcl", "acl", "relcl", "xcomp", "ccomp", "pcomp", "conj"):
                start = anc.left_edge.i
                marks = [m.i for m in anc.children if m.dep_ == "mark"]
                for marker in self.lex.purpose_markers:
                    if (_words_at(doc, start, marker) or _words_before(doc, start, marker)
                            or any(_words_at(doc, i, marker) for i in marks)):
                        return True
        return False

    # -- aims

    def _split_aims(self, verb: Token) -> list[Token]:
        """The aim verb, the coordinated verbs sharing its subject, and second aims the parser
        attached elsewhere ('..., as well as to chair it'; 'in order to A, and to B')."""
        if verb.pos_ not in ("VERB", "AUX"):
            return [verb]
        doc, aims = verb.doc, [verb]
        for v in aims:  # grows while iterating
            own_complement = any(c.dep_ in CORE_AIM_DEPS | {"prep"} and c.i > v.i for c in v.children)
            for c in v.children:
                shares_object = not own_complement and any(  # "monitor and share information": two aims
                    d.dep_ in CORE_AIM_DEPS | {"prep"} and d.i > c.i for d in c.children)
                if (c.dep_ == "conj" and c.pos_ in ("VERB", "AUX") and (own_complement or shares_object) and c not in aims
                        and not any(d.dep_ in SUBJECT_DEPS or d.tag_ == "MD" for d in c.children)
                        and not (v.tag_ == "VB" and _finite_or_participle(c))):  # "publish it, updated yearly"
                    aims.append(c)
            for w in subtree_within(v):
                if w in aims or w.pos_ != "VERB" or w.i <= v.i or not (_has_to(w) or w.tag_ == "VBG"):
                    continue
                if any(a.dep_ == "pcomp" and a.head.lower_ == "by" for a in [w, *ancestors_within(w)][:3]):
                    continue  # "by closing schools or cancelling events": the means of the aim, not a second aim
                start = w.left_edge.i
                serial = (w.dep_ == "conj" and start >= 2 and doc[start - 2].text == ","
                          and doc[start - 1].lower_ in ("and", "or") and self._pruned(w.head, v, set()))
                if serial or any(_words_before(doc, start, m) for m in self.lex.multiword_coordinators):
                    aims.append(w)
        aims += [a for a in _infinitive_series(aims) if a not in aims]
        aims += [a for a in _base_verbs_after_gerund(aims) if a not in aims]
        aims += [a for a in self._mistagged_verb_phrases(aims) if a not in aims]
        aims += [a for a in self._conjuncts_after_purpose(aims) if a not in aims]
        return aims

    def _conjuncts_after_purpose(self, aims: list[Token]) -> list[Token]:
        """'maintain X to help Y identify Z, and make available W': the parser hangs the last
        conjunct on the nearest verb, inside the purpose clause; a bare verb after ", and" whose
        head lies in an infinitive of purpose of the aim continues the aim's own series."""
        doc, found = aims[0].doc, []
        for verb in aims:
            purposes = [c for c in verb.children if c.dep_ in ("advcl", "xcomp")
                        and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children) and c.i > verb.i]
            for purpose in purposes:
                for w in subtree_within(purpose):
                    # the comma closes the purpose; without it, a conjunct shaped like the aim itself
                    # ('put in place arrangements to make X available and maintain arrangements to
                    # warn ...': verb, object, purpose) continues the aim's series
                    parallel = bool(_children(w, "dobj")) and any(
                        c.dep_ in ("advcl", "xcomp", "acl", "relcl") and _has_to(c)
                        for o in [w, *_children(w, "dobj")] for c in o.children)
                    if (w.dep_ == "conj" and w.tag_ == "VB" and w.i >= 2 and doc[w.i - 1].lower_ == "and"
                            and (doc[w.i - 2].text == "," or parallel)
                            and not any(c.dep_ in SUBJECT_DEPS or c.lower_ == "to" for c in w.children)):
                        found.append(w)
        return found

    def _after_series_break(self, verb: Token) -> bool:
        """The verb's clause opens after a comma and a coordinator (", but also to", ", and to")."""
        doc, start = verb.doc, verb.left_edge.i
        words = [t.lower_ for t in doc[max(0, start - 3) : start]]
        return "," in words and any(w in ("and", "but", "or") for w in words) or any(
            _words_before(doc, start, m) for m in self.lex.multiword_coordinators)

    def _mistagged_verb_phrases(self, aims: list[Token]) -> list[Token]:
        """'to publish plans, appoint leads and report referrals': the tagger reads the middle
        item as a noun phrase (`appoint leads`) coordinated with the object. An object conjunct
        after a comma that opens with a verb, in a list the parser ends with a real verb, is an
        aim of its own (with the verbs coordinated to it)."""
        doc, found = aims[0].doc, []
        for verb in aims:
            for obj in _children(verb, "dobj"):
                ends_in_verb = any(t.dep_ == "conj" and t.tag_ == "VB" for t in subtree_within(obj)) or any(
                    c.dep_ == "conj" and c.tag_ == "VB" for c in verb.children)
                if not ends_in_verb:
                    continue
                # the middle item hung as a conjunct, or as an apposition ('appoint a lead officer, train
                # frontline staff and publish ...')
                items = [*conjuncts_within(obj), *_children(obj, "appos")]
                for conj in (c for c in items if c.i > obj.i and c.pos_ in ("NOUN", "PROPN")):
                    first = conj.left_edge
                    if first.i > 0 and doc[first.i - 1].text == "," and first.is_lower and self.is_verb(first.lower_):
                        found.append(conj)
                        found += [c for c in conj.children if c.dep_ == "conj" and c.tag_ == "VB"]
        return found

    def _aim_text(self, aim: Token, cand: Candidate, others: list[Token]) -> str:
        """From the verb to the end of its object; no purpose, aside, new statement or other aim."""
        doc = aim.doc
        if cand.aim_end is not None:
            return _tokens_text(doc[aim.i : cand.aim_end])
        cut: set[Token] = set()
        for other in (o for o in others if o.i > aim.i):
            cut.update(subtree_within(other))
            # an object the parser hung on this verb beyond the later aim's phrase is not this aim's
            # ("institute such programs and conduct exercises ... plan": `plan` is no object of `institute`)
            cut.update(t for c in aim.children if c.i > other.right_edge.i and c.dep_ in ("dobj", "dative", "attr", "oprd")
                       for t in subtree_within(c))
            j = other.left_edge.i - 1
            while j > aim.i and (doc[j].pos_ in ("CCONJ", "PUNCT") or doc[j].lower_ in ("well", "also", "as")):
                cut.add(doc[j])  # the coordinator before the other aim
                j -= 1
        if aim.pos_ in ("NOUN", "PROPN") or (aim.tag_ == "VBG" and aim.dep_ == "pobj" and not any(
                c.i > aim.i or c.dep_ not in ("compound", "amod") for c in aim.children)):  # "community policing"
            keep = [t for t in subtree_within(aim) if t not in cut and not self._pruned(t, aim, cut)]
            keep += _scope_after_noun_aim(aim, cut, self.lex.scope_preps)
            return _tokens_text(_strip_np(keep))
        keep, has_object = self._verb_phrase(aim, cut)
        if not has_object:  # "monitor and share information ...": each verb takes the object they share
            shared = next((o for o in others if o.dep_ == "conj" and o.head == aim and o.i > aim.i), None)
            if shared is not None:
                tokens, found = self._verb_phrase(shared, set())
                keep += [t for t in tokens if t is not shared and t.i > shared.i] if found else []
        kept = set(keep)  # an opening quote the parser hung on the verb belongs to its object
        keep += [doc[t.i - 1] for t in kept if t.i > 0 and doc[t.i - 1].text in OPENING_QUOTES
                 and doc[t.i - 1].head in kept]
        keep += _closing_brackets(keep)  # "(fedpol) to impose": the ')' the parser hung elsewhere
        text = self._without_introducer(_tokens_text(keep))  # "good practices, such as:" + a list
        if cand.light_passive:
            subject = next(iter(_children(aim, "nsubjpass")), None)
            if subject is not None and subject.tag_ in ("WDT", "WP") and aim.dep_ == "relcl":
                subject = aim.head  # "the law, which must be approved by the senate": approve the law
            if subject is None:
                return ""
            tokens = self._np_tokens(subject, use_entity=False)
            subject_text = _tokens_text(tokens)
            if tokens and tokens[0].is_sent_start and not tokens[0].text.isupper() and not tokens[0].ent_type_:
                subject_text = subject_text[:1].lower() + subject_text[1:]  # capitalised only as first word
            rest = text[len(aim.text):].strip() if text.startswith(aim.text) else ""
            text = " ".join(p for p in (aim.lemma_, subject_text, rest) if p)
        return text

    def _verb_phrase(self, verb: Token, cut: set[Token]) -> tuple[list[Token], bool]:
        """The verb and its objects, complements and kept modifiers (no purpose, aside or means
        after the object); whether it has an object."""
        doc = verb.doc
        keep, has_object = [verb], False
        for child in (c for c in verb.children if c.i > verb.i and c not in cut):
            if child.dep_ in ("conj", "cc"):
                # "meet and agree": verbs without an object of either stay one aim
                if not has_object and (child.dep_ == "cc" or (child.pos_ in ("VERB", "AUX")
                                                              and not _children(child, *SUBJECT_DEPS))):
                    keep += [t for t in subtree_within(child) if not self._pruned(t, verb, cut)]
                continue
            if child.dep_ not in AIM_DEPS or child.dep_ == "agent":
                continue
            if has_object and child.dep_ == "prep" and child.lower_ == "by" and any(t.tag_ == "VBG" for t in subtree_within(child)):
                continue  # "implement the alert levels by closing schools": the means, not the aim
            if (child.dep_ in ("advcl", "xcomp", "acl") and not _complement_clause(child, has_object)
                    and not (has_object and self._control_complement(verb, child)) and not _as_qualifier(child)):
                continue  # a purpose: "appoint an officer to inform ..."
            if (child.dep_ not in CORE_AIM_DEPS and _after_break(child)) or any(
                _words_at(doc, child.left_edge.i, m) for m in self.lex.purpose_markers
            ):
                continue  # an aside (", notably with regards to ...") or "in order to ..."
            keep += [t for t in subtree_within(child) if not self._pruned(t, verb, cut)]
            has_object = has_object or child.dep_ in ("dobj", "dative", "prep", "ccomp", "attr")
        return keep, has_object

    def _control_complement(self, verb: Token, clause: Token) -> bool:
        """'may invite intelligence officers to give talks', 'can ask fedpol to impose': after a
        verb that asks, requires or allows X to V, the infinitive completes the verb (it is what X
        is asked to do), so it stays in the aim. An appointing verb's infinitive ('appoint an
        officer to inform') says what the appointee is for, and is left out (DECISIONS.md)."""
        entry = self._control_entry(verb)
        return (entry is not None and entry["complement"] == "to" and entry["class"] != "responsibility"
                and _has_to(clause) and not _after_comma(clause)
                and not any(_words_at(clause.doc, clause.left_edge.i, m) for m in self.lex.purpose_markers))

    def _control_entry(self, verb: Token) -> dict[str, Any] | None:
        """The object-control entry of a verb that asks, requires or allows X to V; a prep-control
        verb with its preposition counts as one ('can call on the police to restore order')."""
        entry = self.lex.entry("object_control", _lemma(verb))
        if entry is not None:
            return entry
        prep = self.lex.entry("prep_control", _lemma(verb))
        if prep is not None and any(c.dep_ in ("prep", "prt") and c.lower_ in prep["preps"] for c in verb.children):
            return {**prep, "complement": "to"}
        return None

    def _without_introducer(self, text: str) -> str:
        """An aim that ends in a word introducing examples whose list follows the sentence ("make
        use of various good practices, such as:"): the introducer is no part of the aim."""
        lowered = text.lower()
        for words in self.lex.example_introducers:
            if lowered.endswith(" " + words):
                return text[: -len(words)].rstrip(" ,")
        return text

    def _pruned(self, tok: Token, top: Token, cut: set[Token]) -> bool:
        """Whether a token below an aim's head falls in a part the aim leaves out."""
        entry = self._control_entry(top)
        # "may require a local authority to prepare a strategy": the infinitive after the object of an
        # imposing, asking or allowing verb is what it imposes, not a purpose (an appointing verb's
        # infinitive stays out: "appoint a contact officer", NL)
        controls = entry is not None and entry["class"] != "responsibility"
        for anc in [tok, *ancestors_within(tok)]:
            if anc == top:
                return False
            if controls and anc.dep_ in ("acl", "advcl", "xcomp") and _has_to(anc) and (
                    anc.head == top or (anc.head.dep_ == "dobj" and anc.head.head == top)):
                return False
            if (
                anc in cut
                or (anc.dep_ == "relcl" and _after_break(anc))  # ", which receive ...": a new statement
                or (anc.dep_ == "advcl" and not _complement_clause(anc, _object_before(anc)) and not _as_qualifier(anc)
                    and not _as_qualifier(anc.head))  # "as may be necessary to secure ...": what is necessary
                or (anc.dep_ in ("acl", "relcl") and _has_to(anc) and anc.head.dep_ == "dobj"
                    and anc.head.head == top)  # "create a unit to coordinate actions": a purpose
                or (anc.dep_ == "appos" and _in_parentheses(anc))
                or (anc.dep_ == "prep" and anc.lower_ == "including" and _after_break(anc))  # ", including X":
                # examples appended to the object, not the aim (c05, h09 gold)
                or _opens_new_clause(anc)  # "consult community groups and the government should ...": the subject
                # of the next clause, which the parser coordinated with the object
                or (anc.dep_ in ("prep", "advcl", "mark", "acl")
                    and any(_words_at(tok.doc, anc.left_edge.i, m) for m in self.lex.purpose_markers))
            ):
                return True
        return False

    # -- bearers: actor phrases, animacy, list repairs (what a pronoun refers to: references.py)

    def _np_tokens(self, head: Token, *, limit: int | None = None, use_entity: bool = True) -> list[Token]:
        """The actor phrase of a head noun: the doc entity covering it, else its modifiers,
        'of' phrases and name parts, without determiner, relative clause, apposition or trailing
        participle. `limit`: the phrase ends before this token."""
        subtree = {t.i for t in subtree_within(head)}
        ent = entity_index(head.doc).covering(head.i) if use_entity else None
        # a coordinated actor's words are not this head's ("Civil society and social partner structures":
        # an entity running into the lower-case conjunct names neither actor); a title-case name goes on
        # through its coordination ("Ministry of Education, Youth and Sports")
        conjunct = {t.i for c in head.children if c.dep_ in ("conj", "cc") and c.i > head.i for t in subtree_within(c)}
        if ent is not None and any(t.i in conjunct and t.is_alpha and t.is_lower and not t.is_stop for t in ent):
            subtree -= conjunct
        if (ent is not None and ent.label_ not in self.lex.non_actor_labels - {"POLICY", "LAW"}
                and all(t.i in subtree for t in ent) and "(" not in ent.text):
            return _strip_np([t for t in ent if limit is None or t.i < limit])
        tokens = [head]
        for child in head.children:
            if child.i < head.i and child.dep_ in NP_LEFT_DEPS and not (child.dep_ == "poss"
                                                                        and child.pos_ == "PRON"):
                tokens += subtree_within(child)
            elif child.i > head.i and child.dep_ == "prep" and child.lower_ in NAME_PREPS:
                phrase = [t for t in subtree_within(child) if not any(
                    a.dep_ in ("relcl", "acl", "appos") for a in [t, *ancestors_within(t)] if child.i < a.i)]
                # "of" phrases name the actor; "for/against/on" ones only in a capitalised name,
                # or after an instrument word ("circular on foreign fighters")
                if (child.lower_ == "of" or _is_name_part(head, phrase)
                        or _lemma(head) in self.lex.instrument_heads):
                    tokens += phrase
            elif child.i > head.i and child.dep_ in ("compound", "nmod", "nummod") and not _in_parentheses(child):
                tokens += subtree_within(child)
        tokens = sorted({t for t in tokens if limit is None or t.i < limit}, key=lambda t: t.i)
        lo = hi = tokens.index(head)  # the contiguous run around the head
        while lo > 0 and tokens[lo - 1].i == tokens[lo].i - 1:
            lo -= 1
        while hi + 1 < len(tokens) and tokens[hi + 1].i == tokens[hi].i + 1:
            hi += 1
        if head.text[:1].isupper() and not head.is_sent_start:  # a name: "its first National Action Plan"
            while lo < tokens.index(head) and tokens[lo].text.islower():
                lo += 1
        return _strip_np(tokens[lo : hi + 1])

    def np_tokens(self, head: Token) -> list[Token]:
        """The noun phrase of a head as written, without the entity it may stand in ('the question'
        of a passive lead-in: the light aim's object)."""
        return self._np_tokens(head, use_entity=False)

    def span_of(self, head: Token, limit: int | None = None) -> tuple[str, int, int]:
        """Text and char offsets of a head's actor phrase (offsets of the cleaned text when it
        is a substring of the phrase, as it is unless an aside was cut out)."""
        tokens = self._np_tokens(head, limit=limit) or [head]
        text, start, end = _tokens_text(tokens), tokens[0].idx, tokens[-1].idx + len(tokens[-1])
        # the phrase's own text (doc.text would join the whole Doc on every call)
        at = head.doc[tokens[0].i : tokens[-1].i + 1].text.find(text)
        return (text, start + at, start + at + len(text)) if at >= 0 else (text, start, end)

    def actor_status(self, head: Token) -> bool | None:
        """True: an actor; False: not one (abstract, instrument, target, policy); None: unknown."""
        lex = self.lex
        ent = entity_index(head.doc).covering(head.i)
        if ent is not None and ent.label_ in lex.actor_labels | {"POLICY", "LAW"}:
            return ent.label_ in lex.actor_labels
        lemma = _lemma(head)
        if (head.pos_ == "PRON" or lemma in lex.non_actor_heads | lex.abstract_heads | lex.instrument_heads
                or any(_lemma(c) in lex.non_actor_modifiers for c in _children(head, "amod", "compound"))):
            return False  # also "extremist groups", "terrorist organisations": not policy actors
        plural_name = head.tag_ in ("NNS", "NNPS") and head.lower_.rstrip("s") in lex.actor_heads
        if lemma in lex.actor_heads or plural_name:
            return True  # the lemmatizer leaves plural proper nouns as they are ("NGOs")
        if head.pos_ == "NOUN" and len(lemma) > 4 and lemma.endswith(tuple(lex.agentive_suffixes)):
            return True  # coordinator, specialist
        if head.pos_ == "NOUN" and ent is None and _person_noun(lemma):
            return True  # "participants can leave at any time": WordNet knows the word only as people
        if head.pos_ == "NOUN" and ent is None and _only_abstract_senses(lemma):
            return False  # "This reliance must not change ...": no sense of the noun can act
        return None

    def _list_continuation(self, head: Token) -> list[Token]:
        """'by A, B, as well as C' that the parser read as A plus an apposition elsewhere: the
        members after A, if the list ends with a coordinator. Not after a modifier set off by a
        comma ('an Expert Panel, led by A, B and C'): the list there names the modifier's actors."""
        doc, sent_end = head.doc, head.sent.end
        if any(c.dep_ in ("acl", "relcl") and c.i > head.i and _after_break(c) for c in head.children):
            return []
        own = [t for t in subtree_within(head)
               if not any(a.dep_ in ("conj", "cc") and a.head == head for a in [t, *ancestors_within(t)])]
        i, members = max(t.i for t in own) + 1, []
        coordinators = self.lex.multiword_coordinators + [("and",), ("or",)]
        while i < sent_end:
            j = i + (doc[i].text == ",")
            coordinator = next((m for m in coordinators if _words_at(doc, j, m)), None)
            j += len(coordinator or ())
            if j == i or j >= sent_end:
                break
            tok = climb(doc[j], lambda t: t.head if t.pos_ not in ("NOUN", "PROPN") and j < t.head.i < sent_end
                        else None)  # stops at the sentence root, its own head
            tok = climb(tok, lambda t: t.head if t.dep_ in ("compound", "amod") and t.head.i > t.i else None)
            if tok.pos_ not in ("NOUN", "PROPN") or tok.dep_ not in ("appos", "conj", "npadvmod", "dep", "dobj",
                                                                      "pobj"):
                break
            members.append(tok)
            if coordinator is not None:
                return members
            i = max([tok.i] + [c.right_edge.i for c in tok.children
                               if c.i > tok.i and c.dep_ not in ("conj", "cc", "punct")]) + 1
        return []


# -- actor phrases: pure functions of the parse


# WordNet lexicographer classes of nouns that name no one who could act: a bearer noun all of whose
# senses fall here is not an actor. Places and artefacts are left out on purpose: `the county`,
# `the centre`, `the platform should include` stand for the body behind them.
ABSTRACT_CLASSES = frozenset({"cognition", "state", "act", "attribute", "feeling", "relation", "communication",
                              "event", "time", "process", "possession", "quantity", "motive", "phenomenon",
                              "shape", "Tops"})


def _closing_brackets(tokens: list[Token]) -> list[Token]:
    """The ')' of each '(' among the tokens when words after it are kept too: without it the
    bracket would seem to run to the end of the aim, and the text cleaning drops a bracketed aside."""
    if not tokens:
        return []
    doc, last, found = tokens[0].doc, max(t.i for t in tokens), []
    for opening in (t for t in tokens if t.text == "("):
        closing = next((doc[k] for k in range(opening.i + 1, last) if doc[k].text in ")("), None)
        if closing is not None and closing.text == ")" and closing not in tokens:
            found.append(closing)
    return found


def _conduct_predicate(verb: Token, copulas: frozenset[str]) -> bool:
    """'must be alert to the possibility ...', 'should be aware of', 'must be ready to': a copula
    whose predicate adjective takes its own complement states a conduct the subject must show
    (record building then asks for an actor subject); a bare property ('must be safe', 'should be
    clear') or a noun ('must be a priority') states none."""
    if verb.lemma_.lower() not in copulas or _is_passive(verb):
        return False
    return any(a.pos_ == "ADJ" and any(c.dep_ in ("prep", "xcomp", "ccomp") and c.i > a.i for c in a.children)
               for a in _children(verb, "acomp"))


def _as_qualifier(clause: Token) -> bool:
    """'take such steps as may be necessary to secure compliance', 'conduct exercises as may be
    necessary to assure ...': an `as` clause of a copula and an adjective after the object says which
    or how many (a comparative relative on the object, statute drafting), so it stays in the aim like a
    restrictive relative clause; it is no purpose and no condition."""
    return (clause.dep_ == "advcl" and _lemma(clause) == "be" and bool(_children(clause, "acomp"))
            and any(c.dep_ == "mark" and c.lower_ == "as" for c in clause.children)
            and clause.left_edge.lower_ == "as")


def _new_subject_conjunct(tok: Token) -> bool:
    """A noun conjunct followed at once by a modal: the subject of a new clause ('... with the police
    and schools should report ...'), not a second object, whatever the parser hung it on."""
    end = tok.right_edge.i + 1
    if not (tok.dep_ == "conj" and tok.pos_ in ("NOUN", "PROPN", "PRON") and end < len(tok.doc)
            and tok.doc[end].tag_ == "MD"):
        return False
    first = climb(tok, lambda t: t.head if t.dep_ == "conj" else None)
    return first.dep_ not in SUBJECT_DEPS  # "radicalisation and recruitment may occur": one coordinated subject


def _opens_new_clause(tok: Token) -> bool:
    """The token is such a conjunct, or the coordinator before it."""
    if tok.dep_ == "cc":
        return any(c.dep_ == "conj" and c.i > tok.i and _new_subject_conjunct(c) for c in tok.head.children)
    return _new_subject_conjunct(tok)


def _base_verbs_after_gerund(aims: list[Token]) -> list[Token]:
    """'assess the risk of emergencies occurring and use this to ...': the parser coordinates the
    bare verb with the gerund inside the object, but a bare verb cannot be the gerund's conjunct
    (the forms differ); it continues the aim's own series."""
    found = []
    for verb in aims:
        if verb.tag_ != "VB":
            continue
        for w in subtree_within(verb):
            if (w.dep_ == "conj" and w.tag_ == "VB" and w.head.tag_ == "VBG" and w.head is not verb
                    and w.i > 0 and w.doc[w.i - 1].lower_ in ("and", "or")
                    and not any(c.dep_ in SUBJECT_DEPS or c.lower_ == "to" for c in w.children)):
                found.append(w)
    return found


def _scope_after_noun_aim(aim: Token, cut: set[Token], scope_preps: frozenset[str]) -> list[Token]:
    """'tasked with CVE in the United States': a place phrase right after a noun aim that the
    parser hangs on the trigger belongs to the task (it says where), as it would on a verb's object."""
    prep = aim.head
    if aim.dep_ != "pobj" or prep.dep_ != "prep":
        return []
    end, found = aim.right_edge.i, list[Token]()
    for sibling in (c for c in prep.head.children if c.dep_ == "prep" and c.i > end and c not in cut):
        if sibling.left_edge.i != end + 1 or sibling.lower_ not in scope_preps or any(
                t.ent_type_ == "DATE" for t in subtree_within(sibling)):
            break
        found += subtree_within(sibling)
        end = sibling.right_edge.i
    return found


def _infinitive_of_purpose(clause: Token) -> bool:
    """'The Taskforce approved the Framework to further strengthen X and build and empower
    communities to prevent Y': the trigger verb is (a conjunct of) an infinitive of purpose, an
    adverbial 'to V' clause saying what something was done for; what it would do is not done
    (GUIDE 3.3.3: a purpose clause makes no record, whatever it holds)."""
    def own_clause(t: Token) -> bool:  # a subject or a modal of its own: a new statement, not the purpose
        return any(c.dep_ in SUBJECT_DEPS or c.tag_ == "MD" for c in t.children)

    verb = climb(clause, lambda t: t.head if t.dep_ == "conj" and not own_clause(t)
                 and t.head.pos_ in ("VERB", "AUX") else None)
    return (verb.dep_ == "advcl" and _has_to(verb) and not own_clause(verb) and not own_clause(clause)
            and verb.head.pos_ in ("VERB", "AUX"))


# Verbs whose that-clause is an outcome to bring about: a `can` there is the ability secured.
OUTCOME_VERBS = frozenset({"ensure", "guarantee", "secure"})


def _outcome_to_secure(clause: Token) -> bool:
    """'to ensure that young people can access support', 'must ensure that frontline staff can
    recognise the signs': `can / may` in what a verb of ensuring is to bring about says what will be
    possible once it is done (an ability, GUIDE 3.3.7, like `so that teachers can spot the signs`),
    not a permission anyone grants. `make sure that` counts as `ensure`."""
    for anc in [clause, *ancestors_within(clause)]:
        if anc.dep_ == "ccomp":
            verb = anc.head
            if _lemma(verb) in OUTCOME_VERBS or (_lemma(verb) == "make" and any(
                    c.lower_ == "sure" for c in verb.children)):
                return True
        if anc.dep_ != "conj":  # up through coordinated clauses ('... and that families can ...') only
            if anc is not clause:
                return False
    return False


def _after_comma(verb: Token) -> bool:
    """The verb's clause opens right after a comma (', to train staff')."""
    start = verb.left_edge.i
    return start > 0 and verb.doc[start - 1].text == ","


def _infinitive_series(aims: list[Token]) -> list[Token]:
    """'asks councils to appoint a lead officer, to train staff and to report annually': a
    series of to-infinitives, each after a comma and closed by 'and/or to V', that the parser
    hangs on the first item as a clause of its own. Each continues the first aim's series; an
    infinitive without the comma is the object's purpose ('appoint an officer to inform')."""
    found = []
    for verb in aims:
        if not _has_to(verb):
            continue
        for clause in verb.children:
            closed = any(c.dep_ == "conj" and _has_to(c) and c.doc[c.left_edge.i - 1].lower_ in ("and", "or")
                         for c in clause.children)
            if (clause.dep_ in ("advcl", "xcomp", "acl") and clause.i > verb.i and _has_to(clause)
                    and _after_comma(clause) and closed):
                found += [clause, *(c for c in conjuncts_within(clause) if c.i > clause.i and _has_to(c))]
    return found


def _conjuncts_under_apposition(head: Token) -> list[Token]:
    """'The Assistant Deputy Minister, Portfolio Affairs Branch and the Assistant Deputy Minister,
    Emergency Management Branch should': the parser hangs the second actor on the first one's
    apposition (the office after the comma). A conjunct there that opens a new noun phrase (its
    own determiner) is a coordinated bearer; a bare conjunct is part of the apposition's name."""
    found = []
    for app in _children(head, "appos"):
        if _in_parentheses(app):
            continue  # a gloss or acronym names the same actor
        found += [c for c in conjuncts_within(app) if c.i > app.i and c.pos_ in ("NOUN", "PROPN")
                  and any(d.dep_ == "det" and d.i < c.i for d in c.children)]
    return found


def _finite_or_participle(verb: Token) -> bool:
    """A participle, a past form ('updated', not 'set' or 'put', which the tagger also calls VBN
    or VBD but are bare infinitives too) or a third-person present ('whom the member concerned
    considers'): it cannot be a bare infinitive coordinated with a modal's verb, so it is a
    modifier or another clause's verb, not a second aim."""
    return verb.tag_ in ("VBG", "VBZ") or (verb.tag_ in ("VBN", "VBD") and verb.lower_ != verb.lemma_.lower())


def _person_noun(lemma: str) -> bool:
    """Every WordNet sense of the noun is a kind of person (noun.person: `participant`, `applicant`),
    and none is one of the people policies act on (targets: `victim`, `juvenile`; the populace:
    `inhabitant`, `national`, whose members are actors only where the guidelines say so)."""
    nc = lookup(lemma)
    return bool(nc.classes) and all(c == "person" for c, _ in nc.classes) and nc.anchor_rank(
        TARGET_ANCHORS | POPULACE_ANCHORS) is None


def _announces_list(noun: Token) -> bool:
    """'A safety partnership shall have the following functions:': `the following X` before a colon
    or dash names no role, it announces the list the statement holds (as `should consider the
    following:` does), so `have` there is a lead-in's verb, not a role statement."""
    doc, end = noun.doc, noun.i + 1
    return any(c.dep_ == "amod" and c.lower_ == "following" for c in noun.children) and (
        end < len(doc) and doc[end].text in (":", "—", "–"))


def _only_abstract_senses(lemma: str) -> bool:
    nc = lookup(lemma)
    classes = {c for c, _ in nc.classes} if nc is not None else set()
    return bool(classes) and classes <= ABSTRACT_CLASSES


def _nonrestrictive_relative_subject(head: Token) -> bool:
    """`which`/`who` opening a relative clause set off by a comma after a noun (", which is
    responsible for ..."): a new statement about that noun, whose bearer references.py resolves.
    A restrictive clause ("officers who are authorised to ...") only says which ones, and an
    indirect question ("which actor is required to ...") names no bearer."""
    clause = head.head
    return (head.tag_ in ("WDT", "WP") and head.lower_ in ("which", "who") and clause.dep_ == "relcl"
            and clause.head.pos_ in ("NOUN", "PROPN") and _after_break(clause)
            and clause.left_edge.i == head.i)


def _is_name_part(head: Token, phrase: list[Token]) -> bool:
    """'Coordinator for Protecting Democracy Against ...': a capitalised name goes on."""
    words = [t for t in phrase[1:] if t.is_alpha]
    return (head.text[:1].isupper() and bool(words)
            and all(t.text[:1].isupper() or t.is_stop for t in words))


def _strip_np(tokens: list[Token]) -> list[Token]:
    """Without leading determiners, quantifiers, possessive pronouns and edge punctuation."""
    while tokens and (tokens[0].dep_ in ("det", "predet") or tokens[0].is_punct
                      or (tokens[0].dep_ == "poss" and tokens[0].pos_ == "PRON")
                      or tokens[0].lower_ in ("each", "every", "all", "any", "both")):
        tokens = tokens[1:]
    while tokens and ((tokens[-1].is_punct and tokens[-1].text not in CLOSING_QUOTES)
                      or tokens[-1].dep_ in ("case", "cc")):
        tokens = tokens[:-1]
    return _close_quotes(tokens)


def preceding_np(modifier: Token) -> Token | None:
    """Head of the noun phrase just before a modifier: 'the ministry of X (in charge of ...)'."""
    doc, j = modifier.doc, modifier.left_edge.i - 1
    while j >= 0 and doc[j].text in BREAKS + ("[",):
        j -= 1
    if j < 0 or doc[j].pos_ not in ("NOUN", "PROPN"):
        return None
    return climb(doc[j], lambda t: t.head.head if t.dep_ == "pobj" and t.head.lower_ == "of"
                 and t.head.head.pos_ in ("NOUN", "PROPN") else None)
