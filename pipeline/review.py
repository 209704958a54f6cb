"""Review page: one self-contained `review.html` a researcher opens in a browser to check a run.

Built from the run's tables (sections, entities, obligations, footnotes,
countries, and when present metrics/errors of a gold evaluation and
`countries_evidence.csv`) and the sections' body text; it fetches nothing (no
external script, font or stylesheet: inline CSS, a few lines of inline script
for the filters, inline SVG for the chart) and every text from the PDF is
escaped with `html.escape`. The same tables give byte-identical bytes.

What it shows, per country section: the body text with entity mentions in
displaCy's "ent" markup (`<mark class="entity">text<span>LABEL</span></mark>`,
spaCy's default label colours), each sentence an anchor; each obligation with
bearer, trigger and aim marked in its sentence, its deontic class, issuer, page
and rule; the footnotes with their mentions. Then the country comparison, every
cell linking to the sentences (or obligation cards) it comes from. With a gold
evaluation: false positives outlined and missed gold underlined in the text,
a per-label precision/recall chart and the full metrics and errors tables.

Nesting ("nest or split"): marks are laid in layers (sentence, entity, missed
entity, missed obligation quote), outer first; a mark of an inner layer that
crosses the boundary of an outer one is cut at that boundary, so the HTML is
always well nested whatever the spans (overlaps inside one layer: the first
one, by start then length, wins).

Gold errors carry no offsets (`errors.csv`: country, label, texts, sentence):
a false positive is the first not yet marked mention with the same section,
label, text and sentence; a missed mention is looked for (case-insensitively,
white space collapsed) in the sentence the evaluation names.

Filters (country, label, deontic class) are checkboxes; the script hides rows
and cards and removes highlights, and keeps the hidden values in the address
(`review.html#hide=country:France,label:DATE`) so a filtered view can be
bookmarked. Without script everything is shown.
"""

from __future__ import annotations

import html
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .sections import heading_country
from .table import Table, as_table, is_missing

if TYPE_CHECKING:  # a run hands Tables; tests and other callers may hand DataFrames
    import pandas as pd

# The five labels of the guidelines, coloured like the spaCy labels they resemble in displaCy
# (spacy.displacy.render.DEFAULT_LABEL_COLORS of ORG, LAW, PERSON, GPE, DATE; written out so
# that a cached re-run need not import spaCy; tests/test_imports.py checks they still agree).
DISPLACY_LABEL_OF = {"ORG": "ORG", "POLICY": "LAW", "ACTOR": "PERSON", "PLACE": "GPE", "DATE": "DATE"}
LABEL_COLOURS = {"ORG": "#7aecec", "POLICY": "#ff8197", "ACTOR": "#aa9cfc", "PLACE": "#feca74", "DATE": "#bfe1d9"}
OTHER_LABEL_COLOUR = "#ddd"
DEONTIC_COLOURS = {
    "obligation": "#c62828",
    "prohibition": "#6a1b9a",
    "recommendation": "#1565c0",
    "permission": "#2e7d32",
    "responsibility": "#ef6c00",
}
INTRODUCTION = "(introduction)"  # how the evaluation names the section whose country is ""
ALL_COUNTRIES = "ALL"
STRICT, LENIENT = "strict", "lenient"
# A comparison link's tooltip quotes its sentence up to this many characters (page size).
TOOLTIP_CHARS = 300
# Chart geometry (SVG user units).
CHART_PLOT_HEIGHT = 150
CHART_GROUP_WIDTH = 64
CHART_BAR_WIDTH = 22
CHART_LEFT = 34
CHART_TOP = 24
CHART_BOTTOM = 28
CHART_MIN_WIDTH = 150
# A comparison cell longer than this is given a wider column, so long lists do not make tall rows.
LONG_CELL_CHARS = 60  # room for the title of a one-group chart
SERIES_COLOURS = {"precision": "#1f77b4", "recall": "#ff7f0e"}

# Layers of the text marks, outer first (see "Nesting" above).
SENTENCE_LAYER, ENTITY_LAYER, MISSED_LAYER, MISSED_OBLIGATION_LAYER = 0, 1, 2, 3
ROLE_LAYER = 1  # bearer, trigger and aim inside an obligation's sentence


@dataclass(frozen=True)
class Mark:
    """An element around text[start:end]: `open` tag, `close` tag, and `tail` (HTML put
    before the close tag of the last piece only, e.g. displaCy's label)."""

    start: int
    end: int
    layer: int
    open: str
    close: str
    tail: str = ""


def esc(value: Any) -> str:
    return html.escape(cell_text(value), quote=True)


def cell_text(value: Any) -> str:
    """A table cell as the CSV shows it: empty for missing, floats with 4 decimals."""
    if value is None or type(value).__name__ == "NAType":  # pandas' NA, known without importing pandas
        return ""
    if isinstance(value, float):
        return "" if math.isnan(value) else f"{value:.4f}"
    return str(value)


def render_marks(text: str, marks: Iterable[Mark]) -> str:
    """`text` escaped, with `marks` nested by layer (overlaps in a layer: first wins; an inner
    mark crossing an outer boundary is cut there)."""
    by_layer: dict[int, list[Mark]] = defaultdict(list)
    for m in sorted(marks, key=lambda m: (m.layer, m.start, -m.end)):
        if not 0 <= m.start < m.end <= len(text):
            continue
        kept = by_layer[m.layer]
        if kept and any(k.start < m.end and m.start < k.end for k in kept):
            continue
        kept.append(m)
    pieces: list[tuple[int, int, Mark, bool]] = []  # start, end, mark, is last piece
    cuts: list[int] = []
    for layer in sorted(by_layer):
        for m in by_layer[layer]:
            inner = sorted({c for c in cuts if m.start < c < m.end})
            bounds = [m.start, *inner, m.end]
            for i in range(len(bounds) - 1):
                pieces.append((bounds[i], bounds[i + 1], m, i == len(bounds) - 2))
        cuts.extend(p for m in by_layer[layer] for p in (m.start, m.end))
    # Opens at a position: outer (lower layer, longer) first; closes: inner first.
    opens: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    closes: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    for start, end, m, last in pieces:
        opens[start].append((m.layer, -end, m.open))
        closes[end].append((-m.layer, start, (m.tail if last else "") + m.close))
    out: list[str] = []
    positions = sorted({0, len(text), *opens, *closes})
    for a, b in zip(positions, positions[1:] + [len(text)]):
        out.extend(tag for *_, tag in sorted(closes.get(a, []), key=lambda t: (t[0], -t[1])))
        out.extend(tag for *_, tag in sorted(opens.get(a, [])))
        out.append(html.escape(text[a:b], quote=False))
    return "".join(out)


def _words_pattern(words: str) -> re.Pattern[str] | None:
    parts = words.split()
    if not parts:
        return None
    return re.compile(r"\s+".join(re.escape(p) for p in parts), re.IGNORECASE)


