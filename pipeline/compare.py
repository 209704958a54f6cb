"""The country comparison (`countries.csv`) and its evidence (`countries_evidence.csv`).

One row per country, derived from the records only. Every cell read from the
text has evidence rows (country, column, value, page, sentence, rule), so a
reader can check it. Rules (also in the README):

- `main_strategy`, `strategy_year`: the first body sentence of the section that
  names a strategy word (data: `strategy_words`) and holds a DATE; the year is
  that sentence's first DATE (an integer), the strategy its first POLICY (else
  the first POLICY of the section whose text holds a strategy word);
- `coordinating_bodies`: the bodies a sentence says coordinate, read off the
  dependency parse by `coordination.py` (the extract stage), distinct, in text
  order;
- `n_statements`: obligation records (statements of any deontic class);
  `deontic_<class>`: records by deontic class; `bearer_<actor_type>`: records by
  the bearer's actor type; `local_<class>` and `local_aims`: the records whose
  bearer is a local authority or a mayor;
- `measure_<name>`: 1 when a body sentence of the section names the measure
  (keyword lists in `data/comparison.json`), else 0; every such sentence is an
  evidence row, so repetition shows in the evidence, not in the cell.

A count column (`deontic_`, `local_`, `bearer_`, `measure_`) that is 0 for
every country of the report is left out; `Comparison.omitted` names them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from .table import NULLABLE_INT, Table, as_table, is_missing

if TYPE_CHECKING:  # DataFrames are accepted (as_table); a run hands Tables and imports no pandas
    import pandas as pd

EVIDENCE_COLUMNS = ["country", "column", "value", "page", "sentence", "rule"]
# Families of count columns that are left out when 0 for every country of a report.
OMITTABLE_PREFIXES = ("deontic_", "local_", "bearer_", "measure_")
NOT_OMITTED = ("local_aims",)


@dataclass
class Comparison:
    """`countries.csv`, `countries_evidence.csv`, and the count columns left out (all 0)."""

    table: Table
    evidence: Table
    omitted: list[str] = field(default_factory=list)


@lru_cache(maxsize=1)
def comparison_rules() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("data/comparison.json").read_text("utf-8")
    rules: dict[str, Any] = json.loads(text)
    return rules


def _keyword_re(words: list[str]) -> re.Pattern[str]:
    """Whole words or phrases only (`fund` does not match `fundamentalism`); list the inflections."""
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def _taxonomy_types() -> list[str]:
    """The actor types of the packaged taxonomy, read as JSON here: nlp/actor_types.py (which
    validates it whenever the pipeline is built) imports spaCy, which a cached re-run needs not."""
    text = resources.files("pipeline.nlp").joinpath("data/actor_taxonomy.json").read_text("utf-8")
    return list(json.loads(text)["actor_types"])


def _year(text: str) -> int | None:
    match = re.search(r"(?:1[89]|20)\d\d", text)
    return int(match.group(0)) if match else None


def _page(value: Any) -> Any:
    return int(value) if value is not None and str(value).strip().isdigit() else None


def compare_countries(
    sections: Table | pd.DataFrame,
    sentences: Table | pd.DataFrame,
    entities: Table | pd.DataFrame,
    obligations: Table | pd.DataFrame,
    coordination: Table | pd.DataFrame | None = None,
) -> Comparison:
    """The comparison of a report's country sections, with an evidence row per supporting sentence.

    `sentences` has the columns country, sentence (and page); `coordination` holds the
    records of `coordination.coordination_records` (without it no body is named).
    Read as lists of records (a DataFrame is turned into one): the run imports no pandas.
    """
    entity_rows, obligation_rows = as_table(entities).records(), as_table(obligations).records()
    sentence_table = as_table(sentences)
    sentence_rows = sentence_table.records()
    has_page = "page" in sentence_table.columns
    coordination_rows = as_table(coordination).records() if coordination is not None else []
    rules = comparison_rules()
    strategy_re = _keyword_re(rules["strategy_words"])
    measure_res = {name: _keyword_re(words) for name, words in rules["measures"].items()}
    # Every type of the taxonomy gets its column (unless 0 everywhere), in the taxonomy's order.
    known_types = _taxonomy_types()
    actor_types = known_types + sorted({o["actor_type"] for o in obligation_rows} - set(known_types) - {""})
    rows: list[dict[str, Any]] = []
    evidence: list[dict[str, Any]] = []

    for section in as_table(sections).records():
        country = section["country"]
        if not section["iso2"]:
            continue  # the introduction, or a chapter that is not about one country

        def cite(column: str, value: Any, page: Any, sentence: str, rule: str) -> None:
            evidence.append(
                {"country": country, "column": column, "value": str(value), "page": _page(page), "sentence": sentence, "rule": rule}
            )

        ents = [e for e in entity_rows if e["country"] == country and e["source"] == "body"]
        obs = [o for o in obligation_rows if o["country"] == country]
        row: dict[str, Any] = {"country": country, "iso2": section["iso2"]}
        row.update(_strategy(ents, strategy_re, cite))

        bodies = [b for b in coordination_rows if b["country"] == country]
        for b in bodies:
            written = "" if b["mention"] == b["body"] else f'; written "{b["mention"]}"'
            cite("coordinating_bodies", b["body"], b["page"], b["sentence"], f"{b['relation']}{written}")
        row["coordinating_bodies"] = "; ".join(dict.fromkeys(b["body"] for b in bodies))

        local_types = rules["local_actor_types"]
        row["n_statements"] = len(obs)
        deontics, types, aims = [o["deontic"] for o in obs], [o["actor_type"] for o in obs], [o["aim"] for o in obs]
        is_local = [t in local_types for t in types]
        for deontic in rules["deontic_classes"]:
            row[f"deontic_{deontic}"] = sum(d == deontic for d in deontics)
        for deontic in rules["deontic_classes"]:
            row[f"local_{deontic}"] = sum(d == deontic and local for d, local in zip(deontics, is_local))
        row["local_aims"] = "; ".join(f"{d}: {a}" for d, a, local in zip(deontics, aims, is_local) if local)
        for actor_type in actor_types:
            row[f"bearer_{actor_type}"] = sum(t == actor_type for t in types)
        for ob in obs:  # each statement is evidence for every count it adds to
            statement = f"{ob['bearer']} | {ob['deontic']} | {ob['trigger']} | {ob['aim']}"
            counted = ["n_statements", f"deontic_{ob['deontic']}"]
            counted += [f"bearer_{ob['actor_type']}"] if ob["actor_type"] else []
            counted += [f"local_{ob['deontic']}"] if ob["actor_type"] in local_types else []
            for column in counted:
                cite(column, statement, ob["page"], ob["sentence"], f"obligation record: {ob['rule']}")
            if ob["actor_type"] in local_types:
                cite("local_aims", f"{ob['deontic']}: {ob['aim']}", ob["page"], ob["sentence"],
                     f"obligation record: {ob['rule']}")

        section_sentences = [s for s in sentence_rows if s["country"] == country]
        for name, pattern in measure_res.items():
            row[f"measure_{name}"] = 0
            for sentence, page in ((s["sentence"], s["page"] if has_page else None) for s in section_sentences):
                found = list(dict.fromkeys(m.group(0).lower() for m in pattern.finditer(sentence)))
                if found:
                    row[f"measure_{name}"] = 1
                    cite(f"measure_{name}", "; ".join(found), page, sentence, f"{name} keywords (data/comparison.json)")
        rows.append(row)

    table = Table(_columns(rules, actor_types), rows, {"strategy_year": NULLABLE_INT})
    omitted = [
        c for c in table.columns
        if len(table) and c.startswith(OMITTABLE_PREFIXES) and c not in NOT_OMITTED and not any(table.column(c))
    ]
    evidence_table = Table(list(EVIDENCE_COLUMNS), evidence, {"page": NULLABLE_INT})
    return Comparison(table.drop(omitted), evidence_table, omitted)


def country_table(
    sections: Table | pd.DataFrame,
    sentences: Table | pd.DataFrame,
    entities: Table | pd.DataFrame,
    obligations: Table | pd.DataFrame,
    coordination: Table | pd.DataFrame | None = None,
) -> Table:
    """`countries.csv` alone (see `compare_countries`)."""
    return compare_countries(sections, sentences, entities, obligations, coordination).table


def _columns(rules: dict[str, Any], actor_types: list[str]) -> list[str]:
    deontics = rules["deontic_classes"]
    return [
        "country", "iso2", "main_strategy", "strategy_year", "coordinating_bodies", "n_statements",
        *(f"deontic_{d}" for d in deontics), *(f"local_{d}" for d in deontics), "local_aims",
        *(f"bearer_{t}" for t in actor_types), *(f"measure_{m}" for m in rules["measures"]),
    ]


def _strategy(ents: list[dict[str, Any]], strategy_re: re.Pattern[str], cite: Any) -> dict[str, Any]:
    """`ents`: the section's body entity records, in text order."""
    policies = [e for e in ents if e["label"] == "POLICY"]
    # The first sentence (in order of first appearance) holding a strategy word and a DATE.
    dated = {e["sentence"] for e in ents if e["label"] == "DATE"}
    for sentence in dict.fromkeys(e["sentence"] for e in ents):
        if is_missing(sentence) or sentence not in dated or not strategy_re.search(str(sentence)):
            continue
        group = [e for e in ents if e["sentence"] == sentence]
        dates = [e for e in group if e["label"] == "DATE"]
        page = group[0]["page"]
        year = _year(str(dates[0]["text"]))
        named = [e for e in group if e["label"] == "POLICY"]
        name = str(named[0]["text"]) if named else ""
        if name:
            cite("main_strategy", name, page, str(sentence), "first POLICY of the first dated strategy sentence")
        else:
            fallback = [e for e in policies if strategy_re.search(str(e["text"]))]
            if fallback:
                name = str(fallback[0]["text"])
                cite("main_strategy", name, fallback[0]["page"], str(fallback[0]["sentence"]),
                     "first POLICY of the section holding a strategy word")
        if year is not None:
            cite("strategy_year", year, page, str(sentence), f'first DATE of the first dated strategy sentence: "{dates[0]["text"]}"')
        return {"main_strategy": name, "strategy_year": year}
    return {"main_strategy": "", "strategy_year": None}
