"""Detection for the obligation component: the readings that turn a match into candidates.

Each pattern of ``data/obligation_patterns.json`` names a ``kind``; `READINGS` maps
the kind to the reading that reads the matched nodes (``trigger``, ``bearer``, ``aim``,
``comp`` ...) and returns the candidates: trigger, deontic class, bearer heads as
written, the aim's head, issuer and the flags record building needs
(obligation_records.py). A reading only looks at the parse around its match: it
filters what its pattern over-matches, reads the class from the trigger lexicon and
the issuer off the statement (references.py); it builds no records.

Families, in this order below: modal and semi-modal (``X must V``, ``X has to V``),
passive deontic (``X is required to V``), object and prep control (``S requires X
to V``, ``S relies on X to V``), that-clause (``S requires that X V``),
responsibility (``X is responsible for``, ``it is mandatory for X to``, ``with the
mission of``). Three readings serve token patterns that repair a parse the small
model gets wrong: a modal cut off from its verb by an aside, and a ``requires that X
V`` or ``obliges X to V`` whose verb was tagged as a noun. A list lead-in (``each
coordinator is required to:``) is found in obligation_lists.py, not by a pattern.

Names without an underscore are the component's (obligations.py), not an API for the
rest of the pipeline.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.tokens import Token

from .obligation_data import _Lexicon
from .obligation_records import Candidate, preceding_np
from .references import ReferenceResolver
from .syntax import (
    CLOSING_QUOTES,
    OPENING_QUOTES,
    SUBJECT_DEPS,
    _children,
    _has_to,
    _is_passive,
    _lemma,
    _negations,
    _words_at,
    climb,
    conjuncts_within,
    entity_index,
    subtree_within,
)

# The object of 'obliges X to V' is a noun phrase of at most this many tokens.
MAX_FALLBACK_BEARER_TOKENS = 8

Nodes = dict[str, Token]  # a match: the pattern's node names -> tokens


@dataclass(frozen=True)
class ReadingContext:
    """What the readings of one Doc share."""

    lex: _Lexicon
    refs: ReferenceResolver  # issuers: 'required by S', 'S requires', 'According to S'
    is_verb_only: Callable[[str], bool]  # WordNet knows the word as a verb only


Reading = Callable[[Nodes, str, int, ReadingContext], list[Candidate]]  # (nodes, rule id, priority, context)


class VerbOnlyWords:
    """Whether WordNet's index (in the model's rule lemmatizer) knows a word as a verb, not as
    a noun. The index is looked up at the first question, when the pipeline is complete."""

    def __init__(self, nlp: Language) -> None:
        self._nlp = nlp
        self._verb_only: Callable[[str], bool] | None = None
        self._verb: Callable[[str], bool] = lambda w: False

    def __call__(self, word: str) -> bool:
        if self._verb_only is None:
            self._load()
        assert self._verb_only is not None
        return self._verb_only(word)

    def is_verb(self, word: str) -> bool:
        """WordNet knows the word as a verb (perhaps also as a noun: `train`, `report`)."""
        if self._verb_only is None:
            self._load()
        return self._verb(word)

    def _load(self) -> None:
        self._verb_only = lambda w: False
        lemmatizer = self._nlp.get_pipe("lemmatizer") if "lemmatizer" in self._nlp.pipe_names else None
        lookups = getattr(lemmatizer, "lookups", None)
        if lookups is not None and lookups.has_table("lemma_index"):
            index = lookups.get_table("lemma_index")
            if "verb" in index and "noun" in index:
                verbs, nouns = set(index["verb"]), set(index["noun"])
                self._verb_only = lambda w: w in verbs and w not in nouns
                self._verb = lambda w: w in verbs


def _candidate(n: Nodes, rule: str, priority: int, **fields: Any) -> list[Candidate]:
    """The candidate of a match, or none when the trigger has no class here (negated, say);
    the bearer and the aim default to the pattern's `bearer` and `aim` nodes."""
    if fields.get("deontic") is None:
        return []
    if "bearers" not in fields:
        fields["bearers"] = [n["bearer"]]
    fields.setdefault("aim", n.get("aim"))
    comp = n.get("comp")
    if comp is not None and comp.pos_ == "ADP" and "more_aims" not in fields:  # "with A-ing and with B-ing": B-ing is an aim too
        fields["more_aims"] = [a for c in conjuncts_within(comp) if c.pos_ == "ADP"
                               for a in _children(c, "pcomp", "pobj")]
    return [Candidate(rule=rule, priority=priority, **fields)]


# --------------------------------------------------------------------------- modal and semi-modal


