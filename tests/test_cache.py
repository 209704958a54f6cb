"""The content-keyed cache: hits, invalidation (changed PDF, pattern file, code version), the
same tables with and without it, and entries that are JSON data read back as the same records
(a damaged or hostile entry is a miss, and nothing in the folder is unpickled)."""

from __future__ import annotations

import json
import logging
import math
import os
import pickle
import time
from pathlib import Path

import pandas as pd
import pytest

import pipeline.cache as cache_module
import pipeline.runner as runner
from pipeline.cache import (
    ReportCache,
    default_cache_dir,
    frame_from_json,
    frame_to_json,
    source_closure,
    write_atomically,
)
from pipeline.pdf import parse_pdf
from pipeline.sections import split_sections
from pipeline.table import NULLABLE_INT, Table
from pipeline.types import Block, Document, Footnote, FootnoteRef, Section
from tests.pdf_factory import build_report, serif_numbered

ROOT = Path(__file__).resolve().parents[1]

TABLES = ("sections", "sentences", "footnotes", "entities", "obligations")


# ---------------------------------------------------------------- keys and storage (no model)


def _pdf(folder: Path, content: bytes = b"%PDF-1.4\n% a stand-in: only its bytes are hashed here\n") -> Path:
    path = folder / "report.pdf"
    path.write_bytes(content)
    return path


