"""List lead-ins for the obligation component: 'Category 1 responders will be required to:' and the
list items after it.

A lead-in ends in a trigger and a colon (``must:``, ``is required to:``, ``are responsible
for:``), or, in statute text, in a modal, an aside and a dash (``shall, having regard to ...
—``); each list item that follows (a block opening with a lower-case word or a verb) continues
it, so each is an aim of the lead-in's bearer, and its own sentence (the guidelines keep bullets
as separate sentences; GUIDE 3.3.10). A lead-in ending in a modal passive (``the question must be
decided—``) takes its bearers from the items instead: each item naming an agent (``by the
chair``) is that agent's statement, with the light active aim (``decide the question``). `find_lead_ins` finds them (detection); `lead_in_records`
makes their records: an item that opens with a base-form verb is read like the verb phrase after
the trigger in one sentence would be (RecordBuilder.verb_phrase_aims: one aim per coordinated
verb, without purpose or aside), any other item is its own aim, as written, up to its purpose; an
item that names its only actors in brackets (``(local authorities only)``) binds those actors.
An item's enumerator (``(a)``, ``b)``, ``1.``, ``(ii)``), which the layout keeps, is no part of it,
also when the sentence splitter cut it off as a sentence of its own. A lead-in ending in an open
infinitive under a modal (``must assist X at its request to—``) takes the items that open with a verb
as the infinitive's completions: one aim each, the modal's verb phrase up to ``to`` plus the item.

Names without an underscore are the component's (obligations.py), not an API for the rest of the
pipeline.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ..layout import ENUMERATOR_RE
from .obligation_data import _Lexicon
from .obligation_records import Candidate, Obligation, RecordBuilder, RecordKey
from .references import Bearer, ReferenceResolver
from .syntax import OPENING_QUOTES, SUBJECT_DEPS, _lemma, _tokens_text, _trigger_text, _words_at


# What ends a lead-in: a colon, or the dash of statute text ('shall, having regard to ... —').
LEAD_IN_ENDS = (":", "—", "–")


@dataclass
class LeadIn:
    """A list lead-in ('each coordinator is required to:') and the list items after it."""

    sent: Span
    trigger: list[Token]  # the words that end the lead-in, before its colon
    deontic: str
    head: Token  # the bearer as written (of a passive lead-in: its passive subject)
    items: list[Span]  # the list items: one aim, and one sentence, each
    passive: Token | None = None  # 'the question must be decided—': the participle; items name agents
    infinitive: list[Token] | None = None  # 'must assist X at its request to—': the words each item completes


def find_lead_ins(doc: Doc, lex: _Lexicon) -> Iterator[LeadIn]:
    """'each coordinator is required to:' followed by list items.

    The lead-in ends in a trigger and a colon; each following list item (a block
    that starts with a lower-case word or a verb) is an aim, and its own sentence
    (the guidelines keep bullets as separate sentences)."""
    sents = list(doc.sents)
    for k, sent in enumerate(sents):
        tokens = [t for t in sent if not t.is_space]
        if len(tokens) < 3 or tokens[-1].text not in LEAD_IN_ENDS:
            continue
        trigger = _lead_in_trigger(tokens[:-1], lex) or _modal_before_aside(tokens[:-1], lex)
        passive = _modal_passive_end(tokens[:-1], lex) if trigger is None else None
        if passive is not None:
            trigger = [passive[0]], passive[1]
        infinitive = _open_infinitive(tokens[:-1], lex) if trigger is None else None
        if infinitive is not None:
            trigger = [infinitive[0]], infinitive[1]
        if trigger is None:
            continue
        trigger_tokens, deontic = trigger
        first = trigger_tokens[0]
        subjects = [t for t in sent if t.dep_ in SUBJECT_DEPS and t.i < first.i and t.pos_ in ("NOUN", "PROPN", "PRON")]
        head = subjects[-1] if subjects else next(
            (t for t in reversed(doc[sent.start : first.i]) if t.pos_ in ("NOUN", "PROPN")), None)
        if head is None or (passive is not None and head.dep_ != "nsubjpass"):
            continue
        items: list[Span] = []
        enumerator = ""  # an enumerator the sentence splitter cut off its item ("iv" | "." | "set up ...")
        for item in sents[k + 1 :]:
            written = "".join(t.text for t in item if not t.is_space)
            if len(enumerator + written) <= 6 and ENUMERATOR_PART_RE.match(enumerator + written) and (
                    enumerator or (item.start > 0 and "\n" in doc[item.start - 1].text)):
                enumerator += written
                continue
            opener = next(iter(item_words(item)), None)
            block_start = item.start > 0 and "\n" in doc[item.start - 1].text or bool(enumerator)
            if opener is None or not block_start or not (opener.is_lower or opener.tag_ in ("VB", "VBP")):
                break
            items.append(item)
            enumerator = ""
        if infinitive is not None:
            # only a verb phrase completes 'to—'; an item without one belongs to a nested list
            # ('develop guidelines for the—' + 'preparation and review of plans')
            items = [item for item in items if _opens_with_base_verb(item)]
        yield LeadIn(sent=sent, trigger=trigger_tokens, deontic=deontic, head=head, items=items,
                     passive=passive[2] if passive is not None else None,
                     infinitive=infinitive[2] if infinitive is not None else None)


def _lead_in_trigger(tokens: list[Token], lex: _Lexicon) -> tuple[list[Token], str] | None:
    """The trigger a lead-in ends with ('must', 'shall', 'is required to', 'is responsible for')."""
    last = tokens[-1]
    if last.tag_ == "MD" and lex.deontic("modals", last.lower_, False):
        return [last], str(lex.deontic("modals", last.lower_, False))
    if len(tokens) >= 2:
        word, complement = tokens[-2], last
        if word.pos_ in ("NOUN", "PROPN"):
            return None  # "at that centre's request to—": a noun is no trigger (the guidelines' rule on nouns)
        entry = lex.entry("passive_deontic", _lemma(word))
        if entry is not None and entry["complement"] == complement.lower_:
            return [*_auxiliaries_before(tokens[:-2]), word, complement], str(
                lex.deontic("passive_deontic", _lemma(word), False))
        entry = lex.entry("deontic_adjectives", word.lower_)
        if entry is not None and entry.get("complement", complement.lower_) == complement.lower_:
            return [*_auxiliaries_before(tokens[:-2]), word, complement], str(
                lex.deontic("deontic_adjectives", word.lower_, False))
    return None


def _modal_before_aside(tokens: list[Token], lex: _Lexicon) -> tuple[list[Token], str] | None:
    """'A public service body shall, having regard to the functions of the body —': the statute form
    of a lead-in, its modal followed by an aside that runs to the end (a participle or prepositional
    phrase set off by a comma: no subject, no modal of its own); the items continue the modal."""
    for k in range(len(tokens) - 3, 0, -1):
        modal = tokens[k]
        if modal.tag_ != "MD" or tokens[k + 1].text != ",":
            continue
        aside = tokens[k + 2 :]
        if any(t.dep_ in SUBJECT_DEPS or t.tag_ == "MD" for t in aside):
            return None  # a clause of its own after the comma: not an aside
        deontic = lex.deontic("modals", modal.lower_, False)
        return ([modal], deontic) if deontic else None
    return None


def _modal_passive_end(tokens: list[Token], lex: _Lexicon) -> tuple[Token, str, Token] | None:
    """'the question must be decided—' + items ('by the chair'): a lead-in ending in a modal passive,
    whose items name who acts (GUIDE 3.3.2: a modal passive with an agent is the agent's statement).
    The modal, its class and the participle."""
    if len(tokens) < 3:
        return None
    modal, be, participle = tokens[-3:]
    deontic = lex.deontic("modals", modal.lower_, False) if modal.tag_ == "MD" else None
    if deontic is None or be.lower_ != "be" or participle.tag_ != "VBN" or be.head != participle:
        return None
    return modal, deontic, participle


# An enumerator, whole or cut short: '(a)', 'a)', '1.', '(ii', 'iv' (ENUMERATOR_RE without its closing mark).
ENUMERATOR_PART_RE = re.compile(r"^\(?(?:[0-9]{1,2}|[a-zA-Z]|[ivx]{1,4})[.)]?$")


def item_words(item: Span) -> list[Token]:
    """A list item's words without the enumerator that opens it ('(a)', 'b)', '1.', '(ii)', 'iv.':
    the layout's enumerators, kept in the text of statute and report lists) or a leading punctuation
    mark, and without spaces."""
    words = [t for t in item if not t.is_space]
    for n in (3, 2, 1):
        if len(words) > n and ENUMERATOR_RE.match("".join(t.text for t in words[:n])):
            return words[n:]
    return words[1:] if words and words[0].is_punct and words[0].text not in OPENING_QUOTES else words


def _open_infinitive(tokens: list[Token], lex: _Lexicon) -> tuple[Token, str, list[Token]] | None:
    """'A municipal centre must assist the National Centre at that centre's request to—' + items
    ('identify and establish communication links ...'): a lead-in ending in the infinitive marker
    `to`, under a deontic modal; each item is the verb phrase the `to` opens, so each item is an aim
    of the modal's subject, its text the modal's verb phrase up to `to` and the item (statute
    drafting). The modal, its class and the words from the modal's verb to `to`."""
    to = tokens[-1]
    if to.lower_ != "to" or len(tokens) < 4:
        return None
    for k in range(len(tokens) - 2, -1, -1):
        modal = tokens[k]
        if modal.tag_ != "MD":
            continue
        verb = modal.head
        if not (modal.i < verb.i < to.i) or verb.pos_ not in ("VERB", "AUX") or _lemma(verb) == "be":
            return None  # a passive or a copula ('must be able to—') is read elsewhere, if at all
        deontic = lex.deontic("modals", modal.lower_, any(c.dep_ == "neg" for c in verb.children))
        if deontic is None or any(t.is_punct and t.text in ";:" for t in tokens[k:]):
            return None
        return modal, str(deontic), [t for t in tokens if verb.i <= t.i <= to.i]
    return None


