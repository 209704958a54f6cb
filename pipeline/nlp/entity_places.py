"""Place mentions (PLACE) the model does not give: coordinated, compass parts, subdivisions.

Proper nouns coordinated with a PLACE (the parse's conjuncts, syntax.py); compass
points coordinated before a territory noun; a first-level subdivision's name
written alone (pycountry's names, matched word by word from a first-word
index); a municipal head after an unknown capitalised word (ORG) and a body's
name before a territory word (PLACE).
"""

from __future__ import annotations

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .entity_rules import EntityRules, model_guess
from .lexicon import is_foreign_word
from .noun_classes import lookup
from .syntax import conjuncts_within

# The points of the compass, which name parts of a place when coordinated before a territory noun.
COMPASS_POINTS = frozenset({"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central"})
# The noun phrase after the points is at most this many words (`area commands`).
MAX_COMPASS_NOUNS = 3


def coordinated_places(rules: EntityRules, doc: Doc, spans: list[Span]) -> list[Span]:
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


def compass_parts(rules: EntityRules, doc: Doc, spans: list[Span]) -> list[Span]:
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
        territory = rules.territory_words | rules.place_heads
        if points < 2 or nouns == end or not any(doc[j].lower_ in territory for j in range(end, nouns)):
            i = max(end, i + 1)
            continue
        covering = {id(by_token[j]): by_token[j] for j in range(i, nouns) if j in by_token}
        if any(not (model_guess(s) or s.label_ in ("PLACE", "ACTOR")) or s.start < i or s.end > nouns
               for s in covering.values()):
            i = nouns
            continue
        place = Span(doc, i, nouns, label="PLACE")
        place._.rule = "place_compass_parts"
        added.append(place)
        spans = [s for s in spans if id(s) not in covering]
        i = nouns
    return filter_spans(spans + added) if added else spans


def subdivision_places(rules: EntityRules, doc: Doc, spans: list[Span]) -> list[Span]:
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
        for words in rules.subdivisions_in_text.get(tok.text, ()):
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
            if any(not model_guess(s) or s.start < tok.i or s.end > end for s in covering.values()):
                continue
            place = Span(doc, tok.i, end, label="PLACE")
            place._.rule = "place_subdivision"
            added.append(place)
            replaced.update(covering)
            break
    if not added:
        return spans
    return filter_spans([s for s in spans if id(s) not in replaced] + added)


def named_administrations(rules: EntityRules, doc: Doc, spans: list[Span]) -> list[Span]:
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
        if tok.lower_ in rules.municipal_heads and prev.i not in by_token and prev.text[:1].isupper() \
                and prev.is_alpha and (is_foreign_word(prev) or lookup(prev.lower_).first_class == "location"):
            span = Span(doc, prev.i, tok.i + 1, label="ORG")
            span._.rule = "org_named_municipality"
            out = [s for s in out if s is not bare] + [span]
        elif bare is not None:
            continue
        elif tok.lower_ in rules.territory_words and prev.i in by_token:
            body = by_token[prev.i]
            if body.label_ == "ORG" and body.end == tok.i and body[-1].text[:1].isupper():
                span = Span(doc, body.start, tok.i + 1, label="PLACE")
                span._.rule = "place_named_district"
                out = [s for s in out if s is not body] + [span]
    return filter_spans(out)