# Characters outside ASCII that re.IGNORECASE matches to an ASCII letter (dotted I, dotless i,
# long s, Kelvin sign; tests/test_review_find_text.py checks every code point).
_FOLDS_TO_ASCII = "\u0130\u0131\u017f\u212a"
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


@lru_cache(maxsize=64)
def _folded(text: str) -> str | None:
    """`text` with ASCII capitals lowered (same length and offsets), None when it holds a character
    that folds to an ASCII letter (then only the regular expression matches as re.IGNORECASE does)."""
    if any(c in text for c in _FOLDS_TO_ASCII):
        return None
    return text.translate(_ASCII_LOWER)


def _plain_words(needle: str) -> list[str] | None:
    """The needle's words with ASCII capitals lowered, if each character is ASCII or has no case
    (re.IGNORECASE compares such a character as it is); else None."""
    words = needle.split()
    if not all(c.isascii() or c.lower() == c == c.upper() for word in words for c in word):
        return None
    return [word.translate(_ASCII_LOWER) for word in words]


def _find_words(folded: str, words: list[str], lo: int, hi: int) -> list[tuple[int, int]]:
    """What `re.finditer(r"\\s+".join(words), IGNORECASE)` finds in text[lo:hi] (non-overlapping,
    leftmost first), on the folded text: the first word by `str.find`, each next one after a run
    of white space. No pattern is compiled (a compile per sentence was most of the review page's time)."""
    found: list[tuple[int, int]] = []
    first, rest = words[0], words[1:]
    at = folded.find(first, lo, hi)
    while at >= 0:
        end = at + len(first)
        for word in rest:
            gap = end
            while end < hi and folded[end].isspace():
                end += 1
            if end == gap or not folded.startswith(word, end, hi):
                end = -1
                break
            end += len(word)
        if end >= 0:
            found.append((at, end))
            at = folded.find(first, end, hi)
        else:
            at = folded.find(first, at + 1, hi)
    return found


def find_text(text: str, needle: str, *, lo: int = 0, hi: int | None = None, prefer: int | None = None) -> tuple[int, int] | None:
    """(start, end) of `needle` in text[lo:hi], case-insensitive, any white space between its
    words; the occurrence starting nearest `prefer` (default: the first)."""
    hi = len(text) if hi is None else hi
    words = _plain_words(needle)
    folded = _folded(text) if words else None
    if words and folded is not None:
        found = _find_words(folded, words, max(lo, 0), max(0, min(hi, len(text))))  # as re clamps pos and endpos
    else:
        pattern = _words_pattern(needle)
        if pattern is None:
            return None
        found = [(m.start(), m.end()) for m in pattern.finditer(text, lo, hi)]
    if not found:
        return None
    if prefer is None:
        return found[0]
    return min(found, key=lambda se: (abs(se[0] - prefer), se[0]))


@lru_cache(maxsize=4096)
def section_key(country: str) -> str:
    """The evaluation's section key: the ISO code of a country name, else the collapsed, case-folded name."""
    if country in ("", INTRODUCTION):
        return ""
    named = heading_country(country)
    return named[1] if named else " ".join(country.casefold().split())


def collapse(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------- pieces shared with the sample page


def entity_anchor(row: int) -> str:
    """The id of the mark of row `row` (0-based) of entities.csv in review.html."""
    return f"e{row}"


def obligation_anchor(row: int) -> str:
    """The id of the card of row `row` (0-based) of obligations.csv in review.html."""
    return f"ob{row}"


def entity_mark(start: int, end: int, label: str, *, anchor: str = "", title: str = "",
                classes: Sequence[str] = ()) -> Mark:
    """A mention in displaCy's "ent" markup (`<mark class="entity">text<span>LABEL</span></mark>`)."""
    anchor_attribute = f' id="{esc(anchor)}"' if anchor else ""
    title_attribute = f' title="{esc(title)}"' if title else ""
    return Mark(
        start, end, ENTITY_LAYER,
        f'<mark class="{" ".join(["entity", *classes])}"{anchor_attribute} data-label="{esc(label)}"{title_attribute}>',
        "</mark>",
        f'<span class="lbl">{esc(label)}</span>',
    )


def obligation_marks(sentence: str, *, bearer: str, trigger: str, aim: str) -> list[Mark]:
    """Bearer, trigger and aim marked in an obligation's sentence: the trigger (its parts, if
    split), the bearer's text nearest it, the aim after it (else anywhere)."""
    marks: list[Mark] = []
    trigger_spans = _trigger_span(sentence, trigger)
    marks.extend(Mark(s, e, ROLE_LAYER, '<span class="role trigger">', "</span>") for s, e in trigger_spans)
    pivot = trigger_spans[0][0] if trigger_spans else 0
    bearer_span = find_text(sentence, bearer, prefer=pivot)
    if bearer_span:
        marks.append(Mark(bearer_span[0], bearer_span[1], ROLE_LAYER, '<span class="role bearer">', "</span>"))
    after = trigger_spans[-1][1] if trigger_spans else 0
    aim_span = find_text(sentence, aim, lo=after) or find_text(sentence, aim)
    if aim_span:
        marks.append(Mark(aim_span[0], aim_span[1], ROLE_LAYER, '<span class="role aim">', "</span>"))
    return marks


def page_css() -> str:
    """The review page's style sheet with the label and deontic colours (inline in a page)."""
    rules = [CSS]
    for label, colour in LABEL_COLOURS.items():
        rules.append(f'mark.entity[data-label="{label}"], .swatch.l-{label} {{ background: {colour}; }}\n')
    for deontic, colour in DEONTIC_COLOURS.items():
        rules.append(f'.deontic.d-{deontic}, .obref[data-deontic="{deontic}"] {{ background: {colour}; }}\n')
    return "".join(rules)


# --------------------------------------------------------------------------- model of the page


@dataclass
class SectionView:
    """One section: its text, the sentence anchors in it, and the marks to draw."""

    index: int
    country: str
    row: dict[str, Any]
    text: str
    sentences: list[tuple[int, int]] = field(default_factory=list)  # sorted (start, end)
    sentence_ids: dict[tuple[int, int], str] = field(default_factory=dict)
    by_sentence: dict[str, list[tuple[int, int]]] = field(default_factory=dict)  # collapsed text → spans
    marks: list[Mark] = field(default_factory=list)
    sentence_tails: dict[tuple[int, int], list[str]] = field(default_factory=dict)
    entity_rows: list[int] = field(default_factory=list)
    obligation_rows: list[int] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)  # <li> items of missed gold
    # (start, end, label) of a missed gold mention → its schemes (a lenient miss is a strict one too)
    missed_spans: dict[tuple[int, int, str], list[str]] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.country or INTRODUCTION

    def add_sentence(self, start: int, end: int) -> None:
        if (start, end) in self.sentence_ids or not 0 <= start < end <= len(self.text):
            return
        if any(s < end and start < e for s, e in self.sentences):
            return
        self.sentences.append((start, end))
        self.sentences.sort()
        self.sentence_ids[(start, end)] = ""  # numbered in finish()
        self.by_sentence.setdefault(collapse(self.text[start:end]), []).append((start, end))

    def finish(self) -> None:
        for k, span in enumerate(self.sentences):
            self.sentence_ids[span] = f"s{self.index}-{k}"

    def sentence_at(self, offset: int) -> tuple[int, int] | None:
        return next(((s, e) for s, e in self.sentences if s <= offset < e), None)

    def locate_sentence(self, sentence: str, *, near: int | None = None) -> tuple[int, int] | None:
        """The anchored sentence whose collapsed text is `sentence` (nearest `near`), else one
        that contains it or is contained in it."""
        sentence = collapse(sentence)
        if not sentence:
            return None
        spans = self.by_sentence.get(sentence)
        if not spans:
            spans = [sp for text, group in self.by_sentence.items() if sentence in text or (len(text) > 20 and text in sentence) for sp in group]
        if not spans:
            return None
        if near is None:
            return min(spans)
        return min(spans, key=lambda sp: (abs(sp[0] - near), sp[0]))