def _opens_with_base_verb(item: Span) -> bool:
    words = item_words(item)
    return bool(words) and words[0].pos_ in ("VERB", "AUX") and (
        words[0].tag_ in ("VB", "VBP") or words[0].lower_ == words[0].lemma_.lower())


def _auxiliaries_before(tokens: list[Token]) -> list[Token]:
    """The auxiliaries and adverbs that end a run of tokens ('will be', 'are also'): part of the
    trigger as written ('They will be required to:')."""
    aux: list[Token] = []
    for tok in reversed(tokens[-4:]):
        if tok.dep_ == "neg" or not (tok.tag_ == "MD" or tok.lemma_ in ("be", "have") or tok.pos_ == "ADV"):
            break
        aux.insert(0, tok)
    return aux


# --------------------------------------------------------------------------- records


def lead_in_records(builder: RecordBuilder, lead_in: LeadIn,
                    refs: ReferenceResolver) -> Iterator[tuple[RecordKey, Obligation]]:
    """One record per list item's aim and bearer (see module docstring)."""
    first = lead_in.trigger[0]
    issuer = refs.context_issuer(first) or refs.previous_sentence_issuer(lead_in.sent)
    if lead_in.passive is not None:
        yield from _agent_item_records(builder, lead_in, refs, issuer)
        return
    bearers = [b for b in refs.resolve_bearer(lead_in.head, first.i) if b.actor is not False]
    for item in lead_in.items:
        words = item_words(item)
        if not words:
            continue
        aims = _item_aims(builder, item, lead_in) if lead_in.infinitive is None else None
        if aims is None:  # not parsed as a verb phrase: the item as written, without a purpose
            aims = [(words[0], _tokens_text(_before_purpose(words, builder.lex)))]
        aims = [(head, _without_item_end(aim)) for head, aim in aims]
        if lead_in.infinitive is not None:  # the item completes 'assist X to': one aim, its coordinated verbs kept
            aims = [(head, f"{_tokens_text(lead_in.infinitive)} {aim}") for head, aim in aims if aim]
        restricted = _item_restriction(item)  # "... (local authorities only)"
        item_bearers = bearers
        if restricted is not None:
            text, start, end = builder.span_of(restricted)
            item_bearers = [Bearer(text, text, start, end, True)]
        for bearer in item_bearers:
            for head, aim in aims:
                yield (item.start, bearer.start, head.i), Obligation(
                    bearer=bearer.text, bearer_text=bearer.written, bearer_start=bearer.start,
                    bearer_end=bearer.end, deontic=lead_in.deontic,
                    trigger=_trigger_text(lead_in.trigger), aim=aim, issuer=issuer,
                    sent_start=item.start_char, sent_end=item.end_char, rule="list_lead_in",
                )


