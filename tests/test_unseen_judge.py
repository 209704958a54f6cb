"""tools/unseen_judge.py: finding a row's span in its sentence, the counts after dropping rows, the
rule baseline, and the nested choice of the judge, on small hand-made rows (no nlp)."""
from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
import unseen_judge  # noqa: E402


def test_locate_takes_the_kth_occurrence_and_says_when_the_text_is_absent():
    sentence = "The Council and the Council's staff"
    assert unseen_judge.locate(sentence, "Council", 0) == (4, 11)
    assert unseen_judge.locate(sentence, "Council", 1) == (20, 27)
    assert unseen_judge.locate(sentence, "Council", 5) == (20, 27)  # fewer than asked: the last
    assert unseen_judge.locate(sentence, "Board", 0) is None


def test_occurrences_count_earlier_rows_of_the_same_run_sentence_and_text():
    rows = pd.DataFrame({"report": ["a", "a", "b", "a"], "sentence": ["s", "s", "s", "s"],
                         "text": ["X", "X", "X", "Y"]})
    assert unseen_judge.occurrences(rows) == [0, 1, 0, 0]


def run(wrong, wrong_strict, missed_lenient=3, missed_strict=5, report="r", labels=None, rules=None):
    n = len(wrong)
    return pd.DataFrame({"report": [report] * n, "label": labels or ["ORG"] * n, "rule": rules or ["r1"] * n,
                         "wrong": wrong, "wrong_strict": wrong_strict,
                         "missed_lenient": [missed_lenient] * n, "missed_strict": [missed_strict] * n})


def test_dropping_a_wrong_row_removes_a_false_positive_and_a_right_one_adds_a_false_negative():
    rows = run([0, 0, 1, 1], [0, 1, 1, 1])
    assert unseen_judge.counts(rows, [False] * 4) == {"lenient": (2, 2, 3), "strict": (1, 3, 5)}
    # Drop the second row (right leniently, wrong strictly) and the third (wrong in both).
    assert unseen_judge.counts(rows, [False, True, True, False]) == {"lenient": (1, 1, 4), "strict": (1, 1, 5)}
    assert unseen_judge.f1(2, 2, 3) == 4 / 9
    assert unseen_judge.f1(0, 1, 1) == 0.0


def test_pooled_sums_the_counts_of_the_runs():
    a = {"lenient": (1, 2, 3), "strict": (0, 3, 4)}
    b = {"lenient": (10, 0, 1), "strict": (9, 1, 2)}
    assert unseen_judge.pooled([a, b]) == {"lenient": (11, 2, 4), "strict": (9, 4, 6)}


def test_weak_rules_are_those_below_half_precision():
    rows = run([1, 1, 0, 0, 0, 1], [1] * 6, labels=["ORG"] * 3 + ["ACTOR"] * 3,
               rules=["model_ORG"] * 3 + ["actor_head"] * 3)
    assert unseen_judge.weak_rules(rows) == {("ORG", "model_ORG")}


def test_the_judge_learns_a_feature_that_marks_wrong_rows_and_drops_them_in_the_held_out_run():
    runs = []
    features = []
    for name in ("a", "b", "c", "d"):
        wrong = [1, 1, 0, 0, 0, 0, 0, 0]
        runs.append(run(wrong, wrong, report=name))
        features += [{"generic_word": 1.0} if w else {"named": 1.0} for w in wrong]
    rows = pd.concat(runs).reset_index(drop=True)
    table = unseen_judge.leave_one_run_out(rows, features)
    held_out = table[table["run"] == "a"].iloc[0]
    assert held_out["t"] < 1.01  # the judge was worth using on the training runs
    assert held_out["judge_dropped"] == "2 (2 wrong)"
    assert held_out["judge_lenient"] > held_out["rules_lenient"]
    pooled = table[table["run"] == "pooled"].iloc[0]
    assert pooled["judge_lenient"] == round(unseen_judge.f1(24, 0, 12), 3)


def test_a_judge_that_cannot_tell_drops_nothing():
    runs = []
    for name in ("a", "b", "c"):
        runs.append(run([1, 0, 0, 0], [1, 0, 0, 0], report=name))
    rows = pd.concat(runs).reset_index(drop=True)
    c, t = unseen_judge.choose(rows, [{"same": 1.0}] * len(rows))
    assert t == 1.01


def test_a_row_is_found_at_its_offsets_or_by_its_sentence_in_the_report_parsed_now():
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    docs = [nlp("Intro text here."), nlp("The Board met. The Board  decided, and the Board wrote.")]
    # At its own offsets (the second sentence's first `Board`).
    row = {"start": "19", "end": "24", "text": "Board", "sentence": "The Board decided, and the Board wrote."}
    span = unseen_judge.find_in_sections(docs, row, 0)
    assert (span.start_char, span.text, span.doc is docs[1]) == (19, "Board", True)
    # The parse moved the text: the occurrence-th `Board` of the sentence with that text.
    moved = {**row, "start": "0", "end": "5"}
    assert unseen_judge.find_in_sections(docs, moved, 1).start_char == 43
    assert unseen_judge.find_in_sections(docs, {**moved, "sentence": "Not in the report."}, 0) is None
