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
coordinator is required to:``) is found by `find_lead_ins`, not by a pattern.

Names without an underscore are the component's (obligations.py), not an API for the
rest of the pipeline.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .obligation_data import _Lexicon
from .obligation_records import Candidate, LeadIn, preceding_np
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
    neg = [c for c in _negations(verb, aim) if modal.i < c.i < aim.i]
    deontic = ctx.lex.deontic("modals", modal.lower_, bool(neg))
    light = rule == "modal_passive_agent"
    if (not light and _is_passive(aim)) or (
        rule == "modal_shared_subject" and _children(aim, *SUBJECT_DEPS)
    ):
        return []
    extra: dict[str, Any] = {}
    if light:  # "can be made by A and by B": B is a second agent, not a second aim
        agent = n["comp"]
        extra = {"more_aims": [], "bearers": [n["bearer"], *(
            o for c in conjuncts_within(agent) if c.i != agent.i and c.pos_ == "ADP" for o in _children(c, "pobj"))]}
    return _candidate(
        n, rule, priority, deontic=deontic, trigger=[modal, *neg], clause=aim, aim=aim,
        issuer=ctx.refs.context_issuer(aim), weak=modal.lower_ in ctx.lex.weak_modals,
        light_passive=light, negated_aim=bool(neg) and deontic != "prohibition", list_repair=light, **extra,
    )


def read_modal_interrupted(n: Nodes, rule: str, priority: int, ctx: ReadingContext) -> list[Candidate]:
    """'X should, where possible, involve ...': the parser loses the verb behind the aside."""
    modal = n["trigger"]
    verb = next((t for t in modal.doc[modal.i + 1 : modal.sent.end] if t.tag_ in ("VB", "VBP")), None)
    if verb is None or (modal.dep_ == "aux" and modal.head == verb):
        return []  # the match ran past the sentence, or the parse is fine and the modal rule reads it
    subjects = _children(modal, "nsubj") or _children(verb, "nsubj")
    if not subjects:
        return []
    return read_modal({"aim": verb, "trigger": modal, "bearer": subjects[0]}, rule, priority, ctx)


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
    if key == "need" and _children(trig, "dobj"):
        return []  # "need several years to rebuild": need + object, not "need to"
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
    aux = [c for c in trig.children if c.dep_ in ("auxpass", "aux") and c.i < trig.i]
    extra = {}
    if trig.dep_ == "acl" and trig.head.pos_ in ("NOUN", "PROPN"):
        subject = predicate_subject(trig.head, ctx)
        if subject is not None:  # "X is the agency required to lead": X bears it
            extra["bearers"] = [subject]
    return _candidate(
        n, rule, priority, deontic=ctx.lex.deontic("passive_deontic", _lemma(trig), bool(neg)),
        trigger=[*aux, *neg, trig, n["comp"]], clause=trig,
        issuer=ctx.refs.agent_issuer(trig) or ctx.refs.context_issuer(trig), **extra,
    )


# --------------------------------------------------------------------------- object control and prep control


def read_object_control(n: Nodes, rule: str, priority: int, ctx: ReadingContext) -> list[Candidate]:
    """'S requires/encourages/allows X to V', 'S tasks X with V-ing'; S issues."""
    trig = n["trigger"]
    entry = ctx.lex.entry("object_control", _lemma(trig))
    if entry is None or entry["complement"] != n["comp"].lower_ or _is_passive(trig):
        return []  # a passive ("is required by S to") is read by the passive rule
    if any(c.dep_ == "aux" and c.tag_ == "MD" and c.lower_ in ctx.lex.data["modals"] for c in trig.children):
        return []  # "the cantons can ask the office to act": a permission of the cantons, read by the modal rule
    neg = _negations(trig)
    return _candidate(
        n, rule, priority, deontic=ctx.lex.deontic("object_control", _lemma(trig), bool(neg)),
        trigger=[*neg, trig, n["comp"]], clause=trig, issuer=ctx.refs.subject_issuer(trig), list_repair=True,
    )


def read_object_control_fallback(n: Nodes, rule: str, priority: int, ctx: ReadingContext) -> list[Candidate]:
    """'S obliges X to V' where the parser made the verb a noun ('Decree No. 72/2005 obliges
    every school to designate ...'): X is the noun phrase between the trigger and `to`, V the
    verb after it; the aim runs to the clause's end; S is the entity just before the trigger."""
    trig = n["trigger"]
    doc, sent = trig.doc, trig.sent
    entry = ctx.lex.entry("object_control", _lemma(trig))
    if entry is None:
        return []
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
    head = next((t for t in reversed(between) if t.pos_ in ("NOUN", "PROPN", "PRON")), None)
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
    if entry is None or n["comp"].lower_ not in entry["preps"]:
        return []
    neg = _negations(trig)
    return _candidate(
        n, rule, priority, deontic=ctx.lex.deontic("prep_control", _lemma(trig), bool(neg)),
        trigger=[*neg, trig, n["comp"], n["to"]], clause=trig, issuer=ctx.refs.subject_issuer(trig),
        list_repair=True,
    )


# --------------------------------------------------------------------------- that-clause


