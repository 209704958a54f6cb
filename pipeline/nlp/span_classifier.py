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
elsewhere in the text) and, for names (`_name_features`), what the rules
cannot see: the head noun of the long form an acronym stands for (found in
`long form (ACR)` or `ACR (long form)`, up through `of` and compounds: `DOJ` ->
Department, a group; `CVE` -> extremism, an idea) and the label of that long
form, a `the X` whose capitalised word ends a longer name elsewhere (a
back-reference: `the Board`), pycountry's country and subdivision names,
capitals inside the sentence and a title-case sentence, and the rule's exact
name. The weights are data (`data/span_classifier.json`:
classes, feature names, coefficients, intercepts, the `min_probability` chosen
by nested leave-one-report-out); prediction is a dot product here, so
scikit-learn is needed only to train. A model file of `kind` `boosted_trees`
holds gradient-boosted trees instead (scikit-learn's
HistGradientBoostingClassifier written out as nodes), walked by `tree_scores`.

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
works"); `tools/train_span_classifier.py --loo` re-measures it. `version_free_features`
(the features without the rule's name, for a judge trained on the first runs of several code
versions: tools/unseen_judge.py) did not beat them either.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
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
# A model file of gradient-boosted trees says so (`kind`); without it, logistic regression weights.
BOOSTED_TREES = "boosted_trees"
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
    f.update(_name_features(span, head))
    return f


# Features that name the rule or the word itself: they say which code version proposed a span,
# or learn one report's words, so the judge of unseen text (`version_free_features`) leaves them out.
VERSION_FEATURES = ("rule=", "rule_label=", "rule_exact=", "head_lemma=")


def version_free_features(span: Span, label: str, rule: str) -> dict[str, float]:
    """`span_features` of `span` proposed as `label` by `rule`, without what depends on the code
    version that proposed it (VERSION_FEATURES); `proposed_by=model` when the statistical model
    did (a rule name `model_...`: the one distinction every version of the rules shares)."""
    proposed = Span(span.doc, span.start, span.end, label=label)
    features = {k: v for k, v in span_features(proposed).items() if not k.startswith(VERSION_FEATURES)}
    features[f"label={label}"] = 1.0
    features[f"proposed_by={'model' if rule.startswith('model_') else 'rules'}"] = 1.0
    features[f"proposed_by_label={'model' if rule.startswith('model_') else 'rules'}|{label}"] = 1.0
    return features


@lru_cache(maxsize=1)
def _place_names() -> tuple[frozenset[str], frozenset[str]]:
    """(country names, first-level subdivision names and codes) as pycountry writes them."""
    from ..sections import country_names
    from .places import subdivision_names

    return frozenset(country_names()), subdivision_names(unambiguous=False)


def _long_form_head(doc: Doc, short: str) -> Token | None:
    """The head noun of the long form of acronym `short` in `doc` (the long form's last word
    before `(short)`, or inside `short (...)`, taken up through `of` and compounds to the noun
    it modifies: `Department of Justice (DOJ)` -> Department); None when the text defines it nowhere."""
    for token in doc:
        if token.text != short or token.i == 0 or token.i + 1 >= len(doc):
            continue
        last = None
        if doc[token.i - 1].text == "(" and doc[token.i + 1].text == ")" and token.i >= 2:
            last = doc[token.i - 2]
        elif doc[token.i + 1].text == "(":
            close = next((t for t in doc[token.i + 2:token.i + 16] if t.text == ")"), None)
            if close is not None and close.i - token.i > 2:
                last = doc[close.i - 1]
        if last is None:
            continue
        head = last
        for _ in range(4):  # a long form has at most a few `of` links
            if head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.pos_ in ("NOUN", "PROPN"):
                head = head.head.head
            elif head.dep_ == "compound" and head.head.pos_ in ("NOUN", "PROPN") and head.head.i > head.i:
                head = head.head
            else:
                break
        return head
    return None


