"""Tests of pipeline.sample: the stratified review sample and precision estimated from it (issue 9).

The runs are small CSVs written here whose rows say in their own text whether they are right
("good ..." or "bad ..."), so a test fills `correct` as a reviewer would and knows the true
precision of every stratum. Interval values are those of the textbook formulas, worked out by
hand (Wilson 1927: 8/10 → [0.490, 0.943], 0/10 → [0, 0.278], 5/5 → [0.566, 1]).
"""

from __future__ import annotations

import csv
import html
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from pipeline.cli import main
from pipeline.errors import PipelineError
from pipeline.export import to_csv_bytes
from pipeline.review import review_html
from pipeline.sample import (
    MIN_PER_STRATUM,
    PRECISION_COLUMNS,
    REVIEW_COLUMNS,
    allocate,
    draw_sample,
    precision,
    wilson_interval,
)

ENTITY_COLUMNS = ["country", "label", "text", "normalized", "actor_type", "level", "source", "page",
                  "sentence", "start", "end", "rule"]
OBLIGATION_COLUMNS = ["country", "bearer", "bearer_text", "actor_type", "deontic", "trigger", "aim", "issuer",
                      "source", "page", "sentence", "start", "end", "rule"]


def write_run(folder: Path, entities: dict[str, tuple[int, int]], obligations: dict[str, tuple[int, int]]) -> Path:
    """A run folder: for each label / deontic class, (right, wrong) rows."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "entities.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=ENTITY_COLUMNS)
        writer.writeheader()
        for label, (right, wrong) in entities.items():
            for n in range(right + wrong):
                verdict = "good" if n < right else "bad"
                writer.writerow({"country": "Denmark", "label": label, "text": f"{verdict} {label} {n}",
                                 "normalized": "", "actor_type": "", "level": "", "source": "body",
                                 "page": str(1 + n % 7), "sentence": f"Sentence {n} of {label}.",
                                 "start": str(n), "end": str(n + 5), "rule": "test"})
    with (folder / "obligations.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=OBLIGATION_COLUMNS)
        writer.writeheader()
        for deontic, (right, wrong) in obligations.items():
            for n in range(right + wrong):
                verdict = "good" if n < right else "bad"
                writer.writerow({"country": "Belgium", "bearer": "municipality", "bearer_text": "they",
                                 "actor_type": "", "deontic": deontic, "trigger": "must",
                                 "aim": f"{verdict} aim {n}", "issuer": "", "source": "body", "page": "2",
                                 "sentence": f"They must do {n}.", "start": "0", "end": "9", "rule": "test"})
    return folder


def fill(folder: Path, *, skip: int = 0, answers: tuple[str, str] = ("1", "0")) -> pd.DataFrame:
    """Review the sample as a reviewer who knows the truth; leave the first `skip` rows blank."""
    review = pd.read_csv(folder / "review.csv", dtype=str, keep_default_na=False)
    truth = review.apply(lambda r: (r["text"] if r["kind"] == "entity" else r["aim"]).startswith("good"), axis=1)
    review["correct"] = [answers[0] if ok else answers[1] for ok in truth]
    review.loc[: skip - 1, "correct"] = ""
    review.to_csv(folder / "review.csv", index=False)
    return review


def by_stratum(table: pd.DataFrame) -> pd.DataFrame:
    return table.set_index(["kind", "stratum"])


# --------------------------------------------------------------------------- Wilson


@pytest.mark.parametrize(("x", "n", "low", "high"), [
    (8, 10, 0.490, 0.943),
    (0, 10, 0.000, 0.278),
    (5, 5, 0.566, 1.000),
    (50, 100, 0.404, 0.596),
])
def test_wilson_interval_known_values(x: int, n: int, low: float, high: float) -> None:
    assert wilson_interval(x, n) == pytest.approx((low, high), abs=5e-4)


# --------------------------------------------------------------------------- allocation


def test_allocation_gives_each_stratum_its_minimum_then_shares_in_proportion() -> None:
    sizes = {"entity:ACTOR": 300, "entity:DATE": 3, "entity:ORG": 100, "obligation:permission": 12}
    take = allocate(sizes, 60)
    assert sum(take.values()) == 60
    assert take["entity:DATE"] == 3  # all it has
    assert all(take[s] >= min(MIN_PER_STRATUM, size) for s, size in sizes.items())
    # After the minimums (5 + 3 + 5 + 5 = 18), 42 rows split by the rows left: 295 : 95 : 7.
    assert take == {"entity:ACTOR": 5 + 31, "entity:DATE": 3, "entity:ORG": 5 + 10, "obligation:permission": 5 + 1}


def test_allocation_below_the_minimums_goes_round_and_never_exceeds_a_stratum() -> None:
    assert allocate({"a": 50, "b": 50, "c": 1}, 4) == {"a": 2, "b": 1, "c": 1}
    assert allocate({"a": 3, "b": 2}, 100) == {"a": 3, "b": 2}
    assert allocate({"a": 0, "b": 9}, 4) == {"a": 0, "b": 4}


# --------------------------------------------------------------------------- drawing


def test_sample_is_stratified_traceable_and_deterministic(tmp_path: Path) -> None:
    run = write_run(tmp_path / "run", {"ACTOR": (150, 50), "ORG": (40, 0), "DATE": (2, 1)},
                    {"obligation": (18, 2), "permission": (1, 1)})
    frame = draw_sample(run, n=50, seed=3)
    first = (run / "review.csv").read_bytes()
    assert tuple(frame.columns) == REVIEW_COLUMNS
    assert len(frame) == 50 and (frame.correct == "").all()
    counts = frame.groupby(["kind", "stratum"]).size().to_dict()
    assert counts[("entity", "DATE")] == 3 and counts[("obligation", "permission")] == 2
    populations = frame.groupby(["kind", "stratum"]).population.first().astype(int).to_dict()
    assert populations == {("entity", "ACTOR"): 200, ("entity", "DATE"): 3, ("entity", "ORG"): 40,
                           ("obligation", "obligation"): 20, ("obligation", "permission"): 2}
    assert all(counts[key] >= min(MIN_PER_STRATUM, size) for key, size in populations.items())
    assert counts[("entity", "ACTOR")] > counts[("entity", "ORG")] > counts[("obligation", "obligation")]
    # Each review row names its source row: row N of entities.csv is that row.
    entities = pd.read_csv(run / "entities.csv", dtype=str, keep_default_na=False)
    for record in frame[frame.kind == "entity"].to_dict("records"):
        source = entities.iloc[int(record["row"]) - 1]
        assert (source["text"], source["label"], source["page"], source["sentence"]) == (
            record["text"], record["stratum"], record["page"], record["sentence"])
    assert len(set(zip(frame.kind, frame.row))) == 50  # without replacement
    (run / "review.csv").unlink()
    draw_sample(run, n=50, seed=3)
    assert (run / "review.csv").read_bytes() == first
    other = draw_sample(run, n=50, seed=4)
    assert set(zip(other.kind, other.row)) != set(zip(frame.kind, frame.row))


def test_sample_never_overwrites_answers(tmp_path: Path) -> None:
    run = write_run(tmp_path / "run", {"ACTOR": (5, 5)}, {"obligation": (2, 0)})
    draw_sample(run, n=5)
    draw_sample(run, n=6)  # blank review: drawn again freely
    fill(run)
    before = (run / "review.csv").read_bytes()
    with pytest.raises(PipelineError) as caught:
        draw_sample(run, n=6)
    assert caught.value.code == "E024" and "6 answers" in caught.value.message
    assert (run / "review.csv").read_bytes() == before


def test_sample_of_a_folder_without_a_run_is_e010(tmp_path: Path) -> None:
    with pytest.raises(PipelineError) as caught:
        draw_sample(tmp_path)
    assert caught.value.code == "E010"


# --------------------------------------------------------------------------- precision


def test_whole_population_reviewed_gives_the_true_precision(tmp_path: Path) -> None:
    # n above the population: every row is reviewed, so each estimate is the truth.
    run = write_run(tmp_path / "run", {"ACTOR": (30, 10), "ORG": (9, 1), "PLACE": (0, 4)},
                    {"obligation": (6, 2), "permission": (1, 0)})
    draw_sample(run, n=1000)
    fill(run)
    table = by_stratum(precision(run))
    assert table.loc[("entity", "ACTOR"), "precision"] == pytest.approx(0.75)
    assert table.loc[("entity", "ORG"), "precision"] == pytest.approx(0.9)
    assert table.loc[("entity", "PLACE"), "precision"] == 0.0
    assert table.loc[("entity", "ALL"), "precision"] == pytest.approx(39 / 54)
    assert table.loc[("obligation", "ALL"), "precision"] == pytest.approx(7 / 9)
    assert table.loc[("ALL", "ALL"), "precision"] == pytest.approx(46 / 63)
    assert table.loc[("entity", "ORG"), ["precision_low", "precision_high"]].tolist() == pytest.approx(
        [0.596, 0.982], abs=5e-4)  # Wilson 9/10


def test_sampled_strata_weighted_back_to_the_population(tmp_path: Path) -> None:
    # ORG is all right and PLACE all wrong, whatever rows are drawn; ACTOR has 240 rows
    # of which a sample of the size the allocation gives is drawn.
    run = write_run(tmp_path / "run", {"ORG": (300, 0), "PLACE": (0, 100), "ACTOR": (180, 60)}, {})
    review = draw_sample(run, n=40, seed=11)
    filled = fill(run, answers=("yes", "No"))
    table = by_stratum(precision(run))
    assert table.loc[("entity", "ORG"), "precision"] == 1.0
    assert table.loc[("entity", "PLACE"), "precision"] == 0.0
    actor = filled[filled.stratum == "ACTOR"]
    p_actor = (actor.correct == "yes").mean()
    assert table.loc[("entity", "ACTOR"), "precision"] == pytest.approx(p_actor)
    # Weighted: (300·1 + 100·0 + 240·p_actor) / 640, not the plain share of right answers.
    expected = (300 + 240 * p_actor) / 640
    assert table.loc[("entity", "ALL"), "precision"] == pytest.approx(expected)
    assert table.loc[("entity", "ALL"), "precision"] != pytest.approx((filled.correct == "yes").mean())
    assert table.loc[("entity", "ALL"), "reviewed"] == len(review) == 40


def test_known_review_file_gives_known_numbers(tmp_path: Path) -> None:
    # Two strata reviewed by hand: 8/10 of 100 rows and 5/10 of 300 rows, two rows not reviewed.
    rows = [("entity", "ORG", 100, "1" if i < 8 else "0") for i in range(10)]
    rows += [("entity", "ACTOR", 300, "y" if i < 5 else "n") for i in range(10)]
    rows += [("entity", "ACTOR", 300, ""), ("entity", "ORG", 100, " ")]
    with (tmp_path / "review.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["kind", "stratum", "population", "row", "correct"])
        writer.writerows((kind, stratum, population, i, answer)
                         for i, (kind, stratum, population, answer) in enumerate(rows, 1))
    table = precision(tmp_path)
    assert tuple(table.columns) == PRECISION_COLUMNS
    t = by_stratum(table)
    assert t.loc[("entity", "ORG"), ["precision", "precision_low", "precision_high"]].tolist() == pytest.approx(
        [0.8, 0.490, 0.943], abs=5e-4)
    assert t.loc[("entity", "ACTOR"), ["sampled", "reviewed", "unreviewed", "correct"]].tolist() == [11, 10, 1, 5]
    # p = 0.25·0.8 + 0.75·0.5 = 0.575; v = 0.25²·0.16/10 + 0.75²·0.25/10 = 0.0150625;
    # n_eff = 0.575·0.425 / v = 16.224; Wilson(0.575, 16.224) = [0.344, 0.777].
    overall = t.loc[("entity", "ALL")]
    assert overall["precision"] == pytest.approx(0.575)
    assert overall["effective_n"] == pytest.approx(16.224, abs=1e-3)
    assert [overall["precision_low"], overall["precision_high"]] == pytest.approx([0.344, 0.777], abs=5e-4)
    assert overall["unreviewed"] == 2
    written = pd.read_csv(tmp_path / "precision.csv", dtype=str, keep_default_na=False)
    assert written.iloc[0]["population"] == "300" and written.iloc[0]["precision"] == "0.5000"


def test_unreviewed_stratum_is_counted_not_guessed(tmp_path: Path) -> None:
    rows = [("entity", "ORG", 50, "1"), ("entity", "ORG", 50, "1"), ("entity", "DATE", 150, "")]
    with (tmp_path / "review.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["kind", "stratum", "population", "correct"])
        writer.writerows(rows)
    t = by_stratum(precision(tmp_path))
    assert pd.isna(t.loc[("entity", "DATE"), "precision"])
    assert t.loc[("entity", "ALL"), "precision"] == 1.0
    assert t.loc[("entity", "ALL"), "covered"] == 0.25  # ORG's 50 of 200 rows
    assert t.loc[("entity", "ALL"), "effective_n"] == 2  # variance 0: the rows reviewed
    text = (tmp_path / "precision.csv").read_text("utf-8")
    assert "\nentity,DATE,150,1,0,1,0,,,,,0.0000,wilson\n" in text


@pytest.mark.parametrize(("header", "line", "detail"), [
    ("kind,stratum,population,correct", "entity,ORG,10,maybe", "correct is 'maybe'"),
    ("kind,stratum,population,correct", "entity,ORG,ten,1", "population 'ten'"),
    ("kind,stratum,population,correct", "thing,ORG,10,1", "kind 'thing'"),
    ("kind,stratum,population,correct", "entity,ORG,11,1", "differs from 10"),
    ("kind,stratum,correct", "entity,ORG,1", "no column population"),
])
def test_bad_review_file_is_e023_naming_the_line(tmp_path: Path, header: str, line: str, detail: str) -> None:
    (tmp_path / "review.csv").write_text(f"{header}\nentity,ORG,10,1\n{line}\n" if "population" in header
                                         else f"{header}\n{line}\n", encoding="utf-8")
    with pytest.raises(PipelineError) as caught:
        precision(tmp_path)
    assert caught.value.code == "E023" and detail in caught.value.message
    if "population" in header:
        assert "line 3" in caught.value.message
    assert not (tmp_path / "precision.csv").exists()


def test_cli_review_then_precision(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run = write_run(tmp_path / "run", {"ACTOR": (16, 4), "ORG": (10, 0)}, {"recommendation": (3, 1)})
    assert main(["precision", str(run)]) == 3  # no sample yet: E022
    assert "E022" in capsys.readouterr().err
    assert main(["review-sample", str(run), "--n", "20", "--seed", "5"]) == 0
    out = capsys.readouterr().out
    assert "20 rows from 3 strata" in out and str(run / "review_sample.html") in out
    fill(run)
    assert main(["precision", str(run)]) == 0
    out = capsys.readouterr().out
    assert "entity ORG" in out and "1.000 [" in out and "ALL ALL" in out
    assert main(["review-sample", str(run)]) == 2  # would overwrite the answers: E024
    assert "E024" in capsys.readouterr().err


# --------------------------------------------------------------------------- the sample page

# Two sections whose text holds markup, quotes and an ampersand, as a PDF may.
FRANCE = ('The Ministry of Interior says that mayors must report cases to the prefect.\n'
          'A hostile <script>alert("x")</script> & "quoted" line names the prefect and <b>mayors</b>.\n'
          'The prefect may ask the police for help in 2016.')
BELGIUM = "In Belgium the municipality should train its staff.\nThe police must inform the mayor."
HOSTILE_LABEL = 'ORG"><img src=x onerror=alert(1)>'


def _entity(country: str, text: str, label: str, needle: str, nth: int = 0) -> dict[str, object]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    s = text.rfind("\n", 0, start) + 1
    e = text.find("\n", start)
    e = len(text) if e < 0 else e
    return {"country": country, "label": label, "text": needle, "normalized": "", "actor_type": "", "level": "",
            "source": "body", "page": 1, "sentence": " ".join(text[s:e].split()), "start": start,
            "end": start + len(needle), "rule": "rule <&>"}


def _obligation(country: str, text: str, bearer: str, deontic: str, trigger: str, aim: str) -> dict[str, object]:
    start = text.index(f" {trigger} ") + 1
    s = text.rfind("\n", 0, start) + 1
    e = text.find("\n", start)
    e = len(text) if e < 0 else e
    return {"country": country, "bearer": bearer, "bearer_text": bearer, "actor_type": "", "deontic": deontic,
            "trigger": trigger, "aim": aim, "issuer": "", "source": "body", "page": 2,
            "sentence": " ".join(text[s:e].split()), "start": s, "end": e, "rule": "modal"}


def write_run_with_page(folder: Path) -> Path:
    """A run folder with a review.html built by pipeline.review from the same tables, as `run`
    writes them; one mention (of a country without a section) has no place in the page."""
    folder.mkdir(parents=True, exist_ok=True)
    entities = [
        _entity("France", FRANCE, "ORG", "Ministry of Interior"),
        _entity("France", FRANCE, "ACTOR", "mayors"),
        _entity("France", FRANCE, "ACTOR", "prefect"),
        _entity("France", FRANCE, "ACTOR", "prefect", nth=1),  # in the hostile sentence
        _entity("France", FRANCE, HOSTILE_LABEL, "mayors", nth=1),
        _entity("France", FRANCE, "ACTOR", "police"),
        _entity("France", FRANCE, "DATE", "2016"),
        _entity("Belgium", BELGIUM, "ACTOR", "municipality"),
        _entity("Belgium", BELGIUM, "ACTOR", "police"),
        {**_entity("Belgium", BELGIUM, "ACTOR", "mayor"), "country": "Atlantis"},  # no section: no anchor
    ]
    obligations = [
        _obligation("France", FRANCE, "mayors", "obligation", "must", "report cases to the prefect"),
        _obligation("France", FRANCE, "prefect", "permission", "may", "ask the police for help"),
        _obligation("Belgium", BELGIUM, "municipality", "recommendation", "should", "train its staff"),
        _obligation("Belgium", BELGIUM, "police", "obligation", "must", "inform the mayor"),
    ]
    tables = {
        "sections.csv": pd.DataFrame([
            {"country": "France", "iso2": "FR", "page_start": 1, "page_end": 2},
            {"country": "Belgium", "iso2": "BE", "page_start": 3, "page_end": 3},
        ]),
        "entities.csv": pd.DataFrame(entities, columns=ENTITY_COLUMNS),
        "obligations.csv": pd.DataFrame(obligations, columns=OBLIGATION_COLUMNS),
    }
    for name, frame in tables.items():
        (folder / name).write_bytes(to_csv_bytes(frame))
    (folder / "review.html").write_bytes(review_html(tables, [FRANCE, BELGIUM], title="report.pdf"))
    return folder


class Page(HTMLParser):
    """Ids, links, external references and the sample table's rows (attributes, cell texts)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.srcs: list[str] = []
        self.attribute_names: list[str] = []
        self.rows: list[dict[str, str | None]] = []
        self.cells: list[list[str]] = []
        self._in_cell = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.attribute_names.extend(a)
        if a.get("id"):
            self.ids.append(a["id"] or "")
        if "href" in a:
            self.hrefs.append(a["href"] or "")
        if "src" in a:
            self.srcs.append(a["src"] or "")
        if tag == "tr" and (a.get("id") or "").startswith("r"):
            self.rows.append(a)
            self.cells.append([])
        if tag == "td" and self.rows:
            self._in_cell = True
            self.cells[-1].append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self._in_cell = False

    def handle_data(self, data: str) -> None:
        if self._in_cell:
            self.cells[-1][-1] += data


