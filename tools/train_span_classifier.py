#!/usr/bin/env python3
"""Train the span classifier on the development gold files; measure it leave-one-report-out.

    python tools/train_span_classifier.py --loo      # LOO table: rules alone vs rules + classifier
    python tools/train_span_classifier.py --write    # train on every development report, write
                                                     # pipeline/nlp/data/span_classifier.json
                                                     # (or --out PATH)

Reports: the test folds are the real-text reports (tests/data/real/reports/*: dev-a..dev-d and
the sealed reports whose sealed runs are done, FINISHED_SEALED); the first report and the three
held-out reports (TRAIN_ONLY, written by the rules' own team) are training data only. Never read:
a report folder in NEVER_READ (`fresh4`, a sealed test being written) and any report holding a
passage of tests/nlp/real_passages.py's SEALED that no finished sealed report holds.

    --judge PREFIXES   the rules judged (comma-separated prefixes; default the noun phrases)
    --model boosting   gradient-boosted trees instead of the logistic regression
    --cache DIR        keep each report's parsed Docs there (keyed by the PDF and the package's
                       files); --frozen-cache reuses them after the package changed (experiments)
    --as-before        without the name features (the component as first measured)
    --fixed C,P        --loo with one setting in every fold (a diagnostic, not nested)
    --no-extra         train on the real-text reports only

Candidates: the pipeline's entities after `actor_phrases` (the rules' output, unchanged), plus the
noun phrases `actor_phrases` turns down where they overlap no entity, added as the classifier adds
them in the pipeline (`span_classifier.with_turned_down`). The classifier judges the candidates whose rule
it is configured to judge (pipeline/nlp/span_classifier.py); dropping every `candidate_` span and
keeping the rest gives the rules' output exactly, so "rules alone" is the plain pipeline.

Targets: per section, a candidate takes the label of the gold mention it pairs with as the scorer
pairs them (pipeline.matching.lenient_pairs, its own label first, then any other label), else NONE.

Scores: each report's entity rows are the Docs with the classifier's decisions applied, run
through the later components (`abbreviations` gives a long form's label to its short forms, so a
decision on a name can change other rows), scored as pipeline.evaluate scores them (micro tp / fp
/ fn, strict and lenient); `--loo` checks both columns of every report against a run of the
components themselves.
The table's pooled row sums tp / fp / fn over the reports.

The component is not in the default pipeline (pipeline/nlp/pipeline.cfg): leave-one-report-out it
has not beaten the rules alone (README, "How well it works"), and without the model file
(`pipeline/nlp/data/span_classifier.json`, not shipped) it changes nothing.

Model selection is nested: for each held-out report, the inverse regularisation C (or the
boosting's rounds) and the probability a change needs (`min_probability`) are chosen by an inner
leave-one-report-out over the other test reports only, trained each time on all the other
reports (pooled strict + lenient micro-F1 of the inner held-out reports; ties go to the more
conservative setting), then a model trained on all the other reports with that choice
scores the held-out report. `--write` makes the same choice over all reports. Training is
deterministic (lbfgs, sorted features, weights rounded to 6 places): the same input gives the same
JSON.
"""
from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import pickle
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from score_reports import known_reports  # noqa: E402
from spacy.tokens import Doc, DocBin  # noqa: E402

from pipeline import extract  # noqa: E402
from pipeline.evaluate import LABELS, Gold, evaluate, load_gold, section_key, summary  # noqa: E402
from pipeline.extract import BODY  # noqa: E402
from pipeline.matching import fold_text, lenient_pairs, strict_pairs  # noqa: E402
from pipeline.nlp import build_nlp  # noqa: E402
from pipeline.nlp.blocks import annotate_texts  # noqa: E402
from pipeline.nlp.span_classifier import (  # noqa: E402
    BOOSTED_TREES, MODEL_RESOURCE, NONE_LABEL, SpanClassifier, is_turned_down, relabel, span_features, with_turned_down)
from pipeline.pdf import parse_pdf  # noqa: E402
from pipeline.sections import split_sections  # noqa: E402

