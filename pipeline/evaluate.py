"""Score a run's entities and obligations against the hand-annotated gold file.

The rules are those of "The gold file" and "Scoring" in
ANNOTATION_GUIDELINES.md; this module is their executable form.

Folding. Texts are compared after `fold_text`: case-folded, curly quotes and
apostrophes made straight, white space collapsed, surrounding quotes removed.
"Contains" (lenient entities, bearers, issuers) means that the shorter folded
text occurs in the longer one **starting at a word boundary**, so `police` is
in `the police` and `SSP` in `SSPs`, but the pronoun `it` is not in
`municipality` nor `he` in `the police` (see `matching.occurs`).

Entities are matched per section (country) and label, as multisets. Strict:
equal folded texts, paired in order of appearance. Lenient: the strict pairs,
then the rest paired by containment with `matching.best_matching` (most
pairs, then the longest contained text, then the earliest gold and
prediction), so the result is reproducible and each gold or prediction is
used at most once. Folding, containment, token F1 and the pairing live in
`matching`; this module decides what is compared and builds the tables.

Obligations match when the section is the same, the folded gold
`sentence_quote` occurs in the folded predicted `sentence`, and the bearers
match leniently: the gold bearer (the resolved actor) against the predicted
bearer or, failing that, the predicted bearer_text. Two equal pronouns
(`they` / `they`) do not match: they say nothing about who must act. Among candidates `best_matching` prefers, in
order: most pairs, same deontic, highest aim token F1, earliest positions.

Only predicted rows with `source == "body"` are scored; footnotes are not in
the gold. CSV cells that the export neutralised for spreadsheets (a leading
`'` before `=`, `+`, `-`, `@`, tab or CR) are restored when read.

Metrics table (`Evaluation.to_frames()[0]`, long format), columns
`METRIC_COLUMNS`:

- `task`: `entities` or `obligations`.
- `scheme`: `strict` / `lenient` (entities), `match` (obligation matching),
  or a single-number metric: `deontic_accuracy`, `aim_token_f1`,
  `issuer_accuracy` (obligations, over matched pairs).
- `country`: `ALL` for the whole report, `(introduction)` for the
  introduction (whose country is "" in the gold and the CSVs), else the
  section's country as the gold (or, failing that, the run) spells it. Every
  section seen in the gold or the body predictions has rows for both tasks.
- `label`: an entity label or `micro` (micro-average over the five labels);
  `all` for obligations.
- `tp`, `fp`, `fn`, `support` (gold count): counts for P/R/F1 rows; for the
  single-number rows `support` is the number of pairs the number is computed
  over and `tp`/`fp`/`fn` are empty.
- `precision`, `recall`, `f1` (scikit-learn): empty for single-number rows,
  and empty where the measure has no support, rather than a conventional 0:
  precision when nothing was predicted (`tp + fp == 0`), recall when the gold
  has nothing (`tp + fn == 0`), F1 when both (`tp + fp + fn == 0`; otherwise
  F1 is `2tp / (2tp + fp + fn)`, 0 when `tp` is 0).
- `value`: the row's headline number, so the whole table pivots on one
  column: F1 for P/R/F1 rows, the accuracy or mean for the others (empty
  when `support` is 0: no pair to judge).
- `precision_low`, `precision_high`, `recall_low`, `recall_high`, `f1_low`,
  `f1_high`: a 95% confidence interval of each P/R/F1 row, by the percentile
  bootstrap over sentences (`bootstrap_prf`): the row's sentences are resampled
  with replacement `BOOTSTRAP_RESAMPLES` times (fixed seed), each resample's
  TP/FP/FN are the sums of its sentences' matched outcomes (the matching is
  not redone), and the interval runs from the 2.5th to the 97.5th percentile
  of the measure over the resamples where it is defined. The ALL rows resample
  the whole report's sentences, a country's rows that section's sentences. A
  prediction's unit is its sentence; a missed gold item's unit is the
  predicted sentence of its section that holds its text (entity) or quote
  (obligation), else an item of its own. Empty where the measure is, and for
  single-number rows. Counts (`tp`, `fp`, `fn`, `support`) are integers.

Row order: task (entities, obligations), scheme (in the order above),
country (`ALL`, `(introduction)`, then countries alphabetically), label
(ORG, POLICY, ACTOR, PLACE, DATE, micro, all). Pivot, e.g.:
`m[m.task == "entities"].pivot_table(index="country",
columns=["scheme", "label"], values="f1")`.

Errors table (`Evaluation.to_frames()[1]`), columns `ERROR_COLUMNS`: one row
per false positive and false negative of each scheme, and per matched
obligation pair whose deontic differs (`deontic_mismatch`) or whose issuer
is wrong where the gold names one (`issuer_mismatch`).

- `scheme`: `strict` / `lenient` for entities, `match` for obligations.
- `label`: the entity label, or the obligation's deontic (the gold's, the
  prediction's for a false positive).
- `gold`, `predicted`: the entity text; for obligations
  `bearer | deontic | aim`, with `| issuer: ...` added on issuer mismatches.
- `sentence`, `page`: the predicted sentence and its page. For a missed
  entity, the first predicted sentence of that section in which the gold
  text occurs (empty if none does); for a missed obligation, the gold
  `sentence_quote` and no page.

Row order: task, scheme, country (as above), page (unknown last), kind
(false_negative, false_positive, deontic_mismatch, issuer_mismatch), label,
gold, predicted, sentence.
"""

