"""The data vintage: which loaded layers are the bundled files of ``geodata/manifest.json``, and how much of
each layer is estimated.

The data build writes ``geodata/manifest.json``: the vintage (the month the bundled facts were checked, e.g.
``2026-12``) and, per file, its rows, estimated-row share and SHA-256. A layer file whose SHA-256 matches its
manifest entry is the bundled file of that vintage; any other file is the user's own and has no vintage here.
The estimated share of any layer is read from its ``estimated`` column (rows naming at least one estimated
column); a layer without that column does not say.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pandas as pd

from siting.bundled import geodata_dir

MANIFEST = "manifest.json"


def bundled_manifest() -> dict[str, Any]:
    """``geodata/manifest.json`` of the checkout or the wheel; empty when it is missing."""
    path = geodata_dir() / MANIFEST
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def estimated_share(frame: pd.DataFrame) -> float | None:
    """Share of rows whose ``estimated`` column names at least one estimated value; None without the column."""
    if "estimated" not in frame.columns or len(frame) == 0:
        return None
    named = frame["estimated"].astype("string").str.strip().fillna("")
    return float((named != "").mean())


def bundled_vintage(path: Path, digest: str | None = None, manifest: dict[str, Any] | None = None) -> str | None:
    """The vintage of ``path`` when it is a bundled file unchanged (same name and SHA-256 as in the manifest)."""
    manifest = bundled_manifest() if manifest is None else manifest
    entry = manifest.get("files", {}).get(Path(path).name)
    if not entry or not Path(path).exists():
        return None
    return manifest.get("vintage") if (digest or sha256(Path(path))) == entry.get("sha256") else None


def data_vintage(hashes: dict[str, str]) -> dict[str, Any]:
    """For a run's manifest: the bundled vintage and which input files are bundled (by SHA-256) or not."""
    manifest = bundled_manifest()
    bundled: list[str] = []
    other: list[str] = []
    for path, digest in hashes.items():
        (bundled if bundled_vintage(Path(path), digest, manifest) else other).append(path)
    return {"vintage": manifest.get("vintage"), "bundled_inputs": sorted(Path(p).name for p in bundled),
            "other_inputs": sorted(other)}