def _frame(tables: Mapping[str, Table | pd.DataFrame], name: str) -> Table | None:
    frame = tables.get(name)
    return as_table(frame) if frame is not None else None


def _rows(frame: Table | pd.DataFrame | None) -> list[dict[str, Any]]:
    if frame is None:
        return []
    return as_table(frame).records()


def _int(value: Any, default: int = -1) -> int:
    try:
        if is_missing(value):
            return default
        return int(value)
    except (TypeError, ValueError):
        return default


def _str(value: Any) -> str:
    return cell_text(value)


def _ordered(values: Iterable[str], preferred: Sequence[str]) -> list[str]:
    present = list(dict.fromkeys(values))
    return [v for v in preferred if v in present] + sorted(v for v in present if v not in preferred)


def _deontic_order() -> list[str]:
    from .compare import comparison_rules

    return list(comparison_rules().get("deontic_classes", DEONTIC_COLOURS))


# --------------------------------------------------------------------------- the builder


class _Builder:
    def __init__(
        self,
        tables: Mapping[str, Table | pd.DataFrame],
        texts: Sequence[str],
        sentences: Table | pd.DataFrame | None,
        title: str,
    ) -> None:
        self.title = title
        self.section_rows = _rows(_frame(tables, "sections.csv"))
        self.entities = _rows(_frame(tables, "entities.csv"))
        self.obligations = _rows(_frame(tables, "obligations.csv"))
        self.footnotes = _rows(_frame(tables, "footnotes.csv"))
        self.countries = _frame(tables, "countries.csv")
        self.metrics = _frame(tables, "metrics.csv")
        self.errors_frame = _frame(tables, "errors.csv")
        self.errors = _rows(self.errors_frame)
        self.evidence = _rows(_frame(tables, "countries_evidence.csv"))
        self.evidence_by_cell: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
        for ev in self.evidence:
            self.evidence_by_cell[(section_key(_str(ev.get("country"))), _str(ev.get("column")))].append(ev)
        self.whole_report_metrics = {
            (_str(m.get("task")), _str(m.get("scheme")), _str(m.get("label"))): m
            for m in reversed(_rows(self.metrics)) if _str(m.get("country")) == ALL_COUNTRIES
        }
        self.has_gold = self.metrics is not None
        texts = list(texts) + [""] * max(0, len(self.section_rows) - len(texts))
        self.views = [
            SectionView(i, _str(row.get("country")), row, texts[i]) for i, row in enumerate(self.section_rows)
        ]
        self.views_by_key: dict[str, list[SectionView]] = defaultdict(list)
        for view in self.views:
            self.views_by_key[section_key(view.country)].append(view)
        self.display_country = {section_key(v.country): v.country for v in reversed(self.views)}
        self.entity_view: dict[int, SectionView] = {}
        self.footnote_entities: dict[int, list[int]] = defaultdict(list)  # footnote row → entity rows
        self.obligation_view: dict[int, SectionView] = {}
        self.fp_schemes: dict[int, list[str]] = defaultdict(list)  # entity row → schemes
        self.obligation_notes: dict[int, list[str]] = defaultdict(list)  # obligation row → gold notes (HTML)
        self.obligation_fp: set[int] = set()
        self.error_links: dict[int, str] = {}  # errors row → href
        self.labels = _ordered((_str(e.get("label")) for e in self.entities), list(LABEL_COLOURS))
        self.deontics = _ordered((_str(o.get("deontic")) for o in self.obligations), _deontic_order())
        self._anchor_sentences(sentences)
        self._place_entities()
        self._place_obligations()
        if self.errors:
            self._place_errors()

    # ----------------------------------------------------------------- placing rows in the text

    def _view_for(self, country: str, start: int, end: int, text: str) -> SectionView | None:
        candidates = self.views_by_key.get(section_key(country), [])
        for view in candidates:
            if view.text[start:end] == text:
                return view
        return candidates[0] if candidates else None

    def _anchor_sentences(self, sentences: Table | pd.DataFrame | None) -> None:
        """Every sentence of the `sentences` table (in order per section), then the sentences
        of the obligation and entity rows, becomes an anchor."""
        if sentences is not None:
            cursor: dict[int, int] = defaultdict(int)
            for row in _rows(sentences):
                views = self.views_by_key.get(section_key(_str(row.get("country"))), [])
                for view in views:
                    found = find_text(view.text, _str(row.get("sentence")), lo=cursor[view.index])
                    if found:
                        view.add_sentence(*found)
                        cursor[view.index] = found[1]
                        break
        for i, ob in enumerate(self.obligations):
            start, end = _int(ob.get("start")), _int(ob.get("end"))
            ob_view = self._view_for(_str(ob.get("country")), start, end, "")
            if ob_view is None:
                continue
            if collapse(ob_view.text[start:end]) != collapse(_str(ob.get("sentence"))):
                found = find_text(ob_view.text, _str(ob.get("sentence")), prefer=max(start, 0))
                if not found:
                    continue
                start, end = found
            ob_view.add_sentence(start, end)
        for e in self.entities:
            if _str(e.get("source")) == "footnote":
                continue
            start, end = _int(e.get("start")), _int(e.get("end"))
            e_view = self._view_for(_str(e.get("country")), start, end, _str(e.get("text")))
            if e_view is None or e_view.sentence_at(max(start, 0)):
                continue
            found = find_text(e_view.text, _str(e.get("sentence")), prefer=max(start, 0))
            if found:
                e_view.add_sentence(*found)
        for view in self.views:
            view.finish()

    def _entity_mark(self, i: int, e: Mapping[str, Any], start: int, end: int) -> Mark:
        label = _str(e.get("label"))
        details = [label]
        for key in ("normalized", "actor_type", "level"):
            if _str(e.get(key)):
                details.append(f"{key}: {_str(e.get(key))}")
        details.append(f"page {_str(e.get('page'))}")
        details.append(f"rule {_str(e.get('rule'))}")
        if self.fp_schemes.get(i):
            details.append("false positive (" + ", ".join(self.fp_schemes[i]) + ")")
        return entity_mark(start, end, label, anchor=entity_anchor(i), title=" · ".join(details),
                           classes=[f"fp-{s}" for s in self.fp_schemes.get(i, [])])

    def _place_entities(self) -> None:
        footnotes_by_place: dict[tuple[str, int], list[int]] = defaultdict(list)
        for j, note in enumerate(self.footnotes):
            footnotes_by_place[(section_key(_str(note.get("country"))), _int(note.get("page")))].append(j)
        for i, e in enumerate(self.entities):
            start, end, text = _int(e.get("start")), _int(e.get("end")), _str(e.get("text"))
            if _str(e.get("source")) == "footnote":
                place = (section_key(_str(e.get("country"))), _int(e.get("page")))
                number = _int(e.get("footnote", e.get("footnote_number")))
                candidates = footnotes_by_place.get(place, [])
                fitting = [j for j in candidates if _str(self.footnotes[j].get("text"))[start:end] == text]
                if number >= 0:
                    fitting = [j for j in fitting if _int(self.footnotes[j].get("number")) == number] or fitting
                if fitting:
                    self.footnote_entities[fitting[0]].append(i)
                continue
            view = self._view_for(_str(e.get("country")), start, end, text)
            if view is None:
                continue
            if view.text[start:end] != text:
                found = find_text(view.text, text)
                if not found:
                    continue
                start, end = found
            self.entity_view[i] = view
            view.entity_rows.append(i)

    def _place_obligations(self) -> None:
        for i, ob in enumerate(self.obligations):
            view = self._view_for(_str(ob.get("country")), 0, 0, "")
            if view is None:
                continue
            self.obligation_view[i] = view
            view.obligation_rows.append(i)
            span = view.locate_sentence(_str(ob.get("sentence")), near=max(_int(ob.get("start")), 0))
            if span:
                deontic = _str(ob.get("deontic"))
                view.sentence_tails.setdefault(span, []).append(
                    f'<a class="obref" href="#{obligation_anchor(i)}" data-deontic="{esc(deontic)}" '
                    f'title="{esc(deontic)}: {esc(ob.get("bearer"))}">{esc(deontic[:1].upper())}</a>'
                )

    def _place_errors(self) -> None:
        """Mark false positives and missed gold (see the module docstring)."""
        taken: set[tuple[str, int]] = set()  # (scheme, entity row) already marked
        for k, err in enumerate(self.errors):
            task, scheme, kind = _str(err.get("task")), _str(err.get("scheme")), _str(err.get("kind"))
            key = section_key(_str(err.get("country")))
            label, sentence = _str(err.get("label")), _str(err.get("sentence"))
            if task == "entities" and kind == "false_positive":
                for i, e in enumerate(self.entities):
                    if ((scheme, i) not in taken and _str(e.get("source")) == "body"
                            and section_key(_str(e.get("country"))) == key and _str(e.get("label")) == label
                            and _str(e.get("text")) == _str(err.get("predicted"))
                            and collapse(_str(e.get("sentence"))) == collapse(sentence)):
                        taken.add((scheme, i))
                        self.fp_schemes[i].append(scheme)
                        self.error_links[k] = f"#{entity_anchor(i)}"
                        break
            elif task == "entities" and kind == "false_negative":
                self._mark_missed_entity(k, key, scheme, label, _str(err.get("gold")), sentence, err.get("page"))
            elif task == "obligations":
                self._mark_obligation_error(k, key, kind, err)

    def _mark_missed_entity(self, k: int, key: str, scheme: str, label: str, gold: str, sentence: str, page: Any) -> None:
        views = self.views_by_key.get(key, [])
        where = ""
        for view in views:
            span = view.locate_sentence(sentence) if sentence else None
            found = find_text(view.text, gold, lo=span[0], hi=span[1]) if span else None
            if found and span:
                view.missed_spans.setdefault((found[0], found[1], label), []).append(scheme)
                where = f"#{view.sentence_ids[span]}"
                self.error_links[k] = where
                break
        target = views[0] if views else None
        if target is not None:
            link = f' <a href="{where}">in text</a>' if where else " (not found in the text)"
            target.missed.append(
                f'<li class="missed-item {esc(scheme)}" data-label="{esc(label)}"><span class="tag">{esc(scheme)}</span> '
                f'<b>{esc(label)}</b> “{esc(gold)}”{link}</li>')

    def _mark_obligation_error(self, k: int, key: str, kind: str, err: Mapping[str, Any]) -> None:
        predicted, gold = _str(err.get("predicted")), _str(err.get("gold"))
        sentence, label = _str(err.get("sentence")), _str(err.get("label"))
        if kind == "false_negative":
            views = self.views_by_key.get(key, [])
            where = ""
            for view in views:
                found = find_text(view.text, sentence)
                if found:
                    view.marks.append(Mark(found[0], found[1], MISSED_OBLIGATION_LAYER,
                                           f'<span class="missed-ob" title="missed gold obligation: {esc(gold)}">', "</span>"))
                    span = view.sentence_at(found[0])
                    where = f"#{view.sentence_ids[span]}" if span else ""
                    break
            if where:
                self.error_links[k] = where
            if views:
                link = f' <a href="{where}">in text</a>' if where else ""
                views[0].missed.append(
                    f'<li class="missed-item" data-deontic="{esc(label)}"><span class="tag">obligation</span> '
                    f'{esc(gold)} — “{esc(sentence)}”{link}</li>')
            return
        for i, ob in enumerate(self.obligations):
            if section_key(_str(ob.get("country"))) != key or collapse(_str(ob.get("sentence"))) != collapse(sentence):
                continue
            cell = f"{_str(ob.get('bearer'))} | {_str(ob.get('deontic'))} | {_str(ob.get('aim'))}"
            if kind == "issuer_mismatch":
                cell += f" | issuer: {_str(ob.get('issuer'))}"
            if cell != predicted:
                continue
            if kind == "false_positive":
                if i in self.obligation_fp:
                    continue
                self.obligation_fp.add(i)
                self.obligation_notes[i].append('<span class="gold-note">false positive: no gold obligation matches</span>')
            else:
                what = "deontic class" if kind == "deontic_mismatch" else "issuer"
                self.obligation_notes[i].append(f'<span class="gold-note">{what} differs from the gold: {esc(gold)}</span>')
            self.error_links[k] = f"#{obligation_anchor(i)}"
            break

    # ----------------------------------------------------------------- rendering

    def render(self) -> str:
        parts = [
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n",
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
            f"<title>Review: {esc(self.title)}</title>\n<style>\n{page_css()}</style>\n</head>\n<body>\n",
            self._header(),
            self._filters(),
            self._legend(),
            '<main>\n',
            self._scores() if self.has_gold else "",
            self._comparison(),
            '<section id="sections">\n<h2>Sections</h2>\n',
            *(self._section(view) for view in self.views),
            "</section>\n",
            self._errors_table() if self.has_gold else "",
            "</main>\n",
            f"<script>\n{SCRIPT}</script>\n</body>\n</html>\n",
        ]
        return "".join(parts)

    def _header(self) -> str:
        n_body = sum(1 for e in self.entities if _str(e.get("source")) != "footnote")
        counts = (f"{len(self.views)} sections · {len(self.entities)} entity mentions ({n_body} in the body) · "
                  f"{len(self.obligations)} obligations · {len(self.footnotes)} footnotes")
        gold = "scored against a gold file" if self.has_gold else "no gold file: not scored"
        return (f'<header>\n<h1>Review: {esc(self.title)}</h1>\n<p class="counts" id="counts" '
                f'data-sections="{len(self.views)}" data-entities="{len(self.entities)}" '
                f'data-obligations="{len(self.obligations)}" data-footnotes="{len(self.footnotes)}">'
                f'{esc(counts)} · {esc(gold)}</p>\n'
                '<nav>' + ('<a href="#scores">scores</a> · ' if self.has_gold else "")
                + ('<a href="#comparison">country comparison</a> · ' if self.countries is not None else "")
                + '<a href="#sections">sections</a>' + (' · <a href="#errors">errors</a>' if self.has_gold else "")
                + "</nav>\n</header>\n")

    def _filters(self) -> str:
        def group(dim: str, title: str, values: Sequence[tuple[str, str, str]]) -> str:
            boxes = "".join(
                f'<label><input type="checkbox" data-dim="{dim}" value="{esc(value)}" checked>{swatch}{esc(shown)}</label>\n'
                for value, shown, swatch in values
            )
            return (f'<fieldset class="filter" id="filter-{dim}"><legend>{title} '
                    f'<button type="button" data-all="{dim}">all</button>'
                    f'<button type="button" data-none="{dim}">none</button></legend>\n{boxes}</fieldset>\n')

        countries = [(v.country, v.name, "") for v in self.views]
        countries = list({c[0]: c for c in countries}.values())
        labels = [(label, label, f'<span class="swatch l-{esc(label)}"></span>') for label in self.labels]
        deontics = [(d, d, f'<span class="deontic d-{esc(d)}"></span>') for d in self.deontics]
        return ('<div class="filters" id="filters">\n'
                + group("country", "Country", countries) + group("label", "Label", labels)
                + group("deontic", "Deontic class", deontics) + "</div>\n")

    def _legend(self) -> str:
        gold = ""
        if self.has_gold:
            gold = (' · <mark class="entity fp-lenient">false positive</mark> (lenient), '
                    '<mark class="entity fp-strict">strict only</mark> · '
                    '<u class="missed lenient">missed gold</u> (lenient), <u class="missed strict">strict only</u> · '
                    '<span class="missed-ob">missed obligation</span>')
        return ('<p class="legend">Mentions as displaCy marks them; obligations: '
                '<span class="role bearer">bearer</span> <span class="role trigger">trigger</span> '
                f'<span class="role aim">aim</span>; a letter after a sentence links to its obligation{gold}.</p>\n')

    # ----------------------------------------------------------------- scores

    def _metric(self, task: str, scheme: str, label: str) -> dict[str, Any] | None:
        return self.whole_report_metrics.get((task, scheme, label))

    def _scores(self) -> str:
        charts = []
        labels = [*LABEL_COLOURS, "micro"]
        for scheme in (STRICT, LENIENT):
            groups = [(label, self._metric("entities", scheme, label)) for label in labels]
            charts.append(bar_chart(f"entities, {scheme}", f"entities/{scheme}", groups))
        charts.append(bar_chart("obligations", "obligations/match", [("all", self._metric("obligations", "match", "all"))]))
        return ('<section id="scores">\n<h2>Scores against the gold file</h2>\n'
                '<p>Precision and recall per label over the whole report (hover a bar for its counts); '
                'every row of <code>metrics.csv</code> is in the table below.</p>\n'
                f'<div class="charts">{"".join(charts)}</div>\n'
                + self._table("metrics", self.metrics, country_column="country") + "</section>\n")

    def _table(self, name: str, frame: Table | None, *, country_column: str | None = None,
               links: Mapping[int, str] | None = None, open_: bool = False) -> str:
        """A CSV table as HTML, one <tr data-row> per row; cells as the CSV writes them."""
        if frame is None:
            return ""
        head = "".join(f"<th>{esc(c)}</th>" for c in frame.columns)
        body = []
        for k, row in enumerate(_rows(frame)):
            attrs = [f'data-row="{k}"']
            if country_column:
                country = _str(row.get(country_column))
                if country != ALL_COUNTRIES:
                    attrs.append(f'data-country="{esc(self.display_country.get(section_key(country), country))}"')
            if name == "errors":
                if _str(row.get("task")) == "entities":
                    attrs.append(f'data-label="{esc(row.get("label"))}"')
                else:
                    attrs.append(f'data-deontic="{esc(row.get("label"))}"')
            cells = "".join(f'<td data-col="{esc(c)}">{esc(row.get(c))}</td>' for c in frame.columns)
            href = (links or {}).get(k)
            link = f'<td><a href="{esc(href)}">show</a></td>' if href else ("<td></td>" if links is not None else "")
            body.append(f'<tr {" ".join(attrs)}>{cells}{link}</tr>\n')
        extra = "<th></th>" if links is not None else ""
        return (f'<details class="table" id="{name}-table"{" open" if open_ else ""}><summary>{esc(name)}.csv ({len(frame)} rows)</summary>\n'
                f'<div class="scroll"><table id="table-{name}"><thead><tr>{head}{extra}</tr></thead>\n<tbody>\n'
                + "".join(body) + "</tbody></table></div></details>\n")

    def _errors_table(self) -> str:
        return ('<section id="errors">\n<h2>Errors against the gold file</h2>\n'
                '<p>Every row of <code>errors.csv</code>; “show” goes to the mention, obligation or sentence.</p>\n'
                + self._table("errors", self.errors_frame, country_column="country", links=self.error_links, open_=True)
                + "</section>\n")

    # ----------------------------------------------------------------- comparison

    def _evidence_links(self, country: str, column: str, value: str) -> list[tuple[str, str, str]]:
        """(href, text, tooltip) for a comparison cell."""
        key = section_key(country)
        views = self.views_by_key.get(key, [])
        links: list[tuple[str, str, str]] = []
        if self.evidence:
            for ev in self.evidence_by_cell.get((key, column), []):
                sentence = _str(ev.get("sentence"))
                href = self._obligation_evidence(key, sentence, _str(ev.get("value")))
                for view in views if not href else []:
                    span = view.locate_sentence(sentence)
                    if span:
                        href = f"#{view.sentence_ids[span]}"
                        break
                links.append((href, f"p.{_str(ev.get('page'))}", f"{_str(ev.get('value'))}: {sentence}"))
            return links
        return self._derived_links(key, column, value)

    def _obligation_evidence(self, key: str, sentence: str, value: str) -> str:
        """The card of the obligation an evidence row cites (its sentence, and a value naming the
        obligation's deontic class and aim), else "" (the sentence is linked instead)."""
        sentence = collapse(sentence)
        same = [i for i, ob in enumerate(self.obligations)
                if section_key(_str(ob.get("country"))) == key and collapse(_str(ob.get("sentence"))) == sentence]
        named = [i for i in same if _str(self.obligations[i].get("aim")) in value
                 and _str(self.obligations[i].get("deontic")) in value]
        return f"#{obligation_anchor(named[0])}" if len(named) == 1 else ""

    def _derived_links(self, key: str, column: str, value: str) -> list[tuple[str, str, str]]:
        """Without `countries_evidence.csv`: obligation counts link to their obligations, names
        to the first sentence naming them."""
        if value in ("", "0"):
            return []
        obs = [(i, ob) for i, ob in enumerate(self.obligations) if section_key(_str(ob.get("country"))) == key]
        local_types = _local_actor_types()
        chosen: list[int] | None = None
        prefix, _, rest = column.partition("_")
        if column in ("n_obligations", "n_statements"):
            chosen = [i for i, _ in obs]
        elif column == "local_aims":
            chosen = [i for i, ob in obs if _str(ob.get("actor_type")) in local_types]
        elif prefix == "bearer":
            chosen = [i for i, ob in obs if _str(ob.get("actor_type")) == rest]
        elif prefix in ("n", "deontic", "local") and rest in self.deontics:
            chosen = [i for i, ob in obs if _str(ob.get("deontic")) == rest
                      and (prefix != "local" or _str(ob.get("actor_type")) in local_types)]
        if chosen is not None:
            return [(f"#{obligation_anchor(i)}", f"p.{_str(self.obligations[i].get('page'))}",
                     _str(self.obligations[i].get("sentence"))) for i in chosen]
        if column.startswith("measure_") or column.startswith("n_"):
            return []
        links = []
        for part in dict.fromkeys(p.strip() for p in value.split(";")):
            for i, e in enumerate(self.entities):
                if i not in self.entity_view or section_key(_str(e.get("country"))) != key:
                    continue
                if part in (_str(e.get("text")), _str(e.get("normalized"))) or (
                        column.endswith("year") and _str(e.get("label")) == "DATE" and part in _str(e.get("text"))):
                    links.append((f"#{entity_anchor(i)}", f"p.{_str(e.get('page'))}", _str(e.get("sentence"))))
                    break
        return links

    def _comparison(self) -> str:
        frame = self.countries
        if frame is None:
            return ""
        source = ("evidence from <code>countries_evidence.csv</code>" if self.evidence else
                  "no <code>countries_evidence.csv</code>: counts of obligations link to the obligations, names to the first mention")
        head = "".join(f"<th>{esc(c)}</th>" for c in frame.columns)
        body = []
        for k, row in enumerate(_rows(frame)):
            country = _str(row.get("country"))
            shown_country = self.display_country.get(section_key(country), country)
            cells = []
            for column in frame.columns:
                value = _str(row.get(column))
                links = self._evidence_links(country, column, value) if column not in ("country", "iso2") else []
                rendered = "".join(
                    f' <a class="ev" href="{esc(href)}" title="{esc(_clip(tip))}">{esc(text)}</a>' if href
                    else f' <span class="ev" title="{esc(_clip(tip))}">{esc(text)}</span>'
                    for href, text, tip in links
                )
                if column == "country":
                    view = next(iter(self.views_by_key.get(section_key(country), [])), None)
                    inner = f'<a href="#c{view.index}">{esc(value)}</a>' if view else esc(value)
                    cells.append(f'<th data-col="country" data-value="{esc(value)}">{inner}</th>')
                else:
                    wide = ' class="long"' if len(value) > LONG_CELL_CHARS else ""
                    cells.append(f'<td{wide} data-col="{esc(column)}" data-value="{esc(value)}">{esc(value)}'
                                 f'{"<span class=evs>" + rendered + "</span>" if rendered else ""}</td>')
            body.append(f'<tr data-row="{k}" data-country="{esc(shown_country)}">{"".join(cells)}</tr>\n')
        return ('<section id="comparison">\n<h2>Country comparison</h2>\n'
                f'<p>One row per country (<code>countries.csv</code>); after a value, its sources: {source}.</p>\n'
                f'<div class="scroll"><table id="countries"><thead><tr>{head}</tr></thead>\n<tbody>\n'
                + "".join(body) + "</tbody></table></div>\n</section>\n")

    # ----------------------------------------------------------------- sections

    def _section(self, view: SectionView) -> str:
        marks = list(view.marks)
        for (start, end, label), schemes in view.missed_spans.items():
            shown = LENIENT if LENIENT in schemes else STRICT
            marks.append(Mark(start, end, MISSED_LAYER,
                              f'<u class="missed {shown}" data-label="{esc(label)}" '
                              f'title="missed gold {esc(label)} ({", ".join(sorted(set(schemes)))})">', "</u>"))
        for span in view.sentences:
            tails = "".join(f"<sup>{t}</sup>" for t in view.sentence_tails.get(span, []))
            marks.append(Mark(span[0], span[1], SENTENCE_LAYER,
                              f'<span class="sent" id="{view.sentence_ids[span]}">', "</span>", tails))
        for i in view.entity_rows:
            e = self.entities[i]
            start, end, text = _int(e.get("start")), _int(e.get("end")), _str(e.get("text"))
            if view.text[start:end] != text:
                found = find_text(view.text, text)
                if not found:
                    continue
                start, end = found
            marks.append(self._entity_mark(i, e, start, end))
        row = view.row
        info = (f'{esc(row.get("iso2"))} · pages {esc(row.get("page_start"))}–{esc(row.get("page_end"))} · '
                f'{len(view.entity_rows)} mentions · {len(view.obligation_rows)} obligations')
        parts = [
            f'<article class="section" id="c{view.index}" data-country="{esc(view.country)}">\n',
            f'<h3>{esc(view.name)} <small>{info}</small></h3>\n',
            f'<div class="entities text">{render_marks(view.text, marks)}</div>\n',
        ]
        if view.obligation_rows:
            parts.append(f"<h4>Obligations ({len(view.obligation_rows)})</h4>\n<ol class=\"obligations\">\n")
            parts.extend(self._obligation_card(i, view) for i in view.obligation_rows)
            parts.append("</ol>\n")
        if view.missed:
            parts.append(f'<h4>Missed gold ({len(view.missed)})</h4>\n<ul class="missed-list">\n'
                         + "\n".join(view.missed) + "\n</ul>\n")
        notes = [j for j, note in enumerate(self.footnotes) if self._footnote_view(note) is view]
        if notes:
            parts.append(f"<h4>Footnotes ({len(notes)})</h4>\n<ol class=\"footnotes\">\n")
            parts.extend(self._footnote(j) for j in notes)
            parts.append("</ol>\n")
        parts.append("</article>\n")
        return "".join(parts)

    def _footnote_view(self, note: Mapping[str, Any]) -> SectionView | None:
        views = self.views_by_key.get(section_key(_str(note.get("country"))), [])
        page = _int(note.get("page"))
        for view in views:
            if _int(view.row.get("page_start")) <= page <= _int(view.row.get("page_end")):
                return view
        return views[0] if views else None

    def _footnote(self, j: int) -> str:
        note = self.footnotes[j]
        text = _str(note.get("text"))
        marks = [self._entity_mark(i, self.entities[i], _int(self.entities[i].get("start")), _int(self.entities[i].get("end")))
                 for i in self.footnote_entities.get(j, [])]
        urls = [u for u in _str(note.get("urls")).split() if re.match(r"https?://", u, re.IGNORECASE)]
        links = "".join(f' <a class="url" href="{esc(u)}" rel="noopener noreferrer">{esc(u)}</a>' for u in urls)
        return (f'<li value="{_int(note.get("number"), 0)}" id="fn{j}"><span class="entities">{render_marks(text, marks)}</span>'
                f' <small>p.{esc(note.get("page"))}</small>{links}</li>\n')

    def _obligation_card(self, i: int, view: SectionView) -> str:
        ob = self.obligations[i]
        sentence_text = _str(ob.get("sentence"))
        span = view.locate_sentence(sentence_text, near=max(_int(ob.get("start")), 0))
        text = view.text[span[0]:span[1]] if span else sentence_text
        marks = obligation_marks(text, bearer=_str(ob.get("bearer_text")) or _str(ob.get("bearer")),
                                 trigger=_str(ob.get("trigger")), aim=_str(ob.get("aim")))
        deontic = _str(ob.get("deontic"))
        fields = [
            ("deontic", f'<span class="deontic d-{esc(deontic)}"></span>{esc(deontic)}'),
            ("bearer", esc(ob.get("bearer")) + (f' (“{esc(ob.get("bearer_text"))}” in the text)'
                                                 if _str(ob.get("bearer_text")) not in ("", _str(ob.get("bearer"))) else "")),
            ("actor type", esc(ob.get("actor_type"))),
            ("trigger", esc(ob.get("trigger"))),
            ("aim", esc(ob.get("aim"))),
            ("issuer", esc(ob.get("issuer")) or "—"),
            ("page", esc(ob.get("page"))),
            ("rule", f"<code>{esc(ob.get('rule'))}</code>"),
        ]
        in_text = f' <a href="#{view.sentence_ids[span]}">in text</a>' if span else ""
        notes = "".join(self.obligation_notes.get(i, []))
        classes = "ob fp" if i in self.obligation_fp else "ob"
        return (f'<li class="{classes}" id="{obligation_anchor(i)}" data-deontic="{esc(deontic)}" data-row="{i}">'
                f'<p class="ob-sentence">{render_marks(text, marks)}{in_text}</p>{notes}\n<dl>'
                + "".join(f"<dt>{name}</dt><dd data-field=\"{name}\">{value}</dd>" for name, value in fields)
                + "</dl></li>\n")


