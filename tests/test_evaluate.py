"""Tests of pipeline.evaluate: the gold loader, the scoring rules of the guidelines, the tables."""

from __future__ import annotations

import csv
import json
import logging
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from pipeline.errors import EXIT_GOLD, EXIT_INPUT, PipelineError
from pipeline.evaluate import (
    ERROR_COLUMNS,
    METRIC_COLUMNS,
    Evaluation,
    Gold,
    GoldEntity,
    GoldObligation,
    MetricRow,
    _lenient,
    _occurs,
    _unneutralise,
    evaluate,
    evaluate_dir,
    fold_text,
    load_gold,
    summary,
    token_f1,
)

# --------------------------------------------------------------------------- helpers


def write_gold(tmp_path: Path, lines: list[Any]) -> Path:
    """One gold line per item: dicts as JSON, strings as they are."""
    path = tmp_path / "gold.jsonl"
    path.write_text(
        "\n".join(item if isinstance(item, str) else json.dumps(item, ensure_ascii=False) for item in lines)
        + "\n",
        encoding="utf-8",
    )
    return path


def g_ent(country: str, label: str, text: str) -> dict[str, str]:
    return {"type": "entity", "country": country, "label": label, "text": text}


def g_obl(country: str, bearer: str, deontic: str, aim: str, quote: str, issuer: str = "",
          **extra: str) -> dict[str, str]:
    return {"type": "obligation", "country": country, "bearer": bearer, "deontic": deontic,
            "trigger": "t", "aim": aim, "issuer": issuer, "sentence_quote": quote, **extra}


def p_ent(country: str, label: str, text: str, *, sentence: str = "", page: str = "1",
          source: str = "body") -> dict[str, str]:
    return {"country": country, "label": label, "text": text, "source": source, "page": page,
            "sentence": sentence, "normalized": text.lower(), "actor_type": "", "level": "",
            "start": "0", "end": "0", "rule": "test"}


def p_obl(country: str, bearer: str, deontic: str, aim: str, sentence: str, *, issuer: str = "",
          bearer_text: str = "", page: str = "1", source: str = "body") -> dict[str, str]:
    return {"country": country, "bearer": bearer, "bearer_text": bearer_text, "actor_type": "",
            "deontic": deontic, "trigger": "t", "aim": aim, "issuer": issuer, "source": source,
            "page": page, "sentence": sentence, "rule": "test"}


def gold_of(entities: list[dict[str, str]] = [], obligations: list[dict[str, str]] = []) -> Gold:  # noqa: B006
    """A Gold built in memory from g_ent/g_obl dicts (line numbers by position)."""
    def fields(d: dict[str, str]) -> dict[str, str]:
        return {k: v for k, v in d.items() if k != "type"}

    return Gold(
        entities=[GoldEntity(line=i, **fields(d)) for i, d in enumerate(entities, 1)],
        obligations=[GoldObligation(line=i, **fields(d)) for i, d in enumerate(obligations, 1)],
    )


def row(ev: Evaluation, task: str, scheme: str, country: str, label: str) -> MetricRow:
    found = [r for r in ev.metrics
             if (r.task, r.scheme, r.country, r.label) == (task, scheme, country, label)]
    assert len(found) == 1, (task, scheme, country, label, found)
    return found[0]


def prf(r: MetricRow) -> tuple[int | None, int | None, int | None, float | None, float | None, float | None]:
    return (r.tp, r.fp, r.fn, r.precision, r.recall, r.f1)


def approx(*values: float) -> Any:
    """Counts and rates compared at once: integers stay exact at this tolerance."""
    return pytest.approx(values, abs=1e-12)


# --------------------------------------------------------------------------- gold loader


def test_load_gold_reads_records_and_skips_blank_lines(tmp_path: Path) -> None:
    path = write_gold(tmp_path, [
        g_ent("Denmark", "ORG", "National Social Service Board"),
        "",
        "   ",
        g_obl("Denmark", "Local authorities", "obligation", "inform the municipal staff and police",
              "Local authorities are required to inform the municipal staff"),
        g_obl("Belgium", "Local task forces", "responsibility", "following each case",
              "They are responsible for following each case.", bearer_text="They"),
    ])
    gold = load_gold(path)
    assert gold.entities == [GoldEntity("Denmark", "ORG", "National Social Service Board", line=1)]
    assert [(o.line, o.bearer, o.bearer_text) for o in gold.obligations] == [
        (4, "Local authorities", ""),
        (5, "Local task forces", "They"),
    ]


def test_load_gold_accepts_byte_order_mark_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(g_ent("", "DATE", "2014")).encode() + b"\r\n")
    assert load_gold(path).entities == [GoldEntity("", "DATE", "2014", line=1)]


GOOD_ENTITY = json.dumps(g_ent("Denmark", "PLACE", "Aarhus"))
GOOD_OBLIGATION = json.dumps(g_obl("Denmark", "mayors", "permission", "close premises",
                                   "Mayors can close premises used by radical groups"))


@pytest.mark.parametrize(
    ("bad_line", "detail"),
    [
        ('{"type": "entity", "country": "Denmark", "label": "ORG", "text": "NCTV"',
         "not valid JSON"),
        ('["entity", "Denmark"]', "expected a JSON object, got an array"),
        ('{"country": "Denmark", "label": "ORG", "text": "NCTV"}', "missing field 'type'"),
        ('{"type": "entity", "country": "Denmark", "label": "ORG"}', "missing field 'text'"),
        ('{"type": "obligation", "country": "", "deontic": "obligation", "trigger": "must", '
         '"issuer": "", "sentence_quote": "Local authorities must report every case"}',
         "missing fields 'bearer', 'aim'"),
        ('{"type": "entity", "country": "Denmark", "label": "PERSON", "text": "Obama"}',
         "unknown label 'PERSON'; expected one of ORG, POLICY, ACTOR, PLACE, DATE"),
        (json.dumps(g_obl("", "mayors", "duty", "report", "Mayors have the duty to report cases")),
         "unknown deontic 'duty'"),
        ('{"type": "relation", "country": "Denmark"}', "unknown type 'relation'"),
        ('{"type": "entity", "country": "Denmark", "label": "DATE", "text": 2014}',
         "field 'text' must be a string, not a number"),
        ('{"type": "entity", "country": null, "label": "DATE", "text": "2014"}',
         "field 'country' must be a string, not null"),
        ('{"type": "entity", "country": "Denmark", "label": "ORG", "text": " “” "}',
         "field 'text' is empty"),
    ],
)
def test_load_gold_error_names_the_line(tmp_path: Path, bad_line: str, detail: str) -> None:
    # Line 1 and 2 are good, line 3 blank, so the bad line is line 4.
    path = write_gold(tmp_path, [GOOD_ENTITY, GOOD_OBLIGATION, "", bad_line, GOOD_ENTITY])
    with pytest.raises(PipelineError) as caught:
        load_gold(path)
    assert caught.value.code == "E006"
    assert caught.value.exit_status == EXIT_GOLD
    assert f"gold file {path}, line 4: " in caught.value.message
    assert detail in caught.value.message


