"""End to end: `python -m pipeline parse PDF --json` (through `main`) on reportlab layouts.

Each PDF is typeset by `tests/pdf_factory.py` from a spec that also gives the answers (see
`pdf_factory.LAYOUTS` for what each layout holds). `test_factory_roundtrip` checks the PDFs
themselves with pdfplumber, so a font or typesetting problem fails there and not as a
parser failure.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

import pdf_factory as pf
from pdf_factory import Built

LAYOUTS = sorted(pf.LAYOUTS)
WITH_FOOTNOTES = [name for name in LAYOUTS if pf.LAYOUTS[name]().footnotes]
BULLET_GLYPHS = "●•▪–"


def norm(s: str) -> str:
    return " ".join(s.split())


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Built]:
    folder = tmp_path_factory.mktemp("layouts")
    return {name: pf.build_report(spec(), folder / f"{name}.pdf") for name, spec in pf.LAYOUTS.items()}


_PARSED: dict[Path, dict[str, Any]] = {}  # each PDF is parsed once per session


def parse(pdf: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    """Run `parse PDF --json` in process and return the JSON object it printed."""
    if pdf in _PARSED:
        return copy.deepcopy(_PARSED[pdf])
    from pipeline.cli import main  # imported here so the factory tests run without it

    status = main(["parse", str(pdf), "--json"])
    out, err = capsys.readouterr()
    assert "Traceback" not in err, f"traceback on stderr for {pdf.name}:\n{err}"
    assert status == 0, f"parse {pdf.name} exited {status}; stderr: {err!r}"
    try:
        data = json.loads(out)
    except json.JSONDecodeError as e:
        pytest.fail(f"stdout of parse {pdf.name} --json is not one JSON object ({e}): {out[:300]!r}")
    assert isinstance(data, dict), f"expected a JSON object, got {type(data).__name__}"
    _PARSED[pdf] = data
    return copy.deepcopy(data)


def assert_same_text(got: str, want: str, where: str) -> None:
    """Compare after white-space normalisation; on failure show where they part."""
    g, w = norm(got), norm(want)
    if g == w:
        return
    i = next((k for k, (a, b) in enumerate(zip(g, w)) if a != b), min(len(g), len(w)))
    lo = max(i - 60, 0)
    pytest.fail(
        f"{where}: text differs from what was typeset at character {i}\n"
        f"  got:  …{g[lo:i + 60]!r}…\n  want: …{w[lo:i + 60]!r}…\n"
        f"  (lengths {len(g)} vs {len(w)})"
    )


def section_of(data: dict[str, Any], country: str) -> dict[str, Any]:
    found = [s for s in data["sections"] if s["country"] == country]
    assert len(found) == 1, (
        f"expected one section {country!r}, got {len(found)}; "
        f"sections: {[s['country'] for s in data['sections']]}"
    )
    return found[0]


def all_text(data: dict[str, Any]) -> str:
    return "\n".join(s["text"] for s in data["sections"])


# ---------------------------------------------------------------- the fixtures themselves


def body_text(page: pdfplumber.page.Page, body_size: float) -> str:
    """Text of the characters at about body size or larger: no markers, notes, furniture."""
    threshold = 0.9 * body_size  # markers are 0.65x, notes and furniture 8 pt
    return page.filter(lambda o: o.get("object_type") != "char" or o["size"] >= threshold).extract_text()


@pytest.mark.parametrize("layout", LAYOUTS)
def test_factory_roundtrip(built: dict[str, Built], layout: str) -> None:
    """Every character typeset comes back from pdfplumber, and the recorded pages are right."""
    b = built[layout]
    with pdfplumber.open(b.path) as pdf:
        assert len(pdf.pages) == b.n_pages
        texts = [page.extract_text() for page in pdf.pages]
        bodies = [body_text(page, b.report.body_size) for page in pdf.pages]
        size = b.report.heading_sizes[0]
        for heading, page in b.heading_pages:  # at heading size, on the page recorded
            matches = pdf.pages[page - 1].search(heading, regex=False, return_chars=True)
            assert any(
                all(abs(c["size"] - size) < 0.1 for c in m["chars"]) for m in matches
            ), f"{layout}: heading {heading!r} not on page {page}"
    full = "\n".join(texts)
    assert "(cid:" not in full and "\ufffd" not in full, f"{layout}: glyphs lost, check the fonts"

    expected = [s.text for s in b.sections] + [f.text for f in b.footnotes]
    expected += [heading for heading, _ in b.heading_pages] + [b.report.running_header]
    missing = set("".join(expected)) - set(full) - {" ", "\n"}
    assert not missing, f"{layout}: characters typeset but not extracted: {sorted(missing)}"
    glyphs = {g for block in pf.walk_blocks(b.report.blocks) if isinstance(block, pf.Bullets) for g in block.glyph}
    assert glyphs <= set(full), f"{layout}: bullet glyphs lost: {glyphs - set(full)}"

    # Reflowed one-column paragraphs read back verbatim (joined across pages).
    flat = norm(" ".join(bodies))
    for block in b.plain_blocks:
        assert norm(block) in flat, f"{layout}: typeset block not found verbatim: {block[:80]!r}"
    # The only line-end hyphens are those the spec drew.
    hyphen_ends = sum(line.rstrip().endswith("-") for body in bodies for line in body.splitlines())
    assert hyphen_ends == b.line_end_hyphens, f"{layout}: reportlab broke a line at a hyphen"
    for note in b.footnotes:
        start = norm(texts[note.page - 1])
        assert norm(note.text)[:40] in start, f"{layout}: footnote {note.number} not on page {note.page}"
        if note.number in b.continued_footnotes:
            assert norm(note.text)[-40:] in norm(texts[note.page]), (
                f"{layout}: footnote {note.number} does not end on page {note.page + 1}"
            )


def test_factory_layouts_cover_the_cases(built: dict[str, Built]) -> None:
    """The fixtures hold what the parse tests below rely on."""
    assert built["footnotes_run_on"].continued_footnotes == (4,)
    assert built["hyphenation"].line_end_hyphens == 9
    assert any(isinstance(block, pf.Columns) for block in built["two_columns"].report.blocks)
    assert built["two_columns"].sections[0].country == "Austria"  # no introduction
    assert all(s.page_start < s.page_end for s in built["serif_numbered"].sections[1:3])
    assert any(h.rule for h in built["serif_numbered"].report.blocks if isinstance(h, pf.Heading))


# ---------------------------------------------------------------- the JSON and the sections


@pytest.mark.parametrize("layout", LAYOUTS)
def test_parse_json_shape(built: dict[str, Built], layout: str, capsys: pytest.CaptureFixture[str]) -> None:
    data = parse(built[layout].path, capsys)
    assert set(data) == {"sections", "footnotes"}, f"top-level keys: {sorted(data)}"
    for s in data["sections"]:
        assert set(s) == {"country", "iso2", "page_start", "page_end", "text"}, f"section keys: {sorted(s)}"
        assert isinstance(s["text"], str) and isinstance(s["country"], str) and isinstance(s["iso2"], str)
        assert isinstance(s["page_start"], int) and isinstance(s["page_end"], int)
        assert 1 <= s["page_start"] <= s["page_end"] <= built[layout].n_pages, f"pages are 1-based: {s}"
    for f in data["footnotes"]:
        assert set(f) == {"number", "country", "page", "text", "urls"}, f"footnote keys: {sorted(f)}"
        assert isinstance(f["number"], int) and isinstance(f["page"], int) and isinstance(f["urls"], list)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_parse_sections_match_spec(built: dict[str, Built], layout: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Countries (numbering stripped), ISO codes and 1-based page ranges."""
    data = parse(built[layout].path, capsys)
    got = [(s["country"], s["iso2"], s["page_start"], s["page_end"]) for s in data["sections"]]
    want = [(s.country, s.iso2, s.page_start, s.page_end) for s in built[layout].sections]
    assert got == want, f"{layout}: sections (country, iso2, page_start, page_end)"


