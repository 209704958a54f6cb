"""Re-join words broken at line ends, deciding from the document's own lexicon.

A line that ends in `left-` followed by a line starting with `right` is either a
compound that keeps its hyphen (`multi-agency`, `information-sharing`) or a
word the typesetter split (`radical-` + `isation`). The decision, in order
(measured at 137/137 and 1348/1348 on synthetic reports, notes/pdf-parsing.md):

1. `left-right` occurs mid-line elsewhere in the document → keep the hyphen;
2. `leftright` occurs elsewhere, or is a closed compound of English
   (`with-` + `out`, `there-` + `fore`: data file `data/closed_compounds.txt`) → join;
3. `left` is a prefix policy prose hyphenates (`multi`, `non`, `counter`:
   `data/compound_prefixes.txt`) and `right` is a word → keep;
4. `left` is a prefix written both ways (`re`, `co`: `data/weak_prefixes.txt`)
   and `right` is a word → join if `leftright` is an English word (`reform`),
   else keep (`co-chair`);
5. `right` is a bare suffix (`-isation`, `-ment`, ...) → join;
6. `right` is an ending the typesetter's hyphenation patterns split off even
   where it is also a word → join: an inflection after a doubled final
   consonant of an English `left` (`occur-` + `ring`, `control-` + `led`:
   English doubles a final consonant after a single vowel before
   -ing/-ed/-er/-est, and the patterns break between the two consonants),
   or a word-forming suffix that is also a word, maybe inflected, when
   `leftright` is an English word (`lever-` + `aged`: `leverage` + `-d`;
   `partner-` + `ship`: `data/word_suffixes.txt`);
7. both halves are capitalised (`North-` + `Rhine`) → keep;
8. `left` is itself hyphenated (`case-by-` + `case`, `face-to-` + `face`):
   a hyphenated compound is broken at its own hyphens, so if its last part
   and `right` are words (of any length) that do not make one → keep;
9. both halves are words, of the document or of English (the WordNet lemmas
   in `data/english_lemmas.txt.gz`, with plain inflections), long enough not
   to be fragments (`equal-` + `treatment`, `after-` + `care`) → keep: a
   line-end hyphen between two words is more often the author's than the
   typesetter's, and a solid compound split there still reads right;
10. otherwise → join.

A hyphen inside a URL is always kept and joined without space; so is a
hyphen before a digit (`GAO-` + `15-684`): hyphenation never splits there.
"""

from __future__ import annotations

import gzip
import re
from collections import Counter
from functools import lru_cache
from importlib import resources

# Characters a typesetter or a text layer uses for a line-end hyphen (U+2011, the
# non-breaking hyphen, is what some producers write for every hyphen of a compound).
HYPHENS = "-\u00ad\u2010\u2011"
# Hyphens inside a word, written mid-line (the soft hyphen is invisible there).
INNER_HYPHENS = "-\u2010\u2011"
WORD_RE = re.compile(r"[^\W\d_]+(?:[" + INNER_HYPHENS + r"][^\W\d_]+)*", re.UNICODE)
# A half shorter than this is a fragment (`re`, `de`) unless rule 1-3 applies.
MIN_WORD_HALF = 3
# Below this length a half that is also a word (`ate`, `rep`) is more likely a syllable.
MIN_COMPOUND_HALF = 4


@lru_cache(maxsize=None)
def _data(name: str) -> frozenset[str]:
    text = resources.files(__package__).joinpath(f"data/{name}").read_text("utf-8")
    return frozenset(w.strip().lower() for w in text.splitlines() if w.strip() and not w.startswith("#"))


def compound_prefixes() -> frozenset[str]:
    return _data("compound_prefixes.txt")


def weak_prefixes() -> frozenset[str]:
    return _data("weak_prefixes.txt")


@lru_cache(maxsize=1)
def english_lemmas() -> frozenset[str]:
    raw = resources.files(__package__).joinpath("data/english_lemmas.txt.gz").read_bytes()
    return frozenset(gzip.decompress(raw).decode("utf-8").split())