def test_load_gold_rejects_bytes_that_are_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_bytes(GOOD_ENTITY.encode() + b"\n" + '{"text": "caf\xe9"}'.encode("latin-1") + b"\n")
    with pytest.raises(PipelineError, match=r"line 2: not UTF-8 \(byte 0xe9"):
        load_gold(path)


def test_load_gold_missing_file_is_e007(tmp_path: Path) -> None:
    with pytest.raises(PipelineError) as caught:
        load_gold(tmp_path / "absent.jsonl")
    assert (caught.value.code, caught.value.exit_status) == ("E007", EXIT_GOLD)
    assert "absent.jsonl" in caught.value.message


def test_load_gold_warns_on_short_quote(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = write_gold(tmp_path, [g_obl("", "mayors", "permission", "close premises", "Mayors can close")])
    with caplog.at_level(logging.WARNING, logger="pipeline.evaluate"):
        assert len(load_gold(path).obligations) == 1
    assert "line 1: sentence_quote is shorter than 30 characters" in caplog.text


# --------------------------------------------------------------------------- text helpers


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Local  Authorities", "local authorities"),
        ("  local\n\tauthorities ", "local authorities"),
        ("“Info Houses”", "info houses"),
        ("'Info Houses'", "info houses"),
        # Each end loses its quotes, even one closing an inner quotation: both sides fold alike.
        ("ministerial circular on “foreign fighters”", 'ministerial circular on "foreign fighters'),
        ("‘Info Houses", "info houses"),
        ("Minister’s office", "minister's office"),
        ("« Préfet »", "préfet"),
        ("STRASSE", "strasse"),  # case-folding, not just lower()
    ],
)
def test_fold_text(text: str, folded: str) -> None:
    assert fold_text(text) == folded


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("police", "the police", True),
        ("the police", "police", True),  # either way round
        ("ssp", "ssps", True),
        ("jutland police", "east jutland police", True),
        ("it", "municipality", False),  # not at a word start
        ("he", "the police", False),
        ("police", "local authorities", False),
        ("", "police", False),
    ],
)
def test_lenient_containment_starts_at_a_word(a: str, b: str, expected: bool) -> None:
    assert _lenient(a, b) is expected


def test_occurs_finds_a_later_word_start() -> None:
    # The first hit of "it" is inside "city"; the second starts a word.
    assert _occurs("it", "the city and it")


@pytest.mark.parametrize(
    ("gold", "predicted", "f1"),
    [
        # Gold tokens (article dropped): share information on foreign fighters with local
        # authorities = 8; predicted 5, all in gold. P = 5/5, R = 5/8, F1 = 2PR/(P+R) = 10/13.
        ("share information on foreign fighters with the local authorities",
         "share information with local authorities", 10 / 13),
        ("create a “local” unit.", "Create local unit", 1.0),  # case, punctuation, articles
        ("following each case", "follow each case", 2 / 3),  # 2 of 3 either side
        ("police police", "police", 2 / 3),  # multiset: common 1, P 1, R 1/2
        ("inform the police", "establish Info Houses", 0.0),
        ("the", "a", 1.0),  # both empty after normalisation, as SQuAD scores it
        ("inform", "", 0.0),
    ],
)
def test_token_f1(gold: str, predicted: str, f1: float) -> None:
    assert token_f1(gold, predicted) == pytest.approx(f1, abs=1e-12)


@pytest.mark.parametrize(
    ("cell", "restored"),
    [
        ("'=SUM(A1)", "=SUM(A1)"),
        ("'+45 helpline", "+45 helpline"),
        ("'-2017", "-2017"),
        ("'@home", "@home"),
        ("'\tx", "\tx"),  # the export also neutralises tab and carriage return
        ("''=x", "''=x"),  # the export never writes this: left alone
        ("'Info Houses'", "'Info Houses'"),  # a quote before other characters stays
        ("'", "'"),
        ("", ""),
    ],
)
def test_unneutralise(cell: str, restored: str) -> None:
    assert _unneutralise(cell) == restored


# --------------------------------------------------------------------------- entities

# Gold: Denmark ACTOR local authorities x2, ORG East Jutland Police, PLACE Aarhus, DATE 2014;
# Belgium ORG National Task Force, POLICY Radicalism Plan; introduction PLACE Norway.
ENTITY_GOLD = [
    g_ent("Denmark", "ACTOR", "local authorities"),
    g_ent("Denmark", "ACTOR", "local authorities"),
    g_ent("Denmark", "ORG", "East Jutland Police"),
    g_ent("Denmark", "PLACE", "Aarhus"),
    g_ent("Denmark", "DATE", "2014"),
    g_ent("Belgium", "ORG", "National Task Force"),
    g_ent("Belgium", "POLICY", "Radicalism Plan"),
    g_ent("", "PLACE", "Norway"),
]
S_AARHUS = "In 2014 Aarhus set up its model."
ENTITY_PRED = [
    p_ent("Denmark", "ACTOR", "local authorities", sentence="S3", page="3"),
    p_ent("Denmark", "ACTOR", "Local Authorities", sentence="S4", page="4"),
    p_ent("Denmark", "ACTOR", "local  authorities", sentence="S5", page="5"),  # the third copy
    p_ent("Denmark", "ORG", "Jutland Police", sentence="S6", page="6"),  # contained: lenient only
    p_ent("Denmark", "PLACE", "“AARHUS”", sentence=S_AARHUS, page="7"),  # folds to aarhus
    p_ent("Denmark", "DATE", "2014", sentence="Note 3 (2014).", page="7", source="footnote"),
    p_ent("Belgium", "ORG", "National Task Force", sentence="B1", page="10"),
    p_ent("Belgium", "POLICY", "Radicalism Plan", sentence="B1", page="10"),
    p_ent("Belgium", "PLACE", "Aarhus", sentence="B2", page="11"),  # right text, wrong section
    p_ent("Belgium", "PERSON", "Jan Jambon", sentence="B2", page="11"),  # not a gold label
]


@pytest.fixture
def entity_eval() -> Evaluation:
    return evaluate(gold_of(ENTITY_GOLD), ENTITY_PRED, [])


