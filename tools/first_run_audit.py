#!/usr/bin/env python3
"""How precise each entity rule was on text it had never seen: the first runs, re-run.

    python tools/first_run_audit.py                  # table by label and rule, pooled over FIRST_RUNS
    python tools/first_run_audit.py --rows rows.tsv  # also every predicted mention, right or wrong
                                                     # (lenient and strict), its sentence and offsets,
                                                     # and the run's false negatives per scheme

Development scores say how well the rules fit the text they were written on; a sealed test's
first run says how well they carry to new text, but only in total. This tool re-runs each
recorded first run (FIRST_RUNS: the code of the commit the first run was made at, on the report
it had not seen then) in a `git archive` export of that commit, and counts per label and rule
(the entity table's `rule` column, up to its first `+`) how many of its predictions were wrong
under the lenient scheme. A rule that is right on the development reports but near a coin flip
here fits its examples, not the way reports are written.

Algorithm: for each first run, export the commit's tree (and the report's folder from the commit
that added it, when it came later, as dev-d did), run the pipeline in a child process with that
tree first on sys.path, and match each predicted body row (footnote mentions are not scored) to
the run's lenient and, separately, strict false positives by (label, text), one false positive per
row; every row also carries the run's false negatives per scheme, so that the rows of a run give
its F1 (tools/unseen_judge.py drops rows and re-scores them). Needs git and the repository's
history; development only, nothing here is imported by the pipeline.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent

# (commit of the first run, report folder, commit holding the report's folder if it came later)
FIRST_RUNS = [
    ("d2b3089", "dev-d", "98daac0"),
    ("47c603a", "fresh", None),
    ("89ec4e8", "fresh2", None),
    ("ec11347", "fresh3", None),
]

# Run inside the exported tree: every predicted entity with whether it is a lenient false positive.
CHILD = r'''
import collections, json, sys, tempfile
from pathlib import Path
import pandas as pd
sys.path.insert(0, ".")
import pipeline.runner as runner
folder = Path("tests/data/real/reports") / sys.argv[1]
pdf = folder / json.loads((folder / "report.json").read_text("utf-8"))["producers"][0]["pdf"]
kwargs = {"nlp": runner.get_nlp()} if hasattr(runner, "get_nlp") else {}
with tempfile.TemporaryDirectory() as tmp:
    runner.run_report(pdf, out_root=Path(tmp), gold_path=folder / "gold.jsonl", **kwargs)
    entities = pd.read_csv(Path(tmp) / pdf.stem / "entities.csv", dtype=str, keep_default_na=False)
    errors = pd.read_csv(Path(tmp) / pdf.stem / "errors.csv", dtype=str, keep_default_na=False)
entity_errors = errors[errors.task == "entities"]
unmatched = {scheme: collections.Counter(zip(wrong.label, wrong.predicted)) for scheme, wrong in
             ((s, entity_errors[(entity_errors.scheme == s) & (entity_errors.kind == "false_positive")])
              for s in ("lenient", "strict"))}
missed = {s: int(((entity_errors.scheme == s) & (entity_errors.kind == "false_negative")).sum())
          for s in ("lenient", "strict")}
rows = []
for _, row in entities.iterrows():
    if row.get("source", "body").strip().casefold() != "body":
        continue  # footnote mentions are not scored (pipeline.evaluate): neither right nor wrong
    key = (row["label"], row["text"])
    flags = {}
    for scheme in ("lenient", "strict"):
        flags[scheme] = unmatched[scheme][key] > 0
        unmatched[scheme][key] -= flags[scheme]
    rows.append({"label": row["label"], "rule": row.get("rule", "").split("+")[0], "text": row["text"],
                 "page": row.get("page", ""), "wrong": int(flags["lenient"]),
                 "wrong_strict": int(flags["strict"]), "sentence": row.get("sentence", ""),
                 "start": row.get("start", ""), "end": row.get("end", ""),
                 "missed_lenient": missed["lenient"], "missed_strict": missed["strict"]})
pd.DataFrame(rows).to_csv(sys.stdout, sep="\t", index=False)
'''


def export(commit: str, into: Path, paths: list[str] | None = None) -> None:
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", commit, *(paths or [])],
                             check=True, capture_output=True).stdout
    into.mkdir(parents=True, exist_ok=True)
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)


def first_run_rows(commit: str, folder: str, data_commit: str | None, tmp: Path) -> pd.DataFrame:
    tree = tmp / commit
    export(commit, tree)
    if data_commit:
        export(data_commit, tree, [f"tests/data/real/reports/{folder}"])
    out = subprocess.run([sys.executable, "-c", CHILD, folder], cwd=tree, check=True,
                         capture_output=True, text=True).stdout
    rows = pd.read_csv(pd.io.common.StringIO(out), sep="\t", dtype=str, keep_default_na=False)
    for column in ("wrong", "wrong_strict", "missed_lenient", "missed_strict"):
        rows[column] = rows[column].astype(int)
    rows.insert(0, "report", folder)
    rows.insert(1, "commit", commit)
    return rows


def by_rule(rows: pd.DataFrame) -> pd.DataFrame:
    """Predictions, wrong ones, reports fired on and precision per label and rule."""
    table = rows.groupby(["label", "rule"]).agg(predicted=("wrong", "size"), wrong=("wrong", "sum"),
                                                reports=("report", "nunique"))
    table["precision"] = (1 - table["wrong"] / table["predicted"]).round(2)
    return table.sort_values(["wrong", "predicted"], ascending=[False, False])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=Path, help="write every predicted mention here (TSV)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        rows = pd.concat([first_run_rows(commit, folder, data, Path(tmp)) for commit, folder, data in FIRST_RUNS])
    if args.rows:
        rows.to_csv(args.rows, sep="\t", index=False)
    pd.set_option("display.width", 200)
    print(by_rule(rows).to_string())
    totals = rows.groupby("label")["wrong"].agg(predicted="size", wrong="sum")
    totals["precision"] = (1 - totals["wrong"] / totals["predicted"]).round(3)
    print("\nby label:\n" + totals.to_string())
    return 0


if __name__ == "__main__":
    sys.exit(main())
