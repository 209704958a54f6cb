"""Acronyms and aliases defined in parentheses, and the normalisation of their mentions.

Algorithm: Schwartz & Hearst (2003), "A simple algorithm for identifying
abbreviation definitions in biomedical text", Pacific Symposium on
Biocomputing 8:451-462. For each parenthetical in a sentence:

- ``long form (SF)``: the short-form candidate is the text in the parentheses;
- ``SF (long form)``: when the parentheses hold more than two words, they hold
  the long form and the short form is the word before them;
- candidates are filtered as in the paper: the short form has 2-10
  characters, at least one letter and an alphanumeric first character; the
  long form has at most ``min(|SF| + 5, 2 * |SF|)`` words;
- the letters of the short form are matched right to left against the long
  form, the first letter at the start of a word (the paper's
  ``findBestLongForm``).

This is a fresh port of the published algorithm, with scispacy's
``AbbreviationDetector`` (allenai/scispacy, Apache-2.0) as the model for
turning it into a spaCy component; no code is copied from either.

Deviations from the paper, each needed by policy reports:

- a short form must contain a capital letter, and in the ``SF (long form)``
  order it must look like an acronym (two capitals or more): the word before
  a long parenthetical is usually the last word of an English name followed
  by its translation (``Coordination Unit (Unité de coordination ...)``
  would otherwise pair ``Unit`` with ``Unité ...``);
- every comma- or semicolon-separated part of the parentheses is tried, not
  only the first (``(Plan Estratégico ..., PEN-LCRV)``);
- only innermost, balanced parentheses within one sentence are read.

Three extensions of the algorithm (they need entities, so they run only where
the text before ``(`` is an entity labelled ORG, POLICY or ACTOR, or, in the
``SF (...)`` order, an acronym):

- ``parenthetical_alias``: the parentheses begin with a capitalised
  multi-word name, which is then another name of the entity, typically its
  name in the country's language: ``Monitoring Unit (Cellule de Suivi)``;
- ``foreign_acronym``: the parentheses hold an acronym whose letters fail the
  match, because it abbreviates the name in another language:
  ``National Coordinator for Security and Counterterrorism (NCTV according to
  the Dutch acronym)``, ``Federal Agency for Civic Education (BpB)``; and in
  the other order, an acronym followed by names in parentheses
  (``STL (Samordning ..., Coordination of local crime prevention measures)``);
- ``foreign_gloss``: the parentheses hold the term in another language, one
  word or several, capitalised or not, one per alternative: ``juvenile police
  officers (noorsoopolitseinikud)``, ``the head of the municipality (wójt,
  burmistrz or prezydent miasta)``. "Another language" is a word that is
  neither an English stop word nor a WordNet lemma (``lexicon.py``), of four
  letters or more (``(Cth)`` abbreviates); the whole parenthetical must hold
  at least as many such words as English content words.

A parenthetical with a part that is a number or a date, or that overlaps a
PLACE or DATE entity, is a qualifier or a citation (``(2014)``, ``(French
speaking part of Belgium)``) and gives no alias by the extensions.

Results:

- ``doc._.abbreviations``: ``Abbreviation(short, long, rule)`` tuples in
  document order; ``short`` is the acronym or alias, ``long`` the span it
  stands for (the entity before the parentheses when there is one);
- every mention of a short form or alias in the Doc that is an entity gets
  ``span._.normalized`` (the long form's text, without a leading determiner)
  and ``span._.alias_rule``; each mention follows the nearest definition
  before it (the first definition for mentions before any);
- a mention that no entity covers, and the alias inside the parentheses,
  become entities with the label of the long form (or of the short form in
  the ``SF (long form)`` order), never overlapping an existing entity.
  Existing entities are never relabelled or resized, and long forms outside
  the parentheses are never made entities (their boundaries are the
  EntityRuler's and the model's business).

The component has no state beyond its config, so it needs no
``to_disk``/``from_disk``. The pairs are stored on the Doc as token offsets
(``doc._.abbreviation_offsets``) and ``doc._.abbreviations`` is a getter over
them, so a Doc still serialises (``Doc.to_bytes``, ``DocBin``, ``nlp.pipe``
with several processes), which Span objects in ``user_data`` would break.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .lexicon import is_foreign_word, is_gerund

# --- Schwartz & Hearst (2003) thresholds -----------------------------------
# A short form has 2 to 10 characters (the paper's bounds: one character is
# too ambiguous, and longer strings in parentheses are rarely abbreviations).
MIN_SHORT_FORM_CHARS = 2
MAX_SHORT_FORM_CHARS = 10
# More than two words in the parentheses: they hold the long form, and the
# short form is the word before them (the paper's second pattern).
MAX_SHORT_FORM_WORDS = 2
# The long form has at most min(|SF| + 5, |SF| * 2) words, |SF| counted in
# alphanumeric characters of the short form (the paper's window, after Park
# & Byrd 2001): room for function words (of, for, the) and skipped words.
LONG_FORM_EXTRA_WORDS = 5
LONG_FORM_WORD_FACTOR = 2

# --- Extensions ------------------------------------------------------------
# An acronym (foreign or not) is one word of 2-10 characters: letters (any
# script) and digits, in pieces joined by - / or &, starting with a capital,
# with at least two capitals and no more lowercase than capital letters:
# NCTV, VNG, PEN-LCRV, BpB, SÄPO, KS; not "Mayor", not "McDonald".
ACRONYM_MIN_CAPITALS = 2
ACRONYM_JOINERS_RE = re.compile(r"[-/&]")
# An alias name has two words or more: a single capitalised word in
# parentheses is as often a gloss, a place or a programme name ("(Lander)",
# "(Prevent)") as another name of the entity.
MIN_ALIAS_WORDS = 2
# The longest translated name in the first report has 14 words (Secrétariat
# général du Comité interministériel ...); a longer parenthetical is an
# explanation, not a name.
MAX_ALIAS_WORDS = 20

RULE_SCHWARTZ_HEARST = "schwartz_hearst"
RULE_PARENTHETICAL_ALIAS = "parenthetical_alias"
RULE_FOREIGN_ACRONYM = "foreign_acronym"
RULE_FOREIGN_GLOSS = "foreign_gloss"
RULES = (RULE_SCHWARTZ_HEARST, RULE_PARENTHETICAL_ALIAS, RULE_FOREIGN_ACRONYM, RULE_FOREIGN_GLOSS)
# Words that join alternatives inside one parenthetical: "(wójt, burmistrz or prezydent miasta)".
ALTERNATIVE_JOINERS = frozenset({"or", "and", "/"})
# A foreign term's words have four letters or more (`wójt`, `gminy`); shorter ones in parentheses are
# abbreviations (`(Cth)` after an act: Commonwealth).
MIN_GLOSS_WORD_CHARS = 4

# Words that are not part of a name at its start (the annotation guidelines:
# a span never includes a leading determiner).
DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "her", "our", "this", "these", "those"})
# A name inside parentheses ends at a spaced dash or colon:
# "(Violence Prevention Network – see practice sheet ...)".
NAME_BREAKS = frozenset({"–", "—", "-", ":", "|"})
QUOTES = "\"'‘’“”«»„"
QUOTE_TOKENS = frozenset(QUOTES) | {"''", "``"}
SEPARATORS = frozenset({",", ";"})

# Labels of the entities whose parentheses the two extensions read.
DEFAULT_ALIAS_LABELS = ("ORG", "POLICY", "ACTOR")
# A parenthetical touching these labels is a qualifier, not a name.
DEFAULT_EXCLUDED_LABELS = ("PLACE", "DATE")
# Words that open an explanation, not a name (compared case-folded).
# Words that open an example, an exception or a reference, not another name for what precedes:
# `the Financial Administration Act (including the RCMP)` names no alias of the Act.
# Parentheses with this many comma-separated parts or more enumerate rather than rename.
MIN_ENUMERATION_PARTS = 3
DEFAULT_NON_ALIAS_OPENERS = ("i.e.", "ie", "e.g.", "eg", "see", "cf.", "cf", "ibid", "ibid.", "viz.", "etc.",
                             "including", "excluding", "except", "especially", "notably", "mainly", "such", "like",
                             "for", "among", "incl.")

DEFAULT_CONFIG = {
    "alias_labels": list(DEFAULT_ALIAS_LABELS),
    "excluded_labels": list(DEFAULT_EXCLUDED_LABELS),
    "non_alias_openers": list(DEFAULT_NON_ALIAS_OPENERS),
    # Turn uncovered mentions and in-parentheses names into entities.
    "make_entities": True,
}


class Abbreviation(NamedTuple):
    """One definition found in the text: `short` stands for `long` by `rule`."""

    short: Span
    long: Span
    rule: str


def _get_abbreviations(doc: Doc) -> list[Abbreviation]:
    return [
        Abbreviation(doc[s_start:s_end], doc[l_start:l_end], rule)
        for s_start, s_end, l_start, l_end, rule in doc._.abbreviation_offsets
    ]


def register_extensions() -> None:
    """Register the extensions this component writes (once per process)."""
    if not Doc.has_extension("abbreviation_offsets"):
        # [short_start, short_end, long_start, long_end, rule] in token offsets.
        Doc.set_extension("abbreviation_offsets", default=[])
    if not Doc.has_extension("abbreviations"):
        Doc.set_extension("abbreviations", getter=_get_abbreviations)
    if not Span.has_extension("normalized"):
        Span.set_extension("normalized", default="")
    if not Span.has_extension("alias_rule"):
        Span.set_extension("alias_rule", default="")


register_extensions()


# --- The letter match (pure functions on strings) ---------------------------


def is_valid_short_form(text: str) -> bool:
    """The paper's short-form filter, plus a capital letter (see the module docstring)."""
    return (
        MIN_SHORT_FORM_CHARS <= len(text) <= MAX_SHORT_FORM_CHARS
        and text[0].isalnum()
        and any(c.isalpha() for c in text)
        and any(c.isupper() for c in text)
    )


