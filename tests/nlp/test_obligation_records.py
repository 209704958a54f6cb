"""Tests of the obligation component's record building (pipeline/nlp/obligation_records.py).

Most of record building (bearers, aims, filters) is tested through the component in
test_obligations.py; this file holds the cases about the record builder's own walks.
"""

from __future__ import annotations


import pytest

# The sentences below are parsed in well under a second; a walk that loops never ends.
DEADLINE_SECONDS = 30




@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "teachers" (a by-agent, so the list repair looks for "A, B, as well as C") is followed
        # by ", then": the walk up from "then" reaches the sentence root "act", its own head.
        pytest.param(
            "If referrals can be made by teachers, then the service must act.",
            [("teachers", "permission", "make referrals"), ("service", "obligation", "act")],
            id="root-verb-after-the-list",
        ),
        pytest.param(
            "If cases can be referred by teachers, then the panel will meet.",
            [("teachers", "permission", "refer cases")],
            id="root-verb-without-deontic",
        ),
    ],
)
def test_obligation_records_list_repair_stops_at_the_sentence_root(nlp, deadline, text, expected):
    records = nlp(text)._.obligations
    assert [(r.bearer, r.deontic, r.aim) for r in records] == expected
