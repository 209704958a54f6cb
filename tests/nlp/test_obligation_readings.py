"""Tests of the obligation component's readings (pipeline/nlp/obligation_readings.py).

The readings themselves are tested through the component, sentence by sentence, in
test_obligations.py; this file checks how patterns find their readings.
"""

from __future__ import annotations

from pipeline.nlp.obligation_data import load_patterns
from pipeline.nlp.obligation_readings import READINGS


def test_obligation_readings_every_pattern_kind_has_a_reading():
    patterns = load_patterns()
    kinds = {entry["kind"] for entry in patterns["dependency_patterns"] + patterns["token_patterns"]}
    assert kinds <= set(READINGS), f"patterns name kinds without a reading: {sorted(kinds - set(READINGS))}"
