"""Export stage: write the output tables atomically, safe to open in a spreadsheet.

All files of a run are written into a temporary folder beside the destination
and renamed into place at the end, so a failed run leaves the previous outputs
as they were and never a half-written CSV. Rows and columns come out in a
fixed order, so the same input gives byte-identical CSVs.
"""

from __future__ import annotations

import glob
import json
import os
import re
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import EXIT_OUTPUT, error
from .table import Table, csv_bytes
from .types import FORMULA_PREFIXES

if TYPE_CHECKING:  # the run's tables are Tables; evaluation, diff and sample hand DataFrames
    import pandas as pd


# C0 control characters (NUL from unmapped glyphs among them) but tab and line feed, and DEL.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# The staging folders `tempfile.mkdtemp(prefix=".<report>.")` makes: eight random characters.
STAGING_SUFFIX = re.compile(r"^[a-z0-9_]{8}$")


def neutralise(value: Any) -> Any:
    """Drop control characters from a text cell, and prefix a formula-like one with `'` so a
    spreadsheet shows it as text."""
    if not isinstance(value, str):
        return value
    value = CONTROL_CHARACTERS.sub("", value)
    if value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def remove_stale_staging(destination: Path) -> None:
    """Staging folders a killed run left beside `destination` (`.<report>.XXXXXXXX/`)."""
    prefix = f".{destination.name}."
    for path in destination.parent.glob(f"{glob.escape(prefix)}*"):
        if path.is_dir() and STAGING_SUFFIX.match(path.name[len(prefix):]):
            shutil.rmtree(path, ignore_errors=True)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def to_csv_bytes(table: Table | pd.DataFrame) -> bytes:
    """A table as the CSV bytes of the outputs (table.csv_bytes), text cells neutralised."""
    return csv_bytes(table, neutralise)


# Files a person made on an earlier run's folder (a reviewed sample and what was computed from
# it): a new run into the folder keeps them in EARLIER_REVIEW, as they belong to the earlier rows.
REVIEW_FILES = ("review.csv", "review_sample.html", "precision.csv")
EARLIER_REVIEW = "earlier_review"


def write_outputs(
    destination: Path,
    tables: Mapping[str, Table | pd.DataFrame],
    manifest: Mapping[str, Any],
    files: Mapping[str, bytes] | None = None,
) -> list[str]:
    """Write `tables` (name → frame), other `files` (name → bytes, e.g. review.html) and
    `manifest.json` into `destination`, all or nothing. A reviewed sample in the folder it
    replaces is moved to `destination/earlier_review/`, never deleted; return the names moved."""
    destination = Path(destination)
    try:
        destination.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_staging(destination)
        staging = Path(tempfile.mkdtemp(prefix=f".{destination.name}.", dir=destination.parent))
        staging.chmod(0o777 & ~_umask())  # mkdtemp makes it 0700; the outputs follow the user's umask
    except OSError as exc:
        raise error("E011", EXIT_OUTPUT, path=destination, detail=exc.strerror or str(exc)) from exc
    try:
        for name, frame in tables.items():
            (staging / name).write_bytes(to_csv_bytes(frame))
        for name, content in (files or {}).items():
            (staging / name).write_bytes(content)
        (staging / "manifest.json").write_text(
            json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8"
        )
        kept = _keep_earlier_review(destination, staging)
        previous = destination.with_name(f".{destination.name}.previous")
        if previous.exists():  # left by a run that was killed during its swap
            if destination.exists():
                shutil.rmtree(previous)
            else:
                previous.rename(destination)
        if destination.exists():
            destination.rename(previous)
        staging.rename(destination)
        if previous.exists():
            shutil.rmtree(previous)
        return kept
    except BaseException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        previous = destination.with_name(f".{destination.name}.previous")
        if previous.exists() and not destination.exists():
            previous.rename(destination)  # the swap failed half-way: put the earlier outputs back
        if isinstance(exc, OSError):
            raise error("E011", EXIT_OUTPUT, path=destination, detail=exc.strerror or str(exc)) from exc
        raise


def _keep_earlier_review(destination: Path, staging: Path) -> list[str]:
    """Copy the reviewed sample of the folder being replaced into `staging/earlier_review/` (or
    carry its `earlier_review/` over when it holds no newer one)."""
    sources = [destination / name for name in REVIEW_FILES if (destination / name).is_file()]
    if not sources:
        if (destination / EARLIER_REVIEW).is_dir():  # the last reviewed sample stays until a newer one
            shutil.copytree(destination / EARLIER_REVIEW, staging / EARLIER_REVIEW)
        return []
    kept = staging / EARLIER_REVIEW
    kept.mkdir()
    for source in sources:
        shutil.copy2(source, kept / source.name)
    return [source.name for source in sources]
