"""Deontic statements ("obligations") read off the dependency parse.

Algorithm. An obligation record is an Institutional Grammar statement
(Crawford & Ostrom 1995, ADICO; Frantz & Siddiki 2021, IG 2.0): who (the
Attribute, here ``bearer``) must, should, may or is responsible for doing
(the Deontic) what (the aIm), imposed by whom (``issuer``). As in the
rule-based extractor of Sleimi et al. (Empirical Software Engineering 2021),
hand-written rules run over the trained parse:

1. spaCy's ``DependencyMatcher`` finds the shapes that carry a deontic (a
   modal with a subject, ``X is required to V``, ``S requires X to V``,
   ``S requires that X V``, ``X is responsible for V-ing``, ``with the
   mission of``, ``S relies on X to V`` ...). The patterns are data
   (``data/obligation_patterns.json``); each names the handler ``kind`` that
   reads its nodes. Token ``Matcher`` patterns repair two places where
   en_core_web_sm's parse fails: ``requires that X V`` with V tagged as a
   noun (found through the lemmatizer's WordNet index: a verb-only word) and
   a modal cut off from its verb by an aside (``should, where possible,
   involve``).
2. The deontic class comes from the trigger lexicon
   (``data/obligation_triggers.json``), never from code.
3. Filters drop what is not an actor acting: passives without agent, modals
   in purpose clauses, receiving verbs, role statements, copulas, and
   epistemic ``can/may`` (a subject not known to be an actor, a
   non-agentive verb, perfect or progressive aspect). Animacy is read from
   the entity label when there is one, else from head-word lists.
4. One record per bearer and per aim: conjuncts are split, with repairs for
   coordinators the small parser attaches oddly (``..., as well as to chair
   it``; ``by A, B, as well as C``).
5. Pronouns and descriptions (``They``, ``It``, ``This high ranking
   official``, ``This model``) are resolved to an earlier mention in the
   Doc. Sentences are searched from the nearest back; within a sentence the
   subject comes first, then the other mentions left to right -- the
   salience order of Hobbs (1978) and centering theory (Grosz, Joshi &
   Weinstein 1995) -- restricted by number and animacy. A description with a
   new head word (``This model``) takes the most recent fitting mention.
   (references.py, as are issuers.)

Modules: this one holds the component (match readers, filters, aims, actor
phrases) and its factory; ``obligation_data.py`` reads and checks the data
files; ``references.py`` resolves bearers and issuers; ``syntax.py`` holds
the parse and text helpers both use.

Decisions (each has a test):

- A modal in a relative or adverbial clause that is not a purpose clause
  counts when its subject is an actor: ``a platform through which citizens
  can report information`` is a permission of ``citizens``.
- ``should not`` stays a recommendation and its aim starts with ``not``;
  ``cannot`` is a prohibition like ``may not``; ``required not to`` is a
  prohibition.
- A modal passive with a by-agent (``referral can be made by frontline
  staff``) has the agent as bearer and a light active aim: the verb's lemma
  and the passive subject (``make referral of vulnerable individuals``).
- Coordinated nouns in a nominal aim (``responsible for detection and
  prevention``) stay one record; only verbal aims are split. Verbs sharing
  one object (``monitor and evaluate each case``) stay one aim.
- ``X, in charge of Y`` and ``X (in charge of Y)`` count, with X as bearer.
- Issuer: the subject of ``requires/encourages/recommends ...``, the by-agent
  of ``required by``, the subject of a reporting verb (``The agreement says
  that X should``), a frame (``According to / Under S, ...``); else, as the
  guidelines allow ("the sentence or the one before it"), the frame or the
  instrument subject of the sentence before. ``It`` resolves to the most
  salient body or instrument; ``the plan``/``this strategy`` to a mention
  with the same head word anywhere before in the Doc (a named one first), else
  to the latest instrument nearby; a body is never carried over.
"""

from __future__ import annotations

import copy
import json
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.matcher import DependencyMatcher, Matcher
from spacy.tokens import Doc, Token

from .obligation_data import (
    DEONTIC_CLASSES,
    PATTERNS_FILE,
    TRIGGERS_FILE,
    _expand,
    _Lexicon,
    load_patterns,
    load_triggers,
)
from .references import MAX_ANTECEDENT_SENTENCES, MAX_RESOLUTION_DEPTH, ReferenceResolver
from .syntax import (
    BREAKS,
    CLOSING_QUOTES,
    OPENING_QUOTES,
    SUBJECT_DEPS,
    _after_break,
    _children,
    _clean_text,  # noqa: F401  (re-exported: the tests import it from here)
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
)

# Other code imports these from here (the tests also `_expand` and `_clean_text`).
__all__ = ["DEONTIC_CLASSES", "MAX_ANTECEDENT_SENTENCES", "MAX_RESOLUTION_DEPTH", "Obligation",
           "ObligationMatcher", "load_patterns", "load_triggers", "make_obligation_matcher"]

logger = logging.getLogger(__name__)

# en_core_web_sm (ClearNLP) dependency labels.
# Right-hand children of a verb that belong to its aim: objects, particles, complements.
AIM_DEPS = frozenset({"dobj", "dative", "prt", "prep", "attr", "acomp", "oprd", "ccomp", "xcomp", "advmod",
                      "npadvmod", "pcomp", "pobj", "advcl", "acl", "compound", "amod"})
