"""Span classifier: a learned judge of the candidate spans that the rules alone cannot decide.

Algorithm: multinomial logistic regression (scikit-learn's `LogisticRegression`,
trained by `tools/train_span_classifier.py` on the development gold files) over
binary features of a span (`span_features`): the rule or model label that
proposed it, what its head noun denotes in WordNet (classes, role/body/target
anchors and their sense ranks), its shape (capitals, acronym, plural, length,
modifiers), its place in the sentence (dependency role, determiner, governing
preposition, inside parentheses, heading-like sentence) and its context
(`_context_features`: subject of a deontic auxiliary or predicate, object of
one, owner, the WordNet classes of its modifiers, capitalised head, followed by
`of`, the labels of its conjuncts, the labels the rules gave the same head
elsewhere in the text). The weights are data (`data/span_classifier.json`:
classes, feature names, coefficients, intercepts, the `min_probability` chosen
by nested leave-one-report-out); prediction is a dot product here, so
scikit-learn is needed only to train.

Candidates (`with_turned_down`): the entities so far, plus the noun phrases
`actor_phrases` turns down (`candidate_...`, from a second run of that
component with `propose_rejected` on a copy of the Doc) where they overlap no
entity. Which it judges (`judged_rules`): spans whose rule starts with one of
the prefixes (by default the noun phrases of `actor_phrases`, accepted or
turned down); names found by the project's patterns are left as they are. A
judged span is kept with the predicted label when that label's probability is
at least `min_probability`, and dropped when the prediction is NONE with that
probability; otherwise it keeps its label, except a phrase the rules turned
down, which is dropped. Without a model the Doc is left as the rules made it.

Not in the default pipeline (`pipeline.cfg`) and no model file is shipped:
leave-one-report-out it has not beaten the rules alone (README, "How well it
works"); `tools/train_span_classifier.py --loo` re-measures it.
"""

from __future__ import annotations

import json
import math
from importlib import resources
from pathlib import Path
from typing import Any, Callable

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .actor_phrases import PARTY_PREPOSITIONS, REJECTED_PREFIX, ActorPhrases
from .noun_classes import BODY_ANCHORS, POPULACE_ANCHORS, ROLE_ANCHORS, TARGET_ANCHORS, lookup

if not Span.has_extension("rule"):
    Span.set_extension("rule", default="")

MODEL_RESOURCE = "data/span_classifier.json"
NONE_LABEL = "NONE"
# A sentence this short is a heading or a list label, where names and kinds read differently.
SHORT_SENTENCE_TOKENS = 8
GATHERING = frozenset({"gathering", "people"})
# A subject of these auxiliaries or predicates is the bearer of a duty (`X must`, `X is required to`).
DEONTIC_AUXILIARIES = frozenset({"must", "shall", "should", "will", "may", "can", "need", "ought"})
DEONTIC_PREDICATES = frozenset({"require", "oblige", "expect", "mandate", "task", "ask", "urge", "encourage",
                                "responsible", "designate", "direct", "empower"})


def _rank_bucket(rank: int | None) -> str:
    if rank is None:
        return "none"
    return str(rank) if rank < 2 else "2+"


def _head(span: Span) -> Token:
    root = span.root
    return root if root.pos_ in ("NOUN", "PROPN") else span[-1]


