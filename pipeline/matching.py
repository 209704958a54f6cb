"""Matching: folding texts, containment, token F1, and pairing gold with predictions.

The comparison rules of "Scoring" in ANNOTATION_GUIDELINES.md, apart from what
is scored (that is `evaluate`):

- `fold_text`: case-folded, curly quotes and apostrophes made straight, white
  space collapsed, surrounding quotes removed; `fold_name` drops every quote
  mark as well (issuer names).
- Containment (`occurs`, `lenient_match`): the shorter folded text occurs in the
  longer one **starting at a word boundary**, so `police` is in `the police`
  and `SSP` in `SSPs`, but the pronoun `it` is not in `municipality` nor `he`
  in `the police`.
- `token_f1`: SQuAD's token F1 (Rajpurkar et al. 2016).
- Pairing as multisets, each gold item and prediction used at most once:
  `strict_pairs` pairs equal texts in order of appearance; `lenient_pairs`
  takes the strict pairs, then pairs the rest by containment with
  `best_matching`, an exact maximum-weight assignment (Kuhn-Munkres, scipy's
  `linear_sum_assignment`) preferring most pairs, then the caller's scores in
  turn, then the earliest positions, so the result is reproducible.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import Counter, defaultdict, deque
from collections.abc import Mapping, Sequence

import numpy as np
from scipy.optimize import linear_sum_assignment

logger = logging.getLogger(__name__)

# scipy's assignment solver works in float64, which holds integers exactly
# below 2**53; the lexicographic weights must stay under it.
_FLOAT_EXACT = 2**53

_QUOTES = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u2039": "'", "\u203a": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"',
})
_SPACE = re.compile(r"\s+")
_ARTICLES = frozenset({"a", "an", "the"})  # dropped by SQuAD's normalize_answer


# --------------------------------------------------------------------------- text


def fold_text(text: str) -> str:
    """Case-fold, straighten quotes, collapse white space, drop surrounding quotes."""
    folded = _SPACE.sub(" ", text.translate(_QUOTES).casefold()).strip()
    return folded.strip("\"'").strip()


def fold_name(text: str) -> str:
    """fold_text without any quote marks: `‘Preventing’ component` names `Preventing component`."""
    return " ".join(fold_text(text).replace('"', " ").replace("'", " ").split())


def occurs(needle: str, haystack: str) -> bool:
    """`needle` occurs in `haystack` starting at a word boundary (both folded, non-empty).

    Plain substring search would find the pronoun `it` in `municipality`;
    requiring a word start keeps `police` in `the police` and `SSP` in `SSPs`.
    """
    if not needle or not haystack:
        return False
    start = haystack.find(needle)
    while start != -1:
        if start == 0 or not haystack[start - 1].isalnum() or not needle[0].isalnum():
            return True
        start = haystack.find(needle, start + 1)
    return False


def lenient_match(a: str, b: str) -> bool:
    """One folded text contains the other (see `occurs`)."""
    return occurs(a, b) or occurs(b, a)


def _squad_tokens(text: str) -> list[str]:
    """SQuAD's normalize_answer: lower-case, no punctuation, no articles, split on space."""
    text = text.translate(_QUOTES).lower()
    text = "".join(ch for ch in text if not unicodedata.category(ch).startswith("P"))
    return [tok for tok in text.split() if tok not in _ARTICLES]


def token_f1(gold: str, predicted: str) -> float:
    """SQuAD-style token F1 of two texts (Rajpurkar et al. 2016, the official script's f1_score).

    Both empty after normalisation scores 1.0; one empty scores 0.0.
    """
    gold_tokens, pred_tokens = _squad_tokens(gold), _squad_tokens(predicted)
    if not gold_tokens or not pred_tokens:
        return float(gold_tokens == pred_tokens)
    common = sum((Counter(gold_tokens) & Counter(pred_tokens)).values())
    if common == 0:
        return 0.0
    precision = common / len(pred_tokens)
    recall = common / len(gold_tokens)
    return 2 * precision * recall / (precision + recall)


