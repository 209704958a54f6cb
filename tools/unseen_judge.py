#!/usr/bin/env python3
"""A judge of predicted mentions trained on what the rules got wrong on text they had NOT seen.

    python tools/first_run_audit.py --rows first_run_rows.tsv
    python tools/unseen_judge.py --rows first_run_rows.tsv   # leave-one-first-run-out table

The rows (`--rows`) are `tools/first_run_audit.py --rows`: every mention predicted by a first run (code that
had never seen the report), right or wrong under the lenient and the strict scheme, with its
sentence, and the run's false negatives. The span classifier (pipeline/nlp/span_classifier.py)
learned from the current rules on the development reports, where the rules are right almost
always; this judge learns from the first runs instead, where one prediction in four is wrong.

Features (`span_classifier.version_free_features`): the span's features computed by the CURRENT
nlp on its sentence re-parsed alone (`locate` finds the span: the k-th row with the same sentence
and text is the k-th occurrence), without the rule's name and the head's lemma, which say which
code version proposed it or learn one report's words; the label proposed and whether the
statistical model proposed it stay.

Algorithm: logistic regression (scikit-learn, lbfgs) of P(wrong, lenient). A mention is dropped
when P(wrong) >= t. Measured leave-one-first-run-out: trained on three first runs, it judges the
fourth; C and t are chosen inside the training runs only (an inner leave-one-run-out over the
three, pooled strict + lenient F1 of their out-of-fold decisions; ties go to the higher t, then
the smaller C; t = 1.01 drops nothing). Baseline: drop every prediction of a (label, rule) whose
precision on the training runs is below 0.5. Scores (`counts`): a dropped wrong mention is one
false positive fewer, a dropped right one a true positive fewer and a false negative more; the
run's own false negatives stay.

Variants (README, "How well it works"): `--model boosting` (gradient-boosted trees, rounds for C),
`--with-rule` (the rule's name too), `--judged-below P` (only rows of a (label, rule) less precise
than P on the training runs may be dropped), `--context document` (features from each report parsed
now, section by section, so that long forms and longer names elsewhere are seen; a row whose
sentence the current parse lacks falls back to its sentence alone).

Result (2026-12-03): no variant beats the rules alone on 3 of the 4 held-out first runs, so the
judge was not applied to the development reports and is not in the pipeline. Development only:
nothing here is imported by the pipeline.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, Iterable

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

C_GRID = (0.1, 0.3, 1.0)
# 1.01: drop nothing (a judge that does not help on the training runs changes nothing).
THRESHOLD_GRID = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)
SCHEMES = ("lenient", "strict")
# Report folders never read (a sealed test being written).
NEVER_READ = frozenset({"fresh4"})


def locate(sentence: str, text: str, occurrence: int) -> tuple[int, int] | None:
    """Character offsets of the `occurrence`-th (0-based) `text` in `sentence`, the last one
    when there are fewer, None when it is not there."""
    found: list[int] = []
    at = sentence.find(text)
    while at >= 0 and text:
        found.append(at)
        at = sentence.find(text, at + 1)
    if not found:
        return None
    start = found[min(occurrence, len(found) - 1)]
    return start, start + len(text)


def occurrences(rows: pd.DataFrame) -> list[int]:
    """Per row, how many earlier rows of the same run have the same sentence and text."""
    seen: Counter[tuple[str, str, str]] = Counter()
    out = []
    for report, sentence, text in zip(rows["report"], rows["sentence"], rows["text"]):
        key = (report, sentence, text)
        out.append(seen[key])
        seen[key] += 1
    return out


def row_features(nlp, rows: pd.DataFrame) -> list[dict[str, float]]:
    """`version_free_features` of each row's span in its sentence parsed alone by `nlp`; a span
    not found in its sentence gets only its label and proposer."""
    from pipeline.nlp.span_classifier import version_free_features

    sentences = sorted(set(rows["sentence"]))
    disabled = [name for name in ("obligations",) if name in nlp.pipe_names]
    with nlp.select_pipes(disable=disabled):
        docs = dict(zip(sentences, nlp.pipe(sentences, batch_size=32)))
    features = []
    for (_, row), k in zip(rows.iterrows(), occurrences(rows)):
        doc = docs[row["sentence"]]
        where = locate(row["sentence"], row["text"], k)
        span = doc.char_span(*where, alignment_mode="expand") if where else None
        model = "model" if row["rule"].startswith("model_") else "rules"
        if span is None or len(span) == 0:
            features.append({f"label={row['label']}": 1.0, f"proposed_by={model}": 1.0, "unlocated": 1.0})
        else:
            features.append(version_free_features(span, row["label"], row["rule"]))
    return features


def report_pdf(name: str) -> Path:
    import json

    folder = ROOT / "tests/data/real/reports" / name
    assert name not in NEVER_READ
    return folder / json.loads((folder / "report.json").read_text("utf-8"))["producers"][0]["pdf"]


def find_in_sections(docs: list, row: dict[str, str], occurrence: int):
    """The row's span in the report's section Docs parsed now: at the row's own offsets when the
    section text there is the row's text and the sentence is the row's sentence, else the
    `occurrence`-th text in the first sentence equal (whitespace folded) to the row's; None when
    no sentence of the report is."""
    start, end = int(row["start"]), int(row["end"])
    matches = []
    for doc in docs:
        if doc.text[start:end] == row["text"]:
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None and " ".join(span.sent.text.split()) == row["sentence"]:
                return span
        matches += [sent for sent in doc.sents if " ".join(sent.text.split()) == row["sentence"]]
    for sent in matches:
        where = locate(sent.text, row["text"], occurrence)
        if where is not None:
            span = sent.doc.char_span(sent.start_char + where[0], sent.start_char + where[1], alignment_mode="expand")
            if span is not None and len(span):
                return span
    return None


def document_row_features(nlp, rows: pd.DataFrame, cache: Path | None) -> list[dict[str, float]]:
    """`version_free_features` of each row's span in its report parsed now, section by section
    (the span classifier's context: long forms of acronyms, longer names, the labels the current
    rules give the same head elsewhere); a row whose sentence the current parse does not have
    falls back to its sentence parsed alone (`row_features`)."""
    from pipeline.nlp.span_classifier import version_free_features
    from train_span_classifier import parsed_sections

    docs_cache = cache / "docs" if cache else None
    docs_of = {name: parsed_sections(nlp, report_pdf(name), docs_cache)[1] for name in sorted(set(rows["report"]))}
    features: list[dict[str, float] | None] = []
    for (_, row), k in zip(rows.iterrows(), occurrences(rows)):
        span = find_in_sections(docs_of[row["report"]], row, k)
        features.append(None if span is None else
                        {**version_free_features(span, row["label"], row["rule"]), "in_document": 1.0})
    missing = [i for i, f in enumerate(features) if f is None]
    if missing:
        alone = row_features(nlp, rows.iloc[missing].reset_index(drop=True))
        for i, f in zip(missing, alone):
            features[i] = f
    print(f"{len(rows) - len(missing)} of {len(rows)} rows found in their report parsed now", file=sys.stderr)
    return [f for f in features if f is not None]


def counts(rows: pd.DataFrame, dropped: Iterable[bool]) -> dict[str, tuple[int, int, int]]:
    """(tp, fp, fn) per scheme of one run's rows after dropping the rows marked True (module
    docstring); the run's own false negatives are its rows' `missed_<scheme>`."""
    drop = list(dropped)
    out = {}
    for scheme in SCHEMES:
        wrong = rows["wrong" if scheme == "lenient" else "wrong_strict"].tolist()
        kept_wrong = sum(w for w, d in zip(wrong, drop) if not d)
        kept_right = sum(1 - w for w, d in zip(wrong, drop) if not d)
        dropped_right = sum(1 - w for w, d in zip(wrong, drop) if d)
        missed = int(rows[f"missed_{scheme}"].iloc[0]) if len(rows) else 0
        out[scheme] = (kept_right, kept_wrong, missed + dropped_right)
    return out


def f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def pooled(per_run: Iterable[dict[str, tuple[int, int, int]]]) -> dict[str, tuple[int, int, int]]:
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for c in per_run:
        for scheme, values in c.items():
            totals[scheme] = [a + b for a, b in zip(totals[scheme], values)]
    return {scheme: (v[0], v[1], v[2]) for scheme, v in totals.items()}


def weak_rules(rows: pd.DataFrame, below: float = 0.5) -> set[tuple[str, str]]:
    """(label, rule) pairs whose lenient precision on `rows` is below `below` (the baseline)."""
    table = rows.groupby(["label", "rule"])["wrong"].agg(["size", "sum"])
    return {key for key, r in table.iterrows() if 1 - r["sum"] / r["size"] < below}


# The model (--model): "logistic" or "boosting" (scikit-learn HistGradientBoostingClassifier, C is
# then the number of rounds: BOOSTING_ROUNDS replaces C_GRID).
MODEL_KIND = "logistic"
BOOSTING_ROUNDS = (30.0, 100.0)
# --judged-below P: only the rows of a (label, rule) whose precision on the training runs is below P
# may be dropped (None: every row).
JUDGED_BELOW: float | None = None


def fit(features: list[dict[str, float]], wrong: list[int], c: float) -> Any:
    """(vectorizer, model): logistic regression of P(wrong), lbfgs, deterministic (or boosted
    trees with `c` rounds, seed 0, one thread: MODEL_KIND)."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    if MODEL_KIND == "boosting":
        from sklearn.ensemble import HistGradientBoostingClassifier
        from threadpoolctl import threadpool_limits

        vectorizer = DictVectorizer(sort=True, sparse=False)
        X = vectorizer.fit_transform(features)
        trees = HistGradientBoostingClassifier(max_iter=int(c), learning_rate=0.1, max_leaf_nodes=8,
                                               min_samples_leaf=10, l2_regularization=1.0, early_stopping=False,
                                               random_state=0)
        with threadpool_limits(1):
            trees.fit(X, wrong)
        return vectorizer, trees
    vectorizer = DictVectorizer(sort=True)
    X = vectorizer.fit_transform(features)
    model = LogisticRegression(C=c, max_iter=5000, solver="lbfgs")
    model.fit(X, wrong)
    return vectorizer, model