def looks_like_acronym(text: str) -> bool:
    """One word such as NCTV, PEN-LCRV or BpB (see ACRONYM_RE)."""
    if not (MIN_SHORT_FORM_CHARS <= len(text) <= MAX_SHORT_FORM_CHARS) or not text[0].isupper():
        return False
    if not all(piece.isalnum() for piece in ACRONYM_JOINERS_RE.split(text)):
        return False
    capitals = sum(c.isupper() for c in text)
    lower = sum(c.islower() for c in text)
    return capitals >= ACRONYM_MIN_CAPITALS and capitals >= lower


def find_best_long_form(short_form: str, long_form: str) -> int | None:
    """Where in `long_form` the definition of `short_form` starts, or None.

    Schwartz & Hearst's ``findBestLongForm``: each alphanumeric character of
    the short form, from the last to the first, is found in the long form
    from right to left, case-insensitively; the first character must start a
    word. The result is the offset of the whitespace-delimited word that
    holds the match of the first character.
    """
    l_index = len(long_form) - 1
    for s_index in range(len(short_form) - 1, -1, -1):
        char = short_form[s_index].lower()
        if not char.isalnum():
            continue
        while l_index >= 0 and (
            long_form[l_index].lower() != char
            or (s_index == 0 and l_index > 0 and long_form[l_index - 1].isalnum())
        ):
            l_index -= 1
        if l_index < 0:
            return None
        l_index -= 1
    # Back to the start of the whitespace-delimited word (Java lastIndexOf(" ")).
    while l_index >= 0 and not long_form[l_index].isspace():
        l_index -= 1
    return l_index + 1