def read_that_clause(n: Nodes, rule: str, priority: int, ctx: ReadingContext) -> list[Candidate]:
    """'S requires/recommends (that) X V'."""
    trig, aim = n["trigger"], n["aim"]
    if _has_to(aim) or _is_passive(aim):
        return []
    if aim.i < trig.i:
        return []  # "which bodies coordinate it; what is required of ...": no clause follows the trigger
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
        if entry is None or entry["complement"] != comp.lower_:
            return []
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
    """'S created X with the mission of V-ing': X bears it, S issues."""
    with_, trig = n["with"], n["trigger"]
    anchor, issuer = with_.head, ""
    if anchor.pos_ in ("NOUN", "PROPN"):
        bearers = [anchor]
    else:
        bearers = _children(anchor, "dobj", "nsubjpass")[:1]
        issuer = ctx.refs.agent_issuer(anchor) or ctx.refs.subject_issuer(anchor)
    if not bearers:
        return []
    return _candidate(
        n, rule, priority, deontic=ctx.lex.deontic("mission_nouns", _lemma(trig), False), bearers=bearers,
        trigger=[with_, *_children(trig, "det"), trig, n["comp"]], clause=anchor, issuer=issuer,
    )


def read_up_to(n: Nodes, rule: str, priority: int, ctx: ReadingContext) -> list[Candidate]:
    """'It is up to X to V': the choice is X's, a permission (like 'X is free to V')."""
    copula, up, to = n["trigger"], n["up"], n["to"]
    neg = _negations(copula)
    entry = ctx.lex.data.get("up_to") or {}
    deontic = entry.get("negated") if neg else entry.get("class")
    return _candidate(n, rule, priority, deontic=deontic, trigger=[copula, *neg, up, to], clause=copula,
                      issuer=ctx.refs.context_issuer(copula))


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
    "semi_modal": read_semi_modal,
    "passive_deontic": read_passive_deontic,
    "object_control": read_object_control,
    "object_control_fallback": read_object_control_fallback,
    "task_to": read_task_to,
    "duty_on": read_duty_on,
    "prep_control": read_prep_control,
    "that_clause": read_that_clause,
    "that_clause_fallback": read_that_clause_fallback,
    "adjective": read_adjective,
    "predicate": read_predicate,
    "mission": read_mission,
    "up_to": read_up_to,
    "missing_preposition": read_missing_preposition,
}  # pattern kind -> reading


# --------------------------------------------------------------------------- lead-in lists


def find_lead_ins(doc: Doc, lex: _Lexicon) -> Iterator[LeadIn]:
    """'each coordinator is required to:' followed by list items.

    The lead-in ends in a trigger and a colon; each following list item (a block
    that starts with a lower-case word or a verb) is an aim, and its own sentence
    (the guidelines keep bullets as separate sentences)."""
    sents = list(doc.sents)
    for k, sent in enumerate(sents):
        tokens = [t for t in sent if not t.is_space]
        if len(tokens) < 3 or tokens[-1].text != ":":
            continue
        trigger = _lead_in_trigger(tokens[:-1], lex)
        if trigger is None:
            continue
        trigger_tokens, deontic = trigger
        first = trigger_tokens[0]
        subjects = [t for t in sent if t.dep_ in SUBJECT_DEPS and t.i < first.i and t.pos_ in ("NOUN", "PROPN", "PRON")]
        head = subjects[-1] if subjects else next(
            (t for t in reversed(doc[sent.start : first.i]) if t.pos_ in ("NOUN", "PROPN")), None)
        if head is None:
            continue
        items: list[Span] = []
        for item in sents[k + 1 :]:
            opener = next((t for t in item if not t.is_space), None)
            block_start = item.start > 0 and "\n" in doc[item.start - 1].text
            if opener is None or not block_start or not (opener.is_lower or opener.tag_ in ("VB", "VBP")):
                break
            items.append(item)
        yield LeadIn(sent=sent, trigger=trigger_tokens, deontic=deontic, head=head, items=items)


def _lead_in_trigger(tokens: list[Token], lex: _Lexicon) -> tuple[list[Token], str] | None:
    """The trigger a lead-in ends with ('must', 'shall', 'is required to', 'is responsible for')."""
    last = tokens[-1]
    if last.tag_ == "MD" and lex.deontic("modals", last.lower_, False):
        return [last], str(lex.deontic("modals", last.lower_, False))
    if len(tokens) >= 2:
        word, complement = tokens[-2], last
        entry = lex.entry("passive_deontic", _lemma(word))
        if entry is not None and entry["complement"] == complement.lower_:
            aux = [t for t in tokens[-4:-2] if t.lemma_ == "be"]
            return [*aux, word, complement], str(lex.deontic("passive_deontic", _lemma(word), False))
        entry = lex.entry("deontic_adjectives", word.lower_)
        if entry is not None and entry.get("complement", complement.lower_) == complement.lower_:
            aux = [t for t in tokens[-4:-2] if t.lemma_ == "be"]
            return [*aux, word, complement], str(lex.deontic("deontic_adjectives", word.lower_, False))
    return None
