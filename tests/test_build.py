"""tests/data/build.py, the one builder of the test reports: every report's gold is consistent with
its source, the committed PDFs carry that text, a reportlab report is rebuilt as committed, and the
gold checks catch what they are for.

The builder is a script (tests/data is no package); it is imported as a module from its file.
Only the reportlab producer is run here (pure Python, so CI can); LibreOffice, Chromium and LaTeX
rebuilds are checked by hand (see each report folder's README).
"""

from __future__ import annotations

import importlib.util
import io
import json
import shutil
import sys
from pathlib import Path

import pytest

from pipeline.pdf import parse_pdf
from pipeline.sections import split_sections

DATA = Path(__file__).resolve().parent / "data"


def _load_builder():
    spec = importlib.util.spec_from_file_location("report_builder", DATA / "build.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


build = _load_builder()

HELDOUT = sorted(p for p in DATA.glob("heldout*") if (p / "report.json").exists())
REAL = sorted(p.parent for p in (DATA / "real" / "reports").glob("*/report.json"))


def config_of(folder: Path) -> dict:
    return json.loads((folder / "report.json").read_text("utf-8"))


def prepared(folder: Path, tmp_path: Path) -> tuple[Path, dict]:
    """The report folder to check: a passage-built report is assembled afresh into tmp_path (the
    builder writes source.md and gold.jsonl; the repository is never written), any other is read
    where it is."""
    config = config_of(folder)
    if "sections" not in config:
        return folder, config
    work = tmp_path / folder.name
    work.mkdir()
    shutil.copy(folder / "report.json", work / "report.json")
    intro = folder / "intro.gold.jsonl"
    if intro.exists():
        shutil.copy(intro, work / intro.name)
    build.assemble(work, config)
    return work, config


def parsed(pdf: Path) -> tuple[list[tuple[str, str]], list[int]]:
    document = parse_pdf(pdf)
    sections = split_sections(document)
    return [(s.country, " ".join(s.text.split())) for s in sections], [f.number for f in document.footnotes]


def test_the_report_folders_are_found():
    assert [p.name for p in HELDOUT] == ["heldout", "heldout2", "heldout3"]
    for folder in HELDOUT:  # one tool: no per-folder builders or validators left
        assert not any((folder / name).exists() for name in
                       ("build.sh", "make_reference_docx.py", "validate_gold.py", "check_pdf.py"))


# --------------------------------------------------------------------------- (a) every gold passes


@pytest.mark.parametrize("folder", HELDOUT + REAL, ids=lambda p: p.name)
def test_gold_passes_the_builders_check(folder, tmp_path):
    where, config = prepared(folder, tmp_path)
    text, _ = build.report_sections(where, config)
    errors, records = build.check_gold(build.gold_lines(where, config), text)
    assert errors == []
    assert records and {d["country"] for d in records} <= set(text)
    assert build.check(where, config, out=io.StringIO()) == 0


@pytest.mark.parametrize("folder", HELDOUT, ids=lambda p: p.name)
def test_committed_heldout_pdfs_pass_the_pdf_checks(folder):
    """A4, a clean text layer, the style's sizes (notes smaller than the body), every
    sentence_quote and entity text in the PDF's text (what each folder's check_pdf.py checked)."""
    config = config_of(folder)
    md = build.source_of(folder, config).read_text("utf-8")
    text, _ = build.report_sections(folder, config)
    _, records = build.check_gold(build.gold_lines(folder, config), text)
    for producer in config["producers"]:
        errors, summary = build.check_pdf(folder / producer["pdf"], config, producer, md, records)
        assert errors == [], summary


# --------------------------------------------------------------------------- (b) reportlab rebuilds

REPORTLAB = [(folder, p) for folder in REAL for p in config_of(folder)["producers"]
             if p["engine"] == "reportlab" and (folder / p["pdf"]).exists()]


@pytest.mark.parametrize("folder, producer", REPORTLAB, ids=[f"{f.name}/{p['pdf']}" for f, p in REPORTLAB])
def test_reportlab_report_rebuilds_as_committed(folder, producer, tmp_path):
    """The builder (assemble, then typeset) gives a PDF that parses as the committed one does."""
    where, config = prepared(folder, tmp_path)
    if where == folder:  # a Markdown report: typeset a copy of its source
        where = tmp_path / folder.name
        where.mkdir()
        shutil.copy(build.source_of(folder, config), where / config.get("source", "source.md"))
    build.produce(where, config, producer)
    rebuilt, committed = parsed(where / producer["pdf"]), parsed(folder / producer["pdf"])
    assert [c for c, _ in rebuilt[0]] == [c for c, _ in committed[0]]
    assert rebuilt == committed


def test_reportlab_small_report_sections_equal_the_assembled_source(tmp_path):
    """Two passages in a report.json of its own, typeset with reportlab: the parse gives back the
    assembled source.md's sections and both source notes."""
    config = {"title": "Two public texts on prevention", "heading": "numbered",
              "sections": [{"country": "United Kingdom", "passages": ["a01"]},
                           {"country": "Canada", "passages": ["b02"]}],
              "producers": [{"pdf": "small.pdf", "engine": "reportlab",
                             "style": {"font": "DejaVuSerif", "size": 10, "header": "Two public texts",
                                       "page_number": "Page {n}"}}]}
    (tmp_path / "report.json").write_text(json.dumps(config), "utf-8")
    build.assemble(tmp_path, config)
    assert build.check(tmp_path, config, out=io.StringIO()) == 0
    build.produce(tmp_path, config, config["producers"][0])
    sections, notes = parsed(tmp_path / "small.pdf")
    expected, source_notes = build.report_sections(tmp_path, config)
    assert [c for c, _ in sections] == ["", "United Kingdom", "Canada"]
    assert dict(sections) == expected
    assert notes == [int(n) for n in source_notes] == [1, 2]


def test_a_section_without_country_is_the_introduction(tmp_path):
    """Passages of a section with country "" (an EU-wide text) stand before the first heading, with
    no heading of their own; the numbering of the country headings starts at 1."""
    config = {"title": "Two public texts", "heading": "numbered",
              "sections": [{"country": "", "passages": ["g01"]},
                           {"country": "United Kingdom", "passages": ["a01"]}]}
    (tmp_path / "report.json").write_text(json.dumps(config), "utf-8")
    build.assemble(tmp_path, config)
    source = (tmp_path / "source.md").read_text("utf-8")
    assert [line for line in source.splitlines() if line.startswith("## ")] == ["## 1. United Kingdom"]
    text, notes = build.report_sections(tmp_path, config)
    assert "Member States should regularly assess" in text[""]
    assert "Member States" not in text["United Kingdom"]
    assert notes == ["1", "2"]
    assert build.check(tmp_path, config, out=io.StringIO()) == 0


# --------------------------------------------------------------------------- (c) the gold checks

TEXT = {"": "A report on local prevention.",
        "Finland": "The Ministry of the Interior coordinates the plan. Municipalities must appoint a coordinator "
                   "for prevention. The Ministry of the Interior funds it."}


def entity(text: str, label: str = "ORG", country: str = "Finland") -> str:
    return json.dumps({"type": "entity", "country": country, "label": label, "text": text})


def obligation(quote: str, **extra) -> str:
    record = {"type": "obligation", "country": "Finland", "bearer": "municipality", "deontic": "obligation",
              "trigger": "must", "aim": "appoint a coordinator for prevention", "issuer": "",
              "sentence_quote": quote, **extra}
    return json.dumps(record)


GOOD_QUOTE = "Municipalities must appoint a coordinator for prevention."


def errors_of(*lines: str) -> list[str]:
    return build.check_gold(list(lines), TEXT)[0]


def test_check_gold_accepts_a_consistent_gold():
    assert errors_of(entity("Ministry of the Interior"), entity("Ministry of the Interior"),
                     entity("Municipalities", "ACTOR"), obligation(GOOD_QUOTE)) == []


def test_check_gold_reports_a_malformed_line():
    errors = errors_of(entity("Ministry of the Interior"), '{"type": "entity", "country": "Finland",')
    assert len(errors) == 1 and errors[0].startswith("line 2: not JSON")
    assert errors_of("[1, 2]") == ["line 1: not an object"]
    assert "keys missing ['label']" in errors_of('{"type": "entity", "country": "Finland", "text": "plan"}')[0]


def test_check_gold_reports_an_unknown_label():
    assert errors_of(entity("Ministry of the Interior", "INSTITUTION")) == ["line 1: unknown label 'INSTITUTION'"]


def test_check_gold_reports_a_quote_outside_its_section():
    errors = errors_of(obligation("Municipalities must appoint a coordinator for safeguarding."))
    assert len(errors) == 1 and "sentence_quote not in section 'Finland'" in errors[0]
    # A quote from another section is not in this one either.
    errors = errors_of(json.dumps({**json.loads(obligation(GOOD_QUOTE)), "country": ""}))
    assert len(errors) == 1 and "sentence_quote not in section ''" in errors[0]


def test_check_gold_reports_an_entity_listed_more_often_than_it_occurs():
    errors = errors_of(*[entity("Ministry of the Interior")] * 3)
    assert errors == ["entity 'Ministry of the Interior' listed 3x in 'Finland', occurs 2x"]
    # Whole words only: 'Ministry' inside 'Ministry of the Interior' counts, 'Interio' does not.
    assert errors_of(entity("Interio")) == ["entity 'Interio' listed 1x in 'Finland', occurs 0x"]


def test_check_gold_reports_a_bearer_text_outside_its_quote():
    errors = errors_of(obligation(GOOD_QUOTE, bearer_text="They"))
    assert errors == ["line 1: bearer_text 'They' not in its sentence_quote"]


# --------------------------------------------------------------------------- the reference DOCX


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="needs pandoc's default reference.docx")
def test_default_reference_docx_sets_notes_smaller_than_the_body():
    import re
    import subprocess
    import zipfile
    from io import BytesIO

    default = subprocess.run(["pandoc", "--print-default-data-file", "reference.docx"],
                             capture_output=True, check=True).stdout
    docx = build.reference_docx(default, build.style_of({"engine": "libreoffice", "pdf": "x.pdf"}))
    styles = zipfile.ZipFile(BytesIO(docx)).read("word/styles.xml").decode("utf-8")
    body = int(re.search(r'<w:rPrDefault>.*?<w:sz w:val="(\d+)"', styles, re.S).group(1))
    notes = re.search(r'w:styleId="FootnoteText".*?<w:sz w:val="(\d+)"', styles, re.S)
    assert (body, int(notes.group(1))) == (22, 18)  # 11 pt and 9 pt