def read_modal(n: Nodes, rule: str, priority: int, ctx: ReadingContext) -> list[Candidate]:
    """'X must/should/can V'; 'Y can be V-ed by X'; 'X ... and must V'."""
    verb, modal = n["aim"], n["trigger"]
    aim = verb
    if _lemma(verb) == "be":  # "should be able to identify": the aim is "identify"
        aim = next((x for a in _children(verb, "acomp") if a.lower_ == "able" for x in _children(a, "xcomp")),
                   verb)
    subjects = _children(verb, *SUBJECT_DEPS)
    if subjects and modal.i < subjects[0].i and (verb.dep_ == "advcl" or modal.i == modal.sent.start):
        return []  # "Should they make a nomination, the APC must ...": an inverted condition (or a question)
    if any(n["bearer"].i < s.i < modal.i for s in subjects):
        return []  # "Functions of safety partnerships A safety partnership shall": a run-in heading the parser
        # made a second subject; the verb's subject is the one next to the modal
    neg = [c for c in _negations(*([verb] if aim.i == verb.i else [verb, aim])) if modal.i < c.i < aim.i]
    # "should neither monitor pupils nor report them": `neither ... nor` negates each coordinated verb
    neg += [c for c in verb.children if c.dep_ == "preconj" and c.lower_ == "neither" and modal.i < c.i < verb.i]
    if rule == "modal_shared_subject":
        own = _new_clause_subject(modal)
        if own is not None:  # "..., and specified authorities must have regard": the parser lost the subject
            n = {**n, "bearer": own}
    elif rule == "modal":
        own = _relative_clause_subject(modal, n["bearer"])
        if own is not None:  # "guidance to which specified authorities must have regard"
            n = {**n, "bearer": own}
    subject = next(iter(_children(aim, "nsubjpass")), None) if rule == "modal_passive_agent" else n["bearer"]
    negated_subject = subject is not None and _negated_subject(subject)
    deontic = ctx.lex.deontic("modals", modal.lower_, bool(neg) or negated_subject)
    light = rule == "modal_passive_agent"
    if modal.lower_ in ctx.lex.epistemic_modals and _free_choice_relative(verb):
        return []  # "any guidance which may be issued by the National Office": whatever may happen, no rule
    if light and ctx.lex.entry("passive_deontic", _lemma(aim)) is not None and any(
            c.dep_ in ("xcomp", "advcl") and _has_to(c) for c in aim.children):
        return []  # "CDEM Groups may be asked by the National Controller to activate": one statement, read as a passive deontic
    if (not light and _is_passive(aim)) or (
        rule == "modal_shared_subject" and _children(aim, *SUBJECT_DEPS)
    ):
        return []
    if _perfect_after(modal, verb):
        return []  # "should have done more", "must have been aware": a judgement of the past, no rule
    if _under_negated_verb(verb):
        return []  # "This does not mean that schools must monitor pupils": the rule is denied, not stated
    if any(c.dep_ == "mark" and c.lower_ == "whether" for c in verb.children) or any(
            c.tag_ == "WRB" and c.lower_ in ("how", "why") and c.i < modal.i for c in verb.children):
        return []  # "It is unclear whether local authorities must consult the police", "How councils can help",
        # "explains how councils should respond": an (indirect) question or a title, not a rule
    extra: dict[str, Any] = {}
    if light:  # "can be made by A and by B": B is a second agent, not a second aim
        agent = n["comp"]
        extra = {"more_aims": [], "bearers": [n["bearer"], *(
            o for c in conjuncts_within(agent) if c.i != agent.i and c.pos_ == "ADP" for o in _children(c, "pobj"))]}
    # adverbs between the modal and its verb belong to the trigger as written ("should regularly")
    adverbs = [c for c in verb.children if c.dep_ == "advmod" and c.pos_ == "ADV" and modal.i < c.i < verb.i
               and not any(t.is_punct for t in modal.doc[modal.i : c.i])]
    return _candidate(
        n, rule, priority, deontic=deontic, trigger=[*_subject_negation(subject if negated_subject else None), modal,
                                                     *neg, *adverbs], clause=aim, aim=aim,
        issuer=ctx.refs.context_issuer(aim), weak=modal.lower_ in ctx.lex.weak_modals,
        light_passive=light, negated_aim=bool(neg or negated_subject) and deontic != "prohibition", list_repair=light,
        **extra,
    )


def _perfect_after(modal: Token, verb: Token) -> bool:
    """'The government should have done more', 'the council must have known': a modal with the
    perfect `have` + participle looks back (a reproach or an inference about the past), so it states
    no rule for anyone to follow, whatever the modal (the weak modals' 'may have taken part' too)."""
    return verb.tag_ == "VBN" and any(c.dep_ == "aux" and _lemma(c) == "have" and modal.i < c.i < verb.i
                                      for c in verb.children)


def _under_negated_verb(verb: Token) -> bool:
    """The modal's clause (or the clause it is coordinated with) is the that-clause of a negated verb:
    'This does not mean that schools must monitor pupils', 'We do not believe that councils should
    ...': what the clause says is denied or not asserted, so it states no rule."""
    clause = climb(verb, lambda t: t.head if t.dep_ == "conj" and t.head.pos_ in ("VERB", "AUX") else None)
    if clause.dep_ != "ccomp" or _lemma(clause.head) == "be" or any(
            t.tag_ in ("WDT", "WP") for t in clause.doc[clause.left_edge.i : verb.i]):
        return False  # "is not statutory guidance to which authorities must have regard": a relative the
        # parser hung on the copula, still a rule
    return bool(_negations(clause.head))


def _new_clause_subject(modal: Token) -> Token | None:
    """'The Secretary of State may issue guidance to specified authorities, and specified
    authorities must have regard to such guidance': the parser coordinated the second verb with
    the first (a shared subject) and misread the words before the modal (`specified` as a verb).
    Words other than adverbs between the coordinator and the modal are the second clause's own
    subject: its last noun or pronoun. None when only adverbs stand there ('and then must')."""
    doc, words = modal.doc, []
    for i in range(modal.i - 1, modal.sent.start - 1, -1):
        tok = doc[i]
        if tok.lower_ in ("and", "or", "but") or tok.text in (",", ";", ":"):
            break
        words.append(tok)
    return next((t for t in words if t.pos_ in ("NOUN", "PROPN", "PRON")), None)


