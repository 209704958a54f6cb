"""Extract stage: read entities and obligations off each section's Doc into plain records.

Every record carries its provenance: the section (country), the page, the
sentence, character offsets in the section text (or footnote text), and the
rule that produced it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import asdict, dataclass, fields
from typing import Any

from spacy.tokens import Doc, Span

from . import types as T
from .nlp.syntax import EntityIndex

BODY = "body"
FOOTNOTE = "footnote"


@dataclass(frozen=True)
class EntityRecord:
    country: str
    label: str
    text: str
    normalized: str
    actor_type: str
    level: str
    source: str
    page: int
    sentence: str
    start: int
    end: int
    rule: str
    footnote: str = ""  # the footnote's number for a footnote mention; blank for the body


@dataclass(frozen=True)
class ObligationRecord:
    country: str
    bearer: str
    bearer_text: str
    actor_type: str
    deontic: str
    trigger: str
    aim: str
    issuer: str
    source: str
    page: int
    sentence: str
    start: int
    end: int
    rule: str


def columns(record_type: type) -> list[str]:
    return [f.name for f in fields(record_type)]


def as_rows(records: list[Any]) -> list[dict[str, Any]]:
    return [asdict(r) for r in records]


def _ext(obj: Any, name: str, default: Any = "") -> Any:
    return getattr(obj._, name) if obj.has_extension(name) else default


def _sentence_text(span: Span) -> str:
    return " ".join(span.sent.text.split())


def page_lookup(section: T.Section) -> Callable[[int], int]:
    """`section.page_at`, with the page offsets listed once per section, not once per record
    (a section over thousands of pages made record building quadratic)."""
    page_map = section.page_map
    if not page_map:
        return section.page_at
    offsets = [o for o, _ in page_map]
    return lambda offset: page_map[max(bisect_right(offsets, offset) - 1, 0)][1]


def entity_records(
    section: T.Section, doc: Doc, *, source: str = BODY, page: int | None = None, footnote: str = ""
) -> list[EntityRecord]:
    """One record per entity mention of `doc` (a section's body, or one footnote with its `page`
    and `footnote` number)."""
    records = []
    page_at = page_lookup(section)
    for ent in doc.ents:
        records.append(
            EntityRecord(
                country=section.country,
                label=ent.label_,
                text=ent.text,
                normalized=_ext(ent, "normalized") or "",
                actor_type=_ext(ent, "actor_type") or "",
                level=_ext(ent, "actor_level") or "",
                source=source,
                page=page if page is not None else page_at(ent.start_char),
                sentence=_sentence_text(ent),
                start=ent.start_char,
                end=ent.end_char,
                rule=_ext(ent, "rule") or _ext(ent, "alias_rule") or ent.ent_id_ or "",
                footnote=footnote,
            )
        )
    return records


def _bearer_type(entities: EntityIndex, start: int, end: int, bearer: str) -> str:
    for ent in entities.overlapping_chars(start, end):
        if ent.label_ == "ACTOR":
            return str(_ext(ent, "actor_type") or "")
    try:
        from .nlp.actor_types import type_actor
    except ImportError:  # the actor typing component is optional
        return ""
    return type_actor(bearer)[0]


def obligation_records(section: T.Section, doc: Doc) -> list[ObligationRecord]:
    """One record per obligation the obligation component found in the section."""
    records: list[ObligationRecord] = []
    if not doc.has_extension("obligations"):
        return records
    text, entities, page_at = doc.text, EntityIndex(doc), page_lookup(section)  # each O(n): once per Doc
    for ob in doc._.obligations:
        sentence = text[ob.sent_start : ob.sent_end]
        records.append(
            ObligationRecord(
                country=section.country,
                bearer=ob.bearer,
                bearer_text=ob.bearer_text,
                actor_type=_bearer_type(entities, ob.bearer_start, ob.bearer_end, ob.bearer),
                deontic=ob.deontic,
                trigger=ob.trigger,
                aim=ob.aim,
                issuer=ob.issuer,
                source=BODY,
                page=page_at(ob.sent_start),
                sentence=" ".join(sentence.split()),
                start=ob.sent_start,
                end=ob.sent_end,
                rule=ob.rule,
            )
        )
    return records


def n_sentences(doc: Doc) -> int:
    return sum(1 for s in doc.sents if s.text.strip())