def _clip(text: str) -> str:
    return text if len(text) <= TOOLTIP_CHARS else text[: TOOLTIP_CHARS - 1] + "…"


def _local_actor_types() -> list[str]:
    from .compare import comparison_rules

    return list(comparison_rules().get("local_actor_types", []))


def _trigger_span(text: str, trigger: str) -> list[tuple[int, int]]:
    """Where the trigger stands; a split trigger (`requires ... to`) is its parts in order."""
    spans: list[tuple[int, int]] = []
    lo = 0
    for part in (p.strip() for p in trigger.split("...")):
        found = find_text(text, part, lo=lo)
        if not found:
            return spans if spans else []
        spans.append(found)
        lo = found[1]
    return spans


def bar_chart(title: str, key: str, groups: Sequence[tuple[str, Mapping[str, Any] | None]]) -> str:
    """Grouped bars (precision, recall per group) as inline SVG, drawn directly; a group without
    support and without false positives has nothing to score and shows "n/a"."""
    series = list(SERIES_COLOURS)
    width = max(CHART_LEFT + CHART_GROUP_WIDTH * len(groups) + 8, CHART_MIN_WIDTH)
    height = CHART_TOP + CHART_PLOT_HEIGHT + CHART_BOTTOM
    base = CHART_TOP + CHART_PLOT_HEIGHT
    out = [f'<figure class="chart"><svg width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" role="img" aria-label="{esc(title)}">',
           f'<text x="{CHART_LEFT}" y="14" class="ct">{esc(title)}</text>']
    for tick in (0.0, 0.25, 0.5, 0.75, 1.0):
        y = base - tick * CHART_PLOT_HEIGHT
        out.append(f'<line x1="{CHART_LEFT}" x2="{width - 4}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
                   f'<text x="{CHART_LEFT - 4}" y="{y + 3:.1f}" class="tick">{tick:.2f}</text>')
    for g, (name, row) in enumerate(groups):
        x0 = CHART_LEFT + g * CHART_GROUP_WIDTH + (CHART_GROUP_WIDTH - CHART_BAR_WIDTH * len(series)) / 2
        out.append(f'<text x="{x0 + CHART_BAR_WIDTH * len(series) / 2:.1f}" y="{base + 16}" class="gl">{esc(name)}</text>')
        scored = row is not None and not (_int(row.get("support"), 0) == 0 and _int(row.get("fp"), 0) == 0)
        if not scored:
            out.append(f'<text x="{x0 + CHART_BAR_WIDTH:.1f}" y="{base - 6}" class="gl">n/a</text>')
            continue
        assert row is not None
        for s, measure in enumerate(series):
            raw = row.get(measure)
            if raw is None or is_missing(raw):
                continue
            value = float(raw)
            h = value * CHART_PLOT_HEIGHT
            x = x0 + s * CHART_BAR_WIDTH
            tip = (f"{name} {measure} {value:.3f} (tp {cell_text(row.get('tp'))}, fp {cell_text(row.get('fp'))}, "
                   f"fn {cell_text(row.get('fn'))})")
            out.append(f'<rect class="bar" x="{x:.1f}" y="{base - h:.1f}" width="{CHART_BAR_WIDTH - 2}" height="{h:.1f}" '
                       f'fill="{SERIES_COLOURS[measure]}" data-key="{esc(key)}/{esc(name)}/{measure}" '
                       f'data-value="{value:.4f}"><title>{esc(tip)}</title></rect>'
                       f'<text x="{x + (CHART_BAR_WIDTH - 2) / 2:.1f}" y="{base - h - 3:.1f}" class="bv">{value:.2f}</text>')
    caption = " ".join(f'<span class="swatch" style="background: {SERIES_COLOURS[m]}"></span>{m}' for m in series)
    out.append(f"</svg><figcaption>{caption}</figcaption></figure>")
    return "".join(out)