def _relative_clause_subject(modal: Token, parsed: Token) -> Token | None:
    """'statutory guidance to which specified authorities must have regard': a relative clause opened
    by a preposition and `which` / `whom`, whose subject the parser lost (it made the noun before the
    clause the subject). The words between the relative pronoun and the modal are the clause's
    subject: their last noun or pronoun. None unless the parsed subject stands before the pronoun."""
    doc, start = modal.doc, modal.sent.start
    for i in range(modal.i - 1, max(start, parsed.i), -1):
        tok = doc[i]
        if tok.lower_ in ("which", "whom") and i - 1 >= start and doc[i - 1].tag_ in ("IN", "TO"):
            words = doc[i + 1 : modal.i]
            return next((t for t in reversed(words) if t.pos_ in ("NOUN", "PROPN", "PRON")), None)
        if tok.is_punct:
            return None
    return None


def _free_choice_relative(verb: Token) -> bool:
    """The verb heads a relative clause on a noun under free-choice `any` ('any guidance which may
    be issued', 'any person who may wish to'): `may` there says what is possible, not what is allowed."""
    noun = verb.head
    return verb.dep_ == "relcl" and any(c.dep_ == "det" and c.lower_ == "any" for c in noun.children)


def _negated_subject(subject: Token) -> bool:
    """'No person shall disclose ...', 'Neither the police nor the council may share ...': the
    subject's own negation negates the modal, as 'must not' does (a prohibition of each)."""
    return any((c.dep_ == "det" and c.lower_ == "no") or (c.dep_ == "preconj" and c.lower_ == "neither")
               for c in subject.children)


def _subject_negation(subject: Token | None) -> list[Token]:
    """The word that negates a subject ('No', 'Neither'), for the trigger as written."""
    if subject is None:
        return []
    return [c for c in subject.children if c.dep_ in ("det", "preconj") and c.lower_ in ("no", "neither")]


def read_modal_interrupted(n: Nodes, rule: str, priority: int, ctx: ReadingContext) -> list[Candidate]:
    """'X should, where possible, involve ...': the parser loses the verb behind the aside."""
    modal = n["trigger"]
    verb = next((t for t in modal.doc[modal.i + 1 : modal.sent.end] if t.tag_ in ("VB", "VBP")), None)
    if verb is None or (modal.dep_ == "aux" and modal.head == verb and _children(verb, *SUBJECT_DEPS)):
        return []  # the match ran past the sentence, or the parse is fine and the modal rule reads it
    subjects = _children(modal, "nsubj") or _children(verb, "nsubj")
    if not subjects and modal.dep_ in ("appos", "ROOT", "dep", "conj") and modal.head.pos_ in ("NOUN", "PROPN"):
        # "A local authority must, where it considers it appropriate, consult ...": the aside made
        # the parser hang the modal on the noun before it, which is its subject
        before = preceding_np(modal)
        subjects = [before] if before is not None and before.i < modal.i else []
    if not subjects:
        return []
    if verb.dep_ == "auxpass" and verb.head.i > verb.i and verb.head.tag_ == "VBN":
        # "Partners should, where appropriate, also be invited to attend": a passive deontic
        # whose subject the parser hung on the modal
        participle = verb.head
        aims = [c for c in participle.children if c.dep_ in ("xcomp", "advcl") and _has_to(c)]
        to = next((a for a in _children(aims[0], "aux") if a.lower_ == "to"), None) if aims else None
        if to is None or _children(participle, "nsubjpass"):
            return []
        return read_passive_deontic({"trigger": participle, "bearer": subjects[0], "aim": aims[0], "comp": to},
                                    "passive_deontic", priority, ctx)
    return read_modal({"aim": verb, "trigger": modal, "bearer": subjects[0]}, rule, priority, ctx)


def read_passive_bracketed(n: Nodes, rule: str, priority: int, ctx: ReadingContext) -> list[Candidate]:
    """'X are mandated (either explicitly ... or ...) to manage Y': a bracketed aside between the
    participle and its `to`; the parser hangs the infinitive on a word inside the brackets. The
    `to` right after the closing bracket, and the verb after it, complete the passive deontic."""
    trig = n["trigger"]
    doc, end = trig.doc, trig.sent.end
    depth, close = 0, None
    for tok in doc[trig.i + 1 : end]:
        depth += (tok.text == "(") - (tok.text == ")")
        if depth == 0:
            close = tok.i
            break
    if close is None or close + 2 >= end or doc[close + 1].lower_ != "to" or doc[close + 2].tag_ != "VB":
        return []
    subjects = _children(trig, "nsubjpass")
    if not subjects:
        return []
    return read_passive_deontic({"trigger": trig, "bearer": subjects[0], "aim": doc[close + 2], "comp": doc[close + 1]},
                                "passive_deontic", priority, ctx)


