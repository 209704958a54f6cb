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
   (``data/obligation_patterns.json``); each names the ``kind`` of reading
   that reads its nodes. Token ``Matcher`` patterns repair two places where
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

Modules: this one holds the component -- its factory, serialisation and the
order of work: run the matchers, hand each match to the reading its pattern
names, build the records of the candidates, the earlier pattern winning.
``obligation_readings.py`` is detection: one reading per pattern kind (step 1,
the class of step 2, the filters a pattern needs) and list lead-ins.
``obligation_lists.py`` finds list lead-ins and makes their records.
``obligation_records.py`` builds the records of a candidate (the filters on
clause, aim and bearer of step 3, steps 4 and 5: bearers and aims, actor
phrases). ``obligation_data.py`` reads and checks the data files;
``references.py`` resolves bearers and issuers; ``syntax.py`` holds the parse
and text helpers they share.

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
  one object each get it (``monitor and evaluate each case`` -> ``monitor
  each case``, ``evaluate each case``: annotations/GUIDE.md 3.3.1).
- ``X, in charge of Y`` and ``X (in charge of Y)`` count, with X as bearer.
- Since the real-text corpus (annotations/DECISIONS.md, issue 7): a modal with
  a copula and an adjective taking a complement demands a conduct of an actor
  (``Everyone must be alert to ...``); ``Everyone``/``Anyone`` bear as written;
  ``X is the agency with the primary mandate for Y`` is X's; an object pronoun
  is never its clause's subject (``It invited them``); a list item opening with
  a verb is read as that verb phrase, and ``(local authorities only)`` names its
  bearer; ``A, B and other Xs tasked with`` gives A, B and the Xs each a record.
- Since the statute and quotation re-read (annotations/DECISIONS.md, issue 7):
  a statute lead-in ``X shall, having regard to ... —`` and its items; ``Each
  of X`` / ``All of X`` bear as X; ``must appoint X to V`` gives X the task;
  ``the representative must be a person who ...`` is a qualification record;
  a modal, an aside and a verb the parser split (``must, where it considers it
  appropriate, consult``); ``..., and Y must V`` with Y misparsed is Y's; an
  object-control trigger in an infinitive of purpose, under ``would not have
  to``, and ``any X which may be V-ed by Y`` give no record; a quoted ``we``
  several sentences before ``says Minister ...`` is the government; a lead-in
  ending in a modal passive (``the question must be decided—``) gives the
  agent an item names (``by the chair``) a record; ``encouraged, but not
  required, to V`` is one recommendation; ``shall have the following
  functions:`` is a record, not a role statement; a run-in heading the parser
  makes a second subject bears nothing; ``can`` in what ``ensure that`` brings
  about is an ability, no permission. Parse repairs: ``call on`` read as a
  particle; ``obliges platforms to`` with the words' tags swapped.
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
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.matcher import DependencyMatcher, Matcher
from spacy.tokens import Doc

from .obligation_data import (
    DEONTIC_CLASSES,
    PATTERNS_FILE,
    TRIGGERS_FILE,
    _expand,
    _Lexicon,
    load_patterns,
    load_triggers,
)
from .obligation_lists import find_lead_ins, lead_in_records
from .obligation_readings import READINGS, ReadingContext, VerbOnlyWords
from .obligation_records import Candidate, Obligation, RecordBuilder, RecordKey
from .references import MAX_ANTECEDENT_SENTENCES, MAX_RESOLUTION_DEPTH, ReferenceResolver
from .syntax import _clean_text  # noqa: F401  (re-exported: the tests import it from here)
from .syntax import entity_scope

# Other code imports these from here (the tests also `_expand` and `_clean_text`).
__all__ = ["DEONTIC_CLASSES", "MAX_ANTECEDENT_SENTENCES", "MAX_RESOLUTION_DEPTH", "Obligation",
           "ObligationMatcher", "load_patterns", "load_triggers", "make_obligation_matcher"]

logger = logging.getLogger(__name__)

if not Doc.has_extension("obligations"):
    Doc.set_extension("obligations", default=None)


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
        self.max_antecedent_sentences = max_antecedent_sentences
        self._verb_only = VerbOnlyWords(nlp)
        self.set_data(load_triggers(triggers_path), load_patterns(patterns_path))

    def set_data(self, triggers: dict[str, Any], patterns: dict[str, Any]) -> None:
        """Use this lexicon and these patterns; they are deep-copied, the caller's stay as they are."""
        self.triggers = copy.deepcopy(triggers)
        self.patterns = copy.deepcopy(patterns)
        self.lex = _Lexicon(self.triggers)
        self.builder = RecordBuilder(self.lex, is_verb=self._verb_only.is_verb)
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
        with entity_scope(doc):  # one entity index for every lookup: linear in the Doc's length
            return self._extract(doc)

    def _extract(self, doc: Doc) -> list[Obligation]:
        refs = ReferenceResolver(doc, self.lex, max_antecedent_sentences=self.max_antecedent_sentences,
                                 actor_status=self.builder.actor_status, span_of=self.builder.span_of)
        ctx = ReadingContext(lex=self.lex, refs=refs, is_verb_only=self._verb_only)
        candidates: list[Candidate] = []
        read = set()  # triggers the parse-based rules have seen; token patterns only repair
        for match_id, token_ids in self.dep_matcher(doc):
            rule, kind, priority, names = self._rules[match_id]
            nodes = dict(zip(names, (doc[i] for i in token_ids)))
            read.add(nodes["trigger"].i)
            candidates += READINGS[kind](nodes, rule, priority, ctx)
        for match_id, start, _end in self.token_matcher(doc):
            rule, kind, priority, _ = self._rules[match_id]
            if start not in read:
                candidates += READINGS[kind]({"trigger": doc[start]}, rule, priority, ctx)
        records: dict[RecordKey, Obligation] = {}
        for cand in sorted(candidates, key=lambda c: c.priority):
            for key, record in self.builder.records(cand, refs):
                records.setdefault(key, record)  # the earlier pattern wins
        for lead_in in find_lead_ins(doc, self.lex):
            found = list(lead_in_records(self.builder, lead_in, refs))
            if found and lead_in.infinitive:  # "must assist X to—" + items: the items complete the aim
                verb = lead_in.infinitive[0]
                for key in [k for k in records if k[0] == lead_in.sent.start and k[2] == verb.i]:
                    del records[key]
            for key, record in found:
                records.setdefault(key, record)
        return sorted(records.values(), key=lambda r: (r.sent_start, r.bearer_start, r.aim))

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

