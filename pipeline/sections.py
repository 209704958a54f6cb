"""Sections stage: split a parsed Document into the introduction and one section per country.

A heading names a country when its text, minus a leading number (`3.`, `3.2`,
`IV.`), is a country's name: pycountry's names (`name`, `common_name`,
`official_name`) plus the short forms in `data/country_aliases.json`
(`The Netherlands`, `UK`, `Czechia`, `Türkiye`/`Turkey`, `Kosovo`, ...).
Such a heading starts a section; any other heading is a subheading and stays in
the body text of the section it stands in. Text before the first country
heading is the introduction (country "").
"""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from functools import lru_cache
from importlib import resources

from . import types as T
from .errors import EXIT_NO_TEXT, error, warning

logger = logging.getLogger(__name__)

NUMBERING_RE = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[IVXLC]+\.|[A-Z]\.)\s+")
# Blocks are separated by one newline in a section's text; sentences never cross it.
BLOCK_SEPARATOR = "\n"


def fold(text: str) -> str:
    """Lower case, straight apostrophes, single spaces: the key country names are looked up by."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    return " ".join(text.split()).casefold()


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def country_index() -> dict[str, str]:
    """Folded country name → ISO alpha-2, from pycountry and the alias table."""
    import pycountry

    index: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            name = getattr(country, attr, None)
            if name:
                index[fold(name)] = country.alpha_2
                index[fold(_strip_accents(name))] = country.alpha_2
    aliases = json.loads(resources.files(__package__).joinpath("data/country_aliases.json").read_text("utf-8"))
    for alias, code in aliases.items():
        if not alias.startswith("_"):
            index[fold(alias)] = code
            index[fold(_strip_accents(alias))] = code
    return index


# `Finland: a whole-of-society approach`, `Austria – federal framework`: a country and a subtitle.
SUBTITLE_RE = re.compile(r"\s*(?::|\s[–—-])\s+")


def _lookup(name: str) -> str | None:
    return country_index().get(fold(name)) or country_index().get(fold(_strip_accents(name)))


def country_names() -> list[str]:
    """Country names as written (pycountry's names, common names and the aliases), sorted."""
    import pycountry

    attrs = ("name", "common_name", "official_name")
    names = {getattr(c, a) for c in pycountry.countries for a in attrs if getattr(c, a, None)}
    aliases = json.loads(resources.files(__package__).joinpath("data/country_aliases.json").read_text("utf-8"))
    for alias in aliases:
        if alias.startswith(("_", "the ")):
            continue  # a leading "the" is never part of a PLACE span
        names.add(alias.upper() if len(alias) <= 3 else _title(alias))
    names.update(n.replace("'", "’") for n in list(names) if "'" in n)
    # ISO forms such as "Korea, Republic of" are not how a report writes a name in running text.
    return sorted(n for n in names if "," not in n and "(" not in n)


def _title(alias: str) -> str:
    small = {"and", "of"}
    return " ".join(w if w in small else w[:1].upper() + w[1:] for w in alias.split())


def heading_country(heading: str) -> tuple[str, str] | None:
    """(country as the heading gives it, iso2) if the heading names a country, else None.

    The heading is the country's name, after an optional number, and optionally
    followed by a subtitle after a colon or a dash.
    """
    name = NUMBERING_RE.sub("", heading.strip()).strip(" .:;–—-")
    code = _lookup(name)
    if code is None:
        head = SUBTITLE_RE.split(name, maxsplit=1)[0].strip()
        if head != name and (code := _lookup(head)) is not None:
            name = head
    return (name, code) if code else None


# A heading this close to the country headings' size is at their level.
LEVEL_TOLERANCE = 0.5


def split_sections(document: T.Document) -> list[T.Section]:
    """The introduction (if any text precedes the first country heading) and the country sections.

    A heading that names no country is a subheading of the section it stands in,
    unless it stands after the first country at the country headings' own level
    (`4. Conclusions` after `3. Norway`): such a chapter is not about the country
    before it, so it becomes a section of its own, named by its heading, iso2 "".
    """
    country_sizes = [b.size for b in document.blocks if b.kind == T.HEADING and heading_country(b.text)]
    level = min(country_sizes) - LEVEL_TOLERANCE if country_sizes else float("inf")
    groups: list[tuple[str, str, int, list[T.Block]]] = []  # country, iso2, heading page, blocks
    for block in document.blocks:
        named = heading_country(block.text) if block.kind == T.HEADING else None
        if named:
            groups.append((named[0], named[1], block.page, []))
            continue
        after_a_country = any(iso2 for _, iso2, _, _ in groups)
        if block.kind == T.HEADING and after_a_country and block.size >= level:
            groups.append((NUMBERING_RE.sub("", block.text.strip()).strip(" .:"), "", block.page, []))
            continue
        if not groups:
            groups.append(("", "", block.page, []))
        groups[-1][3].append(block)
    if not groups:
        raise error("E016", EXIT_NO_TEXT, path=document.path)
    if not any(iso2 for _, iso2, _, _ in groups):
        logger.warning(warning("W001", path=document.path))
    sections = [_section(country, iso2, page, blocks) for country, iso2, page, blocks in groups]
    _attach_footnotes(sections, document.footnotes)
    return sections


def _section(country: str, iso2: str, heading_page: int, blocks: list[T.Block]) -> T.Section:
    parts: list[str] = []
    page_map: list[tuple[int, int]] = []
    block_starts: list[int] = []
    refs: list[tuple[int, int]] = []
    offset = 0
    for block in blocks:
        if parts:
            offset += len(BLOCK_SEPARATOR)
        block_starts.append(offset)
        page_map.append((offset, block.page))
        page_map.extend((offset + o, p) for o, p in block.page_breaks)
        refs.extend((r.number, offset + r.offset) for r in block.refs)
        parts.append(block.text)
        offset += len(block.text)
    pages = [p for _, p in page_map] or [heading_page]
    return T.Section(
        country=country,
        iso2=iso2,
        page_start=min([heading_page] + pages) if country else min(pages),
        page_end=max(pages + [heading_page]),
        text=BLOCK_SEPARATOR.join(parts),
        page_map=page_map,
        block_starts=block_starts,
        refs=refs,
    )


def _attach_footnotes(sections: list[T.Section], footnotes: list[T.Footnote]) -> None:
    """A footnote belongs to the section whose text holds its marker, else to the page's section.

    Markers are matched to notes in reading order, so numbering that restarts
    (per chapter) pairs each marker with the next note of its number, on its
    page or after it.
    """
    if not sections:
        return
    remaining = list(footnotes)
    for section in sections:
        for number, offset in section.refs:
            page = section.page_at(offset)
            candidates = [f for f in remaining if f.number == number]
            note = next((f for f in candidates if f.page >= page), candidates[0] if candidates else None)
            if note is not None and note not in section.footnotes:
                remaining.remove(note)
                section.footnotes.append(note)
    for note in remaining:
        started = [s for s in sections if s.page_start <= note.page]
        (started[-1] if started else sections[0]).footnotes.append(note)
    for section in sections:
        section.footnotes.sort(key=lambda f: (f.page, footnotes.index(f)))
