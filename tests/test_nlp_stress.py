"""The whole nlp stage and extraction over thousands of varied sentences: none may hang, and
every record's offsets must lie inside its text and its spans inside one sentence.

Sentences: the real text in the repository (the passages of tests/data/real, the first
report's source, the sources of the held-out and real-text reports), split and shuffled
with a fixed seed, plus sentences generated from templates with lists, parentheses,
colons, quotes, semicolons, coordination and nesting. Each sentence is its own Doc,
run in batches through `nlp.pipe`, the way `runner.analyse` runs sections, then read by
`extract.entity_records` and `extract.obligation_records`.

The hang guard is an alarm per batch (a few seconds per sentence, far above the time a
sentence takes); a batch that rings it is run again one sentence at a time to name the
sentence. It detects hangs; it asserts no speed.
"""

from __future__ import annotations

import json
import random
import re
import signal
import time
from pathlib import Path

import pytest

from pipeline import extract
from pipeline import types as T

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
SEED = 20261203
BATCH = 64
SECONDS_PER_SENTENCE = 5  # a sentence takes well under 0.1 s; only a loop needs more
MIN_SENTENCES = 3000

_FRONT_MATTER_RE = re.compile(r"\A---\n.*?\n---\n", re.S)
_NOTE_RE = re.compile(r"\[\^[^\]]*\](:.*)?|\[footnote \d+\]")
_SENTENCE_END_RE = re.compile(r"(?<=[.!?;])\s+(?=[A-Z“\"‘(])")


def _passage_ids(source: Path) -> list[str]:
    """The passages a real-text report is assembled from (its report.json beside source.md)."""
    config = source.parent / "report.json"
    if not config.exists():
        return []
    sections = json.loads(config.read_text("utf-8")).get("sections", [])
    return [passage for section in sections for passage in section.get("passages", [])]


def real_sentences() -> list[str]:
    """Sentences of the repository's real text: prose lines split at sentence ends."""
    from tests.nlp.real_passages import NOT_YET_RUN

    passages = sorted((ROOT / "tests" / "data" / "real" / "passages").glob("[a-z][0-9]*.md"))
    files = [path for path in passages if path.stem not in NOT_YET_RUN]
    files += sorted((ROOT / "raw" / "source").glob("*.md"))
    files += sorted((ROOT / "tests" / "data").glob("heldout*/source.md"))
    files += sorted(path for path in (ROOT / "tests" / "data" / "real" / "reports").glob("*/source.md")
                    if not NOT_YET_RUN & set(_passage_ids(path)))  # a report of unrun passages
    sentences = []
    for path in files:
        text = _NOTE_RE.sub("", _FRONT_MATTER_RE.sub("", path.read_text("utf-8")))
        for line in text.splitlines():
            line = line.strip().lstrip("-*>|").strip()
            if len(line.split()) < 3 or line.startswith(("#", "<", "|", "```")):
                continue
            sentences += [s for s in _SENTENCE_END_RE.split(line) if len(s.split()) >= 3]
    return sentences


ACTORS = ["local authorities", "the Home Office", "schools", "the police", "municipalities", "youth workers",
          "the Ministry of the Interior", "each coordinator", "social services", "NGOs", "the Prevent lead",
          "frontline staff", "the regional council", "universities", "health and care providers"]
MODALS = ["must", "should", "shall", "may", "can", "cannot", "should not", "are required to", "are responsible for",
          "are expected to", "will", "have to"]
VERBS = ["ensure", "report", "share information with", "appoint", "publish", "monitor and evaluate", "train",
         "consult", "cooperate with", "set up", "refer", "review"]
OBJECTS = ["a local action plan", "concerns about radicalisation", "the multi-agency panel", "their staff",
           "the relevant partners", "data on referrals", "a safeguarding lead", "the annual report"]
ASIDES = ["(where possible)", "(see section 2.1)", "(the ‘Channel’ panel)", "(PVE)", "(as set out in the Act)",
          "(in particular schools (and colleges))", "— where appropriate —", ", in turn,", ", where possible,"]
FRAMES = ["According to the strategy, ", "Under section 26 of the Act, ", "In 2015, ", "", "", "As the plan says: "]


