"""The country comparison (`countries.csv`): one row per country, derived from the records.

Rules (also in the README):
- `main_strategy`, `strategy_year`: the first body sentence of the section that
  names a strategy word (data: `strategy_words`) and holds a DATE; the year is
  that sentence's first DATE, the strategy its first POLICY (else the first
  POLICY of the section whose text holds a strategy word);
- `coordinating_bodies`: the ORG mentions in sentences with a coordination
  word (`coordinat…`, `in charge`, `managed by`, ...), distinct, in order;
- `n_<deontic>`: obligation records by deontic class; `bearer_<actor_type>`:
  records by the bearer's actor type; `local_<deontic>` and `local_aims`: the
  records whose bearer is a local authority or a mayor;
- `measure_<name>`: the number of body sentences naming the measure (keyword
  lists in `data/comparison.json`), so 0 means "not named in this section".
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import Any

import pandas as pd


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
    from .nlp.actor_types import load_taxonomy

    return list(load_taxonomy()["actor_types"])


def _year(text: str) -> str:
    match = re.search(r"(?:1[89]|20)\d\d", text)
    return match.group(0) if match else ""


def country_table(
    sections: pd.DataFrame, sentences: pd.DataFrame, entities: pd.DataFrame, obligations: pd.DataFrame
) -> pd.DataFrame:
    """One row per country section; `sentences` has the columns country and sentence."""
    rules = comparison_rules()
    strategy_re = _keyword_re(rules["strategy_words"])
    coordination_re = _keyword_re(rules["coordination_words"])
    measure_res = {name: _keyword_re(words) for name, words in rules["measures"].items()}
    # Every type of the taxonomy gets its column, so tables of several reports stack.
    known_types = _taxonomy_types()
    actor_types = known_types + sorted(set(obligations["actor_type"]) - set(known_types) - {""})
    rows = []
    for _, section in sections.iterrows():
        country = section["country"]
        if not section["iso2"]:
            continue  # the introduction, or a chapter that is not about one country
        ents = entities[(entities["country"] == country) & (entities["source"] == "body")]
        obs = obligations[obligations["country"] == country]
        row: dict[str, Any] = {"country": country, "iso2": section["iso2"]}
        row.update(_strategy(ents, strategy_re))
        coordinating = ents[(ents["label"] == "ORG") & ents["sentence"].str.contains(coordination_re)]
        names = [n or t for n, t in zip(coordinating["normalized"], coordinating["text"])]
        row["coordinating_bodies"] = "; ".join(dict.fromkeys(names))
        row["n_obligations"] = len(obs)
        for deontic in rules["deontic_classes"]:
            row[f"n_{deontic}"] = int((obs["deontic"] == deontic).sum())
        local = obs[obs["actor_type"].isin(rules["local_actor_types"])]
        for deontic in rules["deontic_classes"]:
            row[f"local_{deontic}"] = int((local["deontic"] == deontic).sum())
        row["local_aims"] = "; ".join(f"{d}: {a}" for d, a in zip(local["deontic"], local["aim"]))
        for actor_type in actor_types:
            row[f"bearer_{actor_type}"] = int((obs["actor_type"] == actor_type).sum())
        section_sentences = list(sentences.loc[sentences["country"] == country, "sentence"])
        for name, pattern in measure_res.items():
            row[f"measure_{name}"] = sum(1 for s in section_sentences if pattern.search(s))
        rows.append(row)
    return pd.DataFrame(rows, columns=_columns(rules, actor_types))


def _columns(rules: dict[str, Any], actor_types: list[str]) -> list[str]:
    deontics = rules["deontic_classes"]
    return [
        "country", "iso2", "main_strategy", "strategy_year", "coordinating_bodies", "n_obligations",
        *(f"n_{d}" for d in deontics), *(f"local_{d}" for d in deontics), "local_aims",
        *(f"bearer_{t}" for t in actor_types), *(f"measure_{m}" for m in rules["measures"]),
    ]


def _strategy(ents: pd.DataFrame, strategy_re: re.Pattern[str]) -> dict[str, str]:
    policies = ents[ents["label"] == "POLICY"]
    for sentence, group in ents.groupby("sentence", sort=False):
        dates = group[group["label"] == "DATE"]
        if strategy_re.search(str(sentence)) and len(dates):
            named = group[group["label"] == "POLICY"]
            name = named["text"].iloc[0] if len(named) else ""
            if not name:
                fallback = policies[policies["text"].str.contains(strategy_re)]
                name = fallback["text"].iloc[0] if len(fallback) else ""
            return {"main_strategy": name, "strategy_year": _year(dates["text"].iloc[0])}
    return {"main_strategy": "", "strategy_year": ""}