def build_review(
    tables: Mapping[str, Table | pd.DataFrame],
    texts: Sequence[str],
    *,
    title: str,
    sentences: Table | pd.DataFrame | None = None,
) -> str:
    """The review page as HTML text.

    `tables`: the run's tables by file name (`sections.csv`, `entities.csv`, ...; the gold
    tables and `countries_evidence.csv` when present); `texts`: the body text of each row of
    `sections.csv`, in order (entity and obligation offsets are in it); `sentences`: the
    run's sentences (country, sentence) in text order, each of which becomes an anchor.
    """
    return _Builder(tables, texts, sentences, title).render()


def review_html(
    tables: Mapping[str, Table | pd.DataFrame],
    texts: Sequence[str],
    *,
    title: str,
    sentences: Table | pd.DataFrame | None = None,
) -> bytes:
    """`build_review` as UTF-8 bytes, for `export.write_outputs(files=...)`."""
    # A lone surrogate (a file name that is no UTF-8) must not fail the run: written as \udcXX.
    return build_review(tables, texts, title=title, sentences=sentences).encode("utf-8", "backslashreplace")


CSS = """\
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 auto; max-width: 1200px; padding: 0 1em 4em; color: #222; }
header { border-bottom: 1px solid #ccc; }
h1 { font-size: 1.4em; } h2 { font-size: 1.2em; margin-top: 1.6em; } h3 { font-size: 1.1em; } small { color: #666; font-weight: normal; }
.filters { position: sticky; top: 0; background: #fafafa; border-bottom: 1px solid #ccc; padding: .3em 0; z-index: 2; display: flex; flex-wrap: wrap; gap: .5em; }
.filter { border: 1px solid #ddd; margin: 0; padding: .1em .5em; font-size: .85em; }
.filter label { margin-right: .6em; white-space: nowrap; }
.filter button { font-size: .8em; margin-left: .3em; }
.swatch, .deontic { display: inline-block; width: .8em; height: .8em; border-radius: .2em; margin: 0 .25em; vertical-align: baseline; }
.legend { font-size: .85em; color: #444; }
.text { white-space: pre-wrap; line-height: 2.3; }
mark.entity { padding: .3em .45em; margin: 0 .1em; line-height: 1; border-radius: .35em; background: #ddd; }
mark.entity .lbl { font-size: .7em; font-weight: bold; margin-left: .4em; vertical-align: middle; }
mark.entity.off { background: none !important; padding: 0; margin: 0; }
mark.entity.off .lbl { display: none; }
mark.fp-lenient { outline: 2px solid #d00; }
mark.fp-strict { outline: 2px dashed #e67e00; }
mark.fp-lenient.fp-strict { outline: 2px solid #d00; }
u.missed { text-decoration: underline wavy #d00 2px; text-underline-offset: .35em; }
u.missed.strict { text-decoration: underline dashed #e67e00 2px; }
u.missed.off { text-decoration: none; }
.missed-ob { background: repeating-linear-gradient(135deg, #fde0e0 0 6px, #fff 6px 12px); }
.sent:target { background: #fff3a8; box-shadow: 0 0 0 3px #fff3a8; }
mark.entity:target { box-shadow: 0 0 0 3px #f5c400; }
.obref { font-size: .75em; font-weight: bold; text-decoration: none; padding: 0 .15em; color: #fff; background: #555; border-radius: .2em; }
.obligations { padding-left: 1.5em; }
.ob { margin: .6em 0; padding: .4em .6em; border-left: 4px solid #999; background: #f7f7f7; }
.ob:target { background: #fff3a8; }
.ob.fp { border-left-color: #d00; }
.ob dl { display: grid; grid-template-columns: max-content 1fr max-content 1fr; gap: 0 .8em; margin: .3em 0 0; font-size: .88em; }
.ob dt { color: #666; } .ob dd { margin: 0; }
.ob-sentence { margin: 0; }
.role { border-radius: .2em; padding: 0 .15em; }
.role.bearer { background: #aa9cfc; } .role.trigger { background: #ffd54f; font-weight: bold; } .role.aim { background: #bfe1d9; }
.gold-note { display: block; color: #b00; font-size: .88em; }
.tag { font-size: .75em; background: #eee; border-radius: .2em; padding: 0 .3em; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; font-size: .8em; }
th, td { border: 1px solid #ddd; padding: .15em .4em; vertical-align: top; text-align: left; }
thead th { background: #f0f0f0; position: sticky; top: 0; }
#countries th[data-col="country"] { position: sticky; left: 0; background: #fff; }
#countries td { min-width: 5em; max-width: 26em; }
#countries td.long { min-width: 22em; max-width: 40em; }
.evs { display: block; line-height: 1.2; }
.ev { font-size: .8em; margin-right: .15em; white-space: nowrap; }
figcaption { font-size: .8em; text-align: center; }
.charts { display: flex; flex-wrap: wrap; gap: 1em; }
.chart { margin: 0; }
.chart .ct { font-size: 13px; font-weight: bold; }
.chart .tick { font-size: 10px; text-anchor: end; fill: #555; }
.chart .gl { font-size: 11px; text-anchor: middle; }
.chart .bv { font-size: 9px; text-anchor: middle; fill: #333; }
.chart .grid { stroke: #ddd; }
details.table summary { cursor: pointer; margin: .5em 0; }
.footnotes { font-size: .85em; }
.url { word-break: break-all; }
[hidden] { display: none !important; }
"""

