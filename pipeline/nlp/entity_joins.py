"""Names a mention rule cut in two joined, and names run together split.

Each step is a left-to-right scan over the tokens and the spans found so far
(no search): a name's tail is cut at `and the` + a second name with a head of
its own; an act and its year after a comma, a body and its country word, and a
title-case kind of body after a name are joined; a plural possessive inside a
title-case run (`National Conveners’ Association`) and an acronym in
parentheses before a body or instrument head (`Countering Violent Extremism
(CVE) Unit`) stay inside one name; a name in another language grows over the
foreign words the model left out. The model's guesses inside give way; a rule's
entity keeps its words.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from .entity_heads import is_body_name, is_instrument_name, looks_like_acronym, name_head
from .entity_rules import EntityRules, model_guess
from .lexicon import is_foreign_word, is_office_noun
from .noun_classes import lookup

# Lower-case words that join the capitalised words of one name (`Preventing and Countering ...`).
NAME_CONNECTORS = ("and", "of", "for", "on", "against")
# A lower-case word of this length or less between two words of a foreign name is part of it
# (`Comitato di Analisi`, `Sistemul Național de Prevenire și Combatere a Terorismului`).
MAX_NAME_CONNECTOR_CHARS = 4


def split_at_and_the(rules: EntityRules, span: Span) -> list[Span]:
    """`Ministry of Integration and the Danish Intelligence and Security Service`: a name's
    tail does not run on through `and the` into a second name with a body or instrument head of
    its own (`Office for Human Rights and the Rights of National Minorities` stays one name)."""
    if span.label_ not in ("ORG", "POLICY"):
        return [span]
    doc = span.doc
    if (len(span) > 3 and span[1].lower_ == "and" and span[0].text.istitle()
            and is_office_noun(span[0].lemma_.lower(), span[0].lower_) and is_body_name(span[2:])):
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
            if head is None or not (head.lower_ in rules.org_heads or is_body_name(second)
                                    or is_instrument_name(second) or acronym):
                continue
            parts = []
            for start, end in ((span.start, span.start + i), (second.start, second.end)):
                piece = Span(doc, start, end, label=span.label_)
                piece._.rule = span._.rule
                parts.append(piece)
            return [parts[0], *split_at_and_the(rules, parts[1])]
    return [span]


def joined_names(doc: Doc, spans: list[Span]) -> list[Span]:
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


def names_with_a_plural_possessive(rules: EntityRules, doc: Doc, spans: list[Span]) -> list[Span]:
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
        if before.i in by_token and by_token[before.i].label_ == "PLACE" or before.text in rules.subdivisions:
            continue  # `Wales’ Safer Communities Network`: a place's possessive before a name
        end = mark.i + 1
        while end < mark.sent.end and doc[end].is_alpha and doc[end].text.istitle():
            end += 1
        if end == mark.i + 1 or not (doc[end - 1].lower_ in rules.org_heads or is_body_name(doc[mark.i + 1 : end])):
            continue
        start = before.i
        while (start > mark.sent.start and doc[start - 1].is_alpha and doc[start - 1].text.istitle()
               and doc[start - 1].lower_ not in rules.leading):
            start -= 1
        covering = {id(by_token[i]): by_token[i] for i in range(start, end) if i in by_token}
        if any(not (model_guess(s) or s.label_ in ("ORG", "ACTOR")) or s.start < start or s.end > end
               for s in covering.values()):
            continue  # a place's possessive (`Wales’`) or a name reaching outside keeps its own reading
        name = Span(doc, start, end, label="ORG")
        name._.rule = "org_plural_possessive"
        added.append(name)
        spans = [s for s in spans if id(s) not in covering]
    return filter_spans(spans + added) if added else spans


def names_around_acronyms(rules: EntityRules, doc: Doc, spans: list[Span]) -> list[Span]:
    """`The Countering Violent Extremism (CVE) Unit supports ...`: capitalised words, their
    acronym in parentheses, then a capitalised body head (`Unit`, `Taskforce`) make one name,
    ORG (rule `org_acronym_inside`); with an instrument head (`... Insurgency (PCVEI) Program`)
    one POLICY (rule `policy_acronym_inside`). The words may be joined by `and`, `of`, `for`.
    The words before the parentheses must be unread or only
    the model's guess, and so must the head and the acronym; a rule's entity keeps its words."""
    by_token = {i: s for s in spans for i in range(s.start, s.end)}
    added: list[Span] = []
    for head in doc[5:]:
        label = "ORG" if head.lower_ in rules.org_heads else "POLICY" if head.lower_ in rules.policy_heads else ""
        if not label or not head.text[:1].isupper() or doc[head.i - 1].text != ")":
            continue
        if doc[head.i - 3].text != "(" or not looks_like_acronym(doc[head.i - 2].text):
            continue
        end = head.i + 1
        start = head.i - 3
        while start > head.sent.start and (
                doc[start - 1].is_alpha and doc[start - 1].text[:1].isupper()
                and doc[start - 1].lower_ not in rules.leading
                or doc[start - 1].lower_ in NAME_CONNECTORS and start < head.i - 3 and start - 1 > head.sent.start
                and doc[start - 2].text[:1].isupper() and doc[start - 2].is_alpha):
            start -= 1  # `Preventing and Countering Violent Extremism and Insurgency (PCVEI) Program`
        if head.i - 3 - start < 2:
            continue
        covering = {id(by_token[i]): by_token[i] for i in range(start, end) if i in by_token}
        if any(not model_guess(s) or s.start < start or s.end > end for s in covering.values()):
            continue
        name = Span(doc, start, end, label=label)
        name._.rule = "org_acronym_inside" if label == "ORG" else "policy_acronym_inside"
        added.append(name)
        spans = [s for s in spans if id(s) not in covering]
    return filter_spans(spans + added) if added else spans


def _foreign_word(token: Token) -> bool:
    return is_foreign_word(token)


def foreign_name_extended(span: Span) -> Span:
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