# --------------------------------------------------------------------------- pairing


def best_matching(
    n_gold: int,
    n_pred: int,
    candidates: Mapping[tuple[int, int], tuple[int, ...]],
    maxima: tuple[int, ...],
) -> list[tuple[int, int]]:
    """Pairs (gold, pred) out of `candidates`, each index used at most once.

    `candidates[(g, p)]` holds non-negative preference scores (each at most the
    matching entry of `maxima`). The chosen pairs maximise, lexicographically:
    the number of pairs, the sum of each score in turn, then earliness (low
    g + p). The order is encoded in one integer weight per pair and solved
    exactly with scipy's linear_sum_assignment (Kuhn-Munkres); unlike a greedy
    pass it never loses a pair to an early preferred choice.
    """
    if not candidates:
        return []
    rows = sorted({g for g, _ in candidates})
    cols = sorted({p for _, p in candidates})
    most_pairs = min(len(rows), len(cols))
    position_max = n_gold + n_pred - 2
    for with_position in (True, False):
        comp_max = (1, *maxima, *((position_max,) if with_position else ()))
        bases = [0] * len(comp_max)
        base = 1
        for i in reversed(range(len(comp_max))):
            bases[i] = base
            # One unit of component i outweighs all later components summed over every pair.
            base *= most_pairs * comp_max[i] + 1
        if base < _FLOAT_EXACT:
            break
        logger.debug("matching %d×%d: earliness tie-break dropped to keep weights exact",
                     len(rows), len(cols))
    else:
        raise ValueError(f"too many candidates to match exactly ({len(rows)}×{len(cols)})")
    weights = np.zeros((len(rows), len(cols)))
    row_at = {g: i for i, g in enumerate(rows)}
    col_at = {p: j for j, p in enumerate(cols)}
    for (g, p), scores in candidates.items():
        comps = (1, *scores, *(((n_gold - 1 - g) + (n_pred - 1 - p),) if with_position else ()))
        weights[row_at[g], col_at[p]] = sum(c * b for c, b in zip(comps, bases, strict=True))
    chosen_rows, chosen_cols = linear_sum_assignment(weights, maximize=True)
    return sorted(
        (rows[i], cols[j]) for i, j in zip(chosen_rows, chosen_cols, strict=True) if weights[i, j] > 0
    )


def strict_pairs(gold_texts: Sequence[str], pred_texts: Sequence[str]) -> list[tuple[int, int]]:
    """Equal folded texts as multisets: the i-th gold copy pairs with the i-th predicted copy."""
    waiting: dict[str, deque[int]] = defaultdict(deque)
    for p, text in enumerate(pred_texts):
        waiting[text].append(p)
    return [(g, waiting[text].popleft()) for g, text in enumerate(gold_texts) if waiting[text]]


def lenient_pairs(gold_texts: Sequence[str], pred_texts: Sequence[str]) -> list[tuple[int, int]]:
    """The strict pairs, then the rest paired by containment (longest contained text first)."""
    pairs = strict_pairs(gold_texts, pred_texts)
    used_g = {g for g, _ in pairs}
    used_p = {p for _, p in pairs}
    rest_g = [g for g in range(len(gold_texts)) if g not in used_g]
    rest_p = [p for p in range(len(pred_texts)) if p not in used_p]
    candidates: dict[tuple[int, int], tuple[int, ...]] = {}
    for i, g in enumerate(rest_g):
        for j, p in enumerate(rest_p):
            if lenient_match(gold_texts[g], pred_texts[p]):
                candidates[(i, j)] = (min(len(gold_texts[g]), len(pred_texts[p])),)
    longest = max((len(t) for t in (*gold_texts, *pred_texts)), default=0)
    extra = best_matching(len(rest_g), len(rest_p), candidates, (longest,))
    return sorted(pairs + [(rest_g[i], rest_p[j]) for i, j in extra])