# Sealed reports whose sealed runs are done: development data now (report folder names).
FINISHED_SEALED = frozenset({"sealed", "fresh", "fresh2", "fresh3"})
# Report folders never read here, whatever their report.json says (a sealed test being written).
NEVER_READ = frozenset({"fresh4"})
# Reports that are training data only, never a test fold: written by the rules' own team.
TRAIN_ONLY = ("first", "heldout1", "heldout2", "heldout3")
LATER = ("abbreviations", "actor_types", "obligations")
# The model class (--model): "logistic" (the component's) or "boosting" (measured only).
MODEL_KIND = "logistic"
# The grids the nested leave-one-report-out chooses from: C of the logistic regression, rounds
# of the boosting.
C_GRID = (0.1, 0.3, 1.0)
ROUNDS_GRID = (50.0, 150.0)
MIN_PROBABILITY_GRID: tuple[float, ...] = (0.5, 0.6, 0.75, 0.9)
# The candidates judged (rule prefixes): the noun phrases of actor_phrases, accepted or turned down.
JUDGED_RULES = ["actor_noun_", "candidate_"]
# Class weights of the training (None: each span as the reports weigh it).
CLASS_WEIGHT: str | None = None
# Features left out of training: the head's own lemma learns one report's words.
DROPPED_FEATURES: tuple[str, ...] = ("head_lemma=",)
# The features `_name_features` adds (left out by --as-before, the component as it was measured before).
NAME_FEATURES = ("rule_exact=", "acronym_", "back_reference", "the_capitalised_alone", "pycountry=",
                 "capitalised_mid_sentence", "capitalised_with_lower_words", "title_case_sentence", "all_capitals")


@dataclass
class Report:
    name: str
    gold: Gold
    units: list[tuple[Any, Doc]]  # (section, candidate Doc) of each section body
    # Per judged candidate, in the order of the units' entities: its features, key (unit, start
    # char, end char), label, whether the rules turned it down, its row.
    judged: list[tuple[dict[str, float], tuple[int, int, int], str, bool, dict[str, str]]] = field(default_factory=list)
    # Entity tp / fp / fn (strict, lenient) per tuple of decisions on the judged candidates.
    scored: dict[tuple, dict[str, tuple[int, int, int]]] = field(default_factory=dict)