def test_entities_whole_report_per_label(entity_eval: Evaluation) -> None:
    ev = entity_eval
    # ACTOR: 2 gold vs 3 predicted copies → TP 2, FP 1: P 2/3, R 1, F1 2·(2/3)/(5/3) = 0.8.
    for scheme in ("strict", "lenient"):
        assert prf(row(ev, "entities", scheme, "ALL", "ACTOR")) == approx(2, 1, 0, 2 / 3, 1.0, 0.8)
    # ORG: East Jutland Police vs Jutland Police only leniently; National Task Force both.
    assert prf(row(ev, "entities", "strict", "ALL", "ORG")) == approx(1, 1, 1, 0.5, 0.5, 0.5)
    assert prf(row(ev, "entities", "lenient", "ALL", "ORG")) == approx(2, 0, 0, 1.0, 1.0, 1.0)
    # PLACE: “AARHUS” folds onto Aarhus in Denmark; Aarhus in Belgium is a FP; Norway a FN.
    assert prf(row(ev, "entities", "strict", "ALL", "PLACE")) == approx(1, 1, 1, 0.5, 0.5, 0.5)
    # DATE: the only prediction is in a footnote and is ignored → 1 FN; nothing predicted,
    # so precision has no support and is left empty (issue 9), recall and F1 are 0.
    assert prf(row(ev, "entities", "strict", "ALL", "DATE")) == (0, 0, 1, None, 0.0, 0.0)
    assert prf(row(ev, "entities", "strict", "ALL", "POLICY")) == approx(1, 0, 0, 1.0, 1.0, 1.0)
    # micro strict: TP 2+1+1+1+0 = 5, FP 1+1+0+1+0 = 3, FN 0+1+0+1+1 = 3 → 5/8 each.
    assert prf(row(ev, "entities", "strict", "ALL", "micro")) == approx(5, 3, 3, 0.625, 0.625, 0.625)
    # micro lenient: the ORG pair moves from FP+FN to TP → TP 6, FP 2, FN 2 → 0.75 each.
    assert prf(row(ev, "entities", "lenient", "ALL", "micro")) == approx(6, 2, 2, 0.75, 0.75, 0.75)
    assert row(ev, "entities", "strict", "ALL", "micro").support == 8
    assert row(ev, "entities", "strict", "ALL", "micro").value == pytest.approx(0.625)


def test_entities_per_country(entity_eval: Evaluation) -> None:
    ev = entity_eval
    # Denmark strict: ACTOR 2/1/0, ORG 0/1/1, PLACE 1/0/0, DATE 0/0/1 → TP 3, FP 2, FN 2: 0.6.
    assert prf(row(ev, "entities", "strict", "Denmark", "micro")) == approx(3, 2, 2, 0.6, 0.6, 0.6)
    # Denmark lenient: ORG becomes a TP → TP 4, FP 1, FN 1: 0.8.
    assert prf(row(ev, "entities", "lenient", "Denmark", "micro")) == approx(4, 1, 1, 0.8, 0.8, 0.8)
    # Belgium: ORG and POLICY found, PLACE Aarhus is a FP → TP 2, FP 1, FN 0: P 2/3, R 1, F1 0.8.
    assert prf(row(ev, "entities", "strict", "Belgium", "micro")) == approx(2, 1, 0, 2 / 3, 1.0, 0.8)
    assert prf(row(ev, "entities", "strict", "Belgium", "PLACE")) == (0, 1, 0, 0.0, None, 0.0)  # no gold: no recall
    # The introduction (country "") is shown as "(introduction)": Norway missed.
    assert prf(row(ev, "entities", "strict", "(introduction)", "micro")) == (0, 0, 1, None, 0.0, 0.0)
    # A label with nothing either side has zero counts, support 0 and no measure (empty, not 0.0).
    empty = row(ev, "entities", "strict", "Belgium", "DATE")
    assert (empty.tp, empty.fp, empty.fn, empty.support) == (0, 0, 0, 0)
    assert (empty.precision, empty.recall, empty.f1, empty.value) == (None, None, None, None)
    # 5 labels + micro, for ALL and 3 sections, 2 schemes.
    assert len([r for r in ev.metrics if r.task == "entities"]) == 6 * 4 * 2


def test_entity_errors_list_every_fp_and_fn(entity_eval: Evaluation) -> None:
    _, errors = entity_eval.to_frames()
    got = [
        (r.scheme, r.kind, r.country, r.label, r.gold, r.predicted, r.sentence,
         None if pd.isna(r.page) else int(r.page))
        for r in errors[errors.task == "entities"].itertuples()
    ]
    assert got == [
        ("strict", "false_negative", "(introduction)", "PLACE", "Norway", "", "", None),
        ("strict", "false_positive", "Belgium", "PLACE", "", "Aarhus", "B2", 11),
        # The third copy of local authorities is the surplus one.
        ("strict", "false_positive", "Denmark", "ACTOR", "", "local  authorities", "S5", 5),
        ("strict", "false_positive", "Denmark", "ORG", "", "Jutland Police", "S6", 6),
        # A missed mention points at a predicted sentence of its section that holds it.
        ("strict", "false_negative", "Denmark", "DATE", "2014", "", S_AARHUS, 7),
        ("strict", "false_negative", "Denmark", "ORG", "East Jutland Police", "", "", None),
        ("lenient", "false_negative", "(introduction)", "PLACE", "Norway", "", "", None),
        ("lenient", "false_positive", "Belgium", "PLACE", "", "Aarhus", "B2", 11),
        ("lenient", "false_positive", "Denmark", "ACTOR", "", "local  authorities", "S5", 5),
        ("lenient", "false_negative", "Denmark", "DATE", "2014", "", S_AARHUS, 7),
    ]


@pytest.mark.parametrize(
    ("gold_text", "pred_text", "strict_tp", "lenient_tp"),
    [
        ("Aarhus model", "  “AARHUS   Model” ", 1, 1),  # case, quotes and white space fold
        ("ministerial circular on “foreign fighters”", 'Ministerial circular on "foreign fighters"', 1, 1),
        ("Prevent strategy", "Prevent", 0, 1),  # prediction inside gold
        ("police", "the police", 0, 1),  # gold inside prediction
        ("municipality", "it", 0, 0),  # not at a word start
        ("Channel", "Prevent", 0, 0),
    ],
)
def test_entity_strict_and_lenient_single_pair(gold_text: str, pred_text: str, strict_tp: int,
                                               lenient_tp: int) -> None:
    ev = evaluate(gold_of([g_ent("Spain", "POLICY", gold_text)]), [p_ent("Spain", "POLICY", pred_text)], [])
    assert row(ev, "entities", "strict", "ALL", "POLICY").tp == strict_tp
    assert row(ev, "entities", "lenient", "ALL", "POLICY").tp == lenient_tp


def test_entity_wrong_section_or_label_never_matches() -> None:
    gold = gold_of([g_ent("Denmark", "PLACE", "Aarhus")])
    preds = [p_ent("Belgium", "PLACE", "Aarhus"), p_ent("Denmark", "ORG", "Aarhus")]
    ev = evaluate(gold, preds, [])
    for scheme in ("strict", "lenient"):
        assert prf(row(ev, "entities", scheme, "ALL", "micro")) == approx(0, 2, 1, 0.0, 0.0, 0.0)