def read_semi_modal(n: Nodes, rule: str, priority: int, ctx: ReadingContext) -> list[Candidate]:
    """'X has to / needs to / ought to / is to V'."""
    trig = n["trigger"]
    key = _lemma(trig)
    if key == "have" and trig.dep_ == "aux":
        return []
    if key == "have" and trig.dep_ == "relcl" and not _children(trig, "dobj") and any(
        c.dep_ == "nsubj" and c.tag_ not in ("WP", "WDT") for c in trig.children
    ):
        return []  # "the plans she has to resolve this": the noun is what she has, not a duty
    if key == "be" and (_children(trig, "acomp", "attr", "expl", "auxpass")
                        or n["bearer"].lower_ in ("it", "this", "that")):
        return []  # "it is relevant to monitor", "the aim is to reduce": not "X is to V"
    if key in ("need", "have") and _children(trig, "dobj"):
        # "need several years to rebuild", "Each partnership has a committee to take forward ...":
        # the verb with an object of its own is possession, and the infinitive says what the object
        # is for; only "has to V" / "needs to V" with nothing between is the semi-modal
        return []
    if any(c.dep_ == "aux" and c.lower_ in ctx.lex.epistemic_modals for c in trig.children):
        return []  # "might need to": a guess about what will happen
    neg = _negations(trig)
    deontic = ctx.lex.deontic("semi_modals", key, bool(neg))
    strict = bool((ctx.lex.entry("semi_modals", key) or {}).get("strict"))
    return _candidate(
        n, rule, priority, deontic=deontic, trigger=[trig, *neg, n["comp"]], clause=trig,
        issuer=ctx.refs.context_issuer(trig), strict=strict,
        negated_aim=bool(neg) and deontic != "prohibition",
    )


# --------------------------------------------------------------------------- passive deontic


def read_passive_deontic(n: Nodes, rule: str, priority: int, ctx: ReadingContext) -> list[Candidate]:
    """'X is required/expected/allowed to V', 'prohibited from', 'tasked with'; a by-agent issues."""
    trig = n["trigger"]
    entry = ctx.lex.entry("passive_deontic", _lemma(trig))
    if entry is None or entry["complement"] != n["comp"].lower_:
        return []
    neg = _negations(trig)
    if "head" in n and n["head"].i < trig.i:  # "are not required, nor encouraged, to": `nor` negates the second
        neg = [*neg, *(t for t in trig.doc[n["head"].i + 1 : trig.i] if t.lower_ == "nor")]
    if "bearer" in n and _negated_subject(n["bearer"]):
        neg = [*neg, *_subject_negation(n["bearer"])]  # "No school is allowed to"
    aux = [c for c in trig.children if c.dep_ in ("auxpass", "aux") and c.i < trig.i]
    if "aside" in n:  # "are expected, where possible, to visit": the infinitive right after the aside's comma
        comp = n["comp"]
        # set off by commas or by brackets: "are mandated (either explicitly ... or ...) to manage"
        if not (trig.i < n["aside"].i < comp.i and comp.i > 0 and (trig.doc[comp.i - 1].text, trig.doc[trig.i + 1].text)
                in ((",", ","), (")", "("))):
            return []
    if "copula" in n:  # "are, in addition, required to": the copula the parser kept apart
        if not (n["copula"].i < trig.i < n["comp"].i and n["bearer"].i < n["copula"].i) \
                or _children(trig, "nsubjpass", "nsubj") \
                or any(c.dep_ == "mark" or c.tag_ == "WRB" for c in trig.children):
            return []  # "is happy, when asked to help, to ...": a clause of condition, not the predicate
        aux = [*_children(n["copula"], "aux"), n["copula"]]
        neg = [*neg, *_negations(n["copula"])]
    extra: dict[str, Any] = {}
    inner = _task_noun_content(n["aim"])
    if inner is not None:  # "charged with the task of coordinating": the task is "coordinating"
        extra["aim"] = inner
    if trig.dep_ == "acl" and trig.head.pos_ in ("NOUN", "PROPN"):
        subject = predicate_subject(trig.head, ctx)
        if subject is not None:  # "X is the agency required to lead": X bears it
            extra["bearers"] = [subject]
        elif trig.tag_ == "VBD" or "bearer" not in n:
            before = trig.doc[trig.i - 1] if trig.i > trig.sent.start else None
            if before is None or before.pos_ not in ("NOUN", "PROPN"):
                return []  # a past tense the parser hung on a noun far back: no modifier
            extra["bearers"] = [before]  # "stakeholders tasked with CVE": the noun the participle follows
        bearer = extra.get("bearers", [n.get("bearer")])[0]
        if bearer is not None and any(c.dep_ == "amod" and c.lower_ == "other" for c in bearer.children):
            # "DHS, DOJ, and other key stakeholders tasked with CVE": DHS and DOJ are such stakeholders too
            extra["bearers"] = [*(c for c in conjuncts_within(bearer) if c.i < bearer.i), bearer]
    # adverbs inside the trigger belong to it as written ("are strongly encouraged to")
    first = min((t.i for t in aux), default=trig.i)
    adverbs = [c for c in trig.children if c.dep_ == "advmod" and c.pos_ == "ADV" and first < c.i < trig.i
               and not any(t.is_punct for t in trig.doc[first : trig.i])]
    return _candidate(
        n, rule, priority, deontic=ctx.lex.deontic("passive_deontic", _lemma(trig), bool(neg)),
        trigger=[*aux, *adverbs, *neg, trig, n["comp"]], clause=trig,
        issuer=ctx.refs.agent_issuer(trig) or ctx.refs.context_issuer(trig), **extra,
    )


