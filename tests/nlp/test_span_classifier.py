"""The span classifier (pipeline/nlp/span_classifier.py): its features and its decisions, on
hand-parsed Docs and hand-written weights (no trained model needed), and the training tool's
reproducibility (tools/train_span_classifier.py)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc, Span

from pipeline.nlp.span_classifier import NONE_LABEL, SpanClassifier, load_model, span_features, with_turned_down

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def vocab():
    return spacy.blank("en").vocab


def parsed(vocab, rows, ents):
    """A Doc from (word, lemma, pos, tag, dep, head index) rows and (start, end, label, rule) entities."""
    words, lemmas, pos, tags, deps, heads = zip(*rows)
    doc = Doc(vocab, words=list(words), lemmas=list(lemmas), pos=list(pos), tags=list(tags), deps=list(deps),
              heads=list(heads))
    doc.ents = [Span(doc, s, e, label=label) for s, e, label, _ in ents]
    for ent, (_, _, _, rule) in zip(doc.ents, ents):
        ent._.rule = rule
    return doc


# "Youth offending teams must report to the Council ."
TEAMS = [
    ("Youth", "youth", "NOUN", "NN", "compound", 2),
    ("offending", "offend", "VERB", "VBG", "amod", 2),
    ("teams", "team", "NOUN", "NNS", "nsubj", 4),
    ("must", "must", "AUX", "MD", "aux", 4),
    ("report", "report", "VERB", "VB", "ROOT", 4),
    ("to", "to", "ADP", "IN", "prep", 4),
    ("the", "the", "DET", "DT", "det", 7),
    ("Council", "Council", "PROPN", "NNP", "pobj", 5),
    (".", ".", "PUNCT", ".", "punct", 4),
]
# "Officials said that commentators were wrong ."
OFFICIALS = [
    ("Officials", "official", "NOUN", "NNS", "nsubj", 1),
    ("said", "say", "VERB", "VBD", "ROOT", 1),
    ("that", "that", "SCONJ", "IN", "mark", 4),
    ("commentators", "commentator", "NOUN", "NNS", "nsubj", 4),
    ("were", "be", "AUX", "VBD", "ccomp", 1),
    ("wrong", "wrong", "ADJ", "JJ", "acomp", 4),
    (".", ".", "PUNCT", ".", "punct", 1),
]


def test_features_name_role_class_shape_and_context(vocab):
    doc = parsed(vocab, TEAMS, [(0, 3, "ACTOR", "actor_noun_body"), (7, 8, "ORG", "org_council")])
    f = span_features(doc.ents[0])
    assert f["rule=actor_noun_body"] == f["label=ACTOR"] == 1.0
    assert f["head_class=group"] == 1.0  # a team is a group (WordNet noun.group)
    assert f["body_rank=0"] == 1.0
    assert f["deontic_subject"] == 1.0  # subject of `must`
    assert f["acts"] == 1.0 and f["dep=nsubj"] == 1.0
    assert f["modifier_class=person"] == 1.0  # `youth`: its first sense in the table is a young person
    assert f["shape=mixed"] == 1.0 and f["sentence_start"] == 1.0 and f["modified"] == 1.0
    assert "head_capitalised" not in f
    council = span_features(doc.ents[1])
    assert council["prep=to"] == 1.0 and council["det=the"] == 1.0 and council["head_capitalised"] == 1.0
    assert "deontic_subject" not in council


def test_features_of_a_speaker_are_not_deontic(vocab):
    doc = parsed(vocab, OFFICIALS, [(0, 1, "ACTOR", "actor_noun_role"), (3, 4, "ACTOR", "candidate_actor_noun_weak")])
    officials, commentators = (span_features(e) for e in doc.ents)
    assert officials["acts"] == 1.0 and "deontic_subject" not in officials
    assert commentators["rule=candidate_actor_noun_weak"] == 1.0
    assert "same_head_elsewhere=ACTOR" not in officials  # no other span has the head `official`


def model_of(weights: dict[str, dict[str, float]], classes=("ACTOR", "NONE", "ORG")) -> dict:
    """A model file's content: a weight per (feature, class); intercepts 0."""
    names = sorted(weights)
    return {
        "classes": list(classes),
        "features": names,
        "coefficients": [[weights[n].get(c, 0.0) for c in classes] for n in names],
        "intercepts": [0.0] * len(classes),
    }


def classifier(model, min_probability=0.75, judged=("actor_noun_", "candidate_")):
    c = SpanClassifier(spacy.blank("en"), "span_classifier", None, min_probability, list(judged))
    c.set_model(model)
    return c