def test_a_style_key_the_engine_does_not_know_is_an_error():
    producer = {"pdf": "x.pdf", "engine": "libreoffice", "style": {"footnote_sise": 8}}
    with pytest.raises(ValueError, match="footnote_sise"):
        build.style_of(producer)
    style = build.style_of({"pdf": "x.pdf", "engine": "chromium", "font": "Liberation Sans", "size": 9.5,
                            "style": {"spacing": {"list": [0.3, 0.6]}}})
    assert (style["font"], style["size"], style["spacing"]) == ("Liberation Sans", 9.5,
                                                                {"paragraph": [0, 0.5], "list": [0.3, 0.6]})


def test_chromium_breaks_long_addresses_only_when_the_style_asks():
    """`break_urls`: a long address in a narrow column otherwise makes Chromium shrink the whole
    page to fit it (fresh4's two columns were set at 6.9 pt for a 9.5 pt style)."""
    plain = build.chromium_css(build.style_of({"pdf": "x.pdf", "engine": "chromium"}))
    asked = build.chromium_css(build.style_of({"pdf": "x.pdf", "engine": "chromium", "style": {"break_urls": True}}))
    assert "overflow-wrap" not in plain
    assert "a, section.footnotes p { overflow-wrap: anywhere; }" in asked.splitlines()