def complexity_grid() -> tuple[float, ...]:
    return BOOSTING_ROUNDS if MODEL_KIND == "boosting" else C_GRID


def p_wrong(fitted: Any, features: list[dict[str, float]]) -> list[float]:
    vectorizer, model = fitted
    column = list(model.classes_).index(1)
    return [float(p[column]) for p in model.predict_proba(vectorizer.transform(features))]


def choose(rows: pd.DataFrame, features: list[dict[str, float]],
           judged: list[bool] | None = None) -> tuple[float, float]:
    """(C, t) by leave-one-run-out over the runs of `rows` (module docstring); only rows marked
    in `judged` (default all) may be dropped."""
    judged = judged or [True] * len(rows)
    runs = sorted(set(rows["report"]))
    index = {run: [i for i, r in enumerate(rows["report"]) if r == run] for run in runs}
    out_of_fold: dict[float, list[float]] = {c: [0.0] * len(rows) for c in complexity_grid()}
    for c in complexity_grid():
        for run in runs:
            train = [i for i in range(len(rows)) if rows["report"].iloc[i] != run]
            fitted = fit([features[i] for i in train], [int(rows["wrong"].iloc[i]) for i in train], c)
            for i, p in zip(index[run], p_wrong(fitted, [features[i] for i in index[run]])):
                out_of_fold[c][i] = p
    best: tuple[float, float, float] | None = None
    for t in sorted(THRESHOLD_GRID, reverse=True):
        for c in complexity_grid():
            total = pooled(counts(rows.iloc[index[run]], [judged[i] and out_of_fold[c][i] >= t for i in index[run]])
                           for run in runs)
            score = sum(f1(*total[s]) for s in SCHEMES)
            if best is None or score > best[0] + 1e-12:
                best = (score, c, t)
    assert best is not None
    return best[1], best[2]