from __future__ import annotations

import json
import logging
import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import pandas as pd
from sklearn.metrics import accuracy_score, precision_recall_fscore_support

from .errors import EXIT_GOLD, EXIT_INPUT, error, warning
from .matching import (
    best_matching,
    fold_name,
    fold_text,
    lenient_match,
    lenient_pairs,
    occurs,
    strict_pairs,
    token_f1,
)
from .sections import heading_country
from .types import FORMULA_PREFIXES

logger = logging.getLogger(__name__)
_T = TypeVar("_T")

# Closed vocabularies of the guidelines.
LABELS = ("ORG", "POLICY", "ACTOR", "PLACE", "DATE")
DEONTICS = ("obligation", "prohibition", "recommendation", "permission", "responsibility")
ENTITY, OBLIGATION = "entity", "obligation"  # values of a gold line's "type"

# Fields a gold line must have (all strings); bearer_text is optional.
ENTITY_FIELDS = ("country", "label", "text")
OBLIGATION_FIELDS = ("country", "bearer", "deontic", "trigger", "aim", "issuer", "sentence_quote")
OPTIONAL_OBLIGATION_FIELDS = ("bearer_text",)
# Fields whose folded value must not be empty: an empty text would be
# "contained" in everything and match any prediction.
NON_EMPTY_FIELDS = ("text", "bearer", "aim", "sentence_quote")
# The guidelines ask for a quote of 30 characters or more so that it locates
# one sentence; a shorter one is accepted with a warning.
MIN_QUOTE_CHARS = 30

# Prediction files written by a run, and the columns read from them.
ENTITIES_CSV = "entities.csv"
OBLIGATIONS_CSV = "obligations.csv"
ENTITY_COLUMNS = ("country", "label", "text", "source", "page", "sentence")
OBLIGATION_COLUMNS = (
    "country", "bearer", "bearer_text", "deontic", "aim", "issuer", "source", "page", "sentence",
)
BODY = "body"  # the only `source` scored: footnotes are not in the gold
# The export neutralises a cell starting with one of these (=, +, -, @, tab,
# CR: spreadsheet formula injection) by a leading "'"; reading undoes it.
# Taken from the export so that the two never drift apart.
NEUTRALISED_STARTS = FORMULA_PREFIXES

# Values of the metrics and errors tables.
ENTITIES_TASK, OBLIGATIONS_TASK = "entities", "obligations"
STRICT, LENIENT, MATCH = "strict", "lenient", "match"
DEONTIC_ACCURACY, AIM_TOKEN_F1, ISSUER_ACCURACY = "deontic_accuracy", "aim_token_f1", "issuer_accuracy"
MICRO, ALL_LABELS = "micro", "all"
ALL_COUNTRIES = "ALL"
INTRODUCTION = "(introduction)"  # the introduction's country "" made readable
FALSE_POSITIVE, FALSE_NEGATIVE = "false_positive", "false_negative"
DEONTIC_MISMATCH, ISSUER_MISMATCH = "deontic_mismatch", "issuer_mismatch"
NO_LABEL = "O"  # the "nothing here" side of an aligned y_true/y_pred pair

INTERVAL_COLUMNS = ("precision_low", "precision_high", "recall_low", "recall_high", "f1_low", "f1_high")
METRIC_COLUMNS = (
    "task", "scheme", "country", "label",
    "tp", "fp", "fn", "support", "precision", "recall", "f1", "value", *INTERVAL_COLUMNS,
)
ERROR_COLUMNS = ("task", "scheme", "kind", "country", "label", "gold", "predicted", "sentence", "page")

# Sort orders of the tables (see the module docstring).
_TASK_ORDER = (ENTITIES_TASK, OBLIGATIONS_TASK)
_SCHEME_ORDER = (STRICT, LENIENT, MATCH, DEONTIC_ACCURACY, AIM_TOKEN_F1, ISSUER_ACCURACY)
_LABEL_ORDER = (*LABELS, MICRO, ALL_LABELS)
_KIND_ORDER = (FALSE_NEGATIVE, FALSE_POSITIVE, DEONTIC_MISMATCH, ISSUER_MISMATCH)

# Aim token F1 is rounded to this many steps when it ranks candidate pairs:
# finer differences are noise, and the matcher needs integer weights.
AIM_F1_STEPS = 1000
_SPACE = re.compile(r"\s+")  # white space run, collapsed in a displayed country name

# The bootstrap of the P/R/F1 intervals (see bootstrap_prf). 2,000 resamples put
# the Monte Carlo error of a 2.5% percentile well under the third decimal that
# the table shows for a report of a few hundred sentences; the seed makes the
# intervals reproducible (same input, byte-identical metrics.csv).
BOOTSTRAP_RESAMPLES = 2000
BOOTSTRAP_SEED = 20261203
CONFIDENCE = 0.95
_UNIT_SEPARATOR = "\x1f"  # joins section and sentence in a bootstrap unit's key

# Kept under the names they had before the matching code left this module (tests import them from here).
_occurs = occurs
_lenient = lenient_match


# --------------------------------------------------------------------------- records