def test_confident_none_drops_an_accepted_span_and_unsure_keeps_it(vocab):
    doc = parsed(vocab, OFFICIALS, [(0, 1, "ACTOR", "actor_noun_role")])
    sure = model_of({"head_lemma=official": {"NONE": 5.0}})
    assert [e.text for e in classifier(sure).judge(doc.copy()).ents] == []
    unsure = model_of({"head_lemma=official": {"NONE": 0.5}})  # NONE wins, below 0.75
    assert [(e.text, e.label_) for e in classifier(unsure).judge(doc.copy()).ents] == [("Officials", "ACTOR")]


def test_turned_down_phrase_needs_a_confident_label(vocab):
    doc = parsed(vocab, OFFICIALS, [(3, 4, "ACTOR", "candidate_actor_noun_weak")])
    accept = model_of({"rule=candidate_actor_noun_weak": {"ACTOR": 5.0}})
    out = classifier(accept).judge(doc.copy())
    assert [(e.text, e.label_, e._.rule) for e in out.ents] == [("commentators", "ACTOR", "actor_noun_weak+classifier")]
    unsure = model_of({"rule=candidate_actor_noun_weak": {"ACTOR": 0.5}})
    assert list(classifier(unsure).judge(doc.copy()).ents) == []
    assert list(classifier(None).judge(doc.copy()).ents) == []  # no model: turned-down phrases dropped


def test_without_a_model_the_doc_is_the_rules_output(vocab):
    doc = parsed(vocab, OFFICIALS, [(0, 1, "ACTOR", "actor_noun_role")])
    assert [(e.text, e._.rule) for e in classifier(None)(doc).ents] == [("Officials", "actor_noun_role")]


def test_turned_down_phrases_join_only_where_no_entity_is(vocab):
    doc = parsed(vocab, OFFICIALS, [(0, 1, "ACTOR", "actor_noun_role")])

    def proposer(copy):  # actor_phrases proposing: one phrase overlapping an entity, one free
        copy.ents = [Span(copy, 0, 2, label="ACTOR"), Span(copy, 3, 4, label="ACTOR")]
        copy.ents[0]._.rule = "candidate_actor_noun_weak"
        copy.ents[1]._.rule = "candidate_actor_noun_generic"
        return copy

    out = with_turned_down(doc, proposer)
    assert [(e.text, e._.rule) for e in out.ents] == [("Officials", "actor_noun_role"),
                                                       ("commentators", "candidate_actor_noun_generic")]


def test_relabel_only_judged_rules(vocab):
    doc = parsed(vocab, TEAMS, [(0, 3, "ACTOR", "actor_noun_body"), (7, 8, "ORG", "org_council")])
    to_org = model_of({"label=ACTOR": {"ORG": 5.0}, "label=ORG": {"ACTOR": 5.0}})
    out = classifier(to_org).judge(doc.copy())
    assert [(e.text, e.label_) for e in out.ents] == [("Youth offending teams", "ORG"), ("Council", "ORG")]


def test_probabilities_sum_to_one(vocab):
    doc = parsed(vocab, TEAMS, [(0, 3, "ACTOR", "actor_noun_body")])
    probabilities = classifier(model_of({"label=ACTOR": {"ACTOR": 1.0, "ORG": -1.0}})).predict(doc.ents[0])
    assert sum(probabilities.values()) == pytest.approx(1.0)
    assert max(probabilities, key=probabilities.get) == "ACTOR"
    assert set(probabilities) == {"ACTOR", NONE_LABEL, "ORG"}


def test_model_file_loads_as_data(tmp_path):
    path = tmp_path / "model.json"
    path.write_text(json.dumps(model_of({"a": {"ACTOR": 1.0}})), "utf-8")
    assert load_model(path)["features"] == ["a"]


def _training_tool():
    spec = importlib.util.spec_from_file_location("train_span_classifier", ROOT / "tools/train_span_classifier.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks its module up
    spec.loader.exec_module(module)
    return module


def test_training_is_reproducible_and_drops_the_head_lemma():
    tool = _training_tool()
    rows = [({"label=ACTOR": 1.0, "acts": 1.0, "head_lemma=team": 1.0}, "ACTOR"),
            ({"label=ACTOR": 1.0, "det=these": 1.0, "head_lemma=team": 1.0}, "NONE"),
            ({"label=ACTOR": 1.0, "acts": 1.0, "head_lemma=board": 1.0}, "ACTOR"),
            ({"label=ACTOR": 1.0, "head_lemma=people": 1.0}, "NONE")]
    weights = tool.report_weights({"a": rows[:2], "b": rows[2:]})
    first, second = tool.train(rows, weights, 0.3), tool.train(rows, weights, 0.3)
    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)
    assert first["classes"] == ["ACTOR", "NONE"] and len(first["coefficients"][0]) == 2
    assert not any(name.startswith("head_lemma=") for name in first["features"])
    acts = first["features"].index("acts")
    assert first["coefficients"][acts][0] > first["coefficients"][acts][1]  # acting speaks for ACTOR
    assert weights == [50.0] * 4  # each report weighs 100 in all, whatever its number of candidates
    assert tool.report_weights({"a": rows[:1], "b": rows[1:]}) == [100.0, 100 / 3, 100 / 3, 100 / 3]


