"""Precision from a reviewed sample, for a report without a gold file.

Two steps, one command each:

1. `draw_sample(outdir, n=100, seed=1)` draws a stratified random sample of a
   run's rows into `outdir/review.csv`. Strata: the entity label
   (`entity`/`ORG`, ...) and the obligation's deontic class
   (`obligation`/`must`-style classes: `obligation`, `recommendation`, ...).
   Allocation of the `n` rows over the strata (documented in the README):
   every stratum first gets `min(MIN_PER_STRATUM, its size)` rows, so that a
   small class still gets an interval; the rest of `n` is shared in proportion
   to the rows not yet drawn in each stratum (largest remainders, ties to the
   stratum that sorts first), never more than a stratum holds. When `n` is
   smaller than the minimums, the strata get one row each in turn, in sorted
   order, until `n` is used. Within a stratum the rows are a simple random
   sample without replacement from numpy's PCG64 generator seeded with
   `(seed, CRC-32 of the stratum)`, so the same run and seed give the same
   file, and adding a stratum does not change the others' draw. Beside it,
   `outdir/review_sample.html` shows the same rows in the same order, each
   sentence marked as review.html marks it and linked to the row's place in
   review.html; the two files are written together (both or neither).
2. `precision(outdir)` reads the filled `review.csv` and estimates precision.
   Per stratum h with x_h correct of n_h reviewed: p_h = x_h / n_h with the
   Wilson score interval (Wilson 1927; Agresti & Coull 1998)

       (p + z²/2n ± z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n),   z = 1.959964 (95%).

   Overall (per kind, and over all rows): the stratified estimator
   p_st = Σ W_h p_h with W_h = N_h / N over the strata that have reviews
   (N_h: the stratum's rows in the run; the share of the population those
   strata cover is reported as `covered`). Its interval is Wilson's on the
   effective sample size (Kish 1965): n_eff = p_st(1-p_st) / v with
   v = Σ W_h² p_h(1-p_h) / n_h, the variance of p_st under stratified random
   sampling without the finite population correction. n_eff is capped at the
   number of rows reviewed (conservative: when every stratum is all right or
   all wrong v is 0 and n_eff would be infinite), and the interval is
   Wilson's with p_st and n_eff in place of p and n.

A blank `correct` cell is a row not yet reviewed: it is left out of the
estimates and counted (`unreviewed`). Accepted answers, any case:
1/y/yes/true (right) and 0/n/no/false (wrong).
"""

from __future__ import annotations

import hashlib
import logging
import math
import os
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import EXIT_INPUT, EXIT_OUTPUT, EXIT_USAGE, error
from .evaluate import ENTITIES_CSV, OBLIGATIONS_CSV, read_predictions
from .export import to_csv_bytes

logger = logging.getLogger(__name__)

REVIEW_CSV = "review.csv"
REVIEW_PAGE = "review_sample.html"  # the sample as a page, written with review.csv
REVIEW_HTML = "review.html"  # the run's review page (pipeline/review.py), which the sample page links into
PRECISION_CSV = "precision.csv"
DEFAULT_SAMPLE_SIZE = 100
DEFAULT_SEED = 1
# Every stratum gets at least this many rows (or all it has): with 5 reviewed
# rows a Wilson interval is still wide (0.57-1.0 for 5/5) but says something,
# and ten strata x 5 leave half of the default 100 rows for proportional shares.
MIN_PER_STRATUM = 5
Z_95 = 1.959963984540054  # standard normal 97.5% quantile