def long_form_is_acceptable(short_form: str, long_form: str) -> bool:
    """The paper's checks on a matched long form: length and word count."""
    size = sum(c.isalnum() for c in short_form)
    words = len([w for w in re.split(r"[\s\-]+", long_form) if w])
    return (
        len(long_form) >= len(short_form)
        and f"{short_form} " not in long_form
        and not long_form.endswith(short_form)
        and size <= MAX_SHORT_FORM_CHARS
        and words <= min(size + LONG_FORM_EXTRA_WORDS, size * LONG_FORM_WORD_FACTOR)
    )


def match_long_form(short_form: str, long_form: str) -> int | None:
    """Offset of the accepted long form of `short_form` inside `long_form`, or None."""
    start = find_best_long_form(short_form, long_form)
    if start is None or not long_form_is_acceptable(short_form, long_form[start:]):
        return None
    return start


# --- Reading parentheses off a Doc -----------------------------------------


def _sentences(doc: Doc) -> Iterator[Span]:
    if doc.has_annotation("SENT_START"):
        yield from doc.sents
    else:
        yield doc[:]


def _paren_pairs(sent: Span) -> Iterator[tuple[int, int]]:
    """(open, close) token indices of innermost balanced parentheses in `sent`."""
    stack: list[int] = []
    for token in sent:
        if token.text == "(":
            stack.append(token.i)
        elif token.text == ")" and stack:
            open_i = stack.pop()
            # Innermost: nothing was opened between open_i and this token.
            if not any(t.text in "()" for t in sent.doc[open_i + 1 : token.i]):
                yield open_i, token.i