# --------------------------------------------------------------------------- object control and prep control


def read_object_control(n: Nodes, rule: str, priority: int, ctx: ReadingContext) -> list[Candidate]:
    """'S requires/encourages/allows X to V', 'S tasks X with V-ing'; S issues."""
    trig = n["trigger"]
    entry = ctx.lex.entry("object_control", _lemma(trig))
    if entry is None or entry["complement"] != n["comp"].lower_ or _is_passive(trig):
        return []  # a passive ("is required by S to") is read by the passive rule
    modals = [c for c in trig.children if c.dep_ == "aux" and c.tag_ == "MD" and c.lower_ in ctx.lex.data["modals"]]
    # "must / shall appoint X to V": the appointing is required, so X is given the task (as in the NL
    # contact officer decision, "is required to appoint X to V"); any other verb under a modal is the
    # modal's aim only ("the cantons can ask the office to act", "the APC must allow that person to attend")
    assigned = entry["class"] == "responsibility" and all(
        ctx.lex.deontic("modals", m.lower_, False) == "obligation" for m in modals)
    if modals and not assigned:
        return []
    if _has_to(trig) and (_negations(trig.head) or any(
            c.dep_ == "aux" and c.lower_ in ctx.lex.epistemic_modals for c in trig.head.children)):
        return []  # "a right that the person would not otherwise have to require X to V": nothing is required
    neg = [*_negations(trig), *_nothing_subject(trig)]
    return _candidate(
        n, rule, priority, deontic=ctx.lex.deontic("object_control", _lemma(trig), bool(neg)),
        trigger=[*neg, trig, n["comp"]], clause=trig, issuer=ctx.refs.subject_issuer(trig), list_repair=True,
    )


def _nothing_subject(verb: Token) -> list[Token]:
    """'Nothing in this section requires a local authority to disclose ...', 'No provision obliges
    ...': a subject that is itself a negation negates the trigger verb (statute drafting's way of
    saying what a law does not demand), as `not` would. The negating word, for the trigger."""
    found = []
    for subject in _children(verb, "nsubj"):
        if subject.lower_ in ("nothing", "none"):
            found.append(subject)
        found += [c for c in subject.children if c.dep_ == "det" and c.lower_ == "no"]
    return found


def read_object_control_fallback(n: Nodes, rule: str, priority: int, ctx: ReadingContext) -> list[Candidate]:
    """'S obliges X to V' where the parser made the verb a noun ('Decree No. 72/2005 obliges
    every school to designate ...'): X is the noun phrase between the trigger and `to`, V the
    verb after it; the aim runs to the clause's end; S is the entity just before the trigger."""
    trig = n["trigger"]
    doc, sent = trig.doc, trig.sent
    entry = ctx.lex.entry("object_control", _lemma(trig))
    if entry is None:
        return []
    modal = next((c for c in trig.children if c.dep_ == "aux" and c.tag_ == "MD" and c.lower_ in ctx.lex.data["modals"]
                  and c.i < trig.i), None)
    if modal is not None:  # "The Minister may, by order, designate a body to ...": the Minister's permission
        subjects = _children(trig, "nsubj")
        return read_modal({"aim": trig, "trigger": modal, "bearer": subjects[0]}, "modal_interrupted", priority, ctx) \
            if subjects else []
    window = doc[trig.i + 1 : min(sent.end, trig.i + 2 + MAX_FALLBACK_BEARER_TOKENS)]
    to = next((t for t in window if t.lower_ == entry["complement"]), None)
    if to is None or to.i == trig.i + 1 or to.i + 1 >= sent.end:
        return []
    verb = doc[to.i + 1]
    if not (verb.tag_ in ("VB", "VBP") or verb.pos_ == "VERB" or ctx.is_verb_only(verb.lower_)):
        return []
    between = doc[trig.i + 1 : to.i]
    if any(t.is_punct for t in between):
        return []
    # only a noun phrase stands between the trigger and `to`: a word the tagger made a verb there is
    # its head ("obliges platforms to remove", `platforms` tagged VBZ once `obliges` was taken for a noun)
    head = next((t for t in reversed(between) if t.pos_ in ("NOUN", "PROPN", "PRON")), None)
    if head is None and not _children(trig, "det"):  # "the order is allowed to": a noun, no verb misread
        head = next((t for t in reversed(between) if t.tag_ == "VBZ" and t.pos_ == "VERB" and t.is_lower
                     and _lemma(t) not in ("be", "have", "do")), None)
    if head is None:
        return []
    end = verb.i + 1
    while end < sent.end and not (doc[end].is_punct and doc[end].text not in OPENING_QUOTES + CLOSING_QUOTES):
        if any(_words_at(doc, end, m) for m in ctx.lex.purpose_markers):
            break
        end += 1
    before = [e for e in entity_index(doc).within(sent.start, trig.i) if e.label_ in ctx.lex.issuer_labels]
    issuer = ctx.refs.subject_issuer(trig) or (before[-1].text if before else "")
    return _candidate(
        n, rule, priority, deontic=ctx.lex.deontic("object_control", _lemma(trig), bool(_negations(trig))),
        trigger=[trig, to], clause=trig, aim=verb, issuer=issuer, bearers=[head],
        limit=to.i, aim_end=end, split_bearers=False,
    )


# Nouns that only name that there is a task ("responsibility for X", "the task of X"): X is the aim.
TASK_NOUNS = frozenset({"responsibility", "task", "duty", "role", "mission", "competence", "function"})


