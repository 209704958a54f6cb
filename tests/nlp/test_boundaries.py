"""pipeline_block_boundaries: sentences from the layout (pipeline/nlp/boundaries.py)."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def nlp():
    from pipeline.runner import get_nlp

    return get_nlp()


def test_inside_a_block_a_sentence_starts_only_after_an_end_mark(nlp):
    """The small model cut `Participation | in Channel | is voluntary, ...` after a list item that
    ends without a full stop (dev-a set by Chromium): three sentences, the duty's bearer lost."""
    doc = nlp("support local schools, local industry and partner agencies through engagement, advice and training\n"
              "Participation in Channel is voluntary, but the person at risk must give their consent. It is up to "
              "an individual to decide.")
    assert [s.text.strip() for s in doc.sents] == [
        "support local schools, local industry and partner agencies through engagement, advice and training",
        "Participation in Channel is voluntary, but the person at risk must give their consent.",
        "It is up to an individual to decide."]


def test_a_block_break_starts_a_sentence_and_an_end_mark_still_may(nlp):
    doc = nlp("Prevention\nMunicipalities must draw up a plan. The police must help them: schools may take part.")
    starts = [s[0].text for s in doc.sents]
    assert starts[:2] == ["Prevention", "Municipalities"]
    assert "The" in starts