@dataclass(frozen=True)
class GoldEntity:
    country: str
    label: str
    text: str
    line: int  # 1-based line of the gold file


@dataclass(frozen=True)
class GoldObligation:
    country: str
    bearer: str
    deontic: str
    trigger: str
    aim: str
    issuer: str
    sentence_quote: str
    line: int
    bearer_text: str = ""  # the pronoun, when `bearer` is its resolved actor


@dataclass
class Gold:
    entities: list[GoldEntity] = field(default_factory=list)
    obligations: list[GoldObligation] = field(default_factory=list)


@dataclass(frozen=True)
class MetricRow:
    """One row of the metrics table; see the module docstring for the columns."""

    task: str
    scheme: str
    country: str
    label: str
    tp: int | None
    fp: int | None
    fn: int | None
    support: int
    precision: float | None
    recall: float | None
    f1: float | None
    value: float | None
    precision_low: float | None = None
    precision_high: float | None = None
    recall_low: float | None = None
    recall_high: float | None = None
    f1_low: float | None = None
    f1_high: float | None = None


@dataclass(frozen=True)
class ErrorRow:
    """One row of the errors table; see the module docstring for the columns."""

    task: str
    scheme: str
    kind: str
    country: str
    label: str
    gold: str
    predicted: str
    sentence: str
    page: int | None


@dataclass
class Evaluation:
    metrics: list[MetricRow]
    errors: list[ErrorRow]

    def to_frames(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """(metrics, errors) as DataFrames with `METRIC_COLUMNS` / `ERROR_COLUMNS`, sorted."""
        metrics = pd.DataFrame(
            [asdict(r) for r in sorted(self.metrics, key=_metric_sort_key)],
            columns=list(METRIC_COLUMNS),
        )
        for col in ("tp", "fp", "fn", "support"):
            metrics[col] = metrics[col].astype("Int64")
        for col in ("precision", "recall", "f1", "value", *INTERVAL_COLUMNS):
            metrics[col] = metrics[col].astype("float64")
        errors = pd.DataFrame(
            [asdict(r) for r in sorted(self.errors, key=_error_sort_key)],
            columns=list(ERROR_COLUMNS),
        )
        errors["page"] = errors["page"].astype("Int64")
        return metrics, errors


# --------------------------------------------------------------------------- sections


def section_key(country: str) -> str:
    """The key sections are matched on: the ISO code when the name is a country's
    (`The Netherlands`, `Netherlands` and `NL` are one section), else the folded name."""
    named = heading_country(country) if country else None
    return named[1] if named else fold_text(country)


# --------------------------------------------------------------------------- gold


_JSON_TYPES = {dict: "an object", list: "an array", str: "a string", int: "a number",
               float: "a number", bool: "a boolean", type(None): "null"}


def _json_type(value: object) -> str:
    return _JSON_TYPES.get(type(value), type(value).__name__)


def load_gold(path: str | Path) -> Gold:
    """Read the gold JSONL file; raise E007 if it is missing, E006 naming the line if malformed."""
    path = Path(path)
    if path.is_dir():
        raise error("E017", EXIT_GOLD, path=path, what="a folder")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise error("E007", EXIT_GOLD, path=path) from exc
    if not data.strip():
        raise error("E017", EXIT_GOLD, path=path, what="empty")  # a score against nothing would read as 0
    gold = Gold()
    # Split on "\n" only: JSON strings may hold U+2028, which splitlines() would cut.
    for number, raw in enumerate(data.split(b"\n"), start=1):
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]  # a byte-order mark some editors write
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise _gold_error(path, number, f"not UTF-8 (byte {raw[exc.start]:#04x} "
                              f"at column {exc.start + 1}); save the file as UTF-8") from exc
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise _gold_error(path, number, f"not valid JSON: {exc.msg} at column {exc.colno}") from exc
        except RecursionError as exc:
            raise _gold_error(path, number, "nested too deeply to be a gold line") from exc
        except ValueError as exc:  # a number of thousands of digits (int parsing limit)
            raise _gold_error(path, number, f"not a usable JSON value: {exc}") from exc
        if "\\u" in line:  # only an escape can make a lone surrogate; it would fail writing errors.csv
            try:
                json.dumps(obj, ensure_ascii=False).encode("utf-8")
            except UnicodeEncodeError as exc:
                raise _gold_error(path, number, "holds a lone surrogate (\\ud800-\\udfff), which is no character") from exc
        if not isinstance(obj, dict):
            raise _gold_error(path, number, f"expected a JSON object, got {_json_type(obj)}")
        kind = obj.get("type")
        if kind is None:
            raise _gold_error(path, number, "missing field 'type' (\"entity\" or \"obligation\")")
        if kind == ENTITY:
            values = _gold_fields(path, number, obj, ENTITY_FIELDS, ())
            if values["label"] not in LABELS:
                raise _gold_error(path, number, f"unknown label {values['label']!r}; "
                                  f"expected one of {', '.join(LABELS)}")
            gold.entities.append(GoldEntity(line=number, **values))
        elif kind == OBLIGATION:
            values = _gold_fields(path, number, obj, OBLIGATION_FIELDS, OPTIONAL_OBLIGATION_FIELDS)
            if values["deontic"] not in DEONTICS:
                raise _gold_error(path, number, f"unknown deontic {values['deontic']!r}; "
                                  f"expected one of {', '.join(DEONTICS)}")
            if len(values["sentence_quote"]) < MIN_QUOTE_CHARS:
                logger.warning(warning("W004", path=path, line=number, chars=MIN_QUOTE_CHARS))
            gold.obligations.append(GoldObligation(line=number, **values))
        else:
            raise _gold_error(path, number, f"unknown type {kind!r}; expected \"entity\" or \"obligation\"")
    logger.debug("gold file %s: %d entities, %d obligations",
                 path, len(gold.entities), len(gold.obligations))
    return gold