@pytest.mark.slow
def test_in_the_pipeline_the_component_reads_its_model_file_and_judges_turned_down_phrases(nlp, tmp_path):
    """The factory as a config names it, with a model file that accepts every judged candidate:
    a phrase the rules turn down (`foreign fighters`: the people policies act on) comes out as
    ACTOR, marked as the classifier's; without the component the rules leave it out."""
    from pipeline.nlp import build_nlp

    text = "Foreign fighters returned to Belgium in 2015."
    assert ("ACTOR", "Foreign fighters") not in [(e.label_, e.text) for e in nlp(text).ents]
    model = tmp_path / "model.json"
    model.write_text(json.dumps({**model_of({"label=ACTOR": {"ACTOR": 5.0}}), "min_probability": 0.75}), "utf-8")
    cfg = (ROOT / "pipeline/nlp/pipeline.cfg").read_text("utf-8")
    cfg = cfg.replace('"actor_phrases", ', '"actor_phrases", "span_classifier", ', 1)
    cfg += f'\n[components.span_classifier]\nfactory = "pipeline_span_classifier"\n\n' \
           f'[components.span_classifier.config]\nmodel_path = "{model}"\n'
    (tmp_path / "pipeline.cfg").write_text(cfg, "utf-8")
    with_classifier = build_nlp(tmp_path / "pipeline.cfg")
    assert with_classifier.get_pipe("span_classifier").min_probability == 0.75  # from the model file
    found = {e.text: (e.label_, e._.rule) for e in with_classifier(text).ents}
    assert found["Foreign fighters"][0] == "ACTOR"
    assert found["Foreign fighters"][1].endswith("+classifier")
    assert found["Belgium"][0] == "PLACE"  # a name the patterns found is not judged


# "The Department of Justice ( DOJ ) funds the DOJ ."
DOJ = [
    ("The", "the", "DET", "DT", "det", 1),
    ("Department", "Department", "PROPN", "NNP", "nsubj", 7),
    ("of", "of", "ADP", "IN", "prep", 1),
    ("Justice", "Justice", "PROPN", "NNP", "pobj", 2),
    ("(", "(", "PUNCT", "-LRB-", "punct", 1),
    ("DOJ", "DOJ", "PROPN", "NNP", "appos", 1),
    (")", ")", "PUNCT", "-RRB-", "punct", 1),
    ("funds", "fund", "VERB", "VBZ", "ROOT", 7),
    ("the", "the", "DET", "DT", "det", 9),
    ("DOJ", "DOJ", "PROPN", "NNP", "dobj", 7),
    (".", ".", "PUNCT", ".", "punct", 7),
]
# "We fund countering violent extremism ( CVE ) ."
CVE = [
    ("We", "we", "PRON", "PRP", "nsubj", 1),
    ("fund", "fund", "VERB", "VBP", "ROOT", 1),
    ("countering", "counter", "VERB", "VBG", "amod", 4),
    ("violent", "violent", "ADJ", "JJ", "amod", 4),
    ("extremism", "extremism", "NOUN", "NN", "dobj", 1),
    ("(", "(", "PUNCT", "-LRB-", "punct", 4),
    ("CVE", "CVE", "PROPN", "NNP", "appos", 4),
    (")", ")", "PUNCT", "-RRB-", "punct", 4),
    (".", ".", "PUNCT", ".", "punct", 1),
]
# "The National Crime Prevention Board met . The Board reported ."
BOARD = [
    ("The", "the", "DET", "DT", "det", 4),
    ("National", "National", "PROPN", "NNP", "compound", 4),
    ("Crime", "Crime", "PROPN", "NNP", "compound", 4),
    ("Prevention", "Prevention", "PROPN", "NNP", "compound", 4),
    ("Board", "Board", "PROPN", "NNP", "nsubj", 5),
    ("met", "meet", "VERB", "VBD", "ROOT", 5),
    (".", ".", "PUNCT", ".", "punct", 5),
    ("The", "the", "DET", "DT", "det", 8),
    ("Board", "Board", "PROPN", "NNP", "nsubj", 9),
    ("reported", "report", "VERB", "VBD", "ROOT", 9),
    (".", ".", "PUNCT", ".", "punct", 9),
]
# "Police in Queensland and France follow the prevention strategy ."
PLACES = [
    ("Police", "police", "NOUN", "NNS", "nsubj", 5),
    ("in", "in", "ADP", "IN", "prep", 0),
    ("Queensland", "Queensland", "PROPN", "NNP", "pobj", 1),
    ("and", "and", "CCONJ", "CC", "cc", 2),
    ("France", "France", "PROPN", "NNP", "conj", 2),
    ("follow", "follow", "VERB", "VBP", "ROOT", 5),
    ("the", "the", "DET", "DT", "det", 8),
    ("prevention", "prevention", "NOUN", "NN", "compound", 8),
    ("strategy", "strategy", "NOUN", "NN", "dobj", 5),
    (".", ".", "PUNCT", ".", "punct", 5),
]