ENTITY_KIND, OBLIGATION_KIND, ALL = "entity", "obligation", "ALL"
# The columns of review.csv: enough to find the row again (its 1-based number in
# its CSV, page, sentence, offsets) and to judge it.
REVIEW_COLUMNS = (
    "kind", "stratum", "population", "row", "country", "source", "page", "start", "end",
    "text", "bearer", "trigger", "aim", "rule", "sentence", "correct",
)
PRECISION_COLUMNS = (
    "kind", "stratum", "population", "sampled", "reviewed", "unreviewed", "correct",
    "precision", "precision_low", "precision_high", "effective_n", "covered", "interval",
)
TRUE_ANSWERS = frozenset({"1", "y", "yes", "true"})
FALSE_ANSWERS = frozenset({"0", "n", "no", "false"})
_ENTITY_NEEDED = ("label", "text", "country", "page", "sentence", "rule")
_OBLIGATION_NEEDED = ("deontic", "bearer", "aim", "country", "page", "sentence", "rule")


# --------------------------------------------------------------------------- drawing


def allocate(sizes: Mapping[str, int], n: int, *, minimum: int = MIN_PER_STRATUM) -> dict[str, int]:
    """How many rows each stratum gets (see the module docstring); sums to min(n, Σ sizes)."""
    strata = sorted(s for s, size in sizes.items() if size > 0)
    total = sum(sizes[s] for s in strata)
    n = max(0, min(n, total))
    take = {s: 0 for s in sorted(sizes)}
    floors = {s: min(minimum, sizes[s]) for s in strata}
    if sum(floors.values()) >= n:
        while n:  # one each in turn, until n is used
            for s in strata:
                if n and take[s] < floors[s]:
                    take[s] += 1
                    n -= 1
        return take
    take.update(floors)
    rest = n - sum(floors.values())
    room = {s: sizes[s] - take[s] for s in strata}
    while rest:  # a stratum that fills up hands its share to the others
        open_strata = [s for s in strata if room[s] > 0]
        weight = sum(room[s] for s in open_strata)
        quotas = {s: rest * room[s] / weight for s in open_strata}
        whole = {s: min(room[s], math.floor(quotas[s])) for s in open_strata}
        left = rest - sum(whole.values())
        by_remainder = sorted(open_strata, key=lambda s: (-(quotas[s] - math.floor(quotas[s])), s))
        for s in by_remainder:
            if left and whole[s] < room[s]:
                whole[s] += 1
                left -= 1
        for s in open_strata:
            take[s] += whole[s]
            room[s] -= whole[s]
        rest = left
    return take


def _stratum_rng(seed: int, stratum: str) -> np.random.Generator:
    return np.random.default_rng([seed, zlib.crc32(stratum.encode("utf-8"))])


def _review_rows(outdir: Path) -> list[dict[str, str]]:
    """Every entity and obligation row of a run as a review.csv row (without stratum sizes)."""
    rows: list[dict[str, str]] = []
    for kind, name, needed, stratum_key in (
        (ENTITY_KIND, ENTITIES_CSV, _ENTITY_NEEDED, "label"),
        (OBLIGATION_KIND, OBLIGATIONS_CSV, _OBLIGATION_NEEDED, "deontic"),
    ):
        for number, record in enumerate(read_predictions(outdir / name, needed), start=1):
            rows.append({
                "kind": kind, "stratum": record[stratum_key], "row": str(number),
                "country": record["country"], "source": record.get("source", ""), "page": record["page"],
                "start": record.get("start", ""), "end": record.get("end", ""),
                "text": record.get("text", "") if kind == ENTITY_KIND else record.get("bearer_text", ""),
                "bearer": record.get("bearer", ""), "trigger": record.get("trigger", ""),
                "aim": record.get("aim", ""), "rule": record["rule"], "sentence": record["sentence"],
                "correct": "",
            })
    return rows