# Inflections stripped to find a lemma: (ending, replacement).
INFLECTIONS = (("", ""), ("s", ""), ("es", ""), ("ies", "y"), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"),
               ("ly", ""), ("isation", "ization"), ("isations", "ization"), ("ised", "ize"), ("ise", "ize"))


def is_english(word: str) -> bool:
    """`word` or a plain inflection of it is a WordNet lemma."""
    lemmas = english_lemmas()
    w = word.lower()
    return any(w.endswith(end) and (w[: len(w) - len(end)] + rep) in lemmas for end, rep in INFLECTIONS if len(w) > len(end))


def split_suffixes() -> frozenset[str]:
    return _data("split_suffixes.txt")


def word_suffixes() -> frozenset[str]:
    return _data("word_suffixes.txt")


# Endings before which English doubles a final consonant (`occur` → `occurring`).
DOUBLING_ENDINGS = ("ing", "ings", "ed", "er", "ers", "est")
VOWELS = "aeiou"
# Plain inflections a word-forming suffix may carry (`-age` + `-d`, `-ship` + `-s`).
SUFFIX_INFLECTIONS = ("", "s", "es", "d", "ed", "ing")


def _doubles_final_consonant(word: str) -> bool:
    """`word` ends in one vowel and one consonant (not w, x, y): the consonant doubles before -ing, -ed."""
    return (len(word) >= 3 and word[-1].isalpha() and word[-1] not in VOWELS + "wxy"
            and word[-2] in VOWELS and word[-3] not in VOWELS)


def is_split_ending(left: str, right: str) -> bool:
    """`right` is the ending of the word `leftright` as a hyphenation pattern splits it off.

    Either the inflection after a doubled consonant (`occur` + `ring`: the `r`
    doubled, then `-ing`) on an English `left`, or a word-forming suffix that is
    also a word (`-age`, `-ship`), maybe inflected (`aged`), with `leftright`
    an English word. `left` and `right` are lower case.
    """
    if (right[:1] == left[-1:] and right[1:] in DOUBLING_ENDINGS and _doubles_final_consonant(left)
            and is_english(left)):
        return True
    return any(right.endswith(ending) and right[: len(right) - len(ending)] in word_suffixes()
               for ending in SUFFIX_INFLECTIONS) and is_english(left + right)


def closed_compounds() -> frozenset[str]:
    return _data("closed_compounds.txt")


class Lexicon:
    """Word counts of a document, and its hyphenated forms seen mid-line."""

    def __init__(self, lines: list[str]) -> None:
        self.words: Counter[str] = Counter()
        self.hyphenated: Counter[str] = Counter()
        previous_split = False
        for line in lines:
            # A line-end fragment and the fragment that starts the next line are no words: skip both.
            body = line.rstrip()
            if previous_split:
                body = body.split(" ", 1)[1] if " " in body else ""
            previous_split = bool(line.rstrip()) and line.rstrip()[-1] in HYPHENS
            if body and body[-1] in HYPHENS:
                body = body[: body.rfind(" ") + 1] if " " in body else ""
            for match in WORD_RE.finditer(body):
                token = match.group(0).lower().replace("\u2010", "-").replace("\u2011", "-")
                if "-" in token:
                    self.hyphenated[token] += 1
                    self.words.update(token.split("-"))
                else:
                    self.words[token] += 1

    def is_word(self, word: str) -> bool:
        return word.lower() in self.words or is_english(word)

    def keeps_hyphen(self, left: str, right: str) -> bool:
        """True if `left-` + `right` is a compound, False if it is one split word."""
        lo, ro = left.lower().replace("\u2010", "-").replace("\u2011", "-"), right.lower()
        if f"{lo}-{ro}" in self.hyphenated:
            return True
        if f"{lo}{ro}" in self.words or f"{lo}{ro}" in closed_compounds():
            return False
        last_part = lo.split("-")[-1]
        if last_part in compound_prefixes() and self.is_word(ro):
            return True
        if last_part in weak_prefixes() and self.is_word(ro):
            return not is_english(f"{last_part}{ro}")  # `re-` + `form`: reform; `co-` + `chair`: co-chair
        if ro in split_suffixes():
            return False
        if is_split_ending(last_part, ro):
            return False  # `occur-` + `ring`, `lever-` + `aged`: an ending, though also a word
        if right[:1].isupper() and left[:1].isupper():
            return True  # `North-Rhine`, `Wallonia-Brussels`: names keep their hyphen
        if min(len(last_part), len(ro)) < MIN_COMPOUND_HALF and is_english(f"{last_part}{ro}"):
            return False  # `proportion-` + `ate`: a short half of an English word is a typesetter's split
        if last_part != lo and self.is_word(last_part) and self.is_word(ro) and not self.is_word(f"{last_part}{ro}"):
            return True  # `case-by-` + `case`: a hyphenated compound broken at its own hyphen
        return len(last_part) >= MIN_WORD_HALF and len(ro) >= MIN_WORD_HALF and self.is_word(last_part) and self.is_word(ro)


