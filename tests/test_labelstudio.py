"""Gold through Label Studio (pipeline/labelstudio.py), without a Label Studio server.

A small report is typeset with tests/pdf_factory.py; its run folder is written by hand
(entities.csv, obligations.csv, manifest.json: the rows below, at the offsets where their
words stand in the parsed section text). The round trip copies each task's predictions to
its annotations, as an annotator accepting every pre-annotation would, and checks that
import-gold writes the rows back as gold lines that load_gold accepts. A hand-written
export in Label Studio's JSON format checks the reading order, the choice of annotation
and the error codes. tests/test_labelstudio_server.py repeats the round trip through a real
Label Studio.
"""

from __future__ import annotations

import copy
import hashlib
import json
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import pdf_factory as pf
from pipeline.cli import main
from pipeline.evaluate import load_gold
from pipeline.export import to_csv_bytes
from pipeline.extract import EntityRecord, ObligationRecord, columns
from pipeline.labelstudio import export_tasks, import_gold, read_export

REPORT = "made-up-prevention"
INTRO = "This made-up report compares how Iceland and Malta involve municipalities."
IS1 = "The Safer Communities Act requires municipalities to set up a prevention team."
IS2 = "Teachers can refer a pupil to the team in 2026."
MT1 = "Under the National Prevention Strategy, local councils must appoint a contact officer."
MT2 = "They may not share personal data without consent."

# (country, label, text, occurrence in its section): the run's body entities.
ENTITIES = [
    ("", "PLACE", "Iceland", 1),
    ("", "PLACE", "Malta", 1),
    ("", "ACTOR", "municipalities", 1),
    ("Iceland", "POLICY", "Safer Communities Act", 1),
    ("Iceland", "ACTOR", "municipalities", 1),
    ("Iceland", "ACTOR", "Teachers", 1),
    ("Iceland", "DATE", "2026", 1),
    ("Malta", "POLICY", "National Prevention Strategy", 1),
    ("Malta", "ACTOR", "local councils", 1),
    ("Malta", "ACTOR", "contact officer", 1),
]
# (country, bearer, bearer_text, deontic, trigger, aim, issuer, sentence): the run's obligations.
OBLIGATIONS = [
    ("Iceland", "municipalities", "municipalities", "obligation", "requires ... to", "set up a prevention team",
     "Safer Communities Act", IS1),
    ("Iceland", "Teachers", "Teachers", "permission", "can", "refer a pupil to the team", "", IS2),
    ("Malta", "local councils", "local councils", "obligation", "must", "appoint a contact officer",
     "National Prevention Strategy", MT1),
    ("Malta", "local councils", "They", "prohibition", "may not", "share personal data without consent",
     "National Prevention Strategy", MT2),
]


def _report() -> pf.Report:
    return pf.Report(
        title="Prevention in two made-up countries",
        blocks=(
            pf.Para(INTRO),
            pf.Heading("Iceland", country="Iceland", iso2="IS"),
            pf.Para(f"{IS1} {IS2}"),
            pf.Heading("Malta", country="Malta", iso2="MT"),
            pf.Para(f"{MT1} {MT2}"),
        ),
    )


def _nth(text: str, words: str, n: int) -> int:
    at = -1
    for _ in range(n):
        at = text.index(words, at + 1)
    return at


