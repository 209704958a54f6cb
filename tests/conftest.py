"""Shared fixtures: the full nlp pipeline is built once per test session (about 1 s)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def nlp():
    from pipeline.nlp import build_nlp

    return build_nlp()


@pytest.fixture(autouse=True)
def _no_cache_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    """`run` caches by default; in tests it is off (also for the CLI in a subprocess), so that runs
    a test compares are computed, not read, and nothing is written to ~/.cache. tests/test_cache.py
    turns it on where it tests it."""
    monkeypatch.setenv("POLICY_PIPELINE_CACHE", "off")