CORE_AIM_DEPS = frozenset({"dobj", "dative", "prt", "xcomp", "ccomp", "attr", "acomp", "oprd"})
# Left-hand modifiers of an actor's head noun that belong to its name.
NP_LEFT_DEPS = frozenset({"compound", "amod", "nmod", "nummod", "poss", "quantmod", "punct", "npadvmod",
                          "advmod"})
NAME_PREPS = frozenset({"for", "against", "on", "of"})

if not Doc.has_extension("obligations"):
    Doc.set_extension("obligations", default=None)


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


# --------------------------------------------------------------------------- working records


# The object of 'obliges X to V' is a noun phrase of at most this many tokens.
MAX_FALLBACK_BEARER_TOKENS = 8


@dataclass
class _Candidate:
    """What a handler read off one match, before filtering, splitting and resolution."""

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


# --------------------------------------------------------------------------- component


class ObligationMatcher:
    """Write `doc._.obligations`: the deontic statements of each sentence (see module docstring)."""

    def __init__(
        self,
        nlp: Language,
        name: str = "pipeline_obligations",
        *,
        triggers_path: str | None = None,
        patterns_path: str | None = None,
        max_antecedent_sentences: int = MAX_ANTECEDENT_SENTENCES,
    ) -> None:
        self.name = name
        self.vocab = nlp.vocab
        self._nlp = nlp
        self.max_antecedent_sentences = max_antecedent_sentences
        self._verb_only: Callable[[str], bool] | None = None
        self.set_data(load_triggers(triggers_path), load_patterns(patterns_path))

    def set_data(self, triggers: dict[str, Any], patterns: dict[str, Any]) -> None:
        """Use this lexicon and these patterns; they are deep-copied, the caller's stay as they are."""
        self.triggers = copy.deepcopy(triggers)
        self.patterns = copy.deepcopy(patterns)
        self.lex = _Lexicon(self.triggers)
        self.dep_matcher = DependencyMatcher(self.vocab, validate=True)
        self.token_matcher = Matcher(self.vocab, validate=True)
        self._rules: dict[int, tuple[str, str, int, list[str]]] = {}  # key -> rule, kind, priority, nodes
        entries = self.patterns["dependency_patterns"] + self.patterns["token_patterns"]
        for priority, entry in enumerate(entries):
            key = f"{entry['id']}#{priority}"
            pattern = _expand(entry["pattern"], self.triggers)
            is_dep = priority < len(self.patterns["dependency_patterns"])
            (self.dep_matcher if is_dep else self.token_matcher).add(key, [pattern])
            nodes = [node["RIGHT_ID"] for node in pattern] if is_dep else []
            self._rules[self.vocab.strings[key]] = (entry["id"], entry["kind"], priority, nodes)

    def __call__(self, doc: Doc) -> Doc:
        doc._.obligations = self.extract(doc)
        return doc

    def extract(self, doc: Doc) -> list[Obligation]:
        """The records of one Doc, in text order."""
        if not doc.has_annotation("DEP"):
            logger.warning("pipeline_obligations needs a dependency parse; none on %r", doc.text[:40])
            return []
        refs = ReferenceResolver(doc, self.lex, max_antecedent_sentences=self.max_antecedent_sentences,
                                 actor_status=self._actor_status, span_of=self._span_of)
        candidates: list[_Candidate] = []
        read = set()  # triggers the parse-based rules have seen; token patterns only repair
        for match_id, token_ids in self.dep_matcher(doc):
            rule, kind, priority, names = self._rules[match_id]
            nodes = dict(zip(names, (doc[i] for i in token_ids)))
            read.add(nodes["trigger"].i)
            candidates += getattr(self, f"_read_{kind}")(nodes, rule, priority, refs)
        for match_id, start, _end in self.token_matcher(doc):
            rule, kind, priority, _ = self._rules[match_id]
            if start not in read:
                candidates += getattr(self, f"_read_{kind}")({"trigger": doc[start]}, rule, priority, refs)
        records: dict[tuple[int, int, int], Obligation] = {}
        for cand in sorted(candidates, key=lambda c: c.priority):
            for key, record in self._records(cand, refs):
                records.setdefault(key, record)  # the earlier pattern wins
        for key, record in self._lead_in_lists(doc, refs):
            records.setdefault(key, record)
        return sorted(records.values(), key=lambda r: (r.sent_start, r.bearer_start, r.aim))

    def _lead_in_lists(self, doc: Doc, refs: ReferenceResolver) -> Iterator[tuple[tuple[int, int, int], Obligation]]:
        """'each coordinator is required to:' followed by list items: one record per item.

        The lead-in ends in a trigger and a colon; each following list item (a block
        that starts with a lower-case word or a verb) is an aim, and its own sentence
        (the guidelines keep bullets as separate sentences)."""
        sents = list(doc.sents)
        for k, sent in enumerate(sents):
            tokens = [t for t in sent if not t.is_space]
            if len(tokens) < 3 or tokens[-1].text != ":":
                continue
            trigger = self._lead_in_trigger(tokens[:-1])
            if trigger is None:
                continue
            trigger_tokens, deontic = trigger
            first = trigger_tokens[0]
            subjects = [t for t in sent if t.dep_ in SUBJECT_DEPS and t.i < first.i and t.pos_ in ("NOUN", "PROPN", "PRON")]
            head = subjects[-1] if subjects else next(
                (t for t in reversed(doc[sent.start : first.i]) if t.pos_ in ("NOUN", "PROPN")), None)
            if head is None:
                continue
            bearers = [b for b in refs.resolve_bearer(head, first.i) if b.actor is not False]
            issuer = refs.context_issuer(first) or refs.previous_sentence_issuer(sent)
            for item in sents[k + 1 :]:
                opener = next((t for t in item if not t.is_space), None)
                block_start = item.start > 0 and "\n" in doc[item.start - 1].text
                if opener is None or not block_start or not (opener.is_lower or opener.tag_ in ("VB", "VBP")):
                    break
                aim = _tokens_text([t for t in item if not t.is_space]).rstrip(" ;,.")
                for suffix in (" and", " or"):
                    aim = aim[: -len(suffix)] if aim.endswith(suffix) else aim
                aim = aim.rstrip(" ;,.")  # "keep a register; and"
                for bearer in bearers:
                    yield (item.start, bearer.start, opener.i), Obligation(
                        bearer=bearer.text, bearer_text=bearer.written, bearer_start=bearer.start,
                        bearer_end=bearer.end, deontic=deontic, trigger=_trigger_text(trigger_tokens) + ":",
                        aim=aim, issuer=issuer, sent_start=item.start_char, sent_end=item.end_char,
                        rule="list_lead_in",
                    )

    def _lead_in_trigger(self, tokens: list[Token]) -> tuple[list[Token], str] | None:
        """The trigger a lead-in ends with ('must', 'shall', 'is required to', 'is responsible for')."""
        last = tokens[-1]
        if last.tag_ == "MD" and self.lex.deontic("modals", last.lower_, False):
            return [last], str(self.lex.deontic("modals", last.lower_, False))
        if len(tokens) >= 2:
            word, complement = tokens[-2], last
            entry = self.lex.entry("passive_deontic", _lemma(word))
            if entry is not None and entry["complement"] == complement.lower_:
                aux = [t for t in tokens[-4:-2] if t.lemma_ == "be"]
                return [*aux, word, complement], str(self.lex.deontic("passive_deontic", _lemma(word), False))
            entry = self.lex.entry("deontic_adjectives", word.lower_)
            if entry is not None and entry.get("complement", complement.lower_) == complement.lower_:
                aux = [t for t in tokens[-4:-2] if t.lemma_ == "be"]
                return [*aux, word, complement], str(self.lex.deontic("deontic_adjectives", word.lower_, False))
        return None

    # -- match readers: one per pattern kind, each returns candidates

    def _candidate(self, n: dict[str, Token], rule: str, priority: int, **fields: Any) -> list[_Candidate]:
        if fields.get("deontic") is None:
            return []
        if "bearers" not in fields:
            fields["bearers"] = [n["bearer"]]
        fields.setdefault("aim", n.get("aim"))
        comp = n.get("comp")
        if comp is not None and comp.pos_ == "ADP":  # "with A-ing and with B-ing": B-ing is an aim too
            fields["more_aims"] = [a for c in comp.conjuncts if c.pos_ == "ADP"
                                   for a in _children(c, "pcomp", "pobj")]
        return [_Candidate(rule=rule, priority=priority, **fields)]

    def _read_modal(
        self, n: dict[str, Token], rule: str, priority: int, refs: ReferenceResolver
    ) -> list[_Candidate]:
        """'X must/should/can V'; 'Y can be V-ed by X'; 'X ... and must V'."""
        verb, modal = n["aim"], n["trigger"]
        aim = verb
        if _lemma(verb) == "be":  # "should be able to identify": the aim is "identify"
            aim = next((x for a in _children(verb, "acomp") if a.lower_ == "able" for x in _children(a, "xcomp")),
                       verb)
        neg = [c for c in _negations(verb, aim) if modal.i < c.i < aim.i]
        deontic = self.lex.deontic("modals", modal.lower_, bool(neg))
        light = rule == "modal_passive_agent"
        if (not light and _is_passive(aim)) or (
            rule == "modal_shared_subject" and _children(aim, *SUBJECT_DEPS)
        ):
            return []
        return self._candidate(
            n, rule, priority, deontic=deontic, trigger=[modal, *neg], clause=aim, aim=aim,
            issuer=refs.context_issuer(aim), weak=modal.lower_ in self.lex.weak_modals,
            light_passive=light, negated_aim=bool(neg) and deontic != "prohibition", list_repair=light,
        )

    def _read_modal_interrupted(
        self, n: dict[str, Token], rule: str, priority: int, refs: ReferenceResolver
    ) -> list[_Candidate]:
        """'X should, where possible, involve ...': the parser loses the verb behind the aside."""
        modal = n["trigger"]
        verb = next((t for t in modal.doc[modal.i + 1 : modal.sent.end] if t.tag_ in ("VB", "VBP")), None)
        if verb is None or (modal.dep_ == "aux" and modal.head == verb):
            return []  # the match ran past the sentence, or the parse is fine and the modal rule reads it
        subjects = _children(modal, "nsubj") or _children(verb, "nsubj")
        if not subjects:
            return []
        return self._read_modal({"aim": verb, "trigger": modal, "bearer": subjects[0]}, rule, priority, refs)

    def _read_semi_modal(
        self, n: dict[str, Token], rule: str, priority: int, refs: ReferenceResolver
    ) -> list[_Candidate]:
        """'X has to / needs to / ought to / is to V'."""
        trig = n["trigger"]
        key = _lemma(trig)
        if key == "have" and trig.dep_ == "aux":
            return []
        if key == "be" and (_children(trig, "acomp", "attr", "expl", "auxpass")
                            or n["bearer"].lower_ in ("it", "this", "that")):
            return []  # "it is relevant to monitor", "the aim is to reduce": not "X is to V"
        if key == "need" and _children(trig, "dobj"):
            return []  # "need several years to rebuild": need + object, not "need to"
        if any(c.dep_ == "aux" and c.lower_ in self.lex.epistemic_modals for c in trig.children):
            return []  # "might need to": a guess about what will happen
        neg = _negations(trig)
        deontic = self.lex.deontic("semi_modals", key, bool(neg))
        strict = bool((self.lex.entry("semi_modals", key) or {}).get("strict"))
        return self._candidate(
            n, rule, priority, deontic=deontic, trigger=[trig, *neg, n["comp"]], clause=trig,
            issuer=refs.context_issuer(trig), strict=strict,
            negated_aim=bool(neg) and deontic != "prohibition",
        )

    def _read_passive_deontic(
        self, n: dict[str, Token], rule: str, priority: int, refs: ReferenceResolver
    ) -> list[_Candidate]:
        """'X is required/expected/allowed to V', 'prohibited from', 'tasked with'; a by-agent issues."""
        trig = n["trigger"]
        entry = self.lex.entry("passive_deontic", _lemma(trig))
        if entry is None or entry["complement"] != n["comp"].lower_:
            return []
        neg = _negations(trig)
        aux = [c for c in trig.children if c.dep_ in ("auxpass", "aux") and c.i < trig.i]
        return self._candidate(
            n, rule, priority, deontic=self.lex.deontic("passive_deontic", _lemma(trig), bool(neg)),
            trigger=[*aux, *neg, trig, n["comp"]], clause=trig,
            issuer=refs.agent_issuer(trig) or refs.context_issuer(trig),
        )

    def _read_adjective(
        self, n: dict[str, Token], rule: str, priority: int, refs: ReferenceResolver
    ) -> list[_Candidate]:
        """'X is responsible for / free to / in charge of ...', also as a modifier of X."""
        trig, comp = n["trigger"], n["comp"]
        head = trig.head
        if "charge" in n:  # in charge of
            deontic: str | None = self.triggers["in_charge"]["class"]
            words = [trig, n["charge"], comp]
        else:
            entry = self.lex.entry("deontic_adjectives", trig.lower_)
            if entry is None or entry["complement"] != comp.lower_:
                return []
            neg = _negations(head, trig)
            deontic = self.lex.deontic("deontic_adjectives", trig.lower_, bool(neg))
            words = [*neg, trig, comp]
        clause, bearers = trig, []
        if _lemma(head) in self.lex.copulas and head.pos_ in ("AUX", "VERB") and head.i < trig.i:
            clause, bearers, words = head, _children(head, *SUBJECT_DEPS), [head, *words]
        elif head.pos_ in ("NOUN", "PROPN") and trig.dep_ in ("amod", "acl", "appos", "prep"):
            bearers = [head]
        if not bearers:
            preceding = self._preceding_np(trig)
            bearers = [preceding] if preceding is not None else []
        if not bearers:
            return []
        return self._candidate(n, rule, priority, deontic=deontic, trigger=words, clause=clause, bearers=bearers,
                               issuer=refs.context_issuer(clause))

    def _read_predicate(
        self, n: dict[str, Token], rule: str, priority: int, refs: ReferenceResolver
    ) -> list[_Candidate]:
        """'It is mandatory for X to V', 'S makes it compulsory for X to V'."""
        trig = n["trigger"]
        neg = _negations(trig, trig.head)
        words = [n["copula"]] if "copula" in n else []
        return self._candidate(
            n, rule, priority, deontic=self.lex.deontic("deontic_predicates", trig.lower_, bool(neg)),
            trigger=[*words, *neg, trig, n["comp"]], clause=n.get("copula", trig),
            issuer=refs.subject_issuer(trig.head) if trig.dep_ in ("ccomp", "oprd") else "",
        )

    def _read_object_control(
        self, n: dict[str, Token], rule: str, priority: int, refs: ReferenceResolver
    ) -> list[_Candidate]:
        """'S requires/encourages/allows X to V', 'S tasks X with V-ing'; S issues."""
        trig = n["trigger"]
        entry = self.lex.entry("object_control", _lemma(trig))
        if entry is None or entry["complement"] != n["comp"].lower_ or _is_passive(trig):
            return []  # a passive ("is required by S to") is read by the passive rule
        if any(c.dep_ == "aux" and c.tag_ == "MD" for c in trig.children):
            return []  # "the cantons can ask the office to act": a permission of the cantons, read by the modal rule
        neg = _negations(trig)
        return self._candidate(
            n, rule, priority, deontic=self.lex.deontic("object_control", _lemma(trig), bool(neg)),
            trigger=[*neg, trig, n["comp"]], clause=trig, issuer=refs.subject_issuer(trig), list_repair=True,
        )

    def _read_prep_control(
        self, n: dict[str, Token], rule: str, priority: int, refs: ReferenceResolver
    ) -> list[_Candidate]:
        """'S relies on X to V', 'S calls on X to V'."""
        trig = n["trigger"]
        entry = self.lex.entry("prep_control", _lemma(trig))
        if entry is None or n["comp"].lower_ not in entry["preps"]:
            return []
        neg = _negations(trig)
        return self._candidate(
            n, rule, priority, deontic=self.lex.deontic("prep_control", _lemma(trig), bool(neg)),
            trigger=[*neg, trig, n["comp"], n["to"]], clause=trig, issuer=refs.subject_issuer(trig),
            list_repair=True,
        )

    def _read_that_clause(
        self, n: dict[str, Token], rule: str, priority: int, refs: ReferenceResolver
    ) -> list[_Candidate]:
        """'S requires/recommends (that) X V'."""
        trig, aim = n["trigger"], n["aim"]
        if _has_to(aim) or _is_passive(aim):
            return []
        if aim.i < trig.i:
            return []  # "which bodies coordinate it; what is required of ...": no clause follows the trigger
        if any(t.tag_ in ("WDT", "WP", "WP$", "WRB") or t.lower_ in ("whether", "if") for t in aim.lefts
               for t in t.subtree):
            return []  # "we ask which bodies coordinate it": an indirect question, not a demand
        neg = _negations(trig)
        marks = [c for c in aim.children if c.dep_ == "mark" and c.lower_ == "that"]
        aux = [c for c in trig.children if c.dep_ in ("aux", "auxpass") and c.i < trig.i]
        return self._candidate(
            n, rule, priority, deontic=self.lex.deontic("that_clause", _lemma(trig), bool(neg)),
            trigger=[*aux, *neg, trig, *marks], clause=trig,
            issuer=refs.agent_issuer(trig) or refs.subject_issuer(trig),
        )

    def _read_that_clause_fallback(
        self, n: dict[str, Token], rule: str, priority: int, refs: ReferenceResolver
    ) -> list[_Candidate]:
        """'S requires that X V' where the parser made V a noun ('the local head of the police
        collaborate'): V is the first verb form or verb-only word after X; the aim runs to the
        clause's end."""
        trig = n["trigger"]
        doc, sent = trig.doc, trig.sent
        that = doc[trig.i + 1]
        verb = None
        for tok in doc[that.i + 2 : sent.end]:
            if tok.is_punct and tok.text not in OPENING_QUOTES + CLOSING_QUOTES:
                break
            if tok.tag_ in ("VB", "VBP", "VBZ", "MD") or (tok.tag_ == "NN" and self._is_verb_only(tok.lower_)):
                verb = tok
                break
        if verb is None or _lemma(verb) in self.lex.copulas or verb.tag_ == "MD":
            return []  # "that all staff be trained": nobody acts; a modal: the modal rule reads it
        head = next((t for t in doc[that.i + 1 : verb.i] if t.pos_ in ("NOUN", "PROPN", "PRON")), None)
        if head is None:
            return []
        while head.dep_ in ("compound", "amod", "nmod") and that.i < head.head.i < verb.i:
            head = head.head
        end = verb.i + 1
        while end < sent.end and not (doc[end].is_punct and doc[end].text not in OPENING_QUOTES + CLOSING_QUOTES):
            if any(_words_at(doc, end, m) for m in self.lex.purpose_markers):
                break
            end += 1
        return self._candidate(
            n, rule, priority, deontic=self.lex.deontic("that_clause", _lemma(trig), bool(_negations(trig))),
            trigger=[trig, that], clause=trig, aim=verb, issuer=refs.subject_issuer(trig),
            bearers=[head] + [c for c in head.conjuncts if that.i < c.i < verb.i],
            limit=verb.i, aim_end=end, split_bearers=False,
        )

    def _read_object_control_fallback(
        self, n: dict[str, Token], rule: str, priority: int, refs: ReferenceResolver
    ) -> list[_Candidate]:
        """'S obliges X to V' where the parser made the verb a noun ('Decree No. 72/2005 obliges
        every school to designate ...'): X is the noun phrase between the trigger and `to`, V the
        verb after it; the aim runs to the clause's end; S is the entity just before the trigger."""
        trig = n["trigger"]
        doc, sent = trig.doc, trig.sent
        entry = self.lex.entry("object_control", _lemma(trig))
        if entry is None:
            return []
        window = doc[trig.i + 1 : min(sent.end, trig.i + 2 + MAX_FALLBACK_BEARER_TOKENS)]
        to = next((t for t in window if t.lower_ == entry["complement"]), None)
        if to is None or to.i == trig.i + 1 or to.i + 1 >= sent.end:
            return []
        verb = doc[to.i + 1]
        if not (verb.tag_ in ("VB", "VBP") or verb.pos_ == "VERB" or self._is_verb_only(verb.lower_)):
            return []
        between = doc[trig.i + 1 : to.i]
        if any(t.is_punct for t in between):
            return []
        head = next((t for t in reversed(between) if t.pos_ in ("NOUN", "PROPN", "PRON")), None)
        if head is None:
            return []
        end = verb.i + 1
        while end < sent.end and not (doc[end].is_punct and doc[end].text not in OPENING_QUOTES + CLOSING_QUOTES):
            if any(_words_at(doc, end, m) for m in self.lex.purpose_markers):
                break
            end += 1
        before = [e for e in doc.ents if sent.start <= e.start and e.end <= trig.i and e.label_ in self.lex.issuer_labels]
        issuer = refs.subject_issuer(trig) or (before[-1].text if before else "")
        return self._candidate(
            n, rule, priority, deontic=self.lex.deontic("object_control", _lemma(trig), bool(_negations(trig))),
            trigger=[trig, to], clause=trig, aim=verb, issuer=issuer, bearers=[head],
            limit=to.i, aim_end=end, split_bearers=False,
        )

    def _read_mission(
        self, n: dict[str, Token], rule: str, priority: int, refs: ReferenceResolver
    ) -> list[_Candidate]:
        """'S created X with the mission of V-ing': X bears it, S issues."""
        with_, trig = n["with"], n["trigger"]
        anchor, issuer = with_.head, ""
        if anchor.pos_ in ("NOUN", "PROPN"):
            bearers = [anchor]
        else:
            bearers = _children(anchor, "dobj", "nsubjpass")[:1]
            issuer = refs.agent_issuer(anchor) or refs.subject_issuer(anchor)
        if not bearers:
            return []
        return self._candidate(
            n, rule, priority, deontic=self.lex.deontic("mission_nouns", _lemma(trig), False), bearers=bearers,
            trigger=[with_, *_children(trig, "det"), trig, n["comp"]], clause=anchor, issuer=issuer,
        )

    # -- from candidate to records

    def _records(self, cand: _Candidate, refs: ReferenceResolver) -> Iterator[tuple[tuple[int, int, int], Obligation]]:
        if self._in_purpose_clause(cand.clause) or self._in_purpose_clause(cand.aim, stop=cand.clause):
            return
        sent = cand.clause.sent
        issuer = cand.issuer or refs.previous_sentence_issuer(sent)
        aims = [cand.aim] if cand.aim_end else [a for head in [cand.aim, *cand.more_aims]
                                                 for a in self._split_aims(head)]
        heads: list[Token] = []
        for head in cand.bearers:
            if any(c.tag_ in ("WDT", "WP") for c in head.children) or head.tag_ in ("WDT", "WP"):
                continue  # "we ask which actor is required to act": an indirect question names no bearer
            if cand.light_passive and (head.ent_type_ == "DATE" or _lemma(head) in self.lex.time_nouns or head.like_num):
                continue  # "adopted by the end of 2026": a deadline, not an agent
            conjuncts = [c for c in head.conjuncts if c.i > head.i and c.pos_ in ("NOUN", "PROPN")]
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

    def _acting(self, aim: Token, cand: _Candidate) -> bool:
        """The aim is an actor acting: not receiving, not a role, not a state or a possibility."""
        lex, lemma = self.lex, _lemma(aim)
        if aim.pos_ in ("NOUN", "PROPN") or cand.aim_end is not None:
            return True
        if lemma in lex.receiving_verbs:
            return False
        if lemma in lex.role_verbs and any(_lemma(o) in lex.role_nouns for o in _children(aim, "dobj", "attr")):
            return False  # "should play an active role"
        if any(c.tag_ in ("WP", "WDT") and c.dep_ in ("dobj", "nsubj") for c in aim.children):
            return False  # "What local authorities can do is limited": a free relative
        if cand.light_passive:
            return True
        if lemma in lex.copulas or (_is_passive(aim) and not _children(aim, "agent")):
            return False
        if cand.weak:
            aux = [_lemma(a) for a in _children(aim, "aux", "auxpass")]
            if lemma in lex.non_agentive_verbs or "have" in aux or (aim.tag_ == "VBG" and "be" in aux):
                return False  # "can include", "may have taken part", "may be planning": epistemic
        return True

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
            for w in v.subtree:
                if w in aims or w.pos_ != "VERB" or w.i <= v.i or not (_has_to(w) or w.tag_ == "VBG"):
                    continue
                if any(a.dep_ == "pcomp" and a.head.lower_ == "by" for a in [w, *w.ancestors][:3]):
                    continue  # "by closing schools or cancelling events": the means of the aim, not a second aim
                start = w.left_edge.i
                serial = (w.dep_ == "conj" and start >= 2 and doc[start - 2].text == ","
                          and doc[start - 1].lower_ in ("and", "or") and self._pruned(w.head, v, set()))
                if serial or any(_words_before(doc, start, m) for m in self.lex.multiword_coordinators):
                    aims.append(w)
        return aims

    def _aim_text(self, aim: Token, cand: _Candidate, others: list[Token]) -> str:
        """From the verb to the end of its object; no purpose, aside, new statement or other aim."""
        doc = aim.doc
        if cand.aim_end is not None:
            return _tokens_text(doc[aim.i : cand.aim_end])
        cut: set[Token] = set()
        for other in (o for o in others if o.i > aim.i):
            cut.update(other.subtree)
            j = other.left_edge.i - 1
            while j > aim.i and (doc[j].pos_ in ("CCONJ", "PUNCT") or doc[j].lower_ in ("well", "also", "as")):
                cut.add(doc[j])  # the coordinator before the other aim
                j -= 1
        if aim.pos_ in ("NOUN", "PROPN") or (aim.tag_ == "VBG" and aim.dep_ == "pobj" and not list(aim.children)):
            keep = [t for t in aim.subtree if t not in cut and not self._pruned(t, aim, cut)]
            return _tokens_text(self._strip_np(keep))
        keep, has_object = [aim], False
        for child in (c for c in aim.children if c.i > aim.i and c not in cut):
            if child.dep_ in ("conj", "cc"):
                # "monitor and evaluate each case": one aim when the verbs share the object
                if not has_object and (child.dep_ == "cc" or (child.pos_ in ("VERB", "AUX")
                                                              and not _children(child, *SUBJECT_DEPS))):
                    keep += [t for t in child.subtree if not self._pruned(t, aim, cut)]
                continue
            if child.dep_ not in AIM_DEPS or child.dep_ == "agent":
                continue
            if has_object and child.dep_ == "prep" and child.lower_ == "by" and any(t.tag_ == "VBG" for t in child.subtree):
                continue  # "implement the alert levels by closing schools": the means, not the aim
            if child.dep_ in ("advcl", "xcomp", "acl") and not _complement_clause(child, has_object):
                continue  # a purpose: "appoint an officer to inform ..."
            if (child.dep_ not in CORE_AIM_DEPS and _after_break(child)) or any(
                _words_at(doc, child.left_edge.i, m) for m in self.lex.purpose_markers
            ):
                continue  # an aside (", notably with regards to ...") or "in order to ..."
            keep += [t for t in child.subtree if not self._pruned(t, aim, cut)]
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
        for anc in [tok, *tok.ancestors]:
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

    def _in_purpose_clause(self, token: Token, stop: Token | None = None) -> bool:
        """The token stands in a purpose clause ('so that they can', 'in order to')."""
        doc = token.doc
        for anc in [token, *token.ancestors]:
            if anc == stop:
                return False
            if anc.dep_ in ("advcl", "acl", "relcl", "xcomp", "ccomp", "pcomp", "conj"):
                start = anc.left_edge.i
                marks = [m.i for m in anc.children if m.dep_ == "mark"]
                for marker in self.lex.purpose_markers:
                    if (_words_at(doc, start, marker) or _words_before(doc, start, marker)
                            or any(_words_at(doc, i, marker) for i in marks)):
                        return True
        return False

    def _is_verb_only(self, word: str) -> bool:
        """WordNet's index (in the model's rule lemmatizer) knows `word` as a verb, not as a noun."""
        if self._verb_only is None:
            self._verb_only = lambda w: False
            lemmatizer = self._nlp.get_pipe("lemmatizer") if "lemmatizer" in self._nlp.pipe_names else None
            lookups = getattr(lemmatizer, "lookups", None)
            if lookups is not None and lookups.has_table("lemma_index"):
                index = lookups.get_table("lemma_index")
                if "verb" in index and "noun" in index:
                    verbs, nouns = set(index["verb"]), set(index["noun"])
                    self._verb_only = lambda w: w in verbs and w not in nouns
        return self._verb_only(word)

    # -- bearers: actor phrases, animacy, list repairs (what a pronoun refers to: references.py)

    def _np_tokens(self, head: Token, *, limit: int | None = None, use_entity: bool = True) -> list[Token]:
        """The actor phrase of a head noun: the doc entity covering it, else its modifiers,
        'of' phrases and name parts, without determiner, relative clause, apposition or trailing
        participle. `limit`: the phrase ends before this token."""
        subtree = {t.i for t in head.subtree}
        for ent in head.doc.ents if use_entity else ():
            if (ent.start <= head.i < ent.end and ent.label_ not in self.lex.non_actor_labels - {"POLICY", "LAW"}
                    and all(t.i in subtree for t in ent) and "(" not in ent.text):
                return self._strip_np([t for t in ent if limit is None or t.i < limit])
        tokens = [head]
        for child in head.children:
            if child.i < head.i and child.dep_ in NP_LEFT_DEPS and not (child.dep_ == "poss"
                                                                        and child.pos_ == "PRON"):
                tokens += child.subtree
            elif child.i > head.i and child.dep_ == "prep" and child.lower_ in NAME_PREPS:
                phrase = [t for t in child.subtree if not any(
                    a.dep_ in ("relcl", "acl", "appos") for a in [t, *t.ancestors] if child.i < a.i)]
                # "of" phrases name the actor; "for/against/on" ones only in a capitalised name,
                # or after an instrument word ("circular on foreign fighters")
                if (child.lower_ == "of" or self._is_name_part(head, phrase)
                        or _lemma(head) in self.lex.instrument_heads):
                    tokens += phrase
            elif child.i > head.i and child.dep_ in ("compound", "nmod", "nummod") and not _in_parentheses(child):
                tokens += child.subtree
        tokens = sorted({t for t in tokens if limit is None or t.i < limit}, key=lambda t: t.i)
        lo = hi = tokens.index(head)  # the contiguous run around the head
        while lo > 0 and tokens[lo - 1].i == tokens[lo].i - 1:
            lo -= 1
        while hi + 1 < len(tokens) and tokens[hi + 1].i == tokens[hi].i + 1:
            hi += 1
        if head.text[:1].isupper() and not head.is_sent_start:  # a name: "its first National Action Plan"
            while lo < tokens.index(head) and tokens[lo].text.islower():
                lo += 1
        return self._strip_np(tokens[lo : hi + 1])

    @staticmethod
    def _is_name_part(head: Token, phrase: list[Token]) -> bool:
        """'Coordinator for Protecting Democracy Against ...': a capitalised name goes on."""
        words = [t for t in phrase[1:] if t.is_alpha]
        return (head.text[:1].isupper() and bool(words)
                and all(t.text[:1].isupper() or t.is_stop for t in words))

    @staticmethod
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

    def _span_of(self, head: Token, limit: int | None = None) -> tuple[str, int, int]:
        """Text and char offsets of a head's actor phrase (offsets of the cleaned text when it
        is a substring of the phrase, as it is unless an aside was cut out)."""
        tokens = self._np_tokens(head, limit=limit) or [head]
        text, start, end = _tokens_text(tokens), tokens[0].idx, tokens[-1].idx + len(tokens[-1])
        at = head.doc.text.find(text, start, end)
        return (text, at, at + len(text)) if at >= 0 else (text, start, end)

    def _actor_status(self, head: Token) -> bool | None:
        """True: an actor; False: not one (abstract, instrument, target, policy); None: unknown."""
        lex = self.lex
        for ent in head.doc.ents:
            if ent.start <= head.i < ent.end and ent.label_ in lex.actor_labels | {"POLICY", "LAW"}:
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
        return None

    def _preceding_np(self, modifier: Token) -> Token | None:
        """Head of the noun phrase just before a modifier: 'the ministry of X (in charge of ...)'."""
        doc, j = modifier.doc, modifier.left_edge.i - 1
        while j >= 0 and doc[j].text in BREAKS + ("[",):
            j -= 1
        if j < 0 or doc[j].pos_ not in ("NOUN", "PROPN"):
            return None
        tok = doc[j]
        while tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.pos_ in ("NOUN", "PROPN"):
            tok = tok.head.head
        return tok

    def _list_continuation(self, head: Token) -> list[Token]:
        """'by A, B, as well as C' that the parser read as A plus an apposition elsewhere: the
        members after A, if the list ends with a coordinator."""
        doc, sent_end = head.doc, head.sent.end
        own = [t for t in head.subtree
               if not any(a.dep_ in ("conj", "cc") and a.head == head for a in [t, *t.ancestors])]
        i, members = max(t.i for t in own) + 1, []
        coordinators = self.lex.multiword_coordinators + [("and",), ("or",)]
        while i < sent_end:
            j = i + (doc[i].text == ",")
            coordinator = next((m for m in coordinators if _words_at(doc, j, m)), None)
            j += len(coordinator or ())
            if j == i or j >= sent_end:
                break
            tok = doc[j]
            while tok.pos_ not in ("NOUN", "PROPN") and j < tok.head.i < sent_end:
                tok = tok.head
            while tok.dep_ in ("compound", "amod") and tok.head.i > tok.i:
                tok = tok.head
            if tok.pos_ not in ("NOUN", "PROPN") or tok.dep_ not in ("appos", "conj", "npadvmod", "dep", "dobj",
                                                                      "pobj"):
                break
            members.append(tok)
            if coordinator is not None:
                return members
            i = max([tok.i] + [c.right_edge.i for c in tok.children
                               if c.i > tok.i and c.dep_ not in ("conj", "cc", "punct")]) + 1
        return []

    # -- serialisation

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        data = {"triggers": self.triggers, "patterns": self.patterns,
                "cfg": {"max_antecedent_sentences": self.max_antecedent_sentences}}
        return json.dumps(data, ensure_ascii=False).encode("utf-8")

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> ObligationMatcher:
        loaded = json.loads(data.decode("utf-8"))
        self.max_antecedent_sentences = loaded["cfg"]["max_antecedent_sentences"]
        self.set_data(loaded["triggers"], loaded["patterns"])
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / TRIGGERS_FILE).write_text(json.dumps(self.triggers, ensure_ascii=False, indent=1), "utf-8")
        (path / PATTERNS_FILE).write_text(json.dumps(self.patterns, ensure_ascii=False, indent=1), "utf-8")
        cfg = {"max_antecedent_sentences": self.max_antecedent_sentences}
        (path / "cfg.json").write_text(json.dumps(cfg), "utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> ObligationMatcher:
        path = Path(path)
        cfg = json.loads((path / "cfg.json").read_text("utf-8"))
        self.max_antecedent_sentences = cfg["max_antecedent_sentences"]
        self.set_data(load_triggers(path / TRIGGERS_FILE), load_patterns(path / PATTERNS_FILE))
        return self


@Language.factory(
    "pipeline_obligations",
    assigns=["doc._.obligations"],
    requires=["token.dep", "token.head", "token.tag", "token.lemma"],
    default_config={"triggers_path": None, "patterns_path": None,
                    "max_antecedent_sentences": MAX_ANTECEDENT_SENTENCES},
)
def make_obligation_matcher(
    nlp: Language, name: str, triggers_path: str | None, patterns_path: str | None, max_antecedent_sentences: int
) -> ObligationMatcher:
    """Factory of the pipeline_obligations component (config keys as in ObligationMatcher)."""
    return ObligationMatcher(nlp, name, triggers_path=triggers_path, patterns_path=patterns_path,
                             max_antecedent_sentences=max_antecedent_sentences)