def make_run(root: Path) -> tuple[Path, Path]:
    """Typeset the report and write its run folder by hand; return (run folder, PDF)."""
    from pipeline.pdf import parse_pdf
    from pipeline.sections import split_sections

    pdf = root / f"{REPORT}.pdf"
    pf.build_report(_report(), pdf)
    texts = {s.country: s.text for s in split_sections(parse_pdf(pdf))}
    assert set(texts) == {"", "Iceland", "Malta"}, texts
    entity_rows: list[dict[str, Any]] = []
    for country, label, words, n in ENTITIES:
        start = _nth(texts[country], words, n)
        entity_rows.append({"country": country, "label": label, "text": words, "source": "body", "page": 1,
                            "actor_type": "local_authority" if words == "municipalities" else "",
                            "start": start, "end": start + len(words), "rule": "test"})
    # A footnote mention: not body text, so never a task's pre-annotation.
    entity_rows.append({"country": "Malta", "label": "ORG", "text": "Home Office", "source": "footnote", "page": 1,
                        "start": 0, "end": 11, "rule": "test", "footnote": 1})
    obligation_rows: list[dict[str, Any]] = []
    for country, bearer, bearer_text, deontic, trigger, aim, issuer, sentence in OBLIGATIONS:
        start = texts[country].index(sentence)
        obligation_rows.append({"country": country, "bearer": bearer, "bearer_text": bearer_text,
                                "deontic": deontic, "trigger": trigger, "aim": aim, "issuer": issuer,
                                "source": "body", "page": 1, "sentence": sentence,
                                "start": start, "end": start + len(sentence), "rule": "test"})
    run = root / "outputs" / REPORT
    run.mkdir(parents=True)
    (run / "entities.csv").write_bytes(to_csv_bytes(pd.DataFrame(entity_rows, columns=columns(EntityRecord))))
    (run / "obligations.csv").write_bytes(
        to_csv_bytes(pd.DataFrame(obligation_rows, columns=columns(ObligationRecord))))
    manifest = {"input": {"file": str(pdf), "sha256": hashlib.sha256(pdf.read_bytes()).hexdigest(), "pages": 1},
                "versions": {"pipeline": "9.9.9", "model": "en_test-1.0", "patterns": "abc123"}}
    (run / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    return run, pdf


def expected_entities() -> Counter[tuple[str, str, str]]:
    return Counter((country, label, text) for country, label, text, _ in ENTITIES)


def expected_obligations() -> Counter[tuple[str, ...]]:
    """The rows as gold: bearer_text only where it names a pronoun (it differs from the bearer)."""
    return Counter(
        (country, bearer, bearer_text if bearer_text != bearer else "", deontic, trigger, aim, issuer, sentence)
        for country, bearer, bearer_text, deontic, trigger, aim, issuer, sentence in OBLIGATIONS
    )


def gold_counters(path: Path) -> tuple[Counter[tuple[str, str, str]], Counter[tuple[str, ...]]]:
    gold = load_gold(path)
    entities = Counter((e.country, e.label, e.text) for e in gold.entities)
    obligations = Counter((o.country, o.bearer, o.bearer_text, o.deontic, o.trigger, o.aim, o.issuer,
                           o.sentence_quote) for o in gold.obligations)
    return entities, obligations


def accept_predictions(tasks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A Label Studio export in which every task's annotation is its prediction, unchanged."""
    exported = []
    for number, task in enumerate(tasks, start=1):
        result = copy.deepcopy(task["predictions"][0]["result"])
        exported.append({"id": number, "data": task["data"], "predictions": [],
                         "annotations": [{"id": 100 + number, "result": result, "was_cancelled": False,
                                          "ground_truth": False, "updated_at": "2026-12-03T10:00:00Z"}]})
    return exported


@pytest.fixture(scope="module")
def run_folder(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return make_run(tmp_path_factory.mktemp("ls"))


@pytest.fixture(scope="module")
def exported(run_folder: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    run, _ = run_folder
    to = tmp_path_factory.mktemp("tasks")
    assert main(["export-tasks", str(run), "--to", str(to)]) == 0
    return to


# --------------------------------------------------------------------------- export-tasks


def test_config_has_the_five_labels_the_statement_and_its_fields(exported: Path) -> None:
    root = ET.fromstring((exported / "config.xml").read_text("utf-8"))
    labels = {tag.get("name"): [label.get("value") for label in tag.iter("Label")] for tag in root.iter("Labels")}
    assert labels == {"entity": ["ORG", "POLICY", "ACTOR", "PLACE", "DATE"], "statement": ["OBLIGATION"]}
    choices = {tag.get("name"): [c.get("value") for c in tag.iter("Choice")] for tag in root.iter("Choices")}
    assert choices["deontic"] == ["obligation", "prohibition", "recommendation", "permission", "responsibility"]
    assert {"local_authority", "mayor", "police", "other"} <= set(choices["actor_type"])
    areas = [tag.get("name") for tag in root.iter("TextArea")]
    assert areas == ["bearer", "bearer_text", "trigger", "aim", "issuer"]
    assert all(tag.get("perRegion") == "true" for tag in [*root.iter("TextArea"), *root.iter("Choices")])
    assert [tag.get("value") for tag in root.iter("Text")] == ["$text"]


def test_one_task_per_section_with_the_data_to_map_back(exported: Path, run_folder: tuple[Path, Path]) -> None:
    _, pdf = run_folder
    tasks = json.loads((exported / "tasks.json").read_text("utf-8"))
    assert [t["data"]["country"] for t in tasks] == ["", "Iceland", "Malta"]
    assert [t["data"]["section"] for t in tasks] == [0, 1, 2]
    for task in tasks:
        data = task["data"]
        assert data["report"] == REPORT
        assert data["pdf_sha256"] == hashlib.sha256(pdf.read_bytes()).hexdigest()
        assert data["page_start"] == data["page_end"] == 1 and data["pages"] == [[0, 1]]
        (prediction,) = task["predictions"]
        assert prediction["model_version"] == "policy-pipeline 9.9.9 (en_test-1.0, patterns abc123)"
        for result in prediction["result"]:
            value = result["value"]
            if result["type"] == "labels":  # every span stands where its text is
                assert data["text"][value["start"]:value["end"]] == value["text"]
    iceland = tasks[1]["predictions"][0]["result"]
    spans = [(r["value"]["labels"][0], r["value"]["text"]) for r in iceland if r["type"] == "labels"]
    assert spans == [("POLICY", "Safer Communities Act"), ("ACTOR", "municipalities"), ("ACTOR", "Teachers"),
                     ("DATE", "2026"), ("OBLIGATION", IS1), ("OBLIGATION", IS2)]
    actor_types = [r["value"]["choices"] for r in iceland if r["from_name"] == "actor_type"]
    assert actor_types == [["local_authority"]]  # only the ACTOR row that has a type
    malta = json.dumps(tasks[2], ensure_ascii=False)
    assert "Home Office" not in malta  # footnote rows are not annotated


def test_round_trip_predictions_accepted_give_the_rows_as_gold(exported: Path, tmp_path: Path) -> None:
    tasks = json.loads((exported / "tasks.json").read_text("utf-8"))
    export = tmp_path / "export.json"
    export.write_text(json.dumps(accept_predictions(tasks)), "utf-8")
    gold = tmp_path / "annotations" / f"{REPORT}.jsonl"
    assert main(["import-gold", str(export), "--out", str(gold)]) == 0
    entities, obligations = gold_counters(gold)
    assert entities == expected_entities()
    assert obligations == expected_obligations()
    lines = [json.loads(line) for line in gold.read_text("utf-8").splitlines()]
    they = next(line for line in lines if line.get("bearer_text"))
    assert list(they) == ["type", "country", "bearer", "bearer_text", "deontic", "trigger", "aim", "issuer",
                          "sentence_quote"]
    assert they["bearer_text"] == "They" and they["bearer"] == "local councils"


def test_import_is_deterministic_whatever_the_order_of_tasks_and_results(exported: Path, tmp_path: Path) -> None:
    tasks = accept_predictions(json.loads((exported / "tasks.json").read_text("utf-8")))
    shuffled = [dict(t, annotations=[dict(t["annotations"][0], result=t["annotations"][0]["result"][::-1])])
                for t in reversed(tasks)]
    outputs = []
    for name, export in (("a", tasks), ("b", shuffled)):
        (tmp_path / f"{name}.json").write_text(json.dumps(export), "utf-8")
        import_gold(tmp_path / f"{name}.json", tmp_path / f"{name}.jsonl")
        outputs.append((tmp_path / f"{name}.jsonl").read_bytes())
    assert outputs[0] == outputs[1]


def test_export_tasks_defaults_and_no_predictions(run_folder: tuple[Path, Path], tmp_path: Path) -> None:
    run, _ = run_folder
    export_tasks(run)  # default destination: the run folder's labelstudio/
    assert (run / "labelstudio" / "tasks.json").is_file() and (run / "labelstudio" / "config.xml").is_file()
    summary = export_tasks(run, tmp_path, with_predictions=False)
    tasks = json.loads(summary.tasks_path.read_text("utf-8"))
    assert len(tasks) == 3 and all("predictions" not in t for t in tasks)
    first = (tmp_path / "tasks.json").read_bytes()
    export_tasks(run, tmp_path, with_predictions=False)
    assert (tmp_path / "tasks.json").read_bytes() == first


def test_export_tasks_refuses_another_pdf_or_a_run_without_manifest(run_folder: tuple[Path, Path], tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    run, _ = run_folder
    other = tmp_path / "other.pdf"
    pf.build_report(pf.Report(title="Another report", blocks=(pf.Para(INTRO),)), other)
    assert main(["export-tasks", str(run), "--pdf", str(other), "--to", str(tmp_path / "x")]) == 3
    assert "error [E032]" in capsys.readouterr().err and not (tmp_path / "x").exists()
    bare = tmp_path / "bare"
    bare.mkdir()
    for name in ("entities.csv", "obligations.csv"):
        (bare / name).write_bytes((run / name).read_bytes())
    assert main(["export-tasks", str(bare)]) == 3
    err = capsys.readouterr().err
    assert err.startswith("error [E010]") and "manifest.json" in err and len(err.splitlines()) == 1


@pytest.mark.parametrize("csv, row, words", [("entities.csv", 3, "Safer Communities Act"),
                                             ("obligations.csv", 1, "obligations.csv row 2")])
def test_export_tasks_refuses_rows_not_at_their_offsets(csv: str, row: int, words: str, run_folder: tuple[Path, Path],
                                                        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run, _ = run_folder
    moved = tmp_path / "moved"
    moved.mkdir()
    for name in ("entities.csv", "obligations.csv", "manifest.json"):
        (moved / name).write_bytes((run / name).read_bytes())
    frame = pd.read_csv(run / csv, dtype=str, keep_default_na=False)
    frame.loc[row, "start"] = str(int(frame.loc[row, "start"]) + 5)  # the row five characters late
    frame.to_csv(moved / csv, index=False)
    assert main(["export-tasks", str(moved)]) == 3
    err = capsys.readouterr().err
    assert "error [E032]" in err and words in err


# --------------------------------------------------------------------------- import-gold on a hand-written export

TEXT = "The Act requires mayors to open a helpline. They may not close it before 2027."


def _label(rid: str, control: str, start: int, end: int, label: str) -> dict[str, Any]:
    return {"id": rid, "from_name": control, "to_name": "text", "type": "labels", "origin": "manual",
            "value": {"start": start, "end": end, "text": TEXT[start:end], "labels": [label]}}


def _field(rid: str, control: str, start: int, end: int, **value: Any) -> dict[str, Any]:
    kind = "choices" if "choices" in value else "textarea"
    return {"id": rid, "from_name": control, "to_name": "text", "type": kind, "origin": "manual",
            "value": {"start": start, "end": end, **value}}


def hand_export() -> list[dict[str, Any]]:
    """Two annotations of one task as Label Studio exports them: a skipped one and the real one,
    its regions out of reading order, a relation, and a statement that quotes part of a sentence."""
    s1, s2 = (0, 43), (44, 78)
    result = [
        _label("Qx7", "statement", *s2, "OBLIGATION"),
        _field("Qx7", "deontic", *s2, choices=["prohibition"]),
        _field("Qx7", "bearer", *s2, text=["mayors"]),
        _field("Qx7", "bearer_text", *s2, text=["They"]),
        _field("Qx7", "trigger", *s2, text=["may not"]),
        _field("Qx7", "aim", *s2, text=["close it before 2027"]),
        _field("Qx7", "issuer", *s2, text=["Act"]),
        _label("Dt1", "entity", 73, 77, "DATE"),
        _label("kP2", "statement", *s1, "OBLIGATION"),
        _field("kP2", "deontic", *s1, choices=["obligation"]),
        _field("kP2", "bearer", *s1, text=["mayors"]),
        _field("kP2", "trigger", *s1, text=["requires ... to"]),
        _field("kP2", "aim", *s1, text=["open  a helpline\n"]),  # white space as typed
        _field("kP2", "issuer", *s1, text=["Act"]),
        _label("Ac3", "entity", 17, 23, "ACTOR"),
        _field("Ac3", "actor_type", 17, 23, choices=["mayor"]),
        _label("Po4", "entity", 4, 7, "POLICY"),
        {"from_id": "Ac3", "to_id": "kP2", "type": "relation", "direction": "right", "labels": []},
    ]
    data = {"text": TEXT, "report": "tiny", "country": "Norway", "section": 1}
    return [
        {"id": 7, "data": {"text": "Intro text.", "report": "tiny", "country": "", "section": 0},
         "annotations": [{"id": 3, "result": [], "was_cancelled": True}]},
        {"id": 8, "data": data, "annotations": [
            {"id": 4, "result": [_label("zz", "entity", 4, 7, "ORG")], "was_cancelled": False,
             "ground_truth": False, "updated_at": "2026-12-03T09:00:00Z"},
            {"id": 5, "result": result, "was_cancelled": False, "ground_truth": True,
             "updated_at": "2026-12-01T09:00:00Z"},
        ]},
    ]


def test_hand_written_export_gives_gold_lines_in_reading_order(tmp_path: Path,
                                                               caplog: pytest.LogCaptureFixture) -> None:
    export = tmp_path / "export.json"
    export.write_text(json.dumps(hand_export()), "utf-8")
    gold = tmp_path / "tiny.jsonl"
    summary = import_gold(export, gold)
    expected = [
        {"type": "entity", "country": "Norway", "label": "POLICY", "text": "Act"},
        {"type": "entity", "country": "Norway", "label": "ACTOR", "text": "mayors"},
        {"type": "obligation", "country": "Norway", "bearer": "mayors", "deontic": "obligation",
         "trigger": "requires ... to", "aim": "open a helpline", "issuer": "Act",
         "sentence_quote": "The Act requires mayors to open a helpline."},
        {"type": "entity", "country": "Norway", "label": "DATE", "text": "2027"},
        {"type": "obligation", "country": "Norway", "bearer": "mayors", "bearer_text": "They",
         "deontic": "prohibition", "trigger": "may not", "aim": "close it before 2027", "issuer": "Act",
         "sentence_quote": "They may not close it before 2027."},
    ]
    assert [json.loads(line) for line in gold.read_text("utf-8").splitlines()] == expected
    assert (summary.tasks, summary.entities, summary.obligations, summary.skipped) == (1, 3, 2, ["(introduction)"])
    assert any("[W007]" in r.getMessage() and "(introduction)" in r.getMessage() for r in caplog.records)
    load_gold(gold)


def _broken(change: str) -> Any:
    tasks = hand_export()
    result = tasks[1]["annotations"][1]["result"]
    if change == "not a list":
        return {"tasks": tasks}
    if change == "no task":
        return []
    if change == "no country in data":
        del tasks[1]["data"]["country"]
    elif change == "no deontic":
        result[:] = [r for r in result if r.get("from_name") != "deontic"]
    elif change == "no aim":
        result[:] = [r for r in result if r.get("from_name") != "aim"]
    elif change == "unknown label":
        result[7]["value"]["labels"] = ["PERSON"]
    elif change == "unknown control":
        result[7]["from_name"] = "ner"
    elif change == "two reports":
        tasks[0]["data"]["report"] = "other"
    elif change == "nothing annotated":
        tasks[1]["annotations"] = []
    return tasks


@pytest.mark.parametrize("change", ["not a list", "no task", "no country in data", "no deontic", "no aim",
                                    "unknown label", "unknown control", "two reports", "nothing annotated"])
def test_bad_export_is_E033_and_leaves_the_gold_file_alone(change: str, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    export = tmp_path / "export.json"
    export.write_text(json.dumps(_broken(change)), "utf-8")
    gold = tmp_path / "gold.jsonl"
    gold.write_text("earlier\n", "utf-8")
    assert main(["import-gold", str(export), "--out", str(gold)]) == 5
    err = capsys.readouterr().err
    assert err.startswith("error [E033]") and len(err.splitlines()) == 1
    assert gold.read_text("utf-8") == "earlier\n"
    assert not list(tmp_path.glob(".gold.jsonl.*"))  # no staged file left behind


def test_export_not_json_or_missing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    export = tmp_path / "export.json"
    export.write_text("[{", "utf-8")
    assert main(["import-gold", str(export), "--out", str(tmp_path / "g.jsonl")]) == 5
    assert capsys.readouterr().err.startswith("error [E033]")
    assert main(["import-gold", str(tmp_path / "none.json"), "--out", str(tmp_path / "g.jsonl")]) == 3
    assert capsys.readouterr().err.startswith("error [E001]")


def test_read_export_ignores_predictions() -> None:
    tasks = hand_export()
    tasks[1]["predictions"] = [{"model_version": "x", "result": [_label("p1", "entity", 44, 48, "ACTOR")]}]
    tasks[1]["annotations"] = tasks[1]["annotations"][1:]
    objects, _ = read_export_from(tasks)
    assert [o["text"] for o in objects if o["type"] == "entity"] == ["Act", "mayors", "2027"]


def read_export_from(tasks: list[dict[str, Any]]) -> tuple[list[dict[str, str]], Any]:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.json"
        path.write_text(json.dumps(tasks), "utf-8")
        return read_export(path)


@pytest.mark.slow
def test_round_trip_of_a_real_run_scores_one(nlp: Any, tmp_path: Path) -> None:
    """The pipeline's own run of the report, exported and accepted unchanged, is a gold file
    against which that run scores 1.0 everywhere: no row is lost, moved or altered on the way."""
    from pipeline.evaluate import evaluate_dir, summary
    from pipeline.runner import run_report

    pdf = tmp_path / f"{REPORT}.pdf"
    pf.build_report(_report(), pdf)
    run_report(pdf, out_root=tmp_path / "outputs", nlp=nlp)
    run = tmp_path / "outputs" / REPORT
    exported_tasks = export_tasks(run, tmp_path / "tasks", pdf=pdf)
    assert exported_tasks.obligations >= 3 and exported_tasks.entities >= 8
    tasks = json.loads(exported_tasks.tasks_path.read_text("utf-8"))
    (tmp_path / "export.json").write_text(json.dumps(accept_predictions(tasks)), "utf-8")
    gold = tmp_path / "gold.jsonl"
    imported = import_gold(tmp_path / "export.json", gold)
    assert (imported.entities, imported.obligations) == (exported_tasks.entities, exported_tasks.obligations)
    scores = summary(evaluate_dir(gold, run))
    for key in ("entities_strict", "obligations"):
        assert (scores[key]["precision"], scores[key]["recall"], scores[key]["f1"]) == (1.0, 1.0, 1.0), key
