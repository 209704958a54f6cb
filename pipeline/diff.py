"""What changed between two editions of a report: sections, entities and obligations.

`diff_editions(old, new)` compares two runs, each given as a PDF (run through
parse → sections → nlp → extract in memory, nothing written) or as a run's
output folder (its sections.csv, entities.csv, obligations.csv). Nothing is
matched by page or character offset, so text moved to other pages is no
change.

- Sections are matched on `evaluate.section_key` (the ISO code of a country
  name, so `The Netherlands` and `Netherlands` are one section).
- Entities are compared per section and label as sets of distinct folded texts
  (`matching.fold_text`): a name in NEW and not in OLD is added, and the other
  way round removed; how often a name is repeated is no change.
- Obligations are matched one to one within each section (the same country in
  both editions) by similarity: the mean of the token-set Jaccard similarity
  of the bearers and of the aims (folded word tokens; two empty texts are
  similar 1.0). A pair is a candidate when that mean is at least
  `STRONG_MATCH`, or at least `MATCH_THRESHOLD` and their sentences' token-set
  Jaccard similarity at least `SENTENCE_CONFIRM` (one field replaced outright,
  the other kept, in a sentence that stayed mostly the same). Among candidates
  the pairs are chosen by an optimal assignment (Kuhn-Munkres, scipy's
  `linear_sum_assignment`) maximising the summed similarity (the sentence
  similarity breaks ties), so a greedy first choice never steals a better
  partner.
  A matched pair whose deontic class, folded aim or folded bearer differ is
  *changed* (the `changed` column names the fields); an unmatched old
  obligation is *removed*, an unmatched new one *added*.

Written (`write_diff`) into one folder, all files or none (export's atomic
swap): obligations_added.csv, obligations_removed.csv, obligations_changed.csv,
entities_added.csv, entities_removed.csv, sections_added.csv,
sections_removed.csv and manifest.json (inputs, threshold, counts).
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment

from .errors import EXIT_INPUT, error
from .evaluate import ENTITIES_CSV, OBLIGATIONS_CSV, fold_text, read_predictions, section_key
from .export import write_outputs

logger = logging.getLogger(__name__)

SECTIONS_CSV = "sections.csv"
DIFF_FOLDER = "diff"
# Thresholds of the obligation matching. One field kept and the other replaced
# outright scores 0.5; a deontic-only change 1.0. Among the 54 pairs of distinct
# obligations within a section of the first report, the highest score is 0.571
# and 11 pairs reach 0.5, ten of them two obligations of one sentence (which
# an edition keeps as identical pairs, scoring 1.0) and one two different
# sentences of the same bearer (sentence Jaccard 0.03). So: 0.75 or more is a
# pair on its own; 0.5 to 0.75 only in a sentence that is at least half the
# same words, which keeps "the municipalities -> the mayors must ..." as a
# bearer change and rejects the same bearer's other duty.
MATCH_THRESHOLD = 0.5
STRONG_MATCH = 0.75
SENTENCE_CONFIRM = 0.5
TIE_BREAK = 1e-6
_WORD = re.compile(r"\w+")

SECTION_COLUMNS = ("country", "iso2", "page_start", "page_end", "n_words")
ENTITY_COLUMNS = ("country", "label", "text", "mentions", "first_page")
OBLIGATION_COLUMNS = ("country", "bearer", "deontic", "trigger", "aim", "issuer", "page", "sentence")
CHANGED_COLUMNS = (
    "country", "changed", "similarity",
    "old_bearer", "new_bearer", "old_deontic", "new_deontic", "old_aim", "new_aim",
    "old_page", "new_page", "old_sentence", "new_sentence",
)


@dataclass
class Edition:
    """One edition's rows, as strings (the CSV columns)."""

    source: str
    sections: list[dict[str, str]]
    entities: list[dict[str, str]]
    obligations: list[dict[str, str]]


@dataclass
class EditionDiff:
    old: str
    new: str
    sections_added: pd.DataFrame
    sections_removed: pd.DataFrame
    entities_added: pd.DataFrame
    entities_removed: pd.DataFrame
    obligations_added: pd.DataFrame
    obligations_removed: pd.DataFrame
    obligations_changed: pd.DataFrame
    unchanged_obligations: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    def tables(self) -> dict[str, pd.DataFrame]:
        """File name → table, in the order they are listed in the module docstring."""
        return {
            "obligations_added.csv": self.obligations_added,
            "obligations_removed.csv": self.obligations_removed,
            "obligations_changed.csv": self.obligations_changed,
            "entities_added.csv": self.entities_added,
            "entities_removed.csv": self.entities_removed,
            "sections_added.csv": self.sections_added,
            "sections_removed.csv": self.sections_removed,
        }