def test_keys_follow_the_content_not_the_path(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = ReportCache(tmp_path / "cache", _pdf(tmp_path / "a"))
    moved = ReportCache(tmp_path / "cache", _pdf(tmp_path / "b"))
    changed = ReportCache(tmp_path / "cache", _pdf(tmp_path / "b", b"%PDF-1.4\n% one byte more!\n"))
    assert (first.sha256, first.parse_key, first.model_key) == (moved.sha256, moved.parse_key, moved.model_key)
    assert changed.sha256 != first.sha256
    assert changed.parse_key != first.parse_key and changed.model_key != first.model_key


def test_code_versions_are_in_the_keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pdf = _pdf(tmp_path)
    before = ReportCache(tmp_path / "cache", pdf)
    result_before = before.result_key()
    monkeypatch.setattr(cache_module, "model_version", lambda: "another model")
    other_model = ReportCache(tmp_path / "cache", pdf)
    assert other_model.parse_key == before.parse_key and other_model.model_key != before.model_key
    monkeypatch.setattr(cache_module, "parse_version", lambda: "another parser")
    other_parser = ReportCache(tmp_path / "cache", pdf)
    assert other_parser.parse_key != before.parse_key
    monkeypatch.setattr(cache_module, "rules_version", lambda: "another pattern file")
    assert ReportCache(tmp_path / "cache", pdf).result_key() not in (result_before, other_model.result_key())


def test_model_key_reads_only_the_tokenizer_settings_of_the_config() -> None:
    config = (
        '[nlp]\n# a comment\nkeep_hyphenated_words = true\ncomponents = ["block_boundaries", "entity_ruler"]\n\n'
        '[components]\n\n[components.block_boundaries]\nbefore = "parser"\n\n'
        '[components.entity_ruler]\nfactory = "entity_ruler"\n'
    )
    rules_only = config.replace('"entity_ruler"]', '"entity_ruler", "obligations"]').replace(
        'factory = "entity_ruler"', 'factory = "another_ruler"')
    assert cache_module._config_settings(rules_only) == cache_module._config_settings(config)
    for edit in (("= true", "= false"), ('before = "parser"', 'before = "tagger"')):
        assert cache_module._config_settings(config.replace(*edit)) != cache_module._config_settings(config), edit


def test_parse_limits_are_in_the_keys(tmp_path: Path) -> None:
    from pipeline.pdf_limits import ParseLimits

    pdf = _pdf(tmp_path)
    seen = {}
    for limits in (None, ParseLimits(), ParseLimits(max_pages=3)):
        cache = ReportCache(tmp_path / "cache", pdf)
        cache.cached_analysis(lambda path, **options: {"document": None}, parse_limits=limits)  # type: ignore[arg-type,return-value]
        seen[repr(limits)] = cache.parse_key
    assert len(set(seen.values())) == 3  # a file refused under 3 pages is not served from a parse under 2,000


def test_parse_code_closure_follows_imports() -> None:
    names = {p.name for p in source_closure("pdf.py", "sections.py")}
    assert {"pdf.py", "sections.py", "layout.py", "types.py"} <= names
    assert not names & {"runner.py", "cli.py", "extract.py", "cache.py"}  # later stages do not shape the parse


def test_default_folder_follows_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("POLICY_PIPELINE_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "policy-pipeline"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_cache_dir() == tmp_path / "home" / ".cache" / "policy-pipeline"
    monkeypatch.setenv("POLICY_PIPELINE_CACHE", str(tmp_path / "mine"))
    assert default_cache_dir() == tmp_path / "mine"
    monkeypatch.setenv("POLICY_PIPELINE_CACHE", "off")
    assert default_cache_dir() is None


def _small_parse() -> tuple[Document, list[Section]]:
    """A hand-made parse using every field, tuples where types.py has tuples."""
    note = Footnote(number=1, page=2, text="See https://example.org/a é \u2013 x", urls=("https://example.org/a",))
    blocks = [
        Block(kind="heading", text="France", page=1, size=14.5),
        Block(kind="body", text="Mayors shall report.\x01 Across a page.", page=1, page_breaks=((21, 2),),
              refs=(FootnoteRef(number=1, offset=20),)),
    ]
    document = Document(path="report.pdf", n_pages=2, blocks=blocks, footnotes=[note], body_size=10)
    section = Section(country="France", iso2="FR", page_start=1, page_end=2, text="Mayors shall report. Across a page.",
                      page_map=[(0, 1), (21, 2)], block_starts=[0], refs=[(1, 20)], footnotes=[note])
    return document, [section, Section(country="", iso2="", page_start=1, page_end=1, text="")]


def test_entries_are_json_and_a_damaged_one_is_a_miss(tmp_path: Path) -> None:
    cache = ReportCache(tmp_path / "cache", _pdf(tmp_path))
    document, sections = _small_parse()
    cache.save_parse(document, sections)
    entries = list(cache.folder.iterdir())
    assert [p.name for p in entries] == [f"parse-{cache.parse_key}.json"]  # no temporary file left
    assert json.loads(entries[0].read_bytes())["document"]["n_pages"] == 2  # plain data
    entries[0].write_bytes(entries[0].read_bytes()[:20])  # as a crash of an older writer might leave it
    assert ReportCache(tmp_path / "cache", cache.pdf).load_parse() is None


def test_parse_entry_reads_back_the_same_records(tmp_path: Path) -> None:
    document, sections = _small_parse()
    cache = ReportCache(tmp_path / "cache", _pdf(tmp_path))
    cache.save_parse(document, sections)
    loaded = ReportCache(tmp_path / "cache", cache.pdf).load_parse()
    assert loaded is not None
    document.path = str(cache.pdf)  # a hit names the PDF it was asked for
    assert loaded == (document, sections)
    assert isinstance(loaded[0].blocks[1].page_breaks, tuple) and isinstance(loaded[0].blocks[1].page_breaks[0], tuple)
    assert isinstance(loaded[1][0].page_map, list) and isinstance(loaded[1][0].page_map[0], tuple)
    assert isinstance(loaded[0].footnotes[0].urls, tuple)


@pytest.mark.parametrize("pdf", ["generated", "tests/data/heldout/heldout-libreoffice.pdf"])
def test_parse_of_a_real_pdf_reads_back_equal(pdf: str, tmp_path: Path) -> None:
    path = build_report(serif_numbered(), tmp_path / "report.pdf").path if pdf == "generated" else ROOT / pdf
    document = parse_pdf(path)
    sections = split_sections(document)
    assert sections and document.blocks and document.footnotes  # the records are not trivially empty
    cache = ReportCache(tmp_path / "cache", path)
    cache.save_parse(document, sections)
    assert ReportCache(tmp_path / "cache", path).load_parse() == (document, sections)


def test_tables_read_back_with_their_dtypes() -> None:
    frames = [
        pd.DataFrame({"country": ["France", ""], "page": [1, 2], "share": [0.1, math.nan], "bold": [True, False],
                      "note": ["a", None]}),
        pd.DataFrame([], columns=["country", "page"]),  # an empty table: object columns
        pd.DataFrame({"mixed": pd.Series(["x", 1, None], dtype="object")}),
    ]
    for frame in frames:
        rebuilt = frame_from_json(json.loads(json.dumps(frame_to_json(frame))))
        pd.testing.assert_frame_equal(rebuilt, frame, check_exact=True)
        assert list(rebuilt.dtypes) == list(frame.dtypes)


def _result(document: Document) -> dict:
    return {
        "document": document,
        "section_texts": ["text one", "text two"],
        "sections": pd.DataFrame({"country": ["France"], "n_words": [3]}),
        "entities": pd.DataFrame([], columns=["country", "label"]),
        "timings": {"parse_s": 1.0},
        "model_version": "en_core_web_sm-3.8.0",
    }


def test_result_entry_reads_back_the_same_tables(tmp_path: Path) -> None:
    pdf = _pdf(tmp_path)
    document = _small_parse()[0]
    document.path = str(pdf)
    result = _result(document)
    cache = ReportCache(tmp_path / "cache", pdf)
    cache.save_result(result)
    loaded = ReportCache(tmp_path / "cache", pdf).load_result()
    assert loaded is not None and set(loaded) == set(result) - {"timings"}
    assert loaded["document"] == document and loaded["section_texts"] == result["section_texts"]
    for name in ("sections", "entities"):
        pd.testing.assert_frame_equal(loaded[name], result[name], check_exact=True)


def test_a_result_the_format_cannot_hold_is_not_cached(tmp_path: Path) -> None:
    pdf = _pdf(tmp_path)
    for odd in ({"other": object()}, {"sections": pd.DataFrame({"a": [1]}, index=[5])},
                {"sections": pd.DataFrame({"when": pd.to_datetime(["2020-01-01"])})}):
        cache = ReportCache(tmp_path / "cache", pdf)
        cache.save_result({**_result(_small_parse()[0]), **odd})
        assert cache.load_result() is None
    cache = ReportCache(tmp_path / "cache", pdf)
    cache.save_parse({"stand-in": "document"}, ["section"])  # type: ignore[arg-type]
    assert cache.load_parse() is None and not cache.folder.exists()  # nothing written, no failure


def _hostile_entries(good: dict) -> dict[str, bytes]:
    nested = b"[" * 200_000 + b"]" * 200_000
    wrong_page = json.loads(json.dumps(good))
    wrong_page["document"]["blocks"][0]["page"] = "1"
    pair_as_object = json.loads(json.dumps(good))
    pair_as_object["document"]["blocks"][1]["page_breaks"] = [{"0": 21}]
    extra_field = json.loads(json.dumps(good))
    extra_field["document"]["blocks"][0]["__class__"] = "os.system"
    return {
        "truncated": json.dumps(good).encode()[:-7],
        "empty": b"",
        "not utf-8": b"\xff\xfe{",
        "a list": b"[1, 2, 3]",
        "nested": nested,
        "nested object": b'{"document": ' + nested + b', "sections": [], "warnings": []}',
        "wrong type": json.dumps(wrong_page).encode(),
        "pair as object": json.dumps(pair_as_object).encode(),
        "unknown field": json.dumps(extra_field).encode(),
        "warnings of the wrong shape": json.dumps({**good, "warnings": [["pipeline", "30", "x"]]}).encode(),
        "huge number": json.dumps(good).replace('"n_pages": 2', '"n_pages": 1e999').encode(),
    }


def test_a_damaged_or_hostile_parse_entry_is_a_miss(tmp_path: Path) -> None:
    cache = ReportCache(tmp_path / "cache", _pdf(tmp_path))
    cache.save_parse(*_small_parse())
    entry = cache.folder / f"parse-{cache.parse_key}.json"
    good = json.loads(entry.read_bytes())
    assert ReportCache(tmp_path / "cache", cache.pdf).load_parse() is not None
    for name, data in _hostile_entries(good).items():
        entry.write_bytes(data)
        reader = ReportCache(tmp_path / "cache", cache.pdf)
        assert reader.load_parse() is None, name
        assert reader.hits == [], name


def test_a_damaged_or_hostile_result_entry_is_a_miss(tmp_path: Path) -> None:
    pdf = _pdf(tmp_path)
    cache = ReportCache(tmp_path / "cache", pdf)
    cache.save_result(_result(_small_parse()[0]))
    entry = cache.folder / f"result-{cache.result_key()}.json"
    good = json.loads(entry.read_bytes())
    table = good["frames"]["sections"]
    hostile = {
        "unknown dtype": {**table, "dtypes": ["str", "datetime64[ns]"]},
        "uneven columns": {**table, "values": [["France"], [3, 4]]},
        "a nested cell": {**table, "values": [[["France"]], [3]]},
        "int64 overflow": {**table, "values": [["France"], [2**70]]},
        "a text in an int column": {**table, "values": [["France"], ["three"]]},
    }
    cases = {f"table: {k}": json.dumps({**good, "frames": {"sections": v}}).encode() for k, v in hostile.items()}
    for name, data in {**_hostile_entries(good), **cases}.items():
        entry.write_bytes(data)
        assert ReportCache(tmp_path / "cache", pdf).load_result() is None, name


class _Trap:
    """Unpickling this runs code: it would create the file named `path`."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self):
        return (Path.touch, (self.path,))


def test_a_pickle_in_the_folder_is_never_unpickled(tmp_path: Path) -> None:
    pdf = _pdf(tmp_path)
    cache = ReportCache(tmp_path / "cache", pdf)
    marker = tmp_path / "code-ran"
    trap = pickle.dumps({"result": _Trap(marker), "warnings": []})
    cache.folder.mkdir(parents=True)
    for name in (f"result-{cache.result_key()}.json", f"result-{cache.result_key()}.pickle",
                 f"parse-{cache.parse_key}.json", f"parse-{cache.parse_key}.pickle"):
        (cache.folder / name).write_bytes(trap)
    reader = ReportCache(tmp_path / "cache", pdf)
    assert reader.load_result() is None and reader.load_parse() is None
    assert not marker.exists()
    pickle.loads(trap)  # the trap works: unpickling it does run code
    assert marker.exists()


def test_a_newer_entry_replaces_the_older(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pdf = _pdf(tmp_path)
    ReportCache(tmp_path / "cache", pdf).save_parse(*_small_parse())
    monkeypatch.setattr(cache_module, "parse_version", lambda: "changed")
    newer = ReportCache(tmp_path / "cache", pdf)
    newer.save_parse(*_small_parse())
    assert [p.name for p in newer.folder.iterdir()] == [f"parse-{newer.parse_key}.json"]


def test_stale_temporary_files_are_removed(tmp_path: Path) -> None:
    cache = ReportCache(tmp_path / "cache", _pdf(tmp_path))
    cache.folder.mkdir(parents=True)
    old = cache.folder / ".parse-x.json.abc.tmp"
    fresh = cache.folder / ".parse-y.json.def.tmp"  # perhaps another run's, writing now
    old.write_bytes(b"half")
    fresh.write_bytes(b"half")
    os.utime(old, (time.time() - 2 * cache_module.STALE_TMP_S,) * 2)
    ReportCache(tmp_path / "cache", cache.pdf)
    assert not old.exists() and fresh.exists()


def test_write_atomically_keeps_the_old_file_when_writing_fails(tmp_path: Path) -> None:
    target = tmp_path / "entry"
    write_atomically(target, b"old")

    class Unwritable(bytes):
        pass

    with pytest.raises(TypeError):
        write_atomically(target, object())  # type: ignore[arg-type]
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["entry"]


def test_an_unwritable_cache_folder_is_skipped(tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the folder should be")
    cache = ReportCache(blocker, _pdf(tmp_path))
    cache.save_parse(*_small_parse())
    assert cache.load_parse() is None


# ---------------------------------------------------------------- the runner with the cache (model)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_report(serif_numbered(), tmp_path_factory.mktemp("cached") / "report.pdf").path


@pytest.fixture(scope="module")
def own_nlp():
    """A pipeline of this module's own: one test adds a pattern to it."""
    from pipeline.nlp import build_nlp

    return build_nlp()


@pytest.fixture
def counted_parse(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    calls: list[Path] = []
    real = runner.parse_pdf

    def parse(path, *args, **kwargs):
        calls.append(Path(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(runner, "parse_pdf", parse)
    return calls


def _analyse(pdf: Path, nlp, cache_dir: Path | None) -> tuple[dict, ReportCache | None]:
    cache = ReportCache.open(cache_dir, pdf) if cache_dir is not None else None
    if cache is None:
        return runner.analyse(pdf, nlp=nlp), None
    return cache.cached_analysis(runner.analyse, nlp=nlp), cache


def _assert_same_tables(a: dict, b: dict) -> None:
    for name in TABLES:
        assert a[name].columns == b[name].columns, name
        pd.testing.assert_frame_equal(a[name].to_frame(), b[name].to_frame(), check_exact=True, obj=name)


@pytest.mark.slow
def test_hit_and_invalidation(report: Path, own_nlp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                              counted_parse: list[Path]) -> None:
    cache_dir = tmp_path / "cache"
    plain, _ = _analyse(report, own_nlp, None)
    assert len(plain["entities"]) > 0 and len(counted_parse) == 1

    cold, cache = _analyse(report, own_nlp, cache_dir)
    assert cache is not None and cache.hits == []
    _assert_same_tables(plain, cold)
    assert sorted(p.name.split("-")[0] for p in cache.folder.iterdir()) == ["docs", "parse", "result"]

    # unchanged: the tables are read, nothing is parsed or annotated
    warm, cache = _analyse(report, own_nlp, cache_dir)
    assert cache is not None and cache.hits == ["result"] and len(counted_parse) == 2
    _assert_same_tables(plain, warm)

    # a pattern file changed: parse and the model's Docs are read, the rule components run again
    ruler = own_nlp.get_pipe("entity_ruler")
    word = "Ostrava"  # in the report, in no pattern
    assert word not in set(plain["entities"].column("text"))
    ruler.add_patterns([{"label": "PLACE", "pattern": [{"ORTH": word}], "id": "test_added"}])
    monkeypatch.setattr(cache_module, "rules_version", lambda: "the pattern file changed")
    try:
        patterns_changed, cache = _analyse(report, own_nlp, cache_dir)
        assert cache is not None and cache.hits == ["parse", "docs"] and len(counted_parse) == 2
        assert word in set(patterns_changed["entities"].column("text"))
        uncached, _ = _analyse(report, own_nlp, None)  # the same pipeline without any cache
        _assert_same_tables(uncached, patterns_changed)
    finally:
        ruler.clear()
        from pipeline.nlp import _data_path, _read_jsonl, add_ruler_patterns, country_patterns, expand_vocabulary
        import json

        vocabulary = json.loads(_data_path("data/entity_vocabulary.json").read_text("utf-8"))
        entries = expand_vocabulary(_read_jsonl(_data_path("data/entity_patterns.jsonl")), vocabulary)
        add_ruler_patterns(own_nlp, ruler, entries + country_patterns(own_nlp))  # as build_nlp adds them

    # the parse code changed: everything is done again
    monkeypatch.setattr(cache_module, "parse_version", lambda: "the parse code changed")
    code_changed, cache = _analyse(report, own_nlp, cache_dir)
    assert cache is not None and cache.hits == [] and len(counted_parse) == 4  # 3: the uncached run above
    _assert_same_tables(plain, code_changed)


@pytest.mark.slow
def test_a_changed_pdf_is_parsed_again(report: Path, own_nlp, tmp_path: Path, counted_parse: list[Path]) -> None:
    cache_dir = tmp_path / "cache"
    first, _ = _analyse(report, own_nlp, cache_dir)
    changed = tmp_path / "report.pdf"
    changed.write_bytes(report.read_bytes() + b"\n% a comment after the end: other bytes, same pages\n")
    second, cache = _analyse(changed, own_nlp, cache_dir)
    assert cache is not None and cache.hits == [] and counted_parse == [report, changed]
    _assert_same_tables(first, second)
    assert second["document"].path == str(changed)


@pytest.mark.slow
def test_warnings_are_shown_again_on_a_hit(report: Path, own_nlp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           caplog: pytest.LogCaptureFixture) -> None:
    real = runner.parse_pdf

    def parse_with_warning(path, *args, **kwargs):
        logging.getLogger("pipeline.pdf").warning("[W999]: a warning of the parse")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(runner, "parse_pdf", parse_with_warning)
    with caplog.at_level(logging.WARNING, logger="pipeline"):
        _analyse(report, own_nlp, tmp_path / "cache")
        caplog.clear()
        _, cache = _analyse(report, own_nlp, tmp_path / "cache")
    assert cache is not None and cache.hits == ["result"]
    assert [r.getMessage() for r in caplog.records] == ["[W999]: a warning of the parse"]


@pytest.mark.slow
def test_cli_cache_flags(report: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.cli import main

    monkeypatch.chdir(tmp_path)
    in_process = ["--timeout", "0", "--max-memory-mb", "0"]
    assert main(["run", str(report), "--out", "a", "--cache-dir", "c", *in_process]) == 0
    assert main(["run", str(report), "--out", "b", "--cache-dir", "c", *in_process]) == 0
    for name in ("sections.csv", "entities.csv", "obligations.csv", "footnotes.csv", "countries.csv"):
        assert (tmp_path / "a" / "report" / name).read_bytes() == (tmp_path / "b" / "report" / name).read_bytes(), name
    assert '"result"' in (tmp_path / "b" / "report" / "manifest.json").read_text()
    monkeypatch.setenv("POLICY_PIPELINE_CACHE", str(tmp_path / "default"))
    assert main(["run", str(report), "--out", "d", "--no-cache", *in_process]) == 0
    assert not (tmp_path / "default").exists()
    assert main(["run", str(report), "--out", "e", *in_process]) == 0
    assert any((tmp_path / "default").rglob("result-*.json"))
    monkeypatch.setenv("POLICY_PIPELINE_CACHE", "off")
    assert main(["run", str(report), "--out", "f", *in_process]) == 0
    assert '"cache": null' in (tmp_path / "f" / "report" / "manifest.json").read_text()


def test_a_result_of_records_reads_back_equal_and_a_hostile_table_is_a_miss(tmp_path: Path) -> None:
    """runner.analyse gives Tables (records, no pandas): stored as rows of cells, read back equal."""
    pdf = _pdf(tmp_path)
    sections = Table(["country", "page", "note"], [{"country": "France", "page": 3, "note": None},
                                                   {"country": "=Chad", "page": 4, "note": "a, b"}],
                     {"page": NULLABLE_INT})
    result = {**_result(_small_parse()[0]), "sections": sections, "entities": Table(["country", "label"])}
    cache = ReportCache(tmp_path / "cache", pdf)
    cache.save_result(result)
    loaded = ReportCache(tmp_path / "cache", pdf).load_result()
    assert loaded is not None
    for name in ("sections", "entities"):
        assert isinstance(loaded[name], Table)
        assert (loaded[name].columns, loaded[name].dtypes, loaded[name].records()) == (
            result[name].columns, result[name].dtypes, result[name].records())
    entry = cache.folder / f"result-{cache.result_key()}.json"
    good = json.loads(entry.read_bytes())
    table = good["tables"]["sections"]
    hostile = {
        "uneven rows": {**table, "rows": [["France", 3]]},
        "a nested cell": {**table, "rows": [[["France"], 3, None]]},
        "an unknown dtype": {**table, "dtypes": {"page": "datetime64[ns]"}},
        "a dtype of no column": {**table, "dtypes": {"year": "Int64"}},
        "repeated columns": {**table, "columns": ["country", "country", "note"]},
        "an extra key": {**table, "index": [5]},
    }
    for name, value in hostile.items():
        entry.write_bytes(json.dumps({**good, "tables": {**good["tables"], "sections": value}}).encode())
        assert ReportCache(tmp_path / "cache", pdf).load_result() is None, name
