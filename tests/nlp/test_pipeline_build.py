"""How build_nlp (pipeline/nlp/__init__.py) saves work at start-up, and that the pipeline is the same:
the model's tokenizer loaded once with the hyphen rule (not loaded, then changed), and the entity
ruler's patterns added once (not added, then moved into the PhraseMatcher by `as_phrases`)."""

from __future__ import annotations

import json

import pytest

from pipeline.nlp import (
    VOCABULARY,
    _data_path,
    _keep_hyphenated_words,
    _read_jsonl,
    add_ruler_patterns,
    country_patterns,
    expand_vocabulary,
    fixed_string_text,
)
from pipeline.nlp.model import load_model

ABBREVIATIONS = ["No.", "Nr.", "Art.", "Para.", "pp.", "cf.", "Ibid.", "approx.", "incl.", "Vol.", "Sec.", "Ch."]
RULER_CONFIG = {"validate": True, "overwrite_ents": False, "ent_id_sep": "||"}


def as_phrases(nlp, ruler) -> int:
    """The way before `add_ruler_patterns`, kept here as its reference: the ruler's fixed-string
    token patterns, already added, moved into its PhraseMatcher; how many moved."""
    keep, phrases = [], []
    for entry in ruler.patterns:
        text = None if isinstance(entry["pattern"], str) else fixed_string_text(nlp, entry["pattern"])
        if text is None:
            keep.append(entry)
        else:
            phrases.append({**entry, "pattern": text})
    if phrases:
        others = [name for name in nlp.pipe_names if nlp.get_pipe(name) is not ruler]
        ruler.clear()
        with nlp.select_pipes(disable=others):
            ruler.add_patterns(keep + phrases)
    return len(phrases)


@pytest.fixture(scope="module")
def changed_after_loading():
    """The model loaded as spaCy does, then the hyphen rule set on its tokenizer (the way before)."""
    nlp = load_model()
    _keep_hyphenated_words(nlp)
    for abbreviation in ABBREVIATIONS:
        nlp.tokenizer.add_special_case(abbreviation, [{"ORTH": abbreviation}])
    return nlp


def _listed(patterns: list[dict], nlp=None) -> list[str]:
    """Each pattern as JSON; with `nlp`, a phrase as its tokens joined by spaces (a country name
    such as `People's Republic of China` is added as written, its reference as `People 's ...`)."""
    if nlp is not None:
        patterns = [
            {**p, "pattern": " ".join(t.text for t in nlp.make_doc(p["pattern"]))} if isinstance(p["pattern"], str) else p
            for p in patterns
        ]
    return sorted(json.dumps(p, sort_keys=True) for p in patterns)


@pytest.mark.slow
def test_the_tokenizer_equals_one_changed_after_loading(nlp, changed_after_loading):
    assert nlp.tokenizer.to_bytes(exclude=["vocab"]) == changed_after_loading.tokenizer.to_bytes(exclude=["vocab"])
    text = "A multi-agency plan of mid-2010s (No. 5, pp. 3-4) for North Rhine-Westphalia's well-being -- e.g. U.K."
    assert [t.text for t in nlp.make_doc(text)] == [t.text for t in changed_after_loading.make_doc(text)]
    assert "multi-agency" in [t.text for t in nlp.make_doc(text)]
    assert ["mid", "-", "2010s"] == [t.text for t in nlp.make_doc("mid-2010s")]


@pytest.mark.slow
def test_the_ruler_patterns_equal_those_added_then_moved(nlp, changed_after_loading):
    vocabulary = json.loads(_data_path(VOCABULARY).read_text("utf-8"))
    entries = expand_vocabulary(_read_jsonl(_data_path("data/entity_patterns.jsonl")), vocabulary)
    before = changed_after_loading.add_pipe("entity_ruler", name="before", config=RULER_CONFIG, before="ner")
    before.add_patterns(entries)
    before.add_patterns(country_patterns(changed_after_loading))
    moved = as_phrases(changed_after_loading, before)
    ruler = nlp.get_pipe("entity_ruler")
    assert moved >= 200
    assert _listed(ruler.patterns, nlp) == _listed(before.patterns, nlp)
    phrase_tokens = {label: sorted(tuple(t.text for t in doc) for doc in docs) for label, docs in ruler.phrase_patterns.items()}
    assert phrase_tokens == {label: sorted(tuple(t.text for t in doc) for doc in docs)
                             for label, docs in before.phrase_patterns.items()}
    assert {k: len(v) for k, v in ruler.phrase_patterns.items()} == {k: len(v) for k, v in before.phrase_patterns.items()}
    assert {k: len(v) for k, v in ruler.token_patterns.items()} == {k: len(v) for k, v in before.token_patterns.items()}


def test_add_ruler_patterns_lists_entries_as_the_ruler_does():
    import spacy

    patterns = [
        {"label": "PLACE", "pattern": [{"ORTH": "United"}, {"ORTH": "Kingdom"}], "id": "country"},
        {"label": "ACTOR", "pattern": [{"LOWER": "police"}], "id": ""},  # an empty id: listed without one
        {"label": "ORG", "pattern": "Home Office"},  # a phrase already
        {"label": "ORG", "pattern": [{"ORTH": "Europol"}]},
    ]
    once, twice = spacy.blank("en"), spacy.blank("en")
    ruler = once.add_pipe("entity_ruler", config=RULER_CONFIG)
    assert add_ruler_patterns(once, ruler, patterns) == 2
    before = twice.add_pipe("entity_ruler", config=RULER_CONFIG)
    before.add_patterns(patterns)
    as_phrases(twice, before)
    assert _listed(ruler.patterns) == _listed(before.patterns)
    doc = "The police of the United Kingdom, the Home Office and Europol."
    assert [(e.text, e.label_, e.ent_id_) for e in once(doc).ents] == [(e.text, e.label_, e.ent_id_) for e in twice(doc).ents]


@pytest.mark.slow
def test_a_pattern_the_ruler_refuses_is_a_data_error_naming_the_file(tmp_path):
    from pipeline.errors import PipelineError
    from pipeline.nlp import CONFIG_NAME, build_nlp

    bad = tmp_path / "patterns.jsonl"
    bad.write_text('{"label": "ORG", "pattern": [{"ORTH": "Europol"}], "id": "ok"}\n'
                   '{"label": "ORG", "pattern": [{"NO_SUCH_ATTRIBUTE": "x"}], "id": "bad"}\n', encoding="utf-8")
    config = _data_path(CONFIG_NAME).read_text("utf-8")
    assert 'patterns = "data/entity_patterns.jsonl"' in config
    config_path = tmp_path / "pipeline.cfg"
    config_path.write_text(config.replace('patterns = "data/entity_patterns.jsonl"', f'patterns = "{bad}"'), "utf-8")
    with pytest.raises(PipelineError) as info:
        build_nlp(config_path, exclude=("entity_labels", "actor_phrases", "abbreviations", "actor_types", "obligations"))
    assert info.value.code == "E013" and str(bad) in info.value.message and info.value.exit_status == 8