# --------------------------------------------------------------------------- reading


def load_edition(path: str | Path) -> Edition:
    """An edition from a PDF (analysed in memory) or a run's output folder.

    E001 if the path does not exist, E025 for a folder without a run's CSVs;
    a file that is no usable PDF fails as `run` would (E002-E005).
    """
    path = Path(path)
    if path.is_dir():
        if not all((path / name).is_file() for name in (SECTIONS_CSV, ENTITIES_CSV, OBLIGATIONS_CSV)):
            raise error("E025", EXIT_INPUT, path=path)
        return Edition(
            source=str(path),
            sections=read_predictions(path / SECTIONS_CSV, ("country",)),
            entities=read_predictions(path / ENTITIES_CSV, ("country", "label", "text")),
            obligations=read_predictions(path / OBLIGATIONS_CSV, ("country", "bearer", "deontic", "aim")),
        )
    if not path.exists():
        raise error("E001", EXIT_INPUT, path=path)
    from .runner import analyse  # the nlp stack is loaded only for a PDF

    result = analyse(path)

    def rows(table: Any) -> list[dict[str, str]]:  # analyse's tables are records (table.Table)
        return [{str(k): "" if v is None else str(v) for k, v in r.items()} for r in table.records()]

    return Edition(str(path), rows(result["sections"]), rows(result["entities"]), rows(result["obligations"]))


# --------------------------------------------------------------------------- comparing


def tokens(text: str) -> frozenset[str]:
    """The set of folded word tokens of a text."""
    return frozenset(_WORD.findall(fold_text(text)))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """|a ∩ b| / |a ∪ b|; two empty sets are identical (1.0)."""
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def similarity(old: Mapping[str, str], new: Mapping[str, str]) -> float:
    """Mean of the bearer and aim token-set Jaccard similarities of two obligation rows."""
    return (jaccard(tokens(old.get("bearer", "")), tokens(new.get("bearer", "")))
            + jaccard(tokens(old.get("aim", "")), tokens(new.get("aim", "")))) / 2


def match_obligations(
    old: Sequence[Mapping[str, str]], new: Sequence[Mapping[str, str]], *, threshold: float = MATCH_THRESHOLD
) -> list[tuple[int, int, float]]:
    """One-to-one pairs (old index, new index, similarity) of one section, similarity ≥ threshold,
    maximising the summed similarity (Kuhn-Munkres)."""
    if not old or not new:
        return []
    scores = np.array([[similarity(o, n) for n in new] for o in old])
    old_sentences = [tokens(o.get("sentence", "")) for o in old]
    new_sentences = [tokens(n.get("sentence", "")) for n in new]
    sentence = np.array([[jaccard(a, b) for b in new_sentences] for a in old_sentences])
    allowed = (scores >= STRONG_MATCH) | ((scores >= threshold) & (sentence >= SENTENCE_CONFIRM))
    # Forbidden pairs weigh less than any set of allowed pairs can gain; the sentence
    # similarity, scaled far below any difference of two Jaccard means of short
    # texts (fractions with small denominators), only breaks ties.
    weights = np.where(allowed, scores + sentence * TIE_BREAK, -2.0 * (len(old) + len(new)))
    rows, cols = linear_sum_assignment(weights, maximize=True)
    return sorted((int(i), int(j), float(scores[i, j])) for i, j in zip(rows, cols) if allowed[i, j])


def _changed_fields(old: Mapping[str, str], new: Mapping[str, str]) -> list[str]:
    changed = []
    if old.get("deontic", "").strip() != new.get("deontic", "").strip():
        changed.append("deontic")
    if fold_text(old.get("bearer", "")) != fold_text(new.get("bearer", "")):
        changed.append("bearer")
    if fold_text(old.get("aim", "")) != fold_text(new.get("aim", "")):
        changed.append("aim")
    return changed