# The filters: hide what an unchecked box names, un-highlight unchecked labels, keep the
# hidden values in the address so that a filtered view can be bookmarked.
SCRIPT = """\
(function () {
  "use strict";
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input[data-dim]"));
  function token(b) { return b.getAttribute("data-dim") + ":" + encodeURIComponent(b.value); }
  function apply() {
    var off = {country: new Set(), label: new Set(), deontic: new Set()};
    boxes.forEach(function (b) { if (!b.checked) off[b.getAttribute("data-dim")].add(b.value); });
    document.querySelectorAll("main [data-country], main [data-deontic], main [data-label]").forEach(function (el) {
      var d = el.dataset;
      var gone = ("country" in d && off.country.has(d.country)) || ("deontic" in d && off.deontic.has(d.deontic));
      var unlabelled = "label" in d && off.label.has(d.label);
      if (el.tagName === "MARK" || el.tagName === "U") { el.classList.toggle("off", unlabelled); }
      else { el.hidden = gone || unlabelled; }
    });
    var hidden = boxes.filter(function (b) { return !b.checked; }).map(token);
    try { history.replaceState(null, "", hidden.length ? "#hide=" + hidden.join(",") : location.pathname + location.search); } catch (e) {}
  }
  if (location.hash.indexOf("#hide=") === 0) {
    var wanted = location.hash.slice(6).split(",");
    boxes.forEach(function (b) { if (wanted.indexOf(token(b)) >= 0) { b.checked = false; } });
  }
  document.getElementById("filters").addEventListener("change", apply);
  document.getElementById("filters").addEventListener("click", function (ev) {
    var t = ev.target, dim = t.getAttribute("data-all") || t.getAttribute("data-none");
    if (!dim) { return; }
    boxes.forEach(function (b) { if (b.getAttribute("data-dim") === dim) { b.checked = t.hasAttribute("data-all"); } });
    apply();
  });
  if (boxes.some(function (b) { return !b.checked; })) { apply(); }
})();
"""