def _agent_item_records(builder: RecordBuilder, lead_in: LeadIn, refs: ReferenceResolver,
                        issuer: str) -> Iterator[tuple[RecordKey, Obligation]]:
    """The items of a passive lead-in: an item naming an agent (`if there is no majority opinion, by the
    chair`) gives that agent a record with the light active aim (`decide the question`), as a modal
    passive with its agent in one sentence does; an item without one (`according to the opinion of
    the majority`) names no actor and gives none."""
    participle = lead_in.passive
    assert participle is not None
    subject = _tokens_text(builder.np_tokens(lead_in.head))
    subject = subject[:1].lower() + subject[1:] if lead_in.head.is_sent_start and not lead_in.head.ent_type_ else subject
    aim = f"{participle.lemma_} {subject}"
    for item in lead_in.items:
        agent = next((o for t in item if t.lower_ == "by" for o in t.children
                      if o.dep_ == "pobj" and o.pos_ in ("NOUN", "PROPN")), None)
        if agent is None:
            continue
        for bearer in refs.resolve_bearer(agent):
            if bearer.actor is False:
                continue
            yield (item.start, bearer.start, participle.i), Obligation(
                bearer=bearer.text, bearer_text=bearer.written, bearer_start=bearer.start,
                bearer_end=bearer.end, deontic=lead_in.deontic, trigger=_trigger_text(lead_in.trigger),
                aim=aim, issuer=issuer, sent_start=item.start_char, sent_end=item.end_char, rule="list_lead_in",
            )


