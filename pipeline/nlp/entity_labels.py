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
"""

from __future__ import annotations

import copy
import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from ..dehyphenate import is_english
from .lexicon import heads_a_body, is_foreign_word, is_gerund, is_office_noun, names_no_body, person_noun
from .noun_classes import BODY_ANCHORS, NounClass, lookup
from .places import running_text_names, subdivision_names
from .syntax import conjuncts_within

if not Span.has_extension("rule"):
    Span.set_extension("rule", default="")

TRIM_RE = re.compile(r"__trim(\d+)$")
YEAR_RE = re.compile(r"^(?:1[89]|20)\d\d$")
QUOTES = "“”‘’\"'«»„"
# A run of at least this many "Name: ..." list items names the parts of a strategy.
MIN_NAMED_ITEMS = 3
# A list item's name is at most this many tokens (`Pursuing/Stopping`, `Early intervention`).
MAX_ITEM_NAME_TOKENS = 3
# Determiners before a bare type word that make it refer back (`This Unit`, `Our Committee`).
BACK_REFERENCE_DETERMINERS = ("this", "these", "that", "those", "our", "its", "their", "such")
# A name must be at least this long to be propagated to its other mentions.
MIN_PROPAGATED_CHARS = 3
# A quoted title longer than this is more likely two quotations read as one (straight quotes
# open and close alike) than a title.
MAX_QUOTED_TITLE_TOKENS = 16
# WordNet classes of the head noun of an instrument's name (`Control Order`, `Duty Guidance`,
# `Prevention Strategy`, `Aarhus model`): a name with such a head is a POLICY, not an ORG.
INSTRUMENT_CLASSES = ("communication", "act", "cognition")
# The points of the compass, which name parts of a place when coordinated before a territory noun.
COMPASS_POINTS = frozenset({"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central"})
# The noun phrase after the points is at most this many words (`area commands`).
MAX_COMPASS_NOUNS = 3
# Lower-case words that join the capitalised words of one name (`Preventing and Countering ...`).
NAME_CONNECTORS = ("and", "of", "for", "on", "against")
# Words after which a name's head has been read (`Ministry of Justice` → `Ministry`).
NAME_LINKS = ("of", "for", "on", "against", "to", "in")
# A head with a sense of an organised body this high in its sense list (`Service`: the 4th of 15)
# names a body often enough that the name stays ORG.
MAX_BODY_SENSE_RANK = 3


def load_rules(path: str | Path | None = None) -> dict[str, Any]:
    if path is None:
        text = resources.files(__package__).joinpath("data/entity_rules.json").read_text("utf-8")
    else:
        text = Path(path).read_text("utf-8")
    return json.loads(text)


class EntityLabels:
    def __init__(self, nlp: Language, name: str, rules_path: str | None) -> None:
        self.name = name
        rules = copy.deepcopy(load_rules(rules_path))
        self.label_map: dict[str, str] = rules["model_label_map"]
        self.project_labels = set(rules["project_labels"])
        self.leading = set(rules["leading_words_dropped"])
        self.indefinite = set(rules["indefinite_words"])
        self.unique_prefixes = set(rules["unique_body_prefixes"])
        self.generic_policy = set(rules["generic_policy_words"])
        self.place_heads = set(rules["place_like_heads"])
        self.date_re = re.compile(rules["date_pattern"])
        self.generic_names = set(rules["generic_name_words"])
        self.list_intro = set(rules["list_intro_words"])
        self.place_name_heads = set(rules["place_name_heads"])
        self.local_level = set(rules["local_level_words"])
        self.kind_heads = set(rules["kind_heads"])
        self.title_case_org = set(rules["title_case_org_words"])
        self.honorifics = set(rules["honorifics"])
        self.municipal_heads = set(rules["municipal_name_heads"])
        self.territory_words = set(rules["territory_words"])
        self.provision_words = set(rules["provision_words"])
        self.policy_type_nouns = set(rules["policy_type_nouns"])
        self.subdivisions = subdivision_names(unambiguous=False)
        self.subdivisions_in_text: dict[str, list[tuple[str, ...]]] = {}  # first word -> the names' words
        for place_name in sorted(running_text_names(), key=len, reverse=True):
            words = tuple(place_name.split())  # hyphenated words are one token (pipeline.cfg)
            self.subdivisions_in_text.setdefault(words[0], []).append(words)
        vocabulary = json.loads(resources.files(__package__).joinpath("data/entity_vocabulary.json").read_text("utf-8"))
        self.org_heads = set(vocabulary["org_heads"])
        self.policy_heads = set(vocabulary["policy_heads"])

    def __call__(self, doc: Doc) -> Doc:
        kept: list[Span] = []
        for ent in doc.ents:
            span = self._hold(doc, ent)
            if span is not None:
                kept.extend(self._split_at_and_the(span))
        kept = _joined_names(doc, filter_spans(kept + self._list_item_names(doc) + _offices_before_names(doc, kept)))
        kept = self._names_with_a_plural_possessive(doc, kept)
        kept = filter_spans(kept + self._coordinated_places(doc, kept))
        kept = self._subdivision_places(doc, kept)
        kept = self._compass_parts(doc, kept)
        kept = _office_remits(doc, kept)
        kept = self._defined_names(doc, self._named_administrations(doc, kept))
        kept = _short_body_names(doc, kept)
        kept = self._without_back_references(doc, kept)
        kept = self._propagate(doc, kept)
        kept = _kinds_named_in_the_plural(doc, kept)
        kept = self._roles_named_as_titles(kept)
        kept = self._short_names_defined_in_parentheses(doc, kept)
        kept = self._names_after_policy_nouns(doc, kept)
        kept = self._names_around_acronyms(doc, kept)
        kept = self._instruments_named_by_acronym(doc, kept)
        kept = self._titles_with_a_bracketed_place(doc, kept)
        kept = self._items_of_a_kind(doc, kept)
        doc.ents = sorted(filter_spans(kept), key=lambda s: s.start)
        return doc

    # -- one span ---------------------------------------------------------------
    def _hold(self, doc: Doc, ent: Span) -> Span | None:
        if ent.start < ent.end - 1 and doc[ent.end - 1].sent.start != doc[ent.start].sent.start:
            return None  # no mention crosses a sentence (nor a heading run into the next line)
        if ent.ent_id_.startswith("policy_quoted") and len(ent) > MAX_QUOTED_TITLE_TOKENS and not _title_cased(ent):
            return None
        from_rule = ent.label_ in self.project_labels and bool(ent.ent_id_)
        if from_rule:
            label, rule = ent.label_, ent.ent_id_
        elif ent.label_ in self.label_map:
            label, rule = self.label_map[ent.label_], f"model_{ent.label_}"
        else:
            return None
        if label == "POLICY" and self._one_per_area(doc, ent):
            return None  # `a “local community safety plan”`, `a Local Economic and Community Plan`: a kind, no name
        start, end = ent.start, ent.end
        trim = TRIM_RE.search(rule)
        if trim:
            start += int(trim.group(1))
        if label == "DATE":
            return self._date(doc, start, end, rule)
        # A country's name from the table is whole (`New Zealand`); only `The Netherlands` drops its article.
        leading = {"the"} if rule == "place_country" else self.leading
        while start < end and (doc[start].lower_ in leading or doc[start].text in QUOTES or doc[start].is_punct):
            start += 1
        if not from_rule:
            while end > start + 1 and doc[end - 1].lower_ in ("of", "for", "and", "the", "on", "in"):
                end -= 1  # the model's `Church of`: a name cut before its last word
            place_after = end + 1 < len(doc) and doc[end].lower_ in ("of", "for") and doc[end + 1].ent_iob_ == "B"
            if place_after and doc[end + 1].ent_type_ in ("GPE", "LOC", "PLACE"):
                end = _ent_end(doc, end + 1)  # `Church of` + `Greece`: one name
        while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space or doc[end - 1].lower_ in ("’s", "'s")):
            if doc[end - 1].text in QUOTES and _opens_quote(doc[start:end - 1]):
                break  # `circular on “foreign fighters”`: a quote the name itself opened
            end -= 1
        opening = next((i for i in range(end - 1, start, -1) if doc[i].text == "("), None)
        if (opening is not None and opening + 1 < end and label in ("ORG", "POLICY")
                and all(_looks_like_acronym(t.text) for t in doc[opening + 1 : end])):
            end = opening  # `“National Action Plan on ... (NAP PCVE)”`: the acronym is a mention of its own
        while label == "ORG" and end - start > 3 and doc[end - 2].lower_ == "and" and doc[end - 1].pos_ == "ADJ":
            end -= 2  # `Ministry of Family and Youth and European` (+ `and national research funding`): no name ends so
        if start >= end:
            return None
        if label == "ORG" and doc[end - 1].lower_ in self.place_name_heads and doc[end - 1].text[:1].isupper():
            label = "PLACE"  # `Wallonia-Brussels Federation`, `Brussels Region`: a name ending in a territory word
        if label in ("ORG", "PLACE") and doc[start].lower_.rstrip(".") in self.honorifics:
            return None  # `Mr Smith`, `Dr Jones`: a person, and persons are in no span
        if label == "ORG" and not from_rule and doc[start:end].text in self.subdivisions:
            label = "PLACE"  # the model's ORG on a state or province (`New South Wales`, `NSW`)
        if label == "PLACE" and doc[end - 1].lower_ in self.municipal_heads:
            label = "ORG"  # `Aarhus Municipality`: a named municipal administration
        elif label == "PLACE" and end < len(doc) and doc[end].lower_ in self.municipal_heads:
            end, label = end + 1, "ORG"  # `Aarhus municipality`: the place name and its administration
        if rule.startswith("policy_launched") and (_is_body_name(doc[start:end]) or doc[end - 1].lower_ in self.org_heads):
            label = "ORG"  # `launched the Extremism Information Centre`: a body was launched, not an instrument
        if label == "ORG" and _is_instrument_name(doc[start:end]):
            label = "POLICY"  # `Control Orders`, `Prevent Duty Guidance`: the head names an instrument
        if label == "ORG" and not from_rule:
            while (end < len(doc) and doc[end].is_alpha and doc[end].text[:1].isupper() and doc[end].ent_iob_ == "O"
                   and doc[end].sent.start == doc[start].sent.start and doc[end].i != doc[end].sent.start):
                end += 1  # `Lead Coordinating Senior` + `Officials`: the model cut the name short
            if end - start == 1 and end < len(doc) and doc[end].text[:1].isupper() and doc[end].is_alpha:
                return None  # `Australian` before `Government ...`: one word cut off a longer name
        if (label == "ORG" and not from_rule and end - start == 1 and 0 < start and end < len(doc)
                and doc[end].is_lower and doc[end].pos_ == "NOUN" and doc[start].head.i == end
                and doc[start - 1].is_lower and doc[start - 1].head.i == end and doc[start - 1].pos_ in ("ADJ", "NOUN")):
            return None  # `federal Crown corporations`: a capitalised modifier inside a lower-case phrase
        if label == "ORG" and not from_rule and end - start == 1 and start > 0 and doc[start - 1].lower_ == "in":
            label = "PLACE"  # `policing in Cork`: the model's one-word ORG after `in` is a place
        if label == "ORG" and not from_rule and end - start == 1 and _names_no_body(doc[start]):
            return None  # `the System`, `delivery Groups`, `“Mandate”`: a common noun that never names a body
        if (label in ("POLICY", "ORG") and not from_rule and end < len(doc) and doc[end].text == ":"
                and start == doc[start].sent.start):
            return None  # `Type of Organisation: NGO`: a field's label opening its line, not a name
        if label in ("POLICY", "ORG") and not from_rule and doc[start].lower_ in self.provision_words:
            return None  # `Section 36`: a provision; the law it belongs to is the mention
        if (label == "POLICY" and end - start == 2 and doc[start + 1].like_num and end < len(doc)
                and doc[end].lower_ == "of"):
            return None  # `Regulation 8 of amended legislation`: a numbered provision of another instrument
        span = Span(doc, start, end, label=label)
        if label == "ORG" and start > 0 and doc[start - 1].lower_ in self.indefinite and span[0].lower_ not in self.unique_prefixes:
            span = Span(doc, start, end, label="ACTOR")
        elif label == "ORG" and span[0].lower_ in self.local_level and span[-1].lower_ in self.kind_heads:
            span = Span(doc, start, end, label="ACTOR")  # `Municipal Police`: one per municipality
        elif label == "ORG" and span[0].lower_ in self.local_level and _kind_with_a_remit(span, self.kind_heads):
            span = Span(doc, start, end, label="ACTOR")  # `Municipal Council for Security`: one per municipality
        elif label == "ORG" and _names_a_kind(span):
            span = Span(doc, start, end, label="ACTOR")  # `Centres of Excellence`: plural common words name a kind
        if span.label_ == "ACTOR" and self._not_an_actor(doc, span):
            return None
        if span.label_ == "PLACE" and _modifies_next_noun(span) and doc[span.end].lower_ not in self.territory_words \
                and doc[span.end].lower_ not in self.place_heads:
            return None  # `the U.S. government`, `United States Attorneys`: the country says whose, it is no place mention
        if (span.label_ == "ACTOR" and len(span) == 1 and span[0].lower_ in self.title_case_org
                and span[0].text[:1].isupper() and not span[0].is_sent_start):
            while (start > doc[start].sent.start and doc[start - 1].text[:1].isupper() and doc[start - 1].is_alpha
                   and doc[start - 1].lower_ not in self.leading and doc[start - 1].pos_ in ("ADJ", "PROPN")):
                start -= 1  # `the Victorian Government`, `NSW Government`: the title's own words (the guidelines' ORG)
            span = Span(doc, start, end, label="ORG")  # `the Government` written as a title
        if (label == "POLICY" and all(t.lower_ in self.generic_policy or t.is_punct or t.like_num for t in span)
                and not any(YEAR_RE.match(t.text) for t in span)):
            return None  # `the Action Plan`; but `Local Government Act 2001`: an act and its year name one law
        if not from_rule and not self._model_name_ok(span):
            return None
        if span.label_ == "ORG" and not from_rule and _names_an_activity(span):
            return None  # `assigned to Community Policing in Cork`: a field of work, no body
        if span.label_ == "PLACE" and not from_rule and _no_word_of_a_place(span):
            return None  # `reach out for support at Step Together`: English words none of which names a place
        if span.label_ in ("ORG", "POLICY"):
            span = _foreign_name_extended(span)
        span._.rule = rule
        return span

    def _one_per_area(self, doc: Doc, ent: Span) -> bool:
        """An instrument after an indefinite word whose name opens with a local-level word (`a
        Local Economic and Community Plan`, `a “local community safety plan”`) is a kind of plan
        each area has, as `a Monitoring Unit` is a kind of body: the guidelines name no kind."""
        words = [t for t in ent if t.text not in QUOTES]
        before = doc[ent.start - 1] if ent.start > 0 else None
        if words and words[0].lower_ in self.indefinite:
            words, before = words[1:], words[0]
        return (before is not None and before.lower_ in self.indefinite and bool(words)
                and words[0].lower_ in self.local_level)

    def _model_name_ok(self, span: Span) -> bool:
        """The model's ORG/PLACE/POLICY must look like a name: capitalised, no verb, not one generic word."""
        if not any(t.text[:1].isupper() for t in span):
            return False  # lower-case "organisations" are descriptions, not names
        if any(t.pos_ in ("VERB", "AUX") for t in span):
            return False  # `Prevent is Channel`: two names and a verb
        return not all(t.lower_ in self.generic_names or t.is_punct for t in span)

    def _not_an_actor(self, doc: Doc, span: Span) -> bool:
        last = span[-1]
        if len(span) == 1 and last.pos_ == "ADJ":
            return True  # `social and professional reintegration`: an adjective, not an actor
        if len(span) == 1 and last.dep_ in ("compound", "amod") and last.head.i >= span.end and last.head.pos_ in ("NOUN", "PROPN"):
            return True  # `government agreement`: the actor word only modifies another noun
        nxt = span.end
        if last.lower_ in self.place_heads and nxt + 1 < len(doc) and doc[nxt].lower_ == "of" and doc[nxt + 1].text[:1].isupper():
            return True  # `city of Aarhus`: a place descriptor
        return False

    def _date(self, doc: Doc, start: int, end: int, rule: str) -> Span | None:
        text = doc[start:end].text
        match = self.date_re.search(text)
        if not match:
            return None
        offset = doc[start].idx
        span = doc.char_span(offset + match.start(), offset + match.end(), label="DATE", alignment_mode="contract")
        if span is None or len(span) == 0:
            return None
        span._.rule = rule
        return span

    def _split_at_and_the(self, span: Span) -> list[Span]:
        """`Ministry of Integration and the Danish Intelligence and Security Service`: a name's
        tail does not run on through `and the` into a second name with a body or instrument head of
        its own (`Office for Human Rights and the Rights of National Minorities` stays one name)."""
        if span.label_ not in ("ORG", "POLICY"):
            return [span]
        doc = span.doc
        if (len(span) > 3 and span[1].lower_ == "and" and span[0].text.istitle()
                and is_office_noun(span[0].lemma_.lower(), span[0].lower_) and _is_body_name(span[2:])):
            # `the Mayor and City Council`: a person's title and a body are two mentions, never one name
            parts = []
            for start, end in ((span.start, span.start + 1), (span.start + 2, span.end)):
                piece = Span(doc, start, end, label=span.label_)
                piece._.rule = span._.rule
                parts.append(piece)
            return parts
        for i in range(1, len(span) - 2):
            if span[i].lower_ == "and" and span[i + 1].lower_ in ("the", "a", "an") and span[i + 2].text[:1].isupper():
                second = doc[span.start + i + 2 : span.end]
                head = name_head(second)
                acronym = len(second) == 1 and len(second.text) >= 2 and second.text.isupper()  # `... and the SRI`
                if head is None or not (head.lower_ in self.org_heads or _is_body_name(second)
                                        or _is_instrument_name(second) or acronym):
                    continue
                parts = []
                for start, end in ((span.start, span.start + i), (second.start, second.end)):
                    piece = Span(doc, start, end, label=span.label_)
                    piece._.rule = span._.rule
                    parts.append(piece)
                return [parts[0], *self._split_at_and_the(parts[1])]
        return [span]

    def _names_after_policy_nouns(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """`the exit programme Radinet`, `the counter-terrorism strategy, CONTEST, which ...`: the
        capitalised words right after a lower-case kind of instrument name it (POLICY). With a
        comma the name must be closed by punctuation (an apposition, not a new clause); without
        one the kind needs a determiner. The model's guesses on those words give way; an entity a
        pattern or rule made (a country, an office) does not."""
        by_token = {i: s for s in spans for i in range(s.start, s.end)}
        added: list[Span] = []
        for tok in doc:
            if (tok.pos_ != "NOUN" or not tok.is_lower or tok.lower_ not in self.policy_type_nouns
                    or tok.i in by_token):
                continue
            sent_end = tok.sent.end
            start = tok.i + 1
            before = _name_before_acronym(doc, tok)
            if before is not None and not any(i in by_token and not _model_guess(by_token[i]) for i in range(*before)):
                covering = {by_token[i] for i in range(*before) if i in by_token}
                name = Span(doc, before[0], before[1], label="POLICY")
                name._.rule = "policy_named_before_kind"  # `its priority Countering Violent Extremism (CVE) program`
                added.append(name)
                spans = [s for s in spans if s not in covering]
                continue
            quoted = _quoted_title(doc, start, sent_end)
            if quoted is not None and not any(i in by_token and not _model_guess(by_token[i]) for i in range(*quoted)):
                covering = {by_token[i] for i in range(*quoted) if i in by_token}
                name = Span(doc, quoted[0], quoted[1], label="POLICY")
                name._.rule = "policy_quoted_after_kind"  # `statutory guidance ‘Emergency preparedness’`
                added.append(name)
                spans = [s for s in spans if s not in covering]
                continue
            comma = start < sent_end and doc[start].text == ","
            start += comma
            end = start
            while end < sent_end and doc[end].text[:1].isupper() and doc[end].is_alpha and not doc[end].is_sent_start:
                end += 1
            if end == start:
                continue
            if comma and not (end == sent_end or doc[end].text in (",", ".", ";", ")", ":")):
                continue
            if not comma and not any(c.dep_ in ("det", "poss") for c in tok.children):
                continue
            covering = {by_token[i] for i in range(start, end) if i in by_token}
            if any(s.start < start or s.end > end or not (_model_guess(s) or (s.label_ == "ACTOR" and end - start > 1))
                   for s in covering):
                continue  # an ACTOR word inside a longer name gives way too (`Safer Communities`)
            name = Span(doc, start, end, label="POLICY")
            name._.rule = "policy_named_after_kind"
            added.append(name)
            spans = [s for s in spans if s not in covering]
        return filter_spans(spans + added) if added else spans

    def _names_around_acronyms(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """`The Countering Violent Extremism (CVE) Unit supports ...`: capitalised words, their
        acronym in parentheses, then a capitalised body head (`Unit`, `Taskforce`) make one name,
        ORG (rule `org_acronym_inside`); with an instrument head (`... Insurgency (PCVEI) Program`)
        one POLICY (rule `policy_acronym_inside`). The words may be joined by `and`, `of`, `for`.
        The words before the parentheses must be unread or only
        the model's guess, and so must the head and the acronym; a rule's entity keeps its words."""
        by_token = {i: s for s in spans for i in range(s.start, s.end)}
        added: list[Span] = []
        for head in doc[5:]:
            label = "ORG" if head.lower_ in self.org_heads else "POLICY" if head.lower_ in self.policy_heads else ""
            if not label or not head.text[:1].isupper() or doc[head.i - 1].text != ")":
                continue
            if doc[head.i - 3].text != "(" or not _looks_like_acronym(doc[head.i - 2].text):
                continue
            end = head.i + 1
            start = head.i - 3
            while start > head.sent.start and (
                    doc[start - 1].is_alpha and doc[start - 1].text[:1].isupper()
                    and doc[start - 1].lower_ not in self.leading
                    or doc[start - 1].lower_ in NAME_CONNECTORS and start < head.i - 3 and start - 1 > head.sent.start
                    and doc[start - 2].text[:1].isupper() and doc[start - 2].is_alpha):
                start -= 1  # `Preventing and Countering Violent Extremism and Insurgency (PCVEI) Program`
            if head.i - 3 - start < 2:
                continue
            covering = {id(by_token[i]): by_token[i] for i in range(start, end) if i in by_token}
            if any(not _model_guess(s) or s.start < start or s.end > end for s in covering.values()):
                continue
            name = Span(doc, start, end, label=label)
            name._.rule = "org_acronym_inside" if label == "ORG" else "policy_acronym_inside"
            added.append(name)
            spans = [s for s in spans if id(s) not in covering]
        return filter_spans(spans + added) if added else spans

    def _instruments_named_by_acronym(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """`include that person in the person-centred approach (PGA)`: a lower-case kind of
        instrument (policy_type_nouns) given an acronym in parentheses is one named instrument,
        POLICY with its modifiers (rule `policy_named_by_acronym`); the abbreviation component
        then gives the acronym and its mentions the label. The phrase needs a determiner (`the`,
        `its`) and must be unread, or read as an ACTOR or only guessed by the model."""
        by_token = {i: s for s in spans for i in range(s.start, s.end)}
        added: list[Span] = []
        for head in doc[1:-3]:
            if (not head.is_lower or head.pos_ != "NOUN" or head.lower_ not in self.policy_type_nouns
                    or doc[head.i + 1].text != "(" or doc[head.i + 3].text != ")"
                    or not _looks_like_acronym(doc[head.i + 2].text)):
                continue
            start = head.i
            while (start > head.sent.start and doc[start - 1].head.i == head.i and doc[start - 1].is_lower
                   and doc[start - 1].dep_ in ("amod", "compound", "nmod") and doc[start - 1].lower_ not in self.leading):
                start -= 1
            determiner = doc[start - 1] if start > head.sent.start else None
            if determiner is None or determiner.dep_ not in ("det", "poss") or determiner.head.i != head.i:
                continue
            covering = {id(by_token[i]): by_token[i] for i in range(start, head.i + 1) if i in by_token}
            if any(not (_model_guess(s) or s.label_ == "ACTOR") or s.start < start or s.end > head.i + 1
                   for s in covering.values()):
                continue
            name = Span(doc, start, head.i + 1, label="POLICY")
            name._.rule = "policy_named_by_acronym"
            added.append(name)
            spans = [s for s in spans if id(s) not in covering]
        return filter_spans(spans + added) if added else spans

    def _titles_with_a_bracketed_place(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """`the Social Services and Well-being (Wales) Act 2014`, `the Adult Support and Protection
        (Scotland) Act 2007`: a law's short title with the territory it extends to in parentheses
        before its head word. A POLICY opening with its capitalised head (`Act 2014`) right after
        `(Place)` (one title-case word) grows over the parentheses and the capitalised words before them (with `and`,
        `of`, hyphenated words); the mentions inside give way (rule `policy_bracketed_title`)."""
        by_token = {i: s for s in spans for i in range(s.start, s.end)}
        added: list[Span] = []
        for policy in [s for s in spans if s.label_ == "POLICY"]:
            i = policy.start
            if i < 5 or not policy[0].text[:1].isupper() or doc[i - 1].text != ")":
                continue
            opening = i - 2
            while opening > i - 2 - MAX_BRACKETED_PLACE_WORDS and doc[opening].is_alpha and doc[opening].text.istitle():
                opening -= 1  # `(Northern Ireland)`: a territory of more than one word
            if opening == i - 2 or doc[opening].text != "(" or policy[0].lower_ not in self.policy_heads:
                continue  # `(Wales) Act`: a place's name before the head; not `(NCPS) Minimum program`
            start = opening
            while start > policy.sent.start and (
                    doc[start - 1].text[:1].isupper() and not doc[start - 1].is_punct
                    and doc[start - 1].lower_ not in self.leading or doc[start - 1].lower_ in ("and", "of")):
                start -= 1
            while start < opening and not doc[start].text[:1].isupper():
                start += 1
            if start == opening or doc[start].lower_ in self.provision_words:
                continue
            covering = {id(by_token[j]): by_token[j] for j in range(start, i) if j in by_token}
            if any(s.start < start for s in covering.values()):
                continue
            title = Span(doc, start, policy.end, label="POLICY")
            title._.rule = "policy_bracketed_title"
            added.append(title)
            spans = [s for s in spans if id(s) not in covering and s is not policy]
        return filter_spans(spans + added) if added else spans

    def _items_of_a_kind(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """`Programs include:` + `- Network for Intervention and Tailored Engagement (NITE)`: a
        short lead-in ending with a colon that names a kind of instrument (policy_type_nouns)
        says what its list items are, so a name opening an item is a POLICY (rule kept), also
        where the name's head reads as a body (`Network`). The items run until a sentence with a
        verb or more than MAX_LEAD_IN_ITEM_TOKENS tokens."""
        by_start = {s.start: s for s in spans}
        relabel: dict[int, Span] = {}
        sents = list(doc.sents)
        for n, sent in enumerate(sents):
            words = [t for t in sent if not t.is_space]
            if (len(words) > MAX_LEAD_IN_TOKENS or not words or words[-1].text != ":"
                    or not any(t.lemma_.lower() in self.policy_type_nouns for t in words if t.pos_ in ("NOUN", "PROPN"))):
                continue
            for item in sents[n + 1 :]:
                item_words = [t for t in item if not t.is_space and not (t.is_punct and t.text in ITEM_MARKS)]
                if not item_words:
                    continue  # a bullet the parse cut off as a sentence of its own
                if len(item_words) > MAX_LEAD_IN_ITEM_TOKENS or any(t.pos_ in ("VERB", "AUX") for t in item_words):
                    break
                name = by_start.get(item_words[0].i)
                if name is not None and name.label_ == "ORG":
                    relabel[name.start] = name
        if not relabel:
            return spans
        out = []
        for span in spans:
            if span.start in relabel:
                policy = Span(doc, span.start, span.end, label="POLICY")
                policy._.rule = span._.rule
                span = policy
            out.append(span)
        return out

    # -- the section --------------------------------------------------------------
    def _coordinated_places(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """`Bochum, Bonn, Dortmund, Düsseldorf, and Duisburg`: proper nouns coordinated with a PLACE are places."""
        taken = {i for s in spans for i in range(s.start, s.end)}
        added: list[Span] = []
        for span in spans:
            if span.label_ != "PLACE":
                continue
            for conj in conjuncts_within(span.root):
                guessed = [s for s in spans if s.start == conj.i and s.end == conj.i + 1 and s._.rule == "model_ORG"]
                if guessed:  # `Athens and Thessaloniki`: the model's ORG guess beside a place is a place
                    spans.remove(guessed[0])
                    taken.discard(conj.i)
                if conj.i in taken or conj.pos_ != "PROPN" or not conj.text[:1].isupper():
                    continue
                start = conj.i
                while start > 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].head == conj and doc[start - 1].text[:1].isupper():
                    start -= 1
                if any(i in taken for i in range(start, conj.i + 1)):
                    continue
                place = Span(doc, start, conj.i + 1, label="PLACE")
                place._.rule = "coordinated_place"
                added.append(place)
                taken.update(range(start, conj.i + 1))
        return added

    def _compass_parts(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """`covering the North, South, East and West area commands within the city`: compass points
        coordinated before a lower-case territory noun name parts of a place, one PLACE over the
        coordination and the noun phrase (as `cities of Bochum, Bonn, ...` is one mention; rule
        `place_compass_parts`); the model's guesses on single points and the territory noun read alone
        as an ACTOR give way. One point alone (`the
        North area`) is left to the other rules."""
        by_token = {i: s for s in spans for i in range(s.start, s.end)}
        added: list[Span] = []
        i = 0
        while i < len(doc):
            tok = doc[i]
            if not (tok.text.istitle() and tok.lower_ in COMPASS_POINTS):
                i += 1
                continue
            end, points = i + 1, 1
            while end + 1 < tok.sent.end:
                joiner = 2 if doc[end].text == "," and doc[end + 1].lower_ in ("and", "or") else 1  # `East, and West`
                if doc[end].text not in (",", "and", "or") or end + joiner >= tok.sent.end:
                    break
                if doc[end + joiner].lower_ not in COMPASS_POINTS or not doc[end + joiner].text.istitle():
                    break
                end, points = end + joiner + 1, points + 1
            nouns = end  # the noun phrase the points modify: `districts`, `area commands` (a plural the tagger
            while (nouns < min(tok.sent.end, end + MAX_COMPASS_NOUNS) and doc[nouns].is_lower and doc[nouns].is_alpha
                   and (doc[nouns].pos_ == "NOUN" or nouns > end and doc[nouns].tag_ == "VBZ")):
                nouns += 1  # may read as a verb after a noun)
            territory = self.territory_words | self.place_heads
            if points < 2 or nouns == end or not any(doc[j].lower_ in territory for j in range(end, nouns)):
                i = max(end, i + 1)
                continue
            covering = {id(by_token[j]): by_token[j] for j in range(i, nouns) if j in by_token}
            if any(not (_model_guess(s) or s.label_ in ("PLACE", "ACTOR")) or s.start < i or s.end > nouns
                   for s in covering.values()):
                i = nouns
                continue
            place = Span(doc, i, nouns, label="PLACE")
            place._.rule = "place_compass_parts"
            added.append(place)
            spans = [s for s in spans if id(s) not in covering]
            i = nouns
        return filter_spans(spans + added) if added else spans

    def _subdivision_places(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """`live in Victoria`, `Victoria’s responses`, `Ontario’s plan`: a first-level subdivision's
        name (places.running_text_names) written alone is a PLACE (rule `place_subdivision`), where
        no rule read the words and the model at most guessed them (its ORG on a state). Not a word
        of a longer capitalised name (`Victoria Police`, `Lake Ontario`, `Queen Victoria`): a
        capitalised word right before or after it belongs to a name, and the name rules decide."""
        by_token = {i: s for s in spans for i in range(s.start, s.end)}
        added: list[Span] = []
        replaced: set[int] = set()
        for tok in doc:
            if not tok.text[:1].isupper():
                continue
            for words in self.subdivisions_in_text.get(tok.text, ()):
                end = tok.i + len(words)
                if end > len(doc) or tuple(t.text for t in doc[tok.i : end]) != words:
                    continue
                if doc[end - 1].sent.start != tok.sent.start:
                    continue
                before = doc[tok.i - 1] if tok.i > tok.sent.start else None
                after = doc[end] if end < tok.sent.end else None
                if (before is not None and before.is_alpha and before.text[:1].isupper()) or (
                        after is not None and (after.is_alpha and after.text[:1].isupper() or after.text == "-")):
                    continue
                if (before is not None and before.text == "(" and after is not None and after.text == ")"
                        and 0 < before.i and end + 1 < len(doc) and doc[before.i - 1].text[:1].isupper()
                        and doc[end + 1].text[:1].isupper()):
                    continue  # `Social Services and Well-being (Wales) Act 2014`: inside a title
                covering = {id(by_token[i]): by_token[i] for i in range(tok.i, end) if i in by_token}
                if any(not _model_guess(s) or s.start < tok.i or s.end > end for s in covering.values()):
                    continue
                place = Span(doc, tok.i, end, label="PLACE")
                place._.rule = "place_subdivision"
                added.append(place)
                replaced.update(covering)
                break
        if not added:
            return spans
        return filter_spans([s for s in spans if id(s) not in replaced] + added)

    def _list_item_names(self, doc: Doc) -> list[Span]:
        """`Pursue: to stop ...` items after `split into four work streams`: each name is a POLICY."""
        names: list[Span] = []
        run: list[Span] = []
        announced = False
        for sent in doc.sents:
            block_start = sent.start == 0 or "\n" in doc[sent.start - 1].text
            if not block_start and run:
                continue  # a list item's further sentences neither end nor extend the run
            colon = next((t for t in sent[: MAX_ITEM_NAME_TOKENS + 1] if t.text == ":"), None)
            if colon is not None and colon.i > sent.start and sent[0].text[:1].isupper():
                run.append(doc[sent.start : colon.i])
                continue
            if announced and len(run) >= MIN_NAMED_ITEMS:
                names.extend(run)
            run = []
            announced = any(t.lower_ in self.list_intro for t in sent)
        if announced and len(run) >= MIN_NAMED_ITEMS:
            names.extend(run)
        names.extend(self._inline_named_items(doc))
        spans = []
        for item in names:
            span = Span(doc, item.start, item.end, label="POLICY")
            span._.rule = "list_item_name"
            spans.append(span)
        return spans

    def _inline_named_items(self, doc: Doc) -> list[Span]:
        """`organised around five pillars: Detect, Prevent, Protect, Pursue and Respond.`"""
        items: list[Span] = []
        for sent in doc.sents:
            for colon in (t for t in sent if t.text == ":"):
                if not any(t.lower_ in self.list_intro for t in doc[max(sent.start, colon.i - 3) : colon.i]):
                    continue
                found: list[Span] = []
                for token in doc[colon.i + 1 : sent.end]:
                    if token.text in (",", "and", "or") or token.is_space:
                        continue
                    if token.is_punct and token.i >= sent.end - 1 or token.text == ".":
                        break
                    if not (token.is_alpha and token.text[:1].isupper()):
                        found = []
                        break
                    found.append(doc[token.i : token.i + 1])
                if len(found) >= MIN_NAMED_ITEMS:
                    items.extend(found)
        return items

    def _named_administrations(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """`Aarhus municipality` where nothing read `Aarhus` as a place (a heading the model
        leaves untagged): a capitalised word English does not know before a lower-case municipal
        head names a municipal administration, ORG (rule `org_named_municipality`); `the East
        Jutland Police district`: a body's name before a lower-case territory word names the
        territory it covers, PLACE (rule `place_named_district`)."""
        by_token = {i: s for s in spans for i in range(s.start, s.end)}
        out = list(spans)
        for tok in doc[1:]:
            bare = by_token.get(tok.i)  # the head alone read as a kind (`municipality`) gives way
            if not tok.is_lower or (bare is not None and not (bare.label_ == "ACTOR" and len(bare) == 1)):
                continue
            prev = doc[tok.i - 1]
            if tok.lower_ in self.municipal_heads and prev.i not in by_token and prev.text[:1].isupper() \
                    and prev.is_alpha and (is_foreign_word(prev) or lookup(prev.lower_).first_class == "location"):
                span = Span(doc, prev.i, tok.i + 1, label="ORG")
                span._.rule = "org_named_municipality"
                out = [s for s in out if s is not bare] + [span]
            elif bare is not None:
                continue
            elif tok.lower_ in self.territory_words and prev.i in by_token:
                body = by_token[prev.i]
                if body.label_ == "ORG" and body.end == tok.i and body[-1].text[:1].isupper():
                    span = Span(doc, body.start, tok.i + 1, label="PLACE")
                    span._.rule = "place_named_district"
                    out = [s for s in out if s is not body] + [span]
        return filter_spans(out)

    def _defined_names(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """A name the sentence defines: the subject of a copula whose predicate says what it is.
        `bOJA is a non-profit organisation` (the predicate's head names a body: WordNet's
        organisation anchors) → ORG; `Channel is part of the national Prevent strategy`, `X is
        a programme ...` (part of a POLICY, or a kind of instrument) → POLICY. The subject must
        look like a name (a proper noun, or a word with capitals past its first letter) and be
        unlabelled or only the model's guess. Rules `org_defined`, `policy_defined`; the name
        rule (`propagated_name`) then marks its other occurrences."""
        by_token = {i: s for s in spans for i in range(s.start, s.end)}
        added: list[Span] = []
        for verb in doc:
            if verb.lemma_.lower() != "be":
                continue
            subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            attr = next((c for c in verb.children if c.dep_ == "attr" and c.pos_ == "NOUN"), None)
            if subject is None or attr is None or subject.i > verb.i:
                continue
            if not (subject.pos_ == "PROPN" or (not subject.is_stop and any(c.isupper() for c in subject.text[1:]))):
                continue
            start = subject.i
            while start > subject.sent.start and doc[start - 1].dep_ == "compound" and doc[start - 1].head == subject \
                    and doc[start - 1].text[:1].isupper():
                start -= 1
            if start > subject.sent.start and doc[start - 1].text[:1].isupper() and doc[start - 1].is_alpha:
                continue  # a longer capitalised run than the parse shows: leave it to the name rules
            covering = {by_token[i] for i in range(start, subject.i + 1) if i in by_token}
            if any(s.start < start or s.end > subject.i + 1 or not _model_guess(s) for s in covering):
                continue
            label = None
            if attr.lemma_.lower() == "part" and any(
                    c.lower_ == "of" and any(g.i in by_token and by_token[g.i].label_ == "POLICY" for g in c.children)
                    for c in attr.children):
                label = "POLICY"
            elif attr.lower_ in self.policy_type_nouns:
                label = "POLICY"
            elif lookup(attr.lemma_.lower()).anchor_rank(BODY_ANCHORS) == 0 and attr.tag_ == "NN":
                label = "ORG"
            if label is None:
                continue
            name = Span(doc, start, subject.i + 1, label=label)
            name._.rule = "org_defined" if label == "ORG" else "policy_defined"
            added.append(name)
            spans = [s for s in spans if s not in covering]
        return filter_spans(spans + added) if added else spans

    def _without_back_references(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """`The Taskforce was established in 2015` after `the Social Cohesion and Community
        Resilience Taskforce (the Taskforce)`, `funded through the Institute` after `the Research
        Institute on Social Cohesion`, `Our Committee`: a bare type word written as a title after a
        determiner refers back to a body named before, and the guidelines count no back-reference
        (`the Department`, `This Unit`). Dropped when the model guessed it or a rule copied it, the
        word is a common noun (WordNet knows it, or it heads body names: `Taskforce`; not `the
        Garda`) and either the determiner is a demonstrative or
        possessive (`this`, `our`), or the word is a possessive itself (`the Commission’s
        recommendations`, `the Centre’s`), or a longer name with the word, or the word in lower
        case (`the committee` ... `the Committee`), came before it in the section.
        A word that names one body as a title (`the Government`) and a short name with no longer
        name before it (`The Council`, in an EU text) stay."""
        kept: list[Span] = []
        for span in spans:
            if (len(span) != 1 or span.label_ != "ORG" or span.start == 0
                    or not (_model_guess(span) or span._.rule in ("propagated_name", "org_short_name"))):
                kept.append(span)
                continue
            word, det = span[0], doc[span.start - 1]
            if (not word.is_alpha or not word.text[:1].isupper() or word.is_upper
                    or word.lower_ in self.title_case_org
                    or not (lookup(word.lemma_.lower() or word.lower_).classes or word.lower_ in self.org_heads)):
                kept.append(span)
                continue
            named_before = (any(t.lower_ == word.lower_ for s in spans if s.end <= span.start and len(s) > 1 for t in s)
                            or any(t.text == word.lower_ for t in doc[: span.start]))  # `the committee` ... `the Committee`
            if det.dep_ not in ("det", "poss") or det.head.i != word.i:
                kept.append(span)  # `pledged that Labor will`: no determiner of the word
                continue
            possessive = span.end < len(doc) and doc[span.end].lower_ in ("’s", "'s")  # `the Centre’s` (guidelines)
            if det.lower_ in BACK_REFERENCE_DETERMINERS or (det.lower_ == "the" and (named_before or possessive)):
                continue
            kept.append(span)
        return kept

    def _names_with_a_plural_possessive(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """`the National Conveners’ Association`, `the Chief Police Officers’ Council`: a plural
        possessive inside a title-case run whose last word is a body head is one ORG name (rule
        `org_plural_possessive`); the possessive does not end a name as `’s` does. The mentions inside
        it (the model's guesses, an ORG or ACTOR cut at the possessive) give way."""
        by_token = {i: s for s in spans for i in range(s.start, s.end)}
        added: list[Span] = []
        for mark in doc[1:-1]:
            before = doc[mark.i - 1]
            if mark.text not in ("’", "'") or not (before.text.istitle() and before.lower_.endswith("s")):
                continue
            if before.i in by_token and by_token[before.i].label_ == "PLACE" or before.text in self.subdivisions:
                continue  # `Wales’ Safer Communities Network`: a place's possessive before a name
            end = mark.i + 1
            while end < mark.sent.end and doc[end].is_alpha and doc[end].text.istitle():
                end += 1
            if end == mark.i + 1 or not (doc[end - 1].lower_ in self.org_heads or _is_body_name(doc[mark.i + 1 : end])):
                continue
            start = before.i
            while (start > mark.sent.start and doc[start - 1].is_alpha and doc[start - 1].text.istitle()
                   and doc[start - 1].lower_ not in self.leading):
                start -= 1
            covering = {id(by_token[i]): by_token[i] for i in range(start, end) if i in by_token}
            if any(not (_model_guess(s) or s.label_ in ("ORG", "ACTOR")) or s.start < start or s.end > end
                   for s in covering.values()):
                continue  # a place's possessive (`Wales’`) or a name reaching outside keeps its own reading
            name = Span(doc, start, end, label="ORG")
            name._.rule = "org_plural_possessive"
            added.append(name)
            spans = [s for s in spans if id(s) not in covering]
        return filter_spans(spans + added) if added else spans

    def _roles_named_as_titles(self, spans: list[Span]) -> list[Span]:
        """`The Coordinator shall prepare ...`, `The Local Disaster Coordinator (LDC) must be an officer`:
        a name whose head is a person noun (WordNet's first sense a person) names an office or a role,
        not a body. The guidelines make a unique public office ORG and a role with many holders ACTOR;
        the title says which: a local-level word first (`Local`, `District`: one holder per area), or
        one bare word whose noun heads no body (no `leader` sense first: coordinator, officer, adviser,
        unlike president, minister, director) → ACTOR. A complement (`Coordinator for
        Counterterrorism`) or a national word (`National Coordinator`) keeps ORG."""
        out: list[Span] = []
        for span in spans:
            if span.label_ == "ORG" and _names_a_role(span, self.local_level):
                role = Span(span.doc, span.start, span.end, label="ACTOR")
                role._.rule = span._.rule
                span = role
            out.append(span)
        return out

    def _short_names_defined_in_parentheses(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """`the Expert Panel on Terrorism and ... Powers (the Expert Panel)` ... `appointed an Expert
        Panel`: a short name the text defines in parentheses after the full name (the ORG's first
        words) names that one body wherever it stands, so the indefinite article does not make it a
        kind of body (`_hold`): ORG again."""
        by_end = {s.end: s for s in spans if s.label_ == "ORG"}
        defined: set[str] = set()
        for span in spans:
            i = span.start
            if (span.label_ == "ORG" and i >= 3 and doc[i - 1].lower_ == "the" and doc[i - 2].text == "("
                    and span.end < len(doc) and doc[span.end].text == ")" and i - 2 in by_end
                    and by_end[i - 2].text.startswith(span.text) and len(by_end[i - 2]) > len(span)):
                defined.add(span.text)
        if not defined:
            return spans
        out: list[Span] = []
        for span in spans:
            if (span.label_ == "ACTOR" and span.text in defined and span.start > 0
                    and doc[span.start - 1].lower_ in self.indefinite):
                named = Span(doc, span.start, span.end, label="ORG")
                named._.rule = span._.rule
                span = named
            out.append(span)
        return out

    def _propagate(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """Mark other occurrences of the section's ORG/POLICY names (and of their name part)."""
        names: dict[tuple[str, ...], str] = {}
        ruled: set[tuple[str, ...]] = set()  # names a rule (not the model) decided
        for span in spans:
            if span.label_ not in ("ORG", "POLICY"):
                continue
            if len(span.text) >= MIN_PROPAGATED_CHARS:
                names.setdefault(tuple(t.text for t in span), span.label_)
                if not _model_guess(span):
                    ruled.add(tuple(t.text for t in span))
            # `Prevent strategy`: the capitalised name before a lower-case type word
            if len(span) >= 2 and span[-1].is_lower and span[0].text[:1].isupper():
                head = tuple(t.text for t in span[:-1])
                if len(" ".join(head)) >= MIN_PROPAGATED_CHARS:
                    names.setdefault(head, span.label_)
        if not names:
            return spans
        # The model's one-word guess on a name a rule decided gives way (`Participation in Channel`:
        # not the model's GPE once `Channel is part of the ... strategy` defined it).
        overridden = [s for s in spans if _model_guess(s) and tuple(t.text for t in s) in ruled
                      and s.label_ != names[tuple(t.text for t in s)]]
        spans = [s for s in spans if s not in overridden]
        taken = {i for s in spans for i in range(s.start, s.end)}
        actor_at = {s.start: s for s in spans if s.label_ == "ACTOR"}
        added: list[Span] = []
        widened: dict[int, Span] = {}  # start of an ACTOR span -> the span with the name before it
        for name, label in sorted(names.items(), key=lambda kv: -len(kv[0])):
            n = len(name)
            for i in range(len(doc) - n + 1):
                if doc[i].text != name[0] or any(j in taken for j in range(i, i + n)):
                    continue
                if tuple(t.text for t in doc[i : i + n]) != name:
                    continue
                if i + n in actor_at:
                    # `Channel panel members`: the scheme's name says which actor: one ACTOR
                    actor = actor_at[i + n]
                    span = Span(doc, i, actor.end, label="ACTOR")
                    span._.rule = "named_actor"
                    widened[actor.start] = span
                    taken.update(range(i, i + n))
                    continue
                after = doc[i + n] if i + n < len(doc) else None
                if after is not None and after.is_lower and after.pos_ == "NOUN" and doc[i + n - 1].dep_ in ("compound", "amod"):
                    continue  # `Anchor team`: the name only modifies a noun here
                span = Span(doc, i, i + n, label=label)
                span._.rule = "propagated_name"
                added.append(span)
                taken.update(range(i, i + n))
        kept = [widened.get(s.start, s) if s.label_ == "ACTOR" else s for s in spans]
        return kept + added


# A lower-case word of this length or less between two words of a foreign name is part of it
# (`Comitato di Analisi`, `Sistemul Național de Prevenire și Combatere a Terorismului`).
MAX_NAME_CONNECTOR_CHARS = 4


# A lead-in that names the kind of its list items (`Programs include:`) has at most this many tokens,
# and each item (`Network for Intervention and Tailored Engagement (NITE)`) at most this many.
MAX_LEAD_IN_TOKENS = 6
MAX_LEAD_IN_ITEM_TOKENS = 16
ITEM_MARKS = ("-", "–", "•", "*", "·")
# A lower-case word of a title written in title case is a function word of at most this many letters
# (`for`, `to`, `in`, `the`, `with`).
MAX_TITLE_FUNCTION_WORD_CHARS = 4
# A territory in parentheses inside a law's short title has at most this many words (`(Northern Ireland)`).
MAX_BRACKETED_PLACE_WORDS = 3
# A quoted title after a kind of instrument is at most this many tokens.
MAX_QUOTED_NAME_TOKENS = 12


def _name_before_acronym(doc: Doc, kind: Token) -> tuple[int, int] | None:
    """(start, end) of the capitalised words before `(ACRONYM) <kind>`: `Countering Violent
    Extremism (CVE) program` names the programme (the acronym is read by the abbreviation rule)."""
    i = kind.i
    if i < 5 or doc[i - 1].text != ")" or doc[i - 3].text != "(" or not doc[i - 2].text.isupper():
        return None
    end = i - 3
    start = end
    while start > kind.sent.start and doc[start - 1].is_alpha and doc[start - 1].text[:1].isupper():
        start -= 1
    if end - start < 2 or doc[start].is_sent_start:
        return None
    return start, end


def _title_cased(span: Span) -> bool:
    """`“Strategic Implementation Plan for Empowering Local Partners to Prevent Violent Extremism in
    the United States”`: every word capitalised but short function words, no punctuation inside the
    quotes: one title, however long, not two quotations read as one."""
    inner = [t for t in span if t.text not in QUOTES]
    return bool(inner) and inner[0].text[:1].isupper() and all(
        t.text[:1].isupper() or (t.is_lower and t.is_alpha and len(t) <= MAX_TITLE_FUNCTION_WORD_CHARS) for t in inner)


def _looks_like_acronym(text: str) -> bool:
    """`CVE`, `DJCS`, `P/CVE`: two capitals or more and no more lower-case letters than capitals."""
    capitals = sum(c.isupper() for c in text)
    return capitals >= 2 and capitals >= sum(c.islower() for c in text) and text[:1].isupper()


def _quoted_title(doc: Doc, start: int, sent_end: int) -> tuple[int, int] | None:
    """(start, end) of the words inside quotes opening at `start` (`‘Emergency preparedness’`), the
    first word capitalised, the quote closed within the sentence and MAX_QUOTED_NAME_TOKENS."""
    if start >= sent_end or doc[start].text not in QUOTES:
        return None
    end = start + 1
    while end < sent_end and end - start <= MAX_QUOTED_NAME_TOKENS and doc[end].text not in QUOTES:
        end += 1
    if end >= sent_end or doc[end].text not in QUOTES or end == start + 1 or not doc[start + 1].text[:1].isupper():
        return None
    return start + 1, end


def _short_body_names(doc: Doc, spans: list[Span]) -> list[Span]:
    """`The Council today adopted conclusions`, `THE COUNCIL, BEARING IN MIND`: a body noun written
    as a title after `the`, alone (no capitalised word or `of` + name after it), is the short
    name of one body: ORG (rule `org_short_name`), the way EU texts name `the Council` and `the
    Commission`. Where a longer name with the same word came before it in the section (`the
    Department of Homeland Security` ... `the Department`; `the Safer West Sussex Partnership` ...
    `The Partnership`) it refers back, and the guidelines count no back-reference. The noun must
    be a body in its first WordNet sense (council, commission, committee, board, agency), so a
    state or a union of states (`the Confederation`) is left to the other rules."""
    by_token = {i: s for s in spans for i in range(s.start, s.end)}
    added: list[Span] = []
    for tok in doc[1:]:
        if (tok.i in by_token and not _model_guess(by_token[tok.i])) or not tok.is_alpha or not tok.text[:1].isupper():
            continue
        if tok.is_sent_start or tok.tag_ not in ("NNP", "NN") or doc[tok.i - 1].lower_ != "the":
            continue
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if nxt is not None and (nxt.text[:1].isupper() and nxt.is_alpha or nxt.lower_ in ("of", "for", "on")):
            continue  # `the Council of Europe`: a longer name, read by the name rules
        if lookup(tok.lemma_.lower() if tok.lemma_ else tok.lower_).anchor_rank(BODY_ANCHORS) != 0:
            continue
        if tok.i in by_token and len(by_token[tok.i]) > 1:
            continue
        if any(t.lower_ == tok.lower_ for s in spans if s.end <= tok.i and len(s) > 1 for t in s):
            continue  # a back-reference to a name given before
        span = Span(doc, tok.i, tok.i + 1, label="ORG")
        span._.rule = "org_short_name"
        added.append(span)
    if not added:
        return spans
    replaced = {id(by_token[s.start]) for s in added if s.start in by_token}
    return filter_spans([s for s in spans if id(s) not in replaced] + added)


def _kinds_named_in_the_plural(doc: Doc, spans: list[Span]) -> list[Span]:
    """`the APC must allow ...` where the section also writes `Very few APCs`, `the CDEM Group`
    beside `CDEM Groups must plan`: a name the text puts in the plural has many instances, a kind
    of body (the guidelines' ORG/ACTOR rule), so its ORG mentions are ACTOR. Only acronyms and
    names of two words or more (`the Council` beside `Councils` is left to the other rules)."""
    words = [t.text for t in doc]
    plural_at: dict[str, list[int]] = {}  # a word ending in `s` -> where it stands
    for i, word in enumerate(words):
        if word.endswith("s"):
            plural_at.setdefault(word, []).append(i)
    out: list[Span] = []
    for span in spans:
        if span.label_ == "ORG" and (len(span) > 1 or span[0].is_upper) and span[-1].is_alpha:
            n = len(span)
            before = [t.text for t in span[:-1]]
            if any(i >= n - 1 and words[i - n + 1 : i] == before for i in plural_at.get(span[-1].text + "s", ())):
                kind = Span(doc, span.start, span.end, label="ACTOR")
                kind._.rule = span._.rule
                span = kind
        out.append(span)
    return out


def _modifies_next_noun(span: Span) -> bool:
    """`the U.S. government`, `our United States Attorneys`: a determiner before the place and
    the noun after it make one phrase (the determiner cannot belong to a bare country name);
    without the determiner the parse alone is not trusted (`Norway bases its policies`)."""
    doc = span.doc
    last, nxt = span[-1], span.end
    if span.start == 0 or nxt >= len(doc) or doc[nxt].pos_ not in ("NOUN", "PROPN"):
        return False
    before = doc[span.start - 1]
    return (last.dep_ in ("compound", "nmod") and last.head.i == nxt and before.dep_ in ("det", "poss")
            and before.head.i >= nxt)


def _forms(token: Token) -> tuple[str, str, str]:
    """The forms to look a word up by: its lemma, the word, the word without a plural `s`."""
    lower = token.lower_
    return token.lemma_.lower(), lower, lower[:-1] if lower.endswith("s") else ""


def _names_no_body(token: Token) -> bool:
    """A capitalised word (no acronym) whose noun is no body, place or person (lexicon.names_no_body)."""
    return token.is_alpha and not token.is_upper and token.text[:1].isupper() and names_no_body(*_forms(token))


def _person_noun(token: Token) -> NounClass | None:
    return person_noun(token.lemma_.lower(), token.lower_)


def _names_a_role(span: Span, local_level: set[str]) -> bool:
    """See EntityLabels._roles_named_as_titles."""
    words = [t for t in span if t.is_alpha]
    if not words or any(t.is_upper for t in words) or not all(t.text[:1].isupper() for t in words):
        return False
    head = words[-1]
    classes = _person_noun(head)
    if classes is None or head.tag_ in ("NNS", "NNPS"):
        return False
    if words[0].lower_ in local_level and len(words) > 1:
        return True
    return len(words) == 1 and not heads_a_body(classes)


def _offices_before_names(doc: Doc, ents: list[Span]) -> list[Span]:
    """`President Joko Widodo issued ...`, `the call of President Kenyatta`, `Secretary Mayorkas`:
    a title-case noun right before a person's name (the model's PERSON) whose
    first sense leads a body names that person's office, and the guidelines annotate the office
    alone: ORG (rule `office_before_name`), with the title words before it (`Prime Minister`).
    The name itself is in no span, nor a role that leads no body (`Ambassador Kimani`)."""
    taken = {i for s in ents for i in range(s.start, s.end)}
    offices: list[Span] = []
    for person in doc.ents:
        if person.label_ != "PERSON":
            continue
        if person.start == 0:
            continue
        title = doc[person.start - 1]  # the model leaves a title out of the name; a first name it takes in
        if not (title.is_alpha and title.text.istitle() and title.i not in taken):
            continue
        classes = _person_noun(title)
        if classes is None or not heads_a_body(classes):
            continue
        start = title.i
        while (start > title.sent.start and doc[start - 1].is_alpha and doc[start - 1].text.istitle()
               and doc[start - 1].pos_ in ("ADJ", "PROPN") and start - 1 not in taken
               and not doc[start - 1].is_stop):
            start -= 1  # `Prime Minister`, `Vice President`
        office = Span(doc, start, title.i + 1, label="ORG")
        office._.rule = "office_before_name"
        offices.append(office)
    return offices


def _kind_with_a_remit(span: Span, kind_heads: set[str]) -> bool:
    """`Provincial Committee for Public Order and Security`: a body head after the local-level word and
    a remit after `for`/`of` in common English words (none a place: not `Regional Council of Tuscany`,
    which names one body)."""
    head = name_head(span)
    if head is None or head.lower_ not in kind_heads or head.i == span.end - 1:
        return False
    remit = [t for t in span[head.i - span.start + 1 :] if t.is_alpha and t.lower_ not in NAME_LINKS
             and t.lower_ not in ("and", "the")]
    return bool(remit) and all(lookup(t.lower_).classes and lookup(t.lower_).first_class != "location" for t in remit)


def _office_remits(doc: Doc, spans: list[Span]) -> list[Span]:
    """`the Minister for Police` + `and Emergency Services`, `the office of the Assistant Secretary` +
    `for Public Safety and Security`: an office's name (an ORG whose head is a person noun) goes on over
    its remit, `for`/`of` and title-case words joined by `and`, to the end of the capitalised run. The
    mentions inside the remit give way (a remit names no body of its own); rule kept."""
    by_token = {i: s for s in spans for i in range(s.start, s.end)}
    out = list(spans)
    for span in spans:
        head, last = name_head(span), span[-1]
        if span.label_ != "ORG" or head is None or not last.text[:1].isupper():
            continue
        last_is_office = _person_noun(last) is not None
        if not (last_is_office or _person_noun(head) is not None):
            continue
        sent_end = span.sent.end
        end = span.end
        linked = any(t.lower_ in ("for", "of") for t in span[head.i - span.start:])
        if end < sent_end and doc[end].lower_ in ("for", "of") and (last_is_office or linked):
            end += 1  # `the Assistant Secretary` + `for Public Safety and Security`
        elif linked and end < sent_end and doc[end].lower_ == "and":
            end += 1  # `Minister for Police` + `and Emergency Services`
        else:
            continue
        grown = end
        while grown < sent_end and (doc[grown].is_alpha and doc[grown].text.istitle() or (
                doc[grown].lower_ == "and" and grown + 1 < sent_end and doc[grown + 1].text.istitle())):
            grown += 1
        if grown == end or not doc[grown - 1].text.istitle() or _person_noun(doc[grown - 1]) is not None:
            continue  # not `Director of Public Prosecutions` + `and Police Commissioner`: a second office
        inside = {id(by_token[i]): by_token[i] for i in range(span.end, grown) if i in by_token}
        if any(s.start < span.end or s.end > grown or s.label_ in ("PLACE", "POLICY", "DATE") for s in inside.values()):
            continue
        office = Span(doc, span.start, grown, label="ORG")
        office._.rule = span._.rule
        out = [s for s in out if s is not span and id(s) not in inside] + [office]
    return filter_spans(out)


def _model_guess(span: Span) -> bool:
    return str(span._.rule).startswith("model_")


def _foreign_word(token: Token) -> bool:
    return is_foreign_word(token)


def _foreign_name_extended(span: Span) -> Span:
    """A name in another language that the model cut short, grown over its other words.

    Only a span with a word that is no English word (`dehyphenate.is_english`: WordNet lemmas
    and their plain inflections) is grown, so an English name never swallows the surname after
    it. It grows to the right over capitalised foreign words, and over a short lower-case
    connector followed by one (`Ministério da Administração` + `Interna`); to the left over
    foreign words (`bundesweites` + `Netzwerk Offene Jugendarbeit`) and over a capitalised
    article that cannot start an English phrase in mid-sentence (`An` + `Roinn Oideachais`).
    It never leaves the sentence nor takes punctuation."""
    doc, sent = span.doc, span.sent
    if not any(_foreign_word(t) and not t.is_upper for t in span) or any(t.is_punct and t.text in "()[]" for t in span):
        return span  # an acronym (`CVE Task Force`) is no word of another language: `interagency` stays out
    start, end = span.start, span.end
    while end < sent.end:
        tok = doc[end]
        if tok.text[:1].isupper() and _foreign_word(tok):
            end += 1
        elif (tok.is_lower and tok.is_alpha and len(tok) <= MAX_NAME_CONNECTOR_CHARS and end + 1 < sent.end
              and doc[end + 1].text[:1].isupper() and _foreign_word(doc[end + 1])):
            end += 2
        else:
            break
    while start > sent.start:
        tok = doc[start - 1]
        if tok.is_alpha and (_foreign_word(tok) or (tok.text[:1].isupper() and len(tok) <= 3 and tok.i > sent.start
                                                    and tok.lower_ not in ("the", "a"))):
            start -= 1
        else:
            break
    if (start, end) == (span.start, span.end):
        return span
    return Span(doc, start, end, label=span.label_)


def name_head(span: Span) -> Token | None:
    """The head word of a capitalised name: its last word before a link word (`Ministry of
    Justice` → Ministry), a year or code at its end skipped (`Security Act 2015` → Act)."""
    words = list(span)
    for i, token in enumerate(words):
        if i and token.lower_ in NAME_LINKS:
            words = words[:i]
            break
    while words and (words[-1].like_num or not words[-1].is_alpha):
        words.pop()
    return words[-1] if words else None


def _joined_names(doc: Doc, spans: list[Span]) -> list[Span]:
    """Names a mention rule cut in two: an act and its year after a comma (`Child Care Act,
    1991`), a body and the country word that ends its name (`Public Safety Canada`), a body and a
    capitalised singular word for a body or a place that is no person (`Paris Police Prefecture`); a
    body name and a title-case kind of body right after it (`Policing and Community` + `Safety
    Partnerships`): one ACTOR."""
    by_start = {s.start: s for s in spans}
    out: list[Span] = []
    skip: set[int] = set()
    for span in spans:
        if span.start in skip:
            continue
        nxt = span.end
        joined = None
        if (span.label_ == "POLICY" and nxt + 1 < len(doc) and doc[nxt].text == ","
                and nxt + 1 in by_start and by_start[nxt + 1].label_ == "DATE" and len(by_start[nxt + 1]) == 1):
            joined = by_start[nxt + 1]
        elif (span.label_ == "ORG" and nxt in by_start and by_start[nxt].label_ == "PLACE" and len(by_start[nxt]) == 1
              and by_start[nxt]._.rule == "place_country" and span[-1].text[:1].isupper() and not span[-1].is_upper):
            joined = by_start[nxt]
        elif (span.label_ == "ORG" and nxt in by_start and by_start[nxt].label_ == "ACTOR" and len(by_start[nxt]) == 1
              and doc[nxt].text[:1].isupper() and doc[nxt].tag_ in ("NN", "NNP") and doc[nxt].i != doc[nxt].sent.start
              and lookup(doc[nxt].lower_).first_class not in ("person", "")):
            joined = by_start[nxt]  # `Paris Police` + `Prefecture`: a capitalised body word ends the name
        label = span.label_
        if (joined is None and span.label_ == "ORG" and nxt in by_start and by_start[nxt].label_ == "ACTOR"
              and len(by_start[nxt]) > 1 and all(t.text[:1].isupper() for t in by_start[nxt] if t.is_alpha)
              and span[-1].text[:1].isupper() and not span[-1].is_upper and doc[nxt].i != doc[nxt].sent.start):
            # `Policing and Community` + `Safety Partnerships`: one title-case name, whose last word is its
            # head; a plural head names a kind of body (the guidelines' ORG/ACTOR rule), so the name is ACTOR
            joined, label = by_start[nxt], "ACTOR"
        if joined is None:
            out.append(span)
            continue
        merged = Span(doc, span.start, joined.end, label=label)
        merged._.rule = span._.rule
        out.append(merged)
        skip.add(joined.start)
    return out


def _is_body_name(span: Span) -> bool:
    head = name_head(span)
    if head is None:
        return False
    classes = lookup(head.lemma_.lower() if head.lemma_ else head.lower_)
    rank = classes.anchor_rank(BODY_ANCHORS)
    return classes.first_class == "group" or (rank is not None and rank <= MAX_BODY_SENSE_RANK)


def _names_a_kind(span: Span) -> bool:
    """A capitalised name whose head is plural and whose words are all common English words
    (`Local Community Safety Partnerships`, `Centres of excellence`) names a kind of body with
    many instances, not one organisation: the guidelines' ORG/ACTOR rule."""
    head = name_head(span)
    if head is None or head.tag_ not in ("NNS", "NNPS") or not head.lower_.endswith("s"):
        return False
    if head.lower_ in ("ministries", "departments") and any(t.text[:1].isupper() for t in span[head.i - span.start + 1:]):
        return False  # `ministries of Justice and Education`: several named bodies, one ORG (DECISIONS.md)
    for token in span:
        if token.is_punct or token.lower_ in NAME_LINKS or token.lower_ in ("and", "the"):
            continue
        if token.is_upper or not token.is_alpha and "-" not in token.text:
            return False  # an acronym or a code belongs to one body's name
        word = token.lower_
        if not (lookup(word).classes or lookup(word[:-1]).classes or lookup(token.lemma_.lower()).classes):
            return False  # a word English does not know (a place, a foreign name) marks one body
    return True


def _names_an_activity(span: Span) -> bool:
    """`Community Policing`: a capitalised name whose last word, its head, is the -ing form of a verb
    (lexicon.is_gerund) with no sense of a group or a thing made (`Building`, `Housing` keep theirs)."""
    head = name_head(span)
    if head is None or head.i != span.end - 1 or not is_gerund(head.text):
        return False
    return not any(cls in ("group", "artifact") for cls, _ in lookup(head.lower_).classes)


def _no_word_of_a_place(span: Span) -> bool:
    """Every word of the span is English (a WordNet lemma or a stop word) and none has a sense of a
    place, a natural object or a group in WordNet (`Step Together`; `Cork`, `Europe`, `Islamic State`
    have one): the model's PLACE guess then rests on nothing the words say."""
    words = [t for t in span if t.is_alpha]
    return bool(words) and all(t.is_stop or is_english(t.lower_) for t in words) and not any(
        cls in ("location", "object", "group") for t in words for cls, _ in lookup(t.lower_).classes)


def _is_instrument_name(span: Span) -> bool:
    head = name_head(span)
    if head is None or not head.text[:1].isupper() or len(span) < 2 and not head.is_lower:
        return False
    classes = lookup(head.lemma_.lower() if head.lemma_ else head.lower_)
    for form in (head.lower_, head.lower_[:-1] if head.lower_.endswith("s") else ""):
        if not classes.classes and form:
            classes = lookup(form)  # a proper noun keeps its plural as its lemma (`Control Orders`)
    body_rank = classes.anchor_rank(BODY_ANCHORS)
    return classes.first_class in INSTRUMENT_CLASSES and (body_rank is None or body_rank > MAX_BODY_SENSE_RANK)


def _ent_end(doc: Doc, start: int) -> int:
    """The end of the entity that begins at token `start`."""
    end = start + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return end


def _opens_quote(span: Span) -> bool:
    return any(t.text in "“‘\"«„" for t in span)


@Language.factory(
    "pipeline_entity_labels",
    assigns=["doc.ents", "span._.rule"],
    requires=["doc.ents"],
    default_config={"rules_path": None},
)
def make_entity_labels(nlp: Language, name: str, rules_path: str | None) -> EntityLabels:
    return EntityLabels(nlp, name, rules_path)