def _name_features(span: Span, head: Token) -> dict[str, float]:
    """Why the rules cannot decide a name: the head noun of the long form an acronym stands
    for, a `the X` that repeats the last word of a longer name, pycountry's places, the
    capitals inside the sentence, and the rule's exact name."""
    f: dict[str, float] = {f"rule_exact={(span._.rule or '').split('__')[0].removeprefix(REJECTED_PREFIX)}": 1.0}
    doc = span.doc
    words = [t for t in span if t.is_alpha]
    text = span.text.removeprefix("the ").removeprefix("The ")
    if len(span) == 1 and len(text) >= 2 and sum(c.isupper() for c in text) >= 2:
        long_head = _long_form_head(doc, text)
        if long_head is None:
            f["acronym_undefined"] = 1.0
        else:
            f[f"acronym_long_head_class={lookup(long_head.lemma_.lower()).first_class or 'unknown'}"] = 1.0
            f[f"acronym_long_head_tag={long_head.tag_}"] = 1.0
            labels = [e.label_ for e in doc.ents if e.start <= long_head.i < e.end]
            f[f"acronym_long_label={labels[0] if labels else 'none'}"] = 1.0
        if span.start > 0 and doc[span.start - 1].text == "(":
            f["acronym_in_definition"] = 1.0
    before = doc[span.start - 1] if span.start > 0 else None
    if before is not None and before.lower_ == "the" and head.text[:1].isupper() and len(words) <= 2:
        longer = [e for e in doc.ents if len(e) > len(span) and e[-1].lower_ == head.lower_ and e.start != span.start]
        if longer:
            f["back_reference"] = 1.0
            f[f"back_reference_label={longer[0].label_}"] = 1.0
            if longer[0].start < span.start:
                f["back_reference_earlier"] = 1.0
        else:
            f["the_capitalised_alone"] = 1.0
    countries, subdivisions = _place_names()
    if text in subdivisions:
        f["pycountry=subdivision"] = 1.0
    elif text in countries:
        f["pycountry=country"] = 1.0
    if words and words[0].text[:1].isupper() and not span[0].is_sent_start:
        lower_words = [t for t in words if t.is_lower and not t.is_stop]
        f["capitalised_mid_sentence" if not lower_words else "capitalised_with_lower_words"] = 1.0
    sent_words = [t for t in span.sent if t.is_alpha and not t.is_stop]
    if sent_words and sum(t.text[:1].isupper() for t in sent_words) * 2 > len(sent_words):
        f["title_case_sentence"] = 1.0
    if words and all(t.is_upper for t in words):
        f["all_capitals"] = 1.0
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
        if model.get("kind") == BOOSTED_TREES:
            self.feature_index = {name: i for i, name in enumerate(model["features"])}
            self.weights, self.intercepts = {}, list(model["baseline"])
            return
        self.weights = {name: list(column) for name, column in zip(model["features"], model["coefficients"])}
        self.intercepts = list(model["intercepts"])

    def judges(self, span: Span) -> bool:
        return (span._.rule or "").startswith(self.judged)

    def predict(self, span: Span) -> dict[str, float]:
        return self.probabilities(span_features(span))

    def probabilities(self, features: dict[str, float]) -> dict[str, float]:
        """Softmax of the intercepts plus the weights of the features present (logistic
        regression), or of the baseline plus the leaf values of the trees (boosting: one score
        for two classes, the second class's log-odds)."""
        assert self.model is not None
        if self.model.get("kind") == BOOSTED_TREES:
            scores = tree_scores(self.model, {self.feature_index[n] for n in features if n in self.feature_index})
            if len(self.classes) == 2:
                scores = [0.0, scores[0]]
        else:
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
        decided = []
        for ent in doc.ents:
            judged = self.model is not None and self.judges(ent)
            decided.append(self.decide(ent.label_, is_turned_down(ent), self.predict(ent) if judged else None))
        return relabel(doc, decided)


def tree_scores(model: dict[str, Any], present: set[int]) -> list[float]:
    """Gradient-boosted trees over binary features: per class, the baseline plus the value of
    the leaf each tree reaches (a node [feature, threshold, left, right, value]: a feature
    present is 1.0, absent 0.0; value <= threshold goes left; feature -1 is a leaf)."""
    scores = list(model["baseline"])
    for iteration in model["trees"]:
        for k, nodes in enumerate(iteration):
            node = nodes[0]
            while node[0] >= 0:
                value = 1.0 if node[0] in present else 0.0
                node = nodes[node[2] if value <= node[1] else node[3]]
            scores[k] += node[4]
    return scores


def is_turned_down(ent: Span) -> bool:
    return (ent._.rule or "").startswith(REJECTED_PREFIX)


def relabel(doc: Doc, decided: list[str | None]) -> Doc:
    """`doc` with each entity given the label decided for it (None: dropped); a changed or
    accepted span's rule gets `+classifier`."""
    kept: list[Span] = []
    changed = False
    for ent, label in zip(doc.ents, decided, strict=True):
        if label is None:
            changed = True
        elif label != ent.label_ or is_turned_down(ent):
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
