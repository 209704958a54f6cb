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

It also makes the records of a list lead-in, one per list item. Nothing here looks for
triggers: that is detection, in obligation_readings.py.

Names without an underscore are the component's (obligations.py, obligation_readings.py),
not an API for the rest of the pipeline.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from .noun_classes import lookup
from .obligation_data import _Lexicon
from .references import ReferenceResolver
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


@dataclass
class LeadIn:
    """A list lead-in ('each coordinator is required to:') and the list items after it."""

    sent: Span
    trigger: list[Token]  # the words that end the lead-in, before its colon
    deontic: str
    head: Token  # the bearer as written
    items: list[Span]  # the list items: one aim, and one sentence, each


class RecordBuilder:
    """The records of candidates and lead-ins (see module docstring); one per lexicon."""

    def __init__(self, lex: _Lexicon, *, is_verb: Callable[[str], bool] = lambda w: False) -> None:
        self.is_verb = is_verb
        self.lex = lex

    # -- records

    def records(self, cand: Candidate, refs: ReferenceResolver) -> Iterator[tuple[RecordKey, Obligation]]:
        """One record per bearer and per aim of a candidate, keyed by sentence, bearer and aim."""
        if self._in_purpose_clause(cand.clause) or self._in_purpose_clause(cand.aim, stop=cand.clause):
            return
        sent = cand.clause.sent
        issuer = cand.issuer or refs.previous_sentence_issuer(sent)
        aims = [cand.aim] if cand.aim_end else [a for head in [cand.aim, *cand.more_aims]
                                                 for a in self._split_aims(head)]
        if cand.rule.startswith("object_control") and any(c.dep_ == "aux" and c.lower_ == "to" for c in cand.clause.children):
            # "is required to appoint an officer to inform X, but also to organise Y": the trigger is
            # itself a duty's aim, so the infinitives after ", but also to" continue that duty's series
            aims = [a for a in aims if a is cand.aim or not self._after_series_break(a)]
        heads: list[Token] = []
        for head in cand.bearers:
            if (any(c.tag_ in ("WDT", "WP") for c in head.children) or head.tag_ in ("WDT", "WP")) and not (
                    _nonrestrictive_relative_subject(head)):
                continue  # "we ask which actor is required to act": an indirect question names no bearer
            if cand.light_passive and (head.ent_type_ == "DATE" or _lemma(head) in self.lex.time_nouns or head.like_num):
                continue  # "adopted by the end of 2026": a deadline, not an agent
            conjuncts = [c for c in conjuncts_within(head) if c.i > head.i and c.pos_ in ("NOUN", "PROPN")]
            heads += [head, *(conjuncts if cand.split_bearers else [])]
            if cand.list_repair and not conjuncts:
                heads += self._list_continuation(head)
        for bearer in (b for head in heads for b in refs.resolve_bearer(head, cand.limit)):
            if bearer.actor is False or ((cand.weak or cand.strict) and bearer.actor is not True):
                continue
            for aim in aims:
                if not self._acting(aim, cand):
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

    def lead_in_records(self, lead_in: LeadIn, refs: ReferenceResolver) -> Iterator[tuple[RecordKey, Obligation]]:
        """One record per list item and bearer; the item is the aim, as written."""
        first = lead_in.trigger[0]
        bearers = [b for b in refs.resolve_bearer(lead_in.head, first.i) if b.actor is not False]
        issuer = refs.context_issuer(first) or refs.previous_sentence_issuer(lead_in.sent)
        for item in lead_in.items:
            opener = next(t for t in item if not t.is_space)
            aim = _tokens_text([t for t in item if not t.is_space]).rstrip(" ;,.")
            for suffix in (" and", " or"):
                aim = aim[: -len(suffix)] if aim.endswith(suffix) else aim
            aim = aim.rstrip(" ;,.")  # "keep a register; and"
            for bearer in bearers:
                yield (item.start, bearer.start, opener.i), Obligation(
                    bearer=bearer.text, bearer_text=bearer.written, bearer_start=bearer.start,
                    bearer_end=bearer.end, deontic=lead_in.deontic, trigger=_trigger_text(lead_in.trigger) + ":",
                    aim=aim, issuer=issuer, sent_start=item.start_char, sent_end=item.end_char,
                    rule="list_lead_in",
                )

    # -- filters

    def _acting(self, aim: Token, cand: Candidate) -> bool:
        """The aim is an actor acting: not receiving, not a role, not a state or a possibility."""
        lex, lemma = self.lex, _lemma(aim)
        if aim.pos_ in ("NOUN", "PROPN") or cand.aim_end is not None:
            return True
        if lemma in lex.receiving_verbs:
            return False
        if lemma in lex.role_verbs and any(_lemma(o) in lex.role_nouns for o in _children(aim, "dobj", "attr")):
            return False  # "should play an active role"
        if aim.dep_ != "relcl" and any(c.tag_ in ("WP", "WDT") and c.dep_ in ("dobj", "nsubj") for c in aim.children):
            return False  # "What local authorities can do is limited": a free relative (a relcl's is its noun's)
        if cand.light_passive:
            return True
        if lemma in lex.copulas or (_is_passive(aim) and not _children(aim, "agent")):
            return False
        if cand.weak:
            aux = [_lemma(a) for a in _children(aim, "aux", "auxpass")]
            if lemma in lex.non_agentive_verbs or "have" in aux or (aim.tag_ == "VBG" and "be" in aux):
                return False  # "can include", "may have taken part", "may be planning": epistemic
        return True

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
                if (c.dep_ == "conj" and c.pos_ in ("VERB", "AUX") and own_complement and c not in aims
                        and not any(d.dep_ in SUBJECT_DEPS or d.tag_ == "MD" for d in c.children)
                        and not (v.tag_ == "VB" and c.tag_ in ("VBN", "VBG"))):  # "publish it, updated yearly"
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
                    if (w.dep_ == "conj" and w.tag_ == "VB" and w.i >= 2 and doc[w.i - 1].lower_ == "and"
                            and doc[w.i - 2].text == "," and not any(c.dep_ in SUBJECT_DEPS or c.lower_ == "to"
                                                                      for c in w.children)):
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
                for conj in (c for c in conjuncts_within(obj) if c.i > obj.i and c.pos_ in ("NOUN", "PROPN")):
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
            j = other.left_edge.i - 1
            while j > aim.i and (doc[j].pos_ in ("CCONJ", "PUNCT") or doc[j].lower_ in ("well", "also", "as")):
                cut.add(doc[j])  # the coordinator before the other aim
                j -= 1
        if aim.pos_ in ("NOUN", "PROPN") or (aim.tag_ == "VBG" and aim.dep_ == "pobj" and not list(aim.children)):
            keep = [t for t in subtree_within(aim) if t not in cut and not self._pruned(t, aim, cut)]
            return _tokens_text(_strip_np(keep))
        keep, has_object = [aim], False
        for child in (c for c in aim.children if c.i > aim.i and c not in cut):
            if child.dep_ in ("conj", "cc"):
                # "monitor and evaluate each case": one aim when the verbs share the object
                if not has_object and (child.dep_ == "cc" or (child.pos_ in ("VERB", "AUX")
                                                              and not _children(child, *SUBJECT_DEPS))):
                    keep += [t for t in subtree_within(child) if not self._pruned(t, aim, cut)]
                continue
            if child.dep_ not in AIM_DEPS or child.dep_ == "agent":
                continue
            if has_object and child.dep_ == "prep" and child.lower_ == "by" and any(t.tag_ == "VBG" for t in subtree_within(child)):
                continue  # "implement the alert levels by closing schools": the means, not the aim
            if child.dep_ in ("advcl", "xcomp", "acl") and not _complement_clause(child, has_object):
                continue  # a purpose: "appoint an officer to inform ..."
            if (child.dep_ not in CORE_AIM_DEPS and _after_break(child)) or any(
                _words_at(doc, child.left_edge.i, m) for m in self.lex.purpose_markers
            ):
                continue  # an aside (", notably with regards to ...") or "in order to ..."
            keep += [t for t in subtree_within(child) if not self._pruned(t, aim, cut)]
            has_object = has_object or child.dep_ in ("dobj", "dative", "prep", "ccomp", "attr")
        kept = set(keep)  # an opening quote the parser hung on the verb belongs to its object
        keep += [doc[t.i - 1] for t in kept if t.i > 0 and doc[t.i - 1].text in OPENING_QUOTES
                 and doc[t.i - 1].head in kept]
        text = _tokens_text(keep)
        if cand.light_passive:
            subject = next(iter(_children(aim, "nsubjpass")), None)
            if subject is None:
                return ""
            tokens = self._np_tokens(subject, use_entity=False)
            subject_text = _tokens_text(tokens)
            if tokens and tokens[0].is_sent_start and not tokens[0].text.isupper() and not tokens[0].ent_type_:
                subject_text = subject_text[:1].lower() + subject_text[1:]  # capitalised only as first word
            rest = text[len(aim.text):].strip() if text.startswith(aim.text) else ""
            text = " ".join(p for p in (aim.lemma_, subject_text, rest) if p)
        return text

    def _pruned(self, tok: Token, top: Token, cut: set[Token]) -> bool:
        """Whether a token below an aim's head falls in a part the aim leaves out."""
        for anc in [tok, *ancestors_within(tok)]:
            if anc == top:
                return False
            if (
                anc in cut
                or (anc.dep_ == "relcl" and _after_break(anc))  # ", which receive ...": a new statement
                or (anc.dep_ == "advcl" and not _complement_clause(anc, _object_before(anc)))
                or (anc.dep_ in ("acl", "relcl") and _has_to(anc) and anc.head.dep_ == "dobj"
                    and anc.head.head == top)  # "create a unit to coordinate actions": a purpose
                or (anc.dep_ == "appos" and _in_parentheses(anc))
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
        if head.pos_ == "NOUN" and ent is None and _only_abstract_senses(lemma):
            return False  # "This reliance must not change ...": no sense of the noun can act
        return None

    def _list_continuation(self, head: Token) -> list[Token]:
        """'by A, B, as well as C' that the parser read as A plus an apposition elsewhere: the
        members after A, if the list ends with a coordinator."""
        doc, sent_end = head.doc, head.sent.end
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