def _page_number(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        return 0


def _display(old_rows: Sequence[Mapping[str, str]], new_rows: Sequence[Mapping[str, str]]) -> dict[str, str]:
    """Section key → country as the new edition spells it (else the old)."""
    names: dict[str, str] = {}
    for rows in (new_rows, old_rows):
        for r in rows:
            names.setdefault(section_key(r.get("country", "")), r.get("country", ""))
    return names


def _obligation_row(country: str, r: Mapping[str, str]) -> dict[str, Any]:
    return {"country": country, "bearer": r.get("bearer", ""), "deontic": r.get("deontic", ""),
            "trigger": r.get("trigger", ""), "aim": r.get("aim", ""), "issuer": r.get("issuer", ""),
            "page": _page_number(r.get("page", "")), "sentence": r.get("sentence", "")}


def _sort(rows: list[dict[str, Any]], columns: Sequence[str], keys: Sequence[str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(columns))
    if not frame.empty:
        frame = frame.sort_values(list(keys), kind="mergesort", key=lambda s: s.astype(str).str.casefold()
                                  if s.dtype == object else s).reset_index(drop=True)
    return frame


def diff_editions(old: Edition, new: Edition, *, threshold: float = MATCH_THRESHOLD) -> EditionDiff:
    """Compare two editions (see the module docstring)."""
    everything = [*old.sections, *old.entities, *old.obligations]
    display = _display(everything, [*new.sections, *new.entities, *new.obligations])

    # Sections.
    old_sections = {section_key(r.get("country", "")): r for r in old.sections}
    new_sections = {section_key(r.get("country", "")): r for r in new.sections}

    def section_rows(keys: set[str], source: Mapping[str, Mapping[str, str]]) -> pd.DataFrame:
        rows = [{"country": display[k], "iso2": source[k].get("iso2", ""),
                 "page_start": _page_number(source[k].get("page_start", "")),
                 "page_end": _page_number(source[k].get("page_end", "")),
                 "n_words": _page_number(source[k].get("n_words", ""))} for k in keys]
        return _sort(rows, SECTION_COLUMNS, ("country",))

    sections_added = section_rows(set(new_sections) - set(old_sections), new_sections)
    sections_removed = section_rows(set(old_sections) - set(new_sections), old_sections)

    # Entities: distinct folded names per section and label.
    def names(rows: Sequence[Mapping[str, str]]) -> dict[tuple[str, str, str], list[Mapping[str, str]]]:
        grouped: dict[tuple[str, str, str], list[Mapping[str, str]]] = defaultdict(list)
        for r in rows:
            folded = fold_text(r.get("text", ""))
            if folded:
                grouped[(section_key(r.get("country", "")), r.get("label", ""), folded)].append(r)
        return grouped

    old_names, new_names = names(old.entities), names(new.entities)

    def entity_rows(keys: set[tuple[str, str, str]], source: Mapping[tuple[str, str, str], list[Mapping[str, str]]]) -> pd.DataFrame:
        rows = []
        for key in keys:
            mentions = source[key]
            rows.append({"country": display[key[0]], "label": key[1], "text": mentions[0].get("text", ""),
                         "mentions": len(mentions),
                         "first_page": min(_page_number(m.get("page", "")) for m in mentions)})
        return _sort(rows, ENTITY_COLUMNS, ("country", "label", "text"))

    entities_added = entity_rows(set(new_names) - set(old_names), new_names)
    entities_removed = entity_rows(set(old_names) - set(new_names), old_names)

    # Obligations: matched per section by bearer and aim similarity.
    old_groups: dict[str, list[Mapping[str, str]]] = defaultdict(list)
    new_groups: dict[str, list[Mapping[str, str]]] = defaultdict(list)
    for r in old.obligations:
        old_groups[section_key(r.get("country", ""))].append(r)
    for r in new.obligations:
        new_groups[section_key(r.get("country", ""))].append(r)
    added: list[dict[str, Any]] = []
    removed: list[dict[str, Any]] = []
    changed: list[dict[str, Any]] = []
    unchanged = 0
    for key in sorted(set(old_groups) | set(new_groups)):
        o_list, n_list = old_groups.get(key, []), new_groups.get(key, [])
        pairs = match_obligations(o_list, n_list, threshold=threshold)
        for i, j, score in pairs:
            o, n = o_list[i], n_list[j]
            fields = _changed_fields(o, n)
            if not fields:
                unchanged += 1
                continue
            changed.append({
                "country": display[key], "changed": "; ".join(fields), "similarity": score,
                "old_bearer": o.get("bearer", ""), "new_bearer": n.get("bearer", ""),
                "old_deontic": o.get("deontic", ""), "new_deontic": n.get("deontic", ""),
                "old_aim": o.get("aim", ""), "new_aim": n.get("aim", ""),
                "old_page": _page_number(o.get("page", "")), "new_page": _page_number(n.get("page", "")),
                "old_sentence": o.get("sentence", ""), "new_sentence": n.get("sentence", ""),
            })
        matched_old = {i for i, _, _ in pairs}
        matched_new = {j for _, j, _ in pairs}
        removed += [_obligation_row(display[key], o) for i, o in enumerate(o_list) if i not in matched_old]
        added += [_obligation_row(display[key], n) for j, n in enumerate(n_list) if j not in matched_new]

    result = EditionDiff(
        old=old.source, new=new.source,
        sections_added=sections_added, sections_removed=sections_removed,
        entities_added=entities_added, entities_removed=entities_removed,
        obligations_added=_sort(added, OBLIGATION_COLUMNS, ("country", "page", "bearer", "aim")),
        obligations_removed=_sort(removed, OBLIGATION_COLUMNS, ("country", "page", "bearer", "aim")),
        obligations_changed=_sort(changed, CHANGED_COLUMNS, ("country", "new_page", "new_bearer", "new_aim")),
        unchanged_obligations=unchanged,
    )
    result.counts = {name: len(frame) for name, frame in result.tables().items()}
    result.counts["obligations_unchanged"] = unchanged
    return result


# --------------------------------------------------------------------------- output


def write_diff(result: EditionDiff, destination: Path, *, threshold: float = MATCH_THRESHOLD) -> None:
    """Write the diff tables and a manifest into `destination`, all or nothing (E011 if it cannot)."""
    manifest = {"old": result.old, "new": result.new, "match_threshold": threshold, "counts": result.counts}
    write_outputs(destination, result.tables(), manifest)


def _short(text: str, width: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def format_summary(result: EditionDiff, *, limit: int = 10) -> str:
    """A few readable lines: counts, then the first `limit` changes of each kind."""
    c = result.counts
    lines = [f"diff {result.old} -> {result.new}"]
    added_sections = ", ".join(str(x) or "(introduction)" for x in result.sections_added.country)
    removed_sections = ", ".join(str(x) or "(introduction)" for x in result.sections_removed.country)
    lines.append(f"  sections: {c['sections_added.csv']} added{f' ({added_sections})' if added_sections else ''}, "
                 f"{c['sections_removed.csv']} removed{f' ({removed_sections})' if removed_sections else ''}")
    lines.append(f"  obligations: {c['obligations_added.csv']} added, {c['obligations_removed.csv']} removed, "
                 f"{c['obligations_changed.csv']} changed, {c['obligations_unchanged']} unchanged")
    for r in result.obligations_changed.head(limit).to_dict("records"):
        what = []
        for name in str(r["changed"]).split("; "):
            what.append(f"{name} {r[f'old_{name}']!r} -> {r[f'new_{name}']!r}")
        lines.append(f"    changed  {r['country'] or '(introduction)'}, p.{r['new_page']}: {r['new_bearer']}: {'; '.join(what)}")
    for kind, frame in (("added", result.obligations_added), ("removed", result.obligations_removed)):
        for r in frame.head(limit).to_dict("records"):
            lines.append(f"    {kind:<8} {r['country'] or '(introduction)'}, p.{r['page']}: "
                         f"{r['bearer']} {r['deontic']}: {_short(str(r['aim']))}")
        if len(frame) > limit:
            lines.append(f"    ... and {len(frame) - limit} more in obligations_{kind}.csv")
    for kind, frame in (("added", result.entities_added), ("removed", result.entities_removed)):
        if frame.empty:
            lines.append(f"  entities {kind}: 0")
            continue
        per = frame.groupby(["country", "label"], sort=True).size()
        lines.append(f"  entities {kind}: {len(frame)} ("
                     + ", ".join(f"{country or '(introduction)'} {label} {n}" for (country, label), n in per.items())
                     + ")")
    return "\n".join(lines)
