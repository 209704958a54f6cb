"""The subdivision records of pipeline/nlp/places.py, read from pycountry's data file with json,
are those of pycountry's own objects (and come from pycountry itself when the file is not there)."""

from __future__ import annotations

import pycountry
import pytest

from pipeline.nlp import places


def _from_pycountry() -> list[tuple[str, str, str, bool]]:
    return [(s.code, s.name, s.type, bool(getattr(s, "parent_code", None))) for s in pycountry.subdivisions]


def test_records_equal_pycountrys_objects():
    records = places.subdivision_records()
    assert len(records) > 4000
    assert records == _from_pycountry()
    assert ("GB-SCT", "Scotland", "Country", False) in records
    assert any(has_parent for *_, has_parent in records)  # second-level units are marked


def test_without_the_data_file_pycountry_is_asked(monkeypatch: pytest.MonkeyPatch, tmp_path):
    monkeypatch.setattr(pycountry, "DATABASE_DIR", str(tmp_path))  # no iso3166-2.json there
    assert places.subdivision_records() == _from_pycountry()
