"""A held-out report in another style, typeset by two other producers (LibreOffice with
numbered headings, running header and page numbers; Chromium with endnotes).

Its text and gold were written for testing generalisation (tests/data/heldout/README.md);
the expected section texts are read from its Markdown source, never from the parser.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline.pdf import parse_pdf
from pipeline.sections import split_sections

HERE = Path(__file__).resolve().parent / "data" / "heldout"
PRODUCERS = ["heldout-libreoffice.pdf", "heldout-chromium.pdf"]
COUNTRIES = ["", "Finland", "Austria", "Italy", "Czechia", "Portugal"]


def norm(text: str) -> str:
    return " ".join(text.split())


def source_sections() -> dict[str, str]:
    sections: dict[str, list[str]] = {"": []}
    current = ""
    for line in (HERE / "source.md").read_text("utf-8").splitlines():
        if re.match(r"^\[\^\d+\]:", line) or line.startswith("    ") and current == "notes":
            current = "notes"
            continue
        heading = re.match(r"^##\s+\d+\.\s+(.*)$", line)
        if heading and heading.group(1) in COUNTRIES:
            current = heading.group(1)
            sections[current] = []
            continue
        text = re.sub(r"^#+\s+", "", line.strip())
        if not text or current == "notes":
            continue
        text = re.sub(r"^[-*]\s+", "", text)
        sections.setdefault(current, []).append(re.sub(r"\[\^\d+\]", "", text))
    return {k: norm(" ".join(v)) for k, v in sections.items() if k != "notes"}


@pytest.fixture(scope="module", params=PRODUCERS)
def parsed(request):
    document = parse_pdf(HERE / request.param)
    return document, split_sections(document)


def test_heldout_sections(parsed):
    _, sections = parsed
    assert [s.country for s in sections] == COUNTRIES
    assert [s.iso2 for s in sections] == ["", "FI", "AT", "IT", "CZ", "PT"]


def test_heldout_section_texts_equal_source(parsed):
    _, sections = parsed
    expected = source_sections()
    for section in sections:
        assert norm(section.text) == expected[section.country], section.country or "(introduction)"


def test_heldout_footnotes_all_found(parsed):
    document, sections = parsed
    assert [f.number for f in document.footnotes] == list(range(1, 14))
    placed = {f.number: s.country for s in sections for f in s.footnotes}
    assert placed[1] == "" and placed[13] == "Portugal"
    assert all(f.urls for f in document.footnotes if "http" in f.text)


@pytest.mark.slow
def test_heldout_scores_floor(tmp_path):
    """A regression guard on the held-out report. It stopped being unseen once its errors were
    read (see the commit history): these floors are development scores, measured on 2026-11-28
    (entities strict F1 0.925, lenient 0.948; obligations P 1.000 R 1.000, aim token F1 0.965)
    and rounded down."""
    import pandas as pd

    from pipeline.cli import main

    pdf = HERE / "heldout-libreoffice.pdf"
    assert main(["run", str(pdf), "--out", str(tmp_path), "--gold", str(HERE / "gold.jsonl")]) == 0
    metrics = pd.read_csv(tmp_path / pdf.stem / "metrics.csv", dtype=str, keep_default_na=False)
    overall = metrics[metrics.country == "ALL"]
    micro = overall[(overall.task == "entities") & (overall.label == "micro")].set_index("scheme")["f1"].astype(float)
    assert micro["strict"] >= 0.92 and micro["lenient"] >= 0.94
    obligations = overall[overall.task == "obligations"].set_index("scheme")
    assert float(obligations.loc["match", "precision"]) >= 1.00
    assert float(obligations.loc["match", "recall"]) >= 1.00
    assert float(obligations.loc["aim_token_f1", "value"]) >= 0.96


HERE2 = Path(__file__).resolve().parent / "data" / "heldout2"


def test_second_heldout_two_columns_subtitled_headings_and_column_footnotes():
    """Country headings with a subtitle, a 'Key findings' chapter before them, two columns,
    notes at the foot of each column (tests/data/heldout2/README.md)."""
    document = parse_pdf(HERE2 / "heldout2.pdf")
    sections = split_sections(document)
    assert [(s.country, s.iso2) for s in sections] == [
        ("", ""), ("Ireland", "IE"), ("Poland", "PL"), ("Switzerland", "CH"), ("Greece", "GR"), ("Estonia", "EE")]
    assert [f.number for f in document.footnotes] == list(range(1, 11))
    expected: dict[str, list[str]] = {"": []}
    current = ""
    for raw in (HERE2 / "source.md").read_text("utf-8").splitlines():
        if re.match(r"^\[\^\d+\]:", raw) or (raw.startswith("    ") and current == "notes"):
            current = "notes"
            continue
        heading = re.match(r"^##\s+([^:#]+):", raw)
        if heading:
            current = heading.group(1).strip()
            expected[current] = []
            continue
        text = re.sub(r"^#+\s+", "", raw.strip()).strip("*")
        if text and current != "notes":
            expected.setdefault(current, []).append(re.sub(r"\[\^\d+\]", "", re.sub(r"^[-*]\s+", "", text)))
    for section in sections:
        assert norm(section.text) == norm(" ".join(expected[section.country])), section.country or "(introduction)"


@pytest.mark.slow
def test_second_heldout_scores_floor(tmp_path):
    """Regression guard on the second held-out report. Its first, unseen measurement is in
    tests/data/heldout2/README.md (entities strict F1 0.776, obligations P 0.829 R 0.967); these
    floors are development scores measured on 2026-11-28 after its errors were read (entities
    strict 0.890, lenient 0.910; obligations P 0.968, R 1.000), rounded down."""
    import pandas as pd

    from pipeline.cli import main

    pdf = HERE2 / "heldout2.pdf"
    assert main(["run", str(pdf), "--out", str(tmp_path), "--gold", str(HERE2 / "gold.jsonl")]) == 0
    metrics = pd.read_csv(tmp_path / pdf.stem / "metrics.csv", dtype=str, keep_default_na=False)
    overall = metrics[metrics.country == "ALL"]
    micro = overall[(overall.task == "entities") & (overall.label == "micro")].set_index("scheme")["f1"].astype(float)
    assert micro["strict"] >= 0.89 and micro["lenient"] >= 0.90
    match = overall[(overall.task == "obligations") & (overall.scheme == "match")].iloc[0]
    assert float(match["precision"]) >= 0.96 and float(match["recall"]) >= 1.00


HERE3 = Path(__file__).resolve().parent / "data" / "heldout3"


def test_third_heldout_chapters_around_countries_and_typesetter_hyphens():
    """Countries under a '2. Country profiles' chapter, a '3. Conclusions' chapter after them
    (its own section), and 38 words split by LibreOffice's automatic hyphenation."""
    document = parse_pdf(HERE3 / "heldout3.pdf")
    sections = split_sections(document)
    assert [(s.country, s.iso2) for s in sections] == [
        ("", ""), ("Slovenia", "SI"), ("Croatia", "HR"), ("Romania", "RO"), ("Lithuania", "LT"), ("Latvia", "LV"),
        ("Conclusions", "")]
    assert [f.number for f in document.footnotes] == list(range(1, 10))
    expected: dict[str, list[str]] = {"": []}
    current = ""
    for raw in (HERE3 / "source.md").read_text("utf-8").splitlines():
        if re.match(r"^\[\^\d+\]:", raw) or (raw.startswith("    ") and current == "notes"):
            current = "notes"
            continue
        heading = re.match(r"^#{2,3}\s+\d+(?:\.\d+)?\.?\s+(Slovenia|Croatia|Romania|Lithuania|Latvia|Conclusions)\s*$", raw)
        if heading:
            current = heading.group(1)
            expected[current] = []
            continue
        text = re.sub(r"^#+\s+", "", raw.strip()).replace("**", "").strip("*")
        if text and current != "notes":
            expected.setdefault(current, []).append(re.sub(r"\[\^\d+\]", "", re.sub(r"^[-*]\s+", "", text)))
    for section in sections:
        key = section.country
        assert norm(section.text) == norm(" ".join(expected[key])), key or "(introduction)"


@pytest.mark.slow
def test_third_heldout_scores_floor(tmp_path):
    """Regression guard. First, unseen measurement in tests/data/heldout3/README.md (entities
    strict F1 0.820, obligations P 0.926 R 0.833); these floors are development scores measured
    on 2026-11-28 after its errors were read (entities strict 0.893, lenient 0.926; obligations
    P 0.966, R 0.933), rounded down."""
    import pandas as pd

    from pipeline.cli import main

    pdf = HERE3 / "heldout3.pdf"
    assert main(["run", str(pdf), "--out", str(tmp_path), "--gold", str(HERE3 / "gold.jsonl")]) == 0
    metrics = pd.read_csv(tmp_path / pdf.stem / "metrics.csv", dtype=str, keep_default_na=False)
    overall = metrics[metrics.country == "ALL"]
    micro = overall[(overall.task == "entities") & (overall.label == "micro")].set_index("scheme")["f1"].astype(float)
    assert micro["strict"] >= 0.89 and micro["lenient"] >= 0.92
    match = overall[(overall.task == "obligations") & (overall.scheme == "match")].iloc[0]
    assert float(match["precision"]) >= 0.96 and float(match["recall"]) >= 0.93