def template_sentences(rng: random.Random, n: int) -> list[str]:
    """`n` sentences from templates: lists, parentheses, colons, quotes, semicolons, coordination, nesting."""

    def actors(k: int) -> str:
        names = rng.sample(ACTORS, k)
        return names[0] if k == 1 else ", ".join(names[:-1]) + rng.choice([" and ", ", and ", " or ", ", as well as "]) + names[-1]

    def cap(words: str) -> str:
        return words[:1].upper() + words[1:]

    def clause() -> str:
        return f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}"

    shapes = [
        lambda: cap(f"{rng.choice(FRAMES)}{actors(rng.randint(1, 4))} {rng.choice(MODALS)} {clause()}."),
        lambda: f"{actors(3)} should {rng.choice(ASIDES)} ensure that: {clause()}; {clause()}; and {clause()}.",
        lambda: f"{cap(actors(2))} {rng.choice(MODALS)} {clause()} {rng.choice(ASIDES)} and {clause()}.",
        lambda: f"“{cap(actors(1))} {rng.choice(MODALS)} {clause()},” said {actors(1)}.",
        lambda: f"The plan requires {actors(2)} to {clause()}, to {clause()} and, where needed, to {clause()}.",
        lambda: f"{cap(actors(1))}, which {rng.choice(MODALS)} {clause()}, {rng.choice(MODALS)} also {clause()}.",
        lambda: f"It is recommended that {actors(2)} {clause()} (and, if they agree, {clause()}); {actors(1)} may not.",
        lambda: f"{cap(actors(1))} {rng.choice(MODALS)}: {clause()}, {clause()}, {clause()}.",
        lambda: f"They {rng.choice(MODALS)} {clause()} so that {actors(1)} can {clause()}.",
        lambda: f"{cap(actors(1))} ({actors(2)} ({actors(1)})) {rng.choice(MODALS)} {clause()}.",
        lambda: f"{actors(4)} are in charge of {rng.choice(OBJECTS)}; {actors(1)} should {clause()} “{clause()}”.",
        lambda: cap(f"{rng.choice(FRAMES)}{actors(1)} relies on {actors(2)} to {clause()} in order to {clause()}."),
    ]
    return [rng.choice(shapes)() for _ in range(n)]


@pytest.fixture(scope="module")
def sentences() -> list[str]:
    real = real_sentences()
    rng = random.Random(SEED)
    rng.shuffle(real)
    return real + template_sentences(rng, max(2000, MIN_SENTENCES - len(real)))


class Hang(Exception):
    pass


def _ring(signum: int, frame: object) -> None:
    raise Hang()


def _run(nlp, texts: list[str], seconds: int):
    """The Docs of `texts`, or Hang when they take more than `seconds`."""
    previous = signal.signal(signal.SIGALRM, _ring)
    signal.alarm(seconds)
    try:
        return list(nlp.pipe(texts))
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def check_records(text: str, doc) -> list[str]:
    """What is wrong with the records read off one sentence's Doc ([] when nothing)."""
    section = T.Section(country="Testland", iso2="TL", page_start=1, page_end=1, text=text)
    problems = []
    starts = {t.i for t in doc if t.is_sent_start}
    for ent, record in zip(doc.ents, extract.entity_records(section, doc)):
        if not (0 <= record.start < record.end <= len(text)) or text[record.start : record.end] != record.text:
            problems.append(f"entity offsets {record.start}:{record.end} of {record.text!r}")
        if any(i in starts for i in range(ent.start + 1, ent.end)):
            problems.append(f"entity {ent.text!r} crosses a sentence start")
    sentences = {(s.start_char, s.end_char) for s in doc.sents}
    for ob, record in zip(doc._.obligations, extract.obligation_records(section, doc)):
        if not (0 <= record.start < record.end <= len(text)) or (record.start, record.end) not in sentences:
            problems.append(f"obligation sentence {record.start}:{record.end} is no sentence of the Doc")
        if not 0 <= ob.bearer_start <= ob.bearer_end <= len(text):
            problems.append(f"bearer offsets {ob.bearer_start}:{ob.bearer_end} of {ob.bearer!r}")
        if record.sentence != " ".join(text[record.start : record.end].split()):
            problems.append(f"obligation sentence text {record.sentence!r}")
    return problems


def test_sentence_sources_are_varied(sentences):
    assert len(sentences) >= MIN_SENTENCES
    assert len(real_sentences()) >= 800  # the real text, not only templates
    for mark in ("(", ":", ";", "“", ","):
        assert sum(mark in s for s in sentences) >= 100, mark


def test_nlp_stage_over_thousands_of_sentences_never_hangs_and_keeps_offsets(nlp, sentences):
    hung, problems, slowest = [], [], 0.0
    for k in range(0, len(sentences), BATCH):
        batch = sentences[k : k + BATCH]
        started = time.perf_counter()
        try:
            docs = _run(nlp, batch, SECONDS_PER_SENTENCE * len(batch))
        except Hang:  # bisect: which sentence?
            docs = []
            for text in batch:
                try:
                    docs += _run(nlp, [text], SECONDS_PER_SENTENCE)
                except Hang:
                    hung.append(text)
                    docs.append(None)
        slowest = max(slowest, (time.perf_counter() - started) / len(batch))
        for text, doc in zip(batch, docs):
            if doc is not None:
                problems += [f"{text!r}: {p}" for p in check_records(text, doc)]
    print(f"{len(sentences)} sentences; slowest batch {slowest:.3f} s per sentence")
    assert not hung, f"the nlp stage hangs on: {hung[:5]}"
    assert not problems, problems[:10]