def draw_sample(outdir: str | Path, *, n: int = DEFAULT_SAMPLE_SIZE, seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """Draw the stratified sample of `outdir`'s rows and write it to `outdir/review.csv`,
    with its page `outdir/review_sample.html` (both or neither).

    Raises E010 if the run's CSVs are missing, E024 rather than overwrite a
    review.csv that holds answers, E011 if the file cannot be written.
    """
    outdir = Path(outdir)
    for name in (ENTITIES_CSV, OBLIGATIONS_CSV):
        if not (outdir / name).is_file():
            raise error("E010", EXIT_INPUT, path=outdir)
    target = outdir / REVIEW_CSV
    if target.is_file():
        answered = _answered_count(target)
        if answered:
            raise error("E024", EXIT_USAGE, path=target, answers=answered)
    rows = _review_rows(outdir)
    groups: dict[tuple[str, str], list[dict[str, str]]] = {}
    for record in rows:
        groups.setdefault((record["kind"], record["stratum"]), []).append(record)
    names = {key: f"{key[0]}:{key[1]}" for key in groups}
    take = allocate({names[key]: len(members) for key, members in groups.items()}, n)
    sample: list[dict[str, str]] = []
    for key in sorted(groups):
        members = groups[key]
        k = take[names[key]]
        chosen = _stratum_rng(seed, names[key]).choice(len(members), size=k, replace=False)
        for index in sorted(int(i) for i in chosen):
            sample.append({**members[index], "population": str(len(members))})
    frame = pd.DataFrame(sample, columns=list(REVIEW_COLUMNS))
    content = to_csv_bytes(frame)
    page = sample_page(frame, folder=outdir.resolve().name, anchors=page_anchors(outdir / REVIEW_HTML),
                       n=n, seed=seed, csv_sha256=hashlib.sha256(content).hexdigest())
    # review.csv last: it is what `precision` reads, so a failure before it leaves the old pair.
    _write_all_or_none([(outdir / REVIEW_PAGE, page.encode("utf-8", "backslashreplace")), (target, content)])
    logger.debug("review sample of %d rows from %d strata written to %s", len(frame), len(groups), target)
    return frame


def _answered_count(path: Path) -> int:
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (OSError, ValueError, pd.errors.ParserError):
        return 0  # not a review we can read: nothing of the user's to lose in it
    if "correct" not in frame.columns:
        return 0
    return int((frame["correct"].str.strip() != "").sum())


def _write_atomic(path: Path, content: bytes) -> None:
    _write_all_or_none([(path, content)])


def _write_all_or_none(files: Sequence[tuple[Path, bytes]]) -> None:
    """Write several files so that all are new or none is.

    Each file is first written whole beside its target (`.<name>.tmp`, same folder, so the
    rename below is atomic); then the temporary files are renamed over their targets in
    order. If a write or rename fails (or the process is interrupted), the temporary files
    are removed and the targets already replaced get their earlier bytes back (or are
    removed if they did not exist), then E011 names the file that failed.
    """
    temporaries = [path.with_name(f".{path.name}.tmp") for path, _ in files]
    replaced: list[tuple[Path, bytes | None]] = []
    current = files[0][0] if files else Path(".")
    try:
        earlier: list[bytes | None] = []
        for (path, content), tmp in zip(files, temporaries):
            current = path
            earlier.append(path.read_bytes() if path.is_file() else None)
            tmp.write_bytes(content)
        for (path, _), tmp, before in zip(files, temporaries, earlier):
            current = path
            os.replace(tmp, path)
            replaced.append((path, before))
    except BaseException as exc:
        for tmp in temporaries:
            _remove_quietly(tmp)
        for path, before in reversed(replaced):
            _restore(path, before)
        if isinstance(exc, OSError):
            raise error("E011", EXIT_OUTPUT, path=current, detail=exc.strerror or str(exc)) from exc
        raise


def _remove_quietly(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        logger.warning("could not remove %s", path)


def _restore(path: Path, before: bytes | None) -> None:
    """Put a file back as it was before `_write_all_or_none` replaced it (best effort)."""
    if before is None:
        _remove_quietly(path)
        return
    tmp = path.with_name(f".{path.name}.restore")
    try:
        tmp.write_bytes(before)
        os.replace(tmp, path)
    except OSError:
        _remove_quietly(tmp)
        logger.warning("could not restore the earlier %s", path)


# --------------------------------------------------------------------------- the page of the sample


def page_anchors(path: Path) -> frozenset[str] | None:
    """The ids of the elements of a run's review.html (None if there is none to read)."""
    try:
        text = path.read_text("utf-8", errors="replace")
    except OSError:
        return None
    collector = _IdCollector()
    collector.feed(text)
    collector.close()
    return frozenset(collector.ids)


class _IdCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)


def sample_page(
    frame: pd.DataFrame,
    *,
    folder: str,
    anchors: frozenset[str] | None,
    n: int,
    seed: int,
    csv_sha256: str,
) -> str:
    """review_sample.html: the rows of review.csv in its order, each with its sentence marked
    as review.html marks it and a link to its place there.

    `anchors`: the ids of the run's review.html (None: no page to link to); a row whose
    anchor is not among them gets no link rather than a dead one. Self-contained like
    review.html: inline CSS, no script, every value escaped; the same frame gives the
    same bytes.
    """
    from .review import esc, page_css  # the review page's helpers (it imports spaCy's colours)

    strata = frame.groupby(["kind", "stratum"], sort=True)
    summary = ", ".join(f"{esc(kind)} {esc(stratum)} {len(group)} of {esc(group['population'].iloc[0])}"
                        for (kind, stratum), group in strata)
    linked = 0
    rows = []
    for number, record in enumerate(frame.to_dict("records"), start=1):
        row_html, has_link = _sample_row(number, {k: str(v) for k, v in record.items()}, anchors)
        rows.append(row_html)
        linked += has_link
    if anchors is None:
        context_note = (f"There is no readable <code>{REVIEW_HTML}</code> in this folder, so the rows have no "
                        "context links; <code>python -m pipeline run</code> writes one.")
    else:
        context_note = (f"“context” opens the row's place in <code>{REVIEW_HTML}</code> (this folder's review page) "
                        f"to read the text around it; {linked} of {len(frame)} rows have one"
                        + ("." if linked == len(frame) else f" (the others are not placed in {REVIEW_HTML})."))
    return "".join([
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n",
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        f'<meta name="review-csv-sha256" content="{esc(csv_sha256)}">\n',
        f"<title>Review sample: {esc(folder)}</title>\n<style>\n{page_css()}{SAMPLE_CSS}</style>\n</head>\n<body>\n",
        f"<header>\n<h1>Review sample: {esc(folder)}</h1>\n",
        f'<p class="counts" id="counts" data-rows="{len(frame)}">{len(frame)} rows of <code>{REVIEW_CSV}</code>, '
        f"drawn with <code>--n {n} --seed {seed}</code> from {strata.ngroups} strata: {summary}.</p>\n",
        '<ol class="instructions" id="instructions">\n',
        "<li>For each row, judge whether the pipeline got it right: a mention, its text and label; an obligation, "
        "its bearer, deontic class and aim. The sentence shows it marked as "
        f"<code>{REVIEW_HTML}</code> does. {context_note}</li>\n",
        f"<li>Fill the <code>correct</code> column of <code>{REVIEW_CSV}</code> (in this folder) with "
        "<b>1</b> (right) or <b>0</b> (wrong); y/n, yes/no and true/false count too, a blank cell is a row not "
        f"reviewed yet. The first column below (#) is the row's number in <code>{REVIEW_CSV}</code>: "
        "line # + 1 of the file, after its header.</li>\n",
        "<li>Then run <code>python -m pipeline precision OUTDIR</code>, OUTDIR being this folder "
        f"(<code>{esc(folder)}</code>): it prints and writes <code>{PRECISION_CSV}</code> with precision per "
        "label and deontic class and 95% Wilson intervals.</li>\n</ol>\n",
        f'<p class="legend">This page was made with <code>{REVIEW_CSV}</code> of SHA-256 '
        f"<code>{esc(csv_sha256[:16])}…</code>; if that file was drawn again, so was this page. Marks: "
        '<mark class="entity" data-label="ORG">mention<span class="lbl">LABEL</span></mark>, '
        '<span class="role bearer">bearer</span> <span class="role trigger">trigger</span> '
        '<span class="role aim">aim</span>.</p>\n</header>\n<main>\n',
        '<div class="scroll"><table id="sample"><thead><tr>',
        "".join(f"<th>{name}</th>" for name in SAMPLE_PAGE_COLUMNS),
        "</tr></thead>\n<tbody>\n",
        *rows,
        "</tbody></table></div>\n</main>\n</body>\n</html>\n",
    ])


# The sample page's table: # is the row's number in review.csv; row its number in entities.csv
# or obligations.csv, as review.csv's `row` column says.
SAMPLE_PAGE_COLUMNS = ("#", "kind", "stratum", "row", "mention / bearer · trigger · aim", "deontic class",
                       "country", "page", "rule", "sentence", "context")
SAMPLE_CSS = """\
body { max-width: 1600px; }
#sample { font-size: .85em; width: 100%; min-width: 60em; table-layout: fixed; }
#sample td { overflow-wrap: anywhere; }
#sample td.sentence, #sample td.what { line-height: 2; }
#sample th:nth-child(1), #sample th:nth-child(4), #sample th:nth-child(8) { width: 3em; }
#sample th:nth-child(2), #sample th:nth-child(11) { width: 5.5em; }
#sample th:nth-child(3), #sample th:nth-child(6), #sample th:nth-child(7) { width: 7.5em; }
#sample th:nth-child(5) { width: 16em; }
#sample th:nth-child(9) { width: 10em; }
#sample tbody tr:nth-child(even) { background: #fafafa; }
#sample tr:target { background: #fff3a8; }
.instructions li { margin: .3em 0; }
.nolink { color: #888; }
"""


def _sample_row(number: int, record: Mapping[str, str], anchors: frozenset[str] | None) -> tuple[str, bool]:
    """One <tr> of the sample page and whether it links into review.html."""
    from .review import entity_anchor, entity_mark, esc, find_text, obligation_anchor, obligation_marks, render_marks

    kind, stratum, sentence = record["kind"], record["stratum"], record["sentence"]
    source_row = int(record["row"]) - 1 if record["row"].isdigit() else -1
    if kind == ENTITY_KIND:
        mention = record["text"]
        what = render_marks(mention, [entity_mark(0, len(mention), stratum)])
        found = find_text(sentence, mention)
        marked = render_marks(sentence, [entity_mark(found[0], found[1], stratum)] if found else [])
        deontic = ""
        anchor = entity_anchor(source_row)
    else:
        bearer_text = record["text"] or record["bearer"]
        bearer = esc(record["bearer"]) + (f" (“{esc(bearer_text)}” in the text)" if bearer_text != record["bearer"] else "")
        what = (f'<span class="role bearer">{bearer}</span> · <span class="role trigger">{esc(record["trigger"])}</span>'
                f' · <span class="role aim">{esc(record["aim"])}</span>')
        marked = render_marks(sentence, obligation_marks(sentence, bearer=bearer_text, trigger=record["trigger"],
                                                         aim=record["aim"]))
        deontic = f'<span class="deontic d-{esc(stratum)}"></span>{esc(stratum)}'
        anchor = obligation_anchor(source_row)
    has_link = anchors is not None and source_row >= 0 and anchor in anchors
    context = (f'<a href="{esc(REVIEW_HTML)}#{esc(anchor)}">context</a>' if has_link
               else '<span class="nolink">not in review.html</span>')
    cells = [
        ("", str(number)), ("", esc(kind)), ("", esc(stratum)), ("", esc(record["row"])), ("what", what),
        ("", deontic), ("", esc(record["country"])), ("", esc(record["page"])),
        ("", f"<code>{esc(record['rule'])}</code>"), ("sentence", marked), ("", context),
    ]
    return (f'<tr id="r{number}" data-kind="{esc(kind)}" data-stratum="{esc(stratum)}" data-row="{esc(record["row"])}">'
            + "".join(f'<td class="{name}">{cell}</td>' if name else f"<td>{cell}</td>" for name, cell in cells)
            + "</tr>\n"), has_link


# --------------------------------------------------------------------------- estimating


def wilson_interval(successes: float, n: float, *, z: float = Z_95) -> tuple[float, float]:
    """Wilson score interval of a proportion (successes / n); n may be an effective size."""
    if n <= 0:
        raise ValueError("a Wilson interval needs n > 0")
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z / denominator * math.sqrt(max(p * (1 - p) / n + z * z / (4 * n * n), 0.0))
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True)
class StratumReview:
    kind: str
    stratum: str
    population: int  # rows of the stratum in the run (N_h)
    sampled: int  # rows of the stratum in review.csv
    reviewed: int  # of them, with an answer (n_h)
    correct: int  # of them, answered right (x_h)


