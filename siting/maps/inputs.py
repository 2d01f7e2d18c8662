"""Read a run folder for the map: results.gpkg, summary.json, manifest.json and the layers the manifest names.

The map reads nothing else: no model, no solver, no scenario file. A missing folder, summary or GeoPackage is an
:class:`~siting.errors.InputError` (one line for the user, exit code 2); a background layer whose file has gone
is left off the map and named in ``missing``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import pyogrio

from siting.errors import InputError, Problem
from siting.layers import load_layer

RESULT_LAYERS = ("regions", "sites", "connections", "reinforcements", "substations")
BACKGROUND = ("prefectures", "grid_areas", "lines", "decarbonised_supply", "water", "communications", "hazards")


@dataclass
class RunData:
    """One run folder, as the map needs it (all frames in the working CRS, EPSG:6690)."""

    folder: Path
    summary: dict[str, Any]
    manifest: dict[str, Any]
    results: dict[str, gpd.GeoDataFrame]
    layers: dict[str, gpd.GeoDataFrame]
    years: list[int]
    missing: list[str] = field(default_factory=list)

    @property
    def scenario(self) -> str:
        return str(self.summary.get("scenario") or self.manifest.get("scenario", {}).get("name") or self.folder.name)


def _json(path: Path, fix: str) -> dict[str, Any]:
    if not path.is_file():
        raise InputError(Problem(str(path), "not found", fix))
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(Problem(str(path), f"unreadable: {exc}", fix)) from None


def read_run(folder: Path, *, background: bool = True) -> RunData:
    """Read the run folder ``folder``; ``background=False`` skips the manifest's layer files."""
    folder = Path(folder)
    fix = "give a run folder written by 'siting run' (it holds summary.json, manifest.json and results.gpkg)"
    if not folder.is_dir():
        raise InputError(Problem(str(folder), "run folder not found", fix))
    summary = _json(folder / "summary.json", fix)
    manifest = _json(folder / "manifest.json", fix) if (folder / "manifest.json").exists() else {}
    gpkg = folder / "results.gpkg"
    if not gpkg.is_file():
        raise InputError(Problem(str(gpkg), "not found", fix))
    present = {name for name, _ in pyogrio.list_layers(gpkg)}
    results = {name: gpd.read_file(gpkg, layer=name) for name in RESULT_LAYERS if name in present}
    if "regions" not in results:
        raise InputError(Problem(f"{gpkg} [regions]", "layer missing", fix))
    years = sorted(int(m.group(1)) for c in results["regions"].columns if (m := re.fullmatch(r"mw_(\d{4})", c)))
    layers: dict[str, gpd.GeoDataFrame] = {}
    missing: list[str] = []
    paths = manifest.get("layers", {}) if background else {}
    for kind in BACKGROUND if background else ():
        path = paths.get(kind)
        if not path or not Path(path).exists():
            missing.append(kind)
            continue
        frame = load_layer(kind, Path(path)).frame
        if frame is not None and "geometry" in frame:
            layers[kind] = frame
    return RunData(folder, summary, manifest, results, layers, years, missing)
