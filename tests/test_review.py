"""The review page (`pipeline/review.py`): HTML built from small hand-made tables, then the
real page of the first report loaded from disk in headless Chromium."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from pipeline.review import Mark, build_review, render_marks, review_html

ROOT = Path(__file__).resolve().parents[1]

ENTITY_COLUMNS = ["country", "label", "text", "normalized", "actor_type", "level", "source", "page",
                  "sentence", "start", "end", "rule"]
OBLIGATION_COLUMNS = ["country", "bearer", "bearer_text", "actor_type", "deontic", "trigger", "aim", "issuer",
                      "source", "page", "sentence", "start", "end", "rule"]
VOID = {"meta", "br", "hr", "img", "input", "link", "col", "wbr", "source", "area", "base"}

# A section whose text holds markup, quotes and an ampersand, as a PDF may.
FRANCE = ('The Ministry of "Interior" <b> says that mayors must report cases & risks to the prefect.\n'
          'The prefect may ask <script>alert(1)</script> for help.')


class Tree(HTMLParser):
    """Ids, local links, external references, and whether every element is closed in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.srcs: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if a.get("id"):
            self.ids.append(a["id"])
        if "href" in a:
            self.hrefs.append(a["href"] or "")
        if "src" in a:
            self.srcs.append(a["src"] or "")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()


def parse(page: str) -> Tree:
    tree = Tree()
    tree.feed(page)
    tree.close()
    return tree


