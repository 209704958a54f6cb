"""Reference resolution for the obligation component: who a bearer or an issuer word is.

A `ReferenceResolver`, built once per Doc, answers two questions for
`pipeline_obligations` (obligations.py):

- Bearers (`resolve_bearer`). A relative pronoun (``municipalities, which
  remain ...``) stands for the noun its clause modifies; ``those who ...``
  for itself with its clause; a personal pronoun (``They``, ``It``, ``she``)
  for its antecedent; a demonstrative description (``This Unit``, ``This high
  ranking official``) for the latest mention with the same head word, or,
  for a generic role word, for the most salient actor of its number;
  ``Each of those members`` for the members; a quoted ``we`` for the body
  its speaker speaks for (the speaker named by the verb of saying in the
  sentence that closes the quotation, within its paragraph: a minister for
  the government, ``X, head of the Centre`` for the Centre).
- Issuers. Read off the statement (`agent_issuer`: ``required by S``;
  `subject_issuer`: ``S requires``; `context_issuer`: ``According to S``,
  ``Under S``, ``S says that ...``); else carried over from the sentence
  before (`previous_sentence_issuer`: its frame or its instrument subject --
  a body is never carried over). ``It`` resolves to the most salient body or
  instrument; ``the plan``/``this strategy`` to a mention with the same head
  word anywhere before in the Doc (a named one first), else to the latest
  instrument nearby.

Approach: the salience order of Hobbs (1978) and centering theory (Grosz,
Joshi & Weinstein 1995). Sentences are searched from the nearest back, at
most `MAX_ANTECEDENT_SENTENCES` of them; within a sentence the subject comes
first, then the other mentions left to right. Candidates are restricted by
number (the lexicon's ``pronouns`` table, plural and collective nouns) and
animacy (the caller's actor test). A pronoun whose antecedent is a pronoun is
followed through at most `MAX_RESOLUTION_DEPTH` links; answers are cached per
Doc, which also stops cycles.

The module knows no patterns and no records: the caller passes the trigger
lexicon and two functions (the record builder's, obligation_records.py),
``actor_status`` (is a head an actor: True, False, or None for unknown) and
``span_of`` (the text and character offsets of a head's actor phrase).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Protocol

from spacy.tokens import Doc, Span, Token

from .obligation_data import _Lexicon
from .syntax import (
    SUBJECT_DEPS,
    _children,
    _in_entity,
    _lemma,
    _tokens_text,
    ancestors_within,
    conjuncts_within,
    entity_index,
    subtree_within,
)

# Pronouns and descriptions are resolved within this many sentences (the current one
# included): report prose refers back one or two sentences; further back the nearest
# fitting actor is more often wrong than right.
MAX_ANTECEDENT_SENTENCES = 3

# "It ... It ... It requires": a pronoun whose antecedent is a pronoun is followed through
# at most this many links.
MAX_RESOLUTION_DEPTH = 4


@dataclass
class Bearer:
    """Who a bearer head stands for: the resolved actor phrase and its offsets in doc.text."""

    text: str
    written: str  # the pronoun or description as written when resolved, else == text
    start: int
    end: int
    actor: bool | None  # True: an actor; False: not one; None: unknown


@dataclass
class _Mention:
    """A noun phrase a pronoun or description can refer back to."""

    head: Token
    span: Span
    label: str
    plural: bool
    subject: bool


class _SpanOf(Protocol):
    def __call__(self, head: Token, limit: int | None = None) -> tuple[str, int, int]: ...


# Verbs that introduce a quotation ("..., said the Home Office"; "The council stated: ...").
SPEECH_VERBS = frozenset({"say", "state", "tell", "add", "announce", "explain", "declare", "write", "note",
                          "insist", "warn", "confirm", "promise", "pledge", "respond", "reply", "comment"})
QUOTE_OPENERS, QUOTE_CLOSERS = "“\"‘", "”\"’"


# A quotation is looked for at most this many sentences around the pronoun (a quoted statement
# of several sentences, "... ," says X.), and never across a block (a paragraph's line break).
MAX_QUOTE_SENTENCES = 5
# Offices whose holder speaks for the government as a whole (a minister is a member of it).
GOVERNMENT_OFFICES = frozenset({"minister"})
# The government a minister speaks for is looked for this many tokens around the speaker (a few
# paragraphs), so that the look-up stays constant per pronoun, not a walk over the whole Doc.
GOVERNMENT_WINDOW = 1000
# Roles whose holder speaks for the body named after them ("head of the Centre").
HEAD_ROLES = frozenset({"head", "director", "chair", "chairman", "chairwoman", "chairperson", "president",
                        "spokesperson", "spokesman", "spokeswoman", "leader", "chief", "secretary"})


def quoted_speaker(pron: Token) -> Token | None:
    """The body a first-person `we` inside a quotation speaks for: the subject of the verb of
    saying outside the quotation (in the pronoun's sentence or in the one that closes a quoted
    statement of several sentences, within one block), read by `_speaker_body`."""
    sent = pron.sent
    sents = _block_sentences(sent)
    k = next(i for i, s in enumerate(sents) if s.start == sent.start)
    start = sents[max(0, k - MAX_QUOTE_SENTENCES + 1)].start
    before = pron.doc[start : pron.i].text
    depth = sum(before.count(q) for q in "“‘") - sum(before.count(q) for q in "”’") + before.count('"') % 2
    if depth <= 0:
        return None  # not inside a quotation
    for following in sents[k : k + MAX_QUOTE_SENTENCES]:
        for verb in following:
            if verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() not in SPEECH_VERBS:
                continue
            for subject in (c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")):
                if subject.i == pron.i or subject.pos_ == "PRON":
                    continue
                return _speaker_body(subject)
        if any(t.text in QUOTE_CLOSERS for t in following if t.i > pron.i):
            break  # the quotation closed in this sentence without a verb of saying
    return None


def _block_sentences(sent: Span) -> list[Span]:
    """`sent` and the sentences of its block (paragraph) around it, at most MAX_QUOTE_SENTENCES - 1
    on each side: a block ends where a token holds a line break."""
    doc = sent.doc

    def breaks_at(i: int) -> bool:  # a line break between token i - 1 and token i
        return i <= 0 or i >= len(doc) or "\n" in doc[i - 1].text or "\n" in doc[i].text

    back: list[Span] = []
    current = sent
    for _ in range(MAX_QUOTE_SENTENCES - 1):
        if breaks_at(current.start):
            break
        current = doc[current.start - 1].sent
        back.insert(0, current)
    ahead: list[Span] = []
    current = sent
    for _ in range(MAX_QUOTE_SENTENCES - 1):
        if breaks_at(current.end):
            break
        current = doc[current.end].sent
        ahead.append(current)
    return [*back, sent, *ahead]


def _speaker_body(subject: Token) -> Token | None:
    """Who a speaker speaks for: a minister for the government the text names (a minister is a
    member of it: "says Minister for Justice Gunnar Strömmer"); the holder of a head role for the
    body of the role ("Jonas Trolle, head of the Centre"); a body or a kind of actor for itself; a
    person's bare name for no one."""
    doc = subject.doc
    phrase = [t for t in subtree_within(subject) if t.i <= subject.i or t.dep_ in ("appos", "prep", "pobj")]
    if any(t.lemma_.lower() in GOVERNMENT_OFFICES for t in phrase):
        window = doc[max(0, subject.i - GOVERNMENT_WINDOW) : subject.i + GOVERNMENT_WINDOW]
        named = [t for t in window if t.lemma_.lower() == "government" and t.pos_ == "PROPN"
                 and t.dep_ not in ("compound", "amod", "nmod")]
        # the government as the text names it, nearest to the speaker; else no one
        return min(named, key=lambda t: abs(t.i - subject.i)) if named else None
    for role in (c for c in subject.children if c.dep_ == "appos" and c.lemma_.lower() in HEAD_ROLES):
        for body in (o for p in role.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children
                     if o.dep_ == "pobj"):
            return body
    if subject.ent_type_ == "PERSON":
        return None
    return subject