def _task_noun_content(aim: Token) -> Token | None:
    """'the task of coordinating the response', 'the responsibility for planning': a noun that only
    names that there is a task; what its 'of' / 'for' phrase names is the aim."""
    if _lemma(aim) not in TASK_NOUNS - {"role", "function"}:
        return None
    return next((o for p in _children(aim, "prep") if p.lower_ in ("for", "of")
                 for o in _children(p, "pobj", "pcomp")), None)


def read_task_to(n: Nodes, rule: str, priority: int, ctx: ReadingContext) -> list[Candidate]:
    """'S assigns <task> to X', '<task> is assigned to X (by S)': X is the bearer, the task noun
    the aim. The task must not itself be an actor ('assigns a coordinator to each school' places a
    person) and the bearer must be one."""
    trig, task = n["trigger"], n["aim"]
    if ctx.refs.is_actor(task) is True:
        return []
    passive = _is_passive(trig)
    aim = task
    if _lemma(task) in TASK_NOUNS:  # "assigns responsibility for planning to X": the task is "planning"
        aim = next((o for p in _children(task, "prep") if p.lower_ in ("for", "of")
                    for o in _children(p, "pobj", "pcomp")), task)
        if aim is task:
            return []  # "assigns a task to an actor", "these tasks were delegated": names no task
    auxiliaries = [c for c in trig.children if c.dep_ == "auxpass" and c.i < trig.i]
    return _candidate(
        n, rule, priority, deontic=ctx.lex.deontic("task_to", _lemma(trig), bool(_negations(trig))),
        trigger=[*auxiliaries, trig, n["comp"]], clause=trig, aim=aim, strict=True,
        issuer=ctx.refs.agent_issuer(trig) if passive else ctx.refs.subject_issuer(trig),
    )


def read_duty_on(n: Nodes, rule: str, priority: int, ctx: ReadingContext) -> list[Candidate]:
    """'S imposes a duty on X to V', 'places a statutory duty on X to V', 'a duty is imposed on X
    to V': X is the bearer; V, the first 'to'-infinitive after X hung on the verb, the noun or X,
    the aim. 'X and other bodies such as A, B and C' names A, B and C as the bearers."""
    trig, noun, comp, bearer = n["trigger"], n["duty"], n["comp"], n["bearer"]
    negated = bool(_negations(trig)) or any(c.dep_ == "det" and c.lower_ == "no" for c in noun.children)
    deontic = ctx.lex.deontic("duty_nouns", _lemma(noun), negated)  # "places no duty on": none
    bearers = [bearer, *(c for c in conjuncts_within(bearer) if c.i > bearer.i and c.pos_ in ("NOUN", "PROPN"))]
    named: list[Token] = []
    for head in bearers:
        examples = [o for p in _children(head, "prep") if p.lower_ == "as" and p.i > 0 and p.doc[p.i - 1].lower_ == "such"
                    for o in _children(p, "pobj")]
        named += [examples[0], *conjuncts_within(examples[0])] if examples else [head]
    aims = [c for h in (trig, noun, *bearers) for c in h.children
            if c.dep_ in ("advcl", "xcomp", "acl", "relcl") and c.pos_ in ("VERB", "AUX") and c.i > comp.i
            and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)]
    if not aims:
        return []
    aim = min(aims, key=lambda t: t.i)
    to = next(a for a in aim.children if a.dep_ == "aux" and a.lower_ == "to")
    passive = _is_passive(trig)
    return _candidate(
        n, rule, priority, deontic=deontic, trigger=[*_children(trig, "auxpass"), trig, noun, comp, to], clause=trig,
        aim=aim, bearers=named, split_bearers=False,
        issuer=ctx.refs.agent_issuer(trig) if passive else ctx.refs.subject_issuer(trig),
    )


def read_prep_control(n: Nodes, rule: str, priority: int, ctx: ReadingContext) -> list[Candidate]:
    """'S relies on X to V', 'S calls on X to V'."""
    trig = n["trigger"]
    entry = ctx.lex.entry("prep_control", _lemma(trig))
    if entry is None or n["comp"].lower_ not in entry["preps"] or _is_passive(trig) \
            or n["bearer"].ent_type_ in ("DATE", "TIME"):
        return []  # "The meeting was called on Monday to discuss": a passive, and a day is no actor
    if any(c.dep_ == "aux" and c.tag_ == "MD" and c.lower_ in ctx.lex.data["modals"] for c in trig.children):
        return []  # "mayors can call on the police to restore order": under a modal the asking is the modal's
        # aim, only allowed or required, not done (as "can ask X to V", read_object_control)
    neg = _negations(trig)
    return _candidate(
        n, rule, priority, deontic=ctx.lex.deontic("prep_control", _lemma(trig), bool(neg)),
        trigger=[*neg, trig, n["comp"], n["to"]], clause=trig, issuer=ctx.refs.subject_issuer(trig),
        list_repair=True,
    )