def test_lenient_pairs_maximise_matches_over_greedy_choice() -> None:
    # "local police" is in both predictions (same overlap, 12 characters); "officers" only in the
    # first. A greedy pass taking the first prediction for "local police" would leave "officers"
    # unmatched; the matching pairs both.
    gold = gold_of([g_ent("Spain", "ACTOR", "local police"), g_ent("Spain", "ACTOR", "officers")])
    preds = [p_ent("Spain", "ACTOR", "local police officers"), p_ent("Spain", "ACTOR", "local police unit")]
    ev = evaluate(gold, preds, [])
    assert prf(row(ev, "entities", "lenient", "ALL", "ACTOR")) == approx(2, 0, 0, 1.0, 1.0, 1.0)
    assert row(ev, "entities", "strict", "ALL", "ACTOR").tp == 0


def test_lenient_keeps_strict_pairs_first() -> None:
    # Containment alone could pair police/police unit and local police/police (2 pairs), but the
    # exact pair police/police is made first, so every strict pair stays a lenient one:
    # TP 1, FP 1 (police unit), FN 1 (local police).
    gold = gold_of([g_ent("Spain", "ACTOR", "police"), g_ent("Spain", "ACTOR", "local police")])
    preds = [p_ent("Spain", "ACTOR", "police unit"), p_ent("Spain", "ACTOR", "police")]
    ev = evaluate(gold, preds, [])
    assert prf(row(ev, "entities", "lenient", "ALL", "ACTOR")) == approx(1, 1, 1, 0.5, 0.5, 0.5)


def test_lenient_prefers_longest_overlap_then_earliest() -> None:
    # Gold "police" fits both predictions with the same overlap: the earlier one is taken.
    gold = gold_of([g_ent("Spain", "ACTOR", "police")])
    preds = [p_ent("Spain", "ACTOR", "local police", page="1"),
             p_ent("Spain", "ACTOR", "police services", page="2")]
    _, errors = evaluate(gold, preds, []).to_frames()
    lenient = errors[errors.scheme == "lenient"]
    assert list(lenient.predicted) == ["police services"]


def test_footnote_rows_are_ignored() -> None:
    gold = gold_of([g_ent("Denmark", "PLACE", "Aarhus")],
                   [g_obl("Denmark", "mayors", "permission", "close premises",
                          "Mayors can close premises used by radical groups")])
    sentence = "Mayors can close premises used by radical groups."
    ev = evaluate(gold, [p_ent("Denmark", "PLACE", "Aarhus", source="footnote")],
                  [p_obl("Denmark", "mayors", "permission", "close premises", sentence, source="footnote")])
    assert prf(row(ev, "entities", "strict", "ALL", "micro"))[:3] == (0, 0, 1)
    assert prf(row(ev, "obligations", "match", "ALL", "all"))[:3] == (0, 0, 1)


# --------------------------------------------------------------------------- obligations

S_POLICE = ("It requires the police to share information on foreign fighters returning from "
            "conflict with local authorities.")
S_MAYORS = "It also encourages mayors to create a local multi-agency security unit (LISC)."
S_TASK = "They are responsible for following each case."
S_DK = ("Local authorities are required to inform the municipal staff and police and to "
        "establish ‘Info Houses’.")
CIRCULAR = "ministerial circular on “foreign fighters”"
OBLIGATION_GOLD = [
    # G1: matched by P1 (bearer "police" in "the police"); issuer found leniently.
    g_obl("Belgium", "police", "obligation", "share information on foreign fighters with the local authorities",
          "It requires the police to share information on foreign fighters", CIRCULAR),
    # G2: matched by P2, but P2 says permission and names no issuer.
    g_obl("Belgium", "mayors", "recommendation", "create a local multi-agency security unit",
          "It also encourages mayors to create a local multi-agency security unit", CIRCULAR),
    # G3: matched by P3, whose bearer is the resolved actor (the pronoun kept in bearer_text).
    g_obl("Belgium", "Local task forces", "responsibility", "following each case", S_TASK, bearer_text="They"),
    # G4, G5: one sentence, two aims; P4 and P5 come in the other order.
    g_obl("Denmark", "Local authorities", "obligation", "inform the municipal staff and police",
          "Local authorities are required to inform the municipal staff"),
    g_obl("Denmark", "Local authorities", "obligation", "establish Info Houses",
          "Local authorities are required to inform the municipal staff"),
    # G6: nothing predicted in the Netherlands.
    g_obl("The Netherlands", "mayors", "permission", "close premises",
          "Mayors can close premises used by radical groups"),
]
OBLIGATION_PRED = [
    p_obl("Belgium", "the police", "obligation", "share information with local authorities", S_POLICE,
          issuer="Ministerial circular", page="5"),  # P1
    p_obl("Belgium", "mayors", "permission", "create a local multi-agency security unit", S_MAYORS,
          page="5"),  # P2
    p_obl("Belgium", "Local task forces", "responsibility", "follow each case", S_TASK, bearer_text="They",
          page="6"),  # P3
    p_obl("Denmark", "local authorities", "obligation", "establish ‘Info Houses’", S_DK, page="2"),  # P4
    p_obl("Denmark", "local authorities", "obligation", "inform the municipal staff and police", S_DK,
          page="2"),  # P5
    p_obl("Denmark", "municipalities", "recommendation", "inform the police", S_DK, page="2"),  # P6: bearer
    p_obl("Denmark", "local authorities", "obligation", "inform the police", S_DK, page="2",
          source="footnote"),  # P7: ignored
    p_obl("Belgium", "the police", "obligation", "share information with local authorities", S_POLICE,
          issuer="Ministerial circular", page="9"),  # P8: same as P1; G1 is already taken
]


@pytest.fixture
def obligation_eval() -> Evaluation:
    return evaluate(gold_of([], OBLIGATION_GOLD), [], OBLIGATION_PRED)


def test_obligation_matching_whole_report(obligation_eval: Evaluation) -> None:
    ev = obligation_eval
    # 6 gold, 7 body predictions, 5 pairs: P 5/7, R 5/6, F1 2·(25/42)/(65/42) = 10/13.
    assert prf(row(ev, "obligations", "match", "ALL", "all")) == approx(5, 2, 1, 5 / 7, 5 / 6, 10 / 13)
    # Deontic: G2/P2 differ → 4 of 5.
    deontic = row(ev, "obligations", "deontic_accuracy", "ALL", "all")
    assert (deontic.support, deontic.value) == approx(5, 0.8)
    # Aim F1 per pair: G1 10/13, G2 1, G3 2/3 (follow/following), G4 1, G5 1 (paired by aim,
    # not by order) → (3 + 10/13 + 2/3) / 5 = 173/195.
    aim = row(ev, "obligations", "aim_token_f1", "ALL", "all")
    assert (aim.support, aim.value) == approx(5, 173 / 195)
    # Issuer: judged only where the gold names one (G1 right, G2 empty prediction wrong) → 1/2.
    issuer = row(ev, "obligations", "issuer_accuracy", "ALL", "all")
    assert (issuer.support, issuer.value) == approx(2, 0.5)
    assert (issuer.tp, issuer.precision, issuer.f1) == (None, None, None)