def span(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def sentence_of(text: str, offset: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return start, len(text) if end < 0 else end


def entity(country, label, text, needle, *, source="body", page=1, nth=0, normalized=""):
    start, end = span(text, needle, nth)
    s, e = sentence_of(text, start)
    return {"country": country, "label": label, "text": needle, "normalized": normalized, "actor_type": "",
            "level": "", "source": source, "page": page, "sentence": " ".join(text[s:e].split()),
            "start": start, "end": end, "rule": "test_rule"}


def obligation(country, text, bearer, deontic, trigger, aim, *, issuer="", actor_type="mayor", page=1):
    start = re.search(rf"\b{re.escape(trigger)}\b", text).start()
    s, e = sentence_of(text, start)
    return {"country": country, "bearer": bearer, "bearer_text": bearer, "actor_type": actor_type,
            "deontic": deontic, "trigger": trigger, "aim": aim, "issuer": issuer, "source": "body", "page": page,
            "sentence": " ".join(text[s:e].split()), "start": s, "end": e, "rule": "modal"}


def small_run(*, gold: bool = False, evidence: bool = False) -> tuple[dict[str, pd.DataFrame], list[str]]:
    texts = ["An introduction about mayors.", FRANCE]
    sections = pd.DataFrame([
        {"country": "", "iso2": "", "page_start": 1, "page_end": 1, "n_words": 4, "n_sentences": 1, "n_footnotes": 0},
        {"country": "France", "iso2": "FR", "page_start": 1, "page_end": 2, "n_words": 30, "n_sentences": 2,
         "n_footnotes": 1},
    ])
    entities = [
        entity("", "ACTOR", texts[0], "mayors"),
        entity("France", "ORG", FRANCE, 'Ministry of "Interior"', normalized="Ministry of the Interior"),
        entity("France", "ACTOR", FRANCE, "mayors"),
        entity("France", "ACTOR", FRANCE, "prefect", nth=0),
        entity("France", "ACTOR", FRANCE, "prefect", nth=1, page=2),
    ]
    note = "See the <Ministry> report, https://example.org/report?a=1&b=2 and javascript:alert(1)"
    start, end = span(note, "Ministry")
    entities.append({"country": "France", "label": "ORG", "text": "Ministry", "normalized": "", "actor_type": "",
                     "level": "", "source": "footnote", "page": 2, "sentence": note, "start": start, "end": end,
                     "rule": "test_rule"})
    obligations = [
        obligation("France", FRANCE, "mayors", "obligation", "must", "report cases & risks to the prefect",
                   issuer="Ministry of the Interior"),
        obligation("France", FRANCE, "prefect", "permission", "may", "ask <script>alert(1)</script> for help",
                   actor_type="national_government", page=2),
    ]
    tables = {
        "sections.csv": sections,
        "entities.csv": pd.DataFrame(entities, columns=ENTITY_COLUMNS),
        "obligations.csv": pd.DataFrame(obligations, columns=OBLIGATION_COLUMNS),
        "footnotes.csv": pd.DataFrame([{"country": "France", "number": 3, "page": 2, "text": note,
                                        "urls": "https://example.org/report?a=1&b=2 javascript:alert(1) "
                                                'https://evil.example/"onmouseover="alert(1)'}]),
        "countries.csv": pd.DataFrame([{"country": "France", "iso2": "FR", "main_strategy": "",
                                        "coordinating_bodies": "Ministry of the Interior", "n_statements": 2,
                                        "deontic_obligation": 1, "deontic_permission": 1, "bearer_mayor": 1,
                                        "measure_helpline": 0}]),
    }
    if evidence:
        tables["countries_evidence.csv"] = pd.DataFrame([
            {"country": "France", "column": "coordinating_bodies", "value": "Ministry of the Interior", "page": 1,
             "sentence": entities[1]["sentence"], "rule": "coordination"},
            {"country": "France", "column": "n_statements", "value": "prefect | permission | may | ask <script>alert(1)</script> for help",
             "page": 2, "sentence": obligations[1]["sentence"], "rule": "obligation record"},
        ])
    if gold:
        tables["metrics.csv"] = pd.DataFrame([
            {"task": "entities", "scheme": scheme, "country": "ALL", "label": label, "tp": 3, "fp": 1, "fn": 1,
             "support": 4, "precision": 0.75, "recall": 0.6, "f1": 0.6667, "value": 0.6667}
            for scheme in ("strict", "lenient") for label in ("ORG", "POLICY", "ACTOR", "PLACE", "DATE", "micro")
        ] + [{"task": "obligations", "scheme": "match", "country": "ALL", "label": "all", "tp": 1, "fp": 1, "fn": 1,
              "support": 2, "precision": 0.5, "recall": 0.5, "f1": 0.5, "value": 0.5}])
        first = entities[1]["sentence"]
        tables["errors.csv"] = pd.DataFrame([
            {"task": "entities", "scheme": "strict", "kind": "false_negative", "country": "France",
             "label": "ACTOR", "gold": "Risks", "predicted": "", "sentence": first, "page": 1},
            {"task": "entities", "scheme": "lenient", "kind": "false_negative", "country": "France",
             "label": "ACTOR", "gold": "Risks", "predicted": "", "sentence": first, "page": 1},
            {"task": "entities", "scheme": "lenient", "kind": "false_positive", "country": "France",
             "label": "ACTOR", "gold": "", "predicted": "prefect", "sentence": first, "page": 1},
            {"task": "obligations", "scheme": "match", "kind": "false_negative", "country": "France",
             "label": "obligation", "gold": "prefect | obligation | help", "predicted": "",
             "sentence": "The prefect may ask", "page": None},
            {"task": "obligations", "scheme": "match", "kind": "false_positive", "country": "France",
             "label": "permission", "gold": "", "predicted": "prefect | permission | ask <script>alert(1)</script> for help",
             "sentence": obligations[1]["sentence"], "page": 2},
        ])
    return tables, texts


def page_of(**kwargs) -> str:
    tables, texts = small_run(**kwargs)
    return build_review(tables, texts, title="report <1>.pdf")


# --------------------------------------------------------------------------- marks


def test_render_marks_escapes_text_and_nests_by_layer():
    text = "a <b> & c"
    marks = [Mark(0, 9, 0, "<s>", "</s>"), Mark(2, 5, 1, "<m>", "</m>", "<i>L</i>")]
    assert render_marks(text, marks) == "<s>a <m>&lt;b&gt;<i>L</i></m> &amp; c</s>"


def test_render_marks_cuts_an_inner_mark_at_an_outer_boundary():
    text = "one two three"
    # The inner mark (layer 1) crosses the end of the outer one (layer 0): it is cut in two,
    # and its tail goes on the last piece only.
    html_text = render_marks(text, [Mark(0, 7, 0, "<o>", "</o>"), Mark(4, 13, 1, "<u>", "</u>", "!")])
    assert html_text == "<o>one <u>two</u></o><u> three!</u>"


def test_render_marks_keeps_the_first_of_overlapping_marks_in_a_layer():
    assert render_marks("abcdef", [Mark(0, 4, 1, "<x>", "</x>"), Mark(2, 6, 1, "<y>", "</y>")]) == "<x>abcd</x>ef"


# --------------------------------------------------------------------------- the page


def test_entities_are_highlighted_at_their_offsets_in_displacy_markup():
    page = page_of()
    org = re.search(r'<mark class="entity" id="e1" data-label="ORG" title="([^"]*)">(.*?)<span class="lbl">ORG</span></mark>', page)
    assert org, "the ORG mention is not marked"
    assert org.group(2) == 'Ministry of "Interior"'  # text nodes need no quote escaping
    assert "normalized: Ministry of the Interior" in org.group(1) and "rule test_rule" in org.group(1)
    for i, label, shown in ((2, "ACTOR", "mayors"), (3, "ACTOR", "prefect"), (4, "ACTOR", "prefect")):
        assert f'id="e{i}" data-label="{label}"' in page
        assert re.search(rf'id="e{i}"[^>]*>{shown}<span class="lbl">{label}</span></mark>', page), i
    # The footnote mention is marked in the footnote's text.
    assert re.search(r'id="e5"[^>]*>Ministry<span class="lbl">ORG</span></mark>&gt; report', page)


def test_text_from_the_pdf_is_escaped_everywhere():
    page = page_of(gold=True, evidence=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert page.count("<script>") == 1  # the page's own filter script
    assert '"Interior" <b> says' not in page and '"Interior" &lt;b&gt; says' in page
    assert "Review: report &lt;1&gt;.pdf" in page


def test_the_html_is_well_nested_and_every_local_link_has_its_anchor():
    for kwargs in ({}, {"gold": True}, {"gold": True, "evidence": True}):
        tree = parse(page_of(**kwargs))
        assert not tree.problems, tree.problems[:5]
        assert not tree.stack, tree.stack
        assert len(tree.ids) == len(set(tree.ids)), "duplicate ids"
        local = [h[1:] for h in tree.hrefs if h.startswith("#")]
        assert local, "no local links"
        assert set(local) <= set(tree.ids), sorted(set(local) - set(tree.ids))


def test_nothing_is_fetched_from_outside():
    page = page_of(gold=True, evidence=True)
    tree = parse(page)
    assert tree.srcs == []  # no <script src>, <img src>, <iframe src>
    assert "<link" not in page and "@import" not in page and "url(" not in page
    external = [h for h in tree.hrefs if not h.startswith("#")]
    # The only outside links are the footnote's http(s) URL, shown as text; never javascript:.
    assert external == ["https://example.org/report?a=1&b=2", 'https://evil.example/"onmouseover="alert(1)']
    assert 'href="javascript' not in page.lower()
    assert not any(name.startswith("on") for _, attrs in tree.tags for name in attrs)  # no attribute broke out


def test_obligations_show_bearer_trigger_aim_and_their_fields():
    page = page_of()
    card = re.search(r'<li class="ob" id="ob0" data-deontic="obligation" data-row="0">(.*?)</li>', page, re.S).group(1)
    assert '<span class="role bearer">mayors</span> <span class="role trigger">must</span> ' \
           '<span class="role aim">report cases &amp; risks to the prefect</span>' in _without_marks(card)
    assert '<dd data-field="issuer">Ministry of the Interior</dd>' in card
    assert '<dd data-field="page">1</dd>' in card and "<code>modal</code>" in card
    # The sentence in the text links to its obligation.
    assert re.search(r'<a class="obref" href="#ob0" data-deontic="obligation"', page)
    assert len(re.findall(r'<li class="ob[ "]', page)) == 2


def _without_marks(fragment: str) -> str:
    return re.sub(r'<mark [^>]*>|<span class="lbl">[^<]*</span></mark>', "", fragment)


def test_comparison_cells_link_to_the_evidence_sentences():
    page = page_of(evidence=True)
    tree = parse(page)
    cell = re.search(r'<td data-col="coordinating_bodies"[^>]*>(.*?)</td>', page).group(1)
    target = re.search(r'href="#(s1-\d+)"', cell).group(1)
    sentence = re.search(rf'<span class="sent" id="{target}">(.*?)<sup>', page, re.S).group(1)
    assert 'Ministry of "Interior"' in sentence
    # A statement count links to the card of the obligation its evidence names.
    statements = re.search(r'<td data-col="n_statements"[^>]*>(.*?)</td>', page).group(1)
    assert re.findall(r'href="#([^"]+)"', statements) == ["ob1"]
    assert target in tree.ids


def test_without_evidence_counts_link_to_their_obligations():
    page = page_of()
    links = {col: re.findall(r'href="#([^"]+)"', cell)
             for col, cell in re.findall(r'<td data-col="([^"]+)"[^>]*>(.*?)</td>', page)}
    assert links["n_statements"] == ["ob0", "ob1"]
    assert links["deontic_obligation"] == ["ob0"] and links["deontic_permission"] == ["ob1"]
    assert links["bearer_mayor"] == ["ob0"]
    assert links["measure_helpline"] == []  # 0: nothing to show
    assert links["coordinating_bodies"] == ["e1"]  # the mention whose normalized name the cell gives


def test_gold_errors_are_marked_in_the_text():
    page = page_of(gold=True)
    # The false positive is the first "prefect" of the sentence the error names (e3, not e4).
    assert re.search(r'<mark class="entity fp-lenient" id="e3"', page)
    assert not re.search(r'class="entity fp-[a-z]+" id="e4"', page)
    # The missed mention is found case-insensitively in its sentence.
    # Missed by both schemes: one mark, drawn as a lenient miss.
    assert re.findall(r'<u class="missed (\w+)" data-label="ACTOR" title="missed gold ACTOR \(([^)]*)\)">risks</u>', page) \
        == [("lenient", "lenient, strict")]
    # The missed obligation's quote is striped in the text and listed under the section.
    pieces = re.findall(r'<span class="missed-ob" title="missed gold obligation: prefect \| obligation \| help">([^<]*)</span>', page)
    assert "".join(pieces) == "The prefect may ask"  # cut at the mention it crosses
    assert "prefect | obligation | help" in re.search(r'<ul class="missed-list">(.*?)</ul>', page, re.S).group(1)
    # The unmatched predicted obligation is flagged on its card.
    assert re.search(r'<li class="ob fp" id="ob1"', page)
    # Every error row is in the errors table, with a link where it was found.
    rows = re.findall(r'<tr data-row="\d+" data-country="France" data-(?:label|deontic)="[^"]+">(.*?)</tr>',
                      re.search(r'<table id="table-errors">(.*?)</table>', page, re.S).group(1))
    assert len(rows) == 5
    assert [re.findall(r'href="#([^"]+)"', r) for r in rows] == [["s1-0"], ["s1-0"], ["e3"], ["s1-1"], ["ob1"]]


def test_chart_bars_carry_the_metrics():
    page = page_of(gold=True)
    bars = dict(re.findall(r'<rect class="bar"[^>]*data-key="([^"]+)" data-value="([^"]+)"', page))
    assert bars["entities/strict/ORG/precision"] == "0.7500"
    assert bars["entities/lenient/micro/recall"] == "0.6000"
    assert bars["obligations/match/all/precision"] == "0.5000"
    assert len(bars) == 2 * 2 * 6 + 2
    assert "<svg" in page and "matplotlib" not in page


def test_without_gold_there_are_no_scores():
    page = page_of()
    assert 'id="scores"' not in page and 'id="errors"' not in page and "<svg" not in page
    assert "no gold file: not scored" in page


def test_filters_name_every_country_label_and_deontic_class():
    tree = parse(page_of())
    boxes = [(a["data-dim"], a["value"]) for tag, a in tree.tags if tag == "input" and "data-dim" in a]
    assert boxes == [("country", ""), ("country", "France"), ("label", "ORG"), ("label", "ACTOR"),
                     ("deontic", "obligation"), ("deontic", "permission")]


def test_missing_tables_degrade_to_what_there_is():
    tables, texts = small_run()
    del tables["countries.csv"], tables["footnotes.csv"]
    tree = parse(build_review(tables, texts[:1], title="t"))  # one text for two sections: the other is empty
    assert not tree.problems and 'countries' not in tree.ids


def test_every_sentence_of_the_sentences_table_is_an_anchor():
    tables, texts = small_run()
    sentences = pd.DataFrame([
        {"country": "", "sentence": "An introduction about mayors."},
        {"country": "France", "sentence": " ".join(FRANCE.split("\n")[0].split())},
        {"country": "France", "sentence": FRANCE.split("\n")[1]},
    ])
    page = build_review(tables, texts, title="t", sentences=sentences)
    anchors = re.findall(r'<span class="sent" id="(s\d+-\d+)">', page)
    assert anchors == ["s0-0", "s1-0", "s1-1"]
    assert re.search(r'<span class="sent" id="s0-0">An introduction about <mark', page)


def test_a_run_with_nothing_found_still_gives_a_page():
    tables = {
        "sections.csv": pd.DataFrame([{"country": "", "iso2": "", "page_start": 1, "page_end": 1, "n_words": 3,
                                       "n_sentences": 1, "n_footnotes": 0}]),
        "entities.csv": pd.DataFrame(columns=ENTITY_COLUMNS),
        "obligations.csv": pd.DataFrame(columns=OBLIGATION_COLUMNS),
        "footnotes.csv": pd.DataFrame(columns=["country", "number", "page", "text", "urls"]),
        "countries.csv": pd.DataFrame(columns=["country", "iso2"]),
    }
    page = build_review(tables, ["Just some text."], title="empty.pdf")
    tree = parse(page)
    assert not tree.problems and not tree.stack
    assert "Just some text." in page and 'data-entities="0"' in page


@pytest.mark.slow
def test_same_tables_give_byte_identical_pages_under_any_hash_seed(tmp_path):
    """Set or dict order leaking into the page would differ between hash seeds."""
    script = (
        "import sys, hashlib; sys.path.insert(0, %r); sys.path.insert(0, %r)\n"
        "from test_review import small_run; from pipeline.review import review_html\n"
        "tables, texts = small_run(gold=True, evidence=True)\n"
        "print(hashlib.sha256(review_html(tables, texts, title='t')).hexdigest())\n"
    ) % (str(ROOT), str(Path(__file__).parent))
    digests = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
        assert out.returncode == 0, out.stderr
        digests.add(out.stdout.strip())
    tables, texts = small_run(gold=True, evidence=True)
    digests.add(hashlib.sha256(review_html(tables, texts, title="t")).hexdigest())
    assert len(digests) == 1


# --------------------------------------------------------------------------- in a real browser

PDF = ROOT / "raw" / "local-authorities-radicalisation.pdf"
GOLD = ROOT / "annotations" / "local-authorities-radicalisation.jsonl"
# Only detects a hang: a page of this size loads in about a second.
BROWSER_TIMEOUT_S = 120


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed (.ci/run installs Debian's chromium)")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return found


def headless(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Headless Chromium on a local file: no network (`--host-resolver-rules` maps every host
    to nothing), a throw-away profile."""
    command = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
               "--no-first-run", "--disable-extensions", "--disable-background-networking",
               "--host-resolver-rules=MAP * ~NOTFOUND", f"--user-data-dir={tmp_path / 'profile'}", *args]
    out = subprocess.run(command, capture_output=True, text=True, timeout=BROWSER_TIMEOUT_S)
    assert out.returncode == 0, out.stderr[-2000:]
    return out


class Dom(HTMLParser):
    """What the tests read off the rendered DOM: elements by attribute, text per element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[dict] = []
        self.open: list[dict] = []

    def handle_starttag(self, tag, attrs):
        element = {"tag": tag, "attrs": dict(attrs), "text": "", "parents": [e["attrs"].get("id") for e in self.open]}
        self.elements.append(element)
        if tag not in VOID:
            self.open.append(element)

    def handle_endtag(self, tag):
        for k in range(len(self.open) - 1, -1, -1):
            if self.open[k]["tag"] == tag:
                del self.open[k:]
                break

    def handle_data(self, data):
        for element in self.open:
            element["text"] += data

    def find(self, tag: str | None = None, **attrs: str | None) -> list[dict]:
        def fits(e):
            return (tag is None or e["tag"] == tag) and all(
                (e["attrs"].get(k.replace("_", "-")) == v) if v is not None else k.replace("_", "-") in e["attrs"]
                for k, v in attrs.items())
        return [e for e in self.elements if fits(e)]


def dump_dom(tmp_path: Path, url: str) -> Dom:
    dom = Dom()
    dom.feed(headless(tmp_path, "--dump-dom", url).stdout)
    return dom


def csv(run_dir: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(run_dir / name, dtype=str, keep_default_na=False)


def distinct_colours(png: Path) -> int:
    from PIL import Image  # Pillow: installed with pdfplumber

    with Image.open(png) as image:
        colours = image.convert("RGB").getcolors(maxcolors=1 << 24)
    return len(colours or [])


@pytest.fixture(scope="module")
def first_run(tmp_path_factory):
    from pipeline.cli import main

    chromium()
    out = tmp_path_factory.mktemp("review")
    assert main(["run", str(PDF), "--out", str(out), "--gold", str(GOLD)]) == 0
    return out / PDF.stem


@pytest.mark.slow
def test_the_page_renders_in_chromium_and_its_numbers_equal_the_csvs(first_run, tmp_path):
    page = first_run / "review.html"
    size = page.stat().st_size
    print(f"\nreview.html of the first report: {size:,} bytes")
    tree = parse(page.read_text("utf-8"))
    assert not tree.problems and tree.srcs == []

    shot = tmp_path / "shot.png"
    headless(tmp_path, "--window-size=1280,2000", f"--screenshot={shot}", page.as_uri())
    assert shot.stat().st_size > 0
    assert distinct_colours(shot) > 16, "the screenshot is blank"

    dom = dump_dom(tmp_path, page.as_uri())
    counts = dom.find("p", id="counts")[0]["attrs"]
    for name, key in (("sections.csv", "data-sections"), ("entities.csv", "data-entities"),
                      ("obligations.csv", "data-obligations"), ("footnotes.csv", "data-footnotes")):
        assert int(counts[key]) == len(csv(first_run, name)), name

    # Every mention is marked once, every obligation has its card, with the CSV's label, class and page.
    entities = csv(first_run, "entities.csv")
    marks = [e for e in dom.find("mark") if "entity" in e["attrs"].get("class", "") and "id" in e["attrs"]]
    assert sorted(int(m["attrs"]["id"][1:]) for m in marks) == list(range(len(entities)))
    for m in marks:
        row = entities.iloc[int(m["attrs"]["id"][1:])]
        assert m["attrs"]["data-label"] == row["label"]
        assert m["text"] == row["text"] + row["label"]  # the mention, then displaCy's label
    obligations = csv(first_run, "obligations.csv")
    cards = dom.find("li", data_row=None, data_deontic=None)
    assert [int(c["attrs"]["data-row"]) for c in cards] == list(range(len(obligations)))
    for card in cards:
        row = obligations.iloc[int(card["attrs"]["data-row"])]
        assert card["attrs"]["data-deontic"] == row["deontic"]
        page_cell = [e for e in dom.find("dd", data_field="page") if card["attrs"]["id"] in e["parents"]]
        assert page_cell[0]["text"] == row["page"]

    # The comparison, metrics and errors tables: one row per CSV row, every cell as the CSV has it.
    for name, table_id in (("countries.csv", "countries"), ("metrics.csv", "table-metrics"),
                           ("errors.csv", "table-errors")):
        frame = csv(first_run, name)
        rows = [e for e in dom.find("tr", data_row=None) if table_id in e["parents"]]
        assert len(rows) == len(frame), name
        cells = [e for e in dom.find(None, data_col=None) if table_id in e["parents"]]
        assert len(cells) == frame.size, name
        row_of_cell = [k for k in range(len(frame)) for _ in frame.columns]
        for cell, k in zip(cells, row_of_cell):
            value = frame.iloc[k][cell["attrs"]["data-col"]]
            shown = cell["attrs"].get("data-value", cell["text"]) if name == "countries.csv" else cell["text"]
            assert shown == value, (name, k, cell["attrs"]["data-col"])

    # The chart's bars are the whole-report precision and recall of metrics.csv.
    metrics = csv(first_run, "metrics.csv")
    whole = metrics[metrics["country"] == "ALL"].set_index(["task", "scheme", "label"])
    bars = dom.find("rect", data_key=None)
    assert len(bars) >= 2 * 6
    for bar in bars:
        task, scheme, label, measure = bar["attrs"]["data-key"].split("/")
        assert bar["attrs"]["data-value"] == whole.loc[(task, scheme, label), measure]

    # Every local link of the rendered page has its target.
    ids = {e["attrs"]["id"] for e in dom.elements if "id" in e["attrs"]}
    hrefs = {e["attrs"]["href"][1:] for e in dom.find("a", href=None) if e["attrs"]["href"].startswith("#")}
    assert hrefs <= ids


@pytest.mark.slow
def test_the_filters_hide_what_the_address_names(first_run, tmp_path):
    page = first_run / "review.html"
    dom = dump_dom(tmp_path, page.as_uri() + "#hide=country:Belgium,deontic:obligation,label:ORG")
    sections = {e["attrs"]["data-country"]: "hidden" in e["attrs"] for e in dom.find("article", data_country=None)}
    assert sections["Belgium"] is True and sections["France"] is False
    cards = dom.find("li", data_row=None, data_deontic=None)
    assert cards and all(("hidden" in c["attrs"]) == (c["attrs"]["data-deontic"] == "obligation") for c in cards)
    marks = [e for e in dom.find("mark", data_label=None) if "id" in e["attrs"]]
    assert all(("off" in m["attrs"]["class"].split()) == (m["attrs"]["data-label"] == "ORG") for m in marks)
    rows = dom.find("tr", data_country="Belgium")
    assert rows and all("hidden" in r["attrs"] for r in rows)


@pytest.mark.slow
def test_load_time_in_chromium_is_measured(first_run, tmp_path, record_property):
    """Reported, not asserted: the time from navigation to the page's load event, read by a
    frame around it (the page itself records nothing)."""
    frame = tmp_path / "timing.html"
    shutil.copy(first_run / "review.html", tmp_path / "review.html")
    frame.write_text('<!DOCTYPE html><body><iframe src="review.html" '
                     'onload="document.body.setAttribute(\'data-ms\', performance.now().toFixed(0))"></iframe>',
                     "utf-8")
    started = time.perf_counter()
    dom = dump_dom(tmp_path, frame.as_uri())
    wall = time.perf_counter() - started
    load_ms = int(dom.find("body")[0]["attrs"]["data-ms"])
    record_property("review_load_ms", load_ms)
    print(f"\nreview.html load in Chromium: {load_ms} ms (whole headless Chromium call {wall:.2f} s)")
    assert load_ms >= 0
