"""One entity held to the annotation guidelines: its label and its boundaries.

`hold_entity` takes one span of `doc.ents` (a pattern's match or the model's
guess) and, by ordered rules on its tokens (no search), maps the model's label,
trims what the guidelines leave out (a leading determiner, quotes, a possessive,
final punctuation, a pattern's `__trimN` context, an acronym in parentheses at
the end), narrows a DATE to the expression that names a year, and decides ORG,
ACTOR, PLACE or POLICY from the words around and the name's head
(entity_heads.py), or drops the span (None).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from .entity_heads import (is_body_name, is_instrument_name, kind_with_a_remit, looks_like_acronym, names_a_kind,
                           names_an_activity, no_word_of_a_place, word_names_no_body)
from .entity_joins import foreign_name_extended
from .entity_rules import QUOTES, EntityRules

TRIM_RE = re.compile(r"__trim(\d+)$")
YEAR_RE = re.compile(r"^(?:1[89]|20)\d\d$")
# A quoted title longer than this is more likely two quotations read as one (straight quotes
# open and close alike) than a title.
MAX_QUOTED_TITLE_TOKENS = 16
# A lower-case word of a title written in title case is a function word of at most this many letters
# (`for`, `to`, `in`, `the`, `with`).
MAX_TITLE_FUNCTION_WORD_CHARS = 4


def hold_entity(rules: EntityRules, doc: Doc, ent: Span) -> Span | None:
    """One span of `doc.ents` held to the guidelines (see the module docstring): the span to keep,
    with its label, boundaries and `span._.rule`, or None."""
    if ent.start < ent.end - 1 and doc[ent.end - 1].sent.start != doc[ent.start].sent.start:
        return None  # no mention crosses a sentence (nor a heading run into the next line)
    if ent.ent_id_.startswith("policy_quoted") and len(ent) > MAX_QUOTED_TITLE_TOKENS and not _title_cased(ent):
        return None
    from_rule = ent.label_ in rules.project_labels and bool(ent.ent_id_)
    if from_rule:
        label, rule = ent.label_, ent.ent_id_
    elif ent.label_ in rules.label_map:
        label, rule = rules.label_map[ent.label_], f"model_{ent.label_}"
    else:
        return None
    if label == "POLICY" and one_per_area(rules, doc, ent):
        return None  # `a “local community safety plan”`, `a Local Economic and Community Plan`: a kind, no name
    start, end = ent.start, ent.end
    trim = TRIM_RE.search(rule)
    if trim:
        start += int(trim.group(1))
    if label == "DATE":
        return date_expression(rules, doc, start, end, rule)
    # A country's name from the table is whole (`New Zealand`); only `The Netherlands` drops its article.
    leading = {"the"} if rule == "place_country" else rules.leading
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
            and all(looks_like_acronym(t.text) for t in doc[opening + 1 : end])):
        end = opening  # `“National Action Plan on ... (NAP PCVE)”`: the acronym is a mention of its own
    while label == "ORG" and end - start > 3 and doc[end - 2].lower_ == "and" and doc[end - 1].pos_ == "ADJ":
        end -= 2  # `Ministry of Family and Youth and European` (+ `and national research funding`): no name ends so
    if start >= end:
        return None
    if label == "ORG" and doc[end - 1].lower_ in rules.place_name_heads and doc[end - 1].text[:1].isupper():
        label = "PLACE"  # `Wallonia-Brussels Federation`, `Brussels Region`: a name ending in a territory word
    if label in ("ORG", "PLACE") and doc[start].lower_.rstrip(".") in rules.honorifics:
        return None  # `Mr Smith`, `Dr Jones`: a person, and persons are in no span
    if label == "ORG" and not from_rule and doc[start:end].text in rules.subdivisions:
        label = "PLACE"  # the model's ORG on a state or province (`New South Wales`, `NSW`)
    if label == "PLACE" and doc[end - 1].lower_ in rules.municipal_heads:
        label = "ORG"  # `Aarhus Municipality`: a named municipal administration
    elif label == "PLACE" and end < len(doc) and doc[end].lower_ in rules.municipal_heads:
        end, label = end + 1, "ORG"  # `Aarhus municipality`: the place name and its administration
    if rule.startswith("policy_launched") and (is_body_name(doc[start:end]) or doc[end - 1].lower_ in rules.org_heads):
        label = "ORG"  # `launched the Extremism Information Centre`: a body was launched, not an instrument
    if label == "ORG" and is_instrument_name(doc[start:end]):
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
    if label == "ORG" and not from_rule and end - start == 1 and word_names_no_body(doc[start]):
        return None  # `the System`, `delivery Groups`, `“Mandate”`: a common noun that never names a body
    if (label in ("POLICY", "ORG") and not from_rule and end < len(doc) and doc[end].text == ":"
            and start == doc[start].sent.start):
        return None  # `Type of Organisation: NGO`: a field's label opening its line, not a name
    if label in ("POLICY", "ORG") and not from_rule and doc[start].lower_ in rules.provision_words:
        return None  # `Section 36`: a provision; the law it belongs to is the mention
    if (label == "POLICY" and end - start == 2 and doc[start + 1].like_num and end < len(doc)
            and doc[end].lower_ == "of"):
        return None  # `Regulation 8 of amended legislation`: a numbered provision of another instrument
    span = Span(doc, start, end, label=label)
    if label == "ORG" and start > 0 and doc[start - 1].lower_ in rules.indefinite and span[0].lower_ not in rules.unique_prefixes:
        span = Span(doc, start, end, label="ACTOR")
    elif label == "ORG" and span[0].lower_ in rules.local_level and span[-1].lower_ in rules.kind_heads:
        span = Span(doc, start, end, label="ACTOR")  # `Municipal Police`: one per municipality
    elif label == "ORG" and span[0].lower_ in rules.local_level and kind_with_a_remit(span, rules.kind_heads):
        span = Span(doc, start, end, label="ACTOR")  # `Municipal Council for Security`: one per municipality
    elif label == "ORG" and names_a_kind(span):
        span = Span(doc, start, end, label="ACTOR")  # `Centres of Excellence`: plural common words name a kind
    if span.label_ == "ACTOR" and not_an_actor(rules, doc, span):
        return None
    if span.label_ == "PLACE" and _modifies_next_noun(span) and doc[span.end].lower_ not in rules.territory_words \
            and doc[span.end].lower_ not in rules.place_heads:
        return None  # `the U.S. government`, `United States Attorneys`: the country says whose, it is no place mention
    if (span.label_ == "ACTOR" and len(span) == 1 and span[0].lower_ in rules.title_case_org
            and span[0].text[:1].isupper() and not span[0].is_sent_start):
        while (start > doc[start].sent.start and doc[start - 1].text[:1].isupper() and doc[start - 1].is_alpha
               and doc[start - 1].lower_ not in rules.leading and doc[start - 1].pos_ in ("ADJ", "PROPN")):
            start -= 1  # `the Victorian Government`, `NSW Government`: the title's own words (the guidelines' ORG)
        span = Span(doc, start, end, label="ORG")  # `the Government` written as a title
    if (label == "POLICY" and all(t.lower_ in rules.generic_policy or t.is_punct or t.like_num for t in span)
            and not any(YEAR_RE.match(t.text) for t in span)):
        return None  # `the Action Plan`; but `Local Government Act 2001`: an act and its year name one law
    if not from_rule and not model_name_ok(rules, span):
        return None
    if span.label_ == "ORG" and not from_rule and names_an_activity(span):
        return None  # `assigned to Community Policing in Cork`: a field of work, no body
    if span.label_ == "PLACE" and not from_rule and no_word_of_a_place(span):
        return None  # `reach out for support at Step Together`: English words none of which names a place
    if span.label_ in ("ORG", "POLICY"):
        span = foreign_name_extended(span)
    span._.rule = rule
    return span


def one_per_area(rules: EntityRules, doc: Doc, ent: Span) -> bool:
    """An instrument after an indefinite word whose name opens with a local-level word (`a
    Local Economic and Community Plan`, `a “local community safety plan”`) is a kind of plan
    each area has, as `a Monitoring Unit` is a kind of body: the guidelines name no kind."""
    words = [t for t in ent if t.text not in QUOTES]
    before = doc[ent.start - 1] if ent.start > 0 else None
    if words and words[0].lower_ in rules.indefinite:
        words, before = words[1:], words[0]
    return (before is not None and before.lower_ in rules.indefinite and bool(words)
            and words[0].lower_ in rules.local_level)


def model_name_ok(rules: EntityRules, span: Span) -> bool:
    """The model's ORG/PLACE/POLICY must look like a name: capitalised, no verb, not one generic word."""
    if not any(t.text[:1].isupper() for t in span):
        return False  # lower-case "organisations" are descriptions, not names
    if any(t.pos_ in ("VERB", "AUX") for t in span):
        return False  # `Prevent is Channel`: two names and a verb
    return not all(t.lower_ in rules.generic_names or t.is_punct for t in span)


