"""Export stage: write the output tables atomically, safe to open in a spreadsheet.

All files of a run are written into a temporary folder beside the destination
and renamed into place at the end, so a failed run leaves the previous outputs
as they were and never a half-written CSV. Rows and columns come out in a
fixed order, so the same input gives byte-identical CSVs.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from .errors import EXIT_OUTPUT, error
from .types import FORMULA_PREFIXES



def neutralise(value: Any) -> Any:
    """Prefix a formula-like text cell with `'` so a spreadsheet shows it as text."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise)
    text: str = safe.to_csv(index=False, lineterminator="\n", float_format="%.4f")
    return text.encode("utf-8")


def write_outputs(destination: Path, tables: Mapping[str, pd.DataFrame], manifest: Mapping[str, Any]) -> None:
    """Write `tables` (name → frame) and `manifest.json` into `destination`, all or nothing."""
    destination = Path(destination)
    try:
        destination.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{destination.name}.", dir=destination.parent))
    except OSError as exc:
        raise error("E011", EXIT_OUTPUT, path=destination, detail=exc.strerror or str(exc)) from exc
    try:
        for name, frame in tables.items():
            (staging / name).write_bytes(to_csv_bytes(frame))
        (staging / "manifest.json").write_text(
            json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8"
        )
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
    except BaseException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        previous = destination.with_name(f".{destination.name}.previous")
        if previous.exists() and not destination.exists():
            previous.rename(destination)  # the swap failed half-way: put the earlier outputs back
        if isinstance(exc, OSError):
            raise error("E011", EXIT_OUTPUT, path=destination, detail=exc.strerror or str(exc)) from exc
        raise
