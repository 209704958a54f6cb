"""Gold through Label Studio: export a run as labeling tasks, import the annotations as a gold file.

`export_tasks` turns a run's output folder into a Label Studio labeling config
(`config.xml`) and a task list (`tasks.json`): one task per section of the
report, its body text exactly as the pipeline read it (re-parsed from the PDF
the run's manifest names, checked by SHA-256 and against every row's
offsets), with the run's body entities and obligations as pre-annotations
("predictions", tagged with the pipeline's version).

`import_gold` turns Label Studio's "JSON" export (a list of tasks, each with
`annotations: [{"result": [...]}]`) into the gold JSON Lines of
ANNOTATION_GUIDELINES.md, which `evaluate.load_gold` reads.

Annotation scheme (the labeling config):

- an entity is a span labelled ORG, POLICY, ACTOR, PLACE or DATE (control
  `entity`); an ACTOR span has a per-region actor-type choice, kept in Label
  Studio for the annotator and not written to the gold (the gold format has
  no such field);
- an obligation is a span labelled OBLIGATION (control `statement`) over the
  sentence, or a 30+ character piece of it, that states it: the span's text is
  the gold's `sentence_quote`. Its fields are per-region controls: a deontic
  class choice and text areas for bearer, bearer_text (the pronoun, when the
  bearer is resolved), trigger, aim and issuer. Text areas, not linked
  BEARER/TRIGGER/AIM spans, because the guidelines' fields are often no
  single span of the sentence: a split trigger (`requires ... to`), a resolved
  pronoun, a passive aim rewritten (`make referrals`), an issuer named in the
  sentence before.

Reading order of the gold lines: tasks in section order; inside a task, each
entity at its start offset, each obligation at the end of its span (so the
entity lines of a sentence come before its obligation lines, as the guide
asks); ties by span, label and fields. The same export gives the same bytes.
"""

from __future__ import annotations

import json
import logging
import os
import re
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .cache import file_sha256
from .errors import EXIT_GOLD, EXIT_INPUT, EXIT_OUTPUT, error, warning
from .evaluate import (
    DEONTICS,
    ENTITIES_CSV,
    LABELS,
    MIN_QUOTE_CHARS,
    OBLIGATIONS_CSV,
    BODY,
    load_gold,
    read_predictions,
)

logger = logging.getLogger(__name__)

# Names in the labeling config; import_gold reads results by these names.
TEXT_NAME = "text"
ENTITY_CONTROL = "entity"
STATEMENT_CONTROL = "statement"
STATEMENT_LABEL = "OBLIGATION"
ACTOR_TYPE_CONTROL = "actor_type"
DEONTIC_CONTROL = "deontic"
# Per-region text areas of a statement, in the order the annotator fills them.
FIELD_CONTROLS = ("bearer", "bearer_text", "trigger", "aim", "issuer")

CONFIG_FILE = "config.xml"
TASKS_FILE = "tasks.json"
DEFAULT_SUBDIR = "labelstudio"  # export_tasks writes into OUTDIR/labelstudio/ unless told
MANIFEST = "manifest.json"

ENTITY_ROW_COLUMNS = ("country", "label", "text", "actor_type", "source", "page", "start", "end")
OBLIGATION_ROW_COLUMNS = (
    "country", "bearer", "bearer_text", "deontic", "trigger", "aim", "issuer", "source", "page", "sentence", "start",
    "end",
)

