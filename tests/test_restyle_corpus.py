"""tools/restyle_corpus.py: the restyled report's config (building and scoring need the producers
and the model, so they are run by hand)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
import restyle_corpus  # noqa: E402


def test_the_restyled_config_keeps_the_sections_and_has_one_producer(tmp_path):
    folder = tmp_path / "dev-x"
    folder.mkdir()
    config = {"title": "t", "sections": [{"country": "Kenya", "passages": ["a01"]}],
              "producers": [{"pdf": "dev-x.pdf", "engine": "libreoffice"}]}
    (folder / "report.json").write_text(json.dumps(config), "utf-8")
    restyled = restyle_corpus.restyled_config(folder, {"engine": "chromium", "style": {"columns": 2}}, "c2")
    assert restyled["sections"] == config["sections"]
    assert restyled["producers"] == [{"engine": "chromium", "style": {"columns": 2}, "pdf": "dev-x-c2.pdf"}]


def test_an_unread_sealed_report_is_refused(monkeypatch):
    monkeypatch.setattr(sys, "argv", ["restyle_corpus.py", '{"engine": "latex"}', "--reports", "fresh4"])
    with pytest.raises(SystemExit, match="errors are unread"):
        restyle_corpus.main()