def read_review(path: Path) -> list[StratumReview]:
    """The reviewed sample, one record per stratum; E022 if absent, E023 naming a bad line."""
    if not path.is_file():
        raise error("E022", EXIT_INPUT, path=path, folder=path.parent)
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (OSError, ValueError, pd.errors.ParserError) as exc:
        raise error("E023", EXIT_INPUT, path=path, line=1, detail=f"not a readable CSV ({exc})") from exc
    lacking = [c for c in ("kind", "stratum", "population", "correct") if c not in frame.columns]
    if lacking:
        raise error("E023", EXIT_INPUT, path=path, line=1,
                    detail=f"no column {', '.join(lacking)}; draw the sample again with review-sample")
    tallies: dict[tuple[str, str], list[int]] = {}
    for offset, record in enumerate(frame.to_dict("records")):
        line = offset + 2  # the header is line 1
        kind, stratum = str(record["kind"]).strip(), str(record["stratum"]).strip()
        if kind not in (ENTITY_KIND, OBLIGATION_KIND):
            raise error("E023", EXIT_INPUT, path=path, line=line,
                        detail=f"kind {kind!r}: expected {ENTITY_KIND!r} or {OBLIGATION_KIND!r}")
        population_cell = str(record["population"]).strip()
        if not population_cell.isdigit() or int(population_cell) == 0:
            raise error("E023", EXIT_INPUT, path=path, line=line,
                        detail=f"population {population_cell!r}: expected a positive whole number")
        answer = str(record["correct"]).strip().casefold()
        if answer and answer not in TRUE_ANSWERS | FALSE_ANSWERS:
            raise error("E023", EXIT_INPUT, path=path, line=line,
                        detail=f"correct is {record['correct']!r}: expected 1/0, y/n, yes/no, true/false, or blank")
        tally = tallies.setdefault((kind, stratum), [int(population_cell), 0, 0, 0])
        if tally[0] != int(population_cell):
            raise error("E023", EXIT_INPUT, path=path, line=line,
                        detail=f"population {population_cell} of {kind} {stratum!r} differs from {tally[0]} above")
        tally[1] += 1
        if answer:
            tally[2] += 1
            tally[3] += answer in TRUE_ANSWERS
    for (kind, stratum), (population, sampled, _, _) in tallies.items():
        if sampled > population:
            raise error("E023", EXIT_INPUT, path=path, line=1,
                        detail=f"{sampled} rows of {kind} {stratum!r} but a population of {population}")
    return [StratumReview(kind, stratum, *tallies[(kind, stratum)]) for kind, stratum in sorted(tallies)]


