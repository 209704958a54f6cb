"""Names of instruments (POLICY): list items, names after a kind of instrument, law titles.

Rules on the sentence and token sequence, no search: the capitalised words
after a lower-case kind of instrument (`the exit programme Radinet`), a quoted
title after it, or the words before `(ACRONYM) <kind>`; a kind given an acronym
(`the person-centred approach (PGA)`); a law's short title with its territory in
parentheses (`Justice Act (Northern Ireland) 2011`); the names of a run of
`Name: ...` list items or of the items after a lead-in that names their kind
(`Programs include:`).
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from .entity_heads import looks_like_acronym
from .entity_rules import QUOTES, EntityRules, model_guess

# A run of at least this many "Name: ..." list items names the parts of a strategy.
MIN_NAMED_ITEMS = 3
# A list item's name is at most this many tokens (`Pursuing/Stopping`, `Early intervention`).
MAX_ITEM_NAME_TOKENS = 3
# A lead-in that names the kind of its list items (`Programs include:`) has at most this many tokens,
# and each item (`Network for Intervention and Tailored Engagement (NITE)`) at most this many.
MAX_LEAD_IN_TOKENS = 6
MAX_LEAD_IN_ITEM_TOKENS = 16
ITEM_MARKS = ("-", "–", "•", "*", "·")
# A territory in parentheses inside a law's short title has at most this many words (`(Northern Ireland)`).
MAX_BRACKETED_PLACE_WORDS = 3
# A quoted title after a kind of instrument is at most this many tokens.
MAX_QUOTED_NAME_TOKENS = 12


def list_item_names(rules: EntityRules, doc: Doc) -> list[Span]:
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
        announced = any(t.lower_ in rules.list_intro for t in sent)
    if announced and len(run) >= MIN_NAMED_ITEMS:
        names.extend(run)
    names.extend(inline_named_items(rules, doc))
    spans = []
    for item in names:
        span = Span(doc, item.start, item.end, label="POLICY")
        span._.rule = "list_item_name"
        spans.append(span)
    return spans


def inline_named_items(rules: EntityRules, doc: Doc) -> list[Span]:
    """`organised around five pillars: Detect, Prevent, Protect, Pursue and Respond.`"""
    items: list[Span] = []
    for sent in doc.sents:
        for colon in (t for t in sent if t.text == ":"):
            if not any(t.lower_ in rules.list_intro for t in doc[max(sent.start, colon.i - 3) : colon.i]):
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


def names_after_policy_nouns(rules: EntityRules, doc: Doc, spans: list[Span]) -> list[Span]:
    """`the exit programme Radinet`, `the counter-terrorism strategy, CONTEST, which ...`: the
    capitalised words right after a lower-case kind of instrument name it (POLICY). With a
    comma the name must be closed by punctuation (an apposition, not a new clause); without
    one the kind needs a determiner. The model's guesses on those words give way; an entity a
    pattern or rule made (a country, an office) does not."""
    by_token = {i: s for s in spans for i in range(s.start, s.end)}
    added: list[Span] = []
    for tok in doc:
        if (tok.pos_ != "NOUN" or not tok.is_lower or tok.lower_ not in rules.policy_type_nouns
                or tok.i in by_token):
            continue
        sent_end = tok.sent.end
        start = tok.i + 1
        before = _name_before_acronym(doc, tok)
        if before is not None and not any(i in by_token and not model_guess(by_token[i]) for i in range(*before)):
            covering = {by_token[i] for i in range(*before) if i in by_token}
            name = Span(doc, before[0], before[1], label="POLICY")
            name._.rule = "policy_named_before_kind"  # `its priority Countering Violent Extremism (CVE) program`
            added.append(name)
            spans = [s for s in spans if s not in covering]
            continue
        quoted = _quoted_title(doc, start, sent_end)
        if quoted is not None and not any(i in by_token and not model_guess(by_token[i]) for i in range(*quoted)):
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
        if any(s.start < start or s.end > end or not (model_guess(s) or (s.label_ == "ACTOR" and end - start > 1))
               for s in covering):
            continue  # an ACTOR word inside a longer name gives way too (`Safer Communities`)
        name = Span(doc, start, end, label="POLICY")
        name._.rule = "policy_named_after_kind"
        added.append(name)
        spans = [s for s in spans if s not in covering]
    return filter_spans(spans + added) if added else spans


def instruments_named_by_acronym(rules: EntityRules, doc: Doc, spans: list[Span]) -> list[Span]:
    """`include that person in the person-centred approach (PGA)`: a lower-case kind of
    instrument (policy_type_nouns) given an acronym in parentheses is one named instrument,
    POLICY with its modifiers (rule `policy_named_by_acronym`); the abbreviation component
    then gives the acronym and its mentions the label. The phrase needs a determiner (`the`,
    `its`) and must be unread, or read as an ACTOR or only guessed by the model."""
    by_token = {i: s for s in spans for i in range(s.start, s.end)}
    added: list[Span] = []
    for head in doc[1:-3]:
        if (not head.is_lower or head.pos_ != "NOUN" or head.lower_ not in rules.policy_type_nouns
                or doc[head.i + 1].text != "(" or doc[head.i + 3].text != ")"
                or not looks_like_acronym(doc[head.i + 2].text)):
            continue
        start = head.i
        while (start > head.sent.start and doc[start - 1].head.i == head.i and doc[start - 1].is_lower
               and doc[start - 1].dep_ in ("amod", "compound", "nmod") and doc[start - 1].lower_ not in rules.leading):
            start -= 1
        determiner = doc[start - 1] if start > head.sent.start else None
        if determiner is None or determiner.dep_ not in ("det", "poss") or determiner.head.i != head.i:
            continue
        covering = {id(by_token[i]): by_token[i] for i in range(start, head.i + 1) if i in by_token}
        if any(not (model_guess(s) or s.label_ == "ACTOR") or s.start < start or s.end > head.i + 1
               for s in covering.values()):
            continue
        name = Span(doc, start, head.i + 1, label="POLICY")
        name._.rule = "policy_named_by_acronym"
        added.append(name)
        spans = [s for s in spans if id(s) not in covering]
    return filter_spans(spans + added) if added else spans


def titles_with_a_bracketed_place(rules: EntityRules, doc: Doc, spans: list[Span]) -> list[Span]:
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
        if opening == i - 2 or doc[opening].text != "(" or policy[0].lower_ not in rules.policy_heads:
            continue  # `(Wales) Act`: a place's name before the head; not `(NCPS) Minimum program`
        start = opening
        while start > policy.sent.start and (
                doc[start - 1].text[:1].isupper() and not doc[start - 1].is_punct
                and doc[start - 1].lower_ not in rules.leading or doc[start - 1].lower_ in ("and", "of")):
            start -= 1
        while start < opening and not doc[start].text[:1].isupper():
            start += 1
        if start == opening or doc[start].lower_ in rules.provision_words:
            continue
        covering = {id(by_token[j]): by_token[j] for j in range(start, i) if j in by_token}
        if any(s.start < start for s in covering.values()):
            continue
        title = Span(doc, start, policy.end, label="POLICY")
        title._.rule = "policy_bracketed_title"
        added.append(title)
        spans = [s for s in spans if id(s) not in covering and s is not policy]
    return filter_spans(spans + added) if added else spans


def items_of_a_kind(rules: EntityRules, doc: Doc, spans: list[Span]) -> list[Span]:
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
                or not any(t.lemma_.lower() in rules.policy_type_nouns for t in words if t.pos_ in ("NOUN", "PROPN"))):
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
