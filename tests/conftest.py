"""Shared fixtures: the full nlp pipeline is built once per test session (about 1 s)."""

from __future__ import annotations

import signal
from collections.abc import Iterator

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


@pytest.fixture
def deadline(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail instead of hanging the suite when a walk over the parse loops (Unix only); the test
    module's DEADLINE_SECONDS (default 30) is the bound. A hang guard, not a speed limit."""
    if not hasattr(signal, "SIGALRM"):
        yield
        return
    seconds = getattr(request.module, "DEADLINE_SECONDS", 30)

    def stop(signum: int, frame: object) -> None:
        raise TimeoutError(f"no answer within {seconds} s: a walk over the parse loops")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