def test_obligation_metrics_per_country(obligation_eval: Evaluation) -> None:
    ev = obligation_eval
    # Belgium: 3 gold, 4 predictions (P8 surplus) → P 3/4, R 1, F1 6/7.
    assert prf(row(ev, "obligations", "match", "Belgium", "all")) == approx(3, 1, 0, 0.75, 1.0, 6 / 7)
    assert row(ev, "obligations", "deontic_accuracy", "Belgium", "all").value == pytest.approx(2 / 3)
    assert row(ev, "obligations", "aim_token_f1", "Belgium", "all").value == pytest.approx(
        (10 / 13 + 1 + 2 / 3) / 3, abs=1e-12)
    # Denmark: 2 gold, 3 predictions (P6's bearer does not match) → P 2/3, R 1, F1 0.8.
    assert prf(row(ev, "obligations", "match", "Denmark", "all")) == approx(2, 1, 0, 2 / 3, 1.0, 0.8)
    assert row(ev, "obligations", "aim_token_f1", "Denmark", "all").value == pytest.approx(1.0)
    dk_issuer = row(ev, "obligations", "issuer_accuracy", "Denmark", "all")
    assert (dk_issuer.support, dk_issuer.value) == (0, None)  # no gold issuer: nothing judged, no number
    assert prf(row(ev, "obligations", "match", "The Netherlands", "all")) == (0, 0, 1, None, 0.0, 0.0)


def test_obligation_errors(obligation_eval: Evaluation) -> None:
    _, errors = obligation_eval.to_frames()
    got = [
        (r.kind, r.country, r.label, r.gold, r.predicted, r.sentence, None if pd.isna(r.page) else int(r.page))
        for r in errors[errors.task == "obligations"].itertuples()
    ]
    mayors_gold = "mayors | recommendation | create a local multi-agency security unit"
    mayors_pred = "mayors | permission | create a local multi-agency security unit"
    assert got == [
        ("deontic_mismatch", "Belgium", "recommendation", mayors_gold, mayors_pred, S_MAYORS, 5),
        ("issuer_mismatch", "Belgium", "recommendation", f"{mayors_gold} | issuer: {CIRCULAR}",
         f"{mayors_pred} | issuer: ", S_MAYORS, 5),
        ("false_positive", "Belgium", "obligation", "",
         "the police | obligation | share information with local authorities", S_POLICE, 9),
        ("false_positive", "Denmark", "recommendation", "",
         "municipalities | recommendation | inform the police", S_DK, 2),
        ("false_negative", "The Netherlands", "permission", "mayors | permission | close premises", "",
         "Mayors can close premises used by radical groups", None),
    ]
    assert set(errors[errors.task == "obligations"].scheme) == {"match"}


def test_one_gold_matches_at_most_one_prediction() -> None:
    quote = "Local authorities are required to inform the municipal staff"
    gold = gold_of([], [g_obl("Denmark", "Local authorities", "obligation", "inform the municipal staff", quote)])
    preds = [p_obl("Denmark", "local authorities", "obligation", "inform the municipal staff", S_DK)] * 3
    ev = evaluate(gold, [], preds)
    assert prf(row(ev, "obligations", "match", "ALL", "all")) == approx(1, 2, 0, 1 / 3, 1.0, 0.5)


@pytest.mark.parametrize(
    ("pred", "matches"),
    [
        (p_obl("Denmark", "Local Authorities", "obligation", "x", S_DK), True),
        (p_obl("Denmark", "authorities", "obligation", "x", S_DK), True),  # contained
        (p_obl("Denmark", "they", "obligation", "x", S_DK, bearer_text="local authorities"), True),
        (p_obl("Belgium", "local authorities", "obligation", "x", S_DK), False),  # wrong section
        (p_obl("Denmark", "mayors", "obligation", "x", S_DK), False),  # other bearer
        (p_obl("Denmark", "local authorities", "obligation", "x",
               "Local authorities are required to inform the police."), False),  # quote not in sentence
        (p_obl("Denmark", "local authorities", "obligation", "x",
               "  LOCAL   authorities are required to inform the municipal staff."), True),  # folded
    ],
)
def test_obligation_match_conditions(pred: dict[str, str], matches: bool) -> None:
    gold = gold_of([], [g_obl("Denmark", "local authorities", "obligation", "inform the municipal staff",
                              "Local authorities are required to inform the municipal staff")])
    assert row(evaluate(gold, [], [pred]), "obligations", "match", "ALL", "all").tp == int(matches)


def test_issuer_quotes_are_ignored() -> None:
    quote = "The ‘Preventing’ component relies on local authorities to deliver measures locally"
    gold = gold_of([], [g_obl("Sweden", "local authorities", "responsibility", "deliver measures locally", quote,
                              "‘Preventing’ component")])
    pred = p_obl("Sweden", "local authorities", "responsibility", "deliver measures locally", quote + ".",
                 issuer="Preventing component")
    assert row(evaluate(gold, [], [pred]), "obligations", "issuer_accuracy", "ALL", "all").value == 1.0


def test_equal_pronouns_do_not_match_bearers() -> None:
    # Gold resolves "They" to Local task forces; a prediction that resolved it to another
    # actor (or not at all) does not match just because both wrote "They".
    gold = gold_of([], [g_obl("Belgium", "Local task forces", "responsibility", "following each case", S_TASK,
                              bearer_text="They")])
    for bearer in ("They", "National Task Force"):
        pred = p_obl("Belgium", bearer, "responsibility", "following each case", S_TASK, bearer_text="They")
        assert row(evaluate(gold, [], [pred]), "obligations", "match", "ALL", "all").tp == 0, bearer


def test_obligation_match_prefers_same_deontic() -> None:
    quote = "Local authorities are required to inform the municipal staff"
    gold = gold_of([], [g_obl("Denmark", "local authorities", "obligation", "inform the staff", quote)])
    preds = [p_obl("Denmark", "local authorities", "recommendation", "inform the staff", S_DK, page="1"),
             p_obl("Denmark", "local authorities", "obligation", "inform", S_DK, page="2")]
    ev = evaluate(gold, [], preds)
    assert row(ev, "obligations", "deontic_accuracy", "ALL", "all").value == 1.0
    _, errors = ev.to_frames()
    assert list(errors.page) == [1]  # the recommendation is the surplus


# --------------------------------------------------------------------------- tables, summary