def _parts(doc: Doc, start: int, end: int) -> list[Span]:
    """The comma/semicolon-separated parts of doc[start:end], without empties."""
    parts: list[Span] = []
    part_start = start
    for i in range(start, end + 1):
        if i == end or doc[i].text in SEPARATORS:
            if i > part_start:
                parts.append(doc[part_start:i])
            part_start = i + 1
    return parts


def _word_before(sent: Span, open_i: int) -> Span | None:
    """The whitespace-delimited word just before token `open_i`, quotes stripped."""
    doc = sent.doc
    end = open_i
    while end > sent.start and doc[end - 1].text in QUOTE_TOKENS:
        end -= 1
    if end <= sent.start:
        return None
    start = end - 1
    while start > sent.start and not doc[start - 1].whitespace_ and doc[start - 1].text not in QUOTE_TOKENS:
        start -= 1
    return doc[start:end]


def _unknown_place_guess(ent: Span) -> bool:
    """A PLACE the model guessed on foreign words only (no WordNet place, no pattern behind it)."""
    return ent.label_ == "PLACE" and _is_model_guess(ent) and all(is_foreign_word(t) for t in ent if t.is_alpha)


def _mostly_foreign(parts: list[Span]) -> bool:
    """The parentheses hold at least as many foreign words as English content words, all parts
    together: `(on and off-reserve, First Nation, non-status, Indian, Métis, ...)` is an English
    list that happens to hold a foreign word."""
    words = [t for part in parts for t in part if t.is_alpha and not t.is_stop]
    foreign = sum(is_foreign_word(t) for t in words)
    return foreign > 0 and foreign >= len(words) - foreign


def _is_model_guess(ent: Span) -> bool:
    """True for an entity the trained model predicted, not a pattern (see entity_labels)."""
    return Span.has_extension("rule") and str(ent._.rule).startswith("model_")


def _names_an_activity(long: Span) -> bool:
    """A long form opening with a gerund names an activity, a field of work (``Countering Violent
    Extremism``, ``Preventing Violent Extremism``): the -ing word is an English verb's form
    (counter-ing, prevent-ing, tackl-ing), and it is not the long form's only word."""
    return len(long) >= 2 and is_gerund(long[0].text)


def _is_propagated(ent: Span) -> bool:
    """True for entity_labels' copy of a name found elsewhere in the section (`propagated_name`)."""
    return Span.has_extension("rule") and str(ent._.rule) == "propagated_name"


def _strip_determiner(span: Span) -> Span:
    start = span.start
    while start < span.end - 1 and span.doc[start].lower_ in DETERMINERS:
        start += 1
    return span.doc[start : span.end]


def _char_span(doc: Doc, start: int, end: int) -> Span | None:
    return doc.char_span(start, end, alignment_mode="strict")


