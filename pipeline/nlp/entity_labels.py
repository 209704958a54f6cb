"""Entity labels: hold every entity, the ruler's and the model's, to the guidelines.

Runs after the model's `ner`. The EntityRuler's matches (placed before `ner`,
so the model predicts around them) keep their label; the model's own ORG,
GPE/LOC, LAW and DATE count where the rules are silent, mapped to ORG, PLACE,
POLICY and DATE; its other labels (PERSON, NORP, CARDINAL, ...) are dropped.
Then every span is held to the annotation guidelines' boundaries:

- no leading determiner, quantifier or preposition, no surrounding quotes, no
  possessive `'s`, no final punctuation;
- a pattern id ending in `__trimN` drops the N tokens of context the pattern
  needed (`called “X”` → `X`);
- a DATE is the minimal expression that names a year (`by the end of 2017` →
  `2017`); a model DATE without a year is dropped;
- an institution name after an indefinite article names a kind of body
  (`a Monitoring Unit`), so ORG becomes ACTOR, unless the name marks one
  national body (`a National Coordinator for ...`);
- a name of a local-level word and a body word (`Municipal Police`, `Local
  Councils`) is a kind of body with one instance per place: ACTOR;
- an ACTOR word that modifies a noun outside the span (`government agreement`)
  or a place-like head followed by `of` + name (`city of Aarhus`) is dropped;
- a POLICY made only of generic words (`the Action Plan`) is not a name;
- an ORG name ending in a territory word (`Brussels Region`, `Wallonia-Brussels
  Federation`) is a PLACE (a body named `Federation of ...` keeps ORG);
- a proper noun coordinated with a PLACE is a PLACE (`Bonn, Dortmund, and
  Duisburg`), rule `coordinated_place`;
- a name the sentence defines (`bOJA is a non-profit organisation`: ORG; `Channel is
  part of the national Prevent strategy`: POLICY), rules `org_defined`, `policy_defined`;
- a name found once as ORG/POLICY marks its other occurrences in the section
  (`Prevent strategy` → later `Prevent`), rule `propagated_name`; right before
  an ACTOR it joins it (`Channel panel members`), rule `named_actor`;
- a first-level subdivision's name written alone is a PLACE (`live in
  Victoria`; not `Victoria Police`), rule `place_subdivision`;
- a bare capitalised type word after a determiner that refers back to a body
  named before (`the Taskforce`, `the Institute`, `Our Committee`) is no
  mention; a name the section also writes in the plural (`APC` / `APCs`,
  `CDEM Group` / `CDEM Groups`) is a kind of body, ACTOR;
- `Countering Violent Extremism (CVE) Unit` is one ORG (`org_acronym_inside`);
  `the person-centred approach (PGA)` a POLICY (`policy_named_by_acronym`);
  `Social Services and Well-being (Wales) Act 2014` one POLICY
  (`policy_bracketed_title`); the names in the items after `Programs include:`
  are POLICY; a government written as a title keeps its adjective (`Victorian
  Government`: ORG); a model ORG whose head is an -ing activity (`Community
  Policing`) and an instrument after `a` + a local-level word (`a Local
  Economic and Community Plan`: one per area) are no mention, nor the model's
  PLACE on English words none of which names a place (`Step Together`); a
  short name defined in parentheses (`(the Expert Panel)`) stays ORG after `an`;
- people and offices (the guidelines' People rule): a title before the model's PERSON whose noun
  heads a body in WordNet (`President Joko Widodo`) is the ORG `President` (`office_before_name`); an
  ORG name with a person-noun head is a role, ACTOR, where a local-level word opens it (`Local
  Disaster Coordinator`) or it is one word that heads no body (`the Coordinator`); an office's name
  goes on over its remit (`Minister for Police and Emergency Services`); `the Mayor and City
  Council` is two mentions;
- a model ORG on one English word with no sense of a body, place or person (`the System`) is dropped;
- citations: `Anti-Terrorism Act No. 15 of 2003`, `Justice Act (Northern Ireland) 2011` are one
  POLICY each, no DATE or PLACE inside; a name does not take the acronym in parentheses at its end
  (`“National Action Plan on ... (NAP PCVE)”`); `Preventing and Countering Violent Extremism and
  Insurgency (PCVEI) Program` is one POLICY (`policy_acronym_inside`);
- `National Conveners’ Association`: a plural possessive inside a name (`org_plural_possessive`);
  `Policing and Community` + `Safety Partnerships`: one ACTOR; `the North, South, East and West
  area commands`: one PLACE (`place_compass_parts`).

Each entity's `span._.rule` records the pattern id or `model_<LABEL>` it came from.

The rules live beside the component, one concern a module, and run in the order of
`EntityLabels.__call__`: entity_rules.py (the word lists, `span._.rule`),
entity_heads.py (what a name's head denotes), entity_boundaries.py (one span),
entity_joins.py (names joined and split), entity_policies.py (instrument names,
citations, list items), entity_offices.py (offices and roles), entity_places.py
(places the model misses), entity_section.py (names across the section).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .entity_boundaries import hold_entity
from .entity_joins import joined_names, names_around_acronyms, names_with_a_plural_possessive, split_at_and_the
from .entity_offices import office_remits, offices_before_names, roles_named_as_titles
from .entity_places import compass_parts, coordinated_places, named_administrations, subdivision_places
from .entity_policies import (instruments_named_by_acronym, items_of_a_kind, list_item_names, names_after_policy_nouns,
                              titles_with_a_bracketed_place)
from .entity_rules import EntityRules
from .entity_section import (defined_names, kinds_named_in_the_plural, propagated_names, short_body_names,
                             short_names_defined_in_parentheses, without_back_references)


class EntityLabels:
    def __init__(self, nlp: Language, name: str, rules_path: str | None) -> None:
        self.name = name
        self.rules = EntityRules(rules_path)

    def __call__(self, doc: Doc) -> Doc:
        rules = self.rules
        kept: list[Span] = []
        for ent in doc.ents:
            span = hold_entity(rules, doc, ent)
            if span is not None:
                kept.extend(split_at_and_the(rules, span))
        kept = joined_names(doc, filter_spans(kept + list_item_names(rules, doc) + offices_before_names(doc, kept)))
        kept = names_with_a_plural_possessive(rules, doc, kept)
        kept = filter_spans(kept + coordinated_places(rules, doc, kept))
        kept = subdivision_places(rules, doc, kept)
        kept = compass_parts(rules, doc, kept)
        kept = office_remits(doc, kept)
        kept = defined_names(rules, doc, named_administrations(rules, doc, kept))
        kept = short_body_names(doc, kept)
        kept = without_back_references(rules, doc, kept)
        kept = propagated_names(rules, doc, kept)
        kept = kinds_named_in_the_plural(doc, kept)
        kept = roles_named_as_titles(rules, kept)
        kept = short_names_defined_in_parentheses(rules, doc, kept)
        kept = names_after_policy_nouns(rules, doc, kept)
        kept = names_around_acronyms(rules, doc, kept)
        kept = instruments_named_by_acronym(rules, doc, kept)
        kept = titles_with_a_bracketed_place(rules, doc, kept)
        kept = items_of_a_kind(rules, doc, kept)
        doc.ents = sorted(filter_spans(kept), key=lambda s: s.start)
        return doc


@Language.factory(
    "pipeline_entity_labels",
    assigns=["doc.ents", "span._.rule"],
    requires=["doc.ents"],
    default_config={"rules_path": None},
)
def make_entity_labels(nlp: Language, name: str, rules_path: str | None) -> EntityLabels:
    return EntityLabels(nlp, name, rules_path)