def test_frames_have_stable_columns_and_order(entity_eval: Evaluation) -> None:
    metrics, errors = entity_eval.to_frames()
    assert tuple(metrics.columns) == METRIC_COLUMNS
    assert tuple(errors.columns) == ERROR_COLUMNS
    assert (metrics.tp.dtype.name, errors.page.dtype.name) == ("Int64", "Int64")
    head = metrics.head(7)[["task", "scheme", "country", "label"]].values.tolist()
    assert head == [["entities", "strict", "ALL", label] for label in
                    ("ORG", "POLICY", "ACTOR", "PLACE", "DATE", "micro")] + [
        ["entities", "strict", "(introduction)", "ORG"]]
    countries = list(dict.fromkeys(metrics[metrics.scheme == "strict"].country))
    assert countries == ["ALL", "(introduction)", "Belgium", "Denmark"]
    schemes = list(dict.fromkeys(metrics.scheme))
    assert schemes == ["strict", "lenient", "match", "deontic_accuracy", "aim_token_f1", "issuer_accuracy"]


def test_same_input_gives_identical_frames() -> None:
    first = evaluate(gold_of(ENTITY_GOLD, OBLIGATION_GOLD), ENTITY_PRED, OBLIGATION_PRED).to_frames()
    second = evaluate(gold_of(ENTITY_GOLD, OBLIGATION_GOLD), ENTITY_PRED, OBLIGATION_PRED).to_frames()
    for a, b in zip(first, second, strict=True):
        pd.testing.assert_frame_equal(a, b)


def test_frames_sort_rows_given_in_any_order(entity_eval: Evaluation) -> None:
    shuffled = Evaluation(list(reversed(entity_eval.metrics)), list(reversed(entity_eval.errors)))
    for a, b in zip(entity_eval.to_frames(), shuffled.to_frames(), strict=True):
        pd.testing.assert_frame_equal(a, b)


def test_summary_headline_numbers() -> None:
    result = summary(evaluate(gold_of(ENTITY_GOLD, OBLIGATION_GOLD), ENTITY_PRED, OBLIGATION_PRED))
    intervals = ("precision_low", "precision_high", "recall_low", "recall_high", "f1_low", "f1_high")
    strict = result["entities_strict"]
    assert list(strict) == ["precision", "recall", "f1", "tp", "fp", "fn", "support", *intervals,
                            "ORG_f1", "POLICY_f1", "ACTOR_f1", "PLACE_f1", "DATE_f1"]
    assert {k: v for k, v in strict.items() if k not in intervals} == {
        "precision": 0.625, "recall": 0.625, "f1": 0.625, "tp": 5, "fp": 3, "fn": 3, "support": 8,
        "ORG_f1": 0.5, "POLICY_f1": 1.0, "ACTOR_f1": pytest.approx(0.8), "PLACE_f1": 0.5, "DATE_f1": 0.0}
    for measure in ("precision", "recall", "f1"):  # each interval holds its point estimate
        assert strict[f"{measure}_low"] <= strict[measure] <= strict[f"{measure}_high"]
        assert result["obligations"][f"{measure}_low"] <= result["obligations"][measure]
    assert result["entities_lenient"]["f1"] == 0.75
    assert result["entities_lenient"]["ORG_f1"] == 1.0
    assert {k: v for k, v in result["obligations"].items() if k not in intervals} == approx_dict({
        "precision": 5 / 7, "recall": 5 / 6, "f1": 10 / 13, "tp": 5, "fp": 2, "fn": 1, "support": 6,
        "deontic_accuracy": 0.8, "matched": 5, "aim_token_f1": 173 / 195,
        "issuer_accuracy": 0.5, "issuer_judged": 2})
    json.dumps(result)  # serialisable for the run manifest


def approx_dict(expected: dict[str, float]) -> Any:
    return pytest.approx(expected, abs=1e-12)


def test_empty_gold_and_predictions_give_zero_rows() -> None:
    ev = evaluate(Gold(), [], [])
    metrics, errors = ev.to_frames()
    assert errors.empty
    assert set(metrics.country) == {"ALL"}
    assert metrics.value.isna().all()  # nothing to score: every measure empty, not 0.0 (issue 9)
    assert (metrics.support == 0).all()


# --------------------------------------------------------------------------- evaluate_dir


def write_csv(path: Path, rows: list[dict[str, str]], columns: list[str]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)


ENTITY_CSV_COLUMNS = ["country", "label", "text", "normalized", "actor_type", "level", "source",
                      "page", "sentence", "start", "end", "rule"]
OBLIGATION_CSV_COLUMNS = ["country", "bearer", "bearer_text", "actor_type", "deontic", "trigger", "aim",
                          "issuer", "source", "page", "sentence", "rule"]


def test_evaluate_dir_reads_run_csvs(tmp_path: Path) -> None:
    gold_path = write_gold(tmp_path, ENTITY_GOLD + OBLIGATION_GOLD)
    run = tmp_path / "run"
    run.mkdir()
    write_csv(run / "entities.csv", ENTITY_PRED, ENTITY_CSV_COLUMNS)
    write_csv(run / "obligations.csv", OBLIGATION_PRED, OBLIGATION_CSV_COLUMNS)
    from_dir = evaluate_dir(gold_path, run)
    in_memory = evaluate(gold_of(ENTITY_GOLD, OBLIGATION_GOLD), ENTITY_PRED, OBLIGATION_PRED)
    # Same numbers as in memory; gold line numbers do not reach the tables.
    for a, b in zip(from_dir.to_frames(), in_memory.to_frames(), strict=True):
        pd.testing.assert_frame_equal(a, b)
    assert prf(row(from_dir, "entities", "strict", "ALL", "micro"))[:3] == (5, 3, 3)


def test_evaluate_dir_restores_neutralised_cells(tmp_path: Path) -> None:
    gold_path = write_gold(tmp_path, [
        g_ent("Spain", "ORG", "@Stop Radicalismos"),
        g_obl("Spain", "-municipal police", "obligation", "=report cases",
              "The -municipal police must report cases to Madrid"),
    ])
    write_csv(tmp_path / "entities.csv",
              [p_ent("Spain", "ORG", "'@Stop Radicalismos", sentence="'=x")], ENTITY_CSV_COLUMNS)
    write_csv(tmp_path / "obligations.csv",
              [p_obl("Spain", "'-municipal police", "obligation", "'=report cases",
                     "The -municipal police must report cases to Madrid.")], OBLIGATION_CSV_COLUMNS)
    ev = evaluate_dir(gold_path, tmp_path)
    assert row(ev, "entities", "strict", "ALL", "ORG").tp == 1
    assert row(ev, "obligations", "match", "ALL", "all").tp == 1
    assert row(ev, "obligations", "aim_token_f1", "ALL", "all").value == 1.0


@pytest.mark.parametrize("present", [[], ["entities.csv"], ["obligations.csv"]])
def test_evaluate_dir_missing_csv_is_e010(tmp_path: Path, present: list[str]) -> None:
    gold_path = write_gold(tmp_path, [GOOD_ENTITY])
    run = tmp_path / "run"
    run.mkdir()
    for name in present:
        (run / name).write_text("country\n", encoding="utf-8")
    with pytest.raises(PipelineError) as caught:
        evaluate_dir(gold_path, run)
    assert (caught.value.code, caught.value.exit_status) == ("E010", EXIT_INPUT)
    assert str(run) in caught.value.message


