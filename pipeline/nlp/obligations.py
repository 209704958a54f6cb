"""Deontic statements ("obligations") read off the dependency parse.

Algorithm. An obligation record is an Institutional Grammar statement
(Crawford & Ostrom 1995, ADICO; Frantz & Siddiki 2021, IG 2.0): who (the
Attribute, here ``bearer``) must, should, may or is responsible for doing
(the Deontic) what (the aIm), imposed by whom (``issuer``). Following the
rule-based approach of Sleimi et al. (EMSE 2021) on parse trees:

1. spaCy's ``DependencyMatcher`` finds the syntactic shapes that carry a
   deontic (a modal with a subject, ``X is required to V``, ``S requires X
   to V``, ``S requires that X V``, ``X is responsible for V-ing``, ``with
   the mission of``, ``S relies on X to V`` ...). The patterns are data
   (``data/obligation_patterns.json``); each names a handler ``kind`` that
   reads the matched nodes. A token ``Matcher`` backs up ``requires that X
   V`` where en_core_web_sm tags the verb as a noun (``the local head of the
   police collaborate``), using the lemmatizer's WordNet index to spot a
   verb-only word.
2. The deontic class comes from the trigger lexicon
   (``data/obligation_triggers.json``), never from code.
3. Filters drop what is not a statement about an acting actor: passives
   without agent, modals in purpose clauses, receiving verbs, role
   statements, epistemic ``can/may`` (an inanimate or abstract subject, a
   non-agentive verb, perfect or progressive aspect).
4. Bearers and aims are split per conjunct (one record per bearer and per
   aim), with a repair for coordinators the small parser attaches oddly
   (``..., as well as to chair it``; ``A, B, as well as C``).
5. Pronouns and demonstrative descriptions (``They``, ``This high ranking
   official``, ``It``) are resolved to an earlier mention in the same Doc:
   sentences are searched from the nearest back, and in each sentence the
   subject is tried first, then the other mentions from left to right -- the
   salience order of Hobbs (1978) and of centering theory (Grosz, Joshi &
   Weinstein 1995), restricted by number and by an animacy check.

Decisions worth knowing (see also the tests):

- A modal in a relative or adverbial clause that is not a purpose clause
  still counts when its subject is an actor: ``a platform through which
  citizens can report information`` gives a permission of ``citizens``.
- ``should not`` stays a recommendation; its aim starts with ``not``.
  ``cannot`` is a prohibition (like ``may not``).
- A passive with a by-agent and a modal (``referral can be made by frontline
  staff``) gives the agent as bearer and a light active aim: the verb's lemma
  followed by the passive subject (``make referral of vulnerable
  individuals``).
- Coordinated nominal aims (``responsible for detection and prevention``)
  stay one record; only verbal aims are split.
- Copular aims (``should be ready``) make no record.
"""

from __future__ import annotations

import copy
import json
import logging
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from spacy.language import Language
from spacy.matcher import DependencyMatcher, Matcher
from spacy.tokens import Doc, Span, Token

logger = logging.getLogger(__name__)

DEONTIC_CLASSES = ("obligation", "prohibition", "recommendation", "permission", "responsibility")

TRIGGERS_FILE = "obligation_triggers.json"
PATTERNS_FILE = "obligation_patterns.json"

# Pronoun and description antecedents are searched this many sentences back
# (the current one included). Policy prose refers back one or two sentences;
# further back the nearest matching actor is more often wrong than right.
MAX_ANTECEDENT_SENTENCES = 3

# A pronoun whose antecedent is itself a pronoun ("It ... It ... It requires")
# is followed through at most this many links.
MAX_RESOLUTION_DEPTH = 4

# Dependency labels (en_core_web_sm, ClearNLP style).
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
# Right-hand children of a verb kept in its aim: objects, particles,
# prepositional and clausal complements, adverbs.
AIM_DEPS = frozenset(
    {"dobj", "dative", "prt", "prep", "attr", "acomp", "oprd", "ccomp", "xcomp",
     "advmod", "npadvmod", "pcomp", "pobj", "agent", "advcl", "acl", "compound", "amod"}
)
# Left-hand modifiers kept in a noun phrase naming an actor.
NP_LEFT_DEPS = frozenset({"compound", "amod", "nmod", "nummod", "poss", "quantmod", "punct", "npadvmod", "advmod"})
NAME_PREPS = frozenset({"for", "against", "on", "of"})
QUOTES = "\"'‘’“”«»"
NON_QUOTE_PUNCT = " ,;:.–—-(["
OPENING_QUOTES = ("“", "‘", '"')
CLOSING_QUOTES = ("”", "’", '"')
PARENTHETICAL_RE = re.compile(r"\s*\([^()]*(\)|$)")

Doc.set_extension("obligations", default=None, force=True)


@dataclass(frozen=True)
class Obligation:
    """One deontic statement about one actor (see ANNOTATION_GUIDELINES.md, Obligations)."""

    bearer: str  # resolved actor text, without leading determiner
    bearer_text: str  # the pronoun/description as written when resolved, else == bearer
    bearer_start: int  # char offsets in doc.text of the span `bearer` came from
    bearer_end: int
    deontic: str  # one of DEONTIC_CLASSES
    trigger: str  # as written; "..." marks a gap ("requires ... to")
    aim: str
    issuer: str  # "" if none
    sent_start: int  # char offsets of the sentence
    sent_end: int
    rule: str  # id of the pattern that fired


# --------------------------------------------------------------------------- data


def _read_data(path: str | Path | None, name: str) -> dict[str, Any]:
    if path is None:
        text = resources.files(__package__).joinpath("data", name).read_text("utf-8")
        source = f"pipeline/nlp/data/{name}"
    else:
        source = str(path)
        try:
            text = Path(path).read_text("utf-8")
        except OSError as exc:
            raise ValueError(f"cannot read {name} at {source}: {exc}; give an existing JSON file") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{source} is not valid JSON ({exc}); fix the file") from exc
    if not isinstance(data, dict):
        raise ValueError(f"{source}: expected a JSON object, got {type(data).__name__}")
    return data


_TRIGGER_SECTIONS_WITH_CLASS = (
    "modals", "semi_modals", "passive_deontic", "deontic_adjectives", "object_control",
    "prep_control", "that_clause", "mission_nouns", "deontic_predicates",
)
_TRIGGER_LISTS = (
    "weak_modals", "copulas", "reporting_verbs", "role_verbs", "role_nouns", "receiving_verbs",
    "non_agentive_verbs", "actor_labels", "non_actor_labels", "actor_heads", "abstract_heads",
    "instrument_heads", "agentive_suffixes", "collective_heads", "person_heads",
    "generic_role_heads", "issuer_labels", "demonstratives", "skip_pronouns", "relative_heads",
    "non_actor_heads", "non_actor_modifiers",
)


def load_triggers(path: str | Path | None = None) -> dict[str, Any]:
    """The trigger lexicon (a fresh, validated copy): the package's file, or `path`."""
    data = _read_data(path, TRIGGERS_FILE)
    source = path or TRIGGERS_FILE
    for section in _TRIGGER_SECTIONS_WITH_CLASS + ("in_charge",):
        entries = data.get(section)
        if not isinstance(entries, dict):
            raise ValueError(f"{source}: section {section!r} must be an object, got {type(entries).__name__}")
        items = [("in_charge", entries)] if section == "in_charge" else entries.items()
        for key, entry in items:
            for field_name in ("class", "negated"):
                value = entry.get(field_name) if isinstance(entry, dict) else None
                if field_name == "class" and value not in DEONTIC_CLASSES:
                    raise ValueError(
                        f"{source}: {section}.{key}.class must be one of {list(DEONTIC_CLASSES)}, not {value!r}"
                    )
                if field_name == "negated" and value is not None and value not in DEONTIC_CLASSES:
                    raise ValueError(
                        f"{source}: {section}.{key}.negated must be null or one of "
                        f"{list(DEONTIC_CLASSES)}, not {value!r}"
                    )
    for section in _TRIGGER_LISTS:
        if not isinstance(data.get(section), list):
            raise ValueError(f"{source}: section {section!r} must be a list of words")
    for section in ("pronouns",):
        if not isinstance(data.get(section), dict):
            raise ValueError(f"{source}: section {section!r} must be an object")
    for section in ("multiword_coordinators", "purpose_markers"):
        if not all(isinstance(seq, list) and seq for seq in data.get(section, [None])):
            raise ValueError(f"{source}: section {section!r} must be a list of word lists")
    return data


