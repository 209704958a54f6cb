"""Tests of pipeline.diff: matching obligations across editions, and the diff of two typeset editions.

The end-to-end test typesets two editions of one small report with reportlab
(tests/pdf_factory.py) that differ in known ways, runs the real pipeline on both and checks
that exactly those differences are reported:

- Belgium: one sentence reworded from "should" to "must" (a deontic change, nothing else);
- Denmark: one obligation removed (its sentence is the only one naming the national centre);
- Austria: a country section added (one obligation, a year, the country's name, an actor);
- every section after the introduction moved from page 1 to page 2.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import pdf_factory as pf
from pdf_factory import Heading, NewPage, Para, Report
from pipeline.cli import main
from pipeline.diff import (
    CHANGED_COLUMNS,
    Edition,
    diff_editions,
    jaccard,
    load_edition,
    match_obligations,
    tokens,
)
from pipeline.errors import PipelineError

# --------------------------------------------------------------------------- matching


def obl(bearer: str, aim: str, deontic: str = "obligation", sentence: str = "", country: str = "Belgium",
        page: str = "1") -> dict[str, str]:
    return {"country": country, "bearer": bearer, "bearer_text": bearer, "deontic": deontic, "trigger": "must",
            "aim": aim, "issuer": "", "page": page, "sentence": sentence or f"The {bearer} must {aim}."}


def edition(obligations: list[dict[str, str]], entities: list[dict[str, str]] = [],  # noqa: B006
            sections: list[str] = ["Belgium"]) -> Edition:  # noqa: B006
    return Edition("x", [{"country": c, "iso2": "", "page_start": "1", "page_end": "1", "n_words": "9"}
                         for c in sections], entities, obligations)


def test_token_set_jaccard() -> None:
    assert tokens("The  Municipalities’ plan") == {"the", "municipalities", "plan"}
    assert jaccard(tokens("set up local networks"), tokens("set up networks")) == 0.75
    assert jaccard(frozenset(), frozenset()) == 1.0


def words(*numbers: int) -> str:
    return " ".join(f"w{n}" for n in numbers)


def test_assignment_is_optimal_not_greedy() -> None:
    # Aim similarities (the bearer is the same: score = (1 + Jaccard) / 2):
    #   old 0 = w1..w8 vs new 0 = w1..w9: 8/9 → 0.944;  vs new 1 = w1..w7: 7/8 → 0.938
    #   old 1 = w5..w9 vs new 0: 5/9 → 0.778;          vs new 1: 3/9 → 0.667 (below 0.75)
    # Taking the best pair first (old 0, new 0) would leave old 1 without a partner;
    # the optimal assignment keeps both pairs.
    old = [obl("police", words(*range(1, 9)), sentence="S1."), obl("police", words(*range(5, 10)), sentence="S2.")]
    new = [obl("police", words(*range(1, 10)), sentence="S3."), obl("police", words(*range(1, 8)), sentence="S4.")]
    pairs = match_obligations(old, new)
    assert [(i, j) for i, j, _ in pairs] == [(0, 1), (1, 0)]
    assert [round(score, 3) for _, _, score in pairs] == [0.938, 0.778]


@pytest.mark.parametrize(("old", "new", "matched"), [
    # deontic changed only: the same bearer and aim
    (obl("police", "inform the mayor", "recommendation"), obl("police", "inform the mayor"), True),
    # bearer replaced outright (score 0.5) in a sentence that otherwise stayed (Jaccard 7/9): a bearer change
    (obl("municipalities", "appoint a coordinator", sentence="By 2020 the municipalities must appoint a coordinator."),
     obl("mayors", "appoint a coordinator", sentence="By 2020 the mayors must appoint a coordinator."), True),
    # the same bearer's other duty (0.5), in another sentence (Jaccard 3/8): not a change of this one
    (obl("municipalities", "appoint a coordinator"), obl("municipalities", "fund youth clubs"), False),
    # an aim reworded, the bearer kept: (1 + 4/5) / 2 = 0.9
    (obl("police", "share information with the schools"), obl("police", "share information with schools"), True),
    # nothing in common
    (obl("police", "inform the mayor"), obl("teachers", "report worrying cases"), False),
])
def test_match_thresholds(old: dict[str, str], new: dict[str, str], matched: bool) -> None:
    assert bool(match_obligations([old], [new])) is matched


def test_changes_are_named_and_pages_ignored() -> None:
    old = edition([obl("police", "inform the mayor", "recommendation", page="3"),
                   obl("schools", "train teachers", page="4"),
                   obl("municipalities", "appoint a coordinator", sentence="Each of the municipalities must appoint a coordinator.")])
    new = edition([obl("schools", "train teachers", page="9"),
                   obl("police", "inform the mayor", page="8"),
                   obl("mayors", "appoint a coordinator", sentence="Each of the mayors must appoint a coordinator.")])
    result = diff_editions(old, new)
    assert result.obligations_added.empty and result.obligations_removed.empty
    changed = result.obligations_changed
    assert tuple(changed.columns) == CHANGED_COLUMNS
    assert sorted(zip(changed.changed, changed.new_bearer)) == [("bearer", "mayors"), ("deontic", "police")]
    assert result.unchanged_obligations == 1


def test_obligations_match_only_within_a_country() -> None:
    old = edition([obl("police", "inform the mayor", country="Belgium")])
    new = edition([obl("police", "inform the mayor", country="Denmark")], sections=["Belgium", "Denmark"])
    result = diff_editions(old, new)
    assert list(result.obligations_removed.country) == ["Belgium"]
    assert list(result.obligations_added.country) == ["Denmark"]
    assert list(result.sections_added.country) == ["Denmark"]


def test_entities_compared_as_names_per_country_and_label() -> None:
    def ent(country: str, label: str, text: str, page: str = "1") -> dict[str, str]:
        return {"country": country, "label": label, "text": text, "page": page}

    old = edition([], [ent("Belgium", "ORG", "CGRS"), ent("Belgium", "ORG", "CGRS"), ent("Belgium", "PLACE", "Liège"),
                       ent("Belgium", "ACTOR", "the police")])
    new = edition([], [ent("The Netherlands", "PLACE", "Liège"), ent("Belgium", "ORG", "cgrs", page="5"),
                       ent("Belgium", "ACTOR", "The  police"), ent("Belgium", "DATE", "2019")],
                  sections=["Belgium", "The Netherlands"])
    result = diff_editions(old, new)
    assert result.entities_added[["country", "label", "text"]].values.tolist() == [
        ["Belgium", "DATE", "2019"], ["The Netherlands", "PLACE", "Liège"]]
    assert result.entities_removed[["country", "label", "text", "mentions"]].values.tolist() == [
        ["Belgium", "PLACE", "Liège", 1]]


def test_inputs_that_are_no_edition(tmp_path: Path) -> None:
    with pytest.raises(PipelineError) as caught:
        load_edition(tmp_path)  # a folder without a run's CSVs
    assert caught.value.code == "E025"
    with pytest.raises(PipelineError) as caught:
        load_edition(tmp_path / "absent.pdf")
    assert caught.value.code == "E001"
    assert main(["diff", str(tmp_path), str(tmp_path / "absent.pdf"), "--out", str(tmp_path)]) == 3
    assert not (tmp_path / "diff").exists()


# --------------------------------------------------------------------------- two editions, end to end

BELGIUM_SHOULD = ("Under the federal plan, the municipalities should set up local task forces "
                  "with the police and the social services.")
BELGIUM_MUST = BELGIUM_SHOULD.replace(" should ", " must ")
DENMARK_REMOVED = "The municipalities must report every case of radicalisation to the national centre."
AUSTRIA = ("Austria adopted its national strategy in 2018. The federal states must appoint a coordinator "
           "for the prevention of extremism in every district.")


def edition_report(*, second: bool) -> Report:
    blocks: list[pf.Block] = [
        Heading("Introduction", level=1),
        Para("This working paper compares how national strategies involve local authorities. "
             + pf.prose("Europe", 4, 0)),
    ]
    if second:
        blocks.append(NewPage())  # every country section moves from page 1 to page 2
    blocks += [
        Heading("Belgium", country="Belgium", iso2="BE"),
        Para("The Belgian federal government adopted Plan R in 2015. "
             + (BELGIUM_MUST if second else BELGIUM_SHOULD) + " The mayor chairs the local task force."),
        Para(pf.prose("Belgium", 3, 2)),
        Heading("Denmark", country="Denmark", iso2="DK"),
        Para("The Danish municipalities run the Aarhus model of exit programmes. "
             "The police may share information with the municipalities in the multi-agency panels."
             + ("" if second else " " + DENMARK_REMOVED)),
        Para(pf.prose("Denmark", 3, 5)),
    ]
    if second:
        blocks += [Heading("Austria", country="Austria", iso2="AT"), Para(AUSTRIA)]
    return Report(title="Local Authorities in National Strategies", blocks=tuple(blocks),
                  running_header=pf.RUNNING_HEADER, page_number="Page {n}")


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("editions")
    old = pf.build_report(edition_report(second=False), folder / "report-2017.pdf")
    new = pf.build_report(edition_report(second=True), folder / "report-2019.pdf")
    # The typesetter confirms the page shift: Belgium and Denmark start on page 1, then on 2.
    assert [(s.country, s.page_start) for s in old.sections] == [("", 1), ("Belgium", 1), ("Denmark", 1)]
    assert [(s.country, s.page_start) for s in new.sections] == [("", 1), ("Belgium", 2), ("Denmark", 2), ("Austria", 2)]
    return old.path, new.path


def read(folder: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(folder / name, dtype=str, keep_default_na=False)


@pytest.mark.slow
def test_diff_of_two_editions_reports_exactly_the_known_changes(
    editions: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = editions
    assert main(["diff", str(old), str(new), "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    diff = tmp_path / "diff"
    assert sorted(p.name for p in diff.iterdir()) == sorted([
        "obligations_added.csv", "obligations_removed.csv", "obligations_changed.csv", "entities_added.csv",
        "entities_removed.csv", "sections_added.csv", "sections_removed.csv", "manifest.json"])

    # Belgium: should → must, the only change; the page moved from 1 to 2 and is no change.
    changed = read(diff, "obligations_changed.csv")
    assert len(changed) == 1
    row = changed.iloc[0]
    assert (row.country, row.changed, row.old_deontic, row.new_deontic) == ("Belgium", "deontic", "recommendation", "obligation")
    assert row.old_aim == row.new_aim and "local task forces" in row.new_aim
    assert (row.old_page, row.new_page) == ("1", "2")
    assert row.old_sentence == BELGIUM_SHOULD and row.new_sentence == BELGIUM_MUST

    # Denmark: the removed obligation.
    removed = read(diff, "obligations_removed.csv")
    assert removed[["country", "deontic"]].values.tolist() == [["Denmark", "obligation"]]
    assert removed.iloc[0].sentence == DENMARK_REMOVED

    # Austria: the added country, its obligation and its entities; nothing else added.
    assert read(diff, "sections_added.csv")[["country", "iso2", "page_start"]].values.tolist() == [["Austria", "AT", "2"]]
    assert read(diff, "sections_removed.csv").empty
    added = read(diff, "obligations_added.csv")
    assert added[["country", "deontic"]].values.tolist() == [["Austria", "obligation"]]
    assert "appoint a coordinator" in added.iloc[0].aim and "federal states" in added.iloc[0].bearer
    entities_added = read(diff, "entities_added.csv")
    assert set(entities_added.country) == {"Austria"}
    assert {("DATE", "2018"), ("PLACE", "Austria")} <= set(zip(entities_added.label, entities_added.text))

    # The only name that left: the national centre, named by the removed sentence alone.
    entities_removed = read(diff, "entities_removed.csv")
    assert [(r.country, r.text) for r in entities_removed.itertuples()] == [("Denmark", "national centre")]

    assert "1 added (Austria), 0 removed" in out
    assert "1 added, 1 removed, 1 changed" in out
    assert "deontic 'recommendation' -> 'obligation'" in out


@pytest.mark.slow
def test_diff_of_output_folders_equals_diff_of_pdfs(editions: tuple[Path, Path], tmp_path: Path) -> None:
    old, new = editions
    assert main(["run", str(old), str(new), "--out", str(tmp_path / "outputs")]) == 0
    old_dir, new_dir = (tmp_path / "outputs" / p.stem for p in (old, new))
    assert main(["diff", str(old_dir), str(new_dir), "--out", str(tmp_path / "folders")]) == 0
    assert main(["diff", str(old), str(new_dir), "--out", str(tmp_path / "mixed")]) == 0
    for name in ("obligations_added.csv", "obligations_removed.csv", "obligations_changed.csv",
                 "entities_added.csv", "entities_removed.csv", "sections_added.csv", "sections_removed.csv"):
        assert (tmp_path / "folders" / "diff" / name).read_bytes() == (tmp_path / "mixed" / "diff" / name).read_bytes(), name
    # A second diff into the same place replaces the first whole.
    assert main(["diff", str(new_dir), str(new_dir), "--out", str(tmp_path / "folders")]) == 0
    assert read(tmp_path / "folders" / "diff", "obligations_changed.csv").empty
    assert read(tmp_path / "folders" / "diff", "sections_added.csv").empty