def parse_page(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text("utf-8"))
    page.close()
    return page


def review_rows(folder: Path) -> list[dict[str, str]]:
    with (folder / "review.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_sample_page_lists_the_rows_of_review_csv_in_order(tmp_path: Path) -> None:
    run = write_run_with_page(tmp_path / "run")
    draw_sample(run, n=12, seed=2)
    rows = review_rows(run)
    page = parse_page(run / "review_sample.html")
    assert len(rows) == 12
    assert [(r["id"], r["data-kind"], r["data-row"], r["data-stratum"]) for r in page.rows] == [
        (f"r{k}", r["kind"], r["row"], r["stratum"]) for k, r in enumerate(rows, start=1)]
    for cells, row in zip(page.cells, rows):
        number, kind, stratum, source_row = cells[:4]
        assert (kind, stratum, source_row) == (row["kind"], row["stratum"], row["row"])
        assert number == str(rows.index(row) + 1)
        assert cells[7] == row["page"] and cells[8] == row["rule"]
    assert parse_page(run / "review_sample.html").ids.count("counts") == 1
    assert 'data-rows="12"' in (run / "review_sample.html").read_text("utf-8")


def test_sample_page_marks_the_mention_or_the_obligation_in_its_sentence(tmp_path: Path) -> None:
    run = write_run_with_page(tmp_path / "run")
    draw_sample(run, n=100)  # every row
    rows = review_rows(run)
    text = (run / "review_sample.html").read_text("utf-8")
    assert len(rows) == 14
    for k, row in enumerate(rows, start=1):
        tr = re.search(rf'<tr id="r{k}" .*?</tr>', text).group(0)
        sentence_cell = re.search(r'<td class="sentence">(.*?)</td>', tr).group(1)
        without_labels = re.sub(r'<span class="lbl">.*?</span>', "", sentence_cell)
        assert html.unescape(re.sub(r"<[^>]+>", "", without_labels)) == row["sentence"]  # the whole sentence
        if row["kind"] == "entity":
            marked = re.findall(r"<mark [^>]*>(.*?)<span class=\"lbl\">(.*?)</span></mark>", sentence_cell)
            assert [(html.unescape(m), html.unescape(label)) for m, label in marked] == [(row["text"], row["stratum"])]
        else:
            roles = dict((role, html.unescape(inner)) for role, inner in
                         re.findall(r'<span class="role (bearer|aim)">(.*?)</span>', sentence_cell))
            assert roles == {"bearer": row["bearer"], "aim": row["aim"]}
            assert re.search(rf'<span class="role trigger">{row["trigger"]}</span>', sentence_cell)
            assert f'<span class="deontic d-{row["stratum"]}"></span>{row["stratum"]}' in tr


def test_every_context_link_goes_to_the_row_in_review_html(tmp_path: Path) -> None:
    run = write_run_with_page(tmp_path / "run")
    draw_sample(run, n=100)
    rows = review_rows(run)
    page = parse_page(run / "review_sample.html")
    review_text = (run / "review.html").read_text("utf-8")
    review = parse_page(run / "review.html")
    targets = [h.partition("#")[2] for h in page.hrefs]
    assert all(h.startswith("review.html#") for h in page.hrefs)
    assert set(targets) <= set(review.ids), sorted(set(targets) - set(review.ids))
    entities = pd.read_csv(run / "entities.csv", dtype=str, keep_default_na=False)
    obligations = pd.read_csv(run / "obligations.csv", dtype=str, keep_default_na=False)
    linked = 0
    for cells, row in zip(page.cells, rows):
        if cells[-1] != "context":
            assert cells[-1] == "not in review.html"
            assert row["country"] == "Atlantis"  # the only row review.html has no place for
            continue
        target = targets[linked]
        linked += 1
        # The element the link names is that row of the run's CSV, read off review.html itself.
        source = int(row["row"]) - 1
        if row["kind"] == "entity":
            mark = re.search(rf'<mark [^>]*id="{target}"[^>]*>(.*?)<span class="lbl">', review_text).group(1)
            assert html.unescape(re.sub(r"<[^>]+>", "", mark)) == entities.iloc[source]["text"] == row["text"]
        else:
            card = re.search(rf'<li [^>]*id="{target}"[^>]*>(.*?)</li>', review_text, re.S).group(1)
            aim = re.search(r'<dd data-field="aim">(.*?)</dd>', card).group(1)
            assert html.unescape(aim) == obligations.iloc[source]["aim"] == row["aim"]
    assert linked == len(rows) - 1 == 13


def test_sample_page_fetches_nothing_and_escapes_a_hostile_sentence(tmp_path: Path) -> None:
    run = write_run_with_page(tmp_path / "run")
    draw_sample(run, n=100)
    text = (run / "review_sample.html").read_text("utf-8")
    page = parse_page(run / "review_sample.html")
    assert page.srcs == [] and "<link" not in text and "@import" not in text and "url(" not in text
    assert "<script" not in text and "<img" not in text  # no script of its own, none from the PDF
    assert all(h.startswith("review.html#") for h in page.hrefs)
    assert not any(name.startswith("on") for name in page.attribute_names)  # no attribute broke out
    assert 'data-stratum="ORG&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"' in text
    # What the PDF says is shown as text: a parser reads it back as the cells' data, not as markup.
    hostile = [cells for cells in page.cells if cells[2] == HOSTILE_LABEL]
    assert len(hostile) == 1
    assert hostile[0][9].startswith('A hostile <script>alert("x")</script> & "quoted" line names the prefect and <b>mayors')
    assert all(cells[8] == "rule <&>" for cells in page.cells if cells[1] == "entity")


def test_sample_page_is_byte_identical_for_the_same_seed(tmp_path: Path) -> None:
    run = write_run_with_page(tmp_path / "run")
    draw_sample(run, n=9, seed=7)
    first = (run / "review_sample.html").read_bytes(), (run / "review.csv").read_bytes()
    (run / "review_sample.html").unlink()
    (run / "review.csv").unlink()
    draw_sample(run, n=9, seed=7)
    assert ((run / "review_sample.html").read_bytes(), (run / "review.csv").read_bytes()) == first
    draw_sample(run, n=9, seed=8)
    assert (run / "review_sample.html").read_bytes() != first[0]


def test_without_review_html_the_page_has_no_links(tmp_path: Path) -> None:
    run = write_run(tmp_path / "run", {"ACTOR": (3, 1)}, {"obligation": (1, 1)})
    draw_sample(run, n=6)
    page = parse_page(run / "review_sample.html")
    assert page.hrefs == [] and len(page.rows) == 6
    assert "no readable <code>review.html</code>" in (run / "review_sample.html").read_text("utf-8")


def test_a_failed_write_leaves_review_csv_and_its_page_as_they_were(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    run = write_run_with_page(tmp_path / "run")
    real_replace = os.replace

    def full_disk(src: str | Path, dst: str | Path) -> None:
        if Path(dst).name == "review.csv":  # the page is already in place when review.csv fails
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(PipelineError) as caught:
        draw_sample(run, n=5, seed=1)
    assert caught.value.code == "E011" and "review.csv" in caught.value.message
    assert not (run / "review.csv").exists() and not (run / "review_sample.html").exists()  # neither
    monkeypatch.setattr(os, "replace", real_replace)
    draw_sample(run, n=5, seed=1)
    before = (run / "review_sample.html").read_bytes(), (run / "review.csv").read_bytes()
    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(PipelineError):
        draw_sample(run, n=5, seed=2)
    assert ((run / "review_sample.html").read_bytes(), (run / "review.csv").read_bytes()) == before  # both old
    assert sorted(p.name for p in run.iterdir() if p.name.startswith(".")) == []  # no temporary file left


def test_answers_keep_the_page_as_it_was(tmp_path: Path) -> None:
    run = write_run_with_page(tmp_path / "run")
    draw_sample(run, n=8)
    page = (run / "review_sample.html").read_bytes()
    review = pd.read_csv(run / "review.csv", dtype=str, keep_default_na=False)
    review["correct"] = "1"
    review.to_csv(run / "review.csv", index=False)
    precision(run)
    with pytest.raises(PipelineError):  # E024: would overwrite the answers
        draw_sample(run, n=8, seed=3)
    assert (run / "review_sample.html").read_bytes() == page


@pytest.mark.slow
def test_sample_page_of_the_first_report_links_every_row(tmp_path: Path) -> None:
    pdf = Path(__file__).resolve().parents[1] / "raw" / "local-authorities-radicalisation.pdf"
    assert main(["run", str(pdf), "--out", str(tmp_path)]) == 0
    run = tmp_path / pdf.stem
    assert main(["review-sample", str(run), "--n", "60", "--seed", "4"]) == 0
    rows = review_rows(run)
    page = parse_page(run / "review_sample.html")
    review_ids = set(parse_page(run / "review.html").ids)
    assert [(r["data-kind"], r["data-row"]) for r in page.rows] == [(r["kind"], r["row"]) for r in rows]
    assert len(rows) == 60
    # Every mention and obligation of this report has its place in review.html, so every row links.
    targets = [h.partition("#")[2] for h in page.hrefs]
    assert len(targets) == 60 and set(targets) <= review_ids
    assert targets == [("e" if r["kind"] == "entity" else "ob") + str(int(r["row"]) - 1) for r in rows]