def _gold_error(path: Path, line: int, detail: str) -> Exception:
    return error("E006", EXIT_GOLD, path=path, line=line, detail=detail)


def _gold_fields(
    path: Path, line: int, obj: Mapping[str, Any], required: Sequence[str], optional: Sequence[str]
) -> dict[str, str]:
    """The string fields of one gold object; missing, non-string or empty ones are errors."""
    missing = [name for name in required if name not in obj]
    if missing:
        names = ", ".join(f"'{name}'" for name in missing)
        raise _gold_error(path, line, f"missing field{'s' if len(missing) > 1 else ''} {names}")
    values: dict[str, str] = {}
    for name in (*required, *optional):
        if name not in obj:
            continue
        value = obj[name]
        if not isinstance(value, str):
            raise _gold_error(path, line, f"field '{name}' must be a string, not {_json_type(value)}")
        if name in NON_EMPTY_FIELDS and not fold_text(value):
            raise _gold_error(path, line, f"field '{name}' is empty")
        values[name] = value
    return values


# --------------------------------------------------------------------------- predictions


def _unneutralise(cell: str) -> str:
    """Undo the export's spreadsheet neutralisation: "'=x" → "=x"."""
    if len(cell) > 1 and cell[0] == "'" and cell[1] in NEUTRALISED_STARTS:
        return cell[1:]
    return cell


def read_predictions(path: Path, columns: Sequence[str]) -> list[dict[str, str]]:
    """Rows of one prediction CSV as dicts of strings, neutralised cells restored.

    Raises E010 if the file is missing, unreadable or lacks one of `columns`.
    """
    if not path.is_file():
        raise error("E010", EXIT_INPUT, path=path.parent)
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (OSError, ValueError, pd.errors.ParserError) as exc:  # EmptyDataError is a ValueError
        raise error("E010", EXIT_INPUT, path=f"{path} (unreadable: {exc})") from exc
    lacking = [name for name in columns if name not in frame.columns]
    if lacking:
        raise error("E010", EXIT_INPUT, path=f"{path} (no column {', '.join(lacking)})")
    rows: list[dict[str, str]] = [
        {str(k): _unneutralise(str(v)) for k, v in row.items()} for row in frame.to_dict("records")
    ]
    return rows


def evaluate_dir(gold_path: str | Path, pred_dir: str | Path) -> Evaluation:
    """Score the entities.csv and obligations.csv of a run directory against a gold file."""
    gold = load_gold(gold_path)
    pred_dir = Path(pred_dir)
    for name in (ENTITIES_CSV, OBLIGATIONS_CSV):
        if not (pred_dir / name).is_file():
            raise error("E010", EXIT_INPUT, path=pred_dir)
    entities = read_predictions(pred_dir / ENTITIES_CSV, ENTITY_COLUMNS)
    obligations = read_predictions(pred_dir / OBLIGATIONS_CSV, OBLIGATION_COLUMNS)
    return evaluate(gold, entities, obligations)


# --------------------------------------------------------------------------- scoring


@dataclass(frozen=True)
class _PredEntity:
    section: str  # folded country: the key sections are matched on
    country: str
    label: str
    text: str
    folded: str
    sentence: str
    page: int | None


@dataclass(frozen=True)
class _PredObligation:
    section: str
    country: str
    bearer: str
    bearer_text: str
    deontic: str
    aim: str
    issuer: str
    sentence: str
    page: int | None


@dataclass(frozen=True)
class _Pair:
    """A matched obligation pair and what is scored on it."""

    section: str
    gold: GoldObligation
    pred: _PredObligation
    aim_f1: float
    issuer_ok: bool | None  # None: the gold names no issuer


def _cell(row: Mapping[str, Any], key: str) -> str:
    value = row.get(key, "")
    if value is None or (isinstance(value, float) and value != value):  # None or NaN
        return ""
    return str(value)


def _page(value: str) -> int | None:
    try:
        return int(value.strip())
    except ValueError:
        return None


def _is_body(row: Mapping[str, Any]) -> bool:
    """A row counts if its source is "body" (rows without a source key count as body)."""
    return "source" not in row or _cell(row, "source").strip().casefold() == BODY


def _display_country(section: str, name: str) -> str:
    return INTRODUCTION if not section else _SPACE.sub(" ", name).strip()