def load_patterns(path: str | Path | None = None) -> dict[str, Any]:
    """The matcher patterns (a fresh copy): the package's file, or `path`."""
    data = _read_data(path, PATTERNS_FILE)
    for section in ("dependency_patterns", "token_patterns"):
        entries = data.get(section)
        if not isinstance(entries, list):
            raise ValueError(f"{path or PATTERNS_FILE}: section {section!r} must be a list")
        for entry in entries:
            if not {"id", "kind", "pattern"} <= set(entry):
                raise ValueError(f"{path or PATTERNS_FILE}: each pattern needs id, kind and pattern; got {entry}")
    return data


def _expand(value: Any, triggers: dict[str, Any]) -> Any:
    """Replace "@section" by the words of that section of the trigger lexicon."""
    if isinstance(value, dict):
        return {k: _expand(v, triggers) for k, v in value.items()}
    if isinstance(value, list):
        return [_expand(v, triggers) for v in value]
    if isinstance(value, str) and value.startswith("@"):
        section = triggers.get(value[1:])
        if section is None:
            raise ValueError(f"pattern refers to {value!r}, but the trigger lexicon has no section {value[1:]!r}")
        return sorted(section) if isinstance(section, dict) else list(section)
    return value


class _Lexicon:
    """Fast look-ups over the trigger lexicon (sets of lower-case words)."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        for section in _TRIGGER_LISTS:
            words = data[section]
            # entity labels keep their case; words are compared in lower case
            setattr(self, section, frozenset(words if section.endswith("_labels") else (w.lower() for w in words)))
        self.pronouns: dict[str, str] = {k.lower(): v for k, v in data["pronouns"].items()}
        self.multiword_coordinators = [tuple(s) for s in data["multiword_coordinators"]]
        self.purpose_markers = [tuple(s) for s in data["purpose_markers"]]

    def entry(self, section: str, key: str) -> dict[str, Any] | None:
        entry = self.data[section].get(key)
        return entry if isinstance(entry, dict) else None


# --------------------------------------------------------------------------- helpers


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


def _children(token: Token, *deps: str) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


def _has_child(token: Token, dep: str, lower: Iterable[str] | None = None) -> bool:
    words = set(lower) if lower is not None else None
    return any(c.dep_ == dep and (words is None or c.lower_ in words) for c in token.children)


def _has_object_before(clause: Token) -> bool:
    """The clause's head has an object or complement before the clause."""
    return any(
        c.dep_ in ("dobj", "dative", "attr", "prep", "oprd") and c.i < clause.i and c.i > clause.head.i
        for c in clause.head.children
    )


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


def _words_at(doc: Doc, i: int, words: tuple[str, ...]) -> bool:
    return i >= 0 and i + len(words) <= len(doc) and all(doc[i + k].lower_ == w for k, w in enumerate(words))


def _words_before(doc: Doc, i: int, words: tuple[str, ...]) -> bool:
    """The words end just before token i (commas in between are skipped)."""
    j = i - 1
    while j >= 0 and doc[j].text == ",":
        j -= 1
    return _words_at(doc, j - len(words) + 1, words)


def _in_parentheses(token: Token) -> bool:
    """The token's subtree is enclosed in brackets."""
    doc = token.doc
    left, right = token.left_edge.i, token.right_edge.i
    before = doc[left - 1].text if left > 0 else ""
    after = doc[right + 1].text if right + 1 < len(doc) else ""
    return before in "([" and before != "" and after in ")]" and after != ""


def _clean_text(text: str) -> str:
    """Drop bracketed asides, unbalanced quotes and edge punctuation; one space between words."""
    text = " ".join(PARENTHETICAL_RE.sub("", text).split())
    text = re.sub(r"[.,;:]+(?=[”’\"]$)", "", text.strip(NON_QUOTE_PUNCT))
    for open_q, close_q in (("“", "”"), ("‘", "’")):
        if text.count(open_q) != text.count(close_q):
            text = text.replace(open_q, "").replace(close_q, "")
    if text.count('"') % 2:
        text = text.replace('"', "")
    return " ".join(text.split()).strip(NON_QUOTE_PUNCT)


def _close_quotes(tokens: list[Token]) -> list[Token]:
    """Extend a token run by the closing quote (and a full stop before it) that ends a quotation
    it opens: the parser often hangs the closing quote on the main verb."""
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


def _tokens_text(tokens: Iterable[Token]) -> str:
    """Text of the tokens in document order; a gap becomes one space."""
    ordered = _close_quotes(sorted(set(tokens), key=lambda t: t.i))
    parts: list[str] = []
    for k, tok in enumerate(ordered):
        nxt = ordered[k + 1] if k + 1 < len(ordered) else None
        if nxt is not None and nxt.i == tok.i + 1:
            parts.append(tok.text_with_ws)
        else:
            parts.append(tok.text + " ")
    return _clean_text("".join(parts))


def _trigger_text(tokens: Iterable[Token]) -> str:
    """The trigger words as written; a gap holding more than adverbs becomes ' ... '."""
    ordered = sorted(set(tokens), key=lambda t: t.i)
    if not ordered:
        return ""
    doc = ordered[0].doc
    out = ordered[0].text
    for prev, tok in zip(ordered, ordered[1:]):
        gap = doc[prev.i + 1 : tok.i]
        if len(gap) == 0:
            out += prev.whitespace_ + tok.text
        elif all(t.pos_ in ("ADV", "PART") for t in gap):
            out += " " + tok.text
        else:
            out += " ... " + tok.text
    return out


@dataclass
class _Mention:
    """A noun phrase that a pronoun or description can refer back to."""

    head: Token
    span: Span
    label: str
    plural: bool
    subject: bool


@dataclass
class _Candidate:
    """What a handler read off one match, before filtering and splitting."""

    rule: str
    priority: int
    deontic: str
    trigger: list[Token]
    clause: Token  # the verb that carries the trigger, checked for purpose clauses
    bearers: list[Token]  # heads; pronouns resolved later
    aim: Token | None  # head of the aim (verb, or noun for nominal aims)
    issuer: str = ""
    weak: bool = False  # epistemic-prone trigger (can/may): needs an actor and an agentive verb
    strict: bool = False  # the bearer must be a known actor
    light_passive: bool = False  # aim built as lemma + passive subject
    negated_aim: bool = False  # prefix the aim with "not"
    limit: int | None = None  # bearer spans end before this token (parse repair)
    aim_span: tuple[int, int] | None = None  # linear aim (parse repair)
    split_bearers: bool = True
    list_repair: bool = False  # look for "A, B, as well as C" after the bearer


@dataclass
class _Bearer:
    text: str
    written: str
    start: int
    end: int
    head: Token
    actor: bool | None


@dataclass
class _DocContext:
    doc: Doc
    sents: list[Span]
    sent_index: dict[int, int]  # token i -> sentence number
    mentions: list[list[_Mention]] = field(default_factory=list)
    cache: dict[tuple[int, str], Any] = field(default_factory=dict)