def estimate(strata: Sequence[StratumReview]) -> pd.DataFrame:
    """precision.csv: a row per stratum (Wilson), then per kind and overall (stratified; see the module docstring)."""
    rows: list[dict[str, object]] = []
    for s in strata:
        rows.append(_stratum_row(s))
    for kind in (ENTITY_KIND, OBLIGATION_KIND, ALL):
        members = [s for s in strata if kind in (ALL, s.kind)]
        if members:
            rows.append(_weighted_row(kind, members))
    table = pd.DataFrame(rows, columns=list(PRECISION_COLUMNS))
    for column in ("precision", "precision_low", "precision_high", "effective_n", "covered"):
        table[column] = table[column].astype("float64")  # empty where not estimable, 4 decimals otherwise
    return table


def _stratum_row(s: StratumReview) -> dict[str, object]:
    row: dict[str, object] = {
        "kind": s.kind, "stratum": s.stratum, "population": s.population, "sampled": s.sampled,
        "reviewed": s.reviewed, "unreviewed": s.sampled - s.reviewed, "correct": s.correct,
        "precision": None, "precision_low": None, "precision_high": None,
        "effective_n": None, "covered": 1.0 if s.reviewed else 0.0, "interval": "wilson",
    }
    if s.reviewed:
        low, high = wilson_interval(s.correct, s.reviewed)
        row.update(precision=s.correct / s.reviewed, precision_low=low, precision_high=high,
                   effective_n=float(s.reviewed))
    return row