def span_features(span: Span) -> dict[str, float]:
    """Binary features of a candidate span (name=value → 1.0), documented in the module docstring."""
    doc = span.doc
    head = _head(span)
    rule = span._.rule or ""
    family = rule.split("__")[0]
    for prefix in ("model_", REJECTED_PREFIX + "actor_noun_", "actor_noun_", "office_title", "policy_", "org_", "actor_", "place_", "date_"):
        if family.startswith(prefix):
            family = prefix + ("" if prefix in ("policy_", "org_", "actor_", "place_", "date_") else family[len(prefix):])
            break
    nc = lookup(head.lemma_.lower() if head.lemma_ else head.lower_)
    f: dict[str, float] = {
        f"rule={family}": 1.0,
        f"label={span.label_}": 1.0,
        f"rule_label={family}|{span.label_}": 1.0,
        f"head_class={nc.first_class or 'unknown'}": 1.0,
        f"role_rank={_rank_bucket(nc.anchor_rank(ROLE_ANCHORS))}": 1.0,
        f"body_rank={_rank_bucket(nc.anchor_rank(BODY_ANCHORS))}": 1.0,
        f"target_rank={_rank_bucket(nc.anchor_rank(TARGET_ANCHORS))}": 1.0,
        f"populace_rank={_rank_bucket(nc.anchor_rank(POPULACE_ANCHORS))}": 1.0,
        f"gathering_rank={_rank_bucket(nc.anchor_rank(GATHERING))}": 1.0,
        f"person_share={round(nc.share('person') * 2) / 2}": 1.0,
        f"group_share={round(nc.share('group') * 2) / 2}": 1.0,
        f"head_tag={head.tag_}": 1.0,
        f"n_tokens={min(len(span), 5)}": 1.0,
        f"dep={span.root.dep_}": 1.0,
        f"head_lemma={head.lemma_.lower()}": 1.0,
    }
    words = [t for t in span if t.is_alpha]
    if words and all(t.text[:1].isupper() for t in words):
        f["shape=title"] = 1.0
    elif any(t.text[:1].isupper() for t in words):
        f["shape=mixed"] = 1.0
    else:
        f["shape=lower"] = 1.0
    if any(t.is_upper and len(t) >= 2 for t in span):
        f["acronym"] = 1.0
    if any(t.like_num for t in span):
        f["number"] = 1.0
    if len(span) > 1:
        f["modified"] = 1.0
        f[f"first_pos={span[0].pos_}"] = 1.0
    dets = [c.lower_ for c in head.children if c.dep_ in ("det", "poss") and c.i < span.start]
    before = doc[span.start - 1] if span.start > 0 else None
    f[f"det={dets[0] if dets else 'none'}"] = 1.0
    if before is not None:
        f[f"before={before.lower_ if before.is_alpha and before.is_lower else before.pos_}"] = 1.0
        if before.text == "(":
            f["in_parentheses"] = 1.0
    if span.root.dep_ == "pobj":
        prep = span.root.head.lower_
        f[f"prep={prep}"] = 1.0
        if prep in PARTY_PREPOSITIONS:
            f["party"] = 1.0
    if span.root.dep_ in ("nsubj", "nsubjpass") or (span.root.dep_ == "pobj" and span.root.head.dep_ == "agent"):
        f["acts"] = 1.0
    sent = span.sent
    if len(sent) <= SHORT_SENTENCE_TOKENS:
        f["short_sentence"] = 1.0
    if span.start == sent.start:
        f["sentence_start"] = 1.0
    f.update(_context_features(span, head))
    return f


def _context_features(span: Span, head: Token) -> dict[str, float]:
    """The richer features: deontic role, modifiers' WordNet classes, capitals, coordination,
    and what the rules said about the same head elsewhere in the text."""
    f: dict[str, float] = {}
    root = span.root
    verb = root.head if root.dep_ in ("nsubj", "nsubjpass") else None
    if verb is not None and (verb.lemma_.lower() in DEONTIC_PREDICATES or any(
            c.dep_ in ("aux", "auxpass") and c.lemma_.lower() in DEONTIC_AUXILIARIES for c in verb.children)):
        f["deontic_subject"] = 1.0
    if root.dep_ in ("dobj", "pobj") and root.head.lemma_.lower() in DEONTIC_PREDICATES:
        f["deontic_object"] = 1.0
    if root.dep_ == "poss" or (root.dep_ == "pobj" and root.head.lower_ == "of"):
        f["owner"] = 1.0
    for token in span:
        if token.i < head.i and token.pos_ in ("NOUN", "PROPN", "ADJ") and token.is_alpha:
            f[f"modifier_class={lookup(token.lemma_.lower()).first_class or 'unknown'}"] = 1.0
            f[f"modifier_pos={token.pos_}"] = 1.0
    if head.text[:1].isupper() and not head.is_sent_start:
        f["head_capitalised"] = 1.0
    if span[0].text[:1].isupper() and not span[0].is_sent_start:
        f["first_capitalised"] = 1.0
    if span.end < len(span.doc) and span.doc[span.end].lower_ == "of":
        f["followed_by_of"] = 1.0
    doc = span.doc
    labels = {i: ent for ent in doc.ents for i in range(ent.start, ent.end)}
    for other in [*root.conjuncts]:
        ent = labels.get(other.i)
        if ent is not None and ent != span:
            f[f"coordinated={ent.label_}"] = 1.0
    lemma = head.lemma_.lower()
    for ent in doc.ents:
        if ent != span and not (ent._.rule or "").startswith(REJECTED_PREFIX) and ent[-1].lemma_.lower() == lemma:
            f[f"same_head_elsewhere={ent.label_}"] = 1.0
    return f