# Highlight colours of the five labels (colour-blind safe, Okabe–Ito) and the statement span.
LABEL_COLOURS = {
    "ORG": "#0072B2", "POLICY": "#E69F00", "ACTOR": "#009E73", "PLACE": "#CC79A7", "DATE": "#56B4E9",
}
STATEMENT_COLOUR = "#D55E00"
LABEL_HINTS = {
    "ORG": "one specific, named organisation (ministry, agency, unit, named police force)",
    "POLICY": "one specific, named policy instrument (strategy, plan, programme, law, platform)",
    "ACTOR": "a type or role of actor with many instances (local authorities, police, schools)",
    "PLACE": "a named place: country, region, city, district",
    "DATE": "a year, or a month, season or decade of a year (minimal span)",
}
DEONTIC_HINTS = {
    "obligation": "imposes a duty: must, shall, is required to, requires X to",
    "prohibition": "forbids: must not, may not, is prohibited from",
    "recommendation": "asks without binding: should, is encouraged to, recommends that",
    "permission": "allows: can, may, is allowed to, enables X to",
    "responsibility": "assigns a task: is responsible for, is in charge of, is tasked with",
}
_SPACE = re.compile(r"\s+")


def _xml_attr(value: str) -> str:
    return (value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;"))


def labeling_config(actor_types: Sequence[str]) -> str:
    """The Label Studio labeling config (XML) of the annotation scheme in the module docstring."""
    entity_labels = "\n".join(
        f'    <Label value="{label}" background="{LABEL_COLOURS[label]}" hint="{_xml_attr(LABEL_HINTS[label])}"/>'
        for label in LABELS
    )
    actor_choices = "\n".join(f'      <Choice value="{_xml_attr(t)}"/>' for t in actor_types)
    deontic_choices = "\n".join(
        f'      <Choice value="{d}" hint="{_xml_attr(DEONTIC_HINTS[d])}"/>' for d in DEONTICS
    )
    placeholders = {
        "bearer": "bearer: the actor that must act, as written; a pronoun resolved",
        "bearer_text": "bearer_text: the pronoun the sentence uses, when the bearer is resolved (else empty)",
        "trigger": "trigger: the words carrying the deontic (should, requires ... to)",
        "aim": "aim: the action, from its verb to the end of its object",
        "issuer": "issuer: the instrument or authority imposing it, if named (else empty)",
    }
    text_areas = "\n".join(
        f'    <TextArea name="{name}" toName="{TEXT_NAME}" perRegion="true" editable="true" '
        f'maxSubmissions="1" rows="1" placeholder="{_xml_attr(placeholders[name])}"/>'
        for name in FIELD_CONTROLS
    )
    return f"""<View>
  <Style>.htx-text {{ white-space: pre-wrap; line-height: 1.6; }}</Style>
  <Header value="$heading"/>
  <Labels name="{ENTITY_CONTROL}" toName="{TEXT_NAME}" showInline="true">
{entity_labels}
  </Labels>
  <Labels name="{STATEMENT_CONTROL}" toName="{TEXT_NAME}" showInline="true">
    <Label value="{STATEMENT_LABEL}" background="{STATEMENT_COLOUR}" hint="the sentence (or a 30+ character piece of it) stating one obligation: one span per bearer and aim"/>
  </Labels>
  <Text name="{TEXT_NAME}" value="$text"/>
  <View visibleWhen="region-selected" whenTagName="{ENTITY_CONTROL}" whenLabelValue="ACTOR">
    <Header value="Actor type (kept in Label Studio; not part of the gold file)"/>
    <Choices name="{ACTOR_TYPE_CONTROL}" toName="{TEXT_NAME}" perRegion="true" choice="single" showInline="true">
{actor_choices}
    </Choices>
  </View>
  <View visibleWhen="region-selected" whenTagName="{STATEMENT_CONTROL}">
    <Header value="Obligation: deontic class and fields (annotations/GUIDE.md, section 3)"/>
    <Choices name="{DEONTIC_CONTROL}" toName="{TEXT_NAME}" perRegion="true" choice="single" showInline="true">
{deontic_choices}
    </Choices>
{text_areas}
  </View>
</View>
"""


# --------------------------------------------------------------------------- export


@dataclass
class ExportSummary:
    tasks: int
    entities: int
    obligations: int
    config_path: Path
    tasks_path: Path

    def __str__(self) -> str:
        return (
            f"{self.tasks} tasks (one per section), {self.entities} entity and {self.obligations} obligation "
            f"pre-annotations: {self.tasks_path}\nlabeling config: {self.config_path}"
        )


def _read_manifest(outdir: Path) -> dict[str, Any]:
    path = outdir / MANIFEST
    try:
        manifest = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise error("E010", EXIT_INPUT, path=f"{outdir} (no readable {MANIFEST}: {exc})") from exc
    if not isinstance(manifest, dict) or not isinstance(manifest.get("input"), dict):
        raise error("E010", EXIT_INPUT, path=f"{outdir} ({MANIFEST} names no input PDF)")
    return manifest


def _run_pdf(outdir: Path, named: str) -> Path:
    """The PDF a manifest names: as written (relative to the working directory the run had), else
    relative to the folder that holds `outputs/` (a run of `raw/x.pdf` from the project root)."""
    path = Path(named)
    if path.is_file() or path.is_absolute():
        return path
    beside = outdir.resolve().parent.parent / path
    return beside if beside.is_file() else path


def model_version(manifest: Mapping[str, Any]) -> str:
    """The pre-annotations' `model_version`: the pipeline, model and patterns that made them."""
    versions = manifest.get("versions") or {}
    return (
        f"policy-pipeline {versions.get('pipeline', '')} "
        f"({versions.get('model', '')}, patterns {versions.get('patterns', '')})"
    )


def _int(value: str, what: str, path: Path) -> int:
    try:
        return int(value)
    except ValueError as exc:
        raise error("E010", EXIT_INPUT, path=f"{path} (column {what}: {value!r} is no integer)") from exc


def _clean(text: str) -> str:
    """White space runs as one space, none at either end."""
    return _SPACE.sub(" ", text).strip()


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) without white space at either end."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _region(rid: str, control: str, kind: str, start: int, end: int, value: Mapping[str, Any]) -> dict[str, Any]:
    """One result of a Label Studio annotation or prediction: a span's label or one of its fields."""
    return {
        "id": rid,
        "from_name": control,
        "to_name": TEXT_NAME,
        "type": kind,
        "value": {"start": start, "end": end, **value},
    }