class AbbreviationDetector:
    """Schwartz & Hearst (2003) short forms plus the project's two alias rules.

    See the module docstring for the algorithm, its deviations and its
    extensions.
    """

    def __init__(
        self,
        nlp: Language,
        name: str = "pipeline_abbreviations",
        *,
        alias_labels: Sequence[str] = DEFAULT_ALIAS_LABELS,
        excluded_labels: Sequence[str] = DEFAULT_EXCLUDED_LABELS,
        non_alias_openers: Sequence[str] = DEFAULT_NON_ALIAS_OPENERS,
        make_entities: bool = True,
    ) -> None:
        register_extensions()
        self.name = name
        self.alias_labels = frozenset(alias_labels)
        self.excluded_labels = frozenset(excluded_labels)
        self.non_alias_openers = frozenset(w.casefold() for w in non_alias_openers)
        self.make_entities = make_entities

    # -- the component -------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        ents_by_end = {ent.end: ent for ent in doc.ents}
        # A place or date in the parentheses qualifies the name before them; but the model's PLACE
        # guess on words of no language it knows (`the Anchor model (Ankkuri)`) is no proof of a place.
        excluded = {i for ent in doc.ents if ent.label_ in self.excluded_labels and not _unknown_place_guess(ent)
                    for i in range(ent.start, ent.end)}
        found: list[Abbreviation] = []
        for sent in _sentences(doc):
            for open_i, close_i in _paren_pairs(sent):
                found.extend(self.find_in_parentheses(sent, open_i, close_i, ents_by_end, excluded))
        found.sort(key=lambda a: (a.short.start, a.long.start))
        doc._.abbreviation_offsets = [
            [a.short.start, a.short.end, a.long.start, a.long.end, a.rule] for a in found
        ]
        self._drop_concept_acronyms(doc, found)
        self._normalise_mentions(doc, found)
        return doc

    @staticmethod
    def _drop_concept_acronyms(doc: Doc, found: list[Abbreviation]) -> None:
        """An acronym defined by a common-noun phrase names a concept, not a body or an
        instrument: ``militant Islamism (MI)``, ``countering violent extremism (CVE)``. Such a
        long form starts with a lower-case word, or names an activity even when written as a title
        (``Countering Violent Extremism (CVE)``: a gerund first, a field of work), and no entity
        touches it; the trained model's
        guesses on that acronym, and their copies propagated by entity_labels, are dropped wherever
        it occurs (an entity a pattern or another rule made is kept). A long form that is an entity (``local multi-agency security unit
        (LISC)``, an ACTOR) keeps its acronym."""
        def named(a: Abbreviation) -> bool:
            """An entity touches the long form (one that holds the acronym too, `Countering Violent
            Extremism (CVE) Unit`, names a body after the concept, not the concept)."""
            return any(ent.start < a.long.end and a.long.start < ent.end
                       and not (ent.start <= a.short.start and a.short.end <= ent.end) for ent in doc.ents)

        concepts = {
            tuple(t.text for t in a.short) for a in found
            if a.rule == RULE_SCHWARTZ_HEARST and a.long.end <= a.short.start
            and (a.long[0].is_lower or _names_an_activity(a.long)) and not named(a)
        }
        if not concepts:
            return
        kept = [e for e in doc.ents if not ((_is_model_guess(e) or _is_propagated(e))
                                            and tuple(t.text for t in e) in concepts)]
        if len(kept) < len(doc.ents):
            doc.set_ents(kept, default="outside")

    # -- finding definitions -------------------------------------------------

    def find_in_parentheses(
        self,
        sent: Span,
        open_i: int,
        close_i: int,
        ents_by_end: dict[int, Span],
        excluded: set[int],
    ) -> list[Abbreviation]:
        """The definitions given by the parentheses doc[open_i] ... doc[close_i]."""
        doc = sent.doc
        parts = _parts(doc, open_i + 1, close_i)
        if not parts:
            return []
        before = ents_by_end.get(open_i)
        if before is None and open_i > sent.start and doc[open_i - 1].text in QUOTE_TOKENS:
            before = ents_by_end.get(open_i - 1)  # `its “Strategic Implementation Plan ...” (SIP)`: a quoted title
        anchor = before if before is not None and before.label_ in self.alias_labels else None
        word = _word_before(sent, open_i)
        prefix = doc[sent.start : open_i].text.rstrip()  # not doc.text: joined anew on every call, O(Doc)
        first_is_short = len(parts[0].text.split()) <= MAX_SHORT_FORM_WORDS and len(parts[0].text) <= len(prefix)
        qualifier = any(self._is_qualifier(part, excluded) for part in parts)
        if (
            word is not None
            and not first_is_short
            and looks_like_acronym(word.text)
            and (anchor is None or (anchor.start, anchor.end) == (word.start, word.end))
        ):
            return self._short_before(word, parts, qualifier)
        return self._short_inside(sent, open_i, parts, prefix, before, anchor, qualifier)

    def _short_inside(
        self,
        sent: Span,
        open_i: int,
        parts: list[Span],
        prefix: str,
        before: Span | None,
        anchor: Span | None,
        qualifier: bool,
    ) -> list[Abbreviation]:
        """``long form (SF, alias ...)``: each part may be a short form or an alias."""
        doc = sent.doc
        found: list[Abbreviation] = []
        # `(on and off-reserve, First Nation, non-status, Indian, Métis, Inuit and urban)`: three or
        # more English parts enumerate kinds or examples; only an acronym among them renames.
        enumeration = len(parts) >= MIN_ENUMERATION_PARTS and not _mostly_foreign(parts)
        for part in parts:
            text = part.text
            if enumeration and not looks_like_acronym(text.strip(QUOTES + " ")):
                continue
            if len(text.split()) <= MAX_SHORT_FORM_WORDS and is_valid_short_form(text):
                start = match_long_form(text, prefix)
                if start is not None:
                    long = doc.char_span(sent.start_char + start, sent.start_char + len(prefix), alignment_mode="expand")
                    if long is not None:
                        if before is not None and before.start < long.end:
                            long = before  # the entity is the canonical long form
                        found.append(Abbreviation(part, long, RULE_SCHWARTZ_HEARST))
                        continue
            if anchor is None or qualifier:
                continue
            if part[0].lower_ in self.non_alias_openers:
                continue  # `(including the RCMP)`: an example, not another name of the anchor
            acronym = self._acronym_in(part)
            if acronym is not None:
                rule = RULE_SCHWARTZ_HEARST if match_long_form(acronym.text, anchor.text) is not None else RULE_FOREIGN_ACRONYM
                found.append(Abbreviation(acronym, anchor, rule))
                continue
            name = self._alias_name(part)
            if name is not None and name.text.casefold() != anchor.text.casefold():
                found.append(Abbreviation(name, anchor, RULE_PARENTHETICAL_ALIAS))
                continue
            if _mostly_foreign(parts):
                anchor_words = {t.lower_ for t in anchor}
                # `Community Resilience Taskforce (the Taskforce)`: a word of the name itself is a short
                # back-reference to it (no mention, the guidelines), not its name in another language.
                found.extend(Abbreviation(gloss, anchor, RULE_FOREIGN_GLOSS) for gloss in self._foreign_glosses(part)
                             if not all(t.lower_ in anchor_words for t in gloss if t.is_alpha))
        return found

    def _foreign_glosses(self, part: Span) -> list[Span]:
        """The terms in another language that `part` holds, one per alternative: after the
        ACTOR `juvenile police officers`, ``(noorsoopolitseinikud)``; after `the head of the
        municipality`, ``(wójt, burmistrz or prezydent miasta)``. A term has at least one
        foreign word (`lexicon.is_foreign_word`) of four letters or more and no more English
        content words than foreign ones, so an English explanation is never taken for a name
        (the caller also requires the whole parenthetical to be mostly foreign)."""
        doc = part.doc
        pieces: list[tuple[int, int]] = []
        start = part.start
        for i in range(part.start, part.end + 1):
            if i == part.end or doc[i].lower_ in ALTERNATIVE_JOINERS:
                pieces.append((start, i))
                start = i + 1
        glosses = []
        for lo, hi in pieces:
            while lo < hi and (doc[lo].is_punct or doc[lo].lower_ in DETERMINERS):
                lo += 1
            while hi > lo and doc[hi - 1].is_punct:
                hi -= 1
            if hi <= lo or doc[lo].lower_ in self.non_alias_openers or hi - lo > MAX_ALIAS_WORDS:
                continue
            words = [t for t in doc[lo:hi] if t.is_alpha]
            foreign = [t for t in words if is_foreign_word(t) and len(t) >= MIN_GLOSS_WORD_CHARS]
            english = [t for t in words if not t.is_stop and t not in foreign]
            if foreign and len(foreign) >= len(english):
                glosses.append(doc[lo:hi])
        return glosses

    def _short_before(self, word: Span, parts: list[Span], qualifier: bool) -> list[Abbreviation]:
        """``SF (long form, alias ...)``: the acronym before the parentheses."""
        doc = word.doc
        long: Span | None = None
        long_part: Span | None = None
        rule = RULE_SCHWARTZ_HEARST
        for part in parts:
            start = match_long_form(word.text, part.text)
            if start is not None:
                long = _char_span(doc, part.start_char + start, part.end_char)
                if long is not None:
                    long_part = part
                    break
        if qualifier:
            return [Abbreviation(word, long, rule)] if long is not None else []
        names = [(part, name) for part in parts if part is not long_part and (name := self._alias_name(part)) is not None]
        if long is None:
            if not names:
                return []
            long_part, long = names.pop(0)
            rule = RULE_FOREIGN_ACRONYM
        found = [Abbreviation(word, long, rule)]
        found.extend(Abbreviation(name, long, RULE_PARENTHETICAL_ALIAS) for _, name in names)
        return found

    def _is_qualifier(self, part: Span, excluded: set[int]) -> bool:
        """A number, a date or a place: the parentheses qualify, they do not rename."""
        return not any(c.isalpha() for c in part.text) or any(i in excluded for i in range(part.start, part.end))

    def _acronym_in(self, part: Span) -> Span | None:
        """The first acronym-like word of `part` (PEN-LCRV spans three tokens)."""
        for match in re.finditer(r"\S+", part.text):
            word = match.group().strip(QUOTES + ".,;:")
            if looks_like_acronym(word):
                offset = part.start_char + match.start() + match.group().index(word)
                span = _char_span(part.doc, offset, offset + len(word))
                if span is not None:
                    return span
        return None

    def _alias_name(self, part: Span) -> Span | None:
        """The capitalised multi-word name that `part` begins with, or None."""
        doc = part.doc
        end = part.end
        for i in range(part.start + 1, part.end):
            if doc[i].text in NAME_BREAKS and doc[i - 1].whitespace_:
                end = i
                break
        start = part.start
        while start < end and (doc[start].is_punct or doc[start].lower_ in DETERMINERS):
            start += 1
        while end > start and doc[end - 1].is_punct:
            end -= 1
        if end <= start:
            return None
        first = doc[start]
        if not first.text[0].isupper() or first.lower_ in self.non_alias_openers:
            return None
        words = sum(any(c.isalpha() for c in t.text) for t in doc[start:end])
        if not MIN_ALIAS_WORDS <= words <= MAX_ALIAS_WORDS:
            return None
        return doc[start:end]

    # -- mentions -------------------------------------------------------------

    def _normalise_mentions(self, doc: Doc, found: list[Abbreviation]) -> None:
        """Set normalized/alias_rule on every mention of a short form; add entities.

        An entity the trained model guessed (`span._.rule` starting `model_`)
        gives way to an alias the definitions prove: `Cellule de Suivi` after
        the ACTOR `Monitoring Unit (...)` becomes an ACTOR, and a model span
        that cuts an alias short is replaced by the whole alias.
        """
        if not found:
            return
        ents_now = list(doc.ents)
        labels = {(ent.start, ent.end): ent.label_ for ent in ents_now}
        # The model's guesses give way, and so do the copies entity_labels made of an acronym it guessed
        # (`propagated_name`: `SIP` after `“Strategic Implementation Plan ...” (SIP)`; `NAP PCVE`, acronyms
        # of two words).
        guessed = {(ent.start, ent.end) for ent in ents_now
                   if _is_model_guess(ent) or (_is_propagated(ent) and all(looks_like_acronym(t.text) for t in ent))}
        owner: dict[int, tuple[int, int]] = {i: (e.start, e.end) for e in ents_now for i in range(e.start, e.end)}
        # The label of a definition's group: that of its long form, else that
        # of a short form of the same long form (STL in "STL (...)"); a proven
        # (rule-made) label wins over a model guess.
        group_label: dict[tuple[int, int], str] = {}
        for abbr in found:
            key = (abbr.long.start, abbr.long.end)
            short_key = (abbr.short.start, abbr.short.end)
            candidates = [k for k in (key, short_key) if k in labels]
            candidates.sort(key=lambda k: k in guessed)
            if candidates and key not in group_label:
                group_label[key] = labels[candidates[0]]
        removed: set[tuple[int, int]] = set()
        new_ents: list[Span] = []

        def add_entity(span: Span, label: str) -> Span | None:
            if not self.make_entities or not label:
                return None
            blocking = {owner[i] for i in range(span.start, span.end) if i in owner}
            if any(b not in guessed or b[0] < span.start or b[1] > span.end for b in blocking):
                return None  # never cut into a proven entity or one reaching outside the alias
            removed.update(blocking)
            for b in blocking:
                for i in range(*b):
                    owner.pop(i, None)
            ent = Span(doc, span.start, span.end, label=label)
            new_ents.append(ent)
            owner.update({i: (span.start, span.end) for i in range(span.start, span.end)})
            return ent

        # A long form inside the parentheses ("STL (Samordning ...)") is a
        # name of the same thing: it becomes an entity like the short form.
        for abbr in found:
            key = (abbr.long.start, abbr.long.end)
            if abbr.long.start > abbr.short.start and (key not in labels or key in guessed):
                ent = add_entity(abbr.long, group_label.get(key, ""))
                if ent is not None:
                    ent._.alias_rule = abbr.rule
                    labels[key] = ent.label_

        by_text: dict[tuple[str, ...], list[Abbreviation]] = {}
        matcher = Matcher(doc.vocab)
        for abbr in found:
            text_key = tuple(t.text for t in abbr.short)
            if text_key not in by_text:
                by_text[text_key] = []
                matcher.add(str(len(by_text)), [[{"ORTH": text} for text in text_key]])
            by_text[text_key].append(abbr)
        ents = {(ent.start, ent.end): ent for ent in ents_now}
        mentions = filter_spans(doc[start:end] for _, start, end in matcher(doc))
        for mention in mentions:
            abbr = self._governing(by_text[tuple(t.text for t in mention)], mention.start)
            if abbr.short.text == abbr.long.text:
                continue
            label = group_label.get((abbr.long.start, abbr.long.end), "")
            key = (mention.start, mention.end)
            target = ents.get(key)
            if target is not None and key in guessed and label and target.label_ != label:
                target = None  # the model's label gives way to the long form's
            if target is None or key in removed:
                target = add_entity(mention, label)
            if target is None:
                continue
            target._.normalized = _strip_determiner(abbr.long).text
            target._.alias_rule = abbr.rule
        if new_ents:
            kept = [e for e in ents_now if (e.start, e.end) not in removed]
            doc.set_ents(sorted(kept + new_ents, key=lambda e: e.start), default="outside")

    @staticmethod
    def _governing(definitions: Iterable[Abbreviation], position: int) -> Abbreviation:
        """The nearest definition at or before `position`, else the first one."""
        ordered = sorted(definitions, key=lambda a: a.short.start)
        chosen = ordered[0]
        for abbr in ordered:
            if abbr.short.start <= position:
                chosen = abbr
        return chosen


@Language.factory(
    "pipeline_abbreviations",
    assigns=[
        "doc._.abbreviations",
        "doc._.abbreviation_offsets",
        "doc.ents",
        "span._.normalized",
        "span._.alias_rule",
    ],
    requires=["doc.ents", "doc.sents"],
    default_config=DEFAULT_CONFIG,
)
def make_abbreviation_detector(
    nlp: Language,
    name: str,
    alias_labels: list[str],
    excluded_labels: list[str],
    non_alias_openers: list[str],
    make_entities: bool,
) -> AbbreviationDetector:
    return AbbreviationDetector(
        nlp,
        name,
        alias_labels=alias_labels,
        excluded_labels=excluded_labels,
        non_alias_openers=non_alias_openers,
        make_entities=make_entities,
    )