class SpanClassifier:
    def __init__(self, nlp: Language, name: str, model_path: str | None, min_probability: float | None,
                 judged_rules: list[str]) -> None:
        self.name = name
        self.configured_probability = min_probability
        self.min_probability = 1.0 if min_probability is None else min_probability
        self.judged = tuple(judged_rules)
        self.proposer = ActorPhrases(nlp, f"{name}_proposer", None, True)
        self.set_model(load_model(model_path))

    def set_model(self, model: dict[str, Any] | None) -> None:
        self.model = model
        if model is None:
            self.classes: list[str] = []
            self.weights: dict[str, list[float]] = {}
            self.intercepts: list[float] = []
            return
        if self.configured_probability is None:
            self.min_probability = float(model.get("min_probability", 0.5))
        self.classes = list(model["classes"])
        self.weights = {name: list(column) for name, column in zip(model["features"], model["coefficients"])}
        self.intercepts = list(model["intercepts"])

    def judges(self, span: Span) -> bool:
        return (span._.rule or "").startswith(self.judged)

    def predict(self, span: Span) -> dict[str, float]:
        return self.probabilities(span_features(span))

    def probabilities(self, features: dict[str, float]) -> dict[str, float]:
        """Softmax of the intercepts plus the weights of the features present."""
        scores = list(self.intercepts)
        for name in features:
            column = self.weights.get(name)
            if column is not None:
                scores = [s + w for s, w in zip(scores, column)]
        top = max(scores)
        exp = [math.exp(s - top) for s in scores]
        total = sum(exp)
        return {label: e / total for label, e in zip(self.classes, exp)}

    def decide(self, label: str, rejected: bool, probabilities: dict[str, float] | None) -> str | None:
        """The label a candidate ends with (None: dropped), given the model's probabilities
        (None: not judged or no model)."""
        if probabilities is None:
            return None if rejected else label
        best = max(probabilities, key=lambda k: probabilities[k])
        if probabilities[best] >= self.min_probability:
            return None if best == NONE_LABEL else best
        return None if rejected else label

    def __call__(self, doc: Doc) -> Doc:
        if self.model is None:
            return doc
        return self.judge(with_turned_down(doc, self.proposer))

    def judge(self, doc: Doc) -> Doc:
        """Keep, relabel or drop each judged candidate (module docstring); turned-down phrases
        the model does not accept are dropped."""
        kept: list[Span] = []
        changed = False
        for ent in doc.ents:
            rejected = (ent._.rule or "").startswith(REJECTED_PREFIX)
            judged = self.model is not None and self.judges(ent)
            label = self.decide(ent.label_, rejected, self.predict(ent) if judged else None)
            if label is None:
                changed = True
            elif label != ent.label_ or rejected:
                span = Span(doc, ent.start, ent.end, label=label)
                span._.rule = f"{ent._.rule.removeprefix(REJECTED_PREFIX)}+classifier"
                kept.append(span)
                changed = True
            else:
                kept.append(ent)
        if changed:
            doc.ents = kept
        return doc


def with_turned_down(doc: Doc, proposer: Callable[[Doc], Doc]) -> Doc:
    """`doc` with the phrases `proposer` (actor_phrases proposing what it turns down) turns
    down on a copy, where they overlap no entity of `doc`, as `candidate_...` spans."""
    proposed = proposer(doc.copy())
    taken = {i for ent in doc.ents for i in range(ent.start, ent.end)}
    extra: dict[tuple[int, int], tuple[str, str]] = {}
    for ent in proposed.ents:
        if (ent._.rule or "").startswith(REJECTED_PREFIX) and not taken.intersection(range(ent.start, ent.end)):
            extra[(ent.start, ent.end)] = (ent.label_, ent._.rule)
    if not extra:
        return doc
    spans = [Span(doc, start, end, label=label) for (start, end), (label, _) in extra.items()]
    doc.ents = sorted([*doc.ents, *spans], key=lambda s: s.start)
    for ent in doc.ents:
        if (ent.start, ent.end) in extra:
            ent._.rule = extra[(ent.start, ent.end)][1]
    return doc


def load_model(path: str | Path | None) -> dict[str, Any] | None:
    """The trained weights; None when the packaged file is absent (the rules then decide alone)."""
    if path is None:
        resource = resources.files(__package__).joinpath(MODEL_RESOURCE)
        if not resource.is_file():
            return None
        return json.loads(resource.read_text("utf-8"))
    return json.loads(Path(path).read_text("utf-8"))


@Language.factory(
    "pipeline_span_classifier",
    assigns=["doc.ents", "span._.rule"],
    requires=["doc.ents", "token.dep", "token.lemma"],
    default_config={"model_path": None, "min_probability": None, "judged_rules": ["actor_noun_", "candidate_"]},
)
def make_span_classifier(nlp: Language, name: str, model_path: str | None, min_probability: float | None,
                         judged_rules: list[str]) -> SpanClassifier:
    return SpanClassifier(nlp, name, model_path, min_probability, judged_rules)
