"""pipeline_actor_types and type_actor: the taxonomy data, the typing rules, the component.

Model-free: `type_actor` is a pure function; the component runs on Docs built
with spacy.blank("en") and entities set by hand.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

import pipeline.nlp.abbreviations  # noqa: F401  (registers pipeline_abbreviations)
from pipeline.nlp import actor_types
from pipeline.nlp.actor_types import (
    LEVELS,
    compile_taxonomy,
    load_taxonomy,
    normalise_words,
    singular,
    type_actor,
    validate_taxonomy,
)

REQUIRED_TYPES = {
    "local_authority",
    "mayor",
    "police",
    "national_government",
    "regional_government",
    "intelligence_security",
    "social_services",
    "education",
    "health",
    "justice_probation",
    "civil_society",
    "religious_community",
    "community_public",
    "family",
    "multi_agency_body",
    "frontline_staff",
}
DATA_FILE = Path(actor_types.__file__).parent / "data" / "actor_taxonomy.json"

# Wording from the first report.
REPORT_EXAMPLES = [
    ("local authorities", "local_authority", "local"),
    ("Local authorities", "local_authority", "local"),
    ("municipalities", "local_authority", "local"),
    ("municipal authorities", "local_authority", "local"),
    ("municipal authorities at top level", "local_authority", "local"),
    ("local authority officers", "local_authority", "local"),
    ("mayors", "mayor", "local"),
    ("Mayor", "mayor", "local"),
    ("police", "police", "local"),
    ("the police", "police", "local"),
    ("police officers", "police", "local"),
    ("local head of the police", "police", "local"),
    ("police districts", "police", "local"),
    ("regional police", "police", "regional"),
    ("national intelligence services", "intelligence_security", "national"),
    ("intelligence services", "intelligence_security", "national"),
    ("federal government", "national_government", "national"),
    ("government", "national_government", "national"),
    ("central government bodies", "national_government", "national"),
    ("national State", "national_government", "national"),
    ("regional governments", "regional_government", "regional"),
    ("federated states", "regional_government", "regional"),
    ("regional councils", "regional_government", "regional"),
    ("social services", "social_services", ""),
    ("schools", "education", ""),
    ("teachers", "education", ""),
    ("mental health", "health", ""),
    ("mental health providers", "health", ""),
    ("probation services", "justice_probation", ""),
    ("prosecution department", "justice_probation", ""),
    ("justice agencies", "justice_probation", ""),
    ("civil society organisations", "civil_society", ""),
    ("NGOs", "civil_society", ""),
    ("associations", "civil_society", ""),
    ("voluntary organisations", "civil_society", ""),
    ("sport clubs", "civil_society", ""),
    ("religious communities", "religious_community", ""),
    ("Muslim communities", "religious_community", ""),
    ("citizens", "community_public", ""),
    ("wider public", "community_public", ""),
    ("individuals within local communities", "community_public", "local"),
    ("parents", "family", ""),
    ("families", "family", ""),
    ("multi-agency panel", "multi_agency_body", ""),
    ("local task forces", "multi_agency_body", "local"),
    ("Info Houses", "multi_agency_body", ""),
    ("local group", "multi_agency_body", "local"),
    ("Regional groups", "multi_agency_body", "regional"),
    ("Monitoring Unit", "multi_agency_body", ""),
    ("platform", "multi_agency_body", ""),
    ("local multi-agency security unit", "multi_agency_body", "local"),
    ("frontline staff", "frontline_staff", ""),
    ("general staff", "frontline_staff", ""),
    ("general staff that interacts with the public", "frontline_staff", ""),
    ("professionals", "frontline_staff", ""),
    ("practitioners", "frontline_staff", ""),
    ("youth workers", "frontline_staff", ""),
    # Decision: a level adjective is not an organisation; staff of a named organisation take its type.
    ("municipal staff", "frontline_staff", "local"),
    # Decision: the Préfet is the national State's agent in a département.
    ("Préfet", "national_government", "regional"),
    ("Préfecture", "national_government", "regional"),
    ("representatives of the national State", "national_government", "national"),
    ("Norwegian Police Security Service", "intelligence_security", "national"),
]

# Wording not in the report: the rules must generalise.
OTHER_EXAMPLES = [
    ("district councils", "local_authority", "local"),
    ("county councils", "regional_government", "regional"),
    ("county administrative boards", "national_government", "regional"),
    ("Land governments", "regional_government", "regional"),
    ("German Länder", "regional_government", "regional"),
    ("provincial governments", "regional_government", "regional"),
    ("regional authorities", "regional_government", "regional"),
    ("imams", "religious_community", ""),
    ("mosques", "religious_community", ""),
    ("social workers", "social_services", ""),
    ("municipal social services", "social_services", "local"),
    ("probation officers", "justice_probation", ""),
    ("child protection services", "social_services", ""),
    ("universities", "education", ""),
    ("school staff", "education", ""),
    ("hospitals", "health", ""),
    ("GPs", "health", ""),
    ("youth clubs", "civil_society", ""),
    ("community groups", "civil_society", ""),
    ("border guards", "police", "national"),
    ("customs", "police", "national"),
    ("state police", "police", "regional"),
    ("federal police", "police", "national"),
    ("prison staff", "justice_probation", ""),
    ("youth offending teams", "justice_probation", ""),
    ("community leaders", "community_public", ""),
    ("staff of the municipality", "local_authority", "local"),
    ("city hall representatives", "local_authority", "local"),
    ("cities", "local_authority", "local"),
    ("ministries", "national_government", "national"),
    ("government agencies", "national_government", "national"),
    ("the State", "national_government", "national"),
    ("Channel panel members", "multi_agency_body", ""),
    ("safety houses", "multi_agency_body", ""),
    ("local police forces", "police", "local"),
    ("Public Prosecutor", "justice_probation", ""),
    # The body after `from`, and after a head that names no type (real-text corpus wording).
    ("representatives from local authorities", "local_authority", "local"),
    ("commander of the local police station", "police", "local"),
    ("officer or member of the council", "local_authority", "local"),
    ("chair of a panel", "multi_agency_body", ""),
    ("members of the public", "community_public", ""),
    # Fallbacks and unknown levels.
    ("the authorities", "other", ""),
    ("local and federal authorities", "other", ""),
    ("local partners", "other", "local"),
    ("public services", "other", ""),
    ("", "other", ""),
]


@pytest.mark.parametrize(("text", "actor_type", "level"), REPORT_EXAMPLES + OTHER_EXAMPLES)
def test_type_actor(text: str, actor_type: str, level: str) -> None:
    assert type_actor(text) == (actor_type, level)


@pytest.mark.parametrize(
    ("word", "expected"),
    [("authorities", "authority"), ("NGOs", "ngo"), ("churches", "church"), ("services", "service"), ("police", "police"),
     ("staff", "staff"), ("analysis", "analysis"), ("class", "class"), ("bodies", "body")],
)
def test_singular(word: str, expected: str) -> None:
    assert singular(word.lower()) == expected


def test_normalise_words_folds_accents_quotes_and_possessives() -> None:
    assert normalise_words("the Préfet’s Länder") == ["the", "prefet", "lander"]


# --- the data file ---------------------------------------------------------------


def test_data_file_schema() -> None:
    data = json.loads(DATA_FILE.read_text("utf-8"))
    validate_taxonomy(data)
    assert set(data["actor_types"]) == REQUIRED_TYPES | {"other"}
    assert data["fallback_actor_type"] == "other"
    ids = [rule["id"] for rule in data["rules"]]
    assert len(ids) == len(set(ids))
    for rule in data["rules"]:
        assert rule["id"] and rule["actor_type"], rule
        assert rule["actor_type"] in REQUIRED_TYPES | {"other"}, rule["id"]
        assert rule.get("terms") or rule.get("heads"), rule["id"]
        assert rule.get("default_level", "") in (*LEVELS, ""), rule["id"]
        assert set(rule.get("actor_type_by_level", {})) <= set(LEVELS), rule["id"]
    # Every required type is reachable by some rule.
    reachable = {r["actor_type"] for r in data["rules"]} | {
        t for r in data["rules"] for t in r.get("actor_type_by_level", {}).values()
    }
    assert REQUIRED_TYPES <= reachable


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["rules"][0].update(actor_type="police_force"), "'actor_type' must be one of"),
        (lambda d: d["rules"][1].update(id=d["rules"][0]["id"]), "the id is used twice"),
        (lambda d: d["rules"][0].pop("id"), "must be an object with an 'id'"),
        (lambda d: d["rules"][0].update(default_level="county"), "'default_level' must be one of"),
        (lambda d: d["rules"][0].update(terms=[], heads=[]), "at least one word"),
        (lambda d: d.update(schema_version=2), "schema_version must be 1"),
    ],
)
def test_validate_taxonomy_names_the_problem(change, message: str) -> None:
    data = load_taxonomy()
    change(data)
    with pytest.raises(ValueError, match=message):
        validate_taxonomy(data)


def test_loading_twice_and_mutating_does_not_change_module_data() -> None:
    first = load_taxonomy()
    first["rules"].clear()
    first["level_words"]["local"].append("national")
    first["actor_types"].append("spaceship")
    second = load_taxonomy()
    assert second["rules"] and "national" not in second["level_words"]["local"]
    assert "spaceship" not in second["actor_types"]
    assert second == json.loads(DATA_FILE.read_text("utf-8"))
    assert type_actor("local authorities") == ("local_authority", "local")


def test_component_keeps_a_private_copy(nlp: Language) -> None:
    typer = nlp.get_pipe("pipeline_actor_types")
    typer.data["rules"].clear()
    assert load_taxonomy()["rules"]
    assert actor_types.default_taxonomy().rules


def test_compiled_taxonomy_is_immutable() -> None:
    taxonomy = actor_types.default_taxonomy()
    with pytest.raises(AttributeError):
        taxonomy.rules = ()  # type: ignore[misc]
    with pytest.raises(TypeError):
        taxonomy.rules[0].actor_type_by_level["local"] = "police"  # type: ignore[index]


# --- the component ---------------------------------------------------------------


@pytest.fixture()
def nlp() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("pipeline_abbreviations")
    nlp.add_pipe("pipeline_actor_types")
    return nlp


def with_ents(nlp: Language, text: str, ents: list[tuple[str, str]]) -> Doc:
    doc = nlp.make_doc(text)
    spans = []
    for phrase, label in ents:
        start = text.index(phrase)
        spans.append(doc.char_span(start, start + len(phrase), label=label))
    doc.ents = spans
    return doc


def test_component_types_actor_entities_only(nlp: Language) -> None:
    text = (
        "The ministerial circular requires the police to share information with local authorities. "
        "The Préfet works with the Immigration Office in Brussels since 2015."
    )
    doc = with_ents(nlp, text, [("ministerial circular", "POLICY"), ("police", "ACTOR"), ("local authorities", "ACTOR"),
                                ("Préfet", "ACTOR"), ("Immigration Office", "ORG"), ("Brussels", "PLACE"), ("2015", "DATE")])
    doc = nlp.get_pipe("pipeline_actor_types")(doc)
    assert [(e.text, e._.actor_type, e._.actor_level) for e in doc.ents] == [
        ("ministerial circular", "", ""),
        ("police", "police", "local"),
        ("local authorities", "local_authority", "local"),
        ("Préfet", "national_government", "regional"),
        ("Immigration Office", "", ""),
        ("Brussels", "", ""),
        ("2015", "", ""),
    ]


def test_component_clears_values_on_other_labels(nlp: Language) -> None:
    doc = with_ents(nlp, "The Immigration Office acts.", [("Immigration Office", "ORG")])
    doc.ents[0]._.actor_type = "police"
    doc = nlp.get_pipe("pipeline_actor_types")(doc)
    assert doc.ents[0]._.actor_type == ""


def test_component_types_the_normalized_form(nlp: Language) -> None:
    doc = with_ents(nlp, "The XYZ meets.", [("XYZ", "ACTOR")])
    doc.ents[0]._.normalized = "regional police"
    doc = nlp.get_pipe("pipeline_actor_types")(doc)
    assert (doc.ents[0]._.actor_type, doc.ents[0]._.actor_level) == ("police", "regional")


def test_pipeline_types_an_acronym_by_its_long_form(nlp: Language) -> None:
    text = "It encourages mayors to create a local multi-agency security unit (LISC). Each LISC meets."
    doc = with_ents(nlp, text, [("mayors", "ACTOR"), ("local multi-agency security unit", "ACTOR")])
    doc = nlp.get_pipe("sentencizer")(doc)
    doc = nlp.get_pipe("pipeline_abbreviations")(doc)
    doc = nlp.get_pipe("pipeline_actor_types")(doc)
    assert [(e.text, e._.actor_type, e._.actor_level) for e in doc.ents] == [
        ("mayors", "mayor", "local"),
        ("local multi-agency security unit", "multi_agency_body", "local"),
        ("LISC", "multi_agency_body", "local"),
        ("LISC", "multi_agency_body", "local"),
    ]


def custom_taxonomy(tmp_path: Path) -> Path:
    data = load_taxonomy()
    data["rules"].insert(0, {"id": "veiligheidshuis", "actor_type": "multi_agency_body",
                             "terms": ["veiligheidshuis"], "default_level": "local", "level_from_modifiers": False})
    path = tmp_path / "taxonomy.json"
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return path


def test_taxonomy_path_config(tmp_path: Path) -> None:
    path = custom_taxonomy(tmp_path)
    nlp = spacy.blank("en")
    typer = nlp.add_pipe("pipeline_actor_types", config={"taxonomy_path": str(path)})
    doc = nlp.make_doc("The Veiligheidshuis meets.")
    doc.ents = [Span(doc, 1, 2, label="ACTOR")]
    doc = typer(doc)
    assert (doc.ents[0]._.actor_type, doc.ents[0]._.actor_level) == ("multi_agency_body", "local")
    assert type_actor("Veiligheidshuis") == ("other", "")  # the packaged taxonomy is untouched


def test_taxonomy_travels_with_the_saved_pipeline(tmp_path: Path) -> None:
    path = custom_taxonomy(tmp_path)
    nlp = spacy.blank("en")
    nlp.add_pipe("pipeline_actor_types", config={"taxonomy_path": str(path)})
    nlp.to_disk(tmp_path / "pipeline")
    path.unlink()  # the pipeline must not depend on the original file any more
    loaded = spacy.load(tmp_path / "pipeline")
    doc = loaded.make_doc("The Veiligheidshuis meets.")
    doc.ents = [Span(doc, 1, 2, label="ACTOR")]
    doc = loaded.get_pipe("pipeline_actor_types")(doc)
    assert doc.ents[0]._.actor_type == "multi_agency_body"
    restored = spacy.blank("en").add_pipe("pipeline_actor_types").from_bytes(loaded.get_pipe("pipeline_actor_types").to_bytes())
    assert restored.data == loaded.get_pipe("pipeline_actor_types").data


def test_missing_taxonomy_file_is_a_clear_error(tmp_path: Path) -> None:
    nlp = spacy.blank("en")
    typer = nlp.add_pipe("pipeline_actor_types", config={"taxonomy_path": str(tmp_path / "missing.json")})
    with pytest.raises(ValueError, match="actor taxonomy file not found"):
        typer(nlp.make_doc("text"))


def test_analyze_pipes_reports_no_problem() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("entity_ruler").add_patterns([{"label": "ACTOR", "pattern": "social workers"}])
    nlp.add_pipe("pipeline_actor_types")
    assert all(not problems for problems in nlp.analyze_pipes()["problems"].values())
    doc = nlp("Social workers and social workers.")
    assert [(e.text, e._.actor_type) for e in doc.ents] == [("social workers", "social_services")]


def test_compile_taxonomy_accepts_a_user_rule() -> None:
    data = load_taxonomy()
    data["rules"].insert(0, {"id": "imam_council", "actor_type": "religious_community", "terms": ["imam council"]})
    taxonomy = compile_taxonomy(data)
    assert type_actor("Imam Councils", taxonomy=taxonomy) == ("religious_community", "")