URL_TAIL_RE = re.compile(r"(https?://|www\.)\S*$")


def join_lines(previous: str, following: str, lexicon: Lexicon) -> str:
    """Join two consecutive lines of one paragraph, mending a line-end hyphen."""
    prev = previous.rstrip()
    nxt = following.lstrip()
    if not prev:
        return nxt
    if not nxt:
        return prev
    first_token = nxt.split(" ", 1)[0]
    if URL_TAIL_RE.search(prev) and (prev[-1] in "/-_=?&#%" + HYPHENS or "/" in first_token):
        # A URL broken at a line end: its characters run on without a space.
        return prev + nxt
    if prev[-1] in INNER_HYPHENS and len(prev) >= 2 and prev[-2].isalnum() and nxt[0].isdigit():
        # Hyphenation patterns never split before a digit: the hyphen is the text's own (`GAO-` + `15-684`, `10-` + `12`).
        return prev + nxt
    if prev[-1] in HYPHENS and len(prev) >= 2 and prev[-2].isalpha() and nxt[0].isalpha():
        left_match = re.search(r"([^\W\d_](?:[" + INNER_HYPHENS + r"]?[^\W\d_])*)[" + HYPHENS + r"]$", prev)
        right_match = re.match(r"[^\W\d_]+", nxt)
        if left_match and right_match:
            stem = prev[:-1]
            if lexicon.keeps_hyphen(left_match.group(1), right_match.group(0)):
                return f"{stem}-{nxt}"
            return stem + nxt
    return f"{prev} {nxt}"


_SPACE_RE = re.compile(r"\s")


class JoinedText:
    """A paragraph's text built line by line with `join_lines`, in time linear in its length.

    `join_lines(text, line)` looks only at the last word of `text` (the run
    after its last whitespace) and copies the rest; joining a 20,000-line
    paragraph that way copies megabytes per line. Here the text is kept as
    parts, and each line is joined onto the last word alone:
    `join_lines(head + word, line) == head + join_lines(word, line)` when
    `head` is empty or ends in whitespace.
    """

    def __init__(self, first: str = "") -> None:
        self.parts: list[str] = [first] if first else []
        self.length = len(first)

    def add(self, following: str, lexicon: Lexicon) -> None:
        """Join `following` on as the next line (`join_lines` on the whole text)."""
        if not self.parts:  # join_lines("", following)
            first = following.lstrip()
            self.parts, self.length = ([first] if first else []), len(first)
            return
        popped = self.parts.pop()
        self.length -= len(popped)
        last = popped.rstrip()
        if not last:  # the last part was whitespace: join onto the whole text (never met in practice)
            joined = join_lines("".join(self.parts), following, lexicon)
            self.parts, self.length = [joined], len(joined)
            return
        cut = len(last)
        while cut > 0 and not _SPACE_RE.match(last[cut - 1]):
            cut -= 1
        if cut:
            self.parts.append(last[:cut])
            self.length += cut
        joined = join_lines(last[cut:], following, lexicon)
        self.parts.append(joined)
        self.length += len(joined)

    @property
    def text(self) -> str:
        return "".join(self.parts)