def evaluate(
    gold: Gold,
    entities: Sequence[Mapping[str, Any]],
    obligations: Sequence[Mapping[str, Any]],
    *,
    resamples: int = BOOTSTRAP_RESAMPLES,
    seed: int = BOOTSTRAP_SEED,
) -> Evaluation:
    """Score predicted entity and obligation rows (dicts with the CSV columns) against `gold`.

    Rows whose `source` is not "body" are ignored, and so are entity rows
    whose label is not one of LABELS (logged). `resamples` and `seed` set the
    bootstrap of the intervals (see `bootstrap_prf`).
    """
    pred_entities: list[_PredEntity] = []
    unknown_labels: Counter[str] = Counter()
    n_footnote = 0
    for row in entities:
        if not _is_body(row):
            n_footnote += 1
            continue
        label = _cell(row, "label").strip()
        if label not in LABELS:
            unknown_labels[label] += 1
            continue
        country = _cell(row, "country")
        pred_entities.append(_PredEntity(
            section=section_key(country), country=country, label=label, text=_cell(row, "text"),
            folded=fold_text(_cell(row, "text")), sentence=_cell(row, "sentence"),
            page=_page(_cell(row, "page")),
        ))
    if unknown_labels:
        logger.warning(warning("W005", labels=", ".join(LABELS), counts=dict(sorted(unknown_labels.items()))))
    pred_obligations: list[_PredObligation] = []
    for row in obligations:
        if not _is_body(row):
            n_footnote += 1
            continue
        country = _cell(row, "country")
        pred_obligations.append(_PredObligation(
            section=section_key(country), country=country, bearer=_cell(row, "bearer"),
            bearer_text=_cell(row, "bearer_text"), deontic=_cell(row, "deontic").strip().casefold(),
            aim=_cell(row, "aim"), issuer=_cell(row, "issuer"), sentence=_cell(row, "sentence"),
            page=_page(_cell(row, "page")),
        ))
    logger.debug("ignored %d predicted rows not from the body text", n_footnote)

    # Sections are matched on section_key(country); the gold's spelling names them.
    names: dict[str, str] = {}
    countries = [*(g.country for g in gold.entities), *(g.country for g in gold.obligations),
                 *(p.country for p in pred_entities), *(p.country for p in pred_obligations)]
    for country in countries:
        names.setdefault(section_key(country), country)
    display = {section: _display_country(section, name) for section, name in names.items()}

    # Where a missed item stands: the predicted sentences of its section, in order.
    sentences: dict[str, dict[str, tuple[str, int | None]]] = defaultdict(dict)
    located: list[_PredEntity | _PredObligation] = [*pred_entities, *pred_obligations]
    for rec in located:
        sentences[rec.section].setdefault(fold_text(rec.sentence), (rec.sentence, rec.page))

    metrics, errors = _score_entities(gold.entities, pred_entities, sentences, display,
                                      resamples=resamples, seed=seed)
    obl_metrics, obl_errors = _score_obligations(gold.obligations, pred_obligations, sentences, display,
                                                 resamples=resamples, seed=seed)
    return Evaluation(
        metrics=sorted(metrics + obl_metrics, key=_metric_sort_key),
        errors=sorted(errors + obl_errors, key=_error_sort_key),
    )


Sentences = Mapping[str, Mapping[str, tuple[str, int | None]]]  # section → folded → (sentence, page)
_Outcome = tuple[str, str, str, str]  # (section, y_true, y_pred, bootstrap unit)


def _unit(section: str, sentence: str) -> str:
    """The bootstrap unit of an outcome: its section and folded sentence."""
    return f"{section}{_UNIT_SEPARATOR}{fold_text(sentence)}"


def _own_unit(section: str, what: str) -> str:
    """The unit of a missed gold item that no predicted sentence holds (never a sentence's key)."""
    return f"{section}{_UNIT_SEPARATOR * 2}{what}"


def _locate(section: str, needle: str, sentences: Sentences) -> tuple[str, int | None]:
    """The first predicted sentence of `section` in which folded `needle` occurs, else ("", None)."""
    return next((found for folded, found in sentences.get(section, {}).items() if occurs(needle, folded)),
                ("", None))


def _score_entities(
    gold: Sequence[GoldEntity],
    preds: Sequence[_PredEntity],
    sentences: Sentences,
    display: Mapping[str, str],
    *,
    resamples: int,
    seed: int,
) -> tuple[list[MetricRow], list[ErrorRow]]:
    gold_groups: dict[tuple[str, str], list[GoldEntity]] = defaultdict(list)
    for g in gold:
        gold_groups[(section_key(g.country), g.label)].append(g)
    pred_groups: dict[tuple[str, str], list[_PredEntity]] = defaultdict(list)
    for p in preds:
        pred_groups[(p.section, p.label)].append(p)
    outcomes: dict[str, list[_Outcome]] = {STRICT: [], LENIENT: []}
    errors: list[ErrorRow] = []
    for key in sorted(set(gold_groups) | set(pred_groups)):
        section, label = key
        g_list, p_list = gold_groups.get(key, []), pred_groups.get(key, [])
        g_texts = [fold_text(g.text) for g in g_list]
        p_texts = [p.folded for p in p_list]
        for scheme, pairs in ((STRICT, strict_pairs(g_texts, p_texts)),
                              (LENIENT, lenient_pairs(g_texts, p_texts))):
            outcomes[scheme].extend((section, label, label, _unit(section, p_list[j].sentence)) for _, j in pairs)
            matched_g = {g for g, _ in pairs}
            matched_p = {p for _, p in pairs}
            for i, g in enumerate(g_list):
                if i in matched_g:
                    continue
                sentence, page = _locate(section, g_texts[i], sentences)
                unit = _unit(section, sentence) if sentence else _own_unit(section, f"gold line {g.line}")
                outcomes[scheme].append((section, label, NO_LABEL, unit))
                errors.append(ErrorRow(ENTITIES_TASK, scheme, FALSE_NEGATIVE, display[section], label,
                                       g.text, "", sentence, page))
            for j, p in enumerate(p_list):
                if j in matched_p:
                    continue
                outcomes[scheme].append((section, NO_LABEL, label, _unit(section, p.sentence)))
                errors.append(ErrorRow(ENTITIES_TASK, scheme, FALSE_POSITIVE, display[section], label,
                                       "", p.text, p.sentence, p.page))
    metrics: list[MetricRow] = []
    for scheme in (STRICT, LENIENT):
        metrics.extend(_prf_rows(ENTITIES_TASK, scheme, outcomes[scheme], LABELS, display, micro=True,
                                 resamples=resamples, seed=seed))
    return metrics, errors


