"""tools/score_reports.py: which reports a command scores. A sealed report must never be opened by
a prefix meant for another one (`real-fresh` once also scored `real-fresh2`)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

TOOL = Path(__file__).resolve().parents[1] / "tools" / "score_reports.py"


def load_tool():
    spec = importlib.util.spec_from_file_location("score_reports_tool", TOOL)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def test_a_sealed_report_is_scored_only_when_named_in_full():
    tool = load_tool()
    sealed = {"real-fresh", "real-fresh2"}
    assert tool.selected("real-fresh", ["real-fresh"], sealed)
    assert not tool.selected("real-fresh2", ["real-fresh"], sealed)
    assert not tool.selected("real-fresh2", [], sealed)
    assert tool.selected("real-fresh2", ["real-fresh2"], sealed)


def test_an_open_report_is_scored_by_prefix():
    tool = load_tool()
    assert tool.selected("real-dev-a", ["real-dev"], {"real-fresh"})
    assert tool.selected("heldout2", [], {"real-fresh"})
    assert not tool.selected("heldout2", ["real-dev"], {"real-fresh"})


def test_the_sealed_reports_are_read_from_their_configs():
    names = load_tool().sealed_names()
    assert {"real-sealed", "real-fresh", "real-fresh2"} <= names
    assert "real-dev-a" not in names