def test_an_acronym_reads_the_head_noun_of_its_long_form(vocab):
    """`DOJ` stands for `Department of Justice`: the head is `Department` (through `of`), a
    group the rules labelled ORG; `CVE` stands for `... extremism`, an idea no rule labelled."""
    doj = parsed(vocab, DOJ, [(1, 4, "ORG", "org_ministry_of_propn"), (5, 6, "ORG", "model_ORG"),
                              (9, 10, "ORG", "model_ORG")])
    defined, later = span_features(doj.ents[1]), span_features(doj.ents[2])
    for f in (defined, later):
        assert f["acronym_long_head_class=group"] == f["acronym_long_label=ORG"] == 1.0
        assert f["rule_exact=model_ORG"] == 1.0 and "acronym_undefined" not in f
    assert defined["acronym_in_definition"] == 1.0 and "acronym_in_definition" not in later
    cve = parsed(vocab, CVE, [(6, 7, "ORG", "model_ORG")])
    f = span_features(cve.ents[0])
    assert f["acronym_long_head_class=cognition"] == f["acronym_long_label=none"] == 1.0


def test_an_undefined_acronym_says_so(vocab):
    alone = [("It", "it", "PRON", "PRP", "nsubj", 1), ("funds", "fund", "VERB", "VBZ", "ROOT", 1),
             ("the", "the", "DET", "DT", "det", 3), ("DOJ", "DOJ", "PROPN", "NNP", "dobj", 1),
             (".", ".", "PUNCT", ".", "punct", 1)]
    doc = parsed(vocab, alone, [(3, 4, "ORG", "model_ORG")])
    assert span_features(doc.ents[0])["acronym_undefined"] == 1.0


def test_a_capitalised_back_reference_finds_the_longer_name(vocab):
    doc = parsed(vocab, BOARD, [(1, 5, "ORG", "org_titlecase_head"), (8, 9, "ORG", "org_short_name__x")])
    f = span_features(doc.ents[1])
    assert f["back_reference"] == f["back_reference_label=ORG"] == f["back_reference_earlier"] == 1.0
    assert f["rule_exact=org_short_name"] == 1.0  # the rule's variant suffix left off
    assert f["capitalised_mid_sentence"] == 1.0
    alone = parsed(vocab, [("The", "the", "DET", "DT", "det", 1), ("Board", "Board", "PROPN", "NNP", "nsubj", 2),
                           ("reported", "report", "VERB", "VBD", "ROOT", 2), (".", ".", "PUNCT", ".", "punct", 2)],
                   [(1, 2, "ORG", "org_short_name")])
    assert "back_reference" not in span_features(alone.ents[0])


def test_places_pycountry_knows_and_a_lower_case_phrase(vocab):
    doc = parsed(vocab, PLACES, [(2, 3, "ORG", "model_ORG"), (4, 5, "PLACE", "place_country"),
                                 (7, 9, "POLICY", "model_LAW")])
    queensland, france, strategy = (span_features(e) for e in doc.ents)
    assert queensland["pycountry=subdivision"] == 1.0 and "pycountry=country" not in queensland
    assert france["pycountry=country"] == 1.0
    assert strategy["shape=lower"] == 1.0 and "capitalised_mid_sentence" not in strategy
    assert not any(name.startswith("pycountry=") for name in strategy)