def leave_one_run_out(rows: pd.DataFrame, features: list[dict[str, float]]) -> pd.DataFrame:
    """Per first run and pooled: strict / lenient F1 of the run as it was, after the rule
    baseline, after the judge; with the C and t chosen and the mentions each drops."""
    runs = sorted(set(rows["report"]))
    table = []
    per: dict[str, list[dict[str, tuple[int, int, int]]]] = defaultdict(list)
    for run in runs:
        test = rows["report"] == run
        train_rows = rows[~test].reset_index(drop=True)
        train_features = [f for f, t in zip(features, test) if not t]
        test_rows = rows[test].reset_index(drop=True)
        test_features = [f for f, t in zip(features, test) if t]
        # Judged: every row, or (JUDGED_BELOW) the rows of a (label, rule) less precise than that
        # on the training runs: where the rules cannot decide.
        uncertain = weak_rules(train_rows, JUDGED_BELOW) if JUDGED_BELOW is not None else None
        judged_train = [uncertain is None or key in uncertain for key in zip(train_rows["label"], train_rows["rule"])]
        judged_test = [uncertain is None or key in uncertain for key in zip(test_rows["label"], test_rows["rule"])]
        c, t = choose(train_rows, train_features, judged_train)
        fitted = fit(train_features, train_rows["wrong"].tolist(), c)
        judge_drop = [j and p >= t for j, p in zip(judged_test, p_wrong(fitted, test_features))]
        weak = weak_rules(train_rows)
        rule_drop = [(label, rule) in weak for label, rule in zip(test_rows["label"], test_rows["rule"])]
        variants = {"rules": [False] * len(test_rows), "baseline": rule_drop, "judge": judge_drop}
        row: dict[str, Any] = {"run": run, "predicted": len(test_rows), "C": c, "t": t}
        for name, drop in variants.items():
            result = counts(test_rows, drop)
            per[name].append(result)
            row[f"{name}_strict"] = round(f1(*result["strict"]), 3)
            row[f"{name}_lenient"] = round(f1(*result["lenient"]), 3)
            if name != "rules":
                row[f"{name}_dropped"] = f"{sum(drop)} ({sum(w for w, d in zip(test_rows['wrong'], drop) if d)} wrong)"
        table.append(row)
    total: dict[str, Any] = {"run": "pooled", "predicted": len(rows), "C": "", "t": ""}
    for name, results in per.items():
        p = pooled(results)
        total[f"{name}_strict"] = round(f1(*p["strict"]), 3)
        total[f"{name}_lenient"] = round(f1(*p["lenient"]), 3)
        if name != "rules":
            total[f"{name}_dropped"] = ""
    table.append(total)
    return pd.DataFrame(table)


