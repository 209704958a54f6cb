"""Shared fixtures: the full nlp pipeline is built once per test session (about 1 s)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def nlp():
    from pipeline.nlp import build_nlp

    return build_nlp()