# --------------------------------------------------------------------------- component


class ObligationMatcher:
    """Write `doc._.obligations`: deontic statements found on the dependency parse."""

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

    # -- data and matchers

    def set_data(self, triggers: dict[str, Any], patterns: dict[str, Any]) -> None:
        """Use this lexicon and these patterns (deep-copied: the caller's dicts stay untouched)."""
        self.triggers = copy.deepcopy(triggers)
        self.patterns = copy.deepcopy(patterns)
        self.lex = _Lexicon(self.triggers)
        self.dep_matcher = DependencyMatcher(self.vocab, validate=True)
        self.token_matcher = Matcher(self.vocab, validate=True)
        self._rules: dict[int, tuple[str, str, int]] = {}  # match key -> (rule id, kind, priority)
        for priority, entry in enumerate(self.patterns["dependency_patterns"]):
            key = f"{entry['id']}#{priority}"
            self.dep_matcher.add(key, [_expand(entry["pattern"], self.triggers)])
            self._rules[self.vocab.strings[key]] = (entry["id"], entry["kind"], priority)
        offset = len(self.patterns["dependency_patterns"])
        for k, entry in enumerate(self.patterns["token_patterns"]):
            key = f"{entry['id']}#{offset + k}"
            self.token_matcher.add(key, [_expand(entry["pattern"], self.triggers)])
            self._rules[self.vocab.strings[key]] = (entry["id"], entry["kind"], offset + k)
        self._node_names = {
            self.vocab.strings[f"{e['id']}#{p}"]: [n["RIGHT_ID"] for n in e["pattern"]]
            for p, e in enumerate(self.patterns["dependency_patterns"])
        }

    def _is_verb_only(self, word: str) -> bool:
        """True if WordNet's index (in the model's lemmatizer) knows `word` as a verb and not as a noun."""
        if self._verb_only is None:
            index = None
            if "lemmatizer" in self._nlp.pipe_names:
                lookups = getattr(self._nlp.get_pipe("lemmatizer"), "lookups", None)
                if lookups is not None and lookups.has_table("lemma_index"):
                    index = lookups.get_table("lemma_index")
            if index is None or "verb" not in index or "noun" not in index:
                self._verb_only = lambda w: False
            else:
                verbs, nouns = set(index["verb"]), set(index["noun"])
                self._verb_only = lambda w: w in verbs and w not in nouns
        return self._verb_only(word)

    # -- main

    def __call__(self, doc: Doc) -> Doc:
        doc._.obligations = self.extract(doc)
        return doc

    def pipe(self, stream: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in stream:
            yield self(doc)

    def extract(self, doc: Doc) -> list[Obligation]:
        if not doc.has_annotation("DEP"):
            logger.warning("pipeline_obligations needs a dependency parse; %r has none", doc.text[:40])
            return []
        ctx = self._context(doc)
        candidates: list[_Candidate] = []
        matched: set[int] = set()  # trigger tokens the parse-based rules have read
        for match_id, token_ids in self.dep_matcher(doc):
            rule, kind, priority = self._rules[match_id]
            nodes = dict(zip(self._node_names[match_id], (doc[i] for i in token_ids)))
            matched.add(nodes["trigger"].i)
            candidates.extend(getattr(self, f"_read_{kind}")(nodes, rule, priority, ctx))
        for match_id, start, _end in self.token_matcher(doc):
            rule, kind, priority = self._rules[match_id]
            if start in matched:  # token patterns only repair what the parse missed
                continue
            candidates.extend(getattr(self, f"_read_{kind}")({"trigger": doc[start]}, rule, priority, ctx))
        records: dict[tuple[int, int, int], tuple[int, Obligation]] = {}
        for cand in sorted(candidates, key=lambda c: c.priority):
            for key, record in self._records(cand, ctx):
                if key not in records:
                    records[key] = (cand.priority, record)
        return sorted((r for _, r in records.values()), key=lambda r: (r.sent_start, r.bearer_start, r.aim))

    # -- match readers (one per pattern kind)

    def _deontic(self, section: str, key: str, negated: bool) -> str | None:
        entry = self.lex.entry(section, key)
        if entry is None:
            return None
        return entry.get("negated") if negated else entry["class"]

    def _read_modal(self, n: dict[str, Token], rule: str, priority: int, ctx: _DocContext) -> list[_Candidate]:
        aim, modal = n["aim"], n["trigger"]
        key = modal.lower_
        able = [c for c in aim.children if c.dep_ == "acomp" and c.lower_ == "able"] if _lemma(aim) == "be" else []
        complements = [x for a in able for x in a.children if x.dep_ == "xcomp"]
        if complements:  # "should be able to identify": the aim is "identify"
            aim = complements[0]
        neg = [c for c in [*aim.children, *n["aim"].children] if c.dep_ == "neg" and modal.i < c.i < aim.i]
        deontic = self._deontic("modals", key, bool(neg))
        if deontic is None:
            return []
        light = rule == "modal_passive_agent"
        if rule == "modal_shared_subject" and any(c.dep_ in SUBJECT_DEPS for c in aim.children):
            return []
        if not light and _is_passive(aim):
            return []
        return [
            _Candidate(
                rule=rule, priority=priority, deontic=deontic, trigger=[modal, *neg], clause=aim,
                bearers=[n["bearer"]], aim=aim, issuer=self._context_issuer(aim, ctx),
                weak=key in self.lex.weak_modals, light_passive=light,
                negated_aim=bool(neg) and deontic != "prohibition", list_repair=light,
            )
        ]

    def _read_modal_interrupted(
        self, n: dict[str, Token], rule: str, priority: int, ctx: _DocContext
    ) -> list[_Candidate]:
        """'Local authorities should, where possible, involve ...': the parser loses the modal's verb
        across the commas; take the verb after the aside and the subject of either word."""
        modal = n["trigger"]
        verb = next(t for t in modal.doc[modal.i + 1 : modal.sent.end] if t.tag_ in ("VB", "VBP"))
        if modal.dep_ == "aux" and modal.head == verb:
            return []  # parsed well: the modal rule reads it
        subjects = [c for c in modal.children if c.dep_ == "nsubj"] or _children(verb, "nsubj")
        if not subjects:
            return []
        return self._read_modal({"aim": verb, "trigger": modal, "bearer": subjects[0]}, rule, priority, ctx)

    def _read_predicate(self, n: dict[str, Token], rule: str, priority: int, ctx: _DocContext) -> list[_Candidate]:
        """'It is mandatory for X to V', 'S makes it compulsory for X to V'."""
        trig = n["trigger"]
        neg = _children(trig, "neg") + _children(trig.head, "neg")
        deontic = self._deontic("deontic_predicates", trig.lower_, bool(neg))
        if deontic is None:
            return []
        words = [*neg, trig, n["comp"]]
        if "copula" in n:
            words.insert(0, n["copula"])
        issuer = self._subject_issuer(trig.head, ctx) if trig.dep_ in ("ccomp", "oprd") else ""
        return [
            _Candidate(
                rule=rule, priority=priority, deontic=deontic, trigger=words, clause=n.get("copula", trig),
                bearers=[n["bearer"]], aim=n["aim"], issuer=issuer,
            )
        ]

    def _read_semi_modal(self, n: dict[str, Token], rule: str, priority: int, ctx: _DocContext) -> list[_Candidate]:
        trig, aim = n["trigger"], n["aim"]
        key = _lemma(trig)
        if key == "have" and trig.pos_ == "AUX" and trig.dep_ == "aux":
            return []
        neg = _children(trig, "neg")
        entry = self.lex.entry("semi_modals", key)
        deontic = self._deontic("semi_modals", key, bool(neg))
        if deontic is None or entry is None:
            return []
        if key == "be" and (
            any(c.dep_ in ("acomp", "attr", "expl", "auxpass") for c in trig.children)
            or n["bearer"].lower_ in ("it", "this", "that")
        ):
            return []  # "it is relevant to monitor", "the aim is to reduce": not "X is to V"
        return [
            _Candidate(
                rule=rule, priority=priority, deontic=deontic, trigger=[trig, *neg, n["comp"]], clause=trig,
                bearers=[n["bearer"]], aim=aim, issuer=self._context_issuer(trig, ctx),
                strict=bool(entry.get("strict")), negated_aim=bool(neg) and deontic != "prohibition",
            )
        ]

    def _read_passive_deontic(
        self, n: dict[str, Token], rule: str, priority: int, ctx: _DocContext
    ) -> list[_Candidate]:
        trig, aim = n["trigger"], n["aim"]
        entry = self.lex.entry("passive_deontic", _lemma(trig))
        if entry is None or entry["complement"] != n["comp"].lower_:
            return []
        neg = _children(trig, "neg")
        deontic = self._deontic("passive_deontic", _lemma(trig), bool(neg))
        if deontic is None:
            return []
        aux = [c for c in trig.children if c.dep_ in ("auxpass", "aux") and c.i < trig.i]
        issuer = ""
        for agent in _children(trig, "agent"):
            for pobj in _children(agent, "pobj"):
                issuer = self._issuer_text(pobj, ctx)
        comp = n["comp"] if n["comp"].lower_ != "to" else n["comp"]
        return [
            _Candidate(
                rule=rule, priority=priority, deontic=deontic, trigger=[*aux, *neg, trig, comp], clause=trig,
                bearers=[n["bearer"]], aim=aim, issuer=issuer or self._context_issuer(trig, ctx),
            )
        ]

    def _read_adjective(self, n: dict[str, Token], rule: str, priority: int, ctx: _DocContext) -> list[_Candidate]:
        trig, aim, comp = n["trigger"], n["aim"], n["comp"]
        if trig.lower_ == "in":  # in charge of
            deontic: str | None = self.triggers["in_charge"]["class"]
            words = [trig, n["charge"], comp]
            head = trig.head
        else:
            entry = self.lex.entry("deontic_adjectives", trig.lower_)
            if entry is None or entry["complement"] != comp.lower_:
                return []
            neg = _children(trig.head, "neg") + _children(trig, "neg")
            deontic = self._deontic("deontic_adjectives", trig.lower_, bool(neg))
            words = [*neg, trig, comp]
            head = trig.head
        if deontic is None:
            return []
        bearers: list[Token] = []
        clause = trig
        if _lemma(head) in self.lex.copulas and head.pos_ in ("AUX", "VERB") and head.i < trig.i:
            bearers = [c for c in head.children if c.dep_ in SUBJECT_DEPS]
            words = [head, *words]
            clause = head
        elif head.pos_ in ("NOUN", "PROPN") and trig.dep_ in ("amod", "acl", "appos", "prep"):
            bearers = [head]
        if not bearers:
            preceding = self._preceding_np(trig)
            if preceding is None:
                return []
            bearers = [preceding]
        return [
            _Candidate(
                rule=rule, priority=priority, deontic=deontic, trigger=words, clause=clause,
                bearers=bearers, aim=aim, issuer=self._context_issuer(clause, ctx),
            )
        ]

    def _read_object_control(
        self, n: dict[str, Token], rule: str, priority: int, ctx: _DocContext
    ) -> list[_Candidate]:
        trig, aim, comp = n["trigger"], n["aim"], n["comp"]
        entry = self.lex.entry("object_control", _lemma(trig))
        if entry is None or entry["complement"] != comp.lower_:
            return []
        if _is_passive(trig):  # "is required by X to": the passive rule reads it
            return []
        neg = _children(trig, "neg")
        deontic = self._deontic("object_control", _lemma(trig), bool(neg))
        if deontic is None:
            return []
        words = [*neg, trig, comp]
        return [
            _Candidate(
                rule=rule, priority=priority, deontic=deontic, trigger=words, clause=trig,
                bearers=[n["bearer"]], aim=aim, issuer=self._subject_issuer(trig, ctx), list_repair=True,
            )
        ]

    def _read_prep_control(self, n: dict[str, Token], rule: str, priority: int, ctx: _DocContext) -> list[_Candidate]:
        trig = n["trigger"]
        entry = self.lex.entry("prep_control", _lemma(trig))
        if entry is None or n["comp"].lower_ not in entry["preps"]:
            return []
        neg = _children(trig, "neg")
        deontic = self._deontic("prep_control", _lemma(trig), bool(neg))
        if deontic is None:
            return []
        return [
            _Candidate(
                rule=rule, priority=priority, deontic=deontic, trigger=[*neg, trig, n["comp"], n["to"]],
                clause=trig, bearers=[n["bearer"]], aim=n["aim"], issuer=self._subject_issuer(trig, ctx),
                list_repair=True,
            )
        ]

    def _read_that_clause(self, n: dict[str, Token], rule: str, priority: int, ctx: _DocContext) -> list[_Candidate]:
        trig, aim = n["trigger"], n["aim"]
        if _has_child(aim, "aux", ("to",)) or _is_passive(aim):
            return []
        neg = _children(trig, "neg")
        deontic = self._deontic("that_clause", _lemma(trig), bool(neg))
        if deontic is None:
            return []
        marks = [c for c in aim.children if c.dep_ == "mark" and c.lower_ == "that"]
        issuer = self._subject_issuer(trig, ctx)
        for agent in _children(trig, "agent"):
            for pobj in _children(agent, "pobj"):
                issuer = self._issuer_text(pobj, ctx)
        return [
            _Candidate(
                rule=rule, priority=priority, deontic=deontic, trigger=[*neg, trig, *marks], clause=trig,
                bearers=[n["bearer"]], aim=aim, issuer=issuer,
            )
        ]

    def _read_that_clause_fallback(
        self, n: dict[str, Token], rule: str, priority: int, ctx: _DocContext
    ) -> list[_Candidate]:
        """`S requires that X V` where the parser made V a noun: find V by its form, X before it."""
        trig = n["trigger"]
        doc = trig.doc
        that = doc[trig.i + 1]
        sent = trig.sent
        verb = None
        for tok in doc[that.i + 2 : sent.end]:
            if tok.is_punct and tok.text not in QUOTES:
                break
            if tok.tag_ in ("VB", "VBP", "VBZ", "MD") or (
                tok.pos_ == "NOUN" and tok.tag_ == "NN" and self._is_verb_only(tok.lower_)
            ):
                verb = tok
                break
        if verb is None or _lemma(verb) in self.lex.copulas or verb.tag_ == "MD":
            return []  # "that all staff be trained": no actor acts; a modal: the modal rule reads it
        first = next((t for t in doc[that.i + 1 : verb.i] if t.pos_ in ("NOUN", "PROPN", "PRON")), None)
        if first is None:
            return []
        head = first
        while head.head.i < verb.i and head.head.i > that.i and head.dep_ not in ("conj",) and head.head != head:
            if head.dep_ in ("compound", "amod", "det", "poss", "nmod"):
                head = head.head
            else:
                break
        bearers = [head] + [c for c in head.conjuncts if that.i < c.i < verb.i]
        end = verb.i + 1
        while end < sent.end and not (doc[end].is_punct and doc[end].text not in QUOTES):
            if any(_words_at(doc, end, m) for m in self.lex.purpose_markers):
                break
            end += 1
        deontic = self._deontic("that_clause", _lemma(trig), bool(_children(trig, "neg")))
        if deontic is None:
            return []
        return [
            _Candidate(
                rule=rule, priority=priority, deontic=deontic, trigger=[trig, that], clause=trig,
                bearers=bearers, aim=verb, issuer=self._subject_issuer(trig, ctx), limit=verb.i,
                aim_span=(verb.i, end), split_bearers=False,
            )
        ]

    def _read_mission(self, n: dict[str, Token], rule: str, priority: int, ctx: _DocContext) -> list[_Candidate]:
        with_, trig = n["with"], n["trigger"]
        entry = self.lex.entry("mission_nouns", _lemma(trig))
        if entry is None:
            return []
        anchor = with_.head
        issuer = ""
        if anchor.pos_ in ("NOUN", "PROPN"):
            bearers = [anchor]
        else:
            objects = _children(anchor, "dobj", "nsubjpass")
            if not objects:
                return []
            bearers = objects[:1]
            issuer = self._subject_issuer(anchor, ctx)
            for agent in _children(anchor, "agent"):
                for pobj in _children(agent, "pobj"):
                    issuer = self._issuer_text(pobj, ctx)
        words = [with_, *[d for d in trig.children if d.dep_ == "det"], trig, n["comp"]]
        return [
            _Candidate(
                rule=rule, priority=priority, deontic=entry["class"], trigger=words, clause=anchor,
                bearers=bearers, aim=n["aim"], issuer=issuer,
            )
        ]

    # -- from candidate to records

    def _records(self, cand: _Candidate, ctx: _DocContext) -> Iterator[tuple[tuple[int, int, int], Obligation]]:
        lex = self.lex
        if cand.aim is None or self._in_purpose_clause(cand.clause) or self._in_purpose_clause(cand.aim, cand.clause):
            return
        sent = cand.clause.sent
        aims = [cand.aim] if cand.aim_span else self._split_aims(cand.aim)
        bearer_heads: list[Token] = []
        for head in cand.bearers:
            bearer_heads.append(head)
            if cand.split_bearers:
                bearer_heads.extend(c for c in head.conjuncts if c.i > head.i and c.pos_ in ("NOUN", "PROPN"))
            if cand.list_repair and not [c for c in head.conjuncts if c.i > head.i]:
                bearer_heads.extend(self._list_continuation(head))
        bearers: list[_Bearer] = []
        for head in bearer_heads:
            bearers.extend(self._resolve_bearer(head, ctx, cand))
        for bearer in bearers:
            if bearer.actor is False or ((cand.weak or cand.strict) and bearer.actor is not True):
                continue
            for aim in aims:
                if not self._acting(aim, cand):
                    continue
                text = self._aim_text(aim, cand, [a for a in aims if a is not aim])
                if not text:
                    continue
                deontic = cand.deontic
                if aim is not cand.aim or cand.aim_span is None:
                    aim_neg = [c for c in aim.children if c.dep_ == "neg" and c not in cand.trigger]
                    if aim_neg and deontic == "obligation":
                        deontic = "prohibition"
                    elif aim_neg or cand.negated_aim:
                        text = "not " + text
                record = Obligation(
                    bearer=bearer.text,
                    bearer_text=bearer.written,
                    bearer_start=bearer.start,
                    bearer_end=bearer.end,
                    deontic=deontic,
                    trigger=_trigger_text(cand.trigger),
                    aim=text,
                    issuer=cand.issuer,
                    sent_start=sent.start_char,
                    sent_end=sent.end_char,
                    rule=cand.rule,
                )
                yield (sent.start, bearer.start, aim.i), record
        del lex

    def _acting(self, aim: Token, cand: _Candidate) -> bool:
        """The aim describes an actor acting (not receiving, not a role, not a state)."""
        lex = self.lex
        lemma = _lemma(aim)
        if aim.pos_ in ("NOUN", "PROPN") or cand.aim_span is not None:
            return True
        if lemma in lex.receiving_verbs:
            return False
        if lemma in lex.role_verbs and any(
            _lemma(o) in lex.role_nouns for o in aim.children if o.dep_ in ("dobj", "attr")
        ):
            return False
        if any(c.tag_ in ("WP", "WDT") and c.dep_ in ("dobj", "nsubj") for c in aim.children):
            return False  # "What local authorities can do is limited": a free relative, no aim
        if cand.light_passive:
            return True
        if lemma in lex.copulas and aim.pos_ == "AUX" or lemma == "be":
            return False
        if _is_passive(aim) and not _children(aim, "agent"):
            return False
        if cand.weak:
            if lemma in lex.non_agentive_verbs:
                return False
            aux = [c for c in aim.children if c.dep_ in ("aux", "auxpass")]
            if any(_lemma(a) == "have" for a in aux) or (aim.tag_ == "VBG" and any(_lemma(a) == "be" for a in aux)):
                return False  # "may have taken part", "may be planning": epistemic
        return True

    # -- aims

    def _split_aims(self, verb: Token) -> list[Token]:
        """The aim verb, its coordinated verbs that share its subject, and misattached second aims."""
        if verb.pos_ not in ("VERB", "AUX"):
            return [verb]
        doc = verb.doc
        aims = [verb]
        k = 0
        while k < len(aims):
            v = aims[k]
            k += 1
            own_complement = any(c.dep_ in ("dobj", "prep", "xcomp", "ccomp", "attr", "acomp", "dative", "prt")
                                 and c.i > v.i for c in v.children)
            for c in v.children:
                if (
                    c.dep_ == "conj" and c.pos_ in ("VERB", "AUX") and c not in aims and own_complement
                    and not any(d.dep_ in SUBJECT_DEPS or (d.dep_ == "aux" and d.tag_ == "MD") for d in c.children)
                ):
                    aims.append(c)
            for w in v.subtree:
                if w in aims or w.pos_ != "VERB" or w.i <= v.i:
                    continue
                marker = w.left_edge.i
                if not (_has_child(w, "aux", ("to",)) or w.tag_ == "VBG"):
                    continue
                if any(_words_before(doc, marker, m) for m in self.lex.multiword_coordinators):
                    aims.append(w)
                elif (  # "in order to prevent X, and to set up Y": the parser hangs Y on the purpose clause
                    w.dep_ == "conj" and marker >= 2 and doc[marker - 2].text == "," and doc[marker - 1].lower_ in ("and", "or")
                    and self._pruned(w.head, v, set())
                ):
                    aims.append(w)
        return aims

    def _aim_text(self, aim: Token, cand: _Candidate, others: list[Token]) -> str:
        doc = aim.doc
        if cand.aim_span is not None:
            return _tokens_text(doc[cand.aim_span[0] : cand.aim_span[1]])
        cut = set()
        for other in others:
            if other.i > aim.i:
                cut.update(other.subtree)
                j = other.left_edge.i - 1
                while j > aim.i and (doc[j].dep_ in ("cc", "punct") or doc[j].pos_ in ("CCONJ", "PUNCT")
                                     or doc[j].lower_ in ("well", "also", "as")):
                    cut.add(doc[j])
                    j -= 1
        keep: list[Token] = []
        if aim.pos_ in ("NOUN", "PROPN") or (aim.tag_ == "VBG" and aim.dep_ == "pobj" and not list(aim.children)):
            for tok in aim.subtree:
                if tok not in cut:
                    keep.append(tok)
            keep = [t for t in keep if not self._pruned(t, aim, cut)]
            while keep and keep[0].dep_ in ("det", "predet") or (keep and keep[0].dep_ == "poss" and keep[0].pos_ == "PRON"):
                keep = keep[1:]
            return _tokens_text(keep)
        keep.append(aim)
        has_object = False
        for child in aim.children:
            if child.i < aim.i or child in cut:
                continue
            if child.dep_ in ("conj", "cc") and not has_object and child not in others:
                # "monitor and evaluate each case": one aim with a shared object
                if child.dep_ == "cc" or (child.pos_ in ("VERB", "AUX") and not _children(child, *SUBJECT_DEPS)):
                    keep.extend(t for t in child.subtree if not self._pruned(t, aim, cut))
                continue
            if child.dep_ not in AIM_DEPS or child.dep_ == "agent":
                continue
            if child.dep_ in ("advcl", "xcomp", "acl") and not self._complement_clause(child, aim, has_object):
                continue
            if child.dep_ not in ("dobj", "dative", "prt", "xcomp", "ccomp", "attr", "acomp", "oprd") and self._after_break(child):
                continue
            if any(_words_at(doc, child.left_edge.i, m) for m in self.lex.purpose_markers):
                continue
            keep.extend(t for t in child.subtree if not self._pruned(t, aim, cut))
            if child.dep_ in ("dobj", "dative", "prep", "ccomp", "attr"):
                has_object = True
        kept = set(keep)
        keep.extend(doc[t.i - 1] for t in kept if t.i > 0 and doc[t.i - 1].text in OPENING_QUOTES
                    and doc[t.i - 1].head in kept)  # an opening quote the parser hung on the verb
        text = _tokens_text(keep)
        if cand.light_passive:
            subjects = _children(aim, "nsubjpass")
            if not subjects:
                return ""
            subj = subjects[0]
            subj_text = _tokens_text(self._np_tokens(subj, use_entity=False))
            if subj_text and subj.pos_ != "PROPN" and not subj_text[:2].isupper():
                subj_text = subj_text[0].lower() + subj_text[1:]
            rest = text[len(aim.text):].strip() if text.startswith(aim.text) else ""
            text = " ".join(p for p in (aim.lemma_, subj_text, rest) if p)
        return text

    def _pruned(self, tok: Token, top: Token, cut: set[Token]) -> bool:
        """Whether a token of an aim's subtree falls in a part dropped from the aim."""
        doc = tok.doc
        for anc in [tok, *tok.ancestors]:
            if anc == top:
                return False
            if anc in cut:
                return True
            if anc.dep_ == "relcl" and self._after_break(anc):
                return True  # ", which receive and assesses ...": a new statement
            if anc.dep_ == "advcl" and not self._complement_clause(anc, anc.head, _has_object_before(anc)):
                return True
            if anc.dep_ in ("acl", "relcl") and _has_child(anc, "aux", ("to",)) and anc.head.dep_ in ("dobj",) and anc.head.head == top:
                return True  # "create a unit to coordinate actions": purpose
            if anc.dep_ == "appos" and _in_parentheses(anc):
                return True
            if any(_words_at(doc, anc.left_edge.i, m) for m in self.lex.purpose_markers) and anc.dep_ in ("prep", "advcl", "mark", "acl"):
                return True
        return False

    @staticmethod
    def _after_break(tok: Token) -> bool:
        """The token's phrase follows a comma, dash or bracket (a parenthetical or new statement)."""
        i = tok.left_edge.i
        return i > 0 and tok.doc[i - 1].text in (",", "(", ";", ":", "–", "—")

    @staticmethod
    def _complement_clause(clause: Token, head: Token, head_has_object: bool) -> bool:
        """An infinitive right after its verb is a complement ('contribute to improve'); after an
        object it states a purpose ('appoint an officer to inform ...')."""
        if not _has_child(clause, "aux", ("to",)):
            return clause.dep_ == "xcomp" and not head_has_object
        first = clause.left_edge.i
        between = head.doc[head.i + 1 : first]
        return not head_has_object and all(t.pos_ in ("ADV", "PART") for t in between)

    def _in_purpose_clause(self, token: Token, stop: Token | None = None) -> bool:
        """The token stands in a purpose clause ('so that they can', 'in order to')."""
        doc = token.doc
        for anc in [token, *token.ancestors]:
            if anc == stop:
                return False
            if anc.dep_ in ("advcl", "acl", "relcl", "xcomp", "ccomp", "pcomp", "conj"):
                start = anc.left_edge.i
                for marker in self.lex.purpose_markers:
                    if _words_at(doc, start, marker) or _words_before(doc, start, marker):
                        return True
                    if any(_words_at(doc, m.i, marker) for m in anc.children if m.dep_ == "mark"):
                        return True
        return False

    # -- bearers

    def _np_tokens(self, head: Token, *, limit: int | None = None, use_entity: bool = True) -> list[Token]:
        """The actor phrase of a head noun: the doc entity covering it, else its modifiers, 'of'
        phrases and name parts; no determiner, relative clause, apposition or trailing participle."""
        doc = head.doc
        ents = [e for e in doc.ents if e.start <= head.i < e.end
                and e.label_ not in self.lex.non_actor_labels - {"POLICY", "LAW"}] if use_entity else []
        if ents:
            ent = ents[0]
            if all(t.i in {s.i for s in head.subtree} or t == head for t in ent) and "(" not in ent.text:
                tokens = [t for t in ent if limit is None or t.i < limit]
                return self._strip_np(tokens)
        tokens = [head]
        for child in head.children:
            if child.i < head.i and child.dep_ in NP_LEFT_DEPS and not (child.dep_ == "poss" and child.pos_ == "PRON"):
                tokens.extend(child.subtree)
            elif child.i > head.i and child.dep_ == "prep" and child.lower_ in NAME_PREPS:
                sub = [t for t in child.subtree if not any(a.dep_ in ("relcl", "acl", "appos") and a.i > child.i
                                                             for a in [t, *t.ancestors] if child.i < a.i <= t.i)]
                if child.lower_ == "of" or self._is_name_part(head, sub) or _lemma(head) in self.lex.instrument_heads:
                    tokens.extend(sub)
            elif child.i > head.i and child.dep_ in ("compound", "nmod", "nummod") and not _in_parentheses(child):
                tokens.extend(child.subtree)
        if limit is not None:
            tokens = [t for t in tokens if t.i < limit]
        tokens = sorted(set(tokens), key=lambda t: t.i)
        # keep the contiguous run around the head
        lo = hi = tokens.index(head)
        while lo > 0 and tokens[lo - 1].i == tokens[lo].i - 1:
            lo -= 1
        while hi + 1 < len(tokens) and tokens[hi + 1].i == tokens[hi].i + 1:
            hi += 1
        return self._strip_np(tokens[lo : hi + 1])

    @staticmethod
    def _is_name_part(head: Token, sub: list[Token]) -> bool:
        """'Coordinator for Protecting Democracy Against ...': a capitalised name goes on."""
        if head.pos_ != "PROPN" and not head.text[:1].isupper():
            return False
        words = [t for t in sub[1:] if t.is_alpha]
        return bool(words) and all(t.text[:1].isupper() or t.is_stop for t in words)

    @staticmethod
    def _strip_np(tokens: list[Token]) -> list[Token]:
        while tokens and (tokens[0].dep_ in ("det", "predet") or tokens[0].is_punct
                          or (tokens[0].dep_ == "poss" and tokens[0].pos_ == "PRON")
                          or tokens[0].lower_ in ("each", "every", "all", "any", "both")):
            tokens = tokens[1:]
        while tokens and ((tokens[-1].is_punct and tokens[-1].text not in CLOSING_QUOTES)
                          or tokens[-1].dep_ in ("case", "cc")):
            tokens = tokens[:-1]
        return _close_quotes(tokens)

    def _span_of(self, head: Token, limit: int | None = None) -> tuple[str, int, int]:
        tokens = self._np_tokens(head, limit=limit) or [head]
        return _tokens_text(tokens), tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)

    def _actor_status(self, head: Token) -> bool | None:
        """True: an actor; False: not one (abstract, instrument, policy); None: unknown."""
        lex = self.lex
        for ent in head.doc.ents:
            if ent.start <= head.i < ent.end:
                if ent.label_ in lex.actor_labels:
                    return True
                if ent.label_ in ("POLICY", "LAW"):
                    return False
        lemma = _lemma(head)
        if head.pos_ == "PRON" or lemma in lex.non_actor_heads:
            return False
        if any(_lemma(c) in lex.non_actor_modifiers for c in head.children if c.dep_ in ("amod", "compound")):
            return False  # "extremist groups", "terrorist organisations": not policy actors
        if lemma in lex.abstract_heads or lemma in lex.instrument_heads or head.lower_ in lex.abstract_heads:
            return False
        if lemma in lex.actor_heads or head.lower_ in lex.actor_heads:
            return True
        if head.pos_ == "NOUN" and any(lemma.endswith(s) for s in lex.agentive_suffixes) and len(lemma) > 4:
            return True
        return None

    def _resolve_bearer(self, head: Token, ctx: _DocContext, cand: _Candidate) -> list[_Bearer]:
        lex = self.lex
        lower = head.lower_
        written, w_start, w_end = self._span_of(head, cand.limit)
        if head.tag_ in ("WDT", "WP") or (lower in ("that", "which", "who") and head.dep_ in SUBJECT_DEPS):
            clause = head.head
            if clause.dep_ == "relcl" and clause.head.pos_ in ("NOUN", "PROPN"):
                text, start, end = self._span_of(clause.head)
                return [_Bearer(text, text, start, end, clause.head, self._actor_status(clause.head))]
            return []
        relative = [c for c in head.children if c.dep_ == "relcl"]
        if lower in lex.relative_heads and relative:
            # "Those who work with young people": the relative clause names the actor
            tokens = [t for t in head.subtree if t.i <= relative[0].right_edge.i]
            text = _tokens_text(tokens)
            return [_Bearer(text, text, tokens[0].idx, tokens[-1].idx + len(tokens[-1]), head, None)]
        if head.pos_ == "PRON":
            kind = lex.pronouns.get(lower)
            if kind is None or lower in lex.skip_pronouns:
                return []
            found = self._antecedent(head, kind, ctx)
            out = []
            for ante in found:
                text, start, end = self._span_of(ante)
                out.append(_Bearer(text, head.text, start, end, ante, self._actor_status(ante)))
            return out
        dets = [c for c in head.children if c.dep_ == "det" and c.lower_ in ("this", "that", "these", "those", "such")]
        if dets and head.pos_ == "NOUN":
            found = self._description_antecedent(head, ctx)
            if found is not None:
                text, start, end = self._span_of(found)
                desc = _tokens_text([t for t in head.subtree if t.i <= head.i])
                return [_Bearer(text, desc, start, end, found, self._actor_status(found))]
        return [_Bearer(written, written, w_start, w_end, head, self._actor_status(head))]

    def _preceding_np(self, trig: Token) -> Token | None:
        """Head of the noun phrase just before a modifier ('the ministry (in charge of ...)')."""
        doc = trig.doc
        j = trig.left_edge.i - 1
        while j >= 0 and doc[j].text in ("(", ",", "[", "–", "—"):
            j -= 1
        if j < 0 or doc[j].pos_ not in ("NOUN", "PROPN"):
            return None
        tok = doc[j]
        while tok.dep_ in ("pobj", "compound") and tok.head.i < tok.i:
            prep = tok.head if tok.dep_ == "pobj" else None
            if prep is not None and prep.lower_ == "of" and prep.head.pos_ in ("NOUN", "PROPN"):
                tok = prep.head
            elif tok.dep_ == "compound":
                tok = tok.head
            else:
                break
        return tok

    def _list_continuation(self, head: Token) -> list[Token]:
        """'by A, B, as well as C' parsed as A + apposition + conj: the list members after A."""
        doc = head.doc
        sent_end = head.sent.end
        members: list[Token] = []
        i = max(t.i for t in head.subtree if not any(a.dep_ in ("conj", "cc") for a in [t, *t.ancestors] if a.i > head.i and head in a.ancestors or a == t and t.dep_ in ("conj", "cc") and t.head == head)) + 1
        last_had_coordinator = False
        while i < sent_end:
            j = i
            if doc[j].text == ",":
                j += 1
            coord = next((m for m in self.lex.multiword_coordinators + [("and",), ("or",)] if _words_at(doc, j, m)), None)
            if coord:
                j += len(coord)
            if j == i or j >= sent_end:
                break
            tok = doc[j]
            while tok.head.i > tok.i and tok.head.i < sent_end and tok.head.pos_ in ("NOUN", "PROPN", "ADJ", "DET") and tok.pos_ not in ("NOUN", "PROPN"):
                tok = tok.head
            while tok.dep_ in ("compound", "amod") and tok.head.i > tok.i:
                tok = tok.head
            if tok.pos_ not in ("NOUN", "PROPN") or tok.dep_ not in ("appos", "conj", "npadvmod", "dep", "dobj", "pobj"):
                break
            members.append(tok)
            last_had_coordinator = coord is not None
            i = max(t.i for t in self._np_tokens(tok)) + 1 if self._np_tokens(tok) else tok.i + 1
            # skip the member's own trailing modifiers (not its conjuncts)
            for child in tok.children:
                if child.i > tok.i and child.dep_ not in ("conj", "cc", "punct"):
                    i = max(i, child.right_edge.i + 1)
            if last_had_coordinator:
                break
        return members if members and last_had_coordinator else []

    # -- issuers

    def _subject_issuer(self, verb: Token, ctx: _DocContext) -> str:
        for subj in _children(verb, "nsubj"):
            return self._issuer_text(subj, ctx)
        if verb.dep_ == "conj":
            return self._subject_issuer(verb.head, ctx)
        return ""

    def _context_issuer(self, verb: Token, ctx: _DocContext) -> str:
        """Issuer of a statement reported by an instrument: 'X says/stipulates that ...', 'According to X'."""
        for anc in [verb, *verb.ancestors]:
            subject_at = min((c.i for c in anc.children if c.dep_ in SUBJECT_DEPS), default=anc.i)
            for prep in anc.children:
                if prep.lower_ == "according":
                    for to in prep.children:
                        for pobj in _children(to, "pobj"):
                            return self._issuer_text(pobj, ctx)
                if prep.dep_ == "prep" and prep.lower_ in ("under", "in") and prep.i < subject_at:
                    # a fronted frame naming an instrument: "Under the 2015 Act, schools must ..."
                    for pobj in _children(prep, "pobj"):
                        if _lemma(pobj) in self.lex.instrument_heads or self._in_entity(pobj, ("POLICY", "LAW")):
                            return self._issuer_text(pobj, ctx)
            if anc.dep_ == "ccomp" and _lemma(anc.head) in self.lex.reporting_verbs | set(self.triggers["that_clause"]):
                return self._subject_issuer(anc.head, ctx)
        return ""

    def _issuer_text(self, head: Token, ctx: _DocContext, depth: int = 0) -> str:
        lower = head.lower_
        if head.pos_ == "PRON" or lower in ("this", "these"):
            if lower in ("we", "i", "you", "us"):
                return ""
            found = self._issuer_antecedent(head, ctx, same_lemma=None)
            if found is not None and self._is_generic_reference(found) and depth < MAX_RESOLUTION_DEPTH:
                return self._issuer_text(found, ctx, depth + 1)
            return self._span_of(found)[0] if found is not None else ""
        if self._is_generic_reference(head):
            found = self._issuer_antecedent(head, ctx, same_lemma=_lemma(head))
            if found is not None:
                if self._is_generic_reference(found) and depth < MAX_RESOLUTION_DEPTH:
                    return self._issuer_text(found, ctx, depth + 1)
                return self._span_of(found)[0]
        return self._span_of(head)[0]

    def _is_generic_reference(self, head: Token) -> bool:
        """'the plan', 'this strategy', 'the new act': a determiner, plain adjectives and an
        instrument word -- not a name ('the Prevent strategy', 'the ‘Preventing’ component')."""
        lex = self.lex
        if _lemma(head) not in lex.instrument_heads or self._in_entity(head, lex.issuer_labels):
            return False
        left = [c for c in head.children if c.i < head.i]
        if not any(c.dep_ == "det" and c.lower_ in lex.demonstratives for c in left):
            return False
        return all(c.dep_ == "det" or (c.dep_ == "amod" and c.pos_ == "ADJ" and c.text.islower()) for c in left)

    @staticmethod
    def _in_entity(head: Token, labels: Iterable[str]) -> bool:
        labels = set(labels)
        return any(e.start <= head.i < e.end and e.label_ in labels for e in head.doc.ents)

    # -- reference resolution

    def _context(self, doc: Doc) -> _DocContext:
        sents = list(doc.sents)
        index = {}
        for k, sent in enumerate(sents):
            for tok in sent:
                index[tok.i] = k
        ctx = _DocContext(doc=doc, sents=sents, sent_index=index)
        lex = self.lex
        ent_root = {}
        for ent in doc.ents:
            ent_root[ent.root.i] = ent
        for sent in sents:
            mentions: list[_Mention] = []
            for tok in sent:
                ent = ent_root.get(tok.i)
                if ent is None and (tok.pos_ not in ("NOUN", "PROPN", "PRON") or tok.dep_ in ("compound", "poss", "nmod", "amod")):
                    continue
                if tok.pos_ == "PRON" and tok.lower_ not in lex.pronouns and tok.lower_ not in ("this", "these"):
                    continue
                if ent is None and any(e.start <= tok.i < e.end for e in doc.ents):
                    continue
                label = ent.label_ if ent is not None else ""
                plural = tok.tag_ in ("NNS", "NNPS") or _lemma(tok) in lex.collective_heads or tok.lower_ == "they"
                subj = tok.dep_ in SUBJECT_DEPS or (tok.dep_ == "conj" and tok.head.dep_ in SUBJECT_DEPS)
                span = ent if ent is not None else doc[tok.i : tok.i + 1]
                mentions.append(_Mention(tok, span, label, plural, subj))
            mentions.sort(key=lambda m: (not m.subject, m.head.i))
            ctx.mentions.append(mentions)
        return ctx

    def _candidates_before(self, tok: Token, ctx: _DocContext) -> Iterator[_Mention]:
        k = ctx.sent_index[tok.i]
        for back in range(self.max_antecedent_sentences):
            if k - back < 0:
                return
            for m in ctx.mentions[k - back]:
                if back == 0 and m.head.i >= tok.i:
                    continue
                if back == 0 and tok in m.head.subtree:
                    continue
                yield m

    def _antecedent(self, pron: Token, kind: str, ctx: _DocContext, depth: int = 0) -> list[Token]:
        """Resolve a personal pronoun to the head(s) of its antecedent (empty if none fits)."""
        key = (pron.i, kind)
        if key in ctx.cache:
            return ctx.cache[key]
        ctx.cache[key] = []
        result: list[Token] = []
        for m in self._candidates_before(pron, ctx):
            h = m.head
            if h.pos_ == "PRON":
                if h.lower_ == pron.lower_ and depth < MAX_RESOLUTION_DEPTH:
                    result = self._antecedent(h, kind, ctx, depth + 1)
                    if result:
                        break
                continue
            status = self._actor_status(h)
            group = [h] + [c for c in h.conjuncts if c.i > h.i and c.pos_ in ("NOUN", "PROPN")]
            if h.dep_ == "conj":
                continue
            if kind == "plural":
                if not (m.plural or len(group) > 1):
                    continue
                if status is False and _lemma(h) not in self.lex.instrument_heads:
                    continue  # abstract plurals ("measures") are skipped, instruments block
                result = group
            elif kind == "person":
                if m.plural or not (status is True or m.label in ("PERSON", "ORG", "ACTOR")):
                    continue
                result = [h]
            else:  # singular "it"
                if m.plural:
                    continue
                if status is None or (status is False and _lemma(h) not in self.lex.instrument_heads
                                      and m.label not in self.lex.issuer_labels):
                    continue
                result = [h]
            break
        ctx.cache[key] = result
        return result

    def _description_antecedent(self, head: Token, ctx: _DocContext) -> Token | None:
        """'This high ranking official', 'this Unit': an earlier mention with the same head
        word, else (for a role word) the nearest salient actor of the same number."""
        lemma = _lemma(head)
        plural = head.tag_ in ("NNS", "NNPS")
        cands = list(self._candidates_before(head, ctx))
        by_recency = sorted(cands, key=lambda m: -m.head.i)
        for m in by_recency:
            if m.head != head and (_lemma(m.head) == lemma or lemma in m.span.text.lower().split()):
                if m.head.i < head.i and head not in m.head.subtree:
                    return m.head
        if lemma in self.lex.generic_role_heads:
            for m in cands:
                if m.head.pos_ == "PRON" or m.plural != plural:
                    continue
                if self._actor_status(m.head) is True:
                    return m.head
        return None

    def _issuer_antecedent(self, head: Token, ctx: _DocContext, same_lemma: str | None, depth: int = 0) -> Token | None:
        """The instrument or body an 'It', 'This model', 'The plan' refers to."""
        key = (head.i, "issuer")
        if key in ctx.cache:
            return ctx.cache[key]
        ctx.cache[key] = None
        lex = self.lex
        cands = list(self._candidates_before(head, ctx))
        found = None
        if same_lemma:
            for m in sorted(cands, key=lambda m: -m.head.i):
                if m.head != head and (_lemma(m.head) == same_lemma or same_lemma in m.span.text.lower().split()):
                    found = m.head
                    break
        if found is None:
            # a pronoun takes the most salient candidate (subject first); a description
            # ("This model") the most recent one
            ordered = cands if head.pos_ == "PRON" else sorted(cands, key=lambda m: -m.head.i)
            for m in ordered:
                h = m.head
                if h.pos_ == "PRON" or h.lower_ in ("this", "these"):
                    if h.lower_ == head.lower_ and depth < MAX_RESOLUTION_DEPTH:
                        found = self._issuer_antecedent(h, ctx, None, depth + 1)
                        if found is not None:
                            break
                    continue
                # "It" may be a body or an instrument; "the plan" is an instrument
                labels = lex.issuer_labels if head.pos_ == "PRON" else lex.issuer_labels - {"ORG"}
                if (m.label in labels or self._in_entity(h, labels) or _lemma(h) in lex.instrument_heads
                        or (h.pos_ == "PROPN" and not m.label and self._actor_status(h) is not False)):
                    found = h
                    break
        ctx.cache[key] = found
        return found

    # -- serialisation

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return json.dumps(
            {"triggers": self.triggers, "patterns": self.patterns,
             "cfg": {"max_antecedent_sentences": self.max_antecedent_sentences}},
            ensure_ascii=False,
        ).encode("utf-8")

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
        (path / "cfg.json").write_text(json.dumps({"max_antecedent_sentences": self.max_antecedent_sentences}), "utf-8")

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
    default_config={"triggers_path": None, "patterns_path": None, "max_antecedent_sentences": MAX_ANTECEDENT_SENTENCES},
)
def make_obligation_matcher(
    nlp: Language,
    name: str,
    triggers_path: str | None,
    patterns_path: str | None,
    max_antecedent_sentences: int,
) -> ObligationMatcher:
    return ObligationMatcher(
        nlp, name, triggers_path=triggers_path, patterns_path=patterns_path,
        max_antecedent_sentences=max_antecedent_sentences,
    )