def cached_features(nlp_factory, rows: pd.DataFrame, cache: Path | None,
                    context: str = "sentence") -> list[dict[str, float]]:
    """`row_features` (`context` "sentence") or `document_row_features` ("document"), kept in
    `cache` keyed by the rows' content (parsing is the slow part)."""
    import hashlib

    content = rows[["report", "label", "rule", "text", "sentence"]].to_csv(index=False)
    key = hashlib.sha256(content.encode()).hexdigest()[:16]
    path = cache / f"features-{context}-{key}.json" if cache else None
    if path is not None and path.is_file():
        return json.loads(path.read_text("utf-8"))  # JSON, not pickle: the cache sits in a shared temporary folder
    if context == "document":
        features = document_row_features(nlp_factory(), rows, cache)
    else:
        features = row_features(nlp_factory(), rows)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(features), "utf-8")
    return features


def read_rows(path: Path) -> pd.DataFrame:
    rows = pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False)
    rows = rows[~rows["report"].isin(NEVER_READ)].reset_index(drop=True)
    for column in ("wrong", "wrong_strict", "missed_lenient", "missed_strict"):
        rows[column] = rows[column].astype(int)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=Path, required=True, help="tools/first_run_audit.py --rows output")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "judge", help="features kept here between runs")
    parser.add_argument("--model", choices=("logistic", "boosting"), default="logistic")
    parser.add_argument("--with-rule", action="store_true",
                        help="also the rule's name as a feature (names differ between code versions)")
    parser.add_argument("--context", choices=("sentence", "document"), default="sentence",
                        help="parse each row's sentence alone, or its report now (section by section)")
    parser.add_argument("--judged-below", type=float,
                        help="judge only rules less precise than this on the training runs")
    args = parser.parse_args()
    global MODEL_KIND, JUDGED_BELOW
    MODEL_KIND, JUDGED_BELOW = args.model, args.judged_below
    from pipeline.runner import get_nlp

    rows = read_rows(args.rows)
    features = cached_features(get_nlp, rows, args.cache, args.context)
    if args.with_rule:
        features = [{**f, f"rule={rule}": 1.0} for f, rule in zip(features, rows["rule"])]
    pd.set_option("display.width", 250)
    print(leave_one_run_out(rows, features).to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