def not_an_actor(rules: EntityRules, doc: Doc, span: Span) -> bool:
    last = span[-1]
    if len(span) == 1 and last.pos_ == "ADJ":
        return True  # `social and professional reintegration`: an adjective, not an actor
    if len(span) == 1 and last.dep_ in ("compound", "amod") and last.head.i >= span.end and last.head.pos_ in ("NOUN", "PROPN"):
        return True  # `government agreement`: the actor word only modifies another noun
    nxt = span.end
    if last.lower_ in rules.place_heads and nxt + 1 < len(doc) and doc[nxt].lower_ == "of" and doc[nxt + 1].text[:1].isupper():
        return True  # `city of Aarhus`: a place descriptor
    return False


def date_expression(rules: EntityRules, doc: Doc, start: int, end: int, rule: str) -> Span | None:
    text = doc[start:end].text
    match = rules.date_re.search(text)
    if not match:
        return None
    offset = doc[start].idx
    span = doc.char_span(offset + match.start(), offset + match.end(), label="DATE", alignment_mode="contract")
    if span is None or len(span) == 0:
        return None
    span._.rule = rule
    return span


def _title_cased(span: Span) -> bool:
    """`“Strategic Implementation Plan for Empowering Local Partners to Prevent Violent Extremism in
    the United States”`: every word capitalised but short function words, no punctuation inside the
    quotes: one title, however long, not two quotations read as one."""
    inner = [t for t in span if t.text not in QUOTES]
    return bool(inner) and inner[0].text[:1].isupper() and all(
        t.text[:1].isupper() or (t.is_lower and t.is_alpha and len(t) <= MAX_TITLE_FUNCTION_WORD_CHARS) for t in inner)


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


def _ent_end(doc: Doc, start: int) -> int:
    """The end of the entity that begins at token `start`."""
    end = start + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return end


def _opens_quote(span: Span) -> bool:
    return any(t.text in "“‘\"«„" for t in span)