def _obligation_cell(bearer: str, deontic: str, aim: str, issuer: str | None = None) -> str:
    cell = f"{bearer} | {deontic} | {aim}"
    return cell if issuer is None else f"{cell} | issuer: {issuer}"


def _score_obligations(
    gold: Sequence[GoldObligation],
    preds: Sequence[_PredObligation],
    sentences: Sentences,
    display: Mapping[str, str],
    *,
    resamples: int,
    seed: int,
) -> tuple[list[MetricRow], list[ErrorRow]]:
    gold_groups: dict[str, list[GoldObligation]] = defaultdict(list)
    for g in gold:
        gold_groups[section_key(g.country)].append(g)
    pred_groups: dict[str, list[_PredObligation]] = defaultdict(list)
    for p in preds:
        pred_groups[p.section].append(p)

    outcomes: list[_Outcome] = []
    pairs: list[_Pair] = []
    errors: list[ErrorRow] = []
    for section in sorted(set(gold_groups) | set(pred_groups)):
        g_list, p_list = gold_groups.get(section, []), pred_groups.get(section, [])
        p_sentences = [fold_text(p.sentence) for p in p_list]
        p_bearers = [fold_text(p.bearer) for p in p_list]
        p_bearer_texts = [fold_text(p.bearer_text) for p in p_list]
        candidates: dict[tuple[int, int], tuple[int, ...]] = {}
        for i, g in enumerate(g_list):
            quote, bearer = fold_text(g.sentence_quote), fold_text(g.bearer)
            for j, p in enumerate(p_list):
                # The quote is verbatim: a plain substring test after folding.
                if quote not in p_sentences[j]:
                    continue
                if not (lenient_match(bearer, p_bearers[j]) or lenient_match(bearer, p_bearer_texts[j])):
                    continue
                aim_steps = round(token_f1(g.aim, p.aim) * AIM_F1_STEPS)
                candidates[(i, j)] = (int(g.deontic == p.deontic), aim_steps)
        matched = best_matching(len(g_list), len(p_list), candidates, (1, AIM_F1_STEPS))
        for i, j in matched:
            g, p = g_list[i], p_list[j]
            gold_issuer = fold_name(g.issuer)
            issuer_ok = lenient_match(gold_issuer, fold_name(p.issuer)) if gold_issuer else None
            pairs.append(_Pair(section, g, p, token_f1(g.aim, p.aim), issuer_ok))
            outcomes.append((section, ALL_LABELS, ALL_LABELS, _unit(section, p.sentence)))
            if g.deontic != p.deontic:
                errors.append(ErrorRow(
                    OBLIGATIONS_TASK, MATCH, DEONTIC_MISMATCH, display[section], g.deontic,
                    _obligation_cell(g.bearer, g.deontic, g.aim),
                    _obligation_cell(p.bearer, p.deontic, p.aim), p.sentence, p.page))
            if issuer_ok is False:
                errors.append(ErrorRow(
                    OBLIGATIONS_TASK, MATCH, ISSUER_MISMATCH, display[section], g.deontic,
                    _obligation_cell(g.bearer, g.deontic, g.aim, g.issuer),
                    _obligation_cell(p.bearer, p.deontic, p.aim, p.issuer), p.sentence, p.page))
        matched_g = {i for i, _ in matched}
        matched_p = {j for _, j in matched}
        for i, g in enumerate(g_list):
            if i not in matched_g:
                sentence, _ = _locate(section, fold_text(g.sentence_quote), sentences)
                unit = _unit(section, sentence) if sentence else _own_unit(section, fold_text(g.sentence_quote))
                outcomes.append((section, ALL_LABELS, NO_LABEL, unit))
                errors.append(ErrorRow(
                    OBLIGATIONS_TASK, MATCH, FALSE_NEGATIVE, display[section], g.deontic,
                    _obligation_cell(g.bearer, g.deontic, g.aim), "", g.sentence_quote, None))
        for j, p in enumerate(p_list):
            if j not in matched_p:
                outcomes.append((section, NO_LABEL, ALL_LABELS, _unit(section, p.sentence)))
                errors.append(ErrorRow(
                    OBLIGATIONS_TASK, MATCH, FALSE_POSITIVE, display[section], p.deontic,
                    "", _obligation_cell(p.bearer, p.deontic, p.aim), p.sentence, p.page))

    metrics = _prf_rows(OBLIGATIONS_TASK, MATCH, outcomes, (ALL_LABELS,), display, micro=False,
                        resamples=resamples, seed=seed)
    for country, subset in _by_country(pairs, display, lambda pair: pair.section):
        # No pair, no measure: left empty, not a conventional 0.
        deontic = (float(accuracy_score([m.gold.deontic for m in subset], [m.pred.deontic for m in subset]))
                   if subset else None)
        aim = sum(m.aim_f1 for m in subset) / len(subset) if subset else None
        judged = [m.issuer_ok for m in subset if m.issuer_ok is not None]
        issuer = sum(judged) / len(judged) if judged else None
        for scheme, n, value in ((DEONTIC_ACCURACY, len(subset), deontic),
                                 (AIM_TOKEN_F1, len(subset), aim),
                                 (ISSUER_ACCURACY, len(judged), issuer)):
            metrics.append(MetricRow(OBLIGATIONS_TASK, scheme, country, ALL_LABELS,
                                     None, None, None, n, None, None, None, value))
    return metrics, errors