def read_prep_control_passive(n: Nodes, rule: str, priority: int, ctx: ReadingContext) -> list[Candidate]:
    """'X are called upon to V', 'X are relied on to V': the passive of 'S calls on X to V', the
    subject bearing it, the by-agent issuing (as 'X is required by S to V')."""
    trig, comp = n["trigger"], n["comp"]
    entry = ctx.lex.entry("prep_control", _lemma(trig))
    if entry is None or comp.lower_ not in entry["preps"] or not (trig.i < comp.i < n["to"].i) \
            or _children(comp, "pobj"):
        return []  # "was called on Monday to discuss": `on` with its own object is no part of the trigger
    neg = _negations(trig)
    aux = [c for c in trig.children if c.dep_ in ("auxpass", "aux") and c.i < trig.i]
    return _candidate(
        n, rule, priority, deontic=ctx.lex.deontic("prep_control", _lemma(trig), bool(neg)),
        trigger=[*aux, *neg, trig, comp, n["to"]], clause=trig,
        issuer=ctx.refs.agent_issuer(trig) or ctx.refs.context_issuer(trig),
    )


# --------------------------------------------------------------------------- that-clause


def read_that_clause(n: Nodes, rule: str, priority: int, ctx: ReadingContext) -> list[Candidate]:
    """'S requires/recommends (that) X V'."""
    trig, aim = n["trigger"], n["aim"]
    if _has_to(aim) or _is_passive(aim):
        return []
    if aim.i < trig.i:
        return []  # "which bodies coordinate it; what is required of ...": no clause follows the trigger
    if any(c.dep_ == "aux" and c.tag_ == "MD" and ctx.lex.deontic("modals", c.lower_, False) != "obligation"
           and c.lower_ not in ("should", "shall") for c in aim.children):
        # "Evidence suggests that mentoring can reduce reoffending": a possibility modal of the clause's own
        # makes the verb report a claim, not demand an act (a recommended act is bare or takes `should`);
        # the modal reading judges the clause itself
        return []
    if any(t.tag_ in ("WDT", "WP", "WP$", "WRB") or t.lower_ in ("whether", "if") for t in aim.lefts
           for t in subtree_within(t)):
        return []  # "we ask which bodies coordinate it": an indirect question, not a demand
    neg = _negations(trig)
    marks = [c for c in aim.children if c.dep_ == "mark" and c.lower_ == "that"]
    aux = [c for c in trig.children if c.dep_ in ("aux", "auxpass") and c.i < trig.i]
    return _candidate(
        n, rule, priority, deontic=ctx.lex.deontic("that_clause", _lemma(trig), bool(neg)),
        trigger=[*aux, *neg, trig, *marks], clause=trig,
        issuer=ctx.refs.agent_issuer(trig) or ctx.refs.subject_issuer(trig),
    )


def read_that_clause_fallback(n: Nodes, rule: str, priority: int, ctx: ReadingContext) -> list[Candidate]:
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
        if tok.tag_ in ("VB", "VBP", "VBZ", "MD") or (tok.tag_ == "NN" and ctx.is_verb_only(tok.lower_)):
            verb = tok
            break
    if verb is None or _lemma(verb) in ctx.lex.copulas or verb.tag_ == "MD":
        return []  # "that all staff be trained": nobody acts; a modal: the modal rule reads it
    head = next((t for t in doc[that.i + 1 : verb.i] if t.pos_ in ("NOUN", "PROPN", "PRON")), None)
    if head is None:
        return []
    head = climb(head, lambda t: t.head if t.dep_ in ("compound", "amod", "nmod") and that.i < t.head.i < verb.i
                 else None)
    end = verb.i + 1
    while end < sent.end and not (doc[end].is_punct and doc[end].text not in OPENING_QUOTES + CLOSING_QUOTES):
        if any(_words_at(doc, end, m) for m in ctx.lex.purpose_markers):
            break
        end += 1
    return _candidate(
        n, rule, priority, deontic=ctx.lex.deontic("that_clause", _lemma(trig), bool(_negations(trig))),
        trigger=[trig, that], clause=trig, aim=verb, issuer=ctx.refs.subject_issuer(trig),
        bearers=[head] + [c for c in conjuncts_within(head) if that.i < c.i < verb.i],
        limit=verb.i, aim_end=end, split_bearers=False,
    )


# --------------------------------------------------------------------------- responsibility: adjective, predicate, mission


def read_adjective(n: Nodes, rule: str, priority: int, ctx: ReadingContext) -> list[Candidate]:
    """'X is responsible for / free to / in charge of ...', also as a modifier of X."""
    trig, comp = n["trigger"], n["comp"]
    head = trig.head
    if "charge" in n:  # in charge of
        deontic: str | None = ctx.lex.data["in_charge"]["class"]
        words = [trig, n["charge"], comp]
    else:
        entry = ctx.lex.entry("deontic_adjectives", trig.lower_)
        if entry is None or entry["complement"] != comp.lower_ or comp.i < trig.i:
            return []  # "for" before the adjective ("For this, X are responsible") is no complement
        neg = _negations(head, trig)
        deontic = ctx.lex.deontic("deontic_adjectives", trig.lower_, bool(neg))
        words = [*neg, trig, comp]
    clause, bearers = trig, []
    if _lemma(head) in ctx.lex.copulas and head.pos_ in ("AUX", "VERB") and head.i < trig.i:
        clause, bearers, words = head, _children(head, *SUBJECT_DEPS), [head, *words]
    elif head.pos_ in ("NOUN", "PROPN") and trig.dep_ in ("amod", "acl", "appos", "prep"):
        bearers = [predicate_subject(head, ctx) or head]
    if not bearers:
        preceding = preceding_np(trig)
        bearers = [preceding] if preceding is not None else []
    if not bearers:
        return []
    return _candidate(n, rule, priority, deontic=deontic, trigger=words, clause=clause, bearers=bearers,
                      issuer=ctx.refs.context_issuer(clause))