# A provision of a law: `under section 29 of the Act` is issued by the Act.
PROVISION_WINDOW = 12  # tokens from `under` to the law in `under sections 36(7) and 38(6) of the X Act`
PROVISION_WORDS = frozenset({"section", "article", "schedule", "paragraph", "clause", "subsection", "part", "chapter"})


def _law_of_provision(head: Token) -> Token:
    """`section 29 of the X Act` → the head of `X Act`; any other head as it is."""
    if head.lower_ not in PROVISION_WORDS:
        return head
    for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"):
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            return pobj
    return head


def _bracketed(tok: Token) -> bool:
    """The token's phrase stands in parentheses (a gloss or an acronym after a name)."""
    doc, left, right = tok.doc, tok.left_edge.i, tok.right_edge.i
    return left > 0 and right + 1 < len(doc) and doc[left - 1].text == "(" and doc[right + 1].text == ")"


def _noun_before_comma(pronoun: Token) -> Token | None:
    """The head noun of the phrase just before ", which": the noun a non-restrictive relative
    clause is read with; a bracketed gloss or acronym between them is skipped."""
    doc, i = pronoun.doc, pronoun.i - 1
    if i < 1 or doc[i].text != ",":
        return None
    i -= 1
    if doc[i].text == ")":  # skip back over "(...)", at most the sentence's length
        start = pronoun.sent.start
        while i > start and doc[i].text != "(":
            i -= 1
        i -= 1
    if i < pronoun.sent.start or doc[i].pos_ not in ("NOUN", "PROPN"):
        return None
    noun = doc[i]
    for _ in range(len(pronoun.sent)):  # "the Ministry of the Interior": up the 'of' phrase to its head
        prep = noun.head
        if noun.dep_ != "pobj" or prep.lower_ != "of" or prep.head.pos_ not in ("NOUN", "PROPN"):
            break
        noun = prep.head
    return noun


