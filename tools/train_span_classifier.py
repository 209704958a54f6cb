#!/usr/bin/env python3
"""Train the span classifier on the development gold files; measure it leave-one-report-out.

    python tools/train_span_classifier.py --loo      # LOO table: rules alone vs rules + classifier
    python tools/train_span_classifier.py --write    # train on every development report, write
                                                     # pipeline/nlp/data/span_classifier.json
                                                     # (or --out PATH)

Development reports: the first report, the three held-out reports and the real-text development
reports (tests/data/real/reports/*). The sealed reports (`sealed: true` in their report.json, and
the names in SEALED whatever their config says) are never read here.

Candidates: the pipeline's entities after `actor_phrases` (the rules' output, unchanged), plus the
noun phrases `actor_phrases` turns down where they overlap no entity, added as the classifier adds
them in the pipeline (`span_classifier.with_turned_down`). The classifier judges the candidates whose rule
it is configured to judge (pipeline/nlp/span_classifier.py); dropping every `candidate_` span and
keeping the rest gives the rules' output exactly, so "rules alone" is the plain pipeline.

Targets: per section, a candidate takes the label of the gold mention it pairs with as the scorer
pairs them (pipeline.matching.lenient_pairs, its own label first, then any other label), else NONE.

Scores: each report's entity rows are the rules' rows with the judged candidates' rows as the
classifier decides, scored as pipeline.evaluate scores them (micro tp / fp / fn, strict and
lenient); `--loo` checks both columns of every report against a run of the components themselves.
The table's pooled row sums tp / fp / fn over the reports.

The component is not in the default pipeline (pipeline/nlp/pipeline.cfg): leave-one-report-out it
has not beaten the rules alone (README, "How well it works"), and without the model file
(`pipeline/nlp/data/span_classifier.json`, not shipped) it changes nothing.

Model selection is nested: for each held-out report, the inverse regularisation C and the
probability a change needs (`min_probability`) are chosen by an inner leave-one-report-out over
the other reports only (pooled strict + lenient micro-F1 of the inner held-out reports; ties go to
the more conservative setting), then a model trained on all the other reports with that choice
scores the held-out report. `--write` makes the same choice over all reports. Training is
deterministic (lbfgs, sorted features, weights rounded to 6 places): the same input gives the same
JSON.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from score_reports import known_reports  # noqa: E402
from spacy.tokens import Doc  # noqa: E402

from pipeline import extract  # noqa: E402
from pipeline.evaluate import LABELS, Gold, evaluate, load_gold, section_key, summary  # noqa: E402
from pipeline.extract import BODY  # noqa: E402
from pipeline.matching import fold_text, lenient_pairs, strict_pairs  # noqa: E402
from pipeline.nlp import build_nlp  # noqa: E402
from pipeline.nlp.actor_phrases import REJECTED_PREFIX  # noqa: E402
from pipeline.nlp.blocks import annotate_texts  # noqa: E402
from pipeline.nlp.span_classifier import (  # noqa: E402
    MODEL_RESOURCE, NONE_LABEL, SpanClassifier, span_features, with_turned_down)
from pipeline.pdf import parse_pdf  # noqa: E402
from pipeline.sections import split_sections  # noqa: E402

# Reports kept for measurement only: never trained or evaluated on here.
SEALED = frozenset({"real-sealed", "real-fresh", "real-fresh2"})
LATER = ("abbreviations", "actor_types", "obligations")
# The grids the nested leave-one-report-out chooses from.
C_GRID = (0.1, 0.3, 1.0)
MIN_PROBABILITY_GRID = (0.6, 0.75, 0.9)
# The candidates judged (rule prefixes): the noun phrases of actor_phrases, accepted or turned down.
JUDGED_RULES = ["actor_noun_", "candidate_"]
# Class weights of the training (None: each span as the reports weigh it).
CLASS_WEIGHT: str | None = None
# Features left out of training: the head's own lemma learns one report's words.
DROPPED_FEATURES = ("head_lemma=",)


@dataclass
class Report:
    name: str
    gold: Gold
    units: list[tuple[Any, Doc]]  # (section, candidate Doc) of each section body
    # The rules' entity rows with the keys (unit, start, end) of their spans, and per judged
    # candidate: its features, key, label, whether the rules turned it down, its row.
    base_rows: list[tuple[tuple[int, int, int], dict[str, str]]] = field(default_factory=list)
    judged: list[tuple[dict[str, float], tuple[int, int, int], str, bool, dict[str, str]]] = field(default_factory=list)


def development_reports() -> list[tuple[str, Path, Path]]:
    return [r for r in known_reports(include_sealed=False) if r[0] not in SEALED]


def collect(nlp, reports, classifier: SpanClassifier) -> list[Report]:
    """Per report: each section's Doc through `actor_phrases`, with the phrases it turns down
    added as the classifier adds them in the pipeline (`with_turned_down`); the rules' entity
    rows (the classifier without a model, then the later components); the judged candidates."""
    classifier.set_model(None)
    data = []
    for name, pdf, gold_path in reports:
        sections = split_sections(parse_pdf(pdf))
        with nlp.select_pipes(disable=[*LATER]):
            docs = list(annotate_texts(nlp, (s.text for s in sections)))
        report = Report(name, load_gold(gold_path), [])
        for u, (section, doc) in enumerate(zip(sections, docs)):
            doc = with_turned_down(doc, classifier.proposer)
            report.units.append((section, doc))
            base = classifier.judge(doc.copy())
            for pipe in LATER[:2]:
                base = nlp.get_pipe(pipe)(base)
            report.base_rows += [((u, r.start, r.end), as_row(r)) for r in extract.entity_records(section, base)]
            records = {(r.start, r.end): r for r in extract.entity_records(section, doc)}
            for ent in doc.ents:
                if classifier.judges(ent):
                    rejected = (ent._.rule or "").startswith(REJECTED_PREFIX)
                    report.judged.append((span_features(ent), (u, ent.start_char, ent.end_char), ent.label_, rejected,
                                          as_row(records[(ent.start_char, ent.end_char)])))
        data.append(report)
    return data


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


def counts(report: Report, classifier: SpanClassifier, model, min_probability: float) -> dict[str, tuple[int, int, int]]:
    """Entity tp / fp / fn (strict and lenient) of a report with the classifier set to `model`
    (None: rules alone): the rules' rows with each judged candidate's row as the classifier
    decides it (the later components add no judged span and relabel none)."""
    classifier.set_model(model)
    classifier.min_probability = min_probability
    judged_keys = {key for _, key, _, _, _ in report.judged}
    rows = [row for key, row in report.base_rows if key not in judged_keys]
    for features, _, label, rejected, row in report.judged:
        decided = classifier.decide(label, rejected, classifier.probabilities(features) if model else None)
        if decided is not None:
            rows.append({**row, "label": decided})
    return entity_counts(report.gold, rows)


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


def choose(reports: list[Report], per_report, classifier) -> tuple[float, float, float]:
    """(C, min_probability, inner pooled F1 gain) by leave-one-report-out over `reports` only;
    (0, 1.01, 0) — the rules alone — when no setting beats them."""
    base = {"strict": (0, 0, 0), "lenient": (0, 0, 0)}
    pooled: dict[tuple[float, float], dict[str, tuple]] = {}
    for inner in reports:
        others = {r.name: per_report[r.name] for r in reports if r is not inner}
        rows = [row for rs in others.values() for row in rs]
        b = counts(inner, classifier, None, 1.01)
        base = {k: add(base[k], b[k]) for k in base}
        for c in C_GRID:
            model = train(rows, report_weights(others), c)
            for p in MIN_PROBABILITY_GRID:
                got = counts(inner, classifier, model, p)
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
    parser.add_argument("--out", type=Path, default=ROOT / "pipeline/nlp" / MODEL_RESOURCE, help="where --write writes")
    args = parser.parse_args()
    nlp = build_nlp()
    classifier = SpanClassifier(nlp, "span_classifier", None, 0.5, JUDGED_RULES)
    data = collect(nlp, development_reports(), classifier)
    per_report = {r.name: targets(r, classifier) for r in data}
    if args.loo:
        print("report        candidates  chosen C / p   rules alone strict / lenient   + classifier strict / lenient")
        zero = (0, 0, 0)
        total_base, total_learned = {"strict": zero, "lenient": zero}, {"strict": zero, "lenient": zero}
        better = {"strict": 0, "lenient": 0}
        changes: Counter[tuple[str, bool]] = Counter()
        for held in data:
            rest = [r for r in data if r is not held]
            c, p, _ = choose(rest, per_report, classifier)
            model = None
            if c:
                others = {r.name: per_report[r.name] for r in rest}
                model = train([row for rs in others.values() for row in rs], report_weights(others), c)
            base, learned = counts(held, classifier, None, 1.01), counts(held, classifier, model, p)
            if (base, learned) != (full_counts(nlp, held, classifier, None, 1.01), full_counts(nlp, held, classifier, model, p)):
                raise SystemExit(f"{held.name}: the fast scores differ from the components' own run")
            for k in better:
                better[k] += f1(learned[k]) > f1(base[k])
            for (features, _, label, rejected, row), (_, target) in zip(held.judged, per_report[held.name]):
                decided = classifier.decide(label, rejected, classifier.probabilities(features) if model else None)
                if decided != (None if rejected else label):
                    change = "accepted" if rejected else ("dropped" if decided is None else "relabelled")
                    changes[(change, (decided or NONE_LABEL) == target)] += 1
            total_base = {k: add(total_base[k], base[k]) for k in base}
            total_learned = {k: add(total_learned[k], learned[k]) for k in learned}
            print(f"{held.name:14s} {len(per_report[held.name]):9d}  {c:5.2f} / {p:.2f}   "
                  f"{f1(base['strict']):.3f} / {f1(base['lenient']):.3f}                "
                  f"{f1(learned['strict']):.3f} / {f1(learned['lenient']):.3f}", flush=True)
        print(f"{'pooled':14s} {sum(map(len, per_report.values())):9d}                "
              f"{f1(total_base['strict']):.3f} / {f1(total_base['lenient']):.3f}                "
              f"{f1(total_learned['strict']):.3f} / {f1(total_learned['lenient']):.3f}")
        print("pooled tp / fp / fn: rules alone " + ", ".join(f"{k} {total_base[k]}" for k in ("strict", "lenient"))
              + "; + classifier " + ", ".join(f"{k} {total_learned[k]}" for k in ("strict", "lenient")))
        print("its changes (the label it gives = the gold target / not): " + ", ".join(
            f"{change} {changes[(change, True)]} / {changes[(change, False)]}"
            for change in ("accepted", "dropped", "relabelled")))
        print(f"the classifier beats the rules on {better['strict']} of {len(data)} reports (strict), "
              f"{better['lenient']} of {len(data)} (lenient)")
    if args.write:
        c, p, gain = choose(data, per_report, classifier)
        model = train([row for rs in per_report.values() for row in rs], report_weights(per_report), c or C_GRID[0])
        model["trained_on"] = sorted(per_report)
        model["min_probability"] = p  # 1.01 when no setting beat the rules: then it changes nothing
        model["inner_loo_gain"] = round(gain, 6)
        args.out.write_text(json.dumps(model, ensure_ascii=False, sort_keys=True) + "\n", "utf-8")
        print(f"wrote {args.out}: {len(model['features'])} features, {model['n_training_spans']} spans, "
              f"targets {model['targets']}, min_probability {p}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