def _by_country(
    items: Sequence[_T], display: Mapping[str, str], section_of: Callable[[_T], str]
) -> Iterable[tuple[str, list[_T]]]:
    """("ALL", every item), then (country, its items) for every known section."""
    yield ALL_COUNTRIES, list(items)
    for section in sorted(display):
        yield display[section], [item for item in items if section_of(item) == section]


def _prf_rows(
    task: str,
    scheme: str,
    outcomes: Sequence[_Outcome],
    labels: Sequence[str],
    display: Mapping[str, str],
    *,
    micro: bool,
    resamples: int,
    seed: int,
) -> list[MetricRow]:
    """P/R/F1 rows per label (and micro) for the whole report and each section, with intervals.

    `outcomes` holds aligned (section, y_true, y_pred, unit): a matched pair is
    (label, label), a miss (label, "O"), a false alarm ("O", label); `unit` is
    the sentence the bootstrap resamples.
    """
    rows: list[MetricRow] = []
    row_labels = [*labels, *((MICRO,) if micro else ())]
    counted_sets = [set(labels) if label == MICRO else {label} for label in row_labels]
    for country, subset in _by_country(outcomes, display, lambda outcome: outcome[0]):
        y_true = [t for _, t, _, _ in subset]
        y_pred = [p for _, _, p, _ in subset]
        scores: list[tuple[float, float, float]] = []
        if subset:
            p_arr, r_arr, f_arr, _ = precision_recall_fscore_support(
                y_true, y_pred, labels=list(labels), zero_division=0)
            scores = [(float(p_arr[k]), float(r_arr[k]), float(f_arr[k])) for k in range(len(labels))]
            if micro:
                p_micro, r_micro, f_micro, _ = precision_recall_fscore_support(
                    y_true, y_pred, labels=list(labels), average="micro", zero_division=0)
                scores.append((float(p_micro), float(r_micro), float(f_micro)))
        else:  # scikit-learn refuses empty input; every measure is then undefined anyway
            scores = [(0.0, 0.0, 0.0)] * len(row_labels)
        # Per unit (sentence) and row: the TP, FP and FN the bootstrap resamples.
        units = sorted({unit for *_, unit in subset})
        unit_index = {unit: n for n, unit in enumerate(units)}
        unit_counts = np.zeros((len(units), len(row_labels), 3), dtype=np.int64)
        for (_, t, p, unit) in subset:
            for k, counted in enumerate(counted_sets):
                if t == p and t in counted:
                    unit_counts[unit_index[unit], k, 0] += 1
                else:
                    if p in counted:
                        unit_counts[unit_index[unit], k, 1] += 1
                    if t in counted:
                        unit_counts[unit_index[unit], k, 2] += 1
        rng = np.random.default_rng([seed, zlib.crc32(f"{task}|{scheme}|{country}".encode())])
        intervals = bootstrap_prf(unit_counts, resamples=resamples, rng=rng)
        for k, (label, (precision_value, recall_value, f1_value)) in enumerate(zip(row_labels, scores)):
            tp, fp, fn = (int(c) for c in unit_counts[:, k, :].sum(axis=0))
            # A measure with no support is left empty, not reported as a conventional 0.
            precision = precision_value if tp + fp else None
            recall = recall_value if tp + fn else None
            f1 = f1_value if tp + fp + fn else None
            bounds = [None if np.isnan(b) else float(b) for b in intervals[k].ravel()]
            rows.append(MetricRow(task, scheme, country, label, tp, fp, fn, tp + fn,
                                  precision, recall, f1, f1, *bounds))
    return rows