def export_tasks(
    outdir: str | Path,
    to: str | Path | None = None,
    *,
    pdf: str | Path | None = None,
    with_predictions: bool = True,
) -> ExportSummary:
    """Write `config.xml` and `tasks.json` for the run in `outdir` into `to` (default `outdir/labelstudio/`).

    The section texts are re-parsed from the run's PDF (`pdf`, else the manifest's
    input file); E032 if it is missing, differs from the run's (SHA-256) or its
    text does not hold a row at the row's offsets.
    """
    from .nlp.actor_types import load_taxonomy
    from .pdf import parse_pdf
    from .sections import split_sections

    outdir = Path(outdir)
    destination = Path(to) if to is not None else outdir / DEFAULT_SUBDIR
    entity_rows = read_predictions(outdir / ENTITIES_CSV, ENTITY_ROW_COLUMNS)
    obligation_rows = read_predictions(outdir / OBLIGATIONS_CSV, OBLIGATION_ROW_COLUMNS)
    manifest = _read_manifest(outdir)
    run_input = manifest["input"]
    pdf_path = Path(pdf) if pdf is not None else _run_pdf(outdir, str(run_input.get("file", "")))
    if not pdf_path.is_file():
        raise error("E032", EXIT_INPUT, path=outdir,
                    detail=f"the PDF the run read, {pdf_path}, is not found; give it with --pdf")
    if run_input.get("sha256") and file_sha256(pdf_path) != run_input["sha256"]:
        raise error("E032", EXIT_INPUT, path=outdir,
                    detail=f"{pdf_path} is not the PDF the run read (SHA-256 differs); give that PDF with --pdf or re-run")
    sections = split_sections(parse_pdf(pdf_path))
    by_country: dict[str, list[int]] = {}
    for index, section in enumerate(sections):
        by_country.setdefault(section.country, []).append(index)
    report = pdf_path.stem

    results: list[list[dict[str, Any]]] = [[] for _ in sections]
    counts = {"entities": 0, "obligations": 0}
    actor_types = list(load_taxonomy()["actor_types"])

    def section_of(row: Mapping[str, str], csv: str, number: int, holds: Callable[[str], bool]) -> int:
        """The index of the row's section: the first of its country whose text `holds` the row."""
        if row["country"] not in by_country:
            raise error("E032", EXIT_INPUT, path=outdir,
                        detail=f"{csv} names section {row['country']!r}, which {pdf_path} does not have; re-run")
        for index in by_country[row["country"]]:
            if holds(sections[index].text):
                return index
        raise error("E032", EXIT_INPUT, path=outdir, detail=(
            f"{csv} row {number} ({row.get('text') or row.get('sentence', '')[:60]!r}) is not at offsets "
            f"{row['start']}-{row['end']} of section {row['country'] or '(introduction)'} of {pdf_path}; "
            "re-run the pipeline on this PDF"))

    for number, row in enumerate(entity_rows, start=1):
        if row["source"] != BODY or row["label"] not in LABELS:
            continue  # footnotes are not annotated (guidelines); labels outside the five are not gold
        start, end = _int(row["start"], "start", outdir / ENTITIES_CSV), _int(row["end"], "end", outdir / ENTITIES_CSV)
        index = section_of(row, ENTITIES_CSV, number, lambda text: text[start:end] == row["text"])
        rid = f"e{number}"
        region = [_region(rid, ENTITY_CONTROL, "labels", start, end, {"text": row["text"], "labels": [row["label"]]})]
        if row["label"] == "ACTOR" and row["actor_type"] in actor_types:
            region.append(_region(rid, ACTOR_TYPE_CONTROL, "choices", start, end, {"choices": [row["actor_type"]]}))
        results[index].extend(region)
        counts["entities"] += 1

    for number, row in enumerate(obligation_rows, start=1):
        if row["source"] != BODY or row["deontic"] not in DEONTICS:
            continue
        row_start = _int(row["start"], "start", outdir / OBLIGATIONS_CSV)
        row_end = _int(row["end"], "end", outdir / OBLIGATIONS_CSV)
        sentence = _clean(row["sentence"])
        index = section_of(row, OBLIGATIONS_CSV, number,
                           lambda text: bool(sentence) and _clean(text[row_start:row_end]) == sentence)
        start, end = _trimmed(sections[index].text, row_start, row_end)
        quote = sections[index].text[start:end]
        rid = f"o{number}"
        region = [
            _region(rid, STATEMENT_CONTROL, "labels", start, end, {"text": quote, "labels": [STATEMENT_LABEL]}),
            _region(rid, DEONTIC_CONTROL, "choices", start, end, {"choices": [row["deontic"]]}),
        ]
        values = {name: row[name] for name in FIELD_CONTROLS}
        if values["bearer_text"] == values["bearer"]:
            values["bearer_text"] = ""  # the pipeline repeats the bearer; the gold names only a resolved pronoun
        region.extend(
            _region(rid, name, "textarea", start, end, {"text": [values[name]]})
            for name in FIELD_CONTROLS
            if values[name]
        )
        results[index].extend(region)
        counts["obligations"] += 1

    version = model_version(manifest)
    tasks = []
    for index, section in enumerate(sections):
        name = section.country or "(introduction)"
        task: dict[str, Any] = {
            "data": {
                TEXT_NAME: section.text,
                "heading": f"{report}: {name}, pages {section.page_start}-{section.page_end}",
                "report": report,
                "country": section.country,
                "iso2": section.iso2,
                "section": index,
                "page_start": section.page_start,
                "page_end": section.page_end,
                # (offset, page): the text from offset on stands on page; maps a span back to its page
                "pages": _page_changes(section.page_map, section.page_start),
                "pdf_sha256": run_input.get("sha256", ""),
            }
        }
        if with_predictions:
            task["predictions"] = [{"model_version": version, "result": results[index]}]
        tasks.append(task)
    if not with_predictions:
        counts = {"entities": 0, "obligations": 0}

    files = {
        CONFIG_FILE: labeling_config(actor_types).encode("utf-8"),
        TASKS_FILE: (json.dumps(tasks, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8"),
    }
    _write_files(destination, files)
    return ExportSummary(len(tasks), counts["entities"], counts["obligations"],
                         destination / CONFIG_FILE, destination / TASKS_FILE)


def _page_changes(page_map: Sequence[tuple[int, int]], first_page: int) -> list[list[int]]:
    """[offset, page] where the page changes, starting with [0, first page]."""
    changes = [[0, first_page]]
    for offset, page in page_map:
        if page != changes[-1][1]:
            changes.append([offset, page])
    return changes


def _write_files(destination: Path, files: Mapping[str, bytes]) -> None:
    """Write each file to a temporary name beside it, then rename all into place."""
    staged: list[tuple[Path, Path]] = []
    try:
        destination.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", dir=destination)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.chmod(tmp, 0o666 & ~_umask())
            staged.append((Path(tmp), destination / name))
        for tmp_path, final in staged:
            os.replace(tmp_path, final)
    except OSError as exc:
        for tmp_path, _ in staged:
            tmp_path.unlink(missing_ok=True)
        raise error("E011", EXIT_OUTPUT, path=destination, detail=exc.strerror or str(exc)) from exc


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


# --------------------------------------------------------------------------- import


@dataclass
class _Region:
    """One region of an annotation: its results grouped by region id."""

    rid: str
    start: int = -1
    end: int = -1
    text: str = ""
    labels: dict[str, list[str]] = field(default_factory=dict)  # control → labels
    choices: dict[str, list[str]] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)


@dataclass
class ImportSummary:
    path: Path
    tasks: int
    skipped: list[str]
    entities: int
    obligations: int

    def __str__(self) -> str:
        return (f"{self.entities} entities and {self.obligations} obligations from {self.tasks} annotated tasks "
                f"written to {self.path}")


def _bad(path: Path, detail: str) -> Exception:
    return error("E033", EXIT_GOLD, path=path, detail=detail)


def _chosen_annotation(task: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The annotation that is the task's gold: not cancelled (skipped); the one marked ground truth,
    else the last updated (then the highest id)."""
    annotations = [a for a in task.get("annotations") or [] if isinstance(a, Mapping) and not a.get("was_cancelled")]
    if not annotations:
        return None
    return max(annotations, key=lambda a: (bool(a.get("ground_truth")), str(a.get("updated_at") or ""),
                                           a.get("id") if isinstance(a.get("id"), int) else -1))


def _regions(path: Path, where: str, result: Any) -> list[_Region]:
    if not isinstance(result, list):
        raise _bad(path, f"{where}: 'result' must be a list")
    regions: dict[str, _Region] = {}
    for n, item in enumerate(result, start=1):
        if isinstance(item, Mapping) and item.get("type") == "relation":
            continue  # relations are not part of the scheme
        if not isinstance(item, Mapping) or not isinstance(item.get("value"), Mapping) or "id" not in item:
            raise _bad(path, f"{where}, result {n}: expected an object with an 'id' and a 'value' object")
        kind, control, value = item.get("type"), str(item.get("from_name", "")), item["value"]
        region = regions.setdefault(str(item["id"]), _Region(str(item["id"])))
        if isinstance(value.get("start"), int) and isinstance(value.get("end"), int):
            region.start, region.end = value["start"], value["end"]
        if kind == "labels":
            labels = value.get("labels")
            if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
                raise _bad(path, f"{where}, result {n}: 'labels' must be a list of strings")
            if control not in (ENTITY_CONTROL, STATEMENT_CONTROL):
                raise _bad(path, f"{where}, result {n}: labels from control {control!r}; expected "
                                 f"{ENTITY_CONTROL!r} or {STATEMENT_CONTROL!r} (the config of export-tasks)")
            if not isinstance(value.get("text"), str):
                raise _bad(path, f"{where}, result {n}: the region has no text (export with the text stored)")
            region.labels[control] = labels
            region.text = value["text"]
        elif kind == "choices":
            choices = value.get("choices")
            if not isinstance(choices, list) or not all(isinstance(x, str) for x in choices):
                raise _bad(path, f"{where}, result {n}: 'choices' must be a list of strings")
            region.choices[control] = choices
        elif kind == "textarea":
            text = value.get("text")
            if isinstance(text, str):
                text = [text]
            if not isinstance(text, list) or not all(isinstance(x, str) for x in text):
                raise _bad(path, f"{where}, result {n}: a text area's 'text' must be a list of strings")
            region.texts[control] = " ".join(text)
    return list(regions.values())


def _gold_lines(path: Path, where: str, country: str, regions: list[_Region]) -> list[tuple[tuple[Any, ...], dict[str, str]]]:
    """(sort key, gold object) for each labelled region of one annotation."""
    lines: list[tuple[tuple[Any, ...], dict[str, str]]] = []
    for region in regions:
        if not region.labels:
            continue  # a per-region field whose span lost its label: nothing to write
        at = f"{where}, region {region.rid} {region.text[:40]!r}"
        for label in region.labels.get(ENTITY_CONTROL, []):
            if label not in LABELS:
                raise _bad(path, f"{at}: unknown label {label!r}; expected one of {', '.join(LABELS)}")
            text = _clean(region.text)
            if not text:
                raise _bad(path, f"{at}: the {label} span holds no text")
            obj = {"type": "entity", "country": country, "label": label, "text": text}
            lines.append(((region.start, 1, region.end, LABELS.index(label), text), obj))
        for label in region.labels.get(STATEMENT_CONTROL, []):
            if label != STATEMENT_LABEL:
                raise _bad(path, f"{at}: unknown statement label {label!r}; expected {STATEMENT_LABEL}")
            deontic = region.choices.get(DEONTIC_CONTROL, [])
            if len(deontic) != 1 or deontic[0] not in DEONTICS:
                raise _bad(path, f"{at}: an {STATEMENT_LABEL} needs one deontic class of "
                                 f"{', '.join(DEONTICS)}, got {deontic or 'none'}")
            values = {name: _clean(region.texts.get(name, "")) for name in FIELD_CONTROLS}
            for name in ("bearer", "aim"):
                if not values[name]:
                    raise _bad(path, f"{at}: the {STATEMENT_LABEL} has no {name}; fill its text area")
            quote = _clean(region.text)
            obj = {"type": "obligation", "country": country, "bearer": values["bearer"]}
            if values["bearer_text"] and values["bearer_text"] != values["bearer"]:
                obj["bearer_text"] = values["bearer_text"]
            obj.update({"deontic": deontic[0], "trigger": values["trigger"], "aim": values["aim"],
                        "issuer": values["issuer"], "sentence_quote": quote})
            key = (region.end, 0, region.start, DEONTICS.index(deontic[0]), values["bearer"], values["aim"],
                   values["trigger"], values["issuer"], values["bearer_text"], quote)
            lines.append((key, obj))
    return lines


def read_export(path: str | Path) -> tuple[list[dict[str, str]], ImportSummary]:
    """The gold objects (in reading order) of a Label Studio JSON export, and what was read."""
    path = Path(path)
    if not path.is_file():
        raise error("E001", EXIT_INPUT, path=path)
    try:
        tasks = json.loads(path.read_bytes().decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise _bad(path, f"not a JSON file ({exc})") from exc
    if not isinstance(tasks, list):
        raise _bad(path, "expected a list of tasks (Label Studio's \"JSON\" export format), "
                         f"got {type(tasks).__name__}")
    if not tasks:
        raise _bad(path, "holds no task")
    keyed: list[tuple[tuple[Any, ...], str, Mapping[str, Any]]] = []
    reports: set[str] = set()
    for n, task in enumerate(tasks, start=1):
        where = f"task {task.get('id', n) if isinstance(task, Mapping) else n}"
        if not isinstance(task, Mapping) or not isinstance(task.get("data"), Mapping):
            raise _bad(path, f"{where}: expected an object with a 'data' object")
        data = task["data"]
        if not isinstance(data.get("country"), str) or not isinstance(data.get("report"), str):
            raise _bad(path, f"{where}: its data has no 'country' and 'report' (tasks from export-tasks)")
        if "annotations" in task and not isinstance(task["annotations"], list):
            raise _bad(path, f"{where}: 'annotations' must be a list")
        reports.add(data["report"])
        section = data.get("section")
        keyed.append(((section if isinstance(section, int) else n, n), where, task))
    if len(reports) > 1:
        raise _bad(path, f"holds tasks of several reports ({', '.join(sorted(reports))}); "
                         "export one project per report")
    objects: list[dict[str, str]] = []
    skipped: list[str] = []
    annotated = 0
    for _, where, task in sorted(keyed, key=lambda k: k[0]):
        data = task["data"]
        annotation = _chosen_annotation(task)
        if annotation is None:
            skipped.append(data["country"] or "(introduction)")
            continue
        annotated += 1
        regions = _regions(path, where, annotation.get("result", []))
        lines = _gold_lines(path, where, data["country"], regions)
        objects.extend(obj for _, obj in sorted(lines, key=lambda line: line[0]))
    if not objects:
        raise _bad(path, "no annotated entity or obligation in any task (nothing to write)")
    n_entities = sum(1 for o in objects if o["type"] == "entity")
    summary = ImportSummary(path, annotated, skipped, n_entities, len(objects) - n_entities)
    return objects, summary


def import_gold(export: str | Path, out: str | Path) -> ImportSummary:
    """Write the gold file `out` from the Label Studio JSON export `export`, checked by `load_gold`.

    Written to a temporary name and renamed, so a failure leaves an earlier file as it was.
    """
    objects, summary = read_export(export)
    out = Path(out)
    summary.path = out
    if summary.skipped:
        logger.warning(warning("W007", path=export, sections=", ".join(summary.skipped)))
    data = "".join(json.dumps(obj, ensure_ascii=False) + "\n" for obj in objects).encode("utf-8")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o666 & ~_umask())
    except OSError as exc:
        raise error("E011", EXIT_OUTPUT, path=out, detail=exc.strerror or str(exc)) from exc
    try:
        _validate(Path(tmp))  # the file must be one that run and evaluate accept
        os.replace(tmp, out)
    except OSError as exc:
        raise error("E011", EXIT_OUTPUT, path=out, detail=exc.strerror or str(exc)) from exc
    finally:
        Path(tmp).unlink(missing_ok=True)
    for number, obj in enumerate(objects, start=1):
        if obj["type"] == "obligation" and len(obj["sentence_quote"]) < MIN_QUOTE_CHARS:
            logger.warning(warning("W004", path=out, line=number, chars=MIN_QUOTE_CHARS))
    return summary


def _validate(path: Path) -> None:
    """load_gold on the staged file, its warnings silenced (they would name the temporary file;
    import_gold repeats them with the final name)."""
    gold_logger = logging.getLogger(load_gold.__module__)
    was_disabled = gold_logger.disabled
    gold_logger.disabled = True
    try:
        load_gold(path)
    finally:
        gold_logger.disabled = was_disabled
