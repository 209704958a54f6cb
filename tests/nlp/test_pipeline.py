"""The nlp stage as a whole: its shape from the config, the model check, the sentence boundaries."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.errors import PipelineError
from pipeline.nlp import build_nlp
from pipeline.nlp.model import read_checksums, verify_model_dir


def test_pipeline_order_follows_the_config(nlp):
    names = nlp.pipe_names
    assert names.index("block_boundaries") < names.index("parser")
    assert names.index("entity_ruler") < names.index("ner") < names.index("entity_labels")
    assert names[-3:] == ["abbreviations", "actor_types", "obligations"]


def test_analyze_pipes_reports_no_problem(nlp):
    analysis = nlp.analyze_pipes()
    assert not any(analysis["problems"].values()), analysis["problems"]


def test_exclude_leaves_components_out():
    small = build_nlp(exclude=("obligations", "actor_types"))
    assert "obligations" not in small.pipe_names and "abbreviations" in small.pipe_names


def test_checksums_cover_every_weight_file():
    sums = read_checksums()
    assert {"tok2vec/model", "tagger/model", "parser/model", "ner/model", "config.cfg"} <= set(sums)
    assert all(len(digest) == 64 for digest in sums.values())


def test_tampered_weights_fail_the_check(nlp, tmp_path):
    model_dir = Path(nlp.path) if nlp.path else None
    if model_dir is None:
        pytest.skip("model path unknown")
    copy = tmp_path / "model"
    shutil.copytree(model_dir, copy)
    with (copy / "ner" / "model").open("ab") as f:
        f.write(b"\0")
    with pytest.raises(PipelineError) as info:
        verify_model_dir(str(copy), "copy")
    assert info.value.code == "E009" and "ner/model" in info.value.message


def test_block_breaks_start_sentences_and_parentheses_do_not(nlp):
    doc = nlp("Pursue: to stop attacks\nPrevent: to stop people (such as young people in schools. or prisons) from joining.")
    sentences = [s.text.strip() for s in doc.sents if s.text.strip()]
    assert sentences[0] == "Pursue: to stop attacks"
    assert sentences[1].startswith("Prevent:") and sentences[1].endswith("from joining.")


def test_hyphenated_words_stay_one_token(nlp):
    assert [t.text for t in nlp.make_doc("a multi-agency panel in North Rhine-Westphalia")] == [
        "a", "multi-agency", "panel", "in", "North", "Rhine-Westphalia"]


def test_pattern_word_lists_expand_and_unknown_lists_fail():
    from pipeline.nlp import expand_vocabulary

    patterns = [{"label": "ACTOR", "pattern": [{"LOWER": {"IN": "@heads"}}], "id": "x"}]
    assert expand_vocabulary(patterns, {"heads": ["mayors"]})[0]["pattern"] == [{"LOWER": {"IN": ["mayors"]}}]
    with pytest.raises(ValueError, match="@missing"):
        expand_vocabulary([{"label": "ACTOR", "pattern": [{"LOWER": {"IN": "@missing"}}]}], {})


def test_every_pattern_list_in_the_data_files_resolves():
    import json
    from importlib import resources

    from pipeline.nlp import expand_vocabulary

    data = resources.files("pipeline.nlp").joinpath("data")
    vocabulary = json.loads(data.joinpath("entity_vocabulary.json").read_text("utf-8"))
    lines = data.joinpath("entity_patterns.jsonl").read_text("utf-8").splitlines()
    patterns = [json.loads(line) for line in lines if line.strip()]
    expanded = expand_vocabulary(patterns, vocabulary)
    assert all(set(p) == {"label", "pattern", "id"} for p in expanded)
    assert '"@' not in json.dumps(expanded, ensure_ascii=False)  # no list left unexpanded