def predicate_subject(noun: Token, ctx: ReadingContext) -> Token | None:
    """'X is the body responsible for Y': the trigger qualifies a predicate noun, so X, the
    copula's subject, bears it (the guidelines' predicate-noun form)."""
    verb = noun.head
    if noun.dep_ == "attr" and _lemma(verb) in ctx.lex.copulas:
        subjects = _children(verb, "nsubj")
        return subjects[0] if subjects else None
    return None


def read_predicate(n: Nodes, rule: str, priority: int, ctx: ReadingContext) -> list[Candidate]:
    """'It is mandatory for X to V', 'S makes it compulsory for X to V'."""
    trig = n["trigger"]
    neg = _negations(trig, trig.head)
    words = [n["copula"]] if "copula" in n else []
    return _candidate(
        n, rule, priority, deontic=ctx.lex.deontic("deontic_predicates", trig.lower_, bool(neg)),
        trigger=[*words, *neg, trig, n["comp"]], clause=n.get("copula", trig),
        issuer=ctx.refs.subject_issuer(trig.head) if trig.dep_ in ("ccomp", "oprd") else "",
    )


def read_mission(n: Nodes, rule: str, priority: int, ctx: ReadingContext) -> list[Candidate]:
    """'S created X with the mission of V-ing': X bears it, S issues. 'X is the agency with the
    primary mandate for Y': the phrase qualifies a predicate noun, so X bears it."""
    with_, trig = n["with"], n["trigger"]
    anchor, issuer = with_.head, ""
    if anchor.pos_ in ("NOUN", "PROPN"):
        bearers = [predicate_subject(anchor, ctx) or anchor]
    else:
        bearers = _children(anchor, "dobj", "nsubjpass")[:1]
        issuer = ctx.refs.agent_issuer(anchor) or ctx.refs.subject_issuer(anchor)
    if not bearers:
        return []
    return _candidate(
        n, rule, priority, deontic=ctx.lex.deontic("mission_nouns", _lemma(trig), False), bearers=bearers,
        trigger=[with_, *_children(trig, "det", "amod"), trig, n["comp"]], clause=anchor, issuer=issuer,
    )


def read_up_to(n: Nodes, rule: str, priority: int, ctx: ReadingContext) -> list[Candidate]:
    """'It is up to X to V': the choice is X's, a permission (like 'X is free to V')."""
    copula, up, to = n["trigger"], n["up"], n["to"]
    neg = _negations(copula)
    entry = ctx.lex.data.get("up_to") or {}
    deontic = entry.get("negated") if neg else entry.get("class")
    bearer, aim = n["bearer"], n["aim"]
    # "up to an individual, or their parents ..., to decide": the parser hangs the second
    # choosing actor on the copula; each gets a record
    others = [c for c in copula.children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN")
              and bearer.i < c.i < aim.i]
    expletive = [c for c in copula.children if c.dep_ in ("nsubj", "expl") and c.lower_ == "it"]
    return _candidate(n, rule, priority, deontic=deontic, trigger=[*expletive, copula, *neg, up, to, n["comp"]],
                      clause=copula, bearers=[bearer, *others], issuer=ctx.refs.context_issuer(copula))


def read_missing_preposition(n: Nodes, rule: str, priority: int, ctx: ReadingContext) -> list[Candidate]:
    """'X are responsible implementing ...', 'X are required ensure ...': a trigger whose `for`,
    `to` or `with` the source lost, followed at once by the verb of the aim; the subject of the
    trigger (or of its copula) bears it. Only where the parse-based readings found nothing."""
    trig = n["trigger"]
    doc = trig.doc
    if trig.i + 1 >= len(doc):
        return []
    aim = doc[trig.i + 1]
    entry = ctx.lex.entry("deontic_adjectives", trig.lower_) or ctx.lex.entry("passive_deontic", _lemma(trig))
    if entry is None or _negations(trig, trig.head):
        return []
    subjects = _children(trig, *SUBJECT_DEPS) or (_children(trig.head, *SUBJECT_DEPS) if trig.head.i != trig.i else [])
    if not subjects:
        return []
    return _candidate(n, rule, priority, deontic=entry["class"], trigger=[trig], clause=trig, bearers=[subjects[0]],
                      aim=aim, issuer=ctx.refs.context_issuer(trig))


READINGS: dict[str, Reading] = {
    "modal": read_modal,
    "modal_interrupted": read_modal_interrupted,
    "passive_bracketed": read_passive_bracketed,
    "semi_modal": read_semi_modal,
    "passive_deontic": read_passive_deontic,
    "object_control": read_object_control,
    "object_control_fallback": read_object_control_fallback,
    "task_to": read_task_to,
    "duty_on": read_duty_on,
    "prep_control": read_prep_control,
    "prep_control_passive": read_prep_control_passive,
    "that_clause": read_that_clause,
    "that_clause_fallback": read_that_clause_fallback,
    "adjective": read_adjective,
    "predicate": read_predicate,
    "mission": read_mission,
    "up_to": read_up_to,
    "missing_preposition": read_missing_preposition,
}  # pattern kind -> reading
