"""Names across a section: definitions, short names, back-references, propagation, plurals.

Rules that read the whole section's spans: a name a copula defines
(`bOJA is a non-profit organisation`); a body noun written as a title after
`the` as one body's short name; a bare type word that refers back to a name
given before (dropped: the guidelines count no back-reference); the section's
ORG/POLICY names copied to their other occurrences (exact token-sequence
matching, longest name first); a name also written in the plural is a kind of
body (ACTOR); a short name defined in parentheses stays ORG after `an`.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .entity_rules import EntityRules, model_guess
from .noun_classes import BODY_ANCHORS, lookup

# Determiners before a bare type word that make it refer back (`This Unit`, `Our Committee`).
BACK_REFERENCE_DETERMINERS = ("this", "these", "that", "those", "our", "its", "their", "such")
# A name must be at least this long to be propagated to its other mentions.
MIN_PROPAGATED_CHARS = 3


def defined_names(rules: EntityRules, doc: Doc, spans: list[Span]) -> list[Span]:
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
        if any(s.start < start or s.end > subject.i + 1 or not model_guess(s) for s in covering):
            continue
        label = None
        if attr.lemma_.lower() == "part" and any(
                c.lower_ == "of" and any(g.i in by_token and by_token[g.i].label_ == "POLICY" for g in c.children)
                for c in attr.children):
            label = "POLICY"
        elif attr.lower_ in rules.policy_type_nouns:
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


def short_body_names(doc: Doc, spans: list[Span]) -> list[Span]:
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
        if (tok.i in by_token and not model_guess(by_token[tok.i])) or not tok.is_alpha or not tok.text[:1].isupper():
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


def without_back_references(rules: EntityRules, doc: Doc, spans: list[Span]) -> list[Span]:
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
                or not (model_guess(span) or span._.rule in ("propagated_name", "org_short_name"))):
            kept.append(span)
            continue
        word, det = span[0], doc[span.start - 1]
        if (not word.is_alpha or not word.text[:1].isupper() or word.is_upper
                or word.lower_ in rules.title_case_org
                or not (lookup(word.lemma_.lower() or word.lower_).classes or word.lower_ in rules.org_heads)):
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


def propagated_names(rules: EntityRules, doc: Doc, spans: list[Span]) -> list[Span]:
    """Mark other occurrences of the section's ORG/POLICY names (and of their name part)."""
    names: dict[tuple[str, ...], str] = {}
    ruled: set[tuple[str, ...]] = set()  # names a rule (not the model) decided
    for span in spans:
        if span.label_ not in ("ORG", "POLICY"):
            continue
        if len(span.text) >= MIN_PROPAGATED_CHARS:
            names.setdefault(tuple(t.text for t in span), span.label_)
            if not model_guess(span):
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
    overridden = [s for s in spans if model_guess(s) and tuple(t.text for t in s) in ruled
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


def kinds_named_in_the_plural(doc: Doc, spans: list[Span]) -> list[Span]:
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


def short_names_defined_in_parentheses(rules: EntityRules, doc: Doc, spans: list[Span]) -> list[Span]:
    """`the Expert Panel on Terrorism and ... Powers (the Expert Panel)` ... `appointed an Expert
    Panel`: a short name the text defines in parentheses after the full name (the ORG's first
    words) names that one body wherever it stands, so the indefinite article does not make it a
    kind of body (`hold_entity`): ORG again."""
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
                and doc[span.start - 1].lower_ in rules.indefinite):
            named = Span(doc, span.start, span.end, label="ORG")
            named._.rule = span._.rule
            span = named
        out.append(span)
    return out