# Quantifiers that pick every member of a group ("Each of the members", "All of them"): the group
# bears what is said of them. Not "some/one/none of": a part, or a negation, is another statement.
DISTRIBUTIVE_QUANTIFIERS = frozenset({"each", "all", "both", "either", "every"})


def _partitive_whole(head: Token) -> Token | None:
    """'Each of those members', 'all of the partners': the head noun (or pronoun) of the `of`
    phrase after a distributive quantifier; None for any other head."""
    if head.lower_ not in DISTRIBUTIVE_QUANTIFIERS or head.pos_ in ("NOUN", "PROPN"):
        return None
    return next((o for p in head.children if p.dep_ == "prep" and p.lower_ == "of" and p.i == head.i + 1
                 for o in p.children if o.dep_ == "pobj" and o.pos_ in ("NOUN", "PROPN", "PRON")
                 and o.lower_ not in DISTRIBUTIVE_QUANTIFIERS), None)


def _embedded(tok: Token) -> bool:
    """True when the token stands in a relative or adverbial clause, not the main clause."""
    return any(a.dep_ in ("relcl", "acl", "advcl") for a in [tok, *ancestors_within(tok)])


class ReferenceResolver:
    """What the pronouns, descriptions and issuer words of one Doc refer to (see module docstring).

    Built once per Doc: it holds the Doc's mentions in salience order and caches what each
    pronoun and issuer word resolved to.
    """

    def __init__(
        self,
        doc: Doc,
        lex: _Lexicon,
        *,
        max_antecedent_sentences: int,
        actor_status: Callable[[Token], bool | None],
        span_of: _SpanOf,
    ) -> None:
        self.lex = lex
        self.max_antecedent_sentences = max_antecedent_sentences
        self._actor_status = actor_status  # True: an actor; False: not one; None: unknown
        self._span_of = span_of  # text and char offsets of a head's actor phrase
        self.sents: list[Span] = list(doc.sents)
        self.sent_index: dict[int, int] = {}  # token i -> sentence number
        self.mentions: list[list[_Mention]] = []  # per sentence, subjects first, then left to right
        self._antecedents: dict[tuple[int, str], list[Token]] = {}  # (pronoun i, kind) -> heads
        self._issuers: dict[int, Token | None] = {}  # issuer word i -> referent
        self._collect_mentions(doc)

    def _collect_mentions(self, doc: Doc) -> None:
        """Mentions per sentence, in salience order: subjects first, then left to right."""
        lex = self.lex
        ent_at = {ent.root.i: ent for ent in doc.ents}
        in_ent = {i for ent in doc.ents for i in range(ent.start, ent.end)}
        for k, sent in enumerate(self.sents):
            found = []
            for tok in sent:
                self.sent_index[tok.i] = k
                ent = ent_at.get(tok.i)
                if ent is None and (tok.i in in_ent or tok.pos_ not in ("NOUN", "PROPN", "PRON")
                                    or tok.dep_ in ("compound", "poss", "nmod", "amod")):
                    continue
                if tok.pos_ == "PRON" and tok.lower_ not in lex.pronouns:
                    continue
                plural = tok.tag_ in ("NNS", "NNPS") or _lemma(tok) in lex.collective_heads or tok.lower_ in (
                    "they", "them")
                if ent is not None and ent.label_ == "ACTOR" and tok.tag_ == "NNP" and tok.lower_.endswith("s") \
                        and not tok.lower_.endswith(("ss", "us", "is")):
                    plural = True  # "Member States" tagged NNP: a kind of actor written capitalised, plural
                subject = tok.dep_ in SUBJECT_DEPS or (tok.dep_ == "conj" and tok.head.dep_ in SUBJECT_DEPS)
                if plural and tok.dep_ in SUBJECT_DEPS and tok.tag_ not in ("NNS", "NNPS"):
                    # A collective noun with a singular verb ("general staff ... is considered") is singular here.
                    verbs = [tok.head, *(c for c in tok.head.children if c.dep_ in ("aux", "auxpass"))]
                    if any(v.tag_ == "VBZ" or v.lower_ == "was" for v in verbs):
                        plural = False
                span = ent if ent is not None else doc[tok.i : tok.i + 1]
                found.append(_Mention(tok, span, ent.label_ if ent is not None else "", plural, subject))
            # Salience: subjects, then the main clause, then embedded clauses ("staff that interacts
            # with the public": the public is less salient than a main-clause object).
            self.mentions.append(sorted(found, key=lambda m: (not m.subject, _embedded(m.head), m.head.i)))

    # -- bearers

    def is_actor(self, head: Token) -> bool | None:
        """True: the head names an actor; False: it does not; None: unknown (the builder's test)."""
        return self._actor_status(head)

    def resolve_bearer(self, head: Token, limit: int | None = None) -> list[Bearer]:
        """The bearer(s) a head stands for: itself, or the antecedent of a relative pronoun,
        personal pronoun or demonstrative description."""
        lex, lower = self.lex, head.lower_
        whole = _partitive_whole(head)
        if whole is not None:  # "Each of those members must appoint": the members bear it, each of them
            return self.resolve_bearer(whole, limit)
        if head.tag_ in ("WDT", "WP") and head.dep_ in SUBJECT_DEPS:  # "municipalities, which remain ..."
            clause = head.head
            if clause.dep_ != "relcl" or clause.head.pos_ not in ("NOUN", "PROPN"):
                return []
            noun = clause.head
            before = _noun_before_comma(head)
            glossed = before is not None and before.i < noun.i < head.i and any(
                t.text == "(" for t in head.doc[before.i : noun.i])  # the clause hung on a bracketed gloss
            if before is not None and before != noun and (self._actor_status(noun) is not True or glossed) \
                    and self._actor_status(before) is True:
                noun = before  # "assigns coordination to the Ministry, which is ...": the parser hung it on the object
            if noun.dep_ == "appos" and noun.head.pos_ in ("NOUN", "PROPN") and _bracketed(noun):
                noun = noun.head  # "the Ministry of the Interior (Ministarstvo ...), which is": the name, not its gloss
            text, start, end = self._span_of(noun)
            return [Bearer(text, head.text, start, end, self._actor_status(noun))]  # the pronoun as written
        relative = _children(head, "relcl")
        if lower in lex.relative_heads and relative:  # "those who work with young people"
            tokens = [t for t in subtree_within(head) if t.i <= relative[0].right_edge.i]
            text = _tokens_text(tokens)
            return [Bearer(text, text, tokens[0].idx, tokens[-1].idx + len(tokens[-1]), None)]
        if head.pos_ == "PRON" and lower == "we":
            speaker = quoted_speaker(head)
            if speaker is None or self._actor_status(speaker) is not True:
                return []
            text, start, end = self._span_of(speaker)
            return [Bearer(text, head.text, start, end, self._actor_status(speaker))]
        if head.pos_ == "PRON":
            kind = lex.pronouns.get(lower)
            if kind is None or lower in lex.skip_pronouns:
                return []
            bearers = []
            for ante in self._antecedent(head, kind):
                if any(c.dep_ == "det" and c.lower_ in lex.reference_determiners - {"the"} for c in ante.children):
                    ante = self._description_antecedent(ante) or ante  # "They" -> "These teams" -> ...
                text, start, end = self._span_of(ante)
                bearers.append(Bearer(text, head.text, start, end, self._actor_status(ante)))
            return bearers
        demonstrative = any(c.dep_ == "det" and c.lower_ in lex.reference_determiners - {"the"}
                            for c in head.children)
        if demonstrative and head.pos_ == "NOUN":
            found = self._description_antecedent(head)
            if found is not None:
                text, start, end = self._span_of(found)
                written = _tokens_text([t for t in subtree_within(head) if t.i <= head.i])
                return [Bearer(text, written, start, end, self._actor_status(found))]
        text, start, end = self._span_of(head, limit)
        return [Bearer(text, text, start, end, self._actor_status(head))]

    # -- issuers: read off the statement, carried over from the sentence before, resolved

    def agent_issuer(self, verb: Token) -> str:
        """'required by the national government': the by-agent."""
        for agent in _children(verb, "agent"):
            for pobj in _children(agent, "pobj"):
                return self._issuer_text(pobj)
        return ""

    def subject_issuer(self, verb: Token) -> str:
        subjects = _children(verb, "nsubj")
        if subjects and subjects[0].tag_ in ("WDT", "WP") and verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN"):
            noun = verb.head  # "the Islamic Religious Community in Austria (IGGÖ), which invites": the name
            return self._issuer_text(noun.head if noun.dep_ == "appos" and _bracketed(noun) else noun)
        if subjects:
            return self._issuer_text(subjects[0])
        return self.subject_issuer(verb.head) if verb.dep_ == "conj" else ""

    def context_issuer(self, verb: Token) -> str:
        """The instrument a statement is reported from: 'S says/stipulates that ...', 'According
        to S, ...', 'Under S, ...', 'In S, ...', 'Within S, ...' (fronted), 'are required, under S, to'."""
        for anc in [verb, *ancestors_within(verb)]:
            subject_at = min((c.i for c in _children(anc, *SUBJECT_DEPS)), default=anc.i)
            # "must have regard under CTSA 2015": the parser hangs the frame on the verb's object
            on_object = [p for o in _children(anc, "dobj") for p in _children(o, "prep") if p.lower_ == "under"] \
                if anc is verb else []
            for prep in _children(anc, "prep") + on_object:
                if prep.lower_ == "according":
                    for pobj in (p for to in prep.children for p in _children(to, "pobj")):
                        return self._issuer_text(pobj)
                if prep.lower_ == "under" or (prep.lower_ in ("in", "within") and prep.i < subject_at):
                    for pobj in _children(prep, "pobj"):
                        if pobj.tag_ == "WDT" and anc.dep_ == "relcl" and anc.head.pos_ in ("NOUN", "PROPN"):
                            pobj = anc.head  # "the Police Tasks and Powers Act, under which the police are obliged"
                        pobj = _law_of_provision(pobj)
                        if _lemma(pobj) in self.lex.instrument_heads or _in_entity(pobj, ("POLICY", "LAW")):
                            return self._issuer_text(pobj)
            if anc.dep_ == "ccomp" and _lemma(anc.head) in self.lex.reporting_verbs | self.lex.that_clause_verbs:
                return self.subject_issuer(anc.head)
        # "is responsible for family support ... under the Child Care Act": a frame inside the statement
        for prep in (t for t in subtree_within(verb) if t.dep_ == "prep" and t.lower_ == "under"):
            for pobj in _children(prep, "pobj"):
                pobj = _law_of_provision(pobj)
                if self._is_instrument(pobj) and not _children(pobj, "poss"):
                    return self._issuer_text(pobj)
        return ""

    def provision_issuer(self, sent: Span) -> str:
        """'It is issued under sections 36(7) and 38(6) of the Counter Terrorism and Security Act 2015
        ...; panel members ... must have regard to this guidance': a provision of a law that the
        sentence names after `under` (`under section N of X`), in any of its clauses, is what the
        statement is made under. Read off the words, not the parse, which often breaks numbered
        provisions apart; at most PROVISION_WINDOW tokens from `under` to the law."""
        doc = sent.doc
        for under in (t for t in sent if t.lower_ == "under"):
            window = doc[under.i + 1 : min(sent.end, under.i + 1 + PROVISION_WINDOW)]
            if not any(t.lower_.rstrip("s") in PROVISION_WORDS for t in window[:2]):
                continue
            of = next((t for t in window if t.lower_ == "of"), None)
            if of is None:
                continue
            law = next((t for t in doc[of.i + 1 : window.end] if not t.is_punct and t.dep_ != "det"), None)
            ent = entity_index(doc).covering(law.i) if law is not None else None
            if ent is not None and ent.label_ in ("POLICY", "LAW"):
                return self._issuer_text(ent.root)
        return ""

    def previous_sentence_issuer(self, sent: Span) -> str:
        """The guidelines take the issuer from 'the sentence or the one before it': an instrument
        framing the sentence before ('According to the Prevent strategy, ...') or its subject
        ('The plan was adopted in 2014.')."""
        k = self.sent_index[sent.start]
        if k == 0:
            return ""
        before = self.sents[k - 1]
        for tok in before:
            clause_level = tok.head == before.root or tok.head.head == before.root
            if tok.dep_ == "prep" and tok.lower_ in ("according", "under") and clause_level:
                objects = [p for to in tok.children for p in _children(to, "pobj")] or _children(tok, "pobj")
                if objects and (tok.lower_ == "according" or self._is_instrument(objects[0])):
                    return self._issuer_text(objects[0])
        for subject in _children(before.root, *SUBJECT_DEPS):
            if self._is_instrument(subject):
                return self._issuer_text(subject)
            if subject.lower_ == "it":
                found = self._issuer_antecedent(subject)
                if found is not None and self._is_instrument(found):
                    return self._issuer_text(subject)
        return ""

    def _is_instrument(self, head: Token) -> bool:
        return _lemma(head) in self.lex.instrument_heads or _in_entity(head, ("POLICY", "LAW"))

    def _issuer_text(self, head: Token, depth: int = 0) -> str:
        """The issuer a subject names: itself, or what a pronoun or 'the plan' refers to."""
        if head.pos_ == "PRON" or head.lower_ in ("this", "these"):
            if head.lower_ in ("we", "i", "you", "us"):
                return ""
            found = self._issuer_antecedent(head)
        elif self._is_generic_reference(head):
            found = self._issuer_antecedent(head) or head
        else:
            found = _law_of_provision(head)  # "Section 28 of the Children Act 2004 imposes": the act
        if found is None:
            return ""
        if head.pos_ == "PRON" and self._is_generic_reference(found) and depth < MAX_RESOLUTION_DEPTH:
            return self._issuer_text(found, depth + 1)  # "It" -> "the plan" -> "Radicalism Plan"
        return self._span_of(found)[0]

    def _is_generic_reference(self, head: Token) -> bool:
        """'the plan', 'this strategy', 'the new act': a determiner, plain adjectives and an
        instrument word -- not a name ('the Prevent strategy', 'the ‘Preventing’ component')."""
        lex = self.lex
        if _lemma(head) not in lex.instrument_heads or _in_entity(head, lex.issuer_labels):
            return False
        left = [c for c in head.children if c.i < head.i]
        return any(c.dep_ == "det" and c.lower_ in lex.reference_determiners for c in left) and all(
            c.dep_ == "det" or (c.dep_ == "amod" and c.pos_ == "ADJ" and c.text.islower()) for c in left)

    # -- antecedent search

    def _mentions_before(self, tok: Token, *, whole_doc: bool = False) -> Iterator[_Mention]:
        """Mentions before `tok`, nearest sentence first, within the antecedent window (or the Doc)."""
        k = self.sent_index[tok.i]
        for back in range(k + 1 if whole_doc else min(self.max_antecedent_sentences, k + 1)):
            for m in self.mentions[k - back]:
                if back > 0 or (m.head.i < tok.i and tok not in subtree_within(m.head)):
                    yield m

    def _antecedent(self, pron: Token, kind: str, depth: int = 0) -> list[Token]:
        """The head(s) a personal pronoun refers to: the most salient mention of its number (and,
        for he/she, a person); [] when that mention is no actor."""
        key = (pron.i, kind)
        if key not in self._antecedents:
            self._antecedents[key] = []  # guards against cycles
            self._antecedents[key] = self._find_antecedent(pron, kind, depth)
        return self._antecedents[key]

    def _find_antecedent(self, pron: Token, kind: str, depth: int) -> list[Token]:
        lex = self.lex
        # An object pronoun never names its own clause's subject (binding theory, Principle B):
        # "It invited them to ...": "them" is not what "It" stands for.
        barred = set()
        if pron.dep_ in ("dobj", "dative") and depth < MAX_RESOLUTION_DEPTH:
            for subject in _children(pron.head, "nsubj"):
                subject_kind = lex.pronouns.get(subject.lower_)
                barred.add(subject.i)
                if subject.pos_ == "PRON" and subject_kind is not None:
                    barred.update(t.i for t in self._antecedent(subject, subject_kind, depth + 1))
        for m in self._mentions_before(pron):
            h = m.head
            if h.i in barred:
                continue
            if h.pos_ == "PRON":
                if lex.pronouns.get(h.lower_) == kind and depth < MAX_RESOLUTION_DEPTH:
                    chained = self._antecedent(h, kind, depth + 1)
                    if chained:
                        return chained
                continue
            if h.dep_ == "conj":  # reached through the first conjunct
                continue
            status = self._actor_status(h)
            group = [h] + [c for c in conjuncts_within(h) if c.i > h.i and c.pos_ in ("NOUN", "PROPN")]
            instrument = _lemma(h) in lex.instrument_heads or m.label in ("POLICY", "LAW")
            if kind == "plural" and (m.plural or len(group) > 1) and (status is not False or instrument):
                return group  # an instrument blocks: "They" are then the plans, not an actor
            if kind == "person" and not m.plural and (m.label == "PERSON" or _lemma(h) in lex.person_heads):
                return [h]
            collective = h.tag_ in ("NN", "NNP") and _lemma(h) in lex.collective_heads  # "The Council ... It"
            if kind == "singular" and (not m.plural or collective) and (
                status is True or instrument or m.label in lex.issuer_labels
            ):
                return [h]
        return []

    def _description_antecedent(self, head: Token) -> Token | None:
        """'This Unit', 'This high ranking official': the latest mention with the same head word;
        else, for a role word, the most salient actor of the same number."""
        lemma, plural = _lemma(head), head.tag_ in ("NNS", "NNPS")
        mentions = list(self._mentions_before(head))
        for m in sorted(mentions, key=lambda m: -m.head.i):
            if m.head.i < head.i and (_lemma(m.head) == lemma or lemma in m.span.text.lower().split()):
                return m.head
        if lemma in self.lex.generic_role_heads:
            for m in mentions:
                if m.head.pos_ != "PRON" and m.plural == plural and self._actor_status(m.head) is True:
                    return m.head
        return None

    def _issuer_antecedent(self, head: Token, depth: int = 0) -> Token | None:
        """What an issuer 'It' (a body or an instrument) or 'This model' (an instrument) refers
        to: a mention with the same head word; else the most salient (pronoun) or latest
        (description) named instrument or body."""
        if head.i in self._issuers:
            return self._issuers[head.i]
        self._issuers[head.i] = None  # guards against cycles
        lex, pronoun = self.lex, head.pos_ == "PRON" or head.lower_ in ("this", "these")
        mentions = list(self._mentions_before(head))
        labels = lex.issuer_labels if pronoun else lex.issuer_labels - {"ORG"}
        found = None
        if not pronoun:  # "the plan" names the section's plan again, however far back
            found = self._same_head_mention(head, list(self._mentions_before(head, whole_doc=True)), depth)
        for m in mentions if pronoun else sorted(mentions, key=lambda m: -m.head.i):
            if found is not None:
                break
            h = m.head
            if h.pos_ == "PRON":
                if pronoun and h.lower_ == head.lower_ and depth < MAX_RESOLUTION_DEPTH:
                    found = self._issuer_antecedent(h, depth + 1)
            elif (m.label in labels or _in_entity(h, labels) or _lemma(h) in lex.instrument_heads
                  or (h.pos_ == "PROPN" and not m.label and self._actor_status(h) is not False)):
                found = h
        self._issuers[head.i] = found
        return found

    def _same_head_mention(self, head: Token, mentions: list[_Mention], depth: int = 0) -> Token | None:
        """The mention 'the plan' names again: the latest named one (a POLICY/LAW entity or a
        capitalised phrase with that word: 'National Action Plan ...'), else the latest plain one
        of the same number and not someone's ('their local plans'). But when the nearest sentence
        with such a mention has the same description as its subject ('The Act replaces ... since
        the Garda Síochána Act 2005. Under the Act, ...'), the description goes on with that
        subject's referent (centering: the subject is what the text goes on about), not with a
        name mentioned in passing after it."""
        lemma, plural = _lemma(head), head.tag_ in ("NNS", "NNPS")
        same_at = [m for m in mentions if m.head != head
                   and (_lemma(m.head) == lemma or lemma in m.span.text.lower().split())]
        if same_at and depth < MAX_RESOLUTION_DEPTH:  # mentions come nearest sentence first, subjects first
            first = same_at[0]
            if first.subject and not _embedded(first.head) and self._is_generic_reference(first.head):
                found = self._issuer_antecedent(first.head, depth + 1)
                if found is not None:
                    return found
        same = sorted(same_at, key=lambda m: -m.head.i)
        for m in same:
            if m.label in ("POLICY", "LAW") or m.head.text[:1].isupper():
                return m.head
        for m in same:
            if m.plural == plural and not _children(m.head, "poss"):
                return m.head
        return None