def test_relabel_applies_decisions_in_order(vocab):
    from pipeline.nlp.span_classifier import relabel

    doc = parsed(vocab, BOARD, [(1, 5, "ORG", "org_titlecase_head"), (8, 9, "ORG", "org_short_name")])
    out = relabel(doc.copy(), ["ORG", None])
    assert [(e.text, e.label_, e._.rule) for e in out.ents] == [
        ("National Crime Prevention Board", "ORG", "org_titlecase_head")]
    out = relabel(doc.copy(), ["ORG", "ACTOR"])
    assert [(e.label_, e._.rule) for e in out.ents] == [("ORG", "org_titlecase_head"),
                                                         ("ACTOR", "org_short_name+classifier")]
    with pytest.raises(ValueError):
        relabel(doc.copy(), ["ORG"])  # one decision per entity


def test_the_tool_never_reads_an_unfinished_sealed_test(tmp_path):
    """A report folder named fresh3, and any report holding a sealed passage that no finished
    sealed report holds, are left out; a finished sealed report is read."""
    tool = _training_tool()

    def report(folder, passages, sealed=False):
        (tmp_path / folder).mkdir()
        config = {"sealed": sealed, "sections": [{"country": "", "passages": passages}]}
        (tmp_path / folder / "report.json").write_text(json.dumps(config), "utf-8")
        return (f"real-{folder}", tmp_path / folder / f"{folder}.pdf", tmp_path / folder / "gold.jsonl")

    reports = [("first", Path("first.pdf"), Path("first.jsonl")), report("dev-a", ["a01"]),
               report("sealed", ["a04"], sealed=True), report("fresh4", ["a02"], sealed=True),
               report("mixed", ["a03", "i01"]), report("sneaky", ["i02"])]
    kept = tool.readable_reports(reports, tmp_path, frozenset({"a04", "i01", "i02"}))
    assert [name for name, _, _ in kept] == ["first", "real-dev-a", "real-sealed"]
    assert "fresh4" in tool.NEVER_READ and not tool.FINISHED_SEALED & tool.NEVER_READ


@pytest.mark.parametrize("labels", [("ACTOR", "NONE"), ("ACTOR", "NONE", "ORG")])
def test_boosted_trees_in_the_component_give_scikit_learns_probabilities(labels):
    """The trees written out (`train_boosting`) and read by the component (`tree_scores`) give
    the probabilities scikit-learn's own predict_proba gives, two classes or more; and the
    training gives the same file twice."""
    tool = _training_tool()
    words = ["the", "a", "these", "every", "no"]
    rows = [({"acts": 1.0, f"det={words[i % 5]}": 1.0} if i % 2 else {f"det={words[i % 5]}": 1.0},
             labels[(i * 7 // 3) % len(labels)]) for i in range(60)]
    weights = [1.0 + (i % 3) for i in range(60)]
    first, second = tool.train_boosting(rows, weights, 20), tool.train_boosting(rows, weights, 20)
    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)
    assert first["kind"] == "boosted_trees" and first["classes"] == sorted(labels)
    vectorizer, estimator = tool.fit_boosting(rows, weights, 20)
    probes = [f for f, _ in rows[:10]] + [{"det=these": 1.0, "unseen": 1.0}]
    expected = estimator.predict_proba(vectorizer.transform(probes))
    got = tool.probabilities(classifier(None), first, probes)
    assert len({round(row[first["classes"][0]], 6) for row in got}) > 1  # the trees split
    for row, want in zip(got, expected):
        assert [row[c] for c in first["classes"]] == pytest.approx(list(want), abs=1e-6)


def test_version_free_features_name_no_rule_and_no_word_but_the_label_and_the_proposer(vocab):
    from pipeline.nlp.span_classifier import version_free_features

    doc = parsed(vocab, TEAMS, [(0, 3, "ACTOR", "actor_noun_modified"), (7, 8, "ORG", "model_ORG")])
    teams, council = doc.ents
    by_rules = version_free_features(teams, "ACTOR", "actor_noun_modified")
    assert not [k for k in by_rules if k.startswith(("rule=", "rule_label=", "rule_exact=", "head_lemma="))]
    assert by_rules["label=ACTOR"] == by_rules["proposed_by=rules"] == by_rules["proposed_by_label=rules|ACTOR"] == 1.0
    assert by_rules["deontic_subject"] == 1.0  # the span's own features stay
    # The same span proposed by another version's rule under another name: the same features.
    assert version_free_features(teams, "ACTOR", "actor_noun_body") == by_rules
    by_model = version_free_features(council, "ORG", "model_ORG")
    assert by_model["proposed_by=model"] == 1.0 and "proposed_by=rules" not in by_model
    # Proposed as another label: only the label features differ.
    as_place = version_free_features(council, "PLACE", "model_PLACE")
    assert as_place["label=PLACE"] == 1.0 and "label=ORG" not in as_place