def _weighted_row(kind: str, members: Sequence[StratumReview]) -> dict[str, object]:
    population = sum(s.population for s in members)
    reviewed = [s for s in members if s.reviewed]
    row: dict[str, object] = {
        "kind": kind, "stratum": ALL, "population": population,
        "sampled": sum(s.sampled for s in members), "reviewed": sum(s.reviewed for s in members),
        "unreviewed": sum(s.sampled - s.reviewed for s in members),
        "correct": sum(s.correct for s in members),
        "precision": None, "precision_low": None, "precision_high": None, "effective_n": None,
        "covered": sum(s.population for s in reviewed) / population if population else 0.0,
        "interval": "wilson on effective n, stratified",
    }
    if not reviewed:
        return row
    covered = sum(s.population for s in reviewed)
    weights = [s.population / covered for s in reviewed]
    shares = [s.correct / s.reviewed for s in reviewed]
    p_st = sum(w * p for w, p in zip(weights, shares))
    variance = sum(w * w * p * (1 - p) / s.reviewed for w, p, s in zip(weights, shares, reviewed))
    n_reviewed = sum(s.reviewed for s in reviewed)
    n_eff = n_reviewed if variance <= 0 else min(float(n_reviewed), p_st * (1 - p_st) / variance)
    low, high = wilson_interval(p_st * n_eff, n_eff)
    row.update(precision=p_st, precision_low=low, precision_high=high, effective_n=n_eff)
    return row