def _without_item_end(aim: str) -> str:
    """An item's aim without the punctuation and coordinator that join it to the next item
    ('keep a register; and', '... to address those issues, and')."""
    aim = aim.rstrip(" ;,.")
    for suffix in (" and", " or"):
        aim = aim[: -len(suffix)] if aim.endswith(suffix) else aim
    aim = aim.rstrip(" ;,.")
    # "develop guidelines in terms of section 19 for the—": the words that open a nested list
    # belong to its items, not to this aim
    words = aim.split(" ")
    while len(words) > 1 and words[-1].lower() in DANGLING_WORDS:
        words.pop()
    return " ".join(words)


# Words that cannot end an aim: a determiner or preposition left open by a nested list's dash.
DANGLING_WORDS = frozenset({"the", "a", "an", "for", "of", "to", "with", "in", "on", "by", "from", "at"})


def _item_aims(builder: RecordBuilder, item: Span, lead_in: LeadIn) -> list[tuple[Token, str]] | None:
    """A list item that opens with a base-form verb ('assess the risk of emergencies occurring
    and use this to inform contingency planning') is read like the verb after the lead-in's
    trigger: one aim per coordinated verb, without purpose or aside (as in 'X is required to
    assess ... and use ...'). None when the item is not such a verb phrase."""
    words = item_words(item)
    if not words:
        return None
    verb = words[0]
    base_form = verb.tag_ in ("VB", "VBP") or verb.lower_ == verb.lemma_.lower()  # "put" tagged VBN
    if not base_form or verb.pos_ not in ("VERB", "AUX"):
        return None
    if any(c.dep_ in SUBJECT_DEPS for c in verb.children):
        return None  # "staff report concerns": a clause of its own, not an aim
    cand = Candidate(rule="list_lead_in", priority=0, deontic=lead_in.deontic, trigger=[], clause=verb,
                     bearers=[], aim=verb)
    return builder.verb_phrase_aims(verb, cand) or None


def _before_purpose(tokens: list[Token], lex: _Lexicon) -> list[Token]:
    """A list item's words up to its purpose: an infinitive right after a noun ('share information
    with other local responders to enhance co-ordination') or a purpose marker ('in order to')."""
    for k, tok in enumerate(tokens):
        if k < 2:
            continue
        after_noun = tok.lower_ == "to" and tokens[k - 1].pos_ in ("NOUN", "PROPN") and k + 1 < len(tokens) and (
            tokens[k + 1].tag_ in ("VB", "VBP") or tokens[k + 1].pos_ == "VERB")
        if after_noun or any(_words_at(tok.doc, tok.i, m) for m in lex.purpose_markers):
            return tokens[:k]
    return tokens


def _item_restriction(item: Span) -> Token | None:
    """'provide advice ... (local authorities only)': a list item that names, in brackets, the
    only actors it binds; the head noun of that phrase."""
    doc = item.doc
    for only in (t for t in item if t.lower_ == "only" and t.i + 1 < item.end and doc[t.i + 1].text == ")"):
        opening = next((t for t in reversed(doc[item.start : only.i]) if t.text in "()"), None)
        if opening is None or opening.text != "(":
            continue
        nouns = [t for t in doc[opening.i + 1 : only.i] if t.pos_ in ("NOUN", "PROPN")]
        if nouns:
            return nouns[-1]
    return None