def test_evaluate_dir_csv_without_needed_column_is_e010(tmp_path: Path) -> None:
    gold_path = write_gold(tmp_path, [GOOD_ENTITY])
    write_csv(tmp_path / "entities.csv", [], [c for c in ENTITY_CSV_COLUMNS if c != "source"])
    write_csv(tmp_path / "obligations.csv", [], OBLIGATION_CSV_COLUMNS)
    with pytest.raises(PipelineError, match=r"E010.*entities\.csv \(no column source\)"):
        evaluate_dir(gold_path, tmp_path)


def test_evaluate_dir_empty_tables_score_zero(tmp_path: Path) -> None:
    gold_path = write_gold(tmp_path, [GOOD_ENTITY])
    write_csv(tmp_path / "entities.csv", [], ENTITY_CSV_COLUMNS)
    write_csv(tmp_path / "obligations.csv", [], OBLIGATION_CSV_COLUMNS)
    ev = evaluate_dir(gold_path, tmp_path)
    assert prf(row(ev, "entities", "strict", "Denmark", "PLACE"))[:3] == (0, 0, 1)


def test_evaluate_dir_round_trips_the_export(tmp_path: Path) -> None:
    from pipeline.export import to_csv_bytes

    gold = [*ENTITY_GOLD, g_ent("Spain", "DATE", "-2017"), *OBLIGATION_GOLD]
    preds = [*ENTITY_PRED, p_ent("Spain", "DATE", "-2017", sentence="=x", page="3")]
    (tmp_path / "entities.csv").write_bytes(to_csv_bytes(pd.DataFrame(preds)))
    (tmp_path / "obligations.csv").write_bytes(to_csv_bytes(pd.DataFrame(OBLIGATION_PRED)))
    assert b"'-2017" in (tmp_path / "entities.csv").read_bytes()  # neutralised on disk
    from_dir = evaluate_dir(write_gold(tmp_path, gold), tmp_path)
    in_memory = evaluate(gold_of(gold[:-6], OBLIGATION_GOLD), preds, OBLIGATION_PRED)
    for a, b in zip(from_dir.to_frames(), in_memory.to_frames(), strict=True):
        pd.testing.assert_frame_equal(a, b)
    assert row(from_dir, "entities", "strict", "Spain", "DATE").tp == 1


def test_sections_match_whatever_the_country_spelling() -> None:
    # The gold writes "Netherlands", the run's heading said "3. The Netherlands"; "Belgium" is not "Denmark".
    gold = gold_of([g_ent("Netherlands", "ORG", "VNG"), g_ent("Belgium", "ORG", "R Unit")])
    pred = [p_ent("The Netherlands", "ORG", "VNG"), p_ent("Denmark", "ORG", "R Unit")]
    ev = evaluate(gold, pred, [])
    assert prf(row(ev, "entities", "strict", "ALL", "micro"))[:3] == (1, 1, 1)


def test_empty_gold_file_is_an_error_not_a_score_of_zero(tmp_path):
    from pipeline.errors import PipelineError
    from pipeline.evaluate import load_gold

    empty = tmp_path / "report.jsonl"
    empty.write_text("\n  \n", encoding="utf-8")
    with pytest.raises(PipelineError) as caught:
        load_gold(empty)
    assert caught.value.code == "E017" and caught.value.exit_status == 5
    assert "empty" in str(caught.value)


def test_folder_given_as_gold_is_named_a_folder(tmp_path):
    from pipeline.errors import PipelineError
    from pipeline.evaluate import load_gold

    with pytest.raises(PipelineError) as caught:
        load_gold(tmp_path)
    assert caught.value.code == "E017" and "a folder" in str(caught.value)


@pytest.mark.parametrize(
    ("line", "detail"),
    [
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"type": "entity", "country": "", "label": "ORG", "text": "x", "n": ' + "9" * 5000 + "}", "not a usable JSON value"),
        ('{"type": "entity", "country": "", "label": "ORG", "text": "Home \\ud800 Office"}', "lone surrogate"),
    ],
)
def test_hostile_gold_lines_are_e006_not_a_crash(tmp_path, line, detail):
    from pipeline.errors import PipelineError
    from pipeline.evaluate import load_gold

    path = tmp_path / "gold.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(PipelineError) as caught:
        load_gold(path)
    assert caught.value.code == "E006" and detail in str(caught.value) and "line 1" in str(caught.value)


# --------------------------------------------------------------------------- intervals (issue 9)


def units(*counts: tuple[int, int, int]) -> Any:
    """A (units, 1 row, 3) array of per-sentence (TP, FP, FN) for bootstrap_prf."""
    import numpy as np

    return np.array([[c] for c in counts], dtype=np.int64)


def test_bootstrap_of_identical_sentences_has_zero_width() -> None:
    import numpy as np

    from pipeline.evaluate import bootstrap_prf

    # Every sentence holds 1 TP, 1 FP and 1 FN: each resample gives P = R = F1 = 1/2.
    result = bootstrap_prf(units(*[(1, 1, 1)] * 12), resamples=1000, rng=np.random.default_rng(0))
    assert result.shape == (1, 3, 2)
    assert result[0].tolist() == [[0.5, 0.5], [0.5, 0.5], [0.5, 0.5]]


def test_bootstrap_matches_the_binomial_percentiles() -> None:
    import numpy as np

    from pipeline.evaluate import bootstrap_prf

    # 100 sentences of one prediction each, 80 right: a resample's precision is
    # Binomial(100, 0.8) / 100, whose 2.5% and 97.5% quantiles are 0.72 and 0.88
    # (scipy.stats.binom.ppf). Recall: every gold item found, always 1.
    result = bootstrap_prf(units(*[(1, 0, 0)] * 80, *[(0, 1, 0)] * 20), resamples=2000,
                           rng=np.random.default_rng(1))
    assert result[0, 0].tolist() == pytest.approx([0.72, 0.88], abs=0.015)
    assert result[0, 1].tolist() == [1.0, 1.0]


def test_bootstrap_leaves_an_undefined_measure_empty() -> None:
    import numpy as np

    from pipeline.evaluate import bootstrap_prf

    # Nothing predicted: precision is never defined; recall 0 in every resample.
    result = bootstrap_prf(units((0, 0, 1), (0, 0, 2)), resamples=1000, rng=np.random.default_rng(0))
    assert np.isnan(result[0, 0]).all()
    assert result[0, 1].tolist() == [0.0, 0.0] and result[0, 2].tolist() == [0.0, 0.0]
    assert np.isnan(bootstrap_prf(units()[:0].reshape(0, 1, 3), resamples=10, rng=np.random.default_rng(0))).all()


