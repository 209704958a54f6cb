"""People and offices (the guidelines' People rule): titles, remits and roles.

A title-case noun before the model's PERSON whose first WordNet sense leads a
body names that person's office (ORG); an office's name goes on over its remit
(`Minister for Police and Emergency Services`); a name with a person-noun head is
a role with many holders (ACTOR) where a local-level word opens it or it is one
word whose noun heads no body (lexicon.person_noun, heads_a_body).
"""

from __future__ import annotations

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .entity_heads import name_head, person_noun_of
from .entity_rules import EntityRules
from .lexicon import heads_a_body


def offices_before_names(doc: Doc, ents: list[Span]) -> list[Span]:
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
        classes = person_noun_of(title)
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


def office_remits(doc: Doc, spans: list[Span]) -> list[Span]:
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
        last_is_office = person_noun_of(last) is not None
        if not (last_is_office or person_noun_of(head) is not None):
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
        if grown == end or not doc[grown - 1].text.istitle() or person_noun_of(doc[grown - 1]) is not None:
            continue  # not `Director of Public Prosecutions` + `and Police Commissioner`: a second office
        inside = {id(by_token[i]): by_token[i] for i in range(span.end, grown) if i in by_token}
        if any(s.start < span.end or s.end > grown or s.label_ in ("PLACE", "POLICY", "DATE") for s in inside.values()):
            continue
        office = Span(doc, span.start, grown, label="ORG")
        office._.rule = span._.rule
        out = [s for s in out if s is not span and id(s) not in inside] + [office]
    return filter_spans(out)


def roles_named_as_titles(rules: EntityRules, spans: list[Span]) -> list[Span]:
    """`The Coordinator shall prepare ...`, `The Local Disaster Coordinator (LDC) must be an officer`:
    a name whose head is a person noun (WordNet's first sense a person) names an office or a role,
    not a body. The guidelines make a unique public office ORG and a role with many holders ACTOR;
    the title says which: a local-level word first (`Local`, `District`: one holder per area), or
    one bare word whose noun heads no body (no `leader` sense first: coordinator, officer, adviser,
    unlike president, minister, director) → ACTOR. A complement (`Coordinator for
    Counterterrorism`) or a national word (`National Coordinator`) keeps ORG."""
    out: list[Span] = []
    for span in spans:
        if span.label_ == "ORG" and _names_a_role(span, rules.local_level):
            role = Span(span.doc, span.start, span.end, label="ACTOR")
            role._.rule = span._.rule
            span = role
        out.append(span)
    return out


def _names_a_role(span: Span, local_level: set[str]) -> bool:
    """See roles_named_as_titles."""
    words = [t for t in span if t.is_alpha]
    if not words or any(t.is_upper for t in words) or not all(t.text[:1].isupper() for t in words):
        return False
    head = words[-1]
    classes = person_noun_of(head)
    if classes is None or head.tag_ in ("NNS", "NNPS"):
        return False
    if words[0].lower_ in local_level and len(words) > 1:
        return True
    return len(words) == 1 and not heads_a_body(classes)