@pytest.mark.parametrize("layout", LAYOUTS)
def test_parse_section_texts_match_spec(built: dict[str, Built], layout: str, capsys: pytest.CaptureFixture[str]) -> None:
    data = parse(built[layout].path, capsys)
    got = {s["country"]: s["text"] for s in data["sections"]}
    for want in built[layout].sections:
        assert want.country in got, f"{layout}: no section {want.country!r}; got {sorted(got)}"
        assert_same_text(got[want.country], want.text, f"{layout}, section {want.country or '(introduction)'!r}")


@pytest.mark.parametrize("layout", LAYOUTS)
def test_parse_blocks_are_lines(built: dict[str, Built], layout: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Blocks (paragraphs, list items, subheadings) are separated by newlines, one a line,
    a paragraph re-joined when it runs on to the next page."""
    data = parse(built[layout].path, capsys)
    for want in built[layout].sections:
        got = section_of(data, want.country)["text"]
        lines = [norm(line) for line in got.split("\n") if line.strip()]
        assert lines == [norm(block) for block in want.blocks], (
            f"{layout}, {want.country or '(introduction)'}: lines of text are not the typeset blocks; "
            f"got {len(lines)} lines, want {len(want.blocks)}: {[line[:30] for line in lines]}"
        )


def test_parse_numbered_headings_name_the_country(built: dict[str, Built], capsys: pytest.CaptureFixture[str]) -> None:
    data = parse(built["serif_numbered"].path, capsys)
    assert [(s["country"], s["iso2"]) for s in data["sections"]] == [
        ("", ""), ("Kosovo", "XK"), ("Czechia", "CZ"), ("Türkiye", "TR")
    ], "'1. Kosovo' → ('Kosovo', 'XK'): numbering dropped, Kosovo needs the alias table (XK)"
    data = parse(built["footnotes_run_on"].path, capsys)
    assert [s["country"] for s in data["sections"]] == ["", "Denmark", "Belgium", "France"], "'3.1 Denmark' → 'Denmark'"


def test_parse_country_aliases(built: dict[str, Built], capsys: pytest.CaptureFixture[str]) -> None:
    """Names pycountry does not spell that way: curly apostrophe, 'The', short forms."""
    data = parse(built["sans_sizes"].path, capsys)
    got = {s["country"]: s["iso2"] for s in data["sections"]}
    for country, iso2 in [("Côte d’Ivoire", "CI"), ("Germany", "DE"), ("United Kingdom", "GB"), ("The Netherlands", "NL")]:
        assert got.get(country) == iso2, f"heading {country!r} should give iso2 {iso2}; sections: {got}"


@pytest.mark.parametrize("layout", [name for name in LAYOUTS if pf.LAYOUTS[name]().title])
def test_parse_title_opens_introduction(built: dict[str, Built], layout: str, capsys: pytest.CaptureFixture[str]) -> None:
    data = parse(built[layout].path, capsys)
    first = data["sections"][0]
    assert (first["country"], first["iso2"]) == ("", ""), f"{layout}: first section must be the introduction"
    title = built[layout].report.title
    assert first["text"].split("\n")[0].strip() == title, f"{layout}: the title {title!r} must open the introduction"


def test_parse_no_introduction_without_text_before_first_heading(
    built: dict[str, Built], capsys: pytest.CaptureFixture[str]
) -> None:
    """The running header above the first heading is furniture, not introduction text."""
    data = parse(built["two_columns"].path, capsys)
    assert [s["country"] for s in data["sections"]] == ["Austria", "Norway", "Spain"]


@pytest.mark.parametrize(
    ("layout", "country", "subheadings"),
    [
        ("serif_numbered", "", ["Introduction"]),
        ("serif_numbered", "Kosovo", ["Background", "1.1 Legal framework", "Cooperation with Serbia"]),
        ("serif_numbered", "Türkiye", ["3.1 Local coordination", "3.2 Evaluation"]),
        ("sans_sizes", "Côte d’Ivoire", ["Local coordination"]),
        ("two_columns", "Norway", ["Local coordination"]),
    ],
)
def test_parse_subheadings_stay_in_section(
    built: dict[str, Built], layout: str, country: str, subheadings: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """A heading that names no country (even one with a number, or one with a country
    name inside it) starts no section and stays, as typeset, a line of the section's text."""
    data = parse(built[layout].path, capsys)
    lines = [line.strip() for line in section_of(data, country)["text"].split("\n")]
    for sub in subheadings:
        assert sub in lines, f"subheading {sub!r} should be its own line in section {country or '(introduction)'!r}"
    countries = {s["country"] for s in data["sections"]}
    assert not countries & {"Background", "Legal framework", "Serbia", "Cooperation with Serbia", "Introduction"}


# ---------------------------------------------------------------- footnotes


@pytest.mark.parametrize("layout", WITH_FOOTNOTES)
def test_parse_footnotes_match_spec(built: dict[str, Built], layout: str, capsys: pytest.CaptureFixture[str]) -> None:
    data = parse(built[layout].path, capsys)
    got = [(f["number"], f["country"], f["page"], norm(f["text"]), f["urls"]) for f in data["footnotes"]]
    want = [(f.number, f.country, f.page, norm(f.text), list(f.urls)) for f in built[layout].footnotes]
    assert sorted(got) == sorted(want), f"{layout}: footnotes (number, country, page, text, urls)"


def test_parse_footnote_runs_on_to_next_page(built: dict[str, Built], capsys: pytest.CaptureFixture[str]) -> None:
    b = built["footnotes_run_on"]
    data = parse(b.path, capsys)
    numbers = [f["number"] for f in data["footnotes"]]
    assert sorted(numbers) == list(range(1, 12)), (
        f"footnote numbers {numbers}: each note once, its continuation on the next page "
        "is not a note of its own"
    )
    note = next(f for f in data["footnotes"] if f["number"] == 4)
    want = next(f for f in b.footnotes if f.number == 4)
    assert note["page"] == want.page, "page is where the note starts"
    assert_same_text(note["text"], pf.LONG_NOTE, "footnote 4 (continued on the next page)")
    assert note["urls"] == list(want.urls)


@pytest.mark.parametrize(
    ("number", "urls"),
    [
        (2, ["https://www.example.org/dk/act-2015"]),  # at the end of the text
        (6, ["https://www.example.org/be/plan-r.pdf"]),  # followed by "(accessed …)"
        (8, ["https://www.example.org/be/brussels"]),  # followed by a full stop
        (10, ["https://www.example.org/fr/pnpr-2018.pdf", "https://www.example.org/fr/annex"]),
        (1, []),
    ],
)
def test_parse_footnote_urls(
    built: dict[str, Built], number: int, urls: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    data = parse(built["footnotes_run_on"].path, capsys)
    note = next((f for f in data["footnotes"] if f["number"] == number), None)
    assert note is not None, f"footnote {number} missing"
    assert note["urls"] == urls, "urls in text order, without trailing punctuation"
    for url in urls:
        assert url in note["text"], "the text keeps its URLs"


@pytest.mark.parametrize(
    ("layout", "country", "phrase"),
    [
        ("serif_numbered", "Kosovo", "The strategy was adopted in 2015 and covers five years."),
        ("serif_numbered", "", "Practitioners’ networks helped to compare them. In Europe"),
        ("footnotes_run_on", "Denmark", "often cited as a model. A local coordinator"),
        ("footnotes_run_on", "Belgium", "The federal plan “R” and a ministerial circular define local task forces."),
        ("footnotes_run_on", "France", "Prefects chair the departmental cells, as the national plan of 2018 confirmed."),
        ("footnotes_run_on", "France", "The cells follow each case."),
        ("typography", "Portugal", "health services in São Brás and Óbidos."),
    ],
)
def test_parse_footnote_markers_removed(
    built: dict[str, Built], layout: str, country: str, phrase: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Marker digits go, even after a number ('2015' + marker 2 is not '20152')."""
    data = parse(built[layout].path, capsys)
    assert phrase in norm(section_of(data, country)["text"])


@pytest.mark.parametrize("layout", WITH_FOOTNOTES)
def test_parse_text_holds_no_footnote(built: dict[str, Built], layout: str, capsys: pytest.CaptureFixture[str]) -> None:
    """No footnote, nor any run of 8 words from one, in the section texts (the run-on part too)."""
    b = built[layout]
    data = parse(b.path, capsys)
    got = norm(all_text(data))
    want = norm("\n".join(s.text for s in b.sections))
    for note in b.footnotes:
        words = norm(note.text).split()
        for i in range(max(len(words) - 7, 1)):
            window = " ".join(words[i : i + 8])
            assert window not in got or window in want, f"footnote {note.number} leaked into the text: {window!r}"


# ---------------------------------------------------------------- line ends, columns, typography


@pytest.mark.parametrize(
    ("want", "forbidden"),
    [
        ("prevent radicalisation among", ["radical- isation", "radical-isation", "radical isation"]),
        ("a multi-agency panel", ["multiagency", "multi- agency", "multi agency"]),
        ("follow information-sharing protocols", ["informationsharing", "information- sharing"]),
        ("with non-governmental organisations", ["nongovernmental", "non- governmental"]),
        ("work on counter-radicalisation in schools", ["counterradicalisation", "counter- radicalisation"]),
        ("the other local authorities in a joint", ["authori- ties", "authori-ties", "authori ties"]),
        ("The coordination of the panels", ["coordin- ation", "coordin-ation", "coordin ation"]),
        ("and the municipalities of the district", ["munici- palities", "munici-palities"]),
        ("the information-sharing agreement of 2015", ["information- sharing agreement"]),
    ],
)
def test_parse_line_end_hyphens(
    built: dict[str, Built], want: str, forbidden: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """radical-|isation → radicalisation; multi-|agency → multi-agency."""
    text = norm(all_text(parse(built["hyphenation"].path, capsys)))
    assert want in text, f"expected {want!r} in the re-joined text"
    for bad in forbidden:
        assert bad not in text, f"{bad!r}: a word broken at a line end was not re-joined correctly"


def test_parse_two_columns_read_column_by_column(built: dict[str, Built], capsys: pytest.CaptureFixture[str]) -> None:
    data = parse(built["two_columns"].path, capsys)
    norway = section_of(data, "Norway")
    assert (norway["page_start"], norway["page_end"]) == (2, 2)
    text = norm(norway["text"])
    order = ["LEFT COLUMN FIRST.", "End of the left column.", "RIGHT COLUMN SECOND.", "Local coordination",
             "End of the right column."]
    positions = [text.find(marker) for marker in order]
    assert -1 not in positions and positions == sorted(positions), (
        f"the left column must be read before the right one; positions {dict(zip(order, positions))}"
    )
    want = next(s for s in built["two_columns"].sections if s.country == "Norway")
    assert_same_text(norway["text"], want.text, "two-column page")


@pytest.mark.parametrize(
    ("country", "phrase"),
    [
        ("", "“Prevent” and Its Critics: Local Authorities’ Duties"),
        ("", "Critics call the approach “promising but under-resourced”; the authors’ survey covered 2015–2017."),
        ("Belgium", "In Liège, the Préfet’s office and the échevin for prevention meet Frédéric Müller’s team"),
        ("Portugal", "Mayors such as José Gonçalves in Évora and Zé Antunes in Setúbal"),
    ],
)
def test_parse_keeps_quotes_and_accents(
    built: dict[str, Built], country: str, phrase: str, capsys: pytest.CaptureFixture[str]
) -> None:
    data = parse(built["typography"].path, capsys)
    assert phrase in norm(section_of(data, country)["text"])


@pytest.mark.parametrize("layout", ["typography", "sans_sizes"])
def test_parse_bullets_lose_glyph_keep_line(built: dict[str, Built], layout: str, capsys: pytest.CaptureFixture[str]) -> None:
    b = built[layout]
    data = parse(b.path, capsys)
    lines = [line.strip() for s in data["sections"] for line in s["text"].split("\n")]
    starting = [line for line in lines if line[:1] in BULLET_GLYPHS]
    assert not starting, f"bullet glyph left at the start of a line: {starting}"
    for char in "●•▪":
        assert char not in all_text(data), f"bullet glyph {char!r} left in the text"
    items = [item for block in pf.walk_blocks(b.report.blocks) if isinstance(block, pf.Bullets) for item in block.items]
    normed = {norm(pf.MARKER.sub("", line)) for line in lines}
    for item in items:
        assert norm(pf.MARKER.sub("", item)) in normed, f"list item should be a line of its own: {item!r}"


def test_parse_footnote_keeps_accents(built: dict[str, Built], capsys: pytest.CaptureFixture[str]) -> None:
    data = parse(built["typography"].path, capsys)
    assert [norm(f["text"]) for f in data["footnotes"]] == [
        "Interview with Inés Martínez Díaz, “Prevención local”, Málaga, 2017."
    ]


# ---------------------------------------------------------------- furniture and decoration


@pytest.mark.parametrize("layout", LAYOUTS)
def test_parse_no_furniture_or_decoration(built: dict[str, Built], layout: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Running headers, page numbers and '>>>>' rules are in no section or footnote text."""
    b = built[layout]
    data = parse(b.path, capsys)
    texts = [s["text"] for s in data["sections"]] + [f["text"] for f in data["footnotes"]]
    joined = norm("\n".join(texts))
    assert ">>>>" not in joined, "a '>>>>' rule is decoration, not text"
    if b.report.running_header:
        assert "Working paper 7" not in joined, "the running header is page furniture"
    if b.report.page_number.startswith("Page"):
        found = re.findall(r"\bPage \d+\b", joined)
        assert not found, f"page numbers left in the text: {found}"
    for text in texts:
        for line in text.split("\n"):
            assert not re.fullmatch(r"\s*\d+\s*", line), f"a line holding only a number (page number?) in {layout}"