def sealed_passages() -> frozenset[str]:
    """tests/nlp/real_passages.py's SEALED: the passages no component may read."""
    spec = importlib.util.spec_from_file_location("real_passages", ROOT / "tests/nlp/real_passages.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return frozenset(module.SEALED)


def report_passages(folder: Path) -> set[str]:
    config = json.loads((folder / "report.json").read_text("utf-8"))
    return {pid for section in config.get("sections", []) for pid in section["passages"]}


def development_reports() -> list[tuple[str, Path, Path]]:
    return readable_reports(known_reports(include_sealed=True), ROOT / "tests/data/real/reports", sealed_passages())


def readable_reports(reports: list[tuple[str, Path, Path]], real: Path,
                     sealed: frozenset[str]) -> list[tuple[str, Path, Path]]:
    """`reports` except a real report (`real-<folder>`, folder under `real`) whose folder is in
    NEVER_READ, or that holds a `sealed` passage no finished sealed report (FINISHED_SEALED) holds."""
    finished: set[str] = set()
    for name in FINISHED_SEALED:
        if (real / name / "report.json").is_file():
            finished |= report_passages(real / name)
    unread = sealed - finished
    kept = []
    for name, pdf, gold in reports:
        folder = name.removeprefix("real-")
        if name.startswith("real-") and (folder in NEVER_READ or report_passages(real / folder) & unread):
            continue
        kept.append((name, pdf, gold))
    return kept


def collect(nlp, reports, classifier: SpanClassifier, cache: Path | None = None, frozen: bool = False) -> list[Report]:
    """Per report: each section's Doc through `actor_phrases`, with the phrases it turns down
    added as the classifier adds them in the pipeline (`with_turned_down`); the rules' entity
    rows (the classifier without a model, then the later components); the judged candidates."""
    classifier.set_model(None)
    data = []
    for name, pdf, gold_path in reports:
        sections, docs = parsed_sections(nlp, pdf, cache, frozen)
        report = Report(name, load_gold(gold_path), [])
        for u, (section, doc) in enumerate(zip(sections, docs)):
            doc = with_turned_down(doc, classifier.proposer)
            report.units.append((section, doc))
            records = {(r.start, r.end): r for r in extract.entity_records(section, doc)}
            for ent in doc.ents:
                if classifier.judges(ent):
                    report.judged.append((span_features(ent), (u, ent.start_char, ent.end_char), ent.label_,
                                          is_turned_down(ent), as_row(records[(ent.start_char, ent.end_char)])))
        data.append(report)
    return data


def package_key() -> str:
    """A hash of every file of the package (code, patterns, tables) but the model file."""
    digest = hashlib.sha256()
    for path in sorted((ROOT / "pipeline").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.name != Path(MODEL_RESOURCE).name:
            digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def parsed_sections(nlp, pdf: Path, cache: Path | None, frozen: bool = False) -> tuple[list, list[Doc]]:
    """The report's sections and their Docs through `actor_phrases` (the later components
    disabled), from `cache` when a parse of the same PDF by the same package is there (`frozen`:
    by any version of the package, the newest such parse: to compare experiments on one
    state of the rules while others change them)."""
    path = None
    if cache is not None:
        pdf_key = hashlib.sha256(pdf.read_bytes()).hexdigest()[:16]
        path = cache / f"{pdf.stem}-{pdf_key}-{package_key()}.pickle"
        earlier = sorted(cache.glob(f"{pdf.stem}-{pdf_key}-*.pickle"), key=lambda p: p.stat().st_mtime)
        if frozen and earlier:
            path = earlier[-1]
    if path is not None and path.is_file():
        sections, doc_bytes = pickle.loads(path.read_bytes())
        return sections, list(DocBin(store_user_data=True).from_bytes(doc_bytes).get_docs(nlp.vocab))
    sections = split_sections(parse_pdf(pdf))
    with nlp.select_pipes(disable=[*LATER]):
        docs = list(annotate_texts(nlp, (s.text for s in sections)))
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        doc_bytes = DocBin(store_user_data=True, docs=docs).to_bytes()
        path.write_bytes(pickle.dumps((sections, doc_bytes)))
        # A Doc read back must be the Doc parsed (its entities' rules are user data).
        back = list(DocBin(store_user_data=True).from_bytes(doc_bytes).get_docs(nlp.vocab))
        assert [[(e.start, e.end, e.label_, e._.rule) for e in d.ents] for d in back] == \
            [[(e.start, e.end, e.label_, e._.rule) for e in d.ents] for d in docs]
    return sections, docs


def as_row(record) -> dict[str, str]:
    return {k: str(v) for k, v in extract.as_rows([record])[0].items()}


def targets(report: Report, classifier: SpanClassifier) -> list[tuple[dict[str, float], str]]:
    """(features, target) of every judged candidate (module docstring: Targets)."""
    gold_by_section: dict[str, list[tuple[str, str]]] = {}
    for g in report.gold.entities:
        gold_by_section.setdefault(section_key(g.country), []).append((g.label, fold_text(g.text)))
    labels = []
    for section, doc in report.units:
        gold = gold_by_section.get(section_key(section.country), [])
        ents = list(doc.ents)
        target: dict[int, str] = {}
        for own_label_first in (True, False):
            for label in sorted({g for g, _ in gold}):
                g_texts = [t for g, t in gold if g == label]
                free = [k for k, e in enumerate(ents) if k not in target and (e.label_ == label or not own_label_first)]
                pairs = lenient_pairs(g_texts, [fold_text(ents[k].text) for k in free])
                for _, j in pairs:
                    target[free[j]] = label
                used = {gi for gi, _ in pairs}
                gold = [(g, t) for g, t in gold if g != label] + [(label, t) for i, t in enumerate(g_texts) if i not in used]
        labels += [target.get(k, NONE_LABEL) for k, ent in enumerate(ents) if classifier.judges(ent)]
    return [(features, label) for (features, *_), label in zip(report.judged, labels, strict=True)]


def train(rows, weights, c: float) -> dict[str, Any]:
    """The model of the kind chosen (MODEL_KIND) trained with complexity `c` (C, or rounds)."""
    return train_boosting(rows, weights, int(c)) if MODEL_KIND == "boosting" else train_logistic(rows, weights, c)


def train_boosting(rows, weights, rounds: int) -> dict[str, Any]:
    """Gradient-boosted trees (scikit-learn HistGradientBoostingClassifier, fixed seed, no early
    stopping: deterministic), written out as the component reads them (`span_classifier.tree_scores`:
    baseline and per tree its nodes [feature, threshold, left, right, value], values rounded to 9 places)."""
    vectorizer, model = fit_boosting(rows, weights, rounds)
    y = [t for _, t in rows]
    trees = [[[[int(n["feature_idx"]) if not n["is_leaf"] else -1, round(float(n["num_threshold"]), 9),
                int(n["left"]), int(n["right"]), round(float(n["value"]), 9)] for n in predictor.nodes]
              for predictor in iteration] for iteration in model._predictors]
    return {
        "algorithm": f"gradient-boosted trees (scikit-learn HistGradientBoostingClassifier, {rounds} rounds, "
                     "learning rate 0.1, 8 leaves, 10 spans a leaf, l2 1.0, seed 0)",
        "kind": BOOSTED_TREES,
        "classes": [str(k) for k in model.classes_],
        "features": [str(f) for f in vectorizer.get_feature_names_out()],
        "baseline": [round(float(b), 9) for b in model._baseline_prediction[0]],
        "trees": trees,
        "n_training_spans": len(rows),
        "targets": dict(sorted(Counter(y).items())),
    }


def fit_boosting(rows, weights, rounds: int):
    """(vectorizer, fitted HistGradientBoostingClassifier) of `train_boosting`."""
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.feature_extraction import DictVectorizer
    from threadpoolctl import threadpool_limits

    vectorizer = DictVectorizer(sort=True, sparse=False)
    X = vectorizer.fit_transform([{k: v for k, v in f.items() if not k.startswith(DROPPED_FEATURES)} for f, _ in rows])
    model = HistGradientBoostingClassifier(max_iter=rounds, learning_rate=0.1, max_leaf_nodes=8, min_samples_leaf=10,
                                           l2_regularization=1.0, early_stopping=False, random_state=0)
    with threadpool_limits(1):  # one thread: the same sums in the same order, run to run
        model.fit(X, [t for _, t in rows], sample_weight=weights)
    return vectorizer, model


def probabilities(classifier: SpanClassifier, model: dict[str, Any],
                  rows: list[dict[str, float]]) -> list[dict[str, float]]:
    """The component's class probabilities of each feature dict under `model`."""
    classifier.set_model(model)
    return [classifier.probabilities(f) for f in rows]


def train_logistic(rows, weights, c: float) -> dict[str, Any]:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = DictVectorizer(sort=True)
    X = vectorizer.fit_transform([{k: v for k, v in f.items() if not k.startswith(DROPPED_FEATURES)} for f, _ in rows])
    y = [t for _, t in rows]
    model = LogisticRegression(C=c, max_iter=5000, solver="lbfgs", class_weight=CLASS_WEIGHT)
    model.fit(X, y, sample_weight=weights)
    classes = [str(k) for k in model.classes_]
    coef = model.coef_ if len(classes) > 2 else [[-w for w in model.coef_[0]], list(model.coef_[0])]
    intercepts = model.intercept_ if len(classes) > 2 else [-model.intercept_[0], model.intercept_[0]]
    features = vectorizer.get_feature_names_out()
    return {
        "algorithm": f"multinomial logistic regression (scikit-learn LogisticRegression, lbfgs, C={c})",
        "classes": classes,
        "features": [str(f) for f in features],
        "coefficients": [[round(float(coef[k][j]), 6) for k in range(len(classes))] for j in range(len(features))],
        "intercepts": [round(float(b), 6) for b in intercepts],
        "n_training_spans": len(rows),
        "targets": dict(sorted(Counter(y).items())),
    }


def report_weights(per_report: dict[str, list]) -> list[float]:
    """Every report weighs the same in training, whatever its length (a long report would
    otherwise teach its own habits)."""
    weights: list[float] = []
    for rows in per_report.values():
        weights += [100.0 / max(len(rows), 1)] * len(rows)
    return weights


def counts(nlp, report: Report, classifier: SpanClassifier, model,
           min_probability: float) -> dict[str, tuple[int, int, int]]:
    """Entity tp / fp / fn (strict and lenient) of a report with the classifier set to `model`
    (None: rules alone): its decisions applied to each section's candidates, then the later
    components (`abbreviations` gives a long form's label to its short forms), scored as
    pipeline.evaluate pairs them; memoised per tuple of decisions (a grid repeats many)."""
    judged_probabilities = probabilities(classifier, model, [f for f, *_ in report.judged]) if model else None
    classifier.set_model(None)
    classifier.min_probability = min_probability
    decided = tuple(classifier.decide(label, rejected, judged_probabilities[k] if judged_probabilities else None)
                    for k, (_, _, label, rejected, _) in enumerate(report.judged))
    if decided not in report.scored:
        judged = iter(decided)
        rows = []
        for section, doc in report.units:
            doc = doc.copy()
            labels = [next(judged) if classifier.judges(ent)
                      else classifier.decide(ent.label_, is_turned_down(ent), None) for ent in doc.ents]
            doc = relabel(doc, labels)
            for pipe in LATER[:2]:
                doc = nlp.get_pipe(pipe)(doc)
            rows += [as_row(r) for r in extract.entity_records(section, doc)]
        report.scored[decided] = entity_counts(report.gold, rows)
    return report.scored[decided]


def entity_counts(gold: Gold, rows: list[dict[str, str]]) -> dict[str, tuple[int, int, int]]:
    """Micro tp / fp / fn of body entity rows against the gold, paired as pipeline.evaluate
    pairs them (per section and label, strict_pairs / lenient_pairs), without its intervals
    and error rows (checked equal to `evaluate` by `full_counts`)."""
    gold_groups: dict[tuple[str, str], list[str]] = {}
    for g in gold.entities:
        gold_groups.setdefault((section_key(g.country), g.label), []).append(fold_text(g.text))
    pred_groups: dict[tuple[str, str], list[str]] = {}
    for row in rows:
        if row.get("source", BODY).strip().casefold() == BODY and row["label"].strip() in LABELS:
            pred_groups.setdefault((section_key(row["country"]), row["label"].strip()), []).append(fold_text(row["text"]))
    out = {}
    for scheme, pairing in (("strict", strict_pairs), ("lenient", lenient_pairs)):
        tp = n_gold = n_pred = 0
        for key in set(gold_groups) | set(pred_groups):
            gold_texts, pred_texts = gold_groups.get(key, []), pred_groups.get(key, [])
            tp += len(pairing(gold_texts, pred_texts))
            n_gold += len(gold_texts)
            n_pred += len(pred_texts)
        out[scheme] = (tp, n_pred - tp, n_gold - tp)
    return out


def full_counts(nlp, report: Report, classifier: SpanClassifier, model,
                min_probability: float) -> dict[str, tuple[int, int, int]]:
    """As `counts`, through the components themselves (slow; checks `counts`)."""
    classifier.set_model(model)
    classifier.min_probability = min_probability
    rows = []
    for section, doc in report.units:
        doc = classifier.judge(doc.copy())
        for name in LATER[:2]:
            doc = nlp.get_pipe(name)(doc)
        rows += [as_row(r) for r in extract.entity_records(section, doc)]
    s = summary(evaluate(report.gold, rows, [], resamples=0))
    return {scheme: (int(s[f"entities_{scheme}"]["tp"] or 0), int(s[f"entities_{scheme}"]["fp"] or 0),
                     int(s[f"entities_{scheme}"]["fn"] or 0)) for scheme in ("strict", "lenient")}


def f1(tp_fp_fn) -> float:
    tp, fp, fn = tp_fp_fn
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def add(a, b):
    return tuple(x + y for x, y in zip(a, b))


def choose(nlp, reports: list[Report], per_report, classifier) -> tuple[float, float, float]:
    """(C, min_probability, inner pooled F1 gain) by leave-one-report-out over the test reports
    among `reports` (the training-only ones are always trained on), reading `reports` only;
    (0, 1.01, 0) — the rules alone — when no setting beats them."""
    base = {"strict": (0, 0, 0), "lenient": (0, 0, 0)}
    pooled: dict[tuple[float, float], dict[str, tuple]] = {}
    for inner in [r for r in reports if r.name not in TRAIN_ONLY]:
        others = {r.name: per_report[r.name] for r in reports if r is not inner}
        rows = [row for rs in others.values() for row in rs]
        b = counts(nlp, inner, classifier, None, 1.01)
        base = {k: add(base[k], b[k]) for k in base}
        for c in (ROUNDS_GRID if MODEL_KIND == "boosting" else C_GRID):
            model = train(rows, report_weights(others), c)
            for p in MIN_PROBABILITY_GRID:
                got = counts(nlp, inner, classifier, model, p)
                acc = pooled.setdefault((c, p), {"strict": (0, 0, 0), "lenient": (0, 0, 0)})
                pooled[(c, p)] = {k: add(acc[k], got[k]) for k in acc}
    base_score = f1(base["strict"]) + f1(base["lenient"])
    best = (0.0, 1.01, 0.0)
    for (c, p), got in sorted(pooled.items(), key=lambda kv: (-kv[0][1], kv[0][0])):  # conservative first
        gain = f1(got["strict"]) + f1(got["lenient"]) - base_score
        if gain > best[2] + 1e-9:
            best = (c, p, gain)
    return best


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--loo", action="store_true", help="nested leave-one-report-out table")
    parser.add_argument("--write", action="store_true", help="train on every development report, write the model file")
    parser.add_argument("--cache", type=Path, help="a folder to keep each report's parsed Docs in between runs")
    parser.add_argument("--frozen-cache", action="store_true",
                        help="reuse a cached parse made by another version of the package (comparing experiments)")
    parser.add_argument("--out", type=Path, default=ROOT / "pipeline/nlp" / MODEL_RESOURCE, help="where --write writes")
    parser.add_argument("--judge",
                        help="comma-separated rule prefixes to judge (default: " + ",".join(JUDGED_RULES) + ")")
    parser.add_argument("--model", choices=["logistic", "boosting"], default="logistic",
                        help="the model class: logistic regression or gradient-boosted trees")
    parser.add_argument("--fixed", type=lambda text: (*map(float, text.split(",")), 0.0),
                        help="--loo with this 'C,min_probability' in every fold (a diagnostic: not nested)")
    parser.add_argument("--no-extra", action="store_true",
                        help="train on the real reports only (not the first report and the held-out ones)")
    parser.add_argument("--as-before", action="store_true",
                        help="without the name features and the 0.5 threshold (the component as first measured)")
    parser.add_argument("--verbose", action="store_true", help="--loo: print every change it makes")
    args = parser.parse_args()
    global MODEL_KIND, DROPPED_FEATURES, MIN_PROBABILITY_GRID
    MODEL_KIND = args.model
    if args.as_before:
        DROPPED_FEATURES += NAME_FEATURES
        MIN_PROBABILITY_GRID = MIN_PROBABILITY_GRID[1:]
    judged_rules = args.judge.split(",") if args.judge else JUDGED_RULES
    print(f"judged rules: {', '.join(judged_rules)}; model: {MODEL_KIND}", flush=True)
    nlp = build_nlp()
    classifier = SpanClassifier(nlp, "span_classifier", None, 0.5, judged_rules)
    reports = [r for r in development_reports() if not (args.no_extra and r[0] in TRAIN_ONLY)]
    data = collect(nlp, reports, classifier, args.cache, args.frozen_cache)
    per_report = {r.name: targets(r, classifier) for r in data}
    print("reports: test folds " + ", ".join(r.name for r in data if r.name not in TRAIN_ONLY)
          + "; training only " + ", ".join(r.name for r in data if r.name in TRAIN_ONLY), flush=True)
    if args.loo:
        print("report        candidates  chosen C / p   rules alone strict / lenient   + classifier strict / lenient")
        zero = (0, 0, 0)
        total_base, total_learned = {"strict": zero, "lenient": zero}, {"strict": zero, "lenient": zero}
        better = {"strict": 0, "lenient": 0}
        worst = {"strict": 0.0, "lenient": 0.0}
        changes: Counter[tuple[str, bool]] = Counter()
        by_rule: dict[str, Counter[bool]] = defaultdict(Counter)
        folds = [r for r in data if r.name not in TRAIN_ONLY]
        for held in folds:
            rest = [r for r in data if r is not held]
            c, p, _ = args.fixed or choose(nlp, rest, per_report, classifier)
            model = None
            if c:
                others = {r.name: per_report[r.name] for r in rest}
                model = train([row for rs in others.values() for row in rs], report_weights(others), c)
            base, learned = counts(nlp, held, classifier, None, 1.01), counts(nlp, held, classifier, model, p)
            if (base, learned) != (full_counts(nlp, held, classifier, None, 1.01),
                                   full_counts(nlp, held, classifier, model, p)):
                raise SystemExit(f"{held.name}: the fast scores differ from the components' own run")
            for k in better:
                better[k] += f1(learned[k]) > f1(base[k])
                worst[k] = max(worst[k], f1(base[k]) - f1(learned[k]))
            held_probabilities = probabilities(classifier, model, [f for f, *_ in held.judged]) if model else None
            classifier.min_probability = p
            candidates = zip(held.judged, per_report[held.name])
            for n, ((features, _, label, rejected, row), (_, target)) in enumerate(candidates):
                decided = classifier.decide(label, rejected, held_probabilities[n] if held_probabilities else None)
                if decided != (None if rejected else label):
                    change = "accepted" if rejected else ("dropped" if decided is None else "relabelled")
                    changes[(change, (decided or NONE_LABEL) == target)] += 1
                    rule = next(name for name in features if name.startswith("rule_exact="))[len("rule_exact="):]
                    by_rule[rule][(decided or NONE_LABEL) == target] += 1
                    if args.verbose:
                        print(f"    {change}: {row['text']!r} {label} -> {decided or NONE_LABEL} (gold {target}; {rule})")
            total_base = {k: add(total_base[k], base[k]) for k in base}
            total_learned = {k: add(total_learned[k], learned[k]) for k in learned}
            print(f"{held.name:14s} {len(per_report[held.name]):9d}  {c:5.2f} / {p:.2f}   "
                  f"{f1(base['strict']):.4f} / {f1(base['lenient']):.4f}              "
                  f"{f1(learned['strict']):.4f} / {f1(learned['lenient']):.4f}   "
                  f"(lenient tp/fp/fn {base['lenient']} -> {learned['lenient']})", flush=True)
        print(f"{'pooled':14s} {sum(len(per_report[r.name]) for r in folds):9d}                "
              f"{f1(total_base['strict']):.4f} / {f1(total_base['lenient']):.4f}              "
              f"{f1(total_learned['strict']):.4f} / {f1(total_learned['lenient']):.4f}")
        print("pooled tp / fp / fn: rules alone " + ", ".join(f"{k} {total_base[k]}" for k in ("strict", "lenient"))
              + "; + classifier " + ", ".join(f"{k} {total_learned[k]}" for k in ("strict", "lenient")))
        print("its changes (the label it gives = the gold target / not): " + ", ".join(
            f"{change} {changes[(change, True)]} / {changes[(change, False)]}"
            for change in ("accepted", "dropped", "relabelled")))
        print("its changes by rule (right / wrong): " + ", ".join(
            f"{rule} {c[True]} / {c[False]}" for rule, c in sorted(by_rule.items())))
        print(f"the classifier beats the rules on {better['strict']} of {len(folds)} reports (strict), "
              f"{better['lenient']} of {len(folds)} (lenient); largest loss in a report "
              f"{worst['strict']:.4f} strict, {worst['lenient']:.4f} lenient")
    if args.write:
        c, p, gain = choose(nlp, data, per_report, classifier)
        default = ROUNDS_GRID[0] if MODEL_KIND == "boosting" else C_GRID[0]
        model = train([row for rs in per_report.values() for row in rs], report_weights(per_report), c or default)
        model["trained_on"] = sorted(per_report)
        model["judged_rules"] = judged_rules  # the component's `judged_rules` must be these
        model["min_probability"] = p  # 1.01 when no setting beat the rules: then it changes nothing
        model["inner_loo_gain"] = round(gain, 6)
        args.out.write_text(json.dumps(model, ensure_ascii=False, sort_keys=True) + "\n", "utf-8")
        print(f"wrote {args.out}: {len(model['features'])} features, {model['n_training_spans']} spans, "
              f"targets {model['targets']}, min_probability {p}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