def clustered_eval(seed: int = 20261203) -> Evaluation:
    """Ten right ACTOR mentions in one sentence, ten wrong ones in another."""
    gold = gold_of([g_ent("Denmark", "ACTOR", f"actor {n}") for n in range(10)])
    preds = [p_ent("Denmark", "ACTOR", f"actor {n}", sentence="S1") for n in range(10)]
    preds += [p_ent("Denmark", "ACTOR", f"other {n}", sentence="S2") for n in range(10)]
    return evaluate(gold, preds, [], seed=seed)


def test_interval_resamples_sentences_not_mentions() -> None:
    # Two sentences: a resample draws S1 twice, once or never (1/4, 1/2, 1/4), so its
    # precision is 1, 1/2 or 0 and the 95% interval is exactly [0, 1]. Resampling the
    # 20 mentions one by one would give about [0.28, 0.72] instead.
    r = row(clustered_eval(), "entities", "strict", "ALL", "ACTOR")
    assert (r.tp, r.fp, r.fn, r.precision) == (10, 10, 0, 0.5)
    assert (r.precision_low, r.precision_high) == (0.0, 1.0)
    # Recall is defined only when S1 is drawn, and then it is 1.
    assert (r.recall_low, r.recall_high) == (1.0, 1.0)
    # F1 = 2TP/(2TP+FP): 2/3 (S1 once) or 1 (twice); 0 (never) is 0 as well.
    assert (r.f1_low, r.f1_high) == (0.0, 1.0)


def test_intervals_are_reproducible_and_hold_the_estimate() -> None:
    first = evaluate(gold_of(ENTITY_GOLD, OBLIGATION_GOLD), ENTITY_PRED, OBLIGATION_PRED).to_frames()[0]
    second = evaluate(gold_of(ENTITY_GOLD, OBLIGATION_GOLD), ENTITY_PRED, OBLIGATION_PRED).to_frames()[0]
    pd.testing.assert_frame_equal(first, second)
    scored = first.dropna(subset=["precision_low"])
    assert len(scored) > 10
    assert ((scored.precision_low <= scored.precision + 1e-12) & (scored.precision <= scored.precision_high + 1e-12)).all()
    defined = first.dropna(subset=["f1"])
    assert defined.f1_low.notna().all() and defined.f1_high.notna().all()
    # A measure with no support has no interval either; single-number rows have none.
    assert first[first.f1.isna()].f1_low.isna().all()
    assert first[first.scheme == "deontic_accuracy"].precision_low.isna().all()


def test_a_seed_gives_the_same_draw_every_time() -> None:
    a = row(clustered_eval(seed=1), "entities", "strict", "Denmark", "ACTOR")
    b = row(clustered_eval(seed=1), "entities", "strict", "Denmark", "ACTOR")
    assert a == b
    # 30 sentences of one mention each, 20 right: P = 2/3, its bootstrap spread that of a
    # binomial proportion, sd sqrt(2/3 * 1/3 / 30) = 0.086: about [0.5, 0.83] whatever the seed.
    gold = gold_of([g_ent("Denmark", "ACTOR", f"actor {n}") for n in range(30)])
    preds = [p_ent("Denmark", "ACTOR", f"actor {n}" if n % 3 else f"x {n}", sentence=f"S{n}") for n in range(30)]
    for seed in (7, 8):
        r = row(evaluate(gold, preds, [], seed=seed), "entities", "strict", "ALL", "ACTOR")
        assert r.precision == pytest.approx(2 / 3)
        assert r.precision_low == pytest.approx(0.5, abs=0.04) and r.precision_high == pytest.approx(0.83, abs=0.04)


def test_missed_obligation_shares_the_sentence_of_the_wrong_prediction() -> None:
    # The prediction names the wrong bearer: a FP and a FN in one sentence, one unit.
    # Every resample then has P = R = 0 with both defined, so the intervals are [0, 0].
    sentence = "The municipalities must set up local networks against radicalisation."
    gold = gold_of(obligations=[g_obl("Denmark", "municipalities", "obligation", "set up networks", sentence)])
    ev = evaluate(gold, [], [p_obl("Denmark", "the police", "obligation", "set up networks", sentence)])
    r = row(ev, "obligations", "match", "ALL", "all")
    assert (r.tp, r.fp, r.fn) == (0, 1, 1)
    assert (r.precision_low, r.precision_high, r.recall_low, r.recall_high) == (0.0, 0.0, 0.0, 0.0)


def test_metrics_csv_counts_are_integers_and_unsupported_measures_blank() -> None:
    from pipeline.export import to_csv_bytes

    metrics, _ = evaluate(gold_of(ENTITY_GOLD, OBLIGATION_GOLD), ENTITY_PRED, OBLIGATION_PRED).to_frames()
    lines = to_csv_bytes(metrics).decode("utf-8").splitlines()
    assert lines[0].split(",") == list(METRIC_COLUMNS)
    parsed = list(csv.DictReader(lines))
    for record in parsed:
        for column in ("support", *([] if record["scheme"] not in ("strict", "lenient", "match")
                                    else ["tp", "fp", "fn"])):
            assert record[column].isdigit(), (column, record)
    # Belgium has no DATE either side: counts 0, every measure and interval blank.
    empty = next(r for r in parsed if (r["scheme"], r["country"], r["label"]) == ("strict", "Belgium", "DATE"))
    assert [empty[c] for c in METRIC_COLUMNS[4:]] == ["0", "0", "0", "0"] + [""] * 10
    # Denmark has no gold issuer: issuer accuracy judged on 0 pairs is blank, not 0.0000.
    issuer = next(r for r in parsed if (r["scheme"], r["country"]) == ("issuer_accuracy", "Denmark"))
    assert (issuer["support"], issuer["value"], issuer["tp"]) == ("0", "", "")


def test_printed_scores_show_intervals_and_no_support_as_na() -> None:
    from pipeline.runner import format_scores

    text = format_scores(summary(evaluate(gold_of(ENTITY_GOLD, OBLIGATION_GOLD), ENTITY_PRED, OBLIGATION_PRED)))
    lines = text.splitlines()
    assert lines[1].startswith("  entities strict   0.625 / 0.625 / 0.625")
    assert lines[2].startswith("    95% interval   ") and lines[2].count("-") == 3
    # Entities only, nothing predicted: precision has no support; obligations: nothing either side.
    text = format_scores(summary(evaluate(gold_of([g_ent("Belgium", "ORG", "CGRS")]), [], [])))
    assert "entities strict   n/a / 0.000 / 0.000" in text
    assert "obligations      n/a / n/a / n/a" in text
    # Every sentence right: the zero-width interval is flagged, not shown as certainty.
    perfect = evaluate(gold_of([g_ent("Belgium", "ORG", "CGRS")]), [p_ent("Belgium", "ORG", "CGRS", sentence="S")], [])
    assert "the bootstrap shows no spread" in format_scores(summary(perfect))