def bootstrap_prf(
    unit_counts: np.ndarray, *, resamples: int = BOOTSTRAP_RESAMPLES, rng: np.random.Generator,
    confidence: float = CONFIDENCE,
) -> np.ndarray:
    """Percentile-bootstrap intervals of precision, recall and F1 (Efron & Tibshirani 1993, ch. 13).

    `unit_counts[n, k]` holds the (TP, FP, FN) of unit n (a sentence) for row
    k. Each of `resamples` resamples draws as many units as there are, with
    replacement; its counts are the sums over the drawn units, and its
    precision TP/(TP+FP), recall TP/(TP+FN) and F1 2TP/(2TP+FP+FN), each
    undefined where its denominator is 0. The interval of a measure is the
    ((1-confidence)/2, (1+confidence)/2) percentiles (numpy's linear
    interpolation) over the resamples where it is defined. Returns an array
    (k, 3, 2): row, measure (P, R, F1), (low, high); NaN where no resample
    defines the measure.
    """
    n_units, n_rows, _ = unit_counts.shape
    result = np.full((n_rows, 3, 2), np.nan)
    if n_units == 0:
        return result
    draws = rng.integers(0, n_units, size=(resamples, n_units))
    # weights[b, n]: how often resample b drew unit n.
    offsets = np.arange(resamples)[:, None] * n_units
    weights = np.bincount((draws + offsets).ravel(), minlength=resamples * n_units).reshape(resamples, n_units)
    totals = (weights @ unit_counts.reshape(n_units, n_rows * 3)).reshape(resamples, n_rows, 3).astype(float)
    tp, fp, fn = totals[..., 0], totals[..., 1], totals[..., 2]
    with np.errstate(invalid="ignore", divide="ignore"):
        measures = (tp / (tp + fp), tp / (tp + fn), 2 * tp / (2 * tp + fp + fn))  # 0/0 → NaN: undefined
    tail = 100 * (1 - confidence) / 2
    for m, values in enumerate(measures):
        for k in range(n_rows):
            defined = values[:, k][~np.isnan(values[:, k])]
            if defined.size:
                result[k, m] = np.percentile(defined, [tail, 100 - tail])
    return result


# --------------------------------------------------------------------------- order, summary


def _rank(order: Sequence[str], value: str) -> int:
    return order.index(value) if value in order else len(order)


def _country_rank(country: str) -> tuple[int, str, str]:
    if country == ALL_COUNTRIES:
        return (0, "", "")
    if country == INTRODUCTION:
        return (1, "", "")
    return (2, country.casefold(), country)


def _metric_sort_key(row: MetricRow) -> tuple[Any, ...]:
    return (_rank(_TASK_ORDER, row.task), _rank(_SCHEME_ORDER, row.scheme),
            _country_rank(row.country), _rank(_LABEL_ORDER, row.label), row.label)


def _error_sort_key(row: ErrorRow) -> tuple[Any, ...]:
    return (_rank(_TASK_ORDER, row.task), _rank(_SCHEME_ORDER, row.scheme),
            _country_rank(row.country), row.page is None, row.page or 0,
            _rank(_KIND_ORDER, row.kind), row.label, row.gold, row.predicted, row.sentence)


def summary(evaluation: Evaluation) -> dict[str, dict[str, float | int | None]]:
    """Headline numbers for the whole report: two levels, JSON-serialisable.

    `entities_strict` and `entities_lenient`: micro `precision`, `recall`,
    `f1`, `tp`, `fp`, `fn`, `support`, the 95% bootstrap interval of each
    measure (`precision_low`, `precision_high`, ..., `f1_high`), and
    `<LABEL>_f1` per label (per-label precision, recall and intervals are in
    the metrics table). `obligations`: the same numbers of the matching, then
    `deontic_accuracy`, `aim_token_f1` and `matched` (the pairs they are
    computed over), `issuer_accuracy` and `issuer_judged`. A measure with no
    support is None (null in JSON), as it is empty in metrics.csv.
    """
    result: dict[str, dict[str, float | int | None]] = {
        f"{ENTITIES_TASK}_{STRICT}": {}, f"{ENTITIES_TASK}_{LENIENT}": {}, OBLIGATIONS_TASK: {},
    }
    for row in sorted(evaluation.metrics, key=_metric_sort_key):
        if row.country != ALL_COUNTRIES:
            continue
        counts: dict[str, float | int | None] = {
            "precision": row.precision, "recall": row.recall, "f1": row.f1,
            "tp": row.tp, "fp": row.fp, "fn": row.fn, "support": row.support,
            **{name: getattr(row, name) for name in INTERVAL_COLUMNS},
        }
        if row.task == ENTITIES_TASK:
            target = result[f"{ENTITIES_TASK}_{row.scheme}"]
            if row.label == MICRO:
                target.update(counts)
            else:
                target[f"{row.label}_f1"] = row.value
        elif row.scheme == MATCH:
            result[OBLIGATIONS_TASK].update(counts)
        else:
            result[OBLIGATIONS_TASK][row.scheme] = row.value
            if row.scheme == DEONTIC_ACCURACY:
                result[OBLIGATIONS_TASK]["matched"] = row.support
            elif row.scheme == ISSUER_ACCURACY:
                result[OBLIGATIONS_TASK]["issuer_judged"] = row.support
    # Micro first, then the labels in LABELS order, for a readable printout.
    for scheme in (STRICT, LENIENT):
        key = f"{ENTITIES_TASK}_{scheme}"
        first = ("precision", "recall", "f1", "tp", "fp", "fn", "support", *INTERVAL_COLUMNS)
        result[key] = {k: result[key][k] for k in (*first, *(f"{label}_f1" for label in LABELS))}
    return result
