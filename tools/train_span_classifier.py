#!/usr/bin/env python3
"""Train the span classifier on the development gold files; measure it leave-one-report-out.

    python tools/train_span_classifier.py --loo      # LOO table: rules alone vs rules + classifier
    python tools/train_span_classifier.py --write    # train on every development report, write
                                                     # pipeline/nlp/data/span_classifier.json

The classifier is not in the default pipeline: leave-one-report-out, it scored below the rules
alone on every report (README, "How well it works"); this tool re-measures it as the corpus grows.

Development reports: the first report, the three held-out reports and the real-text development
reports (tests/data/real/reports/*, the sealed one excluded). Candidates are the spans the
classifier judges (pipeline/nlp/span_classifier.py), produced by the pipeline with the classifier
off and `actor_phrases` proposing the phrases its rules turn down. A candidate's target is the
label of a gold mention of its section whose text contains or is contained in it (case and
quotes folded), else NONE. The same input gives the same JSON (fixed solver, sorted features,
rounded weights).
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from score_reports import known_reports  # noqa: E402

from pipeline import extract  # noqa: E402
from pipeline.evaluate import evaluate, load_gold, summary  # noqa: E402
from pipeline.matching import fold_text as fold  # noqa: E402
from pipeline.nlp import build_nlp  # noqa: E402
from pipeline.nlp.span_classifier import MODEL_RESOURCE, NONE_LABEL, span_features  # noqa: E402
from pipeline.pdf import parse_pdf  # noqa: E402
from pipeline.sections import split_sections  # noqa: E402

C = 0.5  # inverse regularisation: a few hundred candidates per report, many sparse features
LATER = ("abbreviations", "actor_types", "obligations")


def proposing_nlp():
    """The configured pipeline with actor_phrases proposing its rejected phrases too."""
    cfg = (ROOT / "pipeline/nlp/pipeline.cfg").read_text("utf-8")
    cfg = cfg.replace('factory = "pipeline_actor_phrases"', 'factory = "pipeline_actor_phrases"\n\n[components.actor_phrases.config]\n'
                      'propose_rejected = true\n\n[components.span_classifier]\nfactory = "pipeline_span_classifier"', 1)
    cfg = cfg.replace('"actor_phrases", ', '"actor_phrases", "span_classifier", ', 1)
    path = Path(tempfile.mkdtemp()) / "pipeline.cfg"
    path.write_text(cfg, "utf-8")
    nlp = build_nlp(path)
    classifier = nlp.get_pipe("span_classifier")
    classifier.set_model(None)
    classifier.judged = tuple(os.environ.get("SPAN_JUDGED", "actor_noun_,candidate_").split(","))
    return nlp


def collect(nlp, reports):
    """Per report: its sections and docs up to (not through) the span classifier, and the gold."""
    data = []
    for name, pdf, gold_path in reports:
        sections = split_sections(parse_pdf(pdf))
        docs = list(nlp.pipe((s.text for s in sections), disable=["span_classifier", *LATER]))
        data.append((name, sections, docs, load_gold(gold_path)))
    return data


def targets(sections, docs, gold, classifier):
    """(features, target) of every judged span."""
    by_section: dict[str, list[tuple[str, str]]] = {}
    for g in gold.entities:
        by_section.setdefault(g.country, []).append((fold(g.text), g.label))
    rows = []
    for section, doc in zip(sections, docs):
        mentions = by_section.get(section.country, []) or by_section.get(section.country.removeprefix("The "), [])
        for ent in doc.ents:
            if not classifier.judges(ent):
                continue
            text = fold(ent.text)
            labels = [label for g, label in mentions if g and (g in text or text in g)]
            target = ent.label_ if ent.label_ in labels else (labels[0] if labels else NONE_LABEL)
            rows.append((span_features(ent), target))
    return rows


import os

# The measured setting: the head's own lemma left out (it learns one report's words), and only the
# noun phrases of actor_phrases judged (judging the model's labels too did worse).
DROP = tuple(filter(None, os.environ.get("SPAN_DROP_FEATURES", "head_lemma").split(",")))


def train(rows, weights=None):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = DictVectorizer(sort=True)
    X = vectorizer.fit_transform([{k: v for k, v in f.items() if not k.startswith(DROP)} if DROP else f for f, _ in rows])
    y = [t for _, t in rows]
    model = LogisticRegression(C=C, max_iter=5000, solver="lbfgs")
    model.fit(X, y, sample_weight=weights)
    classes = list(model.classes_)
    coef = model.coef_ if len(classes) > 2 else [[-w for w in model.coef_[0]], list(model.coef_[0])]
    intercepts = model.intercept_ if len(classes) > 2 else [-model.intercept_[0], model.intercept_[0]]
    features = vectorizer.get_feature_names_out()
    return {
        "algorithm": "multinomial logistic regression (scikit-learn LogisticRegression, lbfgs, C=%s)" % C,
        "classes": classes,
        "features": [str(f) for f in features],
        "coefficients": [[round(float(coef[k][j]), 6) for k in range(len(classes))] for j in range(len(features))],
        "intercepts": [round(float(b), 6) for b in intercepts],
        "n_training_spans": len(rows),
        "targets": dict(sorted(Counter(y).items())),
    }


REAL_WEIGHT = float(os.environ.get("SPAN_REAL_WEIGHT", "1"))


def report_weights(per_report):
    """Every report weighs the same in training, whatever its length (a long report would
    otherwise teach its own habits); real-text reports REAL_WEIGHT times more."""
    weights = []
    for name, rows in per_report.items():
        w = (REAL_WEIGHT if name.startswith("real") else 1.0) / max(len(rows), 1) * 100
        weights += [w] * len(rows)
    return weights


def score(nlp, sections, docs, gold, model):
    """Entity scores of a report with the classifier's weights set to `model` (None: rules alone)."""
    classifier = nlp.get_pipe("span_classifier")
    classifier.set_model(model)
    rows = []
    for section, doc in zip(sections, docs):
        doc = classifier(doc.copy())
        for name in LATER[:2]:
            doc = nlp.get_pipe(name)(doc)
        rows += [{k: str(v) for k, v in r.items()} for r in extract.as_rows(extract.entity_records(section, doc))]
    s = summary(evaluate(gold, rows, []))
    return s["entities_strict"]["f1"], s["entities_lenient"]["f1"], s["entities_lenient"].get("ACTOR_f1")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--loo", action="store_true")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    nlp = proposing_nlp()
    classifier = nlp.get_pipe("span_classifier")
    data = collect(nlp, known_reports(include_sealed=False))
    per_report = {name: targets(sections, docs, gold, classifier) for name, sections, docs, gold in data}
    if args.loo:
        print("report            rules alone (strict / lenient / ACTOR)   + classifier (strict / lenient / ACTOR)")
        for name, sections, docs, gold in data:
            others = {k: v for k, v in per_report.items() if k != name}
            rows = [r for rs in others.values() for r in rs]
            base = score(nlp, sections, docs, gold, None)
            learned = score(nlp, sections, docs, gold, train(rows, report_weights(others)))
            print(f"{name:16s}  " + " / ".join(f"{v:.3f}" for v in base) + "        " + " / ".join(f"{v:.3f}" for v in learned))
    if args.write:
        model = train([r for rs in per_report.values() for r in rs], report_weights(per_report))
        model["trained_on"] = sorted(per_report)
        path = ROOT / "pipeline/nlp" / MODEL_RESOURCE
        path.write_text(json.dumps(model, ensure_ascii=False, sort_keys=True) + "\n", "utf-8")
        print(f"wrote {path}: {len(model['features'])} features, {model['n_training_spans']} spans, targets {model['targets']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