def precision(outdir: str | Path) -> pd.DataFrame:
    """Estimate precision from `outdir/review.csv`; write `outdir/precision.csv`; return its table."""
    outdir = Path(outdir)
    table = estimate(read_review(outdir / REVIEW_CSV))
    _write_atomic(outdir / PRECISION_CSV, to_csv_bytes(table))
    return table


def format_precision(table: pd.DataFrame) -> str:
    """precision.csv as a few readable lines."""
    lines = ["precision from the reviewed sample (95% Wilson interval; ALL rows weighted to the population):"]
    for record in table.to_dict("records"):
        name = f"{record['kind']} {record['stratum']}"
        counts = f"{record['correct']}/{record['reviewed']} reviewed of {record['population']}"
        if record["unreviewed"]:
            counts += f", {record['unreviewed']} not yet reviewed"
        if pd.isna(record["precision"]):
            lines.append(f"  {name:<28} n/a   ({counts})")
            continue
        estimate_text = f"{record['precision']:.3f} [{record['precision_low']:.3f}, {record['precision_high']:.3f}]"
        if record["stratum"] == ALL and record["covered"] < 1:
            counts += f"; strata reviewed cover {record['covered']:.0%} of the rows"
        lines.append(f"  {name:<28} {estimate_text}   ({counts})")
    return "\n".join(lines)
